//! The client card and its visit history (the field crate's `card`).

use tournee_field::dto::{ClientCard, VisitRow};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::client_card`](tournee_field::FieldApp::client_card).
#[tauri::command]
pub async fn client_card(state: AppState<'_>, code: String) -> Reply<ClientCard> {
    let app = lock(&state);
    reply(app.client_card(&code))
}

/// See [`FieldApp::visit_history`](tournee_field::FieldApp::visit_history).
#[tauri::command]
pub async fn visit_history(
    state: AppState<'_>,
    code: String,
    include_lit: bool,
) -> Reply<Vec<VisitRow>> {
    let app = lock(&state);
    reply(app.visit_history(&code, include_lit))
}
