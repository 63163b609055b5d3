//! [`FieldApp::export_contacts`]: the contacts the snapshot holds as a CSV file under
//! `<home>/exports/`, like the stats PDF and the calendar.

use super::FieldApp;
use crate::dto::ExportedFile;
use crate::error::Result;

impl FieldApp {
    /// « Exporter les contacts »: every party the snapshot holds (what the rep may read),
    /// with its people, status and last action, for French Excel and LibreOffice.
    pub fn export_contacts(&self) -> Result<ExportedFile> {
        self.export(&self.contacts_document()?)
    }
}
