//! The CRM's records on the laptop ([`crate::records`] reads the snapshot,
//! `crate::record_changes` writes `RC` changes, `crate::record_views` lays the pending ones
//! over the snapshot): the contact list and page, the timeline, the dialogs' inputs, the
//! dashboard.
//!
//! Optional inputs may be left out or sent as `null`; dates are `YYYY-MM-DD`, times `HH:MM`.

use serde::{Deserialize, Serialize};
use tournee_core::{Outcome, Status};
use ts_rs::TS;

/// Where a party stands in the lifecycle, computed on the laptop from the facts the
/// snapshot and this laptop's pending changes hold (never typed by hand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PartyStatus {
    /// « Piste »: nobody reached yet.
    Lead,
    /// « Piste morte »: wrong details, or refused at first contact.
    DeadLead,
    /// « Prospect »: a conversation has started.
    Prospect,
    /// « Prospect mort »: a prospect formally refused.
    DeadProspect,
    /// « Client »: a sale happened.
    Client,
}

impl From<Status> for PartyStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Lead => Self::Lead,
            Status::DeadLead => Self::DeadLead,
            Status::Prospect => Self::Prospect,
            Status::DeadProspect => Self::DeadProspect,
            Status::Client => Self::Client,
        }
    }
}

impl PartyStatus {
    /// Every status, in lifecycle order (the dashboard's figures list them all).
    pub const ALL: [PartyStatus; 5] = [
        Self::Lead,
        Self::DeadLead,
        Self::Prospect,
        Self::DeadProspect,
        Self::Client,
    ];
}

/// A company (B2B, with people) or a private person (B2C).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PartyKindDto {
    /// A company.
    Company,
    /// A private person.
    Person,
}

/// How an action turned out, as far as the lifecycle cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActionOutcome {
    /// « Coordonnées erronées ».
    WrongContactDetails,
    /// « Refus formel ».
    FormalRefusal,
    /// « Pas de réponse ».
    NoAnswer,
    /// « Neutre ».
    Neutral,
    /// « Positif ».
    Positive,
}

impl From<ActionOutcome> for Outcome {
    fn from(outcome: ActionOutcome) -> Self {
        match outcome {
            ActionOutcome::WrongContactDetails => Self::WrongContactDetails,
            ActionOutcome::FormalRefusal => Self::FormalRefusal,
            ActionOutcome::NoAnswer => Self::NoAnswer,
            ActionOutcome::Neutral => Self::Neutral,
            ActionOutcome::Positive => Self::Positive,
        }
    }
}

impl From<Outcome> for ActionOutcome {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::WrongContactDetails => Self::WrongContactDetails,
            Outcome::FormalRefusal => Self::FormalRefusal,
            Outcome::NoAnswer => Self::NoAnswer,
            Outcome::Neutral => Self::Neutral,
            Outcome::Positive => Self::Positive,
        }
    }
}

/// The contact list's filter: text (name, first name, city, postal code; folded), and
/// optionally one status and one kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactQuery {
    /// What the rep typed (empty: every party).
    #[serde(default)]
    pub text: String,
    /// Only parties of this status.
    #[serde(default)]
    pub status: Option<PartyStatus>,
    /// Only companies, or only private persons.
    #[serde(default)]
    pub kind: Option<PartyKindDto>,
}

/// A party in the contact list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactHit {
    /// Party id (ULID).
    pub id: String,
    /// Company or private person.
    pub kind: PartyKindDto,
    /// Company name, or the person's last name.
    pub name: String,
    /// A private person's first name.
    pub first_name: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Lifecycle status.
    pub status: PartyStatus,
    /// Day of its latest action (`YYYY-MM-DD`).
    pub last_action: Option<String>,
    /// Created or changed on this laptop and not yet back from the server.
    pub pending: bool,
    /// A lead of the unassigned pool that anyone may take (issue 15): as the snapshot
    /// says, unless this laptop took it (then false at once) or released it (then true).
    pub unassigned: bool,
    /// The name of the campaign it came from (a trade show's business card).
    pub campaign: Option<String>,
    /// The day it was created on the server (`YYYY-MM-DD`); `None` until the server has it.
    pub created_on: Option<String>,
}

/// The unassigned pool's leads (issue 15, « Leads non attribués »): newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PoolView {
    /// How many leads are in the pool (the list stops at the contact list's cap).
    pub total: u32,
    /// The leads, newest first, then by name.
    pub leads: Vec<ContactHit>,
}

