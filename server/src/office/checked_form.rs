//! A form that carries this session's CSRF token, checked before the handler runs.
//!
//! Every state-changing page of the back office takes [`CheckedForm<T>`] instead of
//! `Form<T>`: the token is compared (in constant time) with the one of the session the
//! role extractor found, so no handler can forget the check. A handler without a role
//! extractor finds no session token and refuses every form: the check fails closed.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::cookies::same_secret;
use super::error::PageError;
use super::OfficeState;

/// The CSRF token of the session behind this request, left in the request's extensions
/// by [`super::auth::Signed`] for [`CheckedForm`] to compare with.
#[derive(Clone)]
pub struct SessionCsrf(pub String);

/// The fields of a form that carries nothing but its token (a logout, a revocation).
#[derive(Deserialize)]
pub struct NoFields {}

/// A form's fields, once its `csrf` field matched the session's.
pub struct CheckedForm<T>(pub T);

#[derive(Deserialize)]
struct TokenOnly {
    #[serde(default)]
    csrf: String,
}

impl<T: DeserializeOwned> FromRequest<OfficeState> for CheckedForm<T> {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &OfficeState) -> Result<Self, PageError> {
        let session = request.extensions().get::<SessionCsrf>().cloned();
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| PageError::BadForm(rejection.body_text()))?;
        let sent: TokenOnly = serde_urlencoded::from_bytes(&body).unwrap_or(TokenOnly {
            csrf: String::new(),
        });
        match session {
            Some(SessionCsrf(expected)) if same_secret(&expected, &sent.csrf) => {}
            _ => return Err(PageError::CsrfRefused),
        }
        serde_urlencoded::from_bytes(&body)
            .map(Self)
            .map_err(|error| PageError::BadForm(error.to_string()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic is how a test reports failure

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Reason {
        reason: String,
    }

    fn request(session: Option<&str>, body: &str) -> Request {
        let mut request = axum::http::Request::builder()
            .method("POST")
            .uri("/office/creations/1/reject")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body.to_string()))
            .unwrap();
        if let Some(token) = session {
            request
                .extensions_mut()
                .insert(SessionCsrf(token.to_string()));
        }
        request
    }

    async fn read(session: Option<&str>, body: &str) -> Result<Reason, PageError> {
        let tmp = tempfile::tempdir().unwrap();
        let state = crate::office::unreadable_office(tmp.path());
        CheckedForm::<Reason>::from_request(request(session, body), &state)
            .await
            .map(|CheckedForm(form)| form)
    }

    #[tokio::test]
    async fn the_sessions_token_lets_the_fields_through() {
        let form = read(Some("t0k3n"), "csrf=t0k3n&reason=doublon+%C3%A9vident")
            .await
            .unwrap();
        assert_eq!(form.reason, "doublon évident");
    }

    #[tokio::test]
    async fn a_missing_wrong_or_sessionless_token_changes_nothing() {
        for (session, body) in [
            (Some("t0k3n"), "reason=x"),
            (Some("t0k3n"), "csrf=forged&reason=x"),
            (Some("t0k3n"), "csrf=&reason=x"),
            (None, "csrf=t0k3n&reason=x"),
            (Some("t0k3n"), "%ZZ"),
        ] {
            let refused = read(session, body).await.unwrap_err();
            assert!(
                matches!(refused, PageError::CsrfRefused),
                "{body}: {refused:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_form_missing_a_field_is_a_bad_request_not_a_crash() {
        let refused = read(Some("t0k3n"), "csrf=t0k3n").await.unwrap_err();
        assert!(matches!(refused, PageError::BadForm(_)), "{refused:?}");
    }
}
