//! The « Stats » tab ([`crate::stats`]): which rep and period, and the charts' figures.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which rep and which period the statistics or the calendar are about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatsQuery {
    /// ERP code of the rep; the signed-in rep when absent. Only admins may name another.
    pub rep: Option<String>,
    /// `month`, `3m`, `6m`, `12m`, `year` or `last_year`.
    pub period: String,
}

/// One series of a chart: a value per month of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Series {
    /// Legend.
    pub name: String,
    /// One value per month, in the order of `Stats::months`.
    #[ts(type = "number[]")]
    pub values: Vec<i64>,
}

/// The « Stats » tab for one rep and one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Stats {
    /// ERP code of the rep.
    pub rep: String,
    /// Name of the rep.
    pub rep_name: String,
    /// The period's code (`12m`, one of `tournee_core::PERIODS`): the window words it from
    /// its catalogue (`stats.period.12m`), the PDF from `tournee-sentences`.
    pub period: String,
    /// Months of the period, `YYYY-MM`, oldest first.
    pub months: Vec<String>,
    /// Client visits per month, one series per commercial grid (`c_catc`), stacked in
    /// the histogram.
    pub visits_by_grid: Vec<Series>,
    /// Prospect visits per month.
    pub prospect_visits: Series,
    /// « Remise de proposition » per month, one series per proposal type.
    pub proposals: Vec<Series>,
    /// Year of the turnover chart.
    pub year: i32,
    /// Turnover of the year per month (12 values, cents).
    pub ca_n: Series,
    /// Turnover of the previous year per month (12 values, cents).
    pub ca_n1: Series,
    /// Clients of the portfolio.
    pub clients_total: u32,
    /// Of which visited during the period.
    pub clients_visited: u32,
    /// Prospects of the rep.
    pub prospects_total: u32,
    /// Of which visited during the period.
    pub prospects_visited: u32,
}

/// A rep an admin may pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RepChoice {
    /// ERP code.
    pub erp_code: String,
    /// Name.
    pub display_name: String,
}
