//! The parameters form as sent, typed: every value is the text the admin typed (a
//! number is parsed by [`read_form`], not by serde, so « trente » or a missing field is
//! a problem on its field, never a refused request), and the form shows itself back
//! through [`FormValues`] when it is refused.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tournee_core::{Choice, FleetType};
use tournee_store::{Parameters, SmtpSettings, SmtpTls, SnapshotMode};

use crate::datadir::{DataDir, ServerConfig};
use crate::office::form::{add_error, add_problem, lines, tick, ticked, FieldErrors, FormValues};
use crate::sentences::{parameter_reason, Sentence, OFFICE};

/// Every field of the parameters page, as sent. The form lists are `None` in a form from
/// before they existed (an open tab): the stored ones are kept.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ParametersForm {
    pub(super) inbox_check_cron: String,
    pub(super) inbox_dir: String,
    pub(super) snapshots_dir: String,
    pub(super) logs_dir: String,
    pub(super) log_retention_days: String,
    pub(super) relation_archive_days: String,
    pub(super) snapshot_mode: String,
    pub(super) snapshot_schedule_cron: String,
    pub(super) parked_max_days: String,
    pub(super) back_office_url: String,
    pub(super) snapshot_expiry_hours: String,
    pub(super) visit_backdate_days: String,
    pub(super) max_offline_days: String,
    pub(super) prospect_retention_months: String,
    pub(super) farmer_categories: String,
    pub(super) ch_due_days: String,
    pub(super) client_categories: Option<String>,
    pub(super) client_subcategories: Option<String>,
    pub(super) commercial_grids: Option<String>,
    pub(super) periodicities: Option<String>,
    pub(super) countries: Option<String>,
    pub(super) payment_modes: Option<String>,
    pub(super) accountant_emails: String,
    pub(super) error_emails: String,
    pub(super) fleet_types: String,
    pub(super) system_sender: String,
    #[serde(deserialize_with = "ticked", serialize_with = "ticked_out")]
    pub(super) smtp_enabled: bool,
    pub(super) smtp_host: String,
    pub(super) smtp_port: String,
    pub(super) smtp_tls: String,
    pub(super) smtp_username: String,
    pub(super) smtp_password: String,
    pub(super) smtp_sender: String,
    pub(super) seller_name: Option<String>,
    pub(super) seller_legal_form: Option<String>,
    pub(super) seller_capital: Option<String>,
    pub(super) seller_address: Option<String>,
    pub(super) seller_siret: Option<String>,
    pub(super) seller_rcs_city: Option<String>,
    pub(super) seller_vat_number: Option<String>,
    pub(super) seller_payment_terms: Option<String>,
    pub(super) seller_validity_days: Option<String>,
    pub(super) seller_late_penalty: Option<String>,
}

/// A ticked box as a browser sends it (for the tests that post a form back).
fn ticked_out<S: serde::Serializer>(on: &bool, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(tick(*on))
}

impl ParametersForm {
    /// The form lists, in the order of [`CHOICE_FIELDS`].
    fn choice_texts(&self) -> [Option<&str>; 6] {
        [
            self.client_categories.as_deref(),
            self.client_subcategories.as_deref(),
            self.commercial_grids.as_deref(),
            self.periodicities.as_deref(),
            self.countries.as_deref(),
            self.payment_modes.as_deref(),
        ]
    }
}

