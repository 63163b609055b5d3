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
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

/// Identifies a file across moves: the inbox folder it arrived in and its arrival name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrivalKey {
    /// Inbox sub-folder (`""` at the root).
    pub folder: String,
    /// The name it had in the inbox (without a `.dup-N` a move may have added).
    pub file_name: String,
}

/// A file's arrival as the pass found it: its key, and whether `file_arrival` already
/// holds it (a parked file, or one put back from `failed/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    /// Where and under which name it arrived.
    pub key: ArrivalKey,
    /// The first sighting is already recorded.
    pub recorded: bool,
}

/// The recorded first sighting of each file (`None`: never recorded, so seen now).
/// Read-only; what must be kept is written by [`settle`] in the batch's own transaction.
/// Only parked and refused files are recorded, so the table is usually empty: one question
/// then answers for the whole batch.
pub fn lookup(conn: &Connection, keys: &[ArrivalKey]) -> Result<Vec<Option<DateTime<Utc>>>> {
    let any_recorded: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM file_arrival)")?
        .query_row([], |r| r.get(0))?;
    if !any_recorded {
        return Ok(vec![None; keys.len()]);
    }
    let mut select = conn.prepare_cached(
        "SELECT first_seen_at FROM file_arrival WHERE folder = ?1 AND file_name = ?2",
    )?;
    let mut seen = Vec::with_capacity(keys.len());
    for key in keys {
        let instant = select
            .query_row(params![key.folder, key.file_name], |r| {
                let text: String = r.get(0)?;
                DateTime::parse_from_rfc3339(&text).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(e))
                })
            })
            .optional()?;
        seen.push(instant.map(|at| at.with_timezone(&Utc)));
    }
    Ok(seen)
}

/// Keeps the first sighting of a file that will be seen again (parked or refused: it may
/// come back through « Réessayer »), forgets that of a file whose change is settled.
/// Runs inside the batch's transaction, so one commit records the outcome and the arrival
/// together; a crash before it loses only a first sighting never committed, which the next
/// pass records later (a more lenient bound, never a stricter one). Files integrated at
/// first sight, the usual case, cost no write here.
pub(crate) fn settle(
    conn: &Connection,
    arrival: &Arrival,
    arrived_at: DateTime<Utc>,
    settled: bool,
) -> Result<()> {
    let key = &arrival.key;
    match (settled, arrival.recorded) {
        (true, true) => {
            conn.prepare_cached("DELETE FROM file_arrival WHERE folder = ?1 AND file_name = ?2")?
                .execute(params![key.folder, key.file_name])?;
        }
        (false, false) => {
            conn.prepare_cached(
                "INSERT INTO file_arrival (folder, file_name, first_seen_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (folder, file_name) DO NOTHING",
            )?
            .execute(params![
                key.folder,
                key.file_name,
                arrived_at.to_rfc3339_opts(SecondsFormat::Millis, true)
            ])?;
        }
        (true, false) | (false, true) => {}
    }
    Ok(())
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

    fn arrival(name: &str, recorded: bool) -> Arrival {
        Arrival {
            key: key(name),
            recorded,
        }
    }

    #[test]
    fn a_file_seen_again_keeps_its_first_arrival_until_settled() {
        let conn = db();
        let t1: DateTime<Utc> = "2026-11-20T10:00:00Z".parse().unwrap();
        assert_eq!(lookup(&conn, &[key("a.json")]).unwrap(), [None]);
        // Integrated at first sight: nothing is written.
        settle(&conn, &arrival("a.json", false), t1, true).unwrap();
        assert_eq!(lookup(&conn, &[key("a.json")]).unwrap(), [None]);
        // Parked at first sight: kept, and kept as it was when parked again.
        settle(&conn, &arrival("b.json", false), t1, false).unwrap();
        let t2: DateTime<Utc> = "2026-12-20T10:00:00Z".parse().unwrap();
        settle(&conn, &arrival("b.json", true), t2, false).unwrap();
        assert_eq!(
            lookup(&conn, &[key("a.json"), key("b.json")]).unwrap(),
            [None, Some(t1)]
        );
        // Integrated at last: forgotten.
        settle(&conn, &arrival("b.json", true), t1, true).unwrap();
        assert_eq!(lookup(&conn, &[key("b.json")]).unwrap(), [None]);
    }
}
