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
use std::path::PathBuf;
use std::sync::Arc;

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

/// Where the master rows stored under one digest sit in [`Known`]'s keys: `count` of
/// them from `first` (more than one only when a full export lists the same contact twice,
/// word for word).
#[derive(Debug, Clone, Copy)]
struct Span {
    first: u32,
    count: u32,
}

/// One file's remembered rows, by digest. The keys sit in one list, those of a digest
/// side by side, so that the reader finds a row with one look-up and hands the applier
/// its place in the list (a « slot ») instead of the digest to look up again.
#[derive(Debug, Default)]
pub(crate) struct Known {
    by_digest: HashMap<i64, Span, super::numbers::Numbers>,
    keys: Vec<RowKey>,
}

impl Known {
    /// The rows applied from cells of this digest: the slot of the first and how many.
    pub fn find(&self, digest: i64) -> Option<(u32, u32)> {
        self.by_digest
            .get(&digest)
            .map(|span| (span.first, span.count))
    }

    /// The master row at `slot` (a slot [`Self::find`] gave, or one after it within its
    /// count).
    pub fn key_at(&self, slot: u32) -> Option<&RowKey> {
        self.keys.get(slot as usize)
    }

    /// How many rows are remembered: the slots run from 0 to this, excluded.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The remembered rows of a file from its (digest, key) pairs, in the order the keys
    /// of one digest should be matched.
    fn build(mut rows: Vec<(i64, RowKey)>) -> Self {
        // A stable sort: the keys of one digest keep the order they were read in.
        rows.sort_by_key(|(digest, _)| *digest);
        let mut by_digest =
            HashMap::with_capacity_and_hasher(rows.len(), super::numbers::Numbers::new());
        let mut keys = Vec::with_capacity(rows.len());
        for (slot, (digest, key)) in rows.into_iter().enumerate() {
            // One digest per row of files of at most 1 GiB (`MAX_FILE_BYTES`): far
            // fewer than 2^32.
            let slot = u32::try_from(slot).unwrap_or(u32::MAX);
            by_digest
                .entry(digest)
                .and_modify(|span: &mut Span| span.count += 1)
                .or_insert(Span {
                    first: slot,
                    count: 1,
                });
            keys.push(key);
        }
        Self { by_digest, keys }
    }
}

/// The key of a stored digest row, `None` for a value no file's key can take (never
/// matched).
fn row_key(value: ValueRef<'_>) -> Option<RowKey> {
    match value {
        ValueRef::Integer(n) => Some(RowKey::Int(n)),
        ValueRef::Text(bytes) => std::str::from_utf8(bytes)
            .ok()
            .map(|text| RowKey::Text(text.into())),
        _ => None,
    }
}

impl Known {
    /// Reads the digests the master keeps for file `code` ([`CLIENTS`], [`CONTACTS`]…).
    fn load(conn: &Connection, code: i64) -> Result<Self> {
        let mut stmt =
            conn.prepare("SELECT row_key, digest FROM erp_row_digest WHERE file = ?1")?;
        let mut rows = stmt.query([code])?;
        let mut found = Vec::new();
        while let Some(row) = rows.next()? {
            if let Some(key) = row_key(row.get_ref(0)?) {
                found.push((row.get(1)?, key));
            }
        }
        Ok(Self::build(found))
    }
}

/// Every remembered file's rows, read in one pass over `erp_row_digest`.
#[derive(Debug, Default)]
pub(crate) struct KnownFiles {
    files: [Arc<Known>; 4],
}

impl KnownFiles {
    /// Reads the digests the master keeps.
    pub fn load(conn: &Connection) -> Result<Self> {
        let mut found: [Vec<(i64, RowKey)>; 4] = Default::default();
        let mut stmt = conn.prepare("SELECT file, row_key, digest FROM erp_row_digest")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let file: i64 = row.get(0)?;
            let Some(key) = row_key(row.get_ref(1)?) else {
                continue;
            };
            if let Some(slot) = Self::slot(file) {
                found[slot].push((row.get(2)?, key));
            }
        }
        Ok(Self {
            files: found.map(|rows| Arc::new(Known::build(rows))),
        })
    }

    fn slot(code: i64) -> Option<usize> {
        usize::try_from(code - 1).ok().filter(|slot| *slot < 4)
    }

    /// The remembered rows of `file`, `None` for a file not remembered.
    pub fn of(&self, file: &str) -> Option<&Arc<Known>> {
        Self::slot(file_code(file)?).map(|slot| &self.files[slot])
    }
}

