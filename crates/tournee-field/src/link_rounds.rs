//! When the HTTPS transport runs its rounds: every interval, at once when woken (a
//! change was just written, or the rep pressed « Synchroniser »), and soon after a round
//! that sent files, whose snapshot follows within seconds. The loop itself lives here
//! rather than in the window, so the policy is tested without one.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use tournee_link::{LinkError, SyncReport};

use crate::link::LinkPaths;

/// Environment variable giving the seconds between two rounds (the end-to-end tests use 1).
pub const INTERVAL_ENV: &str = "TOURNEE_SYNC_INTERVAL_SECS";
/// Time between two rounds when nothing wakes the thread sooner.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);
/// How soon a round follows one that sent files or left some waiting.
pub const FOLLOW_UP: Duration = Duration::from_secs(2);

/// The rounds' timing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncSchedule {
    /// Time between two rounds when nothing happens.
    pub interval: Duration,
}

impl Default for SyncSchedule {
    fn default() -> Self {
        Self {
            interval: DEFAULT_INTERVAL,
        }
    }
}

impl SyncSchedule {
    /// The interval from `value` (seconds, the environment variable's text); anything
    /// else than a positive whole number keeps the default.
    pub fn from_setting(value: Option<&str>) -> Self {
        match value.and_then(|v| v.trim().parse::<u64>().ok()) {
            Some(seconds) if seconds > 0 => Self {
                interval: Duration::from_secs(seconds),
            },
            _ => Self::default(),
        }
    }

    /// The schedule `TOURNEE_SYNC_INTERVAL_SECS` asks for (`INTERVAL_ENV`).
    pub fn from_env() -> Self {
        Self::from_setting(std::env::var(INTERVAL_ENV).ok().as_deref())
    }

    /// How long to wait after a round (`None`: no round ran, the laptop is not enrolled).
    pub fn wait_after(&self, round: Option<&Result<SyncReport, LinkError>>) -> Duration {
        match round {
            Some(Ok(report)) if report.pushed > 0 || report.waiting > 0 => {
                self.interval.min(FOLLOW_UP)
            }
            _ => self.interval,
        }
    }
}

/// Runs rounds until every sender of `woken` is gone (the window closed): `paths` says
/// where the enrolled laptop's folders are, read under the app's lock by the caller, and
/// `None` while the laptop is not enrolled. A round never runs under that lock.
pub fn run_rounds(
    schedule: SyncSchedule,
    paths: impl Fn() -> Option<LinkPaths>,
    woken: &Receiver<()>,
) {
    loop {
        let round = paths().map(|paths| {
            let result = tournee_link::sync_once(&paths.home, &paths.outbox, &paths.snapshots);
            match &result {
                Ok(report) => tracing::info!(
                    pushed = report.pushed,
                    requests = report.requests,
                    waiting = report.waiting,
                    new_generation = ?report.new_generation,
                    downloaded = report.downloaded_bytes,
                    "sync round"
                ),
                Err(error) => tracing::warn!(%error, "sync round failed"),
            }
            result
        });
        match woken.recv_timeout(schedule.wait_after(round.as_ref())) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::sync::mpsc::channel;

    use super::*;

    #[test]
    fn the_interval_comes_from_the_setting_or_stays_at_thirty_seconds() {
        assert_eq!(
            SyncSchedule::from_setting(Some("1")).interval,
            Duration::from_secs(1)
        );
        assert_eq!(
            SyncSchedule::from_setting(Some(" 45 ")).interval,
            Duration::from_secs(45)
        );
        for bad in [None, Some(""), Some("0"), Some("-3"), Some("vite")] {
            assert_eq!(
                SyncSchedule::from_setting(bad).interval,
                DEFAULT_INTERVAL,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_round_that_sent_files_is_followed_soon_and_others_wait_the_interval() {
        let schedule = SyncSchedule::default();
        let sent = SyncReport {
            pushed: 3,
            ..SyncReport::default()
        };
        let waiting = SyncReport {
            waiting: 1,
            ..SyncReport::default()
        };
        assert_eq!(schedule.wait_after(Some(&Ok(sent))), FOLLOW_UP);
        assert_eq!(schedule.wait_after(Some(&Ok(waiting))), FOLLOW_UP);
        assert_eq!(
            schedule.wait_after(Some(&Ok(SyncReport::default()))),
            DEFAULT_INTERVAL
        );
        let offline = Err(LinkError::Offline("connexion refusée".into()));
        assert_eq!(schedule.wait_after(Some(&offline)), DEFAULT_INTERVAL);
        assert_eq!(schedule.wait_after(None), DEFAULT_INTERVAL);
        let quick = SyncSchedule::from_setting(Some("1"));
        assert_eq!(
            quick.wait_after(Some(&Ok(SyncReport {
                pushed: 1,
                ..SyncReport::default()
            }))),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn each_wake_runs_a_round_and_the_loop_ends_with_the_window() {
        let (wake, woken) = channel();
        wake.send(()).unwrap();
        wake.send(()).unwrap();
        drop(wake);
        let asked = Cell::new(0);
        run_rounds(
            SyncSchedule::default(),
            || {
                asked.set(asked.get() + 1);
                None
            },
            &woken,
        );
        assert_eq!(
            asked.get(),
            3,
            "a first round, then one per wake, then the end"
        );
    }
}
