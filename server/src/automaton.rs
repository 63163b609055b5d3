//! `tournee-server run`: the automaton.
//!
//! It integrates when the inbox changes (file watcher) and at the cron interval the
//! admin sets (the safety net for events a watcher misses, e.g. on network shares),
//! regenerates snapshots after integrations and/or on the nightly schedule as the
//! parameters say, imports the ERP's files every night when there are some, writes the
//! rows for the ERP into `erp/out` after every integration that produced some, after a
//! back-office job (a validated client) and every night, and stops on SIGTERM or Ctrl-C between two batches, never in the
//! middle of one. Parameters and `config.toml` are re-read at least every minute, so
//! an admin's change (schedules, inbox, snapshot and log locations) takes effect
//! without a restart. A failing job is logged, mailed to the error addresses (once an
//! hour per job) and retried at the next tick. The follow-up rules run with a pass at most
//! once a minute ([`follow_up_clock`]).

mod follow_up_clock;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use anyhow::Context as _;
use chrono::{DateTime, Local, Utc};
use croner::Cron;
use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tournee_store::open_master;
use tournee_store::queue_follow_ups;
use tournee_store::Regeneration;
use tournee_store::{archive_old_relations, queue_job_failure};
use tournee_store::{Parameters, SnapshotMode};

use crate::datadir::DataDir;
use crate::erp::{export_for_erp, nightly_erp_import};
use crate::jobs::{prune_logs, regenerate_snapshots, send_due_mail};
use crate::logsink::LogSink;
use crate::office::OfficeJob;
use crate::online::Passes;
use crate::pass::integrate_pass;
use crate::snapshot_worker::{Due, Owed, Round, SnapshotWorker};
use follow_up_clock::FollowUpClock;

/// Quiet time after the last file event before a pass starts: a sync tool delivers
/// many files in a burst, and a laptop pushing over HTTPS sends its batches back to
/// back. Short, because a rep waiting for a verdict waits for it too.
const DEBOUNCE: StdDuration = StdDuration::from_millis(200);

/// Longest sleep between two readings of the settings, whatever the schedules say.
const RECHECK: StdDuration = StdDuration::from_secs(60);

