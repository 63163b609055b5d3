//! One conditional write at a time per record: an `If-Match` update or deletion holds its
//! record's lock from the ETag's check until its change is settled and the new record
//! read, so two API callers holding the same ETag cannot both pass the check and the
//! second silently overwrite the first (a lost update): the second sees the first's
//! result and gets `412`. Writes by laptops and the browser are not conditional; they
//! settle by the contract's per-field last writer wins (sync-spec §12), as between two
//! laptops.
//!
//! Locks live in this process (the API is served by one server); an entry is dropped
//! once nobody holds or waits for it, so the table stays as small as the writes in
//! flight.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

/// The records with a conditional write in flight.
#[derive(Default)]
pub struct RecordLocks {
    locks: Mutex<HashMap<String, Weak<AsyncMutex<()>>>>,
}

/// A record's lock, held until dropped.
pub struct RecordHeld {
    _guard: OwnedMutexGuard<()>,
}

impl RecordLocks {
    /// Waits for `record` (`resource/id`) to be free and takes it.
    pub async fn hold(&self, record: &str) -> RecordHeld {
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(PoisonError::into_inner);
            // Entries nobody holds any more go first: the table holds writes in flight.
            if locks.len() >= 64 {
                locks.retain(|_, lock| lock.strong_count() > 0);
            }
            match locks.get(record).and_then(Weak::upgrade) {
                Some(lock) => lock,
                None => {
                    let lock = Arc::new(AsyncMutex::new(()));
                    locks.insert(record.to_string(), Arc::downgrade(&lock));
                    lock
                }
            }
        };
        RecordHeld {
            _guard: lock.lock_owned().await,
        }
    }

    /// Records in the table (held, waited for, or not yet pruned).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.locks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_record_is_held_by_one_writer_at_a_time_and_others_stay_free() {
        let locks = Arc::new(RecordLocks::default());
        let first = locks.hold("parties/A").await;
        // Another record is free.
        let other = tokio::time::timeout(Duration::from_millis(200), locks.hold("parties/B")).await;
        assert!(other.is_ok());
        // The same record waits until the first is done.
        let waiting = {
            let locks = Arc::clone(&locks);
            tokio::spawn(async move { locks.hold("parties/A").await })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!waiting.is_finished(), "the second writer waits");
        drop(first);
        let second = tokio::time::timeout(Duration::from_secs(2), waiting)
            .await
            .expect("the second writer goes on once the first is done")
            .expect("no panic");
        drop(second);
    }

    #[tokio::test]
    async fn the_table_keeps_only_what_is_in_flight() {
        let locks = RecordLocks::default();
        for n in 0..1_000 {
            drop(locks.hold(&format!("todos/{n}")).await);
        }
        assert!(locks.len() <= 64, "{} entries left", locks.len());
    }
}
