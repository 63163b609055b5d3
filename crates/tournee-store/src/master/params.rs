//! Parameters the admin edits (brief 001, « Paramétrages automate »), typed and defaulted.
//!
//! Stored as one JSON value per key in the `parameter` table, so adding a parameter
//! needs no migration: a missing key takes its default. Deployment settings (where
//! the data directory is, which port) live in the server's config file instead.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use tournee_core::SellerIdentity;
use tournee_core::{
    check_action_types, choices, default_action_types, default_fleet_types, ActionType,
    ActionTypeProblem, Choice, FieldProfile, FleetType, VisitForm,
};

use tournee_core::pipeline::{check_pipelines, default_pipelines, Pipeline, PipelineProblem};

use crate::error::{Result, StoreError};

/// When offline databases are regenerated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotMode {
    /// After every integration pass that changed something.
    AfterIntegration,
    /// Only on the nightly schedule.
    Scheduled,
    /// Both (the default).
    Both,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpTls {
    /// Plain SMTP (a relay on the local network or loopback).
    None,
    /// Plain connection upgraded with STARTTLS (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Implicit,
}

/// The SMTP server the automaton sends through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpSettings {
    /// Host name.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Login, if the server wants one.
    #[serde(default)]
    pub username: Option<String>,
    /// Password for the login.
    #[serde(default)]
    pub password: Option<String>,
    /// Transport security.
    pub tls: SmtpTls,
    /// Address the server sends as (envelope and `Sender:`); the rep stays in `From:`.
    pub sender: String,
}

/// Every parameter of the automaton, with the defaults of a new installation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Parameters {
    /// Cron expression for the inbox scan (the file watcher reacts sooner; this is the safety net).
    pub inbox_check_cron: String,
    /// Cron expression for the nightly regeneration of every snapshot.
    pub snapshot_schedule_cron: String,
    /// When snapshots are regenerated.
    pub snapshot_mode: SnapshotMode,
    /// Hours after which the field app shows its snapshot as out of date.
    pub snapshot_expiry_hours: u32,
    /// How many days back a visit may be dated.
    pub visit_backdate_days: u32,
    /// Prospects without movement for this many months leave the offline databases.
    pub prospect_retention_months: u32,
    /// `client_relation` rows older than this many days are archived (`c_archive = 'O'`).
    pub relation_archive_days: u32,
    /// Days the logs are kept.
    pub log_retention_days: u32,
    /// Days a parked change waits for its prospect before it fails.
    pub parked_max_days: u32,
    /// Longest a laptop may stay offline, in days: a file whose `created_at` is older than
    /// its arrival on the server minus this is refused (`stale_change`).
    pub max_offline_days: u32,
    /// Largest change file accepted, in bytes.
    pub max_change_file_bytes: u64,
    /// Where the accountant's notifications go.
    pub accountant_emails: Vec<String>,
    /// Where integration errors are reported.
    pub error_emails: Vec<String>,
    /// Client categories (`c_fam_client`) that count as farmers for payment mode CH.
    pub farmer_categories: Vec<String>,
    /// Due days imposed with payment mode CH.
    pub ch_due_days: u32,
    /// Client categories offered in the prospect and conversion forms (`c_fam_client`).
    pub client_categories: Vec<Choice>,
    /// Sub-categories, each under its category (`c_sfam_client`).
    pub client_subcategories: Vec<Choice>,
    /// Commercial grids (`c_catc`).
    pub commercial_grids: Vec<Choice>,
    /// Invoicing periodicities (`c_per`).
    pub periodicities: Vec<Choice>,
    /// Countries (`c_pays`).
    pub countries: Vec<Choice>,
    /// Payment modes (`c_mod_rgl_1`).
    pub payment_modes: Vec<Choice>,
    /// Fleet types offered in « Type de parc ».
    pub fleet_types: Vec<FleetType>,
    /// What a rep can log on a party (calls, e-mails, meetings…), sent to the laptops.
    pub action_types: Vec<ActionType>,
    /// The « Visite ce jour » form.
    pub visit_form: VisitForm,
    /// The client/prospect field profile (annex 2 by default).
    pub field_profile: FieldProfile,
    /// SMTP server; `None` (the default) writes each mail as a `.eml` file instead.
    pub smtp: Option<SmtpSettings>,
    /// Address of the back office, for the links in mails.
    pub back_office_url: String,
    /// Sender of the server's own mails (integration errors) when no SMTP sender is set.
    pub system_sender: String,
    /// The sales pipelines (issue 15): one per team at most and a default, sent to the
    /// laptops like the action types.
    pub pipelines: Vec<Pipeline>,
    /// « Assign new opportunities to »: when set, every opportunity created is assigned
    /// to this user at integration (brief 002: all to the sales director, who reassigns).
    pub opportunity_assignee: Option<String>,
    /// The seller's identity printed on quotes (issue 15), sent to the laptops.
    pub seller: SellerIdentity,
}

