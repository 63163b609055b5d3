//! What exactly was wrong with a refused file: a stable code and the values its sentence
//! names, never the sentence. The server's catalogue words it for the back office, the
//! mails and the `failed/` reports; the app's catalogues word it for the rep.
//!
//! On the wire and in the master database a detail is a JSON object whose `code` names
//! the variant and whose other members are its values (`{"code": "oversized", "size":
//! 2000000, "max": 1048576}`); a reader that does not know a code falls back to the
//! sentence sent beside it. `Display` is a short English line for the logs.

use serde::{Deserialize, Serialize};
use tournee_core::DomainError;

use crate::name::NameError;

/// The detail of a refusal, by kind, with its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Detail {
    /// The name is not of the form `<TYPE>_<user>_<ULID>.json`.
    NameShape {
        /// The name as delivered.
        name: String,
    },
    /// The name's first two letters are not one of the six types.
    NameType {
        /// The two letters.
        type_code: String,
    },
    /// The name's user part is empty, too long or has a forbidden character.
    NameUser {
        /// The user part.
        user: String,
    },
    /// The name's id part is not an upper-case ULID.
    NameChangeId {
        /// The id part.
        change_id: String,
    },
    /// Larger than the limit.
    Oversized {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// The device signature names a key that cannot be read.
    SignatureKeyUnreadable,
    /// The device signature itself cannot be read.
    SignatureUnreadable,
    /// The device signature does not match the bytes (modified file?).
    SignatureMismatch,
    /// The file starts with a byte order mark.
    Bom,
    /// Not UTF-8.
    NotUtf8 {
        /// The decoder's words (English).
        error: String,
    },
    /// Not JSON.
    JsonSyntax {
        /// The parser's words (English).
        error: String,
    },
    /// JSON, but not an object.
    NotAnObject,
    /// A key twice in one object.
    DuplicateKey {
        /// The key.
        key: String,
        /// Its second occurrence's line.
        line: usize,
        /// Its second occurrence's column.
        column: usize,
    },
    /// A `spec` version this reader does not know.
    UnsupportedSpec {
        /// The file's version.
        version: u64,
        /// The version this reader knows.
        expected: u32,
    },
    /// The envelope does not fit its schema.
    Envelope {
        /// The parser's words (English).
        error: String,
    },
    /// An id that must be a ULID is not one.
    NotUlid {
        /// `change_id` or `prospect_id`.
        field: String,
        /// The value given.
        value: String,
    },
    /// The body's `type` is not one of the six.
    UnknownType {
        /// The type given.
        type_code: String,
    },
    /// The payload does not fit its type's schema.
    Payload {
        /// The type (`VC`…).
        type_code: String,
        /// The parser's words (English).
        error: String,
    },
    /// An MC with neither `changes`, `revisit` nor `fleet`.
    EmptyClientChange,
    /// An MP delete that carries fields or contacts.
    DeleteWithContent,
    /// An MP update without fields or contacts.
    UpdateWithoutContent,
    /// A visit time that is not `HH:MM`.
    VisitTime {
        /// The time given.
        value: String,
    },
    /// Name and body disagree on the type.
    MismatchType {
        /// In the name.
        in_name: String,
        /// In the body.
        in_body: String,
    },
    /// Name and body disagree on the user.
    MismatchUser {
        /// In the name.
        in_name: String,
        /// In the body.
        in_body: String,
    },
    /// Name and body disagree on the change id.
    MismatchChangeId {
        /// In the name.
        in_name: String,
        /// In the body.
        in_body: String,
    },
    /// The file is in one user's name but arrived in another's folder.
    ForeignFolder {
        /// The user in the file.
        user: String,
        /// The folder's owner.
        folder: String,
    },
    /// The devices could not be read (the master database failed).
    DevicesUnreadable {
        /// The database's words (English).
        error: String,
    },
    /// A user with an enrolled device sent an unsigned file.
    Unsigned {
        /// The user.
        user: String,
    },
    /// No enrolled device has that id.
    UnknownDevice {
        /// The device id.
        device: String,
    },
    /// The device is another user's.
    ForeignDevice {
        /// The device id.
        device: String,
        /// The file's user.
        user: String,
    },
    /// The key is not the device's.
    DeviceKey {
        /// The device id.
        device: String,
    },
    /// The device was revoked.
    RevokedDevice {
        /// The device id.
        device: String,
        /// When (RFC 3339).
        at: String,
    },
    /// The user is not in the mapping.
    UnknownUser {
        /// The user.
        user: String,
    },
    /// The user is in the mapping but inactive.
    InactiveUser {
        /// The user.
        user: String,
    },
    /// `created_at` later than the arrival allows.
    FileFromFuture {
        /// The file's `created_at` as written.
        created_at: String,
        /// The arrival (`%d/%m/%Y %H:%M UTC`).
        arrival: String,
    },
    /// `created_at` longer before the arrival than a laptop may stay offline.
    StaleFile {
        /// The file's `created_at` (`%d/%m/%Y %H:%M`).
        created_at: String,
        /// The arrival (`%d/%m/%Y %H:%M UTC`).
        arrival: String,
        /// `max_offline_days`.
        days: u32,
    },
    /// Rules of the domain broken (the first decides the reason).
    Rules {
        /// Each broken rule, worded by the side that shows it.
        problems: Vec<DomainError>,
    },
    /// A value of the change could not be stored as JSON.
    Unstorable {
        /// The encoder's words (English).
        error: String,
    },
    /// The client is no longer active.
    InactiveClient {
        /// The client code.
        client: String,
    },
    /// No client has that code.
    UnknownClient {
        /// The client code.
        client: String,
    },
    /// A revisit date or fleet for a client of another rep's portfolio.
    NotPortfolioClient {
        /// The client code.
        client: String,
        /// The portfolio owner's ERP code.
        owner: String,
        /// The writer's login.
        user: String,
        /// The writer's ERP code.
        erp_code: String,
    },
    /// The prospect is neither created by nor assigned to the writer.
    NotOwner {
        /// The prospect id.
        prospect: String,
        /// Its creator.
        created_by: String,
        /// Its assignee.
        assignee: String,
    },
    /// The prospect was deleted.
    ProspectDeleted {
        /// The prospect id.
        prospect: String,
    },
    /// The prospect became a client.
    ProspectConverted {
        /// The prospect id.
        prospect: String,
    },
    /// A CP whose prospect id exists.
    ProspectExists {
        /// The prospect id.
        prospect: String,
    },
    /// A CC while a request is already pending.
    ConversionPending {
        /// The prospect id.
        prospect: String,
    },
    /// An MP that clears the prospect's name.
    ProspectNameCleared,
    /// An MP that blanks the prospect's name.
    ProspectNameBlank,
    /// A signature that is not a PNG by its media type.
    SignatureMediaType {
        /// The media type given.
        media_type: String,
    },
    /// A signature whose base64 cannot be read.
    SignatureBase64 {
        /// The decoder's words (English).
        error: String,
    },
    /// A signature whose bytes are not a PNG.
    SignatureNotPng,
    /// A parked file whose prospect never arrived.
    ProspectNeverArrived {
        /// The prospect id.
        prospect: String,
        /// `parked_max_days`.
        days: u32,
    },
    /// A known `spec` that is not its type's (a v1 type with 2, a record change with 1).
    SpecOfType {
        /// The type (`VC`, `RC`…).
        type_code: String,
        /// The file's version.
        version: u64,
        /// The version of that type.
        expected: u32,
    },
    /// A record change whose `entity` is not one of the record entities.
    UnknownEntity {
        /// The entity given.
        entity: String,
    },
    /// A record creation or update without `fields`.
    RecordWithoutFields {
        /// The entity.
        entity: String,
    },
    /// A record deletion that carries `fields`.
    RecordDeleteWithFields {
        /// The entity.
        entity: String,
    },
    /// A record change's fields do not fit the entity's (unknown field, wrong type).
    RecordFields {
        /// The entity.
        entity: String,
        /// The parser's words (English; they name the field).
        error: String,
    },
    /// A record update that changes no field.
    RecordEmptyUpdate {
        /// The entity.
        entity: String,
    },
    /// The policy does not let the writer write this record.
    RecordNotAllowed {
        /// The entity.
        entity: String,
        /// The record's id.
        id: String,
        /// The writer.
        user: String,
        /// The policy's reason code (`not_owner`, `no_access`…).
        refusal: String,
    },
    /// A change to a record that was deleted (its values are kept in the history).
    RecordDeleted {
        /// The deleted record's entity (the record itself or one it names).
        entity: String,
        /// Its id.
        id: String,
    },
    /// A creation for a record id that exists already.
    RecordExists {
        /// The entity.
        entity: String,
        /// The id.
        id: String,
    },
    /// A parked record change whose awaited record never arrived.
    ParentNeverArrived {
        /// The awaited record's entity.
        entity: String,
        /// Its id.
        id: String,
        /// `parked_max_days`.
        days: u32,
    },
    /// An action whose type is not among the admin's action types.
    UnknownActionType {
        /// The action's id.
        id: String,
        /// The type code it carries.
        action_type: String,
    },
    /// A field of a linked party that its ERP client or prospect owns (sync-spec §12).
    LinkedPartyField {
        /// The party's id.
        id: String,
        /// The field.
        field: String,
    },
    /// The deletion of a party linked to an ERP client or a prospect.
    LinkedPartyDelete {
        /// The party's id.
        id: String,
    },
    /// A party created with an id of the range reserved for linked parties.
    ReservedPartyId {
        /// The id.
        id: String,
    },
    /// An opportunity's creation or change that breaks a rule of its pipeline
    /// (`tournee_core::opportunity`: a stage skipped, a change to a closed opportunity…).
    OpportunityRule {
        /// The opportunity's id.
        id: String,
        /// The rule's code (`opportunity_stage_skipped`…), which each catalogue words.
        rule: String,
        /// The field concerned (`stage`, `status`, `loss_reason`, `pipeline`).
        field: String,
    },
    /// A quote's creation or change that breaks its lifecycle (`tournee_core::QuoteRule`:
    /// a status moved back, a change to an accepted quote…).
    QuoteRule {
        /// The quote's id.
        id: String,
        /// The rule's code (`quote_status_move`…), which each catalogue words.
        rule: String,
        /// The field concerned (`status`, or the field a change to a closed quote touched).
        field: String,
    },
    /// A take of a pool lead (issue 15: a party update setting only `owner` to the writer)
    /// integrated after someone else's: the first take wins (docs/policy.md, « the pool »).
    AlreadyTaken {
        /// The party's id.
        id: String,
        /// Who took it first (login): the field concerned is `owner`.
        owner: String,
    },
}

