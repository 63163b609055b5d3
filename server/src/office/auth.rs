//! Who is asking: the session cookie, the role checks and the CSRF check.
//!
//! Role checks are extractors: a handler that takes [`Accountant`] or [`Admin`] cannot
//! run for anyone else, whatever the page shows or hides.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use tournee_store::office::accounts::{session_account, Account, Role};

use super::cookies::{same_secret, session_token};
use super::html::page;
use super::OfficeState;

/// A signed-in account with its session's CSRF token.
pub struct Signed {
    /// The account.
    pub account: Account,
    /// Token every form of this session must send back.
    pub csrf: String,
    /// The session token from the cookie (for logout).
    pub token: String,
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
    same_secret(&signed.csrf, given)
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
