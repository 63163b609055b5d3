//! The admin's parameters page, grouped as the brief groups them (« Paramétrage
//! Serveur », « Application », « séparé », and the SMTP server). Every value is checked
//! on save; a refused form comes back as typed with each problem next to its field.
//! Parameters live in the database and the locations in `config.toml`; the automaton
//! re-reads both at every tick, so nothing needs a restart.

use std::collections::HashMap;
use std::path::PathBuf;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use tournee_core::{Choice, FleetType};
use tournee_store::master::params::{Parameters, SmtpSettings, SmtpTls, SnapshotMode};

use super::auth::{Admin, Signed};
use super::checked_form::CheckedForm;
use super::common::{who, with_db};
use super::error::PageError;
use super::form::{
    add_error, error_summary, field_views, lines, submitted, Field, FieldErrors, FieldView, Input,
    Problem,
};
use super::html::{render, Shell};
use super::OfficeState;
use crate::datadir::{DataDir, ServerConfig};

const SNAPSHOT_MODES: &[(&str, &str)] = &[
    ("both", "Après chaque intégration et chaque nuit"),
    ("after_integration", "Après chaque intégration"),
    ("scheduled", "Chaque nuit seulement"),
];

const TLS_MODES: &[(&str, &str)] = &[
    ("starttls", "STARTTLS (port 587)"),
    ("implicit", "TLS implicite (port 465)"),
    ("none", "Aucun (relais local)"),
];

fn server_fields() -> Vec<Field<'static>> {
    vec![
        Field { name: "inbox_check_cron", label: "Intervalle de contrôle des nouveaux fichiers", input: Input::Text, hint: "Format cron, ex. « */5 * * * * » ; l'automate réagit aussi dès qu'un fichier arrive." },
        Field { name: "inbox_dir", label: "Emplacement des fichiers à intégrer", input: Input::Text, hint: "Chemin absolu (ou relatif au dossier de données) du dossier synchronisé." },
        Field { name: "snapshots_dir", label: "Emplacement des bases hors ligne", input: Input::Text, hint: "Chemin absolu (ou relatif au dossier de données)." },
        Field { name: "logs_dir", label: "Emplacement des journaux", input: Input::Text, hint: "Les journaux suivants y sont écrits dès l'enregistrement." },
        Field { name: "log_retention_days", label: "Durée de conservation des journaux (jours)", input: Input::Number, hint: "" },
        Field { name: "relation_archive_days", label: "Délai avant archivage des visites, c_archive = 'O' (jours)", input: Input::Number, hint: "" },
        Field { name: "snapshot_mode", label: "Génération des bases hors ligne", input: Input::Choice(SNAPSHOT_MODES), hint: "" },
        Field { name: "snapshot_schedule_cron", label: "Horaire de la génération planifiée", input: Input::Text, hint: "Format cron, ex. « 0 2 * * * » pour 2 h du matin." },
        Field { name: "parked_max_days", label: "Attente maximale d'un fichier en attente de son prospect (jours)", input: Input::Number, hint: "" },
        Field { name: "back_office_url", label: "Adresse du back-office (liens des mails)", input: Input::Text, hint: "L'adresse publique que la comptable ouvre depuis son poste, ex. « https://crm.pneus-exemple.fr ». Laissée à http://localhost:8080, les liens des mails ne s'ouvrent que sur ce serveur." },
    ]
}