/// A party as its page shows it (pending edits applied).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PartyView {
    /// Party id.
    pub id: String,
    /// Company or private person.
    pub kind: PartyKindDto,
    /// Company name, or the person's last name.
    pub name: String,
    /// A private person's first name.
    pub first_name: Option<String>,
    /// SIRET or SIREN.
    pub siret: Option<String>,
    /// VAT number.
    pub vat: Option<String>,
    /// Landline.
    pub phone: Option<String>,
    /// Mobile.
    pub mobile: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Address, first line.
    pub address1: Option<String>,
    /// Address, second line.
    pub address2: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// Whose record it is (login).
    pub owner: String,
    /// Who created it (login).
    pub created_by: String,
    /// The ERP client this party is (its card opens from the contact page); the client
    /// row owns the identity fields.
    pub client_code: Option<String>,
    /// The prospect this party came from (its card opens from the contact page).
    pub prospect_id: Option<String>,
    /// The fields its client or prospect owns (`tournee_sync::LINKED_PARTY_FIELDS`, the
    /// list the server refuses in a record change), read-only in the edit dialog; empty
    /// for a party linked to nothing.
    pub locked_fields: Vec<String>,
    /// Created or changed on this laptop and not yet back from the server.
    pub pending: bool,
    /// A lead of the unassigned pool (issue 15): « Prendre » is offered. Its `owner` is
    /// then its creator, as the snapshot files a pooled lead; false at once once taken here.
    pub unassigned: bool,
}

/// A person of a company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonView {
    /// Person id.
    pub id: String,
    /// The company party.
    pub party_id: String,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Position.
    pub position: Option<String>,
    /// Landline.
    pub phone: Option<String>,
    /// Mobile.
    pub mobile: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// Created or changed on this laptop and not yet back from the server.
    pub pending: bool,
}

/// What a timeline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// An action logged (call, mail, meeting…).
    Action,
    /// A reply under an action (`parent_id`).
    Reply,
    /// A todo done: the action of type `tache` it became.
    TodoDone,
    /// The status changed (`status_from`, `status_to`), computed from the facts.
    StatusChange,
    /// A visit report.
    Visit,
    /// A modification request (never shown as a visit).
    ModificationRequest,
}

/// One line of a party's timeline, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimelineEntry {
    /// The record's id (a status change: the id of the fact that caused it, `:status`).
    pub id: String,
    /// What it is.
    pub kind: TimelineKind,
    /// Its day.
    pub date: String,
    /// Its time `HH:MM`, when known.
    pub time: Option<String>,
    /// A short title: the action type's label, a todo's text, a reply's author, the new
    /// status's code for a status change.
    pub title: String,
    /// The comment or the reply's text.
    pub text: Option<String>,
    /// Who wrote it (login, or the reply's author as typed).
    pub author: String,
    /// The action's type code.
    pub action_type: Option<String>,
    /// The action's outcome.
    pub outcome: Option<ActionOutcome>,
    /// A reply's action.
    pub parent_id: Option<String>,
    /// A status change: the status before.
    pub status_from: Option<PartyStatus>,
    /// A status change: the status after.
    pub status_to: Option<PartyStatus>,
    /// Written on this laptop and not yet back from the server.
    pub pending: bool,
}

/// A todo as the dashboard and the contact page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TodoView {
    /// Todo id.
    pub id: String,
    /// What to do.
    pub text: String,
    /// Due day.
    pub due: String,
    /// Due before today.
    pub overdue: bool,
    /// The party it is about.
    pub party_id: Option<String>,
    /// That party's name.
    pub party_name: Option<String>,
    /// Comes back this many days after it is done.
    pub repeat_days: Option<u32>,
    /// Written on this laptop and not yet back from the server.
    pub pending: bool,
}

/// A party's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactPage {
    /// The party.
    pub party: PartyView,
    /// Its people, by last then first name.
    pub people: Vec<PersonView>,
    /// Its lifecycle status.
    pub status: PartyStatus,
    /// Its timeline, newest first.
    pub timeline: Vec<TimelineEntry>,
    /// Its open todos, by due day.
    pub open_todos: Vec<TodoView>,
    /// Created or changed on this laptop and not yet back from the server.
    pub pending: bool,
    /// Its score with the rules that made it, for a lead or a prospect (a client's or a
    /// dead party's score says nothing useful: none).
    pub score: Option<ScoreView>,
}

/// A lead's or prospect's score (`tournee_core::score`): 0 to 100, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScoreView {
    /// 0 to 100.
    pub total: u8,
    /// Each rule that counted, in the rules' order.
    pub parts: Vec<ScorePartView>,
}

