//! What each client adds to the team figures, read from the master for every client (a
//! full computation) or only for the clients changed since the state was last brought up
//! to date (`state.rs`).
//!
//! A client's part is the visits made to it (counted per rep, month and the client's
//! commercial grid, and per proposal type), whether its own rep visited it in each
//! statistics period, and its sales per month attributed to its rep. Its recent visits,
//! which an admin's calendar shows, are kept aside as they are read.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{params, Connection};
use tournee_core::{Answer, FormAnswers};

use crate::error::Result;

/// The visit-form question whose options are the proposal types (the field app's
/// `PROPOSAL_GROUP`).
const PROPOSAL_QUESTION: &str = "remise_proposition_type";

/// Series of a visit count by grid (`grid:<grid>`), of proposals (`proposal:<type>`) and of
/// turnover (`ca`), as the snapshot's `team_month` names them.
pub(super) const GRID_PREFIX: &str = "grid:";
/// See [`GRID_PREFIX`].
pub(super) const PROPOSAL_PREFIX: &str = "proposal:";
/// See [`GRID_PREFIX`].
pub(super) const TURNOVER_SERIES: &str = "ca";

/// The texts of a run (reps' codes, months, series, periods) numbered once, so that the
/// parts of 50,000 clients hold small keys instead of copies of the same words.
#[derive(Debug, Default)]
pub(super) struct Names {
    list: Vec<String>,
    index: HashMap<String, u32>,
}

impl Names {
    /// The number of `text`, given on first sight.
    pub fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.index.get(text) {
            return id;
        }
        let id = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        self.list.push(text.to_string());
        self.index.insert(text.to_string(), id);
        id
    }

    /// The number of `text` if it was given one.
    pub fn get(&self, text: &str) -> Option<u32> {
        self.index.get(text).copied()
    }

    /// The text numbered `id` (empty for a number never given).
    pub fn text(&self, id: u32) -> &str {
        self.list.get(id as usize).map_or("", String::as_str)
    }

    /// The texts of a key ([`FigureKey`], [`PeriodKey`]), in its order.
    pub fn texts<const N: usize>(&self, key: [u32; N]) -> [&str; N] {
        key.map(|id| self.text(id))
    }
}

/// (rep, month `YYYY-MM`, series), numbered by [`Names`]: the key of a `team_month` figure.
pub(super) type FigureKey = [u32; 3];

/// (rep, period code), numbered by [`Names`].
pub(super) type PeriodKey = [u32; 2];

/// What one client adds to the team figures.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct ClientPart {
    /// Counts (visits, proposals) and cents (turnover) per figure.
    pub figures: BTreeMap<FigureKey, i64>,
    /// Periods in which the client's own rep visited it.
    pub visited: BTreeSet<PeriodKey>,
}

impl ClientPart {
    fn is_empty(&self) -> bool {
        self.figures.is_empty() && self.visited.is_empty()
    }
}

/// Which clients a computation reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// Every client (and every visit, whatever client code it names).
    All,
    /// The client codes in the worker's temporary table `team_changed`.
    Changed,
}

impl Scope {
    /// The condition restricting `column` to the scope, to append after a `WHERE`.
    fn filter(self, column: &str) -> String {
        match self {
            Self::All => String::new(),
            Self::Changed => format!("AND {column} IN (SELECT c_client FROM temp.team_changed)"),
        }
    }
}

/// The days and periods the figures cover, fixed for a day.
#[derive(Debug, Clone)]
pub(super) struct Window {
    /// First day of the oldest month of figures.
    pub months_since: String,
    /// First month of turnover (`YYYY-MM`).
    pub sales_since: String,
    /// First day of the visits an admin's calendar shows.
    pub visits_since: String,
    /// Statistics periods: (code, first day, last day).
    pub periods: Vec<(String, String, String)>,
}

/// What the team figures need to know of a client: its rep, whether it is active, its
/// commercial grid. Held in memory so that visits and sales are counted in one pass each.
struct Fact {
    rep: Option<String>,
    active: bool,
    grid: String,
}

/// Reads the clients in `scope` and their visits and sales since `window`, returns each
/// client's part (clients that add nothing are absent), and writes the recent visits into
/// `temp.recent_visit`.
pub(super) fn compute(
    worker: &Connection,
    scope: Scope,
    window: &Window,
    names: &mut Names,
) -> Result<HashMap<String, ClientPart>> {
    let facts = load_facts(worker, scope)?;
    let mut parts: HashMap<String, ClientPart> = HashMap::new();
    count_visits(worker, scope, window, &facts, &mut parts, names)?;
    add_sales(worker, scope, window, &facts, &mut parts, names)?;
    parts.retain(|_, part| !part.is_empty());
    Ok(parts)
}

fn load_facts(worker: &Connection, scope: Scope) -> Result<HashMap<String, Fact>> {
    let mut statement = worker.prepare(&format!(
        "SELECT c_client, c_rep, actif = 1, coalesce(c_catc, '') FROM m.client WHERE 1 {}",
        scope.filter("c_client")
    ))?;
    let mut rows = statement.query([])?;
    let mut facts = HashMap::new();
    while let Some(row) = rows.next()? {
        facts.insert(
            row.get(0)?,
            Fact {
                rep: row.get(1)?,
                active: row.get(2)?,
                grid: row.get(3)?,
            },
        );
    }
    Ok(facts)
}

