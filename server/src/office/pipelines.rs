//! The « Pipelines » page (issue 15): the sales pipelines as the admin defines them — a
//! default one and at most one per team, each an ordered list of stages with a conversion
//! probability that rises along it — and the rule « assign new opportunities to ». Admins
//! only. Every change goes through the store's checks (`tournee_store::PipelineError`, the
//! rule `Parameters::problems` applies); a refused one comes back with its problems in
//! both languages' catalogue, beside the form concerned. A stage or pipeline some
//! opportunity uses is never deleted. The laptops receive the pipelines with their next
//! snapshot (the `config` row `pipelines`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tournee_core::pipeline::Pipeline;
use tournee_store::{
    add_pipeline, add_stage, all_teams, all_users, delete_pipeline, delete_stage, edit_pipeline,
    edit_stage, move_stage, pipeline_uses, set_opportunity_assignee, Parameters, PipelineError,
};

use super::auth::{Admin, Signed};
use super::checked_form::{CheckedForm, NoFields};
use super::common::{form_page, who, with_db, SavedQuery};
use super::error::PageError;
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{pipeline_problem, Sentence, OFFICE};

/// Longest code, label or login read from a form: longer is refused by the rules anyway;
/// the bound keeps a hostile form from being carried further.
const TYPED_MAX_CHARS: usize = 200;

/// A pipeline as typed (the code only when new; `team` empty: the default pipeline).
#[derive(Deserialize)]
pub struct PipelineForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    team: String,
}

/// A stage as typed (the code only when new).
#[derive(Deserialize)]
pub struct StageForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    probability: String,
}

/// Which way a stage moves.
#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    direction: String,
}

/// The assignment rule's form: a login, or empty for nobody.
#[derive(Deserialize)]
pub struct AssigneeForm {
    #[serde(default)]
    assignee: String,
}

fn bounded(text: &str) -> String {
    text.trim().chars().take(TYPED_MAX_CHARS).collect()
}

/// One stage's row.
struct StageRow {
    code: String,
    label: String,
    probability: u8,
    uses: u64,
    first: bool,
    last: bool,
    /// `<pipeline>-<stage>`: the key of its forms' refusals and ids.
    key: String,
    /// The refusal of this stage's forms, if it was the one refused.
    errors: Vec<String>,
}

/// One pipeline's section.
struct PipelineRow {
    code: String,
    label: String,
    team: String,
    team_label: String,
    uses: u64,
    stages: Vec<StageRow>,
    /// The refusal of the pipeline's own form.
    errors: Vec<String>,
    /// `<pipeline>-new`: the key of its new-stage form.
    new_stage_key: String,
    /// The refusal of its new-stage form.
    new_stage_errors: Vec<String>,
}

/// A refusal: the form it is about (`new`, `assignee`, `<pipeline>`,
/// `<pipeline>-<stage>`) and its messages.
struct Refusal {
    form: String,
    messages: Vec<String>,
}

#[derive(Template)]
#[template(path = "office/pipelines.html")]
struct PipelinesPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    notice: Option<String>,
    pipelines: Vec<PipelineRow>,
    /// `(id, name)` of every team.
    teams: Vec<(String, String)>,
    /// `(login, name)` of every active user.
    users: Vec<(String, String)>,
    assignee: String,
    refused: bool,
    /// The refusal of the assignment rule's form.
    assignee_errors: Vec<String>,
    /// The refusal of the new-pipeline form.
    new_errors: Vec<String>,
}

/// The messages of `refusal` if it is about form `form`.
fn errors_of(refusal: &Option<Refusal>, form: &str) -> Vec<String> {
    match refusal {
        Some(r) if r.form == form => r.messages.clone(),
        _ => Vec::new(),
    }
}

/// What the page reads from the master.
struct Stored {
    pipelines: Vec<(Pipeline, u64, Vec<u64>)>,
    teams: Vec<(String, String)>,
    users: Vec<(String, String)>,
    assignee: Option<String>,
}

