//! One integration pass: everything waiting in the inbox and in `parked/`, in
//! creation order, in batches read ahead by a reader thread and integrated in durability
//! groups (several batches per transaction, see [`integrate_rounds`]).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use crossbeam_channel::{bounded, Receiver};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use tournee_store::Parameters;
use tournee_store::{
    integrate_deliveries, precheck, record_failure, Delivery, IntegrationContext, Outcome, Precheck,
};
use tournee_store::{lookup, Arrival, ArrivalKey, Written};
use tournee_sync::{
    parse_signed_change_file, read_change_file, scan_inbox, Detail, Envelope, FileName,
    FileSignature, InboxEntry, ReadFile, RejectReason, Rejection,
};

use crate::archiver::{move_unless_gone, Archiver};
use crate::datadir::DataDir;
use crate::files::{arrival_name, write_error_report, TouchedFolders};

/// Errors that stop a pass (a single bad file never does).
#[derive(Debug, thiserror::Error)]
pub enum PassError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] tournee_store::StoreError),
    /// The data directory could not be locked.
    #[error(transparent)]
    DataDir(#[from] crate::datadir::DataDirError),
    /// A folder could not be listed or a file moved.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

fn io_error(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> PassError {
    let path = path.into();
    move |source| PassError::Io { path, source }
}

/// What became of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileOutcome {
    /// Inbox sub-folder it arrived in.
    pub folder: String,
    /// Its name as found.
    pub file_name: String,
    /// The decision.
    pub outcome: Outcome,
}

/// Counts of one pass, and every file's outcome in processing order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PassSummary {
    /// Newly integrated changes.
    pub integrated: usize,
    /// Files whose change was already integrated.
    pub duplicates: usize,
    /// Changes still waiting for their prospect.
    pub parked: usize,
    /// Refused files.
    pub failed: usize,
    /// Users whose data changed (their snapshots are due).
    pub users_changed: BTreeSet<String>,
    /// What the integrated changes wrote: whose snapshots read it is decided from it
    /// ([`tournee_store::snapshots_owed`]), the writers' and every reader's.
    pub written: Written,
    /// Per file, in order.
    pub files: Vec<FileOutcome>,
}

impl PassSummary {
    fn add(&mut self, outcome: FileOutcome, user: Option<&str>) {
        match &outcome.outcome {
            Outcome::Integrated => {
                self.integrated += 1;
                if let Some(user) = user {
                    self.users_changed.insert(user.to_string());
                }
            }
            Outcome::Duplicate => self.duplicates += 1,
            Outcome::Parked { .. } => self.parked += 1,
            Outcome::Failed(_) => {
                self.failed += 1;
                if let Some(user) = user {
                    self.users_changed.insert(user.to_string());
                }
            }
        }
        self.files.push(outcome);
    }

    /// One line for logs and the CLI.
    pub fn line(&self) -> String {
        format!(
            "integrated {}, duplicates {}, parked {}, failed {}",
            self.integrated, self.duplicates, self.parked, self.failed
        )
    }
}

/// A file found waiting, whether it already sits in `parked/`, and the prospect it
/// waits for once a pass has parked it.
struct Pending {
    entry: InboxEntry,
    from_parked: bool,
    waiting_for: Option<String>,
}

/// SQLite page cache of the integrating connection, in KiB (64 MiB).
const INTEGRATION_CACHE_KIB: i64 = 64 * 1024;

/// WAL pages (64 MiB) before SQLite checkpoints on its own during a pass. At its default
/// (1,000) every other batch's commit also copied pages into the master and fsynced it;
/// a page changed by several batches is now copied once, by the checkpoint that ends the
/// pass (passive: it never waits for a reader of the back office).
const PASS_CHECKPOINT_PAGES: i64 = 16384;

/// Rounds of retrying parked changes within one pass (a CP may arrive after its MP).
const MAX_RETRY_ROUNDS: usize = 4;

