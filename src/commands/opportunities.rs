//! Opportunities (the field crate's `opportunities` and `record_changes`, issue 15): the
//! board of a pipeline, one opportunity's page, a party's open opportunities, the
//! figures, and the writes, each an `RC` change.

use tournee_field::dto::{
    CloseInput, ConversionToOpportunity, OpportunityBoard, OpportunityCard, OpportunityEdit,
    OpportunityFigures, OpportunityInput, OpportunityView, RecordWritten,
};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::opportunity_board`](tournee_field::FieldApp::opportunity_board).
#[tauri::command]
pub async fn opportunity_board(
    state: AppState<'_>,
    pipeline: Option<String>,
) -> Reply<OpportunityBoard> {
    let app = lock(&state);
    reply(app.opportunity_board(pipeline.as_deref()))
}

/// See [`FieldApp::opportunity`](tournee_field::FieldApp::opportunity).
#[tauri::command]
pub async fn opportunity(state: AppState<'_>, id: String) -> Reply<OpportunityView> {
    let app = lock(&state);
    reply(app.opportunity(&id))
}

/// See [`FieldApp::party_opportunities`](tournee_field::FieldApp::party_opportunities).
#[tauri::command]
pub async fn party_opportunities(
    state: AppState<'_>,
    party_id: String,
) -> Reply<Vec<OpportunityCard>> {
    let app = lock(&state);
    reply(app.party_opportunities(&party_id))
}

/// See [`FieldApp::opportunity_figures`](tournee_field::FieldApp::opportunity_figures).
#[tauri::command]
pub async fn opportunity_figures(state: AppState<'_>) -> Reply<OpportunityFigures> {
    let app = lock(&state);
    reply(app.opportunity_figures())
}

/// See [`FieldApp::create_opportunity`](tournee_field::FieldApp::create_opportunity).
#[tauri::command]
pub async fn create_opportunity(
    state: AppState<'_>,
    input: OpportunityInput,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.create_opportunity(&input);
    reply(result)
}

/// See [`FieldApp::convert_to_opportunity`](tournee_field::FieldApp::convert_to_opportunity).
#[tauri::command]
pub async fn convert_to_opportunity(
    state: AppState<'_>,
    input: ConversionToOpportunity,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.convert_to_opportunity(&input);
    reply(result)
}

/// See [`FieldApp::move_opportunity`](tournee_field::FieldApp::move_opportunity).
#[tauri::command]
pub async fn move_opportunity(
    state: AppState<'_>,
    id: String,
    stage: String,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.move_opportunity(&id, &stage);
    reply(result)
}

/// See [`FieldApp::close_opportunity`](tournee_field::FieldApp::close_opportunity).
#[tauri::command]
pub async fn close_opportunity(
    state: AppState<'_>,
    id: String,
    input: CloseInput,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.close_opportunity(&id, &input);
    reply(result)
}

/// See [`FieldApp::update_opportunity`](tournee_field::FieldApp::update_opportunity).
#[tauri::command]
pub async fn update_opportunity(
    state: AppState<'_>,
    id: String,
    input: OpportunityEdit,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.update_opportunity(&id, &input);
    reply(result)
}