fn application_fields() -> Vec<Field<'static>> {
    vec![
        Field {
            name: "snapshot_expiry_hours",
            label: "Durée d'expiration des bases hors ligne (heures)",
            input: Input::Number,
            hint: "Au-delà, l'application affiche l'indicateur rouge.",
        },
        Field {
            name: "visit_backdate_days",
            label: "Borne de jours pour la saisie de visite",
            input: Input::Number,
            hint: "Nombre de jours dans le passé qu'une visite peut porter.",
        },
        Field {
            name: "max_offline_days",
            label: "Durée maximale hors ligne (jours)",
            input: Input::Number,
            hint: "Un fichier daté de plus longtemps avant son arrivée sur le serveur est refusé (horloge du portable fausse). Après l'avoir augmentée, « Réessayer » depuis le suivi des intégrations.",
        },
        Field {
            name: "prospect_retention_months",
            label: "Durée de conservation des prospects hors ligne (mois)",
            input: Input::Number,
            hint: "Un prospect sans mouvement depuis plus longtemps quitte les bases hors ligne.",
        },
        Field {
            name: "farmer_categories",
            label: "Catégories clients « agriculteur » (mode de paiement CH)",
            input: Input::Lines,
            hint: "Une catégorie par ligne.",
        },
        Field {
            name: "ch_due_days",
            label: "Échéance imposée en mode CH (jours)",
            input: Input::Number,
            hint: "",
        },
        Field { name: "client_categories", label: "Catégories clients (c_fam_client)", input: Input::Lines, hint: "Listes des formulaires prospect et transformation : une ligne par valeur, « CODE | Libellé | libellé anglais » (l'anglais est facultatif)." },
        Field { name: "client_subcategories", label: "Sous-catégories clients (c_sfam_client)", input: Input::Lines, hint: "Une ligne par valeur : « CATÉGORIE | CODE | Libellé | libellé anglais »." },
        Field { name: "commercial_grids", label: "Grilles commerciales (c_catc)", input: Input::Lines, hint: "« CODE | Libellé | libellé anglais »." },
        Field { name: "periodicities", label: "Périodicités (c_per)", input: Input::Lines, hint: "« CODE | Libellé | libellé anglais »." },
        Field { name: "countries", label: "Pays (c_pays)", input: Input::Lines, hint: "« CODE | Libellé | libellé anglais »." },
        Field { name: "payment_modes", label: "Modes de règlement (c_mod_rgl_1)", input: Input::Lines, hint: "« CODE | Libellé | libellé anglais » ; CH (agriculteurs) et LD (prélèvement) gardent leurs règles." },
    ]
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
                [code, label] | [code, label, ""] => Ok(Choice { code: (*code).into(), label: (*label).into(), label_en: None, parent }),
                [code, label, english] => Ok(Choice { code: (*code).into(), label: (*label).into(), label_en: Some((*english).into()), parent }),
                _ if with_parent => Err(format!("« {line} » : écrivez « CATÉGORIE | CODE | Libellé | libellé anglais (facultatif) »")),
                _ => Err(format!("« {line} » : écrivez « CODE | Libellé | libellé anglais (facultatif) »")),
            }
        })
        .collect()
}

fn separate_fields() -> Vec<Field<'static>> {
    vec![
        Field {
            name: "accountant_emails",
            label: "Adresses de notification comptable",
            input: Input::Lines,
            hint: "Une adresse par ligne.",
        },
        Field {
            name: "error_emails",
            label: "Adresses de notification d'erreurs",
            input: Input::Lines,
            hint: "Une adresse par ligne.",
        },
        Field {
            name: "fleet_types",
            label: "Types de parc",
            input: Input::Lines,
            hint: "Une ligne par type : « CODE | Libellé ».",
        },
    ]
}

fn smtp_fields() -> Vec<Field<'static>> {
    vec![
        Field {
            name: "smtp_enabled",
            label: "Envoyer par un serveur SMTP",
            input: Input::Tick,
            hint: "Décoché : chaque mail est écrit en fichier .eml dans le dossier de données.",
        },
        Field {
            name: "smtp_host",
            label: "Serveur SMTP",
            input: Input::Text,
            hint: "",
        },
        Field {
            name: "smtp_port",
            label: "Port",
            input: Input::Number,
            hint: "",
        },
        Field {
            name: "smtp_tls",
            label: "Sécurité",
            input: Input::Choice(TLS_MODES),
            hint: "",
        },
        Field {
            name: "smtp_username",
            label: "Utilisateur",
            input: Input::Text,
            hint: "",
        },
        Field {
            name: "smtp_password",
            label: "Mot de passe",
            input: Input::Secret,
            hint: "",
        },
        Field {
            name: "smtp_sender",
            label: "Adresse d'envoi du serveur",
            input: Input::Text,
            hint: "Enveloppe et en-tête Sender ; le commercial reste dans From.",
        },
        Field {
            name: "system_sender",
            label: "Expéditeur des mails de l'automate",
            input: Input::Text,
            hint: "Utilisé pour les notifications d'erreur.",
        },
    ]
}

