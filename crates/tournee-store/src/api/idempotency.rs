//! `Idempotency-Key` on creations: the first request with a key is recorded with the
//! digest of its body, and its outcome once known; the same key again answers that
//! outcome, the same key with another body is refused.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::StoreError;

/// Where a creation with a key stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotentStart {
    /// First time: go ahead, then [`finish_idempotent`].
    New,
    /// Already answered: the status and body to answer again.
    Done {
        /// HTTP status.
        status: u16,
        /// The answer's JSON.
        response: String,
    },
    /// The first request with this key is still running.
    Running,
    /// The key was used with another body.
    Mismatch,
}

/// Claims `key` for `token_id` with the digest of the request, or says where it stands.
pub fn start_idempotent(
    conn: &Connection,
    token_id: i64,
    key: &str,
    request_sha256: &str,
    now: DateTime<Utc>,
) -> Result<IdempotentStart, StoreError> {
    let inserted = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO api_idempotency (token_id, key, request_sha256, created_at) \
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            token_id,
            key,
            request_sha256,
            now.to_rfc3339_opts(SecondsFormat::Millis, true)
        ])?;
    if inserted == 1 {
        return Ok(IdempotentStart::New);
    }
    let row = conn
        .prepare_cached(
            "SELECT request_sha256, status, response_json FROM api_idempotency \
             WHERE token_id = ?1 AND key = ?2",
        )?
        .query_row(params![token_id, key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<u16>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })
        .optional()?;
    Ok(match row {
        None => IdempotentStart::Running,
        Some((digest, _, _)) if digest != request_sha256 => IdempotentStart::Mismatch,
        Some((_, Some(status), Some(response))) => IdempotentStart::Done { status, response },
        Some(_) => IdempotentStart::Running,
    })
}

/// Records the outcome of the creation that claimed `key`.
pub fn finish_idempotent(
    conn: &Connection,
    token_id: i64,
    key: &str,
    status: u16,
    response: &str,
    record_id: Option<&str>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE api_idempotency SET status = ?3, response_json = ?4, record_id = ?5 \
         WHERE token_id = ?1 AND key = ?2",
    )?
    .execute(params![token_id, key, status, response, record_id])?;
    Ok(())
}

/// Frees `key` after a creation that could not be carried out (a failure of ours), so
/// that the client's retry runs again.
pub fn forget_idempotent(conn: &Connection, token_id: i64, key: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM api_idempotency WHERE token_id = ?1 AND key = ?2")?
        .execute(params![token_id, key])?;
    Ok(())
}
