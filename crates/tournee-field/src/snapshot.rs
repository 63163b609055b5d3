//! The rep's offline database: taken from the synced snapshot folder, checked against its
//! manifest, copied into the app's own folder, then opened read-only.
//!
//! Why a copy: the sync tool (or the server's pruning) may delete or replace the files
//! in the synced folder at any time; the app keeps working on the copy it verified, so a
//! half-arrived or vanished snapshot never disturbs the rep. The copy is hashed, not the
//! source, so what was verified is exactly what is used.
//!
//! The search index (every client's folded name) is read on a thread of its own, started
//! once the home screen has asked for its rows ([`Snapshot::read_search_index_soon`]), and
//! reading only a second later: the window's first rows neither wait for it nor share the
//! processor with it while they are drawn. A search asked for before it is ready waits for
//! it, or reads it itself.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Once, OnceLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use tournee_sync::{read_manifest, sha256_file, write_manifest, SnapshotManifest};

use crate::dto::UserIdentity;
use crate::error::{FieldError, Result};
use crate::relation_kind::create_relation_view;
use crate::search::SearchIndex;

/// Folder under the app's home where verified copies live.
const LOCAL_DIR: &str = "snapshots";

/// The search index, filled once by the thread that reads it or by the first search,
/// whichever comes first; `None` when that reading failed.
type IndexCell = Arc<OnceLock<Option<SearchIndex>>>;

/// An opened, verified snapshot.
pub struct Snapshot {
    conn: Connection,
    path: PathBuf,
    manifest: SnapshotManifest,
    search: IndexCell,
    index_thread: Once,
}

impl Snapshot {
    /// The read-only connection.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Starts reading the search index on a thread of its own, once (later calls do
    /// nothing): called when the home screen's rows are asked for, the start's last step.
    pub fn read_search_index_soon(&self) {
        self.index_thread
            .call_once(|| start_index_thread(&self.path, &self.search));
    }

    /// Runs `search` over every client's folded name and code, read once after opening:
    /// waits for the thread reading them if it has not finished, reads them here if it
    /// has not started. Should that reading have failed, it is tried again here, so the
    /// search answers with the real error rather than with nothing.
    pub fn with_search_index<T>(
        &self,
        search: impl FnOnce(&SearchIndex) -> Result<T>,
    ) -> Result<T> {
        match self.search.get_or_init(|| read_index(&self.conn)) {
            Some(index) => search(index),
            None => search(&SearchIndex::build(&self.conn)?),
        }
    }

    /// The manifest it was verified against.
    pub fn manifest(&self) -> &SnapshotManifest {
        &self.manifest
    }

    /// Whether it is older than the server's expiry at `now`.
    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        self.manifest.is_stale(now)
    }

    /// Opens the copy the app verified last, if any.
    pub fn open_local(home: &Path) -> Result<Option<Self>> {
        let dir = home.join(LOCAL_DIR);
        if !dir.join(tournee_sync::MANIFEST_FILE).exists() {
            return Ok(None);
        }
        let manifest = read_manifest(&dir)?;
        let path = dir.join(&manifest.database);
        if !path.exists() {
            return Ok(None);
        }
        Ok(Some(Self::open(&path, manifest)?))
    }

    /// Verifies the snapshot announced in `synced_dir`, copies it into the app's folder,
    /// opens it, and only then makes it the one the app restarts with. Older copies are
    /// removed afterwards.
    pub fn install(home: &Path, synced_dir: &Path) -> Result<Self> {
        let manifest = read_manifest(synced_dir)?;
        if !manifest.schema_is_known() {
            return Err(FieldError::SnapshotTooNew {
                found: manifest.schema_version,
                known: tournee_sync::SNAPSHOT_SCHEMA_VERSION,
            });
        }
        let source = synced_dir.join(&manifest.database);
        let meta = fs::metadata(&source).map_err(|e| FieldError::io(&source, e))?;
        if meta.len() != manifest.database_bytes {
            return Err(FieldError::SnapshotMismatch {
                path: source,
                what: "size",
            });
        }
        let dir = home.join(LOCAL_DIR);
        fs::create_dir_all(&dir).map_err(|e| FieldError::io(&dir, e))?;
        let file_name = format!("snapshot-{}.sqlite", manifest.generation);
        let target = dir.join(&file_name);
        let partial = dir.join(format!(".{file_name}.part"));
        fs::copy(&source, &partial).map_err(|e| FieldError::io(&partial, e))?;
        let digest = sha256_file(&partial).map_err(|e| FieldError::io(&partial, e))?;
        if digest != manifest.database_sha256 {
            let _ignored = fs::remove_file(&partial); // best effort: a stray .part is harmless
            return Err(FieldError::SnapshotMismatch {
                path: source,
                what: "sha256",
            });
        }
        fs::rename(&partial, &target).map_err(|e| FieldError::io(&target, e))?;
        let local_manifest = SnapshotManifest {
            database: file_name.clone(),
            ..manifest
        };
        let opened = Self::open(&target, local_manifest.clone())?;
        write_manifest(&dir, &local_manifest)?;
        remove_other_copies(&dir, &file_name);
        Ok(opened)
    }

    fn open(path: &Path, manifest: SnapshotManifest) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.execute_batch("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16000;")?;
        create_relation_view(&conn)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            manifest,
            search: IndexCell::default(),
            index_thread: Once::new(),
        })
    }
}

