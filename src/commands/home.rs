//! The home screen's two tables (the field crate's `home`).

use tournee_field::dto::HomeRow;

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::home_revisit`](tournee_field::FieldApp::home_revisit).
#[tauri::command]
pub async fn home_revisit(state: AppState<'_>) -> Reply<Vec<HomeRow>> {
    let app = lock(&state);
    reply(app.home_revisit())
}

/// See [`FieldApp::home_last_visit`](tournee_field::FieldApp::home_last_visit).
#[tauri::command]
pub async fn home_last_visit(state: AppState<'_>) -> Reply<Vec<HomeRow>> {
    let app = lock(&state);
    reply(app.home_last_visit())
}
