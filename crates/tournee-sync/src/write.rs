//! Atomic publication: a reader (or a sync tool) never sees a partial file.
//!
//! Write under a temp name the readers ignore, in the same folder (so the rename
//! stays on one filesystem), fsync the file, rename, fsync the folder.

use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::envelope::Envelope;
use crate::sign::Signer;

/// Why a file could not be published (`Display` is for logs; the app says it by its
/// variant, in its catalogues).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The disk is full: the app must say so and keep the rep's draft.
    #[error("disk full: cannot write {path}")]
    DiskFull {
        /// The file being written.
        path: PathBuf,
    },
    /// A change file of that name exists already (published files are never rewritten).
    #[error("{path} exists already: a published file is never rewritten")]
    AlreadyPublished {
        /// The existing file.
        path: PathBuf,
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

/// Publishes a change file in `outbox_dir` (created if missing); returns its path.
///
/// A published file is never rewritten (sync-spec section 5: a correction is a new
/// change), so an existing file of that name is [`WriteError::AlreadyPublished`].
/// The check and the rename are not one atomic step: the outbox has one writer, the
/// rep's app, and the name ends in a fresh ULID.
pub fn publish_change(outbox_dir: &Path, envelope: &Envelope) -> Result<PathBuf, WriteError> {
    publish_signed_change(outbox_dir, envelope, None)
}

/// As [`publish_change`], signed by the laptop's enrolled device when there is one
/// (sync-spec section 10).
pub fn publish_signed_change(
    outbox_dir: &Path,
    envelope: &Envelope,
    signer: Option<&Signer>,
) -> Result<PathBuf, WriteError> {
    let unsigned = envelope.to_json_pretty();
    let bytes = match signer {
        None => unsigned,
        // Invariant: `to_json_pretty` always writes one JSON object, which ends with `}`.
        Some(signer) => signer
            .sign_file(&unsigned)
            .expect("a serialised envelope is a JSON object"),
    };
    publish_bytes(outbox_dir, &envelope.file_name().to_string(), &bytes)
}

/// Publishes ready-made bytes as `folder/file_name`, never over an existing file
/// ([`WriteError::AlreadyPublished`]): a file received over HTTPS lands in the inbox
/// exactly as a sync tool would leave it.
pub fn publish_bytes(folder: &Path, file_name: &str, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    fs::create_dir_all(folder).map_err(|e| WriteError::from_io(folder, e))?;
    let target = folder.join(file_name);
    if target.exists() {
        return Err(WriteError::AlreadyPublished { path: target });
    }
    write_via_temp(&target, bytes, false)?;
    Ok(target)
}

/// Publishes several ready-made files in `folder` (created if missing) with one flush to
/// disk for all of them rather than two per file: what a batch pushed over HTTPS needs,
/// where per-file fsyncs would cost more than the transfer. Names already published are
/// left alone (a file is never rewritten); returns how many files are new.
///
/// Every file is written under its temp name first, then the data is flushed, then
/// each is renamed and the folder flushed once: a crash leaves whole files or ignored
/// temps, never a partial change file.
pub fn publish_many<'a>(
    folder: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<usize, WriteError> {
    fs::create_dir_all(folder).map_err(|e| WriteError::from_io(folder, e))?;
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = publish_all(folder, files, &mut written);
    if result.is_err() {
        for (temp, _) in &written {
            // Leave no temp behind; the error is what matters.
            let _cleanup_is_best_effort = fs::remove_file(temp);
        }
    }
    result
}

fn publish_all<'a>(
    folder: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    written: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<usize, WriteError> {
    let mut seen = std::collections::HashSet::new();
    for (file_name, bytes) in files {
        let target = folder.join(file_name);
        // A name given twice is one file: the first copy is the one written.
        if !seen.insert(file_name) || target.exists() {
            continue;
        }
        let temp = temp_path(&target)?;
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)
            .map_err(|e| WriteError::from_io(&temp, e))?;
        written.push((temp.clone(), target));
        file.write_all(bytes)
            .map_err(|e| WriteError::from_io(&temp, e))?;
        #[cfg(not(target_os = "linux"))]
        file.sync_all().map_err(|e| WriteError::from_io(&temp, e))?;
    }
    #[cfg(target_os = "linux")]
    if !written.is_empty() {
        // One flush of the filesystem holding the folder covers every temp above.
        let handle = fs::File::open(folder).map_err(|e| WriteError::from_io(folder, e))?;
        rustix::fs::syncfs(&handle).map_err(|e| WriteError::from_io(folder, e.into()))?;
    }
    let mut published = 0;
    for (temp, target) in written.iter() {
        if target.exists() {
            // Brought meanwhile by another request or a sync tool: it is the same change.
            fs::remove_file(temp).map_err(|e| WriteError::from_io(temp, e))?;
            continue;
        }
        fs::rename(temp, target).map_err(|e| WriteError::from_io(target, e))?;
        published += 1;
    }
    written.clear();
    sync_folder(folder)?;
    Ok(published)
}

/// Writes `bytes` to `path` atomically, replacing any previous file (manifests, snapshots).
///
/// Readers see the old content or the new one, never a mix; the folder must exist.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_via_temp(path, bytes, true)
}

/// Prefix of the writer's temporary names (readers ignore names starting with `.`).
pub const TEMP_PREFIX: &str = ".tmp-";

