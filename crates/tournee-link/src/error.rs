//! The one error type of the transport, with messages a rep can act on (French).

use std::path::PathBuf;

/// Why a transport operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The laptop was never enrolled.
    #[error("cet ordinateur n'est pas enrôlé pour la synchronisation HTTPS")]
    NotEnrolled,
    /// The server could not be reached (offline, cut, timeout).
    #[error("serveur injoignable : {0}")]
    Offline(String),
    /// The server presented another certificate than the one pinned at enrollment.
    #[error("le certificat du serveur a changé (attendu {expected}, reçu {seen}) : contactez l'administrateur")]
    CertificateChanged {
        /// Fingerprint pinned at enrollment.
        expected: String,
        /// Fingerprint presented now.
        seen: String,
    },
    /// The server refused the request.
    #[error("{message} ({code})")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The transport's stable code.
        code: String,
        /// The server's sentence.
        message: String,
    },
    /// The server's answer could not be understood.
    #[error("réponse du serveur illisible : {0}")]
    BadAnswer(String),
    /// What was typed is not usable.
    #[error("{field} : {message}")]
    Input {
        /// The field concerned (`server_url`, `code`).
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A downloaded snapshot did not match its manifest.
    #[error("la base reçue ne correspond pas à son empreinte : elle sera téléchargée à nouveau")]
    HashMismatch,
    /// A local file could not be read or written.
    #[error("{path} : {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A key could not be made or read.
    #[error(transparent)]
    Key(#[from] tournee_sync::SignError),
}

impl LinkError {
    /// Wraps an I/O error with its path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// Whether the failure is the network's (the next round may succeed).
    pub fn is_offline(&self) -> bool {
        matches!(self, Self::Offline(_))
    }
}

impl From<tournee_sync::WriteError> for LinkError {
    fn from(error: tournee_sync::WriteError) -> Self {
        Self::Io {
            path: PathBuf::new(),
            source: std::io::Error::other(error.to_string()),
        }
    }
}
