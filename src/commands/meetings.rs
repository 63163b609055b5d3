//! Campaigns, business cards, calls and meetings (the field crate's `meet_views` and
//! `record_changes`, issue 15): the campaigns and their pages, the shared calendar, a
//! party's last days and the user directory, and the writes, each an `RC` change.

use tournee_field::dto::{
    ActivityLine, CallInput, CampaignInput, CampaignLine, CampaignPage, LeadCardInput,
    MeetingInput, MeetingLine, RecordWritten, UserIdentity,
};

use super::{lock, reply, AppState, Reply};

/// See [`FieldApp::campaigns`](tournee_field::FieldApp::campaigns).
#[tauri::command]
pub async fn campaigns(state: AppState<'_>) -> Reply<Vec<CampaignLine>> {
    let app = lock(&state);
    reply(app.campaigns())
}

/// See [`FieldApp::campaign_page`](tournee_field::FieldApp::campaign_page).
#[tauri::command]
pub async fn campaign_page(state: AppState<'_>, id: String) -> Reply<CampaignPage> {
    let app = lock(&state);
    reply(app.campaign_page(&id))
}

/// See [`FieldApp::upcoming_meetings`](tournee_field::FieldApp::upcoming_meetings).
#[tauri::command]
pub async fn upcoming_meetings(state: AppState<'_>) -> Reply<Vec<MeetingLine>> {
    let app = lock(&state);
    reply(app.upcoming_meetings())
}

/// See [`FieldApp::recent_activity`](tournee_field::FieldApp::recent_activity).
#[tauri::command]
pub async fn recent_activity(
    state: AppState<'_>,
    party_id: String,
    days: Option<u32>,
) -> Reply<Vec<ActivityLine>> {
    let app = lock(&state);
    reply(app.recent_activity(&party_id, days))
}

/// See [`FieldApp::colleagues`](tournee_field::FieldApp::colleagues).
#[tauri::command]
pub async fn colleagues(state: AppState<'_>) -> Reply<Vec<UserIdentity>> {
    let app = lock(&state);
    reply(app.colleagues())
}

/// See [`FieldApp::create_campaign`](tournee_field::FieldApp::create_campaign).
#[tauri::command]
pub async fn create_campaign(state: AppState<'_>, input: CampaignInput) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.create_campaign(&input);
    reply(result)
}

/// See [`FieldApp::add_lead_card`](tournee_field::FieldApp::add_lead_card).
#[tauri::command]
pub async fn add_lead_card(state: AppState<'_>, input: LeadCardInput) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.add_lead_card(&input);
    reply(result)
}

/// See [`FieldApp::log_call`](tournee_field::FieldApp::log_call).
#[tauri::command]
pub async fn log_call(state: AppState<'_>, input: CallInput) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.log_call(&input);
    reply(result)
}

/// See [`FieldApp::plan_meeting`](tournee_field::FieldApp::plan_meeting).
#[tauri::command]
pub async fn plan_meeting(state: AppState<'_>, input: MeetingInput) -> Reply<RecordWritten> {
    let mut app = lock(&state);
    let result = app.plan_meeting(&input);
    reply(result)
}
