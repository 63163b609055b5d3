//! The change-file envelope and its payloads: the six of sync-spec v1 and the generic
//! record change of v2 (`RC`, section 12 of `sync-spec/README.md`).
//!
//! These types *are* the wire format: serde derives map them one to one onto the JSON
//! Schemas in `sync-spec/schemas/`. Unknown fields are refused everywhere, so a
//! typo on a laptop is a schema error on the server instead of a silently lost value.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// The spec version of the six v1 types (VC, MC, CP, MP, VP, CC), which they keep byte for
/// byte; a record change (`RC`) says [`crate::RECORD_SPEC_VERSION`] instead.
pub const SPEC_VERSION: u32 = 1;

/// The kind of change a file carries; also the first two letters of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ChangeType {
    /// Visit to a client: becomes a `client_relation` row.
    VC,
    /// Client modification: field changes for the accountant, and/or the rep's own
    /// revisit date and fleet, applied directly.
    MC,
    /// Creation of a prospect.
    CP,
    /// Modification or deletion of a prospect.
    MP,
    /// Visit to a prospect.
    VP,
    /// Request to convert a prospect into a client (validated by the accountant).
    CC,
    /// A record change (sync-spec v2): a party, person, action, reply or todo created,
    /// updated or deleted. The only type of spec 2.
    RC,
}

impl ChangeType {
    /// All types, in the order the spec lists them.
    pub const ALL: [ChangeType; 7] = [
        Self::VC,
        Self::MC,
        Self::CP,
        Self::MP,
        Self::VP,
        Self::CC,
        Self::RC,
    ];

    /// The two-letter code used in file names and in the envelope's `type`.
    pub fn code(self) -> &'static str {
        match self {
            Self::VC => "VC",
            Self::MC => "MC",
            Self::CP => "CP",
            Self::MP => "MP",
            Self::VP => "VP",
            Self::CC => "CC",
            Self::RC => "RC",
        }
    }

    /// The `spec` a file of this type carries: 1 for the six v1 types, 2 for `RC`. A file
    /// saying another version for its type is refused (`unsupported_spec`), so a v1 type
    /// cannot drift to spec 2 nor a record change pass as spec 1.
    pub fn spec(self) -> u32 {
        match self {
            Self::RC => crate::record::RECORD_SPEC_VERSION,
            Self::VC | Self::MC | Self::CP | Self::MP | Self::VP | Self::CC => SPEC_VERSION,
        }
    }

    /// Parses a two-letter code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }
}

pub use tournee_core::{Answer, Contact, FieldValues, FormAnswers};

use crate::record::RecordChange;

/// The JSON object every change file holds.
///
/// On the wire the body is split into `type` (the two-letter code) and `payload`
/// (an object whose shape depends on the type), next to the envelope fields:
/// `{"spec":1,"type":"VC","change_id":…,"user":…,"device":…,"created_at":…,"payload":{…}}`.
/// Reading happens in two steps (see [`crate::parse`]) so that an unknown type and a
/// malformed payload are reported as different errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// Spec version the writer followed; readers refuse versions they do not know.
    pub spec: u32,
    /// Change id: the ULID that also ends the file name. Integration is keyed by it.
    pub change_id: String,
    /// Windows / OS user name of the rep, as in the user mapping and the file name.
    pub user: String,
    /// Free identifier of the laptop that wrote the file (host name or enrolled device id).
    pub device: String,
    /// Wall-clock time of the laptop when the rep validated, with its UTC offset.
    pub created_at: DateTime<FixedOffset>,
    /// The change itself.
    pub body: ChangeBody,
}

impl Envelope {
    /// A new change with a fresh change id (greater than the ones this process made before) and its type's spec version, as a laptop makes
    /// one when the rep validates; `created_at` is the laptop's clock with its UTC offset.
    pub fn new(
        user: impl Into<String>,
        device: impl Into<String>,
        created_at: DateTime<FixedOffset>,
        body: ChangeBody,
    ) -> Self {
        Self {
            spec: body.change_type().spec(),
            change_id: crate::new_change_id(),
            user: user.into(),
            device: device.into(),
            created_at,
            body,
        }
    }

    /// The change type carried by the body.
    pub fn change_type(&self) -> ChangeType {
        self.body.change_type()
    }
}

/// The envelope as it stands in JSON, payload still untyped.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEnvelope {
    /// See [`Envelope::spec`].
    pub spec: u32,
    /// Two-letter type code, kept as text so an unknown code is its own error.
    #[serde(rename = "type")]
    pub change_type: String,
    /// See [`Envelope::change_id`].
    pub change_id: String,
    /// See [`Envelope::user`].
    pub user: String,
    /// See [`Envelope::device`].
    pub device: String,
    /// See [`Envelope::created_at`].
    pub created_at: DateTime<FixedOffset>,
    /// Type-specific object.
    pub payload: serde_json::Value,
}

/// The typed payload of a change.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeBody {
    /// See [`ChangeType::VC`].
    VC(ClientVisit),
    /// See [`ChangeType::MC`].
    MC(ClientModification),
    /// See [`ChangeType::CP`].
    CP(ProspectCreation),
    /// See [`ChangeType::MP`].
    MP(ProspectModification),
    /// See [`ChangeType::VP`].
    VP(ProspectVisit),
    /// See [`ChangeType::CC`].
    CC(ClientCreationRequest),
    /// See [`ChangeType::RC`]: read and checked by [`crate::parse_record`]. Boxed: a
    /// record's typed fields are several times larger than any v1 payload.
    RC(Box<RecordChange>),
}

