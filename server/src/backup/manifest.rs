//! `backup.json`: what a backup holds, so that a restore can tell a whole backup from a
//! truncated, altered or foreign one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The format this binary writes and reads. A later format gets a new number; an older
/// binary then refuses it by name instead of restoring half of it.
pub const BACKUP_FORMAT: u32 = 1;

/// The manifest of one backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`BACKUP_FORMAT`] when written.
    pub format: u32,
    /// When the database copy was taken (RFC 3339, UTC).
    pub created_at: String,
    /// The version of `tournee-server` that wrote it.
    pub server_version: String,
    /// The master database's schema version (`PRAGMA user_version`).
    pub schema_version: u32,
    /// Every other entry by path: its size and SHA-256.
    pub files: BTreeMap<String, FileSum>,
}

/// One file's size and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSum {
    /// Bytes.
    pub bytes: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}
