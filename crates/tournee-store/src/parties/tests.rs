//! Clients and prospects becoming parties, on real SQLite files: the migration of a master
//! that already holds clients, prospects, visits and modification requests; the ERP's
//! re-import; the statuses always equal to a recomputation from scratch.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use chrono::{TimeZone, Utc};
use rusqlite::Connection;
use tournee_core::{status, FactKind, Status};

use super::*;
use crate::master::migrate::migrate_to;
use crate::master::params::Parameters;
use crate::records::{party_facts, stored_status};

/// A master file at schema 16 (before the links) with users, clients, their visits and a
/// modification request, and prospects in every state.
fn master_before_links(dir: &std::path::Path) -> Connection {
    let mut conn = Connection::open(dir.join("master.sqlite")).unwrap();
    migrate_to(&mut conn, 16).unwrap();
    conn.execute_batch(
        "INSERT INTO app_user (windows_user, erp_code, email, display_name) VALUES \
           ('jdupont', 'JD01', 'jd@example.fr', 'Jean Dupont'), \
           ('mmartin', 'MM02', 'mm@example.fr', 'Marie Martin'); \
         INSERT INTO client (c_client, nom_client, c_titre, contact_divers_2, tel_1, \
           contact_divers_4, adr1_fac, dep_fac, bur_dis_fac, ville_fac, c_pays, c_rep) VALUES \
           ('C1', 'Garage Morel', 'SARL', '73282932000074', '04 78 12 34 56', \
            'contact@morel.fr', '12 rue Neuve', '69', '003', 'Lyon', 'FR', 'JD01'), \
           ('C2', 'Lambert Paul', 'M.', NULL, '06 12 34 56 78', NULL, NULL, '38', '000', \
            'Grenoble', 'FR', 'MM02'), \
           ('C3', 'Transports Sans Rep', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
            NULL, 'ZZ'); \
         INSERT INTO sales_month (c_client, month, amount_cents) VALUES \
           ('C1', '2024-03', 1000), ('C1', '2025-01', 2000); \
         INSERT INTO client_relation (id, origine_relation, date_relation, heure_relation, \
           type_entite, c_entite, c_user, type_relation, objet, commentaire, change_id, \
           relation_kind) VALUES \
           (1, 'CRV', '2026-10-01', '10:00', 'C', 'C1', 'JD01', 'S', 'Visite', '', 'v1', 'visit'), \
           (2, 'CRV', '2026-10-02', '11:00', 'C', 'C1', 'JD01', 'S', 'Demande', '', 'm1', \
            'modification_request'); \
         INSERT INTO modification_request (c_client, requested_by, changes_json, created_at, \
           change_id, file_name) VALUES ('C1', 'jdupont', '[]', '2026-10-02T09:00:00Z', 'm1', 'f'); \
         INSERT INTO prospect (prospect_id, created_by, assignee, nom_client, status, created_at, \
           last_movement_at, change_id, file_name, converted_client) VALUES \
           ('01JD000000000000000000PA01', 'jdupont', 'jdupont', 'Garage Visité', 'active', \
            '2026-09-01T08:00:00.000Z', 't', 'cpa', 'f', NULL), \
           ('01JD000000000000000000PB01', 'jdupont', 'mmartin', 'Pneus Jamais Vus', 'active', \
            '2026-09-02T08:00:00.000Z', 't', 'cpb', 'f', NULL), \
           ('01JD000000000000000000PC01', 'jdupont', 'jdupont', 'Effacé', 'deleted', \
            '2026-09-03T08:00:00.000Z', 't', 'cpc', 'f', NULL), \
           ('01JD000000000000000000PD01', 'jdupont', 'jdupont', 'Transports Fabre', 'converted', \
            '2026-09-04T08:00:00.000Z', 't', 'cpd', 'f', 'C4'); \
         INSERT INTO prospect_field (prospect_id, field, value, written_at, change_id) VALUES \
           ('01JD000000000000000000PB01', 'tel_1', '04 76 00 00 01', 't', 'cpb'), \
           ('01JD000000000000000000PB01', 'ville_fac', 'Vienne', 't', 'cpb'); \
         INSERT INTO prospect_visit (prospect_id, origine_relation, date_relation, \
           heure_relation, c_user, objet, commentaire, change_id, file_name) VALUES \
           ('01JD000000000000000000PA01', 'CRV', '2026-09-10', '09:00', 'JD01', 'Visite', '', \
            'vpa', 'f'); \
         INSERT INTO client (c_client, nom_client, c_rep, created_from_prospect) VALUES \
           ('C4', 'Transports Fabre', 'JD01', '01JD000000000000000000PD01'); \
         INSERT INTO client_creation_request (prospect_id, requested_by, fields_json, status, \
           c_client, decided_at, created_at, change_id, file_name) VALUES \
           ('01JD000000000000000000PD01', 'jdupont', '{}', 'validated', 'C4', \
            '2026-09-15T14:00:00.000Z', '2026-09-12T08:00:00Z', 'ccd', 'f');",
    )
    .unwrap();
    conn
}

