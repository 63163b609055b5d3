//! The Tauri commands of the « Prospect », « Stats » and « Historique » tabs; same rules
//! as [`crate::commands`]: lock, call the [`FieldApp`] method of the same name, reply.

use tournee_field::dto::*;

use tauri_plugin_opener::OpenerExt as _;

use crate::commands::{lock, reply, AppState, Reply};

/// See [`FieldApp::search_prospects`](tournee_field::FieldApp::search_prospects).
#[tauri::command]
pub async fn search_prospects(state: AppState<'_>, query: String) -> Reply<Vec<ProspectHit>> {
    let app = lock(&state);
    reply(&app, app.search_prospects(&query))
}

/// See [`FieldApp::prospect_card`](tournee_field::FieldApp::prospect_card).
#[tauri::command]
pub async fn prospect_card(state: AppState<'_>, prospect_id: String) -> Reply<ProspectCard> {
    let app = lock(&state);
    reply(&app, app.prospect_card(&prospect_id))
}

/// See [`FieldApp::prospect_history`](tournee_field::FieldApp::prospect_history).
#[tauri::command]
pub async fn prospect_history(state: AppState<'_>, prospect_id: String) -> Reply<Vec<VisitRow>> {
    let app = lock(&state);
    reply(&app, app.prospect_history(&prospect_id))
}

/// See [`FieldApp::find_duplicates`](tournee_field::FieldApp::find_duplicates).
#[tauri::command]
pub async fn find_duplicates(state: AppState<'_>, phone: String) -> Reply<Vec<DuplicateHit>> {
    let app = lock(&state);
    reply(&app, app.find_duplicates(&phone))
}

/// See [`FieldApp::create_prospect`](tournee_field::FieldApp::create_prospect).
#[tauri::command]
pub async fn create_prospect(state: AppState<'_>, input: ProspectInput) -> Reply<ProspectCreated> {
    let mut app = lock(&state);
    let result = app.create_prospect(&input);
    reply(&app, result)
}

/// See [`FieldApp::update_prospect`](tournee_field::FieldApp::update_prospect).
#[tauri::command]
pub async fn update_prospect(
    state: AppState<'_>,
    input: ProspectUpdateInput,
) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.update_prospect(&input);
    reply(&app, result)
}

/// See [`FieldApp::delete_prospect`](tournee_field::FieldApp::delete_prospect).
#[tauri::command]
pub async fn delete_prospect(state: AppState<'_>, prospect_id: String) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.delete_prospect(&prospect_id);
    reply(&app, result)
}

/// See [`FieldApp::record_prospect_visit`](tournee_field::FieldApp::record_prospect_visit).
#[tauri::command]
pub async fn record_prospect_visit(
    state: AppState<'_>,
    input: ProspectVisitInput,
) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.record_prospect_visit(&input);
    reply(&app, result)
}

/// See [`FieldApp::conversion_config`](tournee_field::FieldApp::conversion_config).
#[tauri::command]
pub async fn conversion_config(state: AppState<'_>) -> Reply<ConversionConfig> {
    let app = lock(&state);
    reply(&app, app.conversion_config())
}

/// See [`FieldApp::check_conversion`](tournee_field::FieldApp::check_conversion).
#[tauri::command]
pub async fn check_conversion(state: AppState<'_>, input: ConversionInput) -> Reply<Vec<Problem>> {
    let app = lock(&state);
    reply(&app, app.check_conversion(&input))
}

/// See [`FieldApp::convert_prospect`](tournee_field::FieldApp::convert_prospect).
#[tauri::command]
pub async fn convert_prospect(state: AppState<'_>, input: ConversionInput) -> Reply<WrittenChange> {
    let mut app = lock(&state);
    let result = app.convert_prospect(&input);
    reply(&app, result)
}

/// See [`FieldApp::list_reps`](tournee_field::FieldApp::list_reps).
#[tauri::command]
pub async fn list_reps(state: AppState<'_>) -> Reply<Vec<RepChoice>> {
    let app = lock(&state);
    reply(&app, app.list_reps())
}

/// See [`FieldApp::stats`](tournee_field::FieldApp::stats).
#[tauri::command]
pub async fn stats(state: AppState<'_>, query: StatsQuery) -> Reply<Stats> {
    let app = lock(&state);
    reply(&app, app.stats(&query))
}

/// See [`FieldApp::print_stats`](tournee_field::FieldApp::print_stats).
#[tauri::command]
pub async fn print_stats(state: AppState<'_>, query: StatsQuery) -> Reply<ExportedFile> {
    let app = lock(&state);
    reply(&app, app.print_stats(&query))
}

/// See [`FieldApp::calendar`](tournee_field::FieldApp::calendar).
#[tauri::command]
pub async fn calendar(state: AppState<'_>, query: CalendarQuery) -> Reply<CalendarView> {
    let app = lock(&state);
    reply(&app, app.calendar(&query))
}

/// See [`FieldApp::export_calendar`](tournee_field::FieldApp::export_calendar).
#[tauri::command]
pub async fn export_calendar(state: AppState<'_>, query: CalendarQuery) -> Reply<ExportedFile> {
    let app = lock(&state);
    reply(&app, app.export_calendar(&query))
}

/// Hands a file the app exported (stats PDF, calendar .ics) to the desktop's viewer. The
/// path is checked by [`FieldApp::exported_file`](tournee_field::FieldApp::exported_file)
/// (only the app's own `exports` folder); the window holds no opener permission itself.
/// The app's lock is released before the desktop is called.
#[tauri::command]
pub async fn open_export(
    app_handle: tauri::AppHandle,
    state: AppState<'_>,
    path: String,
) -> Reply<()> {
    let (checked, lang) = {
        let app = lock(&state);
        match app.exported_file(&path) {
            Ok(checked) => (checked, app.lang()),
            Err(error) => return reply(&app, Err(error)),
        }
    };
    app_handle
        .opener()
        .open_path(checked.display().to_string(), None::<&str>)
        .map_err(|error| {
            let error = tournee_field::FieldError::NotOpened {
                path: checked.clone(),
                detail: error.to_string(),
            };
            tracing::warn!(%error, "export not opened");
            error.to_command_error(lang)
        })
}
