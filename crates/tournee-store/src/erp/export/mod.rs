//! The ERP bridge, outbound (issue 16): the rows Tournée creates for the ERP written as
//! CSV files into `DATA/erp/out` for the ERP's import job, each row exactly once, with a
//! ledger from which a lost file is written again byte for byte (docs/erp-bridge.md,
//! « Outbound »).
//!
//! Two kinds of file: `client_relation` (annex 1: the reps' visits, the notes of their
//! modification requests, the visits of a prospect carried over to its new client) and
//! `client` (the clients the accountant validated, with every annex-2 value).
//!
//! Record first, then write: a run records each file (its rows and its exact bytes) in the
//! ledger in one transaction, then writes every recorded file not yet written (temporary
//! name, fsync, rename, folder fsync) and marks it written. A crash before the commit
//! leaves nothing; after it, the next run writes the same bytes under the same name. So a
//! row is in exactly one file, and the worst a crash does is write one file twice under
//! its one name, which an import job that keeps the names it imported skips.
//!
//! * [`rows`]: which rows go out, as cells under the annexes' headers.
//! * [`out_folder`]: writing into the folder safely (no link followed, names checked).

mod out_folder;
mod rows;

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tournee_csv::CsvWriter;

pub use out_folder::{is_export_name, MAX_NAME_CHARS};
pub(crate) use rows::cell as export_cell;
pub use rows::{client_headers, one_client_csv, RELATION_HEADERS};

use crate::error::StoreError;

/// Rows in one file at most: a first export after months of use is cut into files an
/// import job and a person can handle.
pub const MAX_ROWS_PER_FILE: usize = 10_000;

/// Bytes of cells in one file, roughly, at most (a file stops taking rows past it).
pub const MAX_BYTES_PER_FILE: usize = 16 << 20;

/// Why an export or a re-emission did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The database or a file.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `erp/out` (or `erp`) is a link or a file, not a folder.
    #[error("{0}: must be a folder (a link is never followed)")]
    OutFolder(PathBuf),
    /// A file name `erp export` does not make (a path, a hidden name…).
    #[error(
        "file name {0:?}: not a name of the export ledger (tournee-<kind>-<date>-<number>.csv)"
    )]
    BadName(String),
    /// A well-formed name the ledger does not know.
    #[error("file {0}: not in the export ledger")]
    UnknownFile(String),
    /// The ledger's bytes of a file no longer match their digest.
    #[error("file {0}: its bytes in the ledger do not match their SHA-256; not written")]
    Corrupt(String),
}

impl From<rusqlite::Error> for ExportError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(StoreError::Sqlite(error))
    }
}

/// The encoding of the files: UTF-8 with a byte-order mark (the default), or Windows-1252
/// for an ERP import job that reads nothing else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportEncoding {
    /// UTF-8 with its mark.
    #[default]
    #[serde(rename = "utf-8")]
    Utf8,
    /// Windows-1252, no mark; a character it lacks becomes `?`.
    #[serde(rename = "windows-1252")]
    Windows1252,
}

impl ExportEncoding {
    /// The code in the ledger, the command line and `config.toml`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Windows1252 => "windows-1252",
        }
    }

    /// The encoding a code names.
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(Self::Utf8),
            "windows-1252" | "cp1252" => Some(Self::Windows1252),
            _ => None,
        }
    }
}

/// The two kinds of outbound file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// Annex-1 rows: visits and modification-request notes.
    ClientRelation,
    /// Validated clients with their annex-2 values.
    Client,
}

impl ExportKind {
    /// Both, in the order a run writes them.
    pub const ALL: [Self; 2] = [Self::ClientRelation, Self::Client];

    /// The code in file names and in the ledger.
    pub fn code(self) -> &'static str {
        match self {
            Self::ClientRelation => "client_relation",
            Self::Client => "client",
        }
    }
}

/// One file of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFile {
    /// Its name in `erp/out`.
    pub name: String,
    /// `client_relation` or `client`.
    pub kind: String,
    /// Data rows.
    pub rows: u64,
    /// Its size.
    pub bytes: u64,
    /// SHA-256 of its bytes, hexadecimal.
    pub sha256: String,
    /// Characters replaced by `?` for Windows-1252 (0 in UTF-8).
    pub replaced: u64,
}

/// What one `erp export` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportReport {
    /// The files recorded by this run.
    pub recorded: Vec<ExportedFile>,
    /// The names written into `erp/out` by this run: this run's files and any an earlier,
    /// interrupted run had recorded but not written.
    pub written: Vec<String>,
}

/// Records, then writes into `out`, every row not sent yet (see the module's doc).
/// `out` is checked (a real folder) before anything is recorded.
pub fn export_erp(
    conn: &mut Connection,
    out: &Path,
    encoding: ExportEncoding,
    now: DateTime<Utc>,
) -> Result<ExportReport, ExportError> {
    out_folder::ready(out)?;
    out_folder::sweep_leftovers(out)?;
    let recorded = record_export(conn, encoding, now)?;
    let written = write_pending(conn, out, now)?;
    Ok(ExportReport { recorded, written })
}

