//! When the server first saw each change file, by its own clock.
//!
//! A laptop writes `created_at`; nothing stops it from writing ten years ago. The server's
//! first sight of the file is the one instant the laptop does not control, so `created_at`
//! is bounded by it (`max_offline_days` before, a day after; sync-spec 6.1, check 12).
//! A file keeps its first arrival when it waits in `parked/` or is put back from `failed/`
//! by « Réessayer »: it is looked up by its inbox folder and arrival name. Syncthing carries
//! the laptop's modification time, so a file's mtime is not used.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::Type;
use rusqlite::{params, Connection};

use crate::error::Result;

/// Identifies a file across moves: the inbox folder it arrived in and its arrival name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrivalKey {
    /// Inbox sub-folder (`""` at the root).
    pub folder: String,
    /// The name it had in the inbox (without a `.dup-N` a move may have added).
    pub file_name: String,
}

/// Runs `work` in one transaction committed without its own fsync (`synchronous =
/// NORMAL` for that commit, then `FULL` again). Why: this bookkeeping runs twice per
/// batch, and two more fsyncs per batch cost a third of the integration throughput. It
/// is safe because in WAL mode such a commit is still atomic, and the batch's own `FULL`
/// commit that follows flushes the WAL, these rows included; a power cut in between can
/// only lose a first sighting, which the next pass records later (a more lenient bound).
fn without_own_fsync<T>(
    conn: &mut Connection,
    work: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
) -> Result<T> {
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let outcome = (|| {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    })();
    conn.pragma_update(None, "synchronous", "FULL")?;
    outcome
}

/// The first time each file was seen; files never seen before are recorded as seen `now`.
/// One transaction for the whole list.
pub fn first_seen(
    conn: &mut Connection,
    now: DateTime<Utc>,
    keys: &[ArrivalKey],
) -> Result<Vec<DateTime<Utc>>> {
    let now_text = now.to_rfc3339_opts(SecondsFormat::Millis, true);
    without_own_fsync(conn, |tx| {
        let mut insert = tx.prepare_cached(
            "INSERT INTO file_arrival (folder, file_name, first_seen_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (folder, file_name) DO NOTHING",
        )?;
        let mut select = tx.prepare_cached(
            "SELECT first_seen_at FROM file_arrival WHERE folder = ?1 AND file_name = ?2",
        )?;
        let mut seen = Vec::with_capacity(keys.len());
        for key in keys {
            insert.execute(params![key.folder, key.file_name, now_text])?;
            let instant = select.query_row(params![key.folder, key.file_name], |r| {
                let text: String = r.get(0)?;
                DateTime::parse_from_rfc3339(&text).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(e))
                })
            })?;
            seen.push(instant.with_timezone(&Utc));
        }
        Ok(seen)
    })
}

/// Forgets files whose change is integrated (or a duplicate): they will not be judged again.
pub fn forget(conn: &mut Connection, keys: &[ArrivalKey]) -> Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    without_own_fsync(conn, |tx| {
        let mut delete =
            tx.prepare_cached("DELETE FROM file_arrival WHERE folder = ?1 AND file_name = ?2")?;
        for key in keys {
            delete.execute(params![key.folder, key.file_name])?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        conn
    }

    fn key(name: &str) -> ArrivalKey {
        ArrivalKey {
            folder: "jdupont".into(),
            file_name: name.into(),
        }
    }

    #[test]
    fn a_file_keeps_its_first_arrival_until_forgotten() {
        let mut conn = db();
        let t1: DateTime<Utc> = "2026-11-20T10:00:00Z".parse().unwrap();
        let t2: DateTime<Utc> = "2026-12-20T10:00:00Z".parse().unwrap();
        assert_eq!(first_seen(&mut conn, t1, &[key("a.json")]).unwrap(), [t1]);
        assert_eq!(
            first_seen(&mut conn, t2, &[key("a.json"), key("b.json")]).unwrap(),
            [t1, t2]
        );
        forget(&mut conn, &[key("a.json")]).unwrap();
        assert_eq!(first_seen(&mut conn, t2, &[key("a.json")]).unwrap(), [t2]);
    }
}
