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
    /// One line for the rep.
    pub summary: String,
    /// When it was written (RFC 3339, laptop clock).
    pub written_at: String,
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
