//! The admin's parameters page, grouped as the brief groups them (« Paramétrage
//! Serveur », « Application », « séparé », and the SMTP server). Every value is checked
//! on save; a refused form comes back as typed with each problem next to its field.
//! Parameters live in the database and the locations in `config.toml`; the automaton
//! re-reads both at every tick, so nothing needs a restart.

mod form;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use tournee_store::Parameters;

use super::auth::{Admin, Signed};
use super::checked_form::CheckedForm;
use super::common::{who, with_db};
use super::error::PageError;
use super::form::{error_summary, field_views, Field, FieldErrors, FieldView, Input, Problem};
use super::html::{render, Shell};
use super::OfficeState;
use form::{read_form, ParametersForm};

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

/// The seller's mentions printed on every quote (issue 15), carried to the laptops.
fn seller_fields() -> Vec<Field<'static>> {
    vec![
        Field {
            name: "seller_name",
            label: "Raison sociale",
            input: Input::Text,
            hint: "Nom de l'entreprise tel qu'il figure sur les devis.",
        },
        Field {
            name: "seller_legal_form",
            label: "Forme juridique",
            input: Input::Text,
            hint: "SARL, SAS, EURL…",
        },
        Field {
            name: "seller_capital",
            label: "Capital social",
            input: Input::Text,
            hint: "Tel qu'imprimé, ex. « 10 000 € ».",
        },
        Field {
            name: "seller_address",
            label: "Adresse",
            input: Input::Lines,
            hint: "Une ligne par ligne d'adresse.",
        },
        Field {
            name: "seller_siret",
            label: "SIRET ou SIREN",
            input: Input::Text,
            hint: "14 ou 9 chiffres, clé vérifiée.",
        },
        Field {
            name: "seller_rcs_city",
            label: "Ville du RCS",
            input: Input::Text,
            hint: "Ex. « Lyon » pour « RCS Lyon ».",
        },
        Field {
            name: "seller_vat_number",
            label: "Numéro de TVA intracommunautaire",
            input: Input::Text,
            hint: "Ex. FR44732829320.",
        },
        Field {
            name: "seller_payment_terms",
            label: "Conditions de paiement",
            input: Input::Lines,
            hint: "Imprimées sur chaque devis.",
        },
        Field {
            name: "seller_validity_days",
            label: "Durée de validité d'un devis (jours)",
            input: Input::Number,
            hint: "Proposée à la création d'un devis, de 1 à 366.",
        },
        Field {
            name: "seller_late_penalty",
            label: "Pénalités de retard",
            input: Input::Lines,
            hint: "Taux des pénalités et indemnité forfaitaire de 40 €, imprimés sur chaque devis.",
        },
    ]
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
    values: &ParametersForm,
    errors: &FieldErrors,
    saved: bool,
) -> Result<Html<String>, PageError> {
    let groups = [
        ("Paramétrage serveur", server_fields()),
        ("Paramétrage application", application_fields()),
        ("Paramétrage séparé", separate_fields()),
        ("Serveur de messagerie (SMTP)", smtp_fields()),
        ("Vendeur (mentions des devis)", seller_fields()),
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
        &ParametersForm::of(&params, &dir.config),
        &FieldErrors::new(),
        flag.saved.is_some(),
    )?
    .into_response())
}

/// POST /office/admin/parameters
pub async fn save(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<ParametersForm>,
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
