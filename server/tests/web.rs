//! The field app's screens in a browser (`/app/`) through HTTP against the real `run`
//! process: the login page without a session, JSON calls refused without a session or
//! without the CSRF header, a manager reading the team's contacts and logging an action
//! answered once integrated, a rep kept from another rep's client, a write refused by the
//! policy with its reason, hostile bodies, and the live-update stream: « changed » within
//! 2 s of a laptop's change, and bounded per user.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::sync::mpsc;
use std::thread::sleep;
use std::time::{Duration, Instant};

use chrono::Utc;
use common::{enroll_laptop, publish_as, start_run, TestServer};
use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tournee_store::{add_member, create_team, reset_password};
use tournee_sync::{Answer, ChangeBody, ClientVisit, VisitReport};

const ADMIN_PASSWORD: &str = "mot de passe admin initial";

/// The small demo with `nbertrand` made the manager of a team with `jdupont` and
/// `mgarcia`, an observer `ovoir`, and a built `ui/` stand-in served under `/app/`.
fn world() -> TestServer {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let conn = server.db();
    conn.execute(
        "UPDATE app_user SET role = 'manager', is_admin = 0 WHERE windows_user = 'nbertrand'",
        [],
    )
    .unwrap();
    let team = create_team(&conn, "Ouest").unwrap();
    add_member(&conn, team, "nbertrand", true).unwrap();
    add_member(&conn, team, "jdupont", false).unwrap();
    add_member(&conn, team, "mgarcia", false).unwrap();
    conn.execute(
        "INSERT INTO app_user (windows_user, erp_code, email, display_name, role) \
         VALUES ('ovoir', 'OV09', 'ovoir@pneus-tournee.fr', 'Odile Voir', 'observer')",
        [],
    )
    .unwrap();
    let ui = server.data.join("ui");
    std::fs::create_dir_all(ui.join("assets")).unwrap();
    std::fs::write(
        ui.join("index.html"),
        "<!doctype html><title>Tournée</title>",
    )
    .unwrap();
    std::fs::write(ui.join("assets/app.js"), "console.log('tournée')").unwrap();
    let config = server.data.join("config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\nweb_ui = \"ui\"\n");
    std::fs::write(&config, text).unwrap();
    let out = server.run(&["snapshot"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    server
}

fn browser() -> Client {
    common::http_client_builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

fn csrf_of(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no CSRF token in:\n{page}"))
        .to_string()
}

fn login(client: &Client, base: &str, login: &str, password: &str) -> Response {
    let page = client
        .get(format!("{base}/app/"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    client
        .post(format!("{base}/office/login"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("login", login),
            ("password", password),
            ("next", "app"),
        ])
        .send()
        .unwrap()
}

/// A browser signed in as `user` (a drawn password, changed as the first login requires),
/// on the app's page; returns it with its session's CSRF token.
fn signed_in(server: &TestServer, base: &str, user: &str) -> (Client, String) {
    let drawn = reset_password(&server.db(), user).unwrap();
    let client = browser();
    let forced = login(&client, base, user, &drawn);
    assert_eq!(forced.url().path(), "/office/password");
    let page = forced.text().unwrap();
    let new = format!("{drawn} nouveau mot de passe");
    let changed = client
        .post(format!("{base}/office/password"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("old", drawn.as_str()),
            ("new", new.as_str()),
        ])
        .send()
        .unwrap();
    assert_eq!(changed.url().path(), "/office/login");
    let landed = login(&client, base, user, &new);
    assert_eq!(
        landed.url().path(),
        "/app/",
        "a login from the app goes back to it"
    );
    assert_eq!(landed.status(), StatusCode::OK);
    let session: Value = client
        .get(format!("{base}/app/api/session"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(session["login"], user);
    let csrf = session["csrf"].as_str().unwrap().to_string();
    (client, csrf)
}

fn call(
    client: &Client,
    base: &str,
    csrf: &str,
    command: &str,
    args: Value,
) -> (StatusCode, Value) {
    let response = client
        .post(format!("{base}/app/api/{command}"))
        .header("x-csrf-token", csrf)
        .json(&args)
        .send()
        .unwrap();
    let status = response.status();
    (status, response.json().unwrap_or(Value::Null))
}

fn all_contacts() -> Value {
    json!({ "query": { "text": "", "status": null, "kind": null } })
}

fn ledger(server: &TestServer) -> i64 {
    server.count("SELECT count(*) FROM change_ledger")
}

#[test]
fn without_a_session_the_app_is_the_login_page_and_its_calls_are_refused() {
    let server = world();
    let (_running, base) = start_run(&server);
    let anonymous = browser();
    for path in ["/", "/app", "/app/"] {
        let response = anonymous.get(format!("{base}{path}")).send().unwrap();
        assert_eq!(response.url().path(), "/office/login", "{path}");
        assert_eq!(response.url().query(), Some("next=app"), "{path}");
        let page = response.text().unwrap();
        assert!(page.contains("name=\"next\" value=\"app\""), "{page}");
    }
    for command in ["dashboard", "contacts", "log_action"] {
        let (status, body) = call(&anonymous, &base, "x", command, json!({}));
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{command}");
        assert_eq!(body["code"], "signed_out");
    }
    let events = anonymous
        .get(format!("{base}/app/api/events"))
        .send()
        .unwrap();
    assert_eq!(events.status(), StatusCode::UNAUTHORIZED);
    // A forged cookie is no session either.
    let forged = anonymous
        .post(format!("{base}/app/api/dashboard"))
        .header("cookie", "tournee_session=0123456789abcdef")
        .header("x-csrf-token", "x")
        .send()
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    // The built screens' files are served, with the screens' own policy; nothing outside.
    let script = anonymous
        .get(format!("{base}/app/assets/app.js"))
        .send()
        .unwrap();
    assert_eq!(script.status(), StatusCode::OK);
    let csp = script.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    for outside in [
        "/app/../config.toml",
        "/app/%2e%2e/config.toml",
        "/app/assets/../../tournee.sqlite",
    ] {
        let response = anonymous.get(format!("{base}{outside}")).send().unwrap();
        assert_ne!(response.status(), StatusCode::OK, "{outside}");
        let body = response.text().unwrap();
        assert!(
            !body.contains("SQLite") && !body.contains("inbox"),
            "{outside}: {body}"
        );
    }
}

#[test]
fn a_manager_reads_the_team_and_a_write_is_answered_once_integrated_and_read_back() {
    let server = world();
    // The manager also has a laptop enrolled for HTTPS: the browser's changes are signed
    // with the server's key for them, else the integration refuses them (`unsigned`).
    enroll_laptop(&server, "nbertrand");
    let (_running, base) = start_run(&server);
    let (manager, csrf) = signed_in(&server, &base, "nbertrand");
    let (status, body) = call(&manager, &base, &csrf, "app_status", json!({}));
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["configured"], true);
    assert_eq!(
        body["snapshot_dir"],
        Value::Null,
        "no server path reaches the browser"
    );
    let (status, contacts) = call(&manager, &base, &csrf, "contacts", all_contacts());
    assert_eq!(status, StatusCode::OK, "{contacts}");
    let contacts = contacts.as_array().unwrap();
    assert!(!contacts.is_empty(), "the team's contacts are listed");
    let party = contacts[0]["id"].as_str().unwrap().to_string();

    // Without the CSRF header, or with another session's token: refused, nothing written.
    let before = ledger(&server);
    let input = json!({ "input": {
        "party_id": party, "person_id": null, "action_type": "appel",
        "date": Utc::now().date_naive().to_string(), "time": null,
        "comment": "Appel passé depuis le navigateur", "outcome": "positive", "reminders": []
    }});
    let bare = manager
        .post(format!("{base}/app/api/log_action"))
        .json(&input)
        .send()
        .unwrap();
    assert_eq!(bare.status(), StatusCode::FORBIDDEN);
    let (status, _) = call(
        &manager,
        &base,
        "0".repeat(64).as_str(),
        "log_action",
        input.clone(),
    );
    assert_eq!(status, StatusCode::FORBIDDEN);
    sleep(Duration::from_millis(500));
    assert_eq!(ledger(&server), before, "a refused call writes nothing");
    assert!(server.files_under("inbox/nbertrand").is_empty());

    // The write: answered once integrated, and the next read sees it.
    let started = Instant::now();
    let (status, written) = call(&manager, &base, &csrf, "log_action", input);
    let took = started.elapsed();
    assert_eq!(status, StatusCode::OK, "{written}");
    assert_eq!(written["waiting_for_server"], false);
    assert_eq!(
        ledger(&server),
        before + 1,
        "integrated exactly once before the answer"
    );
    let action = written["id"].as_str().unwrap();
    let (_, page) = call(
        &manager,
        &base,
        &csrf,
        "contact_page",
        json!({ "id": party }),
    );
    let timeline = page["timeline"].as_array().unwrap();
    let line = timeline
        .iter()
        .find(|t| t["id"] == action)
        .expect("the action is read back");
    assert_eq!(line["pending"], false);
    assert_eq!(line["text"], "Appel passé depuis le navigateur");
    let (_, status_now) = call(&manager, &base, &csrf, "app_status", json!({}));
    assert_eq!(status_now["pending_changes"], 0);
    eprintln!("log_action answered integrated in {took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");

    // A refused write: the manager's own rules first (a missing outcome, by field) …
    let (status, refused) = call(
        &manager,
        &base,
        &csrf,
        "log_action",
        json!({ "input": {
            "party_id": party, "person_id": null, "action_type": "appel",
            "date": Utc::now().date_naive().to_string(), "time": null,
            "comment": null, "outcome": null, "reminders": []
        }}),
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["field"], "outcome");
    // … and laptop-only commands are not offered.
    for command in [
        "setup_save",
        "change_folders",
        "link_enroll",
        "export_contacts",
        "open_export",
    ] {
        let (status, body) = call(&manager, &base, &csrf, command, json!({}));
        assert_eq!(status, StatusCode::NOT_FOUND, "{command}");
        assert_eq!(body["code"], "not_online");
    }
}

#[test]
fn the_admin_made_by_init_and_an_accountant_without_a_laptop_read_their_records_in_the_browser() {
    let server = world();
    // An accountant with no ERP code (no laptop), added after the first snapshots: her
    // first visit asks for hers.
    server
        .db()
        .execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name, role) \
             VALUES ('acompta', NULL, 'acompta@pneus-tournee.fr', 'Anne Compta', 'accountant')",
            [],
        )
        .unwrap();
    let (_running, base) = start_run(&server);
    for user in ["admin", "acompta"] {
        let erp_code: Option<String> = server
            .db()
            .query_row(
                "SELECT erp_code FROM app_user WHERE windows_user = ?1",
                [user],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(erp_code, None, "{user} has no laptop");
        let (browser, csrf) = signed_in(&server, &base, user);
        let (status, body) = call(&browser, &base, &csrf, "app_status", json!({}));
        assert_eq!(status, StatusCode::OK, "{user}: {body}");
        assert_eq!(body["configured"], true, "{user}: {body}");
        let (status, contacts) = call(&browser, &base, &csrf, "contacts", all_contacts());
        assert_eq!(status, StatusCode::OK, "{user}: {contacts}");
        let contacts = contacts.as_array().unwrap();
        assert!(!contacts.is_empty(), "{user}: the contacts are listed");
        // Both read every party (`all`): any rep's contact opens.
        for owner in ["jdupont", "nsimon"] {
            let party: String = server
                .db()
                .query_row(
                    "SELECT id FROM party WHERE owner = ?1 AND client_code IS NULL ORDER BY id LIMIT 1",
                    [owner],
                    |r| r.get(0),
                )
                .unwrap();
            let (status, page) = call(
                &browser,
                &base,
                &csrf,
                "contact_page",
                json!({ "id": party }),
            );
            assert_eq!(
                status,
                StatusCode::OK,
                "{user} reads {owner}'s contact: {page}"
            );
        }
        let (status, home) = call(&browser, &base, &csrf, "dashboard", json!({}));
        assert_eq!(status, StatusCode::OK, "{user}: {home}");
        // A write goes through the integration's policy like anyone's: the admin logs an
        // action; the accountant's role does not write actions (`all/—`). (A call would be
        // hers to log: the policy's `call` entity lets anyone who reads a party log one,
        // brief 002; so the accountant tries a visit.)
        let before = ledger(&server);
        let party = contacts[0]["id"].clone();
        let action_type = if user == "admin" { "appel" } else { "visite" };
        let (status, written) = call(
            &browser,
            &base,
            &csrf,
            "log_action",
            json!({ "input": {
                "party_id": party, "person_id": null, "action_type": action_type,
                "date": Utc::now().date_naive().to_string(), "time": null,
                "comment": "Appel depuis le bureau", "outcome": "positive", "reminders": []
            }}),
        );
        if user == "admin" {
            assert_eq!(status, StatusCode::OK, "{written}");
            assert_eq!(ledger(&server), before + 1, "integrated once");
        } else {
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{written}");
            assert_eq!(written["values"]["reason"], "not_allowed", "{written}");
            assert_eq!(ledger(&server), before);
        }
    }
    // Laptops' user lists are unchanged: an office account is in its own file only.
    let users_in = |user: &str| -> i64 {
        let manifest: Value = serde_json::from_slice(
            &std::fs::read(server.data.join(format!("snapshots/{user}/manifest.json"))).unwrap(),
        )
        .unwrap();
        let file = server.data.join(format!(
            "snapshots/{user}/{}",
            manifest["database"].as_str().unwrap()
        ));
        rusqlite::Connection::open(file)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM app_user WHERE erp_code = ''",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(users_in("admin"), 1);
    assert_eq!(users_in("jdupont"), 0);
}

#[test]
fn a_rep_cannot_read_another_reps_client_and_an_observer_cannot_write() {
    let server = world();
    let (_running, base) = start_run(&server);
    let (rep, csrf) = signed_in(&server, &base, "jdupont");
    let party_of = |owner: &str| -> String {
        server
            .db()
            .query_row(
                "SELECT id FROM party WHERE owner = ?1 AND client_code IS NULL ORDER BY id LIMIT 1",
                [owner],
                |r| r.get(0),
            )
            .unwrap()
    };
    let (own, foreign) = (party_of("jdupont"), party_of("nsimon"));
    let (status, page) = call(&rep, &base, &csrf, "contact_page", json!({ "id": own }));
    assert_eq!(status, StatusCode::OK, "{page}");
    // Another rep's contact: as if it did not exist (the policy built the snapshot).
    let (status, refused) = call(&rep, &base, &csrf, "contact_page", json!({ "id": foreign }));
    assert_ne!(status, StatusCode::OK, "{refused}");
    assert!(!refused.to_string().contains("nsimon"), "{refused}");
    let (_, listed) = call(&rep, &base, &csrf, "contacts", all_contacts());
    assert!(listed.to_string().contains(&own));
    assert!(
        !listed.to_string().contains(&foreign),
        "another rep's contact is not listed"
    );
    // The manager sees the team's (jdupont's) and not nsimon's.
    let (manager, manager_csrf) = signed_in(&server, &base, "nbertrand");
    let (_, team) = call(&manager, &base, &manager_csrf, "contacts", all_contacts());
    assert!(
        team.to_string().contains(&own),
        "the team's contact is listed"
    );
    assert!(
        !team.to_string().contains(&foreign),
        "outside the team: not listed"
    );

    let (observer, csrf) = signed_in(&server, &base, "ovoir");
    let (status, contacts) = call(&observer, &base, &csrf, "contacts", all_contacts());
    assert_eq!(status, StatusCode::OK, "{contacts}");
    let before = ledger(&server);
    let party = contacts[0]["id"].clone();
    let (status, refused) = call(
        &observer,
        &base,
        &csrf,
        "log_action",
        json!({ "input": {
            "party_id": party, "person_id": null, "action_type": "appel",
            "date": Utc::now().date_naive().to_string(), "time": null,
            "comment": "Je ne devrais pas pouvoir", "outcome": "neutral", "reminders": []
        }}),
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    // Refused by the integration's policy check, the reason said in the user's language.
    assert_eq!(refused["code"], "change_refused", "{refused}");
    assert_eq!(refused["values"]["reason"], "not_allowed", "{refused}");
    assert!(
        refused["values"]["detail"]
            .as_str()
            .unwrap()
            .contains("ovoir"),
        "{refused}"
    );
    assert_eq!(
        ledger(&server),
        before,
        "nothing integrated for an observer"
    );
}

#[test]
fn hostile_bodies_are_refused_by_name_and_change_nothing() {
    let server = world();
    let (_running, base) = start_run(&server);
    let (manager, csrf) = signed_in(&server, &base, "nbertrand");
    let before = ledger(&server);
    let post = |command: &str, body: Vec<u8>| {
        manager
            .post(format!("{base}/app/api/{command}"))
            .header("x-csrf-token", &csrf)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .unwrap()
    };
    let malformed = post("log_action", b"{\"input\": {".to_vec());
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let body: Value = malformed.json().unwrap();
    assert_eq!(body["code"], "internal");
    let mistyped = post("contact_page", br#"{"id": 42}"#.to_vec());
    assert_eq!(mistyped.status(), StatusCode::BAD_REQUEST);
    let unknown_field = post(
        "contacts",
        br#"{"query": {"text": ""}, "extra": 1}"#.to_vec(),
    );
    assert_eq!(unknown_field.status(), StatusCode::BAD_REQUEST);
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let nested = post("log_action", deep.into_bytes());
    assert_eq!(nested.status(), StatusCode::BAD_REQUEST);
    let unknown = post("../office/admin/users", b"{}".to_vec());
    assert_ne!(unknown.status(), StatusCode::OK);
    // Over the limit: 413, or the connection closed before the rest is read.
    let oversize = manager
        .post(format!("{base}/app/api/log_action"))
        .header("x-csrf-token", &csrf)
        .header("content-type", "application/json")
        .body(vec![b' '; 3 * 1024 * 1024])
        .send();
    if let Ok(answer) = oversize {
        assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
    assert_eq!(ledger(&server), before);
    // The server is still there for the next call (on a new connection).
    let (again, csrf) = signed_in(&server, &base, "nbertrand");
    let (status, _) = call(&again, &base, &csrf, "dashboard", json!({}));
    assert_eq!(status, StatusCode::OK);
}

/// Reads `event:` lines of a server-sent-events answer on a thread.
fn event_lines(response: Response) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(response).lines() {
            let Ok(line) = line else { break };
            if line.starts_with("event:") && tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn a_laptops_change_reaches_the_managers_open_page_within_two_seconds_and_streams_are_bounded() {
    let server = world();
    let (_running, base) = start_run(&server);
    let (manager, csrf) = signed_in(&server, &base, "nbertrand");
    let (status, _) = call(&manager, &base, &csrf, "dashboard", json!({}));
    assert_eq!(status, StatusCode::OK);
    let stream = manager
        .get(format!("{base}/app/api/events"))
        .send()
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(stream.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let events = event_lines(stream);
    sleep(Duration::from_millis(300));
    let client: String = server
        .db()
        .query_row(
            "SELECT c_client FROM client WHERE c_rep = 'JD01' AND actif = 1 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let generation_before = manifest_generation(&server, "nbertrand");
    let dropped = Instant::now();
    publish_as(
        &server,
        "jdupont",
        ChangeBody::VC(ClientVisit {
            client_code: client.clone(),
            visit: VisitReport {
                visit_date: Utc::now().date_naive(),
                visit_time: "10:15".into(),
                comment: "Visite synchronisée depuis le portable.".into(),
                answers: BTreeMap::from([(
                    "type_contact".to_string(),
                    Answer::One("visite".into()),
                )]),
            },
        }),
    );
    let event = events
        .recv_timeout(Duration::from_secs(2))
        .expect("« changed » within 2 s of the laptop's change");
    let took = dropped.elapsed();
    assert_eq!(event, "event: changed");
    assert_ne!(manifest_generation(&server, "nbertrand"), generation_before);
    eprintln!("a laptop's change reached the manager's page in {took:?}");
    // The rep's visit itself is on the manager's page: the manager reads the team's visits.
    let (status, card) = call(
        &manager,
        &base,
        &csrf,
        "client_card",
        json!({ "code": client }),
    );
    assert_eq!(status, StatusCode::OK, "{card}");
    assert!(
        card["recent_visits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["commentaire"]
                .as_str()
                .is_some_and(|c| c.starts_with("Visite synchronisée depuis le portable."))),
        "the rep's visit shows on the manager's page: {card}"
    );

    // More streams than a user may hold: the one too many is refused, the others stay.
    let mut open = Vec::new();
    for _ in 1..4 {
        let more = manager
            .get(format!("{base}/app/api/events"))
            .send()
            .unwrap();
        assert_eq!(more.status(), StatusCode::OK);
        open.push(more);
    }
    let refused = manager
        .get(format!("{base}/app/api/events"))
        .send()
        .unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    drop(open);
    // A closed stream gives its place back (the server notices at its next write).
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let again = manager
            .get(format!("{base}/app/api/events"))
            .send()
            .unwrap();
        if again.status() == StatusCode::OK {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "closed streams never gave their places back"
        );
        sleep(Duration::from_millis(500));
    }
}

fn manifest_generation(server: &TestServer, user: &str) -> String {
    let text = std::fs::read_to_string(
        server
            .data
            .join("snapshots")
            .join(user)
            .join("manifest.json"),
    )
    .unwrap();
    let manifest: Value = serde_json::from_str(&text).unwrap();
    manifest["generation"].as_str().unwrap().to_string()
}

/// Issue 15: the opportunities board in the browser. The manager creates an opportunity on
/// a team contact (answered once integrated, read back on the board at the first stage),
/// a skipped stage is refused by the pipeline's rule on the field `stage` before anything
/// is written, the next stage is accepted, and a rep of the team does not see the
/// manager's opportunity (the policy's `own` scope built the rep's snapshot).
#[test]
fn a_manager_creates_and_moves_an_opportunity_in_the_browser_and_a_skipped_stage_is_refused() {
    let server = world();
    enroll_laptop(&server, "nbertrand");
    let (_running, base) = start_run(&server);
    let (manager, csrf) = signed_in(&server, &base, "nbertrand");
    let (_, contacts) = call(&manager, &base, &csrf, "contacts", all_contacts());
    let party = contacts[0]["id"].as_str().unwrap().to_string();
    // The demo sells too: the forecast of February 2027 before this opportunity.
    let forecast_of = |board: &Value, month: &str| -> i64 {
        board["forecast"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["month"] == month)
            .map(|m| m["cents"].as_i64().unwrap())
            .sum()
    };
    let (status, board) = call(&manager, &base, &csrf, "opportunity_board", json!({}));
    assert_eq!(status, StatusCode::OK, "{board}");
    let february_before = forecast_of(&board, "2027-02");
    let (status, written) = call(
        &manager,
        &base,
        &csrf,
        "create_opportunity",
        json!({ "input": {
            "party_id": party, "pipeline": null, "title": "Pneus hiver flotte",
            "value_cents": 1_250_000, "expected_close": "2027-02-15"
        }}),
    );
    assert_eq!(status, StatusCode::OK, "{written}");
    assert_eq!(written["waiting_for_server"], false);
    let id = written["id"].as_str().unwrap().to_string();
    let (status, board) = call(&manager, &base, &csrf, "opportunity_board", json!({}));
    assert_eq!(status, StatusCode::OK, "{board}");
    let first = &board["columns"][0];
    assert_eq!(first["stage"]["code"], "qualification");
    let card = first["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id.as_str())
        .expect("the new opportunity is on the board");
    assert_eq!(card["pending"], false, "read back integrated");
    assert_eq!(
        forecast_of(&board, "2027-02") - february_before,
        125_000,
        "10 % of 12 500 €"
    );

    let before = ledger(&server);
    let (status, refused) = call(
        &manager,
        &base,
        &csrf,
        "move_opportunity",
        json!({ "id": id, "stage": "proposition" }),
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["field"], "stage", "{refused}");
    assert_eq!(ledger(&server), before, "a refused move writes nothing");
    let (status, moved) = call(
        &manager,
        &base,
        &csrf,
        "move_opportunity",
        json!({ "id": id, "stage": "besoin" }),
    );
    assert_eq!(status, StatusCode::OK, "{moved}");
    let (_, page) = call(&manager, &base, &csrf, "opportunity", json!({ "id": id }));
    assert_eq!(page["stage"], "besoin", "{page}");
    assert_eq!(page["next_stage"], "proposition");
    let (_, of_party) = call(
        &manager,
        &base,
        &csrf,
        "party_opportunities",
        json!({ "partyId": party }),
    );
    assert!(
        of_party
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == id.as_str() && o["stage"] == "besoin"),
        "{of_party}"
    );

    let (rep, rep_csrf) = signed_in(&server, &base, "jdupont");
    let (status, rep_board) = call(&rep, &base, &rep_csrf, "opportunity_board", json!({}));
    assert_eq!(status, StatusCode::OK, "{rep_board}");
    assert!(
        !rep_board.to_string().contains(&id),
        "the manager's opportunity is not the rep's"
    );
    let (status, _) = call(&rep, &base, &rep_csrf, "opportunity", json!({ "id": id }));
    assert_ne!(status, StatusCode::OK);
}

/// Issue 15: a quote in the browser, through the same commands as the laptop. The manager
/// drafts a quote from an opportunity (answered once integrated: its server number is
/// read back), the editor's totals come from the core's computation, a line at a VAT rate
/// France does not have is refused under its field before anything is written, a signature
/// before sending is refused by the lifecycle, and the signed quote wins its opportunity.
#[test]
fn a_manager_drafts_sends_and_has_a_quote_signed_in_the_browser_and_its_opportunity_is_won() {
    // A 1×1 PNG, as the signature pad's drawing would be read.
    const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    let server = world();
    enroll_laptop(&server, "nbertrand");
    let (_running, base) = start_run(&server);
    let (manager, csrf) = signed_in(&server, &base, "nbertrand");
    let (_, contacts) = call(&manager, &base, &csrf, "contacts", all_contacts());
    let party = contacts[0]["id"].as_str().unwrap().to_string();
    let (status, written) = call(
        &manager,
        &base,
        &csrf,
        "create_opportunity",
        json!({ "input": {
            "party_id": party, "pipeline": null, "title": "Pneus hiver flotte",
            "value_cents": 1_250_000, "expected_close": "2027-02-15"
        }}),
    );
    assert_eq!(status, StatusCode::OK, "{written}");
    let opportunity = written["id"].as_str().unwrap().to_string();
    let line = |vat_bp: u32| {
        json!({"reference": null, "label": "Pneu hiver 205/55 R16", "quantity_milli": 4000,
               "unit": "pièce", "unit_price_cents": 8990, "discount_bp": 500, "vat_bp": vat_bp})
    };
    let (status, totals) = call(
        &manager,
        &base,
        &csrf,
        "quote_totals",
        json!({ "lines": [line(2000)] }),
    );
    assert_eq!(status, StatusCode::OK, "{totals}");
    // 4 × 89,90 − 5 % = 341,62; VAT 20 % = 68,32.
    assert_eq!(totals["excl_vat_cents"], 34_162);
    assert_eq!(totals["vat_cents"], 6_832);
    assert_eq!(totals["incl_vat_cents"], 40_994);

    let before = ledger(&server);
    let (status, refused) = call(
        &manager,
        &base,
        &csrf,
        "create_quote",
        json!({ "input": { "opportunity_id": opportunity, "lines": [line(1900)],
                           "valid_until": null }}),
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["field"], "lines[0].vat", "{refused}");
    assert_eq!(ledger(&server), before, "a refused quote writes nothing");

    let (status, written) = call(
        &manager,
        &base,
        &csrf,
        "create_quote",
        json!({ "input": { "opportunity_id": opportunity, "lines": [line(2000)],
                           "valid_until": null }}),
    );
    assert_eq!(status, StatusCode::OK, "{written}");
    let quote = written["id"].as_str().unwrap().to_string();
    let (status, quotes) = call(
        &manager,
        &base,
        &csrf,
        "opportunity_quotes",
        json!({ "opportunityId": opportunity }),
    );
    assert_eq!(status, StatusCode::OK, "{quotes}");
    let shown = &quotes[0];
    assert_eq!(shown["id"], quote.as_str());
    assert_eq!(shown["status"], "draft");
    assert!(
        shown["number"]
            .as_str()
            .is_some_and(|n| n.starts_with("D-")),
        "the server's number is read back: {shown}"
    );
    assert_eq!(shown["totals"]["incl_vat_cents"], 40_994);

    let signature = json!({ "signer_name": "Marc Leroy", "signature_png_base64": PNG });
    let (status, early) = call(
        &manager,
        &base,
        &csrf,
        "accept_quote",
        json!({ "id": quote, "input": signature }),
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{early}");
    assert_eq!(early["field"], "status", "{early}");
    let (status, sent) = call(&manager, &base, &csrf, "send_quote", json!({ "id": quote }));
    assert_eq!(status, StatusCode::OK, "{sent}");
    let (status, signed) = call(
        &manager,
        &base,
        &csrf,
        "accept_quote",
        json!({ "id": quote, "input": signature }),
    );
    assert_eq!(status, StatusCode::OK, "{signed}");
    let (_, page) = call(&manager, &base, &csrf, "quote", json!({ "id": quote }));
    assert_eq!(page["status"], "accepted", "{page}");
    assert_eq!(page["signed"], true);
    assert_eq!(page["signer_name"], "Marc Leroy");
    let (_, won) = call(
        &manager,
        &base,
        &csrf,
        "opportunity",
        json!({ "id": opportunity }),
    );
    assert_eq!(won["status"], "won", "accepting the quote won it: {won}");

    // Its PDF, downloaded as the laptop would print it: one A4 page, its number, its total.
    let pdf = download(
        &manager,
        &base,
        &csrf,
        "print_quote",
        json!({ "id": quote }),
    );
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let number = page["number"].as_str().unwrap().to_string();
    assert_eq!(
        pdf.headers()["content-disposition"],
        format!("attachment; filename=\"devis-{number}.pdf\"").as_str()
    );
    let file = server.data.join("quote.pdf");
    std::fs::write(&file, pdf.bytes().unwrap()).unwrap();
    let info = std::process::Command::new("pdfinfo")
        .arg(&file)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(
        info.contains("Pages:           1") && info.contains("(A4)"),
        "{info}"
    );
    let text = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains(&number) && text.contains("409,94"), "{text}");

    // The contacts too; nothing that is not a download, nothing without the CSRF token,
    // and a rep outside the team gets no quote of the manager's.
    let csv = download(&manager, &base, &csrf, "export_contacts", json!({}));
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(csv.text().unwrap().lines().count() > 1);
    for command in ["setup_save", "contacts", "open_export"] {
        let answer = download(&manager, &base, &csrf, command, json!({}));
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{command}");
    }
    let forged = manager
        .post(format!("{base}/app/download/print_quote"))
        .json(&json!({ "id": quote }))
        .send()
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let (outsider, outsider_csrf) = signed_in(&server, &base, "olaurent");
    let refused = download(
        &outsider,
        &base,
        &outsider_csrf,
        "print_quote",
        json!({ "id": quote }),
    );
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_ne!(refused.headers()["content-type"], "application/pdf");
}

/// `POST /app/download/<command>` with the session's CSRF token.
fn download(client: &Client, base: &str, csrf: &str, command: &str, args: Value) -> Response {
    client
        .post(format!("{base}/app/download/{command}"))
        .header("x-csrf-token", csrf)
        .json(&args)
        .send()
        .unwrap()
}

/// Issue 15: a trade show in the browser, through the same commands as the laptop. The
/// manager creates a campaign, types two business cards under it (one refused under its
/// field first, writing nothing), logs a call about a party's opportunity and plans a
/// meeting for a rep of the team: each answered once integrated, the leads carry the
/// campaign in the master, the meeting's invitation is queued for the attendee, and the
/// campaign's page, the calendar and the party's last 15 days read them back.
#[test]
fn a_manager_types_a_trade_shows_cards_logs_a_call_and_plans_a_meeting_in_the_browser() {
    let server = world();
    enroll_laptop(&server, "nbertrand");
    let (_running, base) = start_run(&server);
    let (manager, csrf) = signed_in(&server, &base, "nbertrand");
    let (status, written) = call(
        &manager,
        &base,
        &csrf,
        "create_campaign",
        json!({ "input": {
            "name": "House & Design 2027", "starts_on": "2027-02-03", "ends_on": "2027-02-05",
            "place": "Paris, Porte de Versailles", "cost_cents": 1_250_000, "notes": null
        }}),
    );
    assert_eq!(status, StatusCode::OK, "{written}");
    let campaign = written["id"].as_str().unwrap().to_string();

    let card = |company: &str, last: &str, phone: &str, email: &str| {
        json!({ "input": {
            "campaign_id": campaign, "company": company, "first_name": "Anne",
            "last_name": last, "phone": phone, "email": email,
            "notes": "Stand 7", "allow_duplicates": false
        }})
    };
    let before = ledger(&server);
    let (status, refused) = call(
        &manager,
        &base,
        &csrf,
        "add_lead_card",
        card(
            "Menuiserie Blanc",
            "Blanc",
            "06 12 34 56 78",
            "anne-at-blanc",
        ),
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["field"], "email", "{refused}");
    assert_eq!(ledger(&server), before, "a refused card writes nothing");
    let mut leads = Vec::new();
    for args in [
        card(
            "Menuiserie Blanc",
            "Blanc",
            "06 12 34 56 78",
            "anne@blanc.fr",
        ),
        card("", "Zeller", "06 98 76 54 32", ""),
    ] {
        let (status, written) = call(&manager, &base, &csrf, "add_lead_card", args);
        assert_eq!(status, StatusCode::OK, "{written}");
        leads.push(written["id"].as_str().unwrap().to_string());
    }
    for lead in &leads {
        let carried: String = server
            .db()
            .query_row("SELECT campaign FROM party WHERE id = ?1", [lead], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(
            carried, campaign,
            "the lead carries its campaign in the master"
        );
    }
    let (status, page) = call(
        &manager,
        &base,
        &csrf,
        "campaign_page",
        json!({ "id": campaign }),
    );
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["campaign"]["leads"], 2, "{page}");
    assert_eq!(page["campaign"]["cost_cents"], 1_250_000);
    let names: Vec<&str> = page["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Anne Zeller", "Menuiserie Blanc"]);

    // A call about an opportunity of the party, then a meeting for jdupont.
    let party = leads[0].clone();
    let (status, opportunity) = call(
        &manager,
        &base,
        &csrf,
        "create_opportunity",
        json!({ "input": {
            "party_id": party, "pipeline": null, "title": "Cuisine sur mesure",
            "value_cents": 500_000, "expected_close": null
        }}),
    );
    assert_eq!(status, StatusCode::OK, "{opportunity}");
    let opportunity = opportunity["id"].as_str().unwrap().to_string();
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let (status, logged) = call(
        &manager,
        &base,
        &csrf,
        "log_call",
        json!({ "input": {
            "party_id": party, "opportunity": opportunity, "date": today, "time": "09:40",
            "comment": "Veut un devis avant le rendez-vous", "outcome": "positive"
        }}),
    );
    assert_eq!(status, StatusCode::OK, "{logged}");
    let starts_at = (Utc::now() + chrono::Duration::days(2))
        .format("%Y-%m-%dT09:00:00Z")
        .to_string();
    let meeting = |attendee: &str| {
        json!({ "input": {
            "party_id": party, "opportunity": opportunity, "attendee": attendee,
            "starts_at": starts_at, "duration_minutes": 90, "place": "Showroom",
            "subject": "Projet cuisine", "notes": null
        }})
    };
    let before = ledger(&server);
    let (status, refused) = call(&manager, &base, &csrf, "plan_meeting", meeting("personne"));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["field"], "attendee", "{refused}");
    assert_eq!(ledger(&server), before, "a refused meeting writes nothing");
    let (status, planned) = call(&manager, &base, &csrf, "plan_meeting", meeting("jdupont"));
    assert_eq!(status, StatusCode::OK, "{planned}");
    let meeting_id = planned["id"].as_str().unwrap().to_string();
    let invitations = server.count(&format!(
        "SELECT count(*) FROM meeting_mail WHERE meeting_id = '{meeting_id}'"
    ));
    assert_eq!(invitations, 1, "the attendee's invitation is queued once");

    let (status, calendar) = call(&manager, &base, &csrf, "upcoming_meetings", json!({}));
    assert_eq!(status, StatusCode::OK, "{calendar}");
    let shown = calendar
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == meeting_id.as_str())
        .expect("the meeting is on the shared calendar");
    assert_eq!(
        (&shown["attendee"], &shown["organiser"], &shown["pending"]),
        (&json!("jdupont"), &json!("nbertrand"), &json!(false))
    );
    let (status, activity) = call(
        &manager,
        &base,
        &csrf,
        "recent_activity",
        json!({ "partyId": party, "days": 15 }),
    );
    assert_eq!(status, StatusCode::OK, "{activity}");
    let kinds: Vec<(&str, &str)> = activity
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["kind"].as_str().unwrap(), l["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [("action", "appel"), ("card", "")],
        "the call of today and the business card typed under the campaign; the meeting is to come"
    );
}

/// Issue 15: segments in the browser, through the same commands as the laptop. The
/// manager's criteria refused under their field first (nothing written), a list filled
/// from a contact page, criteria evaluated over the manager's snapshot, the list assigned
/// to a rep of the team (one owner update, integrated), and exported as CSV.
#[test]
fn a_manager_builds_segments_assigns_a_list_and_exports_it_in_the_browser() {
    let server = world();
    enroll_laptop(&server, "nbertrand");
    let (_running, base) = start_run(&server);
    let (manager, csrf) = signed_in(&server, &base, "nbertrand");
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let criteria = |criteria: Value| json!({ "input": { "name": "Créés aujourd'hui", "kind": "criteria", "criteria": criteria }});
    let before = ledger(&server);
    let (status, refused) = call(
        &manager,
        &base,
        &csrf,
        "create_segment",
        criteria(json!({ "idle_days": 0 })),
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["field"], "idle_days", "{refused}");
    assert_eq!(ledger(&server), before, "a refused segment writes nothing");

    let (status, party) = call(
        &manager,
        &base,
        &csrf,
        "create_party",
        json!({ "input": {
            "kind": "company", "name": "Segments & Fils", "first_name": null, "siret": null,
            "vat": null, "phone": null, "mobile": null, "email": null, "address1": null,
            "address2": null, "postal_code": "29200", "city": "Brest", "country": null,
            "notes": null
        }, "allowDuplicates": true }),
    );
    assert_eq!(status, StatusCode::OK, "{party}");
    let party = party["id"].as_str().unwrap().to_string();
    let (status, list) = call(
        &manager,
        &base,
        &csrf,
        "create_segment",
        json!({ "input": { "name": "À rappeler", "kind": "list", "criteria": null }}),
    );
    assert_eq!(status, StatusCode::OK, "{list}");
    let list = list["id"].as_str().unwrap().to_string();
    let (status, added) = call(
        &manager,
        &base,
        &csrf,
        "add_to_segment",
        json!({ "id": list, "partyId": party }),
    );
    assert_eq!(status, StatusCode::OK, "{added}");
    let (status, created) = call(
        &manager,
        &base,
        &csrf,
        "create_segment",
        criteria(json!({
            "owner": "nbertrand", "created_from": today, "postal_prefix": "29 2", "city": "brest"
        })),
    );
    assert_eq!(status, StatusCode::OK, "{created}");
    let stored: i64 = server.count("SELECT count(*) FROM segment");
    assert_eq!(stored, 2, "both segments are in the master");

    let (status, page) = call(
        &manager,
        &base,
        &csrf,
        "segment_parties",
        json!({ "id": created["id"] }),
    );
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["parties"][0]["name"], "Segments & Fils");
    let (status, segments) = call(&manager, &base, &csrf, "segments", json!({}));
    assert_eq!(status, StatusCode::OK, "{segments}");
    let names: Vec<&str> = segments
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["À rappeler", "Créés aujourd'hui"]);

    let (status, assigned) = call(
        &manager,
        &base,
        &csrf,
        "assign_segment",
        json!({ "id": list, "owner": "jdupont" }),
    );
    assert_eq!(status, StatusCode::OK, "{assigned}");
    assert_eq!(
        (
            &assigned["written"],
            &assigned["not_allowed"],
            &assigned["linked"]
        ),
        (&json!(1), &json!(0), &json!(0)),
        "{assigned}"
    );
    let owner: String = server
        .db()
        .query_row("SELECT owner FROM party WHERE id = ?1", [&party], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        owner, "jdupont",
        "the assignment is integrated in the master"
    );

    let csv = download(
        &manager,
        &base,
        &csrf,
        "export_segment",
        json!({ "id": list }),
    );
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.contains("Segments & Fils") && text.contains("jdupont"),
        "{text}"
    );
}