/// Removes the temporary files a writer killed mid-write left in `folder` (only this
/// writer's `.tmp-` names: a sync tool's own temporaries are not touched). Returns how many.
/// Call it when no write is in progress, e.g. at start-up.
pub fn remove_stale_temps(folder: &Path) -> std::io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            && entry.file_type()?.is_file()
        {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The temp name readers ignore (leading `.`), next to `target` so the rename stays on
/// one filesystem.
fn temp_path(target: &Path) -> Result<PathBuf, WriteError> {
    let file_name = target.file_name().ok_or_else(|| WriteError::Io {
        path: target.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"),
    })?;
    let mut temp_name = std::ffi::OsString::from(TEMP_PREFIX);
    temp_name.push(file_name);
    Ok(target.with_file_name(temp_name))
}

fn write_via_temp(target: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    let temp = temp_path(target)?;
    let result = write_then_rename(&temp, target, bytes, overwrite);
    if result.is_err() && temp.exists() {
        // Leave no half-written temp behind; the error above is what matters.
        let _cleanup_is_best_effort = fs::remove_file(&temp);
    }
    result
}

fn write_then_rename(
    temp: &Path,
    target: &Path,
    bytes: &[u8],
    overwrite: bool,
) -> Result<(), WriteError> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(temp)
        .map_err(|e| WriteError::from_io(temp, e))?;
    file.write_all(bytes)
        .map_err(|e| WriteError::from_io(temp, e))?;
    file.sync_all().map_err(|e| WriteError::from_io(temp, e))?;
    drop(file);
    if !overwrite && target.exists() {
        return Err(WriteError::AlreadyPublished {
            path: target.to_path_buf(),
        });
    }
    fs::rename(temp, target).map_err(|e| WriteError::from_io(target, e))?;
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    sync_folder(folder)
}

/// Makes a rename durable (Unix); folders cannot be opened for sync on Windows.
pub fn sync_folder(folder: &Path) -> Result<(), WriteError> {
    #[cfg(unix)]
    {
        let handle = fs::File::open(folder).map_err(|e| WriteError::from_io(folder, e))?;
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

    #[test]
    fn publish_many_writes_new_files_whole_and_leaves_published_ones_alone() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("inbox").join("jdupont");
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("b.json"), "déjà là").unwrap();
        let files: Vec<(&str, &[u8])> = vec![
            ("a.json", b"{\"a\": 1}"),
            ("b.json", b"autre contenu"),
            ("c.json", b"{\"c\": 3}"),
            ("a.json", b"{\"a\": 2}"),
        ];
        assert_eq!(publish_many(&folder, files).unwrap(), 2);
        assert_eq!(fs::read(folder.join("a.json")).unwrap(), b"{\"a\": 1}");
        assert_eq!(
            fs::read_to_string(folder.join("b.json")).unwrap(),
            "déjà là"
        );
        assert_eq!(fs::read(folder.join("c.json")).unwrap(), b"{\"c\": 3}");
        let mut names: Vec<String> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.json", "b.json", "c.json"], "no temp left behind");
        let again: Vec<(&str, &[u8])> = vec![("a.json", b"x"), ("c.json", b"y")];
        assert_eq!(publish_many(&folder, again).unwrap(), 0);
    }

    #[test]
    fn publish_many_creates_the_folder_and_reports_a_failure_without_leaving_temps() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("new");
        let one: Vec<(&str, &[u8])> = vec![("a.json", b"1")];
        assert_eq!(publish_many(&folder, one).unwrap(), 1);
        // A name that is a folder cannot be written: the error names it, no temp stays.
        let bad: Vec<(&str, &[u8])> = vec![("b.json", b"2"), ("sub/c.json", b"3")];
        let error = publish_many(&folder, bad).unwrap_err();
        assert!(error.to_string().contains("c.json"), "{error}");
        let leftovers: Vec<String> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(TEMP_PREFIX))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        assert!(!folder.join("b.json").exists(), "nothing half-published");
    }
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
    fn only_the_writers_own_stale_temps_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            ".tmp-VC_a_X.json",
            ".syncthing.VC_b_Y.json.tmp",
            "VC_c_Z.json",
        ] {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        assert_eq!(remove_stale_temps(dir.path()).unwrap(), 1);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".syncthing.VC_b_Y.json.tmp", "VC_c_Z.json"]);
    }

    #[test]
    fn a_full_disk_is_named_as_such() {
        let error = WriteError::from_io(Path::new("x"), std::io::Error::from_raw_os_error(28));
        assert!(matches!(error, WriteError::DiskFull { .. }));
        assert!(error.to_string().contains("disk full"));
    }

    #[test]
    fn a_temp_left_by_a_crash_is_neither_read_nor_an_obstacle() {
        let dir = tempfile::tempdir().unwrap();
        let final_name = envelope().file_name().to_string();
        let temp_name = format!(".tmp-{final_name}");
        assert!(crate::name::is_ignored_name(&temp_name));
        fs::write(dir.path().join(&temp_name), b"{\"spec\": 1, \"ty").unwrap();
        let path = publish_change(dir.path(), &envelope()).unwrap();
        assert_eq!(names(dir.path()), [final_name]);
        assert_eq!(fs::read(path).unwrap(), envelope().to_json_pretty());
    }

    #[test]
    fn a_missing_outbox_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = dir.path().join("outbox").join("jdupont");
        let path = publish_change(&outbox, &envelope()).unwrap();
        assert_eq!(path.parent(), Some(outbox.as_path()));
    }

    #[test]
    fn other_failures_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent").join("manifest.json");
        let error = write_atomically(&path, b"x").unwrap_err();
        assert!(matches!(error, WriteError::Io { .. }), "{error:?}");
        assert!(error.to_string().contains("absent"), "{error}");
        assert!(names(dir.path()).is_empty());
    }
}