fn code<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The stored values as the form shows them.
fn form_values(params: &Parameters, config: &ServerConfig) -> HashMap<String, String> {
    let mut values = HashMap::new();
    let mut set = |key: &str, value: String| {
        values.insert(key.to_string(), value);
    };
    set("inbox_check_cron", params.inbox_check_cron.clone());
    set("inbox_dir", config.inbox.display().to_string());
    set("snapshots_dir", config.snapshots.display().to_string());
    set("logs_dir", config.logs.display().to_string());
    set("log_retention_days", params.log_retention_days.to_string());
    set(
        "relation_archive_days",
        params.relation_archive_days.to_string(),
    );
    set("snapshot_mode", code(&params.snapshot_mode));
    set(
        "snapshot_schedule_cron",
        params.snapshot_schedule_cron.clone(),
    );
    set("parked_max_days", params.parked_max_days.to_string());
    set("back_office_url", params.back_office_url.clone());
    set(
        "snapshot_expiry_hours",
        params.snapshot_expiry_hours.to_string(),
    );
    set(
        "visit_backdate_days",
        params.visit_backdate_days.to_string(),
    );
    set("max_offline_days", params.max_offline_days.to_string());
    set(
        "prospect_retention_months",
        params.prospect_retention_months.to_string(),
    );
    set("farmer_categories", params.farmer_categories.join("\n"));
    let mut lists = params.clone();
    for (key, list) in CHOICE_FIELDS.into_iter().zip(choice_lists(&mut lists)) {
        set(key, choice_text(list));
    }
    set("ch_due_days", params.ch_due_days.to_string());
    set("accountant_emails", params.accountant_emails.join("\n"));
    set("error_emails", params.error_emails.join("\n"));
    set(
        "fleet_types",
        params
            .fleet_types
            .iter()
            .map(|f| format!("{} | {}", f.code, f.label))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    set("system_sender", params.system_sender.clone());
    match &params.smtp {
        Some(smtp) => {
            set("smtp_enabled", "on".into());
            set("smtp_host", smtp.host.clone());
            set("smtp_port", smtp.port.to_string());
            set("smtp_tls", code(&smtp.tls));
            set("smtp_username", smtp.username.clone().unwrap_or_default());
            set("smtp_sender", smtp.sender.clone());
        }
        None => {
            set("smtp_port", "587".into());
            set("smtp_tls", "starttls".into());
        }
    }
    values
}

/// Reads the submitted form over the stored values; every problem is collected.
fn read_form(
    form: &HashMap<String, String>,
    stored: &Parameters,
    dir: &DataDir,
) -> Result<(Parameters, ServerConfig), FieldErrors> {
    let mut errors = FieldErrors::new();
    let text = |key: &str| submitted(form, key);
    let number = |key: &str, errors: &mut FieldErrors| -> u32 {
        text(key).parse::<u32>().unwrap_or_else(|_| {
            add_error(errors, key, "nombre entier positif attendu");
            0
        })
    };
    let mut params = stored.clone();
    params.inbox_check_cron = text("inbox_check_cron");
    params.log_retention_days = number("log_retention_days", &mut errors);
    params.relation_archive_days = number("relation_archive_days", &mut errors);
    params.snapshot_mode = match text("snapshot_mode").as_str() {
        "after_integration" => SnapshotMode::AfterIntegration,
        "scheduled" => SnapshotMode::Scheduled,
        "both" => SnapshotMode::Both,
        _ => {
            add_error(&mut errors, "snapshot_mode", "choix inconnu");
            stored.snapshot_mode
        }
    };
    params.snapshot_schedule_cron = text("snapshot_schedule_cron");
    params.parked_max_days = number("parked_max_days", &mut errors);
    params.back_office_url = text("back_office_url");
    params.snapshot_expiry_hours = number("snapshot_expiry_hours", &mut errors);
    params.visit_backdate_days = number("visit_backdate_days", &mut errors);
    params.max_offline_days = number("max_offline_days", &mut errors);
    params.prospect_retention_months = number("prospect_retention_months", &mut errors);
    params.farmer_categories = lines(&text("farmer_categories"));
    params.ch_due_days = number("ch_due_days", &mut errors);
    for (key, list) in CHOICE_FIELDS.into_iter().zip(choice_lists(&mut params)) {
        // A form from before the lists existed (an open tab) keeps the stored ones.
        if !form.contains_key(key) {
            continue;
        }
        match read_choices(&text(key), key == "client_subcategories") {
            Ok(read) => *list = read,
            Err(problem) => add_error(&mut errors, key, problem),
        }
    }
    params.accountant_emails = lines(&text("accountant_emails"));
    params.error_emails = lines(&text("error_emails"));
    params.system_sender = text("system_sender");
    params.fleet_types = Vec::new();
    for line in lines(&text("fleet_types")) {
        match line.split_once('|') {
            Some((code, label)) => params.fleet_types.push(FleetType {
                code: code.trim().to_string(),
                label: label.trim().to_string(),
            }),
            None => add_error(
                &mut errors,
                "fleet_types",
                format!("« {line} » : écrivez « CODE | Libellé »"),
            ),
        }
    }
    params.smtp = if text("smtp_enabled") == "on" {
        let port = text("smtp_port").parse::<u16>().unwrap_or_else(|_| {
            add_error(&mut errors, "smtp_port", "port entre 1 et 65535 attendu");
            0
        });
        let tls = match text("smtp_tls").as_str() {
            "none" => SmtpTls::None,
            "implicit" => SmtpTls::Implicit,
            _ => SmtpTls::Starttls,
        };
        let typed_password = text("smtp_password");
        let password = if typed_password.is_empty() {
            stored.smtp.as_ref().and_then(|s| s.password.clone())
        } else {
            Some(typed_password)
        };
        let username = Some(text("smtp_username")).filter(|u| !u.is_empty());
        Some(SmtpSettings {
            host: text("smtp_host"),
            port,
            username,
            password,
            tls,
            sender: text("smtp_sender"),
        })
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
            add_error(&mut errors, field, problem.reason);
        }
    }
    let mut config = dir.config.clone();
    for (key, slot) in [
        ("inbox_dir", &mut config.inbox),
        ("snapshots_dir", &mut config.snapshots),
        ("logs_dir", &mut config.logs),
    ] {
        let location = PathBuf::from(text(key));
        if location.as_os_str().is_empty() {
            add_error(&mut errors, key, "emplacement obligatoire");
            continue;
        }
        match dir.check_location(&location) {
            Ok(_) => *slot = location,
            Err(error) => add_error(
                &mut errors,
                key,
                format!("dossier inutilisable par le serveur ({error})"),
            ),
        }
    }
    if errors.is_empty() {
        Ok((params, config))
    } else {
        Err(errors)
    }
}

