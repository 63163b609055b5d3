//! The files the app makes for its user (the stats page and a quote as PDF, the contacts
//! as CSV, the visits as iCalendar), made once as a [`Document`]: the laptop writes it
//! under `<home>/exports/` and hands it to the desktop's viewer, a browser downloads it
//! from the server (`POST /app/download/<command>`). One maker per document, so both
//! sides give the same bytes.

use chrono::Utc;

use super::FieldApp;
use crate::calendar;
use crate::contacts_csv::contacts_csv;
use crate::dto::{CalendarQuery, StatsQuery};
use crate::error::Result;
use crate::quote_pdf::quote_pdf;
use crate::quotes;
use crate::stats;
use crate::stats_pdf::stats_pdf;

/// A file made for the user: its name (only ASCII letters, digits, `-`, `.` and `_`, so it
/// is safe as a file name and in a `Content-Disposition` header), its type, its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The file's name.
    pub name: String,
    /// Its media type.
    pub content_type: &'static str,
    /// Its content.
    pub bytes: Vec<u8>,
}

impl Document {
    /// A document named `name`, every character outside the safe set replaced by `_`.
    pub fn new(name: &str, content_type: &'static str, bytes: Vec<u8>) -> Self {
        let name = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Self {
            name,
            content_type,
            bytes,
        }
    }
}

impl FieldApp {
    /// The stats page as one A4 PDF (« Imprimer »).
    pub fn stats_document(&self, query: &StatsQuery) -> Result<Document> {
        let stats = self.stats(query)?;
        let today = self.now().date_naive().to_string();
        let bytes = stats_pdf(&stats, &today, self.settings.lang);
        Ok(Document::new(
            &format!("statistiques-{}-{}-{today}.pdf", stats.rep, query.period),
            "application/pdf",
            bytes,
        ))
    }

    /// The calendar's visits as iCalendar.
    pub fn calendar_document(&self, query: &CalendarQuery) -> Result<Document> {
        let (rep, own) = self.rep_of(query.rep.as_deref())?;
        let events = self.calendar_events(&rep, own, query)?;
        let name = stats::rep_name(self.opened()?.snapshot.conn(), &rep)?;
        let ics = calendar::to_ics(&events, &name, Utc::now(), self.settings.lang);
        Ok(Document::new(
            &format!(
                "visites-{rep}-{}-{}.ics",
                query.from.trim(),
                query.to.trim()
            ),
            "text/calendar; charset=utf-8",
            ics.into_bytes(),
        ))
    }

    /// Every party the snapshot holds (what the user may read), with its people, status
    /// and last action, as CSV for French Excel and LibreOffice.
    pub fn contacts_document(&self) -> Result<Document> {
        let opened = self.opened()?;
        let (bytes, _parties) = contacts_csv(
            opened.snapshot.conn(),
            &opened.parameters.action_types,
            self.settings.lang,
        )?;
        let today = self.now().date_naive();
        Ok(Document::new(
            &format!("contacts-{today}.csv"),
            "text/csv; charset=utf-8",
            bytes,
        ))
    }

    /// A quote as its A4 PDF, with the pending changes laid over (« Devis provisoire »
    /// and the temporary reference until the server's number comes back).
    pub fn quote_document(&self, id: &str) -> Result<Document> {
        let today = self.now().date_naive();
        let document = self
            .read_records(|reader| Ok(quotes::document(&Self::found_quote(reader, id)?, today)))?;
        let seller = &self.opened()?.parameters.seller;
        let bytes = quote_pdf(&document, seller, tournee_core::Lang::Fr);
        let name = document.number.as_deref().unwrap_or(&document.temp_ref);
        Ok(Document::new(
            &format!("devis-{name}.pdf"),
            "application/pdf",
            bytes,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::Document;

    #[test]
    fn a_documents_name_keeps_only_safe_characters() {
        let document = Document::new("devis-D 2026/1\"é.pdf", "application/pdf", Vec::new());
        assert_eq!(document.name, "devis-D_2026_1__.pdf");
    }
}
