//! Patching a user's previous file instead of rebuilding it.
//!
//! Triggers in the master (migration 0010) append the code of every client whose rows a
//! snapshot copies (the client, its contacts, fleet, sales, visits) to `snapshot_change`
//! on each write, whoever the writer. `snapshot_watermark` records, per user, the file
//! last published and the sequence number of the last change it holds. A run then patches
//! that file: the rows of the clients changed since are deleted and copied again with the
//! same SQL a rebuild uses, restricted to those clients, and the small per-user tables
//! (prospects, requests, parameters, team figures) are replaced whole. The result holds
//! the same rows as a rebuild of the same master (`tests/snapshot_patch.rs` compares every
//! table), at the cost of the changed rows instead of the whole file.
//!
//! A file is rebuilt instead when there is nothing safe to patch: no watermark or no
//! previous file, another schema version, a file from before the record tables, the user's ERP code or admin flag changed, a
//! new calendar year (CA N / N-1 and the sales window move), too many changed clients
//! for a patch to be worth it, or when the caller asks for a rebuild (the nightly run,
//! which also packs the files and refreshes the planner's statistics).

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::Datelike;
use rusqlite::{params, Connection, OptionalExtension};
use tournee_sync::read_manifest;

use super::build::SNAPSHOT_SCHEMA_VERSION;
use super::records::{file_has_record_tables, reaches, RecordReach};
use super::visits::{visit_reaches, VisitReach};
use super::{user_dir, Regeneration, SnapshotReport, SnapshotRequest};
use crate::error::Result;
use crate::master::open_master_read_only;
use crate::master::users::User;

/// Above this share of the active clients changed, a rebuild costs about what a patch
/// does, and it packs the file.
const PATCH_LIMIT_PERCENT: i64 = 20;

/// Which clients a fill covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clients {
    /// Every client: a rebuild.
    All,
    /// Only the clients changed since the previous file (`r.changed_client`): a patch.
    Changed,
}

impl Clients {
    /// The SQL condition that restricts `column` (a client code) to the scope, to append
    /// after a `WHERE`: empty for every client.
    pub(crate) fn filter(self, column: &str) -> String {
        match self {
            Self::All => String::new(),
            Self::Changed => format!("AND {column} IN (SELECT c_client FROM r.changed_client)"),
        }
    }
}

/// How one user's file of this run is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// From the base, with every row of the user's.
    Rebuild,
    /// From a copy of the published file `previous`, which holds the changes up to `since`.
    Patch { previous: PathBuf, since: i64 },
}

/// What a run will do: the master's last change number when it started, and a plan per
/// user (in the users' order).
#[derive(Debug)]
pub(crate) struct RunPlan {
    /// Every change up to this number is in the files this run publishes.
    pub upto: i64,
    /// One plan per user.
    pub plans: Vec<Plan>,
    /// How far each user reads the CRM's records (in the users' order), decided from the
    /// same reading of the master as the plans.
    pub reaches: Vec<RecordReach>,
    /// How far each user reads the other reps' visits (in the users' order).
    pub visits: Vec<VisitReach>,
}

impl RunPlan {
    /// Whether some file is rebuilt (the run then needs the base).
    pub fn rebuilds(&self) -> bool {
        self.plans.contains(&Plan::Rebuild)
    }

    /// The changes every patched file needs: after the oldest watermark, up to the run's.
    pub fn changed_since(&self) -> Option<(i64, i64)> {
        self.plans
            .iter()
            .filter_map(|p| match p {
                Plan::Patch { since, .. } => Some(*since),
                Plan::Rebuild => None,
            })
            .min()
            .map(|since| (since, self.upto))
    }
}

/// A user's watermark row.
struct Watermark {
    generation: String,
    change_seq: i64,
    erp_code: String,
    is_admin: bool,
    year: i32,
}

/// Decides, before anything is read for the files, which users' files can be patched.
/// The last change number is read first: every row read afterwards holds at least the
/// changes up to it, so a file never claims a change it does not hold.
pub(crate) fn plan_run(request: &SnapshotRequest, users: &[User]) -> Result<RunPlan> {
    let master = open_master_read_only(&request.master_path)?;
    let upto: i64 = master.query_row(
        "SELECT coalesce(max(seq), 0) FROM snapshot_change",
        [],
        |r| r.get(0),
    )?;
    let watermarks = read_watermarks(&master)?;
    let active: i64 = master.query_row("SELECT count(*) FROM client WHERE actif = 1", [], |r| {
        r.get(0)
    })?;
    let plans = users
        .iter()
        .map(|user| {
            plan_user(
                &master,
                request,
                user,
                watermarks.get(&user.windows_user),
                upto,
                active,
            )
        })
        .collect::<Result<Vec<_>>>()?;
    let reaches = reaches(&master, users)?;
    let visits = visit_reaches(&master, users)?;
    Ok(RunPlan {
        upto,
        plans,
        reaches,
        visits,
    })
}

