//! The fields of campaigns and meetings (issue 15, « Campaigns, calls and meetings »), kept
//! apart from the core entities' so that the entities other helpers add merge without
//! touching each other. A child module of `fields`, so it uses the same [`Rules`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tournee_core::DomainError;

use super::{Day, Need, Patch, Rules};
use crate::name::is_valid_user;

/// Longest place of a campaign or a meeting (« Paris, Porte de Versailles, hall 7 »).
const PLACE_CHARS: u32 = 80;
/// Longest campaign name.
const CAMPAIGN_NAME_CHARS: u32 = 80;
/// Longest meeting subject: the invitation's summary line.
const SUBJECT_CHARS: u32 = 120;
/// Highest campaign cost, in cents (10 million euros: a trade show, not a budget line).
pub const MAX_CAMPAIGN_COST_CENTS: u32 = 1_000_000_000;

/// `campaign` fields: a trade show, a mailing… the source of the leads recorded under it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignFields {
    /// Its name (mandatory): « House & Design 2027 ».
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub name: Patch<String>,
    /// First day (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub starts_on: Patch<Day>,
    /// Last day (not before the first when both are sent).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub ends_on: Patch<Day>,
    /// Where it takes place.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub place: Patch<String>,
    /// What it cost, in euro cents (integer, as every amount).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub cost_cents: Patch<u32>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub notes: Patch<String>,
}

/// Whether a meeting still takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    /// It takes place (the default when a creation leaves it out).
    Planned,
    /// Called off: the attendee receives a cancellation.
    Cancelled,
}

/// `meeting` fields: a meeting with a party, planned for oneself or a colleague (the
/// organiser is its creator).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFields {
    /// The party met (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub party_id: Patch<String>,
    /// The opportunity it is about, if any (a record id).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub opportunity: Patch<String>,
    /// Who attends (a user's login, mandatory): the organiser or a colleague.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub attendee: Patch<String>,
    /// Where.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub place: Patch<String>,
    /// Start, RFC 3339 in UTC (`2027-02-12T09:00:00Z`, mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub starts_at: Patch<String>,
    /// End, RFC 3339 in UTC, after the start (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub ends_at: Patch<String>,
    /// What it is about, one line (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub subject: Patch<String>,
    /// Free notes (sent in the invitation's description).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub notes: Patch<String>,
    /// Planned or cancelled; absent at creation: planned.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub status: Patch<MeetingStatus>,
}

impl CampaignFields {
    pub(in crate::record) fn rules(&self) -> Rules {
        let mut rules = Rules::default();
        rules.line("name", &self.name, Need::Mandatory, CAMPAIGN_NAME_CHARS);
        rules.plain("starts_on", &self.starts_on, Need::Mandatory);
        let ends_before = match (self.starts_on.value(), self.ends_on.value()) {
            (Some(start), Some(end)) if end < start => Some(DomainError::InvalidFormat {
                field: "ends_on".into(),
                expected: "une date de fin au plus tôt le jour du début".into(),
            }),
            _ => None,
        };
        rules.push("ends_on", &self.ends_on, Need::Optional, ends_before);
        rules.line("place", &self.place, Need::Optional, PLACE_CHARS);
        rules.checked_value("cost_cents", &self.cost_cents, |field, cents| {
            if *cents <= MAX_CAMPAIGN_COST_CENTS {
                Ok(())
            } else {
                Err(DomainError::InvalidFormat {
                    field: field.into(),
                    expected: format!("un coût d'au plus {MAX_CAMPAIGN_COST_CENTS} centimes"),
                })
            }
        });
        rules.notes("notes", &self.notes);
        rules
    }
}

impl MeetingFields {
    pub(in crate::record) fn rules(&self) -> Rules {
        let mut rules = Rules::default();
        rules.id("party_id", &self.party_id, Need::Mandatory);
        rules.id("opportunity", &self.opportunity, Need::Optional);
        let attendee = self
            .attendee
            .value()
            .filter(|v| !is_valid_user(v))
            .map(|_| DomainError::InvalidFormat {
                field: "attendee".into(),
                expected: "un identifiant d'utilisateur".into(),
            });
        rules.push("attendee", &self.attendee, Need::Mandatory, attendee);
        rules.line("place", &self.place, Need::Optional, PLACE_CHARS);
        let starts = utc_instant("starts_at", &self.starts_at);
        let ends = utc_instant("ends_at", &self.ends_at);
        let order = match (&starts, &ends) {
            (Ok(Some(start)), Ok(Some(end))) if end <= start => Some(DomainError::InvalidFormat {
                field: "ends_at".into(),
                expected: "une fin après le début".into(),
            }),
            _ => None,
        };
        rules.push("starts_at", &self.starts_at, Need::Mandatory, starts.err());
        rules.push(
            "ends_at",
            &self.ends_at,
            Need::Mandatory,
            ends.err().or(order),
        );
        rules.line("subject", &self.subject, Need::Mandatory, SUBJECT_CHARS);
        rules.notes("notes", &self.notes);
        rules.plain("status", &self.status, Need::Optional);
        rules
    }
}

/// A date-time field as the contract writes it: RFC 3339 in UTC, ending in `Z`, so text
/// order is time order in the master and the snapshot.
fn utc_instant(field: &str, patch: &Patch<String>) -> Result<Option<DateTime<Utc>>, DomainError> {
    let Some(text) = patch.value() else {
        return Ok(None);
    };
    let bad = || DomainError::InvalidFormat {
        field: field.into(),
        expected: "une date et heure UTC (AAAA-MM-JJTHH:MM:SSZ)".into(),
    };
    if text.len() > 30 || !text.ends_with('Z') {
        return Err(bad());
    }
    DateTime::parse_from_rfc3339(text)
        .map(|at| Some(at.with_timezone(&Utc)))
        .map_err(|_| bad())
}
