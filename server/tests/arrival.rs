//! A file's `created_at` is judged against when the server first saw it (sync-spec 6.1,
//! check 12), through the real binary: a file dated long before it arrived is refused
//! and stays in failed/ until the admin raises « durée maximale hors ligne » and retries;
//! a file retried from failed/ or waiting in parked/ keeps its first arrival.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::collections::BTreeMap;

use chrono::DateTime;
use common::{outcomes, TestServer};
use tournee_server::requeue_failed;
use tournee_sync::{
    publish_change, Answer, ChangeBody, ClientVisit, Envelope, ProspectCreation,
    ProspectModification, ProspectOperation, VisitReport, SPEC_VERSION,
};

/// Writes a change dated `created_at` into `user`'s inbox folder; returns its file name.
fn deliver(server: &TestServer, user: &str, created_at: &str, body: ChangeBody) -> String {
    let created_at = DateTime::parse_from_rfc3339(created_at).unwrap();
    let envelope = Envelope {
        spec: SPEC_VERSION,
        change_id: ulid::Ulid::from_parts(
            created_at.timestamp_millis() as u64,
            u128::from(rand_part()),
        )
        .to_string(),
        user: user.into(),
        device: "PC-TEST".into(),
        created_at,
        body,
    };
    publish_change(&server.data.join("inbox").join(user), &envelope).unwrap();
    envelope.file_name().to_string()
}

/// Distinct ids for changes written in the same millisecond of laptop time.
fn rand_part() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn visit(client: &str, day: &str) -> ChangeBody {
    ChangeBody::VC(ClientVisit {
        client_code: client.into(),
        visit: VisitReport {
            visit_date: day.parse().unwrap(),
            visit_time: "09:00".into(),
            comment: String::new(),
            answers: BTreeMap::from([("type_contact".to_string(), Answer::One("visite".into()))]),
        },
    })
}

/// The outcome and reason of `file` in one pass's output.
fn outcome_of(stdout: &str, file: &str) -> (String, Option<String>) {
    outcomes(stdout)
        .into_iter()
        .find(|(_, path, _)| path.ends_with(file))
        .map(|(outcome, _, reason)| (outcome, reason))
        .unwrap_or_else(|| panic!("{file} not in:\n{stdout}"))
}

