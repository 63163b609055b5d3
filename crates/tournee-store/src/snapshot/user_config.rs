//! The `config` rows that are the user's own (sync-spec §7, « The user's own rows »):
//!
//! * `grants`: what the policy in force grants the user's role, per entity (read and write
//!   scope), so that the app hides what the user may not write instead of letting the
//!   server refuse it after the sync (issue 15: a rep offered « Nouvelle campagne » under
//!   brief 003's policy). The server still decides every write.
//! * `refusal_details`: the detail of each refused change the manifest lists, by change
//!   id. The manifest carries only the reason code and may not grow a field while older
//!   apps read it strictly (§8); the app words a refused take of a pool lead with the
//!   taker's name from here.
//!
//! The other `config` rows are every user's (`base.rs`); these are written into each
//! user's file after them, in a rebuild and in a patch alike, so they always say what the
//! master says at the file's moment.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};
use tournee_core::{Entity, Grant};
use tournee_sync::{GRANTS_KEY, REFUSAL_DETAILS_KEY};

use super::records::RecordReach;
use crate::error::{Result, StoreError};

/// Writes the user's own rows into the snapshot attached as `s`: the grants `reach` was
/// decided with, and the details of the user's refusals recorded since `since` (RFC 3339,
/// the manifest's window).
pub(super) fn insert_user_config(
    worker: &Connection,
    reach: &RecordReach,
    since: &str,
) -> Result<()> {
    let grants = grants_json(&reach.grants)?;
    let details = refusal_details(worker, &reach.user, since)?;
    let mut insert =
        worker.prepare("INSERT OR REPLACE INTO s.config (key, value_json) VALUES (?1, ?2)")?;
    insert.execute(params![GRANTS_KEY, grants])?;
    insert.execute(params![REFUSAL_DETAILS_KEY, details])?;
    Ok(())
}

/// The grants as the row holds them: `{"party": {"read": "own", "write": "own"}, …}`,
/// the shape of a role's row in a policy document.
fn grants_json(grants: &[(Entity, Grant)]) -> Result<String> {
    let by_code: BTreeMap<&str, Grant> = grants
        .iter()
        .map(|(entity, grant)| (entity.code(), *grant))
        .collect();
    serde_json::to_string(&by_code).map_err(|source| StoreError::Json {
        what: format!("config {GRANTS_KEY}"),
        source,
    })
}

/// `{"<change id>": <detail>, …}` for the user's refusals since `since` that were recorded
/// with a detail (older rows have only a sentence).
fn refusal_details(worker: &Connection, user: &str, since: &str) -> Result<String> {
    let mut statement = worker.prepare(
        "SELECT change_id, detail_json FROM m.integration_failure \
         WHERE user = ?1 AND change_id IS NOT NULL AND detail_json IS NOT NULL \
           AND failed_at >= ?2 ORDER BY id",
    )?;
    let mut details = serde_json::Map::new();
    let mut rows = statement.query(params![user, since])?;
    while let Some(row) = rows.next()? {
        let change_id: String = row.get(0)?;
        let json: String = row.get(1)?;
        // A detail the server cannot read back is left out: the app then words the reason
        // code alone, as it does for an older server.
        if let Ok(detail) = serde_json::from_str::<serde_json::Value>(&json) {
            details.insert(change_id, detail);
        }
    }
    Ok(serde_json::Value::Object(details).to_string())
}