impl Default for Parameters {
    fn default() -> Self {
        Self {
            inbox_check_cron: "* * * * *".into(),
            snapshot_schedule_cron: "0 2 * * *".into(),
            snapshot_mode: SnapshotMode::Both,
            snapshot_expiry_hours: 24,
            visit_backdate_days: 30,
            prospect_retention_months: 12,
            relation_archive_days: 730,
            log_retention_days: 30,
            parked_max_days: 30,
            max_offline_days: 45,
            max_change_file_bytes: tournee_sync::MAX_FILE_BYTES,
            accountant_emails: vec!["comptabilite@example.fr".into()],
            error_emails: vec!["admin@example.fr".into()],
            farmer_categories: vec!["AGRI".into()],
            ch_due_days: 20,
            client_categories: choices::default_client_categories(),
            client_subcategories: choices::default_client_subcategories(),
            commercial_grids: choices::default_commercial_grids(),
            periodicities: choices::default_periodicities(),
            countries: choices::default_countries(),
            payment_modes: choices::default_payment_modes(),
            fleet_types: default_fleet_types(),
            action_types: default_action_types(),
            visit_form: VisitForm::default_tree(),
            field_profile: FieldProfile::annex2(),
            smtp: None,
            back_office_url: "http://localhost:8080".into(),
            system_sender: "tournee@example.fr".into(),
            pipelines: default_pipelines(),
            opportunity_assignee: None,
            seller: SellerIdentity::default(),
        }
    }
}

impl Parameters {
    /// Whether the back office's public address names this machine only (`localhost`,
    /// `127.x`, `[::1]`, `0.0.0.0`), as the default does: the links in the mails then open
    /// nowhere but on the server, which the admin must be told.
    pub fn back_office_url_is_local(&self) -> bool {
        let rest = self
            .back_office_url
            .trim()
            .split_once("://")
            .map_or(self.back_office_url.trim(), |(_, rest)| rest);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = if let Some(bracketed) = authority.strip_prefix('[') {
            bracketed.split(']').next().unwrap_or_default()
        } else {
            authority
                .rsplit_once(':')
                .map_or(authority, |(host, _)| host)
        };
        let host = host.to_ascii_lowercase();
        host.is_empty()
            || host == "localhost"
            || host.ends_with(".localhost")
            || host == "::1"
            || host == "0.0.0.0"
            || host.starts_with("127.")
    }

