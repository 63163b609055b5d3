//! Reading a request body on the sync transport: only once the sender is known (see
//! [`super::auth::SignedBody`]), at most so many bytes, and at most [`UPLOAD_SLOTS`] bodies at
//! a time, so that the memory bodies take stays bounded whoever sends them.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use http_body_util::BodyExt as _;
use tokio::sync::Semaphore;

use super::problem::Problem;
use crate::sentences::{Said, Sentence};

/// Bodies read at the same time; a request over that waits for a place (within the
/// request timeout). Legitimate change files are a few kilobytes and read in
/// microseconds, so only a flood of large bodies ever waits.
pub const UPLOAD_SLOTS: usize = 16;

/// The places for bodies being read.
pub fn upload_slots() -> Semaphore {
    Semaphore::new(UPLOAD_SLOTS)
}

/// A body over `limit` bytes.
fn too_large(limit: u64, size: Option<u64>) -> Problem {
    let max = limit.to_string();
    let said = match size {
        Some(size) => Said::new(
            Sentence::ApiBodyTooLarge,
            &[("size", &size.to_string()), ("max", &max)],
        ),
        None => Said::new(Sentence::ApiRequestTooLarge, &[("max", &max)]),
    };
    Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", said)
}

/// Refuses at once a body whose announced length is over `limit`.
fn check_announced(headers: &HeaderMap, limit: u64) -> Result<(), Problem> {
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match announced {
        Some(size) if size > limit => Err(too_large(limit, Some(size))),
        _ => Ok(()),
    }
}

/// Reads `body` whole, refusing it as soon as it passes `limit` bytes.
async fn read_limited(body: Body, limit: u64, slots: &Semaphore) -> Result<Bytes, Problem> {
    let _place = slots
        .acquire()
        .await
        .map_err(|_| Problem::internal("upload slots closed"))?;
    let mut body = body;
    let mut read: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "bad_body",
                Said::new(Sentence::ApiBodyCut, &[("error", &error.to_string())]),
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if read.len() as u64 + data.len() as u64 > limit {
                return Err(too_large(limit, None));
            }
            read.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(read))
}

/// Reads the body of a request whose sender is already known: refused at once when its
/// announced length is over `limit`, and as soon as what arrives passes it.
pub async fn read_checked(
    headers: &HeaderMap,
    body: Body,
    limit: u64,
    slots: &Semaphore,
) -> Result<Bytes, Problem> {
    check_announced(headers, limit)?;
    read_limited(body, limit, slots).await
}
