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

use super::common::with_db;
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
        let lookup = token.clone();
        // No session is a sign-in; a database that cannot be read is a server error, never
        // shown as a logout (the person would sign in again and again during an outage).
        let found = with_db(state, move |conn| {
            session_account(conn, &lookup, Utc::now()).map_err(|e| anyhow::anyhow!("{e}"))
        })
        .await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::office::cookies::{CookiePolicy, SESSION};
    use crate::office::pool::MasterPool;

    /// A back office whose master cannot be opened (a folder stands where it should be).
    fn broken_office(root: &std::path::Path) -> OfficeState {
        let dir = crate::datadir::DataDir::create(root).unwrap();
        let not_a_database = root.join("not-a-database");
        std::fs::create_dir(&not_a_database).unwrap();
        let (jobs, _ignored) = tokio::sync::mpsc::unbounded_channel();
        OfficeState {
            dir,
            pool: MasterPool::new(not_a_database),
            jobs,
            sync_listen: None,
            login_throttle: std::sync::Arc::new(crate::office::session::login_throttle()),
            cookies: CookiePolicy { secure: false },
        }
    }

    fn request(cookie: Option<&str>) -> Parts {
        let mut builder = axum::http::Request::builder().uri("/office");
        if let Some(cookie) = cookie {
            builder = builder.header("cookie", cookie);
        }
        builder.body(()).unwrap().into_parts().0
    }

    #[tokio::test]
    async fn an_unreadable_database_is_a_server_error_not_a_logout() {
        let tmp = tempfile::tempdir().unwrap();
        let state = broken_office(tmp.path());
        let mut signed_in = request(Some(&format!("{SESSION}=abc")));
        let answer = Signed::from_request_parts(&mut signed_in, &state)
            .await
            .err()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
        // Without a session cookie, it is still the way to the login page.
        let mut anonymous = request(None);
        let answer = Signed::from_request_parts(&mut anonymous, &state)
            .await
            .err()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    }
}
