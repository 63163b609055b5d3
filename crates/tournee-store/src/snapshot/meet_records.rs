//! Campaigns and meetings in a user's snapshot (issue 15, sync-spec §7): as far as the
//! policy's read scopes of `campaign` and `meeting` reach, like the other records
//! ([`super::records`]).
//!
//! A campaign is its creator's; a meeting its organiser's (its creator). A meeting also
//! travels to its attendee whatever the scope: it was planned for them. A meeting travels
//! with its party only when the party is in the snapshot (a record travels with its
//! parent): the calendar shows meetings whose party the user may open.

use rusqlite::Connection;

use super::records::{execute, scope_filter, RecordReach};
use crate::error::Result;

/// Replaces the snapshot's campaigns and meetings (`s`) with those `reach` allows, from
/// the master (`m`); `temp.record_team` holds the team scope's logins.
pub(super) fn copy_meet_records(worker: &Connection, reach: &RecordReach) -> Result<()> {
    worker.execute_batch("DELETE FROM s.campaign; DELETE FROM s.meeting;")?;
    let team = "SELECT login FROM temp.record_team";
    let user = reach.user.as_str();
    execute(
        worker,
        &format!(
            "INSERT INTO s.campaign SELECT x.id, x.name, x.starts_on, x.ends_on, x.place, \
               x.cost_cents, x.notes, x.created_by, x.created_by, x.created_at \
             FROM m.campaign x WHERE true {scope} ORDER BY x.id",
            scope = scope_filter(reach.meet_scopes[0], "x.created_by", team),
        ),
        user,
    )?;
    let scope = scope_filter(reach.meet_scopes[1], "x.created_by", team);
    let scope = scope.strip_prefix("AND ").unwrap_or("true");
    execute(
        worker,
        &format!(
            "INSERT INTO s.meeting SELECT x.id, x.party_id, x.opportunity, x.attendee, x.place, \
               x.starts_at, x.ends_at, x.subject, x.notes, coalesce(x.status, 'planned'), \
               x.created_by, x.created_by, x.created_at \
             FROM m.meeting x JOIN s.party sp ON sp.id = x.party_id \
             WHERE ({scope}) OR x.attendee = :user ORDER BY x.id",
        ),
        user,
    )?;
    Ok(())
}
