//! Quotes (the field crate's `quotes` and `record_changes`, issue 15): the catalogue, an
//! opportunity's quotes, one quote, the editor's live totals, the writes (each an `RC`
//! change) and the quote's PDF.

use tournee_field::dto::{
    CatalogueChoice, ExportedFile, QuoteEdit, QuoteInput, QuoteLineDto, QuoteSignatureInput,
    QuoteTotalsView, QuoteView, RecordWritten,
};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::quote_catalogue`](tournee_field::FieldApp::quote_catalogue).
#[tauri::command]
pub async fn quote_catalogue(state: AppState<'_>) -> Reply<Vec<CatalogueChoice>> {
    let app = lock(&state);
    reply(app.quote_catalogue())
}

/// See [`FieldApp::opportunity_quotes`](tournee_field::FieldApp::opportunity_quotes).
#[tauri::command]
pub async fn opportunity_quotes(
    state: AppState<'_>,
    opportunity_id: String,
) -> Reply<Vec<QuoteView>> {
    let app = lock(&state);
    reply(app.opportunity_quotes(&opportunity_id))
}

/// See [`FieldApp::quote`](tournee_field::FieldApp::quote).
#[tauri::command]
pub async fn quote(state: AppState<'_>, id: String) -> Reply<QuoteView> {
    let app = lock(&state);
    reply(app.quote(&id))
}

/// See [`FieldApp::quote_totals`](tournee_field::FieldApp::quote_totals).
#[tauri::command]
pub async fn quote_totals(state: AppState<'_>, lines: Vec<QuoteLineDto>) -> Reply<QuoteTotalsView> {
    let app = lock(&state);
    reply(app.quote_totals(&lines))
}

/// See [`FieldApp::create_quote`](tournee_field::FieldApp::create_quote).
#[tauri::command]
pub async fn create_quote(state: AppState<'_>, input: QuoteInput) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.create_quote(&input);
    reply(result)
}

/// See [`FieldApp::update_quote`](tournee_field::FieldApp::update_quote).
#[tauri::command]
pub async fn update_quote(
    state: AppState<'_>,
    id: String,
    input: QuoteEdit,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.update_quote(&id, &input);
    reply(result)
}

/// See [`FieldApp::send_quote`](tournee_field::FieldApp::send_quote).
#[tauri::command]
pub async fn send_quote(state: AppState<'_>, id: String) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.send_quote(&id);
    reply(result)
}

/// See [`FieldApp::accept_quote`](tournee_field::FieldApp::accept_quote).
#[tauri::command]
pub async fn accept_quote(
    state: AppState<'_>,
    id: String,
    input: QuoteSignatureInput,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.accept_quote(&id, &input);
    reply(result)
}

/// See [`FieldApp::refuse_quote`](tournee_field::FieldApp::refuse_quote).
#[tauri::command]
pub async fn refuse_quote(state: AppState<'_>, id: String) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.refuse_quote(&id);
    reply(result)
}

/// See [`FieldApp::print_quote`](tournee_field::FieldApp::print_quote).
#[tauri::command]
pub async fn print_quote(state: AppState<'_>, id: String) -> Reply<ExportedFile> {
    let app = lock(&state);
    reply(app.print_quote(&id))
}
