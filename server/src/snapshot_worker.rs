//! The snapshots owed by the automaton's passes, regenerated on a thread of their own.
//!
//! On the full demo a pass integrates an online write in tens of milliseconds, then patched
//! the snapshots it made due in 300 to 700 ms; the next write waited behind that patch for
//! its own pass (docs/benchmarks.md, « REST API, second step »). Now a pass only *owes* its
//! snapshots ([`SnapshotWorker::owe`]) and goes back to the inbox: one worker thread patches
//! what is owed, merging what several passes owed while it was busy into one round, and
//! publishes the round's [`PassNews`]. Snapshots read the master in a read transaction (WAL),
//! so they never block the integration's writer; a single worker means no two rounds ever
//! write the same user's file at once; files are published by rename, so a round stopped by
//! a shutdown leaves no half-written snapshot.
//!
//! Every pass owes something, even nothing: the news that covers a pass
//! ([`PassNews::pass`]) is published only once the snapshots due up to that pass are, so the
//! browser's awaited writes and the laptops' pushes, which read from those snapshots next,
//! wait for it ([`crate::online::Passes::wait_until_covered`]).
//!
//! **Readers come second.** A pass also owes the files of everyone who reads what it wrote
//! (a manager, an admin: `tournee_store::snapshots_owed`), often the largest files (an
//! admin's patch takes about 2 s on the full demo), which nobody waits for. They are
//! patched in rounds of their own, merged across passes: at most one every
//! [`READERS_INTERVAL`], when no writers' round is owed or once they have waited
//! [`READERS_MAX_WAIT`], and never two in a row while writers wait. So a stream of writes
//! keeps its writers' rounds, the readers' files follow within half a minute instead of at
//! night, and their cost is bounded whatever the traffic. A readers' round publishes a news
//! that covers no new pass.

use std::collections::BTreeSet;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tournee_store::Regeneration;

use crate::datadir::DataDir;
use crate::online::{PassNews, Passes};

/// What a pass made due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// No snapshot (the pass integrated nothing, or the mode waits for the night).
    Nothing,
    /// Patch these users' snapshots (`None`: every user's).
    Patch(Option<BTreeSet<String>>),
    /// Rebuild every snapshot from the master (the nightly run).
    Rebuild,
}

impl Due {
    /// What two passes' dues make together: the widest of both.
    fn merge(self, other: Self) -> Self {
        match (self, other) {
            (Self::Rebuild, _) | (_, Self::Rebuild) => Self::Rebuild,
            (Self::Nothing, due) | (due, Self::Nothing) => due,
            (Self::Patch(None), _) | (_, Self::Patch(None)) => Self::Patch(None),
            (Self::Patch(Some(mut a)), Self::Patch(Some(b))) => {
                a.extend(b);
                Self::Patch(Some(a))
            }
        }
    }
}

/// What a pass owes: its writers' (and open pages') snapshots, waited for, and its
/// readers', patched when the worker has time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owed {
    /// The snapshots the pass's news waits for.
    pub due: Due,
    /// Other users who read what the pass wrote.
    pub readers: BTreeSet<String>,
}

impl Owed {
    /// Nothing owed (a failed pass, a mode that waits for the night).
    pub fn nothing() -> Self {
        Self::from(Due::Nothing)
    }
}

impl From<Due> for Owed {
    fn from(due: Due) -> Self {
        Self {
            due,
            readers: BTreeSet::new(),
        }
    }
}

/// Least time from the end of a readers' round to the start of the next one.
pub const READERS_INTERVAL: Duration = Duration::from_secs(15);

/// Longest a reader's patch waits behind writers' rounds under a stream of writes (once
/// the interval has passed).
pub const READERS_MAX_WAIT: Duration = Duration::from_secs(30);

/// Readers owed a patch, and since when the oldest of them waits.
struct Readers {
    users: BTreeSet<String>,
    dir: DataDir,
    since: Instant,
}

/// One round's work: what is due, through which pass, with the settings of the last pass.
#[derive(Debug, Clone)]
pub struct Round {
    /// The snapshots to regenerate.
    pub due: Due,
    /// The last pass whose integration this round's snapshots include.
    pub through: u64,
    /// The data directory as that pass saw it (the admin may move the snapshots).
    pub dir: DataDir,
}

#[derive(Default)]
struct State {
    owed: Option<Round>,
    readers: Option<Readers>,
    /// When the last readers' round ended.
    readers_done: Option<Instant>,
    /// Whether the last round was a readers' round.
    last_was_readers: bool,
    stopping: bool,
}

