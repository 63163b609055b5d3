//! Writing the CRM's records (parties, people, actions, replies, todos) from sync-spec
//! v2 record changes, with the per-field last-writer-wins rule.
//!
//! Laptops edit offline and their change files arrive in any order, so each field is
//! settled on its own (sync-spec §6.4, as for prospects): the write with the later
//! `created_at` (UTC) wins, ties broken by the greater change id; the value that loses —
//! overwritten, or arriving late — goes to `record_field_history`, so nothing typed is
//! lost. A deletion leaves a tombstone (with the row as it was) and wins over every update
//! integrated after it. A record that names another one (a reply its action, a person its
//! company) waits while that one has not arrived: the caller parks the change, as an MP
//! waits for its CP.
//!
//! This module is the store's half of record changes; the exactly-once ledger, the checks
//! of the user and the policy, and the `RC` files themselves are wired by the integration
//! (issue 13, docs/crm-core.md). The caller runs it inside its transaction.

mod columns;
mod settle;
mod status;
mod table;
#[cfg(test)]
mod tests;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use tournee_sync::{RecordChange, RecordEntity, RecordFields, RecordOp};

use crate::error::StoreError;
use settle::settle_field;
pub use status::{
    apply_record_and_status, party_facts, refresh_all_statuses, refresh_party_status, stored_status,
};
use table::Table;

/// Who writes, when and with which change: the stamp every field written carries.
#[derive(Debug, Clone)]
pub struct RecordWrite {
    /// The change id (ULID) of the file.
    pub change_id: String,
    /// The user (login) who wrote it.
    pub user: String,
    /// `created_at` of the file, which orders writes.
    pub written_at: DateTime<Utc>,
}

