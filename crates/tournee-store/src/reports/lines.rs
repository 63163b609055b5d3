//! The opportunities behind the reports, one line each, for the Excel workbook's detail
//! sheet (issue 15, « export to Excel »): every opportunity created or closed in the period,
//! and every one still open (the forecast's), oldest first. The page shows the figures; the
//! workbook carries these lines too, so that a manager can filter and sum them.

use rusqlite::Connection;

use super::{ReportPeriod, ReportScope};
use crate::error::Result;

/// Most lines a workbook carries: under Excel's 1,048,576 rows per sheet.
pub const MAX_REPORT_LINES: usize = 1_000_000;

/// One opportunity as the workbook lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpportunityLine {
    /// The party's name.
    pub party: String,
    /// The owner (the creator when it has none).
    pub rep: String,
    /// What is sold.
    pub title: String,
    /// The stage's code.
    pub stage: String,
    /// `open`, `won` or `lost`.
    pub status: String,
    /// Value in cents (0 when not given).
    pub value_cents: i64,
    /// Expected close day (`YYYY-MM-DD`), if given.
    pub expected_close: Option<String>,
    /// Day of creation (`YYYY-MM-DD`).
    pub created_on: String,
    /// Day of closing, once closed.
    pub closed_on: Option<String>,
    /// Why it was lost.
    pub loss_reason: Option<String>,
}

/// The lines of `period` that `scope` reaches (its opportunities' owners), at most
/// [`MAX_REPORT_LINES`].
pub fn report_lines(
    conn: &Connection,
    period: ReportPeriod,
    scope: &ReportScope,
) -> Result<Vec<OpportunityLine>> {
    let (from, until) = period.bounds();
    let owners_json = scope.opportunities_json();
    let mut statement = conn.prepare(
        "SELECT p.name, coalesce(o.owner, o.created_by), o.title, o.stage, o.status, \
                coalesce(o.value_cents, 0), o.expected_close, substr(o.created_at, 1, 10), \
                substr(o.closed_at, 1, 10), o.loss_reason \
         FROM opportunity o JOIN party p ON p.id = o.party_id \
         WHERE (o.status = 'open' OR (o.closed_at >= ?1 AND o.closed_at < ?2) \
                OR (o.created_at >= ?1 AND o.created_at < ?2)) \
           AND (?3 IS NULL OR coalesce(o.owner, o.created_by) IN (SELECT value FROM json_each(?3))) \
         ORDER BY o.created_at, o.id LIMIT ?4",
    )?;
    let rows = statement.query_map(
        rusqlite::params![from, until, owners_json, MAX_REPORT_LINES as i64],
        |r| {
            Ok(OpportunityLine {
                party: r.get(0)?,
                rep: r.get(1)?,
                title: r.get(2)?,
                stage: r.get(3)?,
                status: r.get(4)?,
                value_cents: r.get(5)?,
                expected_close: r.get(6)?,
                created_on: r.get(7)?,
                closed_on: r.get(8)?,
                loss_reason: r.get(9)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
