//! Webhooks through the real `run` process and a receiver on loopback written in Python
//! (webhook_receiver.py), which checks every signature with its own HMAC: no event lost
//! when the receiver stops in the middle of a run, the retry schedule and its end, the
//! replay, and the admin's page (roles, CSRF, refused URLs, malformed forms).
//!
//! The back-off is shortened through `[webhooks]` of `config.toml` (docs/webhooks.md).

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use chrono::Utc;
use common::process::{free_port, Running};
use common::{start_run, TestServer};
use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use serde_json::json;
use tournee_store::{create_account, create_subscription, Role};
use tournee_sync::{parse_record, publish_change, ChangeBody, Envelope};

const ADMIN_PASSWORD: &str = "mot de passe admin initial";

/// A child process killed at drop (the server gets SIGTERM, as its operator would send).
/// A data directory with one rep and the `[webhooks]` settings of a test: retries within
/// a fraction of a second instead of thirty seconds.
fn server(webhooks: &str) -> TestServer {
    let server = TestServer::init(&["--admin-password", ADMIN_PASSWORD]);
    server
        .db()
        .execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name) VALUES ('jdupont', 'JD01', 'jdupont@example.fr', 'Jean Dupont')",
            [],
        )
        .unwrap();
    let mut config = std::fs::OpenOptions::new()
        .append(true)
        .open(server.data.join("config.toml"))
        .unwrap();
    writeln!(config, "\n[webhooks]\n{webhooks}").unwrap();
    server
}

/// The Python receiver on `port`, answering `status`, appending to `output`.
fn receiver(port: u16, secret: &str, output: &Path, status: u16) -> Running {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/webhook_receiver.py");
    let mut child = Command::new("python3")
        .arg(script)
        .args([&port.to_string(), secret])
        .arg(output)
        .arg(status.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut ready = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut ready)
        .unwrap();
    assert_eq!(ready.trim(), "ready", "the receiver did not start");
    Running(child)
}

/// What the receiver noted: one line per delivery it got.
#[derive(Debug, Clone)]
struct Received {
    id: String,
    kind: String,
    record: String,
    valid: bool,
    at: f64,
}

fn received(output: &Path) -> Vec<Received> {
    let Ok(text) = std::fs::read_to_string(output) else {
        return Vec::new();
    };
    text.lines()
        // A line being written while read is incomplete: the next read has it.
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .map(|v| Received {
            id: v["id"].as_str().unwrap_or_default().to_string(),
            kind: v["type"].as_str().unwrap_or_default().to_string(),
            record: v["record"].as_str().unwrap_or_default().to_string(),
            valid: v["valid"].as_bool().unwrap_or(false),
            at: v["at"].as_f64().unwrap_or(0.0),
        })
        .collect()
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        sleep(Duration::from_millis(100));
    }
}

/// A party creation by jdupont, published into the inbox as the field app does.
fn publish_party(server: &TestServer, n: usize) -> String {
    let id = ulid::Ulid::new().to_string();
    let change = parse_record(&json!({"entity": "party", "op": "create", "id": id,
        "fields": {"kind": "company", "name": format!("Garage n° {n}"), "city": "Lyon"}}))
    .unwrap();
    let envelope = Envelope::new(
        "jdupont",
        "PC-TEST",
        Utc::now().fixed_offset(),
        ChangeBody::RC(Box::new(change)),
    );
    publish_change(&server.data.join("inbox").join("jdupont"), &envelope).unwrap();
    id
}

fn subscribe(server: &TestServer, url: &str, types: &[&str]) -> String {
    let types: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    create_subscription(&server.db(), url, &types, "admin", Utc::now())
        .unwrap()
        .secret
}