impl ChangeBody {
    /// The change type of this body.
    pub fn change_type(&self) -> ChangeType {
        match self {
            Self::VC(_) => ChangeType::VC,
            Self::MC(_) => ChangeType::MC,
            Self::CP(_) => ChangeType::CP,
            Self::MP(_) => ChangeType::MP,
            Self::VP(_) => ChangeType::VP,
            Self::CC(_) => ChangeType::CC,
            Self::RC(_) => ChangeType::RC,
        }
    }
}

/// What the rep records about one visit, whatever was visited (VC and VP share it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitReport {
    /// Day of the visit (local to the rep): never after `created_at`'s date, never
    /// more than the configured bound before it. Read strictly (`YYYY-MM-DD`).
    #[serde(deserialize_with = "tournee_core::iso_date::deserialize")]
    pub visit_date: NaiveDate,
    /// Time of the visit, `HH:MM` (annex 1 `heure_relation`).
    pub visit_time: String,
    /// Free comment; may be empty.
    pub comment: String,
    /// Answers to the visit form tree in force on the laptop.
    #[serde(default)]
    pub answers: FormAnswers,
}

/// VC payload: `{"client_code": …, "visit": {VisitReport}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientVisit {
    /// ERP client code (`c_client`).
    pub client_code: String,
    /// The visit itself.
    pub visit: VisitReport,
}

/// One requested field change: the accountant sees the old and the new value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldChange {
    /// ERP column name from the field profile.
    pub field: String,
    /// Value the rep saw in the snapshot (empty when none).
    pub old: String,
    /// Value the rep asks for.
    pub new: String,
}

/// MC payload: at least one of `changes`, `revisit`, `fleet` is present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientModification {
    /// ERP client code.
    pub client_code: String,
    /// Changes for the accountant to apply in the ERP (mail + `client_relation` row).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
    /// New revisit date ("date de revoir"), set directly by the rep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revisit: Option<RevisitChange>,
    /// Fleet ("type de parc"): vehicle count per fleet type; replaces the previous fleet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fleet: Option<BTreeMap<String, u32>>,
}

/// The rep's revisit date for a client; `date: null` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisitChange {
    /// The day the rep wants to see the client again (`YYYY-MM-DD`, read strictly).
    #[serde(deserialize_with = "tournee_core::iso_date::deserialize_option")]
    pub date: Option<NaiveDate>,
}

/// CP payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProspectCreation {
    /// ULID generated on the laptop; identifies the prospect everywhere.
    pub prospect_id: String,
    /// Profile values; only `nom_client` is mandatory.
    pub fields: FieldValues,
    /// People to reach.
    #[serde(default)]
    pub contacts: Vec<Contact>,
}

/// What an MP does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProspectOperation {
    /// Set (or clear with `null`) the given fields; last writer by `created_at` wins per field.
    Update,
    /// Delete the prospect (creator or assignee only); `fields` and `contacts` must be absent.
    Delete,
}

/// MP payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProspectModification {
    /// The prospect concerned.
    pub prospect_id: String,
    /// Update or delete.
    pub op: ProspectOperation,
    /// Fields to change (update only).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: FieldValues,
    /// Replaces the contact list when present (update only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<Contact>>,
}

/// VP payload: `{"prospect_id": …, "visit": {VisitReport}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProspectVisit {
    /// The prospect visited.
    pub prospect_id: String,
    /// The visit itself.
    pub visit: VisitReport,
}

/// The client's signature captured on the laptop (mandatory for payment mode `LD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Always `image/png` in v1.
    pub media_type: String,
    /// The image, standard base64.
    pub data_base64: String,
}

/// CC payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientCreationRequest {
    /// The prospect to convert.
    pub prospect_id: String,
    /// Complete annex-2 values; every field mandatory for conversion must be set.
    pub fields: FieldValues,
    /// Signature, required when `c_mod_rgl_1` is `LD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

impl Envelope {
    /// The name this change is published under.
    pub fn file_name(&self) -> crate::name::FileName {
        crate::name::FileName {
            change_type: self.change_type(),
            user: self.user.clone(),
            change_id: self.change_id.clone(),
        }
    }

    /// The JSON bytes of the file, pretty-printed (files are small; readability helps support).
    pub fn to_json_pretty(&self) -> Vec<u8> {
        // Invariant: every wire type is plain structs, strings, numbers, dates and maps
        // keyed by `String`, whose derived `Serialize` cannot fail; serde_json only fails on
        // non-string map keys or on a failing custom `Serialize`, and there are none.
        serde_json::to_vec_pretty(&self.to_raw()).expect("wire types always serialise")
    }

    /// The envelope with its payload as untyped JSON, the form that goes on the wire.
    pub fn to_raw(&self) -> RawEnvelope {
        // Invariant: see `to_json_pretty`.
        let payload = match &self.body {
            ChangeBody::VC(p) => serde_json::to_value(p),
            ChangeBody::MC(p) => serde_json::to_value(p),
            ChangeBody::CP(p) => serde_json::to_value(p),
            ChangeBody::MP(p) => serde_json::to_value(p),
            ChangeBody::VP(p) => serde_json::to_value(p),
            ChangeBody::CC(p) => serde_json::to_value(p),
            ChangeBody::RC(p) => Ok(p.to_payload()),
        }
        .expect("payload types always serialise");
        RawEnvelope {
            spec: self.spec,
            change_type: self.change_type().code().to_string(),
            change_id: self.change_id.clone(),
            user: self.user.clone(),
            device: self.device.clone(),
            created_at: self.created_at,
            payload,
        }
    }
}
