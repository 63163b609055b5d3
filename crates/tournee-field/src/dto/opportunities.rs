//! Opportunities on the laptop and in the browser (issue 15), read by
//! [`crate::opportunities`] and written by `record_changes` (one `RC` change each).
//! Money is integer euro cents; days `YYYY-MM-DD`; instants RFC 3339 in UTC.

use serde::{Deserialize, Serialize};
use tournee_core::opportunity::OpportunityStatus;
use tournee_core::pipeline::Stage;
use ts_rs::TS;

/// One card of the board: an open opportunity at its stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpportunityCard {
    /// Record id (ULID).
    pub id: String,
    /// The party it is a sale to.
    pub party_id: String,
    /// That party's name.
    pub party_name: String,
    /// What is sold.
    pub title: String,
    /// Expected value, in euro cents.
    #[ts(type = "number | null")]
    pub value_cents: Option<i64>,
    /// Expected close day.
    pub expected_close: Option<String>,
    /// The rep it is assigned to (login).
    pub owner: String,
    /// The stage's code.
    pub stage: String,
    /// The code of the stage one step forward; `None` at the last stage (then it is won).
    pub next_stage: Option<String>,
    /// Changed on this laptop and not yet back from the server.
    pub pending: bool,
}

/// One column of the board: a stage with its cards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BoardColumn {
    /// The stage.
    pub stage: Stage,
    /// Its open opportunities, soonest expected close first.
    pub cards: Vec<OpportunityCard>,
    /// Σ of their values, in cents.
    #[ts(type = "number")]
    pub total_cents: i64,
}

/// A pipeline the board can show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PipelineChoice {
    /// Its code.
    pub code: String,
    /// Its label.
    pub label: String,
}

/// The forecast of one month: Σ value × probability of the open opportunities expected
/// to close in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ForecastMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// In cents.
    #[ts(type = "number")]
    pub cents: i64,
}

/// The board of one pipeline (brief 003: columns = stages) with its forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpportunityBoard {
    /// The pipeline shown.
    pub pipeline: PipelineChoice,
    /// Every pipeline of the snapshot (the board's selector).
    pub pipelines: Vec<PipelineChoice>,
    /// Its stages, first to last, with their open opportunities.
    pub columns: Vec<BoardColumn>,
    /// The forecast per month of this pipeline's open opportunities.
    pub forecast: Vec<ForecastMonth>,
    /// Open opportunities without an expected close day (left out of the forecast).
    pub undated: u32,
    /// Won and lost opportunities of this pipeline (not on the board).
    pub won: u32,
    /// See `won`.
    pub lost: u32,
}

/// One opportunity's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpportunityView {
    /// Record id (ULID).
    pub id: String,
    /// The party.
    pub party_id: String,
    /// Its name.
    pub party_name: String,
    /// The person it is discussed with, if any.
    pub person_id: Option<String>,
    /// What is sold.
    pub title: String,
    /// In euro cents.
    #[ts(type = "number | null")]
    pub value_cents: Option<i64>,
    /// Expected close day.
    pub expected_close: Option<String>,
    /// The pipeline's code and label.
    pub pipeline: PipelineChoice,
    /// The pipeline's stages, first to last.
    pub stages: Vec<Stage>,
    /// The stage's code.
    pub stage: String,
    /// The stage one step forward, if not at the last.
    pub next_stage: Option<String>,
    /// The stage one step back, if not at the first.
    pub previous_stage: Option<String>,
    /// Open, won or lost.
    pub status: OpportunityStatus,
    /// Why it was lost.
    pub loss_reason: Option<String>,
    /// Assigned to.
    pub owner: String,
    /// Created by.
    pub created_by: String,
    /// When it was created (RFC 3339; empty while only on this laptop).
    pub created_at: String,
    /// When it was closed (set by the server).
    pub closed_at: Option<String>,
    /// Changed on this laptop and not yet back from the server.
    pub pending: bool,
}

/// A new opportunity on a party (created open at its pipeline's first stage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpportunityInput {
    /// The party.
    pub party_id: String,
    /// The pipeline's code; `None`: the default pipeline.
    pub pipeline: Option<String>,
    /// What is sold (mandatory).
    pub title: String,
    /// In euro cents.
    #[ts(type = "number | null")]
    pub value_cents: Option<i64>,
    /// Expected close day.
    pub expected_close: Option<String>,
}

/// An opportunity's edit: its title, value and expected close day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpportunityEdit {
    /// What is sold (mandatory).
    pub title: String,
    /// In euro cents.
    #[ts(type = "number | null")]
    pub value_cents: Option<i64>,
    /// Expected close day.
    pub expected_close: Option<String>,
}

/// A lead or a prospect converted in one step (brief 002): the opportunity created and,
/// for a lead, the qualifying contact logged (an action of `contact_type`, outcome
/// positive), which makes it a prospect by the lifecycle's own rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConversionToOpportunity {
    /// The opportunity.
    pub opportunity: OpportunityInput,
    /// The action type of the qualifying contact (a type that counts as a contact); only
    /// used when the party is a lead.
    pub contact_type: String,
}

/// A close: won, or lost with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CloseInput {
    /// Won (`true`) or lost.
    pub won: bool,
    /// Why it was lost (mandatory when lost).
    pub loss_reason: Option<String>,
}

/// The average time to close of one rep in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimeToCloseLine {
    /// The rep (login) the opportunities were assigned to.
    pub owner: String,
    /// The month they closed in, `YYYY-MM`.
    pub period: String,
    /// How many closed (won and lost).
    pub closed: u32,
    /// Average hours from creation to close, in tenths of an hour.
    #[ts(type = "number")]
    pub average_hours_tenths: i64,
}

/// The sales figures: the forecast of every pipeline and the average time to close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpportunityFigures {
    /// Σ value × probability per expected close month, every pipeline together.
    pub forecast: Vec<ForecastMonth>,
    /// Per rep and month closed, newest month first.
    pub time_to_close: Vec<TimeToCloseLine>,
    /// Over every closed opportunity, in tenths of an hour; `None` when none closed.
    #[ts(type = "number | null")]
    pub average_hours_tenths: Option<i64>,
}