#[test]
fn a_receiver_stopped_in_the_middle_of_1000_events_ends_with_every_one() {
    const EVENTS: usize = 1000;
    let server = server(
        "first_retry_millis = 200\nmax_retry_millis = 1000\npoll_millis = 100\ntimeout_millis = 3000\nconcurrency = 8\nper_subscription = 8",
    );
    let port = free_port();
    let secret = subscribe(
        &server,
        &format!("http://127.0.0.1:{port}/hook"),
        &["party.created"],
    );
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("received.jsonl");
    let first = receiver(port, &secret, &output, 204);
    let (_running, _base) = start_run(&server);

    let mut published: Vec<String> = (0..EVENTS / 2).map(|n| publish_party(&server, n)).collect();
    wait_for("the first deliveries", Duration::from_secs(120), || {
        received(&output).len() >= EVENTS / 5
    });
    // The receiver goes away in the middle of the run; the second half is written
    // meanwhile, and every delivery to it fails (connection refused) and waits.
    drop(first);
    let at_stop = received(&output).len();
    published.extend((EVENTS / 2..EVENTS).map(|n| publish_party(&server, n)));
    wait_for(
        "failed attempts while it is down",
        Duration::from_secs(60),
        || server.count("SELECT count(*) FROM webhook_attempt WHERE status_code IS NULL") >= 20,
    );
    let _second = receiver(port, &secret, &output, 204);
    wait_for("every event", Duration::from_secs(300), || {
        let ids: std::collections::HashSet<String> =
            received(&output).into_iter().map(|r| r.id).collect();
        ids.len() >= EVENTS
    });

    let all = received(&output);
    assert!(
        all.iter().all(|r| r.valid),
        "every signature checks out in Python"
    );
    assert!(all.iter().all(|r| r.kind == "party.created"));
    let mut per_id: HashMap<&str, usize> = HashMap::new();
    for r in &all {
        *per_id.entry(&r.id).or_insert(0) += 1;
    }
    let records: std::collections::HashSet<&str> = all.iter().map(|r| r.record.as_str()).collect();
    for id in &published {
        assert!(records.contains(id.as_str()), "party {id} never delivered");
    }
    assert_eq!(per_id.len(), EVENTS, "one event id per party");
    let duplicates = all.len() - per_id.len();
    println!(
        "{EVENTS} events: {} deliveries received, {duplicates} duplicates, {at_stop} before the stop, {} failed attempts during it",
        all.len(),
        server.count("SELECT count(*) FROM webhook_attempt WHERE status_code IS NULL")
    );
    assert!(at_stop < EVENTS, "the receiver stopped before the end");
    assert_eq!(server.count("SELECT count(*) FROM event"), EVENTS as i64);
    wait_for(
        "every delivery marked delivered",
        Duration::from_secs(30),
        || {
            server.count("SELECT count(*) FROM webhook_delivery WHERE status = 'delivered'")
                == EVENTS as i64
        },
    );
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
        .get(format!("{base}/office/login"))
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
        ])
        .send()
        .unwrap()
}

/// Signs in with a first password and replaces it, as the forced change requires.
fn first_login(client: &Client, base: &str, user: &str, password: &str) {
    let page = login(client, base, user, password).text().unwrap();
    let new = format!("{password} changé");
    client
        .post(format!("{base}/office/password"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("old", password),
            ("new", new.as_str()),
        ])
        .send()
        .unwrap();
    let home = login(client, base, user, &new);
    assert_eq!(home.url().path(), "/office", "signed in as {user}");
}

fn post_form(client: &Client, url: &str, pairs: &[(&str, &str)]) -> Response {
    client.post(url).form(pairs).send().unwrap()
}

