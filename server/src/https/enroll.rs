//! `hello` and `enroll`: the only routes a laptop reaches without a device key.
//!
//! An enrollment refused for its code reads the same and takes at least
//! [`REFUSAL_TIME`] whether the code id is unknown or the proof wrong, so code ids
//! cannot be enumerated; past [`ADDRESS_FREE_FAILURES`] failures an address waits
//! (1 s, 2 s, 4 s … up to [`ADDRESS_BACKOFF_CAP`]) before it is heard again.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::Json;
use tournee_store::{
    redeem_code, split_code, DeviceError, EnrollmentRequest, MAX_DEVICE_NAME_CHARS,
};
use tournee_sync::{check_enrollment_proof, is_valid_public_key};
use tournee_sync::{EnrollAnswer, EnrollRequest, Hello};

use super::problem::Problem;
use super::{json_body, SyncState};
use crate::sentences::{Said, Sentence};

/// `GET /sync/v1/hello`.
pub async fn hello() -> Json<Hello> {
    Json(Hello {
        server: "tournee".into(),
        spec: tournee_sync::SPEC_VERSION,
    })
}

/// Failed enrollments from one address that go unpunished.
pub const ADDRESS_FREE_FAILURES: u32 = 5;
/// Longest wait of an address after failed enrollments.
pub const ADDRESS_BACKOFF_CAP: Duration = Duration::from_secs(900);
/// Least time an enrollment refused for its code takes (longer than a database write).
pub const REFUSAL_TIME: Duration = Duration::from_millis(200);

/// The back-off of failed enrollments per client address.
pub fn enroll_throttle() -> crate::throttle::Throttle {
    crate::throttle::Throttle::new(ADDRESS_FREE_FAILURES, ADDRESS_BACKOFF_CAP)
}

/// `POST /sync/v1/enroll`: the proof must match the code's secret, this server's own
/// certificate and the key presented, so a man in the middle learns nothing usable.
pub async fn enroll(
    State(state): State<SyncState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<EnrollAnswer>, Problem> {
    let started = tokio::time::Instant::now();
    let address = peer.ip();
    if let Some(wait) = state.enroll_throttle.waiting(address, Instant::now()) {
        return Err(Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            Said::new(
                Sentence::ApiEnrollWait,
                &[("seconds", &wait.as_secs().max(1).to_string())],
            ),
        ));
    }
    let answer = enroll_checked(&state, body).await;
    match &answer {
        Ok(_) => state.enroll_throttle.succeeded(address),
        Err(_) => {
            state.enroll_throttle.failed(address, Instant::now());
            tokio::time::sleep_until(started + REFUSAL_TIME).await;
        }
    }
    answer
}

/// The enrollment itself, once the address may be heard.
async fn enroll_checked(
    state: &SyncState,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<EnrollAnswer>, Problem> {
    let state = state.clone();
    let request: EnrollRequest = json_body(body)?;
    let Some((code_id, _)) = split_code(&format!("{}000000000000", request.code_id)) else {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_code",
            Sentence::ApiBadCode,
        ));
    };
    let name_length = request.device_name.chars().count();
    if name_length == 0
        || name_length > MAX_DEVICE_NAME_CHARS
        || request.device_name.chars().any(char::is_control)
    {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_device_name",
            Said::new(
                Sentence::ApiBadDeviceName,
                &[
                    ("max", &MAX_DEVICE_NAME_CHARS.to_string()),
                    ("received", &name_length.to_string()),
                ],
            ),
        ));
    }
    if !is_valid_public_key(&request.public_key) {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_key",
            Sentence::ApiBadKey,
        ));
    }
    let answer = tokio::task::spawn_blocking(move || {
        state.pool.with(|conn| {
            let enrollment = EnrollmentRequest {
                code_id: &code_id,
                public_key: &request.public_key,
                device_name: &request.device_name,
            };
            let device = redeem_code(
                conn,
                &enrollment,
                |secret| {
                    check_enrollment_proof(
                        secret,
                        &state.cert_sha256,
                        &request.public_key,
                        &request.proof,
                    )
                },
                chrono::Utc::now(),
            )
            .map_err(|error| {
                if matches!(error, DeviceError::UnknownCode | DeviceError::BadProof) {
                    // The laptop reads one answer for both; the log says which.
                    tracing::warn!(code_id = %code_id, reason = ?error_kind(&error), "enrollment refused");
                }
                Problem::from(error)
            })?;
            tracing::info!(device = %device.device_id, user = %device.user, name = %device.name, "device enrolled");
            Ok::<_, Problem>(EnrollAnswer {
                device_id: device.device_id,
                user: device.user,
            })
        })
    })
    .await??;
    Ok(Json(answer))
}

/// Which of the two refusals that read alike it was, for the log.
fn error_kind(error: &DeviceError) -> &'static str {
    match error {
        DeviceError::UnknownCode => "unknown_code",
        DeviceError::BadProof => "bad_proof",
        _ => "other",
    }
}