/// The first half of a run: the rows not sent yet become files in the ledger, rows and
/// bytes, in one transaction (taken at once, so two exporters run one after the other and
/// the second finds nothing left). Nothing is written to disk here.
pub fn record_export(
    conn: &mut Connection,
    encoding: ExportEncoding,
    now: DateTime<Utc>,
) -> Result<Vec<ExportedFile>, ExportError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut recorded = Vec::new();
    for kind in ExportKind::ALL {
        loop {
            let found = rows::next_rows(&tx, kind, MAX_ROWS_PER_FILE)?;
            if found.is_empty() {
                break;
            }
            let mut csv = CsvWriter::new(&rows::headers(kind));
            let mut keys = Vec::with_capacity(found.len());
            let mut size = 0;
            for (key, cells) in found {
                if size > MAX_BYTES_PER_FILE {
                    // The rest waits for the next file of this run.
                    break;
                }
                size += cells.iter().map(|c| c.len() + 3).sum::<usize>();
                csv.row(cells.iter().map(String::as_str));
                keys.push(key);
            }
            let (bytes, replaced) = match encoding {
                ExportEncoding::Utf8 => (csv.finish(), 0),
                ExportEncoding::Windows1252 => csv.finish_windows_1252(),
            };
            let file = record_file(&tx, kind, encoding, &keys, bytes, replaced, now)?;
            recorded.push(file);
        }
    }
    tx.commit()?;
    Ok(recorded)
}

fn record_file(
    tx: &rusqlite::Transaction<'_>,
    kind: ExportKind,
    encoding: ExportEncoding,
    keys: &[String],
    bytes: Vec<u8>,
    replaced: usize,
    now: DateTime<Utc>,
) -> Result<ExportedFile, ExportError> {
    // The write lock is held: the next id is ours.
    let id: i64 = tx.query_row(
        "SELECT coalesce(max(id), 0) + 1 FROM erp_export_file",
        [],
        |r| r.get(0),
    )?;
    let name = format!(
        "tournee-{}-{}-{id:06}.csv",
        kind.code(),
        now.format("%Y%m%d-%H%M%S")
    );
    let sha256 = hex_sha256(&bytes);
    tx.execute(
        "INSERT INTO erp_export_file (id, name, kind, rows, encoding, sha256, content, recorded_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            name,
            kind.code(),
            keys.len() as i64,
            encoding.code(),
            sha256,
            bytes,
            stamp(now)
        ],
    )?;
    let mut insert =
        tx.prepare("INSERT INTO erp_export_row (kind, row_key, file_id) VALUES (?1, ?2, ?3)")?;
    for key in keys {
        insert.execute(params![kind.code(), key, id])?;
    }
    Ok(ExportedFile {
        name,
        kind: kind.code().to_string(),
        rows: keys.len() as u64,
        bytes: bytes.len() as u64,
        sha256,
        replaced: replaced as u64,
    })
}

/// The second half of a run: every file recorded and not yet written goes into `out`
/// (same name, same bytes, whoever recorded it), then is marked written. Returns the
/// names written.
pub fn write_pending(
    conn: &Connection,
    out: &Path,
    now: DateTime<Utc>,
) -> Result<Vec<String>, ExportError> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM erp_export_file WHERE written_at IS NULL ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut written = Vec::with_capacity(ids.len());
    for id in ids {
        let (name, bytes) = checked_content(conn, "id = ?1", &id)?
            .ok_or_else(|| ExportError::UnknownFile(id.to_string()))?;
        out_folder::write_file(out, &name, &bytes)?;
        conn.execute(
            "UPDATE erp_export_file SET written_at = ?2 WHERE id = ?1",
            params![id, stamp(now)],
        )?;
        written.push(name);
    }
    Ok(written)
}

/// Writes ledger file `name` into `out` again, byte for byte (its digest checked first),
/// whether or not a file of that name is there. `name` must be a plain name of the ledger:
/// a path, a hidden name or an unknown name is refused before anything is written.
pub fn reemit(
    conn: &Connection,
    out: &Path,
    name: &str,
    now: DateTime<Utc>,
) -> Result<ExportedFile, ExportError> {
    if !is_export_name(name) {
        return Err(ExportError::BadName(name.to_string()));
    }
    let (_, bytes) = checked_content(conn, "name = ?1", &name)?
        .ok_or_else(|| ExportError::UnknownFile(name.to_string()))?;
    out_folder::write_file(out, name, &bytes)?;
    conn.execute(
        "UPDATE erp_export_file SET written_at = coalesce(written_at, ?2) WHERE name = ?1",
        params![name, stamp(now)],
    )?;
    exported_files(conn, Some(name), 1)?
        .into_iter()
        .next()
        .ok_or_else(|| ExportError::UnknownFile(name.to_string()))
}

/// A ledger file's name and bytes, checked against its digest.
fn checked_content(
    conn: &Connection,
    condition: &str,
    value: &dyn rusqlite::ToSql,
) -> Result<Option<(String, Vec<u8>)>, ExportError> {
    let found: Option<(String, Vec<u8>, String)> = conn
        .query_row(
            &format!("SELECT name, content, sha256 FROM erp_export_file WHERE {condition}"),
            [value],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match found {
        None => Ok(None),
        Some((name, bytes, sha256)) if hex_sha256(&bytes) == sha256 => Ok(Some((name, bytes))),
        Some((name, _, _)) => Err(ExportError::Corrupt(name)),
    }
}

/// The ledger's files, newest first (at most `limit`), or the one named.
pub fn exported_files(
    conn: &Connection,
    name: Option<&str>,
    limit: usize,
) -> Result<Vec<ExportedFile>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT name, kind, rows, length(content), sha256 FROM erp_export_file \
         WHERE ?1 IS NULL OR name = ?1 ORDER BY id DESC LIMIT ?2",
    )?;
    let files = stmt
        .query_map(params![name, limit as i64], |r| {
            Ok(ExportedFile {
                name: r.get(0)?,
                kind: r.get(1)?,
                rows: r.get(2)?,
                bytes: r.get(3)?,
                sha256: r.get(4)?,
                replaced: 0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(files)
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn stamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}
