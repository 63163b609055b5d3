//! The laptop the field crate's tests share (tests only): a snapshot each test module makes
//! its own way, a local database, an outbox, and a reader and a writer over the pending
//! changes, as jdupont's laptop `PC-1` on 21 November 2026 at 10:00 (Paris).

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Connection;

use crate::changes::Author;
use crate::local::LocalDb;
use crate::overlay::Overlay;
use crate::parameters::ServerParameters;
use crate::record_changes::RecordWriter;
use crate::record_index::RecordIndex;
use crate::record_overlay::RecordOverlay;
use crate::record_views::RecordReader;

/// A test laptop; see the module's documentation.
pub(crate) struct Laptop {
    _dir: tempfile::TempDir,
    pub(crate) conn: Connection,
    pub(crate) index: RecordIndex,
    pub(crate) local: LocalDb,
    pub(crate) outbox: PathBuf,
    pub(crate) parameters: ServerParameters,
    /// Whether the writer may write record changes: what the snapshot says unless a test
    /// module's snapshot leaves the negotiation out and sets it.
    pub(crate) accepts: bool,
}

/// The laptop's clock.
pub(crate) fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-21T10:00:00+01:00").unwrap()
}

impl Laptop {
    /// A laptop over the snapshot `snapshot` makes in the laptop's folder.
    pub(crate) fn new(snapshot: impl FnOnce(&Path) -> Connection) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let conn = snapshot(dir.path());
        let parameters = ServerParameters::read(&conn).unwrap();
        let index = RecordIndex::build(&conn, &parameters.action_types).unwrap();
        let local = LocalDb::open(&dir.path().join("local.sqlite")).unwrap();
        let outbox = dir.path().join("outbox");
        std::fs::create_dir_all(&outbox).unwrap();
        let accepts = crate::records::server_accepts_records(&conn).unwrap();
        Self {
            _dir: dir,
            conn,
            index,
            local,
            outbox,
            parameters,
            accepts,
        }
    }

    /// Runs `work` with a reader over the current pending changes and a writer.
    pub(crate) fn with<T>(&mut self, work: impl FnOnce(&mut LocalDb, &RecordWriter<'_>) -> T) -> T {
        let overlay =
            RecordOverlay::from_overlay(&Overlay::read(&self.local).unwrap(), "jdupont").unwrap();
        let reader = RecordReader::new(
            &self.conn,
            &self.index,
            &overlay,
            &self.parameters.action_types,
            NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        )
        .unwrap();
        let author = Author {
            user: "jdupont",
            device: "PC-1",
            now: now(),
            outbox: &self.outbox,
            signer: None,
        };
        let writer = RecordWriter {
            reader: &reader,
            parameters: &self.parameters,
            author: &author,
            accepts: self.accepts,
        };
        work(&mut self.local, &writer)
    }

    /// The laptop's folder (its snapshot, local database and outbox are in it).
    pub(crate) fn folder(&self) -> &Path {
        self._dir.path()
    }

    /// The outbox's files, in name order.
    pub(crate) fn outbox_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.outbox)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    }
}
