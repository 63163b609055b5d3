//! Keeping the links between parties and their ERP clients and prospects, in the caller's
//! transaction: every client and every live prospect has exactly one party, its identity
//! columns copied from the source, its status recomputed when a sale or a visit changes.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use tournee_core::ActionType;

use super::ids::{derived_party_id, Link};
use super::source::{clients_sql, prospects_sql, refresh_sql};
use crate::error::StoreError;
use crate::records::refresh_party_status;

/// Who a client's party is created by (`party.created_by`): the ERP, not a user.
const ERP_CREATOR: &str = "erp";

/// What a linking pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Linked {
    /// Parties created (a client or a prospect had none).
    pub created: usize,
    /// Parties whose copied columns changed.
    pub refreshed: usize,
    /// Prospect parties that became a client's (a validated conversion).
    pub converted: usize,
    /// Parties removed with their deleted prospect.
    pub removed: usize,
}

fn stamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Links every client and every live prospect (the migration, the demo, after an ERP
/// import): creates the missing parties, ties converted prospects' parties to their
/// clients, refreshes the copied columns, fixes each new client's sale day, and recomputes
/// the status of every party whose facts the pass changed.
pub fn link_all(
    conn: &Connection,
    types: &[ActionType],
    now: DateTime<Utc>,
) -> Result<Linked, StoreError> {
    let mut linked = Linked::default();
    let mut touched = Vec::new();
    let prospects: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT p.prospect_id, p.created_by, p.created_at FROM prospect p \
             WHERE p.status <> 'deleted' \
               AND NOT EXISTS (SELECT 1 FROM party WHERE party.prospect_id = p.prospect_id) \
             ORDER BY p.prospect_id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, creator, created_at) in prospects {
        touched.push(insert_party(
            conn,
            Link::Prospect(&id),
            &creator,
            &created_at,
        )?);
        linked.created += 1;
    }
    linked.refreshed += conn.execute(
        &refresh_sql(
            &prospects_sql(false),
            "prospect_id",
            "AND party.client_code IS NULL",
        ),
        [],
    )?;
    let (converted, more) = link_clients(conn, now)?;
    linked.converted = converted;
    linked.created += more.len();
    touched.extend(more);
    linked.refreshed += conn.execute(&refresh_sql(&clients_sql(), "client_code", ""), [])?;
    touched.extend(fix_client_since(conn, now)?);
    touched.sort();
    touched.dedup();
    for party in touched {
        refresh_party_status(conn, &party, types)?;
    }
    Ok(linked)
}

/// Ties each validated prospect's party to its client, then creates a party for every
/// client still without one; returns how many were tied and the parties created.
fn link_clients(conn: &Connection, now: DateTime<Utc>) -> Result<(usize, Vec<String>), StoreError> {
    let converted = conn.execute(
        "UPDATE party SET client_code = c.c_client FROM client c \
         WHERE party.prospect_id = c.created_from_prospect AND party.client_code IS NULL \
           AND NOT EXISTS (SELECT 1 FROM party q WHERE q.client_code = c.c_client)",
        [],
    )?;
    let missing: Vec<String> = conn
        .prepare(
            "SELECT c.c_client FROM client c \
             WHERE NOT EXISTS (SELECT 1 FROM party WHERE party.client_code = c.c_client) \
             ORDER BY c.c_client",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let at = stamp(now);
    let mut created = Vec::with_capacity(missing.len());
    for code in missing {
        created.push(insert_party(conn, Link::Client(&code), ERP_CREATOR, &at)?);
    }
    Ok((converted, created))
}

/// A new linked party, its copied columns left for the refresh that follows.
fn insert_party(
    conn: &Connection,
    link: Link<'_>,
    creator: &str,
    created_at: &str,
) -> Result<String, StoreError> {
    let id = derived_party_id(link);
    let (client, prospect) = match link {
        Link::Client(code) => (Some(code), None),
        Link::Prospect(id) => (None, Some(id)),
    };
    conn.prepare_cached(
        "INSERT INTO party (id, kind, name, created_by, created_at, change_id, client_code, \
         prospect_id) VALUES (?1, 'company', '', ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        creator,
        created_at,
        link.change_id(),
        client,
        prospect
    ])?;
    Ok(id)
}

