//! The admin's changes to the sales pipelines (the `pipelines` parameter, issue 15) and to
//! the assignment rule of new opportunities (`opportunity_assignee`): add a pipeline (for a
//! team, or the default), rename it, add a stage, rename it or set its probability, move
//! it, delete a stage or a pipeline no opportunity uses. Each change is checked as a whole
//! list ([`check_pipelines`], the rule `Parameters::problems` applies) and saved with the
//! other parameters, so the next snapshots carry it (`config` row `pipelines`).
//!
//! Codes never change once created (opportunities carry them). **Moving a stage keeps
//! the probabilities in place**: the probability belongs to the position (it must rise
//! along the pipeline), so the stage moved takes the probability of the place it moves to
//! and its neighbour the other. A stage or pipeline some opportunity uses (open or closed:
//! the closed ones are history the board and the figures read) is never deleted.

use rusqlite::Connection;
use tournee_core::pipeline::{check_pipelines, Pipeline, PipelineProblem, Stage};

use crate::error::StoreError;
use crate::master::params::Parameters;

/// Why a change to the pipelines was not made.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The list after the change breaks a rule (each problem names its pipeline or stage).
    #[error("pipelines refused: {0:?}")]
    Problems(Vec<PipelineProblem>),
    /// No pipeline has this code.
    #[error("no pipeline {0:?}")]
    UnknownPipeline(String),
    /// The pipeline has no stage with this code.
    #[error("no stage {stage:?} in pipeline {pipeline:?}")]
    UnknownStage {
        /// The pipeline's code.
        pipeline: String,
        /// The stage's code.
        stage: String,
    },
    /// Deleting a pipeline or stage that opportunities use.
    #[error("{code:?} is used by {opportunities} opportunities")]
    InUse {
        /// The pipeline's or stage's code.
        code: String,
        /// How many opportunities of the master are in it.
        opportunities: u64,
    },
    /// The assignee named is not an active user.
    #[error("no active user {0:?}")]
    UnknownUser(String),
    /// The master could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for PipelineError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}

/// How many opportunities are in pipeline `pipeline` (at stage `stage` when given).
pub fn pipeline_uses(
    conn: &Connection,
    pipeline: &str,
    stage: Option<&str>,
) -> Result<u64, StoreError> {
    let count: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM opportunity WHERE pipeline = ?1 AND (?2 IS NULL OR stage = ?2)",
        )?
        .query_row((pipeline, stage), |r| r.get(0))?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// Adds a pipeline for `team` (`None`: the default) with the stages of the default
/// pipeline to start from, which the admin then edits.
pub fn add_pipeline(
    conn: &Connection,
    code: &str,
    label: &str,
    team: Option<String>,
) -> Result<(), PipelineError> {
    change(conn, |pipelines| {
        let stages = tournee_core::pipeline::default_pipelines()
            .into_iter()
            .next()
            .map(|p| p.stages)
            .unwrap_or_default();
        pipelines.push(Pipeline {
            code: code.trim().to_string(),
            label: label.trim().to_string(),
            team,
            stages,
        });
        Ok(())
    })
}

/// Renames pipeline `code` and sets its team.
pub fn edit_pipeline(
    conn: &Connection,
    code: &str,
    label: &str,
    team: Option<String>,
) -> Result<(), PipelineError> {
    change(conn, |pipelines| {
        let pipeline = find(pipelines, code)?;
        pipeline.label = label.trim().to_string();
        pipeline.team = team;
        Ok(())
    })
}

/// Deletes pipeline `code`, which no opportunity may use.
pub fn delete_pipeline(conn: &Connection, code: &str) -> Result<(), PipelineError> {
    in_use(code, pipeline_uses(conn, code, None)?)?;
    change(conn, |pipelines| {
        find(pipelines, code)?;
        pipelines.retain(|p| p.code != code);
        Ok(())
    })
}

