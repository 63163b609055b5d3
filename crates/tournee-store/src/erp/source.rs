//! Reading one ERP file: only a plain file (a symbolic link is refused, never followed),
//! of bounded size, decoded by tournee-csv, every header known, every value by its rule.
//! Files are read and checked on their own thread, beside the applier, and handed over
//! by batches of checked rows; a fault stops the run, whose transaction is then rolled
//! back, so that nothing of a malformed file (nor of the others) lands.

use std::fs;
use std::io::Read;
use std::path::Path;

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use std::sync::mpsc::SyncSender;

use tournee_csv::{stream_csv, CsvError, Encoding, Row};

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

/// A file whose header was read and checked: what its rows' values mean.
#[derive(Debug)]
pub(crate) struct FileHead {
    /// The table it feeds.
    pub table: &'static Table,
    /// How it was decoded (for the report).
    pub encoding: &'static str,
    /// The columns present, in the file's order.
    pub columns: Vec<&'static Column>,
}

impl FileHead {
    /// The position of the master column `db` among the file's columns.
    pub fn index(&self, db: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.db == db)
    }
}

/// One checked row: its line and its values, one per column of its [`FileHead`].
pub(crate) type CheckedRow = (usize, Vec<Value>);

/// What the reader hands the applier, file after file, in the order of the tables.
#[derive(Debug)]
pub(crate) enum Message {
    /// A file starts: its header is checked.
    File(FileHead),
    /// Rows of the current file, each value checked by its column's rule.
    Rows(Vec<CheckedRow>),
    /// The current file ended without fault.
    End,
    /// The current file is refused: nothing more comes.
    Fault(&'static str, FileFault),
}

/// Rows sent at once: large enough that the channel costs nothing per row, small enough
/// that the reader never holds much more than the applier is working on.
const BATCH: usize = 2048;

/// Reads every file of `folder` present among `tables`, in order, and sends its header,
/// its checked rows by batches and its end (or its fault, after which nothing is sent).
/// Runs beside the applier, so that reading and checking a file overlaps with writing
/// the previous rows; returns when done or when the applier stops listening.
pub(crate) fn produce(folder: &Path, tables: &'static [Table], sender: &SyncSender<Message>) {
    for table in tables {
        let sent = match read_bytes(folder, table) {
            Ok(None) => Ok(true),
            Ok(Some(bytes)) => send_file(&bytes, table, sender),
            Err(fault) => Err(fault),
        };
        match sent {
            Ok(true) => {}
            Ok(false) => return,
            Err(fault) => {
                deliver(sender, Message::Fault(table.file, fault));
                return;
            }
        }
    }
}

/// Sends `message`; `false` when the applier no longer listens (it stopped on a fault or
/// an error of its own, and says so itself): the reader then has nothing left to do.
fn deliver(sender: &SyncSender<Message>, message: Message) -> bool {
    sender.send(message).is_ok()
}

/// Reads `folder/<table.file>`'s bytes; `Ok(None)` when the file is not there.
fn read_bytes(folder: &Path, table: &'static Table) -> Result<Option<Vec<u8>>, FileFault> {
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
    Ok(Some(bytes))
}

/// Checks a file's header, then sends its rows checked by batches and its end; `false`
/// when the applier stopped listening.
fn send_file(
    bytes: &[u8],
    table: &'static Table,
    sender: &SyncSender<Message>,
) -> Result<bool, FileFault> {
    let mut csv = stream_csv(bytes)?;
    let columns = check_columns(&csv.headers, table)?;
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
    let head = FileHead {
        table,
        encoding,
        columns: columns.clone(),
    };
    if !deliver(sender, Message::File(head)) {
        return Ok(false);
    }
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(row) = csv.next_row()? {
        batch.push((row.line, check_row(&columns, row, &empty_text)?));
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if !deliver(sender, Message::Rows(full)) {
                return Ok(false);
            }
        }
    }
    if !batch.is_empty() && !deliver(sender, Message::Rows(batch)) {
        return Ok(false);
    }
    Ok(deliver(sender, Message::End))
}

/// The header's columns, each known to the table, none twice, none mandatory missing.
fn check_columns(
    headers: &[String],
    table: &'static Table,
) -> Result<Vec<&'static Column>, FileFault> {
    let mut columns = Vec::with_capacity(headers.len());
    for (index, header) in headers.iter().enumerate() {
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
    Ok(columns)
}

/// One row's cells read by their columns' rules.
fn check_row(
    columns: &[&'static Column],
    row: Row,
    empty_text: &Value,
) -> Result<Vec<Value>, FileFault> {
    let mut values = Vec::with_capacity(columns.len());
    for (index, (column, cell)) in columns.iter().zip(row.cells).enumerate() {
        let value = parse(column, cell, empty_text).map_err(|rule| FileFault::BadValue {
            line: row.line,
            column: index + 1,
            header: column.header.to_string(),
            rule,
        })?;
        values.push(value);
    }
    Ok(values)
}