/// Where a run finds each file's remembered rows.
///
/// Loading them costs about a second for the full demo's 1.9 million rows; read up front
/// on the run's connection, that second passed before anything else could start. A master
/// file in WAL mode lets a second, read-only connection read them beside the run's writes:
/// it sees the master as the last commit left it, which is the master before the run (the
/// run holds the only write lock, and commits at its end), and applying one file never
/// touches another file's digests. The reading thread then loads each file's digests
/// just before reading that file, while the applying thread is still busy with the
/// previous one.
#[derive(Debug)]
pub(crate) enum KnownSource {
    /// Read up front through the run's connection: a master in memory, or one not in WAL
    /// mode (where a reader beside the run's writes could be refused the file).
    Loaded(KnownFiles),
    /// Read file by file by the reading thread, from this master file.
    Beside(PathBuf),
}

impl KnownSource {
    /// How the run on `conn` (its transaction open, nothing written yet) finds them.
    pub fn for_run(conn: &Connection) -> Result<Self> {
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        match conn.path() {
            Some(path) if !path.is_empty() && mode.eq_ignore_ascii_case("wal") => {
                Ok(Self::Beside(PathBuf::from(path)))
            }
            _ => Ok(Self::Loaded(KnownFiles::load(conn)?)),
        }
    }

    /// The reading thread's handle: it opens its connection on first use.
    pub fn reader(&self) -> KnownReader<'_> {
        KnownReader {
            source: self,
            conn: None,
        }
    }
}

/// Gives the reading thread each file's remembered rows ([`KnownSource`]).
pub(crate) struct KnownReader<'s> {
    source: &'s KnownSource,
    conn: Option<Connection>,
}

impl KnownReader<'_> {
    /// The remembered rows of `file`, `None` for a file not remembered.
    pub fn of(&mut self, file: &str) -> Result<Option<Arc<Known>>> {
        let Some(code) = file_code(file) else {
            return Ok(None);
        };
        match self.source {
            KnownSource::Loaded(files) => Ok(files.of(file).cloned()),
            KnownSource::Beside(path) => {
                let conn = match &mut self.conn {
                    Some(conn) => conn,
                    slot => slot.insert(crate::master::open_master_read_only(path)?),
                };
                Ok(Some(Arc::new(Known::load(conn, code)?)))
            }
        }
    }
}

/// Writes the digest of the cells a row was just applied from (or found equal to).
///
/// Two ways: a re-import upserts each digest as its row is applied (a row may already
/// have one); a table that was empty before its file (the first import, [`super::bulk`])
/// cannot have any, so its digests are kept in memory and written by [`Self::finish`] in
/// one pass of plain inserts sorted by key, which append to the end of the table's b-tree
/// instead of seeking a random page for each of a million upserts.
pub(super) struct DigestWriter<'c> {
    conn: &'c Connection,
    file: i64,
    way: Way<'c>,
}

/// How a [`DigestWriter`] writes.
enum Way<'c> {
    /// One upsert per row, as it is applied.
    Upsert(Statement<'c>),
    /// Kept until the end of the file, then inserted sorted.
    Bulk {
        ints: Vec<(i64, i64)>,
        texts: Vec<(Box<str>, i64)>,
    },
}

/// Rows of one multi-row `INSERT` of [`DigestWriter::finish`]: 2 parameters each plus the
/// file, well under SQLite's 32,766.
const ROWS_PER_INSERT: usize = 256;

impl<'c> DigestWriter<'c> {
    /// The writer of the digests of file `code` ([`CLIENTS`], [`CONTACTS`]…); `bulk` when
    /// the file's table held no row before the file (its rows' keys are then new).
    pub fn new(conn: &'c Connection, code: i64, bulk: bool) -> Result<Self> {
        let way = if bulk {
            Way::Bulk {
                ints: Vec::new(),
                texts: Vec::new(),
            }
        } else {
            Way::Upsert(conn.prepare(
                "INSERT INTO erp_row_digest (file, row_key, digest) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (file, row_key) DO UPDATE SET digest = excluded.digest",
            )?)
        };
        Ok(Self {
            conn,
            file: code,
            way,
        })
    }

