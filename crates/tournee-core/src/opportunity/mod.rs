//! An opportunity's moves through its pipeline (brief 003, « Pipeline Commercial »), the
//! one rule set the laptop applies before writing and the server at integration (the
//! server never trusts the client):
//!
//! * an opportunity is **created open, at the first stage** of its pipeline, and stays in
//!   that pipeline (the pipeline of a record never changes: its stages are another list);
//! * it moves **to the next stage only**: « une opportunité passe obligatoirement par toutes
//!   les étapes définies », so no stage is skipped forward. It may go **back** to any
//!   earlier stage (a deal that regresses is a fact to record, and going forward again
//!   passes through every stage anew);
//! * it is **won from the last stage only** (it went through all of them), **lost from any
//!   stage**, and a loss says why (`loss_reason`);
//! * once won or lost it is **closed**: no change of any field is accepted any more.
//!
//! The forecast and the time to close, read from opportunities, are in [`figures`].

pub mod figures;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::pipeline::{pipeline, Pipeline};

/// Where an opportunity stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OpportunityStatus {
    /// In progress, at one of its pipeline's stages.
    Open,
    /// Closed, won.
    Won,
    /// Closed, lost (with a reason).
    Lost,
}

impl OpportunityStatus {
    /// The stored code (`open`, `won`, `lost`), as serde writes it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Won => "won",
            Self::Lost => "lost",
        }
    }

    /// The status stored as `code`, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Open, Self::Won, Self::Lost]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// Won or lost: nothing changes any more.
    pub fn is_closed(self) -> bool {
        self != Self::Open
    }
}

/// What the rules look at in an opportunity: its place in its pipeline and its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpportunityState {
    /// The pipeline's code.
    pub pipeline: String,
    /// The stage's code, in that pipeline.
    pub stage: String,
    /// Open, won or lost.
    pub status: OpportunityStatus,
    /// Why it was lost (mandatory when lost).
    pub loss_reason: Option<String>,
}

/// Why a creation or a change of an opportunity is refused; each names the field
/// concerned ([`OpportunityRule::field`]) and has a stable code both catalogues word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpportunityRule {
    /// The pipeline is not one of the admin's.
    #[error("pipeline {0:?} does not exist")]
    UnknownPipeline(String),
    /// The stage is not one of its pipeline's.
    #[error("stage {stage:?} is not a stage of pipeline {pipeline:?}")]
    UnknownStage {
        /// The pipeline's code.
        pipeline: String,
        /// The stage's code.
        stage: String,
    },
    /// A creation elsewhere than at the first stage.
    #[error("an opportunity starts at the first stage {first:?}, not {stage:?}")]
    NotFirstStage {
        /// The stage asked.
        stage: String,
        /// The pipeline's first stage.
        first: String,
    },
    /// A move forward by more than one stage.
    #[error("from stage {from:?} the next stage is {next:?}, not {to:?}")]
    StageSkipped {
        /// The stage it was at.
        from: String,
        /// The stage asked.
        to: String,
        /// The one stage it may move forward to.
        next: String,
    },
    /// A change of pipeline after the creation.
    #[error("an opportunity stays in its pipeline {0:?}")]
    PipelineChanged(String),
    /// A creation already won or lost.
    #[error("an opportunity is created open")]
    CreatedClosed,
    /// Any change to a won or lost opportunity.
    #[error("the opportunity is closed ({0}) and cannot be changed")]
    Closed(&'static str),
    /// Won before reaching the last stage.
    #[error("an opportunity is won from the last stage {last:?}, not from {stage:?}")]
    WonBeforeLastStage {
        /// The stage it is at.
        stage: String,
        /// The pipeline's last stage.
        last: String,
    },
    /// Lost without a reason.
    #[error("a lost opportunity says why")]
    LossReasonMissing,
}