async fn page(
    state: &OfficeState,
    signed: &Signed,
    notice: Option<String>,
    refusal: Option<Refusal>,
) -> Result<Response, PageError> {
    let stored = with_db(state, |conn| {
        let params = Parameters::load(conn)?;
        let mut pipelines = Vec::with_capacity(params.pipelines.len());
        for p in params.pipelines {
            let uses = pipeline_uses(conn, &p.code, None)?;
            let mut stage_uses = Vec::with_capacity(p.stages.len());
            for s in &p.stages {
                stage_uses.push(pipeline_uses(conn, &p.code, Some(&s.code))?);
            }
            pipelines.push((p, uses, stage_uses));
        }
        let teams = all_teams(conn)?
            .into_iter()
            .map(|t| (t.id.to_string(), t.name))
            .collect();
        let users = all_users(conn)?
            .into_iter()
            .filter(|u| u.active)
            .map(|u| (u.windows_user.clone(), u.display_name.clone()))
            .collect();
        Ok(Stored {
            pipelines,
            teams,
            users,
            assignee: params.opportunity_assignee,
        })
    })
    .await?;
    let team_label = |team: &Option<String>| match team {
        None => Sentence::PipelineDefaultTeam.office(&[]),
        Some(id) => stored
            .teams
            .iter()
            .find(|(t, _)| t == id)
            .map_or_else(|| id.clone(), |(_, name)| name.clone()),
    };
    let pipelines = stored
        .pipelines
        .iter()
        .map(|(p, uses, stage_uses)| {
            let count = p.stages.len();
            PipelineRow {
                errors: errors_of(&refusal, &p.code),
                new_stage_key: format!("{}-new", p.code),
                new_stage_errors: errors_of(&refusal, &format!("{}-new", p.code)),
                code: p.code.clone(),
                label: p.label.clone(),
                team: p.team.clone().unwrap_or_default(),
                team_label: team_label(&p.team),
                uses: *uses,
                stages: p
                    .stages
                    .iter()
                    .zip(stage_uses)
                    .enumerate()
                    .map(|(i, (s, uses))| StageRow {
                        key: format!("{}-{}", p.code, s.code),
                        errors: errors_of(&refusal, &format!("{}-{}", p.code, s.code)),
                        code: s.code.clone(),
                        label: s.label.clone(),
                        probability: s.probability,
                        uses: *uses,
                        first: i == 0,
                        last: i + 1 == count,
                    })
                    .collect(),
            }
        })
        .collect();
    let refused = refusal.is_some();
    let html = render(&PipelinesPage {
        shell: Shell::new("Pipelines", who(signed)),
        csrf: &signed.csrf,
        notice,
        pipelines,
        teams: stored.teams.clone(),
        users: stored.users.clone(),
        assignee: stored.assignee.clone().unwrap_or_default(),
        refused,
        assignee_errors: errors_of(&refusal, "assignee"),
        new_errors: errors_of(&refusal, "new"),
    })?;
    Ok(form_page(html, refused))
}

/// GET /office/admin/pipelines
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Query(query): Query<SavedQuery>,
) -> Result<Response, PageError> {
    let notice = query.saved.map(|_| Sentence::PipelinesSaved.office(&[]));
    page(&state, &signed, notice, None).await
}

/// Runs a change in one immediate transaction; after it, back to the page (snapshots
/// follow), or the page again with the refusal beside form `form`.
async fn change(
    state: OfficeState,
    signed: Signed,
    form: String,
    work: impl FnOnce(&rusqlite::Connection) -> Result<(), PipelineError> + Send + 'static,
) -> Result<Response, PageError> {
    let outcome = with_db(&state, move |conn| {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        match work(&tx) {
            Ok(()) => {
                tx.commit()?;
                Ok(Ok(()))
            }
            Err(PipelineError::Store(error)) => Err(error.into()),
            Err(refused) => Ok(Err(refused)),
        }
    })
    .await?;
    let messages = match outcome {
        Ok(()) => {
            tracing::info!(by = %signed.account.login, form, "pipelines changed");
            state.request_snapshots(None);
            return Ok(Redirect::to("/office/admin/pipelines?saved=1").into_response());
        }
        Err(refused) => messages_of(&refused)?,
    };
    let refusal = Refusal { form, messages };
    page(&state, &signed, None, Some(refusal)).await
}

/// What a refusal says, in the back office's language.
fn messages_of(refused: &PipelineError) -> Result<Vec<String>, PageError> {
    Ok(match refused {
        PipelineError::Problems(problems) => problems
            .iter()
            .map(|p| pipeline_problem(p).say(OFFICE))
            .collect(),
        PipelineError::UnknownPipeline(code) => {
            vec![Sentence::PipelineUnknown.office(&[("code", code)])]
        }
        PipelineError::UnknownStage { stage, .. } => {
            vec![Sentence::PipelineUnknown.office(&[("code", stage)])]
        }
        PipelineError::InUse {
            code,
            opportunities,
        } => vec![Sentence::PipelineInUse.office(&[
            ("code", code),
            ("opportunities", &opportunities.to_string()),
        ])],
        PipelineError::UnknownUser(login) => {
            vec![Sentence::PipelineUnknownAssignee.office(&[("login", login)])]
        }
        PipelineError::Store(_) => {
            return Err(PageError::BadForm(
                "store error after the transaction".into(),
            ))
        }
    })
}

