//! « Réaffectation de prospects »: when reps change, their prospects move in one step,
//! chosen by criteria and previewed first. The new assignee gets them in the next
//! snapshot; the old one loses them (unless they created them).

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection};

use super::{Missing, OfficeError};
use crate::master::users::find_user;

/// Which prospects; at least one criterion is required (no accidental mass move).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Criteria {
    /// Current assignee (Windows login).
    pub assignee: Option<String>,
    /// Agency code (`c_agence` of the prospect).
    pub agency: Option<String>,
    /// Start of the postal code (`dep_fac` then `bur_dis_fac`), e.g. `69` or `6900`.
    pub postal_prefix: Option<String>,
}

/// One line of the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProspectLine {
    /// Prospect id.
    pub prospect_id: String,
    /// Name.
    pub name: String,
    /// Who created it.
    pub created_by: String,
    /// Who has it now.
    pub assignee: String,
    /// Postal code as far as known.
    pub postal_code: String,
}

const MATCHING: &str = "FROM prospect p \
    LEFT JOIN prospect_field ag ON ag.prospect_id = p.prospect_id AND ag.field = 'c_agence' \
    LEFT JOIN prospect_field dep ON dep.prospect_id = p.prospect_id AND dep.field = 'dep_fac' \
    LEFT JOIN prospect_field bur ON bur.prospect_id = p.prospect_id AND bur.field = 'bur_dis_fac' \
    WHERE p.status IN ('active', 'conversion_requested') \
      AND (?1 IS NULL OR p.assignee = ?1) \
      AND (?2 IS NULL OR ag.value = ?2) \
      AND (?3 IS NULL OR coalesce(dep.value, '') || coalesce(bur.value, '') LIKE ?3 || '%')";

fn check(criteria: &Criteria) -> Result<(), OfficeError> {
    if criteria.assignee.is_none() && criteria.agency.is_none() && criteria.postal_prefix.is_none()
    {
        return Err(OfficeError::NotFound(Missing::Criterion));
    }
    Ok(())
}

/// The prospects the criteria select, by name.
pub fn preview(conn: &Connection, criteria: &Criteria) -> Result<Vec<ProspectLine>, OfficeError> {
    check(criteria)?;
    let lines = conn
        .prepare(&format!(
            "SELECT p.prospect_id, p.nom_client, p.created_by, p.assignee, \
             coalesce(dep.value, '') || coalesce(bur.value, '') {MATCHING} ORDER BY p.nom_client, p.prospect_id"
        ))?
        .query_map(
            params![criteria.assignee, criteria.agency, criteria.postal_prefix],
            |r| {
                Ok(ProspectLine {
                    prospect_id: r.get(0)?,
                    name: r.get(1)?,
                    created_by: r.get(2)?,
                    assignee: r.get(3)?,
                    postal_code: r.get(4)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(lines)
}

/// Assigns every selected prospect to `to_user`; returns how many moved.
pub fn reassign(
    conn: &mut Connection,
    criteria: &Criteria,
    to_user: &str,
    now: DateTime<Utc>,
) -> Result<usize, OfficeError> {
    check(criteria)?;
    match find_user(conn, to_user)? {
        Some(user) if user.active => {}
        _ => return Err(OfficeError::NotFound(Missing::User(to_user.to_string()))),
    }
    // Immediate: the write lock first (see `validate_creation`).
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let moved = tx.execute(
        &format!(
            "UPDATE prospect SET assignee = ?4, last_movement_at = ?5 WHERE prospect_id IN \
             (SELECT p.prospect_id {MATCHING}) AND assignee <> ?4"
        ),
        params![
            criteria.assignee,
            criteria.agency,
            criteria.postal_prefix,
            to_user,
            now.to_rfc3339_opts(SecondsFormat::Millis, true)
        ],
    )?;
    // A prospect's party is owned by its assignee (docs/crm-lifecycle.md).
    tx.execute(
        "UPDATE party SET owner = p.assignee FROM prospect p \
         WHERE party.prospect_id = p.prospect_id AND party.client_code IS NULL \
           AND party.owner IS NOT p.assignee",
        [],
    )?;
    tx.commit()?;
    Ok(moved)
}

/// The agencies prospects are filed under, for the selection's choice list.
pub fn prospect_agencies(conn: &Connection) -> Result<Vec<String>, OfficeError> {
    let agencies = conn
        .prepare(
            "SELECT DISTINCT value FROM prospect_field WHERE field = 'c_agence' AND value <> '' ORDER BY value",
        )?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(agencies)
}
