//! `hello` and `enroll`: the only routes a laptop reaches without a device key.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use tournee_store::devices::{redeem_code, split_code, EnrollmentRequest};
use tournee_sync::api::{EnrollAnswer, EnrollRequest, Hello};
use tournee_sync::sign::{check_enrollment_proof, is_valid_public_key};

use super::problem::Problem;
use super::{json_body, SyncState};

/// `GET /sync/v1/hello`.
pub async fn hello() -> Json<Hello> {
    Json(Hello {
        server: "tournee".into(),
        spec: tournee_sync::SPEC_VERSION,
    })
}

/// `POST /sync/v1/enroll`: the proof must match the code's secret, this server's own
/// certificate and the key presented, so a man in the middle learns nothing usable.
pub async fn enroll(
    State(state): State<SyncState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<EnrollAnswer>, Problem> {
    let request: EnrollRequest = json_body(body)?;
    let Some((code_id, _)) = split_code(&format!("{}000000000000", request.code_id)) else {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_code",
            "code d'enrôlement mal formé",
        ));
    };
    if !is_valid_public_key(&request.public_key) {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_key",
            "clé publique invalide (Ed25519, 32 octets en base64 attendus)",
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
            .map_err(Problem::from)?;
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