/// One rule of a score: its code (worded by the UI's catalogues), its points and what it
/// counted (conversations, replies, days since the last conversation, opportunities).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScorePartView {
    /// `recent_contacts`, `recency`, `replies`, `positive`, `open_opportunity`,
    /// `reachable`, `identified`, `refusal`, `wrong_details`.
    pub rule: String,
    /// Points, negative for a cost.
    pub points: i32,
    /// What the rule counted.
    pub count: u32,
}

/// A party that looks like the one being typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DuplicateMatchView {
    /// The existing party's id.
    pub id: String,
    /// Its name (first name after the name for a private person).
    pub name: String,
    /// Its city.
    pub city: Option<String>,
    /// Why: `phone`, `email`, `siret`, `name` (near-identical in the same postal code).
    pub reasons: Vec<String>,
}

/// A party as typed in the creation or edit dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PartyInput {
    /// Company or private person.
    pub kind: PartyKindDto,
    /// Company name, or the person's last name.
    pub name: String,
    /// A private person's first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// SIRET or SIREN.
    #[serde(default)]
    pub siret: Option<String>,
    /// VAT number.
    #[serde(default)]
    pub vat: Option<String>,
    /// Landline.
    #[serde(default)]
    pub phone: Option<String>,
    /// Mobile.
    #[serde(default)]
    pub mobile: Option<String>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// Address, first line.
    #[serde(default)]
    pub address1: Option<String>,
    /// Address, second line.
    #[serde(default)]
    pub address2: Option<String>,
    /// Postal code.
    #[serde(default)]
    pub postal_code: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// Country.
    #[serde(default)]
    pub country: Option<String>,
    /// Free notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A person of a company as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonInput {
    /// The company party.
    pub party_id: String,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Position.
    #[serde(default)]
    pub position: Option<String>,
    /// Landline.
    #[serde(default)]
    pub phone: Option<String>,
    /// Mobile.
    #[serde(default)]
    pub mobile: Option<String>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// Free notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// What to do with one open reminder of the party when an action or a reply is logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReminderDecision {
    /// The open todo.
    pub todo_id: String,
    /// `false`: the todo is deleted (an `RC` delete).
    pub keep: bool,
}

/// An action as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionInput {
    /// The party.
    pub party_id: String,
    /// The person of the company, if any.
    #[serde(default)]
    pub person_id: Option<String>,
    /// The action type's code.
    pub action_type: String,
    /// Day.
    pub date: String,
    /// Time `HH:MM`.
    #[serde(default)]
    pub time: Option<String>,
    /// Comment.
    #[serde(default)]
    pub comment: Option<String>,
    /// Outcome (required by a type with `needs_outcome`).
    #[serde(default)]
    pub outcome: Option<ActionOutcome>,
    /// Decisions about the party's open reminders.
    #[serde(default)]
    pub reminders: Vec<ReminderDecision>,
}

/// A reply as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReplyInput {
    /// The action answered.
    pub action_id: String,
    /// Day.
    pub date: String,
    /// What was answered.
    pub text: String,
    /// Decisions about the party's open reminders.
    #[serde(default)]
    pub reminders: Vec<ReminderDecision>,
}

/// A todo as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TodoInput {
    /// What to do.
    pub text: String,
    /// Due day.
    pub due: String,
    /// The party it is about.
    #[serde(default)]
    pub party_id: Option<String>,
    /// Comes back this many days after it is done.
    #[serde(default)]
    pub repeat_days: Option<u32>,
}

/// A record written on this laptop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecordWritten {
    /// The record's id (new or existing).
    pub id: String,
    /// The server does not read record changes yet: the change is kept on this laptop and
    /// sent by the first refresh after the server does.
    pub waiting_for_server: bool,
}

/// One status and how many parties have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusCount {
    /// The status.
    pub status: PartyStatus,
    /// How many parties.
    pub count: u32,
}

/// The dashboard's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DashboardFigures {
    /// Parties per status, every status listed.
    pub by_status: Vec<StatusCount>,
    /// Actions dated this week (Monday to today).
    pub actions_this_week: u32,
    /// Parties whose lead → prospect change happened this month.
    pub leads_to_prospects_this_month: u32,
}

/// The dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    /// Open todos, overdue first, then by due day.
    pub todos: Vec<TodoView>,
    /// Figures.
    pub figures: DashboardFigures,
    /// Parties touched lately (latest action first).
    pub recent: Vec<ContactHit>,
}
