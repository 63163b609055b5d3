//! Applying the ERP's files to the master, by key, inside the caller's transaction: one
//! module per file ([`clients`], [`contacts`], [`sales`], [`relations`], [`users`]).
//!
//! What belongs to Tournée is never overwritten: a client's revisit date, fleet and
//! `created_from_prospect`; the `client_relation` rows reps created (they carry a
//! `change_id` and no `erp_num_relation`); users' roles, admin flag and active flag.
//! Rows that name what the master does not know are skipped one by one and reported.
//! A row the reader found unchanged since the last import ([`Next::Same`]) costs a look-up
//! of its key; the others are compared with the master and written if they differ, and
//! the digest of their cells is stored ([`DigestWriter`]).

mod clients;
mod contacts;
mod relations;
mod sales;
mod users;

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::Receiver;

use rusqlite::types::Value;
use rusqlite::Transaction;

use super::bulk;
use super::known::{Known, RowKey};
use super::source::{FileFault, FileHead, Message, ReadRow};
use super::{FileReport, Refusal, RowRefusal, RunFault};
use crate::error::Result;

/// The reports of the files applied and the rows refused, or the fault of a file.
type Applied = std::result::Result<(Vec<FileReport>, Vec<Refusal>), RunFault>;

/// Applies every file the reader sends, in its order (users and clients first). A table
/// still empty is loaded with its indexes and snapshot triggers set aside ([`bulk`]).
pub(super) fn apply_all(tx: &Transaction<'_>, receiver: &Receiver<Message>) -> Result<Applied> {
    let mut reports = Vec::new();
    let mut refusals = Vec::new();
    let mut clients: Option<HashSet<String>> = None;
    // The reader closes the channel once every file is sent.
    while let Ok(message) = receiver.recv() {
        let head = match message {
            Message::File(head) => head,
            Message::Fault(file, fault) => {
                return Ok(Err(RunFault {
                    file: file.to_string(),
                    fault,
                }))
            }
            Message::Failed(error) => return Err(error),
            Message::Rows(_) | Message::End => return Ok(Err(reader_lost("(reader)"))),
        };
        // Shared with the reader, which matched this file's rows against it.
        let remembered = head.known.clone();
        let name = head.table.file;
        let mut report = FileReport {
            file: name.to_string(),
            encoding: head.encoding.to_string(),
            ..FileReport::default()
        };
        let mut rows = FileRows {
            known: remembered.as_deref(),
            head,
            receiver,
            batch: Vec::new().into_iter(),
            ended: false,
            fault: None,
            read: 0,
        };
        let mut out = Out {
            report: &mut report,
            refusals: &mut refusals,
            file: name,
        };
        let set_aside = bulk::set_aside(tx, name.trim_end_matches(".csv"))?;
        // A table empty before its file: nothing to look up, every row is new.
        let empty = set_aside.is_some();
        match name {
            "app_user.csv" => users::apply(tx, &mut rows, &mut out)?,
            "client.csv" => {
                clients::apply(tx, &mut rows, &mut out, empty)?;
                clients = None;
            }
            _ => {
                if clients.is_none() {
                    clients = Some(client_codes(tx)?);
                }
                let empty_set = HashSet::new();
                let known = clients.as_ref().unwrap_or(&empty_set);
                match name {
                    "client_contact.csv" => contacts::apply(tx, &mut rows, known, &mut out, empty)?,
                    "sales_month.csv" => sales::apply(tx, &mut rows, known, &mut out, empty)?,
                    _ => relations::apply(tx, &mut rows, known, &mut out, empty)?,
                }
            }
        }
        if let Some(fault) = rows.fault {
            return Ok(Err(fault));
        }
        let full_export = matches!(name, "client.csv" | "client_contact.csv");
        if full_export && rows.read == 0 {
            // A failed export job, not a company without clients: applying it would
            // deactivate every client (the transaction is rolled back).
            return Ok(Err(RunFault {
                file: name.to_string(),
                fault: FileFault::EmptyExport,
            }));
        }
        if let Some(set_aside) = set_aside {
            set_aside.restore(tx)?;
        }
        report.read = rows.read;
        reports.push(report);
    }
    Ok(Ok((reports, refusals)))
}

/// The fault of a run whose reader stopped without saying why (it cannot, short of a
/// panic): the run is refused rather than applied from part of a file.
fn reader_lost(file: &str) -> RunFault {
    RunFault {
        file: file.to_string(),
        fault: FileFault::Unreadable {
            error: "the reader stopped before the end of the file".to_string(),
        },
    }
}

/// A row of the file being applied, as the table modules take it.
enum Next<'k> {
    /// Read and checked: its values, compared with the master.
    Checked {
        line: usize,
        values: Vec<Value>,
        /// The digest of its cells, stored once the row is applied.
        cells: i64,
        /// The digest of its values without the key (relations only).
        values_digest: i64,
    },
    /// Unchanged since the import that stored the master row `key`.
    Same {
        line: usize,
        key: &'k RowKey,
        /// Its place among the file's remembered rows ([`Known::key_at`]).
        slot: u32,
    },
}

