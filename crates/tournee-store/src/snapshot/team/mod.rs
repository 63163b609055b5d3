//! What an admin's snapshot carries about every rep (brief: « les users flagués admin
//! auront une liste déroulante de tous les commerciaux »): monthly figures, the share of
//! clients and prospects visited for each statistics period, and the recent visits for
//! the calendar. Computed once per generation run into a scratch file, then copied into
//! each admin's snapshot; reps' snapshots leave the `team_*` tables empty.
//!
//! The clients' side of the figures is kept between runs (`state.rs`): a run recounts
//! only the clients changed since, from their part (`contributions.rs`); the prospects'
//! side, a few thousand rows, is counted whole each time (`prospects.rs`).
//!
//! The definitions are the field app's (`tournee-field/src/stats.rs`): client visits are
//! every relation but `LIT` and but the notes of modification requests (`relation_kind`),
//! by the client's commercial grid (`c_catc`); proposals are the
//! answers of the visit form's `remise_proposition_type` question, clients and prospects
//! alike; turnover is the rep's portfolio (`c_rep`). A visit to a client no longer active
//! counts without a grid, as on the laptop, whose snapshot holds active clients only.

mod contributions;
mod prospects;
mod state;

use std::path::Path;

use chrono::{Datelike, Duration, Months, NaiveDate, SecondsFormat};
use rusqlite::{named_params, params, Connection};
use tournee_core::{period, Period, PERIODS};

use super::changes::Clients;
use super::worker::{in_transaction, open_copier};
use super::{Regeneration, SnapshotRequest};
use crate::error::Result;
use crate::master::users::all_users;
use contributions::Window;

/// Days of visits an admin's calendar shows for other reps: six weeks, a month view and a
/// little more (about 200 KB a day on the full demo data: 92 days made a 32 MB snapshot).
pub const TEAM_VISIT_DAYS: i64 = 42;
/// The first day of the visits an admin's snapshot carries for other reps, for a run on
/// `today`: the calendar greys the days before it (unknown, not visit-free).
pub fn team_visits_since(today: NaiveDate) -> NaiveDate {
    today - Duration::days(TEAM_VISIT_DAYS)
}

/// Months of figures kept (this year and the previous one, whole).
const TEAM_MONTHS: u32 = 24;

/// Whether this run rebuilds some admin's file (which needs every recent visit) or patches
/// them all (which need the changed clients' only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AdminFiles {
    /// Some admin's file is rebuilt.
    SomeRebuilt,
    /// Every admin's file is patched.
    AllPatched,
}

/// Where the clients' side of the team figures is kept between runs, under the build
/// root: `+` cannot start a user's folder, so it never collides with one.
pub(crate) fn state_path(build_root: &Path) -> std::path::PathBuf {
    build_root.join("+team").join("state.sqlite")
}

/// Builds the team tables into their own scratch file at `path`, read by the workers of
/// admins' files as `t`, bringing the kept state up to date with the master's changes up
/// to `upto`. Its own file and connection, so that it is computed on a thread of its own
/// while the reps' files are written (`build.rs`).
pub(crate) fn build_file(
    request: &SnapshotRequest,
    path: &Path,
    upto: i64,
    admins: AdminFiles,
    run_path: &Path,
) -> Result<()> {
    // The run's changed clients (`r.changed_client`) are the recent visits patched admin
    // files need.
    let worker = open_copier(&request.master_path, run_path, None)?;
    worker.execute("ATTACH DATABASE ?1 AS t", [path.to_string_lossy()])?;
    worker.execute_batch("PRAGMA t.journal_mode = OFF; PRAGMA t.synchronous = OFF;")?;
    let today = request.now.date_naive();
    let state_file = state_path(&request.build_root);
    // A rebuilt admin file needs every recent visit: those come with a full count.
    let update = state::prepare(
        &worker,
        &state_file,
        &today.to_string(),
        upto,
        request.regeneration == Regeneration::Rebuild || admins == AdminFiles::SomeRebuilt,
    )?;
    in_transaction(&worker, |w| compute(w, request, upto, update))?;
    state::finish(&worker, &state_file, update)
}

