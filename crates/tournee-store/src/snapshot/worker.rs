//! The scratch connections a generation run works through: an in-memory main database,
//! the master attached read-only as `m`, and the run's shared scratch file as `r`.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::Result;

/// An in-memory scratch database with the master attached read-only as `m`.
pub(crate) fn open_worker(master_path: &Path) -> Result<Connection> {
    let worker = Connection::open_in_memory_with_flags(
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    worker.busy_timeout(std::time::Duration::from_secs(30))?;
    worker.execute("ATTACH DATABASE ?1 AS m", [read_only_uri(master_path)])?;
    Ok(worker)
}

/// A worker that also reads the run's scratch file (aggregates, changed clients) as `r`
/// and, for admins' files, the team tables' file as `t`.
pub(crate) fn open_copier(
    master_path: &Path,
    run_path: &Path,
    team_path: Option<&Path>,
) -> Result<Connection> {
    let worker = open_worker(master_path)?;
    worker.execute("ATTACH DATABASE ?1 AS r", [read_only_uri(run_path)])?;
    if let Some(team_path) = team_path {
        worker.execute("ATTACH DATABASE ?1 AS t", [read_only_uri(team_path)])?;
    }
    Ok(worker)
}

/// Runs `work` inside `BEGIN … COMMIT`, rolled back when it fails.
pub(crate) fn in_transaction<T>(
    worker: &Connection,
    work: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    worker.execute_batch("BEGIN")?;
    match work(worker) {
        Ok(value) => {
            worker.execute_batch("COMMIT")?;
            Ok(value)
        }
        Err(error) => {
            worker.execute_batch("ROLLBACK")?;
            Err(error)
        }
    }
}

/// `file:` URI opening a database read-only.
fn read_only_uri(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => escaped.push_str("%25"),
            '?' => escaped.push_str("%3F"),
            '#' => escaped.push_str("%23"),
            _ => escaped.push(c),
        }
    }
    format!("file:{escaped}?mode=ro")
}
