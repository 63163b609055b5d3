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

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, Duration, Months, NaiveDate, SecondsFormat};
use rusqlite::{named_params, params, Connection};
use tournee_core::{period, Answer, FormAnswers, Period, PERIODS};

use super::worker::{in_transaction, open_worker};
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

/// The visit-form question whose options are the proposal types (the field app's
/// `PROPOSAL_GROUP`).
const PROPOSAL_QUESTION: &str = "remise_proposition_type";

/// Months of figures kept (this year and the previous one, whole).
const TEAM_MONTHS: u32 = 24;

/// Builds the team tables into their own scratch file at `path`, read by the workers of
/// admins' files as `t`. Its own file and connection, so that it is computed on a thread
/// of its own while the reps' files are written (`build.rs`).
pub(crate) fn build_file(request: &SnapshotRequest, path: &Path) -> Result<()> {
    let worker = open_worker(&request.master_path)?;
    worker.execute("ATTACH DATABASE ?1 AS t", [path.to_string_lossy()])?;
    worker.execute_batch("PRAGMA t.journal_mode = OFF; PRAGMA t.synchronous = OFF;")?;
    in_transaction(&worker, |w| compute(w, request))
}

/// Fills the scratch tables `t.team_month_all`, `t.team_share_all` and `t.team_visit_all`.
fn compute(worker: &Connection, request: &SnapshotRequest) -> Result<()> {
    worker.execute_batch(
        "CREATE TABLE t.team_month_all (c_user TEXT, month TEXT, series TEXT, value INTEGER);
         CREATE TABLE t.team_share_all (c_user TEXT, period TEXT, clients_total INTEGER, \
           clients_visited INTEGER, prospects_total INTEGER, prospects_visited INTEGER);
         CREATE TABLE t.team_visit_all (id INTEGER PRIMARY KEY, c_user TEXT, date_relation TEXT, \
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
        "CREATE TEMP TABLE team_pv AS SELECT v.* FROM m.prospect_visit v \
         JOIN m.prospect p ON p.prospect_id = v.prospect_id \
         JOIN m.app_user u ON u.erp_code = v.c_user \
         WHERE p.status IN ('active', 'conversion_requested') \
           AND (p.created_by = u.windows_user OR p.assignee = u.windows_user) \
           AND p.last_movement_at >= :cutoff",
        named_params! { ":cutoff": retention_cutoff },
    )?;
    // Read once per rep and period below.
    worker.execute_batch("CREATE INDEX temp.team_pv_by_user ON team_pv (c_user, date_relation)")?;
    let today = request.now.date_naive();
    let first_month = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(TEAM_MONTHS - 1)))
        .unwrap_or(today);
    let since = first_month.to_string();
    let since_month = first_month.format("%Y-%m").to_string();
    worker.execute(
        "INSERT INTO t.team_month_all \
         SELECT c_user, substr(date_relation, 1, 7), 'prospect', count(*) \
         FROM team_pv WHERE date_relation >= :since GROUP BY 1, 2",
        named_params! { ":since": since },
    )?;
    let master_users = {
        let master = crate::master::open_master_read_only(&request.master_path)?;
        all_users(&master)?
    };
    let clients = ClientFacts::load(worker)?;
    let periods: Vec<Period> = PERIODS
        .iter()
        // Every code in PERIODS is a known period.
        .filter_map(|code| period(code, today).ok())
        .collect();
    let mut counted = count_client_visits(worker, &clients, &since, &periods)?;
    count_prospect_proposals(worker, &since, &mut counted.proposals)?;
    insert_month_figures(worker, &counted.month_grid, "grid:")?;
    insert_month_figures(worker, &counted.proposals, "proposal:")?;
    insert_month_figures(
        worker,
        &sales_per_rep_month(worker, &clients, &since_month)?,
        "",
    )?;

    let mut insert = worker.prepare(
        "INSERT INTO t.team_share_all VALUES (?1, ?2, ?3, ?4, \
           (SELECT count(*) FROM m.prospect p WHERE (p.created_by = ?5 OR p.assignee = ?5) \
              AND p.status IN ('active', 'conversion_requested') AND p.last_movement_at >= ?6), \
           (SELECT count(DISTINCT prospect_id) FROM team_pv \
              WHERE c_user = ?1 AND date_relation BETWEEN ?7 AND ?8))",
    )?;
    for user in master_users.iter().filter(|u| u.active) {
        let portfolio = clients.active_portfolio_size(&user.erp_code);
        for p in &periods {
            let visited = counted
                .visited
                .get(&(user.erp_code.clone(), p.code.clone()))
                .map_or(0, |set| set.len());
            insert.execute(params![
                user.erp_code,
                p.code,
                portfolio as i64,
                visited as i64,
                user.windows_user,
                retention_cutoff,
                p.from.to_string(),
                p.to.to_string(),
            ])?;
        }
    }

    let visits_since = team_visits_since(today).to_string();
    worker.execute(
        "INSERT INTO t.team_visit_all (c_user, date_relation, heure_relation, entity_kind, entity_code, \
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

/// What the team figures need to know of each client: its rep, whether it is active, its
/// commercial grid. Held in memory (50,000 clients: a few MB) so that the relations and
/// sales read below are counted in one pass each, without a join per row.
struct ClientFacts {
    /// Client code → index in `facts`.
    index: HashMap<String, u32>,
    facts: Vec<ClientFact>,
}

struct ClientFact {
    rep: Option<String>,
    active: bool,
    grid: String,
}

impl ClientFacts {
    fn load(worker: &Connection) -> Result<Self> {
        let mut statement = worker
            .prepare("SELECT c_client, c_rep, actif = 1, coalesce(c_catc, '') FROM m.client")?;
        let mut rows = statement.query([])?;
        let mut facts = Self {
            index: HashMap::new(),
            facts: Vec::new(),
        };
        while let Some(row) = rows.next()? {
            let position = u32::try_from(facts.facts.len()).unwrap_or(u32::MAX);
            facts.index.insert(row.get(0)?, position);
            facts.facts.push(ClientFact {
                rep: row.get(1)?,
                active: row.get(2)?,
                grid: row.get(3)?,
            });
        }
        Ok(facts)
    }

    fn get(&self, code: &str) -> Option<(u32, &ClientFact)> {
        let position = *self.index.get(code)?;
        Some((position, self.facts.get(position as usize)?))
    }

    /// Active clients whose rep is `erp_code`.
    fn active_portfolio_size(&self, erp_code: &str) -> usize {
        self.facts
            .iter()
            .filter(|c| c.active && c.rep.as_deref() == Some(erp_code))
            .count()
    }
}

/// Column `index` of `row` as text, borrowed from the row (no copy).
fn text<'row>(row: &'row rusqlite::Row<'_>, index: usize) -> rusqlite::Result<&'row str> {
    row.get_ref(index)?.as_str().map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            Box::new(error),
        )
    })
}

