//! Online writes: a change written into a user's inbox folder by the server itself (the
//! browser's screens, the REST API), integrated by the automaton's one code path, and
//! answered with its outcome once the automaton has decided.
//!
//! The automaton publishes a [`PassNews`] after every pass ([`Passes`]): the waiting side
//! subscribes *before* it writes its file, wakes the automaton, and reads the file's state
//! in the master after each news (no polling), until it is settled or the deadline passes.
//! The same news tells the browsers' live-update streams whose snapshots were published.
//!
//! A second, earlier signal ([`Passes::integrated`]) is rung as soon as a pass's
//! integration is committed and durable, before its snapshots, mails and exports: the REST
//! API's writes answer on it, since their outcome is then in the ledger. The browser's
//! writes and the laptops' pushes keep waiting for the pass's end, after which their
//! snapshots carry the change.

mod signer;

pub use signer::{online_signer, SignerError};

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;
use tokio::sync::broadcast;
use tournee_core::Lang;
use tournee_store::{is_integrated_for, last_failure};
use tournee_sync::{ChangeState, ChangeStatus, FileName};

use crate::datadir::DataDir;
use crate::office::pool::MasterPool;
use crate::sentences::recorded_detail;

/// Longest an online write waits for the automaton's verdict before answering that its
/// change was received and will be integrated.
pub const SETTLE_WAIT: Duration = Duration::from_secs(10);

/// News kept for a slow listener before it is told it lagged (it then reads the master).
const NEWS_BACKLOG: usize = 64;

/// What one pass of the automaton did, published once it is over (integration, then the
/// snapshots it regenerated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassNews {
    /// Passes since the automaton started.
    pub pass: u64,
    /// The users whose snapshots this pass published.
    pub snapshots: Vec<String>,
}

impl PassNews {
    /// Whether this pass published a new snapshot for `user`.
    pub fn published_for(&self, user: &str) -> bool {
        self.snapshots.iter().any(|u| u == user)
    }
}

/// The automaton's side of the news, and where waiters subscribe; cheap to clone.
///
/// It also knows who has a page open ([`Passes::watch`]): after a pass that integrated
/// someone's changes, those users' snapshots are published too, so a manager's open page
/// shows a rep's visit at once (a laptop's snapshot waits for its own changes or the night).
#[derive(Debug, Clone)]
pub struct Passes {
    news: broadcast::Sender<Arc<PassNews>>,
    integrations: broadcast::Sender<u64>,
    watching: Arc<Mutex<BTreeMap<String, usize>>>,
}

/// A page of `user` listening; dropped when it goes.
#[derive(Debug)]
pub struct Watching {
    user: String,
    watching: Arc<Mutex<BTreeMap<String, usize>>>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let mut watching = lock(&self.watching);
        if let Some(count) = watching.get_mut(&self.user) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                watching.remove(&self.user);
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Counters only: a panic elsewhere cannot leave them half-written.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Default for Passes {
    fn default() -> Self {
        Self::new()
    }
}

impl Passes {
    /// A channel nobody listens to yet.
    pub fn new() -> Self {
        Self {
            news: broadcast::channel(NEWS_BACKLOG).0,
            integrations: broadcast::channel(NEWS_BACKLOG).0,
            watching: Arc::default(),
        }
    }

    /// Notes that a page of `user` listens for its changes, until the guard is dropped.
    pub fn watch(&self, user: &str) -> Watching {
        *lock(&self.watching).entry(user.to_string()).or_insert(0) += 1;
        Watching {
            user: user.to_string(),
            watching: Arc::clone(&self.watching),
        }
    }

    /// The users with a page open now.
    pub fn watched(&self) -> Vec<String> {
        lock(&self.watching).keys().cloned().collect()
    }

    /// Tells every listener a pass is over (nobody listening is fine).
    pub fn publish(&self, news: PassNews) {
        let _nobody_listening_is_fine = self.news.send(Arc::new(news));
    }

    /// Listens to the passes that end from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<PassNews>> {
        self.news.subscribe()
    }

    /// Tells the waiters of [`Passes::subscribe_integrations`] that pass `pass` has
    /// committed what it integrated (or is over, whatever it did): the ledger answers.
    pub fn integrated(&self, pass: u64) {
        let _nobody_listening_is_fine = self.integrations.send(pass);
    }

    /// Listens to the integrations committed from now on (and to every pass's end).
    pub fn subscribe_integrations(&self) -> broadcast::Receiver<u64> {
        self.integrations.subscribe()
    }
}

