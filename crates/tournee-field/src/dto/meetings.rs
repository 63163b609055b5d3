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
    /// Parties recorded under it (in this snapshot, and those typed here not yet synced).
    pub leads: u32,
    /// Created or changed on this laptop and not yet back from the server.
    pub pending: bool,
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
    /// Typed on this laptop and not yet back from the server.
    pub pending: bool,
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
    /// Planned on this laptop and not yet back from the server.
    pub pending: bool,
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
    /// The party's business card, typed under a campaign (brief 002: the card taken at
    /// the trade show starts the story the colleague reads before the meeting); its text
    /// is the campaign's name.
    Card,
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
    /// Written on this laptop and not yet back from the server.
    pub pending: bool,
}

/// A new campaign as typed (brief 002: « Encodez le salon en tant que campagne »).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CampaignInput {
    /// Its name (mandatory).
    pub name: String,
    /// First day `YYYY-MM-DD` (mandatory).
    pub starts_on: String,
    /// Last day `YYYY-MM-DD`.
    #[serde(default)]
    pub ends_on: Option<String>,
    /// Where.
    #[serde(default)]
    pub place: Option<String>,
    /// What it cost in euro cents (the window converts the euros typed).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub cost_cents: Option<i64>,
    /// Free notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// One business card typed in « Saisie rapide » under a campaign: a lead (a company with
/// the person on the card, or a private person when no company is written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LeadCardInput {
    /// The campaign the card was collected at.
    pub campaign_id: String,
    /// The company's name; blank for a private person.
    #[serde(default)]
    pub company: Option<String>,
    /// The person's first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The person's last name (mandatory without a company).
    #[serde(default)]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// What was said at the stand.
    #[serde(default)]
    pub notes: Option<String>,
    /// Save even when the card looks like a party already known.
    #[serde(default)]
    pub allow_duplicates: bool,
}

/// A call logged on a party (by anyone who reads it), optionally about an opportunity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CallInput {
    /// The party called or who called.
    pub party_id: String,
    /// The opportunity it is about, one of the party's.
    #[serde(default)]
    pub opportunity: Option<String>,
    /// Day `YYYY-MM-DD`.
    pub date: String,
    /// Time `HH:MM`.
    #[serde(default)]
    pub time: Option<String>,
    /// What was said.
    #[serde(default)]
    pub comment: Option<String>,
    /// Outcome (when the call type asks for one).
    #[serde(default)]
    pub outcome: Option<super::ActionOutcome>,
}

/// A meeting planned for oneself or a colleague.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MeetingInput {
    /// The party met.
    pub party_id: String,
    /// The opportunity it is about, one of the party's.
    #[serde(default)]
    pub opportunity: Option<String>,
    /// Who attends: a login of the user directory.
    pub attendee: String,
    /// Start, RFC 3339 in UTC (the window converts the local time typed); in the future.
    pub starts_at: String,
    /// How long, in minutes: one of [`MEETING_DURATIONS`].
    pub duration_minutes: u32,
    /// Where.
    #[serde(default)]
    pub place: Option<String>,
    /// What about (mandatory).
    pub subject: String,
    /// Notes sent in the invitation.
    #[serde(default)]
    pub notes: Option<String>,
}

/// The durations a meeting may last, in minutes (the form's choices).
pub const MEETING_DURATIONS: [u32; 9] = [15, 30, 45, 60, 90, 120, 180, 240, 480];