/// A text column that may be NULL, read in place.
fn optional_text<'row>(
    row: &'row rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<&'row str>> {
    row.get_ref(index)?.as_str_or_null().map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            Box::new(error),
        )
    })
}

/// Counts keyed by (rep, month `YYYY-MM`, third part), the shape of `team_month_all`.
type MonthFigures = HashMap<(String, String, String), i64>;

/// Client visits counted for the team tables.
struct CountedVisits {
    /// Visits per (rep, month, grid of the client when active, else "").
    month_grid: MonthFigures,
    /// Clients of the rep's active portfolio the rep visited, per (rep, period code).
    visited: HashMap<(String, String), HashSet<u32>>,
    /// Proposals per (rep, month, proposal type), clients' and prospects' visits alike.
    proposals: MonthFigures,
}

/// The proposal types a visit's answers name, as the field app reads them (`stats.rs`):
/// answers that no longer parse count for nothing. Only answers that mention the question
/// are parsed.
fn proposal_types(answers: Option<&str>) -> Vec<String> {
    let Some(json) = answers.filter(|j| j.contains(PROPOSAL_QUESTION)) else {
        return Vec::new();
    };
    match serde_json::from_str::<FormAnswers>(json)
        .ok()
        .and_then(|mut answers| answers.remove(PROPOSAL_QUESTION))
    {
        Some(Answer::Many(types)) => types,
        Some(Answer::One(one)) => vec![one],
        None => Vec::new(),
    }
}

