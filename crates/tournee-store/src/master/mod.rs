//! The master database: the server's single source of truth, modelled on the ERP.

pub mod action_types;
pub mod catalogue;
pub mod maintenance;
pub mod migrate;
pub mod params;
pub mod pipelines;
pub mod policy;
pub mod rights;
pub mod teams;
pub mod users;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::Result;

/// How long a connection to the master waits for another's lock before answering busy:
/// the automaton's commits and checkpoints are short, and a page or a pass had better
/// wait than fail.
pub const MASTER_BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Opens (creating if needed) the master database and brings its schema up to date.
///
/// WAL lets the back office read while the automaton writes; `synchronous = FULL`
/// because an integrated file is moved out of the inbox right after the commit, and
/// with `NORMAL` a committed transaction may roll back on power loss while the file
/// is already archived: the change would then be lost.
pub fn open_master(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(MASTER_BUSY_TIMEOUT)?;
    migrate::migrate(&mut conn)?;
    Ok(conn)
}

/// Opens the master database read-only (snapshot generation, reports).
pub fn open_master_read_only(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(MASTER_BUSY_TIMEOUT)?;
    Ok(conn)
}

/// How many clients the master holds (active or not): `init` refuses to load demo data
/// over real ones.
pub fn client_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM client", [], |r| r.get(0))?)
}