/// The rows of the file being applied, taken from the reader's batches as they come.
struct FileRows<'r, 'k> {
    head: FileHead,
    /// What the last imports applied from this file, for the rows the reader found
    /// unchanged.
    known: Option<&'k Known>,
    receiver: &'r Receiver<Message>,
    batch: std::vec::IntoIter<ReadRow>,
    ended: bool,
    /// Set when the file turned out malformed: the run is refused.
    fault: Option<RunFault>,
    /// Rows handed out.
    read: u64,
}

impl<'k> FileRows<'_, 'k> {
    /// The next row; `None` at the end of the file or at its fault.
    fn next_row(&mut self) -> Option<Next<'k>> {
        loop {
            if let Some(row) = self.batch.next() {
                self.read += 1;
                match row {
                    ReadRow::Checked {
                        line,
                        values,
                        cells,
                        values_digest,
                    } => {
                        return Some(Next::Checked {
                            line,
                            values,
                            cells,
                            values_digest,
                        })
                    }
                    ReadRow::Same { line, slot } => {
                        match self.known.and_then(|known| known.key_at(slot)) {
                            Some(key) => return Some(Next::Same { line, key, slot }),
                            None => {
                                // The reader only says « same » for a row it found in the
                                // same map: never, short of a bug. Refuse rather than guess.
                                self.fault = Some(reader_lost(self.head.table.file));
                                self.ended = true;
                                self.batch = Vec::new().into_iter();
                                return None;
                            }
                        }
                    }
                }
            }
            if self.ended {
                return None;
            }
            match self.receiver.recv() {
                Ok(Message::Rows(rows)) => self.batch = rows.into_iter(),
                Ok(Message::End) => self.ended = true,
                Ok(Message::Fault(file, fault)) => {
                    self.fault = Some(RunFault {
                        file: file.to_string(),
                        fault,
                    });
                    self.ended = true;
                }
                Ok(Message::File(_) | Message::Failed(_)) | Err(_) => {
                    self.fault = Some(reader_lost(self.head.table.file));
                    self.ended = true;
                }
            }
        }
    }

    fn index(&self, db: &str) -> Option<usize> {
        self.head.index(db)
    }

    /// How many rows of this file the master remembers (the slots run below it).
    fn remembered(&self) -> usize {
        self.known.map_or(0, Known::len)
    }
}

/// Where a file's counts and refusals go.
struct Out<'a> {
    report: &'a mut FileReport,
    refusals: &'a mut Vec<Refusal>,
    file: &'static str,
}

impl Out<'_> {
    fn refuse(&mut self, line: usize, reason: RowRefusal) {
        self.report.refused += 1;
        self.refusals.push(Refusal {
            file: self.file.to_string(),
            line,
            reason,
        });
    }

    /// Remembers the key's first line; refuses the row when the key came before.
    fn first_time(&mut self, seen: &mut HashMap<String, usize>, key: &str, line: usize) -> bool {
        if let Some(&first_line) = seen.get(key) {
            self.refuse(
                line,
                RowRefusal::DuplicateKey {
                    key: key.to_string(),
                    first_line,
                },
            );
            return false;
        }
        seen.insert(key.to_string(), line);
        true
    }
}

fn client_codes(tx: &Transaction<'_>) -> Result<HashSet<String>> {
    let mut stmt = tx.prepare("SELECT c_client FROM client")?;
    let codes = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(codes)
}

/// The text of a key cell (keys are `not_empty` text columns, checked by the reader).
fn text(value: &Value) -> &str {
    match value {
        Value::Text(text) => text,
        _ => "",
    }
}

/// The columns of `file` other than the key `key`, their positions and names.
fn others(file: &FileRows<'_, '_>, keys: &[&str]) -> (Vec<usize>, Vec<&'static str>) {
    file.head
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !keys.contains(&c.db))
        .map(|(i, c)| (i, c.db))
        .unzip()
}

/// The values at `positions`, borrowed: bound as they are, cloned only when kept.
fn pick<'v>(values: &'v [Value], positions: &[usize]) -> Vec<&'v Value> {
    positions.iter().map(|&i| &values[i]).collect()
}

/// Whether the values at `positions` are `old`, without building the row.
fn same_at(values: &[Value], positions: &[usize], old: &[Value]) -> bool {
    positions.len() == old.len() && positions.iter().zip(old).all(|(&i, o)| values[i] == *o)
}

fn read_row(row: &rusqlite::Row<'_>, from: usize, count: usize) -> rusqlite::Result<Vec<Value>> {
    (from..from + count)
        .map(|i| row.get::<_, Value>(i))
        .collect()
}