fn read_watermarks(master: &Connection) -> Result<HashMap<String, Watermark>> {
    let mut statement = master.prepare(
        "SELECT user, generation, change_seq, erp_code, is_admin, year FROM snapshot_watermark",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Watermark {
                generation: r.get(1)?,
                change_seq: r.get(2)?,
                erp_code: r.get(3)?,
                is_admin: r.get(4)?,
                year: r.get(5)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn plan_user(
    master: &Connection,
    request: &SnapshotRequest,
    user: &User,
    watermark: Option<&Watermark>,
    upto: i64,
    active_clients: i64,
) -> Result<Plan> {
    let Some(mark) = watermark else {
        return Ok(Plan::Rebuild);
    };
    if request.regeneration == Regeneration::Rebuild
        || mark.erp_code != user.erp_code
        || mark.is_admin != user.is_admin
        || mark.year != request.now.year()
        || mark.change_seq > upto
    {
        return Ok(Plan::Rebuild);
    }
    let dir = user_dir(&request.snapshots_root, &user.windows_user);
    let Ok(manifest) = read_manifest(&dir) else {
        return Ok(Plan::Rebuild);
    };
    let previous = dir.join(&manifest.database);
    if manifest.generation != mark.generation
        || manifest.schema_version != SNAPSHOT_SCHEMA_VERSION
        || !previous.is_file()
        || !file_has_record_tables(&previous)?
    {
        return Ok(Plan::Rebuild);
    }
    let changed: i64 = master.query_row(
        "SELECT count(DISTINCT c_client) FROM snapshot_change WHERE seq > ?1 AND seq <= ?2",
        params![mark.change_seq, upto],
        |r| r.get(0),
    )?;
    if changed * 100 > active_clients.max(1) * PATCH_LIMIT_PERCENT {
        return Ok(Plan::Rebuild);
    }
    Ok(Plan::Patch {
        previous,
        since: mark.change_seq,
    })
}

/// The run's changed clients, into the scratch file attached as `r`.
pub(crate) fn fill_changed_clients(worker: &Connection, after: i64, upto: i64) -> Result<()> {
    worker.execute_batch(
        "CREATE TABLE r.changed_client (c_client TEXT PRIMARY KEY) WITHOUT ROWID;",
    )?;
    worker.execute(
        "INSERT OR IGNORE INTO r.changed_client SELECT c_client FROM m.snapshot_change \
         WHERE seq > ?1 AND seq <= ?2",
        params![after, upto],
    )?;
    Ok(())
}

/// Records where each published file stands, forgets users no longer active, and drops
/// the changes every remaining watermark already holds (never the newest row: SQLite's
/// next sequence number must stay above those handed out).
pub(crate) fn record_watermarks(
    master: &Connection,
    request: &SnapshotRequest,
    users: &[User],
    reports: &[SnapshotReport],
    upto: i64,
) -> Result<()> {
    let mut upsert = master.prepare(
        "INSERT INTO snapshot_watermark (user, generation, change_seq, erp_code, is_admin, year) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (user) DO UPDATE SET generation = excluded.generation, \
           change_seq = excluded.change_seq, erp_code = excluded.erp_code, \
           is_admin = excluded.is_admin, year = excluded.year",
    )?;
    for (user, report) in users.iter().zip(reports) {
        upsert.execute(params![
            user.windows_user,
            report.generation,
            upto,
            user.erp_code,
            user.is_admin,
            request.now.year()
        ])?;
    }
    master.execute(
        "DELETE FROM snapshot_watermark WHERE user NOT IN \
         (SELECT windows_user FROM app_user WHERE active = 1)",
        [],
    )?;
    let oldest: Option<i64> = master
        .query_row("SELECT min(change_seq) FROM snapshot_watermark", [], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    if let Some(oldest) = oldest {
        master.execute(
            "DELETE FROM snapshot_change WHERE seq <= ?1 \
             AND seq < (SELECT max(seq) FROM snapshot_change)",
            [oldest],
        )?;
    }
    Ok(())
}
