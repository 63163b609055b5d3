//! Every sentence of the field app's errors, in French and in English side by side: the
//! one place where a [`FieldError`] (its code and values) becomes words. The domain's
//! rules are worded by `tournee-core`'s own catalogue; the transport's failures
//! ([`LinkFailure`]) here too, so a failure kept between sync rounds is worded in the
//! language the rep reads now.

use tournee_core::Lang;
use tournee_link::{InputProblem, LinkError, LinkFailure};
use tournee_sync::WriteError;

use super::{AppRule, FieldError, FolderProblem, Forbidden, UserProblem};

/// The French or the English wording.
fn pick(lang: Lang, fr: String, en: String) -> String {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// The sentence of an error, in `lang`.
pub fn sentence(error: &FieldError, lang: Lang) -> String {
    match error {
        FieldError::NotConfigured => pick(
            lang,
            "L'application n'est pas encore configurée.".into(),
            "The app is not set up yet.".into(),
        ),
        FieldError::Rules(errors) => errors
            .iter()
            .map(|e| e.message(lang))
            .collect::<Vec<_>>()
            .join(" "),
        FieldError::Folder { path, problem, .. } => folder(*problem, &path.display().to_string(), lang),
        FieldError::User { user, problem } => user_problem(user, problem, lang),
        FieldError::NoSnapshot { folder } => pick(
            lang,
            format!(
                "Aucune base hors ligne n'est encore arrivée dans {} : connectez-vous pour recevoir vos bases.",
                folder.display()
            ),
            format!(
                "No offline data has arrived in {} yet: connect to receive it.",
                folder.display()
            ),
        ),
        FieldError::Manifest(e) => pick(
            lang,
            format!("Le manifeste des bases est illisible ({e})."),
            format!("The offline data's manifest cannot be read ({e})."),
        ),
        FieldError::SnapshotTooNew { .. } => pick(
            lang,
            "Une base plus récente est arrivée, mais elle demande une version plus récente de \
             l'application ; l'ancienne base reste utilisée. Faites mettre à jour Tournée."
                .into(),
            "Newer offline data arrived, but it needs a newer version of the app; the previous \
             data stays in use. Have the app updated."
                .into(),
        ),
        FieldError::SnapshotMismatch { .. } => pick(
            lang,
            "La nouvelle base reçue est incomplète ou abîmée ; l'ancienne reste utilisée. \
             Réessayez après la prochaine synchronisation."
                .into(),
            "The new offline data that arrived is incomplete or damaged; the previous one stays \
             in use. Try again after the next synchronisation."
                .into(),
        ),
        FieldError::UnknownClient(code) => pick(
            lang,
            format!("Le client {code} n'est pas dans vos bases."),
            format!("Client {code} is not in your offline data."),
        ),
        FieldError::UnknownProspect(id) => pick(
            lang,
            format!("Le prospect {id} n'est pas dans vos bases."),
            format!("Prospect {id} is not in your offline data."),
        ),
        FieldError::NotAllowed(why) => forbidden(why, lang),
        FieldError::Write(e) => write(e, lang),
        FieldError::Link(e) => link_failure(&e.failure(), lang),
        FieldError::NotOpened { path, .. } => pick(
            lang,
            format!(
                "Aucune application n'a pu ouvrir le fichier ; il est enregistré ici : {}",
                path.display()
            ),
            format!(
                "No application could open the file; it is saved here: {}",
                path.display()
            ),
        ),
        FieldError::Sql(_) | FieldError::Io { .. } | FieldError::Json { .. } => pick(
            lang,
            format!("Erreur interne : {error}"),
            format!("Internal error: {error}"),
        ),
    }
}

fn folder(problem: FolderProblem, path: &str, lang: Lang) -> String {
    match problem {
        FolderProblem::Empty => pick(
            lang,
            "Indiquez un dossier.".into(),
            "Enter a folder.".into(),
        ),
        FolderProblem::Missing => pick(
            lang,
            format!("Ce dossier n'existe pas ({path})."),
            format!("This folder does not exist ({path})."),
        ),
        FolderProblem::NotWritable => pick(
            lang,
            format!("Impossible d'écrire dans ce dossier ({path})."),
            format!("This folder cannot be written to ({path})."),
        ),
        FolderProblem::NoManifest => pick(
            lang,
            format!(
                "Ce dossier ne contient pas de base hors ligne (manifest.json absent ou illisible) ({path})."
            ),
            format!(
                "This folder holds no offline data (manifest.json missing or unreadable) ({path})."
            ),
        ),
        FolderProblem::DatabaseMissing => pick(
            lang,
            format!("La base annoncée par le manifeste est absente ({path})."),
            format!("The database the manifest announces is missing ({path})."),
        ),
    }
}

fn user_problem(user: &str, problem: &UserProblem, lang: Lang) -> String {
    match problem {
        UserProblem::NotInSnapshot => pick(
            lang,
            format!("{user} n'est pas dans la table des utilisateurs de cette base."),
            format!("{user} is not in the user table of this offline data."),
        ),
        UserProblem::Unknown => pick(
            lang,
            format!("L'utilisateur « {user} » est inconnu du serveur."),
            format!("The user “{user}” is unknown to the server."),
        ),
        UserProblem::OtherRepsFolder { owner } => pick(
            lang,
            format!("Ce dossier de bases appartient à « {owner} », pas à « {user} »."),
            format!("This offline data folder belongs to “{owner}”, not to “{user}”."),
        ),
    }
}

fn forbidden(why: &Forbidden, lang: Lang) -> String {
    match why {
        Forbidden::OtherRepsFigures => pick(
            lang,
            "Action non autorisée : seuls les administrateurs voient les chiffres des autres commerciaux.".into(),
            "Not allowed: only administrators see other reps' figures.".into(),
        ),
        Forbidden::NotPortfolioClient { client } => pick(
            lang,
            format!(
                "Action non autorisée : la date de revoir et le type de parc du client {client} \
                 appartiennent au commercial dont il est le client."
            ),
            format!(
                "Not allowed: the revisit date and the fleet of client {client} belong to the rep \
                 whose portfolio it is in."
            ),
        ),
        Forbidden::ProspectBeingDeleted => pick(
            lang,
            "Action non autorisée : ce prospect est en cours de suppression.".into(),
            "Not allowed: this prospect is being deleted.".into(),
        ),
        Forbidden::ProspectAwaitingValidation => pick(
            lang,
            "Action non autorisée : ce prospect attend la validation de la comptabilité.".into(),
            "Not allowed: this prospect is waiting for the accountant's validation.".into(),
        ),
        Forbidden::ProspectNotYours => pick(
            lang,
            "Action non autorisée : seul le créateur du prospect ou le commercial à qui il est \
             affecté peut le supprimer."
                .into(),
            "Not allowed: only the prospect's creator or the rep it is assigned to may delete it."
                .into(),
        ),
        Forbidden::NotAnExport { path } => pick(
            lang,
            format!("Action non autorisée : {path} n'est pas un fichier exporté par l'application."),
            format!("Not allowed: {path} is no file the app exported."),
        ),
    }
}

fn write(error: &WriteError, lang: Lang) -> String {
    match error {
        WriteError::DiskFull { .. } => pick(
            lang,
            "Le disque est plein : la modification n'a pas été envoyée. Votre saisie est \
             conservée ; libérez de la place puis validez à nouveau."
                .into(),
            "The disk is full: the change was not sent. What you typed is kept; free some \
             space and validate again."
                .into(),
        ),
        other => {
            let detail = match other {
                WriteError::Io { path, source } => format!("{}: {source}", path.display()),
                WriteError::AlreadyPublished { path } => format!("{} exists", path.display()),
                WriteError::DiskFull { path } => path.display().to_string(),
            };
            pick(
                lang,
                format!(
                    "La modification n'a pas pu être écrite dans le dossier d'envoi ({detail}). \
                     Votre saisie est conservée."
                ),
                format!(
                    "The change could not be written to the outbox folder ({detail}). What you \
                     typed is kept."
                ),
            )
        }
    }
}

/// The sentence of a rule only the app's forms check.
pub fn app_rule(rule: &AppRule, lang: Lang) -> String {
    match rule {
        AppRule::Unchanged { .. } => pick(
            lang,
            "La nouvelle valeur est identique à l'actuelle.".into(),
            "The new value is the same as the current one.".into(),
        ),
        AppRule::NothingChanged { .. } => pick(
            lang,
            "Aucune valeur n'est différente de la fiche actuelle.".into(),
            "No value differs from the current record.".into(),
        ),
        AppRule::DateInPast { .. } => pick(
            lang,
            "La date doit être aujourd'hui ou plus tard.".into(),
            "The date must be today or later.".into(),
        ),
        AppRule::BadSignature { .. } => pick(
            lang,
            "La signature doit être dessinée dans le cadre.".into(),
            "The signature must be drawn in the box.".into(),
        ),
        AppRule::BadRange { max_days, .. } => pick(
            lang,
            format!("La fin doit suivre le début, sur {max_days} jours au plus."),
            format!("The end must follow the start, over {max_days} days at most."),
        ),
    }
}

/// A value of a failure, empty when absent.
fn value<'a>(failure: &'a LinkFailure, key: &str) -> &'a str {
    failure.values.get(key).map_or("", String::as_str)
}

