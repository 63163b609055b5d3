//! This laptop's pending record changes (`RC`), laid over the snapshot's records.
//!
//! The same rule as the clients' and prospects' overlay (`crate::overlay`): a change is
//! pending from the moment its mark is written in `local.sqlite` until a snapshot's
//! manifest lists it integrated or failed ([`crate::local::LocalDb::reconcile`]). Each
//! mark keeps the record change's payload (`{"entity","op","id","fields"}`); they are
//! folded here, oldest first, into one state per record: created here or not, deleted or
//! not, and the fields set or cleared (a later change wins per field, as on the server).
//!
//! Snapshot rows are read as JSON objects (column → value) so that a pending change is
//! applied the same way to every entity: its fields replace the row's.

use std::collections::HashMap;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tournee_sync::RecordEntity;

use crate::dto::PendingKind;
use crate::error::{FieldError, Result};
use crate::overlay::Overlay;

/// One record as this laptop's pending changes leave it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingState {
    /// Its entity.
    pub entity: RecordEntity,
    /// Its id.
    pub id: String,
    /// Created on this laptop (the snapshot does not have it yet).
    pub created: bool,
    /// Deleted on this laptop.
    pub deleted: bool,
    /// The fields set (`null`: cleared), merged in order.
    pub fields: Map<String, Value>,
    /// The change that first touched it (its order among the pending ones).
    pub first_change: String,
    /// When the change that created it here was written (the laptop's clock, RFC 3339):
    /// the server stamps the record's `created_at` with that time.
    pub created_at: Option<String>,
    /// When each field was last set here (the laptop's clock, RFC 3339): a close's time is
    /// its `status`'s, which the server stamps as `closed_at` (the reports count it).
    pub set_at: HashMap<String, String>,
}

/// Every pending record change of this laptop, by record.
#[derive(Debug, Default)]
pub struct RecordOverlay {
    /// By entity, then id (looked up without building a key).
    states: HashMap<RecordEntity, HashMap<String, PendingState>>,
}

impl RecordOverlay {
    /// Folds the pending `RC` marks of `overlay` (oldest first).
    pub fn from_overlay(overlay: &Overlay, me: &str) -> Result<Self> {
        let mut out = Self::default();
        for record in overlay.records() {
            if record.change.kind != PendingKind::Record {
                continue;
            }
            let payload: Value =
                serde_json::from_str(&record.detail_json).map_err(|source| FieldError::Json {
                    what: "pending record change".into(),
                    source,
                })?;
            out.add(
                &payload,
                &record.change.change_id,
                &record.change.written_at,
                me,
            );
        }
        Ok(out)
    }

    fn add(&mut self, payload: &Value, change_id: &str, written_at: &str, me: &str) {
        let text = |key: &str| payload.get(key).and_then(Value::as_str).unwrap_or("");
        let Some(entity) = RecordEntity::from_code(text("entity")) else {
            return;
        };
        let id = text("id").to_string();
        let op = text("op");
        let state = self
            .states
            .entry(entity)
            .or_default()
            .entry(id.clone())
            .or_insert_with(|| PendingState {
                entity,
                id: id.clone(),
                created: false,
                deleted: false,
                fields: Map::new(),
                first_change: change_id.to_string(),
                created_at: None,
                set_at: HashMap::new(),
            });
        match op {
            "create" => {
                state.created = true;
                state.fields.insert("id".into(), Value::from(id));
                state.fields.insert("owner".into(), Value::from(me));
                state.fields.insert("created_by".into(), Value::from(me));
                state.created_at = Some(written_at.to_string());
            }
            "delete" => state.deleted = true,
            _ => {}
        }
        if let Some(Value::Object(fields)) = payload.get("fields") {
            for (name, value) in fields {
                state.fields.insert(name.clone(), value.clone());
                state.set_at.insert(name.clone(), written_at.to_string());
            }
        }
    }

    /// The pending state of one record.
    pub fn get(&self, entity: RecordEntity, id: &str) -> Option<&PendingState> {
        self.states.get(&entity)?.get(id)
    }

    /// Every pending record of `entity`, in the order they were first touched.
    pub fn of(&self, entity: RecordEntity) -> Vec<&PendingState> {
        let mut states: Vec<&PendingState> = self
            .states
            .get(&entity)
            .map_or_else(Vec::new, |by_id| by_id.values().collect());
        states.sort_by(|a, b| a.first_change.cmp(&b.first_change));
        states
    }

    /// The pending records of `entity` whose `field` is `value` (a party's people,
    /// actions, todos; an action's replies), not deleted.
    pub fn children<'a>(
        &'a self,
        entity: RecordEntity,
        field: &'a str,
        value: &'a str,
    ) -> impl Iterator<Item = &'a PendingState> + 'a {
        self.of(entity).into_iter().filter(move |s| {
            !s.deleted && s.fields.get(field).and_then(Value::as_str) == Some(value)
        })
    }
}

/// A snapshot row of `table` by id, as a JSON object; `None` when absent.
pub fn snapshot_row(
    conn: &Connection,
    table: &str,
    id: &str,
) -> Result<Option<Map<String, Value>>> {
    let mut statement = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    Ok(statement.query_row([id], row_map).optional()?)
}

/// Every column of a row as a JSON value.
pub fn row_map(row: &Row<'_>) -> rusqlite::Result<Map<String, Value>> {
    let statement = row.as_ref();
    let mut map = Map::new();
    for index in 0..statement.column_count() {
        let name = statement.column_name(index)?.to_string();
        let value = match row.get_ref(index)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::from(i),
            ValueRef::Real(f) => Value::from(f),
            ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(_) => Value::Null,
        };
        map.insert(name, value);
    }
    Ok(map)
}

/// A record as the screens see it: the snapshot's row (if any) with the pending fields laid
/// over it, typed as `T`; `None` when neither has it or it is deleted here. The flag says
/// whether pending changes touched it.
pub fn merged<T: DeserializeOwned>(
    row: Option<Map<String, Value>>,
    pending: Option<&PendingState>,
) -> Result<Option<(T, bool)>> {
    if pending.is_some_and(|p| p.deleted) {
        return Ok(None);
    }
    let mut map = match (row, pending) {
        (Some(row), _) => row,
        (None, Some(p)) if p.created => Map::new(),
        (None, _) => return Ok(None),
    };
    if let Some(p) = pending {
        for (name, value) in &p.fields {
            map.insert(name.clone(), value.clone());
        }
    }
    let typed = serde_json::from_value(Value::Object(map)).map_err(|source| FieldError::Json {
        what: "record".into(),
        source,
    })?;
    Ok(Some((typed, pending.is_some())))
}
