//! `local.sqlite`: what only this laptop knows. The changes it wrote and has not yet
//! seen integrated (the « en attente » marks), the drafts of open dialogs, so that
//! nothing the rep typed is lost to a crash or a closed window, and the notices the rep
//! has dismissed.
//!
//! The snapshot is never written; this database is never synced.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use crate::dto::{PendingChange, PendingKind, PendingSubject};
use crate::error::{FieldError, Result};

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
    -- What a pending change is about, as values the window words in its language
    -- (`PendingSubject` as JSON). Rows written before keep their French `summary`; new
    -- rows store an empty `summary`.
    ALTER TABLE pending_change ADD COLUMN subject_json TEXT;
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
    /// What it is about, for the pending lists.
    pub subject: PendingSubject,
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

/// A record change the server refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRecord {
    /// Change id.
    pub change_id: String,
    /// Its payload (`{"entity","op","id","fields"}`).
    pub payload: String,
    /// The manifest's reason code.
    pub reason: String,
    /// When it was written (RFC 3339, laptop clock).
    pub written_at: String,
    /// What it was about (`PendingSubject` as JSON; `None` in rows of older versions).
    pub subject: Option<String>,
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
            "SELECT change_id, kind, client_code, summary, subject_json, written_at, detail_json \
             FROM pending_change \
             WHERE state = 'pending' AND (?1 IS NULL OR client_code = ?1) ORDER BY change_id",
        )?;
        let rows = stmt.query_map([client], |r| {
            let subject: Option<String> = r.get(4)?;
            let summary: String = r.get(3)?;
            Ok((
                PendingChange {
                    change_id: r.get(0)?,
                    kind: kind_from_code(&r.get::<_, String>(1)?),
                    client_code: r.get(2)?,
                    subject: None,
                    legacy_summary: subject.is_none().then_some(summary),
                    written_at: r.get(5)?,
                },
                subject,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut records = Vec::new();
        for row in rows {
            let (mut change, subject, detail_json) = row?;
            change.subject = match subject {
                Some(json) => {
                    Some(
                        serde_json::from_str(&json).map_err(|source| FieldError::Json {
                            what: format!("pending change {} subject", change.change_id),
                            source,
                        })?,
                    )
                }
                None => None,
            };
            records.push(PendingRecord {
                change,
                detail_json,
            });
        }
        Ok(records)
    }

    /// The record changes (`RC`) the server refused, written since `since` (RFC 3339),
    /// oldest first, with their payloads (what the home's notices of refused takes read,
    /// issue 15).
    pub fn refused_records(&self, since: &str) -> Result<Vec<RefusedRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT change_id, detail_json, coalesce(reason, ''), written_at, subject_json \
             FROM pending_change \
             WHERE state = 'failed' AND kind = ?1 AND written_at >= ?2 ORDER BY change_id",
        )?;
        let rows = stmt
            .query_map(params![kind_code(PendingKind::Record), since], |r| {
                Ok(RefusedRecord {
                    change_id: r.get(0)?,
                    payload: r.get(1)?,
                    reason: r.get(2)?,
                    written_at: r.get(3)?,
                    subject: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The file names of the changes still pending, oldest first.
    pub fn pending_files(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT file_name FROM pending_change WHERE state = 'pending' ORDER BY change_id",
        )?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names)
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
        "INSERT INTO pending_change \
           (change_id, kind, client_code, summary, subject_json, detail_json, file_name, written_at) \
         VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, ?7)",
        params![
            pending.change_id,
            kind_code(pending.kind),
            pending.client_code,
            subject_json(&pending.change_id, &pending.subject)?,
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

/// `subject` as stored in `subject_json`.
fn subject_json(change_id: &str, subject: &PendingSubject) -> Result<String> {
    serde_json::to_string(subject).map_err(|source| FieldError::Json {
        what: format!("pending change {change_id} subject"),
        source,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic is how a test reports failure

    use super::*;

    #[test]
    fn a_pending_change_keeps_its_subject_as_values_and_an_older_one_its_french_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("local.sqlite");
        let mut local = LocalDb::open(&path).unwrap();
        let subject = PendingSubject::ProspectVisit {
            date: "2026-12-03".into(),
            name: "Garage Martin".into(),
        };
        let pending = NewPending {
            change_id: "01JNEW".into(),
            kind: PendingKind::ProspectVisit,
            client_code: "P1".into(),
            subject: subject.clone(),
            detail_json: "{}".into(),
            file_name: "VP_jdupont_01JNEW.json".into(),
            written_at: "2026-12-03T10:00:00+01:00".into(),
        };
        local.record_then_publish(&pending, || Ok(())).unwrap();
        // A row as the version before subjects wrote it: a French line, no subject.
        local
            .conn
            .execute(
                "INSERT INTO pending_change (change_id, kind, client_code, summary, detail_json, \
                 file_name, written_at) VALUES ('01JOLD', 'revisit', 'C1', \
                 'Date de revoir : 20/11/2026', '{}', 'MC_jdupont_01JOLD.json', '2026-11-19T17:12:00')",
                [],
            )
            .unwrap();
        drop(local);

        let local = LocalDb::open(&path).unwrap();
        let read: Vec<_> = local
            .pending(None)
            .unwrap()
            .into_iter()
            .map(|r| {
                (
                    r.change.change_id,
                    r.change.subject,
                    r.change.legacy_summary,
                )
            })
            .collect();
        assert_eq!(
            read,
            vec![
                ("01JNEW".to_string(), Some(subject), None),
                (
                    "01JOLD".to_string(),
                    None,
                    Some("Date de revoir : 20/11/2026".to_string())
                ),
            ]
        );
    }
}
