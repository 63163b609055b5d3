//! Segments (the field crate's `segments` and `record_changes`, issue 15): the segments
//! and their parties, the writes (each an `RC` change), the CSV export and « Attribuer à… ».

use tournee_field::dto::{
    AssignmentResult, ExportedFile, RecordWritten, SegmentInput, SegmentLine, SegmentParties,
};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::segments`](tournee_field::FieldApp::segments).
#[tauri::command]
pub async fn segments(state: AppState<'_>) -> Reply<Vec<SegmentLine>> {
    let app = lock(&state);
    reply(app.segments())
}

/// See [`FieldApp::segment_parties`](tournee_field::FieldApp::segment_parties).
#[tauri::command]
pub async fn segment_parties(state: AppState<'_>, id: String) -> Reply<SegmentParties> {
    let app = lock(&state);
    reply(app.segment_parties(&id))
}

/// See [`FieldApp::create_segment`](tournee_field::FieldApp::create_segment).
#[tauri::command]
pub async fn create_segment(state: AppState<'_>, input: SegmentInput) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.create_segment(&input);
    reply(result)
}

/// See [`FieldApp::update_segment`](tournee_field::FieldApp::update_segment).
#[tauri::command]
pub async fn update_segment(
    state: AppState<'_>,
    id: String,
    input: SegmentInput,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.update_segment(&id, &input);
    reply(result)
}

/// See [`FieldApp::delete_segment`](tournee_field::FieldApp::delete_segment).
#[tauri::command]
pub async fn delete_segment(state: AppState<'_>, id: String) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.delete_segment(&id);
    reply(result)
}

/// See [`FieldApp::add_to_segment`](tournee_field::FieldApp::add_to_segment).
#[tauri::command]
pub async fn add_to_segment(
    state: AppState<'_>,
    id: String,
    party_id: String,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.add_to_segment(&id, &party_id);
    reply(result)
}

/// See [`FieldApp::remove_from_segment`](tournee_field::FieldApp::remove_from_segment).
#[tauri::command]
pub async fn remove_from_segment(
    state: AppState<'_>,
    id: String,
    party_id: String,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.remove_from_segment(&id, &party_id);
    reply(result)
}

/// See [`FieldApp::assign_segment`](tournee_field::FieldApp::assign_segment).
#[tauri::command]
pub async fn assign_segment(
    state: AppState<'_>,
    id: String,
    owner: String,
) -> Reply<AssignmentResult> {
    let mut app = lock(&state);
    let result = app.assign_segment(&id, &owner);
    reply(result)
}

/// See [`FieldApp::export_segment`](tournee_field::FieldApp::export_segment).
#[tauri::command]
pub async fn export_segment(state: AppState<'_>, id: String) -> Reply<ExportedFile> {
    let app = lock(&state);
    reply(app.export_segment(&id))
}
