//! `tournee-server backup` and `restore`: one file that holds what a data directory cannot
//! rebuild, and the way back from it into a new directory.
//!
//! **What a backup holds** ([`BACKUP_FORMAT`] 1, a zstd-compressed tar): the master database
//! as a consistent copy taken while the server may be running (`VACUUM INTO`, one read
//! transaction, checked with `PRAGMA integrity_check` before it is written), `config.toml`,
//! the HTTPS certificate and key (the laptops pin the certificate: a new one would
//! orphan every enrolled laptop), and every file not yet integrated or still to act on:
//! the inbox, the parked and refused changes, the mails written as files. Last comes
//! `backup.json` ([`Manifest`]): the schema version and each file's size and SHA-256.
//!
//! **What it leaves out**, because the server rebuilds it or it is history: the snapshots
//! (regenerated at the first pass), the archive of integrated files (their effect is in
//! the database, and the ledger refuses them if they come back), the logs, the caches.
//!
//! **Restore** writes into a new, empty directory only: entries are read into a staging
//! folder beside it, each path checked (no `..`, no absolute path, no link or device, only
//! the folders above), every file compared with the manifest (no file missing or added,
//! sizes and hashes equal), the database checked and its schema version compared with
//! this binary's; only then is the staging folder renamed into place. A backup that fails
//! any check leaves nothing behind.

mod archive;
mod manifest;
mod restore;
mod write;

pub use restore::{restore, RestoreReport};
pub use write::{backup, BackupReport};

use std::path::PathBuf;

/// Why a backup or a restore stopped.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The master database could not be copied or checked.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The data directory could not be opened.
    #[error(transparent)]
    DataDir(#[from] crate::datadir::DataDirError),
    /// The copy of the database is damaged (`PRAGMA integrity_check`'s first answer).
    #[error("the database copy fails its integrity check: {0}")]
    Integrity(String),
    /// The backup file already exists: a backup never overwrites one.
    #[error("{0} already exists; choose another name")]
    TargetExists(PathBuf),
    /// The restore target exists and is not an empty folder.
    #[error("{0} exists and is not empty; restore into a new folder")]
    TargetNotEmpty(PathBuf),
    /// An entry of the archive that a backup never writes (its path and why).
    #[error("backup entry {path:?} refused: {why}")]
    BadEntry {
        /// The entry's path as the archive names it.
        path: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// The archive's files do not match its manifest.
    #[error("the backup does not match its manifest: {0}")]
    Mismatch(String),
    /// The manifest is missing or unreadable.
    #[error("the backup's manifest (backup.json) is missing or unreadable: {0}")]
    Manifest(String),
    /// A backup made in a format this binary does not read.
    #[error("backup format {found} is not read by this version (it reads {supported})")]
    Format {
        /// The backup's format.
        found: u32,
        /// This binary's format.
        supported: u32,
    },
    /// A database of a newer schema than this binary knows (restore with the newer binary).
    #[error("the backup's database has schema {found}; this version knows up to {supported}")]
    SchemaTooNew {
        /// The backup's schema version.
        found: u32,
        /// This binary's latest.
        supported: u32,
    },
}

/// Shorthand for a result of this module.
pub type Result<T, E = BackupError> = std::result::Result<T, E>;

/// `BackupError::Io` for `path`, as a closure for `map_err`.
fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> BackupError {
    let path = path.to_path_buf();
    move |source| BackupError::Io { path, source }
}
