//! The sales reports (issue 15, « Reports »), read from the master in one read transaction:
//! sales by month and rep (opportunities won), the conversion funnel (lead → prospect →
//! opportunity → won), the pipeline's forecast, the average time to close per rep, and
//! each campaign's results against its cost. Every amount is in euro cents, every figure
//! an integer; the arithmetic that the board shares lives in `tournee_core::opportunity`.
//!
//! **Periods.** A report covers the days `from` to `to`, both included (UTC): sales and
//! times to close count the opportunities **closed** in it, the funnel the parties
//! **created** in it (what became of them since), the forecast every open opportunity
//! whatever the period (it looks ahead), the campaigns those that **started** in it.
//!
//! **Whose figures.** [`sales_report_within`] counts only the records a [`ReportScope`]
//! reaches (a manager's: the reps the policy lets them read, as their snapshot does);
//! [`sales_report`] counts every record (the admin's).

use chrono::NaiveDate;
use rusqlite::Connection;
use tournee_core::opportunity::figures::{average_hours_tenths, forecast_by_month, Weighed};
use tournee_core::pipeline::Pipeline;

use crate::error::{Result, StoreError};

mod funnel;
mod lines;
mod scope;
#[cfg(test)]
mod tests;
use funnel::funnel;
pub use lines::{report_lines, OpportunityLine, MAX_REPORT_LINES};
use scope::owned_by;
pub use scope::ReportScope;

/// Whose an opportunity is, in the reports' SQL.
const OPPORTUNITY_OWNER: &str = "coalesce(owner, created_by)";

/// The days a report covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPeriod {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl ReportPeriod {
    /// The period's bounds as the master's RFC 3339 texts compare: `[from, day after to)`.
    fn bounds(&self) -> (String, String) {
        let after = self.to.succ_opt().unwrap_or(self.to);
        (
            format!("{}T00:00:00", self.from),
            format!("{after}T00:00:00"),
        )
    }
}

/// Won opportunities of one rep in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesRow {
    /// `YYYY-MM` of the closing.
    pub month: String,
    /// The opportunity's owner (its creator when it has none).
    pub rep: String,
    /// How many were won.
    pub won: u32,
    /// Their value, in cents.
    pub won_cents: i64,
}

/// What became of the parties created in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Funnel {
    /// Every party created (each starts as a lead).
    pub leads: u32,
    /// Those a conversation reached: prospect, dead prospect or client now.
    pub prospects: u32,
    /// Those with at least one opportunity.
    pub opportunities: u32,
    /// Those with at least one opportunity won.
    pub won: u32,
}

/// One rep's average time to close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseTime {
    /// The owner.
    pub rep: String,
    /// Opportunities closed (won or lost) in the period.
    pub closed: u32,
    /// Average hours from creation to closing, in tenths of an hour.
    pub hours_tenths: i64,
}

/// One campaign's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignResult {
    /// Its name.
    pub name: String,
    /// First day (`YYYY-MM-DD`).
    pub starts_on: String,
    /// What it cost, in cents (0 when not given).
    pub cost_cents: i64,
    /// Parties recorded under it.
    pub leads: u32,
    /// Opportunities on those parties.
    pub opportunities: u32,
    /// Value won on those parties, in cents.
    pub won_cents: i64,
}

/// Every report over one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesReport {
    /// The period.
    pub period: ReportPeriod,
    /// Sales by month and rep, months then reps in order.
    pub sales: Vec<SalesRow>,
    /// The conversion funnel.
    pub funnel: Funnel,
    /// Σ value × probability of the open opportunities, by expected close month.
    pub forecast: Vec<(String, i64)>,
    /// Average time to close per rep, by rep.
    pub close_times: Vec<CloseTime>,
    /// Campaigns started in the period, by start then name.
    pub campaigns: Vec<CampaignResult>,
}

/// All the reports over `period`, every record counted, read in one transaction so their
/// figures agree.
pub fn sales_report(
    conn: &mut Connection,
    pipelines: &[Pipeline],
    period: ReportPeriod,
) -> Result<SalesReport> {
    sales_report_within(conn, pipelines, period, &ReportScope::EVERYTHING)
}

