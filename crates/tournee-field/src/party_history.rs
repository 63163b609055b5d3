//! What a party owes to its ERP client or its prospect (snapshot schema 3, sync-spec §7
//! « Clients and prospects as parties »): the lifecycle facts of its links — the sale of a
//! client, each visit as a contact — and the timeline lines of its visits and its
//! modification requests, read from the snapshot's relation tables.
//!
//! A modification request is shown as what it is (`TimelineKind::ModificationRequest`) and
//! never counted as a visit nor as a fact. A converted prospect's visits were carried over
//! to its client's relations by the server, so a client's party shows the client's
//! relations only. A snapshot of schema 2 has no links: nothing is added.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use tournee_core::{parse_iso_date, Fact, FactKind};

use crate::dto::{TimelineEntry, TimelineKind};
use crate::error::Result;

/// A visit: a conversation with the party, whatever the form said.
const VISIT: FactKind = FactKind::Action {
    counts_as_contact: true,
    outcome: None,
};

/// A party's links as the snapshot carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyLinks {
    /// The ERP client it is.
    pub client_code: Option<String>,
    /// The prospect it came from.
    pub prospect_id: Option<String>,
    /// The day of its sale (`YYYY-MM-DD`).
    pub client_since: Option<String>,
}

/// Whether the snapshot's parties carry their links (schema 3).
fn has_links(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM pragma_table_info('party') WHERE name = 'client_code'")?
        .exists([])?)
}

/// The links of party `party_id` (`None` when it has none or the snapshot predates them).
pub fn links_of(conn: &Connection, party_id: &str) -> Result<Option<PartyLinks>> {
    if !has_links(conn)? {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached(
            "SELECT client_code, prospect_id, client_since FROM party WHERE id = ?1 \
             AND (client_code IS NOT NULL OR prospect_id IS NOT NULL)",
        )?
        .query_row([party_id], |r| {
            Ok(PartyLinks {
                client_code: r.get(0)?,
                prospect_id: r.get(1)?,
                client_since: r.get(2)?,
            })
        })
        .optional()?)
}

/// The party of ERP client `code` in the snapshot (the client card opens its contact
/// page); `None` when the snapshot predates the links or the rep may not read it.
pub fn party_of_client(conn: &Connection, code: &str) -> Result<Option<String>> {
    party_linked_by(conn, "client_code", code)
}

/// The party of prospect `prospect_id` in the snapshot (the prospect card opens its
/// contact page); `None` for a prospect the server has not integrated yet.
pub fn party_of_prospect(conn: &Connection, prospect_id: &str) -> Result<Option<String>> {
    party_linked_by(conn, "prospect_id", prospect_id)
}

