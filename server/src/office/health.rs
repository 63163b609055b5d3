//! `GET /health`: a liveness answer for whatever watches the server (a reverse proxy's
//! health check, a monitoring probe, the benchmarks' reference route).
//!
//! It answers as long as the listener serves requests and touches no database, so a
//! probe polling it every few seconds costs nothing and leaks nothing; the state of the
//! integration, the mail and the snapshots is on the admin's monitor page.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Where the liveness answer is served, outside `/office` so a probe needs no session.
pub const HEALTH_PATH: &str = "/health";

/// GET /health: `200 ok`, never kept by a cache (a stale « ok » would hide an outage).
pub async fn health() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        "ok\n",
    )
        .into_response()
}
