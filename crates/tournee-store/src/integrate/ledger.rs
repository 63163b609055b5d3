//! The exactly-once ledger and the record of refused files.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use tournee_sync::{Envelope, Rejection};

use crate::error::Result;

/// Whether a change id already has its effect committed.
pub fn is_integrated(conn: &Connection, change_id: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM change_ledger WHERE change_id = ?1",
            [change_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Records a change as integrated; must run in the same transaction as its effect.
pub(crate) fn record_integrated(
    conn: &Connection,
    now: DateTime<Utc>,
    file_name: &str,
    envelope: &Envelope,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO change_ledger (change_id, change_type, user, file_name, created_at, integrated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        envelope.change_id,
        envelope.change_type().code(),
        envelope.user,
        file_name,
        envelope.created_at.to_rfc3339(),
        now.to_rfc3339_opts(SecondsFormat::Millis, true),
    ])?;
    Ok(())
}

/// Records why a file was refused, so the rep's snapshot and the back office can say it.
pub fn record_failure(
    conn: &Connection,
    now: DateTime<Utc>,
    user: &str,
    file_name: &str,
    change_id: Option<&str>,
    rejection: &Rejection,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO integration_failure (change_id, user, file_name, reason, detail, failed_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        change_id,
        user,
        file_name,
        rejection.reason.code(),
        rejection.detail,
        now.to_rfc3339_opts(SecondsFormat::Millis, true),
    ])?;
    Ok(())
}
