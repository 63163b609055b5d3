//! Who is asking: the session cookie and the role checks (the CSRF check of forms is
//! [`super::checked_form`], fed by the session found here).
//!
//! The idiom, the same as the sync API's ([`crate::https::auth`]): one extractor per
//! kind of principal, implementing `FromRequestParts` and rejecting with the module's
//! own error ([`PageError`]), which is the answer. [`Signed`] is anyone signed in (any
//! user of the directory with a password: a rep or a manager too, who sees only the home
//! page saying the back office has nothing for their role yet);
//! [`Accountant`] and [`Admin`] are a signed-in account that meets a typed
//! [`Requirement`], so a handler that takes one of them cannot run for anyone else,
//! whatever the page shows or hides, and no handler checks a role with an `if`.
//! No session is a way to the login page; a database that cannot be read is a server
//! error (500), never a logout.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::Utc;
use tournee_store::{session_account, Account, Role};

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

impl Signed {
    /// This account, if its role meets `requirement`.
    pub fn meeting(self, requirement: Requirement) -> Result<Self, PageError> {
        if requirement.admits(self.account.role) {
            Ok(self)
        } else {
            Err(PageError::Forbidden)
        }
    }
}

impl FromRequestParts<OfficeState> for Signed {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &OfficeState,
    ) -> Result<Self, Self::Rejection> {
        let token = session_token(parts).ok_or(PageError::SignIn)?;
        let lookup = token.clone();
        // No session is a sign-in; a database that cannot be read is a server error, never
        // shown as a logout (the person would sign in again and again during an outage).
        let found = with_db(state, move |conn| {
            session_account(conn, &lookup, Utc::now()).map_err(|e| anyhow::anyhow!("{e}"))
        })
        .await?;
        let (account, csrf) = found.ok_or(PageError::SignIn)?;
        if account.must_change_password && parts.uri.path() != "/office/password" {
            return Err(PageError::PasswordChange);
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

/// What a page requires of the signed-in account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// The accountant's pages: the accountant's role or the admin's.
    Staff,
    /// The admin's pages.
    AdminOnly,
    /// The sales reports: the admin (every figure) and the managers (the figures their
    /// read scope reaches, `tournee_store::ReportScope`).
    Reports,
}

impl Requirement {
    /// Whether `role` meets this requirement (a new role must be placed here: the match
    /// is exhaustive).
    pub fn admits(self, role: Role) -> bool {
        match (self, role) {
            (Self::Staff, Role::Accountant | Role::Admin) => true,
            (Self::Staff, Role::Manager | Role::Rep | Role::Observer) => false,
            (Self::AdminOnly, Role::Admin) => true,
            (Self::AdminOnly, Role::Accountant | Role::Manager | Role::Rep | Role::Observer) => {
                false
            }
            (Self::Reports, Role::Admin | Role::Manager) => true,
            (Self::Reports, Role::Accountant | Role::Rep | Role::Observer) => false,
        }
    }
}

/// The accountant's pages (admins may open them too): [`Requirement::Staff`].
pub struct Accountant(pub Signed);

impl FromRequestParts<OfficeState> for Accountant {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &OfficeState,
    ) -> Result<Self, Self::Rejection> {
        let signed = Signed::from_request_parts(parts, state).await?;
        signed.meeting(Requirement::Staff).map(Self)
    }
}

/// Pages for admins only: [`Requirement::AdminOnly`].
pub struct Admin(pub Signed);

impl FromRequestParts<OfficeState> for Admin {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &OfficeState,
    ) -> Result<Self, Self::Rejection> {
        let signed = Signed::from_request_parts(parts, state).await?;
        signed.meeting(Requirement::AdminOnly).map(Self)
    }
}

/// The sales reports' readers: [`Requirement::Reports`].
pub struct ReportReader(pub Signed);

impl FromRequestParts<OfficeState> for ReportReader {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &OfficeState,
    ) -> Result<Self, Self::Rejection> {
        let signed = Signed::from_request_parts(parts, state).await?;
        signed.meeting(Requirement::Reports).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::office::cookies::SESSION;
    use crate::office::unreadable_office as broken_office;
    use axum::http::StatusCode;
    use axum::response::IntoResponse as _;

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
            .unwrap()
            .into_response();
        assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
        // Without a session cookie, it is still the way to the login page.
        let mut anonymous = request(None);
        let answer = Signed::from_request_parts(&mut anonymous, &state)
            .await
            .err()
            .unwrap()
            .into_response();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        assert_eq!(answer.headers()["location"], "/office/login");
        // And an admin page, for either, the same answers: the role is never looked at
        // before the session is found.
        let mut anonymous = request(None);
        let answer = Admin::from_request_parts(&mut anonymous, &state)
            .await
            .err()
            .unwrap()
            .into_response();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        let mut signed_in = request(Some(&format!("{SESSION}=abc")));
        let answer = Admin::from_request_parts(&mut signed_in, &state)
            .await
            .err()
            .unwrap()
            .into_response();
        assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn only_an_admin_meets_the_admins_requirement_and_the_accountant_and_admin_the_staffs() {
        assert!(Requirement::AdminOnly.admits(Role::Admin));
        assert!(!Requirement::AdminOnly.admits(Role::Accountant));
        assert!(Requirement::Staff.admits(Role::Admin));
        assert!(Requirement::Staff.admits(Role::Accountant));
        for role in [Role::Manager, Role::Rep, Role::Observer] {
            assert!(!Requirement::Staff.admits(role), "{role:?}");
            assert!(!Requirement::AdminOnly.admits(role), "{role:?}");
        }
    }
}