fn party_of(
    conn: &Connection,
    column: &str,
    key: &str,
) -> (String, String, String, Option<String>, String) {
    conn.query_row(
        &format!("SELECT id, kind, name, owner, status FROM party WHERE {column} = ?1"),
        [key],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every party's stored status equals the lifecycle recomputed from all its facts.
fn assert_statuses_recomputed(conn: &Connection) {
    let types = Parameters::load(conn).unwrap().action_types;
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM party")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for id in ids {
        let facts = party_facts(conn, &id, &types).unwrap();
        assert_eq!(
            stored_status(conn, &id).unwrap(),
            Some(status(&facts)),
            "{id}"
        );
    }
}

#[test]
fn a_master_with_clients_and_prospects_migrates_into_linked_parties_with_their_status() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = master_before_links(dir.path());
    assert_eq!(migrate_to(&mut conn, 17).unwrap(), vec![17]);

    // One party per client and per live prospect; the converted prospect's is its client's.
    assert_eq!(count(&conn, "SELECT count(*) FROM party"), 6);
    let c1 = party_of(&conn, "client_code", "C1");
    assert_eq!(c1.0, derived_party_id(Link::Client("C1")));
    assert_eq!(
        (c1.1.as_str(), c1.2.as_str(), c1.3.as_deref(), c1.4.as_str()),
        ("company", "Garage Morel", Some("jdupont"), "client")
    );
    let (phone, email, postal, city, siret, since): (String, String, String, String, String, String) = conn
        .query_row(
            "SELECT phone, email, postal_code, city, siret, client_since FROM party WHERE client_code = 'C1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(
        (
            phone.as_str(),
            email.as_str(),
            postal.as_str(),
            city.as_str(),
            siret.as_str(),
            since.as_str()
        ),
        (
            "04 78 12 34 56",
            "contact@morel.fr",
            "69003",
            "Lyon",
            "73282932000074",
            "2024-03-01"
        ),
        "the ERP's data intact, the sale dated by the first month of sales"
    );
    let c2 = party_of(&conn, "client_code", "C2");
    assert_eq!(
        (c2.1.as_str(), c2.3.as_deref()),
        ("person", Some("mmartin")),
        "a civility and no SIRET: a person"
    );
    let c3 = party_of(&conn, "client_code", "C3");
    assert_eq!(
        (c3.1.as_str(), c3.3, c3.4.as_str()),
        ("company", None, "client"),
        "a rep nobody maps to: no owner"
    );

    let visited = party_of(&conn, "prospect_id", "01JD000000000000000000PA01");
    assert_eq!(
        visited.0,
        derived_party_id(Link::Prospect("01JD000000000000000000PA01"))
    );
    assert_eq!(visited.4, "prospect", "a visited prospect is a prospect");
    let never = party_of(&conn, "prospect_id", "01JD000000000000000000PB01");
    assert_eq!(
        (never.3.as_deref(), never.4.as_str()),
        (Some("mmartin"), "lead"),
        "owned by the assignee"
    );
    let city: String = conn
        .query_row("SELECT city FROM party WHERE id = ?1", [&never.0], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(city, "Vienne", "the prospect's fields copied");
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM party WHERE prospect_id = '01JD000000000000000000PC01'"
        ),
        0,
        "a deleted prospect has no party"
    );
    let converted = party_of(&conn, "prospect_id", "01JD000000000000000000PD01");
    assert_eq!(
        converted,
        party_of(&conn, "client_code", "C4"),
        "one party for both"
    );
    assert_eq!(converted.4, "client");
    let since: String = conn
        .query_row(
            "SELECT client_since FROM party WHERE client_code = 'C4'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        since, "2026-09-15",
        "a conversion is a client from the day it was validated"
    );

    // A modification request is no fact: C1 has its sale and its one visit.
    let facts = link_facts(&conn, &c1.0).unwrap();
    assert_eq!(facts.len(), 2, "{facts:?}");
    assert!(facts.iter().any(|f| f.kind == FactKind::ErpClient));
    assert!(
        facts.iter().all(|f| f.date.to_string() != "2026-10-02"),
        "{facts:?}"
    );
    assert_statuses_recomputed(&conn);
}

