//! Record changes (`RC`, sync-spec v2, section 12): the one generic change
//! through which the CRM's new entities travel — parties, people, actions, replies, todos —
//! instead of a new two-letter type per entity.
//!
//! A record change says which record (`entity`, `id`: a ULID minted where the record was
//! created, offline included), what happens to it (`op`: create, update, delete) and, for
//! a create or an update, its `fields`. An update carries **only the fields that changed**,
//! so that two reps editing different fields of one party offline both win, each on their
//! field (per-field last writer wins, as sync-spec §6.4 settles prospects today). A field
//! sent as `null` in an update is cleared; a field absent is left as it is.
//!
//! The payload is read strictly, like every change file: unknown entities, unknown fields,
//! fields of the wrong type, a create without its mandatory fields, an update that changes
//! nothing or clears a mandatory field, a delete with fields: each is refused with the field
//! concerned ([`RecordError`]). What needs the server's state (does the parent exist, may
//! this user write this record) belongs to the integrator, as for v1.
//!
//! Wiring status: `RC` files are named, read ([`crate::parse_change_file`], with
//! `"spec": 2`) and written like the other types, and the reference server integrates them
//! (`tournee-store`'s `integrate/record.rs`). Their snapshot tables and the app's screens
//! are later steps of issue 13 (docs/crm-core.md): no app writes them yet.

mod error;
mod fields;
mod fields_quote;
mod fields_segment;
mod patch;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_quote;
#[cfg(test)]
mod tests_segment;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use error::RecordError;
pub use fields::{ActionFields, PartyFields, PartyKind, PersonFields, ReplyFields, TodoFields};
pub use fields::{CampaignFields, MeetingFields, MeetingStatus, MAX_CAMPAIGN_COST_CENTS};
pub use fields::{OpportunityFields, MAX_OPPORTUNITY_CENTS};
pub use fields_quote::{QuoteFields, MAX_QUOTE_SIGNATURE_BYTES};
pub use fields_segment::SegmentFields;
pub use patch::Patch;

use crate::name::is_valid_ulid;

/// The spec version of record changes: a file carrying one says `"spec": 2`.
pub const RECORD_SPEC_VERSION: u32 = 2;

/// The party fields a party linked to an ERP client or a prospect takes from its source
/// (docs/crm-lifecycle.md, « Clients and prospects as parties »): the server refuses a
/// record change touching one of them on a linked party (`linked_party`, detail
/// `linked_party_field`), and the laptop refuses it before writing, from this one list.
/// They are also the party columns the server copies from the client row or the prospect.
pub const LINKED_PARTY_FIELDS: [&str; 13] = [
    "kind",
    "name",
    "siret",
    "vat",
    "phone",
    "mobile",
    "email",
    "address1",
    "address2",
    "postal_code",
    "city",
    "country",
    "owner",
];

/// The entities a record change may carry, by their wire code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordEntity {
    /// A company (B2B) or a private person (B2C): the CRM's contact.
    Party,
    /// A person working in a company party.
    Person,
    /// Something done about a party: a call, a mail, a meeting… (types set by the admin).
    Action,
    /// An answer hanging under an action: who answered, when, what.
    ActionReply,
    /// Something to do by a date, optionally about a party, optionally repeated.
    Todo,
    /// A trade show, a mailing…: the source of the leads recorded under it.
    Campaign,
    /// A meeting with a party, planned for oneself or a colleague (iCalendar invitation).
    Meeting,
    /// A sale in progress on a party, moving through its pipeline's stages (issue 15).
    Opportunity,
    /// A quote to a party: priced lines, status, signature; numbered by the server.
    Quote,
    /// A saved filter of parties: a list made by hand, or criteria (issue 15).
    Segment,
}

