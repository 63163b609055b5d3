//! Opportunities as the laptop (and the browser) reads them (issue 15): the snapshot's
//! `opportunity` table with this laptop's pending record changes laid over it (the same
//! overlay as parties and actions, [`crate::record_overlay`]), then drawn as a pipeline's
//! board, one opportunity's page, a party's open opportunities, and the two figures of
//! brief 002/003 computed by the core's pure functions ([`tournee_core::opportunity::figures`]):
//! the forecast per month and the average time to close in hours, per rep and per month.
//!
//! An older snapshot has no `opportunity` table: it reads as having none (only the
//! opportunities created on this laptop show). The time to close counts what the server
//! closed (`closed_at` is its stamp): a close still pending on this laptop counts once the
//! snapshot carries it.

mod board_read;
#[cfg(test)]
mod tests;

pub use board_read::board_read;

use std::collections::{BTreeMap, HashSet};

use chrono::DateTime;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tournee_core::opportunity::figures::{average_hours_tenths, forecast_by_month, Weighed};
use tournee_core::opportunity::{next_stage, OpportunityState, OpportunityStatus};
use tournee_core::pipeline::{pipeline, Pipeline};
use tournee_sync::RecordEntity;

use crate::dto::{
    BoardColumn, ForecastMonth, OpportunityBoard, OpportunityCard, OpportunityFigures,
    OpportunityView, PipelineChoice, TimeToCloseLine,
};
use crate::error::{FieldError, Result};
use crate::record_overlay::{merged, snapshot_row, RecordOverlay};
use crate::record_views::RecordReader;

/// Whether the snapshot has the opportunity table (a server that writes it).
pub fn has_opportunity_table(conn: &Connection) -> Result<bool> {
    let mut exists =
        conn.prepare_cached("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1")?;
    for table in tournee_sync::SNAPSHOT_OPPORTUNITY_TABLES {
        if !exists.exists([table])? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// One opportunity as its snapshot row and the pending fields leave it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpportunityRow {
    pub id: String,
    pub party_id: String,
    pub person_id: Option<String>,
    pub title: String,
    pub value_cents: Option<i64>,
    pub expected_close: Option<String>,
    pub pipeline: String,
    pub stage: String,
    pub status: String,
    pub loss_reason: Option<String>,
    pub closed_at: Option<String>,
    pub owner: String,
    pub created_by: String,
    pub created_at: String,
}

impl OpportunityRow {
    /// Its status (an unknown code, which no server writes, reads as open).
    pub fn status(&self) -> OpportunityStatus {
        OpportunityStatus::from_code(&self.status).unwrap_or(OpportunityStatus::Open)
    }

    /// What the pipeline's rules look at.
    pub fn state(&self) -> OpportunityState {
        OpportunityState {
            pipeline: self.pipeline.clone(),
            stage: self.stage.clone(),
            status: self.status(),
            loss_reason: self.loss_reason.clone(),
        }
    }
}

/// An opportunity with its party's name and whether pending changes touched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The record.
    pub row: OpportunityRow,
    /// Its party's name as lists show it.
    pub party_name: String,
    /// Changed on this laptop and not yet back from the server.
    pub pending: bool,
}

/// A party's name as lists show it, in SQL (`p` is the party): a private person's first
/// name after the last, as `PartyRow::display_name`.
const PARTY_NAME: &str = "CASE WHEN p.kind = 'person' AND coalesce(p.first_name, '') <> '' \
    THEN p.name || ' ' || p.first_name ELSE p.name END";

/// Every opportunity the user reads (of party `party_id` only, when given): the
/// snapshot's, those the pending changes touch merged, deleted ones left out, and those
/// created here.
pub fn opportunities(reader: &RecordReader<'_>, party_id: Option<&str>) -> Result<Vec<Merged>> {
    let overlay: &RecordOverlay = reader.overlay;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    if has_opportunity_table(reader.conn)? {
        let sql = format!(
            "SELECT o.id, o.party_id, o.person_id, o.title, o.value_cents, o.expected_close, \
               o.pipeline, o.stage, o.status, o.loss_reason, o.closed_at, o.owner, \
               o.created_by, o.created_at, {PARTY_NAME} \
             FROM opportunity o JOIN party p ON p.id = o.party_id \
             WHERE ?1 IS NULL OR o.party_id = ?1"
        );
        let mut statement = reader.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([party_id], |r| {
            Ok((
                OpportunityRow {
                    id: r.get(0)?,
                    party_id: r.get(1)?,
                    person_id: r.get(2)?,
                    title: r.get(3)?,
                    value_cents: r.get(4)?,
                    expected_close: r.get(5)?,
                    pipeline: r.get(6)?,
                    stage: r.get(7)?,
                    status: r.get(8)?,
                    loss_reason: r.get(9)?,
                    closed_at: r.get(10)?,
                    owner: r.get(11)?,
                    created_by: r.get(12)?,
                    created_at: r.get(13)?,
                },
                r.get::<_, String>(14)?,
            ))
        })?;
        for row in rows {
            let (row, party_name) = row?;
            seen.insert(row.id.clone());
            match overlay.get(RecordEntity::Opportunity, &row.id) {
                None => out.push(Merged {
                    row,
                    party_name,
                    pending: false,
                }),
                Some(_) => out.extend(one(reader, &row.id)?),
            }
        }
    }
    for state in overlay.of(RecordEntity::Opportunity) {
        if seen.contains(&state.id) || !state.created || state.deleted {
            continue;
        }
        let belongs = party_id.is_none_or(|party| {
            state.fields.get("party_id").and_then(Value::as_str) == Some(party)
        });
        if belongs {
            out.extend(one(reader, &state.id)?);
        }
    }
    Ok(out)
}

