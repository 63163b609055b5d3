//! Opportunities in a user's snapshot (issue 15, sync-spec §7 « Opportunities »): as far
//! as the policy's read scope of `opportunity` reaches, like the other records
//! ([`super::records`]).
//!
//! An opportunity is its assignee's (`owner`), else its creator's, as the integration
//! decides (`integrate/record.rs`). It travels with its party only (a record travels with
//! its parent): the board names the party, and its page opens from it. Closed ones travel
//! too, with `closed_at`, so the laptop measures the time to close on its own.

use rusqlite::Connection;

use super::records::{execute, scope_filter, RecordReach};
use crate::error::Result;

/// Replaces the snapshot's opportunities (`s`) with those `reach` allows, from the master
/// (`m`); `temp.record_team` holds the team scope's logins.
pub(super) fn copy_opportunities(worker: &Connection, reach: &RecordReach) -> Result<()> {
    worker.execute_batch("DELETE FROM s.opportunity;")?;
    execute(
        worker,
        &format!(
            "INSERT INTO s.opportunity SELECT x.id, x.party_id, x.person_id, x.title, \
               x.value_cents, x.expected_close, x.pipeline, x.stage, x.status, x.loss_reason, \
               x.closed_at, coalesce(x.owner, x.created_by), x.created_by, x.created_at \
             FROM m.opportunity x JOIN s.party sp ON sp.id = x.party_id WHERE true {scope} \
             ORDER BY x.id",
            scope = scope_filter(
                reach.opportunity_scope,
                "coalesce(x.owner, x.created_by)",
                "SELECT login FROM temp.record_team"
            ),
        ),
        reach.user.as_str(),
    )?;
    Ok(())
}
