//! Changes that should not be accepted as they come (issue 11, « Trust »), on a real SQLite
//! master: MCs arriving out of order, revisit dates and fleets from outside the portfolio,
//! files dated long before they arrived, and texts a rep should never be able to store.

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
    ChangeBody, ClientModification, ClientVisit, Contact, Detail, Envelope, ProspectCreation,
    ProspectModification, ProspectOperation, RevisitChange, VisitReport, SPEC_VERSION,
};

/// jdupont's client (c_rep JD01).
const OWN: &str = "C000101";
/// mmartin's client (c_rep MM02).
const OTHER: &str = "C000102";
const PROSPECT: &str = "01JD0000000000000000000P01";

/// The one required question of the default visit form, answered.
fn answered() -> tournee_sync::FormAnswers {
    BTreeMap::from([(
        "type_contact".to_string(),
        tournee_sync::Answer::One("visite".into()),
    )])
}

fn instant(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn envelope(change_id: &str, user: &str, created_at: &str, body: ChangeBody) -> Envelope {
    Envelope {
        spec: SPEC_VERSION,
        change_id: change_id.into(),
        user: user.into(),
        device: "PC".into(),
        created_at: instant(created_at),
        body,
    }
}

/// Integrates one change that arrived at `arrived` (the server's first sight of it).
fn deliver_at(conn: &mut Connection, envelope: Envelope, arrived: &str) -> Outcome {
    let arrived_at: DateTime<Utc> = arrived.parse().unwrap();
    let ctx = IntegrationContext {
        now: arrived_at,
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
        arrived_at,
        precheck: None,
        arrival: None,
    };
    integrate_batch(conn, &ctx, &[delivery]).unwrap().remove(0)
}

fn deliver(conn: &mut Connection, envelope: Envelope) -> Outcome {
    deliver_at(conn, envelope, "2026-11-21T12:00:00Z")
}

fn reason(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Failed(rejection) => rejection.reason.code(),
        other => panic!("not refused: {other:?}"),
    }
}

fn setup() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let conn = open_master(&dir.path().join("master.sqlite")).unwrap();
    for (login, code) in [("jdupont", "JD01"), ("mmartin", "MM02")] {
        conn.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name) VALUES (?1, ?2, ?3, ?1)",
            params![login, code, format!("{login}@example.fr")],
        )
        .unwrap();
    }
    for (client, rep) in [(OWN, "JD01"), (OTHER, "MM02")] {
        conn.execute(
            "INSERT INTO client (c_client, nom_client, c_rep, actif, date_revoir) VALUES (?1, 'Client', ?2, 1, '2026-12-01')",
            params![client, rep],
        )
        .unwrap();
    }
    (dir, conn)
}

fn revisit(client: &str, date: Option<&str>) -> ChangeBody {
    ChangeBody::MC(ClientModification {
        client_code: client.into(),
        changes: Vec::new(),
        revisit: Some(RevisitChange {
            date: date.map(|d| d.parse().unwrap()),
        }),
        fleet: None,
    })
}

fn fleet(client: &str, pairs: &[(&str, u32)]) -> ChangeBody {
    ChangeBody::MC(ClientModification {
        client_code: client.into(),
        changes: Vec::new(),
        revisit: None,
        fleet: Some(pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()),
    })
}

fn revisit_date(conn: &Connection, client: &str) -> Option<String> {
    conn.query_row(
        "SELECT date_revoir FROM client WHERE c_client = ?1",
        [client],
        |r| r.get(0),
    )
    .unwrap()
}

fn fleet_of(conn: &Connection, client: &str) -> String {
    conn.query_row(
        "SELECT coalesce(json_group_object(fleet_type, vehicles), '{}') FROM client_fleet WHERE c_client = ?1",
        [client],
        |r| r.get(0),
    )
    .unwrap()
}

