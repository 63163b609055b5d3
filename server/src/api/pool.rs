//! The API's own connections to the master, each with its [`ApiCache`], and a bound on
//! how many requests read at once.
//!
//! Under 200 concurrent clients the back office's pool opened a new connection for every
//! request beyond its sixteen idle ones (a WAL pragma and a schema check each) and ran as
//! many blocking threads as requests, all contending for two cores. Here a request first
//! waits for one of a few slots (asynchronously, costing nothing), then works on a
//! connection kept open with the caller and reach it already knows.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;
use tokio::sync::Semaphore;
use tournee_store::{open_master, ApiCache, StoreError, MASTER_BUSY_TIMEOUT};

/// A connection and what it knows.
struct Slot {
    conn: Connection,
    cache: ApiCache,
}

/// Shared pool of the API's connections (cheap to clone).
#[derive(Clone)]
pub struct ApiPool {
    database: PathBuf,
    slots: Arc<Semaphore>,
    idle: Arc<Mutex<Vec<Slot>>>,
}

/// Why a request could not run on the pool.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// The blocking task failed.
    #[error("background task: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// The pool was closed (never: it is never closed while the server runs).
    #[error("API connection pool closed")]
    Closed,
}

/// Requests reading at once: a few per core, so that a request waiting on the disk does
/// not hold the others back, but not hundreds contending for the cores.
fn slot_count() -> usize {
    std::thread::available_parallelism().map_or(4, |n| (n.get() * 2).max(4))
}

impl ApiPool {
    /// A pool for the master database at `database`; connections open on first use.
    pub fn new(database: PathBuf) -> Self {
        Self {
            database,
            slots: Arc::new(Semaphore::new(slot_count())),
            idle: Arc::new(Mutex::new(Vec::new())),
        }
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Slot>> {
        // A list of connections only: a panic elsewhere cannot leave it half-written.
        self.idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `work` at once on the calling (asynchronous) thread, when a slot and an idle
    /// connection are free without waiting; `None` when none was, or when `work` declined.
    ///
    /// Only for work that looks at what the connection's cache holds: a `PRAGMA
    /// data_version` (SQLite's shared memory, no disk) and map look-ups, a few
    /// microseconds, less than the hand-over to a blocking thread it saves. Anything that
    /// may read a page or write declines and goes through [`ApiPool::run`]. SQLite's busy
    /// wait is off meanwhile: a lock held elsewhere (a WAL recovery, an exclusive writer)
    /// makes the work fail at once, and decline, instead of sleeping on this thread.
    pub fn try_now<T>(
        &self,
        work: impl FnOnce(&Connection, &mut ApiCache) -> Option<T>,
    ) -> Option<T> {
        let _slot_held = self.slots.try_acquire().ok()?;
        let mut slot = self.idle().pop()?;
        let waits = |conn: &Connection, limit| conn.busy_timeout(limit).is_ok();
        let result = if waits(&slot.conn, Duration::ZERO) {
            work(&slot.conn, &mut slot.cache)
        } else {
            None
        };
        // A connection that cannot wait again as the others do is not reused.
        if waits(&slot.conn, MASTER_BUSY_TIMEOUT) && slot.conn.is_autocommit() {
            self.idle().push(slot);
        }
        result
    }

    /// Runs `work` on a connection and its cache once a slot is free. A connection whose
    /// work failed is dropped rather than reused, in case the error left it in a
    /// transaction.
    pub async fn run<T, E>(
        &self,
        work: impl FnOnce(&mut Connection, &mut ApiCache) -> Result<T, E> + Send + 'static,
    ) -> Result<Result<T, E>, PoolError>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let permit = Arc::clone(&self.slots)
            .acquire_owned()
            .await
            .map_err(|_| PoolError::Closed)?;
        let pool = self.clone();
        Ok(tokio::task::spawn_blocking(move || {
            let _slot_held = permit;
            let reused = pool.idle().pop();
            let mut slot = match reused {
                Some(slot) => slot,
                None => Slot {
                    conn: open_master(&pool.database)?,
                    cache: ApiCache::new(),
                },
            };
            let result = work(&mut slot.conn, &mut slot.cache);
            if result.is_ok() && slot.conn.is_autocommit() {
                pool.idle().push(slot);
            }
            result
        })
        .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_connection_and_its_cache_are_reused_and_a_failed_one_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let pool = ApiPool::new(tmp.path().join("m.sqlite"));
        pool.run(|conn, _| {
            conn.execute_batch("CREATE TEMP TABLE mark (x)")
                .map_err(StoreError::from)
        })
        .await
        .unwrap()
        .unwrap();
        assert_eq!(pool.idle().len(), 1);
        // The same connection comes back: its temp table is there.
        pool.run(|conn, _| {
            conn.execute_batch("INSERT INTO mark VALUES (1)")
                .map_err(StoreError::from)
        })
        .await
        .unwrap()
        .unwrap();
        let failed = pool
            .run(|conn, _| {
                conn.execute_batch("INSERT INTO absent VALUES (1)")
                    .map_err(StoreError::from)
            })
            .await
            .unwrap();
        assert!(failed.is_err());
        assert_eq!(
            pool.idle().len(),
            0,
            "a connection whose work failed is dropped"
        );
    }

    #[tokio::test]
    async fn no_more_requests_work_at_once_than_there_are_slots() {
        let tmp = tempfile::tempdir().unwrap();
        let pool = ApiPool::new(tmp.path().join("m.sqlite"));
        // The master made once, as `init` does, before requests open it side by side.
        open_master(&tmp.path().join("m.sqlite")).unwrap();
        let busy = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..(slot_count() * 3) {
            let (pool, busy, most) = (pool.clone(), Arc::clone(&busy), Arc::clone(&most));
            tasks.push(tokio::spawn(async move {
                pool.run(move |_, _| {
                    use std::sync::atomic::Ordering::SeqCst;
                    let now = busy.fetch_add(1, SeqCst) + 1;
                    most.fetch_max(now, SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    busy.fetch_sub(1, SeqCst);
                    Ok::<_, StoreError>(())
                })
                .await
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap().unwrap();
        }
        let most = most.load(std::sync::atomic::Ordering::SeqCst);
        assert!(most >= 1 && most <= slot_count(), "{most} at once");
        assert!(pool.idle().len() <= slot_count());
    }

    fn busy_wait_ms(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA busy_timeout", [], |r| r.get(0))
            .unwrap()
    }

    #[tokio::test]
    async fn work_done_now_never_sleeps_on_a_lock_and_leaves_the_connection_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let pool = ApiPool::new(tmp.path().join("m.sqlite"));
        assert!(
            pool.try_now(|_, _| Some(())).is_none(),
            "no idle connection yet: declined, not opened on this thread"
        );
        pool.run(|conn, cache| cache.answer(conn, "k").map(|_| ()))
            .await
            .unwrap()
            .unwrap();
        // SQLite's busy wait is off while the work runs on the asynchronous thread: a lock
        // held elsewhere makes it fail at once (and decline) instead of sleeping there.
        let during = pool.try_now(|conn, cache| {
            let kept = cache.answer(conn, "k").ok()?;
            Some((busy_wait_ms(conn), kept.is_some()))
        });
        assert_eq!(during, Some((0, false)));
        // Then the connection goes back to the pool waiting as every other one does.
        let conn = pool.idle().pop().unwrap().conn;
        assert_eq!(
            busy_wait_ms(&conn),
            i64::try_from(MASTER_BUSY_TIMEOUT.as_millis()).unwrap()
        );
    }
}
