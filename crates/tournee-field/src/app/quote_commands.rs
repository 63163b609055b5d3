//! [`FieldApp`]'s quote commands (issue 15): the catalogue, an opportunity's quotes, one
//! quote, the live totals of the editor's lines, the writes (each an `RC` change through
//! the record writer) and the quote's PDF, written where the stats PDF is. Thin: each
//! builds its reader or writer and calls one function of [`crate::quotes`],
//! `record_changes` or [`crate::quote_pdf`].

use super::FieldApp;
use crate::dto::{
    CatalogueChoice, ExportedFile, QuoteEdit, QuoteInput, QuoteLineDto, QuoteSignatureInput,
    QuoteTotalsView, QuoteView, RecordWritten,
};
use crate::error::{FieldError, Result};
use crate::quotes;

impl FieldApp {
    /// The catalogue's active entries a line can be taken from.
    pub fn quote_catalogue(&self) -> Result<Vec<CatalogueChoice>> {
        quotes::catalogue(self.opened()?.snapshot.conn())
    }

    /// Opportunity `opportunity_id`'s quotes, newest first.
    pub fn opportunity_quotes(&self, opportunity_id: &str) -> Result<Vec<QuoteView>> {
        self.read_records(|reader| {
            Ok(quotes::of_opportunity(reader, opportunity_id)?
                .iter()
                .map(quotes::view)
                .collect())
        })
    }

    /// One quote's page.
    pub fn quote(&self, id: &str) -> Result<QuoteView> {
        self.read_records(|reader| Ok(quotes::view(&Self::found_quote(reader, id)?)))
    }

    pub(super) fn found_quote(
        reader: &crate::record_views::RecordReader<'_>,
        id: &str,
    ) -> Result<quotes::Merged> {
        quotes::one(reader, id)?.ok_or_else(|| FieldError::UnknownRecord {
            entity: "quote",
            id: id.to_string(),
        })
    }

    /// The totals of the lines being typed (the editor's live totals), by the core's one
    /// computation; a line the rules refuse is refused under its field.
    pub fn quote_totals(&self, lines: &[QuoteLineDto]) -> Result<QuoteTotalsView> {
        quotes::checked_totals(lines)
    }

    /// A new draft from an opportunity.
    pub fn create_quote(&mut self, input: &QuoteInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.create_quote(local, input))
    }

    /// A quote's lines and validity edited.
    pub fn update_quote(&mut self, id: &str, edit: &QuoteEdit) -> Result<RecordWritten> {
        self.write_records(|local, w| w.update_quote(local, id, edit))
    }

    /// « Envoyer »: the quote given to the client.
    pub fn send_quote(&mut self, id: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.send_quote(local, id))
    }

    /// « Faire signer »: accepted with the client's signature.
    pub fn accept_quote(&mut self, id: &str, input: &QuoteSignatureInput) -> Result<RecordWritten> {
        self.write_records(|local, w| w.accept_quote(local, id, input))
    }

    /// « Refusé »: the client declined.
    pub fn refuse_quote(&mut self, id: &str) -> Result<RecordWritten> {
        self.write_records(|local, w| w.refuse_quote(local, id))
    }

    /// « PDF »: the quote's A4 PDF, in French (the client's document), with the seller's
    /// identity of the snapshot's parameters.
    pub fn print_quote(&self, id: &str) -> Result<ExportedFile> {
        self.export(&self.quote_document(id)?)
    }
}
