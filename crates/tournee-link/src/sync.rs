//! One round of the transport: push what waits in the outbox, then pull a newer
//! snapshot into the snapshot folder, verified before the app can see it.
//!
//! A round never holds anything the rep is typing: it reads published files and
//! writes the snapshot folder the way a sync tool would (database first, manifest
//! last). A round cut anywhere resumes at the next: files the server has not settled
//! are pushed again (the server keeps each change to one integration), and a partial
//! download continues where it stopped.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use tournee_sync::{apply_patch, decompress_full};
use tournee_sync::{
    is_ignored_name, read_manifest, sha256_file, write_manifest, FileName, SnapshotManifest,
};
use tournee_sync::{ChangeState, ChangeStatus, PushedFile, MAX_STATUS_NAMES};

use crate::client::LinkClient;
use crate::credential::{link_dir, Credential, LinkState};
use crate::error::LinkError;
use crate::progress::DownloadProgress;

/// Seconds a round waits for the server to settle the files it just received.
const SETTLE_WAIT_SECONDS: u64 = 5;

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Files sent in this round.
    pub pushed: usize,
    /// Requests the push took (batches, single files and status questions): what a
    /// slow link pays in latency.
    pub requests: usize,
    /// Files the server settled in this round, with their state.
    pub settled: Vec<ChangeStatus>,
    /// Outbox files still waiting for the server after this round.
    pub waiting: usize,
    /// The generation installed, if a newer snapshot came down.
    pub new_generation: Option<String>,
    /// Snapshot bytes received.
    pub downloaded_bytes: u64,
    /// Whether the snapshot came as a patch against the previous generation.
    pub patched: bool,
}

