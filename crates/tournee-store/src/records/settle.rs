//! One field of one record settled by the last-writer-wins rule, with the losing value
//! kept.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use tournee_sync::RecordEntity;

use super::table::Table;
use super::{sql_value, RecordNotApplied, RecordWrite};
use crate::error::StoreError;

/// Writes `value` into `column` of record `id` if this write is the latest for that
/// field; returns whether it won. Either way the value that loses goes to the history.
pub(super) fn settle_field(
    conn: &Connection,
    table: &Table,
    entity: RecordEntity,
    id: &str,
    column: &'static str,
    value: &Value,
    write: &RecordWrite,
) -> Result<bool, RecordNotApplied> {
    let at = write.at();
    let current: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT written_at, change_id FROM record_field WHERE entity = ?1 AND id = ?2 AND field = ?3",
        )?
        .query_row(params![entity.code(), id, column], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((current_at, current_change)) = &current {
        if (at.as_str(), write.change_id.as_str()) <= (current_at.as_str(), current_change.as_str())
        {
            keep_in_history(
                conn,
                entity,
                id,
                column,
                &value.to_string(),
                Some((at.as_str(), write.change_id.as_str())),
                current_change,
            )?;
            return Ok(false);
        }
    }
    let old: String = conn
        .prepare_cached(&format!(
            "SELECT json_quote({column}) FROM {} WHERE id = ?1",
            table.name
        ))?
        .query_row([id], |r| r.get(0))?;
    let old_stamp = current
        .as_ref()
        .map(|(at, change)| (at.as_str(), change.as_str()));
    if old != "null" || old_stamp.is_some() {
        keep_in_history(conn, entity, id, column, &old, old_stamp, &write.change_id)?;
    }
    conn.prepare_cached(&format!(
        "UPDATE {} SET {column} = ?1 WHERE id = ?2",
        table.name
    ))?
    .execute(params![sql_value(value), id])?;
    conn.prepare_cached(
        "INSERT INTO record_field (entity, id, field, written_at, change_id) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (entity, id, field) DO UPDATE SET written_at = excluded.written_at, \
         change_id = excluded.change_id",
    )?
    .execute(params![entity.code(), id, column, at, write.change_id])?;
    Ok(true)
}

/// Keeps a value that lost (or was replaced) in `record_field_history`: the write it
/// came from (`None`: a value no stamped write set) and the change that superseded it.
pub(super) fn keep_in_history(
    conn: &Connection,
    entity: RecordEntity,
    id: &str,
    field: &str,
    value_json: &str,
    stamp: Option<(&str, &str)>,
    superseded_by: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO record_field_history (entity, id, field, value_json, written_at, change_id, superseded_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        entity.code(),
        id,
        field,
        value_json,
        stamp.map(|(at, _)| at),
        stamp.map(|(_, change)| change),
        superseded_by
    ])?;
    Ok(())
}
