//! What every back-office handler needs: database work off the async threads, the
//! error page, the signed-in person for the page header.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use rusqlite::Connection;

use super::auth::Signed;
use super::error::PageError;
use super::html::{escape, page, Who};
use super::OfficeState;
use tournee_store::office::accounts::Role;

/// Runs SQLite work on the blocking pool with a pooled connection to the master; any
/// failure is a server error (logged, never shown as a logout).
pub async fn with_db<T: Send + 'static>(
    state: &OfficeState,
    work: impl FnOnce(&mut Connection) -> anyhow::Result<T> + Send + 'static,
) -> Result<T, PageError> {
    let pool = state.pool.clone();
    Ok(tokio::task::spawn_blocking(move || pool.with(work))
        .await
        .map_err(PageError::server)??)
}

/// The header's name, menu and logout form for `signed`.
pub fn who(signed: &Signed) -> Option<Who<'_>> {
    Some(Who {
        name: &signed.account.display_name,
        csrf: &signed.csrf,
        admin: signed.account.role == Role::Admin,
    })
}

/// A page that says what was refused and why (HTTP 422), for forms whose own page cannot be re-shown.
pub fn refused(signed: &Signed, title: &str, message: &str) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Html(page(
            title,
            who(signed),
            &format!("<p class=\"error\">{}</p>", escape(message)),
        )),
    )
        .into_response()
}

/// The error paragraph at the top of a re-shown form, if any.
pub fn error_paragraph(error: Option<&str>) -> String {
    error
        .map(|e| format!("<p class=\"error\" role=\"alert\">{}</p>", escape(e)))
        .unwrap_or_default()
}
