//! The contacts export of the back office: every party the signed-in person may read, with
//! its people, status and last action, in `tournee_csv`'s contacts layout (the same as the
//! field app's).
//!
//! **What one may read** is the policy's read scope for parties, people and actions
//! (`tournee_store::access`): `all`, nothing, or the records whose owner (the party's
//! `owner`, else its creator) is the reader or, for `team`, a member of the reader's
//! teams — the filter docs/policy.md gives for SQL.
//!
//! **The status** is `tournee_core::status` of the party's facts the master holds: its
//! actions, each with its outcome and whether its type counts as a contact (the admin's
//! action types, `Parameters::action_types`; a code no longer listed does not). The ERP's
//! clients are not linked to parties yet (no `ErpClient` fact), nor are validated
//! conversions or corrections of contact details: a party becomes « Client » here only once
//! those facts exist. The store words nothing: the caller gives the status's label (the
//! server's sentence catalogue, `tournee-sentences`).

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use tournee_core::{
    summarize_actions, Access, ActionType, Entity, Principal, Scope, Status, StoredAction,
};
use tournee_csv::{kind_label, ContactLine, ContactsCsv, LastAction, PersonCell};

use crate::access::policy_in_force;
use crate::error::{Result, StoreError};
use crate::master::params::Parameters;

/// A contacts file and how many parties it holds.
#[derive(Debug, Clone)]
pub struct ContactsExport {
    /// The CSV file's bytes.
    pub bytes: Vec<u8>,
    /// Its parties (lines below the header).
    pub parties: usize,
}

/// How far a reader reaches for one entity.
enum Reach {
    All,
    Owners(HashSet<String>),
}

impl Reach {
    fn admits(&self, owner: &str) -> bool {
        match self {
            Reach::All => true,
            Reach::Owners(owners) => owners.contains(owner),
        }
    }
}

/// The reach of `principal` over `entity` in the policy in force.
fn reach(conn: &Connection, principal: &Principal, entity: Entity) -> Result<Reach> {
    let scope = policy_in_force(conn)?.scope(principal, entity, Access::Read);
    let mut owners = HashSet::new();
    match scope {
        Scope::All => return Ok(Reach::All),
        Scope::None => {}
        Scope::Own => {
            owners.insert(principal.user.0.clone());
        }
        Scope::Team => {
            owners.insert(principal.user.0.clone());
            let mut members = conn.prepare_cached(
                "SELECT windows_user FROM team_member WHERE CAST(team_id AS TEXT) = ?1",
            )?;
            for team in principal.teams() {
                for member in members.query_map([&team.0], |r| r.get::<_, String>(0))? {
                    owners.insert(member?);
                }
            }
        }
    }
    Ok(Reach::Owners(owners))
}

/// Every party `principal` may read, as the contacts CSV; `status_label` words a party's
/// status in the file's language.
pub fn export_contacts(
    conn: &Connection,
    principal: &Principal,
    status_label: StatusLabel,
) -> Result<ContactsExport> {
    let parties = reach(conn, principal, Entity::Party)?;
    let people = reach(conn, principal, Entity::Person)?;
    let actions = reach(conn, principal, Entity::Action)?;
    contacts_csv(conn, &parties, &people, &actions, status_label)
}

/// How the caller words a status (`tournee-sentences`' label in the file's language).
pub type StatusLabel = fn(Status) -> &'static str;

/// An action as the export needs it.
struct ActionRow {
    id: String,
    date: String,
    time: Option<String>,
    action_type: String,
    comment: Option<String>,
    outcome: Option<String>,
}

