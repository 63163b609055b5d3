//! Runs every test vector of `sync-spec/vectors/` against the real binary, in the
//! order of `cases.json`, one integration pass per delivered file, and checks each
//! file's outcome and reason; then checks the `final` outcomes after one more pass,
//! and that re-delivering each integrated file (as itself and as a conflict copy)
//! has no second effect.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::fs;

use common::{outcomes, repo_root, TestServer};
use rusqlite::params;
use serde_json::Value;

fn read_json(path: &std::path::Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_string()
}

/// A data directory holding exactly the fixture's users, clients and parameters.
fn server_with_fixture(fixture: &Value) -> TestServer {
    let server = TestServer::init(&[]);
    let db = server.db();
    for user in fixture["users"].as_array().expect("fixture users") {
        db.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name, is_admin) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                text(user, "windows_user"),
                text(user, "erp_code"),
                text(user, "email"),
                text(user, "display_name"),
                user["admin"].as_bool().unwrap_or(false)
            ],
        )
        .expect("fixture user");
    }
    for client in fixture["clients"].as_array().expect("fixture clients") {
        db.execute(
            "INSERT INTO client (c_client, nom_client, c_rep, c_agence, tel_1, actif) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                text(client, "c_client"),
                text(client, "nom_client"),
                text(client, "c_rep"),
                text(client, "c_agence"),
                text(client, "tel_1"),
                client["active"].as_bool().unwrap_or(true)
            ],
        )
        .expect("fixture client");
    }
    if let Some(params) = fixture["params"].as_object() {
        for (key, value) in params {
            db.execute(
                "INSERT INTO parameter (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value.to_string()],
            )
            .expect("fixture parameter");
        }
    }
    server
}

struct Case {
    id: String,
    folder: String,
    file: String,
    outcome: String,
    reason: Option<String>,
    final_outcome: Option<String>,
}

fn cases() -> Vec<Case> {
    let cases = read_json(&repo_root().join("sync-spec/vectors/cases.json"));
    cases
        .as_array()
        .expect("cases.json is an array")
        .iter()
        .map(|c| Case {
            id: text(c, "id"),
            folder: text(c, "folder"),
            file: text(c, "file"),
            outcome: text(c, "outcome"),
            reason: c["reason"].as_str().map(str::to_string),
            final_outcome: c["final"].as_str().map(str::to_string),
        })
        .collect()
}

#[test]
fn every_vector_has_its_expected_outcome() {
    let root = repo_root().join("sync-spec/vectors");
    let fixture = read_json(&root.join("fixture.json"));
    let now = text(&fixture, "now");
    let server = server_with_fixture(&fixture);
    let cases = cases();
    assert!(cases.len() >= 30, "the spec promises at least 30 vectors");

    let mut failures = Vec::new();
    for case in &cases {
        let source = root.join("files").join(&case.folder).join(&case.file);
        server.deliver(&source, &case.folder, &case.file);
        let stdout = server.integrate(Some(&now));
        let seen = outcomes(&stdout);
        let wanted = format!("{}/{}", case.folder, case.file);
        let found = seen.iter().find(|(_, path, _)| *path == wanted);
        match found {
            Some((outcome, _, reason)) if *outcome == case.outcome && *reason == case.reason => {}
            other => failures.push(format!(
                "{}: expected {} {:?}, got {:?}\n{stdout}",
                case.id, case.outcome, case.reason, other
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "vectors not met:\n{}",
        failures.join("\n")
    );

    // One more pass retries the parked files; then `final` outcomes hold.
    server.integrate(Some(&now));
    let parked = server.files_under("parked");
    for case in cases.iter().filter(|c| c.final_outcome.is_some()) {
        let final_outcome = case.final_outcome.as_deref().unwrap_or_default();
        let change_id = case
            .file
            .trim_end_matches(".json")
            .rsplit('_')
            .next()
            .unwrap_or_default();
        let in_ledger = server.count(&format!(
            "SELECT count(*) FROM change_ledger WHERE change_id = '{change_id}'"
        ));
        let still_parked = parked.iter().any(|p| p.ends_with(&case.file));
        match final_outcome {
            "integrated" => assert!(
                in_ledger == 1 && !still_parked,
                "{}: not integrated at the end",
                case.id
            ),
            "parked" => assert!(
                in_ledger == 0 && still_parked,
                "{}: not parked at the end",
                case.id
            ),
            other => panic!("{}: unexpected final outcome {other}", case.id),
        }
    }
}

#[test]
fn redelivering_integrated_files_and_conflict_copies_has_no_second_effect() {
    let root = repo_root().join("sync-spec/vectors");
    let fixture = read_json(&root.join("fixture.json"));
    let now = text(&fixture, "now");
    let server = server_with_fixture(&fixture);
    let cases = cases();
    for case in &cases {
        server.deliver(
            &root.join("files").join(&case.folder).join(&case.file),
            &case.folder,
            &case.file,
        );
        server.integrate(Some(&now));
    }
    server.integrate(Some(&now));
    let effects = |server: &TestServer| {
        [
            "SELECT count(*) FROM change_ledger",
            "SELECT count(*) FROM client_relation",
            "SELECT count(*) FROM prospect",
            "SELECT count(*) FROM prospect_visit",
            "SELECT count(*) FROM prospect_field_history",
            "SELECT count(*) FROM modification_request",
            "SELECT count(*) FROM client_creation_request",
            "SELECT count(*) FROM notification",
            "SELECT count(*) FROM party",
            "SELECT count(*) FROM person",
            "SELECT count(*) FROM action",
            "SELECT count(*) FROM action_reply",
            "SELECT count(*) FROM todo",
            "SELECT count(*) FROM record_field_history",
            "SELECT count(*) FROM record_tombstone",
        ]
        .map(|sql| server.count(sql))
    };
    let before = effects(&server);
    assert!(before[0] > 0, "some vectors integrate");

    let integrated: Vec<&Case> = cases.iter().filter(|c| c.outcome == "integrated").collect();
    for case in &integrated {
        let source = root.join("files").join(&case.folder).join(&case.file);
        server.deliver(&source, &case.folder, &case.file);
        let conflict = case
            .file
            .replace(".json", ".sync-conflict-20261120-101500-ABCDEF7.json");
        server.deliver(&source, &case.folder, &conflict);
    }
    let stdout = server.integrate(Some(&now));
    // The prospect that never came keeps its visit parked; everything else is a re-delivery.
    let seen: Vec<_> = outcomes(&stdout)
        .into_iter()
        .filter(|(outcome, _, _)| outcome != "parked")
        .collect();
    assert_eq!(seen.len(), integrated.len() * 2, "{stdout}");
    assert!(
        seen.iter().all(|(outcome, _, _)| outcome == "duplicate"),
        "every re-delivery is a duplicate:\n{stdout}"
    );
    assert_eq!(effects(&server), before, "no effect applied twice");
}