/// Runs until SIGTERM / Ctrl-C, serving the back office on `listen` meanwhile; `logs`
/// is the log file to move when the admin changes its folder.
pub async fn run(
    dir: DataDir,
    listen: std::net::SocketAddr,
    sync_listen: Option<std::net::SocketAddr>,
    logs: Option<LogSink>,
) -> anyhow::Result<()> {
    let mut dir = dir;
    let stop = Arc::new(AtomicBool::new(false));
    let (office_stop, mut office_stopped) = tokio::sync::watch::channel(false);
    let (jobs_tx, mut jobs_rx) = mpsc::unbounded_channel::<OfficeJob>();
    // Told after every pass: the browsers' awaited writes and live updates listen.
    let passes = Passes::new();
    let mut pass_count: u64 = 0;
    let office = tokio::spawn(crate::office::serve(
        dir.clone(),
        jobs_tx,
        passes.clone(),
        listen,
        sync_listen,
        async move {
            // An error only means the sender is gone: stop either way.
            let _stop_either_way = office_stopped.changed().await;
        },
    ));
    let transport = sync_listen.map(|addr| {
        let mut stopped = office_stop.subscribe();
        let dir = dir.clone();
        let passes = passes.clone();
        tokio::spawn(async move {
            let until_stop = async move {
                // An error only means the sender is gone: stop either way.
                let _stop_either_way = stopped.changed().await;
            };
            // Folder mode goes on without the transport; the error says why it is down.
            if let Err(error) = crate::https::serve(dir, addr, passes, until_stop).await {
                tracing::error!("sync transport stopped: {error:#}");
            }
        })
    });
    // The admin's webhooks go out beside the back office; a pass that wrote events rings.
    let hooks_wake = Arc::new(tokio::sync::Notify::new());
    let hooks = tokio::spawn(crate::webhooks::worker::run(
        dir.database(),
        dir.config.webhooks.clone(),
        Arc::clone(&hooks_wake),
        office_stop.subscribe(),
    ));
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
    let mut watched = dir.inbox();
    watcher
        .watch(&watched, RecursiveMode::Recursive)
        .with_context(|| format!("watching {}", watched.display()))?;
    // Listening from the start, so a signal that lands between two waits is kept.
    let mut signals = StopSignals::new().context("listening for SIGTERM and Ctrl-C")?;
    tracing::info!(inbox = %dir.inbox().display(), "automaton started");
    if load_params(&dir).is_ok_and(|params| params.back_office_url_is_local()) {
        tracing::warn!(
            "the back office's public address (parameter back_office_url) names this machine only: \
             links in the accountant's mails open nowhere else until it is set"
        );
    }

    // The snapshots the passes make due, patched on their own thread: an integration never
    // waits for the previous pass's snapshots; the worker announces the passes' ends.
    let snapshots = SnapshotWorker::start(passes.clone(), {
        let stop = Arc::clone(&stop);
        move |round: &Round| regenerate_owed(round, &stop)
    })
    .context("starting the snapshot worker")?;

    // Files that arrived while the server was down.
    let mut work = Some(Work::Integrate);
    let mut follow_up_clock = FollowUpClock::default();
    // A back-office job that ended an inbox debounce, handled at the next wait.
    let mut held_job: Option<OfficeJob> = None;
    loop {
        // The admin may have moved the inbox or the logs from the back office: every job
        // runs with the settings in force when it starts.
        dir = dir.reloaded();
        if let Some(logs) = &logs {
            logs.retarget(&dir.logs());
        }
        if dir.inbox() != watched {
            match follow_inbox(&mut watcher, &watched, &dir.inbox()) {
                Ok(()) => {
                    tracing::info!(inbox = %dir.inbox().display(), "now watching the new inbox");
                    watched = dir.inbox();
                    // Files may already wait there; every kind of work integrates first.
                    work.get_or_insert(Work::Integrate);
                }
                Err(error) => tracing::error!("{error:#}"),
            }
        }
        if let Some(work) = work.take() {
            let stop_for_job = Arc::clone(&stop);
            let dir_for_job = dir.clone();
            let watched = passes.watched();
            let (passes_for_job, this_pass) = (passes.clone(), pass_count + 1);
            passes.starting(this_pass);
            let follow_ups = follow_up_clock.due(&work);
            let job = tokio::task::spawn_blocking(move || {
                let integrated = || passes_for_job.integrated(this_pass);
                let steps = PassSteps {
                    work: &work,
                    watched: &watched,
                    follow_ups,
                };
                let result = do_work(&dir_for_job, &steps, &stop_for_job, integrated);
                if let Err(error) = &result {
                    report_failure(&dir_for_job, work.name(), error);
                }
                result
            });
            tokio::pin!(job);
            // Wait for the job, but note a shutdown request so it stops between batches.
            loop {
                tokio::select! {
                    result = &mut job => {
                        // A failing job (disk full, database locked…) is logged and retried
                        // at the next tick: the automaton itself keeps running.
                        // Failures were logged and mailed by the job itself.
                        let owed = match result.context("automaton job panicked")? {
                            Ok(owed) => owed,
                            // Reported and mailed by the job; its waiters still read where
                            // their files stand.
                            Err(error) => {
                                tracing::debug!("pass failed ({error:#}): no snapshot due");
                                Owed::nothing()
                            }
                        };
                        pass_count += 1;
                        // Also for a pass that failed before its integration was told.
                        passes.integrated(pass_count);
                        // Even a pass that owes nothing: its end is announced by the worker,
                        // after the snapshots owed before it.
                        snapshots.owe(pass_count, owed, dir.clone());
                        hooks_wake.notify_one();
                        break;
                    }
                    _ = signals.recv(), if !stop.load(Ordering::Relaxed) => {
                        tracing::info!("stop requested: finishing the current batch");
                        stop.store(true, Ordering::Relaxed);
                    }
                }
            }
        }
        if stop.load(Ordering::Relaxed) {
            break;
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
        // Wake at least every RECHECK to read the settings again; only a wait that
        // reached `until` runs the scheduled work.
        let (nap, reaches_until) = if wait > RECHECK {
            (RECHECK, false)
        } else {
            (wait, true)
        };
        if let Some(job) = held_job.take() {
            work = job_work(job);
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(nap) => work = reaches_until.then_some(due),
            Some(()) = events_rx.recv() => {
                // Let a burst settle, draining the events it raises; a change written
                // online (its own file raised the event) ends the wait, since its writer
                // waits for the verdict.
                held_job = debounce(&mut events_rx, &mut jobs_rx).await;
                if matches!(held_job, Some(OfficeJob::Integrate)) {
                    held_job = None;
                }
                work = Some(Work::Integrate);
            }
            Some(job) = jobs_rx.recv() => work = job_work(job),
            _ = signals.recv() => {
                tracing::info!("stop requested");
                break;
            }
        }
    }
    drop(watcher);
    // The round in progress ends whole; what is still owed waits for the next run.
    tokio::task::spawn_blocking(move || snapshots.stop())
        .await
        .context("stopping the snapshot worker")?;
    let _no_listener_left_is_fine = office_stop.send(true);
    // Requests in flight get a few seconds; idle keep-alive connections do not hold the stop.
    match tokio::time::timeout(OFFICE_GRACE, office).await {
        Ok(result) => result.context("back office task")?.context("back office")?,
        Err(_) => tracing::warn!("back office stopped with connections still open"),
    }
    if let Some(transport) = transport {
        if tokio::time::timeout(OFFICE_GRACE, transport).await.is_err() {
            tracing::warn!("sync transport stopped with connections still open");
        }
    }
    match tokio::time::timeout(OFFICE_GRACE, hooks).await {
        Ok(Ok(Ok(()))) => {}
        // The worker's failure does not stop the automaton's own work: it is logged.
        Ok(Ok(Err(error))) => tracing::error!("{error}"),
        Ok(Err(join)) => tracing::error!("webhook worker: {join}"),
        Err(_) => tracing::warn!("webhook worker stopped with attempts in flight"),
    }
    tracing::info!("automaton stopped");
    Ok(())
}

/// What one pass does besides integrating, decided before it starts.
#[derive(Clone, Copy)]
struct PassSteps<'a> {
    work: &'a Work,
    /// The users with a browser page open, whose snapshots follow every integration (their
    /// pages show others' changes live).
    watched: &'a [String],
    /// Whether the follow-up rules run in this pass ([`FollowUpClock`]).
    follow_ups: bool,
}

