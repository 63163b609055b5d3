//! [`FieldApp`]'s « Rapports » (issue 15): the back office's five sales reports over the
//! snapshot and the pending changes. Thin: checks the period, then one call of
//! [`crate::reports`].

use super::FieldApp;
use crate::dto::{ReportQuery, SalesReports};
use crate::error::Result;
use crate::reports::{self, ReportPeriod};
use crate::snapshot;

impl FieldApp {
    /// The sales reports over `query`'s days: sales by month and rep, the funnel, the
    /// forecast, the average time to close per rep and the campaigns' results, counted
    /// over what this user reads, this laptop's pending changes included.
    pub fn sales_reports(&self, query: &ReportQuery) -> Result<SalesReports> {
        let period = ReportPeriod::check(query)?;
        let opened = self.opened()?;
        let users = snapshot::users(opened.snapshot.conn())?;
        let me = self.my_login()?;
        self.read_records(|reader| {
            reports::sales_reports(reader, &opened.parameters.pipelines, &users, me, period)
        })
    }
}