/// Integrates everything waiting; a bad file is refused and the pass goes on.
/// `stop` is checked between batches (SIGTERM): a started batch always completes.
pub fn integrate_pass(
    dir: &DataDir,
    conn: &mut Connection,
    now: DateTime<Utc>,
    params: &Parameters,
    stop: &AtomicBool,
) -> Result<PassSummary, PassError> {
    let _only_integrator = dir.lock_integration()?;
    // A pass touches index pages all over the master (a visit's client, its date): with
    // SQLite's default 2 MiB cache most of them are read again for each file.
    conn.pragma_update(None, "cache_size", -INTEGRATION_CACHE_KIB)
        .map_err(tournee_store::StoreError::from)?;
    conn.pragma_update(None, "wal_autocheckpoint", PASS_CHECKPOINT_PAGES)
        .map_err(tournee_store::StoreError::from)?;
    let ctx = IntegrationContext {
        now,
        params: params.clone(),
    };
    let mut summary = PassSummary::default();
    let mut touched = TouchedFolders::default();
    let mut pending = collect(dir)?;
    std::thread::scope(|scope| {
        let archiver = Archiver::start(scope);
        let rounds = integrate_rounds(
            dir,
            conn,
            &ctx,
            &mut pending,
            &archiver,
            &mut summary,
            &mut touched,
            stop,
        );
        // What the pass wrote goes into the master file now, so the WAL does not stay
        // long; meanwhile the mover thread moves the last group's files.
        let checkpoint = match rounds {
            Ok(()) => checkpoint(conn),
            Err(_) => Ok(()),
        };
        // The moves already queued are finished even when a batch failed.
        let archived = archiver.finish();
        rounds?;
        checkpoint?;
        touched.merge(archived?);
        Ok::<(), PassError>(())
    })?;
    // Moves are tidying (a file seen again is a duplicate), so their folders are
    // synced once per pass, not once per batch.
    touched.sync().map_err(io_error(dir.root.clone()))?;
    // Files a stop request left unread were not parked: they simply wait.
    for left in pending {
        if let Some(prospect_id) = left.waiting_for {
            summary.parked += 1;
            summary.files.push(FileOutcome {
                folder: left.entry.folder_owner,
                file_name: left.entry.file_name,
                outcome: Outcome::Parked { prospect_id },
            });
        }
    }
    Ok(summary)
}

/// Copies the WAL's pages into the master file (passive: it never waits for a reader of
/// the back office).
fn checkpoint(conn: &Connection) -> Result<(), PassError> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        .map_err(tournee_store::StoreError::from)?;
    Ok(())
}

/// The batches of a pass, round after round while parked changes keep getting through.
///
/// Batches are committed together in *durability groups*: one transaction, committed
/// (and so, under `synchronous = FULL`, made durable by one fsync of the WAL) once it has
/// run for `group_millis` (config.toml), at the end of a round, or when a stop is
/// requested. Only then are its files moved (archive, `failed/`, `parked/`): a file leaves
/// the inbox only after its integration is durable, and since nothing of a group is
/// visible to another connection before its commit, nothing (the HTTPS push's answers, a
/// snapshot) can report a change integrated before it is durable either.
///
/// Why groups: a commit writes every page its transaction changed to the WAL, and each
/// visit touches a random leaf of the visit indexes, so a commit per batch of 500 rewrote
/// about 1,000 pages, most of them again at the next batch (full demo: the commits took
/// 1.1 s of a 20,000-file pass, 0.13 s as one transaction; docs/benchmarks.md, issue 12).
/// Why not one group per pass: a group's files are moved only after its commit, so the
/// last group's moves are the pass's tail; with 250 ms groups they overlap the next
/// group's SQL (docs/benchmarks.md, issue 12, fourth step). A group holds the master's
/// write lock: a back-office write (which waits up to 10 s) waits at most `group_millis`
/// plus one batch.
#[allow(clippy::too_many_arguments)]
fn integrate_rounds(
    dir: &DataDir,
    conn: &mut Connection,
    ctx: &IntegrationContext,
    pending: &mut Vec<Pending>,
    archiver: &Archiver<'_>,
    summary: &mut PassSummary,
    touched: &mut TouchedFolders,
    stop: &AtomicBool,
) -> Result<(), PassError> {
    for _round in 0..=MAX_RETRY_ROUNDS {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let before = summary.integrated;
        let still_parked = std::thread::scope(|scope| {
            let batches = read_ahead(scope, dir, ctx, pending, stop);
            integrate_round(
                dir, conn, ctx, pending, &batches, archiver, summary, touched, stop,
            )
        })?;
        *pending = still_parked;
        if pending.is_empty() || summary.integrated == before {
            break;
        }
    }
    Ok(())
}

