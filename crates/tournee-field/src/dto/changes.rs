//! The rep's actions on a client ([`crate::changes`]): what the dialogs are built from,
//! what they send, the change file written, and the changes still pending.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tournee_core::{Answer, FleetType, VisitForm};
use ts_rs::TS;

use super::EditableField;

/// What a pending change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PendingKind {
    /// « Visite ce jour ».
    Visit,
    /// « Date de revoir ».
    Revisit,
    /// « Type de parc ».
    Fleet,
    /// « Demande de modification ».
    Modification,
    /// A new prospect (CP).
    ProspectCreation,
    /// A prospect's fields edited (MP update).
    ProspectUpdate,
    /// A prospect deleted (MP delete).
    ProspectDeletion,
    /// A visit to a prospect (VP).
    ProspectVisit,
    /// « Transformation en client » (CC).
    Conversion,
    /// A CRM record created, changed or deleted (RC): a party, a person, an action, a
    /// reply or a todo.
    Record,
}

/// A change written on this laptop, not yet seen integrated in a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PendingChange {
    /// Its change id.
    pub change_id: String,
    /// What it is.
    pub kind: PendingKind,
    /// The client code, or the prospect id for prospect changes.
    pub client_code: String,
    /// What it is about, as values the window words in its language (`None` for a change
    /// written by a version that stored a French line instead: see `legacy_summary`).
    pub subject: Option<PendingSubject>,
    /// The French line an older version stored with the change, shown as it is; `None` for
    /// every change written since the subjects became values.
    pub legacy_summary: Option<String>,
    /// When it was written (RFC 3339, laptop clock).
    pub written_at: String,
}

