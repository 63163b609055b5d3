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
use super::digest;
use super::known::{Known, KnownSource};
use super::tables::Table;
use crate::error::StoreError;
use std::sync::Arc;

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
    /// The rows an earlier import applied from this file, as the reader matched them
    /// (`None` for a file whose rows are not remembered).
    pub known: Option<Arc<Known>>,
}

impl FileHead {
    /// The position of the master column `db` among the file's columns.
    pub fn index(&self, db: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.db == db)
    }
}

/// One row as the reader hands it over.
#[derive(Debug)]
pub(crate) enum ReadRow {
    /// Cells unlike those of any row the master keeps as an import left it: checked by
    /// their columns' rules.
    Checked {
        /// The row's line.
        line: usize,
        /// Its values, one per column of its [`FileHead`].
        values: Vec<Value>,
        /// The digest of its cells ([`digest::cells_digest`]), stored once applied.
        cells: i64,
        /// The digest of its values without the key, for the files compared by it
        /// (`client_relation.csv`); 0 for the others.
        values_digest: i64,
    },
    /// The cells of a row an earlier import applied, unchanged since: the row [`Known`]
    /// keeps at `slot`. Neither parsed nor checked: they were, by the import that stored
    /// them, under the same rules.
    Same {
        /// The row's line.
        line: usize,
        /// Its place among the file's remembered rows ([`Known::key_at`]).
        slot: u32,
    },
}

