//! Concurrent offline edits of one prospect: the per-field last-writer-wins rule of
//! sync-spec, on a real SQLite file.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{params, Connection};
use tournee_core::Lang;
use tournee_sentences::Message;
use tournee_store::open_master;
use tournee_store::Parameters;
use tournee_store::{integrate_batch, Delivery, IntegrationContext, Outcome};
use tournee_sync::{
    ChangeBody, Detail, Envelope, ProspectCreation, ProspectModification, ProspectOperation,
    SPEC_VERSION,
};

const PROSPECT: &str = "01JD0000000000000000000001";

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn envelope(change_id: &str, user: &str, created_at: &str, body: ChangeBody) -> Envelope {
    Envelope {
        spec: SPEC_VERSION,
        change_id: change_id.into(),
        user: user.into(),
        device: "PC".into(),
        created_at: at(created_at),
        body,
    }
}

fn update(field: &str, value: &str) -> ChangeBody {
    ChangeBody::MP(ProspectModification {
        prospect_id: PROSPECT.into(),
        op: ProspectOperation::Update,
        fields: BTreeMap::from([(field.to_string(), Some(value.to_string()))]),
        contacts: None,
    })
}

fn deliver(conn: &mut Connection, envelope: Envelope) -> Outcome {
    // The server's clock, pinned a day after the changes were written: files arrive then.
    let now: DateTime<Utc> = "2026-11-21T12:00:00Z".parse().unwrap();
    let ctx = IntegrationContext {
        now,
        params: Parameters::default(),
    };
    let delivery = Delivery {
        folder_owner: envelope.user.clone(),
        file_name: format!(
            "{}_{}_{}.json",
            envelope.change_type().code(),
            envelope.user,
            envelope.change_id
        ),
        parsed: Ok(envelope),
        signature: None,
        arrived_at: now,
        precheck: None,
        arrival: None,
    };
    integrate_batch(conn, &ctx, &[delivery]).unwrap().remove(0)
}

fn setup() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open_master(&dir.path().join("master.sqlite")).unwrap();
    for (login, code) in [
        ("jdupont", "JD01"),
        ("mmartin", "MM02"),
        ("pdurand", "PD03"),
    ] {
        conn.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name) VALUES (?1, ?2, ?3, ?1)",
            params![login, code, format!("{login}@example.fr")],
        )
        .unwrap();
    }
    let created = envelope(
        "01JD0000000000000000000010",
        "jdupont",
        "2026-11-20T09:00:00+01:00",
        ChangeBody::CP(ProspectCreation {
            prospect_id: PROSPECT.into(),
            fields: BTreeMap::from([("nom_client".to_string(), Some("Garage Morel".to_string()))]),
            contacts: Vec::new(),
        }),
    );
    assert_eq!(deliver(&mut conn, created), Outcome::Integrated);
    // The prospect is assigned to mmartin as well (a reassignment on the server).
    conn.execute("UPDATE prospect SET assignee = 'mmartin'", [])
        .unwrap();
    (dir, conn)
}

fn current(conn: &Connection, field: &str) -> String {
    conn.query_row(
        "SELECT value FROM prospect_field WHERE prospect_id = ?1 AND field = ?2",
        params![PROSPECT, field],
        |r| r.get(0),
    )
    .unwrap()
}