impl RecordEntity {
    /// Every entity, in the order the spec lists them.
    pub const ALL: [RecordEntity; 10] = [
        Self::Party,
        Self::Person,
        Self::Action,
        Self::ActionReply,
        Self::Todo,
        Self::Campaign,
        Self::Meeting,
        Self::Opportunity,
        Self::Quote,
        Self::Segment,
    ];

    /// The wire code (`"party"`, `"action_reply"`…).
    pub fn code(self) -> &'static str {
        match self {
            Self::Party => "party",
            Self::Person => "person",
            Self::Action => "action",
            Self::ActionReply => "action_reply",
            Self::Todo => "todo",
            Self::Campaign => "campaign",
            Self::Meeting => "meeting",
            Self::Opportunity => "opportunity",
            Self::Quote => "quote",
            Self::Segment => "segment",
        }
    }

    /// The entity of a wire code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }
}

/// What happens to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordOp {
    /// A new record, with at least its mandatory fields.
    Create,
    /// Some fields changed: only those are sent.
    Update,
    /// The record goes; no fields.
    Delete,
}

/// The fields of one entity's record change.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordFields {
    /// See [`RecordEntity::Party`].
    Party(PartyFields),
    /// See [`RecordEntity::Person`].
    Person(PersonFields),
    /// See [`RecordEntity::Action`].
    Action(ActionFields),
    /// See [`RecordEntity::ActionReply`].
    ActionReply(ReplyFields),
    /// See [`RecordEntity::Todo`].
    Todo(TodoFields),
    /// See [`RecordEntity::Campaign`].
    Campaign(CampaignFields),
    /// See [`RecordEntity::Meeting`].
    Meeting(MeetingFields),
    /// See [`RecordEntity::Opportunity`].
    Opportunity(OpportunityFields),
    /// See [`RecordEntity::Quote`].
    Quote(QuoteFields),
    /// See [`RecordEntity::Segment`].
    Segment(SegmentFields),
}

impl RecordFields {
    /// The entity these fields belong to.
    pub fn entity(&self) -> RecordEntity {
        match self {
            Self::Party(_) => RecordEntity::Party,
            Self::Person(_) => RecordEntity::Person,
            Self::Action(_) => RecordEntity::Action,
            Self::ActionReply(_) => RecordEntity::ActionReply,
            Self::Todo(_) => RecordEntity::Todo,
            Self::Campaign(_) => RecordEntity::Campaign,
            Self::Meeting(_) => RecordEntity::Meeting,
            Self::Opportunity(_) => RecordEntity::Opportunity,
            Self::Quote(_) => RecordEntity::Quote,
            Self::Segment(_) => RecordEntity::Segment,
        }
    }

    /// Reads the `fields` object of `entity`, strictly (unknown fields refused).
    fn read(entity: RecordEntity, fields: Value) -> Result<Self, RecordError> {
        let shape = |source: serde_json::Error| RecordError::Shape {
            entity,
            message: source.to_string(),
        };
        Ok(match entity {
            RecordEntity::Party => Self::Party(serde_json::from_value(fields).map_err(shape)?),
            RecordEntity::Person => Self::Person(serde_json::from_value(fields).map_err(shape)?),
            RecordEntity::Action => Self::Action(serde_json::from_value(fields).map_err(shape)?),
            RecordEntity::ActionReply => {
                Self::ActionReply(serde_json::from_value(fields).map_err(shape)?)
            }
            RecordEntity::Todo => Self::Todo(serde_json::from_value(fields).map_err(shape)?),
            RecordEntity::Campaign => {
                Self::Campaign(serde_json::from_value(fields).map_err(shape)?)
            }
            RecordEntity::Meeting => Self::Meeting(serde_json::from_value(fields).map_err(shape)?),
            RecordEntity::Opportunity => {
                Self::Opportunity(serde_json::from_value(fields).map_err(shape)?)
            }
            RecordEntity::Quote => Self::Quote(serde_json::from_value(fields).map_err(shape)?),
            RecordEntity::Segment => Self::Segment(serde_json::from_value(fields).map_err(shape)?),
        })
    }