/// One opportunity, merged, with its party's name; `None` when unknown, deleted, or its
/// party is not readable here.
pub fn one(reader: &RecordReader<'_>, id: &str) -> Result<Option<Merged>> {
    let row = if has_opportunity_table(reader.conn)? {
        snapshot_row(reader.conn, "opportunity", id)?
    } else {
        None
    };
    let pending = reader.overlay.get(RecordEntity::Opportunity, id);
    let Some((row, touched)) = merged::<OpportunityRow>(row, pending)? else {
        return Ok(None);
    };
    let Some((party, _)) = reader.party(&row.party_id)? else {
        return Ok(None);
    };
    Ok(Some(Merged {
        row,
        party_name: party.display_name(),
        pending: touched,
    }))
}

/// The pipeline of code `code`, else the default one (in no team), else the first.
pub fn pipeline_or_default<'a>(
    pipelines: &'a [Pipeline],
    code: Option<&str>,
) -> Option<&'a Pipeline> {
    match code {
        Some(code) => pipeline(pipelines, code),
        None => pipelines
            .iter()
            .find(|p| p.team.is_none())
            .or_else(|| pipelines.first()),
    }
}

fn choice(p: &Pipeline) -> PipelineChoice {
    PipelineChoice {
        code: p.code.clone(),
        label: p.label.clone(),
    }
}

fn card(m: &Merged, pipe: &Pipeline) -> OpportunityCard {
    OpportunityCard {
        id: m.row.id.clone(),
        party_id: m.row.party_id.clone(),
        party_name: m.party_name.clone(),
        title: m.row.title.clone(),
        value_cents: m.row.value_cents,
        expected_close: m.row.expected_close.clone(),
        owner: m.row.owner.clone(),
        stage: m.row.stage.clone(),
        next_stage: next_stage(pipe, &m.row.stage).map(|s| s.code.clone()),
        pending: m.pending,
    }
}

/// The probability of `stage` in the pipelines (0 when unknown).
fn probability(pipelines: &[Pipeline], row: &OpportunityRow) -> u8 {
    pipeline(pipelines, &row.pipeline)
        .and_then(|p| p.stage(&row.stage))
        .map_or(0, |(_, s)| s.probability)
}

/// The forecast of the open opportunities among `all`.
fn forecast<'a>(
    pipelines: &[Pipeline],
    all: impl Iterator<Item = &'a Merged>,
) -> Vec<ForecastMonth> {
    let weighed = all
        .filter(|m| m.row.status() == OpportunityStatus::Open)
        .map(|m| Weighed {
            month: m
                .row
                .expected_close
                .as_deref()
                .and_then(|d| d.get(..7))
                .map(str::to_string),
            value_cents: m.row.value_cents.unwrap_or(0),
            probability: probability(pipelines, &m.row),
        });
    forecast_by_month(weighed)
        .into_iter()
        .map(|(month, cents)| ForecastMonth { month, cents })
        .collect()
}

/// The board of pipeline `code` (`None`: the default one) over merged opportunities `all`:
/// its stages as columns, each with its open opportunities (soonest expected close first,
/// undated last), and the pipeline's forecast. The definition the faster [`board_read`]
/// is tested against. An opportunity at a stage the admin has since removed shows in
/// the first column, so that it is never lost from sight.
pub fn board(
    pipelines: &[Pipeline],
    all: &[Merged],
    code: Option<&str>,
) -> Result<OpportunityBoard> {
    let pipe = pipeline_or_default(pipelines, code).ok_or_else(|| FieldError::UnknownRecord {
        entity: "pipeline",
        id: code.unwrap_or_default().to_string(),
    })?;
    let mine: Vec<&Merged> = all.iter().filter(|m| m.row.pipeline == pipe.code).collect();
    let mut columns: Vec<BoardColumn> = pipe
        .stages
        .iter()
        .map(|stage| BoardColumn {
            stage: stage.clone(),
            cards: Vec::new(),
            total_cents: 0,
        })
        .collect();
    let mut undated = 0_u32;
    let (mut won, mut lost) = (0_u32, 0_u32);
    for m in &mine {
        match m.row.status() {
            OpportunityStatus::Won => won += 1,
            OpportunityStatus::Lost => lost += 1,
            OpportunityStatus::Open => {
                let at = pipe.stage(&m.row.stage).map_or(0, |(at, _)| at);
                if let Some(column) = columns.get_mut(at) {
                    column.total_cents = column
                        .total_cents
                        .saturating_add(m.row.value_cents.unwrap_or(0));
                    column.cards.push(card(m, pipe));
                }
                if m.row.expected_close.is_none() {
                    undated += 1;
                }
            }
        }
    }
    for column in &mut columns {
        column.cards.sort_by(|a, b| {
            (
                a.expected_close.is_none(),
                &a.expected_close,
                &a.title,
                &a.id,
            )
                .cmp(&(
                    b.expected_close.is_none(),
                    &b.expected_close,
                    &b.title,
                    &b.id,
                ))
        });
    }
    Ok(OpportunityBoard {
        pipeline: choice(pipe),
        pipelines: pipelines.iter().map(choice).collect(),
        columns,
        forecast: forecast(pipelines, mine.iter().copied()),
        undated,
        won,
        lost,
    })
}

