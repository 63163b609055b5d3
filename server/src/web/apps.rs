//! One [`FieldApp`] per signed-in browser user: the laptop's own code, whose snapshot
//! folder is the server's `snapshots/<user>/` and whose outbox is `inbox/<user>/`. Reads
//! go through the policy as on a laptop (the snapshot was built through it), writes are
//! change files the automaton integrates like any other.
//!
//! The apps are kept open between requests (a snapshot is opened once, not per request),
//! at most [`MAX_OPEN`] of them; one idle for [`IDLE`] is closed, and when the cache is
//! full the least recently used one goes. Each lives in `cache/web/<user>/` of the data
//! directory (its copy of the snapshot, its drafts and pending marks, its language).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tournee_field::settings_for_web;
use tournee_field::{FieldApp, FieldError};

use crate::datadir::DataDir;

/// Most apps kept open at once.
pub const MAX_OPEN: usize = 64;
/// An app unused this long is closed.
pub const IDLE: Duration = Duration::from_secs(15 * 60);
/// The device named in the change files written online.
pub const DEVICE: &str = "web";

/// One user's app, shared by that user's requests (one at a time).
pub type SharedApp = Arc<Mutex<FieldApp>>;

/// Locks an app. A panic in an earlier request cannot leave it half-written (every write
/// is one SQLite transaction or one atomic file), so a poisoned lock is taken over.
pub fn lock(app: &SharedApp) -> MutexGuard<'_, FieldApp> {
    app.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct Entry {
    app: SharedApp,
    used: Instant,
}

/// The open apps, by user.
#[derive(Default)]
pub struct Apps {
    open: Mutex<HashMap<String, Entry>>,
    /// Held while an app is opened: a page's first calls arrive together, and two openings
    /// of one user's folder would write its settings at once.
    opening: Mutex<()>,
}

/// The folder of `user`'s app in the data directory.
pub fn home_of(dir: &DataDir, user: &str) -> Option<PathBuf> {
    // Logins are `A-Z a-z 0-9 . _ -`; these two would climb out of the folder.
    if user.is_empty() || user == "." || user == ".." || user.contains(['/', '\\']) {
        return None;
    }
    Some(dir.root.join("cache").join("web").join(user))
}

impl Apps {
    fn entries(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `user`'s app, opened if needed (blocking: call it from the blocking pool).
    pub fn get(&self, dir: &DataDir, user: &str) -> Result<SharedApp, FieldError> {
        let now = Instant::now();
        {
            let mut entries = self.entries();
            entries.retain(|_, e| now.duration_since(e.used) < IDLE);
            if let Some(entry) = entries.get_mut(user) {
                entry.used = now;
                return Ok(Arc::clone(&entry.app));
            }
        }
        // Opened outside the map's lock: reads of open apps need not wait for this copy.
        let _opening = self
            .opening
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(raced) = self.entries().get(user) {
            return Ok(Arc::clone(&raced.app));
        }
        let opened = Arc::new(Mutex::new(open(dir, user)?));
        let mut entries = self.entries();
        while entries.len() >= MAX_OPEN {
            let oldest = entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(name, _)| name.clone());
            match oldest {
                Some(name) => entries.remove(&name),
                None => break,
            };
        }
        entries.insert(
            user.to_string(),
            Entry {
                app: Arc::clone(&opened),
                used: now,
            },
        );
        Ok(opened)
    }
}

/// Opens `user`'s app on the server's folders.
fn open(dir: &DataDir, user: &str) -> Result<FieldApp, FieldError> {
    let home = home_of(dir, user).ok_or_else(|| FieldError::User {
        user: user.to_string(),
        problem: tournee_field::UserProblem::Unknown,
    })?;
    let outbox = dir.inbox().join(user);
    std::fs::create_dir_all(&outbox).map_err(|e| FieldError::io(&outbox, e))?;
    std::fs::create_dir_all(&home).map_err(|e| FieldError::io(&home, e))?;
    settings_for_web(&home, user, &dir.snapshots().join(user), &outbox)?;
    let mut app = FieldApp::open(&home)?;
    app.set_device(DEVICE);
    Ok(app)
}