/// Batches of files read ahead, in order, by [`read_ahead`]'s thread.
type ReadBatches = Receiver<Vec<Option<ReadChange>>>;

/// Batches read ahead: while the pass's thread runs a batch's SQL, a reader thread reads,
/// parses and runs the database-free checks of the next one (reading and parsing were
/// about a quarter of the pass's thread's time, the checks about a sixth of the rest). Reading changes nothing, so a batch read but never integrated (a stop
/// request, an error) costs nothing but the reading. At most two batches wait.
fn read_ahead<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    dir: &DataDir,
    ctx: &'scope IntegrationContext,
    pending: &'scope [Pending],
    stop: &'scope AtomicBool,
) -> ReadBatches {
    let (sender, receiver) = bounded(2);
    let size = dir.config.batch_size.max(1);
    let max_bytes = ctx.params.max_change_file_bytes;
    scope.spawn(move || {
        for batch in pending.chunks(size) {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let read = batch
                .iter()
                .map(|p| read_change(&p.entry, max_bytes, ctx))
                .collect();
            if sender.send(read).is_err() {
                // The pass stopped taking batches (a stop request, or an error).
                break;
            }
        }
    });
    receiver
}

/// One round over `pending`: its batches in durability groups; returns the files still
/// parked.
#[allow(clippy::too_many_arguments)]
fn integrate_round(
    dir: &DataDir,
    conn: &Connection,
    ctx: &IntegrationContext,
    pending: &[Pending],
    batches: &ReadBatches,
    archiver: &Archiver<'_>,
    summary: &mut PassSummary,
    touched: &mut TouchedFolders,
    stop: &AtomicBool,
) -> Result<Vec<Pending>, PassError> {
    let mut still_parked = Vec::new();
    let size = dir.config.batch_size.max(1);
    let group_max = StdDuration::from_millis(dir.config.group_millis);
    let mut group: Option<(Transaction<'_>, Instant)> = None;
    let mut settled = Vec::new();
    for batch in pending.chunks(size) {
        if stop.load(Ordering::Relaxed) {
            // Stop between batches: files not started stay where they are.
            break;
        }
        let Ok(read) = batches.recv() else {
            // The reader stopped: a stop request.
            break;
        };
        let (tx, started) = match group.take() {
            Some(open) => open,
            None => (
                Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
                    .map_err(tournee_store::StoreError::from)?,
                Instant::now(),
            ),
        };
        // An error drops `tx`, which rolls the whole group back: its files stay put.
        run_batch(ctx, &tx, batch, read, &mut settled, &mut summary.written)?;
        if started.elapsed() >= group_max {
            still_parked.extend(commit_group(
                tx,
                dir,
                ctx,
                &mut settled,
                archiver,
                summary,
                touched,
            )?);
        } else {
            group = Some((tx, started));
        }
    }
    // Files are settled only inside a group: with no group open, none wait.
    if let Some((tx, _)) = group.take() {
        still_parked.extend(commit_group(
            tx,
            dir,
            ctx,
            &mut settled,
            archiver,
            summary,
            touched,
        )?);
    }
    Ok(still_parked)
}

/// Commits a durability group, then moves its files (`settled`, emptied): only now is
/// their integration durable. Returns the files still parked.
fn commit_group(
    tx: Transaction<'_>,
    dir: &DataDir,
    ctx: &IntegrationContext,
    settled: &mut Vec<Settled>,
    archiver: &Archiver<'_>,
    summary: &mut PassSummary,
    touched: &mut TouchedFolders,
) -> Result<Vec<Pending>, PassError> {
    tx.commit().map_err(tournee_store::StoreError::from)?;
    move_settled(dir, ctx, settled, archiver, summary, touched)
}

/// Inbox and parked files, oldest change first.
fn collect(dir: &DataDir) -> Result<Vec<Pending>, PassError> {
    let inbox = dir.inbox();
    let parked = dir.parked();
    let mut pending: Vec<Pending> = Vec::new();
    for (root, from_parked) in [(&inbox, false), (&parked, true)] {
        if !root.exists() {
            continue;
        }
        let entries = scan_inbox(root).map_err(io_error(root.clone()))?;
        pending.extend(entries.into_iter().map(|entry| Pending {
            entry,
            from_parked,
            waiting_for: None,
        }));
    }
    pending.sort_by_cached_key(|p| p.entry.sort_key());
    Ok(pending)
}

/// A file read and parsed: its change or why it is refused, the signature it ended with,
/// and the change's database-free checks.
struct ReadChange {
    parsed: Result<Envelope, Rejection>,
    signature: Option<FileSignature>,
    precheck: Option<Precheck>,
}

/// Reads, parses and prechecks one file; an oversized file is refused without being read
/// whole. `None`: nothing to integrate.
fn read_change(entry: &InboxEntry, max_bytes: u64, ctx: &IntegrationContext) -> Option<ReadChange> {
    let signed = match read_change_file(&entry.path, max_bytes) {
        // Gone meanwhile (a sync tool removed it), or no longer a plain file (the monitor
        // lists it among the ignored files): nothing to integrate.
        Err(_) | Ok(ReadFile::NotRegular) => return None,
        Ok(ReadFile::TooLarge(size)) => match FileName::parse(&entry.base_name) {
            Err(error) => Err(Rejection::new(RejectReason::BadName, error)),
            Ok(_) => Err(Rejection::new(
                RejectReason::Oversized,
                Detail::Oversized {
                    size,
                    max: max_bytes,
                },
            )),
        },
        Ok(ReadFile::Bytes(bytes)) => parse_signed_change_file(&entry.base_name, &bytes, max_bytes),
    };
    Some(match signed {
        Ok((envelope, signature)) => ReadChange {
            precheck: Some(precheck(ctx, &envelope)),
            parsed: Ok(envelope),
            signature,
        },
        Err(rejection) => ReadChange {
            parsed: Err(rejection),
            signature: None,
            precheck: None,
        },
    })
}

/// What identifies a file across its moves (parked, failed and back): its inbox folder
/// and the name it arrived under.
fn arrival_key(entry: &InboxEntry) -> ArrivalKey {
    ArrivalKey {
        folder: entry.folder_owner.clone(),
        file_name: arrival_name(&entry.file_name),
    }
}

/// A file whose fate a batch decided, waiting for its group's commit to be moved.
struct Settled {
    pending: Pending,
    user: Option<String>,
    outcome: Outcome,
}

/// Integrates one batch inside the group's transaction (its files as read ahead, in
/// order); its files are added to `settled`, what its integrated changes wrote to `written`.
fn run_batch(
    ctx: &IntegrationContext,
    tx: &Transaction<'_>,
    batch: &[Pending],
    read: Vec<Option<ReadChange>>,
    settled: &mut Vec<Settled>,
    written: &mut Written,
) -> Result<(), PassError> {
    let keys: Vec<ArrivalKey> = batch.iter().map(|p| arrival_key(&p.entry)).collect();
    let recorded = lookup(tx, &keys)?;
    let mut kept = Vec::with_capacity(batch.len());
    let mut deliveries = Vec::with_capacity(batch.len());
    for (((pending, key), first_seen), change) in batch.iter().zip(keys).zip(recorded).zip(read) {
        let Some(ReadChange {
            parsed,
            signature,
            precheck,
        }) = change
        else {
            continue;
        };
        kept.push(pending);
        deliveries.push(Delivery {
            folder_owner: pending.entry.folder_owner.clone(),
            file_name: pending.entry.file_name.clone(),
            parsed,
            signature,
            precheck,
            arrived_at: first_seen.unwrap_or(ctx.now),
            arrival: Some(Arrival {
                key,
                recorded: first_seen.is_some(),
            }),
        });
    }
    let before = Written::before(tx, &deliveries)?;
    let mut outcomes = integrate_deliveries(tx, ctx, &deliveries)?;
    expire_old_parked(tx, ctx, &deliveries, &mut outcomes)?;
    written.note(tx, &deliveries, &outcomes, before)?;
    for ((pending, delivery), outcome) in kept.into_iter().zip(&deliveries).zip(outcomes) {
        settled.push(Settled {
            pending: Pending {
                entry: pending.entry.clone(),
                from_parked: pending.from_parked,
                waiting_for: pending.waiting_for.clone(),
            },
            user: delivery.parsed.as_ref().ok().map(|e| e.user.clone()),
            outcome,
        });
    }
    Ok(())
}

/// Moves the files of a committed group (`settled`, emptied): integrated and duplicate
/// ones to the archive, on the mover thread; refused ones to `failed/` with their report;
/// parked ones to `parked/`, returned to be tried again.
fn move_settled(
    dir: &DataDir,
    ctx: &IntegrationContext,
    settled: &mut Vec<Settled>,
    archiver: &Archiver<'_>,
    summary: &mut PassSummary,
    touched: &mut TouchedFolders,
) -> Result<Vec<Pending>, PassError> {
    let mut still_parked = Vec::new();
    let day = ctx.now.format("%Y-%m-%d").to_string();
    for Settled {
        pending,
        user,
        outcome,
    } in settled.drain(..)
    {
        let entry = &pending.entry;
        let owner = entry.folder_owner.as_str();
        match &outcome {
            Outcome::Integrated | Outcome::Duplicate => {
                let folder = dir.archive().join(&day).join(safe_folder(owner));
                archiver.archive(&entry.path, folder, &entry.file_name);
            }
            Outcome::Failed(rejection) => {
                touched.touch(&entry.path);
                let folder = dir.failed().join(safe_folder(owner));
                if let Some(moved) =
                    move_unless_gone(touched, &entry.path, &folder, &entry.file_name)?
                {
                    write_error_report(&moved, owner, rejection, ctx.now)
                        .map_err(io_error(&moved))?;
                    touched.touch(&moved);
                }
                tracing::warn!(file = %entry.file_name, folder = owner, reason = rejection.reason.code(), detail = %rejection.detail, "change refused");
            }
            Outcome::Parked { prospect_id } => {
                touched.touch(&entry.path);
                let path = if pending.from_parked {
                    Some(entry.path.clone())
                } else {
                    let folder = dir.parked().join(safe_folder(owner));
                    let moved = move_unless_gone(touched, &entry.path, &folder, &entry.file_name)?;
                    if let Some(moved) = &moved {
                        touched.touch(moved);
                    }
                    moved
                };
                if let Some(path) = path {
                    still_parked.push(Pending {
                        entry: InboxEntry {
                            path,
                            ..entry.clone()
                        },
                        from_parked: true,
                        waiting_for: Some(prospect_id.clone()),
                    });
                }
                continue;
            }
        }
        summary.add(
            FileOutcome {
                folder: owner.to_string(),
                file_name: entry.file_name.clone(),
                outcome,
            },
            user.as_deref(),
        );
    }
    Ok(still_parked)
}

/// A change parked longer than the configured days fails: its prospect never came.
fn expire_old_parked(
    conn: &Connection,
    ctx: &IntegrationContext,
    deliveries: &[Delivery],
    outcomes: &mut [Outcome],
) -> Result<(), PassError> {
    let limit = Duration::days(i64::from(ctx.params.parked_max_days));
    for (delivery, outcome) in deliveries.iter().zip(outcomes.iter_mut()) {
        let (Outcome::Parked { prospect_id }, Ok(envelope)) = (&*outcome, &delivery.parsed) else {
            continue;
        };
        if ctx.now - envelope.created_at.with_timezone(&Utc) <= limit {
            continue;
        }
        let rejection = Rejection::new(
            RejectReason::UnknownProspect,
            Detail::ProspectNeverArrived {
                prospect: prospect_id.clone(),
                days: ctx.params.parked_max_days,
            },
        );
        record_failure(
            conn,
            ctx.now,
            &envelope.user,
            &delivery.file_name,
            Some(&envelope.change_id),
            &rejection,
        )?;
        *outcome = Outcome::Failed(rejection);
    }
    Ok(())
}

/// Folder names come from the inbox listing, but never trust them as path pieces.
fn safe_folder(owner: &str) -> String {
    if owner.is_empty() || owner.contains(['/', '\\']) || owner.starts_with('.') {
        "_root".to_string()
    } else {
        owner.to_string()
    }
}
