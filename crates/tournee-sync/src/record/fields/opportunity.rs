//! `opportunity` fields (issue 15): a sale in progress on a party, moving through the
//! stages of its pipeline. What a file can answer alone is checked here (shapes, lengths,
//! the status's values); the moves between stages need the record as it stands and the
//! admin's pipelines, so they are the integrator's and the laptop's
//! (`tournee_core::opportunity`).

use serde::{Deserialize, Serialize};
use tournee_core::opportunity::OpportunityStatus;
use tournee_core::DomainError;

use super::{Need, Rules, CODE_CHARS, TITLE_CHARS};
use crate::record::patch::{Day, Patch};

/// Largest value of an opportunity, in euro cents (a thousand billion euros): anything
/// above is a typing error, and sums of many stay far from `i64`'s end.
pub const MAX_OPPORTUNITY_CENTS: i64 = 100_000_000_000_000;

/// Longest reason given for a lost opportunity: one line.
const LOSS_REASON_CHARS: u32 = 200;

/// `opportunity` fields: a sale in progress, its value and where it stands.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpportunityFields {
    /// The party it is a sale to (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub party_id: Patch<String>,
    /// The person of the company it is discussed with, if any.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub person_id: Patch<String>,
    /// The rep it is assigned to (login); absent: its creator's, unless the admin's
    /// assignment rule names someone (the server then sets it).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub owner: Patch<String>,
    /// What is sold, one line (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub title: Patch<String>,
    /// Expected value, in euro cents (an integer, never a float).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub value_cents: Patch<i64>,
    /// Expected close day.
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub expected_close: Patch<Day>,
    /// The pipeline's code (mandatory; never changes after the creation).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub pipeline: Patch<String>,
    /// The stage's code in that pipeline (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub stage: Patch<String>,
    /// Open, won or lost (mandatory).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub status: Patch<OpportunityStatus>,
    /// Why it was lost (mandatory with `lost`, checked with the record).
    #[serde(default, skip_serializing_if = "Patch::is_unchanged")]
    pub loss_reason: Patch<String>,
}

impl OpportunityFields {
    pub(in crate::record) fn rules(&self) -> Rules {
        let mut rules = Rules::default();
        rules.id("party_id", &self.party_id, Need::Mandatory);
        rules.id("person_id", &self.person_id, Need::Optional);
        rules.user("owner", &self.owner);
        rules.line("title", &self.title, Need::Mandatory, TITLE_CHARS);
        rules.checked_value("value_cents", &self.value_cents, |field, cents| {
            if (0..=MAX_OPPORTUNITY_CENTS).contains(cents) {
                Ok(())
            } else {
                Err(DomainError::InvalidFormat {
                    field: field.into(),
                    expected: "un montant en centimes, de 0 à 1 000 milliards d'euros".into(),
                })
            }
        });
        rules.plain("expected_close", &self.expected_close, Need::Optional);
        rules.line("pipeline", &self.pipeline, Need::Mandatory, CODE_CHARS);
        rules.line("stage", &self.stage, Need::Mandatory, CODE_CHARS);
        rules.plain("status", &self.status, Need::Mandatory);
        rules.line(
            "loss_reason",
            &self.loss_reason,
            Need::Optional,
            LOSS_REASON_CHARS,
        );
        rules
    }
}
