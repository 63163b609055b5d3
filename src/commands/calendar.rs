//! The « Historique » tab (the field crate's `calendar`): the visits between two days, and
//! their iCalendar export.

use tournee_field::dto::{CalendarQuery, CalendarView, ExportedFile};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::calendar`](tournee_field::FieldApp::calendar).
#[tauri::command]
pub async fn calendar(state: AppState<'_>, query: CalendarQuery) -> Reply<CalendarView> {
    let app = lock(&state);
    reply(app.calendar(&query))
}

/// See [`FieldApp::export_calendar`](tournee_field::FieldApp::export_calendar).
#[tauri::command]
pub async fn export_calendar(state: AppState<'_>, query: CalendarQuery) -> Reply<ExportedFile> {
    let app = lock(&state);
    reply(app.export_calendar(&query))
}
