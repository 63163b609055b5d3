//! The « Stats » tab: a rep's visits by commercial grid, prospect visits, proposals handed
//! over by type, turnover N and N-1, and the share of clients and prospects visited.
//!
//! The signed-in rep's figures are computed here from the snapshot's own rows plus the
//! visits written on this laptop and not yet integrated. Another rep's figures (admins
//! only) come from the `team_*` tables the server adds to an admin's snapshot, made by the
//! same definitions (see `tournee-store`'s snapshot builder).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use rusqlite::{params, Connection, OptionalExtension};
use tournee_core::{Answer, FormAnswers, Lang, VisitForm};

use crate::dto::{Series, Stats};
use crate::error::Result;
use crate::overlay::Overlay;
pub use tournee_core::{period, Period};

/// The visit-form question whose options are the proposal types.
pub const PROPOSAL_GROUP: &str = "remise_proposition_type";
/// Series name for clients without a commercial grid.
const NO_GRID: &str = "—";

/// Counts per (series, month), turned into [`Series`] in the period's month order.
#[derive(Debug, Default)]
struct Tally(BTreeMap<String, BTreeMap<String, i64>>);

impl Tally {
    fn add(&mut self, series: &str, month: &str, count: i64) {
        *self
            .0
            .entry(series.to_string())
            .or_default()
            .entry(month.to_string())
            .or_default() += count;
    }

    fn series(&self, months: &[String]) -> Vec<Series> {
        self.0
            .iter()
            .map(|(name, by_month)| Series {
                name: name.clone(),
                values: months
                    .iter()
                    .map(|m| by_month.get(m).copied().unwrap_or(0))
                    .collect(),
            })
            .collect()
    }

    fn one(&self, name: &str, months: &[String]) -> Series {
        let by_month = self.0.get(name);
        Series {
            name: name.to_string(),
            values: months
                .iter()
                .map(|m| by_month.and_then(|b| b.get(m)).copied().unwrap_or(0))
                .collect(),
        }
    }
}

/// The label of a proposal type from the visit form, or its id.
fn proposal_label(form: &VisitForm, option: &str, lang: Lang) -> String {
    form.group(PROPOSAL_GROUP)
        .and_then(|g| g.options.iter().find(|o| o.id == option))
        .map(|o| match lang {
            Lang::Fr => o.label_fr.clone(),
            Lang::En => o.label_en.clone(),
        })
        .unwrap_or_else(|| option.to_string())
}

fn proposals_of(answers: &FormAnswers) -> Vec<String> {
    match answers.get(PROPOSAL_GROUP) {
        Some(Answer::Many(types)) => types.clone(),
        Some(Answer::One(one)) => vec![one.clone()],
        None => Vec::new(),
    }
}

