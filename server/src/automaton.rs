//! `tournee-server run`: the automaton.
//!
//! It integrates when the inbox changes (file watcher) and at the cron interval the
//! admin sets (the safety net for events a watcher misses, e.g. on network shares),
//! regenerates snapshots after integrations and/or on the nightly schedule as the
//! parameters say, and stops on SIGTERM or Ctrl-C between two batches, never in the
//! middle of one. Parameters are re-read at every tick, so an admin's change takes
//! effect without a restart.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use anyhow::Context as _;
use chrono::{DateTime, Local, Utc};
use croner::Cron;
use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tournee_store::master::maintenance::archive_old_relations;
use tournee_store::master::open_master;
use tournee_store::master::params::{Parameters, SnapshotMode};

use crate::datadir::DataDir;
use crate::jobs::{prune_logs, regenerate_snapshots, send_due_mail};
use crate::pass::integrate_pass;

/// Quiet time after the last file event before a pass starts (a sync tool often
/// delivers many files in a burst).
const DEBOUNCE: StdDuration = StdDuration::from_millis(500);

/// Runs until SIGTERM / Ctrl-C, serving the back office on `listen` meanwhile.
pub async fn run(dir: DataDir, listen: std::net::SocketAddr) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    let (office_stop, mut office_stopped) = tokio::sync::watch::channel(false);
    let office = tokio::spawn(crate::office::serve(dir.clone(), listen, async move {
        // An error only means the sender is gone: stop either way.
        let _stop_either_way = office_stopped.changed().await;
    }));
    let (events_tx, mut events_rx) = mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Only arrivals matter; reading the folders (ours included) raises access events.
        let arrival =
            event.is_ok_and(|e| matches!(e.kind, EventKind::Create(_) | EventKind::Modify(_)));
        if arrival {
            // A send fails only once the loop has stopped listening: nothing left to wake.
            let _ignored_when_shutting_down = events_tx.send(());
        }
    })
    .context("starting the inbox watcher")?;
    watcher
        .watch(&dir.inbox(), RecursiveMode::Recursive)
        .with_context(|| format!("watching {}", dir.inbox().display()))?;
    // Listening from the start, so a signal that lands between two waits is kept.
    let mut signals = StopSignals::new().context("listening for SIGTERM and Ctrl-C")?;
    tracing::info!(inbox = %dir.inbox().display(), "automaton started");

    // Files that arrived while the server was down.
    let mut work = Work::Integrate;
    loop {
        {
            let stop_for_job = Arc::clone(&stop);
            let dir_for_job = dir.clone();
            let job =
                tokio::task::spawn_blocking(move || do_work(&dir_for_job, work, &stop_for_job));
            tokio::pin!(job);
            // Wait for the job, but note a shutdown request so it stops between batches.
            loop {
                tokio::select! {
                    result = &mut job => {
                        // A failing job (disk full, database locked…) is logged and retried
                        // at the next tick: the automaton itself keeps running.
                        match result.context("automaton job panicked")? {
                            Ok(()) => {}
                            Err(error) => tracing::error!("{error:#}"),
                        }
                        break;
                    }
                    _ = signals.recv(), if !stop.load(Ordering::Relaxed) => {
                        tracing::info!("stop requested: finishing the current batch");
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            }
            if stop.load(Ordering::Relaxed) {
                break;
            }
        }
        let params = load_params(&dir).unwrap_or_else(|error| {
            tracing::error!("{error:#}; default schedule until the parameters can be read");
            Parameters::default()
        });
        let next_scan = next_tick(&params.inbox_check_cron, "inbox_check_cron");
        let next_nightly = next_tick(&params.snapshot_schedule_cron, "snapshot_schedule_cron");
        let (until, due) = if next_nightly <= next_scan {
            (next_nightly, Work::Nightly)
        } else {
            (next_scan, Work::Integrate)
        };
        let wait = (until - Utc::now()).to_std().unwrap_or(StdDuration::ZERO);
        tokio::select! {
            _ = tokio::time::sleep(wait) => work = due,
            Some(()) = events_rx.recv() => {
                // Let a burst settle, draining the events it raises.
                while let Ok(Some(())) = tokio::time::timeout(DEBOUNCE, events_rx.recv()).await {}
                work = Work::Integrate;
            }
            _ = signals.recv() => {
                tracing::info!("stop requested");
                break;
            }
        }
    }
    drop(watcher);
    let _no_listener_left_is_fine = office_stop.send(true);
    // Requests in flight get a few seconds; idle keep-alive connections do not hold the stop.
    match tokio::time::timeout(OFFICE_GRACE, office).await {
        Ok(result) => result.context("back office task")?.context("back office")?,
        Err(_) => tracing::warn!("back office stopped with connections still open"),
    }
    tracing::info!("automaton stopped");
    Ok(())
}

/// How long the back office may take to finish its requests after a stop request.
const OFFICE_GRACE: StdDuration = StdDuration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    Integrate,
    Nightly,
}

