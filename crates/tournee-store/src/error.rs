//! The one error type of the store.

use std::path::PathBuf;

/// Everything that can go wrong below the integration rules: SQLite, files, JSON.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A SQLite call failed.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A JSON value stored in the database could not be read back.
    #[error("stored JSON in {what}: {source}")]
    Json {
        /// Which value (table/column or parameter key).
        what: String,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// The database was written by a newer Tournée than this one.
    #[error("database schema version {found} is newer than this program's {supported}")]
    SchemaTooNew {
        /// `user_version` found in the file.
        found: u32,
        /// Latest version this build knows.
        supported: u32,
    },
    /// A parameter value failed validation.
    #[error("parameter {key}: {reason}")]
    InvalidParameter {
        /// Parameter key.
        key: String,
        /// Why it was refused.
        reason: crate::master::params::ParameterReason,
    },
    /// Writing a snapshot manifest failed.
    #[error("snapshot manifest: {0}")]
    Manifest(#[from] tournee_sync::ManifestError),
    /// A record field of sync-spec v2 without a column in its table: a bug between the two
    /// lists (a test of the records module walks every field of every entity so that it
    /// cannot ship).
    #[error("record field {field} has no column in {table}")]
    RecordUnmapped {
        /// The table.
        table: &'static str,
        /// The field.
        field: String,
    },
    /// The stored policy no longer reads (written by hand, or by a newer program): an
    /// error rather than the default, so rights never widen by accident.
    #[error("stored policy: {0}")]
    StoredPolicy(tournee_core::PolicyError),
    /// A stored value this program cannot read (a role code, a date).
    #[error("stored value {what}: {reason}")]
    StoredValue {
        /// Which value (table.column and row).
        what: String,
        /// Why it does not read.
        reason: String,
    },
    /// Generated data broke a domain rule (a bug in a generator, never user input).
    #[error("generated data: {0}")]
    Domain(#[from] tournee_core::DomainError),
}

impl StoreError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias of this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
