//! Who is asking: the session cookie and the role checks (the CSRF check of forms is
//! [`super::checked_form`], fed by the session found here).
//!
//! Role checks are extractors: a handler that takes [`Accountant`] or [`Admin`] cannot
//! run for anyone else, whatever the page shows or hides.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use tournee_store::office::accounts::{session_account, Account, Role};

use super::checked_form::SessionCsrf;
use super::common::with_db;
use super::cookies::session_token;
use super::error::PageError;
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
        .await
        .map_err(IntoResponse::into_response)?;
        let (account, csrf) = found.ok_or_else(to_login)?;
        if account.must_change_password && parts.uri.path() != "/office/password" {
            return Err(Redirect::to("/office/password").into_response());
        }
        // For `CheckedForm`, which reads the body after this extractor has run.
        parts.extensions.insert(SessionCsrf(csrf.clone()));
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
            Err(PageError::Forbidden.into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::office::cookies::SESSION;
    use crate::office::unreadable_office as broken_office;
    use axum::http::StatusCode;

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
