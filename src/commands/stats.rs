//! The « Stats » tab (the field crate's `stats`): the reps an admin may pick, the figures,
//! and the page printed as PDF.

use tournee_field::dto::{ExportedFile, RepChoice, Stats, StatsQuery};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::list_reps`](tournee_field::FieldApp::list_reps).
#[tauri::command]
pub async fn list_reps(state: AppState<'_>) -> Reply<Vec<RepChoice>> {
    let app = lock(&state);
    reply(app.list_reps())
}

/// See [`FieldApp::stats`](tournee_field::FieldApp::stats).
#[tauri::command]
pub async fn stats(state: AppState<'_>, query: StatsQuery) -> Reply<Stats> {
    let app = lock(&state);
    reply(app.stats(&query))
}

/// See [`FieldApp::print_stats`](tournee_field::FieldApp::print_stats).
#[tauri::command]
pub async fn print_stats(state: AppState<'_>, query: StatsQuery) -> Reply<ExportedFile> {
    let app = lock(&state);
    reply(app.print_stats(&query))
}
