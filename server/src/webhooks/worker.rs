//! The delivery worker: claims due deliveries from the store's queue, POSTs each signed
//! (Standard Webhooks headers), logs the attempt and what comes next, in a loop beside
//! the back office until the automaton stops.
//!
//! At least once: an attempt is recorded after the receiver answered, so a crash between
//! the two (or a receiver that took the body but answered late) sends it again, with the
//! same `webhook-id`. A claim is a lease (timeout + margin): a crash mid-attempt leaves the
//! delivery due again once the lease ends. Bounded: `concurrency` attempts in flight, at
//! most `per_subscription` to one receiver, each within `timeout_millis`; redirects are not
//! followed and the receiver's body is never read.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use tokio::sync::{watch, Notify, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tournee_store::{claim_due, record_attempt, Attempt, DueDelivery, NextStep};

use super::settings::HookSettings;
use super::sign::signature;
use super::url::check_url;

/// Beyond the attempt's timeout, how long a claim holds a delivery.
const LEASE_MARGIN: StdDuration = StdDuration::from_secs(30);

/// What the worker's tasks share.
struct Shared {
    /// The worker's own connection to the master (claims and attempts are short).
    conn: Mutex<Connection>,
    /// Attempts in flight per subscription.
    in_flight: Mutex<HashMap<i64, usize>>,
    /// Rung when an attempt ends or an integration pass wrote events.
    wake: Arc<Notify>,
    settings: HookSettings,
    client: reqwest::Client,
}

