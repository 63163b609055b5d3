//! Restoring a backup into a new data directory: everything is read into a staging folder
//! and checked (paths, manifest, database, schema) before the folder takes its name, so a
//! refused backup leaves nothing behind.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use super::archive::{self, check_entry_path};
use super::manifest::{FileSum, Manifest, BACKUP_FORMAT};
use super::write::{check_database, hex, Hashing};
use super::{io, BackupError, Result};
use crate::datadir::DataDir;

/// The largest manifest read (a backup of a million files' sums is about 150 MB; far
/// beyond any real inbox, so a bigger one is not a backup).
const MAX_MANIFEST_BYTES: u64 = 256 << 20;

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    /// The new data directory.
    pub data: PathBuf,
    /// Files restored besides the manifest.
    pub files: usize,
    /// The database's schema version (migrated to this binary's at the next start).
    pub schema_version: u32,
    /// When the backup was taken.
    pub created_at: String,
    /// What the admin must do by hand (a folder `config.toml` puts outside the data
    /// directory: its files were restored inside it instead, never outside).
    pub notes: Vec<String>,
}

/// Restores the backup `from` into `data`, which must not exist or be an empty folder.
pub fn restore(from: &Path, data: &Path) -> Result<RestoreReport> {
    if let Ok(meta) = fs::symlink_metadata(data) {
        let empty = meta.is_dir() && fs::read_dir(data).map_err(io(data))?.next().is_none();
        if !empty {
            return Err(BackupError::TargetNotEmpty(data.to_path_buf()));
        }
    }
    let mut staging_name = data.file_name().unwrap_or_default().to_os_string();
    staging_name.push(format!(".restoring-{}", ulid::Ulid::new()));
    let staging = data.with_file_name(staging_name);
    fs::create_dir_all(&staging).map_err(io(&staging))?;
    let guard = Staging(Some(staging.clone()));

    let (sums, manifest) = unpack(from, &staging)?;
    let manifest = manifest.ok_or_else(|| BackupError::Manifest("absent".into()))?;
    if manifest.format != BACKUP_FORMAT {
        return Err(BackupError::Format {
            found: manifest.format,
            supported: BACKUP_FORMAT,
        });
    }
    compare(&manifest.files, &sums)?;
    let schema_version = check_database(&staging.join(archive::DATABASE))?;
    if schema_version != manifest.schema_version {
        return Err(BackupError::Mismatch(format!(
            "the database has schema {schema_version}, the manifest says {}",
            manifest.schema_version
        )));
    }
    let supported = tournee_store::MASTER_SCHEMA_VERSION;
    if schema_version > supported {
        return Err(BackupError::SchemaTooNew {
            found: schema_version,
            supported,
        });
    }
    let notes = place_outside_folders(&staging)?;
    create_inside_folders(&staging)?;
    if data.exists() {
        fs::remove_dir(data).map_err(io(data))?;
    }
    fs::rename(&staging, data).map_err(io(data))?;
    guard.disarm();
    Ok(RestoreReport {
        data: data.to_path_buf(),
        files: sums.len(),
        schema_version,
        created_at: manifest.created_at,
        notes,
    })
}

/// Reads every entry of `from` into `staging`, checking each path and type; returns each
/// file's sum and the manifest.
fn unpack(from: &Path, staging: &Path) -> Result<(BTreeMap<String, FileSum>, Option<Manifest>)> {
    let file = File::open(from).map_err(io(from))?;
    let decoder = zstd::Decoder::new(file).map_err(io(from))?;
    let mut tar = tar::Archive::new(decoder);
    let mut sums = BTreeMap::new();
    let mut manifest = None;
    for entry in tar.entries().map_err(io(from))? {
        let mut entry = entry.map_err(io(from))?;
        let path = String::from_utf8(entry.path_bytes().into_owned()).map_err(|_| {
            BackupError::BadEntry {
                path: String::from_utf8_lossy(&entry.path_bytes()).into_owned(),
                why: "a name that is not UTF-8",
            }
        })?;
        let refuse = |why| BackupError::BadEntry {
            path: path.clone(),
            why,
        };
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(refuse(
                "a link, a device or a folder: a backup holds plain files",
            ));
        }
        check_entry_path(&path).map_err(refuse)?;
        if sums.contains_key(&path) || (path == archive::MANIFEST && manifest.is_some()) {
            return Err(refuse("twice in the backup"));
        }
        if path == archive::MANIFEST {
            let mut json = Vec::new();
            (&mut entry)
                .take(MAX_MANIFEST_BYTES)
                .read_to_end(&mut json)
                .map_err(io(from))?;
            let read: Manifest =
                serde_json::from_slice(&json).map_err(|e| BackupError::Manifest(e.to_string()))?;
            manifest = Some(read);
            continue;
        }
        let target = staging.join(&path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = options.open(&target).map_err(io(&target))?;
        let mut reader = Hashing {
            inner: &mut entry,
            hasher: Sha256::new(),
        };
        let bytes = std::io::copy(&mut reader, &mut out).map_err(io(&target))?;
        let sha256 = hex(&reader.hasher.finalize());
        out.sync_all().map_err(io(&target))?;
        sums.insert(path, FileSum { bytes, sha256 });
    }
    Ok((sums, manifest))
}

