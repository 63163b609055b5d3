//! Quotes in a user's snapshot (issue 15, sync-spec §7 « Quotes »): as far as the policy's
//! read scope of `quote` reaches, like the other records ([`super::records`]).
//!
//! A rep reads the quotes of the opportunities he may read: a quote naming an opportunity
//! travels with it (when the opportunity is in the snapshot) and is its owner's; a quote
//! without one travels with its party and is the party's owner's. The master keeps the
//! lines as one JSON field (last writer wins on the whole list); the snapshot spreads them
//! into `quote_line` rows, one per line in order, so the laptop reads them with plain SQL.
//! The signature image stays on the server: the snapshot says only whether there is one.

use rusqlite::Connection;

use super::records::{execute, scope_filter, RecordReach};
use crate::error::Result;

/// Replaces the snapshot's quotes and lines (`s`) with those `reach` allows, from the
/// master (`m`); `temp.record_team` holds the team scope's logins. Runs after the parties
/// and opportunities are copied.
pub(super) fn copy_quotes(worker: &Connection, reach: &RecordReach) -> Result<()> {
    worker.execute_batch("DELETE FROM s.quote_line; DELETE FROM s.quote;")?;
    execute(
        worker,
        &format!(
            "INSERT INTO s.quote SELECT x.id, x.party_id, x.opportunity_id, x.person_id, \
               x.number, x.temp_ref, x.status, x.valid_until, x.signature IS NOT NULL, \
               x.signed_at, x.signer_name, coalesce(so.owner, sp.owner), x.created_by, \
               x.created_at \
             FROM m.quote x JOIN s.party sp ON sp.id = x.party_id \
             LEFT JOIN s.opportunity so ON so.id = x.opportunity_id \
             WHERE (x.opportunity_id IS NULL OR so.id IS NOT NULL) {scope} ORDER BY x.id",
            scope = scope_filter(
                reach.quote_scope,
                "coalesce(so.owner, sp.owner)",
                "SELECT login FROM temp.record_team"
            ),
        ),
        reach.user.as_str(),
    )?;
    worker.execute_batch(
        "INSERT INTO s.quote_line SELECT x.id, CAST(l.key AS INTEGER), \
           json_extract(l.value, '$.reference'), json_extract(l.value, '$.label'), \
           json_extract(l.value, '$.quantity_milli'), \
           coalesce(json_extract(l.value, '$.unit'), ''), \
           json_extract(l.value, '$.unit_price_cents'), \
           coalesce(json_extract(l.value, '$.discount_bp'), 0), json_extract(l.value, '$.vat') \
         FROM s.quote sq JOIN m.quote x ON x.id = sq.id, json_each(x.lines) l \
         ORDER BY x.id, l.key;",
    )?;
    Ok(())
}