/// The work a back-office job asks for.
fn job_work(job: OfficeJob) -> Option<Work> {
    match job {
        OfficeJob::Snapshots(users) => Some(Work::Snapshots(users)),
        // Loop round: the settings are read again before the next wait.
        OfficeJob::SettingsChanged => None,
        // A change written online waits for its verdict: no debounce.
        OfficeJob::Integrate => Some(Work::Integrate),
    }
}

/// Waits until the inbox has been quiet for [`DEBOUNCE`] (draining its events), or until
/// a back-office job arrives, which is returned: the REST API and the browser write their
/// change file (raising the event that started this wait), then ask for an integration,
/// and their caller waits for the verdict.
async fn debounce(
    events: &mut mpsc::UnboundedReceiver<()>,
    jobs: &mut mpsc::UnboundedReceiver<OfficeJob>,
) -> Option<OfficeJob> {
    loop {
        tokio::select! {
            biased;
            Some(job) = jobs.recv() => return Some(job),
            more = tokio::time::timeout(DEBOUNCE, events.recv()) => {
                if !matches!(more, Ok(Some(()))) {
                    return None;
                }
            }
        }
    }
}

/// How long the back office may take to finish its requests after a stop request.
const OFFICE_GRACE: StdDuration = StdDuration::from_secs(5);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Work {
    Integrate,
    Nightly,
    /// Asked by the back office (validated client, reassignment…).
    Snapshots(Option<Vec<String>>),
}

