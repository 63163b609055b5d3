//! Sales pipelines (brief 003, « Module Pipeline Commercial »): the ordered stages an
//! opportunity goes through, each with the conversion probability the forecast weighs its
//! value by. The admin defines them (a parameter, like the action types), one per team at
//! most and one default for the users in no team; the laptops receive them in the snapshot.
//!
//! Opportunities carry the pipeline's and the stage's **codes**, never their labels, so a
//! stage renamed or moved keeps every opportunity in it. The rules an opportunity's moves
//! obey are in [`crate::opportunity`].

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// Longest pipeline or stage code (an identifier, as action type codes).
pub const PIPELINE_CODE_MAX: usize = 32;

/// Longest label of a pipeline or a stage.
pub const PIPELINE_LABEL_MAX: usize = 60;

/// Most stages in one pipeline (a board wider than that is not read).
pub const PIPELINE_STAGES_MAX: usize = 12;

/// Most pipelines (one per team and a default).
pub const PIPELINES_MAX: usize = 50;

/// One stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Stage {
    /// Stored code (`proposition`): lower-case letters, digits and `_`; never changes.
    pub code: String,
    /// Shown label (« Proposition »).
    pub label: String,
    /// Conversion probability, in percent (0 to 100), rising along the pipeline.
    pub probability: u8,
}

/// A pipeline: its stages in order, and the team it serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Pipeline {
    /// Stored code (`standard`); never changes.
    pub code: String,
    /// Shown label.
    pub label: String,
    /// The team (its id, the policy's `TeamId`) whose members' opportunities it carries;
    /// `None`: the default pipeline,
    /// for the users in no team (and teams without a pipeline of their own).
    #[serde(default)]
    pub team: Option<String>,
    /// The stages, first to last.
    pub stages: Vec<Stage>,
}

impl Pipeline {
    /// The stage with this code, and its place (0 for the first).
    pub fn stage(&self, code: &str) -> Option<(usize, &Stage)> {
        self.stages.iter().enumerate().find(|(_, s)| s.code == code)
    }

    /// The first stage: where every opportunity starts.
    pub fn first_stage(&self) -> Option<&Stage> {
        self.stages.first()
    }
}

/// The pipeline with this code, if any.
pub fn pipeline<'a>(pipelines: &'a [Pipeline], code: &str) -> Option<&'a Pipeline> {
    pipelines.iter().find(|p| p.code == code)
}

/// The pipeline a user in `teams` works with: their first team's own pipeline, else the
/// default one.
pub fn pipeline_for_teams<'a>(pipelines: &'a [Pipeline], teams: &[String]) -> Option<&'a Pipeline> {
    teams
        .iter()
        .find_map(|team| pipelines.iter().find(|p| p.team.as_deref() == Some(team)))
        .or_else(|| pipelines.iter().find(|p| p.team.is_none()))
}

/// The pipeline of a new installation (brief 002's sales cycle): four stages from
/// qualification to negotiation; winning or losing closes the opportunity.
pub fn default_pipelines() -> Vec<Pipeline> {
    let stages = [
        ("qualification", "Qualification", 10),
        ("besoin", "Besoin identifié", 30),
        ("proposition", "Proposition", 60),
        ("negociation", "Négociation", 80),
    ]
    .into_iter()
    .map(|(code, label, probability)| Stage {
        code: code.into(),
        label: label.into(),
        probability,
    })
    .collect();
    vec![Pipeline {
        code: "standard".into(),
        label: "Pipeline commercial".into(),
        team: None,
        stages,
    }]
}

