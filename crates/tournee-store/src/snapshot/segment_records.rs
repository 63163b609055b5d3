//! Segments in a user's snapshot (issue 15, sync-spec §7 « Segments »): as far as the
//! policy's read scope of `segment` reaches, like the other records ([`super::records`]).
//! A segment is its owner's, else its creator's, as the integration decides
//! (`integrate/record.rs`). Its criteria are evaluated on the laptop over the parties the
//! file carries, so nobody learns through a segment of a party they may not read.
//!
//! With them goes the `write_reach` config row: the user's write scope of each entity and
//! the logins their `team` scope reaches. The laptop reads it to tell, before writing,
//! which changes the policy will refuse (a segment's assignment counts them); the server
//! still decides every change.

use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;
use tournee_core::Scope;

use super::records::{execute, scope_filter, RecordReach};
use crate::error::Result;

/// The key of the `config` row holding the user's write reach (sync-spec §7).
pub const WRITE_REACH_KEY: &str = "write_reach";

/// What the `write_reach` row holds.
#[derive(Serialize)]
struct WriteReach<'a> {
    /// Each entity's write scope, by the policy's entity code.
    scopes: BTreeMap<&'static str, Scope>,
    /// The logins the `team` scope reaches (the user included).
    team: &'a [String],
}

/// Replaces the snapshot's segments (`s`) with those `reach` allows, from the master (`m`),
/// and its `write_reach` row; `temp.record_team` holds the team scope's logins.
pub(super) fn copy_segments(worker: &Connection, reach: &RecordReach) -> Result<()> {
    worker.execute_batch("DELETE FROM s.segment;")?;
    execute(
        worker,
        &format!(
            "INSERT INTO s.segment SELECT x.id, x.name, x.kind, x.members, x.criteria, \
               coalesce(x.owner, x.created_by), x.created_by, x.created_at \
             FROM m.segment x WHERE true {scope} ORDER BY x.id",
            scope = scope_filter(
                reach.segment_scope,
                "coalesce(x.owner, x.created_by)",
                "SELECT login FROM temp.record_team"
            ),
        ),
        reach.user.as_str(),
    )?;
    let row = WriteReach {
        scopes: reach
            .write_scopes
            .iter()
            .map(|(entity, scope)| (entity.code(), *scope))
            .collect(),
        team: &reach.team,
    };
    // Invariant: a map of codes to scopes and a list of logins always serialise.
    let json = serde_json::to_string(&row).expect("the write reach serialises");
    worker.execute("DELETE FROM s.config WHERE key = ?1", [WRITE_REACH_KEY])?;
    worker.execute(
        "INSERT INTO s.config (key, value_json) VALUES (?1, ?2)",
        [WRITE_REACH_KEY, json.as_str()],
    )?;
    Ok(())
}
