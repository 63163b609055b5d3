//! The « Rapports » screen (issue 15, « Reports »), read by [`crate::reports`] over the
//! snapshot with this laptop's pending changes laid over: the back office's five reports,
//! counted the same way, over what the user may see. Money is integer euro cents; days
//! `YYYY-MM-DD`; months `YYYY-MM`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ForecastMonth;

/// The days a report covers, `from` to `to`, both included (as typed: checked by the
/// command, each problem under its field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportQuery {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
}

/// Opportunities one rep won in one month (by their closing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportSalesLine {
    /// `YYYY-MM` of the closing.
    pub month: String,
    /// The owner's login.
    pub rep: String,
    /// The owner's name in the snapshot's directory (the login when it has none).
    pub rep_name: String,
    /// How many were won.
    pub won: u32,
    /// Their value, in cents.
    #[ts(type = "number")]
    pub won_cents: i64,
}

/// What became of the parties created in the period (lead → prospect → opportunity → won).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportFunnel {
    /// Every party created (each starts as a lead).
    pub leads: u32,
    /// Those a conversation reached: prospect, dead prospect or client now.
    pub prospects: u32,
    /// Those with at least one opportunity.
    pub opportunities: u32,
    /// Those with at least one opportunity won.
    pub won: u32,
}

/// One rep's average time to close over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportCloseTime {
    /// The owner's login.
    pub rep: String,
    /// The owner's name.
    pub rep_name: String,
    /// Opportunities closed (won or lost) in the period.
    pub closed: u32,
    /// Average hours from creation to closing, in tenths of an hour.
    #[ts(type = "number")]
    pub hours_tenths: i64,
}

/// One campaign started in the period, with what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportCampaign {
    /// Its record id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// First day, `YYYY-MM-DD`.
    pub starts_on: String,
    /// What it cost, in cents (0 when not given).
    #[ts(type = "number")]
    pub cost_cents: i64,
    /// Parties recorded under it.
    pub leads: u32,
    /// Opportunities on those parties.
    pub opportunities: u32,
    /// Value won on those parties, in cents.
    #[ts(type = "number")]
    pub won_cents: i64,
}

/// Every report over one period, read at once so that their figures agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SalesReports {
    /// First day counted.
    pub from: String,
    /// Last day counted.
    pub to: String,
    /// Won sales by month then rep.
    pub sales: Vec<ReportSalesLine>,
    /// The conversion funnel of the parties created in the period.
    pub funnel: ReportFunnel,
    /// Σ value × probability of the open opportunities by expected close month (it looks
    /// ahead: not bound to the period).
    pub forecast: Vec<ForecastMonth>,
    /// Average time to close per rep, by login.
    pub close_times: Vec<ReportCloseTime>,
    /// Campaigns started in the period, by first day then name.
    pub campaigns: Vec<ReportCampaign>,
    /// Records changed on this laptop and not yet back from the server that the figures
    /// count (0 in a browser, whose writes are integrated at once).
    pub pending: u32,
}
