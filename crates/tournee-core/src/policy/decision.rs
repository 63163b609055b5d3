//! The answer to « may this user do this to this record? »: allowed, or refused with a
//! reason whose stable code the API returns and the UI turns into a sentence.

use serde::{Deserialize, Serialize};

/// Allowed, or refused and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision", content = "reason")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Decision {
    /// Go ahead.
    Allowed,
    /// Not this user; the reason says what is missing.
    Refused(Refusal),
}

impl Decision {
    /// Whether it is allowed.
    pub fn is_allowed(self) -> bool {
        self == Decision::Allowed
    }

    /// The reason for a refusal; `None` when allowed.
    pub fn refusal(self) -> Option<Refusal> {
        match self {
            Decision::Allowed => None,
            Decision::Refused(reason) => Some(reason),
        }
    }
}

/// Why a decision refuses, from the grant's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Refusal {
    /// The role has no such access to this entity at all (scope none): for writes, the
    /// record is read-only to this user.
    NoAccess,
    /// The role reaches its own records only, and this one is someone else's.
    NotOwner,
    /// The role reaches its own or its teams' records only, and this one is outside.
    OutsideTeams,
    /// The record is assigned to nobody and to no team (or, for scope own, to nobody):
    /// only a broader scope reaches it.
    Unassigned,
}

impl Refusal {
    /// The stable code the API returns (`not_owner`), its serde form.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoAccess => "no_access",
            Refusal::NotOwner => "not_owner",
            Refusal::OutsideTeams => "outside_teams",
            Refusal::Unassigned => "unassigned",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_are_the_serde_forms() {
        for reason in [
            Refusal::NoAccess,
            Refusal::NotOwner,
            Refusal::OutsideTeams,
            Refusal::Unassigned,
        ] {
            assert_eq!(
                serde_json::to_string(&reason).unwrap(),
                format!("\"{}\"", reason.code())
            );
        }
        assert_eq!(
            serde_json::to_string(&Decision::Refused(Refusal::NotOwner)).unwrap(),
            r#"{"decision":"refused","reason":"not_owner"}"#
        );
        assert_eq!(
            serde_json::to_string(&Decision::Allowed).unwrap(),
            r#"{"decision":"allowed"}"#
        );
    }

    #[test]
    fn only_a_refusal_has_a_reason() {
        assert!(Decision::Allowed.is_allowed());
        assert_eq!(Decision::Allowed.refusal(), None);
        let refused = Decision::Refused(Refusal::NoAccess);
        assert!(!refused.is_allowed());
        assert_eq!(refused.refusal(), Some(Refusal::NoAccess));
    }
}