/// One pass over the visits (every relation but `LIT` and the notes of modification
/// requests, not archived) since the earliest day any figure needs, each row read in
/// place and counted into its client's part.
fn count_visits(
    worker: &Connection,
    scope: Scope,
    window: &Window,
    facts: &HashMap<String, Fact>,
    parts: &mut HashMap<String, ClientPart>,
    names: &mut Names,
) -> Result<()> {
    let periods: Vec<(u32, &str, &str)> = window
        .periods
        .iter()
        .map(|(code, from, to)| (names.id(code), from.as_str(), to.as_str()))
        .collect();
    let grid_prefix = names.id(GRID_PREFIX);
    let earliest = window
        .periods
        .iter()
        .map(|(_, from, _)| from.as_str())
        .chain([window.months_since.as_str(), window.visits_since.as_str()])
        .min()
        .unwrap_or(window.months_since.as_str())
        .to_string();
    let mut statement = worker.prepare(&format!(
        "SELECT id, c_user, date_relation, c_entite, answers_json, heure_relation, objet, commentaire \
         FROM m.client_relation \
         WHERE origine_relation <> 'LIT' AND relation_kind = 'visit' AND c_archive = 'N' \
           AND date_relation >= ?1 {}",
        scope.filter("c_entite")
    ))?;
    let mut recent = worker.prepare(
        "INSERT INTO temp.recent_visit (id, c_client, c_user, date_relation, heure_relation, objet, \
           commentaire, answers_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut rows = statement.query([&earliest])?;
    while let Some(row) = rows.next()? {
        let user = text(row, 1)?;
        let date = text(row, 2)?;
        let client = text(row, 3)?;
        let answers = optional_text(row, 4)?;
        let fact = facts.get(client);
        if date >= window.visits_since.as_str() {
            recent.execute(params![
                row.get::<_, i64>(0)?,
                client,
                user,
                date,
                optional_text(row, 5)?,
                optional_text(row, 6)?,
                optional_text(row, 7)?,
                answers,
            ])?;
        }
        let in_months = date >= window.months_since.as_str();
        let visited_by_rep = fact.is_some_and(|f| f.active && f.rep.as_deref() == Some(user));
        if !in_months && !visited_by_rep {
            continue;
        }
        add_to_part(parts, client, |part| {
            let user = names.id(user);
            if in_months {
                let month = names.id(date.get(..7).unwrap_or(date));
                // The grid is the client's own when it is active, else none.
                let series = match fact.filter(|f| f.active) {
                    Some(f) if !f.grid.is_empty() => names.id(&format!("{GRID_PREFIX}{}", f.grid)),
                    _ => grid_prefix,
                };
                *part.figures.entry([user, month, series]).or_insert(0) += 1;
                for kind in proposal_types(answers) {
                    let series = names.id(&format!("{PROPOSAL_PREFIX}{kind}"));
                    *part.figures.entry([user, month, series]).or_insert(0) += 1;
                }
            }
            if visited_by_rep {
                for &(code, from, to) in &periods {
                    if date >= from && date <= to {
                        part.visited.insert([user, code]);
                    }
                }
            }
        });
    }
    Ok(())
}

/// Turnover per (rep, month) of each client, attributed to its rep, active or not.
fn add_sales(
    worker: &Connection,
    scope: Scope,
    window: &Window,
    facts: &HashMap<String, Fact>,
    parts: &mut HashMap<String, ClientPart>,
    names: &mut Names,
) -> Result<()> {
    let turnover = names.id(TURNOVER_SERIES);
    let mut statement = worker.prepare(&format!(
        "SELECT c_client, month, amount_cents FROM m.sales_month WHERE month >= ?1 {}",
        scope.filter("c_client")
    ))?;
    let mut rows = statement.query([&window.sales_since])?;
    while let Some(row) = rows.next()? {
        let client = text(row, 0)?;
        let Some(rep) = facts.get(client).and_then(|f| f.rep.as_deref()) else {
            continue;
        };
        let month = text(row, 1)?;
        if month.len() != 7 {
            continue;
        }
        let key = [names.id(rep), names.id(month), turnover];
        let cents: i64 = row.get(2)?;
        add_to_part(parts, client, |part| {
            *part.figures.entry(key).or_insert(0) += cents
        });
    }
    Ok(())
}

/// Adds to the part of `client`, made empty on first sight. The client's code is copied
/// only then (most rows are of a client already met), which is why this takes what to add
/// rather than returning the part: a returned borrow of `parts` could not be followed by
/// the insertion.
fn add_to_part(
    parts: &mut HashMap<String, ClientPart>,
    client: &str,
    add: impl FnOnce(&mut ClientPart),
) {
    match parts.get_mut(client) {
        Some(part) => add(part),
        None => add(parts.entry(client.to_string()).or_default()),
    }
}

/// The proposal types a visit's answers name, as the field app reads them (`stats.rs`):
/// answers that no longer parse count for nothing. Only answers that mention the question
/// are parsed.
pub(super) fn proposal_types(answers: Option<&str>) -> Vec<String> {
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

/// Column `index` of `row` as text, borrowed from the row (no copy).
pub(super) fn text<'row>(
    row: &'row rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<&'row str> {
    row.get_ref(index)?.as_str().map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            Box::new(error),
        )
    })
}

/// A text column that may be NULL, read in place.
pub(super) fn optional_text<'row>(
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
