//! Segments on the laptop and in the browser (issue 15): saved lists and criteria, the
//! parties they hold as the user sees them (pending changes laid over), and the result of
//! an assignment. The criteria are `tournee_core`'s own type, so the dialog, the wire and
//! the evaluation share one shape.

use serde::{Deserialize, Serialize};
use tournee_core::{SegmentCriteria, SegmentKind};
use ts_rs::TS;

use super::{PartyKindDto, PartyStatus};

/// One segment in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SegmentLine {
    /// Record id (ULID).
    pub id: String,
    /// Its name.
    pub name: String,
    /// A list made by hand, or criteria.
    pub kind: SegmentKind,
    /// A criteria segment's criteria (`None` for a list).
    pub criteria: Option<SegmentCriteria>,
    /// A list's parties, by id (empty for criteria).
    pub members: Vec<String>,
    /// Whose segment it is (login).
    pub owner: String,
    /// Created or changed on this laptop and not yet back from the server.
    pub pending: bool,
}

/// What the segment dialog sends: a new segment, or the new name and criteria of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SegmentInput {
    /// Its name (at most 120 characters).
    pub name: String,
    /// A list or criteria (never changed by an edit).
    pub kind: SegmentKind,
    /// The criteria, for a criteria segment.
    pub criteria: Option<SegmentCriteria>,
}

/// One party of a segment, as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SegmentParty {
    /// Party id (ULID).
    pub id: String,
    /// Company or private person.
    pub kind: PartyKindDto,
    /// Company name, or the person's last name.
    pub name: String,
    /// A private person's first name.
    pub first_name: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Lifecycle status.
    pub status: PartyStatus,
    /// Who it is assigned to (login).
    pub owner: String,
    /// Day of its latest action (`YYYY-MM-DD`).
    pub last_action: Option<String>,
    /// Changed on this laptop and not yet back from the server.
    pub pending: bool,
}

/// A segment's parties: the first ones by name, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SegmentParties {
    /// The segment.
    pub segment: SegmentLine,
    /// Its parties by name, at most [`crate::MAX_SEGMENT_LINES`] (the export and the
    /// assignment take them all).
    pub parties: Vec<SegmentParty>,
    /// How many parties it holds in all.
    pub total: u32,
}

/// What « Attribuer à… » did: one party update per party the user may write, the others
/// counted by why they were left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssignmentResult {
    /// Party updates written (each integrated, or refused, by the server).
    pub written: u32,
    /// Parties already assigned to that user: nothing to write.
    pub already: u32,
    /// Parties the policy in the snapshot says the user may not write: not written.
    pub not_allowed: u32,
    /// Parties of an ERP client or a prospect, whose owner is theirs: not written.
    pub linked: u32,
    /// Written but held on the laptop until the server reads record changes.
    pub waiting_for_server: bool,
}
