//! The drafts of open dialogs, kept in `local.sqlite` (the field crate's `local`) so that
//! nothing typed is lost to a crash or a closed window; named like the UI's drafts store.

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::draft_save`](tournee_field::FieldApp::draft_save).
#[tauri::command]
pub async fn draft_save(state: AppState<'_>, key: String, value: String) -> Reply<()> {
    let app = lock(&state);
    reply(app.draft_save(&key, &value))
}

/// See [`FieldApp::draft_load`](tournee_field::FieldApp::draft_load).
#[tauri::command]
pub async fn draft_load(state: AppState<'_>, key: String) -> Reply<Option<String>> {
    let app = lock(&state);
    reply(app.draft_load(&key))
}

/// See [`FieldApp::draft_discard`](tournee_field::FieldApp::draft_discard).
#[tauri::command]
pub async fn draft_discard(state: AppState<'_>, key: String) -> Reply<()> {
    let app = lock(&state);
    reply(app.draft_discard(&key))
}
