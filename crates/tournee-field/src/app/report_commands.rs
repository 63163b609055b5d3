//! [`FieldApp`]'s « Rapports » (issue 15): the back office's five sales reports over the
//! snapshot and the pending changes, and their A4 page (« Imprimer »). Thin: checks the
//! period, then one call of [`crate::reports`] (and [`crate::reports_pdf`]).

use super::documents::Document;
use super::FieldApp;
use crate::dto::{ExportedFile, ReportQuery, SalesReports};
use crate::error::Result;
use crate::reports::{self, ReportPeriod};
use crate::reports_pdf::reports_pdf;
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

    /// The reports over `query`'s days as one A4 PDF, in the user's language: written
    /// under `<home>/exports/` on the laptop, downloaded in a browser.
    pub fn reports_document(&self, query: &ReportQuery) -> Result<Document> {
        let reports = self.sales_reports(query)?;
        let today = self.now().date_naive().to_string();
        let bytes = reports_pdf(&reports, &today, self.settings.lang);
        Ok(Document::new(
            &format!("rapports-{}-{}.pdf", reports.from, reports.to),
            "application/pdf",
            bytes,
        ))
    }

    /// « Imprimer »: the reports' page written under `<home>/exports/`.
    pub fn print_reports(&self, query: &ReportQuery) -> Result<ExportedFile> {
        self.export(&self.reports_document(query)?)
    }
}
