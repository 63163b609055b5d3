//! The contacts import's dry runs the back office showed, kept in memory until the admin
//! confirms one, so that the import carries out the run it showed rather than computing
//! it again (`tournee_store::import_dry_run`, which still checks inside its transaction
//! that the master reads as the run read it). A run not kept (the server restarted, a
//! newer run of another upload pushed it out) only costs the import a dry run computed
//! again: the page's digest is the confirmation either way.
//!
//! A run of a 100,000-line file holds its checked lines (tens of MB), so only the last
//! few are kept, each for as long as its upload lives.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use tournee_store::{DryRun, UPLOAD_LIFETIME_MINUTES};

/// How many dry runs are kept at most (one per admin importing at the same time).
const KEPT_RUNS: usize = 2;

/// The kept dry runs, newest last.
#[derive(Default)]
pub struct DryRuns {
    runs: Mutex<Vec<Kept>>,
}

struct Kept {
    token: String,
    kept_at: Instant,
    run: DryRun,
}

impl DryRuns {
    /// Keeps the run shown for the upload `token` (replacing an earlier one of it).
    pub fn keep(&self, token: &str, run: DryRun) {
        let mut runs = self.lock();
        runs.retain(|kept| kept.token != token);
        if runs.len() >= KEPT_RUNS {
            runs.remove(0);
        }
        runs.push(Kept {
            token: token.to_string(),
            kept_at: Instant::now(),
            run,
        });
    }

    /// Takes out the run kept for `token` if it is the one confirmed (`digest`) and its
    /// upload may still be alive.
    pub fn take(&self, token: &str, digest: &str) -> Option<DryRun> {
        let lifetime = Duration::from_secs(60 * UPLOAD_LIFETIME_MINUTES.unsigned_abs());
        let mut runs = self.lock();
        runs.retain(|kept| kept.kept_at.elapsed() < lifetime);
        let at = runs
            .iter()
            .position(|kept| kept.token == token && kept.run.digest == digest)?;
        Some(runs.remove(at).run)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Kept>> {
        // A panic while the list was held leaves it whole (each change is one call on a
        // Vec): the cache stays usable rather than failing every import after.
        self.runs.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
