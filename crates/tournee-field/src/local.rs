//! `local.sqlite`: what only this laptop knows. The changes it wrote and has not yet
//! seen integrated (the « en attente » marks), the drafts of open dialogs, so that
//! nothing the rep typed is lost to a crash or a closed window, and the notices the rep
//! has dismissed.
//!
//! The snapshot is never written; this database is never synced.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use crate::dto::{PendingChange, PendingKind};
use crate::error::Result;

/// Forward-only migrations, applied in order; `user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE pending_change (
        change_id    TEXT PRIMARY KEY,
        kind         TEXT NOT NULL,
        client_code  TEXT NOT NULL,
        summary      TEXT NOT NULL,
        detail_json  TEXT NOT NULL,
        file_name    TEXT NOT NULL,
        written_at   TEXT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'pending',
        reason       TEXT
    );
    CREATE INDEX pending_by_client ON pending_change (client_code, state);
    CREATE TABLE draft (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
",
    "
    -- Declined modification requests the rep has seen on the home screen (« J'ai vu »).
    CREATE TABLE seen_notice (
        change_id TEXT PRIMARY KEY,
        seen_at   TEXT NOT NULL
    );
",
    "
    -- Record changes (RC, spec 2) written while the server did not read them yet: kept here,
    -- outside the outbox, and moved into it in `seq` order by the first snapshot whose
    -- `accepted_specs` lists 2. `bytes` is the file exactly as it will be published.
    CREATE TABLE IF NOT EXISTS held_change (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        change_id  TEXT NOT NULL UNIQUE,
        file_name  TEXT NOT NULL,
        bytes      BLOB NOT NULL
    );
",
];

/// A change file kept on the laptop until the server reads its spec.
#[derive(Debug, Clone)]
pub struct HeldChange {
    /// Change id.
    pub change_id: String,
    /// Its file name in the outbox (deterministic from the change id).
    pub file_name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// A change about to be recorded as pending.
#[derive(Debug, Clone)]
pub struct NewPending {
    /// Change id (ULID).
    pub change_id: String,
    /// What it is.
    pub kind: PendingKind,
    /// Client code, or prospect id for prospect changes.
    pub client_code: String,
    /// One line for the rep.
    pub summary: String,
    /// What the overlay needs (visit report, revisit date, fleet), as JSON.
    pub detail_json: String,
    /// File name in the outbox.
    pub file_name: String,
    /// When written (RFC 3339).
    pub written_at: String,
}

/// A pending change with what the overlays need.
#[derive(Debug, Clone)]
pub struct PendingRecord {
    /// As shown to the rep.
    pub change: PendingChange,
    /// The detail JSON recorded with it.
    pub detail_json: String,
}

/// The laptop's own database.
pub struct LocalDb {
    conn: Connection,
}

impl LocalDb {
    /// Opens (creating and migrating) `path`. WAL with `synchronous=FULL`: a pending mark
    /// or a draft that was acknowledged survives a power cut.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;",
        )?;
        let mut db = Self { conn };
        db.migrate()?;
        Ok(db)
    }

    fn migrate(&mut self) -> Result<()> {
        let applied: usize = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?
            .try_into()
            .unwrap_or(0);
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", index + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Records a pending change, then runs `publish`; if publishing fails nothing is
    /// recorded. A crash between the two leaves a published file without a mark, never
    /// a mark without a file.
    pub fn record_then_publish<T>(
        &mut self,
        pending: &NewPending,
        publish: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction()?;
        insert_pending(&tx, pending)?;
        let published = publish()?;
        tx.commit()?;
        Ok(published)
    }

    /// Records a pending change and keeps its file here instead of publishing it (the
    /// server does not read its spec yet), in one transaction: the mark and the file come
    /// together or not at all.
    pub fn record_and_hold(&mut self, pending: &NewPending, bytes: &[u8]) -> Result<()> {
        let tx = self.conn.transaction()?;
        insert_pending(&tx, pending)?;
        tx.execute(
            "INSERT INTO held_change (change_id, file_name, bytes) VALUES (?1, ?2, ?3)",
            params![pending.change_id, pending.file_name, bytes],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The held change files, oldest first.
    pub fn held(&self) -> Result<Vec<HeldChange>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT change_id, file_name, bytes FROM held_change ORDER BY seq")?;
        let rows = stmt.query_map([], |r| {
            Ok(HeldChange {
                change_id: r.get(0)?,
                file_name: r.get(1)?,
                bytes: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forgets a held change once its file is in the outbox.
    pub fn release_held(&self, change_id: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM held_change WHERE change_id = ?1", [change_id])?;
        Ok(())
    }

    /// Clears the marks of the changes a snapshot lists as integrated, and marks the
    /// refused ones with their reason. Returns how many marks changed.
    pub fn reconcile(
        &mut self,
        integrated: &[String],
        failed: &[(String, String)],
    ) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut changed = 0;
        {
            let mut done = tx.prepare(
                "UPDATE pending_change SET state = 'integrated' WHERE change_id = ?1 AND state <> 'integrated'",
            )?;
            for id in integrated {
                changed += done.execute([id])?;
            }
            let mut refused = tx.prepare(
                "UPDATE pending_change SET state = 'failed', reason = ?2 WHERE change_id = ?1 AND state = 'pending'",
            )?;
            for (id, reason) in failed {
                changed += refused.execute(params![id, reason])?;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Every change id this laptop saw integrated (to tidy the outbox).
    pub fn integrated_ids(&self) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT change_id FROM pending_change WHERE state = 'integrated'")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Pending changes, oldest first; only those about `client` when given.
    pub fn pending(&self, client: Option<&str>) -> Result<Vec<PendingRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT change_id, kind, client_code, summary, written_at, detail_json FROM pending_change \
             WHERE state = 'pending' AND (?1 IS NULL OR client_code = ?1) ORDER BY change_id",
        )?;
        let rows = stmt.query_map([client], |r| {
            Ok(PendingRecord {
                change: PendingChange {
                    change_id: r.get(0)?,
                    kind: kind_from_code(&r.get::<_, String>(1)?),
                    client_code: r.get(2)?,
                    summary: r.get(3)?,
                    written_at: r.get(4)?,
                },
                detail_json: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many changes wait to be seen integrated.
    pub fn pending_count(&self) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM pending_change WHERE state = 'pending'",
            [],
            |r| r.get(0),
        )?)
    }

    /// The notices the rep dismissed (change ids).
    pub fn seen_notices(&self) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT change_id FROM seen_notice")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Remembers that the rep has seen the notice of `change_id`.
    pub fn mark_notice_seen(&self, change_id: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO seen_notice (change_id, seen_at) VALUES (?1, ?2)",
            params![change_id, now],
        )?;
        Ok(())
    }

    /// Keeps a dialog's state under `key` (replacing the previous one).
    pub fn save_draft(&self, key: &str, value: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO draft (key, value, updated_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            params![key, value, now],
        )?;
        Ok(())
    }

    /// The draft kept under `key`.
    pub fn load_draft(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM draft WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Forgets the draft under `key` (after a successful validation).
    pub fn discard_draft(&self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM draft WHERE key = ?1", [key])?;
        Ok(())
    }
}

fn insert_pending(conn: &Connection, pending: &NewPending) -> Result<()> {
    conn.execute(
        "INSERT INTO pending_change (change_id, kind, client_code, summary, detail_json, file_name, written_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            pending.change_id,
            kind_code(pending.kind),
            pending.client_code,
            pending.summary,
            pending.detail_json,
            pending.file_name,
            pending.written_at
        ],
    )?;
    Ok(())
}

fn kind_code(kind: PendingKind) -> &'static str {
    match kind {
        PendingKind::Visit => "visit",
        PendingKind::Revisit => "revisit",
        PendingKind::Fleet => "fleet",
        PendingKind::Modification => "modification",
        PendingKind::ProspectCreation => "prospect_creation",
        PendingKind::ProspectUpdate => "prospect_update",
        PendingKind::ProspectDeletion => "prospect_deletion",
        PendingKind::ProspectVisit => "prospect_visit",
        PendingKind::Conversion => "conversion",
        PendingKind::Record => "record",
    }
}

fn kind_from_code(code: &str) -> PendingKind {
    match code {
        "visit" => PendingKind::Visit,
        "revisit" => PendingKind::Revisit,
        "fleet" => PendingKind::Fleet,
        "prospect_creation" => PendingKind::ProspectCreation,
        "prospect_update" => PendingKind::ProspectUpdate,
        "prospect_deletion" => PendingKind::ProspectDeletion,
        "prospect_visit" => PendingKind::ProspectVisit,
        "conversion" => PendingKind::Conversion,
        "record" => PendingKind::Record,
        _ => PendingKind::Modification,
    }
}
