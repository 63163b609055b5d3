//! What every back-office handler needs: database work off the async threads, the
//! error page, the signed-in person for the page header.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use rusqlite::Connection;

use super::auth::Signed;
use super::html::{escape, page, Who};
use super::OfficeState;
use tournee_store::office::accounts::Role;

/// Runs SQLite work on the blocking pool with a pooled connection to the master.
pub async fn with_db<T: Send + 'static>(
    state: &OfficeState,
    work: impl FnOnce(&mut Connection) -> anyhow::Result<T> + Send + 'static,
) -> Result<T, Response> {
    let pool = state.pool.clone();
    tokio::task::spawn_blocking(move || pool.with(work))
        .await
        .map_err(|e| server_error(&e.to_string()))?
        .map_err(|e| server_error(&format!("{e:#}")))
}

/// The page shown when something failed on the server side; the detail goes to the log.
pub fn server_error(detail: &str) -> Response {
    tracing::error!(detail, "back office error");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Html(page("Erreur", None, "<p class=\"error\">Une erreur est survenue ; elle est consignée dans le journal du serveur.</p>")),
    )
        .into_response()
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
