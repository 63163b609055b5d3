//! Who is asking: the session cookie, the role checks and the CSRF check.
//!
//! Role checks are extractors: a handler that takes [`Accountant`] or [`Admin`] cannot
//! run for anyone else, whatever the page shows or hides.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use tournee_store::office::accounts::{session_account, Account, Role};

use super::html::page;
use super::OfficeState;

/// Name of the session cookie (HttpOnly, SameSite=Strict, path /office).
pub const SESSION_COOKIE: &str = "tournee_session";

/// A signed-in account with its session's CSRF token.
pub struct Signed {
    /// The account.
    pub account: Account,
    /// Token every form of this session must send back.
    pub csrf: String,
    /// The session token from the cookie (for logout).
    pub token: String,
}

/// The session token in the request's cookies.
pub fn session_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The page a refused person sees.
pub fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        Html(page("Accès refusé", None, "<p class=\"error\">Votre rôle ne donne pas accès à cette page.</p><p><a href=\"/office\">Retour</a></p>")),
    )
        .into_response()
}

impl FromRequestParts<OfficeState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &OfficeState,
    ) -> Result<Self, Self::Rejection> {
        let to_login = || Redirect::to("/office/login").into_response();
        let token = session_token(parts).ok_or_else(to_login)?;
        let pool = state.pool.clone();
        let lookup = token.clone();
        let found = tokio::task::spawn_blocking(move || {
            pool.with(|conn| {
                session_account(conn, &lookup, Utc::now()).map_err(|e| anyhow::anyhow!("{e}"))
            })
            .ok()
            .flatten()
        })
        .await
        .ok()
        .flatten();
        let (account, csrf) = found.ok_or_else(to_login)?;
        if account.must_change_password && parts.uri.path() != "/office/password" {
            return Err(Redirect::to("/office/password").into_response());
        }
        Ok(Self {
            account,
            csrf,
            token,
        })
    }
}

/// The accountant's pages (admins may open them too).
pub struct Accountant(pub Signed);

impl FromRequestParts<OfficeState> for Accountant {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &OfficeState,
    ) -> Result<Self, Self::Rejection> {
        let signed = Signed::from_request_parts(parts, state).await?;
        match signed.account.role {
            Role::Accountant | Role::Admin => Ok(Self(signed)),
        }
    }
}

/// Pages for admins only.
pub struct Admin(pub Signed);

impl FromRequestParts<OfficeState> for Admin {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &OfficeState,
    ) -> Result<Self, Self::Rejection> {
        let signed = Signed::from_request_parts(parts, state).await?;
        if signed.account.role == Role::Admin {
            Ok(Self(signed))
        } else {
            Err(forbidden())
        }
    }
}

/// Whether a form's CSRF token is the session's (compared in constant time).
pub fn csrf_matches(signed: &Signed, given: &str) -> bool {
    let expected = signed.csrf.as_bytes();
    let given = given.as_bytes();
    expected.len() == given.len()
        && expected
            .iter()
            .zip(given)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The answer to a form without the session's CSRF token: nothing is changed.
pub fn csrf_refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        Html(page(
            "Formulaire expiré",
            None,
            "<p class=\"error\">Ce formulaire n'est plus valable : rechargez la page et recommencez.</p>",
        )),
    )
        .into_response()
}