/// One opportunity's page.
pub fn view(pipelines: &[Pipeline], m: &Merged) -> OpportunityView {
    let pipe = pipeline(pipelines, &m.row.pipeline);
    let at = pipe.and_then(|p| p.stage(&m.row.stage)).map(|(at, _)| at);
    let stage_at = |i: Option<usize>| {
        i.and_then(|i| pipe.and_then(|p| p.stages.get(i)))
            .map(|s| s.code.clone())
    };
    OpportunityView {
        id: m.row.id.clone(),
        party_id: m.row.party_id.clone(),
        party_name: m.party_name.clone(),
        person_id: m.row.person_id.clone(),
        title: m.row.title.clone(),
        value_cents: m.row.value_cents,
        expected_close: m.row.expected_close.clone(),
        pipeline: pipe.map_or_else(
            || PipelineChoice {
                code: m.row.pipeline.clone(),
                label: m.row.pipeline.clone(),
            },
            choice,
        ),
        stages: pipe.map(|p| p.stages.clone()).unwrap_or_default(),
        stage: m.row.stage.clone(),
        next_stage: stage_at(at.map(|i| i + 1)),
        previous_stage: stage_at(at.and_then(|i| i.checked_sub(1))),
        status: m.row.status(),
        loss_reason: m.row.loss_reason.clone(),
        owner: m.row.owner.clone(),
        created_by: m.row.created_by.clone(),
        created_at: m.row.created_at.clone(),
        closed_at: m.row.closed_at.clone(),
        pending: m.pending,
    }
}

/// A party's open opportunities as cards, soonest expected close first.
pub fn open_cards(pipelines: &[Pipeline], of_party: &[Merged]) -> Vec<OpportunityCard> {
    let mut cards: Vec<OpportunityCard> = of_party
        .iter()
        .filter(|m| m.row.status() == OpportunityStatus::Open)
        .filter_map(|m| pipeline(pipelines, &m.row.pipeline).map(|p| card(m, p)))
        .collect();
    cards.sort_by(|a, b| {
        (a.expected_close.is_none(), &a.expected_close, &a.id).cmp(&(
            b.expected_close.is_none(),
            &b.expected_close,
            &b.id,
        ))
    });
    cards
}

/// The forecast of every pipeline and the average time to close: per rep (the owner)
/// and month closed, newest month first, and over everything closed.
pub fn figures(pipelines: &[Pipeline], all: &[Merged]) -> OpportunityFigures {
    let mut groups: BTreeMap<(String, String), Vec<i64>> = BTreeMap::new();
    let mut every = Vec::new();
    for m in all {
        if !m.row.status().is_closed() {
            continue;
        }
        let Some(seconds) = duration_secs(&m.row) else {
            continue;
        };
        let period = m
            .row
            .closed_at
            .as_deref()
            .and_then(|c| c.get(..7))
            .unwrap_or_default();
        groups
            .entry((period.to_string(), m.row.owner.clone()))
            .or_default()
            .push(seconds);
        every.push(seconds);
    }
    let mut time_to_close: Vec<TimeToCloseLine> = groups
        .into_iter()
        .filter_map(|((period, owner), durations)| {
            let closed = u32::try_from(durations.len()).unwrap_or(u32::MAX);
            average_hours_tenths(durations).map(|tenths| TimeToCloseLine {
                owner,
                period,
                closed,
                average_hours_tenths: tenths,
            })
        })
        .collect();
    time_to_close.sort_by(|a, b| b.period.cmp(&a.period).then_with(|| a.owner.cmp(&b.owner)));
    OpportunityFigures {
        forecast: forecast(pipelines, all.iter()),
        time_to_close,
        average_hours_tenths: average_hours_tenths(every),
    }
}

/// Seconds from an opportunity's creation to its close, both server-stamped RFC 3339.
fn duration_secs(row: &OpportunityRow) -> Option<i64> {
    let created = DateTime::parse_from_rfc3339(&row.created_at).ok()?;
    let closed = DateTime::parse_from_rfc3339(row.closed_at.as_deref()?).ok()?;
    Some((closed - created).num_seconds())
}
