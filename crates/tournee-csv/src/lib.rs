//! CSV files as French offices exchange them. The CRM exports contacts for Excel and
//! LibreOffice, imports lists people made with them, and reads the ERP's nightly exports
//! (issue 13's CSV, issue 16's ERP bridge): one reader and one writer for all of it.
//!
//! * [`write`] ([`CsvWriter`]): UTF-8 with a byte-order mark (without it, French Excel
//!   reads UTF-8 as Windows-1252), `;` between fields (Excel's separator where the decimal
//!   mark is a comma), CRLF line ends, RFC 4180 quoting, and cells that a spreadsheet would
//!   take for a formula neutralised (CSV injection).
//! * [`read`] ([`read_csv`]): bytes in UTF-8 (with or without BOM) or Windows-1252 (what
//!   older ERP exports and Excel's « CSV (séparateur : point-virgule) » write), the
//!   separator guessed from the header line (`;`, `,` or tab), RFC 4180 quoting with line
//!   breaks inside quotes; every fault reported with its line and column, and a file with a
//!   fault refused whole by the caller's choice, never half-read silently.
//!
//! Nothing here opens a file: callers hand bytes in and get bytes out.

mod contacts;
mod read;
mod write;

pub use contacts::{kind_label, ContactLine, ContactsCsv, LastAction, PersonCell, CONTACT_HEADERS};
pub use read::{
    read_csv, stream_csv, CsvError, CsvStream, CsvTable, Encoding, Row, Separator, MAX_FIELD_BYTES,
};
pub use write::{neutralise_formula, CsvWriter};

#[cfg(test)]
mod tests;
