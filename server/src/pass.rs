//! One integration pass: everything waiting in the inbox and in `parked/`, in
//! creation order, in batches of one transaction each.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use tournee_store::Parameters;
use tournee_store::{integrate_batch, record_failure, Delivery, IntegrationContext, Outcome};
use tournee_store::{lookup, Arrival, ArrivalKey};
use tournee_sync::{
    parse_signed_change_file, read_change_file, scan_inbox, Detail, FileName, InboxEntry, ReadFile,
    RejectReason, Rejection,
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
        // The moves already queued are finished even when a batch failed.
        let archived = archiver.finish();
        rounds?;
        touched.merge(archived?);
        Ok::<(), PassError>(())
    })?;
    // Moves are tidying (a file seen again is a duplicate), so their folders are
    // synced once per pass, not once per batch.
    touched.sync().map_err(io_error(dir.root.clone()))?;
    // What the pass wrote goes into the master file now, so the WAL does not stay long.
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        .map_err(tournee_store::StoreError::from)?;
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

/// The batches of a pass, round after round while parked changes keep getting through.
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
        let mut still_parked = Vec::new();
        let size = dir.config.batch_size.max(1);
        let mut start = 0;
        while start < pending.len() {
            if stop.load(Ordering::Relaxed) {
                // Stop between batches: files not started stay where they are.
                break;
            }
            let end = (start + size).min(pending.len());
            still_parked.extend(run_batch(
                dir,
                conn,
                ctx,
                &pending[start..end],
                archiver,
                summary,
                touched,
            )?);
            start = end;
        }
        *pending = still_parked;
        if pending.is_empty() || summary.integrated == before {
            break;
        }
    }
    Ok(())
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

/// Reads and parses one file; an oversized file is refused without being read whole.
fn read_delivery(
    entry: &InboxEntry,
    max_bytes: u64,
    arrived_at: DateTime<Utc>,
    arrival: Arrival,
) -> Option<Delivery> {
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
    let (parsed, signature) = match signed {
        Ok((envelope, signature)) => (Ok(envelope), signature),
        Err(rejection) => (Err(rejection), None),
    };
    Some(Delivery {
        folder_owner: entry.folder_owner.clone(),
        file_name: entry.file_name.clone(),
        parsed,
        signature,
        arrived_at,
        arrival: Some(arrival),
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

/// Integrates one batch, then moves its files; returns the ones still parked.
fn run_batch(
    dir: &DataDir,
    conn: &mut Connection,
    ctx: &IntegrationContext,
    batch: &[Pending],
    archiver: &Archiver<'_>,
    summary: &mut PassSummary,
    touched: &mut TouchedFolders,
) -> Result<Vec<Pending>, PassError> {
    let keys: Vec<ArrivalKey> = batch.iter().map(|p| arrival_key(&p.entry)).collect();
    let recorded = lookup(conn, &keys)?;
    let mut read = Vec::with_capacity(batch.len());
    let mut deliveries = Vec::with_capacity(batch.len());
    for ((pending, key), first_seen) in batch.iter().zip(keys).zip(recorded) {
        let max_bytes = ctx.params.max_change_file_bytes;
        let arrival = Arrival {
            key,
            recorded: first_seen.is_some(),
        };
        let arrived_at = first_seen.unwrap_or(ctx.now);
        if let Some(delivery) = read_delivery(&pending.entry, max_bytes, arrived_at, arrival) {
            read.push(pending);
            deliveries.push(delivery);
        }
    }
    let mut outcomes = integrate_batch(conn, ctx, &deliveries)?;
    expire_old_parked(conn, ctx, &deliveries, &mut outcomes)?;

    let mut still_parked = Vec::new();
    let day = ctx.now.format("%Y-%m-%d").to_string();
    for ((pending, delivery), outcome) in read.into_iter().zip(&deliveries).zip(outcomes) {
        let entry = &pending.entry;
        let owner = entry.folder_owner.as_str();
        let user = delivery.parsed.as_ref().ok().map(|e| e.user.as_str());
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
            user,
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
