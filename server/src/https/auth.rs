//! Who is asking: every request but `hello` and `enroll` is signed by an enrolled
//! device's key, over its method, path, counter and body; the counter must move
//! forward, so a captured request cannot be replayed.
//!
//! Counters are checked in memory (one lock, no database write per request) and
//! written to the master at most every [`PERSIST_EVERY`] per device, and at start-up
//! read back from it. A restart may thus forget the last seconds of counters; every
//! route is idempotent (a change integrates once, a snapshot read changes nothing) and
//! only the device's key can sign, so the worst a replay in that window can do is ask
//! the same question twice.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, Method, StatusCode, Uri};
use tournee_store::devices::{
    check_request_device, last_counter, save_counter, Device, DeviceError,
};
use tournee_sync::api::{HEADER_COUNTER, HEADER_DEVICE, HEADER_SIGNATURE};
use tournee_sync::sign::{request_message, verify_request};

use super::problem::Problem;
use crate::office::pool::MasterPool;

/// Longest a device's newest counter waits before it is written to the master.
pub const PERSIST_EVERY: Duration = Duration::from_secs(2);

/// The parts of a request its signature covers.
pub struct SignedRequest<'a> {
    /// HTTP method.
    pub method: &'a Method,
    /// Path and query as sent.
    pub uri: &'a Uri,
    /// Its headers.
    pub headers: &'a HeaderMap,
    /// Its body (empty for GET).
    pub body: &'a [u8],
}

/// A device's newest counter, and the last one written to the master.
struct Seen {
    last: i64,
    saved: i64,
    saved_at: Instant,
}

/// The request counters of every device that asked since start-up.
#[derive(Default)]
pub struct Counters {
    seen: Mutex<HashMap<String, Seen>>,
}

impl Counters {
    /// Accepts `counter` if above every counter this device used; returns the value to
    /// write to the master now, if it is due.
    fn advance(
        &self,
        device_id: &str,
        counter: i64,
        stored: impl FnOnce() -> Result<i64, DeviceError>,
    ) -> Result<Option<i64>, DeviceError> {
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !seen.contains_key(device_id) {
            let last = stored()?;
            seen.insert(
                device_id.to_string(),
                Seen {
                    last,
                    saved: last,
                    saved_at: Instant::now(),
                },
            );
        }
        // Invariant: inserted just above when missing.
        let entry = seen.get_mut(device_id).expect("entry present");
        if counter <= entry.last {
            return Err(DeviceError::Replay {
                last: entry.last,
                got: counter,
            });
        }
        entry.last = counter;
        if entry.saved_at.elapsed() >= PERSIST_EVERY {
            entry.saved = counter;
            entry.saved_at = Instant::now();
            return Ok(Some(counter));
        }
        Ok(None)
    }
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Result<&'h str, Problem> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            Problem::new(
                StatusCode::UNAUTHORIZED,
                "unsigned_request",
                format!("en-tête {name} manquant : requête non signée"),
            )
        })
}

/// Checks the request's device, signature and counter (blocking: database reads).
pub fn authenticate(
    pool: &MasterPool,
    counters: &Counters,
    request: &SignedRequest<'_>,
) -> Result<Device, Problem> {
    let device_id = header(request.headers, HEADER_DEVICE)?;
    let counter: i64 = header(request.headers, HEADER_COUNTER)?
        .parse()
        .ok()
        .filter(|c| *c > 0)
        .ok_or_else(|| {
            Problem::new(
                StatusCode::UNAUTHORIZED,
                "bad_counter",
                "compteur de requête illisible",
            )
        })?;
    let signature = header(request.headers, HEADER_SIGNATURE)?;
    let path = request
        .uri
        .path_and_query()
        .map_or(request.uri.path(), |p| p.as_str());
    let message = request_message(
        request.method.as_str(),
        path,
        u64::try_from(counter).unwrap_or(0),
        request.body,
    );
    pool.with(|conn| {
        let device = check_request_device(conn, device_id, |key| {
            verify_request(key, &message, signature)
        })?;
        if let Some(due) = counters.advance(device_id, counter, || last_counter(conn, device_id))? {
            save_counter(conn, device_id, due, chrono::Utc::now())?;
        }
        Ok::<_, DeviceError>(device)
    })
    .map_err(Problem::from)
}

/// [`authenticate`] on the blocking pool, for a handler: `body` is what the signature covers.
pub async fn authenticated(
    state: &super::SyncState,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Device, Problem> {
    let pool = state.pool.clone();
    let counters = std::sync::Arc::clone(&state.counters);
    tokio::task::spawn_blocking(move || {
        authenticate(
            &pool,
            &counters,
            &SignedRequest {
                method: &method,
                uri: &uri,
                headers: &headers,
                body: &body,
            },
        )
    })
    .await?
}

impl From<tournee_store::StoreError> for Problem {
    fn from(error: tournee_store::StoreError) -> Self {
        Problem::internal(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_move_forward_and_are_saved_at_most_every_interval() {
        let counters = Counters::default();
        assert_eq!(counters.advance("d", 10, || Ok(5)).unwrap(), None);
        assert!(matches!(
            counters.advance("d", 10, || unreachable!()),
            Err(DeviceError::Replay { last: 10, got: 10 })
        ));
        assert!(matches!(
            counters.advance("d", 7, || unreachable!()),
            Err(DeviceError::Replay { .. })
        ));
        assert_eq!(counters.advance("d", 11, || unreachable!()).unwrap(), None);
        // A counter already below the stored one is a replay from before a restart.
        assert!(matches!(
            counters.advance("e", 3, || Ok(9)),
            Err(DeviceError::Replay { last: 9, got: 3 })
        ));
    }
}