/// What the worker does next.
#[derive(Debug)]
enum Next {
    /// Run this round; `true` when it covers the passes it names (a writers' round).
    Run(Box<Round>, bool),
    /// Only readers are owed, not yet allowed: wait this long (or for new work).
    Wait(Duration),
    /// Nothing owed.
    Idle,
}

impl State {
    /// The next round to run at `now`: the writers' first; the readers' when allowed (see
    /// the module's documentation).
    fn next_round(&mut self, covered: u64, now: Instant) -> Next {
        let allowed_at = self.readers_done.map(|done| done + READERS_INTERVAL);
        let allowed = allowed_at.is_none_or(|at| now >= at);
        let readers_now = self.readers.as_ref().is_some_and(|r| {
            allowed
                && (self.owed.is_none()
                    || (!self.last_was_readers && now.duration_since(r.since) >= READERS_MAX_WAIT))
        });
        if readers_now {
            if let Some(readers) = self.readers.take() {
                self.last_was_readers = true;
                let round = Round {
                    due: Due::Patch(Some(readers.users)),
                    through: covered,
                    dir: readers.dir,
                };
                return Next::Run(Box::new(round), false);
            }
        }
        let Some(round) = self.owed.take() else {
            return match (&self.readers, allowed_at) {
                (Some(_), Some(at)) => Next::Wait(at.saturating_duration_since(now)),
                _ => Next::Idle,
            };
        };
        self.last_was_readers = false;
        // A writers' round regenerates from the master as it stands: readers it patches, or
        // every file, need nothing more for the passes it covers.
        match &round.due {
            Due::Rebuild | Due::Patch(None) => self.readers = None,
            Due::Patch(Some(users)) => {
                if let Some(readers) = &mut self.readers {
                    readers.users.retain(|u| !users.contains(u));
                    if readers.users.is_empty() {
                        self.readers = None;
                    }
                }
            }
            Due::Nothing => {}
        }
        Next::Run(Box::new(round), true)
    }
}

type Shared = Arc<(Mutex<State>, Condvar)>;

fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    // Plain data swapped whole: a panic elsewhere cannot leave it half-written.
    shared.0.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The worker thread and what it owes; [`SnapshotWorker::stop`] ends it.
pub struct SnapshotWorker {
    shared: Shared,
    thread: Option<JoinHandle<()>>,
}

impl SnapshotWorker {
    /// Starts the thread; `regenerate` runs one round and returns the users whose
    /// snapshots it published (it reports its own failures).
    pub fn start<F>(passes: Passes, regenerate: F) -> std::io::Result<Self>
    where
        F: FnMut(&Round) -> Vec<String> + Send + 'static,
    {
        let shared: Shared = Arc::default();
        let thread = std::thread::Builder::new()
            .name("snapshots".into())
            .spawn({
                let shared = Arc::clone(&shared);
                move || work(&shared, &passes, regenerate)
            })?;
        Ok(Self {
            shared,
            thread: Some(thread),
        })
    }

    /// Notes what pass `pass` made due, at once: the automaton never waits here.
    pub fn owe(&self, pass: u64, owed: impl Into<Owed>, dir: DataDir) {
        let Owed { due, readers } = owed.into();
        let mut state = lock(&self.shared);
        if !readers.is_empty() {
            match &mut state.readers {
                Some(waiting) => {
                    waiting.users.extend(readers);
                    // The settings of the last pass, as a writers' round has them.
                    waiting.dir = dir.clone();
                }
                None => {
                    state.readers = Some(Readers {
                        users: readers,
                        dir: dir.clone(),
                        since: Instant::now(),
                    })
                }
            }
        }
        let due = match state.owed.take() {
            Some(earlier) => earlier.due.merge(due),
            None => due,
        };
        state.owed = Some(Round {
            due,
            through: pass,
            dir,
        });
        self.shared.1.notify_one();
    }

    /// Lets the current round finish (its files are published whole), drops what is still
    /// owed (as a pass stopped before its snapshots always did: the next integration or the
    /// night regenerates them) and ends the thread. Blocking.
    pub fn stop(mut self) {
        lock(&self.shared).stopping = true;
        self.shared.1.notify_one();
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                tracing::error!("the snapshot worker panicked");
            }
        }
    }
}

impl Drop for SnapshotWorker {
    fn drop(&mut self) {
        // Not stopped (an error unwound the automaton): the thread ends after its round.
        lock(&self.shared).stopping = true;
        self.shared.1.notify_one();
    }
}

