//! The client search (the field crate's `search`).

use tournee_field::dto::SearchResult;

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::search_clients`](tournee_field::FieldApp::search_clients).
#[tauri::command]
pub async fn search_clients(state: AppState<'_>, query: String) -> Reply<SearchResult> {
    let app = lock(&state);
    reply(app.search_clients(&query))
}
