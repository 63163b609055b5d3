//! `POST /app/download/<command>`: in a browser, the file a laptop's command writes for
//! the rep (the stats page or a quote as PDF, the contacts as CSV, the visits as
//! iCalendar) is downloaded instead, made by the same maker over the user's own snapshot,
//! so it holds only what the user may read. A POST with the session's CSRF token like
//! every other call: the arguments are the command's JSON.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use tournee_field::dto::ErrorCode;

use super::apps::lock;
use super::call::{arguments_of, bad_arguments, field_refusal, open_app, refresh};
use super::commands::{self, CallError, DOWNLOADS};
use super::session::{Refusal, WebUser};
use crate::office::OfficeState;

/// POST /app/download/{command}
pub async fn download(
    State(state): State<OfficeState>,
    user: WebUser,
    Path(command): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refusal> {
    if !DOWNLOADS.contains(&command.as_str()) {
        return Err(Refusal::new(StatusCode::NOT_FOUND, ErrorCode::NotOnline));
    }
    let arguments = arguments_of(body)?;
    let app = open_app(&state, &user.account.login).await?;
    let document = tokio::task::spawn_blocking(move || {
        let mut app = lock(&app);
        refresh(&mut app);
        commands::document(&app, &command, arguments)
    })
    .await
    .map_err(Refusal::internal)?
    .map_err(|error| match error {
        CallError::Arguments(error) => bad_arguments(&error.to_string()),
        CallError::Field(error) => field_refusal(&error),
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, document.content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                // The name holds only ASCII letters, digits, `-`, `.` and `_` (Document::new).
                format!("attachment; filename=\"{}\"", document.name),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        document.bytes,
    )
        .into_response())
}
