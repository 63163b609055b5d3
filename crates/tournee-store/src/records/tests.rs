use chrono::{TimeZone, Utc};
use serde_json::json;
use tournee_sync::parse_record;

use super::*;
use crate::master::open_master;

const PARTY: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0P";
const PERSON: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0R";
const ACTION: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0Q";
const REPLY: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0S";
const TODO: &str = "01JDQ3W5ZK8M6T2V4X9B7C1N0T";

struct Master {
    _dir: tempfile::TempDir,
    conn: Connection,
}

fn master() -> Master {
    let dir = tempfile::tempdir().unwrap();
    let conn = open_master(&dir.path().join("tournee.sqlite")).unwrap();
    Master { _dir: dir, conn }
}

/// A write by `user`, `minute` minutes past 10:00 on 2026-12-01, with change id `change`.
fn write(user: &str, minute: u32, change: &str) -> RecordWrite {
    RecordWrite {
        change_id: change.into(),
        user: user.into(),
        written_at: Utc.with_ymd_and_hms(2026, 12, 1, 10, minute, 0).unwrap(),
    }
}

/// A change id, distinct per `n`, increasing with it.
fn change_id(n: u32) -> String {
    format!("01JDQ3W5ZK8M6T2V4X9B7C{n:04}")
}

fn apply(
    m: &Master,
    w: &RecordWrite,
    payload: serde_json::Value,
) -> Result<RecordApplied, RecordNotApplied> {
    let change = parse_record(&payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
    apply_record(&m.conn, w, &change)
}

fn create_party(m: &Master) {
    let created = apply(
        m,
        &write("jdupont", 0, &change_id(1)),
        json!({"entity": "party", "op": "create", "id": PARTY, "fields": {
            "kind": "company", "name": "Garage Martin", "phone": "04 72 00 00 01",
            "city": "Lyon", "owner": "jdupont"}}),
    );
    assert_eq!(created.unwrap(), RecordApplied::Created);
}

fn party_field(m: &Master, column: &str) -> Option<String> {
    m.conn
        .query_row(
            &format!("SELECT {column} FROM party WHERE id = ?1"),
            [PARTY],
            |r| r.get(0),
        )
        .unwrap()
}

fn history(m: &Master) -> Vec<(String, String, Option<String>, String)> {
    m.conn
        .prepare("SELECT field, value_json, change_id, superseded_by FROM record_field_history ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn update_city(id: &str, city: &str) -> serde_json::Value {
    json!({"entity": "party", "op": "update", "id": id, "fields": {"city": city}})
}

#[test]
fn a_creation_writes_the_row_with_who_and_when() {
    let m = master();
    create_party(&m);
    assert_eq!(party_field(&m, "name").as_deref(), Some("Garage Martin"));
    assert_eq!(party_field(&m, "kind").as_deref(), Some("company"));
    assert_eq!(party_field(&m, "created_by").as_deref(), Some("jdupont"));
    assert_eq!(
        party_field(&m, "created_at").as_deref(),
        Some("2026-12-01T10:00:00.000Z")
    );
    let again = apply(
        &m,
        &write("mleroy", 5, &change_id(2)),
        json!({"entity": "party", "op": "create", "id": PARTY, "fields": {
            "kind": "person", "name": "Autre"}}),
    );
    assert!(matches!(again, Err(RecordNotApplied::AlreadyExists { .. })));
    assert_eq!(party_field(&m, "name").as_deref(), Some("Garage Martin"));
}

#[test]
fn the_later_write_wins_whatever_the_arrival_order_and_the_loser_is_kept() {
    let m = master();
    create_party(&m);
    // The 10:30 edit arrives first, the 10:20 one after it.
    let later = apply(
        &m,
        &write("jdupont", 30, &change_id(3)),
        update_city(PARTY, "Villeurbanne"),
    );
    assert_eq!(
        later.unwrap(),
        RecordApplied::Updated {
            won: vec!["city".into()],
            lost: vec![]
        }
    );
    let earlier = apply(
        &m,
        &write("mleroy", 20, &change_id(4)),
        update_city(PARTY, "Bron"),
    );
    assert_eq!(
        earlier.unwrap(),
        RecordApplied::Updated {
            won: vec![],
            lost: vec!["city".into()]
        }
    );
    assert_eq!(party_field(&m, "city").as_deref(), Some("Villeurbanne"));
    assert_eq!(
        history(&m),
        [
            (
                "city".into(),
                "\"Lyon\"".into(),
                Some(change_id(1)),
                change_id(3)
            ),
            (
                "city".into(),
                "\"Bron\"".into(),
                Some(change_id(4)),
                change_id(3)
            ),
        ]
    );
}

#[test]
fn two_reps_editing_different_fields_both_win_and_ties_go_to_the_greater_change_id() {
    let m = master();
    create_party(&m);
    apply(
        &m,
        &write("jdupont", 10, &change_id(5)),
        update_city(PARTY, "Bron"),
    )
    .unwrap();
    let phone = json!({"entity": "party", "op": "update", "id": PARTY,
        "fields": {"phone": null, "email": "achats@garage-martin.fr"}});
    apply(&m, &write("mleroy", 5, &change_id(6)), phone).unwrap();
    assert_eq!(party_field(&m, "city").as_deref(), Some("Bron"));
    assert_eq!(party_field(&m, "phone"), None, "null clears");
    assert_eq!(
        party_field(&m, "email").as_deref(),
        Some("achats@garage-martin.fr")
    );
    // Same instant: the greater change id wins, in either arrival order.
    apply(
        &m,
        &write("mleroy", 40, &change_id(9)),
        update_city(PARTY, "Vénissieux"),
    )
    .unwrap();
    let tie = apply(
        &m,
        &write("jdupont", 40, &change_id(8)),
        update_city(PARTY, "Givors"),
    );
    assert!(matches!(tie, Ok(RecordApplied::Updated { ref lost, .. }) if lost == &["city"]));
    assert_eq!(party_field(&m, "city").as_deref(), Some("Vénissieux"));
}

#[test]
fn a_reply_before_its_action_waits_then_applies() {
    let m = master();
    create_party(&m);
    let reply = json!({"entity": "action_reply", "op": "create", "id": REPLY, "fields": {
        "action_id": ACTION, "author": "Élodie Martin", "date": "2026-12-02",
        "text": "D'accord pour jeudi."}});
    let early = apply(&m, &write("jdupont", 30, &change_id(11)), reply.clone());
    assert!(
        matches!(early, Err(RecordNotApplied::WaitingFor { entity: RecordEntity::Action, ref id }) if id == ACTION),
        "{early:?}"
    );
    apply(
        &m,
        &write("jdupont", 20, &change_id(10)),
        json!({"entity": "action", "op": "create", "id": ACTION, "fields": {
            "party_id": PARTY, "action_type": "appel", "date": "2026-12-01"}}),
    )
    .unwrap();
    assert_eq!(
        apply(&m, &write("jdupont", 30, &change_id(11)), reply).unwrap(),
        RecordApplied::Created
    );
}

#[test]
fn a_deletion_wins_over_later_updates_and_keeps_the_row() {
    let m = master();
    create_party(&m);
    let delete = json!({"entity": "party", "op": "delete", "id": PARTY});
    assert_eq!(
        apply(&m, &write("jdupont", 10, &change_id(20)), delete).unwrap(),
        RecordApplied::Deleted
    );
    // An edit made offline after the deletion, arriving later: refused, its value kept.
    let late = apply(
        &m,
        &write("mleroy", 50, &change_id(21)),
        update_city(PARTY, "Bron"),
    );
    assert!(
        matches!(late, Err(RecordNotApplied::Deleted { .. })),
        "{late:?}"
    );
    assert_eq!(
        history(&m),
        [(
            "city".into(),
            "\"Bron\"".into(),
            Some(change_id(21)),
            change_id(20)
        )]
    );
    let row: String = m
        .conn
        .query_row(
            "SELECT row_json FROM record_tombstone WHERE entity = 'party' AND id = ?1",
            [PARTY],
            |r| r.get(0),
        )
        .unwrap();
    let row: serde_json::Value = serde_json::from_str(&row).unwrap();
    assert_eq!(row["name"], "Garage Martin");
    assert_eq!(row["city"], "Lyon");
    // Nothing may hang under a deleted party any more.
    let person = apply(
        &m,
        &write("mleroy", 55, &change_id(22)),
        json!({"entity": "person", "op": "create", "id": PERSON, "fields": {
            "party_id": PARTY, "last_name": "Martin"}}),
    );
    assert!(
        matches!(
            person,
            Err(RecordNotApplied::Deleted {
                entity: RecordEntity::Party,
                ..
            })
        ),
        "{person:?}"
    );
}

#[test]
fn a_todo_done_offline_on_a_party_deleted_meanwhile_is_still_recorded() {
    let m = master();
    create_party(&m);
    apply(
        &m,
        &write("jdupont", 1, &change_id(30)),
        json!({"entity": "todo", "op": "create", "id": TODO, "fields": {
            "text": "Relancer le garage", "due": "2026-12-10", "party_id": PARTY}}),
    )
    .unwrap();
    apply(
        &m,
        &write("mleroy", 5, &change_id(31)),
        json!({"entity": "party", "op": "delete", "id": PARTY}),
    )
    .unwrap();
    let done = apply(
        &m,
        &write("jdupont", 30, &change_id(32)),
        json!({"entity": "todo", "op": "update", "id": TODO, "fields": {"done_on": "2026-12-01"}}),
    );
    assert!(
        matches!(done, Ok(RecordApplied::Updated { .. })),
        "{done:?}"
    );
    let done_on: Option<String> = m
        .conn
        .query_row("SELECT done_on FROM todo WHERE id = ?1", [TODO], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(done_on.as_deref(), Some("2026-12-01"));
}

#[test]
fn an_update_before_its_creation_waits() {
    let m = master();
    let early = apply(
        &m,
        &write("jdupont", 30, &change_id(40)),
        update_city(PARTY, "Bron"),
    );
    assert!(
        matches!(
            early,
            Err(RecordNotApplied::WaitingFor {
                entity: RecordEntity::Party,
                ..
            })
        ),
        "{early:?}"
    );
}

/// A creation of each entity with every field set.
fn full_creations() -> [serde_json::Value; 5] {
    [
        json!({"entity": "party", "op": "create", "id": PARTY, "fields": {
            "kind": "company", "name": "Garage Martin", "first_name": "Jean",
            "siret": "73282932000074", "vat": "FR44732829320", "phone": "04 72 00 00 01",
            "mobile": "06 12 34 56 78", "email": "contact@garage-martin.fr",
            "address1": "12 rue de la Gare", "address2": "ZI Nord", "postal_code": "69003",
            "city": "Lyon", "country": "France", "notes": "Client fidèle", "owner": "jdupont"}}),
        json!({"entity": "person", "op": "create", "id": PERSON, "fields": {
            "party_id": PARTY, "first_name": "Élodie", "last_name": "Martin",
            "position": "Achats", "phone": "04 72 00 00 02", "mobile": "06 12 34 56 79",
            "email": "elodie@garage-martin.fr", "notes": "Le matin"}}),
        json!({"entity": "action", "op": "create", "id": ACTION, "fields": {
            "party_id": PARTY, "person_id": PERSON, "action_type": "appel",
            "date": "2026-12-01", "time": "10:15", "comment": "Devis hiver",
            "outcome": "positive"}}),
        json!({"entity": "action_reply", "op": "create", "id": REPLY, "fields": {
            "action_id": ACTION, "author": "Élodie Martin", "date": "2026-12-02",
            "text": "D'accord."}}),
        json!({"entity": "todo", "op": "create", "id": TODO, "fields": {
            "text": "Relancer", "due": "2026-12-10", "party_id": PARTY,
            "repeat_days": 7, "done_on": "2026-12-09"}}),
    ]
}

/// Every field of every entity has its column: a creation with all fields set applies.
#[test]
fn every_field_of_every_entity_is_stored() {
    let m = master();
    let full = full_creations();
    for (n, payload) in full.into_iter().enumerate() {
        let w = write("jdupont", 0, &change_id(50 + n as u32));
        assert_eq!(apply(&m, &w, payload).unwrap(), RecordApplied::Created);
    }
    let stamps: i64 = m
        .conn
        .query_row("SELECT count(*) FROM record_field", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stamps, 15 + 8 + 7 + 4 + 5);
    let repeat: i64 = m
        .conn
        .query_row("SELECT repeat_days FROM todo", [], |r| r.get(0))
        .unwrap();
    assert_eq!(repeat, 7);
}

/// The typed columns (`columns::cells`, the bulk creations' path) are the payload's
/// (`written_fields`, every other change's path), for every field of every entity, every
/// enum value, and cleared fields.
#[test]
fn the_typed_columns_are_the_payloads_columns() {
    let mut payloads = full_creations().to_vec();
    payloads.push(
        json!({"entity": "party", "op": "create", "id": PARTY, "fields": {
        "kind": "person", "name": "Dupré", "first_name": "Anaïs", "notes": null}}),
    );
    for outcome in [
        "wrong_contact_details",
        "formal_refusal",
        "no_answer",
        "neutral",
        "positive",
    ] {
        payloads.push(json!({"entity": "action", "op": "update", "id": ACTION,
                             "fields": {"outcome": outcome, "time": null}}));
    }
    payloads.push(json!({"entity": "todo", "op": "update", "id": TODO,
                         "fields": {"done_on": null, "repeat_days": null}}));
    payloads.push(json!({"entity": "quote", "op": "create", "id": TODO, "fields": {
        "party_id": PARTY, "opportunity_id": ACTION, "person_id": ACTION,
        "lines": [{"reference": "R1", "label": "Armoire", "quantity_milli": 1500, "unit": "pièce",
                   "unit_price_cents": 48990, "discount_bp": 1000, "vat": 550}],
        "valid_until": "2026-12-31", "status": "draft", "temp_ref": "P-jdupont-1",
        "signature": {"media_type": "image/png", "data_base64":
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="},
        "signed_at": "2026-12-05T10:30:00Z", "signer_name": "Élodie Martin"}}));
    for status in ["sent", "accepted", "refused"] {
        payloads.push(json!({"entity": "quote", "op": "update", "id": TODO,
                             "fields": {"status": status, "signature": null, "signed_at": null}}));
    }
    for payload in payloads {
        let change = parse_record(&payload).unwrap();
        let table = Table::of(change.entity());
        let mut expected: columns::Cells = vec![None; table.columns.len()];
        for (column, value) in written_fields(table, &change).unwrap() {
            let at = table.columns.iter().position(|c| *c == column).unwrap();
            expected[at] = Some(sql_value(&value));
        }
        assert_eq!(
            columns::cells(table, &change.fields).unwrap(),
            expected,
            "{payload}"
        );
    }
}

/// A minted creation writes the very rows `apply_record` writes: the record's row (every
/// column, NULL where the creation is silent) and its field stamps.
#[test]
fn a_minted_creation_writes_the_rows_apply_record_writes() {
    let (applied, minted) = (master(), master());
    let mut payloads = full_creations().to_vec();
    payloads.push(
        json!({"entity": "party", "op": "create", "id": "01JDQ3W5ZK8M6T2V4X9B7C1N1P",
                         "fields": {"kind": "company", "name": "Boulangerie Müller"}}),
    );
    for (n, payload) in payloads.iter().enumerate() {
        let change = parse_record(payload).unwrap();
        let w = write("jdupont", 0, &change_id(70 + n as u32));
        apply_record(&applied.conn, &w, &change).unwrap();
        assert_eq!(
            create_minted_record(&minted.conn, &w, &change).unwrap(),
            RecordApplied::Created
        );
    }
    let dump = |m: &Master| -> Vec<String> {
        let mut rows = Vec::new();
        for entity in RecordEntity::ALL {
            let table = Table::of(entity);
            let mut ids = m
                .conn
                .prepare(&format!("SELECT id FROM {} ORDER BY id", table.name))
                .unwrap();
            let ids: Vec<String> = ids
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            for id in ids {
                let row: String = m
                    .conn
                    .query_row(&table.row_json_sql(), [&id], |r| r.get(0))
                    .unwrap();
                rows.push(row);
            }
        }
        let mut statement = m
            .conn
            .prepare("SELECT entity || ' ' || id || ' ' || field || ' ' || written_at || ' ' || change_id FROM record_field ORDER BY 1")
            .unwrap();
        let stamps = statement.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.extend(stamps.map(Result::unwrap));
        rows
    };
    let rows = dump(&minted);
    assert_eq!(rows.len(), 6 + 15 + 8 + 7 + 4 + 5 + 2);
    assert_eq!(rows, dump(&applied));
}
