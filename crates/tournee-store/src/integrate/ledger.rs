//! The exactly-once ledger and the record of refused files.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use tournee_sync::{Envelope, Rejection};

use crate::error::Result;

/// Whether a change id already has its effect committed.
pub fn is_integrated(conn: &Connection, change_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM change_ledger WHERE change_id = ?1")?
        .query_row([change_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Claims a change id for this change: writes its ledger row unless the id is already
/// there, and says whether it did. Runs first inside the change's savepoint, so a change
/// that is then refused or must wait leaves no row; one statement both detects a
/// duplicate and records the integration.
pub(crate) fn claim(
    conn: &Connection,
    now: DateTime<Utc>,
    file_name: &str,
    envelope: &Envelope,
) -> Result<bool> {
    let inserted = conn
        .prepare_cached(
            "INSERT INTO change_ledger (change_id, change_type, user, file_name, created_at, integrated_at) \
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
            "INSERT INTO integration_failure (change_id, user, file_name, reason, detail, failed_at) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM integration_failure \
             WHERE user = ?2 AND file_name = ?3 AND reason = ?4)",
        )?
        .execute(params![
            change_id,
            user,
            file_name,
            rejection.reason.code(),
            rejection.detail,
            now_text,
        ])?;
    if inserted == 1 {
        let payload = serde_json::json!({
            "file_name": file_name,
            "user": user,
            "change_id": change_id,
            "reason": rejection.reason.code(),
            "detail": rejection.detail,
        });
        conn.prepare_cached(
            "INSERT INTO notification (kind, change_id, payload_json, created_at) VALUES ('integration_error', ?1, ?2, ?3)",
        )?
        .execute(params![change_id, payload.to_string(), now_text])?;
    }
    Ok(())
}
