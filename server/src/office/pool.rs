//! A few open connections to the master, kept between requests: opening one costs a
//! WAL pragma and a schema check, which dominated a signed-in page's time under load.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tournee_store::open_master;

/// Connections kept idle at most; more are opened under load and closed after use.
const KEPT: usize = 16;

/// Shared pool of master connections (cheap to clone).
#[derive(Clone)]
pub struct MasterPool {
    database: PathBuf,
    idle: Arc<Mutex<Vec<Connection>>>,
}

impl MasterPool {
    /// A pool for the master database at `database`; connections open on demand.
    pub fn new(database: PathBuf) -> Self {
        Self {
            database,
            idle: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Runs `work` with a connection (blocking: call it from the blocking pool). A
    /// connection whose work failed is dropped rather than reused, in case the error
    /// left it in a transaction.
    pub fn with<T, E>(&self, work: impl FnOnce(&mut Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<tournee_store::StoreError>,
    {
        let reused = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop();
        let mut conn = match reused {
            Some(conn) => conn,
            None => open_master(&self.database)?,
        };
        let result = work(&mut conn);
        if result.is_ok() && conn.is_autocommit() {
            let mut idle = self
                .idle
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if idle.len() < KEPT {
                idle.push(conn);
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_is_reused_and_a_failed_one_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let pool = MasterPool::new(tmp.path().join("m.sqlite"));
        let count = |pool: &MasterPool| pool.idle.lock().unwrap().len();
        pool.with(|conn| {
            conn.execute_batch("CREATE TEMP TABLE mark (x)")
                .map_err(tournee_store::StoreError::from)
        })
        .unwrap();
        assert_eq!(count(&pool), 1);
        // The same connection comes back: its temp table is there.
        pool.with(|conn| {
            conn.execute_batch("INSERT INTO mark VALUES (1)")
                .map_err(tournee_store::StoreError::from)
        })
        .unwrap();
        let failed: Result<(), tournee_store::StoreError> = pool.with(|conn| {
            conn.execute_batch("INSERT INTO absent VALUES (1)")
                .map_err(Into::into)
        });
        assert!(failed.is_err());
        assert_eq!(count(&pool), 0, "a connection whose work failed is dropped");
    }
}
