//! Record changes (`RC`, sync-spec §12) end to end: files written by the same writer the
//! app uses for every change type, dropped into a data directory's inbox, integrated by the
//! real `tournee-server integrate --once`; the master's rows are checked, and a second copy
//! of a file is a duplicate.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::fs;
use std::path::PathBuf;

use common::{outcomes, TestServer};
use rusqlite::params;
use serde_json::json;
use tournee_sync::{parse_record, publish_change, ChangeBody, Envelope};

const PARTY: &str = "01JD0000000000000000000P01";
const PERSON: &str = "01JD0000000000000000000E01";
const TODO: &str = "01JD0000000000000000000T01";

fn server() -> TestServer {
    let server = TestServer::init(&[]);
    for (login, code) in [("jdupont", "JD01"), ("mmartin", "MM02")] {
        server
            .db()
            .execute(
                "INSERT INTO app_user (windows_user, erp_code, email, display_name) VALUES (?1, ?2, ?3, ?1)",
                params![login, code, format!("{login}@example.fr")],
            )
            .unwrap();
    }
    server
}

/// Writes a record change from `user` into its inbox folder, as the field app writes any
/// change (atomic publication), and returns the file's path.
fn publish(server: &TestServer, user: &str, payload: serde_json::Value) -> PathBuf {
    let change = parse_record(&payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
    let envelope = Envelope::new(
        user,
        "PC-TEST",
        chrono::Utc::now().fixed_offset(),
        ChangeBody::RC(Box::new(change)),
    );
    assert_eq!(
        envelope.spec, 2,
        "the writer says spec 2 for a record change"
    );
    let path = publish_change(&server.data.join("inbox").join(user), &envelope).unwrap();
    // Distinct ULID times, so files integrate in the order they were written.
    std::thread::sleep(std::time::Duration::from_millis(2));
    path
}

fn name_of(path: &std::path::Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn record_changes_written_by_the_writer_are_integrated_by_the_binary_once() {
    let server = server();
    let party = publish(
        &server,
        "jdupont",
        json!({"entity": "party", "op": "create", "id": PARTY,
               "fields": {"kind": "company", "name": "Transports Girard", "city": "Lyon",
                          "siret": "73282932000074"}}),
    );
    let party_bytes = fs::read(&party).unwrap();
    assert!(name_of(&party).starts_with("RC_jdupont_"));
    let text = String::from_utf8(party_bytes.clone()).unwrap();
    assert!(
        text.contains("\"spec\": 2") && text.contains("\"type\": \"RC\""),
        "{text}"
    );
    let person = publish(
        &server,
        "jdupont",
        json!({"entity": "person", "op": "create", "id": PERSON,
               "fields": {"party_id": PARTY, "last_name": "Girard", "email": "luc@girard.fr"}}),
    );
    let update = publish(
        &server,
        "jdupont",
        json!({"entity": "party", "op": "update", "id": PARTY, "fields": {"city": "Villeurbanne"}}),
    );
    let todo = publish(
        &server,
        "mmartin",
        json!({"entity": "todo", "op": "create", "id": TODO,
               "fields": {"text": "Relancer le devis", "due": "2026-12-04"}}),
    );
    let foreign = publish(
        &server,
        "mmartin",
        json!({"entity": "party", "op": "update", "id": PARTY, "fields": {"notes": "Le mien"}}),
    );

    let stdout = server.integrate(None);
    let seen = outcomes(&stdout);
    let outcome_of = |user: &str, path: &PathBuf| {
        let wanted = format!("{user}/{}", name_of(path));
        seen.iter()
            .find(|(_, file, _)| *file == wanted)
            .map(|(outcome, _, reason)| (outcome.clone(), reason.clone()))
            .unwrap_or_else(|| panic!("{wanted} not in the output:\n{stdout}"))
    };
    for (user, path) in [
        ("jdupont", &party),
        ("jdupont", &person),
        ("jdupont", &update),
        ("mmartin", &todo),
    ] {
        assert_eq!(
            outcome_of(user, path),
            ("integrated".to_string(), None),
            "{stdout}"
        );
    }
    assert_eq!(
        outcome_of("mmartin", &foreign),
        ("failed".to_string(), Some("not_allowed".to_string())),
        "another rep's party: {stdout}"
    );

    let db = server.db();
    let row: (String, String, String, String) = db
        .query_row(
            "SELECT name, city, siret, created_by FROM party WHERE id = ?1",
            [PARTY],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "Transports Girard".into(),
            "Villeurbanne".into(),
            "73282932000074".into(),
            "jdupont".into()
        )
    );
    let notes: Option<String> = db
        .query_row("SELECT notes FROM party WHERE id = ?1", [PARTY], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(notes, None, "the refused change left no trace in the party");
    let person_party: String = db
        .query_row("SELECT party_id FROM person WHERE id = ?1", [PERSON], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(person_party, PARTY);
    assert_eq!(server.count("SELECT count(*) FROM todo"), 1);
    assert_eq!(server.count("SELECT count(*) FROM change_ledger"), 4);
    assert_eq!(
        server
            .files_under("failed")
            .iter()
            .filter(|p| p.ends_with(name_of(&foreign)))
            .count(),
        1,
        "the refused file waits in failed/ with its report"
    );

    // The same file delivered once more (a sync tool's late copy): a duplicate, no effect.
    let copy = server.data.join("inbox/jdupont").join(name_of(&party));
    fs::write(&copy, &party_bytes).unwrap();
    let stdout = server.integrate(None);
    assert_eq!(
        outcomes(&stdout),
        vec![(
            "duplicate".to_string(),
            format!("jdupont/{}", name_of(&party)),
            None
        )],
        "{stdout}"
    );
    assert_eq!(server.count("SELECT count(*) FROM party"), 1);
    assert_eq!(server.count("SELECT count(*) FROM change_ledger"), 4);
}