/// The parameters by group, each field with what was typed and its problems.
#[derive(Template)]
#[template(path = "office/parameters.html")]
struct ParametersPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    /// `(legend, fields)` of each fieldset.
    groups: Vec<(&'static str, Vec<FieldView<'a>>)>,
    summary: Option<Vec<Problem<'a>>>,
    saved: bool,
}

fn parameters_page(
    signed: &Signed,
    values: &HashMap<String, String>,
    errors: &FieldErrors,
    saved: bool,
) -> Result<Html<String>, PageError> {
    let groups = [
        ("Paramétrage serveur", server_fields()),
        ("Paramétrage application", application_fields()),
        ("Paramétrage séparé", separate_fields()),
        ("Serveur de messagerie (SMTP)", smtp_fields()),
    ];
    let all: Vec<&Field<'_>> = groups.iter().flat_map(|(_, fields)| fields).collect();
    render(&ParametersPage {
        shell: Shell::new("Paramètres de l'automate", who(signed)),
        csrf: &signed.csrf,
        groups: groups
            .iter()
            .map(|(title, fields)| (*title, field_views(fields, values, errors)))
            .collect(),
        summary: error_summary(&all, errors),
        saved,
    })
}

/// `?saved=1` after a successful save.
#[derive(serde::Deserialize)]
pub struct SavedFlag {
    #[serde(default)]
    /// Present after a successful save.
    pub saved: Option<String>,
}

