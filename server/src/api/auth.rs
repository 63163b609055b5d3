//! The caller of an API request: `Authorization: Bearer <token>` checked against the
//! stored digests (forged, expired and revoked tokens refused with 401), then the
//! token's rate limit (429 with `Retry-After`). An extractor, so that no handler can
//! forget either, the same idiom as the back office's roles and the sync API's devices:
//! [`Caller`] checks the token in its own blocking hop; the read handlers take a
//! [`Bearer`] instead and check it with [`Bearer::check`] in the hop of their read (one
//! hop per request instead of two: under 200 clients each hop queues for a slot and a
//! blocking thread).
//! A request the caller already had answered is served without the hop when a free
//! connection's cache knows the token as the check would accept it ([`Bearer::known`]),
//! its rate then taken as in the hop ([`take_rate`]).

use std::time::Instant;

use rusqlite::Connection;
use tournee_store::ApiCache;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use chrono::Utc;
use tournee_store::{ApiCaller, KeptAnswer, TokenAccess, TokenError};

use super::limit::RateLimiter;
use super::problem::ApiProblem;
use super::ApiState;
use crate::sentences::{Said, Sentence};
use tournee_core::Entity;

/// A request whose token is valid and within its rate.
pub struct Caller(pub ApiCaller);

/// A request's bearer secret, not checked yet: whoever takes it must call
/// [`Bearer::check`] before reading anything (401 already when the header is missing).
pub struct Bearer(String);

fn unauthorized(said: impl Into<Said>, code: &'static str) -> ApiProblem {
    ApiProblem::new(StatusCode::UNAUTHORIZED, code, said)
}

impl From<TokenError> for ApiProblem {
    fn from(error: TokenError) -> Self {
        match error {
            TokenError::Expired(at) => unauthorized(
                Said::new(Sentence::RestTokenExpired, &[("at", &at)]),
                "token_expired",
            ),
            TokenError::Revoked(at) => unauthorized(
                Said::new(Sentence::RestTokenRevoked, &[("at", &at)]),
                "token_revoked",
            ),
            TokenError::OwnerInactive(owner) => unauthorized(
                Said::new(Sentence::RestOwnerInactive, &[("owner", &owner)]),
                "owner_inactive",
            ),
            TokenError::Store(error) => ApiProblem::internal(error),
            TokenError::Unknown
            | TokenError::BadName
            | TokenError::UnknownOwner(_)
            | TokenError::NoScope
            | TokenError::PastExpiry(_) => unauthorized(Sentence::RestUnauthorized, "unauthorized"),
        }
    }
}

impl FromRequestParts<ApiState> for Bearer {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, _: &ApiState) -> Result<Self, ApiProblem> {
        parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(|secret| Self(secret.trim().to_string()))
            .ok_or_else(|| unauthorized(Sentence::RestUnauthorized, "unauthorized"))
    }
}

impl Bearer {
    /// The token checked (401) and its rate taken (429), on the API pool's connection:
    /// called first thing inside a read's hop.
    pub fn check(
        &self,
        conn: &Connection,
        cache: &mut ApiCache,
        limiter: &RateLimiter,
    ) -> Result<Caller, ApiProblem> {
        let caller = cache.caller(conn, &self.0, Utc::now())?;
        take_rate(limiter, caller.token_id)?;
        Ok(Caller(caller))
    }

    /// The caller, if the connection's cache knows the token as [`Bearer::check`] would
    /// accept it without a write, and the answer kept for the key `key_of` names for them
    /// ([`ApiCache::known_answer`]); its rate is not taken.
    pub fn known_answer(
        &self,
        conn: &Connection,
        cache: &mut ApiCache,
        key_of: impl FnOnce(&ApiCaller) -> Option<String>,
    ) -> Option<(ApiCaller, KeptAnswer)> {
        cache
            .known_answer(conn, &self.0, Utc::now(), key_of)
            .ok()
            .flatten()
    }
}

/// One request taken from the token's rate, or 429 with the seconds to wait.
pub fn take_rate(limiter: &RateLimiter, token_id: i64) -> Result<(), ApiProblem> {
    limiter
        .take(token_id, Instant::now())
        .map_err(|seconds| ApiProblem {
            retry_after: Some(u32::try_from(seconds).unwrap_or(u32::MAX)),
            ..ApiProblem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                Said::new(
                    Sentence::RestRateLimited,
                    &[("seconds", &seconds.to_string())],
                ),
            )
        })
}

impl FromRequestParts<ApiState> for Caller {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiProblem> {
        let bearer = Bearer::from_request_parts(parts, state).await?;
        let limiter = std::sync::Arc::clone(&state.limiter);
        state
            .reads
            .run(move |conn, cache| bearer.check(conn, cache, &limiter))
            .await?
    }
}

impl Caller {
    /// Refuses with 403 when the token's own scopes do not cover `access` on `entity`
    /// (this says nothing of any record: the policy's refusals answer 404).
    pub fn require(&self, entity: Entity, access: TokenAccess) -> Result<(), ApiProblem> {
        if self.0.token_allows(entity, access) {
            return Ok(());
        }
        let access = match access {
            TokenAccess::Read => "read",
            TokenAccess::Write => "write",
        };
        Err(ApiProblem::new(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            Said::new(
                Sentence::RestScope,
                &[("entity", entity.code()), ("access", access)],
            ),
        ))
    }
}