fn party_linked_by(conn: &Connection, column: &'static str, key: &str) -> Result<Option<String>> {
    if !has_links(conn)? {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached(&format!("SELECT id FROM party WHERE {column} = ?1"))?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// The facts party `party_id` has through its links.
pub fn link_facts(conn: &Connection, party_id: &str) -> Result<Vec<Fact>> {
    let Some(links) = links_of(conn, party_id)? else {
        return Ok(Vec::new());
    };
    let mut facts = Vec::new();
    push_links(conn, &links, &mut facts)?;
    Ok(facts)
}

/// Every linked party's facts, read once per snapshot (the contact list's statuses).
pub fn all_link_facts(conn: &Connection) -> Result<HashMap<String, Vec<Fact>>> {
    let mut all = HashMap::new();
    if !has_links(conn)? {
        return Ok(all);
    }
    let mut parties = conn.prepare(
        "SELECT id, client_code, prospect_id, client_since FROM party \
         WHERE client_code IS NOT NULL OR prospect_id IS NOT NULL",
    )?;
    let linked: Vec<(String, PartyLinks)> = parties
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                PartyLinks {
                    client_code: r.get(1)?,
                    prospect_id: r.get(2)?,
                    client_since: r.get(3)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (id, links) in linked {
        let mut facts = Vec::new();
        push_links(conn, &links, &mut facts)?;
        all.insert(id, facts);
    }
    Ok(all)
}

fn push_links(conn: &Connection, links: &PartyLinks, facts: &mut Vec<Fact>) -> Result<()> {
    if let Some(code) = &links.client_code {
        if let Some(date) = links.client_since.as_deref().and_then(parse_iso_date) {
            facts.push(Fact {
                date,
                id: format!("erp:{code}"),
                kind: FactKind::ErpClient,
            });
        }
    }
    for visit in visits(conn, links)? {
        if let Some(date) = parse_iso_date(&visit.date) {
            facts.push(Fact {
                date,
                id: visit.id,
                kind: VISIT,
            });
        }
    }
    Ok(())
}

/// One relation of a linked party, as the timeline shows it.
struct Relation {
    id: String,
    kind: TimelineKind,
    date: String,
    time: String,
    title: String,
    text: String,
    author: String,
}

/// The client's visits (a client's party), else the prospect's.
fn visits(conn: &Connection, links: &PartyLinks) -> Result<Vec<Relation>> {
    Ok(relations(conn, links)?
        .into_iter()
        .filter(|r| r.kind == TimelineKind::Visit)
        .collect())
}

/// The relations of a linked party: the client's `client_relation` rows (visits and
/// modification requests, told apart by `relation_kind`), else the prospect's visits.
fn relations(conn: &Connection, links: &PartyLinks) -> Result<Vec<Relation>> {
    let map = |prefix: &'static str| {
        move |r: &rusqlite::Row<'_>| -> rusqlite::Result<Relation> {
            let kind: String = r.get(6)?;
            Ok(Relation {
                id: format!("{prefix}{}", r.get::<_, i64>(0)?),
                kind: if kind == "modification_request" {
                    TimelineKind::ModificationRequest
                } else {
                    TimelineKind::Visit
                },
                date: r.get(1)?,
                time: r.get(2)?,
                title: r.get(3)?,
                text: r.get(4)?,
                author: r.get(5)?,
            })
        }
    };
    if let Some(code) = &links.client_code {
        let rows = conn
            .prepare_cached(
                "SELECT id, date_relation, heure_relation, objet, commentaire, c_user, \
                 relation_kind FROM client_relation WHERE c_entite = ?1",
            )?
            .query_map([code], map("client_relation:"))?
            .collect::<rusqlite::Result<_>>()?;
        return Ok(rows);
    }
    if let Some(prospect) = &links.prospect_id {
        let rows = conn
            .prepare_cached(
                "SELECT id, date_relation, heure_relation, objet, commentaire, c_user, \
                 'visit' FROM prospect_visit WHERE prospect_id = ?1",
            )?
            .query_map([prospect], map("prospect_visit:"))?
            .collect::<rusqlite::Result<_>>()?;
        return Ok(rows);
    }
    Ok(Vec::new())
}

/// The timeline lines of party `party_id`'s visits and modification requests.
pub fn history_entries(conn: &Connection, party_id: &str) -> Result<Vec<TimelineEntry>> {
    let Some(links) = links_of(conn, party_id)? else {
        return Ok(Vec::new());
    };
    Ok(relations(conn, &links)?
        .into_iter()
        .map(|r| TimelineEntry {
            id: r.id,
            kind: r.kind,
            date: r.date,
            time: Some(r.time).filter(|t| !t.is_empty()),
            title: r.title,
            text: Some(r.text).filter(|t| !t.is_empty()),
            author: r.author,
            action_type: None,
            outcome: None,
            parent_id: None,
            status_from: None,
            status_to: None,
            pending: false,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use tournee_core::default_action_types;

    use super::*;
    use crate::dto::{ContactQuery, PartyStatus};
    use crate::record_index::RecordIndex;
    use crate::record_overlay::RecordOverlay;
    use crate::record_views::RecordReader;

    const CLIENT_PARTY: &str = "00000000001111111111111111";
    const PROSPECT_PARTY: &str = "00000000002222222222222222";

    /// A snapshot file of schema 3 with a client's party (two visits, one modification
    /// request), a visited prospect's party and a plain lead.
    fn snapshot(dir: &std::path::Path) -> Connection {
        let conn = Connection::open(dir.join("snapshot.sqlite")).unwrap();
        conn.execute_batch(tournee_sync::SNAPSHOT_TABLES_SQL)
            .unwrap();
        conn.execute_batch(tournee_sync::SNAPSHOT_INDEXES_SQL)
            .unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO party (id, kind, name, owner, created_by, created_at, status, client_code, \
               prospect_id, client_since) VALUES \
               ('{CLIENT_PARTY}', 'company', 'Garage Morel', 'jdupont', 'erp', 'x', 'client', 'C1', NULL, '2024-03-01'), \
               ('{PROSPECT_PARTY}', 'company', 'Pneus Lambert', 'jdupont', 'jdupont', 'x', 'prospect', NULL, 'PX', NULL), \
               ('01JD0000000000000000000P03', 'person', 'Durand', 'jdupont', 'jdupont', 'x', 'lead', NULL, NULL, NULL); \
             INSERT INTO client_relation (id, origine_relation, date_relation, heure_relation, c_entite, \
               c_user, objet, commentaire, relation_kind) VALUES \
               (1, 'CRV', '2026-11-02', '10:00', 'C1', 'JD01', 'Visite du 02/11/2026', 'Stock hiver', 'visit'), \
               (2, 'CRV', '2026-11-05', '11:30', 'C1', 'JD01', 'Demande de modification du 05/11/2026', '', 'modification_request'), \
               (3, 'CRV', '2026-11-09', '09:00', 'C1', 'JD01', 'Visite du 09/11/2026', '', 'visit'), \
               (4, 'CRV', '2026-11-09', '09:00', 'C9', 'JD01', 'Visite ailleurs', '', 'visit'); \
             INSERT INTO prospect_visit (id, prospect_id, origine_relation, date_relation, heure_relation, \
               c_user, objet, commentaire, change_id) VALUES \
               (1, 'PX', 'CRV', '2026-11-12', '14:00', 'JD01', 'Visite du 12/11/2026', 'Premier contact', 'c1');"
        ))
        .unwrap();
        conn
    }

    fn with_reader<T>(conn: &Connection, read: impl FnOnce(&RecordReader<'_>) -> T) -> T {
        let types = default_action_types();
        let index = RecordIndex::build(conn, &types).unwrap();
        let overlay = RecordOverlay::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let reader = RecordReader::new(conn, &index, &overlay, &types, today).unwrap();
        read(&reader)
    }

    #[test]
    fn a_clients_page_shows_its_visits_and_its_request_as_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let conn = snapshot(dir.path());
        let page = with_reader(&conn, |r| r.contact_page(CLIENT_PARTY).unwrap().unwrap());
        assert_eq!(page.status, PartyStatus::Client);
        assert_eq!(page.party.client_code.as_deref(), Some("C1"));
        // The edit dialog shows what the client owns read-only: the server's own list.
        assert_eq!(page.party.locked_fields, tournee_sync::LINKED_PARTY_FIELDS);
        let lead = with_reader(&conn, |r| {
            r.contact_page("01JD0000000000000000000P03")
                .unwrap()
                .unwrap()
        });
        assert!(
            lead.party.locked_fields.is_empty(),
            "a plain lead is all the rep's"
        );
        let lines: Vec<(TimelineKind, &str, &str)> = page
            .timeline
            .iter()
            .filter(|e| e.kind != TimelineKind::StatusChange)
            .map(|e| (e.kind, e.date.as_str(), e.title.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (TimelineKind::Visit, "2026-11-09", "Visite du 09/11/2026"),
                (
                    TimelineKind::ModificationRequest,
                    "2026-11-05",
                    "Demande de modification du 05/11/2026"
                ),
                (TimelineKind::Visit, "2026-11-02", "Visite du 02/11/2026"),
            ],
            "newest first, another client's visit left out"
        );
        // The request is no fact: two visits and the sale.
        let facts = link_facts(&conn, CLIENT_PARTY).unwrap();
        assert_eq!(facts.len(), 3, "{facts:?}");
        assert!(facts.iter().all(|f| f.date.to_string() != "2026-11-05"));
    }

    #[test]
    fn a_visited_prospects_party_is_a_prospect_in_the_list_and_its_visit_in_its_timeline() {
        let dir = tempfile::tempdir().unwrap();
        let conn = snapshot(dir.path());
        let (hits, page) = with_reader(&conn, |r| {
            (
                r.contacts(&ContactQuery::default()).unwrap(),
                r.contact_page(PROSPECT_PARTY).unwrap().unwrap(),
            )
        });
        let statuses: Vec<(&str, PartyStatus)> =
            hits.iter().map(|h| (h.name.as_str(), h.status)).collect();
        assert_eq!(
            statuses,
            [
                ("Durand", PartyStatus::Lead),
                ("Garage Morel", PartyStatus::Client),
                ("Pneus Lambert", PartyStatus::Prospect),
            ]
        );
        assert_eq!(page.party.prospect_id.as_deref(), Some("PX"));
        let kinds: Vec<TimelineKind> = page.timeline.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [TimelineKind::Visit, TimelineKind::StatusChange]);
        assert_eq!(page.timeline[0].text.as_deref(), Some("Premier contact"));
    }

    #[test]
    fn the_client_and_the_prospect_cards_find_their_contact_page() {
        let dir = tempfile::tempdir().unwrap();
        let conn = snapshot(dir.path());
        assert_eq!(
            party_of_client(&conn, "C1").unwrap().as_deref(),
            Some(CLIENT_PARTY)
        );
        assert_eq!(
            party_of_prospect(&conn, "PX").unwrap().as_deref(),
            Some(PROSPECT_PARTY)
        );
        // Another rep's client, or a prospect not yet integrated: no party to open.
        assert_eq!(party_of_client(&conn, "C9").unwrap(), None);
        assert_eq!(party_of_prospect(&conn, "P-NEW").unwrap(), None);
    }

    #[test]
    fn a_schema_2_snapshot_without_links_still_reads() {
        let dir = tempfile::tempdir().unwrap();
        let conn = snapshot(dir.path());
        conn.execute_batch(
            "ALTER TABLE party DROP COLUMN client_since; ALTER TABLE party DROP COLUMN prospect_id; \
             ALTER TABLE party DROP COLUMN client_code;",
        )
        .unwrap();
        assert_eq!(links_of(&conn, CLIENT_PARTY).unwrap(), None);
        assert_eq!(
            party_of_client(&conn, "C1").unwrap(),
            None,
            "no link to follow"
        );
        let page = with_reader(&conn, |r| r.contact_page(CLIENT_PARTY).unwrap().unwrap());
        assert_eq!(page.status, PartyStatus::Lead, "no link, no sale");
        assert!(page.timeline.is_empty());
        assert_eq!(page.party.client_code, None);
        assert!(page.party.locked_fields.is_empty());
    }
}