/// Change files published in `outbox`, oldest first.
pub fn outbox_files(outbox: &Path) -> Result<Vec<String>, LinkError> {
    let mut names = Vec::new();
    let entries = match fs::read_dir(outbox) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(names),
        Err(e) => return Err(LinkError::io(outbox, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| LinkError::io(outbox, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_ignored_name(&name) && FileName::parse(&name).is_ok() {
            names.push(name);
        }
    }
    // The ULID ends the name: sorting by it is creation order.
    names.sort_by(|a, b| a.rsplit('_').next().cmp(&b.rsplit('_').next()));
    Ok(names)
}

/// Runs one round for the laptop enrolled in `home`, and records its outcome (online,
/// last success, error) for the app's status bar.
pub fn sync_once(home: &Path, outbox: &Path, snapshots: &Path) -> Result<SyncReport, LinkError> {
    sync_once_watched(home, outbox, snapshots, &DownloadProgress::default())
}

/// [`sync_once`], with the snapshot download's bytes counted into `progress` as they
/// arrive (the first-run screen's progress bar reads it from another thread).
pub fn sync_once_watched(
    home: &Path,
    outbox: &Path,
    snapshots: &Path,
    progress: &DownloadProgress,
) -> Result<SyncReport, LinkError> {
    let (credential, key) = Credential::load(home)?.ok_or(LinkError::NotEnrolled)?;
    let mut state = LinkState::load(home)?;
    let client = LinkClient::new(home, &credential, key)?;
    let result = round(home, &client, &mut state, outbox, snapshots, progress);
    let now = Utc::now();
    state.last_attempt = Some(now);
    match &result {
        Ok(_) => {
            state.online = true;
            state.last_success = Some(now);
            state.last_error = None;
            state.last_failure = None;
        }
        Err(error) => {
            state.online =
                !error.is_offline() && !matches!(error, LinkError::CertificateChanged { .. });
            state.last_error = Some(error.to_string());
            state.last_failure = Some(error.failure());
        }
    }
    state.save(home)?;
    result
}

fn round(
    home: &Path,
    client: &LinkClient,
    state: &mut LinkState,
    outbox: &Path,
    snapshots: &Path,
    progress: &DownloadProgress,
) -> Result<SyncReport, LinkError> {
    let mut report = SyncReport::default();
    push(client, state, outbox, &mut report)?;
    pull(home, client, state, snapshots, &mut report, progress)?;
    Ok(report)
}

/// Files per batch: a few hundred kilobytes on the wire, well within the server's limits.
const BATCH_FILES: usize = 500;
/// Bytes of file text per batch, far below the server's 8 MiB.
const BATCH_BYTES: usize = 2 * 1024 * 1024;

fn push(
    client: &LinkClient,
    state: &mut LinkState,
    outbox: &Path,
    report: &mut SyncReport,
) -> Result<(), LinkError> {
    let names = outbox_files(outbox)?;
    let present: BTreeSet<&String> = names.iter().collect();
    // Files the app tidied away need no memory any more.
    state.settled.retain(|name, _| present.contains(name));
    state.received.retain(|name| present.contains(name));
    // Files received in an earlier round are asked about, not sent again: on a line
    // that keeps cutting, every round then makes progress.
    let asked: Vec<String> = state.received.iter().cloned().collect();
    for status in statuses(client, state, asked, 0, report)? {
        if status.state == ChangeState::Unknown {
            // Lost on the server's side (it cannot be, but then: send it again).
            state.received.remove(&status.file_name);
        } else {
            settle(state, report, status);
        }
    }
    let to_send: Vec<String> = names
        .iter()
        .filter(|n| !state.settled.contains_key(*n) && !state.received.contains(*n))
        .cloned()
        .collect();
    let mut sender = Sender {
        batch: Vec::new(),
        batch_bytes: 0,
        max_files: state
            .batch_files
            .unwrap_or(BATCH_FILES)
            .clamp(1, BATCH_FILES),
        one_by_one: false,
    };
    for name in &to_send {
        let path = outbox.join(name);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            // Tidied away by the app meanwhile: nothing to send.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(LinkError::io(&path, e)),
        };
        sender.add(client, state, report, name, bytes)?;
    }
    sender.flush(client, state, report)?;
    let asked: Vec<String> = state.received.iter().cloned().collect();
    for status in statuses(client, state, asked, SETTLE_WAIT_SECONDS, report)? {
        settle(state, report, status);
    }
    report.waiting = outbox_files(outbox)?
        .iter()
        .filter(|n| !state.settled.contains_key(*n))
        .count();
    Ok(())
}

/// Where `names` stand, asked in as few requests as the server's limit allows.
fn statuses(
    client: &LinkClient,
    state: &mut LinkState,
    names: Vec<String>,
    wait_seconds: u64,
    report: &mut SyncReport,
) -> Result<Vec<ChangeStatus>, LinkError> {
    let mut answers = Vec::with_capacity(names.len());
    for chunk in names.chunks(MAX_STATUS_NAMES) {
        answers.extend(client.statuses(state, chunk.to_vec(), wait_seconds)?);
        report.requests += 1;
    }
    Ok(answers)
}

/// Files per batch for the next push, after a batch of `sent` files went through
/// (`cut` false) or was cut by the link: halved on a cut, down to one file per request,
/// so a line that drops every long request still makes progress round after round;
/// doubled after a success, back up to [`BATCH_FILES`].
pub fn batch_size_after(sent: usize, cut: bool) -> usize {
    if cut {
        (sent / 2).max(1)
    } else {
        sent.saturating_mul(2).clamp(1, BATCH_FILES)
    }
}

/// Gathers change files into batches, and sends them one by one to a server that
/// predates batches, or when a file is too large or not text.
struct Sender {
    batch: Vec<PushedFile>,
    batch_bytes: usize,
    max_files: usize,
    one_by_one: bool,
}

impl Sender {
    fn add(
        &mut self,
        client: &LinkClient,
        state: &mut LinkState,
        report: &mut SyncReport,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<(), LinkError> {
        let content = match String::from_utf8(bytes) {
            Ok(text) if !self.one_by_one && text.len() <= BATCH_BYTES => text,
            // Not text (the server will say why it refuses it) or too large for a batch.
            Ok(text) => return push_one(client, state, report, name, text.into_bytes()),
            Err(error) => return push_one(client, state, report, name, error.into_bytes()),
        };
        if self.batch.len() >= self.max_files || self.batch_bytes + content.len() > BATCH_BYTES {
            self.flush(client, state, report)?;
        }
        self.batch_bytes += content.len();
        self.batch.push(PushedFile {
            file_name: name.to_string(),
            content,
        });
        Ok(())
    }

    fn flush(
        &mut self,
        client: &LinkClient,
        state: &mut LinkState,
        report: &mut SyncReport,
    ) -> Result<(), LinkError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let files = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        if !self.one_by_one {
            let count = files.len();
            report.requests += 1;
            let answered = client.push_batch(state, files.clone());
            let cut = matches!(answered, Err(LinkError::Offline(_)));
            let next = batch_size_after(count, cut);
            // A short last batch says nothing about the link: only a cut shrinks it.
            self.max_files = if cut { next } else { next.max(self.max_files) };
            state.batch_files = (self.max_files < BATCH_FILES).then_some(self.max_files);
            if let Some(answers) = answered? {
                report.pushed += count;
                for status in answers {
                    settle(state, report, status);
                }
                return Ok(());
            }
            tracing::info!("the server predates batches: pushing files one by one");
            self.one_by_one = true;
        }
        for file in files {
            push_one(
                client,
                state,
                report,
                &file.file_name,
                file.content.into_bytes(),
            )?;
        }
        Ok(())
    }
}

fn push_one(
    client: &LinkClient,
    state: &mut LinkState,
    report: &mut SyncReport,
    name: &str,
    bytes: Vec<u8>,
) -> Result<(), LinkError> {
    let status = client.push(state, name, bytes)?;
    report.pushed += 1;
    report.requests += 1;
    settle(state, report, status);
    Ok(())
}

/// Records the server's answer: settled files are remembered, others awaited.
fn settle(state: &mut LinkState, report: &mut SyncReport, status: ChangeStatus) {
    if status.state.is_settled() {
        if status.state == ChangeState::Failed {
            tracing::warn!(file = %status.file_name, reason = ?status.reason, "change refused by the server");
        }
        state.received.remove(&status.file_name);
        state
            .settled
            .insert(status.file_name.clone(), status.clone());
        report.settled.push(status);
    } else {
        state.received.insert(status.file_name);
    }
}

/// Tries a download this many times when the server publishes a newer generation
/// between the manifest and the download (`generation_gone`).
const PULL_ATTEMPTS: usize = 3;

fn pull(
    home: &Path,
    client: &LinkClient,
    state: &mut LinkState,
    snapshots: &Path,
    report: &mut SyncReport,
    progress: &DownloadProgress,
) -> Result<(), LinkError> {
    for attempt in 1..=PULL_ATTEMPTS {
        match pull_latest(home, client, state, snapshots, report, progress) {
            Err(LinkError::Refused { code, .. })
                if code == "generation_gone" && attempt < PULL_ATTEMPTS =>
            {
                tracing::info!(
                    attempt,
                    "a newer snapshot was published meanwhile: reading the manifest again"
                );
            }
            other => return other,
        }
    }
    Ok(())
}

fn pull_latest(
    home: &Path,
    client: &LinkClient,
    state: &mut LinkState,
    snapshots: &Path,
    report: &mut SyncReport,
    progress: &DownloadProgress,
) -> Result<(), LinkError> {
    let local = read_manifest(snapshots).ok();
    let current = local.as_ref().map(|m| m.generation.clone());
    let Some(manifest) = client.manifest(state, current.as_deref())? else {
        return Ok(());
    };
    if Some(&manifest.generation) == current.as_ref() {
        return Ok(());
    }
    check_database_name(&manifest)?;
    // Offer the database we have as the base of a patch, if it is really there.
    let from = local
        .as_ref()
        .filter(|m| snapshots.join(&m.database).is_file())
        .map(|m| m.generation.clone());
    let part = link_dir(home)
        .join("download")
        .join(format!("{}.part", manifest.generation));
    let downloaded = client.download(
        state,
        &manifest.generation,
        from.as_deref(),
        &part,
        progress,
    )?;
    report.downloaded_bytes += downloaded.received;
    report.patched = downloaded.patch_from.is_some();
    install(
        snapshots,
        &manifest,
        &downloaded.path,
        downloaded.patch_from.as_deref(),
    )?;
    // Installed: this part and any left by generations that went by are of no more use.
    let _tidy = fs::remove_dir_all(link_dir(home).join("download"));
    report.new_generation = Some(manifest.generation);
    Ok(())
}

/// The manifest names a file in the same folder, of the spec's form, nothing else.
fn check_database_name(manifest: &SnapshotManifest) -> Result<(), LinkError> {
    let name = &manifest.database;
    let expected = format!("snapshot-{}.sqlite", manifest.generation);
    if *name != expected {
        return Err(LinkError::BadAnswer(format!(
            "unexpected database name in the manifest: {name:?}"
        )));
    }
    Ok(())
}

/// Rebuilds the database from the download, checks its hash, renames it into place,
/// then writes the manifest (last: the app only looks at what a manifest names).
fn install(
    snapshots: &Path,
    manifest: &SnapshotManifest,
    download: &Path,
    patch_from: Option<&str>,
) -> Result<(), LinkError> {
    fs::create_dir_all(snapshots).map_err(|e| LinkError::io(snapshots, e))?;
    let temp = snapshots.join(format!(".tmp-{}", manifest.database));
    let target = snapshots.join(&manifest.database);
    let result = rebuild(snapshots, download, patch_from, &temp).and_then(|()| {
        let hash = sha256_file(&temp).map_err(|e| LinkError::io(&temp, e))?;
        if hash != manifest.database_sha256 {
            // Dropped so the next round fetches it whole; if removal fails, the next
            // hash check fails the same way and tries again.
            let _refetched_next_round = fs::remove_file(download);
            return Err(LinkError::HashMismatch);
        }
        fs::rename(&temp, &target).map_err(|e| LinkError::io(&target, e))
    });
    if result.is_err() {
        let _tidy = fs::remove_file(&temp);
        return result;
    }
    write_manifest(snapshots, manifest)
        .map_err(|e| LinkError::io(snapshots, std::io::Error::other(e.to_string())))?;
    prune_old_databases(snapshots, &manifest.database, patch_from);
    Ok(())
}

fn rebuild(
    snapshots: &Path,
    download: &Path,
    patch_from: Option<&str>,
    temp: &Path,
) -> Result<(), LinkError> {
    let input = fs::File::open(download).map_err(|e| LinkError::io(download, e))?;
    let mut output = fs::File::create(temp).map_err(|e| LinkError::io(temp, e))?;
    let written = match patch_from {
        Some(from) => {
            let base_path: PathBuf = snapshots.join(format!("snapshot-{from}.sqlite"));
            let base = fs::read(&base_path).map_err(|e| LinkError::io(&base_path, e))?;
            apply_patch(&base, input, &mut output)
        }
        None => decompress_full(input, &mut output),
    };
    if let Err(error) = written {
        // A corrupt download is dropped, so the next round fetches it whole again.
        let _refetched_next_round = fs::remove_file(download);
        return Err(LinkError::io(temp, error));
    }
    output.sync_all().map_err(|e| LinkError::io(temp, e))
}

/// Keeps the new database and the one it was patched from (the app may still read it).
fn prune_old_databases(snapshots: &Path, keep: &str, previous: Option<&str>) {
    let previous = previous.map(|g| format!("snapshot-{g}.sqlite"));
    let Ok(entries) = fs::read_dir(snapshots) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old_database = name.starts_with("snapshot-") && name.ends_with(".sqlite");
        if old_database && name != keep && Some(&name) != previous.as_ref() {
            // Tidying only: an old database left behind costs disk space, nothing else.
            let _left_for_later = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_shrink_on_a_cut_link_and_grow_back_after_successes() {
        assert_eq!(batch_size_after(500, true), 250);
        assert_eq!(batch_size_after(3, true), 1);
        assert_eq!(batch_size_after(1, true), 1, "never below one file");
        assert_eq!(batch_size_after(1, false), 2);
        assert_eq!(
            batch_size_after(300, false),
            BATCH_FILES,
            "never above the full size"
        );
        let mut size = BATCH_FILES;
        for _ in 0..20 {
            size = batch_size_after(size, true);
        }
        assert_eq!(size, 1);
        let mut rounds = 0;
        while size < BATCH_FILES {
            size = batch_size_after(size, false);
            rounds += 1;
        }
        assert!(
            rounds <= 9,
            "back to full size in a few successes: {rounds}"
        );
    }

    #[test]
    fn only_published_change_files_are_pushed_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAB.json",
            "MC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAA.json",
            ".tmp-VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAC.json",
            "notes.txt",
        ] {
            fs::write(dir.path().join(name), b"{}").unwrap();
        }
        assert_eq!(
            outbox_files(dir.path()).unwrap(),
            [
                "MC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAA.json",
                "VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAAB.json"
            ]
        );
        assert!(outbox_files(&dir.path().join("absent")).unwrap().is_empty());
    }
}
