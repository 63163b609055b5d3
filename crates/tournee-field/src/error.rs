//! Why a command failed, and how the rep reads it.
//!
//! Library code returns [`FieldError`]; the window sees a [`CommandError`] made by
//! [`FieldError::to_command_error`], the one place where errors become sentences in the
//! rep's language, each pointing at the field it concerns.

use std::path::PathBuf;

use tournee_core::{DomainError, Lang};
use tournee_sync::{ManifestError, WriteError};

use crate::dto::{CommandError, Problem};

/// Everything that can go wrong in the field app's work.
#[derive(Debug, thiserror::Error)]
pub enum FieldError {
    /// The first-run set-up has not been done.
    #[error("the app is not set up yet")]
    NotConfigured,
    /// Rule violations, each naming its field.
    #[error("{}", .0.iter().map(|e| e.message(Lang::En)).collect::<Vec<_>>().join("; "))]
    Rules(Vec<DomainError>),
    /// A folder the rep chose is not usable.
    #[error("{field}: {path}: {reason}")]
    Folder {
        /// `snapshot_dir` or `outbox_dir`.
        field: &'static str,
        /// The folder.
        path: PathBuf,
        /// What is wrong, in French (shown as is).
        reason: String,
    },
    /// The chosen user is not in the snapshot's user table, or the folder is another rep's.
    #[error("user {user}: {reason}")]
    User {
        /// The login.
        user: String,
        /// What is wrong, in French.
        reason: String,
    },
    /// No usable snapshot (none arrived yet, or the one there is damaged).
    #[error("no usable snapshot: {0}")]
    NoSnapshot(String),
    /// The manifest could not be read.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// A snapshot file does not match its manifest (size or hash): not switched to.
    #[error("snapshot {path} does not match its manifest ({what})")]
    SnapshotMismatch {
        /// The database file.
        path: PathBuf,
        /// `size` or `sha256`.
        what: &'static str,
    },
    /// The client code is not in the snapshot.
    #[error("unknown client {0}")]
    UnknownClient(String),
    /// The prospect is not in the snapshot nor created on this laptop.
    #[error("unknown prospect {0}")]
    UnknownProspect(String),
    /// The rep may not do this (delete another rep's prospect, see another rep's figures).
    #[error("not allowed: {0}")]
    NotAllowed(String),
    /// Publishing the change file failed (disk full, folder gone…); nothing was recorded.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// A local or snapshot database error.
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    /// A file operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The built-in HTTPS transport failed (enrollment or a sync round); its messages
    /// are French sentences the rep can act on.
    #[error(transparent)]
    Link(#[from] tournee_link::LinkError),
    /// A JSON value stored by the app or the server could not be read.
    #[error("{what}: {source}")]
    Json {
        /// What was being read.
        what: String,
        /// The parser's error.
        source: serde_json::Error,
    },
}

/// Shorthand for the crate's results.
pub type Result<T, E = FieldError> = std::result::Result<T, E>;

impl FieldError {
    /// One rule violation.
    pub fn rule(error: DomainError) -> Self {
        Self::Rules(vec![error])
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// The stable code the UI and the logs use.
    pub fn code(&self) -> String {
        match self {
            Self::NotConfigured => "not_configured".into(),
            Self::Rules(errors) => errors.first().map_or("invalid", |e| e.code()).to_string(),
            Self::Folder { .. } => "invalid_folder".into(),
            Self::User { .. } => "invalid_user".into(),
            Self::NoSnapshot(_) => "no_snapshot".into(),
            Self::Manifest(_) => "manifest".into(),
            Self::SnapshotMismatch { .. } => "snapshot_mismatch".into(),
            Self::UnknownClient(_) => "unknown_client".into(),
            Self::UnknownProspect(_) => "unknown_prospect".into(),
            Self::NotAllowed(_) => "not_allowed".into(),
            Self::Write(WriteError::DiskFull { .. }) => "disk_full".into(),
            Self::Write(_) => "write_failed".into(),
            Self::Link(tournee_link::LinkError::Input { field, .. }) => format!("invalid_{field}"),
            Self::Link(tournee_link::LinkError::Refused { code, .. }) => format!("link_{code}"),
            Self::Link(_) => "link".into(),
            Self::Sql(_) | Self::Io { .. } | Self::Json { .. } => "internal".into(),
        }
    }

    /// The error as the window shows it, in `lang`.
    pub fn to_command_error(&self, lang: Lang) -> CommandError {
        let fr = lang == Lang::Fr;
        let problems: Vec<Problem> = match self {
            Self::Rules(errors) => errors
                .iter()
                .map(|e| Problem {
                    field: e.field().to_string(),
                    message: e.message(lang),
                })
                .collect(),
            Self::Folder {
                field,
                path,
                reason,
            } => vec![Problem {
                field: (*field).to_string(),
                message: format!("{reason} ({})", path.display()),
            }],
            Self::User { reason, .. } => vec![Problem {
                field: "user".into(),
                message: reason.clone(),
            }],
            Self::Link(tournee_link::LinkError::Input { field, message }) => vec![Problem {
                field: (*field).to_string(),
                message: message.clone(),
            }],
            // A refused code is the code field's problem.
            Self::Link(error @ tournee_link::LinkError::Refused { code, .. })
                if code.contains("code") || code == "bad_proof" =>
            {
                vec![Problem {
                    field: "code".into(),
                    message: error.to_string(),
                }]
            }
            Self::UnknownClient(code) => vec![Problem {
                field: "client_code".into(),
                message: if fr {
                    format!("Le client {code} n'est pas dans vos bases.")
                } else {
                    format!("Client {code} is not in your offline data.")
                },
            }],
            Self::UnknownProspect(id) => vec![Problem {
                field: "prospect_id".into(),
                message: if fr {
                    format!("Le prospect {id} n'est pas dans vos bases.")
                } else {
                    format!("Prospect {id} is not in your offline data.")
                },
            }],
            _ => Vec::new(),
        };
        let message = if problems.is_empty() {
            self.sentence(fr)
        } else {
            problems
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join(" ")
        };
        CommandError {
            code: self.code(),
            field: problems.first().map(|p| p.field.clone()),
            message,
            problems,
        }
    }

    /// Sentences for the errors that concern no field.
    fn sentence(&self, fr: bool) -> String {
        match (self, fr) {
            (Self::NotConfigured, true) => "L'application n'est pas encore configurée.".into(),
            (Self::NotConfigured, false) => "The app is not set up yet.".into(),
            (Self::NoSnapshot(why), true) => format!(
                "Aucune base hors ligne utilisable : {why}. Connectez-vous pour recevoir vos bases."
            ),
            (Self::NoSnapshot(why), false) => {
                format!("No usable offline data: {why}. Connect to receive it.")
            }
            (Self::Manifest(e), true) => format!("Le manifeste des bases est illisible : {e}"),
            (Self::SnapshotMismatch { .. }, true) => {
                "La nouvelle base reçue est incomplète ou abîmée ; l'ancienne reste utilisée. \
                 Réessayez après la prochaine synchronisation."
                    .into()
            }
            (Self::Write(WriteError::DiskFull { .. }), true) => {
                "Le disque est plein : la modification n'a pas été envoyée. Votre saisie est \
                 conservée ; libérez de la place puis validez à nouveau."
                    .into()
            }
            (Self::Write(WriteError::DiskFull { .. }), false) => {
                "The disk is full: the change was not sent. What you typed is kept; free some \
                 space and validate again."
                    .into()
            }
            (Self::Write(e), true) => format!(
                "La modification n'a pas pu être écrite dans le dossier d'envoi ({e}). Votre \
                 saisie est conservée."
            ),
            (Self::NotAllowed(why), true) => format!("Action non autorisée : {why}."),
            (Self::Link(error), _) => error.to_string(),
            (other, true) => format!("Erreur interne : {other}"),
            (other, false) => other.to_string(),
        }
    }
}