fn own_client(server: &TestServer) -> String {
    server
        .db()
        .query_row(
            "SELECT c_client FROM client WHERE c_rep = (SELECT erp_code FROM app_user WHERE windows_user = 'jdupont') \
             AND actif = 1 ORDER BY c_client LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn set_parameter(server: &TestServer, key: &str, value: &str) {
    server
        .db()
        .execute(
            "INSERT INTO parameter (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
        .unwrap();
}

#[test]
fn a_stale_file_waits_in_failed_until_the_admin_raises_the_bound_and_retries() {
    let server = TestServer::init(&["--demo", "small"]);
    let client = own_client(&server);
    let file = deliver(
        &server,
        "jdupont",
        "2026-01-01T10:00:00+01:00",
        visit(&client, "2026-01-01"),
    );
    let stdout = server.integrate(Some("2026-02-20T12:00:00Z"));
    assert_eq!(
        outcome_of(&stdout, &file),
        ("failed".to_string(), Some("stale_change".to_string()))
    );
    let report = std::fs::read_to_string(
        server
            .data
            .join("failed/jdupont")
            .join(format!("{file}.error.txt")),
    )
    .unwrap();
    assert!(report.contains("Raison : stale_change"), "{report}");
    assert!(report.contains("durée maximale hors ligne"), "{report}");
    assert_eq!(
        server.count("SELECT count(*) FROM notification WHERE kind = 'integration_error'"),
        1,
        "mailed to the error addresses"
    );

    // Retried as is, much later: still judged against its first arrival, still stale.
    requeue_failed(
        &server.data.join("failed"),
        &server.data.join("inbox"),
        "jdupont",
        &file,
    )
    .unwrap();
    let stdout = server.integrate(Some("2026-06-01T12:00:00Z"));
    assert_eq!(
        outcome_of(&stdout, &file).1.as_deref(),
        Some("stale_change")
    );

    // The admin raises the bound (this laptop was really offline 50 days) and retries.
    set_parameter(&server, "max_offline_days", "60");
    requeue_failed(
        &server.data.join("failed"),
        &server.data.join("inbox"),
        "jdupont",
        &file,
    )
    .unwrap();
    // 50 days between created_at and the first arrival: within 60, though now is months later.
    let stdout = server.integrate(Some("2026-06-02T12:00:00Z"));
    assert_eq!(outcome_of(&stdout, &file), ("integrated".to_string(), None));
    assert_eq!(
        server.count("SELECT count(*) FROM file_arrival"),
        0,
        "forgotten once integrated"
    );
}

#[test]
fn a_retried_file_keeps_its_first_arrival() {
    let server = TestServer::init(&["--demo", "small"]);
    let client = own_client(&server);
    server
        .db()
        .execute(
            "UPDATE app_user SET active = 0 WHERE windows_user = 'jdupont'",
            [],
        )
        .unwrap();
    // Written on 1 January, first seen on 10 February (40 days: within the 45-day bound).
    let file = deliver(
        &server,
        "jdupont",
        "2026-01-01T10:00:00+01:00",
        visit(&client, "2026-01-01"),
    );
    let stdout = server.integrate(Some("2026-02-10T12:00:00Z"));
    assert_eq!(
        outcome_of(&stdout, &file).1.as_deref(),
        Some("unknown_user")
    );
    // The admin reactivates the user ten days later and retries: 50 days after created_at,
    // but the file arrived 40 days after it, and that is what counts.
    server
        .db()
        .execute(
            "UPDATE app_user SET active = 1 WHERE windows_user = 'jdupont'",
            [],
        )
        .unwrap();
    requeue_failed(
        &server.data.join("failed"),
        &server.data.join("inbox"),
        "jdupont",
        &file,
    )
    .unwrap();
    let stdout = server.integrate(Some("2026-02-20T12:00:00Z"));
    assert_eq!(outcome_of(&stdout, &file), ("integrated".to_string(), None));
}

#[test]
fn a_parked_file_keeps_its_first_arrival() {
    let server = TestServer::init(&["--demo", "small"]);
    set_parameter(&server, "max_offline_days", "22");
    let prospect = ulid::Ulid::from_parts(1_767_258_000_000, 42).to_string();
    // The MP is written on 1 January and first seen on the 21st (20 days): its CP is late.
    let update = deliver(
        &server,
        "jdupont",
        "2026-01-01T10:00:00+01:00",
        ChangeBody::MP(ProspectModification {
            prospect_id: prospect.clone(),
            op: ProspectOperation::Update,
            fields: BTreeMap::from([("ville_fac".to_string(), Some("Vienne".to_string()))]),
            contacts: None,
        }),
    );
    let stdout = server.integrate(Some("2026-01-21T12:00:00Z"));
    assert_eq!(outcome_of(&stdout, &update).0, "parked");
    // The CP arrives five days later: the parked MP is 25 days old by then, but it arrived
    // 20 days after it was written, within the 22-day bound.
    let creation = deliver(
        &server,
        "jdupont",
        "2026-01-25T10:00:00+01:00",
        ChangeBody::CP(ProspectCreation {
            prospect_id: prospect,
            fields: BTreeMap::from([("nom_client".to_string(), Some("Garage Bonnet".to_string()))]),
            contacts: Vec::new(),
        }),
    );
    let stdout = server.integrate(Some("2026-01-26T12:00:00Z"));
    assert_eq!(outcome_of(&stdout, &creation).0, "integrated");
    assert_eq!(
        outcome_of(&stdout, &update),
        ("integrated".to_string(), None)
    );
}
