//! The snapshot manifest: what a laptop reads first, written last by the server.

use std::fs::File;
use std::io::Read as _;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::write::{write_atomically, WriteError};

/// File name of the manifest in each user's snapshot folder.
pub const MANIFEST_FILE: &str = "manifest.json";

use crate::snapshot_schema::SNAPSHOT_SCHEMA_VERSION;

/// Describes the current snapshot of one user.
///
/// Read leniently: fields this build does not know are ignored (sync-spec §8), so that a
/// newer server may add one without every older laptop refusing its snapshots. Apps
/// before this rule refused unknown fields; a server adds a field only once those are
/// gone (see docs/crm-core.md, version negotiation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotManifest {
    /// Spec version.
    pub spec: u32,
    /// Windows login of the user.
    pub user: String,
    /// Generation id (ULID, increasing).
    pub generation: String,
    /// When the server generated it.
    pub generated_at: DateTime<Utc>,
    /// Version of the snapshot database schema.
    pub schema_version: u32,
    /// Hours after which the app shows the snapshot as out of date.
    pub expiry_hours: u32,
    /// File name of the database, in the same folder.
    pub database: String,
    /// SHA-256 of the database file, hex: checked before the app switches to it.
    pub database_sha256: String,
    /// Size of the database file.
    pub database_bytes: u64,
    /// Change ids of this user integrated recently: the app clears their pending marks.
    pub integrated: Vec<String>,
    /// This user's recently refused changes, so the app can say why.
    pub failed: Vec<FailedChange>,
}

/// A refused change as the laptop sees it (read leniently, like the manifest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedChange {
    /// The change id.
    pub change_id: String,
    /// Reason code (see [`crate::RejectReason`]).
    pub reason: String,
}

/// Why a manifest could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// Reading failed.
    #[error("{path}: {source}")]
    Io {
        /// The manifest path.
        path: std::path::PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Not a valid manifest.
    #[error("{path}: {source}")]
    Json {
        /// The manifest path.
        path: std::path::PathBuf,
        /// What is wrong.
        source: serde_json::Error,
    },
    /// Writing failed.
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl SnapshotManifest {
    /// Whether this build can read the database the manifest names.
    pub fn schema_is_known(&self) -> bool {
        self.schema_version <= SNAPSHOT_SCHEMA_VERSION
    }

    /// Whether the snapshot is older than its expiry at `now` (the app shows red).
    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        now - self.generated_at > Duration::hours(i64::from(self.expiry_hours))
    }
}

/// Reads `dir/manifest.json`.
pub fn read_manifest(dir: &Path) -> Result<SnapshotManifest, ManifestError> {
    let path = dir.join(MANIFEST_FILE);
    let bytes = std::fs::read(&path).map_err(|source| ManifestError::Io {
        path: path.clone(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|source| ManifestError::Json { path, source })
}

/// Writes `dir/manifest.json` atomically.
pub fn write_manifest(dir: &Path, manifest: &SnapshotManifest) -> Result<(), ManifestError> {
    let path = dir.join(MANIFEST_FILE);
    let bytes = serde_json::to_vec_pretty(manifest).map_err(|source| ManifestError::Json {
        path: path.clone(),
        source,
    })?;
    write_atomically(&path, &bytes)?;
    Ok(())
}

/// SHA-256 of a file, hex, read in blocks.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> SnapshotManifest {
        SnapshotManifest {
            spec: 1,
            user: "jdupont".into(),
            generation: "01JDQ3W5ZK8M6T2V4X9B7C1N0P".into(),
            generated_at: DateTime::parse_from_rfc3339("2026-11-20T02:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            schema_version: 1,
            expiry_hours: 24,
            database: "snapshot-01JDQ3W5ZK8M6T2V4X9B7C1N0P.sqlite".into(),
            database_sha256: "00".into(),
            database_bytes: 1,
            integrated: vec!["01JDQ3W5ZK8M6T2V4X9B7C1N0A".into()],
            failed: vec![FailedChange {
                change_id: "01JDQ3W5ZK8M6T2V4X9B7C1N0B".into(),
                reason: "unknown_client".into(),
            }],
        }
    }

    #[test]
    fn fields_a_newer_server_adds_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let mut value = serde_json::to_value(manifest()).unwrap();
        value["accepts_spec"] = serde_json::json!([1, 2]);
        value["failed"][0]["why"] = serde_json::json!({"code": "later"});
        std::fs::write(
            dir.path().join(MANIFEST_FILE),
            serde_json::to_vec(&value).unwrap(),
        )
        .unwrap();
        assert_eq!(read_manifest(dir.path()).unwrap(), manifest());
    }

    #[test]
    fn round_trip_and_staleness() {
        let dir = tempfile::tempdir().unwrap();
        write_manifest(dir.path(), &manifest()).unwrap();
        let read = read_manifest(dir.path()).unwrap();
        assert_eq!(read, manifest());
        let generated = read.generated_at;
        assert!(!read.is_stale(generated + Duration::hours(24)));
        assert!(read.is_stale(generated + Duration::hours(25)));
    }

    #[test]
    fn hashes_match_known_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"abc").unwrap();
        assert_eq!(
            sha256_file(&path).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn staleness_is_measured_from_generation() {
        let manifest = manifest();
        let generated = manifest.generated_at;
        assert!(!manifest.is_stale(generated - Duration::hours(1)));
        assert!(!manifest.is_stale(generated));
        assert!(!manifest.is_stale(generated + Duration::hours(24)));
        assert!(manifest.is_stale(generated + Duration::hours(24) + Duration::seconds(1)));
    }

    #[test]
    fn missing_fields_and_missing_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_manifest(dir.path()),
            Err(ManifestError::Io { .. })
        ));
        let mut value = serde_json::to_value(manifest()).unwrap();
        value.as_object_mut().unwrap().remove("database_sha256");
        std::fs::write(
            dir.path().join(MANIFEST_FILE),
            serde_json::to_vec(&value).unwrap(),
        )
        .unwrap();
        assert!(matches!(
            read_manifest(dir.path()),
            Err(ManifestError::Json { .. })
        ));
    }

    #[test]
    fn the_hash_of_a_written_file_matches_its_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snapshot.sqlite");
        let content = vec![7u8; 200_000];
        std::fs::write(&path, &content).unwrap();
        let expected: String = Sha256::digest(&content)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sha256_file(&path).unwrap(), expected);
    }
}