/// Adds the proposals of the prospect visits the reps' own snapshots hold (`team_pv`).
fn count_prospect_proposals(
    worker: &Connection,
    since: &str,
    proposals: &mut MonthFigures,
) -> Result<()> {
    let mut statement = worker.prepare(
        "SELECT c_user, substr(date_relation, 1, 7), answers_json FROM team_pv \
         WHERE answers_json IS NOT NULL AND date_relation >= ?1",
    )?;
    let mut rows = statement.query([since])?;
    while let Some(row) = rows.next()? {
        for kind in proposal_types(optional_text(row, 2)?) {
            *proposals
                .entry((text(row, 0)?.to_string(), text(row, 1)?.to_string(), kind))
                .or_insert(0) += 1;
        }
    }
    Ok(())
}

/// One pass over the visits (every relation but `LIT` and the notes of modification
/// requests, not archived) since the earliest day any figure needs. Grouping the 600,000
/// rows in SQL sorted them (5 s), and the share of clients visited ran one query per rep
/// and period (8 s); here each row is read in place (no copy) and counted in hash maps.
fn count_client_visits(
    worker: &Connection,
    clients: &ClientFacts,
    months_since: &str,
    periods: &[Period],
) -> Result<CountedVisits> {
    let periods: Vec<(&str, String, String)> = periods
        .iter()
        .map(|p| (p.code.as_str(), p.from.to_string(), p.to.to_string()))
        .collect();
    let earliest = periods
        .iter()
        .map(|(_, from, _)| from.as_str())
        .chain(std::iter::once(months_since))
        .min()
        .unwrap_or(months_since)
        .to_string();
    // Keys borrow from small owned tables: (user, month, grid) as indexes while counting.
    let mut users: Vec<String> = Vec::new();
    let mut months: Vec<String> = Vec::new();
    let mut grid_counts: HashMap<(usize, usize, Option<u32>), i64> = HashMap::new();
    let mut visited: HashMap<(usize, usize), HashSet<u32>> = HashMap::new();
    let position = |list: &mut Vec<String>, value: &str| {
        list.iter().position(|v| v == value).unwrap_or_else(|| {
            list.push(value.to_string());
            list.len() - 1
        })
    };
    let mut proposal_counts: HashMap<(usize, usize, String), i64> = HashMap::new();
    let mut statement = worker.prepare(
        "SELECT c_user, date_relation, c_entite, answers_json FROM m.client_relation \
         WHERE origine_relation <> 'LIT' AND relation_kind = 'visit' AND c_archive = 'N' \
           AND date_relation >= ?1",
    )?;
    let mut rows = statement.query([&earliest])?;
    while let Some(row) = rows.next()? {
        let user = text(row, 0)?;
        let date = text(row, 1)?;
        let fact = clients.get(text(row, 2)?);
        let user_key = position(&mut users, user);
        if date >= months_since {
            let month_key = position(&mut months, date.get(..7).unwrap_or(date));
            // The grid is the client's own when it is active; None stands for "".
            let grid = fact.filter(|(_, c)| c.active).map(|(i, _)| i);
            *grid_counts.entry((user_key, month_key, grid)).or_insert(0) += 1;
            for kind in proposal_types(optional_text(row, 3)?) {
                *proposal_counts
                    .entry((user_key, month_key, kind))
                    .or_insert(0) += 1;
            }
        }
        let Some((client, fact)) = fact else { continue };
        if !(fact.active && fact.rep.as_deref() == Some(user)) {
            continue;
        }
        for (period_key, (_, from, to)) in periods.iter().enumerate() {
            if date >= from.as_str() && date <= to.as_str() {
                visited
                    .entry((user_key, period_key))
                    .or_default()
                    .insert(client);
            }
        }
    }
    let mut month_grid: MonthFigures = HashMap::new();
    for ((user, month, grid), count) in grid_counts {
        let grid = grid
            .and_then(|i| clients.facts.get(i as usize))
            .map_or(String::new(), |c| c.grid.clone());
        *month_grid
            .entry((users[user].clone(), months[month].clone(), grid))
            .or_insert(0) += count;
    }
    let visited = visited
        .into_iter()
        .map(|((user, period), set)| ((users[user].clone(), periods[period].0.to_string()), set))
        .collect();
    let proposals = proposal_counts
        .into_iter()
        .map(|((user, month, kind), count)| {
            ((users[user].clone(), months[month].clone(), kind), count)
        })
        .collect();
    Ok(CountedVisits {
        month_grid,
        visited,
        proposals,
    })
}

