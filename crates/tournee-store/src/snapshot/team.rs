//! What an admin's snapshot carries about every rep (brief: « les users flagués admin
//! auront une liste déroulante de tous les commerciaux »): monthly figures, the share of
//! clients and prospects visited for each statistics period, and the recent visits for
//! the calendar. Computed once per generation run into the worker's scratch tables, then
//! copied into each admin's snapshot; reps' snapshots leave the `team_*` tables empty.
//!
//! The definitions are the field app's (`tournee-field/src/stats.rs`): client visits are
//! every relation but `LIT` and but the notes of modification requests (`relation_kind`),
//! by the client's commercial grid (`c_catc`); proposals are the
//! answers of the visit form's `remise_proposition_type` question, clients and prospects
//! alike; turnover is the rep's portfolio (`c_rep`). A visit to a client no longer active
//! counts without a grid, as on the laptop, whose snapshot holds active clients only.

use chrono::{Datelike, Duration, Months, NaiveDate, SecondsFormat};
use rusqlite::{named_params, params, Connection};
use tournee_core::period::{period, PERIODS};

use super::SnapshotRequest;
use crate::error::Result;
use crate::master::users::all_users;

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

/// Fills the scratch tables `team_month_all`, `team_share_all` and `team_visit_all`.
pub(crate) fn compute(worker: &Connection, request: &SnapshotRequest) -> Result<()> {
    worker.execute_batch(
        "CREATE TABLE team_month_all (c_user TEXT, month TEXT, series TEXT, value INTEGER);
         CREATE TABLE team_share_all (c_user TEXT, period TEXT, clients_total INTEGER, \
           clients_visited INTEGER, prospects_total INTEGER, prospects_visited INTEGER);
         CREATE TABLE team_visit_all (id INTEGER PRIMARY KEY, c_user TEXT, date_relation TEXT, \
           heure_relation TEXT, entity_kind TEXT, entity_code TEXT, entity_name TEXT, objet TEXT, \
           commentaire TEXT, answers_json TEXT);",
    )?;
    let retention_cutoff = request
        .now
        .checked_sub_months(Months::new(request.params.prospect_retention_months))
        .unwrap_or(request.now)
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    // Prospect visits as each rep's own snapshot holds them: visits to the prospects the
    // rep sees (created or assigned, still open, moved within the retention).
    worker.execute(
        "CREATE TABLE team_pv AS SELECT v.* FROM m.prospect_visit v \
         JOIN m.prospect p ON p.prospect_id = v.prospect_id \
         JOIN m.app_user u ON u.erp_code = v.c_user \
         WHERE p.status IN ('active', 'conversion_requested') \
           AND (p.created_by = u.windows_user OR p.assignee = u.windows_user) \
           AND p.last_movement_at >= :cutoff",
        named_params! { ":cutoff": retention_cutoff },
    )?;
    let today = request.now.date_naive();
    let first_month = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(TEAM_MONTHS - 1)))
        .unwrap_or(today);
    let since = first_month.to_string();
    let since_month = first_month.format("%Y-%m").to_string();
    worker.execute(
        "INSERT INTO team_month_all \
         SELECT r.c_user, substr(r.date_relation, 1, 7), 'grid:' || coalesce(c.c_catc, ''), count(*) \
         FROM m.client_relation r LEFT JOIN m.client c ON c.c_client = r.c_entite AND c.actif = 1 \
         WHERE r.origine_relation <> 'LIT' AND r.relation_kind = 'visit' AND r.c_archive = 'N' AND r.date_relation >= :since GROUP BY 1, 2, 3",
        named_params! { ":since": since },
    )?;
    worker.execute(
        "INSERT INTO team_month_all \
         SELECT c_user, substr(date_relation, 1, 7), 'prospect', count(*) \
         FROM team_pv WHERE date_relation >= :since GROUP BY 1, 2",
        named_params! { ":since": since },
    )?;
    worker.execute(
        "INSERT INTO team_month_all \
         SELECT c_user, month, 'proposal:' || kind, count(*) FROM ( \
           SELECT r.c_user, substr(r.date_relation, 1, 7) AS month, j.value AS kind \
           FROM m.client_relation r, json_each(r.answers_json, '$.remise_proposition_type') j \
           WHERE r.answers_json IS NOT NULL AND r.origine_relation <> 'LIT' AND r.relation_kind = 'visit' AND r.c_archive = 'N' \
             AND r.date_relation >= :since \
           UNION ALL \
           SELECT v.c_user, substr(v.date_relation, 1, 7), j.value \
           FROM team_pv v, json_each(v.answers_json, '$.remise_proposition_type') j \
           WHERE v.answers_json IS NOT NULL AND v.date_relation >= :since) \
         GROUP BY 1, 2, 3",
        named_params! { ":since": since },
    )?;
    worker.execute(
        "INSERT INTO team_month_all \
         SELECT c.c_rep, sm.month, 'ca', sum(sm.amount_cents) \
         FROM m.sales_month sm JOIN m.client c ON c.c_client = sm.c_client \
         WHERE sm.month >= :since AND c.c_rep IS NOT NULL GROUP BY 1, 2",
        named_params! { ":since": since_month },
    )?;

    let master_users = {
        let master = crate::master::open_master_read_only(&request.master_path)?;
        all_users(&master)?
    };
    let mut insert = worker.prepare(
        "INSERT INTO team_share_all VALUES (?1, ?2, \
           (SELECT count(*) FROM m.client WHERE c_rep = ?1 AND actif = 1), \
           (SELECT count(DISTINCT r.c_entite) FROM m.client_relation r JOIN m.client c ON c.c_client = r.c_entite \
              WHERE r.c_user = ?1 AND c.c_rep = ?1 AND c.actif = 1 AND r.origine_relation <> 'LIT' \
                AND r.relation_kind = 'visit' AND r.c_archive = 'N' \
                AND r.date_relation BETWEEN ?3 AND ?4), \
           (SELECT count(*) FROM m.prospect p WHERE (p.created_by = ?5 OR p.assignee = ?5) \
              AND p.status IN ('active', 'conversion_requested') AND p.last_movement_at >= ?6), \
           (SELECT count(DISTINCT prospect_id) FROM team_pv \
              WHERE c_user = ?1 AND date_relation BETWEEN ?3 AND ?4))",
    )?;
    for user in master_users.iter().filter(|u| u.active) {
        for code in PERIODS {
            // Every code in PERIODS is a known period.
            let Ok(p) = period(code, today) else { continue };
            insert.execute(params![
                user.erp_code,
                code,
                p.from.to_string(),
                p.to.to_string(),
                user.windows_user,
                retention_cutoff
            ])?;
        }
    }

    let visits_since = team_visits_since(today).to_string();
    worker.execute(
        "INSERT INTO team_visit_all (c_user, date_relation, heure_relation, entity_kind, entity_code, \
           entity_name, objet, commentaire, answers_json) \
         SELECT r.c_user, r.date_relation, r.heure_relation, 'client', r.c_entite, \
           coalesce(c.nom_client, r.c_entite), r.objet, r.commentaire, r.answers_json \
         FROM m.client_relation r LEFT JOIN m.client c ON c.c_client = r.c_entite \
         WHERE r.origine_relation <> 'LIT' AND r.relation_kind = 'visit' AND r.c_archive = 'N' AND r.date_relation >= :since \
         UNION ALL \
         SELECT v.c_user, v.date_relation, v.heure_relation, 'prospect', v.prospect_id, \
           coalesce(p.nom_client, v.prospect_id), v.objet, v.commentaire, v.answers_json \
         FROM team_pv v LEFT JOIN m.prospect p ON p.prospect_id = v.prospect_id \
         WHERE v.date_relation >= :since",
        named_params! { ":since": visits_since },
    )?;
    Ok(())
}

/// Copies the team tables into the snapshot attached as `s` (admins only).
pub(crate) fn copy_into_snapshot(worker: &Connection) -> Result<()> {
    worker.execute_batch(
        "INSERT INTO s.team_month SELECT c_user, month, series, value FROM team_month_all;
         INSERT INTO s.team_share SELECT * FROM team_share_all;
         INSERT INTO s.team_visit SELECT * FROM team_visit_all ORDER BY c_user, date_relation;",
    )?;
    Ok(())
}