/// All the reports over `period`, counting only the records `scope` reaches.
pub fn sales_report_within(
    conn: &mut Connection,
    pipelines: &[Pipeline],
    period: ReportPeriod,
    scope: &ReportScope,
) -> Result<SalesReport> {
    let tx = conn.transaction()?;
    let (from, until) = period.bounds();
    let within = Within::of(scope);
    let report = SalesReport {
        period,
        sales: sales(&tx, &from, &until, &within)?,
        funnel: funnel(&tx, &from, &until, &within)?,
        forecast: forecast(&tx, pipelines, &within)?,
        close_times: close_times(&tx, &from, &until, &within)?,
        campaigns: campaigns(&tx, period, &within)?,
    };
    tx.commit()?;
    Ok(report)
}

/// A scope's owners as bound to the SQL (`NULL`: everyone).
struct Within {
    parties: Option<String>,
    opportunities: Option<String>,
}

impl Within {
    fn of(scope: &ReportScope) -> Self {
        Self {
            parties: scope.parties_json(),
            opportunities: scope.opportunities_json(),
        }
    }
}

/// Sales by month and rep over `period`, alone (the page reads every report at once with
/// [`sales_report_within`]; each is callable apart so that each can be timed).
pub fn sales_by_month(
    conn: &Connection,
    period: ReportPeriod,
    scope: &ReportScope,
) -> Result<Vec<SalesRow>> {
    let (from, until) = period.bounds();
    sales(conn, &from, &until, &Within::of(scope))
}

/// The conversion funnel over `period`, alone.
pub fn conversion_funnel(
    conn: &Connection,
    period: ReportPeriod,
    scope: &ReportScope,
) -> Result<Funnel> {
    let (from, until) = period.bounds();
    funnel(conn, &from, &until, &Within::of(scope))
}

/// The pipeline's forecast, alone (it looks ahead: no period).
pub fn pipeline_forecast(
    conn: &Connection,
    pipelines: &[Pipeline],
    scope: &ReportScope,
) -> Result<Vec<(String, i64)>> {
    forecast(conn, pipelines, &Within::of(scope))
}

/// The average time to close per rep over `period`, alone.
pub fn close_times_per_rep(
    conn: &Connection,
    period: ReportPeriod,
    scope: &ReportScope,
) -> Result<Vec<CloseTime>> {
    let (from, until) = period.bounds();
    close_times(conn, &from, &until, &Within::of(scope))
}

/// The results of the campaigns started in `period`, alone.
pub fn campaign_results(
    conn: &Connection,
    period: ReportPeriod,
    scope: &ReportScope,
) -> Result<Vec<CampaignResult>> {
    campaigns(conn, period, &Within::of(scope))
}