/// Turnover per (rep, month, "") of the rep's portfolio, active clients or not.
fn sales_per_rep_month(
    worker: &Connection,
    clients: &ClientFacts,
    since_month: &str,
) -> Result<MonthFigures> {
    // Summed per (rep, month) as the rows go: the rep is the client's, known in memory.
    let mut per_rep_month: HashMap<(&str, [u8; 7]), i64> = HashMap::new();
    let mut statement = worker
        .prepare("SELECT c_client, month, amount_cents FROM m.sales_month WHERE month >= ?1")?;
    let mut rows = statement.query([since_month])?;
    while let Some(row) = rows.next()? {
        let Some(rep) = clients
            .get(text(row, 0)?)
            .and_then(|(_, fact)| fact.rep.as_deref())
        else {
            continue;
        };
        let month = text(row, 1)?;
        let Ok(month) = <[u8; 7]>::try_from(month.as_bytes()) else {
            continue;
        };
        *per_rep_month.entry((rep, month)).or_insert(0) += row.get::<_, i64>(2)?;
    }
    let mut sums: MonthFigures = HashMap::new();
    for ((rep, month), amount) in per_rep_month {
        let month = String::from_utf8_lossy(&month).into_owned();
        *sums
            .entry((rep.to_string(), month, String::new()))
            .or_insert(0) += amount;
    }
    Ok(sums)
}

/// Writes counted figures as `team_month_all` rows; the series is `prefix` + the key's
/// third part (`grid:<grid>`), or `ca` when `prefix` is empty.
fn insert_month_figures(worker: &Connection, figures: &MonthFigures, prefix: &str) -> Result<()> {
    let mut insert = worker.prepare("INSERT INTO t.team_month_all VALUES (?1, ?2, ?3, ?4)")?;
    for ((user, month, key), value) in figures {
        let series = if prefix.is_empty() {
            "ca".to_string()
        } else {
            format!("{prefix}{key}")
        };
        insert.execute(params![user, month, series, value])?;
    }
    Ok(())
}

/// Copies the team tables into the snapshot attached as `s` (admins only), replacing
/// those of a patched file.
pub(crate) fn copy_into_snapshot(worker: &Connection) -> Result<()> {
    worker.execute_batch(
        "DELETE FROM s.team_month; DELETE FROM s.team_share; DELETE FROM s.team_visit;
         INSERT INTO s.team_month SELECT c_user, month, series, value FROM t.team_month_all;
         INSERT INTO s.team_share SELECT * FROM t.team_share_all;
         INSERT INTO s.team_visit SELECT * FROM t.team_visit_all ORDER BY id;",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::proposal_types;

    #[test]
    fn proposal_types_are_read_as_the_field_app_reads_them() {
        let many =
            r#"{"objet_visite":["remise_proposition"],"remise_proposition_type":["pl_plp","tp"]}"#;
        assert_eq!(proposal_types(Some(many)), ["pl_plp", "tp"]);
        let one = r#"{"remise_proposition_type":"vl"}"#;
        assert_eq!(proposal_types(Some(one)), ["vl"]);
        assert!(proposal_types(Some(r#"{"type_visite":"avec_rdv"}"#)).is_empty());
        assert!(
            proposal_types(Some(r#"{"remise_proposition_type": 3}"#)).is_empty(),
            "answers that no longer parse count for nothing, as on the laptop"
        );
        assert!(proposal_types(Some("remise_proposition_type: not json")).is_empty());
        assert!(proposal_types(None).is_empty());
    }
}
