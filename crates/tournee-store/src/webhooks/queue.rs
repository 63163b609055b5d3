//! The deliveries' durable queue: the worker claims what is due (a lease: the claim moves
//! `next_attempt_at` past the attempt's timeout, so a crash mid-attempt only delays it),
//! records each attempt and what comes next (delivered, retried at a time, failed for
//! good), and the admin lists and replays them.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A delivery claimed by the worker, with what it needs to sign and send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDelivery {
    /// The delivery's id.
    pub id: i64,
    /// Its subscription (the worker bounds the attempts in flight per subscription).
    pub subscription_id: i64,
    /// Where to POST.
    pub url: String,
    /// The signing secret (`whsec_…`).
    pub secret: String,
    /// The event's id: the `webhook-id` header, the same at every attempt.
    pub event_id: String,
    /// The event's type code.
    pub event_type: String,
    /// When it happened (RFC 3339).
    pub occurred_at: String,
    /// The event's payload (JSON).
    pub payload_json: String,
    /// Attempts made before this one.
    pub attempts: u32,
    /// Start of its retry window (RFC 3339).
    pub retry_from: String,
}

/// Claims at most `limit` due deliveries of enabled subscriptions, oldest due first,
/// leaving out subscriptions already at `per_subscription` attempts in flight
/// (`in_flight`): their `next_attempt_at` moves to `lease_until`, so another round does
/// not take them while they are being sent.
pub fn claim_due(
    conn: &mut Connection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: usize,
    per_subscription: usize,
    in_flight: &HashMap<i64, usize>,
) -> Result<Vec<DueDelivery>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let candidates: Vec<DueDelivery> = tx
        .prepare_cached(
            "SELECT d.id, d.subscription_id, s.url, s.secret, e.id, e.type, e.occurred_at, e.payload_json, \
             d.attempts, d.retry_from \
             FROM webhook_delivery d \
             JOIN webhook_subscription s ON s.id = d.subscription_id \
             JOIN event e ON e.id = d.event_id \
             WHERE d.status = 'pending' AND d.next_attempt_at <= ?1 AND s.enabled = 1 \
             ORDER BY d.next_attempt_at, d.id LIMIT ?2",
        )?
        .query_map(
            params![stamp(now), i64::try_from(limit.saturating_mul(4)).unwrap_or(i64::MAX)],
            |r| {
                Ok(DueDelivery {
                    id: r.get(0)?,
                    subscription_id: r.get(1)?,
                    url: r.get(2)?,
                    secret: r.get(3)?,
                    event_id: r.get(4)?,
                    event_type: r.get(5)?,
                    occurred_at: r.get(6)?,
                    payload_json: r.get(7)?,
                    attempts: r.get(8)?,
                    retry_from: r.get(9)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut taken: HashMap<i64, usize> = HashMap::new();
    let mut claimed = Vec::new();
    {
        let mut lease =
            tx.prepare_cached("UPDATE webhook_delivery SET next_attempt_at = ?2 WHERE id = ?1")?;
        for delivery in candidates {
            if claimed.len() == limit {
                break;
            }
            let busy = in_flight
                .get(&delivery.subscription_id)
                .copied()
                .unwrap_or(0)
                + taken.get(&delivery.subscription_id).copied().unwrap_or(0);
            if busy >= per_subscription {
                continue;
            }
            lease.execute(params![delivery.id, stamp(lease_until)])?;
            *taken.entry(delivery.subscription_id).or_insert(0) += 1;
            claimed.push(delivery);
        }
    }
    tx.commit()?;
    Ok(claimed)
}

/// One attempt as it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// When it started.
    pub at: DateTime<Utc>,
    /// The receiver's status code, when it answered.
    pub status_code: Option<u16>,
    /// What went wrong (connection refused, timeout, a non-2xx answer …), if anything.
    pub error: Option<String>,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
}

/// What the queue does with a delivery after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// A 2xx: done.
    Delivered,
    /// Try again at this time.
    RetryAt(DateTime<Utc>),
    /// The retry window is over: failed for good (the admin may replay it).
    GiveUp,
}

/// Logs `attempt` of delivery `id` and applies `next`, in one transaction.
pub fn record_attempt(
    conn: &mut Connection,
    id: i64,
    attempt: &Attempt,
    next: NextStep,
) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.prepare_cached(
        "INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, error, duration_ms) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        stamp(attempt.at),
        attempt.status_code,
        attempt.error,
        i64::try_from(attempt.duration_ms).unwrap_or(i64::MAX)
    ])?;
    let update = tx.prepare_cached(
        "UPDATE webhook_delivery SET attempts = attempts + 1, status = ?2, next_attempt_at = ?3, \
         delivered_at = ?4, last_error = ?5 WHERE id = ?1",
    );
    let done_at = stamp(attempt.at);
    match next {
        NextStep::Delivered => update?.execute(params![
            id,
            "delivered",
            done_at,
            done_at,
            Option::<String>::None
        ])?,
        NextStep::RetryAt(at) => update?.execute(params![
            id,
            "pending",
            stamp(at),
            Option::<String>::None,
            attempt.error
        ])?,
        NextStep::GiveUp => update?.execute(params![
            id,
            "failed",
            done_at,
            Option::<String>::None,
            attempt.error
        ])?,
    };
    tx.commit()?;
    Ok(())
}

