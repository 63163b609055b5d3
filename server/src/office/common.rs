//! What every back-office handler needs: database work off the async threads, the
//! refusal page, the signed-in person for the page header.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use rusqlite::Connection;
use serde::Deserialize;

use super::auth::{Requirement, Signed};
use super::error::PageError;
use super::html::{render, MessagePage, Shell, Who};
use super::OfficeState;
use crate::sentences::{Said, Sentence, OFFICE};

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
        admin: Requirement::AdminOnly.admits(signed.account.role),
        staff: Requirement::Staff.admits(signed.account.role),
        reports: Requirement::Reports.admits(signed.account.role),
    })
}

/// A page that says what was refused and why (HTTP 422), for forms whose own page cannot be
/// re-shown; both are worded here, in the back office's language.
pub fn refused(signed: &Signed, title: Sentence, message: &Said) -> Result<Response, PageError> {
    tracing::info!(
        sentence = message.sentence.code(),
        "back-office action refused"
    );
    let message = message.say(OFFICE);
    let page = MessagePage {
        shell: Shell::new(title.office(&[]), who(signed)),
        message: Some(&message),
        alert: false,
        back: false,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// An empty page saying only, by its title, that what was asked for is not there (404).
pub fn not_found(signed: &Signed, title: Sentence) -> Result<Response, PageError> {
    let page = MessagePage {
        shell: Shell::new(title.office(&[]), who(signed)),
        message: None,
        alert: false,
        back: false,
    };
    Ok((StatusCode::NOT_FOUND, render(&page)?).into_response())
}

/// `?saved=1`: the query of a settings page redirected to after a change, so it says the
/// change was saved.
#[derive(Deserialize)]
pub struct SavedQuery {
    /// Present after a change.
    #[serde(default)]
    pub saved: Option<String>,
}

/// A form page's answer: 422 when it shows a refusal (nothing was saved: a script or a
/// test sees it without reading the page), 200 otherwise.
pub fn form_page(html: Html<String>, refused: bool) -> Response {
    let status = if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (status, html).into_response()
}
