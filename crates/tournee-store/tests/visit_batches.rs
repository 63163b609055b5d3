//! Visits integrated in batches the way the server's pass hands them, on a real SQLite
//! master (issue 12, eighth step, which tried remembering the signer check per batch and
//! looking a visit's client up inside its insert, and took both back): files signed
//! differently in one batch must each get their own answer, a device revoked between two
//! batches must be refused in the second, and a visit to a missing or inactive client,
//! with or without the reader's checks, keeps the reason the checks give it.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};
use tournee_store::{
    integrate_batch, open_master, precheck, Delivery, IntegrationContext, Outcome, Parameters,
};
use tournee_sync::{
    ChangeBody, ClientVisit, Detail, Envelope, FileSignature, RejectReason, VisitReport,
    SPEC_VERSION,
};

const CLIENT: &str = "C000101";
const INACTIVE: &str = "C000102";
const NOW: &str = "2026-11-21T12:00:00Z";

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
    conn.execute(
        "INSERT INTO client (c_client, nom_client, c_rep, actif) VALUES (?1, 'Client', 'JD01', 1), (?2, 'Fermé', 'JD01', 0)",
        [CLIENT, INACTIVE],
    )
    .unwrap();
    // jdupont has two laptops, the second revoked; mmartin has enrolled none.
    for (device, key, revoked) in [
        ("DEV-A", "KEY-A", None),
        ("DEV-B", "KEY-B", Some("2026-11-01T00:00:00Z")),
    ] {
        conn.execute(
            "INSERT INTO device (device_id, user, name, public_key, enrolled_at, revoked_at) \
             VALUES (?1, 'jdupont', 'PC', ?2, '2026-10-01T00:00:00Z', ?3)",
            params![device, key, revoked],
        )
        .unwrap();
    }
    (dir, conn)
}

/// A visit of `user` to the client, signed by `signer` (device, key) if any.
fn visit(n: u32, user: &str, signer: Option<(&str, &str)>) -> Delivery {
    visit_to(n, user, signer, CLIENT)
}

/// A visit of `user` to `client`, signed by `signer` (device, key) if any.
fn visit_to(n: u32, user: &str, signer: Option<(&str, &str)>, client: &str) -> Delivery {
    let change_id = format!("01JD00000000000000000000{n:02}");
    let envelope = Envelope {
        spec: SPEC_VERSION,
        change_id: change_id.clone(),
        user: user.into(),
        device: "PC".into(),
        created_at: DateTime::parse_from_rfc3339("2026-11-21T10:00:00+01:00").unwrap(),
        body: ChangeBody::VC(ClientVisit {
            client_code: client.into(),
            visit: VisitReport {
                visit_date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
                visit_time: "09:30".into(),
                comment: format!("visite {n}"),
                answers: BTreeMap::from([(
                    "type_contact".to_string(),
                    tournee_sync::Answer::One("visite".into()),
                )]),
            },
        }),
    };
    Delivery {
        folder_owner: user.into(),
        file_name: format!("VC_{user}_{change_id}.json"),
        parsed: Ok(envelope),
        signature: signer.map(|(device, key)| FileSignature {
            device: device.into(),
            key: key.into(),
            ed25519: "checked by the parser".into(),
        }),
        precheck: None,
        arrived_at: NOW.parse().unwrap(),
        arrival: None,
    }
}

fn context() -> IntegrationContext {
    IntegrationContext {
        now: NOW.parse::<DateTime<Utc>>().unwrap(),
        params: Parameters::default(),
    }
}

/// The outcome as a short word: `integrated`, or the refusal's reason code.
fn word(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Failed(rejection) => rejection.reason.code(),
        other => other.name(),
    }
}

