//! « Demande de modification » and the accountant's answers: the request itself, and the
//! declined ones the home screen shows until the rep has seen them
//! (the field crate's `modification_requests`).

use tournee_field::dto::{DeclinedNotice, ModificationInput, WrittenChange};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::request_modification`](tournee_field::FieldApp::request_modification).
#[tauri::command]
pub async fn request_modification(
    state: AppState<'_>,
    input: ModificationInput,
) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.request_modification(&input);
    reply(result)
}

/// See [`FieldApp::home_notices`](tournee_field::FieldApp::home_notices).
#[tauri::command]
pub async fn home_notices(state: AppState<'_>) -> Reply<Vec<DeclinedNotice>> {
    let app = lock(&state);
    reply(app.home_notices())
}

/// See [`FieldApp::dismiss_notice`](tournee_field::FieldApp::dismiss_notice).
#[tauri::command]
pub async fn dismiss_notice(state: AppState<'_>, change_id: String) -> Reply<()> {
    let app = lock(&state);
    reply(app.dismiss_notice(&change_id))
}
