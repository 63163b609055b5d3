//! The reminders queued lately, for the « Relances » page: what went to whom and whether
//! the mail left.

use rusqlite::{params, Connection};
use serde_json::Value;

use crate::error::Result;

/// One reminder as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedReminder {
    /// The rule's code.
    pub rule: String,
    /// The record's name when queued.
    pub record_name: String,
    /// Recipients and copies, as queued (empty: the error addresses).
    pub to: Vec<String>,
    /// Copies.
    pub cc: Vec<String>,
    /// When it was queued (RFC 3339).
    pub queued_at: String,
    /// The mail's state in the queue: `pending`, `sent` or `abandoned`.
    pub mail_status: String,
}

fn strings(payload: &Value, key: &str) -> Vec<String> {
    payload
        .get(key)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|a| a.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The `limit` reminders queued last, newest first.
pub fn recent_follow_ups(conn: &Connection, limit: usize) -> Result<Vec<QueuedReminder>> {
    let rows = conn
        .prepare(
            "SELECT s.rule, n.payload_json, s.queued_at, n.status FROM follow_up_sent s \
             JOIN notification n ON n.id = s.notification_id \
             ORDER BY s.queued_at DESC, n.id DESC LIMIT ?1",
        )?
        .query_map(params![i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|(rule, payload, queued_at, mail_status)| {
            // The store wrote the payload itself; a value it cannot read shows empty
            // rather than hiding the reminder from the page.
            let payload: Value = serde_json::from_str(&payload).unwrap_or(Value::Null);
            QueuedReminder {
                rule,
                record_name: payload
                    .get("record_name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                to: strings(&payload, "to"),
                cc: strings(&payload, "cc"),
                queued_at,
                mail_status,
            }
        })
        .collect())
}