impl FormValues for ParametersForm {
    fn value(&self, name: &str) -> &str {
        fn list(text: &Option<String>) -> &str {
            text.as_deref().unwrap_or("")
        }
        match name {
            "inbox_check_cron" => &self.inbox_check_cron,
            "inbox_dir" => &self.inbox_dir,
            "snapshots_dir" => &self.snapshots_dir,
            "logs_dir" => &self.logs_dir,
            "log_retention_days" => &self.log_retention_days,
            "relation_archive_days" => &self.relation_archive_days,
            "snapshot_mode" => &self.snapshot_mode,
            "snapshot_schedule_cron" => &self.snapshot_schedule_cron,
            "parked_max_days" => &self.parked_max_days,
            "back_office_url" => &self.back_office_url,
            "snapshot_expiry_hours" => &self.snapshot_expiry_hours,
            "visit_backdate_days" => &self.visit_backdate_days,
            "max_offline_days" => &self.max_offline_days,
            "prospect_retention_months" => &self.prospect_retention_months,
            "farmer_categories" => &self.farmer_categories,
            "ch_due_days" => &self.ch_due_days,
            "client_categories" => list(&self.client_categories),
            "client_subcategories" => list(&self.client_subcategories),
            "commercial_grids" => list(&self.commercial_grids),
            "periodicities" => list(&self.periodicities),
            "countries" => list(&self.countries),
            "payment_modes" => list(&self.payment_modes),
            "accountant_emails" => &self.accountant_emails,
            "error_emails" => &self.error_emails,
            "fleet_types" => &self.fleet_types,
            "system_sender" => &self.system_sender,
            "smtp_enabled" => tick(self.smtp_enabled),
            "smtp_host" => &self.smtp_host,
            "smtp_port" => &self.smtp_port,
            "smtp_tls" => &self.smtp_tls,
            "smtp_username" => &self.smtp_username,
            // A secret is never shown back (the template does not print it either).
            "smtp_password" => "",
            "smtp_sender" => &self.smtp_sender,
            "seller_name" => list(&self.seller_name),
            "seller_legal_form" => list(&self.seller_legal_form),
            "seller_capital" => list(&self.seller_capital),
            "seller_address" => list(&self.seller_address),
            "seller_siret" => list(&self.seller_siret),
            "seller_rcs_city" => list(&self.seller_rcs_city),
            "seller_vat_number" => list(&self.seller_vat_number),
            "seller_payment_terms" => list(&self.seller_payment_terms),
            "seller_validity_days" => list(&self.seller_validity_days),
            "seller_late_penalty" => list(&self.seller_late_penalty),
            _ => "",
        }
    }
}

/// The form lists' fields, in the order of `Parameters`' lists.
const CHOICE_FIELDS: [&str; 6] = [
    "client_categories",
    "client_subcategories",
    "commercial_grids",
    "periodicities",
    "countries",
    "payment_modes",
];

fn choice_lists(params: &mut Parameters) -> [&mut Vec<Choice>; 6] {
    [
        &mut params.client_categories,
        &mut params.client_subcategories,
        &mut params.commercial_grids,
        &mut params.periodicities,
        &mut params.countries,
        &mut params.payment_modes,
    ]
}

