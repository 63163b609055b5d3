//! Reading one ERP file: only a plain file (a symbolic link is refused, never followed),
//! of bounded size, decoded by tournee-csv, every header known, every value by its rule.
//! The whole file is checked before anything is applied.

use std::fs;
use std::io::Read;
use std::path::Path;

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use tournee_csv::{read_csv, CsvError, Encoding};

use super::columns::{parse, Column, ValueRule};
use super::tables::Table;

/// Largest file read (1 GiB): the full demo's relations take about 150 MB; anything
/// much larger is not an export of this ERP's tables, and reading it would only eat memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Why a file was refused whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FileFault {
    /// A symbolic link, a folder, a device: only plain files are read.
    #[error("not a plain file (links are never followed)")]
    NotAFile,
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("{bytes} bytes, more than the {max} accepted")]
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The limit.
        max: u64,
    },
    /// The system would not read it.
    #[error("unreadable: {error}")]
    Unreadable {
        /// The system's message.
        error: String,
    },
    /// Not CSV as tournee-csv reads it (bad encoding, quotes, column count…).
    #[error("{}{detail}", position(*line, *column))]
    Csv {
        /// The line, when the fault has one.
        line: Option<usize>,
        /// The column, when the fault has one.
        column: Option<usize>,
        /// tournee-csv's words.
        detail: String,
    },
    /// A mandatory header is missing.
    #[error("header: column {header} missing")]
    MissingHeader {
        /// The header expected.
        header: String,
    },
    /// A header this file does not have (a typo would otherwise drop a column silently).
    #[error("header, column {column}: unknown column {header}")]
    UnknownHeader {
        /// The header found.
        header: String,
        /// Its position.
        column: usize,
    },
    /// A value breaks its column's rule.
    #[error("line {line}, column {column} ({header}): {rule}")]
    BadValue {
        /// The line.
        line: usize,
        /// The column's position.
        column: usize,
        /// The column's header.
        header: String,
        /// The rule broken.
        rule: ValueRule,
    },
    /// A full export (clients, contacts) with no row: a failed export job, not a company
    /// without clients; applying it would deactivate every client.
    #[error("no data row: a full export cannot be empty")]
    EmptyExport,
}

fn position(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("line {line}, column {column}: "),
        (Some(line), None) => format!("line {line}: "),
        (None, Some(column)) => format!("header, column {column}: "),
        (None, None) => String::new(),
    }
}

impl From<CsvError> for FileFault {
    fn from(error: CsvError) -> Self {
        let (line, column) = match &error {
            CsvError::Empty => (None, None),
            CsvError::BadUtf8 { line } | CsvError::FieldCount { line, .. } => (Some(*line), None),
            CsvError::UnterminatedQuote { line, column }
            | CsvError::StrayQuote { line, column }
            | CsvError::FieldTooLong { line, column } => (Some(*line), Some(*column)),
            CsvError::EmptyHeader { column } | CsvError::DuplicateHeader { column, .. } => {
                (Some(1), Some(*column))
            }
        };
        // tournee-csv's message already starts with the position: keep only the rest.
        let text = error.to_string();
        let detail = text
            .split_once(": ")
            .filter(|_| line.is_some())
            .map_or(text.clone(), |(_, rest)| rest.to_string());
        Self::Csv {
            line,
            column,
            detail,
        }
    }
}

/// A file read and checked: its rows' values in the order of `columns`.
#[derive(Debug)]
pub(crate) struct ParsedFile {
    /// The table it feeds.
    pub table: &'static Table,
    /// How it was decoded (for the report).
    pub encoding: &'static str,
    /// The columns present, in the file's order.
    pub columns: Vec<&'static Column>,
    /// Each row's line and values, one per column.
    pub rows: Vec<(usize, Vec<Value>)>,
}

impl ParsedFile {
    /// The position of the master column `db` among the file's columns.
    pub fn index(&self, db: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.db == db)
    }
}

/// Reads `folder/<table.file>`; `Ok(None)` when the file is not there.
pub(crate) fn read_table(
    folder: &Path,
    table: &'static Table,
) -> Result<Option<ParsedFile>, FileFault> {
    let path = folder.join(table.file);
    let meta = match fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(FileFault::Unreadable {
                error: error.to_string(),
            })
        }
    };
    if !meta.file_type().is_file() {
        return Err(FileFault::NotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(FileFault::TooLarge {
            bytes: meta.len(),
            max: MAX_FILE_BYTES,
        });
    }
    let unreadable = |error: std::io::Error| FileFault::Unreadable {
        error: error.to_string(),
    };
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Bounded again while reading: the file may grow between the look and the read.
    fs::File::open(&path)
        .map_err(unreadable)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FileFault::TooLarge {
            bytes: bytes.len() as u64,
            max: MAX_FILE_BYTES,
        });
    }
    parse_table(&bytes, table).map(Some)
}

/// Checks a file's bytes against its table's columns.
pub(crate) fn parse_table(bytes: &[u8], table: &'static Table) -> Result<ParsedFile, FileFault> {
    let csv = read_csv(bytes)?;
    let mut columns = Vec::with_capacity(csv.headers.len());
    for (index, header) in csv.headers.iter().enumerate() {
        let column = table
            .columns
            .iter()
            .find(|c| c.named(header))
            .ok_or_else(|| FileFault::UnknownHeader {
                header: header.clone(),
                column: index + 1,
            })?;
        if columns.iter().any(|c: &&Column| c.db == column.db) {
            return Err(FileFault::Csv {
                line: Some(1),
                column: Some(index + 1),
                detail: format!("{header} names a column already named"),
            });
        }
        columns.push(column);
    }
    if let Some(missing) = table
        .columns
        .iter()
        .find(|c| c.required && !columns.iter().any(|p| p.db == c.db))
    {
        return Err(FileFault::MissingHeader {
            header: missing.header.to_string(),
        });
    }
    let empty_text = if table.empty_is_null {
        Value::Null
    } else {
        Value::Text(String::new())
    };
    let encoding = match csv.encoding {
        Encoding::Utf8 => "UTF-8",
        Encoding::Utf8Bom => "UTF-8 (BOM)",
        Encoding::Windows1252 => "Windows-1252",
    };
    let mut rows = Vec::with_capacity(csv.rows.len());
    for row in csv.rows {
        let mut values = Vec::with_capacity(columns.len());
        for (index, (column, cell)) in columns.iter().zip(&row.cells).enumerate() {
            let value = parse(column, cell, &empty_text).map_err(|rule| FileFault::BadValue {
                line: row.line,
                column: index + 1,
                header: column.header.to_string(),
                rule,
            })?;
            values.push(value);
        }
        rows.push((row.line, values));
    }
    Ok(ParsedFile {
        table,
        encoding,
        columns,
        rows,
    })
}
