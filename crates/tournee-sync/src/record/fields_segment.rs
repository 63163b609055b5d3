//! `segment` fields (issue 15): a saved filter used to list, export and assign parties —
//! either a list of parties put in by hand, or criteria evaluated where it is read. The
//! rules are `tournee_core`'s ([`tournee_core::SegmentCriteria::check`] and its
//! neighbours), so the laptop and the server refuse the same segments with the same field.
//!
//! **The members and the criteria each travel as one field.** Per-field last writer wins
//! treats a list's members as one value: two people adding parties to one list offline do
//! not merge; the later change wins the whole list and the earlier one stays in the
//! record's field history. A segment is its owner's (policy entity `segment`), so two
//! writers on one list are rare, and a merge could produce a list neither of them made.

use serde::{Deserialize, Serialize};
use tournee_core::{
    check_segment_members, check_segment_name, DomainError, SegmentCriteria, SegmentKind,
};

use super::fields::{Need, Rules};
use super::patch::Patch;
use crate::name::is_valid_user;

/// `segment` fields: its name, its kind, a list's members or the criteria, its owner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentFields {
    /// Its name, one line of at most 120 characters (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub name: Patch<String>,
    /// A list or criteria (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub kind: Patch<SegmentKind>,
    /// A list's parties, by record id, as one value (see the module doc).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub members: Patch<Vec<String>>,
    /// A criteria segment's criteria, as one value.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub criteria: Patch<SegmentCriteria>,
    /// The user it belongs to (login); absent: its creator.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub owner: Patch<String>,
}

impl SegmentFields {
    pub(super) fn rules(&self) -> Rules {
        let mut rules = Rules::default();
        rules.checked_value_need("name", &self.name, Need::Mandatory, |_, name: &String| {
            check_segment_name(name).map_err(DomainError::from)
        });
        rules.plain("kind", &self.kind, Need::Mandatory);
        rules.checked_value_need(
            "members",
            &self.members,
            Need::Optional,
            |_, members: &Vec<String>| check_segment_members(members).map_err(DomainError::from),
        );
        rules.checked_value_need(
            "criteria",
            &self.criteria,
            Need::Optional,
            |_, criteria: &SegmentCriteria| criteria.check().map_err(DomainError::from),
        );
        // A criteria segment is created with its criteria: without them it would hold
        // every party the reader sees.
        if self.kind.value() == Some(&SegmentKind::Criteria) && self.criteria.is_unchanged() {
            rules.checked_value_need("criteria", &self.kind, Need::Optional, |_, _| {
                Err(DomainError::from(tournee_core::SegmentProblem::NoCriterion))
            });
        }
        rules.checked_value_need(
            "owner",
            &self.owner,
            Need::Optional,
            |field, owner: &String| {
                if is_valid_user(owner) {
                    Ok(())
                } else {
                    Err(DomainError::InvalidFormat {
                        field: field.into(),
                        expected: "un identifiant d'utilisateur".into(),
                    })
                }
            },
        );
        rules
    }
}