/// Gives each client party without one its sale day (`client_since`): the day the
/// accountant validated its conversion, else the first month the ERP has sales for, else
/// today (the day Tournée first knew it as a client). Returns the parties concerned.
fn fix_client_since(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<String>, StoreError> {
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM party WHERE client_code IS NOT NULL AND client_since IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Ok(ids);
    }
    conn.execute(
        "UPDATE party SET client_since = coalesce( \
           (SELECT substr(r.decided_at, 1, 10) FROM client_creation_request r \
             WHERE r.c_client = party.client_code AND r.status = 'validated' \
             ORDER BY r.decided_at LIMIT 1), \
           (SELECT min(s.month) || '-01' FROM sales_month s WHERE s.c_client = party.client_code \
             AND s.month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'), \
           ?1) \
         WHERE client_code IS NOT NULL AND client_since IS NULL",
        [now.date_naive().to_string()],
    )?;
    Ok(ids)
}

/// Links one prospect after a change about it (its creation, an update, a visit, its
/// deletion, a reassignment): creates its party if it has none, refreshes the copied
/// columns (unless its party is a client's by now), removes the party of a deleted
/// prospect (with a tombstone, like any deleted record), and recomputes its status.
pub fn link_prospect(
    conn: &Connection,
    prospect_id: &str,
    types: &[ActionType],
    now: DateTime<Utc>,
) -> Result<Linked, StoreError> {
    let mut linked = Linked::default();
    let Some((status, creator, created_at)) = conn
        .prepare_cached(
            "SELECT status, created_by, created_at FROM prospect WHERE prospect_id = ?1",
        )?
        .query_row([prospect_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?
    else {
        return Ok(linked);
    };
    let party: Option<(String, Option<String>)> = conn
        .prepare_cached("SELECT id, client_code FROM party WHERE prospect_id = ?1")?
        .query_row([prospect_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if status == "deleted" {
        if let Some((id, None)) = party {
            remove_party(conn, &id, &creator, now)?;
            linked.removed = 1;
        }
        return Ok(linked);
    }
    let id = match party {
        Some((id, _)) => id,
        None => {
            linked.created = 1;
            insert_party(conn, Link::Prospect(prospect_id), &creator, &created_at)?
        }
    };
    linked.refreshed = conn.execute(
        &refresh_sql(
            &prospects_sql(true),
            "prospect_id",
            "AND party.client_code IS NULL",
        ),
        [prospect_id],
    )?;
    refresh_party_status(conn, &id, types)?;
    Ok(linked)
}

/// Links the client a conversion just created to its prospect's party (the accountant's
/// validation, in its transaction), or gives the client a party of its own when the
/// prospect had none; the party becomes « Client » in the same transaction.
pub fn link_converted_client(
    conn: &Connection,
    prospect_id: &str,
    types: &[ActionType],
    now: DateTime<Utc>,
) -> Result<Linked, StoreError> {
    link_prospect(conn, prospect_id, types, now)?;
    let (converted, created) = link_clients(conn, now)?;
    conn.execute(
        &refresh_sql(&clients_sql(), "client_code", "AND party.prospect_id = ?1"),
        [prospect_id],
    )?;
    let mut touched = fix_client_since(conn, now)?;
    touched.extend(created.iter().cloned());
    for party in touched {
        refresh_party_status(conn, &party, types)?;
    }
    Ok(Linked {
        created: created.len(),
        converted,
        ..Linked::default()
    })
}

/// Removes a deleted prospect's party: its row goes to `record_tombstone`, as a record
/// deleted by a change would, so its actions and todos stay attached to it.
fn remove_party(
    conn: &Connection,
    id: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO record_tombstone (entity, id, deleted_by, deleted_at, change_id, row_json) \
         SELECT 'party', id, ?2, ?3, change_id, json_object('id', id, 'kind', kind, 'name', name, \
           'phone', phone, 'email', email, 'postal_code', postal_code, 'city', city, 'owner', owner, \
           'prospect_id', prospect_id, 'created_by', created_by, 'created_at', created_at) \
         FROM party WHERE id = ?1",
    )?
    .execute(params![id, by, stamp(now)])?;
    conn.prepare_cached("DELETE FROM party WHERE id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM record_field WHERE entity = 'party' AND id = ?1")?
        .execute([id])?;
    Ok(())
}
