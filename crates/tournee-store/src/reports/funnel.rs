//! The conversion funnel (lead → prospect → opportunity → won) of the parties created in a
//! period. Its definition, per party created in the period and reached by the scope:
//! every one is a lead; a prospect when its status is prospect, dead prospect or client;
//! « opportunity » when at least one opportunity the scope reaches is on it; « won » when
//! one of those is won.
//!
//! **Two narrow reads.** Asking that per party (two `EXISTS` on `opportunity` for each of
//! the 67,000 parties of the full demo) cost 317 ms. Here the leads and prospects are
//! counted from the covering index `party_by_created`, and the opportunities are read
//! once, grouped by party (whether one is won) from `opportunity_by_party_status`, each
//! group joined to its party through `party_by_id_created` to keep those created in the
//! period (migration 0030). `tests::the_grouped_funnel_counts_as_the_per_party_one`
//! checks that the two shapes agree on randomised masters and scopes.

use rusqlite::Connection;

use super::scope::owned_by;
use super::{Funnel, Within};
use crate::error::Result;

/// The funnel of the parties created in `[from, until)` that `within` reaches.
pub(super) fn funnel(
    conn: &Connection,
    from: &str,
    until: &str,
    within: &Within,
) -> Result<Funnel> {
    let party_in_period = format!(
        "p.created_at >= ?1 AND p.created_at < ?2 AND {}",
        owned_by("coalesce(p.owner, p.created_by)", "?3")
    );
    let readable = owned_by("coalesce(o.owner, o.created_by)", "?4");
    let sql = format!(
        "SELECT l.leads, l.prospects, r.opportunities, r.won \
         FROM (SELECT count(*) AS leads, \
                      count(*) FILTER (WHERE p.status IN ('prospect', 'dead_prospect', 'client')) \
                        AS prospects \
               FROM party p WHERE {party_in_period}) AS l, \
              (SELECT count(*) AS opportunities, count(*) FILTER (WHERE s.won) AS won \
               FROM (SELECT o.party_id AS id, max(o.status = 'won') AS won \
                     FROM opportunity o WHERE {readable} GROUP BY o.party_id) AS s \
               JOIN party p ON p.id = s.id WHERE {party_in_period}) AS r"
    );
    Ok(conn.query_row(
        &sql,
        rusqlite::params![from, until, within.parties, within.opportunities],
        |r| {
            Ok(Funnel {
                leads: r.get(0)?,
                prospects: r.get(1)?,
                opportunities: r.get(2)?,
                won: r.get(3)?,
            })
        },
    )?)
}