/// A probability typed: a whole number from 0 to 100, else the page says so beside the form.
fn probability(typed: &str) -> Option<u8> {
    typed.trim().trim_end_matches('%').trim().parse::<u8>().ok()
}

async fn bad_probability(
    state: &OfficeState,
    signed: &Signed,
    form: String,
    typed: &str,
) -> Result<Response, PageError> {
    let refusal = Refusal {
        form,
        messages: vec![Sentence::PipelineProbabilityTyped.office(&[("typed", &bounded(typed))])],
    };
    page(state, signed, None, Some(refusal)).await
}

fn team_of(typed: &str) -> Option<String> {
    Some(bounded(typed)).filter(|t| !t.is_empty())
}

/// POST /office/admin/pipelines: a new pipeline (the default's stages to start from).
pub async fn create(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<PipelineForm>,
) -> Result<Response, PageError> {
    let (code, label, team) = (
        bounded(&form.code),
        bounded(&form.label),
        team_of(&form.team),
    );
    change(state, signed, "new".into(), move |conn| {
        add_pipeline(conn, &code, &label, team)
    })
    .await
}

/// POST /office/admin/pipelines/assignee: « assign new opportunities to ».
pub async fn assignee(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<AssigneeForm>,
) -> Result<Response, PageError> {
    let login = bounded(&form.assignee);
    change(state, signed, "assignee".into(), move |conn| {
        set_opportunity_assignee(conn, Some(&login))
    })
    .await
}

/// POST /office/admin/pipelines/{code}: its label and team.
pub async fn edit(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(code): Path<String>,
    CheckedForm(form): CheckedForm<PipelineForm>,
) -> Result<Response, PageError> {
    let (label, team) = (bounded(&form.label), team_of(&form.team));
    let key = bounded(&code);
    change(state, signed, key, move |conn| {
        edit_pipeline(conn, &code, &label, team)
    })
    .await
}

/// POST /office/admin/pipelines/{code}/delete: only one no opportunity uses.
pub async fn delete(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(code): Path<String>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    let key = bounded(&code);
    change(state, signed, key, move |conn| delete_pipeline(conn, &code)).await
}

/// POST /office/admin/pipelines/{code}/stages: a new stage at the end.
pub async fn create_stage(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(code): Path<String>,
    CheckedForm(form): CheckedForm<StageForm>,
) -> Result<Response, PageError> {
    let key = format!("{}-new", bounded(&code));
    let Some(chance) = probability(&form.probability) else {
        return bad_probability(&state, &signed, key, &form.probability).await;
    };
    let (stage, label) = (bounded(&form.code), bounded(&form.label));
    change(state, signed, key, move |conn| {
        add_stage(conn, &code, &stage, &label, chance)
    })
    .await
}

/// POST /office/admin/pipelines/{code}/stages/{stage}: its label and probability.
pub async fn edit_stage_form(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path((code, stage)): Path<(String, String)>,
    CheckedForm(form): CheckedForm<StageForm>,
) -> Result<Response, PageError> {
    let key = format!("{}-{}", bounded(&code), bounded(&stage));
    let Some(chance) = probability(&form.probability) else {
        return bad_probability(&state, &signed, key, &form.probability).await;
    };
    let label = bounded(&form.label);
    change(state, signed, key, move |conn| {
        edit_stage(conn, &code, &stage, &label, chance)
    })
    .await
}

/// POST /office/admin/pipelines/{code}/stages/{stage}/move: `direction=up` or `down`.
pub async fn reorder_stage(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path((code, stage)): Path<(String, String)>,
    CheckedForm(form): CheckedForm<MoveForm>,
) -> Result<Response, PageError> {
    let up = match form.direction.as_str() {
        "up" => true,
        "down" => false,
        other => return Err(PageError::BadForm(format!("direction {other:?}"))),
    };
    let key = format!("{}-{}", bounded(&code), bounded(&stage));
    change(state, signed, key, move |conn| {
        move_stage(conn, &code, &stage, up)
    })
    .await
}

/// POST /office/admin/pipelines/{code}/stages/{stage}/delete: only one no opportunity is at.
pub async fn delete_stage_form(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path((code, stage)): Path<(String, String)>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    let key = format!("{}-{}", bounded(&code), bounded(&stage));
    change(state, signed, key, move |conn| {
        delete_stage(conn, &code, &stage)
    })
    .await
}