impl Detail {
    /// Every detail's code, in the order of the variants (what catalogues are tested against).
    pub const CODES: [&'static str; 69] = [
        "name_shape",
        "name_type",
        "name_user",
        "name_change_id",
        "oversized",
        "signature_key_unreadable",
        "signature_unreadable",
        "signature_mismatch",
        "bom",
        "not_utf8",
        "json_syntax",
        "not_an_object",
        "duplicate_key",
        "unsupported_spec",
        "envelope",
        "not_ulid",
        "unknown_type",
        "payload",
        "empty_client_change",
        "delete_with_content",
        "update_without_content",
        "visit_time",
        "mismatch_type",
        "mismatch_user",
        "mismatch_change_id",
        "foreign_folder",
        "devices_unreadable",
        "unsigned",
        "unknown_device",
        "foreign_device",
        "device_key",
        "revoked_device",
        "unknown_user",
        "inactive_user",
        "file_from_future",
        "stale_file",
        "rules",
        "unstorable",
        "inactive_client",
        "unknown_client",
        "not_portfolio_client",
        "not_owner",
        "prospect_deleted",
        "prospect_converted",
        "prospect_exists",
        "conversion_pending",
        "prospect_name_cleared",
        "prospect_name_blank",
        "signature_media_type",
        "signature_base64",
        "signature_not_png",
        "prospect_never_arrived",
        "spec_of_type",
        "unknown_entity",
        "record_without_fields",
        "record_delete_with_fields",
        "record_fields",
        "record_empty_update",
        "record_not_allowed",
        "record_deleted",
        "record_exists",
        "parent_never_arrived",
        "unknown_action_type",
        "linked_party_field",
        "linked_party_delete",
        "reserved_party_id",
        "opportunity_rule",
        "quote_rule",
        "already_taken",
    ];

