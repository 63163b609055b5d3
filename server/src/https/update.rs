//! The field app's updates over the transport (sync-spec section 11): `GET
//! /sync/v1/update?current=X` announces the published release to an enrolled device when
//! it is newer than X (404 `no_update` otherwise), and `GET /sync/v1/update/package`
//! sends its package, with byte ranges so a cut download resumes. Both are signed device
//! requests like every other route; the file served is the one `update publish` named,
//! never a path from the request. The laptop checks the package's signature against
//! the public key it was built with (crate::update).

use std::io::{Seek as _, SeekFrom};

use tokio::io::AsyncReadExt as _;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::auth::SignedDevice;
use super::problem::Problem;
use super::SyncState;
use crate::sentences::{Said, Sentence};
use crate::update::{announce, current, is_newer, package_path, Release};

/// Longest `current=` value read.
const MAX_VERSION_LEN: usize = 64;

fn no_update() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "no_update", Sentence::ApiNotFound)
}

async fn release_of(state: &SyncState) -> Result<Release, Problem> {
    let dir = state.dir.reloaded();
    let release = tokio::task::spawn_blocking(move || current(&dir))
        .await?
        .map_err(Problem::internal)?;
    release.ok_or_else(no_update)
}

/// `GET /sync/v1/update?current=X`.
pub async fn get_update(
    State(state): State<SyncState>,
    SignedDevice(device): SignedDevice,
    uri: Uri,
) -> Result<Response, Problem> {
    let have = uri
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("current="))
        .unwrap_or("");
    if have.len() > MAX_VERSION_LEN {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_version",
            Said::new(Sentence::ApiBadBody, &[("error", "current: too long")]),
        ));
    }
    let release = release_of(&state).await?;
    if !is_newer(&release, have) {
        return Err(no_update());
    }
    tracing::info!(device = %device.device_id, user = %device.user, have, offered = %release.version, "update announced");
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        announce(&release).to_string(),
    )
        .into_response())
}

/// `GET /sync/v1/update/package` (with `Range: bytes=N-` to resume).
pub async fn get_package(
    State(state): State<SyncState>,
    SignedDevice(device): SignedDevice,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let release = release_of(&state).await?;
    let path = package_path(&state.dir.reloaded(), &release);
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (file, status, start, length, total) = tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::open(&path).map_err(Problem::internal)?;
        let total = file.metadata().map_err(Problem::internal)?.len();
        let start = match range.as_deref() {
            None => 0,
            Some(range) => range
                .strip_prefix("bytes=")
                .and_then(|r| r.strip_suffix('-'))
                .and_then(|n| n.parse::<u64>().ok())
                .filter(|n| *n < total)
                .ok_or_else(|| {
                    Problem::new(
                        StatusCode::RANGE_NOT_SATISFIABLE,
                        "bad_range",
                        Said::new(Sentence::ApiBadRange, &[("size", &total.to_string())]),
                    )
                })?,
        };
        file.seek(SeekFrom::Start(start))
            .map_err(Problem::internal)?;
        let status = if start > 0 {
            StatusCode::PARTIAL_CONTENT
        } else {
            StatusCode::OK
        };
        Ok::<_, Problem>((file, status, start, total - start, total))
    })
    .await??;
    tracing::info!(device = %device.device_id, user = %device.user, version = %release.version, start, "update package sent");
    let reader = tokio::fs::File::from_std(file).take(length);
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(reader));
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if status == StatusCode::PARTIAL_CONTENT {
        let range = format!("bytes {start}-{}/{total}", total - 1);
        headers.insert(
            header::CONTENT_RANGE,
            HeaderValue::from_str(&range).map_err(Problem::internal)?,
        );
    }
    Ok(response)
}