fn history(conn: &Connection, attribute: &str) -> Vec<(String, Option<String>, String)> {
    conn.prepare(
        "SELECT value_json, change_id, superseded_by FROM client_attribute_history \
         WHERE attribute = ?1 ORDER BY id",
    )
    .unwrap()
    .query_map([attribute], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

#[test]
fn an_older_revisit_date_arriving_late_changes_nothing_and_is_kept() {
    let (_dir, mut conn) = setup();
    let newer = envelope(
        "01JD0000000000000000000R02",
        "jdupont",
        "2026-11-20T11:00:00+01:00",
        revisit(OWN, Some("2027-01-15")),
    );
    let older = envelope(
        "01JD0000000000000000000R01",
        "jdupont",
        "2026-11-20T10:00:00+01:00",
        revisit(OWN, Some("2026-12-18")),
    );
    assert_eq!(deliver(&mut conn, newer), Outcome::Integrated);
    assert_eq!(deliver(&mut conn, older), Outcome::Integrated);
    assert_eq!(revisit_date(&conn, OWN).as_deref(), Some("2027-01-15"));
    assert_eq!(
        history(&conn, "revisit"),
        [
            // The ERP's date, replaced by the newer change.
            (
                "\"2026-12-01\"".to_string(),
                None,
                "01JD0000000000000000000R02".to_string()
            ),
            // The late, older change: lost, and kept.
            (
                "\"2026-12-18\"".to_string(),
                Some("01JD0000000000000000000R01".to_string()),
                "01JD0000000000000000000R02".to_string()
            ),
        ]
    );
    // A later clearing wins over both, and the cleared date is kept.
    let clear = envelope(
        "01JD0000000000000000000R03",
        "jdupont",
        "2026-11-20T12:00:00+01:00",
        revisit(OWN, None),
    );
    assert_eq!(deliver(&mut conn, clear), Outcome::Integrated);
    assert_eq!(revisit_date(&conn, OWN), None);
    assert_eq!(history(&conn, "revisit")[2].0, "\"2027-01-15\"");
}

#[test]
fn an_older_fleet_arriving_late_changes_nothing_and_ties_go_to_the_greater_change_id() {
    let (_dir, mut conn) = setup();
    let at = "2026-11-20T10:00:00+01:00";
    let newer = envelope(
        "01JD0000000000000000000F02",
        "jdupont",
        "2026-11-20T11:00:00+01:00",
        fleet(OWN, &[("VL", 4), ("PL_PLP", 12)]),
    );
    let older = envelope(
        "01JD0000000000000000000F01",
        "jdupont",
        at,
        fleet(OWN, &[("VL", 1)]),
    );
    assert_eq!(deliver(&mut conn, newer), Outcome::Integrated);
    assert_eq!(deliver(&mut conn, older), Outcome::Integrated);
    assert_eq!(fleet_of(&conn, OWN), r#"{"PL_PLP":12,"VL":4}"#);
    assert_eq!(
        history(&conn, "fleet"),
        [(
            r#"{"VL":1}"#.to_string(),
            Some("01JD0000000000000000000F01".to_string()),
            "01JD0000000000000000000F02".to_string()
        )]
    );

    // Same instant: the greater change id wins, whichever arrives first.
    let (_dir, mut conn) = setup();
    let greater = envelope(
        "01JD0000000000000000000F09",
        "jdupont",
        at,
        fleet(OWN, &[("TP", 2)]),
    );
    let lesser = envelope(
        "01JD0000000000000000000F08",
        "jdupont",
        at,
        fleet(OWN, &[("GC", 3)]),
    );
    assert_eq!(deliver(&mut conn, greater), Outcome::Integrated);
    assert_eq!(deliver(&mut conn, lesser), Outcome::Integrated);
    assert_eq!(fleet_of(&conn, OWN), r#"{"TP":2}"#);
}

#[test]
fn revisit_dates_and_fleets_belong_to_the_portfolio_owner_visits_stay_open() {
    let (_dir, mut conn) = setup();
    let at = "2026-11-20T10:00:00+01:00";
    for (id, body) in [
        (
            "01JD0000000000000000000X01",
            revisit(OTHER, Some("2026-12-24")),
        ),
        ("01JD0000000000000000000X02", fleet(OTHER, &[("VL", 2)])),
    ] {
        let outcome = deliver(&mut conn, envelope(id, "jdupont", at, body));
        assert_eq!(reason(&outcome), "not_portfolio_client");
    }
    assert_eq!(revisit_date(&conn, OTHER).as_deref(), Some("2026-12-01"));
    assert_eq!(fleet_of(&conn, OTHER), "{}");
    // Refused whole: a field change riding along is not queued either.
    let mixed = ChangeBody::MC(ClientModification {
        client_code: OTHER.into(),
        changes: vec![tournee_sync::FieldChange {
            field: "ville_fac".into(),
            old: "Lyon".into(),
            new: "Bron".into(),
        }],
        revisit: Some(RevisitChange { date: None }),
        fleet: None,
    });
    let outcome = deliver(
        &mut conn,
        envelope("01JD0000000000000000000X03", "jdupont", at, mixed),
    );
    assert_eq!(reason(&outcome), "not_portfolio_client");
    let requests: i64 = conn
        .query_row("SELECT count(*) FROM modification_request", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(requests, 0);

    // A covering rep still records visits and asks the accountant for corrections.
    let visit = ChangeBody::VC(ClientVisit {
        client_code: OTHER.into(),
        visit: VisitReport {
            visit_date: "2026-11-20".parse().unwrap(),
            visit_time: "09:00".into(),
            comment: String::new(),
            answers: answered(),
        },
    });
    let correction = ChangeBody::MC(ClientModification {
        client_code: OTHER.into(),
        changes: vec![tournee_sync::FieldChange {
            field: "ville_fac".into(),
            old: "Lyon".into(),
            new: "Bron".into(),
        }],
        revisit: None,
        fleet: None,
    });
    for (id, body) in [
        ("01JD0000000000000000000X04", visit),
        ("01JD0000000000000000000X05", correction),
    ] {
        assert_eq!(
            deliver(&mut conn, envelope(id, "jdupont", at, body)),
            Outcome::Integrated
        );
    }
    // The owner sets them.
    let own = deliver(
        &mut conn,
        envelope(
            "01JD0000000000000000000X06",
            "mmartin",
            at,
            revisit(OTHER, Some("2026-12-24")),
        ),
    );
    assert_eq!(own, Outcome::Integrated);
}

#[test]
fn a_file_dated_long_before_it_arrived_is_stale_and_waits_for_the_admin() {
    let (_dir, mut conn) = setup();
    // Ten years old, and its visit too: the visit bound alone (against created_at) passes.
    let ancient = ChangeBody::VC(ClientVisit {
        client_code: OWN.into(),
        visit: VisitReport {
            visit_date: "2016-11-19".parse().unwrap(),
            visit_time: "09:00".into(),
            comment: String::new(),
            answers: answered(),
        },
    });
    let ancient = envelope(
        "01JD0000000000000000000S01",
        "jdupont",
        "2016-11-20T10:00:00+01:00",
        ancient,
    );
    let outcome = deliver_at(&mut conn, ancient, "2026-11-21T12:00:00Z");
    assert_eq!(reason(&outcome), "stale_change");
    let Outcome::Failed(rejection) = &outcome else {
        unreachable!()
    };
    assert!(
        matches!(rejection.detail, Detail::StaleFile { days: 45, .. }),
        "{}",
        rejection.detail
    );
    let mails: i64 = conn
        .query_row(
            "SELECT count(*) FROM notification WHERE kind = 'integration_error'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mails, 1, "the error addresses hear of it");

    // 44 days offline is fine; 46 is not; a day ahead of the arrival is the clock tolerance.
    let visit_on = |day: &str| {
        ChangeBody::VC(ClientVisit {
            client_code: OWN.into(),
            visit: VisitReport {
                visit_date: day.parse().unwrap(),
                visit_time: "09:00".into(),
                comment: String::new(),
                answers: answered(),
            },
        })
    };
    let cases = [
        (
            "01JD0000000000000000000S02",
            "2026-10-08T12:00:00+00:00",
            "2026-10-08",
            None,
        ),
        (
            "01JD0000000000000000000S03",
            "2026-10-06T11:00:00+00:00",
            "2026-10-06",
            Some("stale_change"),
        ),
        (
            "01JD0000000000000000000S04",
            "2026-11-22T11:00:00+00:00",
            "2026-11-22",
            None,
        ),
        (
            "01JD0000000000000000000S05",
            "2026-11-22T13:00:00+00:00",
            "2026-11-22",
            Some("future_date"),
        ),
    ];
    for (id, created, day, refused) in cases {
        let outcome = deliver_at(
            &mut conn,
            envelope(id, "jdupont", created, visit_on(day)),
            "2026-11-21T12:00:00Z",
        );
        match refused {
            None => assert_eq!(outcome, Outcome::Integrated, "{created}"),
            Some(code) => assert_eq!(reason(&outcome), code, "{created}"),
        }
    }

    // Four months offline: refused at 45 days; the admin raises the parameter to 200 and
    // the same file, judged on its first arrival, passes.
    let away = envelope(
        "01JD0000000000000000000S06",
        "jdupont",
        "2026-08-01T10:00:00+02:00",
        visit_on("2026-08-01"),
    );
    let outcome = deliver_at(&mut conn, away.clone(), "2026-11-21T12:00:00Z");
    assert_eq!(reason(&outcome), "stale_change");
    let ctx = IntegrationContext {
        now: "2026-11-22T08:00:00Z".parse().unwrap(),
        params: Parameters {
            max_offline_days: 200,
            ..Parameters::default()
        },
    };
    let delivery = Delivery {
        folder_owner: "jdupont".into(),
        file_name: "VC_jdupont_01JD0000000000000000000S06.json".into(),
        parsed: Ok(away),
        signature: None,
        arrived_at: "2026-11-21T12:00:00Z".parse().unwrap(),
        precheck: None,
        arrival: None,
    };
    assert_eq!(
        integrate_batch(&mut conn, &ctx, &[delivery]).unwrap(),
        [Outcome::Integrated]
    );
}

#[test]
fn prospect_contacts_and_texts_are_checked_at_integration() {
    let (_dir, mut conn) = setup();
    let at = "2026-11-20T10:00:00+01:00";
    let create = |contacts: Vec<Contact>, name: &str| {
        ChangeBody::CP(ProspectCreation {
            prospect_id: PROSPECT.into(),
            fields: BTreeMap::from([("nom_client".to_string(), Some(name.to_string()))]),
            contacts,
        })
    };
    let contact = |name: &str, phone: &str, email: &str| Contact {
        name: name.into(),
        role: String::new(),
        phone: phone.into(),
        email: email.into(),
    };
    let cases = [
        (
            create(vec![contact(&"n".repeat(100_000), "", "")], "Garage"),
            "invalid_field",
            "contacts[0].name",
        ),
        (
            create(vec![contact("Paul", "not a phone", "")], "Garage"),
            "invalid_field",
            "contacts[0].phone",
        ),
        (
            create(vec![contact("Paul", "", "not-an-email")], "Garage"),
            "invalid_field",
            "contacts[0].email",
        ),
        (
            create(vec![contact(" ", "", "")], "Garage"),
            "missing_mandatory",
            "contacts[0].name",
        ),
        (create(Vec::new(), "Garage\r\nRoux"), "invalid_field", "nom"),
        (
            create(Vec::new(), "Garage\u{0}Roux"),
            "invalid_field",
            "U+0000",
        ),
        (
            create(Vec::new(), "Garage \u{202E}xuoR"),
            "invalid_field",
            "U+202E",
        ),
    ];
    for (n, (body, code, mention)) in cases.into_iter().enumerate() {
        let id = format!("01JD0000000000000000000T{n:02}");
        let outcome = deliver(&mut conn, envelope(&id, "jdupont", at, body));
        assert_eq!(reason(&outcome), code, "case {n}");
        let Outcome::Failed(rejection) = outcome else {
            unreachable!()
        };
        let label = mention
            .replace("contacts[0].", "contact 1, ")
            .replace("name", "nom");
        let label = label
            .replace("phone", "téléphone")
            .replace("email", "e-mail");
        let Detail::Rules { problems } = &rejection.detail else {
            panic!("case {n}: {}", rejection.detail)
        };
        let words: Vec<String> = problems.iter().map(|p| p.message(Lang::Fr)).collect();
        assert!(words.join(" ").contains(&label), "case {n}: {words:?}");
    }
    let prospects: i64 = conn
        .query_row("SELECT count(*) FROM prospect", [], |r| r.get(0))
        .unwrap();
    assert_eq!(prospects, 0, "nothing reached the master");

    // A good prospect, then an MP whose contact list is bad.
    let good = create(
        vec![contact("Paul Fabre", "06 11 22 33 44", "paul@fabre.fr")],
        "Garage",
    );
    assert_eq!(
        deliver(
            &mut conn,
            envelope("01JD0000000000000000000T50", "jdupont", at, good)
        ),
        Outcome::Integrated
    );
    let bad_update = ChangeBody::MP(ProspectModification {
        prospect_id: PROSPECT.into(),
        op: ProspectOperation::Update,
        fields: BTreeMap::new(),
        contacts: Some(vec![contact("Paul", "06 11 22 33 44", "paul@")]),
    });
    let outcome = deliver(
        &mut conn,
        envelope("01JD0000000000000000000T51", "jdupont", at, bad_update),
    );
    assert_eq!(reason(&outcome), "invalid_field");
    let contacts: String = conn
        .query_row("SELECT contacts_json FROM prospect", [], |r| r.get(0))
        .unwrap();
    assert!(contacts.contains("paul@fabre.fr"), "{contacts}");
}

#[test]
fn a_visit_comment_may_span_lines_within_its_maximum() {
    let (_dir, mut conn) = setup();
    let at = "2026-11-20T10:00:00+01:00";
    let visit = |comment: String| {
        ChangeBody::VC(ClientVisit {
            client_code: OWN.into(),
            visit: VisitReport {
                visit_date: "2026-11-20".parse().unwrap(),
                visit_time: "09:00".into(),
                comment,
                answers: answered(),
            },
        })
    };
    let lines = "Vu le gérant.\nDevis PL à faire.\tUrgent.".to_string();
    assert_eq!(
        deliver(
            &mut conn,
            envelope("01JD0000000000000000000U01", "jdupont", at, visit(lines))
        ),
        Outcome::Integrated
    );
    let long = deliver(
        &mut conn,
        envelope(
            "01JD0000000000000000000U02",
            "jdupont",
            at,
            visit("x".repeat(4001)),
        ),
    );
    assert_eq!(reason(&long), "invalid_field");
    let bidi = deliver(
        &mut conn,
        envelope(
            "01JD0000000000000000000U03",
            "jdupont",
            at,
            visit("ok\u{2067}".into()),
        ),
    );
    assert_eq!(reason(&bidi), "invalid_field");
}
