//! The board read for speed (issue 15, « a board of 10,000 opportunities opens in under
//! 100 ms »): the same board as [`super::board`] over [`super::opportunities`], but the
//! snapshot is asked only for what a board shows. The open opportunities of the pipeline
//! come with the card's columns only (not the page's `loss_reason`, `closed_at`,
//! `created_by`, `person_id`), the closed ones are counted in SQL rather than read, and the
//! few records this laptop's pending changes touch are left out of both reads and merged
//! one by one as [`super::one`] merges them, so that the overlay stays exact.

use std::collections::HashSet;

use serde_json::Value;
use tournee_core::opportunity::OpportunityStatus;
use tournee_core::pipeline::Pipeline;
use tournee_sync::RecordEntity;

use super::{has_opportunity_table, one, Merged, OpportunityRow, PARTY_NAME};
use crate::dto::OpportunityBoard;
use crate::error::{FieldError, Result};
use crate::record_views::RecordReader;

/// The board of pipeline `code` (`None`: the default one), equal to
/// `board(pipelines, &opportunities(reader, None)?, code)` and read in a fraction of its
/// time: see the module's documentation.
pub fn board_read(
    reader: &RecordReader<'_>,
    pipelines: &[Pipeline],
    code: Option<&str>,
) -> Result<OpportunityBoard> {
    let pipe =
        super::pipeline_or_default(pipelines, code).ok_or_else(|| FieldError::UnknownRecord {
            entity: "pipeline",
            id: code.unwrap_or_default().to_string(),
        })?;
    let pending = reader.overlay.of(RecordEntity::Opportunity);
    let pending_ids: Vec<&str> = pending.iter().map(|s| s.id.as_str()).collect();
    let pending_json = Value::from(pending_ids).to_string();
    let mut rows: Vec<Merged> = Vec::new();
    let (mut won, mut lost) = (0_u32, 0_u32);
    let mut in_snapshot: HashSet<String> = HashSet::new();
    if has_opportunity_table(reader.conn)? {
        read_open(reader, &pipe.code, &pending_json, &mut rows)?;
        (won, lost) = count_closed(reader, &pipe.code, &pending_json)?;
        in_snapshot = joined_ids(reader, &pending_json)?;
    }
    // The pending ones, as `opportunities` reads them: a snapshot row (seen through the
    // same join) merged with its changes, or one created here and not deleted.
    for state in &pending {
        let seen = in_snapshot.contains(&state.id);
        if !seen && (!state.created || state.deleted) {
            continue;
        }
        let Some(merged) = one(reader, &state.id)? else {
            continue;
        };
        if merged.row.pipeline != pipe.code {
            continue;
        }
        match merged.row.status() {
            OpportunityStatus::Won => won += 1,
            OpportunityStatus::Lost => lost += 1,
            OpportunityStatus::Open => rows.push(merged),
        }
    }
    let mut board = super::board(pipelines, &rows, Some(pipe.code.as_str()))?;
    board.won = won;
    board.lost = lost;
    Ok(board)
}

/// The open opportunities of pipeline `pipeline` that no pending change touches, with the
/// columns a card shows. An unknown status code reads as open, as
/// [`OpportunityRow::status`] reads it.
fn read_open(
    reader: &RecordReader<'_>,
    pipeline: &str,
    pending_json: &str,
    out: &mut Vec<Merged>,
) -> Result<()> {
    let sql = format!(
        "SELECT o.id, o.party_id, o.title, o.value_cents, o.expected_close, o.stage, o.owner, \
                {PARTY_NAME} \
         FROM opportunity o JOIN party p ON p.id = o.party_id \
         WHERE o.pipeline = ?1 AND o.status NOT IN ('won', 'lost') \
           AND o.id NOT IN (SELECT value FROM json_each(?2))"
    );
    let mut statement = reader.conn.prepare_cached(&sql)?;
    let rows = statement.query_map(rusqlite::params![pipeline, pending_json], |r| {
        Ok(Merged {
            row: OpportunityRow {
                id: r.get(0)?,
                party_id: r.get(1)?,
                title: r.get(2)?,
                value_cents: r.get(3)?,
                expected_close: r.get(4)?,
                pipeline: pipeline.to_string(),
                stage: r.get(5)?,
                status: OpportunityStatus::Open.code().to_string(),
                owner: r.get(6)?,
                ..OpportunityRow::default()
            },
            party_name: r.get(7)?,
            pending: false,
        })
    })?;
    for row in rows {
        out.push(row?);
    }
    Ok(())
}

/// How many opportunities of `pipeline` that no pending change touches are won and lost.
fn count_closed(
    reader: &RecordReader<'_>,
    pipeline: &str,
    pending_json: &str,
) -> Result<(u32, u32)> {
    let mut statement = reader.conn.prepare_cached(
        "SELECT count(*) FILTER (WHERE o.status = 'won'), count(*) FILTER (WHERE o.status = 'lost') \
         FROM opportunity o JOIN party p ON p.id = o.party_id \
         WHERE o.pipeline = ?1 AND o.status IN ('won', 'lost') \
           AND o.id NOT IN (SELECT value FROM json_each(?2))",
    )?;
    Ok(
        statement.query_row(rusqlite::params![pipeline, pending_json], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?,
    )
}

/// Which of the pending ids the snapshot holds with their party (the join every read of
/// [`super::opportunities`] makes).
fn joined_ids(reader: &RecordReader<'_>, pending_json: &str) -> Result<HashSet<String>> {
    let mut statement = reader.conn.prepare_cached(
        "SELECT o.id FROM opportunity o JOIN party p ON p.id = o.party_id \
         WHERE o.id IN (SELECT value FROM json_each(?1))",
    )?;
    let ids = statement.query_map([pending_json], |r| r.get::<_, String>(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}
