//! Why a change file is refused: the stable reason codes of sync-spec v1, and those that
//! record changes (v2, section 12) added.

use serde::{Deserialize, Serialize};

use crate::detail::Detail;

/// A reason code; `code()` is the exact snake_case string of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// The file name is not `<TYPE>_<user>_<ULID>.json`.
    BadName,
    /// The body's `type` is not one of the six.
    UnknownType,
    /// The file is larger than the limit.
    Oversized,
    /// Not UTF-8 JSON (or a BOM).
    BadJson,
    /// `spec` is not a version this reader knows.
    UnsupportedSpec,
    /// The JSON does not match the schema of its type.
    Schema,
    /// Name and body disagree on type, user or change id.
    NameMismatch,
    /// The user in the file does not own the inbox folder it arrived in.
    ForeignFolder,
    /// The user is not in the mapping, or inactive.
    UnknownUser,
    /// A visit dated after the day it was written, or a file from the future.
    FutureDate,
    /// A visit dated before the configured bound.
    DateOutOfBound,
    /// No active client with that code.
    UnknownClient,
    /// A field that is not in the profile.
    UnknownField,
    /// A field value that breaks its rule (length, format, IBAN, …).
    InvalidField,
    /// Visit form answers that do not fit the tree.
    InvalidAnswers,
    /// A mandatory field is missing.
    MissingMandatory,
    /// The prospect is neither created by nor assigned to the user.
    NotOwner,
    /// The prospect was deleted (or converted).
    ProspectDeleted,
    /// The prospect id, or a pending request, already exists.
    AlreadyExists,
    /// The prospect never arrived (parked too long).
    UnknownProspect,
    /// Payment mode LD without the client's signature.
    SignatureRequired,
    /// Payment mode not allowed for this category, or its due days changed.
    PaymentMode,
    /// The file's device signature does not match its bytes (tampered or corrupted).
    BadSignature,
    /// The user has enrolled a device, and this file carries no device signature.
    Unsigned,
    /// The signing device is not an enrolled device of this user, or it is revoked.
    UnknownDevice,
    /// The same key twice in one JSON object: readers keeping the first or the last
    /// occurrence would see two different changes under one signature.
    DuplicateKey,
    /// `created_at` is older than the server's first sight of the file minus the longest
    /// a laptop may stay offline: the laptop's clock, not the rep, dated it.
    StaleChange,
    /// A revisit date or fleet for a client outside the writer's portfolio: those belong
    /// to the client's portfolio owner.
    NotPortfolioClient,
    /// A record change waited longer than `parked_max_days` for a record it needs (its
    /// parent, or the record itself): that record never arrived (sync-spec §12).
    UnknownParent,
    /// The policy does not let the writer write this record (sync-spec §12).
    NotAllowed,
    /// A record change to a record that was deleted, or naming one: a deletion wins over
    /// every change integrated after it (sync-spec §12).
    RecordDeleted,
    /// An action whose type code is not one of the admin's action types (active or not:
    /// a type deactivated after the rep chose it offline is still accepted).
    UnknownActionType,
    /// A record change to what a party's link to an ERP client or a prospect owns: one of
    /// the fields copied from the client or the prospect, the deletion of a linked party,
    /// or a party created in the id range of the linked parties (sync-spec §12).
    LinkedParty,
    /// An opportunity created or changed against its pipeline's rules: a stage skipped,
    /// a change to a closed opportunity, a loss without a reason… (sync-spec §12).
    OpportunityRule,
    /// A quote created or changed against its lifecycle: created other than as a draft, a
    /// status moved back or past « sent », a change to an accepted or refused quote, or
    /// accepted while its opportunity is lost (sync-spec §12.1).
    QuoteRule,
}

impl RejectReason {
    /// Every reason, in the order of the spec.
    pub const ALL: [RejectReason; 35] = [
        Self::BadName,
        Self::UnknownType,
        Self::Oversized,
        Self::BadJson,
        Self::UnsupportedSpec,
        Self::Schema,
        Self::NameMismatch,
        Self::ForeignFolder,
        Self::UnknownUser,
        Self::FutureDate,
        Self::DateOutOfBound,
        Self::UnknownClient,
        Self::UnknownField,
        Self::InvalidField,
        Self::InvalidAnswers,
        Self::MissingMandatory,
        Self::NotOwner,
        Self::ProspectDeleted,
        Self::AlreadyExists,
        Self::UnknownProspect,
        Self::SignatureRequired,
        Self::PaymentMode,
        Self::BadSignature,
        Self::Unsigned,
        Self::UnknownDevice,
        Self::DuplicateKey,
        Self::StaleChange,
        Self::NotPortfolioClient,
        Self::UnknownParent,
        Self::NotAllowed,
        Self::RecordDeleted,
        Self::UnknownActionType,
        Self::LinkedParty,
        Self::OpportunityRule,
        Self::QuoteRule,
    ];

    /// The spec's code, e.g. `bad_json`.
    pub fn code(self) -> &'static str {
        match self {
            Self::BadName => "bad_name",
            Self::UnknownType => "unknown_type",
            Self::Oversized => "oversized",
            Self::BadJson => "bad_json",
            Self::UnsupportedSpec => "unsupported_spec",
            Self::Schema => "schema",
            Self::NameMismatch => "name_mismatch",
            Self::ForeignFolder => "foreign_folder",
            Self::UnknownUser => "unknown_user",
            Self::FutureDate => "future_date",
            Self::DateOutOfBound => "date_out_of_bound",
            Self::UnknownClient => "unknown_client",
            Self::UnknownField => "unknown_field",
            Self::InvalidField => "invalid_field",
            Self::InvalidAnswers => "invalid_answers",
            Self::MissingMandatory => "missing_mandatory",
            Self::NotOwner => "not_owner",
            Self::ProspectDeleted => "prospect_deleted",
            Self::AlreadyExists => "already_exists",
            Self::UnknownProspect => "unknown_prospect",
            Self::SignatureRequired => "signature_required",
            Self::PaymentMode => "payment_mode",
            Self::BadSignature => "bad_signature",
            Self::Unsigned => "unsigned",
            Self::UnknownDevice => "unknown_device",
            Self::DuplicateKey => "duplicate_key",
            Self::StaleChange => "stale_change",
            Self::NotPortfolioClient => "not_portfolio_client",
            Self::UnknownParent => "unknown_parent",
            Self::NotAllowed => "not_allowed",
            Self::RecordDeleted => "record_deleted",
            Self::UnknownActionType => "unknown_action_type",
            Self::LinkedParty => "linked_party",
            Self::OpportunityRule => "opportunity_rule",
            Self::QuoteRule => "quote_rule",
        }
    }

    /// The reason for a code, if it is one of the spec's.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A refusal: the reason code and what exactly was wrong, as a code with values (each
/// side words it in its own catalogue); `Display` is an English line for the logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}: {detail}")]
pub struct Rejection {
    /// Stable code.
    pub reason: RejectReason,
    /// What exactly was wrong.
    pub detail: Detail,
}

impl Rejection {
    /// Builds a rejection.
    pub fn new(reason: RejectReason, detail: impl Into<Detail>) -> Self {
        Self {
            reason,
            detail: detail.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for reason in RejectReason::ALL {
            assert_eq!(RejectReason::from_code(reason.code()), Some(reason));
            assert!(seen.insert(reason.code()));
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.code()));
        }
        assert_eq!(RejectReason::from_code("nope"), None);
    }
}