/// The sentence of a transport failure (live, or kept from the last round).
pub fn link_failure(failure: &LinkFailure, lang: Lang) -> String {
    let detail = value(failure, "detail");
    match failure.code.as_str() {
        "not_enrolled" => pick(
            lang,
            "Cet ordinateur n'est pas enrôlé pour le transport HTTPS.".into(),
            "This laptop is not enrolled for the HTTPS synchronisation.".into(),
        ),
        "offline" => pick(
            lang,
            format!("Serveur injoignable ({detail})."),
            format!("Server unreachable ({detail})."),
        ),
        "certificate_changed" => pick(
            lang,
            format!(
                "Le certificat du serveur a changé (attendu {}, reçu {}) : contactez l'administrateur.",
                value(failure, "expected"),
                value(failure, "seen")
            ),
            format!(
                "The server's certificate changed (expected {}, presented {}): contact the administrator.",
                value(failure, "expected"),
                value(failure, "seen")
            ),
        ),
        "refused" => refused(failure, lang),
        "bad_answer" => pick(
            lang,
            format!("Réponse du serveur illisible ({detail})."),
            format!("Unreadable answer from the server ({detail})."),
        ),
        "invalid_input" => input(failure, lang),
        "hash_mismatch" => pick(
            lang,
            "La base reçue ne correspond pas à son empreinte : elle sera téléchargée à nouveau."
                .into(),
            "The data received does not match its digest: it will be downloaded again.".into(),
        ),
        "io" => pick(
            lang,
            format!(
                "Fichier de synchronisation illisible ou impossible à écrire : {} ({detail}).",
                value(failure, "path")
            ),
            format!(
                "A synchronisation file could not be read or written: {} ({detail}).",
                value(failure, "path")
            ),
        ),
        "key" => pick(
            lang,
            format!("La clé de cet ordinateur est illisible ({detail})."),
            format!("This laptop's key cannot be read ({detail})."),
        ),
        other => pick(
            lang,
            format!("Échec de la synchronisation ({other})."),
            format!("Synchronisation failed ({other})."),
        ),
    }
}