/// Adds a stage at the end of pipeline `pipeline`.
pub fn add_stage(
    conn: &Connection,
    pipeline: &str,
    code: &str,
    label: &str,
    probability: u8,
) -> Result<(), PipelineError> {
    change(conn, |pipelines| {
        find(pipelines, pipeline)?.stages.push(Stage {
            code: code.trim().to_string(),
            label: label.trim().to_string(),
            probability,
        });
        Ok(())
    })
}

/// Sets the label and the probability of stage `stage` of `pipeline`.
pub fn edit_stage(
    conn: &Connection,
    pipeline: &str,
    stage: &str,
    label: &str,
    probability: u8,
) -> Result<(), PipelineError> {
    change(conn, |pipelines| {
        let at = stage_at(pipelines, pipeline, stage)?;
        let target = &mut find(pipelines, pipeline)?.stages[at];
        target.label = label.trim().to_string();
        target.probability = probability;
        Ok(())
    })
}

/// Moves stage `stage` one place up (`up`) or down; the probabilities stay in place (see
/// the module's documentation). At an end, nothing moves.
pub fn move_stage(
    conn: &Connection,
    pipeline: &str,
    stage: &str,
    up: bool,
) -> Result<(), PipelineError> {
    change(conn, |pipelines| {
        let at = stage_at(pipelines, pipeline, stage)?;
        let stages = &mut find(pipelines, pipeline)?.stages;
        let to = if up {
            at.checked_sub(1)
        } else {
            Some(at + 1).filter(|to| *to < stages.len())
        };
        if let Some(to) = to {
            let (a, b) = (stages[at].probability, stages[to].probability);
            stages.swap(at, to);
            stages[at].probability = a;
            stages[to].probability = b;
        }
        Ok(())
    })
}

/// Deletes stage `stage` of `pipeline`, which no opportunity may be at.
pub fn delete_stage(conn: &Connection, pipeline: &str, stage: &str) -> Result<(), PipelineError> {
    in_use(stage, pipeline_uses(conn, pipeline, Some(stage))?)?;
    change(conn, |pipelines| {
        let at = stage_at(pipelines, pipeline, stage)?;
        find(pipelines, pipeline)?.stages.remove(at);
        Ok(())
    })
}

/// Sets « assign new opportunities to »: an active user's login, or `None` (each
/// opportunity stays with the owner its creator gave it).
pub fn set_opportunity_assignee(
    conn: &Connection,
    assignee: Option<&str>,
) -> Result<(), PipelineError> {
    let assignee = assignee.map(str::trim).filter(|a| !a.is_empty());
    if let Some(login) = assignee {
        let active = crate::master::users::find_user(conn, login)?.is_some_and(|u| u.active);
        if !active {
            return Err(PipelineError::UnknownUser(login.to_string()));
        }
    }
    let mut params = Parameters::load(conn)?;
    params.opportunity_assignee = assignee.map(str::to_string);
    params.save(conn)?;
    Ok(())
}

fn in_use(code: &str, opportunities: u64) -> Result<(), PipelineError> {
    if opportunities > 0 {
        return Err(PipelineError::InUse {
            code: code.to_string(),
            opportunities,
        });
    }
    Ok(())
}

fn find<'a>(pipelines: &'a mut [Pipeline], code: &str) -> Result<&'a mut Pipeline, PipelineError> {
    pipelines
        .iter_mut()
        .find(|p| p.code == code)
        .ok_or_else(|| PipelineError::UnknownPipeline(code.to_string()))
}

fn stage_at(
    pipelines: &mut [Pipeline],
    pipeline: &str,
    stage: &str,
) -> Result<usize, PipelineError> {
    find(pipelines, pipeline)?
        .stage(stage)
        .map(|(at, _)| at)
        .ok_or_else(|| PipelineError::UnknownStage {
            pipeline: pipeline.to_string(),
            stage: stage.to_string(),
        })
}

