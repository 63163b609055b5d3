//! The built-in HTTPS transport (sync-spec section 11), served by `tournee-server run`
//! beside the back office when `sync_listen` is set in `config.toml`.
//!
//! It moves the same files a folder-sync tool would: pushed change files land in
//! `inbox/<user>/` for the automaton, snapshots are read from `snapshots/<user>/`.
//! So both transports can serve one rep at once, and the integration rules (exactly
//! once, signatures, owners) stay in one place.
//!
//! * [`tls`]: the certificate (self-signed at `init`, pinned by laptops at enrollment);
//! * [`enroll`]: `hello` and `enroll`, the only routes without a device key;
//! * [`auth`]: signed requests with a forward-only counter, checked before a body is read,
//!   as extractors (`SignedDevice`, `SignedBody<L>`), the same idiom as the back office's;
//! * [`body`]: bodies read within a limit, a few at a time;
//! * [`push`] and [`pull`]: change files up, snapshots down;
//! * [`update`]: the field app's signed updates, announced and sent to enrolled devices;
//! * [`problem`]: every refusal as a status, a code, a French sentence and a log line.

pub mod auth;
pub mod body;
pub mod enroll;
pub mod problem;
pub mod pull;
pub mod push;
pub mod tls;
pub mod update;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;
use serde::de::DeserializeOwned;
use tournee_sync::API_PREFIX;

use crate::datadir::DataDir;
use crate::listen::{request_deadline, Handshake, ListenerSettings, RequestDeadline};
use crate::office::pool::MasterPool;
use crate::sentences::{Said, Sentence};
use problem::Problem;

/// Largest change file read at all, whatever the admin's limit
/// (`max_change_file_bytes`, 1 MiB by default).
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;
/// Largest enrollment request: four short fields.
const ENROLL_BODY_LIMIT: usize = 16 * 1024;

/// Shared state of the transport.
#[derive(Clone)]
pub struct SyncState {
    /// The data directory (re-read per request: the admin may move the folders).
    pub dir: DataDir,
    /// Connections to the master database.
    pub pool: MasterPool,
    /// SHA-256 of this server's certificate, which enrollment proofs must bind.
    pub cert_sha256: Arc<str>,
    /// Every device's newest request counter (replays are refused).
    pub counters: Arc<auth::Counters>,
    /// Places for request bodies being read (see [`body::UPLOAD_SLOTS`]).
    pub upload_slots: Arc<tokio::sync::Semaphore>,
    /// Failed enrollments per client address (see [`enroll::enroll`]).
    pub enroll_throttle: Arc<crate::throttle::Throttle>,
    /// The automaton's news after every pass: a push waiting for its verdict listens.
    pub passes: crate::online::Passes,
    /// Places for pushes waiting for a verdict (see [`push::MAX_WAITERS`]).
    pub waiters: Arc<tokio::sync::Semaphore>,
}

/// Every route of the transport.
pub fn router(state: SyncState) -> Router {
    Router::new()
        .route(&format!("{API_PREFIX}/hello"), get(enroll::hello))
        .route(
            &format!("{API_PREFIX}/enroll"),
            post(enroll::enroll).layer(DefaultBodyLimit::max(ENROLL_BODY_LIMIT)),
        )
        .route(&format!("{API_PREFIX}/changes"), post(push::post_changes))
        .route(
            &format!("{API_PREFIX}/changes/status"),
            post(push::post_status),
        )
        .route(
            &format!("{API_PREFIX}/changes/{{file_name}}"),
            put(push::put_change),
        )
        .route(
            &format!("{API_PREFIX}/snapshot/manifest"),
            get(pull::get_manifest),
        )
        .route(
            &format!("{API_PREFIX}/snapshot/{{generation}}"),
            get(pull::get_snapshot),
        )
        .route(&format!("{API_PREFIX}/update"), get(update::get_update))
        .route(
            &format!("{API_PREFIX}/update/package"),
            get(update::get_package),
        )
        .fallback(|| async {
            Problem::new(StatusCode::NOT_FOUND, "not_found", Sentence::ApiNotFound)
        })
        .with_state(state)
}

/// A body that could not be read: too large, or cut.
pub fn body_problem(rejection: BytesRejection) -> Problem {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            Said::new(
                Sentence::ApiRequestTooLarge,
                &[("max", &ENROLL_BODY_LIMIT.to_string())],
            ),
        )
    } else {
        let error = rejection.body_text();
        Problem::new(
            rejection.status(),
            "bad_body",
            Said::new(Sentence::ApiBadBody, &[("error", &error)]),
        )
    }
}

/// Reads a JSON body, refusing malformed JSON with a clear message.
pub fn json_body<T: DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> Result<T, Problem> {
    let body = body.map_err(body_problem)?;
    serde_json::from_slice(&body).map_err(|error| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_json",
            Said::new(Sentence::ApiBadJson, &[("error", &error.to_string())]),
        )
    })
}

/// Serves the transport over TLS on `addr` until `shutdown` resolves.
pub async fn serve(
    dir: DataDir,
    addr: SocketAddr,
    passes: crate::online::Passes,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let (cert, key) = (dir.tls_cert(), dir.tls_key());
    if !cert.exists() && !key.exists() {
        // A data directory made before the transport existed: make its certificate now,
        // as `init` does for new ones.
        let fingerprint = crate::init::ensure_https(&dir, None, &[])
            .context("making a self-signed certificate for the HTTPS transport")?;
        tracing::info!(certificate_sha256 = %fingerprint, path = %cert.display(), "self-signed certificate made");
    }
    let config = tls::server_config(&cert, &key)
        .with_context(|| format!("loading the HTTPS certificate {}", cert.display()))?;
    let fingerprint = tls::fingerprint(&cert)?;
    let limits = dir.config.limits.clone();
    let state = SyncState {
        pool: MasterPool::new(dir.database()),
        dir,
        cert_sha256: fingerprint.clone().into(),
        counters: Arc::default(),
        upload_slots: Arc::new(body::upload_slots()),
        enroll_throttle: Arc::new(enroll::enroll_throttle()),
        passes,
        waiters: Arc::new(tokio::sync::Semaphore::new(push::MAX_WAITERS)),
    };
    let caps = limits.caps(crate::listen::limits::descriptor_limit()?);
    let listener = crate::listen::bind(addr).with_context(|| format!("listening on {addr}"))?;
    tracing::info!(%addr, certificate_sha256 = %fingerprint, max_connections = caps.sync, "sync transport listening (HTTPS)");
    let deadline = RequestDeadline {
        limit: limits.request_timeout(),
        answer: too_slow,
    };
    let app = router(state).layer(axum::middleware::from_fn_with_state(
        deadline,
        request_deadline,
    ));
    let settings = ListenerSettings::from_limits(
        "sync transport",
        &limits,
        caps.sync,
        limits.sync_max_connections_per_address,
    );
    crate::listen::serve(
        listener,
        app,
        Handshake::Tls(tokio_rustls::TlsAcceptor::from(config)),
        settings,
        shutdown,
    )
    .await;
    Ok(())
}

/// The answer to a request that ran out of time (the `[limits]` request timeout).
fn too_slow() -> axum::response::Response {
    use axum::response::IntoResponse as _;
    Problem::new(StatusCode::REQUEST_TIMEOUT, "timeout", Sentence::ApiTimeout).into_response()
}
