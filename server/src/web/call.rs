//! `POST /app/api/<command>`: the command's JSON arguments → the user's app's method of
//! that name → its JSON result, or the window's error. A write is answered once its change
//! is settled: integrated (the user's app then reads the new snapshot, so the next read
//! sees the write), refused (422, the reason under the field), or still waiting after
//! [`SETTLE_WAIT`] (202: received, it will be integrated).

use std::collections::HashSet;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;
use tournee_field::dto::{CommandError, ErrorCode, Refusal as FieldRefusal};
use tournee_sync::{ChangeState, ChangeStatus, Detail, FileName};

use super::apps::{lock, SharedApp};
use super::commands::{self, CallError, Kind};
use super::session::{Refusal, WebUser};
use crate::office::OfficeState;
use crate::online::{self, SETTLE_WAIT};

/// How long a first visit waits for the user's first snapshot.
const FIRST_SNAPSHOT_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// POST /app/api/{command}
pub async fn call(
    State(state): State<OfficeState>,
    user: WebUser,
    Path(command): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refusal> {
    let Some(kind) = commands::kind_of(&command) else {
        return Err(Refusal::new(StatusCode::NOT_FOUND, ErrorCode::NotOnline));
    };
    let arguments = arguments_of(body)?;
    let login = user.account.login.clone();
    let app = open_app(&state, &login).await?;
    // Subscribed before the file is written, so the pass that integrates it is heard.
    let mut news = state.passes.subscribe();
    let (result, written, lang) = {
        let app = app.clone();
        let command = command.clone();
        tokio::task::spawn_blocking(move || {
            let mut app = lock(&app);
            refresh(&mut app);
            let before: HashSet<String> = app.pending_files()?.into_iter().collect();
            let result = commands::call(&mut app, &command, arguments);
            let written: Vec<String> = app
                .pending_files()?
                .into_iter()
                .filter(|f| !before.contains(f))
                .collect();
            Ok::<_, tournee_field::FieldError>((result, written, app.lang()))
        })
        .await
        .map_err(Refusal::internal)?
        .map_err(|e| field_refusal(&e))?
    };
    let value = match result {
        Ok(value) => value,
        Err(CallError::Arguments(error)) => return Err(bad_arguments(&error.to_string())),
        Err(CallError::Field(error)) => return Err(field_refusal(&error)),
    };
    let value = without_server_paths(value);
    if kind == Kind::Read || written.is_empty() {
        return Ok(Json(value).into_response());
    }
    let names: Vec<FileName> = written
        .iter()
        .filter_map(|name| FileName::parse(name).ok())
        .collect();
    state.integrate_now();
    let dir = state.dir.reloaded();
    let statuses = online::wait_until_settled(
        &state.pool,
        &dir,
        &login,
        &names,
        lang,
        &mut news,
        SETTLE_WAIT,
    )
    .await
    .map_err(Refusal::internal)?;
    if statuses.iter().all(|s| s.state.is_settled()) {
        // The app reads its next state from the snapshots: wait for those that carry the
        // change (patched after the integration, on their own thread).
        let through = state.passes.started();
        let deadline = tokio::time::Instant::now() + SETTLE_WAIT;
        state
            .passes
            .wait_until_covered(&mut news, through, deadline)
            .await;
    }
    if let Some(failed) = statuses.iter().find(|s| s.state == ChangeState::Failed) {
        // The app marks its change refused from the next snapshot; the answer says why now.
        reopen(&app).await?;
        return Err(change_refused(failed));
    }
    if statuses.iter().all(|s| s.state == ChangeState::Integrated) {
        let changed = names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        if still_pending(&app, &changed).await? {
            // Snapshots wait for the nightly run in « Planifié » mode: ask for this one.
            state.request_snapshots(Some(vec![login.clone()]));
            online::wait_for_snapshot(&mut news, &login, SETTLE_WAIT).await;
            reopen(&app).await?;
        }
        return Ok(Json(value).into_response());
    }
    tracing::info!(user = %login, %command, "online change received, not integrated yet");
    Ok((StatusCode::ACCEPTED, Json(value)).into_response())
}

/// A call's JSON arguments (an empty body: none), or why they cannot be read.
pub(super) fn arguments_of(body: Result<Bytes, BytesRejection>) -> Result<Value, Refusal> {
    let body = body.map_err(|rejection| {
        let mut refusal = Refusal::new(rejection.status(), ErrorCode::Internal);
        refusal
            .1
            .values
            .insert("detail".into(), rejection.body_text());
        refusal
    })?;
    if body.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&body).map_err(|error| bad_arguments(&error.to_string()))
}

/// The app's status names the server's folders and account where the laptop's names its
/// own: a browser is told neither.
fn without_server_paths(mut value: Value) -> Value {
    fn clear(status: &mut Value) {
        if let Some(object) = status.as_object_mut() {
            for key in ["snapshot_dir", "outbox_dir"] {
                if let Some(path) = object.get_mut(key) {
                    *path = Value::Null;
                }
            }
            if let Some(os_user) = object.get_mut("os_user") {
                *os_user = Value::String(String::new());
            }
        }
    }
    clear(&mut value);
    if let Some(status) = value.get_mut("status") {
        clear(status);
    }
    value
}