    /// Reads every parameter; keys absent from the table keep their default.
    pub fn load(conn: &Connection) -> Result<Self> {
        let mut stmt = conn.prepare("SELECT key, value FROM parameter")?;
        let mut object = serde_json::Map::new();
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (key, text) = row?;
            let value = serde_json::from_str(&text).map_err(|source| StoreError::Json {
                what: format!("parameter {key}"),
                source,
            })?;
            object.insert(key, value);
        }
        serde_json::from_value(serde_json::Value::Object(object)).map_err(|source| {
            StoreError::Json {
                what: "parameters".into(),
                source,
            }
        })
    }

    /// Writes every parameter (each key on its own row) after validating the set.
    pub fn save(&self, conn: &Connection) -> Result<()> {
        self.validate()?;
        let value = serde_json::to_value(self).map_err(|source| StoreError::Json {
            what: "parameters".into(),
            source,
        })?;
        let serde_json::Value::Object(object) = value else {
            unreachable!("Parameters serialises as a JSON object")
        };
        let mut stmt = conn.prepare(
            "INSERT INTO parameter (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?;
        for (key, value) in object {
            stmt.execute(params![key, value.to_string()])?;
        }
        Ok(())
    }

    /// Reads one stored key if present (for tools that edit a single parameter).
    pub fn raw(conn: &Connection, key: &str) -> Result<Option<String>> {
        Ok(conn
            .query_row("SELECT value FROM parameter WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Checks the values a person could get wrong; refuses with the first problem.
    pub fn validate(&self) -> Result<()> {
        match self.problems().into_iter().next() {
            None => Ok(()),
            Some(problem) => Err(StoreError::InvalidParameter {
                key: problem.key.into(),
                reason: problem.reason,
            }),
        }
    }

    /// Every value a person got wrong, each with its key and why, so that the admin's
    /// form can mark all of them at once.
    pub fn problems(&self) -> Vec<ParameterProblem> {
        let mut problems = Vec::new();
        let mut check = |ok: bool, key: &'static str, reason: ParameterReason| {
            if !ok {
                problems.push(ParameterProblem { key, reason });
            }
        };
        let within = |value: u32, low: u32, high: u32| (low..=high).contains(&value);
        check(
            within(self.snapshot_expiry_hours, 1, 24 * 365),
            "snapshot_expiry_hours",
            ParameterReason::Between(1, 24 * 365, Unit::Hours),
        );
        check(
            within(self.visit_backdate_days, 0, 3650),
            "visit_backdate_days",
            ParameterReason::Between(0, 3650, Unit::Days),
        );
        check(
            within(self.prospect_retention_months, 1, 600),
            "prospect_retention_months",
            ParameterReason::Between(1, 600, Unit::Months),
        );
        check(
            within(self.relation_archive_days, 1, 36_500),
            "relation_archive_days",
            ParameterReason::Between(1, 36_500, Unit::Days),
        );
        check(
            within(self.log_retention_days, 1, 3650),
            "log_retention_days",
            ParameterReason::Between(1, 3650, Unit::Days),
        );
        check(
            within(self.parked_max_days, 1, 365),
            "parked_max_days",
            ParameterReason::Between(1, 365, Unit::Days),
        );
        check(
            within(self.max_offline_days, 1, 3650),
            "max_offline_days",
            ParameterReason::Between(1, 3650, Unit::Days),
        );
        check(
            within(self.ch_due_days, 1, 365),
            "ch_due_days",
            ParameterReason::Between(1, 365, Unit::Days),
        );
        check(
            self.max_change_file_bytes >= 4096,
            "max_change_file_bytes",
            ParameterReason::AtLeastBytes(4096),
        );
        for (key, expression) in [
            ("inbox_check_cron", &self.inbox_check_cron),
            ("snapshot_schedule_cron", &self.snapshot_schedule_cron),
        ] {
            if let Err(error) = croner::Cron::new(expression).parse() {
                check(
                    false,
                    key,
                    ParameterReason::Cron {
                        expression: expression.clone(),
                        error: error.to_string(),
                    },
                );
            }
        }
        if let Err(error) = self.visit_form.check_structure() {
            check(false, "visit_form", ParameterReason::VisitForm(error));
        }
        let mut codes = std::collections::BTreeSet::new();
        for fleet in &self.fleet_types {
            let code_ok = !fleet.code.is_empty()
                && fleet
                    .code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            check(
                code_ok,
                "fleet_types",
                ParameterReason::CodeShape(fleet.code.clone()),
            );
            check(
                !fleet.label.trim().is_empty(),
                "fleet_types",
                ParameterReason::FleetWithoutLabel(fleet.code.clone()),
            );
            check(
                codes.insert(fleet.code.as_str()),
                "fleet_types",
                ParameterReason::Twice(fleet.code.clone()),
            );
        }
        check(
            !self.fleet_types.is_empty(),
            "fleet_types",
            ParameterReason::NoFleetType,
        );
        for problem in check_action_types(&self.action_types) {
            check(false, "action_types", ParameterReason::ActionType(problem));
        }
        for problem in check_pipelines(&self.pipelines) {
            check(false, "pipelines", ParameterReason::Pipeline(problem));
        }
        if let Some(assignee) = &self.opportunity_assignee {
            check(
                tournee_sync::is_valid_user(assignee),
                "opportunity_assignee",
                ParameterReason::NotAUser(assignee.clone()),
            );
        }
        self.choice_problems(&mut check);
        if let Some(smtp) = &self.smtp {
            check(
                !smtp.host.trim().is_empty() && smtp.port != 0,
                "smtp",
                ParameterReason::SmtpServer,
            );
            check(
                looks_like_email(&smtp.sender),
                "smtp",
                ParameterReason::SmtpSender(smtp.sender.clone()),
            );
        }
        check(
            self.back_office_url.starts_with("http://")
                || self.back_office_url.starts_with("https://"),
            "back_office_url",
            ParameterReason::NotHttp,
        );
        for (key, list) in [
            ("accountant_emails", &self.accountant_emails),
            ("error_emails", &self.error_emails),
        ] {
            check(!list.is_empty(), key, ParameterReason::NoAddress);
            for email in list {
                check(
                    looks_like_email(email),
                    key,
                    ParameterReason::NotAnEmail(email.clone()),
                );
            }
        }
        check(
            looks_like_email(&self.system_sender),
            "system_sender",
            ParameterReason::NotAnEmail(self.system_sender.clone()),
        );
        for problem in self.seller.problems() {
            let key = seller_key(problem.field());
            check(false, key, ParameterReason::Seller(problem));
        }
        problems
    }
}

impl Parameters {
    /// The lists offered in the forms: codes the ERP column can hold (upper case, digits,
    /// `_`, within its length), labels, no code twice, sub-categories under a known
    /// category, and farmer categories among the categories.
    fn choice_problems(&self, check: &mut impl FnMut(bool, &'static str, ParameterReason)) {
        let lists: [(&'static str, &str, &[Choice]); 6] = [
            ("client_categories", "c_fam_client", &self.client_categories),
            (
                "client_subcategories",
                "c_sfam_client",
                &self.client_subcategories,
            ),
            ("commercial_grids", "c_catc", &self.commercial_grids),
            ("periodicities", "c_per", &self.periodicities),
            ("countries", "c_pays", &self.countries),
            ("payment_modes", "c_mod_rgl_1", &self.payment_modes),
        ];
        let categories: std::collections::BTreeSet<&str> = self
            .client_categories
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        for (key, column, list) in lists {
            let max_len = self.field_profile.field(column).map_or(0, |f| f.max_len);
            check(!list.is_empty(), key, ParameterReason::NoValue);
            let mut seen = std::collections::BTreeSet::new();
            for choice in list {
                let code = choice.code.as_str();
                let shape_ok = !code.is_empty()
                    && code
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                check(shape_ok, key, ParameterReason::CodeShape(code.to_string()));
                check(
                    max_len == 0 || code.chars().count() <= max_len as usize,
                    key,
                    ParameterReason::CodeTooLong {
                        code: code.to_string(),
                        max: max_len,
                        column,
                    },
                );
                check(
                    !choice.label.trim().is_empty(),
                    key,
                    ParameterReason::CodeWithoutLabel(code.to_string()),
                );
                check(
                    seen.insert((choice.parent.as_deref(), code)),
                    key,
                    ParameterReason::Twice(code.to_string()),
                );
                if key == "client_subcategories" {
                    let parent = choice.parent.as_deref().unwrap_or_default();
                    check(
                        categories.contains(parent),
                        key,
                        ParameterReason::UnknownParent {
                            code: code.to_string(),
                            parent: parent.to_string(),
                        },
                    );
                }
            }
        }
        for farmer in &self.farmer_categories {
            check(
                categories.contains(farmer.trim()),
                "farmer_categories",
                ParameterReason::UnknownFarmerCategory(farmer.clone()),
            );
        }
    }
}

/// One refused parameter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterProblem {
    /// The parameter's key (the form field's name).
    pub key: &'static str,
    /// Why.
    pub reason: ParameterReason,
}

/// The unit of a number of the parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// Months.
    Months,
}

/// Why a parameter value was refused, with the values to say it (the server words it;
/// `Display` is for logs).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParameterReason {
    /// A number out of its range (inclusive).
    #[error("between {0} and {1} {2:?}")]
    Between(u32, u32, Unit),
    /// A size under its least.
    #[error("at least {0} bytes")]
    AtLeastBytes(u64),
    /// Not a cron expression.
    #[error("{expression:?} is not a cron expression ({error})")]
    Cron {
        /// What was typed.
        expression: String,
        /// The parser's reason.
        error: String,
    },
    /// A visit form whose structure is wrong (the domain's own words).
    #[error("visit form: {0}")]
    VisitForm(tournee_core::DomainError),
    /// A code with other characters than capitals, digits and `_`.
    #[error("code {0:?}: capitals, digits and _ only")]
    CodeShape(String),
    /// A code longer than its ERP column.
    #[error("code {code:?}: at most {max} characters ({column})")]
    CodeTooLong {
        /// The code.
        code: String,
        /// The column's length.
        max: u32,
        /// The ERP column.
        column: &'static str,
    },
    /// A code of a list without a label.
    #[error("code {0:?} has no label")]
    CodeWithoutLabel(String),
    /// A fleet type without a label.
    #[error("fleet type {0:?} has no label")]
    FleetWithoutLabel(String),
    /// A code twice in its list.
    #[error("code {0:?} twice")]
    Twice(String),
    /// No fleet type at all.
    #[error("no fleet type")]
    NoFleetType,
    /// An action type list that breaks a rule (the domain's reason, naming the type).
    #[error("action types: {0}")]
    ActionType(ActionTypeProblem),
    /// A pipeline list that breaks a rule (the domain's reason, naming the pipeline or
    /// the stage).
    #[error("pipelines: {0}")]
    Pipeline(PipelineProblem),
    /// Not a user's login.
    #[error("{0:?} is not a user login")]
    NotAUser(String),
    /// A list of choices left empty.
    #[error("no value")]
    NoValue,
    /// A sub-category under a category that is not in the list.
    #[error("{code:?}: category {parent:?} is not in the list")]
    UnknownParent {
        /// The sub-category.
        code: String,
        /// Its category.
        parent: String,
    },
    /// A farmer category that is not a client category.
    #[error("{0:?} is not a client category")]
    UnknownFarmerCategory(String),
    /// SMTP without server or port.
    #[error("SMTP server and port required")]
    SmtpServer,
    /// An SMTP sender that is not an e-mail address.
    #[error("SMTP sender {0:?} is not an e-mail address")]
    SmtpSender(String),
    /// A back-office address that is not http(s).
    #[error("must start with http:// or https://")]
    NotHttp,
    /// A list of addresses left empty.
    #[error("no address")]
    NoAddress,
    /// Not an e-mail address.
    #[error("{0:?} is not an e-mail address")]
    NotAnEmail(String),
    /// A seller mention of the quotes that breaks its rule (the domain's own words,
    /// naming `seller.<field>`).
    #[error("seller: {0}")]
    Seller(tournee_core::DomainError),
}

/// The form key of a seller mention (`seller.siret` → `seller_siret`), so each problem
/// shows next to its field on the parameters page.
fn seller_key(field: &str) -> &'static str {
    match field {
        "seller.name" => "seller_name",
        "seller.legal_form" => "seller_legal_form",
        "seller.capital" => "seller_capital",
        "seller.address" => "seller_address",
        "seller.siret" => "seller_siret",
        "seller.rcs_city" => "seller_rcs_city",
        "seller.vat_number" => "seller_vat_number",
        "seller.payment_terms" => "seller_payment_terms",
        "seller.validity_days" => "seller_validity_days",
        _ => "seller_late_penalty",
    }
}