#[test]
fn each_file_of_a_batch_gets_its_own_signer_answer() {
    let (_dir, mut conn) = setup();
    let batch = [
        visit(1, "jdupont", Some(("DEV-A", "KEY-A"))),
        visit(2, "jdupont", None),
        visit(3, "jdupont", Some(("DEV-A", "KEY-A"))),
        visit(4, "jdupont", Some(("DEV-B", "KEY-B"))),
        visit(5, "jdupont", Some(("DEV-A", "KEY-B"))),
        visit(6, "mmartin", Some(("DEV-A", "KEY-A"))),
        visit(7, "mmartin", None),
        visit(8, "jdupont", None),
        visit(9, "jdupont", Some(("DEV-A", "KEY-A"))),
    ];
    let outcomes = integrate_batch(&mut conn, &context(), &batch).unwrap();
    let words: Vec<&str> = outcomes.iter().map(word).collect();
    let unsigned = RejectReason::Unsigned.code();
    let device = RejectReason::UnknownDevice.code();
    assert_eq!(
        words,
        [
            "integrated",
            unsigned,
            "integrated",
            device, // revoked
            device, // the key on record is another
            device, // another user's laptop
            "integrated",
            unsigned,
            "integrated",
        ]
    );
    let stored: i64 = conn
        .query_row(
            "SELECT count(*) FROM client_relation WHERE c_entite = ?1",
            [CLIENT],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 4);
}

#[test]
fn a_device_revoked_between_two_batches_is_refused_in_the_second() {
    let (_dir, mut conn) = setup();
    let first = integrate_batch(
        &mut conn,
        &context(),
        &[visit(1, "jdupont", Some(("DEV-A", "KEY-A")))],
    )
    .unwrap();
    assert_eq!(word(&first[0]), "integrated");
    conn.execute(
        "UPDATE device SET revoked_at = '2026-11-21T11:00:00Z' WHERE device_id = 'DEV-A'",
        [],
    )
    .unwrap();
    let second = integrate_batch(
        &mut conn,
        &context(),
        &[visit(2, "jdupont", Some(("DEV-A", "KEY-A")))],
    )
    .unwrap();
    assert_eq!(word(&second[0]), RejectReason::UnknownDevice.code());
}

/// The same delivery with its database-free checks run ahead, as the pass's reader does.
fn prechecked(mut delivery: Delivery) -> Delivery {
    delivery.precheck = Some(precheck(&context(), delivery.parsed.as_ref().unwrap()));
    delivery
}

/// The delivery's visit with its answers emptied (the form's required question unanswered).
fn unanswered(mut delivery: Delivery) -> Delivery {
    if let Ok(Envelope {
        body: ChangeBody::VC(visit),
        ..
    }) = &mut delivery.parsed
    {
        visit.visit.answers.clear();
    }
    delivery
}

#[test]
fn a_prechecked_visit_to_a_missing_or_inactive_client_keeps_its_reason() {
    let (_dir, mut conn) = setup();
    let batch = [
        prechecked(visit_to(1, "mmartin", None, CLIENT)),
        prechecked(visit_to(2, "mmartin", None, "C999999")),
        prechecked(visit_to(3, "mmartin", None, INACTIVE)),
        // Both the client and the answers are wrong: the client is named, as before.
        prechecked(unanswered(visit_to(4, "mmartin", None, INACTIVE))),
        prechecked(unanswered(visit_to(5, "mmartin", None, CLIENT))),
        // The same visits without the reader's checks go the other way: same answers.
        visit_to(6, "mmartin", None, "C999999"),
        unanswered(visit_to(7, "mmartin", None, INACTIVE)),
        unanswered(visit_to(8, "mmartin", None, CLIENT)),
    ];
    let outcomes = integrate_batch(&mut conn, &context(), &batch).unwrap();
    let details: Vec<Option<Detail>> = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Failed(rejection) => Some(rejection.detail.clone()),
            _ => None,
        })
        .collect();
    let unknown = Some(Detail::UnknownClient {
        client: "C999999".into(),
    });
    let inactive = Some(Detail::InactiveClient {
        client: INACTIVE.into(),
    });
    assert_eq!(outcomes[0], Outcome::Integrated);
    assert_eq!(details[1], unknown);
    assert_eq!(details[2], inactive);
    assert_eq!(details[3], inactive);
    assert_eq!(word(&outcomes[4]), RejectReason::InvalidAnswers.code());
    assert_eq!(details[4], details[7]);
    assert_eq!(details[5], unknown);
    assert_eq!(details[6], inactive);
    // Only the first visit left a row, and only its change is in the ledger.
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM client_relation", [], |r| r.get(0))
        .unwrap();
    let ledger: i64 = conn
        .query_row("SELECT count(*) FROM change_ledger", [], |r| r.get(0))
        .unwrap();
    assert_eq!((rows, ledger), (1, 1));
}
