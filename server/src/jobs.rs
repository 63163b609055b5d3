//! Jobs shared by the CLI and the automaton: snapshot regeneration, log pruning.

use std::fs;
use std::path::Path;

use chrono::{DateTime, Utc};
use tournee_store::Parameters;
use tournee_store::{generate, Regeneration, SnapshotReport, SnapshotRequest};

use crate::datadir::DataDir;
use crate::mail::outbox::{deliver_due, DeliverySummary};
use crate::mail::transport::{EmlDirectory, MailTransport, SmtpMailer};

/// Mails sent per round; the rest waits for the next tick.
const MAIL_BATCH: usize = 200;

/// Sends the mails that are due: through SMTP when configured, else as `.eml` files.
pub fn send_due_mail(
    dir: &DataDir,
    conn: &rusqlite::Connection,
    params: &Parameters,
    now: DateTime<Utc>,
) -> anyhow::Result<DeliverySummary> {
    let transport: Box<dyn MailTransport> = match &params.smtp {
        Some(settings) => Box::new(SmtpMailer::new(settings)?),
        None => Box::new(EmlDirectory::new(dir.mail())),
    };
    Ok(deliver_due(
        conn,
        transport.as_ref(),
        params,
        now,
        MAIL_BATCH,
    )?)
}

/// Regenerates the snapshots of `users` (every active user when `None`), patching the
/// previous files or rebuilding them.
pub fn regenerate_snapshots(
    dir: &DataDir,
    params: &Parameters,
    users: Option<Vec<String>>,
    regeneration: Regeneration,
    now: DateTime<Utc>,
) -> tournee_store::Result<Vec<SnapshotReport>> {
    generate(&SnapshotRequest {
        master_path: dir.database(),
        snapshots_root: dir.snapshots(),
        build_root: dir.snapshot_build(),
        users,
        now,
        params: params.clone(),
        regeneration,
    })
}

/// Deletes log files not modified for `retention_days`; returns how many.
pub fn prune_logs(logs: &Path, retention_days: u32, now: DateTime<Utc>) -> std::io::Result<usize> {
    let limit = std::time::Duration::from_secs(u64::from(retention_days) * 86_400);
    let now: std::time::SystemTime = now.into();
    let mut removed = 0;
    if !logs.exists() {
        return Ok(0);
    }
    for entry in fs::read_dir(logs)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        let age = meta
            .modified()
            .ok()
            .and_then(|modified| now.duration_since(modified).ok());
        if meta.is_file() && age.is_some_and(|age| age > limit) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn only_logs_older_than_the_retention_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let now = SystemTime::now();
        for (name, age_days) in [("old.log", 40u64), ("recent.log", 3)] {
            let path = dir.path().join(name);
            fs::write(&path, b"x").unwrap();
            let file = fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(now - Duration::from_secs(age_days * 86_400))
                .unwrap();
        }
        assert_eq!(prune_logs(dir.path(), 30, Utc::now()).unwrap(), 1);
        assert!(!dir.path().join("old.log").exists());
        assert!(dir.path().join("recent.log").exists());
        assert_eq!(
            prune_logs(&dir.path().join("absent"), 30, Utc::now()).unwrap(),
            0
        );
    }
}