impl RecordWrite {
    /// The stamp as stored: RFC 3339 in UTC with milliseconds, so text order is time order.
    fn at(&self) -> String {
        self.written_at.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

/// What a record change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordApplied {
    /// A new record.
    Created,
    /// An update: the fields it won, and those an earlier-dated write had already set
    /// later (kept in the history).
    Updated {
        /// Fields this change wrote.
        won: Vec<String>,
        /// Fields where a later write stays in force.
        lost: Vec<String>,
    },
    /// The record was deleted (its row kept in its tombstone).
    Deleted,
}

/// Why a record change did not apply.
#[derive(Debug, thiserror::Error)]
pub enum RecordNotApplied {
    /// A record it needs has not arrived yet (its parent, or the record itself for an
    /// update or a deletion): park the change and retry.
    #[error("{} {id} not arrived yet", .entity.code())]
    WaitingFor {
        /// The missing record's entity.
        entity: RecordEntity,
        /// Its id.
        id: String,
    },
    /// The record, or a record it names, was deleted: the change is refused (its values
    /// are kept in the history when the record itself was deleted).
    #[error("{} {id} was deleted", .entity.code())]
    Deleted {
        /// The deleted record's entity.
        entity: RecordEntity,
        /// Its id.
        id: String,
    },
    /// A creation for an id that already exists (another change created it).
    #[error("{} {id} already exists", .entity.code())]
    AlreadyExists {
        /// The entity.
        entity: RecordEntity,
        /// The id.
        id: String,
    },
    /// The master could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for RecordNotApplied {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}

/// Applies one checked record change to the master, inside the caller's transaction.
pub fn apply_record(
    conn: &Connection,
    write: &RecordWrite,
    change: &RecordChange,
) -> Result<RecordApplied, RecordNotApplied> {
    let entity = change.entity();
    let table = Table::of(entity);
    let fields = written_fields(table, change)?;
    if let Some(deleted_by) = tombstone(conn, entity, &change.id)? {
        keep_lost_values(conn, entity, &change.id, &fields, write, &deleted_by)?;
        return Err(RecordNotApplied::Deleted {
            entity,
            id: change.id.clone(),
        });
    }
    check_parents(conn, table, &fields)?;
    let exists = record_exists(conn, table, &change.id)?;
    match (change.op, exists) {
        (RecordOp::Create, true) => Err(RecordNotApplied::AlreadyExists {
            entity,
            id: change.id.clone(),
        }),
        (RecordOp::Create, false) => {
            insert_record(conn, table, entity, &change.id, &fields, write)?;
            Ok(RecordApplied::Created)
        }
        (RecordOp::Update | RecordOp::Delete, false) => Err(RecordNotApplied::WaitingFor {
            entity,
            id: change.id.clone(),
        }),
        (RecordOp::Update, true) => {
            let (mut won, mut lost) = (Vec::new(), Vec::new());
            for (column, value) in &fields {
                if settle_field(conn, table, entity, &change.id, column, value, write)? {
                    won.push((*column).to_string());
                } else {
                    lost.push((*column).to_string());
                }
            }
            Ok(RecordApplied::Updated { won, lost })
        }
        (RecordOp::Delete, true) => {
            delete_record(conn, table, entity, &change.id, write)?;
            Ok(RecordApplied::Deleted)
        }
    }
}

/// Creates a record whose id the caller has just minted (a fresh ULID), inside its
/// transaction: the same rows as [`apply_record`]'s creation (the row, one `record_field`
/// stamp per field), without the look-ups that cannot find anything for such an id (a
/// tombstone, an existing row). The records its fields name must exist: the caller created
/// them earlier in the same transaction or checked them. For bulk creations (the contacts
/// import, 100,000 lines; the full demo), where those look-ups were a good part of the
/// time; any other change goes through [`apply_record`].
pub(crate) fn create_minted_record(
    conn: &Connection,
    write: &RecordWrite,
    change: &RecordChange,
) -> Result<RecordApplied, RecordNotApplied> {
    if change.op != RecordOp::Create {
        return apply_record(conn, write, change);
    }
    create_minted(conn, write, &change.id, &change.fields)?;
    Ok(RecordApplied::Created)
}

/// [`create_minted_record`] from the checked fields of a creation and the id minted for
/// it, so that a caller holding many checked creations (the contacts import's dry run)
/// need not copy each into a change. The columns are taken from the typed fields, not
/// from a JSON payload (`columns`), and the row is inserted by one statement per table
/// naming every column (prepared once per connection, not once per set of fields): a
/// column the creation leaves out is NULL, as when it is not named, since no record
/// column has a default (migration 0011).
pub(crate) fn create_minted(
    conn: &Connection,
    write: &RecordWrite,
    id: &str,
    fields: &RecordFields,
) -> Result<(), RecordNotApplied> {
    let entity = fields.entity();
    let table = Table::of(entity);
    let cells = columns::cells(table, fields)?;
    let at = write.at();
    let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(4 + cells.len());
    values.extend([
        &id as &dyn rusqlite::ToSql,
        &write.user,
        &at,
        &write.change_id,
    ]);
    values.extend(
        cells
            .iter()
            .map(|cell| cell.as_ref().unwrap_or(&SqlValue::Null) as &dyn rusqlite::ToSql),
    );
    conn.prepare_cached(&table.insert_all_sql())?
        .execute(values.as_slice())?;
    let mut stamp = conn.prepare_cached(
        "INSERT INTO record_field (entity, id, field, written_at, change_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (column, cell) in table.columns.iter().zip(&cells) {
        if cell.is_some() {
            stamp.execute(params![entity.code(), id, column, at, write.change_id])?;
        }
    }
    Ok(())
}

/// Keeps the values of a change refused because its record was deleted in the record's
/// field history, superseded by the deletion; returns whether the record has a tombstone.
///
/// [`apply_record`] keeps them too, but inside the change's savepoint, which the integrator
/// rolls back with the refusal: it calls this after the rollback, so that nothing the rep
/// typed is lost (sync-spec §12: a late update is recorded and answered, not resurrected).
pub fn keep_values_of_deleted(
    conn: &Connection,
    write: &RecordWrite,
    change: &RecordChange,
) -> Result<bool, StoreError> {
    let entity = change.entity();
    let Some(deleted_by) = tombstone(conn, entity, &change.id)? else {
        return Ok(false);
    };
    // Kept once: the same file refused again (a retry from `failed/`) adds nothing.
    let kept_already: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM record_field_history \
             WHERE entity = ?1 AND id = ?2 AND change_id = ?3)",
        )?
        .query_row(params![entity.code(), change.id, write.change_id], |r| {
            r.get(0)
        })?;
    if !kept_already {
        let fields = written_fields(Table::of(entity), change)?;
        keep_lost_values(conn, entity, &change.id, &fields, write, &deleted_by)?;
    }
    Ok(true)
}

/// The change's fields as (column, value) pairs, `null` for a cleared field.
fn written_fields(
    table: &Table,
    change: &RecordChange,
) -> Result<Vec<(&'static str, Value)>, StoreError> {
    let payload = change.to_payload();
    let Some(Value::Object(fields)) = payload.get("fields").cloned() else {
        return Ok(Vec::new()); // a deletion
    };
    fields
        .into_iter()
        .map(|(field, value)| match table.column(&field) {
            Some(column) => Ok((column, value)),
            // Invariant: the payload was read into the entity's typed fields, whose names
            // are the table's columns; a mismatch is a bug between the two lists.
            None => Err(StoreError::RecordUnmapped {
                table: table.name,
                field,
            }),
        })
        .collect()
}