/// The days and periods of a run on `today`.
fn window(today: NaiveDate) -> Window {
    let first_month = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(TEAM_MONTHS - 1)))
        .unwrap_or(today);
    let periods: Vec<Period> = PERIODS
        .iter()
        // Every code in PERIODS is a known period.
        .filter_map(|code| period(code, today).ok())
        .collect();
    Window {
        months_since: first_month.to_string(),
        sales_since: first_month.format("%Y-%m").to_string(),
        visits_since: team_visits_since(today).to_string(),
        periods: periods
            .into_iter()
            .map(|p| (p.code, p.from.to_string(), p.to.to_string()))
            .collect(),
    }
}

/// Fills the scratch tables `t.team_month_all`, `t.team_share_all` and `t.team_visit_all`.
fn compute(
    worker: &Connection,
    request: &SnapshotRequest,
    upto: i64,
    update: state::Update,
) -> Result<()> {
    worker.execute_batch(
        "CREATE TABLE t.team_month_all (c_user TEXT, month TEXT, series TEXT, value INTEGER);
         CREATE TABLE t.team_share_all (c_user TEXT, period TEXT, clients_total INTEGER, \
           clients_visited INTEGER, prospects_total INTEGER, prospects_visited INTEGER);
         CREATE TABLE t.team_visit_all (id INTEGER PRIMARY KEY, c_user TEXT, date_relation TEXT, \
           heure_relation TEXT, entity_kind TEXT, entity_code TEXT, entity_name TEXT, objet TEXT, \
           commentaire TEXT, answers_json TEXT);",
    )?;
    worker.execute_batch(
        "CREATE TEMP TABLE recent_visit (id INTEGER PRIMARY KEY, c_client TEXT NOT NULL, c_user TEXT, \
           date_relation TEXT, heure_relation TEXT, objet TEXT, commentaire TEXT, answers_json TEXT);",
    )?;
    let today = request.now.date_naive();
    let window = window(today);
    let mut totals = state::bring_up_to_date(worker, &window, &today.to_string(), upto, update)?;
    let retention_cutoff = request
        .now
        .checked_sub_months(Months::new(request.params.prospect_retention_months))
        .unwrap_or(request.now)
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    prospects::select_visits(worker, &retention_cutoff)?;
    prospects::add_figures(worker, &window, &mut totals)?;

    let mut insert = worker.prepare("INSERT INTO t.team_month_all VALUES (?1, ?2, ?3, ?4)")?;
    for ([user, month, series], total) in totals.figures_by_name() {
        insert.execute(params![user, month, series, total.value])?;
    }
    insert_shares(worker, request, &window, &totals, &retention_cutoff)?;
    insert_recent_visits(worker, &window)
}

/// One row per active user and period: the active portfolio, the clients of it the rep
/// visited, the prospects the rep sees and those visited.
fn insert_shares(
    worker: &Connection,
    request: &SnapshotRequest,
    window: &Window,
    totals: &state::Totals,
    retention_cutoff: &str,
) -> Result<()> {
    let portfolio: std::collections::HashMap<String, i64> = worker
        .prepare("SELECT c_rep, count(*) FROM m.client WHERE actif = 1 AND c_rep IS NOT NULL GROUP BY c_rep")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let master_users = {
        let master = crate::master::open_master_read_only(&request.master_path)?;
        all_users(&master)?
    };
    let mut prospects_seen = worker.prepare(
        "SELECT count(*) FROM m.prospect p WHERE (p.created_by = ?1 OR p.assignee = ?1) \
           AND p.status IN ('active', 'conversion_requested') AND p.last_movement_at >= ?2",
    )?;
    let mut insert = worker.prepare(
        "INSERT INTO t.team_share_all VALUES (?1, ?2, ?3, ?4, ?5, \
           (SELECT count(DISTINCT prospect_id) FROM temp.team_pv \
              WHERE c_user = ?1 AND date_relation BETWEEN ?6 AND ?7))",
    )?;
    for user in master_users.iter().filter(|u| u.active) {
        let prospects: i64 =
            prospects_seen.query_row(params![user.windows_user, retention_cutoff], |r| r.get(0))?;
        for (code, from, to) in &window.periods {
            let visited = totals
                .names
                .get(&user.erp_code)
                .zip(totals.names.get(code))
                .and_then(|(user, code)| totals.visited.get(&[user, code]))
                .copied()
                .unwrap_or(0);
            insert.execute(params![
                user.erp_code,
                code,
                portfolio.get(&user.erp_code).copied().unwrap_or(0),
                visited,
                prospects,
                from,
                to,
            ])?;
        }
    }
    Ok(())
}

