//! The CRM's records (the field crate's `record_views` and `record_changes`): the contact
//! list and page, the duplicate check, parties, people, actions, replies, todos and the
//! dashboard. Each write is an `RC` change, kept on the laptop while the server does not
//! read them (`waiting_for_server`).

use tournee_core::ActionType;
use tournee_field::dto::{
    ActionInput, ContactHit, ContactPage, ContactQuery, Dashboard, DuplicateMatchView, PartyInput,
    PersonInput, PoolView, RecordWritten, ReplyInput, TakeNotice, TodoInput, TodoView, UserGrants,
};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::action_types`](tournee_field::FieldApp::action_types).
#[tauri::command]
pub async fn action_types(state: AppState<'_>) -> Reply<Vec<ActionType>> {
    let app = lock(&state);
    reply(app.action_types())
}

/// See [`FieldApp::contacts`](tournee_field::FieldApp::contacts).
#[tauri::command]
pub async fn contacts(state: AppState<'_>, query: ContactQuery) -> Reply<Vec<ContactHit>> {
    let app = lock(&state);
    reply(app.contacts(&query))
}

/// See [`FieldApp::contact_page`](tournee_field::FieldApp::contact_page).
#[tauri::command]
pub async fn contact_page(state: AppState<'_>, id: String) -> Reply<ContactPage> {
    let app = lock(&state);
    reply(app.contact_page(&id))
}

/// See [`FieldApp::check_party`](tournee_field::FieldApp::check_party).
#[tauri::command]
pub async fn check_party(state: AppState<'_>, input: PartyInput) -> Reply<Vec<DuplicateMatchView>> {
    let app = lock(&state);
    reply(app.check_party(&input))
}

/// See [`FieldApp::create_party`](tournee_field::FieldApp::create_party).
#[tauri::command]
pub async fn create_party(
    state: AppState<'_>,
    input: PartyInput,
    allow_duplicates: bool,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.create_party(&input, allow_duplicates);
    reply(result)
}

/// See [`FieldApp::update_party`](tournee_field::FieldApp::update_party).
#[tauri::command]
pub async fn update_party(
    state: AppState<'_>,
    id: String,
    input: PartyInput,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.update_party(&id, &input);
    reply(result)
}

/// See [`FieldApp::delete_party`](tournee_field::FieldApp::delete_party).
#[tauri::command]
pub async fn delete_party(state: AppState<'_>, id: String) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.delete_party(&id);
    reply(result)
}

/// See [`FieldApp::take_lead`](tournee_field::FieldApp::take_lead).
#[tauri::command]
pub async fn take_lead(state: AppState<'_>, id: String) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.take_lead(&id);
    reply(result)
}

/// See [`FieldApp::release_lead`](tournee_field::FieldApp::release_lead).
#[tauri::command]
pub async fn release_lead(state: AppState<'_>, id: String) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.release_lead(&id);
    reply(result)
}

/// See [`FieldApp::pool_leads`](tournee_field::FieldApp::pool_leads).
#[tauri::command]
pub async fn pool_leads(state: AppState<'_>) -> Reply<PoolView> {
    let app = lock(&state);
    reply(app.pool_leads())
}

/// See [`FieldApp::take_notices`](tournee_field::FieldApp::take_notices).
#[tauri::command]
pub async fn take_notices(state: AppState<'_>) -> Reply<Vec<TakeNotice>> {
    let app = lock(&state);
    reply(app.take_notices())
}

/// See [`FieldApp::grants`](tournee_field::FieldApp::grants).
#[tauri::command]
pub async fn grants(state: AppState<'_>) -> Reply<UserGrants> {
    let app = lock(&state);
    reply(app.grants())
}

/// See [`FieldApp::add_person`](tournee_field::FieldApp::add_person).
#[tauri::command]
pub async fn add_person(
    state: AppState<'_>,
    input: PersonInput,
    allow_duplicates: bool,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.add_person(&input, allow_duplicates);
    reply(result)
}

/// See [`FieldApp::update_person`](tournee_field::FieldApp::update_person).
#[tauri::command]
pub async fn update_person(
    state: AppState<'_>,
    id: String,
    input: PersonInput,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.update_person(&id, &input);
    reply(result)
}

/// See [`FieldApp::delete_person`](tournee_field::FieldApp::delete_person).
#[tauri::command]
pub async fn delete_person(state: AppState<'_>, id: String) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.delete_person(&id);
    reply(result)
}

/// See [`FieldApp::open_reminders`](tournee_field::FieldApp::open_reminders).
#[tauri::command]
pub async fn open_reminders(state: AppState<'_>, party_id: String) -> Reply<Vec<TodoView>> {
    let app = lock(&state);
    reply(app.open_reminders(&party_id))
}

/// See [`FieldApp::log_action`](tournee_field::FieldApp::log_action).
#[tauri::command]
pub async fn log_action(state: AppState<'_>, input: ActionInput) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.log_action(&input);
    reply(result)
}

/// See [`FieldApp::add_reply`](tournee_field::FieldApp::add_reply).
#[tauri::command]
pub async fn add_reply(state: AppState<'_>, input: ReplyInput) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.add_reply(&input);
    reply(result)
}

/// See [`FieldApp::create_todo`](tournee_field::FieldApp::create_todo).
#[tauri::command]
pub async fn create_todo(state: AppState<'_>, input: TodoInput) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.create_todo(&input);
    reply(result)
}

/// See [`FieldApp::complete_todo`](tournee_field::FieldApp::complete_todo).
#[tauri::command]
pub async fn complete_todo(state: AppState<'_>, id: String, date: String) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.complete_todo(&id, &date);
    reply(result)
}

/// See [`FieldApp::update_todo`](tournee_field::FieldApp::update_todo).
#[tauri::command]
pub async fn update_todo(
    state: AppState<'_>,
    id: String,
    input: TodoInput,
) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.update_todo(&id, &input);
    reply(result)
}

/// See [`FieldApp::delete_todo`](tournee_field::FieldApp::delete_todo).
#[tauri::command]
pub async fn delete_todo(state: AppState<'_>, id: String) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.delete_todo(&id);
    reply(result)
}

/// See [`FieldApp::dashboard`](tournee_field::FieldApp::dashboard).
#[tauri::command]
pub async fn dashboard(state: AppState<'_>) -> Reply<Dashboard> {
    let app = lock(&state);
    reply(app.dashboard())
}
