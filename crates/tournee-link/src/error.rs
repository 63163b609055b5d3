//! The one error type of the transport. Each error carries a stable code and the values a
//! sentence needs ([`LinkError::failure`]); the sentences a rep reads, in French or English,
//! are written by the field app's error catalogue, never here. `Display` is a short English
//! line for the logs.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Why a transport operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The laptop was never enrolled.
    #[error("this laptop is not enrolled for the HTTPS transport")]
    NotEnrolled,
    /// The server could not be reached (offline, cut, timeout); the detail is the
    /// network library's own words.
    #[error("server unreachable: {0}")]
    Offline(String),
    /// The server presented another certificate than the one pinned at enrollment.
    #[error("the server's certificate changed (pinned {expected}, presented {seen})")]
    CertificateChanged {
        /// Fingerprint pinned at enrollment.
        expected: String,
        /// Fingerprint presented now.
        seen: String,
    },
    /// The server refused the request.
    #[error("refused by the server: {message} ({code})")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The transport's stable code.
        code: String,
        /// The server's sentence.
        message: String,
    },
    /// The server's answer could not be understood.
    #[error("unreadable answer from the server: {0}")]
    BadAnswer(String),
    /// What was typed is not usable.
    #[error("{field}: {problem:?}")]
    Input {
        /// The field concerned (`server_url`, `code`).
        field: &'static str,
        /// What is wrong with it.
        problem: InputProblem,
    },
    /// A downloaded snapshot did not match its manifest.
    #[error("the downloaded snapshot does not match its digest")]
    HashMismatch,
    /// A local file could not be read or written.
    #[error("{path}: {source}")]
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

/// What is wrong with a value the rep typed to enroll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputProblem {
    /// The server address does not start with `https://`.
    NotHttps,
    /// The server address has a path, a space or a query after the host and port.
    NotJustHostAndPort,
    /// The enrollment code is not 16 letters and digits.
    CodeShape,
    /// The code enrolls a laptop for another rep than the one the app is set up for.
    CodeForAnotherUser {
        /// The rep the admin made the code for.
        code_user: String,
        /// The rep this app is set up for.
        app_user: String,
    },
}

impl InputProblem {
    /// Stable code of the problem.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotHttps => "not_https",
            Self::NotJustHostAndPort => "not_just_host_and_port",
            Self::CodeShape => "code_shape",
            Self::CodeForAnotherUser { .. } => "code_for_another_user",
        }
    }
}

/// A failure reduced to what its sentence needs, so that it can be kept between rounds
/// (the status bar shows the last one) and worded later in the rep's language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkFailure {
    /// Stable code (`offline`, `certificate_changed`, `refused`, `invalid_input`…).
    pub code: String,
    /// The values the sentence names (`detail`, `expected`, `seen`, `server_code`…).
    pub values: BTreeMap<String, String>,
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

    /// The error's code and values.
    pub fn failure(&self) -> LinkFailure {
        let values = |pairs: &[(&str, String)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect()
        };
        let (code, values) = match self {
            Self::NotEnrolled => ("not_enrolled", BTreeMap::new()),
            Self::Offline(detail) => ("offline", values(&[("detail", detail.clone())])),
            Self::CertificateChanged { expected, seen } => (
                "certificate_changed",
                values(&[("expected", expected.clone()), ("seen", seen.clone())]),
            ),
            Self::Refused {
                status,
                code,
                message,
            } => (
                "refused",
                values(&[
                    ("status", status.to_string()),
                    ("server_code", code.clone()),
                    ("server_message", message.clone()),
                ]),
            ),
            Self::BadAnswer(detail) => ("bad_answer", values(&[("detail", detail.clone())])),
            Self::Input { field, problem } => {
                let mut pairs = vec![
                    ("field", (*field).to_string()),
                    ("problem", problem.code().to_string()),
                ];
                if let InputProblem::CodeForAnotherUser {
                    code_user,
                    app_user,
                } = problem
                {
                    pairs.push(("code_user", code_user.clone()));
                    pairs.push(("app_user", app_user.clone()));
                }
                ("invalid_input", values(&pairs))
            }
            Self::HashMismatch => ("hash_mismatch", BTreeMap::new()),
            Self::Io { path, source } => (
                "io",
                values(&[
                    ("path", path.display().to_string()),
                    ("detail", source.to_string()),
                ]),
            ),
            // The detail names the case in short English, as the other details do (the
            // samples the UI words hold these words).
            Self::Key(error) => (
                "key",
                values(&[(
                    "detail",
                    match error {
                        tournee_sync::SignError::BadKey(why) => format!("bad key: {why}"),
                        tournee_sync::SignError::NotAnObject => "not a JSON object".into(),
                        tournee_sync::SignError::Random(why) => format!("no randomness: {why}"),
                    },
                )]),
            ),
        };
        LinkFailure {
            code: code.to_string(),
            values,
        }
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
