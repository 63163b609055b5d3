//! The admin's webhook subscriptions: a URL, the event types it wants, a secret (shown
//! once, kept in clear since every delivery is signed with it), enabled or not.
//!
//! The URL's rules (https, or http to loopback only) are checked by the server, which
//! parses URLs; this module checks what a database can: sizes, types, the id.

use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::events::EventType;
use crate::error::StoreError;

/// Longest URL kept (a longer one is refused on its field).
pub const MAX_URL_CHARS: usize = 2000;

/// Random bytes of a secret (Standard Webhooks asks for 24 to 64).
const SECRET_BYTES: usize = 32;

/// The prefix of a Standard Webhooks secret; the rest is base64.
pub const SECRET_PREFIX: &str = "whsec_";

/// Why a subscription was not saved or changed.
#[derive(Debug, thiserror::Error)]
pub enum SubscriptionError {
    /// The URL is empty or longer than [`MAX_URL_CHARS`].
    #[error("webhook URL empty or longer than {MAX_URL_CHARS} characters")]
    UrlLength,
    /// No event type chosen.
    #[error("no event type chosen")]
    NoEventType,
    /// An event type code that does not exist.
    #[error("unknown event type {0:?}")]
    UnknownEventType(String),
    /// No subscription has this id.
    #[error("no webhook subscription {0}")]
    Unknown(i64),
    /// The random source failed.
    #[error("random source: {0}")]
    Random(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for SubscriptionError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}

/// A subscription as the admin's page lists it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Its id.
    pub id: i64,
    /// Where deliveries are POSTed.
    pub url: String,
    /// The type codes it wants, or `["*"]` for all.
    pub event_types: Vec<String>,
    /// The first characters of its secret, to tell two apart.
    pub secret_hint: String,
    /// Whether deliveries are made.
    pub enabled: bool,
    /// When and by whom it was created.
    pub created_at: String,
    /// The admin's login.
    pub created_by: String,
    /// Deliveries waiting, delivered, failed for good.
    pub pending: i64,
    /// Delivered ones.
    pub delivered: i64,
    /// Failed for good.
    pub failed: i64,
}

/// A subscription just created, with its secret: shown once, never again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedSubscription {
    /// Its id.
    pub id: i64,
    /// `whsec_` + base64 of 32 random bytes.
    pub secret: String,
}

/// A fresh Standard Webhooks secret.
fn new_secret() -> Result<String, SubscriptionError> {
    let mut bytes = [0u8; SECRET_BYTES];
    tournee_sync::random_bytes(&mut bytes).map_err(|e| SubscriptionError::Random(e.to_string()))?;
    Ok(format!(
        "{SECRET_PREFIX}{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// Checks the chosen type codes and writes them as stored (`*` alone, or codes).
fn stored_types(types: &[String]) -> Result<String, SubscriptionError> {
    if types.is_empty() {
        return Err(SubscriptionError::NoEventType);
    }
    if types.iter().any(|t| t == "*") {
        return Ok("*".into());
    }
    for code in types {
        if EventType::from_code(code).is_none() {
            return Err(SubscriptionError::UnknownEventType(code.clone()));
        }
    }
    let mut codes: Vec<&str> = types.iter().map(String::as_str).collect();
    codes.sort_unstable();
    codes.dedup();
    Ok(codes.join(" "))
}

/// Creates an enabled subscription (URL already checked by the caller against the rules
/// of docs/webhooks.md); returns its id and its secret, to be shown once.
pub fn create_subscription(
    conn: &Connection,
    url: &str,
    types: &[String],
    admin: &str,
    now: DateTime<Utc>,
) -> Result<CreatedSubscription, SubscriptionError> {
    if url.is_empty() || url.chars().count() > MAX_URL_CHARS {
        return Err(SubscriptionError::UrlLength);
    }
    let types = stored_types(types)?;
    let secret = new_secret()?;
    conn.execute(
        "INSERT INTO webhook_subscription (url, event_types, secret, enabled, created_at, created_by) \
         VALUES (?1, ?2, ?3, 1, ?4, ?5)",
        params![
            url,
            types,
            secret,
            now.to_rfc3339_opts(SecondsFormat::Millis, true),
            admin
        ],
    )?;
    Ok(CreatedSubscription {
        id: conn.last_insert_rowid(),
        secret,
    })
}

/// Every subscription, oldest first, with its deliveries counted.
pub fn list_subscriptions(conn: &Connection) -> Result<Vec<Subscription>, SubscriptionError> {
    let rows = conn
        .prepare(
            "SELECT s.id, s.url, s.event_types, substr(s.secret, 1, 10), s.enabled, s.created_at, s.created_by, \
             (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.status = 'pending'), \
             (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.status = 'delivered'), \
             (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.status = 'failed') \
             FROM webhook_subscription s ORDER BY s.id",
        )?
        .query_map([], |r| {
            Ok(Subscription {
                id: r.get(0)?,
                url: r.get(1)?,
                event_types: r
                    .get::<_, String>(2)?
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
                secret_hint: format!("{}…", r.get::<_, String>(3)?),
                enabled: r.get(4)?,
                created_at: r.get(5)?,
                created_by: r.get(6)?,
                pending: r.get(7)?,
                delivered: r.get(8)?,
                failed: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Enables or disables subscription `id`. A disabled one gets no new event; the
/// deliveries already queued wait (the worker skips them) until it is enabled again.
pub fn set_subscription_enabled(
    conn: &Connection,
    id: i64,
    enabled: bool,
) -> Result<(), SubscriptionError> {
    let changed = conn.execute(
        "UPDATE webhook_subscription SET enabled = ?2 WHERE id = ?1",
        params![id, enabled],
    )?;
    if changed == 0 {
        return Err(SubscriptionError::Unknown(id));
    }
    Ok(())
}

/// Deletes subscription `id` with its deliveries and their attempts (the events stay:
/// other subscriptions may deliver them, and they are the record of what happened).
pub fn delete_subscription(conn: &mut Connection, id: i64) -> Result<(), SubscriptionError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let exists = tx
        .query_row(
            "SELECT 1 FROM webhook_subscription WHERE id = ?1",
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !exists {
        return Err(SubscriptionError::Unknown(id));
    }
    tx.execute(
        "DELETE FROM webhook_attempt WHERE delivery_id IN (SELECT id FROM webhook_delivery WHERE subscription_id = ?1)",
        [id],
    )?;
    tx.execute(
        "DELETE FROM webhook_delivery WHERE subscription_id = ?1",
        [id],
    )?;
    tx.execute("DELETE FROM webhook_subscription WHERE id = ?1", [id])?;
    tx.commit()?;
    Ok(())
}
