//! « Rapports » (the field crate's `reports`, issue 15): the back office's sales reports
//! over the snapshot and this laptop's pending changes, and their page printed as PDF.

use tournee_field::dto::{ExportedFile, ReportQuery, SalesReports};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::sales_reports`](tournee_field::FieldApp::sales_reports).
#[tauri::command]
pub async fn sales_reports(state: AppState<'_>, query: ReportQuery) -> Reply<SalesReports> {
    let app = lock(&state);
    reply(app.sales_reports(&query))
}

/// See [`FieldApp::print_reports`](tournee_field::FieldApp::print_reports).
#[tauri::command]
pub async fn print_reports(state: AppState<'_>, query: ReportQuery) -> Reply<ExportedFile> {
    let app = lock(&state);
    reply(app.print_reports(&query))
}