/// The change that deleted this record, if it was deleted.
fn tombstone(
    conn: &Connection,
    entity: RecordEntity,
    id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT change_id FROM record_tombstone WHERE entity = ?1 AND id = ?2")?
        .query_row(params![entity.code(), id], |r| r.get(0))
        .optional()?)
}

fn record_exists(conn: &Connection, table: &Table, id: &str) -> Result<bool, RecordNotApplied> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1)", table.name);
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
}

/// Each record the fields name must exist: waiting while it has not arrived, refused
/// once it was deleted.
fn check_parents(
    conn: &Connection,
    table: &Table,
    fields: &[(&'static str, Value)],
) -> Result<(), RecordNotApplied> {
    for (field, parent) in table.parents {
        let Some(Value::String(id)) = fields
            .iter()
            .find(|(column, _)| column == field)
            .map(|(_, v)| v)
        else {
            continue;
        };
        if record_exists(conn, Table::of(*parent), id)? {
            continue;
        }
        let id = id.clone();
        return Err(if tombstone(conn, *parent, &id)?.is_some() {
            RecordNotApplied::Deleted {
                entity: *parent,
                id,
            }
        } else {
            RecordNotApplied::WaitingFor {
                entity: *parent,
                id,
            }
        });
    }
    Ok(())
}

fn insert_record(
    conn: &Connection,
    table: &Table,
    entity: RecordEntity,
    id: &str,
    fields: &[(&'static str, Value)],
    write: &RecordWrite,
) -> Result<(), RecordNotApplied> {
    let at = write.at();
    let columns: Vec<&str> = fields.iter().map(|(c, _)| *c).collect();
    let placeholders: Vec<String> = (0..fields.len()).map(|i| format!("?{}", i + 5)).collect();
    let sql = format!(
        "INSERT INTO {} (id, created_by, created_at, change_id{}{}) VALUES (?1, ?2, ?3, ?4{}{})",
        table.name,
        if columns.is_empty() { "" } else { ", " },
        columns.join(", "),
        if placeholders.is_empty() { "" } else { ", " },
        placeholders.join(", "),
    );
    let mut values: Vec<SqlValue> = vec![
        id.to_string().into(),
        write.user.clone().into(),
        at.clone().into(),
        write.change_id.clone().into(),
    ];
    values.extend(fields.iter().map(|(_, v)| sql_value(v)));
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    let mut stamp = conn.prepare_cached(
        "INSERT INTO record_field (entity, id, field, written_at, change_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (column, _) in fields {
        stamp.execute(params![entity.code(), id, column, at, write.change_id])?;
    }
    Ok(())
}

fn delete_record(
    conn: &Connection,
    table: &Table,
    entity: RecordEntity,
    id: &str,
    write: &RecordWrite,
) -> Result<(), RecordNotApplied> {
    let row_json: String = conn
        .prepare_cached(&table.row_json_sql())?
        .query_row([id], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT INTO record_tombstone (entity, id, deleted_by, deleted_at, change_id, row_json) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        entity.code(),
        id,
        write.user,
        write.at(),
        write.change_id,
        row_json
    ])?;
    conn.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", table.name))?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM record_field WHERE entity = ?1 AND id = ?2")?
        .execute(params![entity.code(), id])?;
    Ok(())
}

/// A change to a deleted record loses every field: each value goes to the history,
/// superseded by the deletion.
fn keep_lost_values(
    conn: &Connection,
    entity: RecordEntity,
    id: &str,
    fields: &[(&'static str, Value)],
    write: &RecordWrite,
    deleted_by: &str,
) -> Result<(), StoreError> {
    let at = write.at();
    for (column, value) in fields {
        settle::keep_in_history(
            conn,
            entity,
            id,
            column,
            &value.to_string(),
            Some((at.as_str(), write.change_id.as_str())),
            deleted_by,
        )?;
    }
    Ok(())
}

/// A JSON value of a record field as the SQL value stored: text, integer or NULL.
fn sql_value(value: &Value) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::String(text) => SqlValue::Text(text.clone()),
        Value::Bool(flag) => SqlValue::Integer(i64::from(*flag)),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => SqlValue::Integer(integer),
            None => SqlValue::Text(number.to_string()),
        },
        Value::Array(_) | Value::Object(_) => SqlValue::Text(value.to_string()),
    }
}
