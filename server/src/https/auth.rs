//! Who is asking: every request but `hello` and `enroll` is signed by an enrolled
//! device's key, over its method, path, counter and body; the counter must move
//! forward, so a captured request cannot be replayed.
//!
//! The idiom, the same as the back office's ([`crate::office::auth`]): one extractor per
//! kind of principal, rejecting with the module's own error ([`Problem`]), which is the
//! answer. [`SignedDevice`] is a device's bodiless request (a GET); [`SignedBody`] a
//! device's request with its body, whose typed [`BodyLimit`] says how large it may be.
//! Handlers take one as an argument and never check a signature themselves; a database
//! that cannot be read is a server error (500), never a refusal of the device.
//!
//! Everything that does not need the body is checked before a byte of it is read
//! ([`claim`]: the headers, the device known and not revoked, the counter ahead);
//! the signature, which covers the body's SHA-256, once the body is in ([`confirm`]).
//! So an unsigned or unknown sender never makes the server read (and hold) a body.
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

use std::marker::PhantomData;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use tournee_store::{active_device, last_counter, save_counter, Device, DeviceError};
use tournee_sync::{request_message, verify_request};
use tournee_sync::{HEADER_COUNTER, HEADER_DEVICE, HEADER_SIGNATURE};

use super::body::read_checked;
use super::problem::Problem;
use super::SyncState;
use crate::office::pool::MasterPool;
use crate::sentences::{Said, Sentence};

/// Longest a device's newest counter waits before it is written to the master.
pub const PERSIST_EVERY: Duration = Duration::from_secs(2);

/// The parts of a request its signature covers.
pub struct SignedRequest<'a> {
    /// HTTP method.
    pub method: &'a Method,
    /// Path and query as sent.
    pub uri: &'a Uri,
    /// Its body (empty for GET).
    pub body: &'a [u8],
}

/// What a request's headers claim, checked as far as possible without its body: the
/// device is enrolled and active and the counter is ahead of every one it used.
pub struct Claim {
    /// The device named.
    pub device: Device,
    counter: i64,
    signature: String,
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
    /// The device's entry, read from the master the first time it is asked about.
    fn entry<'m>(
        seen: &'m mut HashMap<String, Seen>,
        device_id: &str,
        stored: impl FnOnce() -> Result<i64, DeviceError>,
    ) -> Result<&'m mut Seen, DeviceError> {
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
        Ok(seen.get_mut(device_id).expect("entry present"))
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, HashMap<String, Seen>> {
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Refuses `counter` unless it is above every counter this device used; changes
    /// nothing (the request is not signed yet).
    fn check(
        &self,
        device_id: &str,
        counter: i64,
        stored: impl FnOnce() -> Result<i64, DeviceError>,
    ) -> Result<(), DeviceError> {
        let mut seen = self.seen();
        let entry = Self::entry(&mut seen, device_id, stored)?;
        if counter <= entry.last {
            return Err(DeviceError::Replay {
                last: entry.last,
                got: counter,
            });
        }
        Ok(())
    }

    /// Accepts `counter` if above every counter this device used; returns the value to
    /// write to the master now, if it is due.
    fn advance(
        &self,
        device_id: &str,
        counter: i64,
        stored: impl FnOnce() -> Result<i64, DeviceError>,
    ) -> Result<Option<i64>, DeviceError> {
        let mut seen = self.seen();
        let entry = Self::entry(&mut seen, device_id, stored)?;
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
                Said::new(Sentence::ApiUnsigned, &[("header", name)]),
            )
        })
}

/// Checks what the headers claim before the body is read (blocking: database reads):
/// the three headers are there, the device is enrolled and not revoked, the counter is
/// ahead.
pub fn claim(
    pool: &MasterPool,
    counters: &Counters,
    headers: &HeaderMap,
) -> Result<Claim, Problem> {
    let device_id = header(headers, HEADER_DEVICE)?;
    let counter: i64 = header(headers, HEADER_COUNTER)?
        .parse()
        .ok()
        .filter(|c| *c > 0)
        .ok_or_else(|| {
            Problem::new(
                StatusCode::UNAUTHORIZED,
                "bad_counter",
                Sentence::ApiBadCounter,
            )
        })?;
    let signature = header(headers, HEADER_SIGNATURE)?.to_string();
    pool.with(|conn| {
        let device = active_device(conn, device_id)?;
        counters.check(device_id, counter, || last_counter(conn, device_id))?;
        Ok::<_, DeviceError>(Claim {
            device,
            counter,
            signature,
        })
    })
    .map_err(Problem::from)
}

