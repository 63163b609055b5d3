//! The field app's updates over the transport (sync-spec section 11): `GET
//! /sync/v1/update?current=X&platform=P` announces the release published for the
//! laptop's system P to an enrolled device when it is newer than X (404 `no_update`
//! otherwise), and `GET /sync/v1/update/package?platform=P` sends its package, with byte
//! ranges so a cut download resumes. An app that names no system (built before laptops
//! named theirs) is answered from the old single release (`crate::update::current`). Both are signed device
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
use crate::update::{announce, current, is_newer, Published};
use tournee_sync::UpdatePlatform;

/// Longest `current=` value read.
const MAX_VERSION_LEN: usize = 64;

fn no_update() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "no_update", Sentence::ApiNotFound)
}

/// The value of `name=` in the query, if present.
fn query_value<'a>(uri: &'a Uri, name: &str) -> Option<&'a str> {
    uri.query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// The system the laptop names (`platform=`), `None` when it names none; an unknown one
/// is refused rather than answered with another system's package.
fn platform_of(uri: &Uri) -> Result<Option<UpdatePlatform>, Problem> {
    query_value(uri, "platform")
        .map(|name| {
            name.parse().map_err(|e: tournee_sync::UnknownPlatform| {
                Problem::new(
                    StatusCode::BAD_REQUEST,
                    "bad_platform",
                    Said::new(
                        Sentence::ApiBadBody,
                        &[("error", &format!("platform: {e}"))],
                    ),
                )
            })
        })
        .transpose()
}

async fn release_of(
    state: &SyncState,
    platform: Option<UpdatePlatform>,
) -> Result<Published, Problem> {
    let dir = state.dir.reloaded();
    let release = tokio::task::spawn_blocking(move || current(&dir, platform))
        .await?
        .map_err(Problem::internal)?;
    release.ok_or_else(no_update)
}

/// `GET /sync/v1/update?current=X&platform=P`.
pub async fn get_update(
    State(state): State<SyncState>,
    SignedDevice(device): SignedDevice,
    uri: Uri,
) -> Result<Response, Problem> {
    // An app that sends no `current=` is older than any release.
    let have = query_value(&uri, "current").unwrap_or("");
    if have.len() > MAX_VERSION_LEN {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_version",
            Said::new(Sentence::ApiBadBody, &[("error", "current: too long")]),
        ));
    }
    let platform = platform_of(&uri)?;
    let Published { release, .. } = release_of(&state, platform).await?;
    if !is_newer(&release, have) {
        return Err(no_update());
    }
    tracing::info!(device = %device.device_id, user = %device.user, have, platform = ?platform, offered = %release.version, "update announced");
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        announce(&release).to_string(),
    )
        .into_response())
}

/// `GET /sync/v1/update/package?platform=P` (with `Range: bytes=N-` to resume).
pub async fn get_package(
    State(state): State<SyncState>,
    SignedDevice(device): SignedDevice,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let platform = platform_of(&uri)?;
    let Published {
        release,
        package: path,
    } = release_of(&state, platform).await?;
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic is how a test reports failure

    use super::*;

    #[test]
    fn the_laptops_system_is_read_from_the_query_and_an_unknown_one_refused() {
        let uri = |q: &str| q.parse::<Uri>().unwrap();
        assert_eq!(
            platform_of(&uri(
                "/sync/v1/update?current=0.1.0&platform=windows-x86_64-nsis"
            ))
            .unwrap(),
            Some(UpdatePlatform::WindowsNsis)
        );
        assert_eq!(
            platform_of(&uri("/sync/v1/update/package?platform=linux-x86_64-deb")).unwrap(),
            Some(UpdatePlatform::LinuxDeb)
        );
        // An app built before laptops named their system.
        assert_eq!(
            platform_of(&uri("/sync/v1/update?current=0.1.0")).unwrap(),
            None
        );
        // `platforms=` is another parameter, not a prefix match.
        assert_eq!(
            platform_of(&uri("/sync/v1/update?platforms=linux-x86_64-deb")).unwrap(),
            None
        );
        for bad in [
            "darwin-aarch64-app",
            "linux-x86_64",
            "",
            "linux-x86_64-deb%00",
        ] {
            let refused = platform_of(&uri(&format!("/sync/v1/update?platform={bad}")));
            assert!(refused.is_err(), "{bad:?}");
        }
        assert_eq!(
            query_value(&uri("/sync/v1/update?platform=x&current=0.2.0"), "current"),
            Some("0.2.0")
        );
    }
}