#[test]
fn retries_back_off_until_the_window_closes_and_a_replay_delivers() {
    // Retries after 300 ms, 600 ms, then every 800 ms; given up 4 s after the event.
    let server = server(
        "first_retry_millis = 300\nmax_retry_millis = 800\nretry_window_secs = 4\npoll_millis = 50\ntimeout_millis = 2000",
    );
    let port = free_port();
    let secret = subscribe(&server, &format!("http://localhost:{port}/hook"), &["*"]);
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("received.jsonl");
    let refusing = receiver(port, &secret, &output, 503);
    let (_running, base) = start_run(&server);
    let party = publish_party(&server, 1);
    wait_for(
        "the delivery to fail for good",
        Duration::from_secs(60),
        || server.count("SELECT count(*) FROM webhook_delivery WHERE status = 'failed'") == 1,
    );
    let tries = received(&output);
    assert!(tries.len() >= 5, "{} attempts in the window", tries.len());
    assert!(tries.iter().all(|r| r.valid && r.record == party));
    let first_id = tries[0].id.clone();
    assert!(
        tries.iter().all(|r| r.id == first_id),
        "the same webhook-id at every attempt"
    );
    let gaps: Vec<f64> = tries.windows(2).map(|w| w[1].at - w[0].at).collect();
    // First wait 300 ms ± 20 % jitter, second 600 ms ± 20 %, then at most 800 ms + 20 %.
    assert!((0.23..0.6).contains(&gaps[0]), "{gaps:?}");
    assert!((0.47..0.9).contains(&gaps[1]), "{gaps:?}");
    assert!(gaps.iter().all(|g| *g < 1.3), "{gaps:?}");
    let span = tries.last().unwrap().at - tries[0].at;
    assert!(
        (3.5..5.5).contains(&span),
        "retried for the whole window: {span} s"
    );
    let logged: Vec<(Option<i64>, Option<String>, i64)> = server
        .db()
        .prepare("SELECT status_code, error, duration_ms FROM webhook_attempt ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(logged.len(), tries.len(), "every attempt logged");
    assert!(logged.iter().all(|(code, error, ms)| *code == Some(503)
        && error.as_deref().is_some_and(|e| e.contains("503"))
        && *ms >= 0));

    // The receiver is fixed; the admin replays the failed delivery from the page.
    drop(refusing);
    let _fixed = receiver(port, &secret, &output, 204);
    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    let delivery: i64 = server.count("SELECT id FROM webhook_delivery");
    let page = admin
        .get(format!(
            "{base}/office/admin/webhooks/deliveries/{delivery}"
        ))
        .send()
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().unwrap();
    assert_eq!(
        page.matches("HTTP 503").count(),
        tries.len() * 2,
        "each attempt's answer and error"
    );
    let replayed = post_form(
        &admin,
        &format!("{base}/office/admin/webhooks/deliveries/{delivery}/replay"),
        &[("csrf", &csrf_of(&page))],
    );
    assert_eq!(replayed.url().path(), "/office/admin/webhooks");
    wait_for("the replay", Duration::from_secs(30), || {
        server.count("SELECT count(*) FROM webhook_delivery WHERE status = 'delivered'") == 1
    });
    let last = received(&output).pop().unwrap();
    assert_eq!(last.id, first_id, "a replay keeps the event's id");
    assert!(last.valid);
    let unknown = post_form(
        &admin,
        &format!("{base}/office/admin/webhooks/deliveries/999999/replay"),
        &[("csrf", &csrf_of(&page))],
    );
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[test]
fn the_admin_page_creates_refuses_and_is_the_admins_only() {
    let server = server("poll_millis = 100");
    create_account(
        &server.db(),
        "compta",
        "Claire Comptable",
        "compta@pneus-tournee.fr",
        Role::Accountant,
        "mot de passe compta initial",
        Utc::now(),
    )
    .unwrap();
    let (_running, base) = start_run(&server);
    let hooks = format!("{base}/office/admin/webhooks");

    // The accountant, signed in with a valid token, reaches none of it.
    let accountant = browser();
    first_login(&accountant, &base, "compta", "mot de passe compta initial");
    let home = accountant
        .get(format!("{base}/office"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(!home.contains("/office/admin/webhooks"), "no menu entry");
    let csrf = csrf_of(&home);
    assert_eq!(
        accountant.get(&hooks).send().unwrap().status(),
        StatusCode::FORBIDDEN
    );
    for path in [
        "",
        "/1/enable",
        "/1/disable",
        "/1/delete",
        "/deliveries/1/replay",
    ] {
        let refused = post_form(
            &accountant,
            &format!("{hooks}{path}"),
            &[
                ("csrf", &csrf),
                ("url", "https://x.example/"),
                ("type", "*"),
            ],
        );
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "POST {path}");
    }
    assert_eq!(
        accountant
            .get(format!("{hooks}/deliveries/1"))
            .send()
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(server.count("SELECT count(*) FROM webhook_subscription"), 0);

    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    let page = admin.get(&hooks).send().unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().unwrap();
    let csrf = csrf_of(&page);

    // Refused URLs, each named on the URL's field; nothing saved.
    let long = format!("https://x.example/{}", "a".repeat(2100));
    for (url, words) in [
        (
            "http://hooks.example.fr/in",
            "accepté que vers cette machine",
        ),
        (
            "http://192.168.1.20:8080/in",
            "accepté que vers cette machine",
        ),
        ("ftp://hooks.example.fr/in", "doit commencer par https://"),
        (
            "https://moi:secret@hooks.example.fr/in",
            "identifiant ni de mot de passe",
        ),
        ("pas une adresse", "pas une adresse web complète"),
        ("", "adresse obligatoire"),
        (long.as_str(), "2000 caractères au plus"),
    ] {
        let refused = post_form(
            &admin,
            &hooks,
            &[("csrf", &csrf), ("url", url), ("type", "party.created")],
        );
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        let text = refused.text().unwrap();
        assert!(text.contains(words), "{url}: {words}");
        assert!(
            text.contains("data-error-for=\"url\""),
            "{url}: on its field"
        );
    }
    // No type, an unknown type.
    let none = post_form(
        &admin,
        &hooks,
        &[("csrf", &csrf), ("url", "https://hooks.example.fr/in")],
    );
    assert_eq!(none.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.text().unwrap().contains("cochez au moins un type"));
    let unknown = post_form(
        &admin,
        &hooks,
        &[
            ("csrf", &csrf),
            ("url", "https://hooks.example.fr/in"),
            ("type", "party.eaten"),
        ],
    );
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown
        .text()
        .unwrap()
        .contains("inconnu : « party.eaten »"));
    // Malformed forms: an unknown field, too many fields, no token, a forged token.
    let odd = post_form(
        &admin,
        &hooks,
        &[
            ("csrf", &csrf),
            ("url", "https://h.example/"),
            ("admin", "1"),
        ],
    );
    assert_eq!(odd.status(), StatusCode::BAD_REQUEST);
    let many: Vec<(&str, &str)> = std::iter::once(("csrf", csrf.as_str()))
        .chain(std::iter::repeat_n(("type", "party.created"), 200))
        .collect();
    assert_eq!(
        post_form(&admin, &hooks, &many).status(),
        StatusCode::BAD_REQUEST
    );
    for token in ["", "forged"] {
        let forged = post_form(
            &admin,
            &hooks,
            &[
                ("csrf", token),
                ("url", "https://h.example/"),
                ("type", "*"),
            ],
        );
        assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(
        server.count("SELECT count(*) FROM webhook_subscription"),
        0,
        "nothing saved"
    );

    // Created: the secret shown once, in the Standard Webhooks form.
    let created = post_form(
        &admin,
        &hooks,
        &[
            ("csrf", &csrf),
            ("url", "http://127.0.0.1:9/hook"),
            ("type", "party.created"),
            ("type", "client.validated"),
        ],
    );
    assert_eq!(created.status(), StatusCode::OK);
    let text = created.text().unwrap();
    let secret = text
        .split("data-testid=\"webhook-secret\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .to_string();
    assert!(
        secret.starts_with("whsec_") && secret.len() > 40,
        "{secret}"
    );
    let stored: String = server
        .db()
        .query_row("SELECT secret FROM webhook_subscription", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, secret);
    let again = admin.get(&hooks).send().unwrap().text().unwrap();
    assert!(!again.contains(&secret), "never shown again");
    assert!(again.contains("client.validated, party.created"));
    let id: i64 = server.count("SELECT id FROM webhook_subscription");
    let disabled = post_form(&admin, &format!("{hooks}/{id}/disable"), &[("csrf", &csrf)]);
    assert_eq!(disabled.url().path(), "/office/admin/webhooks");
    assert_eq!(server.count("SELECT enabled FROM webhook_subscription"), 0);
    let missing = post_form(&admin, &format!("{hooks}/999/enable"), &[("csrf", &csrf)]);
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.text().unwrap().contains("le numéro 999"));
    let deleted = post_form(&admin, &format!("{hooks}/{id}/delete"), &[("csrf", &csrf)]);
    assert_eq!(deleted.url().path(), "/office/admin/webhooks");
    assert_eq!(server.count("SELECT count(*) FROM webhook_subscription"), 0);
    assert_eq!(
        admin
            .get(format!("{hooks}/deliveries/1"))
            .send()
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}
