//! What the last imports applied, by the digest of each row's cells (migration 0029): a
//! row of tonight's file whose cells are those of a row the master keeps as the import
//! left it is that row again, and costs a hash and a look-up instead of being parsed,
//! checked, compared and written. Read once per run, before the reader starts, and shared
//! by the reader (which skips parsing such rows) and the applier (which learns which
//! master row each stands for, to spot a key given twice and the rows gone from a full
//! export).
//!
//! The triggers of migration 0029 forget a row's digest whenever anything else writes
//! what the ERP owns of it (or deactivates a client): a digest found here always stands
//! for a row as the import left it.

use std::collections::HashMap;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, Statement, ToSql};

use crate::error::Result;

/// `erp_row_digest.file` of `client.csv`.
pub(super) const CLIENTS: i64 = 1;
/// `erp_row_digest.file` of `client_contact.csv`.
pub(super) const CONTACTS: i64 = 2;
/// `erp_row_digest.file` of `sales_month.csv`.
pub(super) const SALES: i64 = 3;
/// `erp_row_digest.file` of `client_relation.csv`.
pub(super) const RELATIONS: i64 = 4;

/// `erp_row_digest.file` for `file`; `None` for a file whose rows are not remembered
/// (`app_user.csv`: thirty rows, nothing to save).
pub(super) fn file_code(file: &str) -> Option<i64> {
    match file {
        "client.csv" => Some(CLIENTS),
        "client_contact.csv" => Some(CONTACTS),
        "sales_month.csv" => Some(SALES),
        "client_relation.csv" => Some(RELATIONS),
        _ => None,
    }
}

/// The master row a remembered row was applied to (`erp_row_digest.row_key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RowKey {
    /// A contact's id, a relation's ERP number.
    Int(i64),
    /// A client's code; a month's sales as `c_client` U+001F `month`.
    Text(Box<str>),
}

impl RowKey {
    /// The text of a text key, `""` for a number (which no text key of a file equals).
    pub fn text(&self) -> &str {
        match self {
            Self::Text(text) => text,
            Self::Int(_) => "",
        }
    }

    /// The number of a numeric key.
    pub fn int(&self) -> Option<i64> {
        match self {
            Self::Int(n) => Some(*n),
            Self::Text(_) => None,
        }
    }
}

/// The separator of a month's sales key, which no checked text holds (control
/// characters are refused in every cell).
pub(super) const KEY_SEPARATOR: char = '\u{1f}';

/// The master rows stored under one digest: one, unless a full export lists the same
/// contact twice, word for word.
#[derive(Debug)]
enum Rows {
    One(RowKey),
    Many(Vec<RowKey>),
}

/// One file's remembered rows, by digest.
#[derive(Debug, Default)]
pub(crate) struct Known {
    by_digest: HashMap<i64, Rows, super::numbers::Numbers>,
}

impl Known {
    /// How many master rows were applied from cells of this digest.
    pub fn count(&self, digest: i64) -> usize {
        match self.by_digest.get(&digest) {
            None => 0,
            Some(Rows::One(_)) => 1,
            Some(Rows::Many(keys)) => keys.len(),
        }
    }

    /// The `nth` master row applied from cells of this digest.
    pub fn key(&self, digest: i64, nth: u32) -> Option<&RowKey> {
        match self.by_digest.get(&digest)? {
            Rows::One(key) => (nth == 0).then_some(key),
            Rows::Many(keys) => keys.get(nth as usize),
        }
    }

    fn add(&mut self, digest: i64, key: RowKey) {
        match self.by_digest.remove(&digest) {
            None => self.by_digest.insert(digest, Rows::One(key)),
            Some(Rows::One(first)) => self.by_digest.insert(digest, Rows::Many(vec![first, key])),
            Some(Rows::Many(mut keys)) => {
                keys.push(key);
                self.by_digest.insert(digest, Rows::Many(keys))
            }
        };
    }
}

/// Every remembered file's rows, read in one pass over `erp_row_digest`.
#[derive(Debug, Default)]
pub(crate) struct KnownFiles {
    files: [Known; 4],
}

impl KnownFiles {
    /// Reads the digests the master keeps.
    pub fn load(conn: &Connection) -> Result<Self> {
        let mut known = Self::default();
        let mut stmt = conn.prepare("SELECT file, row_key, digest FROM erp_row_digest")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let file: i64 = row.get(0)?;
            let key = match row.get_ref(1)? {
                ValueRef::Integer(n) => RowKey::Int(n),
                ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
                    Ok(text) => RowKey::Text(text.into()),
                    Err(_) => continue, // no row of a file is keyed so: never matched
                },
                _ => continue,
            };
            if let Some(slot) = Self::slot(file) {
                known.files[slot].add(row.get(2)?, key);
            }
        }
        Ok(known)
    }

    fn slot(code: i64) -> Option<usize> {
        usize::try_from(code - 1).ok().filter(|slot| *slot < 4)
    }

    /// The remembered rows of `file`, `None` for a file not remembered.
    pub fn of(&self, file: &str) -> Option<&Known> {
        Self::slot(file_code(file)?).map(|slot| &self.files[slot])
    }
}

/// Writes the digest of the cells a row was just applied from (or found equal to).
pub(super) struct DigestWriter<'c> {
    file: i64,
    upsert: Statement<'c>,
}

impl<'c> DigestWriter<'c> {
    /// The writer of the digests of file `code` ([`CLIENTS`], [`CONTACTS`]…).
    pub fn new(conn: &'c Connection, code: i64) -> Result<Self> {
        let upsert = conn.prepare(
            "INSERT INTO erp_row_digest (file, row_key, digest) VALUES (?1, ?2, ?3) \
             ON CONFLICT (file, row_key) DO UPDATE SET digest = excluded.digest",
        )?;
        Ok(Self { file: code, upsert })
    }

    /// Remembers that the master row `key` is as cells of `digest` left it.
    pub fn put(&mut self, key: &dyn ToSql, digest: i64) -> Result<()> {
        self.upsert
            .execute(rusqlite::params![self.file, key, digest])?;
        Ok(())
    }
}
