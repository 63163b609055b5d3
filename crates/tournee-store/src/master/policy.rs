//! The policy in force, stored in the master as the admin saved it: one row holding the
//! complete `PolicyDocument` JSON, who saved it and when. No row is brief 003's default.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use tournee_core::{Policy, PolicyDocument};

use super::rights::RightsError;
use crate::error::{Result, StoreError};

/// The policy the admin saved, with who saved it and when (shown on the « Droits » page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPolicy {
    /// The policy, read and checked.
    pub policy: Policy,
    /// The back-office login that saved it.
    pub changed_by: String,
    /// When.
    pub changed_at: DateTime<Utc>,
}

/// The stored policy, `None` when the admin never saved one (the default is in force). A
/// stored document that no longer reads is an error, never silently the default: rights
/// must not widen by accident.
pub fn stored_policy(conn: &Connection) -> Result<Option<StoredPolicy>> {
    let row: Option<(String, String, String)> = conn
        .prepare_cached("SELECT document, changed_by, changed_at FROM policy WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((document, changed_by, changed_at)) = row else {
        return Ok(None);
    };
    let policy = Policy::from_json(&document).map_err(StoreError::StoredPolicy)?;
    let changed_at = DateTime::parse_from_rfc3339(&changed_at)
        .map_err(|error| StoreError::StoredValue {
            what: "policy.changed_at".into(),
            reason: error.to_string(),
        })?
        .with_timezone(&Utc);
    Ok(Some(StoredPolicy {
        policy,
        changed_by,
        changed_at,
    }))
}

/// Saves `document` as the policy in force if it has no problem; else every problem
/// ([`RightsError::InvalidPolicy`]) and the stored policy unchanged. The complete document
/// of the resulting policy is stored, so a later change of the defaults does not change a
/// company's rights silently.
pub fn save_policy(
    conn: &Connection,
    document: &PolicyDocument,
    changed_by: &str,
    at: DateTime<Utc>,
) -> Result<Policy, RightsError> {
    let problems = document.problems();
    if !problems.is_empty() {
        return Err(RightsError::InvalidPolicy { problems });
    }
    let policy =
        Policy::try_from(document.clone()).map_err(|problem| RightsError::InvalidPolicy {
            problems: vec![problem],
        })?;
    write(conn, &policy, changed_by, at)?;
    Ok(policy)
}

/// Puts brief 003's default back in force, stored complete like any saved policy so that
/// who restored it and when stay known.
pub fn restore_default_policy(
    conn: &Connection,
    changed_by: &str,
    at: DateTime<Utc>,
) -> Result<Policy> {
    let policy = Policy::default();
    write(conn, &policy, changed_by, at)?;
    Ok(policy)
}

fn write(conn: &Connection, policy: &Policy, changed_by: &str, at: DateTime<Utc>) -> Result<()> {
    let document = serde_json::to_string(policy).map_err(|source| StoreError::Json {
        what: "policy.document".into(),
        source,
    })?;
    conn.execute(
        "INSERT INTO policy (id, document, changed_by, changed_at) VALUES (1, ?1, ?2, ?3) \
         ON CONFLICT (id) DO UPDATE SET document = excluded.document, \
         changed_by = excluded.changed_by, changed_at = excluded.changed_at",
        params![document, changed_by, at.to_rfc3339()],
    )?;
    Ok(())
}