/// `local@domain.tld` without spaces: enough to catch slips, not a full RFC 5322 parser.
fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        conn
    }

    #[test]
    fn empty_table_gives_defaults() {
        assert_eq!(Parameters::load(&db()).unwrap(), Parameters::default());
    }

    #[test]
    fn saved_values_are_read_back() {
        let conn = db();
        let params = Parameters {
            visit_backdate_days: 7,
            snapshot_mode: SnapshotMode::Scheduled,
            ..Parameters::default()
        };
        params.save(&conn).unwrap();
        assert_eq!(Parameters::load(&conn).unwrap(), params);
    }

    #[test]
    fn the_default_cron_expressions_parse_and_broken_ones_are_refused() {
        Parameters::default().validate().unwrap();
        let params = Parameters {
            inbox_check_cron: "toutes les minutes".into(),
            ..Parameters::default()
        };
        assert!(matches!(
            params.validate(),
            Err(StoreError::InvalidParameter { key, .. }) if key == "inbox_check_cron"
        ));
    }

    #[test]
    fn every_problem_is_reported_with_its_key() {
        let params = Parameters {
            snapshot_expiry_hours: 0,
            accountant_emails: vec!["compta@".into()],
            error_emails: vec![],
            fleet_types: vec![
                FleetType {
                    code: "VL".into(),
                    label: "VL".into(),
                },
                FleetType {
                    code: "VL".into(),
                    label: "".into(),
                },
            ],
            ..Parameters::default()
        };
        let keys: Vec<&str> = params.problems().iter().map(|p| p.key).collect();
        assert_eq!(
            keys,
            [
                "snapshot_expiry_hours",
                "fleet_types",
                "fleet_types",
                "accountant_emails",
                "error_emails"
            ]
        );
        assert!(looks_like_email("anne.martin@exemple.fr"));
        assert!(!looks_like_email("anne martin@exemple.fr"));
        assert!(!looks_like_email("anne@exemple"));
    }

    #[test]
    fn the_longest_offline_time_defaults_to_45_days_and_is_bounded() {
        assert_eq!(Parameters::default().max_offline_days, 45);
        for (days, ok) in [(0, false), (1, true), (3650, true), (3651, false)] {
            let params = Parameters {
                max_offline_days: days,
                ..Parameters::default()
            };
            let refused = params
                .problems()
                .iter()
                .any(|p| p.key == "max_offline_days");
            assert_eq!(refused, !ok, "{days}");
        }
    }

    #[test]
    fn the_form_lists_are_checked_against_their_erp_column() {
        let mut params = Parameters::default();
        assert!(params.problems().is_empty(), "{:?}", params.problems());
        params.commercial_grids.push(Choice {
            code: "GRILLE_TROP_LONGUE".into(),
            label: "Trop longue".into(),
            label_en: None,
            parent: None,
        });
        params.periodicities.push(Choice {
            code: "m".into(),
            label: "".into(),
            label_en: None,
            parent: None,
        });
        params.client_subcategories.push(Choice {
            code: "BIO".into(),
            label: "Bio".into(),
            label_en: None,
            parent: Some("MARAICHAGE".into()),
        });
        params.payment_modes.push(params.payment_modes[0].clone());
        params.farmer_categories.push("VITI".into());
        let reasons: Vec<(&str, ParameterReason)> = params
            .problems()
            .into_iter()
            .map(|p| (p.key, p.reason))
            .collect();
        let keys: Vec<&str> = reasons.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                "client_subcategories",
                "commercial_grids",
                "periodicities",
                "periodicities",
                "payment_modes",
                "farmer_categories"
            ],
            "{reasons:?}"
        );
        assert!(
            matches!(
                &reasons[1].1,
                ParameterReason::CodeTooLong {
                    max: 8,
                    column: "c_catc",
                    ..
                }
            ),
            "{reasons:?}"
        );
    }

    #[test]
    fn a_back_office_address_on_this_machine_only_is_told_apart() {
        let local = |url: &str| {
            Parameters {
                back_office_url: url.into(),
                ..Parameters::default()
            }
            .back_office_url_is_local()
        };
        assert!(local(&Parameters::default().back_office_url));
        for url in [
            "http://localhost:8080",
            "http://127.0.0.1:8080/",
            "https://[::1]:8443/office",
            "http://0.0.0.0",
            "http://LOCALHOST",
        ] {
            assert!(local(url), "{url}");
        }
        for url in [
            "https://crm.pneus-exemple.fr",
            "http://192.168.1.20:8080",
            "https://[2001:db8::1]/",
            "http://localhost.example.fr",
        ] {
            assert!(!local(url), "{url}");
        }
    }

    #[test]
    fn invalid_values_are_refused() {
        let params = Parameters {
            snapshot_expiry_hours: 0,
            ..Parameters::default()
        };
        assert!(matches!(
            params.save(&db()),
            Err(StoreError::InvalidParameter { key, .. }) if key == "snapshot_expiry_hours"
        ));
    }
}
