//! Change ids that grow in the order the changes were made.
//!
//! A server integrates files in change-id order (spec section 6.3) and breaks ties between
//! equal `created_at` by the greater change id (section 6.4). Plain ULIDs made within the
//! same millisecond carry random low bits, so a rep's second change could sort before the
//! first one. One generator per process makes each id greater than the previous one.

use std::sync::{Mutex, PoisonError};

use ulid::{Generator, Ulid};

/// The process's generator: each id it makes is greater than the one before.
static IDS: Mutex<Generator> = Mutex::new(Generator::new());

/// A fresh change id (a ULID), greater than every id this process made before in the same
/// millisecond or earlier.
pub fn new_change_id() -> String {
    // The generator holds no invariant a panicking holder could break: take it back.
    let mut ids = IDS.lock().unwrap_or_else(PoisonError::into_inner);
    // It fails only when 2^80 ids were made within one millisecond; a plain ULID is then
    // as good as any.
    ids.generate().unwrap_or_else(|_| Ulid::new()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_made_in_a_burst_sort_in_the_order_they_were_made() {
        let ids: Vec<String> = (0..10_000).map(|_| new_change_id()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "no id twice");
        assert!(ids.iter().all(|id| id.parse::<Ulid>().is_ok()));
    }

    #[test]
    fn ids_made_on_several_threads_are_all_different() {
        let threads: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(|| (0..2_000).map(|_| new_change_id()).collect::<Vec<_>>()))
            .collect();
        let mut all: Vec<String> = threads
            .into_iter()
            .flat_map(|t| t.join().expect("thread ends"))
            .collect();
        let made = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), made);
    }
}