/// Applies `edit` to the stored list, checks the result and saves it with the other
/// parameters.
fn change(
    conn: &Connection,
    edit: impl FnOnce(&mut Vec<Pipeline>) -> Result<(), PipelineError>,
) -> Result<(), PipelineError> {
    let mut params = Parameters::load(conn)?;
    edit(&mut params.pipelines)?;
    let problems = check_pipelines(&params.pipelines);
    if !problems.is_empty() {
        return Err(PipelineError::Problems(problems));
    }
    params.save(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn master() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        conn
    }

    fn stages(conn: &Connection, pipeline: &str) -> Vec<(String, u8)> {
        let params = Parameters::load(conn).unwrap();
        tournee_core::pipeline::pipeline(&params.pipelines, pipeline)
            .unwrap()
            .stages
            .iter()
            .map(|s| (s.code.clone(), s.probability))
            .collect()
    }

    #[test]
    fn stages_are_added_edited_moved_and_deleted_through_the_stored_parameter() {
        let conn = master();
        add_stage(&conn, "standard", "signature", "Signature", 95).unwrap();
        edit_stage(&conn, "standard", "besoin", " Besoin confirmé ", 35).unwrap();
        move_stage(&conn, "standard", "signature", true).unwrap();
        assert_eq!(
            stages(&conn, "standard"),
            vec![
                ("qualification".to_string(), 10),
                ("besoin".to_string(), 35),
                ("proposition".to_string(), 60),
                ("signature".to_string(), 80),
                ("negociation".to_string(), 95),
            ],
            "the probabilities stay in place"
        );
        delete_stage(&conn, "standard", "signature").unwrap();
        assert_eq!(stages(&conn, "standard").len(), 4);
    }

    #[test]
    fn a_probability_that_falls_is_refused_and_nothing_saved() {
        let conn = master();
        let refused = edit_stage(&conn, "standard", "proposition", "Proposition", 20).unwrap_err();
        assert!(
            matches!(&refused, PipelineError::Problems(p) if p == &[PipelineProblem::NotRising {
                pipeline: "standard".into(),
                stage: "proposition".into()
            }]),
            "{refused:?}"
        );
        assert_eq!(
            stages(&conn, "standard")[2],
            ("proposition".to_string(), 60)
        );
    }

    #[test]
    fn a_stage_in_use_is_never_deleted_and_the_default_pipeline_stays() {
        let conn = master();
        conn.execute(
            "INSERT INTO opportunity (id, party_id, title, pipeline, stage, status, \
             created_by, created_at, change_id) VALUES ('O1', 'P1', 'T', 'standard', \
             'besoin', 'open', 'jdupont', '2026-11-20T09:00:00.000Z', 'C1')",
            [],
        )
        .unwrap();
        assert!(matches!(
            delete_stage(&conn, "standard", "besoin"),
            Err(PipelineError::InUse {
                opportunities: 1,
                ..
            })
        ));
        assert!(matches!(
            delete_pipeline(&conn, "standard"),
            Err(PipelineError::InUse { .. })
        ));
        add_pipeline(&conn, "nord", "Pipeline Nord", Some("1".into())).unwrap();
        assert!(matches!(
            add_pipeline(&conn, "bis", "Autre défaut", None),
            Err(PipelineError::Problems(_))
        ));
        delete_pipeline(&conn, "nord").unwrap();
    }

    #[test]
    fn the_assignee_is_an_active_user_or_nobody() {
        let conn = master();
        assert!(matches!(
            set_opportunity_assignee(&conn, Some("luc")),
            Err(PipelineError::UnknownUser(_))
        ));
        conn.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name, is_admin) \
             VALUES ('luc', 'LU01', 'luc@example.fr', 'Luc', 0)",
            [],
        )
        .unwrap();
        set_opportunity_assignee(&conn, Some("luc")).unwrap();
        assert_eq!(
            Parameters::load(&conn)
                .unwrap()
                .opportunity_assignee
                .as_deref(),
            Some("luc")
        );
        set_opportunity_assignee(&conn, Some("  ")).unwrap();
        assert_eq!(Parameters::load(&conn).unwrap().opportunity_assignee, None);
    }
}