/// A list as the admin edits it: « CODE | Libellé | English label », the sub-categories
/// with their category first; the English label may be left out.
fn choice_text(list: &[Choice]) -> String {
    list.iter()
        .map(|c| {
            let mut parts: Vec<&str> = c.parent.as_deref().into_iter().collect();
            parts.extend([c.code.as_str(), c.label.as_str()]);
            parts.extend(c.label_en.as_deref());
            parts.join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a list back; a line that is not of the expected shape is the admin's error.
fn read_choices(text: &str, with_parent: bool) -> Result<Vec<Choice>, String> {
    lines(text)
        .into_iter()
        .map(|line| {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            let (parent, rest) = match (with_parent, parts.as_slice()) {
                (true, [parent, rest @ ..]) => (Some((*parent).to_string()), rest),
                (true, []) => (None, &[][..]),
                (false, rest) => (None, rest),
            };
            match rest {
                [code, label] | [code, label, ""] => Ok(Choice {
                    code: (*code).into(),
                    label: (*label).into(),
                    label_en: None,
                    parent,
                }),
                [code, label, english] => Ok(Choice {
                    code: (*code).into(),
                    label: (*label).into(),
                    label_en: Some((*english).into()),
                    parent,
                }),
                _ if with_parent => Err(Sentence::SubcategoryLine.office(&[("line", &line)])),
                _ => Err(Sentence::ChoiceLine.office(&[("line", &line)])),
            }
        })
        .collect()
}

/// A stored value's serde code (`"both"`, `"starttls"`), as the choices name it.
fn code<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl ParametersForm {
    /// The stored values as the form shows them.
    pub(super) fn of(params: &Parameters, config: &ServerConfig) -> Self {
        let mut lists = params.clone();
        let [client_categories, client_subcategories, commercial_grids, periodicities, countries, payment_modes] =
            choice_lists(&mut lists).map(|list| Some(choice_text(list)));
        let smtp = params.smtp.as_ref();
        Self {
            inbox_check_cron: params.inbox_check_cron.clone(),
            inbox_dir: config.inbox.display().to_string(),
            snapshots_dir: config.snapshots.display().to_string(),
            logs_dir: config.logs.display().to_string(),
            log_retention_days: params.log_retention_days.to_string(),
            relation_archive_days: params.relation_archive_days.to_string(),
            snapshot_mode: code(&params.snapshot_mode),
            snapshot_schedule_cron: params.snapshot_schedule_cron.clone(),
            parked_max_days: params.parked_max_days.to_string(),
            back_office_url: params.back_office_url.clone(),
            snapshot_expiry_hours: params.snapshot_expiry_hours.to_string(),
            visit_backdate_days: params.visit_backdate_days.to_string(),
            max_offline_days: params.max_offline_days.to_string(),
            prospect_retention_months: params.prospect_retention_months.to_string(),
            farmer_categories: params.farmer_categories.join("\n"),
            ch_due_days: params.ch_due_days.to_string(),
            client_categories,
            client_subcategories,
            commercial_grids,
            periodicities,
            countries,
            payment_modes,
            accountant_emails: params.accountant_emails.join("\n"),
            error_emails: params.error_emails.join("\n"),
            fleet_types: params
                .fleet_types
                .iter()
                .map(|f| format!("{} | {}", f.code, f.label))
                .collect::<Vec<_>>()
                .join("\n"),
            system_sender: params.system_sender.clone(),
            smtp_enabled: smtp.is_some(),
            smtp_host: smtp.map(|s| s.host.clone()).unwrap_or_default(),
            smtp_port: smtp.map_or_else(|| "587".into(), |s| s.port.to_string()),
            smtp_tls: smtp.map_or_else(|| "starttls".into(), |s| code(&s.tls)),
            smtp_username: smtp.and_then(|s| s.username.clone()).unwrap_or_default(),
            smtp_password: String::new(),
            smtp_sender: smtp.map(|s| s.sender.clone()).unwrap_or_default(),
            seller_name: Some(params.seller.name.clone()),
            seller_legal_form: Some(params.seller.legal_form.clone()),
            seller_capital: Some(params.seller.capital.clone()),
            seller_address: Some(params.seller.address.clone()),
            seller_siret: Some(params.seller.siret.clone()),
            seller_rcs_city: Some(params.seller.rcs_city.clone()),
            seller_vat_number: Some(params.seller.vat_number.clone()),
            seller_payment_terms: Some(params.seller.payment_terms.clone()),
            seller_validity_days: Some(params.seller.validity_days.to_string()),
            seller_late_penalty: Some(params.seller.late_penalty.clone()),
        }
    }
}

/// A sent text, trimmed.
fn text(sent: &str) -> String {
    sent.trim().to_string()
}

/// Reads the submitted form over the stored values; every problem is collected.
pub(super) fn read_form(
    form: &ParametersForm,
    stored: &Parameters,
    dir: &DataDir,
) -> Result<(Parameters, ServerConfig), FieldErrors> {
    let mut errors = FieldErrors::new();
    let number = |key: &str, sent: &str, errors: &mut FieldErrors| -> u32 {
        sent.trim().parse::<u32>().unwrap_or_else(|_| {
            add_problem(errors, key, Sentence::WholeNumber, &[]);
            0
        })
    };
    let mut params = stored.clone();
    params.inbox_check_cron = text(&form.inbox_check_cron);
    params.log_retention_days = number("log_retention_days", &form.log_retention_days, &mut errors);
    params.relation_archive_days = number(
        "relation_archive_days",
        &form.relation_archive_days,
        &mut errors,
    );
    params.snapshot_mode = match form.snapshot_mode.trim() {
        "after_integration" => SnapshotMode::AfterIntegration,
        "scheduled" => SnapshotMode::Scheduled,
        "both" => SnapshotMode::Both,
        _ => {
            add_problem(&mut errors, "snapshot_mode", Sentence::UnknownChoice, &[]);
            stored.snapshot_mode
        }
    };
    params.snapshot_schedule_cron = text(&form.snapshot_schedule_cron);
    params.parked_max_days = number("parked_max_days", &form.parked_max_days, &mut errors);
    params.back_office_url = text(&form.back_office_url);
    params.snapshot_expiry_hours = number(
        "snapshot_expiry_hours",
        &form.snapshot_expiry_hours,
        &mut errors,
    );
    params.visit_backdate_days = number(
        "visit_backdate_days",
        &form.visit_backdate_days,
        &mut errors,
    );
    params.max_offline_days = number("max_offline_days", &form.max_offline_days, &mut errors);
    params.prospect_retention_months = number(
        "prospect_retention_months",
        &form.prospect_retention_months,
        &mut errors,
    );
    params.farmer_categories = lines(&form.farmer_categories);
    params.ch_due_days = number("ch_due_days", &form.ch_due_days, &mut errors);
    let texts = form.choice_texts();
    for ((key, sent), list) in CHOICE_FIELDS
        .into_iter()
        .zip(texts)
        .zip(choice_lists(&mut params))
    {
        // A form from before the lists existed (an open tab) keeps the stored ones.
        let Some(sent) = sent else {
            continue;
        };
        match read_choices(sent.trim(), key == "client_subcategories") {
            Ok(read) => *list = read,
            Err(problem) => add_error(&mut errors, key, problem),
        }
    }
    params.accountant_emails = lines(&form.accountant_emails);
    params.error_emails = lines(&form.error_emails);
    params.system_sender = text(&form.system_sender);
    if let Some(sent) = &form.seller_name {
        params.seller.name = text(sent);
    }
    if let Some(sent) = &form.seller_legal_form {
        params.seller.legal_form = text(sent);
    }
    if let Some(sent) = &form.seller_capital {
        params.seller.capital = text(sent);
    }
    if let Some(sent) = &form.seller_address {
        params.seller.address = text(sent);
    }
    if let Some(sent) = &form.seller_siret {
        params.seller.siret = text(sent);
    }
    if let Some(sent) = &form.seller_rcs_city {
        params.seller.rcs_city = text(sent);
    }
    if let Some(sent) = &form.seller_vat_number {
        params.seller.vat_number = text(sent);
    }
    if let Some(sent) = &form.seller_payment_terms {
        params.seller.payment_terms = text(sent);
    }
    // A form from before the seller's mentions existed (an open tab) keeps the stored ones.
    if let Some(sent) = &form.seller_validity_days {
        params.seller.validity_days = number("seller_validity_days", sent, &mut errors);
    }
    if let Some(sent) = &form.seller_late_penalty {
        params.seller.late_penalty = text(sent);
    }
    params.fleet_types = Vec::new();
    for line in lines(&form.fleet_types) {
        match line.split_once('|') {
            Some((code, label)) => params.fleet_types.push(FleetType {
                code: code.trim().to_string(),
                label: label.trim().to_string(),
            }),
            None => add_problem(
                &mut errors,
                "fleet_types",
                Sentence::FleetLine,
                &[("line", &line)],
            ),
        }
    }
    params.smtp = if form.smtp_enabled {
        Some(read_smtp(form, stored, &mut errors))
    } else {
        None
    };
    for problem in params.problems() {
        let field = match problem.key {
            "smtp" => "smtp_host",
            other => other,
        };
        // A number already reported as unreadable needs no second message.
        if !errors.contains_key(field) {
            add_error(
                &mut errors,
                field,
                parameter_reason(&problem.reason).say(OFFICE),
            );
        }
    }
    let config = read_locations(form, dir, &mut errors);
    if errors.is_empty() {
        Ok((params, config))
    } else {
        Err(errors)
    }
}

/// The SMTP settings of a form whose box « Envoyer par un serveur SMTP » is ticked; a
/// password left blank keeps the stored one.
fn read_smtp(form: &ParametersForm, stored: &Parameters, errors: &mut FieldErrors) -> SmtpSettings {
    let port = form.smtp_port.trim().parse::<u16>().unwrap_or_else(|_| {
        add_problem(errors, "smtp_port", Sentence::SmtpPort, &[]);
        0
    });
    let tls = match form.smtp_tls.trim() {
        "none" => SmtpTls::None,
        "implicit" => SmtpTls::Implicit,
        _ => SmtpTls::Starttls,
    };
    let typed_password = text(&form.smtp_password);
    let password = if typed_password.is_empty() {
        stored.smtp.as_ref().and_then(|s| s.password.clone())
    } else {
        Some(typed_password)
    };
    let username = Some(text(&form.smtp_username)).filter(|u| !u.is_empty());
    SmtpSettings {
        host: text(&form.smtp_host),
        port,
        username,
        password,
        tls,
        sender: text(&form.smtp_sender),
    }
}

/// The three folders of `config.toml`, each checked as the server will use it.
fn read_locations(form: &ParametersForm, dir: &DataDir, errors: &mut FieldErrors) -> ServerConfig {
    let mut config = dir.config.clone();
    for (key, sent, slot) in [
        ("inbox_dir", &form.inbox_dir, &mut config.inbox),
        ("snapshots_dir", &form.snapshots_dir, &mut config.snapshots),
        ("logs_dir", &form.logs_dir, &mut config.logs),
    ] {
        let location = PathBuf::from(sent.trim());
        if location.as_os_str().is_empty() {
            add_problem(errors, key, Sentence::LocationRequired, &[]);
            continue;
        }
        match dir.check_location(&location) {
            Ok(_) => *slot = location,
            Err(error) => add_problem(
                errors,
                key,
                Sentence::LocationUnusable,
                &[("error", &error.to_string())],
            ),
        }
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> (tempfile::TempDir, DataDir) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        (tmp, dir)
    }

    #[test]
    fn the_stored_values_read_back_unchanged() {
        let (_tmp, dir) = dir();
        let params = Parameters::default();
        let values = ParametersForm::of(&params, &dir.config);
        let (read, config) = read_form(&values, &params, &dir).unwrap();
        assert_eq!(read, params);
        assert_eq!(config, dir.config);
    }

    #[test]
    fn each_bad_value_is_refused_on_its_field() {
        let (_tmp, dir) = dir();
        let params = Parameters::default();
        let mut values = ParametersForm::of(&params, &dir.config);
        values.visit_backdate_days = "trente".into();
        values.max_offline_days = "0".into();
        values.snapshot_expiry_hours = "0".into();
        values.inbox_check_cron = "toutes les 5 minutes".into();
        values.accountant_emails = "compta.exemple.fr".into();
        values.fleet_types = "VL | VL\nsans barre".into();
        values.smtp_enabled = true;
        values.smtp_host = "".into();
        values.smtp_sender = "x".into();
        let errors = read_form(&values, &params, &dir).unwrap_err();
        for field in [
            "visit_backdate_days",
            "max_offline_days",
            "snapshot_expiry_hours",
            "inbox_check_cron",
            "accountant_emails",
            "fleet_types",
            "smtp_host",
        ] {
            assert!(
                errors.contains_key(field),
                "{field} not refused: {errors:?}"
            );
        }
        assert_eq!(
            errors["visit_backdate_days"],
            ["nombre entier positif attendu"]
        );
    }

    #[test]
    fn the_form_lists_are_edited_as_lines_and_refused_on_their_field() {
        let (_tmp, dir) = dir();
        let params = Parameters::default();
        let mut values = ParametersForm::of(&params, &dir.config);
        assert!(values
            .value("client_subcategories")
            .starts_with("AGRI | CERE | Céréaliers | Cereal growers\n"));
        values.countries = Some("FR | France | France\nPT | Portugal".into());
        let (read, _) = read_form(&values, &params, &dir).unwrap();
        assert_eq!(read.countries.len(), 2);
        assert_eq!(read.countries[1].label, "Portugal");
        assert_eq!(
            read.countries[1].label_en, None,
            "the English label is optional"
        );

        values.client_subcategories = Some("AGRI | CERE".into());
        values.commercial_grids = Some("TROP_LONGUE_GRILLE | Grille".into());
        values.farmer_categories = "AGRI\nVIGNE".into();
        let errors = read_form(&values, &params, &dir).unwrap_err();
        assert_eq!(
            errors["client_subcategories"],
            ["« AGRI | CERE » : écrivez « CATÉGORIE | CODE | Libellé | libellé anglais (facultatif) »"]
        );
        assert!(errors["commercial_grids"][0].contains("8 caractères au plus"));
        assert!(errors["farmer_categories"][0].contains("VIGNE"));
        // A form without the lists (a tab opened before they existed) keeps the stored ones.
        let mut old_form = ParametersForm::of(&params, &dir.config);
        old_form.countries = None;
        let (read, _) = read_form(&old_form, &params, &dir).unwrap();
        assert_eq!(read.countries, params.countries);
    }

    #[test]
    fn an_smtp_password_left_blank_keeps_the_stored_one() {
        let (_tmp, dir) = dir();
        let stored = Parameters {
            smtp: Some(SmtpSettings {
                host: "smtp.exemple.fr".into(),
                port: 587,
                username: Some("tournee".into()),
                password: Some("secret".into()),
                tls: SmtpTls::Starttls,
                sender: "tournee@exemple.fr".into(),
            }),
            ..Parameters::default()
        };
        let values = ParametersForm::of(&stored, &dir.config);
        assert!(!serde_urlencoded::to_string(&values)
            .unwrap()
            .contains("secret"));
        let (read, _) = read_form(&values, &stored, &dir).unwrap();
        assert_eq!(read.smtp, stored.smtp);
    }
}