fn history(conn: &Connection, field: &str) -> Vec<String> {
    conn.prepare("SELECT value FROM prospect_field_history WHERE field = ?1 ORDER BY id")
        .unwrap()
        .query_map([field], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn the_later_edit_wins_even_when_it_arrives_first_and_the_loser_is_kept() {
    let (_dir, mut conn) = setup();
    // mmartin edits at 11:00 and syncs first; jdupont edited at 10:00, offline, syncs later.
    let later = envelope(
        "01JD0000000000000000000030",
        "mmartin",
        "2026-11-20T11:00:00+01:00",
        update("ville_fac", "Lyon"),
    );
    let earlier = envelope(
        "01JD0000000000000000000020",
        "jdupont",
        "2026-11-20T10:00:00+01:00",
        update("ville_fac", "Vienne"),
    );
    assert_eq!(deliver(&mut conn, later), Outcome::Integrated);
    assert_eq!(deliver(&mut conn, earlier), Outcome::Integrated);
    assert_eq!(current(&conn, "ville_fac"), "Lyon");
    assert_eq!(history(&conn, "ville_fac"), ["Vienne"]);
}

#[test]
fn instants_are_compared_across_utc_offsets() {
    let (_dir, mut conn) = setup();
    // 10:30+01:00 is 09:30Z; 10:00+00:00 is 10:00Z, so the second is the later one.
    let a = envelope(
        "01JD0000000000000000000040",
        "jdupont",
        "2026-11-20T10:30:00+01:00",
        update("tel_1", "04 78 00 00 01"),
    );
    let b = envelope(
        "01JD0000000000000000000050",
        "mmartin",
        "2026-11-20T10:00:00+00:00",
        update("tel_1", "04 78 00 00 02"),
    );
    assert_eq!(deliver(&mut conn, a), Outcome::Integrated);
    assert_eq!(deliver(&mut conn, b), Outcome::Integrated);
    assert_eq!(current(&conn, "tel_1"), "04 78 00 00 02");
    assert_eq!(history(&conn, "tel_1"), ["04 78 00 00 01"]);
    let tel_norm: String = conn
        .query_row("SELECT tel_norm FROM prospect", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        tel_norm, "+33478000002",
        "denormalised phone follows the winner"
    );
}

#[test]
fn a_delete_wins_over_later_updates_and_strangers_cannot_touch_the_prospect() {
    let (_dir, mut conn) = setup();
    let stranger = envelope(
        "01JD0000000000000000000060",
        "pdurand",
        "2026-11-20T12:00:00+01:00",
        update("ville_fac", "Paris"),
    );
    assert!(
        matches!(deliver(&mut conn, stranger), Outcome::Failed(r) if r.reason.code() == "not_owner")
    );
    let delete = envelope(
        "01JD0000000000000000000070",
        "mmartin",
        "2026-11-20T12:00:00+01:00",
        ChangeBody::MP(ProspectModification {
            prospect_id: PROSPECT.into(),
            op: ProspectOperation::Delete,
            fields: BTreeMap::new(),
            contacts: None,
        }),
    );
    assert_eq!(deliver(&mut conn, delete), Outcome::Integrated);
    let after = envelope(
        "01JD0000000000000000000080",
        "jdupont",
        "2026-11-20T13:00:00+01:00",
        update("ville_fac", "Lyon"),
    );
    assert!(
        matches!(deliver(&mut conn, after), Outcome::Failed(r) if r.reason.code() == "prospect_deleted")
    );
}

#[test]
fn compact_kinds_are_stored_without_separators_and_formats_are_checked() {
    let (_dir, mut conn) = setup();
    // A grouped IBAN (38 characters typed, 31 stored) and a VAT number with dots.
    let grouped = envelope(
        "01JD0000000000000000000040",
        "jdupont",
        "2026-11-20T10:00:00+01:00",
        ChangeBody::MP(ProspectModification {
            prospect_id: PROSPECT.into(),
            op: ProspectOperation::Update,
            fields: BTreeMap::from([
                (
                    "iban".to_string(),
                    Some("MT84 MALT 0110 0001 2345 MTLC AST0 01S".to_string()),
                ),
                (
                    "contact_divers_1".to_string(),
                    Some("fr 40.303.265.045".to_string()),
                ),
                ("tel_1".to_string(), Some("0590 27 12 34".to_string())),
            ]),
            contacts: None,
        }),
    );
    assert_eq!(deliver(&mut conn, grouped), Outcome::Integrated);
    assert_eq!(current(&conn, "iban"), "MT84MALT011000012345MTLCAST001S");
    assert_eq!(current(&conn, "contact_divers_1"), "FR40303265045");
    assert_eq!(current(&conn, "tel_1"), "0590 27 12 34");
    // The server checks formats itself: a VAT number with a wrong key is refused.
    let bad = envelope(
        "01JD0000000000000000000041",
        "jdupont",
        "2026-11-20T10:05:00+01:00",
        update("contact_divers_1", "FR41303265045"),
    );
    match deliver(&mut conn, bad) {
        Outcome::Failed(rejection) => {
            assert_eq!(rejection.reason.code(), "invalid_field");
            let Detail::Rules { problems } = &rejection.detail else {
                panic!("{}", rejection.detail)
            };
            assert!(
                problems[0].message(Lang::Fr).contains("TVA"),
                "{}",
                rejection.detail
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(current(&conn, "contact_divers_1"), "FR40303265045");
}