/// Reads the search index on a connection of its own, off the thread opening the app.
/// If the thread cannot start, the first search reads the index itself.
/// How long the search index's thread waits before reading: the time the window needs to
/// draw the home's first rows once they are read (docs/benchmarks.md, « Start: the home alone
/// in the first bundle »).
const INDEX_DELAY: Duration = Duration::from_millis(1000);

fn start_index_thread(path: &Path, cell: &IndexCell) {
    let (path, cell) = (path.to_path_buf(), Arc::clone(cell));
    let started = std::thread::Builder::new()
        .name("tournee-search-index".into())
        .spawn(move || {
            // The page draws the home's first rows meanwhile: on a two-core laptop this
            // reading (0.1 to 0.3 s of one core) would take a core from it. A search asked
            // during the wait reads the index itself, as it did before the thread started.
            std::thread::sleep(INDEX_DELAY);
            let opened = Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            );
            match opened {
                Ok(conn) => {
                    cell.get_or_init(|| read_index(&conn));
                }
                // The first search reads it on the app's own connection.
                Err(error) => tracing::warn!(%error, "search index not read in the background"),
            }
        });
    if let Err(error) = started {
        tracing::warn!(%error, "search index thread not started: read at the first search");
    }
}

/// The search index of `conn`'s snapshot, or `None` (logged) when it cannot be read.
fn read_index(conn: &Connection) -> Option<SearchIndex> {
    let started = Instant::now();
    match SearchIndex::build(conn) {
        Ok(index) => {
            tracing::info!(
                clients = index.len(),
                ms = started.elapsed().as_millis(),
                "search index read"
            );
            Some(index)
        }
        Err(error) => {
            tracing::warn!(%error, "search index not read");
            None
        }
    }
}

/// The manifest waiting in the synced folder, if it announces a generation newer than
/// `current` (ULIDs sort by time).
pub fn newer_manifest(synced_dir: &Path, current: Option<&str>) -> Option<SnapshotManifest> {
    let manifest = read_manifest(synced_dir).ok()?;
    if matches!(current, Some(current) if manifest.generation.as_str() <= current) {
        return None;
    }
    // A sync tool carries files in its own order: the manifest may land before its
    // database. Until the database is there whole, nothing newer is available.
    let arrived = fs::metadata(synced_dir.join(&manifest.database))
        .is_ok_and(|meta| meta.len() == manifest.database_bytes);
    arrived.then_some(manifest)
}

fn remove_other_copies(dir: &Path, keep: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("snapshot-") && name.ends_with(".sqlite") && name != keep {
            // Best effort: an old copy left behind only costs disk space.
            let _ignored = fs::remove_file(entry.path());
        }
    }
}

/// The snapshot's user table (no e-mail addresses travel).
pub fn users(conn: &Connection) -> Result<Vec<UserIdentity>> {
    let mut stmt = conn.prepare(
        "SELECT windows_user, erp_code, display_name, is_admin FROM app_user ORDER BY display_name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(UserIdentity {
            windows_user: r.get(0)?,
            erp_code: r.get(1)?,
            display_name: r.get(2)?,
            is_admin: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