    /// The stable code (the `code` member of its JSON, so the serde attributes are the one
    /// place codes are written). Every variant's tag is in [`Detail::CODES`] (the test
    /// `every_code_is_its_json_tag_and_every_value_has_a_name` holds it), so `unknown` is
    /// never returned.
    pub fn code(&self) -> &'static str {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map
                .get("code")
                .and_then(serde_json::Value::as_str)
                .and_then(|code| Self::CODES.into_iter().find(|known| *known == code))
                .unwrap_or("unknown"),
            _ => "unknown",
        }
    }

    /// The values its sentence names, by name, as text (a [`Detail::Rules`] has none:
    /// its problems are worded one by one).
    pub fn values(&self) -> Vec<(&'static str, String)> {
        let Ok(serde_json::Value::Object(map)) = serde_json::to_value(self) else {
            return Vec::new();
        };
        map.into_iter()
            .filter(|(name, _)| name != "code" && name != "problems")
            .filter_map(|(name, value)| {
                let name = VALUE_NAMES.into_iter().find(|known| *known == name)?;
                let text = match value {
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                Some((name, text))
            })
            .collect()
    }

    /// The detail in JSON, as stored and sent.
    pub fn to_json(&self) -> String {
        // Invariant: a Detail holds only strings, numbers and domain errors, which serialize;
        // a failure would be a bug in a Serialize derive, not an input to hide as "".
        serde_json::to_string(self).expect("a Detail always serializes")
    }

    /// A detail from its JSON, if this build knows its code.
    pub fn from_json(json: &str) -> Option<Self> {
        serde_json::from_str(json).ok()
    }
}