/// The recent visits of the calendar, each under its id in the master (a prospect
/// visit's negated, so that the two never meet): a patched admin file replaces the rows of
/// the changed clients only, and a patched and a rebuilt file hold the same ids. The
/// clients' are those the count read (`temp.recent_visit`): every client's in a full
/// count, the changed clients' otherwise, which is all a patched admin file needs.
fn insert_recent_visits(worker: &Connection, window: &Window) -> Result<()> {
    worker.execute(
        "INSERT INTO t.team_visit_all (id, c_user, date_relation, heure_relation, entity_kind, \
           entity_code, entity_name, objet, commentaire, answers_json) \
         SELECT rv.id, rv.c_user, rv.date_relation, rv.heure_relation, 'client', rv.c_client, \
           coalesce(c.nom_client, rv.c_client), rv.objet, rv.commentaire, rv.answers_json \
         FROM temp.recent_visit rv LEFT JOIN m.client c ON c.c_client = rv.c_client \
         WHERE rv.date_relation >= :since",
        named_params! { ":since": window.visits_since },
    )?;
    worker.execute(
        "INSERT INTO t.team_visit_all (id, c_user, date_relation, heure_relation, entity_kind, entity_code, \
           entity_name, objet, commentaire, answers_json) \
         SELECT -v.id, v.c_user, v.date_relation, v.heure_relation, 'prospect', v.prospect_id, \
           coalesce(p.nom_client, v.prospect_id), v.objet, v.commentaire, v.answers_json \
         FROM temp.team_pv v LEFT JOIN m.prospect p ON p.prospect_id = v.prospect_id \
         WHERE v.date_relation >= :since",
        named_params! { ":since": window.visits_since },
    )?;
    Ok(())
}

/// Copies the team tables into the admin's snapshot attached as `s`. A rebuilt file gets
/// them whole; a patched one gets the figures whole (a few thousand rows) and, of the
/// recent visits, those of the clients changed since it (`r.changed_client`), every
/// prospect visit, and none before the window's first day, which moves with the days.
pub(crate) fn copy_into_snapshot(
    worker: &Connection,
    clients: Clients,
    today: NaiveDate,
) -> Result<()> {
    worker.execute_batch(
        "DELETE FROM s.team_month; DELETE FROM s.team_share;
         INSERT INTO s.team_month SELECT c_user, month, series, value FROM t.team_month_all;
         INSERT INTO s.team_share SELECT * FROM t.team_share_all;",
    )?;
    match clients {
        Clients::All => worker.execute_batch(
            "DELETE FROM s.team_visit;
             INSERT INTO s.team_visit SELECT * FROM t.team_visit_all ORDER BY id;",
        )?,
        Clients::Changed => {
            worker.execute(
                "DELETE FROM s.team_visit WHERE id < 0 \
                   OR entity_code IN (SELECT c_client FROM r.changed_client) OR date_relation < ?1",
                [team_visits_since(today).to_string()],
            )?;
            worker.execute_batch(
                "INSERT INTO s.team_visit SELECT * FROM t.team_visit_all \
                 WHERE id < 0 OR entity_code IN (SELECT c_client FROM r.changed_client) ORDER BY id;",
            )?;
        }
    }
    Ok(())
}
