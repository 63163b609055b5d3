//! The client card ([`crate::card`]) and the lines it is made of, which the prospect card
//! and the calendar reuse.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ModificationRequestLine, PendingChange};
use crate::relation_kind::RelationKind;

/// A labelled value of the client's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldLine {
    /// ERP column.
    pub field: String,
    /// Label in the rep's language.
    pub label: String,
    /// Value as stored.
    pub value: String,
}

/// A person to reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactLine {
    /// Full name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Phone (a `tel:` link in the UI).
    pub phone: String,
    /// E-mail (a `mailto:` link).
    pub email: String,
}

/// Vehicles of one fleet type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FleetLine {
    /// Fleet type code.
    pub code: String,
    /// Its label.
    pub label: String,
    /// Vehicles.
    pub count: u32,
}

/// One answered question of a visit form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AnswerLine {
    /// The question's label.
    pub question: String,
    /// Labels of the chosen options.
    pub choices: Vec<String>,
}

/// A visit (or other relation) in a history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VisitRow {
    /// Stable key for lists (`r<id>` from the snapshot, the change id when pending).
    pub key: String,
    /// Day.
    pub date: String,
    /// Time `HH:MM`.
    pub time: String,
    /// `origine_relation` (CRV, LIT…).
    pub origine: String,
    /// Subject.
    pub objet: String,
    /// Comment.
    pub commentaire: String,
    /// ERP user code of the author.
    pub c_user: String,
    /// Written on this laptop and not yet integrated.
    pub pending: bool,
    /// Visit form answers, labelled.
    pub answers: Vec<AnswerLine>,
    /// A visit, or the note of a modification request (never counted as a visit).
    pub kind: RelationKind,
}

/// The client card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClientCard {
    /// Client code.
    pub c_client: String,
    /// Name.
    pub nom_client: String,
    /// Agency code.
    pub c_agence: Option<String>,
    /// Agency name.
    pub agence_nom: Option<String>,
    /// In the rep's portfolio (billing details and history are there only then).
    pub in_portfolio: bool,
    /// Address lines, street to town.
    pub address: Vec<String>,
    /// Phone numbers.
    pub phones: Vec<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Every filled profile field, labelled.
    pub base: Vec<FieldLine>,
    /// People to reach.
    pub contacts: Vec<ContactLine>,
    /// The current year (CA N).
    pub year: i32,
    /// Turnover of the year, cents.
    #[ts(type = "number")]
    pub ca_n_cents: i64,
    /// Turnover of the previous year, cents.
    #[ts(type = "number")]
    pub ca_n1_cents: i64,
    /// Fleet, the pending one when the rep changed it.
    pub fleet: Vec<FleetLine>,
    /// The fleet shown is not yet integrated.
    pub fleet_pending: bool,
    /// Revisit date, the pending one when the rep changed it.
    pub date_revoir: Option<String>,
    /// The revisit date shown is not yet integrated.
    pub revisit_pending: bool,
    /// Last visit day, a pending visit included.
    pub last_visit: Option<String>,
    /// The five most recent visits (LIT rows left out).
    pub recent_visits: Vec<VisitRow>,
    /// Every pending change about this client.
    pub pending: Vec<PendingChange>,
    /// The rep's modification requests about this client, most recent first: waiting to be
    /// sent, with the accountant, applied or declined with her note.
    pub modification_requests: Vec<ModificationRequestLine>,
    /// The client's contact page (its party: timeline, people, todos), when the snapshot
    /// carries it.
    pub party_id: Option<String>,
}
