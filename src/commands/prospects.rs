//! The « Prospect » tab (the field crate's `prospects` and `prospect_changes`):
//! the list and the card, CP/MP/VP files, and « Transformation en client ».

use tournee_field::dto::{
    ConversionConfig, ConversionInput, DuplicateHit, Problem, ProspectCard, ProspectCreated,
    ProspectHit, ProspectInput, ProspectUpdateInput, ProspectVisitInput, VisitRow, WrittenChange,
};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::search_prospects`](tournee_field::FieldApp::search_prospects).
#[tauri::command]
pub async fn search_prospects(state: AppState<'_>, query: String) -> Reply<Vec<ProspectHit>> {
    let app = lock(&state);
    reply(app.search_prospects(&query))
}

/// See [`FieldApp::prospect_card`](tournee_field::FieldApp::prospect_card).
#[tauri::command]
pub async fn prospect_card(state: AppState<'_>, prospect_id: String) -> Reply<ProspectCard> {
    let app = lock(&state);
    reply(app.prospect_card(&prospect_id))
}

/// See [`FieldApp::prospect_history`](tournee_field::FieldApp::prospect_history).
#[tauri::command]
pub async fn prospect_history(state: AppState<'_>, prospect_id: String) -> Reply<Vec<VisitRow>> {
    let app = lock(&state);
    reply(app.prospect_history(&prospect_id))
}

/// See [`FieldApp::find_duplicates`](tournee_field::FieldApp::find_duplicates).
#[tauri::command]
pub async fn find_duplicates(state: AppState<'_>, phone: String) -> Reply<Vec<DuplicateHit>> {
    let app = lock(&state);
    reply(app.find_duplicates(&phone))
}

/// See [`FieldApp::create_prospect`](tournee_field::FieldApp::create_prospect).
#[tauri::command]
pub async fn create_prospect(state: AppState<'_>, input: ProspectInput) -> Reply<ProspectCreated> {
    let mut app = lock(&state);
    let result = app.create_prospect(&input);
    reply(result)
}

/// See [`FieldApp::update_prospect`](tournee_field::FieldApp::update_prospect).
#[tauri::command]
pub async fn update_prospect(
    state: AppState<'_>,
    input: ProspectUpdateInput,
) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.update_prospect(&input);
    reply(result)
}

/// See [`FieldApp::delete_prospect`](tournee_field::FieldApp::delete_prospect).
#[tauri::command]
pub async fn delete_prospect(state: AppState<'_>, prospect_id: String) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.delete_prospect(&prospect_id);
    reply(result)
}

/// See [`FieldApp::record_prospect_visit`](tournee_field::FieldApp::record_prospect_visit).
#[tauri::command]
pub async fn record_prospect_visit(
    state: AppState<'_>,
    input: ProspectVisitInput,
) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.record_prospect_visit(&input);
    reply(result)
}

/// See [`FieldApp::conversion_config`](tournee_field::FieldApp::conversion_config).
#[tauri::command]
pub async fn conversion_config(state: AppState<'_>) -> Reply<ConversionConfig> {
    let app = lock(&state);
    reply(app.conversion_config())
}

/// See [`FieldApp::check_conversion`](tournee_field::FieldApp::check_conversion).
#[tauri::command]
pub async fn check_conversion(state: AppState<'_>, input: ConversionInput) -> Reply<Vec<Problem>> {
    let app = lock(&state);
    reply(app.check_conversion(&input))
}

/// See [`FieldApp::convert_prospect`](tournee_field::FieldApp::convert_prospect).
#[tauri::command]
pub async fn convert_prospect(state: AppState<'_>, input: ConversionInput) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.convert_prospect(&input);
    reply(result)
}