impl OpportunityRule {
    /// The stable code (`opportunity_stage_skipped`…).
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownPipeline(_) => "opportunity_unknown_pipeline",
            Self::UnknownStage { .. } => "opportunity_unknown_stage",
            Self::NotFirstStage { .. } => "opportunity_not_first_stage",
            Self::StageSkipped { .. } => "opportunity_stage_skipped",
            Self::PipelineChanged(_) => "opportunity_pipeline_changed",
            Self::CreatedClosed => "opportunity_created_closed",
            Self::Closed(_) => "opportunity_closed",
            Self::WonBeforeLastStage { .. } => "opportunity_won_before_last_stage",
            Self::LossReasonMissing => "opportunity_loss_reason_missing",
        }
    }

    /// The field the refusal is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::UnknownPipeline(_) | Self::PipelineChanged(_) => "pipeline",
            Self::UnknownStage { .. } | Self::NotFirstStage { .. } | Self::StageSkipped { .. } => {
                "stage"
            }
            Self::CreatedClosed | Self::Closed(_) | Self::WonBeforeLastStage { .. } => "status",
            Self::LossReasonMissing => "loss_reason",
        }
    }

    /// The values the sentences name, as `(name, value)` pairs.
    pub fn values(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::UnknownPipeline(p) | Self::PipelineChanged(p) => vec![("pipeline", p.clone())],
            Self::UnknownStage { pipeline, stage } => {
                vec![("pipeline", pipeline.clone()), ("stage", stage.clone())]
            }
            Self::NotFirstStage { stage, first } => {
                vec![("stage", stage.clone()), ("first", first.clone())]
            }
            Self::StageSkipped { from, to, next } => vec![
                ("from", from.clone()),
                ("to", to.clone()),
                ("next", next.clone()),
            ],
            Self::Closed(status) => vec![("status", (*status).to_string())],
            Self::WonBeforeLastStage { stage, last } => {
                vec![("stage", stage.clone()), ("last", last.clone())]
            }
            Self::CreatedClosed | Self::LossReasonMissing => Vec::new(),
        }
    }
}

/// Checks a new opportunity: a known pipeline, open, at its first stage.
pub fn check_opportunity_create(
    pipelines: &[Pipeline],
    new: &OpportunityState,
) -> Result<(), OpportunityRule> {
    let pipe = known_stage(pipelines, new)?;
    if new.status.is_closed() {
        return Err(OpportunityRule::CreatedClosed);
    }
    match pipe.first_stage() {
        Some(first) if first.code == new.stage => Ok(()),
        first => Err(OpportunityRule::NotFirstStage {
            stage: new.stage.clone(),
            first: first.map(|s| s.code.clone()).unwrap_or_default(),
        }),
    }
}

/// Checks a change from `before` (as the record stands) to `after` (as it would stand):
/// nothing on a closed opportunity, the same pipeline, a known stage reached by one step
/// forward or any number back, won from the last stage, lost with a reason.
pub fn check_opportunity_update(
    pipelines: &[Pipeline],
    before: &OpportunityState,
    after: &OpportunityState,
) -> Result<(), OpportunityRule> {
    if before.status.is_closed() {
        return Err(OpportunityRule::Closed(before.status.code()));
    }
    if after.pipeline != before.pipeline {
        return Err(OpportunityRule::PipelineChanged(before.pipeline.clone()));
    }
    let pipe = known_stage(pipelines, after)?;
    if after.stage != before.stage {
        check_step(pipe, &before.stage, &after.stage)?;
    }
    match after.status {
        OpportunityStatus::Open => Ok(()),
        OpportunityStatus::Lost => match after.loss_reason.as_deref().map(str::trim) {
            Some(reason) if !reason.is_empty() => Ok(()),
            _ => Err(OpportunityRule::LossReasonMissing),
        },
        OpportunityStatus::Won => match pipe.stages.last() {
            Some(last) if last.code == after.stage => Ok(()),
            last => Err(OpportunityRule::WonBeforeLastStage {
                stage: after.stage.clone(),
                last: last.map(|s| s.code.clone()).unwrap_or_default(),
            }),
        },
    }
}

/// The stage one step forward of `stage` in `pipeline`, if it is not the last.
pub fn next_stage<'a>(pipeline: &'a Pipeline, stage: &str) -> Option<&'a crate::pipeline::Stage> {
    let (at, _) = pipeline.stage(stage)?;
    pipeline.stages.get(at + 1)
}

/// A move from `from` to `to`: one step forward or any number back. A `from` no longer in
/// the pipeline (the admin removed it, which the back office forbids while in use) lets
/// the opportunity go to any stage, so it is never stuck.
fn check_step(pipeline: &Pipeline, from: &str, to: &str) -> Result<(), OpportunityRule> {
    let Some((from_at, _)) = pipeline.stage(from) else {
        return Ok(());
    };
    let to_at = pipeline.stage(to).map_or(usize::MAX, |(at, _)| at);
    if to_at <= from_at + 1 {
        return Ok(());
    }
    Err(OpportunityRule::StageSkipped {
        from: from.to_string(),
        to: to.to_string(),
        next: pipeline
            .stages
            .get(from_at + 1)
            .map(|s| s.code.clone())
            .unwrap_or_default(),
    })
}

fn known_stage<'a>(
    pipelines: &'a [Pipeline],
    state: &OpportunityState,
) -> Result<&'a Pipeline, OpportunityRule> {
    let pipe = pipeline(pipelines, &state.pipeline)
        .ok_or_else(|| OpportunityRule::UnknownPipeline(state.pipeline.clone()))?;
    if pipe.stage(&state.stage).is_none() {
        return Err(OpportunityRule::UnknownStage {
            pipeline: state.pipeline.clone(),
            stage: state.stage.clone(),
        });
    }
    Ok(pipe)
}