/// What the reader hands the applier, file after file, in the order of the tables.
#[derive(Debug)]
pub(crate) enum Message {
    /// A file starts: its header is checked.
    File(FileHead),
    /// Rows of the current file, each checked by its columns' rules or known unchanged.
    Rows(Vec<ReadRow>),
    /// The current file ended without fault.
    End,
    /// The current file is refused: nothing more comes.
    Fault(&'static str, FileFault),
    /// The reader could not read the master (its remembered rows): the run fails.
    Failed(StoreError),
}

/// Rows sent at once: large enough that the channel costs nothing per row, small enough
/// that the reader never holds much more than the applier is working on.
const BATCH: usize = 2048;

/// Reads every file of `folder` present among `tables`, in order, and sends its header,
/// its checked rows by batches and its end (or its fault, after which nothing is sent).
/// Runs beside the applier, so that reading and checking a file overlaps with writing
/// the previous rows; returns when done or when the applier stops listening.
pub(crate) fn produce(
    folder: &Path,
    tables: &'static [Table],
    known: &KnownSource,
    sender: &SyncSender<Message>,
) {
    let mut known = known.reader();
    for table in tables {
        let sent = match read_bytes(folder, table) {
            Ok(None) => Ok(true),
            Ok(Some(bytes)) => match known.of(table.file) {
                Ok(remembered) => send_file(&bytes, table, remembered, sender),
                Err(error) => {
                    deliver(sender, Message::Failed(error));
                    return;
                }
            },
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

/// Checks a file's header, then sends its rows by batches and its end; `false` when the
/// applier stopped listening. A row whose cells are those of a row in `known` is sent as
/// [`ReadRow::Same`] without parsing; the others are checked by their columns' rules.
fn send_file(
    bytes: &[u8],
    table: &'static Table,
    remembered: Option<Arc<Known>>,
    sender: &SyncSender<Message>,
) -> Result<bool, FileFault> {
    let known = remembered.as_deref();
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
    let seed = digest::header_seed(table.file, columns.iter().map(|c| c.db));
    // The values compared by digest: every column but the key (the first of the table).
    let digested: Option<Vec<usize>> = table.values_digest.then(|| {
        (0..columns.len())
            .filter(|&i| columns[i].db != table.columns[0].db)
            .collect()
    });
    let head = FileHead {
        table,
        encoding,
        columns: columns.clone(),
        known: remembered.clone(),
    };
    if !deliver(sender, Message::File(head)) {
        return Ok(false);
    }
    // How many rows of each stored digest this file has matched so far, at the slot of
    // the digest's first row: a file listing a row twice matches the master's row once,
    // the second one is read as new.
    let mut matched: Vec<u32> = vec![0; known.map_or(0, Known::len)];
    let mut batch = Vec::with_capacity(BATCH);
    // One row's cells, their strings reused from row to row: most rows of a nightly run
    // are only hashed; a row to check takes its cells along.
    let mut row = Row {
        line: 0,
        cells: Vec::new(),
    };
    while csv.next_row_into(&mut row)? {
        let cells = digest::cells_digest(seed, &row.cells);
        let mut same = None;
        if let Some((first, count)) = known.and_then(|k| k.find(cells)) {
            // `first` is a slot of `known`, below its length, hence within `matched`.
            if let Some(nth) = matched.get_mut(first as usize) {
                if *nth < count {
                    same = Some(first + *nth);
                    *nth += 1;
                }
            }
        }
        let read = match same {
            Some(slot) => ReadRow::Same {
                line: row.line,
                slot,
            },
            None => {
                let line = row.line;
                let taken = Row {
                    line,
                    cells: std::mem::take(&mut row.cells),
                };
                let values = check_row(&columns, taken, &empty_text)?;
                let values_digest = digested.as_ref().map_or(0, |positions| {
                    digest::values_digest(positions.iter().map(|&i| &values[i]))
                });
                ReadRow::Checked {
                    line,
                    values,
                    cells,
                    values_digest,
                }
            }
        };
        batch.push(read);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erp::known::KnownFiles;
    use crate::erp::tables::TABLES;

    const HEADER: &str = "num_relation;origine_relation;date_relation;heure_relation;type_entite;\
                          c_entite;c_user;type_relation;objet;commentaire;c_archive\n";
    /// A date no rule accepts: only a row the master already keeps can carry it past.
    const KNOWN: &str = "7;LIT;2026-02-30;08:00;C;C1;JD01;S;Litige;;N\n";
    const NEW: &str = "8;LIT;2026-02-28;08:00;C;C1;JD01;S;Litige;;N\n";

    fn read(bytes: &str, known: &KnownFiles) -> (Result<bool, FileFault>, Vec<Message>) {
        let table = TABLES
            .iter()
            .find(|t| t.file == "client_relation.csv")
            .unwrap();
        let (sender, receiver) = std::sync::mpsc::sync_channel(16);
        let sent = send_file(
            bytes.as_bytes(),
            table,
            known.of(table.file).cloned(),
            &sender,
        );
        drop(sender);
        (sent, receiver.iter().collect())
    }

    #[test]
    fn a_row_whose_cells_the_master_keeps_is_handed_over_without_being_parsed() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        let columns: Vec<&str> = HEADER.trim_end().split(';').collect();
        let table = TABLES
            .iter()
            .find(|t| t.file == "client_relation.csv")
            .unwrap();
        let heads: Vec<String> = columns.iter().map(|c| (*c).to_string()).collect();
        let checked = check_columns(&heads, table).unwrap();
        let seed = digest::header_seed(table.file, checked.iter().map(|c| c.db));
        let cells: Vec<String> = KNOWN.trim_end().split(';').map(String::from).collect();
        conn.execute(
            "INSERT INTO erp_row_digest (file, row_key, digest) VALUES (4, 7, ?1)",
            [digest::cells_digest(seed, &cells)],
        )
        .unwrap();
        let known = KnownFiles::load(&conn).unwrap();

        let (sent, messages) = read(&format!("{HEADER}{KNOWN}{NEW}"), &known);
        assert_eq!(sent, Ok(true));
        let rows: Vec<&ReadRow> = messages
            .iter()
            .filter_map(|m| match m {
                Message::Rows(rows) => Some(rows),
                _ => None,
            })
            .flatten()
            .collect();
        assert!(
            matches!(
                rows[..],
                [
                    ReadRow::Same { line: 2, slot: 0 },
                    ReadRow::Checked { line: 3, .. }
                ]
            ),
            "{rows:?}"
        );

        // A second copy of the same cells is read as new, and checked: refused here.
        let (sent, _) = read(&format!("{HEADER}{KNOWN}{KNOWN}"), &known);
        assert!(
            matches!(
                sent,
                Err(FileFault::BadValue {
                    line: 3,
                    column: 3,
                    ..
                })
            ),
            "{sent:?}"
        );
        // Without the digest, the first copy is refused as well.
        let (sent, _) = read(&format!("{HEADER}{KNOWN}"), &KnownFiles::default());
        assert!(
            matches!(
                sent,
                Err(FileFault::BadValue {
                    line: 2,
                    column: 3,
                    ..
                })
            ),
            "{sent:?}"
        );
    }
}