/// Why the worker could not start.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// The master database could not be opened.
    #[error("webhooks: {0}")]
    Store(#[from] tournee_store::StoreError),
    /// The HTTP client could not be built.
    #[error("webhooks: HTTP client: {0}")]
    Client(#[from] reqwest::Error),
}

/// The HTTP client of every delivery: no redirect, a timeout, no cookie.
fn http_client(settings: &HookSettings) -> Result<reqwest::Client, reqwest::Error> {
    // reqwest is built without a default TLS provider (the laptop brings its own); the
    // server's process uses ring. Installing it twice is harmless.
    let _already_installed_is_fine = rustls::crypto::ring::default_provider().install_default();
    let timeout = StdDuration::from_millis(settings.timeout_millis);
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout.min(StdDuration::from_secs(5)))
        .pool_max_idle_per_host(settings.per_subscription)
        .user_agent(concat!("Tournee-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Runs the worker on the master at `database` until `stop` says so; `wake` lets the
/// automaton announce new events (an integration pass) so they go out at once.
pub async fn run(
    database: PathBuf,
    settings: HookSettings,
    wake: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
) -> Result<(), WorkerError> {
    let settings = settings.sane();
    let conn = {
        let path = database.clone();
        tokio::task::spawn_blocking(move || tournee_store::open_master(&path))
            .await
            .map_err(|join| {
                tournee_store::StoreError::io(&database, std::io::Error::other(join))
            })??
    };
    let shared = Arc::new(Shared {
        conn: Mutex::new(conn),
        in_flight: Mutex::new(HashMap::new()),
        wake,
        client: http_client(&settings)?,
        settings: settings.clone(),
    });
    let permits = Arc::new(Semaphore::new(settings.concurrency));
    let mut tasks = JoinSet::new();
    let poll = StdDuration::from_millis(settings.poll_millis);
    tracing::info!(concurrency = settings.concurrency, "webhook worker started");
    loop {
        if *stop.borrow() {
            break;
        }
        while let Some(ended) = tasks.try_join_next() {
            if let Err(panic) = ended {
                tracing::error!("webhook delivery task panicked: {panic}");
            }
        }
        let free = permits.available_permits();
        let mut full_round = false;
        if free > 0 {
            match claim(&shared, free).await {
                Ok(claimed) => {
                    full_round = claimed.len() == free;
                    for delivery in claimed {
                        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
                            break; // cannot happen: this loop alone takes permits
                        };
                        note_in_flight(&shared, delivery.subscription_id, true);
                        tasks.spawn(deliver(Arc::clone(&shared), delivery, permit));
                    }
                }
                Err(error) => tracing::error!("webhooks: reading the queue: {error}"),
            }
        }
        if full_round && permits.available_permits() > 0 {
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = shared.wake.notified() => {}
            _ = stop.changed() => {}
        }
    }
    // Attempts in flight end within their timeout; their outcome is recorded.
    let grace = StdDuration::from_millis(settings.timeout_millis) + StdDuration::from_secs(1);
    if tokio::time::timeout(grace, async { while tasks.join_next().await.is_some() {} })
        .await
        .is_err()
    {
        tracing::warn!("webhook worker stopped with attempts in flight: they will be retried");
    }
    tracing::info!("webhook worker stopped");
    Ok(())
}

fn note_in_flight(shared: &Shared, subscription: i64, starting: bool) {
    let mut in_flight = match shared.in_flight.lock() {
        Ok(guard) => guard,
        // A panicking task cannot leave the map half-written (one integer change).
        Err(poisoned) => poisoned.into_inner(),
    };
    let count = in_flight.entry(subscription).or_insert(0);
    if starting {
        *count += 1;
    } else {
        *count = count.saturating_sub(1);
    }
}

/// Claims up to `free` due deliveries, leaving out subscriptions at their cap.
async fn claim(
    shared: &Arc<Shared>,
    free: usize,
) -> Result<Vec<DueDelivery>, tournee_store::StoreError> {
    let shared = Arc::clone(shared);
    let joined = tokio::task::spawn_blocking(move || {
        let now = Utc::now();
        let lease = now
            + Duration::from_std(
                StdDuration::from_millis(shared.settings.timeout_millis) + LEASE_MARGIN,
            )
            .unwrap_or(Duration::minutes(1));
        let busy = match shared.in_flight.lock() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        let mut conn = match shared.conn.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        claim_due(
            &mut conn,
            now,
            lease,
            free,
            shared.settings.per_subscription,
            &busy,
        )
    })
    .await;
    joined.map_err(|join| tournee_store::StoreError::io("webhooks", std::io::Error::other(join)))?
}

/// One attempt: sign, POST, log, decide what comes next.
async fn deliver(shared: Arc<Shared>, delivery: DueDelivery, permit: OwnedSemaphorePermit) {
    let at = Utc::now();
    let started = Instant::now();
    let (status_code, error) = attempt(&shared, &delivery, at).await;
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    drop(permit);
    let next = match &error {
        None => NextStep::Delivered,
        Some(_) => next_step(
            &shared.settings,
            delivery.attempts + 1,
            at,
            &delivery.retry_from,
            jitter(),
        ),
    };
    let attempt = Attempt {
        at,
        status_code,
        error,
        duration_ms,
    };
    let id = delivery.id;
    let recorder = Arc::clone(&shared);
    let recorded = tokio::task::spawn_blocking(move || {
        let mut conn = match recorder.conn.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        record_attempt(&mut conn, id, &attempt, next)
    })
    .await;
    match recorded {
        Ok(Ok(())) => {}
        // Not recorded: the lease ends and the delivery is attempted again (at least once).
        Ok(Err(error)) => tracing::error!(delivery = id, "webhook attempt not recorded: {error}"),
        Err(join) => tracing::error!(delivery = id, "webhook attempt not recorded: {join}"),
    }
    note_in_flight(&shared, delivery.subscription_id, false);
    shared.wake.notify_one();
}

/// POSTs the delivery; returns the status code if the receiver answered, and the error
/// if it was not a success.
async fn attempt(
    shared: &Shared,
    delivery: &DueDelivery,
    at: DateTime<Utc>,
) -> (Option<u16>, Option<String>) {
    let url = match check_url(&delivery.url) {
        Ok(url) => url,
        Err(problem) => return (None, Some(format!("URL refused: {problem:?}"))),
    };
    let data: serde_json::Value = match serde_json::from_str(&delivery.payload_json) {
        Ok(data) => data,
        Err(error) => return (None, Some(format!("unreadable payload: {error}"))),
    };
    let body = serde_json::json!({
        "type": delivery.event_type,
        "timestamp": delivery.occurred_at,
        "data": data,
    })
    .to_string();
    let timestamp = at.timestamp();
    let signed = match signature(
        &delivery.secret,
        &delivery.event_id,
        timestamp,
        body.as_bytes(),
    ) {
        Ok(signed) => signed,
        Err(error) => return (None, Some(error.to_string())),
    };
    let sent = shared
        .client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.event_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signed)
        .body(body)
        .send()
        .await;
    match sent {
        // The body is dropped unread: the status is the whole answer.
        Ok(answer) if answer.status().is_success() => (Some(answer.status().as_u16()), None),
        Ok(answer) => {
            let status = answer.status();
            (Some(status.as_u16()), Some(format!("HTTP {status}")))
        }
        Err(error) => (None, Some(describe(&error, shared.settings.timeout_millis))),
    }
}

/// A transport error in a few words, with its cause (connection refused, DNS …).
fn describe(error: &reqwest::Error, timeout_millis: u64) -> String {
    if error.is_timeout() {
        return format!("no answer within {timeout_millis} ms");
    }
    let mut text = if error.is_connect() {
        "connection failed".to_string()
    } else {
        "request failed".to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.chars().take(500).collect()
}

/// A factor in [0.8, 1.2) spreading retries, so receivers back up are not hit by every
/// delivery at the same instant.
fn jitter() -> f64 {
    let mut bytes = [0u8; 2];
    match tournee_sync::random_bytes(&mut bytes) {
        Ok(()) => 0.8 + 0.4 * f64::from(u16::from_le_bytes(bytes)) / 65_536.0,
        Err(error) => {
            tracing::warn!("webhooks: no random source for the jitter ({error})");
            1.0
        }
    }
}

/// The wait after `attempts` failures: `first_retry_millis` doubled at each failure, at
/// most `max_retry_millis`, times `jitter`.
pub fn backoff(settings: &HookSettings, attempts: u32, jitter: f64) -> Duration {
    let doubled = settings
        .first_retry_millis
        .saturating_mul(1u64 << attempts.saturating_sub(1).min(40));
    let millis = doubled.min(settings.max_retry_millis) as f64 * jitter;
    Duration::milliseconds(millis as i64)
}

/// After a failed attempt at `at` (the `attempts`-th): retry after the back-off, the last
/// time at the end of the window (so a receiver is tried for the whole window), or give
/// up when the window is over.
pub fn next_step(
    settings: &HookSettings,
    attempts: u32,
    at: DateTime<Utc>,
    retry_from: &str,
    jitter: f64,
) -> NextStep {
    let from = DateTime::parse_from_rfc3339(retry_from)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(at);
    let window =
        Duration::seconds(i64::try_from(settings.retry_window_secs).unwrap_or(i64::MAX / 1000));
    let end = from + window;
    if at >= end {
        return NextStep::GiveUp;
    }
    NextStep::RetryAt((at + backoff(settings, attempts, jitter)).min(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule_doubles_to_six_hours_and_lasts_three_days() {
        let settings = HookSettings::default();
        let waits: Vec<i64> = (1..=12)
            .map(|n| backoff(&settings, n, 1.0).num_seconds())
            .collect();
        assert_eq!(
            waits,
            [30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600]
        );
        // Walk the schedule with the receiver down: the last attempt is at the window's
        // end (three days after the event), then the delivery fails.
        let from: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
        let mut at = from;
        let mut attempts = 0;
        loop {
            attempts += 1;
            match next_step(&settings, attempts, at, "2026-12-01T00:00:00Z", 1.0) {
                NextStep::RetryAt(next) => {
                    assert!(next > at);
                    at = next;
                }
                NextStep::GiveUp => break,
                NextStep::Delivered => unreachable!(),
            }
        }
        assert_eq!(at, from + Duration::days(3));
        assert!((20..=30).contains(&attempts), "{attempts} attempts");
    }

    #[test]
    fn jitter_spreads_within_a_fifth() {
        let settings = HookSettings::default();
        for _ in 0..100 {
            let factor = jitter();
            assert!((0.8..1.2).contains(&factor), "{factor}");
            let wait = backoff(&settings, 1, factor).num_milliseconds();
            assert!((24_000..36_000).contains(&wait), "{wait}");
        }
    }
}