/// Gives `login`'s app the server's signing key for that user, once: the changes it
/// writes then pass the integration's signer check even when the user enrolled a laptop.
async fn sign_for(state: &OfficeState, app: &SharedApp, login: &str) -> Result<(), Refusal> {
    let (dir, pool, user) = (state.dir.reloaded(), state.pool.clone(), login.to_string());
    let app = std::sync::Arc::clone(app);
    tokio::task::spawn_blocking(move || {
        let mut app = lock(&app);
        if app.signs() {
            return Ok(());
        }
        let signer = pool.with(|conn| online::online_signer(&dir, conn, &user))?;
        app.sign_as(signer);
        Ok::<_, online::SignerError>(())
    })
    .await
    .map_err(Refusal::internal)?
    .map_err(Refusal::internal)
}

/// `user`'s app; on a first visit without a snapshot yet, one is asked for and awaited.
pub(super) async fn open_app(state: &OfficeState, login: &str) -> Result<SharedApp, Refusal> {
    let (apps, dir, user) = (
        state.web.apps.clone(),
        state.dir.reloaded(),
        login.to_string(),
    );
    let mut news = state.passes.subscribe();
    let app = tokio::task::spawn_blocking(move || apps.get(&dir, &user))
        .await
        .map_err(Refusal::internal)?
        .map_err(|e| field_refusal(&e))?;
    sign_for(state, &app, login).await?;
    if !configured(&app).await? {
        // Every active user whose role reads something gets a snapshot, laptop or not
        // (`users_to_generate`); one whose role reads nothing is told its records are not
        // ready after the wait.
        state.request_snapshots(Some(vec![login.to_string()]));
        online::wait_for_snapshot(&mut news, login, FIRST_SNAPSHOT_WAIT).await;
        reopen(&app).await?;
        if !configured(&app).await? {
            return Err(Refusal::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::NotConfigured,
            ));
        }
    }
    Ok(app)
}

async fn configured(app: &SharedApp) -> Result<bool, Refusal> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || lock(&app).status().map(|s| s.configured))
        .await
        .map_err(Refusal::internal)?
        .map_err(|e| field_refusal(&e))
}

/// Takes the newest snapshot of the user's folder, if one came.
async fn reopen(app: &SharedApp) -> Result<(), Refusal> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || refresh(&mut lock(&app)))
        .await
        .map_err(Refusal::internal)
}

/// Whether any of `files` is still pending for the app (its snapshot does not list it).
async fn still_pending(app: &SharedApp, files: &[String]) -> Result<bool, Refusal> {
    let (app, files) = (app.clone(), files.to_vec());
    tokio::task::spawn_blocking(move || {
        let mut app = lock(&app);
        refresh(&mut app);
        app.pending_files()
            .map(|pending| pending.iter().any(|p| files.contains(p)))
    })
    .await
    .map_err(Refusal::internal)?
    .map_err(|e| field_refusal(&e))
}

/// The laptop's « actualiser »: a newer snapshot of the user's folder is taken. A failure
/// keeps the snapshot in use (logged): the command reads what it had.
pub(super) fn refresh(app: &mut tournee_field::FieldApp) {
    if let Err(error) = app.refresh_snapshot() {
        tracing::warn!(%error, "browser back end: snapshot not refreshed");
    }
}

/// The app's refusal as the window receives it from Tauri, with a status.
pub(super) fn field_refusal(error: &tournee_field::FieldError) -> Refusal {
    let status = match error {
        tournee_field::FieldError::Io { .. }
        | tournee_field::FieldError::Sql(_)
        | tournee_field::FieldError::Write(_) => {
            tracing::error!(%error, "browser back end");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Refusal(status, error.to_command_error())
}

/// Arguments that are not JSON or not the command's (400).
pub(super) fn bad_arguments(detail: &str) -> Refusal {
    let mut refusal = Refusal::new(StatusCode::BAD_REQUEST, ErrorCode::Internal);
    let detail: String = detail.chars().take(300).collect();
    refusal.1.values.insert("detail".into(), detail);
    refusal
}

/// A change the automaton refused (422): its sentence, and its broken rules by field.
fn change_refused(status: &ChangeStatus) -> Refusal {
    let refusal = status
        .why
        .clone()
        .and_then(|why| serde_json::from_value::<Detail>(why).ok())
        .and_then(|detail| FieldRefusal::from_detail(&detail));
    let problems = match refusal {
        Some(refusal) => refusal.problems,
        // A refusal of a kind this build does not word: its sentence says it all.
        None => Vec::new(),
    };
    let mut error = CommandError {
        code: ErrorCode::ChangeRefused,
        field: problems.first().map(|p| p.field.clone()),
        values: Default::default(),
        problems,
    };
    let detail = status
        .detail
        .clone()
        .or_else(|| status.reason.clone())
        .unwrap_or_default();
    error.values.insert("detail".into(), detail);
    if let Some(reason) = &status.reason {
        error.values.insert("reason".into(), reason.clone());
    }
    tracing::info!(file = %status.file_name, reason = ?status.reason, "online change refused");
    Refusal(StatusCode::UNPROCESSABLE_ENTITY, error)
}
