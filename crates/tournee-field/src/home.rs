//! The home screen's two lists over the rep's portfolio: « À revoir » (by revisit date)
//! and « Dernière visite » (not seen for the longest first), pending changes included.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::dto::HomeRow;
use crate::error::Result;
use crate::overlay::{later_day, Overlay};

/// Portfolio clients with a revisit date, soonest (most overdue) first.
pub fn revisit_rows(
    conn: &Connection,
    overlay: &Overlay,
    today: NaiveDate,
) -> Result<Vec<HomeRow>> {
    let mut rows: Vec<HomeRow> = portfolio(conn, overlay, today)?
        .into_iter()
        .filter(|r| r.date_revoir.is_some())
        .collect();
    rows.sort_by(|a, b| {
        a.date_revoir
            .cmp(&b.date_revoir)
            .then_with(|| a.nom_client.cmp(&b.nom_client))
    });
    Ok(rows)
}

/// Portfolio clients, never visited first, then by oldest last visit.
pub fn last_visit_rows(
    conn: &Connection,
    overlay: &Overlay,
    today: NaiveDate,
) -> Result<Vec<HomeRow>> {
    let mut rows = portfolio(conn, overlay, today)?;
    rows.sort_by(|a, b| {
        a.last_visit
            .cmp(&b.last_visit)
            .then_with(|| a.nom_client.cmp(&b.nom_client))
    });
    Ok(rows)
}

fn portfolio(conn: &Connection, overlay: &Overlay, today: NaiveDate) -> Result<Vec<HomeRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.c_client, c.nom_client, c.c_agence, d.date_revoir, c.last_visit \
         FROM client c LEFT JOIN client_detail d ON d.c_client = c.c_client \
         WHERE c.in_portfolio = 1",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (code, name, agency, snapshot_revisit, snapshot_last) = row?;
        let (date_revoir, revisit_pending) = match overlay.revisit.get(&code) {
            Some(pending) => (pending.map(|d| d.to_string()), true),
            None => (snapshot_revisit, false),
        };
        let last_visit = later_day(snapshot_last, overlay.last_visit(&code));
        out.push(HomeRow {
            revisit_in_days: days_between(today, date_revoir.as_deref()),
            days_since_visit: days_between(today, last_visit.as_deref()).map(|d| -d),
            c_client: code,
            nom_client: name,
            c_agence: agency,
            date_revoir,
            last_visit,
            revisit_pending,
        });
    }
    Ok(out)
}

/// Days from `today` to an ISO day (negative when it is past).
pub fn days_between(today: NaiveDate, day: Option<&str>) -> Option<i32> {
    let day = tournee_core::parse_iso_date(day?.get(..10)?)?;
    i32::try_from((day - today).num_days()).ok()
}