/// The first difference between the manifest's files and the files found, if any.
fn compare(expected: &BTreeMap<String, FileSum>, found: &BTreeMap<String, FileSum>) -> Result<()> {
    for (path, sum) in expected {
        match found.get(path) {
            None => return Err(BackupError::Mismatch(format!("{path} is missing"))),
            Some(got) if got != sum => {
                return Err(BackupError::Mismatch(format!(
                    "{path} differs from the manifest (size or SHA-256)"
                )))
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = found.keys().find(|path| !expected.contains_key(*path)) {
        return Err(BackupError::Mismatch(format!(
            "{extra} is not in the manifest"
        )));
    }
    if !found.contains_key(archive::DATABASE) {
        return Err(BackupError::Mismatch(format!(
            "{} is missing",
            archive::DATABASE
        )));
    }
    Ok(())
}

/// Where `config.toml` names a place outside the data directory (an inbox shared by a
/// sync tool, a certificate elsewhere), the restored files stay inside it, under a name
/// that says so, and a note tells the admin; a relative place other than the default gets
/// its files moved there. A restore never writes outside its new folder.
fn place_outside_folders(staging: &Path) -> Result<Vec<String>> {
    let dir = DataDir::open(staging)?;
    let mut notes = Vec::new();
    let moves = [
        (staging.join("inbox"), dir.inbox(), "inbox"),
        (staging.join(archive::TLS_CERT), dir.tls_cert(), "tls_cert"),
        (staging.join(archive::TLS_KEY), dir.tls_key(), "tls_key"),
    ];
    for (restored, wanted, setting) in moves {
        if !restored.exists() || restored == wanted {
            continue;
        }
        let inside = wanted
            .strip_prefix(staging)
            .ok()
            .filter(|rest| rest.components().all(|c| matches!(c, Component::Normal(_))));
        match inside {
            Some(_) => {
                if let Some(parent) = wanted.parent() {
                    fs::create_dir_all(parent).map_err(io(parent))?;
                }
                if fs::symlink_metadata(&wanted).is_ok() {
                    notes.push(format!(
                        "{setting}: {} already existed; the backup's copy is in {}",
                        wanted.display(),
                        restored.display()
                    ));
                } else {
                    fs::rename(&restored, &wanted).map_err(io(&wanted))?;
                }
            }
            None => notes.push(format!(
                "config.toml's {setting} is {}, outside the data directory: the backup's \
                 copy was restored as {}; move it there (or change config.toml) before \
                 starting the server",
                wanted.display(),
                restored
                    .strip_prefix(staging)
                    .unwrap_or(&restored)
                    .display()
            )),
        }
    }
    Ok(notes)
}

/// The data directory's folders that `config.toml` puts inside it (the others are the
/// admin's to create, see the notes).
fn create_inside_folders(staging: &Path) -> Result<()> {
    let dir = DataDir::open(staging)?;
    for folder in [
        dir.inbox(),
        dir.parked(),
        dir.archive(),
        dir.failed(),
        dir.snapshots(),
        dir.logs(),
    ] {
        if folder.starts_with(staging) {
            fs::create_dir_all(&folder).map_err(io(&folder))?;
        }
    }
    Ok(())
}

/// Removes the staging folder unless the restore completed.
struct Staging(Option<PathBuf>);

impl Staging {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _already_gone_is_fine = fs::remove_dir_all(path);
        }
    }
}
