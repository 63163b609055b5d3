//! The sales reports on the laptop and in the browser (issue 15, « Reports »: « charts in
//! the app and in the browser »): the back office's five reports
//! (`tournee_store::reports`) counted over the snapshot, with this laptop's pending record
//! changes laid over it as every other view lays them ([`crate::record_overlay`]).
//!
//! **The same definitions as the server's**, so that a manager reads the same figures in
//! the back office and in the app (`crates/tournee-system-tests/tests/reports.rs` checks
//! it over the demo's selling with a manager's real snapshot):
//!
//! * a report covers the days `from` to `to`, both included, in UTC as the server stamps;
//! * sales count the opportunities **won** and **closed** in the period, by month of
//!   closing and owner; the average time to close, per owner, those closed won or lost;
//! * the funnel counts the parties **created** in the period: every one a lead, a prospect
//!   when its status is prospect, dead prospect or client, « opportunity » when one of its
//!   opportunities is readable here, « won » when one of those is won;
//! * the forecast weighs every open opportunity by its stage's probability, per month of
//!   expected close, whatever the period;
//! * the campaigns are those **started** in the period, each with its parties, the
//!   opportunities on them and the value won.
//!
//! **Whose figures.** What the snapshot holds is what the user may read (the policy's read
//! scopes, `tournee_store::snapshot`), which is the server's `ReportScope` of that user: a
//! rep's own figures, a manager's team's. One exception: every user who reads parties also
//! receives the unassigned pool's leads, which the server's reports count as their
//! creator's; here a pool lead counts when its creator is the user or owns a party the
//! snapshot holds outside the pool (a team member who owns none is not seen, so his pool
//! leads are left out here and counted by the server).
//!
//! **Pending changes.** An opportunity created, moved or closed here counts at once: its
//! `created_at` and `closed_at` are the times its changes were written (the server stamps
//! them so), until the snapshot brings the server's. A party created here is created at
//! the time of its change, with the status its list line shows.

mod figures;
mod rows;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use tournee_core::pipeline::Pipeline;
use tournee_core::DomainError;

use crate::dto::{
    ForecastMonth, ReportCampaign, ReportCloseTime, ReportFunnel, ReportQuery, ReportSalesLine,
    SalesReports, UserIdentity,
};
use crate::error::{AppRule, FieldError, Result};
use crate::record_views::RecordReader;

/// Longest period a report covers, in days (the back office's ten years).
pub const MAX_PERIOD_DAYS: i64 = 3_660;

/// The days a report covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPeriod {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl ReportPeriod {
    /// The period typed, or each field's problem: a day that is not `YYYY-MM-DD` under its
    /// field, an end before the start or more than [`MAX_PERIOD_DAYS`] after it under `to`.
    pub fn check(query: &ReportQuery) -> Result<Self> {
        let day = |text: &str| tournee_core::parse_iso_date(text.trim());
        let (from, to) = (day(&query.from), day(&query.to));
        let mut problems = Vec::new();
        for (field, value) in [("from", from), ("to", to)] {
            if value.is_none() {
                problems.push(DomainError::NotADate {
                    field: field.into(),
                });
            }
        }
        let (Some(from), Some(to)) = (from, to) else {
            return Err(FieldError::rules(problems));
        };
        if to < from || (to - from).num_days() > MAX_PERIOD_DAYS {
            return Err(FieldError::app_rule(AppRule::BadRange {
                field: "to".into(),
                max_days: MAX_PERIOD_DAYS,
            }));
        }
        Ok(Self { from, to })
    }

    /// The period's bounds as the stored RFC 3339 texts compare: `[from, day after to)`,
    /// the server's own (`tournee_store::reports`).
    fn bounds(&self) -> (String, String) {
        let after = self.to.succ_opt().unwrap_or(self.to);
        (
            format!("{}T00:00:00", self.from),
            format!("{after}T00:00:00"),
        )
    }
}

/// Every report over `period`, from what `reader` reads (the snapshot and the pending
/// changes), reps named from the snapshot's directory `users`; `me` is the reader's login.
pub fn sales_reports(
    reader: &RecordReader<'_>,
    pipelines: &[Pipeline],
    users: &[UserIdentity],
    me: &str,
    period: ReportPeriod,
) -> Result<SalesReports> {
    let (from, until) = period.bounds();
    let rows = rows::read(reader, &from, &until, me)?;
    let name = |login: &str| {
        users
            .iter()
            .find(|u| u.windows_user == login)
            .map_or_else(|| login.to_string(), |u| u.display_name.clone())
    };
    let counted = figures::Counted::of(&rows);
    let funnel = figures::funnel(&rows, &counted);
    Ok(SalesReports {
        from: period.from.to_string(),
        to: period.to.to_string(),
        sales: figures::sales(&rows.deals, &from, &until)
            .into_iter()
            .map(|s| ReportSalesLine {
                rep_name: name(&s.rep),
                month: s.month,
                rep: s.rep,
                won: s.won,
                won_cents: s.won_cents,
            })
            .collect(),
        funnel: ReportFunnel {
            leads: funnel.leads,
            prospects: funnel.prospects,
            opportunities: funnel.opportunities,
            won: funnel.won,
        },
        forecast: figures::forecast(&rows.deals, pipelines)
            .into_iter()
            .map(|(month, cents)| ForecastMonth { month, cents })
            .collect(),
        close_times: figures::close_times(&rows.deals, &from, &until)
            .into_iter()
            .map(|c| ReportCloseTime {
                rep_name: name(&c.rep),
                rep: c.rep,
                closed: c.closed,
                hours_tenths: c.hours_tenths,
            })
            .collect(),
        campaigns: figures::campaigns(&rows, &counted, period)
            .into_iter()
            .map(|c| ReportCampaign {
                id: c.id,
                name: c.name,
                starts_on: c.starts_on,
                cost_cents: c.cost_cents,
                leads: c.leads,
                opportunities: c.opportunities,
                won_cents: c.won_cents,
            })
            .collect(),
        pending: rows.pending,
    })
}
