//! A party's rows in the snapshot, read typed and by range: one query per table over the
//! snapshot's indexes (`sync-spec/snapshot/indexes.sql`: `action_by_party`,
//! `action_reply_by_action`, `person_by_party`, `todo_by_party`), only the columns the
//! screens show.
//!
//! Why: a contact page with 5,000 timeline entries read them one primary-key query at a
//! time and through JSON row maps (docs/benchmarks.md, « CRM contact list and timeline »);
//! a range query walks the index once. Pending changes are laid over these rows by
//! `crate::record_views`.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;
use crate::record_views::{ActionRow, PersonRow, ReplyRow, TodoRow};

/// The party's actions in the snapshot (any order).
pub fn actions_of(conn: &Connection, party_id: &str) -> Result<Vec<ActionRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, party_id, person_id, action_type, date, time, comment, outcome, created_by \
         FROM action WHERE party_id = ?1",
    )?;
    let rows = statement.query_map([party_id], |r| {
        Ok(ActionRow {
            id: r.get(0)?,
            party_id: r.get(1)?,
            person_id: r.get(2)?,
            action_type: r.get(3)?,
            date: r.get(4)?,
            time: r.get(5)?,
            comment: r.get(6)?,
            outcome: r.get(7)?,
            created_by: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The replies to the party's actions in the snapshot, by action, each action's by day
/// then id.
pub fn replies_of(conn: &Connection, party_id: &str) -> Result<HashMap<String, Vec<ReplyRow>>> {
    let mut statement = conn.prepare_cached(
        "SELECT r.id, r.action_id, r.author, r.date, r.text, r.created_by \
         FROM action AS a JOIN action_reply AS r ON r.action_id = a.id \
         WHERE a.party_id = ?1 ORDER BY r.date, r.id",
    )?;
    let mut rows = statement.query([party_id])?;
    let mut by_action: HashMap<String, Vec<ReplyRow>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let reply = ReplyRow {
            id: r.get(0)?,
            action_id: r.get(1)?,
            author: r.get(2)?,
            date: r.get(3)?,
            text: r.get(4)?,
            created_by: r.get(5)?,
        };
        by_action
            .entry(reply.action_id.clone())
            .or_default()
            .push(reply);
    }
    Ok(by_action)
}

/// The party's people in the snapshot (any order).
pub fn people_of(conn: &Connection, party_id: &str) -> Result<Vec<PersonRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, party_id, first_name, last_name, position, phone, mobile, email, notes \
         FROM person WHERE party_id = ?1",
    )?;
    let rows = statement.query_map([party_id], |r| {
        Ok(PersonRow {
            id: r.get(0)?,
            party_id: r.get(1)?,
            first_name: r.get(2)?,
            last_name: r.get(3)?,
            position: r.get(4)?,
            phone: r.get(5)?,
            mobile: r.get(6)?,
            email: r.get(7)?,
            notes: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The snapshot's todos, of one party when given (over `todo_by_party`), by due day then
/// id.
pub fn todos_of(conn: &Connection, party_id: Option<&str>) -> Result<Vec<TodoRow>> {
    const COLUMNS: &str = "id, text, due, party_id, repeat_days, done_on, owner";
    let sql = match party_id {
        Some(_) => format!("SELECT {COLUMNS} FROM todo WHERE party_id = ?1 ORDER BY due, id"),
        None => format!("SELECT {COLUMNS} FROM todo ORDER BY due, id"),
    };
    let mut statement = conn.prepare_cached(&sql)?;
    let read = |r: &rusqlite::Row<'_>| {
        Ok(TodoRow {
            id: r.get(0)?,
            text: r.get(1)?,
            due: r.get(2)?,
            party_id: r.get(3)?,
            repeat_days: r.get(4)?,
            done_on: r.get(5)?,
            owner: r.get(6)?,
        })
    };
    let rows = match party_id {
        Some(id) => statement.query_map([id], read)?,
        None => statement.query_map([], read)?,
    };
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
