//! The rep's actions on a client, written as change files (the field crate's `changes`):
//! what the dialogs are built from, « Visite ce jour », « Date de revoir », « Type de parc ».

use tournee_field::dto::{FleetInput, FormConfig, RevisitInput, VisitInput, WrittenChange};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::form_config`](tournee_field::FieldApp::form_config).
#[tauri::command]
pub async fn form_config(state: AppState<'_>) -> Reply<FormConfig> {
    let app = lock(&state);
    reply(app.form_config())
}

/// See [`FieldApp::record_visit`](tournee_field::FieldApp::record_visit).
#[tauri::command]
pub async fn record_visit(state: AppState<'_>, input: VisitInput) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.record_visit(&input);
    reply(result)
}

/// See [`FieldApp::set_revisit`](tournee_field::FieldApp::set_revisit).
#[tauri::command]
pub async fn set_revisit(state: AppState<'_>, input: RevisitInput) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.set_revisit(&input);
    reply(result)
}

/// See [`FieldApp::set_fleet`](tournee_field::FieldApp::set_fleet).
#[tauri::command]
pub async fn set_fleet(state: AppState<'_>, input: FleetInput) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.set_fleet(&input);
    reply(result)
}
