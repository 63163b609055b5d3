//! The exactly-once ledger and the record of refused files.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use tournee_sync::{Detail, Envelope, Rejection};

use crate::error::Result;

/// Whether `user`'s change `change_id` is integrated (what a laptop asking about its
/// own file may learn; another user's change id says nothing).
pub fn is_integrated_for(conn: &Connection, change_id: &str, user: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM change_ledger WHERE change_id = ?1 AND user = ?2")?
        .query_row([change_id, user], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A refusal as recorded: its reason code and its detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedFailure {
    /// The reason code (sync-spec section 6.1).
    pub reason: String,
    /// The detail as a code with values, when this build knows its code (rows written
    /// before details had codes have none).
    pub detail: Option<Detail>,
    /// The stored line: an English log line, or an older row's French sentence.
    pub text: String,
}

/// The latest refusal recorded for a file name.
pub fn last_failure(conn: &Connection, file_name: &str) -> Result<Option<RecordedFailure>> {
    Ok(conn
        .prepare_cached(
            "SELECT reason, detail, detail_json FROM integration_failure WHERE file_name = ?1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([file_name], |r| {
            let json: Option<String> = r.get(2)?;
            Ok(RecordedFailure {
                reason: r.get(0)?,
                text: r.get(1)?,
                detail: json.as_deref().and_then(Detail::from_json),
            })
        })
        .optional()?)
}

/// One integrated change, as the monitor lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerLine {
    /// When it was integrated (RFC 3339).
    pub integrated_at: String,
    /// Its change type (`VC`, `MC`, …).
    pub change_type: String,
    /// The rep who sent it.
    pub user: String,
    /// Its file name.
    pub file_name: String,
}

/// The `limit` latest integrations, newest first, and how many there were in all.
pub fn recent_integrations(conn: &Connection, limit: usize) -> Result<(Vec<LedgerLine>, i64)> {
    let lines = conn
        .prepare(
            "SELECT integrated_at, change_type, user, file_name FROM change_ledger \
             ORDER BY integrated_at DESC LIMIT ?1",
        )?
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok(LedgerLine {
                integrated_at: r.get(0)?,
                change_type: r.get(1)?,
                user: r.get(2)?,
                file_name: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = conn.query_row("SELECT count(*) FROM change_ledger", [], |r| r.get(0))?;
    Ok((lines, total))
}

/// Claims a change id for this change: writes its ledger row unless the id is already
/// there, and says whether it did. Runs first inside the change's savepoint, so a change
/// that is then refused or must wait leaves no row; one statement both detects a
/// duplicate and records the integration. `OR FAIL`: any other constraint failing is a
/// database error that rolls the whole transaction back, so SQLite keeps no statement
/// journal to undo this statement alone.
pub(crate) fn claim(
    conn: &Connection,
    now: DateTime<Utc>,
    file_name: &str,
    envelope: &Envelope,
) -> Result<bool> {
    let inserted = conn
        .prepare_cached(
            "INSERT OR FAIL INTO change_ledger (change_id, change_type, user, file_name, created_at, integrated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (change_id) DO NOTHING",
        )?
        .execute(params![
            envelope.change_id,
            envelope.change_type().code(),
            envelope.user,
            file_name,
            envelope.created_at.to_rfc3339(),
            now.to_rfc3339_opts(SecondsFormat::Millis, true),
        ])?;
    Ok(inserted == 1)
}

/// Takes back a claim made by [`claim`] in this transaction (a change refused after it).
pub(crate) fn unclaim(conn: &Connection, change_id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM change_ledger WHERE change_id = ?1")?
        .execute([change_id])?;
    Ok(())
}

/// Records why a file was refused, so the rep's snapshot and the back office can say it,
/// and queues the mail to the error addresses. A file refused again for the same reason
/// (seen anew after a crash between the commit and the move) is recorded once.
pub fn record_failure(
    conn: &Connection,
    now: DateTime<Utc>,
    user: &str,
    file_name: &str,
    change_id: Option<&str>,
    rejection: &Rejection,
) -> Result<()> {
    let now_text = now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let inserted = conn
        .prepare_cached(
            "INSERT INTO integration_failure (change_id, user, file_name, reason, detail, failed_at, detail_json) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS (SELECT 1 FROM integration_failure \
             WHERE user = ?2 AND file_name = ?3 AND reason = ?4)",
        )?
        .execute(params![
            change_id,
            user,
            file_name,
            rejection.reason.code(),
            rejection.detail.to_string(),
            now_text,
            rejection.detail.to_json(),
        ])?;
    if inserted == 1 {
        // The mail words `why` (the detail's code and values); `detail` is the log line
        // it falls back to where `why` is absent (queued by an older build) or unknown.
        let payload = serde_json::json!({
            "file_name": file_name,
            "user": user,
            "change_id": change_id,
            "reason": rejection.reason.code(),
            "detail": rejection.detail.to_string(),
            "why": rejection.detail,
        });
        conn.prepare_cached(
            "INSERT INTO notification (kind, change_id, payload_json, created_at) VALUES ('integration_error', ?1, ?2, ?3)",
        )?
        .execute(params![change_id, payload.to_string(), now_text])?;
    }
    Ok(())
}
