//! The REST API (`/api/v1`, issue 14) for other programs, served on the back office's
//! listener (same connection caps, timeouts and security headers).
//!
//! * [`auth`]: `Authorization: Bearer` tokens (made by the admin, « Jetons d'API »),
//!   checked as an extractor, then the token's rate limit ([`limit`]);
//! * [`read`]: lists (cursor, filters, sort, `fields=`) and single records, through the
//!   policy as the snapshots apply it: what a caller may not see answers 404;
//! * [`write`]: creations, updates, deletions as record change files, awaited until the
//!   automaton settles them; `If-Match` and `Idempotency-Key`;
//! * [`openapi`] and [`reference`]: the OpenAPI 3.1 document generated from the store's
//!   table of resources, and its HTML rendering;
//! * [`record_locks`]: one `If-Match` write at a time per record, so a stale ETag is
//!   always refused;
//! * [`pool`]: the API's own connections, each caching the callers and reaches it knows
//!   until the master changes;
//! * [`problem`]: every refusal as RFC 9457 `application/problem+json`.
//!
//! Handlers are thin: the SQL lives in `tournee_store::api`.

pub mod auth;
pub mod limit;
pub mod openapi;
pub mod pool;
pub mod problem;
pub mod read;
pub mod record_locks;
pub mod reference;
pub mod write;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

use crate::datadir::DataDir;
use crate::office::pool::MasterPool;
use crate::sentences::Sentence;
use problem::ApiProblem;

/// Shared state of the API: one allocation, so that the clone each request takes costs a
/// reference count (the parts hold the server's settings, which a profile saw copied
/// and dropped per request).
#[derive(Clone)]
pub struct ApiState(Arc<ApiParts>);

impl ApiState {
    /// The state of `parts`.
    pub fn new(parts: ApiParts) -> Self {
        Self(Arc::new(parts))
    }
}

impl std::ops::Deref for ApiState {
    type Target = ApiParts;

    fn deref(&self) -> &ApiParts {
        &self.0
    }
}

/// What the API's handlers share.
pub struct ApiParts {
    /// The data directory (its inbox receives the writes).
    pub dir: DataDir,
    /// Connections to the master (writes, idempotency keys, awaited statuses).
    pub pool: MasterPool,
    /// The API's own connections, each knowing the callers and reaches it served since
    /// the master last changed: tokens and reads.
    pub reads: pool::ApiPool,
    /// Requests left per token.
    pub limiter: Arc<limit::RateLimiter>,
    /// Wakes the automaton for a change just written (the back office's handle).
    pub office: crate::office::OfficeState,
    /// The records with an `If-Match` write in flight: one at a time per record.
    pub record_locks: Arc<record_locks::RecordLocks>,
}

/// Every route of the API: one pair per resource, so that each path has exactly the
/// methods the document gives it (a read-only resource answers `405` with `Allow: GET`).
pub fn router(state: ApiState) -> Router {
    let mut router = Router::new()
        .route(
            "/api/v1/openapi.json",
            get(|| async { Json(openapi::document()) }),
        )
        .route("/api/v1/reference", get(reference::reference))
        .route("/api/v1", get(no_route))
        .route("/api/v1/{resource}", get(no_route))
        .route("/api/v1/{resource}/{id}", get(no_route))
        .route("/api/v1/{resource}/{id}/{*rest}", get(no_route));
    for spec in tournee_store::RESOURCES {
        let collection = format!("/api/v1/{}", spec.path);
        let item = format!("/api/v1/{}/{{id}}", spec.path);
        router = if spec.record.is_some() {
            router
                .route(&collection, get(read::list).post(write::create))
                .route(
                    &item,
                    get(read::fetch).patch(write::update).delete(write::delete),
                )
        } else {
            router
                .route(&collection, get(read::list))
                .route(&item, get(read::fetch))
        };
    }
    router
        .layer(DefaultBodyLimit::max(write::WRITE_BODY_LIMIT))
        .with_state(state)
}

async fn no_route() -> impl IntoResponse {
    ApiProblem::new(StatusCode::NOT_FOUND, "no_route", Sentence::RestNoRoute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_routes_do_not_conflict() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        let state = ApiState::new(ApiParts {
            pool: MasterPool::new(dir.database()),
            reads: pool::ApiPool::new(dir.database()),
            dir,
            limiter: Arc::new(limit::RateLimiter::new(10.0, 1.0)),
            office: crate::office::unreadable_office(&tmp.path().join("office")),
            record_locks: Arc::default(),
        });
        // Building the router panics on a conflicting route.
        let _router: Router = router(state);
    }
}