/// Why the state of a change could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OnlineError {
    /// The master could not be read.
    #[error("reading the master: {0}")]
    Store(#[from] tournee_store::StoreError),
    /// A blocking task failed.
    #[error("background task: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Where `name` (a file of `user`) stands, from the ledger, the failures and the folders;
/// a refusal's sentence in `lang`. The sync API's change statuses answer the same.
pub fn status_of(
    conn: &Connection,
    dir: &DataDir,
    user: &str,
    name: &FileName,
    lang: Lang,
) -> tournee_store::Result<ChangeStatus> {
    let file_name = name.to_string();
    let status = |state, reason: Option<String>, detail: Option<String>| ChangeStatus {
        file_name: file_name.clone(),
        state,
        reason,
        detail,
        why: None,
    };
    if is_integrated_for(conn, &name.change_id, user)? {
        return Ok(status(ChangeState::Integrated, None, None));
    }
    let failure = last_failure(conn, &file_name)?;
    let waiting_in = |root: &Path| root.join(user).join(&file_name).exists();
    if waiting_in(&dir.inbox()) {
        // Put back by an admin after a failure, or not integrated yet.
        return Ok(status(ChangeState::Received, None, None));
    }
    if let Some(failure) = failure {
        let detail = recorded_detail(&failure, lang);
        return Ok(ChangeStatus {
            why: failure
                .detail
                .as_ref()
                .and_then(|d| serde_json::to_value(d).ok()),
            ..status(ChangeState::Failed, Some(failure.reason), Some(detail))
        });
    }
    if waiting_in(&dir.parked()) {
        return Ok(status(ChangeState::Parked, None, None));
    }
    Ok(status(ChangeState::Unknown, None, None))
}

/// The states of `names` now (database reads on the blocking pool).
pub async fn statuses_now(
    pool: &MasterPool,
    dir: &DataDir,
    user: &str,
    names: &[FileName],
    lang: Lang,
) -> Result<Vec<ChangeStatus>, OnlineError> {
    let (pool, dir, user, names) = (pool.clone(), dir.clone(), user.to_string(), names.to_vec());
    Ok(tokio::task::spawn_blocking(move || {
        pool.with(|conn| {
            names
                .iter()
                .map(|name| status_of(conn, &dir, &user, name, lang))
                .collect::<tournee_store::Result<Vec<_>>>()
        })
    })
    .await??)
}

/// Waits until every file of `names` is settled (integrated, refused or parked) or `wait`
/// has passed, reading their states after each signal of `news`: the passes' ends
/// ([`Passes::subscribe`]) or their committed integrations
/// ([`Passes::subscribe_integrations`]), subscribed before the files were written, so
/// that no pass is missed.
pub async fn wait_until_settled<T: Clone>(
    pool: &MasterPool,
    dir: &DataDir,
    user: &str,
    names: &[FileName],
    lang: Lang,
    news: &mut broadcast::Receiver<T>,
    wait: Duration,
) -> Result<Vec<ChangeStatus>, OnlineError> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let statuses = statuses_now(pool, dir, user, names, lang).await?;
        if statuses.iter().all(|s| s.state.is_settled()) {
            return Ok(statuses);
        }
        match tokio::time::timeout_at(deadline, news.recv()).await {
            // A pass ended (or some were missed): read the states again.
            Ok(Ok(_) | Err(broadcast::error::RecvError::Lagged(_))) => {}
            // The automaton is gone, or the time is up: the states as they are.
            Ok(Err(broadcast::error::RecvError::Closed)) | Err(_) => {
                return statuses_now(pool, dir, user, names, lang).await;
            }
        }
    }
}

/// Waits for the next pass that publishes `user`'s snapshot, at most `wait`; whether one did.
pub async fn wait_for_snapshot(
    news: &mut broadcast::Receiver<Arc<PassNews>>,
    user: &str,
    wait: Duration,
) -> bool {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, news.recv()).await {
            Ok(Ok(pass)) if pass.published_for(user) => return true,
            Ok(Ok(_)) => {}
            // Missed passes may have published it: the caller looks at the folder.
            Ok(Err(broadcast::error::RecvError::Lagged(_))) => return true,
            Ok(Err(broadcast::error::RecvError::Closed)) | Err(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_pass_announced_reaches_every_listener_and_names_the_snapshots_published() {
        let passes = Passes::new();
        let mut first = passes.subscribe();
        let mut second = passes.subscribe();
        passes.publish(PassNews {
            pass: 1,
            snapshots: vec!["jdupont".into()],
        });
        let news = first.recv().await.unwrap();
        assert!(news.published_for("jdupont") && !news.published_for("mleroy"));
        assert_eq!(second.recv().await.unwrap().pass, 1);
        passes.publish(PassNews {
            pass: 2,
            snapshots: vec!["mleroy".into()],
        });
        passes.publish(PassNews {
            pass: 3,
            snapshots: vec!["jdupont".into()],
        });
        assert!(wait_for_snapshot(&mut first, "jdupont", Duration::from_secs(1)).await);
        assert_eq!(first.try_recv().ok(), None, "pass 3 was the one taken");
        assert!(!wait_for_snapshot(&mut first, "jdupont", Duration::from_millis(50)).await);
    }

    #[tokio::test]
    async fn an_integration_is_told_apart_from_a_pass_end() {
        let passes = Passes::new();
        let mut ends = passes.subscribe();
        let mut integrations = passes.subscribe_integrations();
        passes.integrated(7);
        assert_eq!(integrations.recv().await.unwrap(), 7);
        assert!(
            ends.try_recv().is_err(),
            "the browsers and the laptops wait for the pass's end"
        );
    }

    #[test]
    fn a_user_is_watched_while_one_of_their_pages_listens() {
        let passes = Passes::new();
        let one = passes.watch("nbertrand");
        let two = passes.watch("nbertrand");
        let other = passes.watch("admin");
        assert_eq!(passes.watched(), vec!["admin", "nbertrand"]);
        drop(one);
        drop(other);
        assert_eq!(passes.watched(), vec!["nbertrand"]);
        drop(two);
        assert!(passes.watched().is_empty());
    }
}