fn sales(conn: &Connection, from: &str, until: &str, within: &Within) -> Result<Vec<SalesRow>> {
    let mut statement = conn.prepare(&format!(
        "SELECT substr(closed_at, 1, 7) AS month, {OPPORTUNITY_OWNER} AS rep, \
                count(*), coalesce(sum(value_cents), 0) \
         FROM opportunity WHERE status = 'won' AND closed_at >= ?1 AND closed_at < ?2 \
           AND {} \
         GROUP BY month, rep ORDER BY month, rep",
        owned_by(OPPORTUNITY_OWNER, "?3")
    ))?;
    let rows = statement.query_map(rusqlite::params![from, until, within.opportunities], |r| {
        Ok(SalesRow {
            month: r.get(0)?,
            rep: r.get(1)?,
            won: r.get(2)?,
            won_cents: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn forecast(
    conn: &Connection,
    pipelines: &[Pipeline],
    within: &Within,
) -> Result<Vec<(String, i64)>> {
    let probability = |pipeline: &str, stage: &str| {
        pipelines
            .iter()
            .find(|p| p.code == pipeline)
            .and_then(|p| p.stages.iter().find(|s| s.code == stage))
            .map_or(0, |s| s.probability)
    };
    let mut statement = conn.prepare(&format!(
        "SELECT substr(expected_close, 1, 7), coalesce(value_cents, 0), pipeline, stage \
         FROM opportunity WHERE status = 'open' AND {}",
        owned_by(OPPORTUNITY_OWNER, "?1")
    ))?;
    let rows = statement.query_map([&within.opportunities], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut weighed = Vec::new();
    for row in rows {
        let (month, value_cents, pipeline, stage) = row?;
        weighed.push(Weighed {
            month,
            value_cents,
            probability: probability(&pipeline, &stage),
        });
    }
    Ok(forecast_by_month(weighed))
}

fn close_times(
    conn: &Connection,
    from: &str,
    until: &str,
    within: &Within,
) -> Result<Vec<CloseTime>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {OPPORTUNITY_OWNER}, created_at, closed_at FROM opportunity \
         WHERE status IN ('won', 'lost') AND closed_at >= ?1 AND closed_at < ?2 AND {} \
         ORDER BY 1",
        owned_by(OPPORTUNITY_OWNER, "?3")
    ))?;
    let rows = statement.query_map(rusqlite::params![from, until, within.opportunities], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut per_rep: Vec<(String, Vec<i64>)> = Vec::new();
    for row in rows {
        let (rep, created, closed) = row?;
        let seconds = |text: &str| {
            chrono::DateTime::parse_from_rfc3339(text)
                .map(|t| t.timestamp())
                .map_err(|e| StoreError::StoredValue {
                    what: format!("opportunity time of {rep}"),
                    reason: format!("{text:?}: {e}"),
                })
        };
        let duration = seconds(&closed)? - seconds(&created)?;
        match per_rep.last_mut() {
            Some((last, durations)) if *last == rep => durations.push(duration),
            _ => per_rep.push((rep, vec![duration])),
        }
    }
    Ok(per_rep
        .into_iter()
        .filter_map(|(rep, durations)| {
            let closed = u32::try_from(durations.len()).unwrap_or(u32::MAX);
            average_hours_tenths(durations).map(|hours_tenths| CloseTime {
                rep,
                closed,
                hours_tenths,
            })
        })
        .collect())
}

/// Each campaign's figures from its parties (`party_by_campaign`) to their opportunities:
/// `CROSS JOIN` keeps that order, which SQLite would otherwise turn around for the value
/// won, scanning every won opportunity per campaign (50 ms over the full demo).
fn campaigns(
    conn: &Connection,
    period: ReportPeriod,
    within: &Within,
) -> Result<Vec<CampaignResult>> {
    let party = owned_by("coalesce(p.owner, p.created_by)", "?3");
    let opportunity = owned_by("coalesce(o.owner, o.created_by)", "?4");
    let mut statement = conn.prepare(&format!(
        "SELECT c.name, c.starts_on, coalesce(c.cost_cents, 0), \
                (SELECT count(*) FROM party p WHERE p.campaign = c.id AND {party}), \
                (SELECT count(*) FROM party p CROSS JOIN opportunity o ON o.party_id = p.id \
                  WHERE p.campaign = c.id AND {opportunity}), \
                (SELECT coalesce(sum(o.value_cents), 0) FROM party p \
                  CROSS JOIN opportunity o ON o.party_id = p.id \
                  WHERE p.campaign = c.id AND o.status = 'won' AND {opportunity}) \
         FROM campaign c WHERE c.starts_on >= ?1 AND c.starts_on <= ?2 \
         ORDER BY c.starts_on, c.name"
    ))?;
    let params = rusqlite::params![
        period.from.to_string(),
        period.to.to_string(),
        within.parties,
        within.opportunities
    ];
    let rows = statement.query_map(params, |r| {
        Ok(CampaignResult {
            name: r.get(0)?,
            starts_on: r.get(1)?,
            cost_cents: r.get(2)?,
            leads: r.get(3)?,
            opportunities: r.get(4)?,
            won_cents: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