/// What a pending change is about, as values: the window's catalogues (`pending.subject.*`)
/// make the sentence, in the rep's language, so no sentence is built on this side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PendingSubject {
    /// A visit on the day `date` (`YYYY-MM-DD`).
    Visit {
        /// The visit's day.
        date: String,
    },
    /// The revisit date set to `date`, or cleared.
    Revisit {
        /// The new date; `None`: cleared.
        date: Option<String>,
    },
    /// The fleet counts declared (types with at least one vehicle).
    Fleet {
        /// Each type's code and count.
        counts: Vec<FleetCount>,
    },
    /// A modification request about these fields (names; the card has their labels).
    Modification {
        /// The fields' names, in the request's order.
        fields: Vec<String>,
    },
    /// A new prospect.
    ProspectCreation {
        /// Its name.
        name: String,
    },
    /// A prospect's fields edited.
    ProspectUpdate {
        /// Its name after the edit.
        name: String,
    },
    /// A prospect deleted.
    ProspectDeletion {
        /// Its name.
        name: String,
    },
    /// A visit to a prospect.
    ProspectVisit {
        /// The visit's day.
        date: String,
        /// The prospect's name.
        name: String,
    },
    /// « Transformation en client ».
    Conversion {
        /// The prospect's name.
        name: String,
    },
    /// A new party (CRM contact).
    PartyCreated {
        /// Its name as shown.
        name: String,
    },
    /// A party edited.
    PartyUpdated {
        /// Its name after the edit.
        name: String,
    },
    /// A party deleted.
    PartyDeleted {
        /// Its name.
        name: String,
    },
    /// A person added to a company.
    PersonCreated {
        /// The company's name.
        company: String,
        /// The person's name.
        name: String,
    },
    /// A person edited.
    PersonUpdated {
        /// The person's name after the edit.
        name: String,
    },
    /// A person deleted.
    PersonDeleted {
        /// The person's name.
        name: String,
    },
    /// An action logged on a party.
    ActionLogged {
        /// The action type's label, as the admin named it.
        action_type: String,
        /// The party's name.
        party: String,
    },
    /// A reply under an action.
    ReplyAdded {
        /// The party's name.
        party: String,
    },
    /// An open reminder deleted while logging an action or a reply.
    ReminderDeleted {
        /// The reminder's text.
        text: String,
    },
    /// A new todo.
    TodoCreated {
        /// Its text.
        text: String,
    },
    /// A todo marked done (and the action it becomes).
    TodoDone {
        /// Its text.
        text: String,
    },
    /// A repeating todo's next occurrence.
    TodoRenewed {
        /// Its text.
        text: String,
    },
    /// A todo edited (text, due day, party or repetition).
    TodoUpdated {
        /// Its text after the edit.
        text: String,
    },
    /// A todo deleted.
    TodoDeleted {
        /// Its text.
        text: String,
    },
    /// A new opportunity on a party.
    OpportunityCreated {
        /// Its title.
        title: String,
        /// The party's name.
        party: String,
    },
    /// An opportunity's title, value or expected close edited.
    OpportunityUpdated {
        /// Its title after the edit.
        title: String,
    },
    /// An opportunity moved to another stage.
    OpportunityMoved {
        /// Its title.
        title: String,
        /// The stage's label.
        stage: String,
    },
    /// An opportunity closed, won or lost.
    OpportunityClosed {
        /// Its title.
        title: String,
        /// Won (`true`) or lost.
        won: bool,
    },
    /// A campaign created (a trade show, a mailing).
    CampaignCreated {
        /// Its name.
        name: String,
    },
    /// A meeting planned with a party.
    MeetingPlanned {
        /// Its subject.
        subject: String,
        /// The party's name.
        party: String,
        /// Who attends.
        attendee: String,
    },
    /// A quote drafted from an opportunity.
    QuoteCreated {
        /// Its temporary reference.
        reference: String,
        /// The party's name.
        party: String,
    },
    /// A quote's lines or validity edited.
    QuoteUpdated {
        /// Its number, else its temporary reference.
        reference: String,
    },
    /// A quote sent, accepted (signed) or refused.
    QuoteStatusChanged {
        /// Its number, else its temporary reference.
        reference: String,
        /// The status it moved to.
        status: tournee_core::QuoteStatus,
    },
    /// A segment created (issue 15).
    SegmentCreated {
        /// Its name.
        name: String,
    },
    /// A segment renamed, its criteria or its parties changed.
    SegmentUpdated {
        /// Its name.
        name: String,
    },
    /// A segment deleted.
    SegmentDeleted {
        /// Its name.
        name: String,
    },
}

/// One fleet type's count in a pending « Type de parc ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FleetCount {
    /// The type's code.
    pub code: String,
    /// Vehicles declared.
    pub count: u32,
}

/// What the dialogs are built from: all of it comes from the snapshot (server parameters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FormConfig {
    /// The « Visite ce jour » form tree.
    pub visit_form: VisitForm,
    /// « Type de parc » choices.
    pub fleet_types: Vec<FleetType>,
    /// Fields offered in « Demande de modification ».
    pub editable_fields: Vec<EditableField>,
    /// How many days back a visit may be dated.
    pub visit_backdate_days: u32,
    /// The laptop's local date.
    pub today: String,
}

/// « Visite ce jour ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VisitInput {
    /// Client visited.
    pub client_code: String,
    /// Day of the visit `YYYY-MM-DD`.
    pub visit_date: String,
    /// Time `HH:MM`; the current time when absent.
    pub visit_time: Option<String>,
    /// Free comment (may be empty).
    pub comment: String,
    /// Answers by group id.
    pub answers: BTreeMap<String, Answer>,
}

/// The change file just published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WrittenChange {
    /// Its id.
    pub change_id: String,
    /// Its name in the outbox.
    pub file_name: String,
}

/// « Date de revoir »; `None` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevisitInput {
    /// Client.
    pub client_code: String,
    /// New date, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// « Type de parc »: vehicles per type; replaces the previous fleet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FleetInput {
    /// Client.
    pub client_code: String,
    /// Vehicles per fleet type code.
    pub counts: BTreeMap<String, u32>,
}
