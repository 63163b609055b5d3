//! The lifecycle facts a party gets from its links (docs/crm-lifecycle.md): a sale for a
//! client's party (`ErpClient`, on its `client_since` day) and for a validated conversion
//! of its prospect (`ValidatedConversion`, on the day the accountant validated it); a
//! contact for each visit to its client (`client_relation` rows of kind `visit`) or to
//! its prospect (`prospect_visit`). A modification request is never a fact.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use tournee_core::{parse_iso_date, Fact, FactKind};

use crate::error::StoreError;

/// A visit: a conversation with the party, whatever the form said.
const VISIT: FactKind = FactKind::Action {
    counts_as_contact: true,
    outcome: None,
};

/// The facts party `party_id` has through its client and prospect (none when unlinked).
pub fn link_facts(conn: &Connection, party_id: &str) -> Result<Vec<Fact>, StoreError> {
    // A master between migrations 14 and 17 (the status backfill of 14) has no links yet.
    let has_links: bool = conn
        .prepare_cached(
            "SELECT count(*) FROM pragma_table_info('party') WHERE name = 'client_code'",
        )?
        .query_row([], |r| r.get::<_, i64>(0))?
        > 0;
    if !has_links {
        return Ok(Vec::new());
    }
    let link: Option<(Option<String>, Option<String>, Option<String>)> = conn
        .prepare_cached("SELECT client_code, prospect_id, client_since FROM party WHERE id = ?1")?
        .query_row([party_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((client, prospect, since)) = link else {
        return Ok(Vec::new());
    };
    let mut facts = Vec::new();
    if let Some(code) = &client {
        let what = || format!("party.client_since of {party_id}");
        let since = since.ok_or_else(|| StoreError::StoredValue {
            what: what(),
            reason: "missing on a client's party".to_owned(),
        })?;
        let date = parse_iso_date(&since).ok_or_else(|| StoreError::StoredValue {
            what: what(),
            reason: format!("{since:?} is not a day"),
        })?;
        facts.push(fact(date, format!("erp:{code}"), FactKind::ErpClient));
        dated_rows(
            conn,
            "SELECT id, date_relation FROM client_relation \
             WHERE type_entite = 'C' AND c_entite = ?1 AND relation_kind = 'visit'",
            code,
            "client_relation:",
            VISIT,
            &mut facts,
        )?;
    }
    if let Some(id) = &prospect {
        dated_rows(
            conn,
            "SELECT id, substr(decided_at, 1, 10) FROM client_creation_request \
             WHERE prospect_id = ?1 AND status = 'validated'",
            id,
            "conversion:",
            FactKind::ValidatedConversion,
            &mut facts,
        )?;
        dated_rows(
            conn,
            "SELECT id, date_relation FROM prospect_visit WHERE prospect_id = ?1",
            id,
            "prospect_visit:",
            VISIT,
            &mut facts,
        )?;
    }
    Ok(facts)
}

fn fact(date: NaiveDate, id: String, kind: FactKind) -> Fact {
    Fact { date, id, kind }
}

/// One fact of `kind` per row `(id, day)` of `sql` bound to `key`; a row without a valid
/// day (an ERP row with a malformed date) gives none.
fn dated_rows(
    conn: &Connection,
    sql: &str,
    key: &str,
    prefix: &str,
    kind: FactKind,
    facts: &mut Vec<Fact>,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([key], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, day) = row?;
        if let Some(date) = parse_iso_date(&day) {
            facts.push(fact(date, format!("{prefix}{id}"), kind));
        }
    }
    Ok(())
}