/// Known refusals of the transport (sync-spec §11) in the rep's words; any other keeps the
/// server's own sentence with its code.
fn refused(failure: &LinkFailure, lang: Lang) -> String {
    let code = value(failure, "server_code");
    let (fr, en) = match code {
        // One answer for an unknown code and a wrong proof (spec §11), which may also mean
        // that the certificate seen is not the server's.
        "code_refused" | "unknown_code" | "bad_proof" => (
            "Refusé par le serveur : code d'enrôlement inconnu. Vérifiez-le caractère par caractère \
             et comparez l'empreinte du certificat à celle de l'administrateur, ou demandez un autre code.",
            "Refused by the server: unknown enrollment code. Check it character by character \
             and compare the certificate fingerprint with the administrator's, or ask for another code.",
        ),
        "too_many_attempts" => (
            "Trop d'essais depuis cet ordinateur : patientez quelques minutes avant de réessayer.",
            "Too many attempts from this laptop: wait a few minutes before trying again.",
        ),
        "code_used" => (
            "Refusé par le serveur : code d'enrôlement déjà utilisé. Demandez-en un autre à l'administrateur.",
            "Refused by the server: enrollment code already used. Ask the administrator for another one.",
        ),
        "code_expired" => (
            "Refusé par le serveur : code d'enrôlement expiré. Demandez-en un autre à l'administrateur.",
            "Refused by the server: enrollment code expired. Ask the administrator for another one.",
        ),
        "code_burnt" => (
            "Ce code d'enrôlement est bloqué après trop d'essais : demandez-en un autre.",
            "This enrollment code is blocked after too many attempts: ask for another one.",
        ),
        "key_taken" => (
            "Cette clé est déjà enrôlée : relancez l'enrôlement.",
            "This key is enrolled already: enroll again.",
        ),
        "unknown_user" => (
            "L'utilisateur de ce code n'est pas actif sur le serveur : contactez l'administrateur.",
            "The user of this code is not active on the server: contact the administrator.",
        ),
        "unknown_device" | "revoked_device" => (
            "Cet ordinateur n'est plus autorisé par le serveur : demandez un nouveau code à l'administrateur.",
            "The server no longer accepts this laptop: ask the administrator for a new code.",
        ),
        "replay" | "bad_signature" => (
            "Le serveur a refusé la signature de la demande : la prochaine synchronisation réessaiera.",
            "The server refused the request's signature: the next synchronisation will try again.",
        ),
        "internal" => (
            "Erreur interne du serveur : la prochaine synchronisation réessaiera.",
            "Internal server error: the next synchronisation will try again.",
        ),
        _ => {
            let said = value(failure, "server_message");
            return pick(
                lang,
                format!("Le serveur a refusé la demande : {said} ({code})."),
                format!("The server refused the request: {said} ({code})."),
            );
        }
    };
    pick(lang, fr.into(), en.into())
}

