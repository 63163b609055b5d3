//! The report of each import run, kept in the master (migration 0016) for the back
//! office, and the mail to the error addresses when something was refused.

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use super::{FileReport, ImportRun, Refusal, RowRefusal, RunFault};
use crate::error::{Result, StoreError};

/// Refused rows kept per run: enough to fix a file, bounded if a whole file is refused
/// row by row (the count is kept whole in `erp_import_file.refused`).
pub const KEPT_REFUSALS: usize = 1_000;
/// Refused rows named in the mail.
const MAILED_REFUSALS: usize = 20;

pub(super) fn store(tx: &Transaction<'_>, run: &mut ImportRun) -> Result<()> {
    let fault = run
        .fault
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|source| StoreError::Json {
            what: "erp_import_run.fault_json".into(),
            source,
        })?;
    tx.execute(
        "INSERT INTO erp_import_run (started_at, finished_at, folder, outcome, fault_json) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![run.started_at, run.finished_at, run.folder, run.outcome.code(), fault],
    )?;
    run.id = tx.last_insert_rowid();
    let mut file = tx.prepare(
        "INSERT INTO erp_import_file (run_id, file_name, encoding, read, inserted, updated, unchanged, deactivated, \
         deleted, refused) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for f in &run.files {
        file.execute(params![
            run.id,
            f.file,
            f.encoding,
            f.read as i64,
            f.inserted as i64,
            f.updated as i64,
            f.unchanged as i64,
            f.deactivated as i64,
            f.deleted as i64,
            f.refused as i64
        ])?;
    }
    let mut refusal = tx.prepare(
        "INSERT INTO erp_import_refusal (run_id, file_name, line, reason_json) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for r in run.refusals.iter().take(KEPT_REFUSALS) {
        refusal.execute(params![
            run.id,
            r.file,
            r.line as i64,
            reason_json(&r.reason)?
        ])?;
    }
    Ok(())
}

fn reason_json(reason: &RowRefusal) -> Result<String> {
    serde_json::to_string(reason).map_err(|source| StoreError::Json {
        what: "erp_import_refusal.reason_json".into(),
        source,
    })
}

/// The mail's payload: the server's mail renderer words it (kind `erp_import_refused`).
#[derive(Serialize)]
struct MailPayload<'a> {
    run_id: i64,
    at: &'a str,
    folder: &'a str,
    fault: Option<&'a RunFault>,
    refused: usize,
    refusals: &'a [Refusal],
}

pub(super) fn queue_mail(tx: &Transaction<'_>, run: &ImportRun) -> Result<()> {
    let payload = MailPayload {
        run_id: run.id,
        at: &run.started_at,
        folder: &run.folder,
        fault: run.fault.as_ref(),
        refused: run.refusals.len(),
        refusals: &run.refusals[..run.refusals.len().min(MAILED_REFUSALS)],
    };
    let json = serde_json::to_string(&payload).map_err(|source| StoreError::Json {
        what: "notification.payload_json (erp_import_refused)".into(),
        source,
    })?;
    tx.execute(
        "INSERT INTO notification (kind, payload_json, created_at) VALUES ('erp_import_refused', ?1, ?2)",
        params![json, run.finished_at],
    )?;
    Ok(())
}

/// A run as the back office lists it.
#[derive(Debug, Clone)]
pub struct StoredRun {
    /// Its id.
    pub id: i64,
    /// Started (RFC 3339).
    pub started_at: String,
    /// Finished.
    pub finished_at: String,
    /// The folder read.
    pub folder: String,
    /// `applied`, `unchanged`, `refused` or `empty`.
    pub outcome: String,
    /// The malformed file, when refused.
    pub fault: Option<RunFault>,
    /// Its files' counts.
    pub files: Vec<FileReport>,
}

/// The latest `limit` runs, newest first.
pub fn latest_runs(conn: &Connection, limit: usize) -> Result<Vec<StoredRun>> {
    let mut stmt = conn.prepare(
        "SELECT id, started_at, finished_at, folder, outcome, fault_json FROM erp_import_run ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut files = conn.prepare(
        "SELECT file_name, encoding, read, inserted, updated, unchanged, deactivated, deleted, refused \
         FROM erp_import_file WHERE run_id = ?1",
    )?;
    let mut runs = Vec::with_capacity(rows.len());
    for (id, started_at, finished_at, folder, outcome, fault) in rows {
        let fault = fault
            .map(|json| serde_json::from_str(&json))
            .transpose()
            .map_err(|source| StoreError::Json {
                what: format!("erp_import_run.fault_json of run {id}"),
                source,
            })?;
        let mut list: Vec<FileReport> = files
            .query_map([id], |r| {
                Ok(FileReport {
                    file: r.get(0)?,
                    encoding: r.get(1)?,
                    read: r.get::<_, i64>(2)? as u64,
                    inserted: r.get::<_, i64>(3)? as u64,
                    updated: r.get::<_, i64>(4)? as u64,
                    unchanged: r.get::<_, i64>(5)? as u64,
                    deactivated: r.get::<_, i64>(6)? as u64,
                    deleted: r.get::<_, i64>(7)? as u64,
                    refused: r.get::<_, i64>(8)? as u64,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let order = super::erp_file_names();
        list.sort_by_key(|f| order.iter().position(|n| *n == f.file));
        runs.push(StoredRun {
            id,
            started_at,
            finished_at,
            folder,
            outcome,
            fault,
            files: list,
        });
    }
    Ok(runs)
}

/// The refused rows kept for run `run_id` (at most [`KEPT_REFUSALS`]), in file order.
pub fn run_refusals(conn: &Connection, run_id: i64, limit: usize) -> Result<Vec<Refusal>> {
    let mut stmt = conn.prepare(
        "SELECT file_name, line, reason_json FROM erp_import_refusal WHERE run_id = ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![run_id, limit as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(file, line, json)| {
            let reason = serde_json::from_str(&json).map_err(|source| StoreError::Json {
                what: format!("erp_import_refusal.reason_json of run {run_id}"),
                source,
            })?;
            Ok(Refusal {
                file,
                line: line as usize,
                reason,
            })
        })
        .collect()
}
