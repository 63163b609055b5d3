//! The Tauri commands: each one locks the app state, calls the [`FieldApp`] method of the
//! same name and turns a failure into a [`CommandError`] in the rep's language. No rule
//! and no SQL here. Commands are `async` so they run off the window's main thread.

use std::sync::{Mutex, MutexGuard};

use tauri::State;
use tournee_core::Lang;
use tournee_field::dto::*;
use tournee_field::{FieldApp, FieldError};

/// The app state every command locks.
pub type AppState<'a> = State<'a, Mutex<FieldApp>>;
/// What every command answers.
pub type Reply<T> = Result<T, CommandError>;

/// Locks the app. A panic in an earlier command cannot leave the state half-written
/// (every write is one SQLite transaction or one atomic file), so a poisoned lock is
/// taken over rather than bricking the window.
pub fn lock<'a>(state: &'a AppState<'_>) -> MutexGuard<'a, FieldApp> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Turns a failure into the window's error, logged.
pub fn reply<T>(app: &FieldApp, result: Result<T, FieldError>) -> Reply<T> {
    result.map_err(|error| {
        tracing::warn!(%error, code = %error.code(), "command refused");
        error.to_command_error(app.lang())
    })
}

/// See [`FieldApp::status`].
#[tauri::command]
pub async fn app_status(state: AppState<'_>) -> Reply<AppStatus> {
    let app = lock(&state);
    reply(&app, app.status())
}

/// See [`FieldApp::set_lang`].
#[tauri::command]
pub async fn set_lang(state: AppState<'_>, lang: Lang) -> Reply<AppStatus> {
    let mut app = lock(&state);
    let result = app.set_lang(lang);
    reply(&app, result)
}

/// See [`FieldApp::setup_preview`].
#[tauri::command]
pub async fn setup_preview(
    state: AppState<'_>,
    snapshot_dir: String,
    outbox_dir: String,
) -> Reply<SetupPreview> {
    let app = lock(&state);
    reply(&app, app.setup_preview(&snapshot_dir, &outbox_dir))
}

/// See [`FieldApp::setup_save`].
#[tauri::command]
pub async fn setup_save(state: AppState<'_>, input: SetupInput) -> Reply<AppStatus> {
    let mut app = lock(&state);
    let result = app.setup_save(&input);
    reply(&app, result)
}

/// See [`FieldApp::refresh_snapshot`].
#[tauri::command]
pub async fn refresh_snapshot(state: AppState<'_>) -> Reply<RefreshOutcome> {
    let mut app = lock(&state);
    let result = app.refresh_snapshot();
    reply(&app, result)
}

/// See [`FieldApp::home_revisit`].
#[tauri::command]
pub async fn home_revisit(state: AppState<'_>) -> Reply<Vec<HomeRow>> {
    let app = lock(&state);
    reply(&app, app.home_revisit())
}

/// See [`FieldApp::home_last_visit`].
#[tauri::command]
pub async fn home_last_visit(state: AppState<'_>) -> Reply<Vec<HomeRow>> {
    let app = lock(&state);
    reply(&app, app.home_last_visit())
}

/// See [`FieldApp::home_notices`].
#[tauri::command]
pub async fn home_notices(state: AppState<'_>) -> Reply<Vec<DeclinedNotice>> {
    let app = lock(&state);
    reply(&app, app.home_notices())
}

/// See [`FieldApp::dismiss_notice`].
#[tauri::command]
pub async fn dismiss_notice(state: AppState<'_>, change_id: String) -> Reply<()> {
    let app = lock(&state);
    reply(&app, app.dismiss_notice(&change_id))
}

/// See [`FieldApp::search_clients`].
#[tauri::command]
pub async fn search_clients(state: AppState<'_>, query: String) -> Reply<SearchResult> {
    let app = lock(&state);
    reply(&app, app.search_clients(&query))
}

/// See [`FieldApp::client_card`].
#[tauri::command]
pub async fn client_card(state: AppState<'_>, code: String) -> Reply<ClientCard> {
    let app = lock(&state);
    reply(&app, app.client_card(&code))
}

/// See [`FieldApp::visit_history`].
#[tauri::command]
pub async fn visit_history(
    state: AppState<'_>,
    code: String,
    include_lit: bool,
) -> Reply<Vec<VisitRow>> {
    let app = lock(&state);
    reply(&app, app.visit_history(&code, include_lit))
}

/// See [`FieldApp::form_config`].
#[tauri::command]
pub async fn form_config(state: AppState<'_>) -> Reply<FormConfig> {
    let app = lock(&state);
    reply(&app, app.form_config())
}

/// See [`FieldApp::record_visit`].
#[tauri::command]
pub async fn record_visit(state: AppState<'_>, input: VisitInput) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.record_visit(&input);
    reply(&app, result)
}

/// See [`FieldApp::set_revisit`].
#[tauri::command]
pub async fn set_revisit(state: AppState<'_>, input: RevisitInput) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.set_revisit(&input);
    reply(&app, result)
}

/// See [`FieldApp::set_fleet`].
#[tauri::command]
pub async fn set_fleet(state: AppState<'_>, input: FleetInput) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.set_fleet(&input);
    reply(&app, result)
}

/// See [`FieldApp::request_modification`].
#[tauri::command]
pub async fn request_modification(
    state: AppState<'_>,
    input: ModificationInput,
) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.request_modification(&input);
    reply(&app, result)
}

/// See [`FieldApp::draft_save`].
#[tauri::command]
pub async fn draft_save(state: AppState<'_>, key: String, value: String) -> Reply<()> {
    let app = lock(&state);
    reply(&app, app.draft_save(&key, &value))
}

/// See [`FieldApp::draft_load`].
#[tauri::command]
pub async fn draft_load(state: AppState<'_>, key: String) -> Reply<Option<String>> {
    let app = lock(&state);
    reply(&app, app.draft_load(&key))
}

/// See [`FieldApp::draft_discard`].
#[tauri::command]
pub async fn draft_discard(state: AppState<'_>, key: String) -> Reply<()> {
    let app = lock(&state);
    reply(&app, app.draft_discard(&key))
}
