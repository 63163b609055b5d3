//! What a back-office handler can fail with, and the page each failure answers.
//!
//! Handlers return `Result<Response, PageError>` and use `?`: none writes its own
//! error page, none forgets to log a server failure, and a database that cannot be read
//! is a server error wherever it happens (never a redirect to the login page). Each
//! page's words are sentences of [`crate::sentences`].

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use askama::Template;

use super::html::{MessagePage, Shell};
use crate::sentences::Sentence;

/// Why a back-office request was not served.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// The server failed (master unreadable, a task that panicked): the detail goes to
    /// the log, the page only says that it is logged.
    #[error("back office error: {0}")]
    Server(String),
    /// A form sent without this session's CSRF token: nothing was changed.
    #[error("form without the session's token")]
    CsrfRefused,
    /// The signed-in person's role does not open this page.
    #[error("role refused")]
    Forbidden,
    /// No session (none sent, or ended): the way to the login page.
    #[error("not signed in")]
    SignIn,
    /// A drawn first password not yet replaced: the way to the password page.
    #[error("password to be changed first")]
    PasswordChange,
    /// A form whose fields cannot be read (a field missing or of the wrong kind): only
    /// a hand-made request sends one, the pages' own forms always fill every field.
    #[error("unreadable form: {0}")]
    BadForm(String),
}

impl PageError {
    /// A server failure from anything that says what went wrong.
    pub fn server(detail: impl std::fmt::Display) -> Self {
        Self::Server(detail.to_string())
    }
}

impl From<anyhow::Error> for PageError {
    fn from(error: anyhow::Error) -> Self {
        Self::Server(format!("{error:#}"))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            Self::SignIn => return Redirect::to("/office/login").into_response(),
            Self::PasswordChange => return Redirect::to("/office/password").into_response(),
            Self::Server(detail) => {
                tracing::error!(detail, "back office error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Sentence::ServerErrorTitle,
                    Sentence::ServerError,
                )
            }
            Self::CsrfRefused => (
                StatusCode::FORBIDDEN,
                Sentence::FormExpiredTitle,
                Sentence::FormExpired,
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                Sentence::ForbiddenTitle,
                Sentence::Forbidden,
            ),
            Self::BadForm(detail) => {
                tracing::warn!(detail, "unreadable back-office form");
                (
                    StatusCode::BAD_REQUEST,
                    Sentence::BadFormTitle,
                    Sentence::BadForm,
                )
            }
        };
        let (title, message) = (title.office(&[]), message.office(&[]));
        let page = MessagePage {
            shell: Shell::new(&title, None),
            message: Some(&message),
            alert: true,
            back: matches!(self, Self::Forbidden),
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            // Only a value's own Display can fail, and these are fixed sentences.
            Err(_) => (status, message).into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_of(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn no_session_and_a_drawn_password_lead_to_their_pages() {
        for (error, target) in [
            (PageError::SignIn, "/office/login"),
            (PageError::PasswordChange, "/office/password"),
        ] {
            let response = error.into_response();
            assert_eq!(response.status(), StatusCode::SEE_OTHER);
            assert_eq!(response.headers()["location"], target);
        }
    }

    #[tokio::test]
    async fn each_failure_has_its_status_and_a_french_page_without_the_detail() {
        let cases = [
            (
                PageError::server("disk I/O error at /secret/path"),
                500,
                "consignée",
            ),
            (PageError::CsrfRefused, 403, "plus valable"),
            (PageError::Forbidden, 403, "Votre rôle"),
            (
                PageError::BadForm("missing field `reason`".into()),
                400,
                "incomplet",
            ),
        ];
        for (error, status, sentence) in cases {
            let response = error.into_response();
            assert_eq!(response.status().as_u16(), status);
            let body = body_of(response).await;
            assert!(body.contains(sentence), "{body}");
            assert!(!body.contains("/secret/path") && !body.contains("missing field"));
        }
    }
}
