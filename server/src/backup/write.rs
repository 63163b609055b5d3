//! Writing a backup: the files to act on first, then a consistent copy of the database,
//! then the manifest, into a temporary file that takes the backup's name only once whole.

use std::fs::{self, File};
use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::archive::{self, is_kept_name, FOLDERS};
use super::manifest::{FileSum, Manifest, BACKUP_FORMAT};
use super::{io, BackupError, Result};
use crate::datadir::DataDir;

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    /// The backup file.
    pub file: PathBuf,
    /// Files in it besides the manifest (the database included).
    pub files: usize,
    /// Size of the backup file.
    pub bytes: u64,
    /// The database's schema version.
    pub schema_version: u32,
    /// Entries not backed up because they are not plain files (symbolic links, devices):
    /// a backup never follows a link out of the data directory.
    pub skipped: Vec<PathBuf>,
}

/// zstd level: fast enough for a nightly job, and change files compress well at any level.
const ZSTD_LEVEL: i32 = 3;

/// Backs up the data directory `data` into the new file `to` (refused if it exists).
/// The server may be running: the database is copied inside one read transaction.
pub fn backup(data: &Path, to: &Path, now: DateTime<Utc>) -> Result<BackupReport> {
    let dir = DataDir::open(data)?;
    if fs::symlink_metadata(to).is_ok() {
        return Err(BackupError::TargetExists(to.to_path_buf()));
    }
    let token = ulid::Ulid::new();
    let partial = sibling(to, &format!(".partial-{token}"));
    let db_copy = sibling(to, &format!(".db-{token}"));
    let _cleanup = Cleanup(vec![partial.clone(), db_copy.clone()]);

    let mut writer = Writer::create(&partial)?;
    let mut skipped = Vec::new();
    // The files first, the database after: a change integrated in between is then in
    // both (the restored ledger answers it as a duplicate), never in neither.
    for (folder, depth) in FOLDERS {
        let root = match folder {
            "inbox" => dir.inbox(),
            "parked" => dir.parked(),
            "failed" => dir.failed(),
            _ => dir.mail(),
        };
        writer.add_folder(&root, folder, depth, &mut skipped)?;
    }
    writer.add_small_file(&data.join("config.toml"), archive::CONFIG)?;
    for (path, name) in [
        (dir.tls_cert(), archive::TLS_CERT),
        (dir.tls_key(), archive::TLS_KEY),
    ] {
        if path.is_file() {
            writer.add_small_file(&path, name)?;
        }
    }
    let schema_version = copy_database(&dir.database(), &db_copy)?;
    writer.add_file(&db_copy, archive::DATABASE)?;
    let manifest = Manifest {
        format: BACKUP_FORMAT,
        created_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        server_version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version,
        files: writer.sums.clone(),
    };
    let files = manifest.files.len();
    writer.finish(&manifest)?;
    // A hard link takes the name only if nobody took it meanwhile; the partial file goes.
    fs::hard_link(&partial, to).map_err(|source| match source.kind() {
        std::io::ErrorKind::AlreadyExists => BackupError::TargetExists(to.to_path_buf()),
        _ => BackupError::Io {
            path: to.to_path_buf(),
            source,
        },
    })?;
    let bytes = fs::metadata(to).map_err(io(to))?.len();
    Ok(BackupReport {
        file: to.to_path_buf(),
        files,
        bytes,
        schema_version,
        skipped,
    })
}

/// `to` with `suffix` appended to its file name, in the same folder (same file system, so
/// the final link is atomic).
fn sibling(to: &Path, suffix: &str) -> PathBuf {
    let mut name = to.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    to.with_file_name(name)
}

/// Copies the master into `copy` in one read transaction (`VACUUM INTO`), checks the copy
/// and returns its schema version.
fn copy_database(master: &Path, copy: &Path) -> Result<u32> {
    let conn = Connection::open(master)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let target = copy.to_str().ok_or_else(|| BackupError::Io {
        path: copy.to_path_buf(),
        source: std::io::Error::other("the backup's path is not valid UTF-8"),
    })?;
    conn.execute("VACUUM INTO ?1", [target])?;
    drop(conn);
    check_database(copy)
}

/// `PRAGMA integrity_check` on `path`, then its schema version.
pub(super) fn check_database(path: &Path) -> Result<u32> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(BackupError::Integrity(verdict));
    }
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// The tar stream being written, with each entry's sum.
struct Writer {
    tar: tar::Builder<zstd::Encoder<'static, BufWriter<File>>>,
    sums: std::collections::BTreeMap<String, FileSum>,
    path: PathBuf,
}

