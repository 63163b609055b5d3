//! CSV in and out for the CRM's contacts (issue 13 « CSV »).
//!
//! * Import, in three steps the back office walks the admin through: [`store_upload`]
//!   (the file kept server-side under a token, [`upload`]), [`dry_run`] (every line
//!   checked by the record changes' own rules and compared with the master's parties and
//!   the file's earlier lines, nothing written) and [`import_contacts`] (the confirmed dry
//!   run's lines written as record changes in one transaction, the run recorded).
//!   Contacts only: parties and one person per line, never a status or an action.
//! * Export, [`export_contacts`]: what the reader may read, in `tournee_csv`'s contacts
//!   layout.

mod dry_run;
mod export;
mod import;
mod line;
mod mapping;
mod upload;

pub use dry_run::{dry_run, DryRun, DuplicateOf, LineDuplicate, LineReport};
pub use export::{export_contacts, ContactsExport, StatusLabel};
pub use import::{import_contacts, import_dry_run, ImportChoice, ImportDone, IMPORT_AUTHOR_PREFIX};
pub use line::LineProblem;
pub use mapping::{guess_target, ColumnMapping, ImportTarget, MappingError};
pub use upload::{load_upload, store_upload, Upload, MAX_IMPORT_BYTES, UPLOAD_LIFETIME_MINUTES};

use crate::error::StoreError;

/// Why an import step could not go on. Each variant is something the page says, except
/// [`ImportError::Store`] (a server error).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is larger than [`MAX_IMPORT_BYTES`].
    #[error("file of {bytes} bytes, at most {max}")]
    TooLarge {
        /// Its size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The file does not read as CSV (the error has its line and column).
    #[error("CSV: {0}")]
    Csv(tournee_csv::CsvError),
    /// A header and no line.
    #[error("no line under the header")]
    NoLines,
    /// The upload's token is unknown, someone else's, expired or already imported.
    #[error("upload not found or expired")]
    UploadGone,
    /// The chosen mapping cannot be used.
    #[error("mapping: {0}")]
    Mapping(#[from] MappingError),
    /// The owner chosen is no active app user.
    #[error("owner {0:?} is no active user")]
    UnknownOwner(String),
    /// The dry run is not the one confirmed any more: here it is as it now stands.
    #[error("the dry run changed since it was confirmed")]
    Changed(Box<DryRun>),
    /// A line the dry run accepted was refused by the record reader (a bug between them).
    #[error("record: {0}")]
    Record(tournee_sync::RecordError),
    /// A line the dry run accepted was not applied (a bug, or the master changed in a way
    /// the dry run does not see); the whole import is rolled back.
    #[error("record not applied: {0}")]
    NotApplied(crate::records::RecordNotApplied),
    /// The master could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}
