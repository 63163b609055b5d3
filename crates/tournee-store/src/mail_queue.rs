//! The mail queue's bookkeeping. The integration and the jobs write notifications into
//! `notification`; the server's mail loop reads the due ones from here, sends them, and
//! records each attempt (`mail_attempt`) and its outcome, so a mail is never lost and
//! never sent twice once accepted.

use rusqlite::{params, Connection};

use crate::error::Result;

/// A notification whose time has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueNotification {
    /// Its row id (also in the message id, so a resent mail can be recognised).
    pub id: i64,
    /// What kind of mail it is (`creation_request`, `integration_error`, …).
    pub kind: String,
    /// The values the mail is written from (JSON).
    pub payload_json: String,
    /// Attempts made so far.
    pub attempts: u32,
}

/// Pending notifications due at `now` (RFC 3339), at most `limit`, oldest first.
pub fn due_notifications(
    conn: &Connection,
    now: &str,
    limit: usize,
) -> Result<Vec<DueNotification>> {
    let due = conn
        .prepare(
            "SELECT id, kind, payload_json, attempts FROM notification \
             WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?1) \
             ORDER BY id LIMIT ?2",
        )?
        .query_map(
            params![now, i64::try_from(limit).unwrap_or(i64::MAX)],
            |r| {
                Ok(DueNotification {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    payload_json: r.get(2)?,
                    attempts: r.get(3)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(due)
}

/// Records that notification `id` was accepted at `at` after `attempts` attempts.
pub fn mark_sent(conn: &Connection, id: i64, at: &str, attempts: u32, detail: &str) -> Result<()> {
    conn.execute(
        "UPDATE notification SET status = 'sent', sent_at = ?2, attempts = ?3, last_error = NULL WHERE id = ?1",
        params![id, at, attempts],
    )?;
    log_attempt(conn, id, at, "sent", detail)
}

/// Records a failed attempt at `at` and when to try again (`next_attempt_at`, RFC 3339).
pub fn mark_failed(
    conn: &Connection,
    id: i64,
    at: &str,
    attempts: u32,
    error: &str,
    next_attempt_at: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE notification SET attempts = ?2, last_error = ?3, next_attempt_at = ?4 WHERE id = ?1",
        params![id, attempts, error, next_attempt_at],
    )?;
    log_attempt(conn, id, at, "failed", error)
}

fn log_attempt(conn: &Connection, id: i64, at: &str, outcome: &str, detail: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO mail_attempt (notification_id, attempted_at, outcome, detail) VALUES (?1, ?2, ?3, ?4)",
        params![id, at, outcome, detail],
    )?;
    Ok(())
}