/// Replays delivery `id` now, whatever its state, with a fresh retry window; `false` when
/// there is no such delivery. The event keeps its id: a receiver that had it dedups.
pub fn replay_delivery(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<bool> {
    let changed = conn.execute(
        "UPDATE webhook_delivery SET status = 'pending', next_attempt_at = ?2, retry_from = ?2, \
         delivered_at = NULL WHERE id = ?1",
        params![id, stamp(now)],
    )?;
    Ok(changed == 1)
}

/// A delivery as the admin's page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryLine {
    /// The delivery's id.
    pub id: i64,
    /// Its subscription.
    pub subscription_id: i64,
    /// The event's id and type.
    pub event_id: String,
    /// Its type code.
    pub event_type: String,
    /// What it is about (`party` …) and its id.
    pub entity: String,
    /// The record's id.
    pub record_id: String,
    /// When the event happened.
    pub occurred_at: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Attempts made.
    pub attempts: u32,
    /// Next attempt (pending), or when it was settled.
    pub next_attempt_at: String,
    /// The last error, if any.
    pub last_error: Option<String>,
}

/// The latest `limit` deliveries, newest first; of one subscription when given.
pub fn recent_deliveries(
    conn: &Connection,
    subscription: Option<i64>,
    limit: usize,
) -> Result<Vec<DeliveryLine>> {
    let lines = conn
        .prepare(
            "SELECT d.id, d.subscription_id, e.id, e.type, e.entity, e.record_id, e.occurred_at, d.status, \
             d.attempts, d.next_attempt_at, d.last_error \
             FROM webhook_delivery d JOIN event e ON e.id = d.event_id \
             WHERE ?1 IS NULL OR d.subscription_id = ?1 ORDER BY d.id DESC LIMIT ?2",
        )?
        .query_map(
            params![subscription, i64::try_from(limit).unwrap_or(i64::MAX)],
            |r| {
                Ok(DeliveryLine {
                    id: r.get(0)?,
                    subscription_id: r.get(1)?,
                    event_id: r.get(2)?,
                    event_type: r.get(3)?,
                    entity: r.get(4)?,
                    record_id: r.get(5)?,
                    occurred_at: r.get(6)?,
                    status: r.get(7)?,
                    attempts: r.get(8)?,
                    next_attempt_at: r.get(9)?,
                    last_error: r.get(10)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(lines)
}

/// One logged attempt, as the admin's page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptLine {
    /// When it started.
    pub attempted_at: String,
    /// The receiver's status code, if it answered.
    pub status_code: Option<u16>,
    /// What went wrong, if anything.
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: i64,
}

/// Every attempt of delivery `id`, oldest first; `None` when there is no such delivery.
pub fn delivery_attempts(conn: &Connection, id: i64) -> Result<Option<Vec<AttemptLine>>> {
    let exists = conn
        .query_row("SELECT 1 FROM webhook_delivery WHERE id = ?1", [id], |_| {
            Ok(())
        })
        .optional()?
        .is_some();
    if !exists {
        return Ok(None);
    }
    let lines = conn
        .prepare(
            "SELECT attempted_at, status_code, error, duration_ms FROM webhook_attempt \
             WHERE delivery_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(AttemptLine {
                attempted_at: r.get(0)?,
                status_code: r.get(1)?,
                error: r.get(2)?,
                duration_ms: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(lines))
}
