//! Campaigns, meetings and a party's recent activity on the laptop (issue 15), read from
//! the snapshot by [`crate::meetings`]. Dates are `YYYY-MM-DD`; instants RFC 3339 in UTC
//! (the window shows them in Europe/Paris).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One campaign in the list, with the leads recorded under it that the user may read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CampaignLine {
    /// Record id (ULID).
    pub id: String,
    /// Its name.
    pub name: String,
    /// First day.
    pub starts_on: String,
    /// Last day, when set.
    pub ends_on: Option<String>,
    /// Where.
    pub place: Option<String>,
    /// What it cost, in euro cents.
    #[ts(type = "number | null")]
    pub cost_cents: Option<i64>,
    /// Free notes.
    pub notes: Option<String>,
    /// Parties recorded under it (in this snapshot).
    pub leads: u32,
}

/// A lead recorded under a campaign, for the campaign's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CampaignLead {
    /// The party's id.
    pub party_id: String,
    /// Its name as shown (a private person's first name first).
    pub name: String,
    /// Its lifecycle status code (`lead`, `prospect`…).
    pub status: String,
    /// Who it is assigned to.
    pub owner: String,
    /// Who typed it.
    pub created_by: String,
}

/// A campaign's page: the campaign and its leads, with their count per status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CampaignPage {
    /// The campaign.
    pub campaign: CampaignLine,
    /// Its leads, by name.
    pub leads: Vec<CampaignLead>,
    /// `(status code, count)` in lifecycle order, statuses without leads left out.
    pub by_status: Vec<(String, u32)>,
}

/// A meeting on the shared calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MeetingLine {
    /// Record id (ULID): also the invitation's UID.
    pub id: String,
    /// The party met.
    pub party_id: String,
    /// Its name as shown.
    pub party_name: String,
    /// The opportunity it is about, if any.
    pub opportunity: Option<String>,
    /// Who organised it (its creator).
    pub organiser: String,
    /// Who attends.
    pub attendee: String,
    /// Where.
    pub place: Option<String>,
    /// Start, RFC 3339 UTC.
    pub starts_at: String,
    /// End, RFC 3339 UTC.
    pub ends_at: String,
    /// What about.
    pub subject: String,
    /// `planned` or `cancelled`.
    pub status: String,
}

/// What kind of event a line of a party's recent activity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// An action (a call when its type is `appel`).
    Action,
    /// A reply under one of the party's actions.
    Reply,
    /// A visit to the party's client or prospect.
    Visit,
    /// A meeting with the party.
    Meeting,
    /// A todo about the party, done.
    TodoDone,
}

/// One event of a party's recent activity, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActivityLine {
    /// What it is.
    pub kind: ActivityKind,
    /// The record's id (a visit's row id as text).
    pub id: String,
    /// Its day, `YYYY-MM-DD` (a meeting's in UTC).
    pub date: String,
    /// Its time `HH:MM`, when known.
    pub time: Option<String>,
    /// An action's type code, a meeting's status; empty otherwise.
    pub code: String,
    /// The line to show: comment, reply, visit subject, meeting subject, todo text.
    pub text: String,
    /// Who did it.
    pub by: String,
}