/// Checks the claim's signature over the whole request and moves the device's counter
/// forward (blocking: the counter may be written to the master).
pub fn confirm(
    pool: &MasterPool,
    counters: &Counters,
    claim: Claim,
    request: &SignedRequest<'_>,
) -> Result<Device, Problem> {
    let path = request
        .uri
        .path_and_query()
        .map_or(request.uri.path(), |p| p.as_str());
    let message = request_message(
        request.method.as_str(),
        path,
        u64::try_from(claim.counter).unwrap_or(0),
        request.body,
    );
    if !verify_request(&claim.device.public_key, &message, &claim.signature) {
        return Err(Problem::from(DeviceError::BadRequestSignature));
    }
    let device_id = claim.device.device_id.as_str();
    pool.with(|conn| {
        if let Some(due) =
            counters.advance(device_id, claim.counter, || last_counter(conn, device_id))?
        {
            save_counter(conn, device_id, due, chrono::Utc::now())?;
        }
        Ok::<_, DeviceError>(())
    })
    .map_err(Problem::from)?;
    Ok(claim.device)
}

/// A device whose signed request carries no body (a GET): the signature is checked over
/// the method, path and counter before the handler runs.
pub struct SignedDevice(pub Device);

impl FromRequestParts<SyncState> for SignedDevice {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &SyncState) -> Result<Self, Problem> {
        let pool = state.pool.clone();
        let counters = Arc::clone(&state.counters);
        let (method, uri, headers) = (
            parts.method.clone(),
            parts.uri.clone(),
            parts.headers.clone(),
        );
        tokio::task::spawn_blocking(move || {
            let claim = claim(&pool, &counters, &headers)?;
            confirm(
                &pool,
                &counters,
                claim,
                &SignedRequest {
                    method: &method,
                    uri: &uri,
                    body: &[],
                },
            )
        })
        .await?
        .map(Self)
    }
}

/// How large a body a kind of signed request may carry, asked once its sender is known
/// (blocking: it may read the master).
pub trait BodyLimit {
    /// The largest body accepted, in bytes.
    fn limit(pool: &MasterPool) -> Result<u64, Problem>;
}

/// A device's signed request with its body (`L` says how large): what the headers claim
/// is checked before a byte of the body is read, and every refusal until then closes
/// the connection ([`Problem::before_body`]); the body is then read within the limit,
/// and the signature checked over the whole request before the handler runs.
pub struct SignedBody<L> {
    /// The device that signed.
    pub device: Device,
    /// The body it signed.
    pub body: Bytes,
    limit: PhantomData<L>,
}

impl<L: BodyLimit> FromRequest<SyncState> for SignedBody<L> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &SyncState) -> Result<Self, Problem> {
        let (parts, body) = request.into_parts();
        let pool = state.pool.clone();
        let counters = Arc::clone(&state.counters);
        let headers = parts.headers.clone();
        let (claim, limit) = tokio::task::spawn_blocking(move || {
            let claim = claim(&pool, &counters, &headers)?;
            Ok::<_, Problem>((claim, L::limit(&pool)?))
        })
        .await
        .map_err(Problem::from)
        .and_then(|claimed| claimed)
        .map_err(Problem::before_body)?;
        let body = read_checked(&parts.headers, body, limit, &state.upload_slots)
            .await
            .map_err(Problem::before_body)?;
        let pool = state.pool.clone();
        let counters = Arc::clone(&state.counters);
        let signed = body.clone();
        let device = tokio::task::spawn_blocking(move || {
            confirm(
                &pool,
                &counters,
                claim,
                &SignedRequest {
                    method: &parts.method,
                    uri: &parts.uri,
                    body: &signed,
                },
            )
        })
        .await??;
        Ok(Self {
            device,
            body,
            limit: PhantomData,
        })
    }
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
        // Checking a claim moves nothing: the request is not signed yet.
        counters.check("d", 12, || unreachable!()).unwrap();
        assert_eq!(counters.advance("d", 12, || unreachable!()).unwrap(), None);
        assert!(counters.check("d", 12, || unreachable!()).is_err());
        // A counter already below the stored one is a replay from before a restart.
        assert!(matches!(
            counters.advance("e", 3, || Ok(9)),
            Err(DeviceError::Replay { last: 9, got: 3 })
        ));
    }
}
