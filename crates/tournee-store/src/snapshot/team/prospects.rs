//! The prospects' side of the team figures: a few thousand visits, counted whole at each
//! run from the prospects each rep's own snapshot holds.

use rusqlite::{named_params, Connection};

use super::contributions::{optional_text, proposal_types, text, Window, PROPOSAL_PREFIX};
use super::state::{Total, Totals};
use crate::error::Result;

/// Series of the prospect visits per rep and month.
const PROSPECT_SERIES: &str = "prospect";

/// Prospect visits as each rep's own snapshot holds them, into `temp.team_pv`: visits to
/// the prospects the rep sees (created or assigned, still open, moved within the
/// retention that ends at `retention_cutoff`).
pub(super) fn select_visits(worker: &Connection, retention_cutoff: &str) -> Result<()> {
    worker.execute(
        "CREATE TEMP TABLE team_pv AS SELECT v.* FROM m.prospect_visit v \
         JOIN m.prospect p ON p.prospect_id = v.prospect_id \
         JOIN m.app_user u ON u.erp_code = v.c_user \
         WHERE p.status IN ('active', 'conversion_requested') \
           AND (p.created_by = u.windows_user OR p.assignee = u.windows_user) \
           AND p.last_movement_at >= :cutoff",
        named_params! { ":cutoff": retention_cutoff },
    )?;
    // Read once per rep and period.
    worker.execute_batch("CREATE INDEX temp.team_pv_by_user ON team_pv (c_user, date_relation)")?;
    Ok(())
}

/// Adds the prospect visits per rep and month, and their proposals to the clients'.
pub(super) fn add_figures(worker: &Connection, window: &Window, totals: &mut Totals) -> Result<()> {
    let mut statement = worker.prepare(
        "SELECT c_user, substr(date_relation, 1, 7), answers_json FROM temp.team_pv \
         WHERE date_relation >= :since",
    )?;
    let mut rows = statement.query(named_params! { ":since": window.months_since })?;
    while let Some(row) = rows.next()? {
        let user = totals.names.id(text(row, 0)?);
        let month = totals.names.id(text(row, 1)?);
        let mut series = vec![totals.names.id(PROSPECT_SERIES)];
        for kind in proposal_types(optional_text(row, 2)?) {
            series.push(totals.names.id(&format!("{PROPOSAL_PREFIX}{kind}")));
        }
        for series in series {
            let total: &mut Total = totals.figures.entry([user, month, series]).or_default();
            total.value += 1;
            total.clients += 1;
        }
    }
    Ok(())
}