/// Answers stored with a visit; those recorded under an older form tree may no longer
/// parse, and then count for nothing (the visit itself still counts).
fn stored_answers(json: Option<&str>) -> FormAnswers {
    json.and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

/// Adds a visit's proposals handed over to `tally`, in `month`, by type label.
fn count_proposals(
    tally: &mut Tally,
    form: &VisitForm,
    answers: &FormAnswers,
    month: &str,
    lang: Lang,
) {
    for kind in proposals_of(answers) {
        tally.add(&proposal_label(form, &kind, lang), month, 1);
    }
}

/// The signed-in rep's stats, from the snapshot's rows and this laptop's pending visits.
pub fn own_stats(
    conn: &Connection,
    form: &VisitForm,
    erp_code: &str,
    period: &Period,
    pending: &Overlay,
    lang: Lang,
) -> Result<Stats> {
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let mut grids = Tally::default();
    let mut visited_clients = BTreeSet::new();
    let mut proposals = Tally::default();
    let mut stmt = conn.prepare_cached(
        "SELECT substr(r.date_relation, 1, 7), coalesce(c.c_catc, ''), r.c_entite, \
         coalesce(c.in_portfolio, 0), r.answers_json \
         FROM relation r LEFT JOIN client c ON c.c_client = r.c_entite \
         WHERE r.c_user = ?1 AND r.origine_relation <> 'LIT' AND r.relation_kind = 'visit' \
           AND r.date_relation BETWEEN ?2 AND ?3",
    )?;
    let rows = stmt.query_map(params![erp_code, from, to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, bool>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    for row in rows {
        let (month, grid, client, in_portfolio, answers) = row?;
        grids.add(if grid.is_empty() { NO_GRID } else { &grid }, &month, 1);
        if in_portfolio {
            visited_clients.insert(client);
        }
        count_proposals(
            &mut proposals,
            form,
            &stored_answers(answers.as_deref()),
            &month,
            lang,
        );
    }
    let mut grid_of = conn.prepare_cached(
        "SELECT coalesce(c_catc, ''), in_portfolio FROM client WHERE c_client = ?1",
    )?;
    for (client, visits) in &pending.client_visits {
        // A client absent from the snapshot (no longer active) counts without a grid.
        let (grid, in_portfolio) = grid_of
            .query_row([client], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
            })
            .optional()?
            .unwrap_or_default();
        for (_, visit) in visits {
            if visit.visit_date < period.from || visit.visit_date > period.to {
                continue;
            }
            let month = visit.visit_date.format("%Y-%m").to_string();
            grids.add(if grid.is_empty() { NO_GRID } else { &grid }, &month, 1);
            if in_portfolio {
                visited_clients.insert(client.clone());
            }
            count_proposals(&mut proposals, form, &visit.answers, &month, lang);
        }
    }

    let mut prospect_tally = Tally::default();
    let mut visited_prospects = BTreeSet::new();
    let mut stmt = conn.prepare_cached(
        "SELECT substr(date_relation, 1, 7), prospect_id, answers_json FROM prospect_visit \
         WHERE c_user = ?1 AND date_relation BETWEEN ?2 AND ?3",
    )?;
    let rows = stmt.query_map(params![erp_code, from, to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (month, prospect, answers) = row?;
        prospect_tally.add("prospects", &month, 1);
        visited_prospects.insert(prospect);
        count_proposals(
            &mut proposals,
            form,
            &stored_answers(answers.as_deref()),
            &month,
            lang,
        );
    }
    for (prospect, visits) in &pending.prospect_visits {
        for (_, visit) in visits {
            if visit.visit_date < period.from || visit.visit_date > period.to {
                continue;
            }
            let month = visit.visit_date.format("%Y-%m").to_string();
            prospect_tally.add("prospects", &month, 1);
            visited_prospects.insert(prospect.clone());
            count_proposals(&mut proposals, form, &visit.answers, &month, lang);
        }
    }

    let year = period.to.year();
    let (ca_n, ca_n1) = turnover(conn, year)?;
    let clients_total: u32 = conn.query_row(
        "SELECT count(*) FROM client WHERE in_portfolio = 1",
        [],
        |r| r.get(0),
    )?;
    let prospects_total: u32 = conn.query_row("SELECT count(*) FROM prospect", [], |r| r.get(0))?;
    let prospects_total = prospects_total + count_u32(pending.created_prospects.len());
    let me = rep_name(conn, erp_code)?;
    Ok(Stats {
        rep: erp_code.to_string(),
        rep_name: me,
        period: period.code.clone(),
        months: period.months.clone(),
        visits_by_grid: grids.series(&period.months),
        prospect_visits: named(prospect_tally.one("prospects", &period.months), "Prospects"),
        proposals: proposals.series(&period.months),
        year,
        ca_n,
        ca_n1,
        clients_total,
        clients_visited: count_u32(visited_clients.len()),
        prospects_total,
        prospects_visited: count_u32(visited_prospects.len()),
    })
}

/// Another rep's stats (admins), from the `team_*` tables of the admin's snapshot.
pub fn team_stats(
    conn: &Connection,
    form: &VisitForm,
    erp_code: &str,
    period: &Period,
    lang: Lang,
) -> Result<Stats> {
    let (first, last) = match (period.months.first(), period.months.last()) {
        (Some(first), Some(last)) => (first.clone(), last.clone()),
        _ => (String::new(), String::new()),
    };
    let mut grids = Tally::default();
    let mut prospects = Tally::default();
    let mut proposals = Tally::default();
    let mut stmt = conn.prepare_cached(
        "SELECT month, series, value FROM team_month \
         WHERE c_user = ?1 AND month BETWEEN ?2 AND ?3 AND series <> 'ca'",
    )?;
    let rows = stmt.query_map(params![erp_code, first, last], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (month, series, value) = row?;
        if let Some(grid) = series.strip_prefix("grid:") {
            grids.add(if grid.is_empty() { NO_GRID } else { grid }, &month, value);
        } else if let Some(kind) = series.strip_prefix("proposal:") {
            proposals.add(&proposal_label(form, kind, lang), &month, value);
        } else if series == "prospect" {
            prospects.add("prospects", &month, value);
        }
    }
    let year = period.to.year();
    let mut by_month = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT month, value FROM team_month WHERE c_user = ?1 AND series = 'ca' AND month BETWEEN ?2 AND ?3",
    )?;
    let rows = stmt.query_map(
        params![erp_code, format!("{}-01", year - 1), format!("{year}-12")],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
    )?;
    for row in rows {
        let (month, cents) = row?;
        by_month.insert(month, cents);
    }
    let (ca_n, ca_n1) = year_series(&by_month, year);
    let shares: (u32, u32, u32, u32) = conn
        .query_row(
            "SELECT clients_total, clients_visited, prospects_total, prospects_visited \
             FROM team_share WHERE c_user = ?1 AND period = ?2",
            params![erp_code, period.code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        // A rep activated after this snapshot has no figures yet.
        .unwrap_or_default();
    Ok(Stats {
        rep: erp_code.to_string(),
        rep_name: rep_name(conn, erp_code)?,
        period: period.code.clone(),
        months: period.months.clone(),
        visits_by_grid: grids.series(&period.months),
        prospect_visits: named(prospects.one("prospects", &period.months), "Prospects"),
        proposals: proposals.series(&period.months),
        year,
        ca_n,
        ca_n1,
        clients_total: shares.0,
        clients_visited: shares.1,
        prospects_total: shares.2,
        prospects_visited: shares.3,
    })
}

fn named(mut series: Series, name: &str) -> Series {
    series.name = name.to_string();
    series
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Monthly turnover of the portfolio for `year` and the year before (12 values each, cents).
fn turnover(conn: &Connection, year: i32) -> Result<(Series, Series)> {
    let mut stmt = conn.prepare_cached(
        "SELECT month, sum(amount_cents) FROM sales_month WHERE month BETWEEN ?1 AND ?2 GROUP BY month",
    )?;
    let mut by_month = BTreeMap::new();
    let rows = stmt.query_map(
        params![format!("{}-01", year - 1), format!("{year}-12")],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
    )?;
    for row in rows {
        let (month, cents) = row?;
        by_month.insert(month, cents);
    }
    Ok(year_series(&by_month, year))
}

/// Splits monthly values into the series of `year` and of the year before.
pub fn year_series(by_month: &BTreeMap<String, i64>, year: i32) -> (Series, Series) {
    let of = |y: i32| Series {
        name: y.to_string(),
        values: (1..=12)
            .map(|m| by_month.get(&format!("{y}-{m:02}")).copied().unwrap_or(0))
            .collect(),
    };
    (of(year), of(year - 1))
}

/// The display name of a rep by ERP code (the code itself if unknown).
pub fn rep_name(conn: &Connection, erp_code: &str) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT display_name FROM app_user WHERE erp_code = ?1",
            [erp_code],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| erp_code.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turnover_is_split_by_year_in_month_order() {
        let by_month = BTreeMap::from([
            ("2025-03".to_string(), 500),
            ("2026-01".to_string(), 100),
            ("2026-12".to_string(), 7),
        ]);
        let (n, n1) = year_series(&by_month, 2026);
        assert_eq!(n.values[0], 100);
        assert_eq!(n.values[11], 7);
        assert_eq!(n1.values[2], 500);
        assert_eq!(n1.name, "2025");
    }
}
