//! « Actualiser »: switching to a newer snapshot (the field crate's `snapshot`).

use tournee_field::dto::RefreshOutcome;

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::refresh_snapshot`](tournee_field::FieldApp::refresh_snapshot).
#[tauri::command]
pub async fn refresh_snapshot(state: AppState<'_>) -> Reply<RefreshOutcome> {
    let mut app = lock(&state);
    let result = app.refresh_snapshot();
    reply(result)
}
