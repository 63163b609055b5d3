//! Who is asking: every request but `hello` and `enroll` is signed by an enrolled
//! device's key, over its method, path, counter and body; the counter must move
//! forward, so a captured request cannot be replayed.

use axum::http::{HeaderMap, Method, StatusCode, Uri};
use tournee_store::devices::{authenticate_request, Device};
use tournee_sync::api::{HEADER_COUNTER, HEADER_DEVICE, HEADER_SIGNATURE};
use tournee_sync::sign::{request_message, verify_request};

use super::problem::Problem;
use crate::office::pool::MasterPool;

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

/// Checks the request's device, signature and counter (blocking: database work).
pub fn authenticate(pool: &MasterPool, request: &SignedRequest<'_>) -> Result<Device, Problem> {
    let device_id = header(request.headers, HEADER_DEVICE)?;
    let counter: i64 = header(request.headers, HEADER_COUNTER)?
        .parse()
        .map_err(|_| {
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
    let now = chrono::Utc::now();
    pool.with(|conn| {
        authenticate_request(
            conn,
            device_id,
            counter,
            |key| verify_request(key, &message, signature),
            now,
        )
        .map_err(Problem::from)
    })
}

impl From<tournee_store::StoreError> for Problem {
    fn from(error: tournee_store::StoreError) -> Self {
        Problem::internal(error)
    }
}