impl Work {
    /// The job's name in logs and in the failure mail.
    fn name(&self) -> &'static str {
        match self {
            Self::Integrate => "intégration",
            Self::Nightly => "tâches de nuit",
            Self::Snapshots(_) => "bases hors ligne demandées par le back-office",
        }
    }
}

/// Moves the file watcher from the old inbox to the new one (created if needed).
fn follow_inbox(
    watcher: &mut notify::RecommendedWatcher,
    old: &std::path::Path,
    new: &std::path::Path,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(new).with_context(|| format!("creating {}", new.display()))?;
    watcher
        .watch(new, RecursiveMode::Recursive)
        .with_context(|| format!("watching {}", new.display()))?;
    // The old folder may be gone already: nothing left to stop watching then.
    let _gone_is_fine = watcher.unwatch(old);
    Ok(())
}

/// Logs a failed job and queues its mail to the error addresses (sent right away if
/// the mail settings allow). If the database itself is the problem, the log is all
/// there is, and the next tick tries again.
fn report_failure(dir: &DataDir, job: &str, error: &anyhow::Error) {
    tracing::error!(job, "{error:#}");
    let queued = open_master(&dir.database())
        .map_err(anyhow::Error::from)
        .and_then(|conn| {
            let now = Utc::now();
            if queue_job_failure(&conn, job, &format!("{error:#}"), now)? {
                let params = Parameters::load(&conn)?;
                send_due_mail(dir, &conn, &params, now)?;
            }
            Ok(())
        });
    if let Err(mail_error) = queued {
        tracing::error!(job, "the failure could not be mailed: {mail_error:#}");
    }
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

/// The blocking part: integration, nightly upkeep. Returns the snapshots it made due (the
/// writers' and the readers'), for the [`SnapshotWorker`]. `integrated` is called once the
/// integration is committed and durable, before the rest: the REST API's writes answer then.
fn do_work(
    dir: &DataDir,
    steps: &PassSteps<'_>,
    stop: &AtomicBool,
    integrated: impl FnOnce(),
) -> anyhow::Result<Owed> {
    let PassSteps {
        work,
        watched,
        follow_ups,
    } = *steps;
    let mut due = Due::Nothing;
    let mut readers = std::collections::BTreeSet::new();
    let mut conn = open_master(&dir.database())?;
    let params = Parameters::load(&conn)?;
    let now = Utc::now();
    let summary = integrate_pass(dir, &mut conn, now, &params, stop)?;
    integrated();
    if summary.integrated + summary.failed + summary.duplicates > 0 {
        tracing::info!("{}", summary.line());
    }
    // Reminders first, so that the mail run below sends the ones just queued.
    if follow_ups {
        let reminders = queue_follow_ups(&mut conn, Utc::now())?;
        if reminders.queued > 0 {
            tracing::info!(queued = reminders.queued, "follow-up reminders queued");
        }
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
    if let Work::Snapshots(users) = work {
        // Whatever the mode, what the back office asks for is immediate: « Planifié » only
        // holds back regenerations after integrations, as the guides say.
        if !stop.load(Ordering::Relaxed) {
            due = Due::Patch(users.as_ref().map(|u| u.iter().cloned().collect()));
        }
    } else if *work == Work::Nightly {
        // The ERP's data first, so that the night's snapshots carry it.
        if let Some(run) = nightly_erp_import(dir, &mut conn, now)? {
            tracing::info!(
                outcome = run.outcome.code(),
                refused = run.refusals.len(),
                "nightly ERP import"
            );
            if run.mail_queued {
                send_due_mail(dir, &conn, &params, Utc::now())?;
            }
        }
        let archived =
            archive_old_relations(&conn, now.date_naive(), params.relation_archive_days)?;
        let pruned = prune_logs(&dir.logs(), params.log_retention_days, now)?;
        tracing::info!(archived, pruned, "nightly upkeep done");
        if scheduled && !stop.load(Ordering::Relaxed) {
            due = Due::Rebuild;
        }
    } else if after_integration
        && !summary.users_changed.is_empty()
        && !stop.load(Ordering::Relaxed)
    {
        // The writers (a refusal is in their file too) and the open pages first; then
        // everyone who reads what was integrated: a manager, the colleague a meeting was
        // planned for, the pool's readers, whose files come second (`snapshot_worker`).
        let mut users = summary.users_changed.clone();
        if summary.integrated > 0 {
            users.extend(watched.iter().cloned());
        }
        readers = tournee_store::snapshots_owed(&conn, &summary.written)?;
        readers.retain(|u| !users.contains(u));
        due = Due::Patch(Some(users));
    }
    // Last, so that a failing export (the out folder gone) holds back nothing else; the
    // failure is mailed like any job's and the next run writes what this one could not.
    if summary.integrated > 0 || *work != Work::Integrate {
        let export = export_for_erp(dir, &mut conn, Utc::now())?;
        if !export.written.is_empty() {
            tracing::info!(files = ?export.written, "files written for the ERP");
        }
    }
    Ok(Owed { due, readers })
}

/// One round of the [`SnapshotWorker`]: the snapshots owed, with the settings in force
/// now; returns the users whose snapshots were published. A failure is logged and mailed
/// like any job's (the next pass or the night tries again); after a stop request nothing
/// starts.
fn regenerate_owed(round: &Round, stop: &AtomicBool) -> Vec<String> {
    let Some((users, regeneration)) = crate::snapshot_worker::request(&round.due) else {
        return Vec::new();
    };
    if stop.load(Ordering::Relaxed) {
        return Vec::new();
    }
    let dir = &round.dir;
    let regenerated = load_params(dir).and_then(|params| {
        Ok(regenerate_snapshots(
            dir,
            &params,
            users,
            regeneration,
            Utc::now(),
        )?)
    });
    match regenerated {
        Ok(reports) => {
            tracing::info!(
                users = reports.len(),
                through_pass = round.through,
                rebuild = regeneration == Regeneration::Rebuild,
                "snapshots published"
            );
            reports.into_iter().map(|r| r.user).collect()
        }
        Err(error) => {
            report_failure(dir, "bases hors ligne", &error);
            Vec::new()
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_online_write_ends_the_inbox_debounce_and_a_quiet_inbox_ends_it_alone() {
        let (events_tx, mut events) = mpsc::unbounded_channel::<()>();
        let (jobs_tx, mut jobs) = mpsc::unbounded_channel::<OfficeJob>();
        events_tx.send(()).unwrap();
        let started = std::time::Instant::now();
        let waiter = tokio::spawn(async move {
            let job = debounce(&mut events, &mut jobs).await;
            (job, events, jobs)
        });
        tokio::time::sleep(StdDuration::from_millis(20)).await;
        jobs_tx.send(OfficeJob::Integrate).unwrap();
        let (job, mut events, mut jobs) = waiter.await.unwrap();
        assert!(matches!(job, Some(OfficeJob::Integrate)));
        assert!(started.elapsed() < DEBOUNCE, "{:?}", started.elapsed());
        // Without a job, the wait ends after a quiet DEBOUNCE.
        let started = std::time::Instant::now();
        events_tx.send(()).unwrap();
        assert!(debounce(&mut events, &mut jobs).await.is_none());
        assert!(started.elapsed() >= DEBOUNCE);
    }
}