    /// The fields as their wire object (absent fields left out, cleared ones `null`).
    fn to_value(&self) -> Value {
        let value = match self {
            Self::Party(f) => serde_json::to_value(f),
            Self::Person(f) => serde_json::to_value(f),
            Self::Action(f) => serde_json::to_value(f),
            Self::ActionReply(f) => serde_json::to_value(f),
            Self::Todo(f) => serde_json::to_value(f),
            Self::Campaign(f) => serde_json::to_value(f),
            Self::Meeting(f) => serde_json::to_value(f),
            Self::Opportunity(f) => serde_json::to_value(f),
            Self::Quote(f) => serde_json::to_value(f),
            Self::Segment(f) => serde_json::to_value(f),
        };
        // Invariant: the field structs hold strings, numbers, dates and enums only, which
        // serde_json always represents.
        value.expect("record fields always serialise")
    }

    /// The rules of one entity's fields, checked for `op`.
    fn check(&self, op: RecordOp) -> Result<(), RecordError> {
        let entity = self.entity();
        let rules = match self {
            Self::Party(f) => f.rules(),
            Self::Person(f) => f.rules(),
            Self::Action(f) => f.rules(),
            Self::ActionReply(f) => f.rules(),
            Self::Todo(f) => f.rules(),
            Self::Campaign(f) => f.rules(),
            Self::Meeting(f) => f.rules(),
            Self::Opportunity(f) => f.rules(),
            Self::Quote(f) => f.rules(),
            Self::Segment(f) => f.rules(),
        };
        rules.check(entity, op)
    }
}

/// A checked record change: the payload of an `RC` file.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordChange {
    /// The record's id: a ULID minted where the record was created.
    pub id: String,
    /// What happens to the record.
    pub op: RecordOp,
    /// Its fields (all absent for a delete).
    pub fields: RecordFields,
}

impl RecordChange {
    /// The entity of the record.
    pub fn entity(&self) -> RecordEntity {
        self.fields.entity()
    }

    /// The payload as it is written in a change file.
    pub fn to_payload(&self) -> Value {
        let mut payload = Map::new();
        payload.insert("entity".into(), Value::from(self.entity().code()));
        payload.insert(
            "op".into(),
            serde_json::to_value(self.op).expect("an op is a string"),
        );
        payload.insert("id".into(), Value::from(self.id.clone()));
        if self.op != RecordOp::Delete {
            payload.insert("fields".into(), self.fields.to_value());
        }
        Value::Object(payload)
    }
}

/// The payload's outer shape, before its fields are typed by entity.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecord {
    entity: String,
    op: RecordOp,
    id: String,
    #[serde(default)]
    fields: Option<Value>,
}

/// Reads and checks a record change's payload: the shape, the entity's fields, the rules
/// of its operation. Everything a file can answer alone; the rest is the integrator's.
pub fn parse_record(payload: &Value) -> Result<RecordChange, RecordError> {
    let raw: RawRecord =
        serde_json::from_value(payload.clone()).map_err(|source| RecordError::Envelope {
            message: source.to_string(),
        })?;
    let entity = RecordEntity::from_code(&raw.entity)
        .ok_or_else(|| RecordError::UnknownEntity(raw.entity.clone()))?;
    if !is_valid_ulid(&raw.id) {
        return Err(RecordError::BadId(raw.id));
    }
    let fields = match (raw.op, raw.fields) {
        (RecordOp::Delete, Some(_)) => return Err(RecordError::FieldsOnDelete { entity }),
        (RecordOp::Delete, None) => Value::Object(Map::new()),
        (_, None) => return Err(RecordError::NoFields { entity }),
        (_, Some(fields)) => fields,
    };
    let fields = RecordFields::read(entity, fields)?;
    fields.check(raw.op)?;
    Ok(RecordChange {
        id: raw.id,
        op: raw.op,
        fields,
    })
}
