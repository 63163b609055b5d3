//! A party's lifecycle status kept as a derived column (`party.status`, migration 0014),
//! so that the back office and the statistics can filter and count by status without
//! folding every party's actions on each read.
//!
//! The column is never written from the wire: it is recomputed by [`tournee_core::status`]
//! from the party's facts whenever one of them changes at integration (a party created, an
//! action created, updated or deleted on it), inside the change's transaction, with the
//! action types in force (their `counts_as_contact`). The facts are the master's whole
//! set, not the change alone, so the column does not depend on the order the files
//! arrived in: the lifecycle orders facts by their own date and id.
//!
//! A party's facts are its actions and, for the party of an ERP client or a prospect,
//! what its links give (`crate::parties::link_facts`: sales, visits). An action whose type is not in the list (logged before the type was
//! deleted) counts as no contact, as an app reading it would.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use tournee_core::{action_type, status, ActionType, Fact, FactKind, Outcome, Status};

use tournee_sync::{RecordChange, RecordEntity, RecordOp};

use super::{apply_record, RecordApplied, RecordNotApplied, RecordWrite};
use crate::error::StoreError;

/// [`apply_record`], then the status of every party whose facts the change touched, with
/// `types` in force: the one path every record write takes (the integration, the demo
/// data), so the column never lags the facts. The caller's transaction holds both.
pub fn apply_record_and_status(
    conn: &Connection,
    write: &RecordWrite,
    change: &RecordChange,
    types: &[ActionType],
) -> Result<RecordApplied, RecordNotApplied> {
    let mut parties = parties_touched(conn, change)?;
    let applied = apply_record(conn, write, change)?;
    parties.extend(parties_touched(conn, change)?);
    for party in parties {
        refresh_party_status(conn, &party, types)?;
    }
    Ok(applied)
}

/// The parties whose facts `change` may touch, as the master holds them now: a party being
/// created, an action's party. Read before the write (an action moved or deleted leaves
/// its former party) and after it (an action's new party), so each party concerned gets
/// its status recomputed.
fn parties_touched(
    conn: &Connection,
    change: &RecordChange,
) -> Result<std::collections::BTreeSet<String>, StoreError> {
    Ok(match change.entity() {
        RecordEntity::Party if change.op == RecordOp::Create => [change.id.clone()].into(),
        RecordEntity::Action => conn
            .prepare_cached("SELECT party_id FROM action WHERE id = ?1")?
            .query_row([&change.id], |r| r.get(0))
            .optional()?
            .into_iter()
            .collect(),
        _ => Default::default(),
    })
}

/// The facts of party `party_id` in the master: one per action on it, and those of its
/// client and prospect links.
pub fn party_facts(
    conn: &Connection,
    party_id: &str,
    types: &[ActionType],
) -> Result<Vec<Fact>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, action_type, date, outcome FROM action WHERE party_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([party_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut facts = Vec::new();
    for row in rows {
        let (id, code, date, outcome) = row?;
        facts.push(action_fact(id, &code, &date, outcome.as_deref(), types)?);
    }
    facts.extend(crate::parties::link_facts(conn, party_id)?);
    Ok(facts)
}

/// The fact of one stored action. Its date and outcome were checked on the wire (sync-spec
/// §12), so one that does not read is a corrupt row, reported rather than guessed.
fn action_fact(
    id: String,
    code: &str,
    date: &str,
    outcome: Option<&str>,
    types: &[ActionType],
) -> Result<Fact, StoreError> {
    let corrupt = |column: &str, value: &str| StoreError::StoredValue {
        what: format!("action.{column} of {id}"),
        reason: format!("{value:?} does not read"),
    };
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| corrupt("date", date))?;
    let outcome = match outcome {
        None => None,
        Some(code) => Some(outcome_of(code).ok_or_else(|| corrupt("outcome", code))?),
    };
    let counts_as_contact = action_type(types, code).is_some_and(|t| t.counts_as_contact);
    Ok(Fact {
        date: day,
        id,
        kind: FactKind::Action {
            counts_as_contact,
            outcome,
        },
    })
}

/// The outcome stored as `code` (its serde form).
fn outcome_of(code: &str) -> Option<Outcome> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
}

/// Recomputes and stores the status of party `party_id`; `None` when the party is not in
/// the master (deleted, or never arrived), which leaves nothing to store.
pub fn refresh_party_status(
    conn: &Connection,
    party_id: &str,
    types: &[ActionType],
) -> Result<Option<Status>, StoreError> {
    let exists: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM party WHERE id = ?1")?
        .query_row([party_id], |r| r.get(0))
        .optional()?;
    if exists.is_none() {
        return Ok(None);
    }
    let computed = status(&party_facts(conn, party_id, types)?);
    conn.prepare_cached("UPDATE party SET status = ?2 WHERE id = ?1 AND status IS NOT ?2")?
        .execute(params![party_id, computed.code()])?;
    Ok(Some(computed))
}

/// Recomputes every party's status (the migration's backfill, and after the admin changes
/// which types count as contacts); returns how many parties changed status.
pub fn refresh_all_statuses(conn: &Connection, types: &[ActionType]) -> Result<usize, StoreError> {
    let ids: Vec<(String, String)> = conn
        .prepare("SELECT id, status FROM party ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut changed = 0;
    for (id, before) in ids {
        if let Some(after) = refresh_party_status(conn, &id, types)? {
            changed += usize::from(after.code() != before);
        }
    }
    Ok(changed)
}

/// The status stored for party `party_id`, if the party is in the master.
pub fn stored_status(conn: &Connection, party_id: &str) -> Result<Option<Status>, StoreError> {
    let code: Option<String> = conn
        .prepare_cached("SELECT status FROM party WHERE id = ?1")?
        .query_row([party_id], |r| r.get(0))
        .optional()?;
    code.map(|code| {
        Status::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| StoreError::StoredValue {
                what: format!("party.status of {party_id}"),
                reason: format!("{code:?} is not a status"),
            })
    })
    .transpose()
}
