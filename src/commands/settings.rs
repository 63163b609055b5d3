//! The set-up screen and the header: the app's state, the rep's language and first-run
//! choices (the field crate's `settings`).

use tournee_core::Lang;
use tournee_field::dto::{AppStatus, SetupInput, SetupPreview};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::status`](tournee_field::FieldApp::status).
#[tauri::command]
pub async fn app_status(state: AppState<'_>) -> Reply<AppStatus> {
    let app = lock(&state);
    reply(app.status())
}

/// See [`FieldApp::set_lang`](tournee_field::FieldApp::set_lang).
#[tauri::command]
pub async fn set_lang(state: AppState<'_>, lang: Lang) -> Reply<AppStatus> {
    let mut app = lock(&state);
    let result = app.set_lang(lang);
    reply(result)
}

/// See [`FieldApp::setup_preview`](tournee_field::FieldApp::setup_preview).
#[tauri::command]
pub async fn setup_preview(
    state: AppState<'_>,
    snapshot_dir: String,
    outbox_dir: String,
) -> Reply<SetupPreview> {
    let app = lock(&state);
    reply(app.setup_preview(&snapshot_dir, &outbox_dir))
}

/// See [`FieldApp::setup_save`](tournee_field::FieldApp::setup_save).
#[tauri::command]
pub async fn setup_save(state: AppState<'_>, input: SetupInput) -> Reply<AppStatus> {
    let mut app = lock(&state);
    let result = app.setup_save(&input);
    reply(result)
}

/// See [`FieldApp::change_folders`](tournee_field::FieldApp::change_folders).
#[tauri::command]
pub async fn change_folders(
    state: AppState<'_>,
    snapshot_dir: String,
    outbox_dir: String,
) -> Reply<AppStatus> {
    let mut app = lock(&state);
    let result = app.change_folders(&snapshot_dir, &outbox_dir);
    reply(result)
}