/// GET /office/admin/parameters
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Query(flag): Query<SavedFlag>,
) -> Result<Response, PageError> {
    let dir = state.dir.reloaded();
    let params = with_db(&state, |conn| Ok(Parameters::load(conn)?)).await?;
    Ok(parameters_page(
        &signed,
        &form_values(&params, &dir.config),
        &FieldErrors::new(),
        flag.saved.is_some(),
    )?
    .into_response())
}

/// POST /office/admin/parameters
pub async fn save(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let dir = state.dir.reloaded();
    let submitted = form.clone();
    let login = signed.account.login.clone();
    let outcome = with_db(&state, move |conn| {
        let stored = Parameters::load(conn)?;
        match read_form(&submitted, &stored, &dir) {
            Ok((params, config)) => {
                params.save(conn)?;
                if config != dir.config {
                    dir.save_config(config)?;
                }
                tracing::info!(admin = %login, "parameters saved");
                Ok(Ok(()))
            }
            Err(errors) => Ok(Err(errors)),
        }
    })
    .await?;
    Ok(match outcome {
        Ok(()) => {
            state.settings_changed();
            // The snapshots carry the application parameters and the fleet types.
            state.request_snapshots(None);
            Redirect::to("/office/admin/parameters?saved=1").into_response()
        }
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            parameters_page(&signed, &form, &errors, false)?,
        )
            .into_response(),
    })
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
        let values = form_values(&params, &dir.config);
        let (read, config) = read_form(&values, &params, &dir).unwrap();
        assert_eq!(read, params);
        assert_eq!(config, dir.config);
    }

    #[test]
    fn each_bad_value_is_refused_on_its_field() {
        let (_tmp, dir) = dir();
        let params = Parameters::default();
        let mut values = form_values(&params, &dir.config);
        values.insert("visit_backdate_days".into(), "trente".into());
        values.insert("max_offline_days".into(), "0".into());
        values.insert("snapshot_expiry_hours".into(), "0".into());
        values.insert("inbox_check_cron".into(), "toutes les 5 minutes".into());
        values.insert("accountant_emails".into(), "compta.exemple.fr".into());
        values.insert("fleet_types".into(), "VL | VL\nsans barre".into());
        values.insert("smtp_enabled".into(), "on".into());
        values.insert("smtp_host".into(), "".into());
        values.insert("smtp_sender".into(), "x".into());
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
        let mut values = form_values(&params, &dir.config);
        assert!(values["client_subcategories"]
            .starts_with("AGRI | CERE | Céréaliers | Cereal growers\n"));
        values.insert(
            "countries".into(),
            "FR | France | France\nPT | Portugal".into(),
        );
        let (read, _) = read_form(&values, &params, &dir).unwrap();
        assert_eq!(read.countries.len(), 2);
        assert_eq!(read.countries[1].label, "Portugal");
        assert_eq!(
            read.countries[1].label_en, None,
            "the English label is optional"
        );

        values.insert("client_subcategories".into(), "AGRI | CERE".into());
        values.insert(
            "commercial_grids".into(),
            "TROP_LONGUE_GRILLE | Grille".into(),
        );
        values.insert("farmer_categories".into(), "AGRI\nVIGNE".into());
        let errors = read_form(&values, &params, &dir).unwrap_err();
        assert_eq!(
            errors["client_subcategories"],
            ["« AGRI | CERE » : écrivez « CATÉGORIE | CODE | Libellé | libellé anglais (facultatif) »"]
        );
        assert!(errors["commercial_grids"][0].contains("8 caractères au plus"));
        assert!(errors["farmer_categories"][0].contains("VIGNE"));
        // A form without the lists (a tab opened before they existed) keeps the stored ones.
        let mut old_form = form_values(&params, &dir.config);
        old_form.remove("countries");
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
        let values = form_values(&stored, &dir.config);
        assert!(!values.values().any(|v| v == "secret"));
        let (read, _) = read_form(&values, &stored, &dir).unwrap();
        assert_eq!(read.smtp, stored.smtp);
    }
}