/// Every value name a detail uses (so [`Detail::values`] can give `&'static str` names).
const VALUE_NAMES: [&str; 34] = [
    "name",
    "type_code",
    "user",
    "change_id",
    "size",
    "max",
    "error",
    "key",
    "line",
    "column",
    "version",
    "expected",
    "field",
    "value",
    "in_name",
    "in_body",
    "folder",
    "device",
    "at",
    "created_at",
    "arrival",
    "days",
    "client",
    "owner",
    "erp_code",
    "prospect",
    "created_by",
    "assignee",
    "media_type",
    "entity",
    "id",
    "refusal",
    "action_type",
    "rule",
];

impl From<NameError> for Detail {
    fn from(error: NameError) -> Self {
        match error {
            NameError::Shape(name) => Self::NameShape { name },
            NameError::UnknownType(type_code) => Self::NameType { type_code },
            NameError::User(user) => Self::NameUser { user },
            NameError::ChangeId(change_id) => Self::NameChangeId { change_id },
        }
    }
}

impl From<Vec<DomainError>> for Detail {
    fn from(problems: Vec<DomainError>) -> Self {
        Self::Rules { problems }
    }
}

impl From<DomainError> for Detail {
    fn from(problem: DomainError) -> Self {
        Self::Rules {
            problems: vec![problem],
        }
    }
}

/// For logs: the code and the values, in English.
impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())?;
        if let Self::Rules { problems } = self {
            let codes: Vec<String> = problems
                .iter()
                .map(|p| format!("{} ({})", p.code(), p.field()))
                .collect();
            return write!(f, ": {}", codes.join(", "));
        }
        for (i, (name, value)) in self.values().into_iter().enumerate() {
            let separator = if i == 0 { ": " } else { ", " };
            write!(f, "{separator}{name}={value}")?;
        }
        Ok(())
    }
}