/// What is wrong with the pipelines, each naming the pipeline (and stage) concerned; the
/// back office words them in both languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PipelineProblem {
    /// A code empty, too long, or with other characters than `a-z`, `0-9` and `_`.
    #[error("pipeline or stage code {0:?}: 1 to 32 lower-case letters, digits or _")]
    CodeShape(String),
    /// The same pipeline code twice, or the same stage code twice in one pipeline.
    #[error("code {0:?} twice")]
    Twice(String),
    /// A pipeline or stage without a label, or with one longer than 60 characters.
    #[error("{0:?}: a label of 1 to 60 characters")]
    Label(String),
    /// A pipeline without stages, or with more than [`PIPELINE_STAGES_MAX`].
    #[error("pipeline {0:?}: 1 to 12 stages")]
    StageCount(String),
    /// A probability above 100.
    #[error("stage {stage:?} of pipeline {pipeline:?}: a probability from 0 to 100")]
    Probability {
        /// The pipeline's code.
        pipeline: String,
        /// The stage's code.
        stage: String,
    },
    /// A stage whose probability is not above the previous stage's.
    #[error("stage {stage:?} of pipeline {pipeline:?}: its probability must be above the previous stage's")]
    NotRising {
        /// The pipeline's code.
        pipeline: String,
        /// The stage's code.
        stage: String,
    },
    /// Two pipelines for one team (or two defaults).
    #[error("two pipelines for team {0:?}")]
    TeamTwice(String),
    /// No default pipeline: a user in no team would have nowhere to file an opportunity.
    #[error("no default pipeline")]
    NoDefault,
    /// More than [`PIPELINES_MAX`] pipelines.
    #[error("more than 50 pipelines")]
    TooMany,
}

impl PipelineProblem {
    /// The stable code each side's catalogue words.
    pub fn code(&self) -> &'static str {
        match self {
            Self::CodeShape(_) => "pipeline_code_shape",
            Self::Twice(_) => "pipeline_code_twice",
            Self::Label(_) => "pipeline_label",
            Self::StageCount(_) => "pipeline_stage_count",
            Self::Probability { .. } => "pipeline_probability",
            Self::NotRising { .. } => "pipeline_not_rising",
            Self::TeamTwice(_) => "pipeline_team_twice",
            Self::NoDefault => "pipeline_no_default",
            Self::TooMany => "pipeline_too_many",
        }
    }
}

/// Every problem of a list of pipelines (empty: the list is good).
pub fn check_pipelines(pipelines: &[Pipeline]) -> Vec<PipelineProblem> {
    let mut problems = Vec::new();
    if pipelines.len() > PIPELINES_MAX {
        problems.push(PipelineProblem::TooMany);
    }
    let mut codes = std::collections::BTreeSet::new();
    let mut teams = std::collections::BTreeSet::new();
    for pipeline in pipelines {
        check_code(&pipeline.code, &mut problems);
        if !codes.insert(pipeline.code.as_str()) {
            problems.push(PipelineProblem::Twice(pipeline.code.clone()));
        }
        check_label(&pipeline.code, &pipeline.label, &mut problems);
        if !teams.insert(pipeline.team.as_deref()) {
            let team = pipeline.team.clone().unwrap_or_default();
            problems.push(PipelineProblem::TeamTwice(team));
        }
        check_stages(pipeline, &mut problems);
    }
    if !teams.contains(&None) {
        problems.push(PipelineProblem::NoDefault);
    }
    problems
}

fn check_stages(pipeline: &Pipeline, problems: &mut Vec<PipelineProblem>) {
    if pipeline.stages.is_empty() || pipeline.stages.len() > PIPELINE_STAGES_MAX {
        problems.push(PipelineProblem::StageCount(pipeline.code.clone()));
    }
    let mut codes = std::collections::BTreeSet::new();
    let mut previous: Option<u8> = None;
    for stage in &pipeline.stages {
        check_code(&stage.code, problems);
        if !codes.insert(stage.code.as_str()) {
            problems.push(PipelineProblem::Twice(stage.code.clone()));
        }
        check_label(&stage.code, &stage.label, problems);
        let at = || (pipeline.code.clone(), stage.code.clone());
        if stage.probability > 100 {
            let (pipeline, stage) = at();
            problems.push(PipelineProblem::Probability { pipeline, stage });
        }
        if previous.is_some_and(|p| stage.probability <= p) {
            let (pipeline, stage) = at();
            problems.push(PipelineProblem::NotRising { pipeline, stage });
        }
        previous = Some(stage.probability);
    }
}

fn check_code(code: &str, problems: &mut Vec<PipelineProblem>) {
    let shaped = !code.is_empty()
        && code.len() <= PIPELINE_CODE_MAX
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !shaped {
        problems.push(PipelineProblem::CodeShape(code.to_string()));
    }
}

fn check_label(code: &str, label: &str, problems: &mut Vec<PipelineProblem>) {
    let chars = label.trim().chars().count();
    if chars == 0 || chars > PIPELINE_LABEL_MAX || label.chars().any(char::is_control) {
        problems.push(PipelineProblem::Label(code.to_string()));
    }
}