fn input(failure: &LinkFailure, lang: Lang) -> String {
    let (code_user, app_user) = (value(failure, "code_user"), value(failure, "app_user"));
    match value(failure, "problem") {
        "not_https" => pick(
            lang,
            "L'adresse doit commencer par https://.".into(),
            "The address must start with https://.".into(),
        ),
        "not_just_host_and_port" => pick(
            lang,
            "Indiquez seulement https://serveur:port, sans chemin.".into(),
            "Enter only https://server:port, without a path.".into(),
        ),
        "code_shape" => pick(
            lang,
            "Le code a 16 caractères, par exemple K7QM-3XPD-9RTA-WZ4C.".into(),
            "The code has 16 characters, for example K7QM-3XPD-9RTA-WZ4C.".into(),
        ),
        "code_for_another_user" => pick(
            lang,
            format!(
                "Ce code enrôle un portable pour « {code_user} », l'application est configurée pour « {app_user} »."
            ),
            format!(
                "This code enrolls a laptop for “{code_user}”, the app is set up for “{app_user}”."
            ),
        ),
        other => pick(
            lang,
            format!("Valeur non valable ({other})."),
            format!("Invalid value ({other})."),
        ),
    }
}

/// Every input problem of the transport, for the catalogue's completeness test.
pub fn input_problems() -> Vec<InputProblem> {
    vec![
        InputProblem::NotHttps,
        InputProblem::NotJustHostAndPort,
        InputProblem::CodeShape,
        InputProblem::CodeForAnotherUser {
            code_user: "nbertrand".into(),
            app_user: "jdupont".into(),
        },
    ]
}

/// One error of each kind the transport raises, for the catalogue's completeness test.
pub fn link_errors() -> Vec<LinkError> {
    let mut errors = vec![
        LinkError::NotEnrolled,
        LinkError::Offline("connection refused".into()),
        LinkError::CertificateChanged {
            expected: "AB12".into(),
            seen: "CD34".into(),
        },
        LinkError::BadAnswer("eof".into()),
        LinkError::HashMismatch,
        LinkError::io("/tmp/state.json", std::io::Error::other("denied")),
        LinkError::Key(tournee_sync::SignError::BadKey("short".into())),
    ];
    for code in [
        "code_refused",
        "unknown_code",
        "too_many_attempts",
        "code_used",
        "code_expired",
        "code_burnt",
        "bad_proof",
        "key_taken",
        "unknown_user",
        "unknown_device",
        "revoked_device",
        "replay",
        "bad_signature",
        "internal",
        "too_large",
    ] {
        errors.push(LinkError::Refused {
            status: 403,
            code: code.into(),
            message: "refused".into(),
        });
    }
    for problem in input_problems() {
        errors.push(LinkError::Input {
            field: "code",
            problem,
        });
    }
    errors
}
