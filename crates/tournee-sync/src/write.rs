//! Atomic publication: a reader (or a sync tool) never sees a partial file.
//!
//! Write under a temp name the readers ignore, in the same folder (so the rename
//! stays on one filesystem), fsync the file, rename, fsync the folder.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::envelope::Envelope;

/// Why a file could not be published.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The disk is full: the app must say so and keep the rep's draft.
    #[error("disque plein : impossible d'écrire {path}")]
    DiskFull {
        /// The file being written.
        path: PathBuf,
    },
    /// A change file of that name exists already (published files are never rewritten).
    #[error("{path} existe déjà : un fichier publié n'est jamais réécrit")]
    AlreadyPublished {
        /// The existing file.
        path: PathBuf,
    },
    /// The change could not be turned into JSON.
    #[error("{path}: {source}")]
    Encode {
        /// The file that was to be written.
        path: PathBuf,
        /// The underlying error.
        source: serde_json::Error,
    },
    /// Any other I/O failure.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl WriteError {
    fn from_io(path: &Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::StorageFull || source.raw_os_error() == Some(28) {
            Self::DiskFull {
                path: path.to_path_buf(),
            }
        } else {
            Self::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    }
}

/// Publishes a change file in `outbox_dir`; returns its path.
pub fn publish_change(outbox_dir: &Path, envelope: &Envelope) -> Result<PathBuf, WriteError> {
    fs::create_dir_all(outbox_dir).map_err(|e| WriteError::from_io(outbox_dir, e))?;
    let target = outbox_dir.join(envelope.file_name().to_string());
    if target.exists() {
        return Err(WriteError::AlreadyPublished { path: target });
    }
    let bytes = envelope
        .to_json_pretty()
        .map_err(|source| WriteError::Encode {
            path: target.clone(),
            source,
        })?;
    write_via_temp(&target, &bytes, false)?;
    Ok(target)
}

/// Writes `bytes` to `path` atomically, replacing any previous file (manifests, snapshots).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_via_temp(path, bytes, true)
}

fn write_via_temp(target: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = folder.join(format!(".tmp-{file_name}"));
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)
            .map_err(|e| WriteError::from_io(&temp, e))?;
        file.write_all(bytes)
            .map_err(|e| WriteError::from_io(&temp, e))?;
        file.sync_all().map_err(|e| WriteError::from_io(&temp, e))?;
        drop(file);
        if !overwrite && target.exists() {
            return Err(WriteError::AlreadyPublished {
                path: target.to_path_buf(),
            });
        }
        fs::rename(&temp, target).map_err(|e| WriteError::from_io(target, e))?;
        sync_folder(folder)
    })();
    if result.is_err() && temp.exists() {
        // Leave no half-written temp behind; the error above is what matters.
        let _cleanup_is_best_effort = fs::remove_file(&temp);
    }
    result
}

/// Makes a rename durable (Unix); folders cannot be opened for sync on Windows.
pub fn sync_folder(folder: &Path) -> Result<(), WriteError> {
    #[cfg(unix)]
    {
        let handle = File::open(folder).map_err(|e| WriteError::from_io(folder, e))?;
        handle
            .sync_all()
            .map_err(|e| WriteError::from_io(folder, e))?;
    }
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::{ChangeBody, ClientModification, RevisitChange, SPEC_VERSION};

    fn envelope() -> Envelope {
        Envelope {
            spec: SPEC_VERSION,
            change_id: "01JDQ3W5ZK8M6T2V4X9B7C1N0P".into(),
            user: "jdupont".into(),
            device: "PC".into(),
            created_at: chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap(),
            body: ChangeBody::MC(ClientModification {
                client_code: "C1".into(),
                changes: Vec::new(),
                revisit: Some(RevisitChange { date: None }),
                fleet: None,
            }),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn publishing_leaves_only_the_final_file_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = publish_change(dir.path(), &envelope()).unwrap();
        assert_eq!(
            names(dir.path()),
            ["MC_jdupont_01JDQ3W5ZK8M6T2V4X9B7C1N0P.json"]
        );
        let parsed = crate::parse::parse_change_file(
            &path.file_name().unwrap().to_string_lossy(),
            &fs::read(&path).unwrap(),
            crate::MAX_FILE_BYTES,
        )
        .unwrap();
        assert_eq!(parsed, envelope());
        assert!(matches!(
            publish_change(dir.path(), &envelope()),
            Err(WriteError::AlreadyPublished { .. })
        ));
        assert_eq!(names(dir.path()).len(), 1, "no temp left after the refusal");
    }

    #[test]
    fn atomic_writes_replace_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["manifest.json"]);
    }

    #[test]
    fn a_full_disk_is_named_as_such() {
        let error = WriteError::from_io(Path::new("x"), std::io::Error::from_raw_os_error(28));
        assert!(matches!(error, WriteError::DiskFull { .. }));
        assert!(error.to_string().contains("disque plein"));
    }
}