    /// Remembers that the master row of text key `key` is as cells of `digest` left it.
    pub fn put_text(&mut self, key: &str, digest: i64) -> Result<()> {
        match &mut self.way {
            Way::Upsert(upsert) => {
                upsert.execute(rusqlite::params![self.file, key, digest])?;
            }
            Way::Bulk { texts, .. } => texts.push((key.into(), digest)),
        }
        Ok(())
    }

    /// Remembers that the master row of numeric key `key` is as cells of `digest` left it.
    pub fn put_int(&mut self, key: i64, digest: i64) -> Result<()> {
        match &mut self.way {
            Way::Upsert(upsert) => {
                upsert.execute(rusqlite::params![self.file, key, digest])?;
            }
            Way::Bulk { ints, .. } => ints.push((key, digest)),
        }
        Ok(())
    }

    /// Writes what a bulk writer kept (nothing to do for an upserting one). Any digest of
    /// this file still stored stands for a row the empty table no longer has, and goes
    /// first; a key given twice keeps its last digest, as the upserts would, so the plain
    /// inserts cannot conflict.
    pub fn finish(self) -> Result<()> {
        let Way::Bulk {
            mut ints,
            mut texts,
        } = self.way
        else {
            return Ok(());
        };
        self.conn
            .execute("DELETE FROM erp_row_digest WHERE file = ?1", [self.file])?;
        // Stable sorts: among equal keys the last put stays last, and is the one kept.
        ints.sort_by_key(|(key, _)| *key);
        texts.sort_by(|(a, _), (b, _)| a.cmp(b));
        let ints = last_of_each(ints);
        let texts = last_of_each(texts);
        // SQLite orders integers before text, and text (BINARY) by its bytes as `str` does.
        insert_sorted(self.conn, self.file, &ints)?;
        insert_sorted(self.conn, self.file, &texts)
    }
}

/// Keeps the last of each run of equal keys of a sorted list.
fn last_of_each<K: PartialEq>(sorted: Vec<(K, i64)>) -> Vec<(K, i64)> {
    let mut kept: Vec<(K, i64)> = Vec::with_capacity(sorted.len());
    for (key, digest) in sorted {
        match kept.last_mut() {
            Some(last) if last.0 == key => last.1 = digest,
            _ => kept.push((key, digest)),
        }
    }
    kept
}

/// Plain inserts of the digests `rows` of `file`, in their order, [`ROWS_PER_INSERT`] rows
/// per statement.
fn insert_sorted<K: ToSql>(conn: &Connection, file: i64, rows: &[(K, i64)]) -> Result<()> {
    let mut many = conn.prepare(&insert_sql(ROWS_PER_INSERT))?;
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut bound: Vec<&dyn ToSql> = Vec::with_capacity(1 + 2 * chunk.len());
        bound.push(&file);
        for (key, digest) in chunk {
            bound.push(key);
            bound.push(digest);
        }
        if chunk.len() == ROWS_PER_INSERT {
            many.execute(bound.as_slice())?;
        } else {
            conn.prepare(&insert_sql(chunk.len()))?
                .execute(bound.as_slice())?;
        }
    }
    Ok(())
}

/// `INSERT` of `rows` digests of one file: `?1` the file, then key and digest of each.
fn insert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| format!("(?1, ?{}, ?{})", 2 * i + 2, 2 * i + 3))
        .collect();
    format!(
        "INSERT INTO erp_row_digest (file, row_key, digest) VALUES {}",
        values.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_of_one_digest_sit_side_by_side_in_the_order_they_were_read() {
        let known = Known::build(vec![
            (30, RowKey::Int(7)),
            (10, RowKey::Int(1)),
            (30, RowKey::Int(3)),
            (20, RowKey::Text("C2".into())),
            (30, RowKey::Int(5)),
        ]);
        assert_eq!(known.len(), 5);
        let (first, count) = known.find(30).unwrap();
        assert_eq!(count, 3);
        let keys: Vec<&RowKey> = (first..first + count)
            .map(|slot| known.key_at(slot).unwrap())
            .collect();
        assert_eq!(keys, [&RowKey::Int(7), &RowKey::Int(3), &RowKey::Int(5)]);
        let (slot, 1) = known.find(20).unwrap() else {
            panic!("one row under 20")
        };
        assert_eq!(known.key_at(slot), Some(&RowKey::Text("C2".into())));
        assert_eq!(known.find(40), None);
        assert_eq!(known.key_at(5), None);
    }
}