fn load_params(dir: &DataDir) -> anyhow::Result<Parameters> {
    let conn = open_master(&dir.database())?;
    Ok(Parameters::load(&conn)?)
}

/// Next occurrence of a cron expression; a broken one (refused on save anyway) falls
/// back to one minute, logged, so the automaton never stalls.
fn next_tick(expression: &str, key: &str) -> DateTime<Utc> {
    let fallback = Utc::now() + chrono::Duration::minutes(1);
    match Cron::new(expression)
        .parse()
        .and_then(|cron| cron.find_next_occurrence(&Local::now(), false))
    {
        Ok(next) => next.with_timezone(&Utc),
        Err(error) => {
            tracing::error!(key, expression, %error, "invalid cron expression, using one minute");
            fallback
        }
    }
}

/// The blocking part: integration, snapshots, nightly upkeep.
fn do_work(dir: &DataDir, work: Work, stop: &AtomicBool) -> anyhow::Result<()> {
    let mut conn = open_master(&dir.database())?;
    let params = Parameters::load(&conn)?;
    let now = Utc::now();
    let summary = integrate_pass(dir, &mut conn, now, &params, stop)?;
    if summary.integrated + summary.failed + summary.duplicates > 0 {
        tracing::info!("{}", summary.line());
    }
    let mail = send_due_mail(dir, &conn, &params, Utc::now())?;
    if mail.sent + mail.failed > 0 {
        tracing::info!(sent = mail.sent, failed = mail.failed, "mail delivery");
    }
    let after_integration = matches!(
        params.snapshot_mode,
        SnapshotMode::AfterIntegration | SnapshotMode::Both
    );
    let scheduled = matches!(
        params.snapshot_mode,
        SnapshotMode::Scheduled | SnapshotMode::Both
    );
    if work == Work::Nightly {
        let archived =
            archive_old_relations(&conn, now.date_naive(), params.relation_archive_days)?;
        let pruned = prune_logs(&dir.logs(), params.log_retention_days, now)?;
        tracing::info!(archived, pruned, "nightly upkeep done");
        if scheduled && !stop.load(Ordering::Relaxed) {
            let reports = regenerate_snapshots(dir, &params, None, now)?;
            tracing::info!(users = reports.len(), "nightly snapshots published");
        }
    } else if after_integration
        && !summary.users_changed.is_empty()
        && !stop.load(Ordering::Relaxed)
    {
        let users: Vec<String> = summary.users_changed.iter().cloned().collect();
        let reports = regenerate_snapshots(dir, &params, Some(users), now)?;
        tracing::info!(
            users = reports.len(),
            "snapshots published after integration"
        );
    }
    Ok(())
}

/// SIGTERM and Ctrl-C, listened to for the whole run.
struct StopSignals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn new() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Self {
                term: signal(SignalKind::terminate())?,
                interrupt: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// Resolves at the next SIGTERM or Ctrl-C (including one received while nobody waited).
    async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.interrupt.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ctrl_c_error_means_no_signal = tokio::signal::ctrl_c().await;
        }
    }
}