/// The thread: waits for owed work, takes all of it, regenerates, announces.
fn work<F>(shared: &Shared, passes: &Passes, mut regenerate: F)
where
    F: FnMut(&Round) -> Vec<String>,
{
    loop {
        let (round, covers_passes) = {
            let mut state = lock(shared);
            loop {
                if state.stopping {
                    return;
                }
                state = match state.next_round(passes.covered(), Instant::now()) {
                    Next::Run(round, covers) => break (*round, covers),
                    Next::Wait(wait) => {
                        shared
                            .1
                            .wait_timeout(state, wait)
                            .unwrap_or_else(PoisonError::into_inner)
                            .0
                    }
                    Next::Idle => shared.1.wait(state).unwrap_or_else(PoisonError::into_inner),
                };
            }
        };
        let snapshots = if round.due == Due::Nothing {
            Vec::new()
        } else {
            regenerate(&round)
        };
        if !covers_passes {
            lock(shared).readers_done = Some(Instant::now());
        }
        // A readers' round covers no pass of its own: its news repeats the last one covered.
        let pass = if covers_passes {
            round.through
        } else {
            passes.covered()
        };
        passes.publish(PassNews { pass, snapshots });
    }
}

/// The users to give [`crate::jobs::regenerate_snapshots`] and how.
pub fn request(due: &Due) -> Option<(Option<Vec<String>>, Regeneration)> {
    match due {
        Due::Nothing => None,
        Due::Patch(users) => Some((
            users.as_ref().map(|u| u.iter().cloned().collect()),
            Regeneration::Patch,
        )),
        Due::Rebuild => Some((None, Regeneration::Rebuild)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn users(names: &[&str]) -> Due {
        Due::Patch(Some(names.iter().map(|n| n.to_string()).collect()))
    }

    #[test]
    fn dues_merge_into_the_widest() {
        assert_eq!(users(&["a"]).merge(users(&["b"])), users(&["a", "b"]));
        assert_eq!(Due::Nothing.merge(users(&["a"])), users(&["a"]));
        assert_eq!(users(&["a"]).merge(Due::Patch(None)), Due::Patch(None));
        assert_eq!(Due::Patch(None).merge(Due::Rebuild), Due::Rebuild);
        assert_eq!(Due::Rebuild.merge(Due::Nothing), Due::Rebuild);
    }

    /// The order of events when a pass integrates while the previous pass's snapshots are
    /// still being written: the integration goes first, and the news that covers it comes
    /// only after the snapshots that include it.
    #[test]
    fn an_integration_does_not_wait_for_the_snapshots_owed_before_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        let passes = Passes::new();
        let mut news = passes.subscribe();
        let mut integrations = passes.subscribe_integrations();
        let (events_tx, events) = mpsc::channel::<String>();
        let (release_tx, release) = mpsc::channel::<()>();
        let worker = {
            let events_tx = events_tx.clone();
            SnapshotWorker::start(passes.clone(), move |round| {
                events_tx
                    .send(format!("round through {} started", round.through))
                    .unwrap();
                release.recv().unwrap();
                let Due::Patch(Some(users)) = &round.due else {
                    panic!("{:?}", round.due)
                };
                users.iter().cloned().collect()
            })
            .unwrap()
        };
        // Pass 1 integrated jdupont's change and owes his snapshot: the round starts.
        passes.starting(1);
        passes.integrated(1);
        worker.owe(1, users(&["jdupont"]), dir.clone());
        assert_eq!(events.recv().unwrap(), "round through 1 started");
        // Pass 2 runs while round 1 is held: its integration is told, its due noted, and
        // nothing on the automaton's side waited for round 1.
        passes.starting(2);
        passes.integrated(2);
        events_tx.send("pass 2 integrated".into()).unwrap();
        worker.owe(2, users(&["mleroy"]), dir.clone());
        passes.starting(3);
        passes.integrated(3);
        worker.owe(3, Due::Nothing, dir.clone());
        events_tx.send("pass 3 integrated".into()).unwrap();
        assert_eq!(integrations.try_recv().unwrap(), 1);
        assert_eq!(integrations.try_recv().unwrap(), 2);
        assert_eq!(integrations.try_recv().unwrap(), 3);
        assert!(news.try_recv().is_err(), "round 1 is not over");
        assert_eq!(passes.covered(), 0);
        release_tx.send(()).unwrap();
        let first = news.blocking_recv().unwrap();
        assert_eq!(first.pass, 1);
        assert_eq!(first.snapshots, vec!["jdupont"]);
        // Passes 2 and 3 owed while round 1 ran: one round, through pass 3.
        assert_eq!(events.recv().unwrap(), "pass 2 integrated");
        assert_eq!(events.recv().unwrap(), "pass 3 integrated");
        assert_eq!(events.recv().unwrap(), "round through 3 started");
        release_tx.send(()).unwrap();
        let second = news.blocking_recv().unwrap();
        assert_eq!(second.pass, 3);
        assert_eq!(second.snapshots, vec!["mleroy"]);
        assert_eq!(passes.covered(), 3);
        worker.stop();
    }

    fn readers(names: &[&str], waited: Duration, dir: &DataDir) -> Option<Readers> {
        Some(Readers {
            users: names.iter().map(|n| n.to_string()).collect(),
            dir: dir.clone(),
            since: Instant::now().checked_sub(waited).unwrap(),
        })
    }

    fn round(due: Due, through: u64, dir: &DataDir) -> Option<Round> {
        Some(Round {
            due,
            through,
            dir: dir.clone(),
        })
    }

    fn state(owed: Option<Round>, readers: Option<Readers>) -> State {
        State {
            owed,
            readers,
            ..State::default()
        }
    }

    /// The round `next` runs and whether it covers passes; panics on a wait.
    fn run(next: Next) -> (Due, u64, bool) {
        match next {
            Next::Run(round, covers) => (round.due, round.through, covers),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn readers_wait_for_the_writers_round_which_patches_those_it_covers() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        let now = Instant::now();
        let mut state = state(
            round(users(&["jdupont"]), 7, &dir),
            readers(&["admin", "jdupont", "luc"], Duration::ZERO, &dir),
        );
        assert_eq!(
            run(state.next_round(6, now)),
            (users(&["jdupont"]), 7, true)
        );
        // jdupont's file is fresh: the readers' round leaves it, and covers no new pass.
        assert_eq!(
            run(state.next_round(7, now)),
            (users(&["admin", "luc"]), 7, false)
        );
        assert!(matches!(state.next_round(7, now), Next::Idle));
    }

    #[test]
    fn readers_rounds_keep_their_interval_and_never_starve_the_writers() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        let start = Instant::now();
        // Readers waited long, writers are owed: the readers go first, once.
        let mut state = state(
            round(users(&["jdupont"]), 9, &dir),
            readers(&["admin"], READERS_MAX_WAIT + READERS_INTERVAL, &dir),
        );
        assert_eq!(
            run(state.next_round(8, start)),
            (users(&["admin"]), 8, false)
        );
        state.readers_done = Some(start);
        // More readers owed meanwhile, long overdue: the writers still come next.
        state.readers = readers(&["luc"], READERS_MAX_WAIT + READERS_INTERVAL, &dir);
        assert_eq!(
            run(state.next_round(8, start)),
            (users(&["jdupont"]), 9, true)
        );
        // Nothing else owed: the readers wait for the interval, then run.
        match state.next_round(9, start + Duration::from_secs(5)) {
            Next::Wait(wait) => assert_eq!(wait, READERS_INTERVAL - Duration::from_secs(5)),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            run(state.next_round(9, start + READERS_INTERVAL)),
            (users(&["luc"]), 9, false)
        );
    }

    #[test]
    fn a_writers_rebuild_covers_the_readers() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        let now = Instant::now();
        let mut state = state(
            round(Due::Rebuild, 10, &dir),
            readers(&["luc"], Duration::ZERO, &dir),
        );
        assert_eq!(run(state.next_round(9, now)).0, Due::Rebuild);
        assert!(
            matches!(state.next_round(10, now), Next::Idle),
            "the rebuild patched every reader"
        );
    }

    #[test]
    fn a_readers_round_is_announced_without_covering_a_new_pass() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        let passes = Passes::new();
        let mut news = passes.subscribe();
        let worker = SnapshotWorker::start(passes.clone(), |round| match &round.due {
            Due::Patch(Some(users)) => users.iter().cloned().collect(),
            other => panic!("{other:?}"),
        })
        .unwrap();
        let owed = Owed {
            due: users(&["jdupont"]),
            readers: ["admin".to_string()].into(),
        };
        worker.owe(3, owed, dir);
        let first = news.blocking_recv().unwrap();
        assert_eq!(
            (first.pass, first.snapshots.clone()),
            (3, vec!["jdupont".to_string()])
        );
        let second = news.blocking_recv().unwrap();
        assert_eq!(
            (second.pass, second.snapshots.clone()),
            (3, vec!["admin".to_string()])
        );
        assert_eq!(passes.covered(), 3);
        worker.stop();
    }

    #[test]
    fn a_pass_that_owes_nothing_is_announced_without_a_round() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::create(tmp.path()).unwrap();
        let passes = Passes::new();
        let mut news = passes.subscribe();
        let worker = SnapshotWorker::start(passes.clone(), |round| {
            panic!("no round was due: {round:?}")
        })
        .unwrap();
        worker.owe(4, Due::Nothing, dir);
        let told = news.blocking_recv().unwrap();
        assert_eq!((told.pass, told.snapshots.len()), (4, 0));
        worker.stop();
    }
}
