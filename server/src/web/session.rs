//! Who calls: the back office's session cookie, for JSON. No session is a 401 the page
//! turns into the login page; a write without the session's CSRF token in its
//! `X-CSRF-Token` header is a 403 (a cross-site page can make a browser send the cookie,
//! not read the token).

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::Serialize;
use tournee_field::dto::{CommandError, ErrorCode};
use tournee_store::{session_account, Account};

use crate::office::auth::Requirement;
use crate::office::common::with_db;
use crate::office::cookies::{same_secret, session_token};
use crate::office::OfficeState;

/// The header a JSON write carries its session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A refusal of the browser's back end: a status and the window's error.
pub struct Refusal(pub StatusCode, pub CommandError);

impl Refusal {
    /// A refusal with `code` and no values.
    pub fn new(status: StatusCode, code: ErrorCode) -> Self {
        Self(
            status,
            CommandError {
                code,
                field: None,
                values: Default::default(),
                problems: Vec::new(),
            },
        )
    }

    /// A server error (logged; the page says « internal » with the detail).
    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!("browser back end: {error}");
        let mut refusal = Self::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal);
        refusal.1.values.insert("detail".into(), error.to_string());
        refusal
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

/// A signed-in account calling the browser's back end, with its session's CSRF token.
pub struct WebUser {
    /// The account (its login is the directory user whose snapshot is read).
    pub account: Account,
    /// The token every write must carry.
    pub csrf: String,
}

impl FromRequestParts<OfficeState> for WebUser {
    type Rejection = Refusal;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &OfficeState,
    ) -> Result<Self, Self::Rejection> {
        let signed_out = || Refusal::new(StatusCode::UNAUTHORIZED, ErrorCode::SignedOut);
        let token = session_token(parts).ok_or_else(signed_out)?;
        let found = with_db(state, move |conn| {
            session_account(conn, &token, Utc::now()).map_err(|e| anyhow::anyhow!("{e}"))
        })
        .await
        .map_err(|_| Refusal::internal("the sessions could not be read"))?;
        let (account, csrf) = found.ok_or_else(signed_out)?;
        // A drawn password must be changed first, in the back office.
        if account.must_change_password {
            return Err(signed_out());
        }
        if parts.method != axum::http::Method::GET {
            let given = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if given.is_empty() || !same_secret(&csrf, given) {
                tracing::warn!(login = %account.login, "browser call without its CSRF token");
                return Err(Refusal::new(StatusCode::FORBIDDEN, ErrorCode::SignedOut));
            }
        }
        Ok(Self { account, csrf })
    }
}

/// What the page needs to know of its session.
#[derive(Serialize)]
pub struct SessionView {
    /// The login.
    pub login: String,
    /// The name shown.
    pub display_name: String,
    /// The role's code.
    pub role: &'static str,
    /// The token to send in [`CSRF_HEADER`].
    pub csrf: String,
    /// Whether the back office has pages for this role (a link to it is shown).
    pub back_office: bool,
}

/// GET /app/api/session
pub async fn describe(State(_state): State<OfficeState>, user: WebUser) -> Json<SessionView> {
    Json(SessionView {
        back_office: Requirement::Staff.admits(user.account.role),
        role: user.account.role.code(),
        login: user.account.login,
        display_name: user.account.display_name,
        csrf: user.csrf,
    })
}