fn contacts_csv(
    conn: &Connection,
    parties: &Reach,
    people: &Reach,
    actions: &Reach,
    status_label: StatusLabel,
) -> Result<ContactsExport> {
    let mut people_of: HashMap<String, Vec<PersonCell>> = HashMap::new();
    let mut statement = conn.prepare(
        "SELECT party_id, first_name, last_name, position, phone, mobile, email FROM person \
         ORDER BY party_id, last_name COLLATE NOCASE, first_name COLLATE NOCASE, id",
    )?;
    let mut rows = statement.query([])?;
    while let Some(r) = rows.next()? {
        let text = |i| -> rusqlite::Result<String> {
            Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
        };
        people_of.entry(r.get(0)?).or_default().push(PersonCell {
            first_name: text(1)?,
            last_name: text(2)?,
            position: text(3)?,
            phone: text(4)?,
            mobile: text(5)?,
            email: text(6)?,
        });
    }
    let mut actions_of: HashMap<String, Vec<ActionRow>> = HashMap::new();
    let mut statement =
        conn.prepare("SELECT party_id, id, date, time, action_type, comment, outcome FROM action")?;
    let mut rows = statement.query([])?;
    while let Some(r) = rows.next()? {
        actions_of.entry(r.get(0)?).or_default().push(ActionRow {
            id: r.get(1)?,
            date: r.get(2)?,
            time: r.get(3)?,
            action_type: r.get(4)?,
            comment: r.get(5)?,
            outcome: r.get(6)?,
        });
    }
    let types = Parameters::load(conn)?.action_types;
    let mut file = ContactsCsv::new();
    let mut statement = conn.prepare(
        "SELECT id, kind, name, first_name, siret, vat, phone, mobile, email, address1, \
         address2, postal_code, city, country, notes, coalesce(owner, created_by) FROM party \
         ORDER BY name COLLATE NOCASE, first_name, id",
    )?;
    let mut rows = statement.query([])?;
    while let Some(r) = rows.next()? {
        let owner: String = r.get(15)?;
        if !parties.admits(&owner) {
            continue;
        }
        let id: String = r.get(0)?;
        let kind: String = r.get(1)?;
        let text = |i| -> rusqlite::Result<String> {
            Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
        };
        let facts_from: &[ActionRow] = if actions.admits(&owner) {
            actions_of.get(&id).map_or(&[], Vec::as_slice)
        } else {
            &[]
        };
        let (status, last_action) = status_and_last(&id, facts_from, &types)?;
        let status = status_label(status).to_string();
        let line = ContactLine {
            kind: kind_label(&kind).to_string(),
            name: r.get(2)?,
            first_name: text(3)?,
            siret: text(4)?,
            vat: text(5)?,
            phone: text(6)?,
            mobile: text(7)?,
            email: text(8)?,
            address1: text(9)?,
            address2: text(10)?,
            postal_code: text(11)?,
            city: text(12)?,
            country: text(13)?,
            notes: text(14)?,
            status,
            last_action,
            people: if people.admits(&owner) {
                people_of.remove(&id).unwrap_or_default()
            } else {
                Vec::new()
            },
            owner,
            id,
        };
        file.push(&line);
    }
    let parties = file.lines();
    Ok(ContactsExport {
        bytes: file.finish(),
        parties,
    })
}

/// The party's status from its actions, and its last action (by day, time, id):
/// `tournee_core::summarize_actions`, the laptop's export's rule too.
fn status_and_last(
    party: &str,
    actions: &[ActionRow],
    types: &[ActionType],
) -> Result<(Status, Option<LastAction>)> {
    let stored: Vec<StoredAction<'_>> = actions
        .iter()
        .map(|a| StoredAction {
            id: &a.id,
            date: &a.date,
            time: a.time.as_deref(),
            action_type: &a.action_type,
            outcome: a.outcome.as_deref(),
        })
        .collect();
    let summary = summarize_actions(&stored, types).map_err(|e| StoreError::StoredValue {
        what: format!("action.{} of {} (party {party})", e.column, e.id),
        reason: format!("{:?} does not read", e.value),
    })?;
    let last = summary.last.and_then(|at| actions.get(at)).map(|a| {
        LastAction::stored(
            &a.date,
            a.time.as_deref(),
            &a.action_type,
            a.comment.as_deref(),
        )
    });
    Ok((summary.status, last))
}