impl Detail {
    /// One detail of each kind in the order of [`Detail::CODES`], every value filled in:
    /// what the catalogues of both sides test their sentences with.
    pub fn one_of_each() -> Vec<Detail> {
        let s = |text: &str| text.to_string();
        vec![
            Detail::NameShape { name: s("n") },
            Detail::NameType { type_code: s("XX") },
            Detail::NameUser { user: s("a/b") },
            Detail::NameChangeId { change_id: s("x") },
            Detail::Oversized { size: 2, max: 1 },
            Detail::SignatureKeyUnreadable,
            Detail::SignatureUnreadable,
            Detail::SignatureMismatch,
            Detail::Bom,
            Detail::NotUtf8 { error: s("e") },
            Detail::JsonSyntax { error: s("e") },
            Detail::NotAnObject,
            Detail::DuplicateKey {
                key: s("k"),
                line: 1,
                column: 2,
            },
            Detail::UnsupportedSpec {
                version: 2,
                expected: 1,
            },
            Detail::Envelope { error: s("e") },
            Detail::NotUlid {
                field: s("change_id"),
                value: s("v"),
            },
            Detail::UnknownType { type_code: s("ZZ") },
            Detail::Payload {
                type_code: s("VC"),
                error: s("e"),
            },
            Detail::EmptyClientChange,
            Detail::DeleteWithContent,
            Detail::UpdateWithoutContent,
            Detail::VisitTime { value: s("25:00") },
            Detail::MismatchType {
                in_name: s("VC"),
                in_body: s("VP"),
            },
            Detail::MismatchUser {
                in_name: s("a"),
                in_body: s("b"),
            },
            Detail::MismatchChangeId {
                in_name: s("a"),
                in_body: s("b"),
            },
            Detail::ForeignFolder {
                user: s("a"),
                folder: s("b"),
            },
            Detail::DevicesUnreadable { error: s("e") },
            Detail::Unsigned { user: s("u") },
            Detail::UnknownDevice { device: s("d") },
            Detail::ForeignDevice {
                device: s("d"),
                user: s("u"),
            },
            Detail::DeviceKey { device: s("d") },
            Detail::RevokedDevice {
                device: s("d"),
                at: s("t"),
            },
            Detail::UnknownUser { user: s("u") },
            Detail::InactiveUser { user: s("u") },
            Detail::FileFromFuture {
                created_at: s("c"),
                arrival: s("a"),
            },
            Detail::StaleFile {
                created_at: s("c"),
                arrival: s("a"),
                days: 45,
            },
            Detail::Rules {
                problems: vec![DomainError::Missing {
                    field: s("nom_client"),
                }],
            },
            Detail::Unstorable { error: s("e") },
            Detail::InactiveClient { client: s("C1") },
            Detail::UnknownClient { client: s("C1") },
            Detail::NotPortfolioClient {
                client: s("C1"),
                owner: s("O"),
                user: s("u"),
                erp_code: s("U"),
            },
            Detail::NotOwner {
                prospect: s("p"),
                created_by: s("a"),
                assignee: s("b"),
            },
            Detail::ProspectDeleted { prospect: s("p") },
            Detail::ProspectConverted { prospect: s("p") },
            Detail::ProspectExists { prospect: s("p") },
            Detail::ConversionPending { prospect: s("p") },
            Detail::ProspectNameCleared,
            Detail::ProspectNameBlank,
            Detail::SignatureMediaType {
                media_type: s("image/gif"),
            },
            Detail::SignatureBase64 { error: s("e") },
            Detail::SignatureNotPng,
            Detail::ProspectNeverArrived {
                prospect: s("p"),
                days: 30,
            },
            Detail::SpecOfType {
                type_code: s("VC"),
                version: 2,
                expected: 1,
            },
            Detail::UnknownEntity {
                entity: s("invoice"),
            },
            Detail::RecordWithoutFields { entity: s("party") },
            Detail::RecordDeleteWithFields { entity: s("todo") },
            Detail::RecordFields {
                entity: s("person"),
                error: s("e"),
            },
            Detail::RecordEmptyUpdate {
                entity: s("action"),
            },
            Detail::RecordNotAllowed {
                entity: s("party"),
                id: s("r"),
                user: s("u"),
                refusal: s("not_owner"),
            },
            Detail::RecordDeleted {
                entity: s("party"),
                id: s("r"),
            },
            Detail::RecordExists {
                entity: s("todo"),
                id: s("r"),
            },
            Detail::ParentNeverArrived {
                entity: s("action"),
                id: s("r"),
                days: 30,
            },
            Detail::UnknownActionType {
                id: s("r"),
                action_type: s("fax"),
            },
            Detail::LinkedPartyField {
                id: s("r"),
                field: s("phone"),
            },
            Detail::LinkedPartyDelete { id: s("r") },
            Detail::ReservedPartyId { id: s("r") },
            Detail::OpportunityRule {
                id: s("r"),
                rule: s("opportunity_stage_skipped"),
                field: s("stage"),
            },
            Detail::QuoteRule {
                id: s("r"),
                rule: s("quote_status_move"),
                field: s("status"),
            },
            Detail::AlreadyTaken {
                id: s("r"),
                owner: s("u"),
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_its_json_tag_and_every_value_has_a_name() {
        let details = Detail::one_of_each();
        let codes: Vec<&str> = details.iter().map(Detail::code).collect();
        assert_eq!(codes, Detail::CODES.to_vec());
        for detail in &details {
            let json: serde_json::Value = serde_json::from_str(&detail.to_json()).unwrap();
            let members = json.as_object().unwrap().len() - 1;
            let named = match detail {
                Detail::Rules { .. } => 1,
                _ => detail.values().len(),
            };
            assert_eq!(members, named, "{detail}: a value without a name");
            assert_eq!(Detail::from_json(&detail.to_json()).as_ref(), Some(detail));
        }
    }

    #[test]
    fn a_detail_reads_as_a_code_with_values_and_an_unknown_code_is_none() {
        let detail = Detail::Oversized {
            size: 2000,
            max: 1000,
        };
        assert_eq!(
            detail.to_json(),
            r#"{"code":"oversized","size":2000,"max":1000}"#
        );
        assert_eq!(detail.to_string(), "oversized: max=1000, size=2000");
        assert_eq!(Detail::from_json(r#"{"code":"from_spec_2"}"#), None);
        let rules = Detail::from(DomainError::Missing {
            field: "nom_client".into(),
        });
        assert_eq!(
            rules.to_json(),
            r#"{"code":"rules","problems":[{"rule":"missing_mandatory","field":"nom_client"}]}"#
        );
    }
}