impl Writer {
    fn create(path: &Path) -> Result<Self> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        // Owner-only: a backup holds the TLS key and every account's password hash.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(path).map_err(io(path))?;
        let encoder = zstd::Encoder::new(BufWriter::new(file), ZSTD_LEVEL).map_err(io(path))?;
        Ok(Self {
            tar: tar::Builder::new(encoder),
            sums: Default::default(),
            path: path.to_path_buf(),
        })
    }

    /// Every plain file `depth` levels under `root`, as `name/…`; links and devices are
    /// listed in `skipped`, hidden names (temporary files) ignored. A folder that does not
    /// exist holds nothing.
    fn add_folder(
        &mut self,
        root: &Path,
        name: &str,
        depth: usize,
        skipped: &mut Vec<PathBuf>,
    ) -> Result<()> {
        let mut stack = vec![(root.to_path_buf(), name.to_string(), depth)];
        while let Some((folder, prefix, left)) = stack.pop() {
            let entries = match fs::read_dir(&folder) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => {
                    return Err(BackupError::Io {
                        path: folder,
                        source,
                    })
                }
            };
            let mut names = Vec::new();
            for entry in entries {
                let entry = entry.map_err(io(&folder))?;
                names.push(entry.file_name());
            }
            names.sort();
            for file_name in names {
                let Some(text) = file_name.to_str().filter(|t| is_kept_name(t)) else {
                    continue;
                };
                let path = folder.join(&file_name);
                let entry_name = format!("{prefix}/{text}");
                // Never follow a link: what it points at is not the data directory's.
                let meta = match fs::symlink_metadata(&path) {
                    Ok(meta) => meta,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(source) => return Err(BackupError::Io { path, source }),
                };
                if left > 1 && meta.is_dir() {
                    stack.push((path, entry_name, left - 1));
                } else if left == 1 && meta.is_file() {
                    match fs::read(&path) {
                        Ok(bytes) => self.append(&entry_name, &bytes)?,
                        // Integrated and moved since it was listed: it is in the database.
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(source) => return Err(BackupError::Io { path, source }),
                    }
                } else {
                    skipped.push(path);
                }
            }
        }
        Ok(())
    }

    /// A file small enough to read whole (settings, certificates).
    fn add_small_file(&mut self, path: &Path, name: &str) -> Result<()> {
        let bytes = fs::read(path).map_err(io(path))?;
        self.append(name, &bytes)
    }

    /// A large file (the database copy, which nothing else writes), streamed and hashed
    /// in one read.
    fn add_file(&mut self, path: &Path, name: &str) -> Result<()> {
        let file = File::open(path).map_err(io(path))?;
        let bytes = file.metadata().map_err(io(path))?.len();
        let mut reader = Hashing {
            inner: file,
            hasher: Sha256::new(),
        };
        let mut header = header(bytes);
        self.tar
            .append_data(&mut header, name, &mut reader)
            .map_err(io(&self.path))?;
        self.sums.insert(
            name.to_string(),
            FileSum {
                bytes,
                sha256: hex(&reader.hasher.finalize()),
            },
        );
        Ok(())
    }

    fn append(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let mut header = header(bytes.len() as u64);
        self.tar
            .append_data(&mut header, name, bytes)
            .map_err(io(&self.path))?;
        self.sums.insert(
            name.to_string(),
            FileSum {
                bytes: bytes.len() as u64,
                sha256: hex(&Sha256::digest(bytes)),
            },
        );
        Ok(())
    }

    /// Appends the manifest, closes the streams and flushes the file to the disk.
    fn finish(mut self, manifest: &Manifest) -> Result<()> {
        let json = serde_json::to_vec_pretty(manifest)
            .map_err(|e| BackupError::Manifest(e.to_string()))?;
        let mut header = header(json.len() as u64);
        self.tar
            .append_data(&mut header, archive::MANIFEST, json.as_slice())
            .map_err(io(&self.path))?;
        let encoder = self.tar.into_inner().map_err(io(&self.path))?;
        let buffered = encoder.finish().map_err(io(&self.path))?;
        let file = buffered.into_inner().map_err(|e| BackupError::Io {
            path: self.path.clone(),
            source: e.into_error(),
        })?;
        file.sync_all().map_err(io(&self.path))?;
        Ok(())
    }
}

/// A plain-file header of `bytes`, owner-only permissions (a backup holds the TLS key).
fn header(bytes: u64) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(bytes);
    header.set_mode(0o600);
    header
}

/// Lower-case hex of `bytes`.
pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Removes temporary files when a backup stops, whatever the reason.
struct Cleanup(Vec<PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for path in &self.0 {
            let _gone_or_never_made = fs::remove_file(path);
        }
    }
}

/// A reader that hashes what passes through it.
pub(super) struct Hashing<R> {
    /// What is read.
    pub inner: R,
    /// The hash of what was read so far.
    pub hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}