#[test]
fn the_links_are_the_same_on_every_rebuild() {
    let ids = |conn: &Connection| -> Vec<(String, Option<String>, Option<String>)> {
        conn.prepare("SELECT id, client_code, prospect_id FROM party ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut first = master_before_links(a.path());
    let mut second = master_before_links(b.path());
    migrate_to(&mut first, 17).unwrap();
    migrate_to(&mut second, 17).unwrap();
    assert_eq!(ids(&first), ids(&second));
    // Linking again changes nothing.
    let types = Parameters::load(&first).unwrap().action_types;
    let again = link_all(&first, &types, Utc::now()).unwrap();
    assert_eq!(again, Linked::default());
}

#[test]
fn an_erp_reimport_links_new_clients_refreshes_the_others_and_keeps_the_gone_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = master_before_links(dir.path());
    migrate_to(&mut conn, crate::master::migrate::LATEST_VERSION).unwrap();
    let before = party_of(&conn, "client_code", "C2");
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("client.csv"),
        "c_client;nom_client;c_rep;tel_1\n\
         C1;Garage Morel et Fils;MM02;04 78 12 34 56\n\
         C3;Transports Sans Rep;;\n\
         C4;Transports Fabre;JD01;\n\
         C5;Nouveau Client;JD01;04 72 00 00 00\n",
    )
    .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 6, 0, 0).unwrap();
    let run = crate::erp::import_erp(&mut conn, folder.path(), now).unwrap();
    assert!(run.fault.is_none(), "{:?}", run.fault);

    let c1 = party_of(&conn, "client_code", "C1");
    assert_eq!(
        (c1.2.as_str(), c1.3.as_deref()),
        ("Garage Morel et Fils", Some("mmartin")),
        "the ERP's name and rep"
    );
    let c5 = party_of(&conn, "client_code", "C5");
    assert_eq!(
        (c5.0.clone(), c5.4.as_str()),
        (derived_party_id(Link::Client("C5")), "client")
    );
    let since: String = conn
        .query_row(
            "SELECT client_since FROM party WHERE client_code = 'C5'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        since, "2026-11-23",
        "no sales, no conversion: the day Tournée first knew it"
    );
    let actif: i64 = conn
        .query_row("SELECT actif FROM client WHERE c_client = 'C2'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(actif, 0, "C2 left the export");
    assert_eq!(
        party_of(&conn, "client_code", "C2"),
        before,
        "and keeps its party untouched"
    );
    assert_statuses_recomputed(&conn);

    // The same files again: nothing to link, nothing to refresh.
    let types = Parameters::load(&conn).unwrap().action_types;
    crate::erp::import_erp(&mut conn, folder.path(), now).unwrap();
    assert_eq!(link_all(&conn, &types, now).unwrap(), Linked::default());
}

#[test]
fn a_prospects_party_follows_its_changes_and_goes_with_its_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = master_before_links(dir.path());
    migrate_to(&mut conn, 17).unwrap();
    let types = Parameters::load(&conn).unwrap().action_types;
    let now = Utc::now();
    let id = "01JD000000000000000000PB01";
    conn.execute(
        "INSERT INTO prospect_visit (prospect_id, origine_relation, date_relation, heure_relation, \
         c_user, objet, commentaire, change_id, file_name) \
         VALUES (?1, 'CRV', '2026-11-02', '10:00', 'MM02', 'Visite', '', 'vpb', 'f')",
        [id],
    )
    .unwrap();
    conn.execute(
        "UPDATE prospect SET nom_client = 'Pneus Enfin Vus' WHERE prospect_id = ?1",
        [id],
    )
    .unwrap();
    let linked = link_prospect(&conn, id, &types, now).unwrap();
    assert_eq!(linked.refreshed, 1);
    let party = party_of(&conn, "prospect_id", id);
    assert_eq!(
        (party.2.as_str(), party.4.as_str()),
        ("Pneus Enfin Vus", "prospect")
    );
    assert_eq!(
        stored_status(&conn, &party.0).unwrap(),
        Some(Status::Prospect)
    );

    conn.execute(
        "UPDATE prospect SET status = 'deleted' WHERE prospect_id = ?1",
        [id],
    )
    .unwrap();
    assert_eq!(link_prospect(&conn, id, &types, now).unwrap().removed, 1);
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM party WHERE prospect_id = '{id}'")
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM record_tombstone WHERE entity = 'party' AND id = '{}'",
                party.0
            )
        ),
        1
    );
}
