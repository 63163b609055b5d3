//! Sending what is due from the `notification` table, with back-off, every attempt logged.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::Connection;
use tournee_store::Parameters;
use tournee_store::{
    due_notifications, mark_failed, mark_sent, DueNotification, MEETING_INVITATION,
};

use super::invitation::invitation_message;
use super::render::render;
use super::transport::{build_message, MailTransport};

/// Counts of one delivery round.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliverySummary {
    /// Accepted by the transport.
    pub sent: usize,
    /// Failed this time; retried later.
    pub failed: usize,
}

/// Longest wait between two attempts.
const MAX_BACKOFF_MINUTES: i64 = 60;

/// Wait after `attempts` failures: 1, 2, 4 … minutes, at most an hour. Mails are never
/// abandoned: an SMTP server down for a weekend gets them on Monday.
pub fn backoff(attempts: u32) -> Duration {
    let minutes = 1i64 << attempts.saturating_sub(1).min(6);
    Duration::minutes(minutes.min(MAX_BACKOFF_MINUTES))
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Sends every pending notification whose time has come (at most `limit`), oldest first.
pub fn deliver_due(
    conn: &Connection,
    transport: &dyn MailTransport,
    params: &Parameters,
    now: DateTime<Utc>,
    limit: usize,
) -> tournee_store::Result<DeliverySummary> {
    let now_text = stamp(now);
    let due = due_notifications(conn, &now_text, limit)?;

    let sender = params
        .smtp
        .as_ref()
        .map(|s| s.sender.clone())
        .unwrap_or_else(|| params.system_sender.clone());
    let mut summary = DeliverySummary::default();
    for notification in due {
        let result = serde_json::from_str(&notification.payload_json)
            .map_err(|e| format!("unreadable payload: {e}"))
            .and_then(|payload| message_of(&notification, &payload, params, &sender))
            .and_then(|message| transport.deliver(notification.id, &message));
        let attempts = notification.attempts + 1;
        match result {
            Ok(detail) => {
                mark_sent(conn, notification.id, &now_text, attempts, &detail)?;
                summary.sent += 1;
            }
            Err(error) => {
                let next = stamp(now + backoff(attempts));
                mark_failed(conn, notification.id, &now_text, attempts, &error, &next)?;
                tracing::warn!(notification = notification.id, attempts, %error, "mail not sent, will retry");
                summary.failed += 1;
            }
        }
    }
    Ok(summary)
}

/// The message of one notification: a meeting's invitation carries its iCalendar part
/// ([`invitation_message`]), every other kind is rendered as text ([`render`]).
fn message_of(
    notification: &DueNotification,
    payload: &serde_json::Value,
    params: &Parameters,
    sender: &str,
) -> Result<lettre::Message, String> {
    if notification.kind == MEETING_INVITATION {
        return invitation_message(notification.id, payload, params, sender)
            .map_err(|e| e.to_string());
    }
    let content = render(&notification.kind, payload, params).map_err(|e| e.to_string())?;
    build_message(notification.id, &content, sender).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=9).map(|n| backoff(n).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
