//! The back office through HTTP against the real `run` process: login, forced password
//! change, roles enforced on the server, CSRF on forms, and the accountant's path from
//! the link in the mail to a validated client.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use chrono::Utc;
use common::process::Running;
use common::{complete_request, fields, publish_as, start_run, TestServer};
use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use tournee_store::{create_account, Role};
use tournee_sync::{
    ChangeBody, ClientCreationRequest, ClientModification, FieldChange, ProspectCreation,
};

const ADMIN_PASSWORD: &str = "mot de passe admin initial";
const ACCOUNTANT_PASSWORD: &str = "mot de passe compta initial";

/// The accountant's account, `compta`, with its first password.
fn add_accountant(server: &TestServer) {
    create_account(
        &server.db(),
        "compta",
        "Claire Comptable",
        "compta@pneus-tournee.fr",
        Role::Accountant,
        ACCOUNTANT_PASSWORD,
        Utc::now(),
    )
    .unwrap();
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

/// Signs in as a browser does: the login page first (its form token and cookie), then the form.
/// The page at `path`, as `client` sees it (signed in or not): the text of a form whose
/// token the next POST needs.
fn page_of(client: &Client, base: &str, path: &str) -> String {
    client
        .get(format!("{base}{path}"))
        .send()
        .unwrap()
        .text()
        .unwrap()
}

fn login(client: &Client, base: &str, login: &str, password: &str) -> Response {
    let page = page_of(client, base, "/office/login");
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

/// Logs in with a first password and replaces it, as the forced change requires.
fn first_login(client: &Client, base: &str, user: &str, password: &str) {
    let forced = login(client, base, user, password);
    assert_eq!(
        forced.url().path(),
        "/office/password",
        "a first login goes to the password page"
    );
    let page = forced.text().unwrap();
    let new = format!("{password} changé");
    let changed = client
        .post(format!("{base}/office/password"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("old", password),
            ("new", new.as_str()),
        ])
        .send()
        .unwrap();
    assert_eq!(changed.url().path(), "/office/login");
    let home = login(client, base, user, &new);
    assert_eq!(home.url().path(), "/office");
}

#[test]
fn the_accountant_validates_a_request_and_only_admins_reach_admin_pages() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    add_accountant(&server);
    let prospect = ulid::Ulid::new().to_string();
    publish_as(
        &server,
        "jdupont",
        ChangeBody::CP(ProspectCreation {
            prospect_id: prospect.clone(),
            fields: fields(&[("nom_client", "Transports <Fabre>")]),
            contacts: Vec::new(),
        }),
    );
    publish_as(
        &server,
        "jdupont",
        ChangeBody::CC(ClientCreationRequest {
            prospect_id: prospect,
            fields: complete_request("Transports <Fabre>"),
            signature: None,
        }),
    );
    ask_city_change(&server);
    let (_running, base) = start_run(&server);
    let start_wait = Instant::now();
    while server.count("SELECT count(*) FROM client_creation_request") == 0 {
        assert!(
            start_wait.elapsed() < Duration::from_secs(60),
            "the CC was not integrated"
        );
        sleep(Duration::from_millis(100));
    }

    // Nobody gets in without a session, nor with a wrong password.
    let anonymous = browser();
    assert_eq!(
        anonymous
            .get(format!("{base}/office/creations/1"))
            .send()
            .unwrap()
            .url()
            .path(),
        "/office/login"
    );
    let refused = login(&anonymous, &base, "compta", "pas le bon mot de passe");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(refused
        .text()
        .unwrap()
        .contains("identifiant ou mot de passe incorrect"));

    let accountant = browser();
    first_login(&accountant, &base, "compta", ACCOUNTANT_PASSWORD);
    assert_eq!(
        accountant
            .get(format!("{base}/office/admin/accounts"))
            .send()
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN,
        "the role is checked on the server"
    );
    let list = page_of(&accountant, &base, "/office/creations");
    assert!(
        list.contains("Transports &lt;Fabre&gt;"),
        "names are escaped:\n{list}"
    );

    // The link of the mail.
    let request = accountant
        .get(format!("{base}/office/creations/1"))
        .send()
        .unwrap();
    assert_eq!(request.status(), StatusCode::OK);
    let page = request.text().unwrap();
    // A grouped IBAN (up to 42 characters for 34 stored) can be typed or pasted.
    let iban_input = text_after(&page, "name=\"field.iban\"");
    assert!(iban_input.contains("maxlength=\"68\""), "{iban_input}");
    // The annex-2 values, ready to copy into the ERP: one field each under its column
    // name, and all of them tab-separated.
    let name_field = text_after(&page, "data-testid=\"erp-nom_client\"");
    assert!(
        page.contains("id=\"erp-nom_client\" value=\"Transports &lt;Fabre&gt;\" readonly"),
        "{name_field}"
    );
    let all = text_after(&page, "data-testid=\"erp-all\">");
    assert!(
        all.starts_with("c_client\tc_fam_client\tc_sfam_client\t"),
        "{all}"
    );
    let csrf = csrf_of(&page);
    let forged = accountant
        .post(format!("{base}/office/creations/1/validate"))
        .form(&[("csrf", "forged"), ("client_code", "C0900001")])
        .send()
        .unwrap();
    assert_eq!(
        forged.status(),
        StatusCode::FORBIDDEN,
        "no valid CSRF token, no change"
    );
    let taken = accountant
        .post(format!("{base}/office/creations/1/validate"))
        .form(&[("csrf", csrf.as_str()), ("client_code", "C0000001")])
        .send()
        .unwrap();
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.text().unwrap().contains("déjà utilisé"));
    let validated = accountant
        .post(format!("{base}/office/creations/1/validate"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("client_code", "C0900001"),
            ("field.c_ape", "4532Z"),
        ])
        .send()
        .unwrap();
    assert_eq!(validated.url().path(), "/office/creations");
    assert_eq!(
        server.count("SELECT count(*) FROM client WHERE c_client = 'C0900001' AND c_ape = '4532Z'"),
        1
    );
    assert_eq!(
        server.count("SELECT count(*) FROM notification WHERE kind = 'client_created'"),
        1
    );
    // Once validated, the page offers the client as the master holds it, code included,
    // and as a one-client CSV with the outbound file's columns.
    let page = page_of(&accountant, &base, "/office/creations/1");
    assert!(page.contains("id=\"erp-c_client\" value=\"C0900001\" readonly"));
    assert!(page.contains("id=\"erp-c_ape\" value=\"4532Z\" readonly"));
    let download = accountant
        .get(format!("{base}/office/creations/1/client.csv"))
        .send()
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(
        download.headers()["content-disposition"],
        "attachment; filename=\"client-C0900001.csv\""
    );
    let csv = tournee_csv::read_csv(&download.bytes().unwrap()).unwrap();
    assert_eq!(csv.headers.len(), 41);
    assert_eq!(csv.headers[0], "c_client");
    assert_eq!(csv.rows[0].cells[0], "C0900001");
    assert_eq!(csv.rows[0].cells[4], "Transports <Fabre>");
    assert_eq!(
        accountant
            .get(format!("{base}/office/creations/999/client.csv"))
            .send()
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    // The automaton writes the validated client for the ERP without being asked: the
    // ledger's row first, then the file, under a temporary name until it is complete.
    let out_names = || -> Vec<String> {
        std::fs::read_dir(server.data.join("erp/out"))
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let start = Instant::now();
    while server
        .count("SELECT count(*) FROM erp_export_row WHERE kind = 'client' AND row_key = 'C0900001'")
        == 0
        || !out_names()
            .iter()
            .any(|n| n.starts_with("tournee-client-") && n.ends_with(".csv"))
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the validated client never went out to the ERP: {:?}",
            out_names()
        );
        sleep(Duration::from_millis(200));
    }

    // The validation's regeneration is done before the request is closed, so only the
    // close itself can bring its outcome to the laptop below.
    let start = Instant::now();
    while !snapshot_holds(
        &server,
        "jdupont",
        "SELECT count(*) FROM client WHERE c_client = 'C0900001'",
    ) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the validated client never reached jdupont's snapshot"
        );
        sleep(Duration::from_millis(200));
    }
    sleep(Duration::from_millis(500));

    // The modification request, closed once applied in the ERP.
    let open = page_of(&accountant, &base, "/office/modifications");
    assert!(
        open.contains("« Lyon » remplacé par « Villeurbanne »"),
        "{open}"
    );
    let closed = accountant
        .post(format!("{base}/office/modifications/1/close"))
        .form(&[
            ("csrf", csrf_of(&open).as_str()),
            ("decision", "applied"),
            ("note", "fait dans winpro"),
        ])
        .send()
        .unwrap();
    assert!(closed.text().unwrap().contains("Aucune demande ouverte"));
    assert_eq!(
        server.count("SELECT count(*) FROM modification_request WHERE status = 'applied'"),
        1
    );
    // The outcome and the accountant's note reach the rep's laptop at once.
    let start = Instant::now();
    while !snapshot_holds(
        &server,
        "jdupont",
        "SELECT count(*) FROM modification_request WHERE status = 'applied' AND note = 'fait dans winpro'",
    ) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the closed request never reached jdupont's snapshot"
        );
        sleep(Duration::from_millis(200));
    }

    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    // The former accounts page leads to « Utilisateurs », the one directory.
    let accounts = admin
        .get(format!("{base}/office/admin/accounts"))
        .send()
        .unwrap();
    assert_eq!(accounts.status(), StatusCode::OK);
    assert_eq!(accounts.url().path(), "/office/admin/users");
    assert!(accounts.text().unwrap().contains("Claire Comptable"));
}

/// Every admin page, GET and POST: (method, path).
const ADMIN_ROUTES: &[(&str, &str)] = &[
    ("GET", "/office/admin/accounts"),
    ("POST", "/office/admin/users/jdupont/password"),
    ("GET", "/office/admin/catalogue"),
    ("POST", "/office/admin/catalogue"),
    ("POST", "/office/admin/catalogue/active"),
    ("GET", "/office/admin/parameters"),
    ("POST", "/office/admin/parameters"),
    ("GET", "/office/admin/visit-form"),
    ("POST", "/office/admin/visit-form"),
    ("GET", "/office/admin/users"),
    ("POST", "/office/admin/users"),
    ("GET", "/office/admin/policy"),
    ("POST", "/office/admin/policy"),
    ("POST", "/office/admin/policy/default"),
    ("GET", "/office/admin/action-types"),
    ("POST", "/office/admin/action-types"),
    ("POST", "/office/admin/action-types/appel"),
    ("POST", "/office/admin/action-types/appel/move"),
    ("POST", "/office/admin/action-types/appel/delete"),
    ("GET", "/office/admin/teams"),
    ("POST", "/office/admin/teams"),
    ("POST", "/office/admin/teams/1/rename"),
    ("POST", "/office/admin/teams/1/delete"),
    ("POST", "/office/admin/teams/1/members"),
    ("POST", "/office/admin/teams/1/members/jdupont/remove"),
    ("POST", "/office/admin/teams/1/members/jdupont/leader"),
    ("GET", "/office/admin/reassign"),
    ("POST", "/office/admin/reassign"),
    ("GET", "/office/admin/integrations"),
    ("POST", "/office/admin/integrations/retry"),
    ("GET", "/office/admin/devices"),
    ("POST", "/office/admin/devices/code"),
    ("POST", "/office/admin/devices/01NOPE/revoke"),
    ("GET", "/office/admin/api-tokens"),
    ("POST", "/office/admin/api-tokens"),
    ("POST", "/office/admin/api-tokens/1/revoke"),
    ("GET", "/office/admin/import"),
    ("POST", "/office/admin/import"),
    ("POST", "/office/admin/import/00/preview"),
    ("POST", "/office/admin/import/00/dry-run"),
    ("POST", "/office/admin/import/00/import"),
    ("GET", "/office/admin/webhooks"),
    ("POST", "/office/admin/webhooks"),
    ("POST", "/office/admin/webhooks/1/enable"),
    ("POST", "/office/admin/webhooks/1/disable"),
    ("POST", "/office/admin/webhooks/1/delete"),
    ("GET", "/office/admin/webhooks/deliveries/1"),
    ("POST", "/office/admin/webhooks/deliveries/1/replay"),
    ("GET", "/office/admin/follow-up"),
    ("POST", "/office/admin/follow-up/lead_open"),
    ("GET", "/office/admin/pipelines"),
    ("POST", "/office/admin/pipelines"),
    ("POST", "/office/admin/pipelines/assignee"),
    ("POST", "/office/admin/pipelines/standard"),
    ("POST", "/office/admin/pipelines/standard/delete"),
    ("POST", "/office/admin/pipelines/standard/stages"),
    ("POST", "/office/admin/pipelines/standard/stages/besoin"),
    (
        "POST",
        "/office/admin/pipelines/standard/stages/besoin/move",
    ),
    (
        "POST",
        "/office/admin/pipelines/standard/stages/besoin/delete",
    ),
];

/// The accountant's pages (admins may open them too).
const ACCOUNTANT_ROUTES: &[(&str, &str)] = &[
    ("GET", "/office"),
    ("GET", "/office/creations"),
    ("GET", "/office/creations/1"),
    ("GET", "/office/creations/1/signature"),
    ("GET", "/office/creations/1/client.csv"),
    ("POST", "/office/creations/1/validate"),
    ("POST", "/office/creations/1/reject"),
    ("GET", "/office/modifications"),
    ("GET", "/office/contacts.csv"),
    ("POST", "/office/modifications/1/close"),
    ("GET", "/office/password"),
    ("POST", "/office/password"),
    ("POST", "/office/logout"),
];

/// The sales reports: the admin's (every figure) and the managers' (their scope's).
const REPORT_ROUTES: &[(&str, &str)] = &[
    ("GET", "/office/reports"),
    ("GET", "/office/reports.xlsx"),
    ("GET", "/office/reports.pdf"),
];

/// Pages anyone may open: the login form (and the stylesheet, whose path is a constant).
const PUBLIC_ROUTES: &[&str] = &["/office/login"];

/// Whether `path` is an instance of the router's `pattern` (`{id}` stands for a segment).
fn instance_of(path: &str, pattern: &str) -> bool {
    let (path, pattern): (Vec<&str>, Vec<&str>) =
        (path.split('/').collect(), pattern.split('/').collect());
    path.len() == pattern.len()
        && path
            .iter()
            .zip(&pattern)
            .all(|(segment, wanted)| wanted.starts_with('{') || segment == wanted)
}

#[test]
fn the_role_tables_cover_every_route_of_the_router() {
    let router = include_str!("../src/office/mod.rs");
    let patterns: Vec<&str> = router
        .split('"')
        .filter(|text| text.starts_with("/office"))
        .collect();
    assert!(
        patterns.len() >= 20,
        "routes read from the router: {patterns:?}"
    );
    for pattern in patterns {
        let covered = PUBLIC_ROUTES.contains(&pattern)
            || ADMIN_ROUTES
                .iter()
                .chain(ACCOUNTANT_ROUTES)
                .chain(REPORT_ROUTES)
                .any(|(_, path)| instance_of(path, pattern));
        assert!(covered, "{pattern} is in no role table of these tests");
    }
}

fn send(client: &Client, base: &str, method: &str, path: &str, csrf: &str) -> Response {
    let url = format!("{base}{path}");
    match method {
        "GET" => client.get(url).send().unwrap(),
        _ => client.post(url).form(&[("csrf", csrf)]).send().unwrap(),
    }
}

#[test]
fn every_route_checks_the_role_on_the_server() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    add_accountant(&server);
    let (_running, base) = start_run(&server);
    let admin_rows_before = server.count("SELECT count(*) FROM parameter");

    // No session (a rep has no back-office account): every route leads to the login page.
    let anonymous = browser();
    for (method, path) in ADMIN_ROUTES
        .iter()
        .chain(ACCOUNTANT_ROUTES)
        .chain(REPORT_ROUTES)
    {
        let response = send(&anonymous, &base, method, path, "x");
        assert_eq!(
            response.url().path(),
            "/office/login",
            "{method} {path} without a session"
        );
    }

    // The accountant, with a valid CSRF token, is refused on every admin route.
    let accountant = browser();
    first_login(&accountant, &base, "compta", ACCOUNTANT_PASSWORD);
    let home = page_of(&accountant, &base, "/office");
    assert!(
        !home.contains("/office/admin/"),
        "no admin menu for the accountant"
    );
    let csrf = csrf_of(&home);
    for (method, path) in ADMIN_ROUTES.iter().chain(REPORT_ROUTES) {
        let response = send(&accountant, &base, method, path, &csrf);
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{method} {path} as the accountant"
        );
    }
    for (method, path) in ACCOUNTANT_ROUTES.iter().filter(|(m, _)| *m == "GET") {
        let status = send(&accountant, &base, method, path, &csrf).status();
        assert!(
            status == StatusCode::OK || status == StatusCode::NOT_FOUND,
            "{method} {path} as the accountant: {status}"
        );
    }
    assert_eq!(
        server.count("SELECT count(*) FROM parameter"),
        admin_rows_before,
        "nothing was changed by refused requests"
    );
    assert_eq!(
        server.count("SELECT (SELECT count(*) FROM policy) + (SELECT count(*) FROM team)"),
        0,
        "no policy saved nor team created by refused requests"
    );

    // The admin reaches every admin page.
    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    for (method, path) in ADMIN_ROUTES
        .iter()
        .chain(REPORT_ROUTES)
        .filter(|(m, _)| *m == "GET")
    {
        let response = send(&admin, &base, method, path, "");
        // A webhook delivery of the tables' made-up id is not there: found only as missing.
        let expected = if path.contains("/webhooks/deliveries/") {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(response.status(), expected, "{method} {path} as admin");
    }
    // A forged retry that tries to leave failed/ is refused and touches nothing.
    let page = page_of(&admin, &base, "/office/admin/integrations");
    let traversal = admin
        .post(format!("{base}/office/admin/integrations/retry"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("folder", ".."),
            ("file", "config.toml"),
        ])
        .send()
        .unwrap();
    assert_eq!(traversal.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(server.data.join("config.toml").is_file());
}

#[test]
fn a_moved_inbox_is_followed_without_restart_and_a_failing_job_is_mailed() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base) = start_run(&server);
    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    let form_page = page_of(&admin, &base, "/office/admin/parameters");
    let value_of = |name: &str| -> String {
        form_page
            .split(&format!("name=\"{name}\""))
            .nth(1)
            .and_then(|rest| rest.split("value=\"").nth(1))
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_string()
    };
    let text_area = |name: &str| -> String {
        form_page
            .split(&format!("name=\"{name}\""))
            .nth(1)
            .and_then(|rest| rest.split('>').nth(1))
            .and_then(|rest| rest.split("</textarea").next())
            .unwrap_or_default()
            .replace("&amp;", "&")
    };
    let moved = server.data.join("elsewhere/inbox");
    let mut form: Vec<(String, String)> = [
        "inbox_check_cron",
        "snapshots_dir",
        "logs_dir",
        "log_retention_days",
        "relation_archive_days",
        "snapshot_schedule_cron",
        "parked_max_days",
        "back_office_url",
        "snapshot_expiry_hours",
        "visit_backdate_days",
        "max_offline_days",
        "prospect_retention_months",
        "ch_due_days",
        "system_sender",
        "smtp_port",
    ]
    .iter()
    .map(|name| (name.to_string(), value_of(name)))
    .collect();
    for name in [
        "farmer_categories",
        "accountant_emails",
        "error_emails",
        "fleet_types",
    ] {
        form.push((name.to_string(), text_area(name)));
    }
    form.push(("snapshot_mode".into(), "both".into()));
    form.push(("inbox_dir".into(), moved.display().to_string()));
    form.push(("csrf".into(), csrf_of(&form_page)));
    let saved = admin
        .post(format!("{base}/office/admin/parameters"))
        .form(&form)
        .send()
        .unwrap();
    assert_eq!(saved.url().query(), Some("saved=1"), "saved");
    assert!(std::fs::read_to_string(server.data.join("config.toml"))
        .unwrap()
        .contains("elsewhere/inbox"));

    // A visit dropped into the new inbox is integrated by the running automaton.
    let client_code: String = server
        .db()
        .query_row(
            "SELECT c_client FROM client WHERE c_rep = 'JD01' AND actif = 1 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let envelope = tournee_sync::Envelope {
        spec: tournee_sync::SPEC_VERSION,
        change_id: tournee_sync::new_change_id(),
        user: "jdupont".into(),
        device: "PC-JD01".into(),
        created_at: Utc::now().fixed_offset(),
        body: ChangeBody::VC(tournee_sync::ClientVisit {
            client_code,
            visit: tournee_sync::VisitReport {
                visit_date: Utc::now().date_naive(),
                visit_time: "09:30".into(),
                comment: "Dans le nouveau dossier.".into(),
                answers: std::collections::BTreeMap::from([(
                    "type_contact".to_string(),
                    tournee_sync::Answer::One("telephone".into()),
                )]),
            },
        }),
    };
    tournee_sync::publish_change(&moved.join("jdupont"), &envelope).unwrap();
    let waiting = Instant::now();
    while server.count("SELECT count(*) FROM change_ledger") == 0 {
        assert!(
            waiting.elapsed() < Duration::from_secs(30),
            "the moved inbox was not followed"
        );
        sleep(Duration::from_millis(100));
    }

    // The snapshot folder becomes unusable (edited by hand under a file): the job fails,
    // the automaton keeps running, and the error addresses get one mail.
    std::fs::write(server.data.join("blocker"), b"a file, not a folder").unwrap();
    let config = std::fs::read_to_string(server.data.join("config.toml")).unwrap();
    let broken = config
        .lines()
        .map(|line| {
            if line.starts_with("snapshots") {
                format!(
                    "snapshots = \"{}\"",
                    server.data.join("blocker/snapshots").display()
                )
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(server.data.join("config.toml"), broken).unwrap();
    let mut second = envelope.clone();
    second.change_id = tournee_sync::new_change_id();
    tournee_sync::publish_change(&moved.join("jdupont"), &second).unwrap();
    let waiting = Instant::now();
    while server
        .count("SELECT count(*) FROM notification WHERE kind = 'job_failed' AND status = 'sent'")
        == 0
    {
        assert!(
            waiting.elapsed() < Duration::from_secs(60),
            "no failure mail was sent; ledger {}, notifications {}",
            server.count("SELECT count(*) FROM change_ledger"),
            server.count("SELECT count(*) FROM notification")
        );
        sleep(Duration::from_millis(100));
    }
    let id = server.count("SELECT id FROM notification WHERE kind = 'job_failed'");
    let mail = std::fs::read_dir(server.data.join("mail"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|text| text.contains(&format!("<notification-{id}@tournee>")))
        .expect("the failure mail")
        .replace("=\r\n", "")
        .replace("=\n", "");
    assert!(mail.contains("To: admin@example.fr"), "{mail}");
    assert!(
        mail.contains("blocker/snapshots"),
        "the mail says what failed: {mail}"
    );
    assert_eq!(
        server.count("SELECT count(*) FROM change_ledger"),
        2,
        "integration went on"
    );
    assert!(
        admin
            .get(format!("{base}/office"))
            .send()
            .unwrap()
            .status()
            .is_success(),
        "the server is still up"
    );
}

/// Text between `marker` and the next `<`.
fn text_after(page: &str, marker: &str) -> String {
    page.split(marker)
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("no {marker} in:\n{page}"))
        .to_string()
}

#[test]
fn the_admin_issues_an_enrollment_code_and_revokes_a_laptop() {
    use tournee_store::{redeem_code, split_code, EnrollmentRequest};

    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base) = start_run(&server);
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let admin = common::http_client_builder()
        .cookie_provider(jar.clone())
        .build()
        .unwrap();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    let devices = format!("{base}/office/admin/devices");

    let page = admin.get(&devices).send().unwrap().text().unwrap();
    assert!(page.contains("Aucun appareil enrôlé"), "{page}");
    assert!(
        page.contains("n'est pas activé"),
        "no sync_listen in config.toml: {page}"
    );
    let sha256 = tournee_server::fingerprint(&server.data.join("tls/cert.pem")).unwrap();
    assert!(
        page.contains(&format!("data-sha256=\"{sha256}\"")),
        "the certificate's SHA-256: {page}"
    );
    let first_group = sha256[..4].to_ascii_uppercase();
    assert!(
        page.contains(&format!(">{first_group} ")),
        "grouped: {page}"
    );
    let csrf = csrf_of(&page);

    // A rep who is not in the mapping: the form comes back with the reason under the field.
    let unknown = admin
        .post(format!("{devices}/code"))
        .form(&[("csrf", csrf.as_str()), ("user", "inconnu")])
        .send()
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = unknown.text().unwrap();
    assert!(
        unknown.contains("data-error-for=\"user\">l&#39;utilisateur « inconnu » n&#39;est pas un utilisateur actif"),
        "{unknown}"
    );
    assert_eq!(server.count("SELECT count(*) FROM enrollment_code"), 0);

    // The code is shown once, and only its first group is listed afterwards.
    let issued = admin
        .post(format!("{devices}/code"))
        .form(&[("csrf", csrf.as_str()), ("user", "jdupont")])
        .send()
        .unwrap();
    assert_eq!(issued.status(), StatusCode::OK);
    let issued = issued.text().unwrap();
    let code = text_after(&issued, "data-testid=\"enrollment-code\">");
    let (code_id, secret) = split_code(&code).unwrap();
    assert_eq!(code.len(), 19, "{code}");
    assert!(
        issued.contains(&format!("data-code=\"{code_id}\"")),
        "{issued}"
    );
    let listed = admin.get(&devices).send().unwrap().text().unwrap();
    assert!(
        listed.contains(&format!("<code>{code_id}-…</code>")),
        "{listed}"
    );
    assert!(
        !listed.contains(&code),
        "the whole code is never shown again"
    );

    // The laptop enrolls (as the transport would), then is revoked from the page.
    let device = redeem_code(
        &mut server.db(),
        &EnrollmentRequest {
            code_id: &code_id,
            public_key: "clé-de-test",
            device_name: "Portable <JD>",
        },
        |s| s == secret,
        Utc::now(),
    )
    .unwrap();
    let listed = admin.get(&devices).send().unwrap().text().unwrap();
    assert!(listed.contains("Portable &lt;JD&gt;"), "escaped: {listed}");
    assert!(listed.contains("<td>actif</td>"), "{listed}");
    let revoke = format!("{devices}/{}/revoke", device.device_id);
    let forged = admin
        .post(&revoke)
        .form(&[("csrf", "forged")])
        .send()
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let missing = admin
        .post(format!("{devices}/01NOPE/revoke"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap();
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing
        .text()
        .unwrap()
        .contains("Aucun appareil enrôlé ne porte l&#39;identifiant « 01NOPE »"));
    assert_eq!(
        server.count("SELECT count(*) FROM device WHERE revoked_at IS NOT NULL"),
        0
    );
    let no_follow = common::http_client_builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let revoked = no_follow
        .post(&revoke)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        revoked.headers()["location"].to_str().unwrap(),
        "/office/admin/devices"
    );
    assert_eq!(
        server.count("SELECT count(*) FROM device WHERE revoked_at IS NOT NULL"),
        1
    );
    let listed = admin.get(&devices).send().unwrap().text().unwrap();
    assert!(listed.contains("révoqué le "), "{listed}");
    assert!(
        !listed.contains(&format!(
            "/office/admin/devices/{}/revoke",
            device.device_id
        )),
        "no button for a revoked laptop"
    );
}

/// Whether `user`'s published snapshot answers `count_sql` with at least one row.
fn snapshot_holds(server: &TestServer, user: &str, count_sql: &str) -> bool {
    let folder = server.data.join("snapshots").join(user);
    let Ok(manifest) = tournee_sync::read_manifest(&folder) else {
        return false;
    };
    let Ok(db) = rusqlite::Connection::open_with_flags(
        folder.join(&manifest.database),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    ) else {
        return false;
    };
    db.query_row(count_sql, [], |r| r.get::<_, i64>(0))
        .is_ok_and(|count| count > 0)
}

/// The generation jdupont's laptop would see now.
fn jdupont_generation(server: &TestServer) -> String {
    tournee_sync::read_manifest(&server.data.join("snapshots/jdupont"))
        .unwrap()
        .generation
}

#[test]
fn in_scheduled_mode_the_back_office_still_regenerates_at_once() {
    use tournee_store::{Parameters, SnapshotMode};

    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    // « Planifié »: integrations wait for the night, but what the back office asks for
    // (a validation, a reassignment, a new form) is immediate, as the guides say.
    let mut params = Parameters::load(&server.db()).unwrap();
    params.snapshot_mode = SnapshotMode::Scheduled;
    params.save(&server.db()).unwrap();
    assert!(
        server.run(&["snapshot"]).status.success(),
        "first snapshots"
    );
    let before = jdupont_generation(&server);
    let (_running, base) = start_run(&server);
    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);

    let editor = format!("{base}/office/admin/visit-form");
    let page = admin.get(&editor).send().unwrap().text().unwrap();
    let outline = page
        .split("name=\"outline\"")
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split("</textarea").next())
        .unwrap_or_else(|| panic!("no outline in:\n{page}"))
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let saved = admin
        .post(&editor)
        .form(&[("csrf", csrf_of(&page).as_str()), ("outline", &outline)])
        .send()
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    assert!(saved.url().query().is_some_and(|q| q.contains("saved")));

    let start = Instant::now();
    while jdupont_generation(&server) == before {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the saved form never reached the laptops in scheduled mode"
        );
        sleep(Duration::from_millis(200));
    }
}

#[test]
fn the_monitor_lists_what_the_inbox_leaves_aside_and_the_automaton_never_blocks_on_it() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let folder = server.data.join("inbox/jdupont");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.json");
    std::fs::write(&secret, b"{\"not\": \"yours\"}").unwrap();
    let fifo = "VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAF0.json";
    let link = "VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAL0.json";
    let as_folder = "VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAD0.json";
    assert!(Command::new("mkfifo")
        .arg(folder.join(fifo))
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink(&secret, folder.join(link)).unwrap();
    std::fs::create_dir_all(folder.join(as_folder)).unwrap();
    std::fs::create_dir_all(folder.join("envoi")).unwrap();
    std::fs::write(
        folder.join("envoi/VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAS0.json"),
        b"{}",
    )
    .unwrap();

    let client: String = server
        .db()
        .query_row(
            "SELECT c_client FROM client WHERE actif = 1 ORDER BY c_client LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (_running, base) = start_run(&server);
    // The automaton keeps integrating while the FIFO sits there.
    publish_as(
        &server,
        "jdupont",
        ChangeBody::MC(ClientModification {
            client_code: client,
            changes: vec![FieldChange {
                field: "ville_fac".into(),
                old: "Lyon".into(),
                new: "Bron".into(),
            }],
            revisit: None,
            fleet: None,
        }),
    );
    let waited = Instant::now();
    while server.count("SELECT count(*) FROM change_ledger") == 0 {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "the automaton stopped integrating"
        );
        sleep(Duration::from_millis(100));
    }

    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    let page = page_of(&admin, &base, "/office/admin/integrations");
    let ignored = page
        .split("Fichiers ignorés")
        .nth(1)
        .unwrap_or_else(|| panic!("no ignored files section:\n{page}"));
    for (name, reason) in [
        (fifo, "pas un fichier ordinaire"),
        (link, "lien symbolique"),
        (as_folder, "dossier"),
        ("envoi", "dossier"),
        (
            "envoi/VC_jdupont_01KAAAAAAAAAAAAAAAAAAAAAS0.json",
            "sous-dossier",
        ),
    ] {
        let row = ignored
            .split(&format!("<tr data-ignored=\"{name}\">"))
            .nth(1)
            .unwrap_or_else(|| panic!("{name} not listed:\n{ignored}"));
        let row = row.split("</tr>").next().unwrap_or_default();
        assert!(row.contains(reason), "{name}: {row}");
    }
    // Nothing was followed, opened or moved.
    assert_eq!(std::fs::read(&secret).unwrap(), b"{\"not\": \"yours\"}");
    for name in [fifo, link, as_folder] {
        assert!(
            std::fs::symlink_metadata(folder.join(name)).is_ok(),
            "{name} left in place"
        );
    }
    assert!(server.files_under("failed").is_empty());
}

/// The headers every back-office answer must carry.
fn assert_security_headers(response: &Response, what: &str, cache: &str) {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: no {name} header"))
            .to_string()
    };
    assert_eq!(
        header("content-security-policy"),
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'",
        "{what}"
    );
    assert_eq!(header("x-frame-options"), "DENY", "{what}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
    assert_eq!(header("cache-control"), cache, "{what}");
}

#[test]
fn every_answer_carries_the_security_headers_and_pages_have_no_inline_style() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    add_accountant(&server);
    let (_running, base) = start_run(&server);
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let admin = common::http_client_builder()
        .cookie_provider(jar.clone())
        .build()
        .unwrap();
    let direct = common::http_client_builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // Before signing in: the login page, a refused login, an unknown path, the stylesheet,
    // the health probe.
    let page = direct.get(format!("{base}/office/login")).send().unwrap();
    assert_security_headers(&page, "GET /office/login", "no-store");
    let refused = login(&direct, &base, "admin", "pas le bon");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_security_headers(&refused, "POST /office/login", "no-store");
    let unknown = direct
        .get(format!("{base}/office/nulle-part"))
        .send()
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_security_headers(&unknown, "an unknown path", "no-store");
    let css = direct
        .get(format!("{base}/office/static/office.css"))
        .send()
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    assert_security_headers(&css, "the stylesheet", "public, max-age=3600");
    assert!(css.text().unwrap().contains(".code-big"));
    let health = direct.get(format!("{base}/health")).send().unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_security_headers(&health, "the health probe", "no-store");
    assert_eq!(health.text().unwrap(), "ok\n");

    // Signed in as admin: every route, GET and POST, and the pages showing secrets.
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    let home = page_of(&admin, &base, "/office");
    let csrf = csrf_of(&home);
    let accounts = direct
        .post(format!("{base}/office/admin/users/jdupont/password"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap();
    assert_security_headers(&accounts, "a drawn password", "no-store");
    assert!(accounts
        .text()
        .unwrap()
        .contains("data-testid=\"new-password\""));
    let code = direct
        .post(format!("{base}/office/admin/devices/code"))
        .form(&[("csrf", csrf.as_str()), ("user", "jdupont")])
        .send()
        .unwrap();
    assert_security_headers(&code, "an enrollment code", "no-store");
    assert!(code
        .text()
        .unwrap()
        .contains("data-testid=\"enrollment-code\""));
    let mut pages = 0;
    for (method, path) in ADMIN_ROUTES
        .iter()
        .chain(ACCOUNTANT_ROUTES)
        .filter(|(_, path)| *path != "/office/logout")
    {
        let response = send(&direct, &base, method, path, &csrf);
        assert_security_headers(&response, &format!("{method} {path}"), "no-store");
        // The contacts' CSV is a download, not a page: its headers are checked above.
        let html = response
            .headers()
            .get("content-type")
            .is_some_and(|t| t.to_str().unwrap_or("").starts_with("text/html"));
        if *method == "GET" && response.status() == StatusCode::OK && html {
            let page = response.text().unwrap();
            assert!(
                !page.contains("<style") && !page.contains(" style=") && !page.contains("<script"),
                "{path} has inline style or script: the policy would block it"
            );
            assert!(
                page.contains("href=\"/office/static/office.css\""),
                "{path}"
            );
            pages += 1;
        }
    }
    assert!(pages >= 9, "every page was read signed in: {pages}");
    // Last, as it ends this session: the admin's own password drawn anew.
    let drawn = send(
        &direct,
        &base,
        "POST",
        "/office/admin/users/admin/password",
        &csrf,
    );
    assert_security_headers(&drawn, "a reset password", "no-store");
    assert!(drawn
        .text()
        .unwrap()
        .contains("data-testid=\"new-password\""));
}

#[test]
fn a_weak_new_password_is_refused_with_the_reason_and_nothing_is_changed() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base) = start_run(&server);
    let admin = browser();
    let forced = login(&admin, &base, "admin", ADMIN_PASSWORD);
    assert_eq!(forced.url().path(), "/office/password");
    let page = forced.text().unwrap();
    let csrf = csrf_of(&page);
    for (weak, why) in [
        ("aaaaaaaaaaaa", "répétitions"),
        ("            ", "Mot de passe trop faible"),
        ("azertyuiop12", "Mot de passe trop faible"),
        ("password1234", "très courant"),
        ("Administrateur", "identifiant, votre nom"),
    ] {
        let refused = admin
            .post(format!("{base}/office/password"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("old", ADMIN_PASSWORD),
                ("new", weak),
            ])
            .send()
            .unwrap();
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{weak:?}"
        );
        let text = refused.text().unwrap();
        assert!(text.contains(why), "{weak:?} → {why}:\n{text}");
    }
    // Still the provisional password: the change was not made.
    assert_eq!(
        admin
            .get(format!("{base}/office"))
            .send()
            .unwrap()
            .url()
            .path(),
        "/office/password"
    );
    first_login(&browser(), &base, "admin", ADMIN_PASSWORD);
}

/// The session cookie's value in a client's jar.
fn session_of(jar: &reqwest::cookie::Jar, base: &str) -> Option<String> {
    use reqwest::cookie::CookieStore as _;
    let url = format!("{base}/office").parse().unwrap();
    let cookies = jar.cookies(&url)?;
    cookies
        .to_str()
        .unwrap()
        .split("; ")
        .find_map(|pair| pair.strip_prefix("tournee_session="))
        .map(str::to_string)
}

/// Where a request with only this session cookie lands.
fn lands_with(base: &str, session: &str) -> String {
    common::http_client_builder()
        .build()
        .unwrap()
        .get(format!("{base}/office"))
        .header("cookie", format!("tournee_session={session}"))
        .send()
        .unwrap()
        .url()
        .path()
        .to_string()
}

#[test]
fn the_login_form_needs_its_token_a_login_opens_a_fresh_session_and_a_password_change_ends_the_others(
) {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    add_accountant(&server);
    let (_running, base) = start_run(&server);

    // The login form comes with a token, also set as an HttpOnly, SameSite=Strict cookie.
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let accountant = common::http_client_builder()
        .cookie_provider(jar.clone())
        .build()
        .unwrap();
    let form = accountant
        .get(format!("{base}/office/login"))
        .send()
        .unwrap();
    let set_cookie = form.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set_cookie.starts_with("tournee_login=")
            && set_cookie.contains("HttpOnly")
            && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );
    let token = csrf_of(&form.text().unwrap());
    // Without the token, with another token, or without the cookie (a cross-site page
    // posting the form): refused before any password is looked at.
    let post = |client: &Client, csrf: Option<&str>| {
        let mut fields = vec![("login", "compta"), ("password", ACCOUNTANT_PASSWORD)];
        if let Some(csrf) = csrf {
            fields.push(("csrf", csrf));
        }
        client
            .post(format!("{base}/office/login"))
            .form(&fields)
            .send()
            .unwrap()
    };
    let forged = "0".repeat(64);
    for (client, csrf, what) in [
        (&accountant, None, "no token"),
        (&accountant, Some(forged.as_str()), "a forged token"),
        (&browser(), Some(token.as_str()), "no cookie"),
    ] {
        let refused = post(client, csrf);
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{what}");
        assert!(
            refused
                .text()
                .unwrap()
                .contains("rechargez la page de connexion"),
            "{what}"
        );
    }
    assert_eq!(
        server.count("SELECT last_login_at IS NULL FROM app_user WHERE windows_user = 'compta'"),
        1,
        "nothing was checked"
    );

    // A login opens a fresh session and ends the one the browser had.
    first_login(&accountant, &base, "compta", ACCOUNTANT_PASSWORD);
    let first = session_of(&jar, &base).unwrap();
    let new_password = format!("{ACCOUNTANT_PASSWORD} changé");
    assert_eq!(
        login(&accountant, &base, "compta", &new_password)
            .url()
            .path(),
        "/office"
    );
    let second = session_of(&jar, &base).unwrap();
    assert_ne!(first, second, "a new session id at each login");
    assert_eq!(
        lands_with(&base, &first),
        "/office/login",
        "the old one is over"
    );
    assert_eq!(lands_with(&base, &second), "/office");

    // A second browser signed in; a password change in the first ends it.
    let other = browser();
    assert_eq!(
        login(&other, &base, "compta", &new_password).url().path(),
        "/office"
    );
    let page = page_of(&accountant, &base, "/office/password");
    let changed = accountant
        .post(format!("{base}/office/password"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("old", new_password.as_str()),
            ("new", "Encore une autre phrase de passe"),
        ])
        .send()
        .unwrap();
    assert_eq!(changed.url().path(), "/office/login");
    assert_eq!(
        other
            .get(format!("{base}/office"))
            .send()
            .unwrap()
            .url()
            .path(),
        "/office/login",
        "the other browser's session ended with the password change"
    );
}

#[test]
fn behind_https_the_session_cookie_is_secure_and_host_only() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    server
        .db()
        .execute(
            "UPDATE parameter SET value = '\"https://crm.pneus-tournee.fr\"' WHERE key = 'back_office_url'",
            [],
        )
        .unwrap();
    assert_eq!(
        server.count("SELECT count(*) FROM parameter WHERE key = 'back_office_url' AND value LIKE '%https://%'"),
        1,
        "the public address is HTTPS"
    );
    let (_running, base) = start_run(&server);
    let client = common::http_client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = client.get(format!("{base}/office/login")).send().unwrap();
    let login_cookie = form.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        login_cookie.starts_with("__Host-tournee_login=")
            && login_cookie.contains("; Secure")
            && login_cookie.contains("Path=/;"),
        "{login_cookie}"
    );
    let token = csrf_of(&form.text().unwrap());
    // (A browser would only send these back over HTTPS; this test client is told to.)
    let answer = client
        .post(format!("{base}/office/login"))
        .header("cookie", format!("__Host-tournee_login={token}"))
        .form(&[
            ("csrf", token.as_str()),
            ("login", "admin"),
            ("password", ADMIN_PASSWORD),
        ])
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let session = answer.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        session.starts_with("__Host-tournee_session=")
            && session.contains("HttpOnly")
            && session.contains("SameSite=Strict")
            && session.contains("; Secure")
            && session.ends_with("Path=/"),
        "{session}"
    );
}

#[test]
fn overlong_user_fields_are_refused_naming_each_field_and_what_was_typed_comes_back() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base) = start_run(&server);
    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    let page = page_of(&admin, &base, "/office/admin/users");
    let users_before = server.count("SELECT count(*) FROM app_user");
    let long_login = "l".repeat(65);
    let long_name = "Nom très long ".repeat(8);
    let long_email = format!("{}@example.fr", "m".repeat(250));
    let refused = admin
        .post(format!("{base}/office/admin/users"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("windows_user", long_login.as_str()),
            ("display_name", long_name.as_str()),
            ("email", long_email.as_str()),
            ("role", "accountant"),
            ("active", "on"),
        ])
        .send()
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = refused.text().unwrap();
    for expected in [
        "data-error-for=\"windows_user\">",
        "data-error-for=\"display_name\">100 caractères au plus (111 saisis)",
        "data-error-for=\"email\">254 caractères au plus (261 saisis)",
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
    assert!(
        text.contains(&format!("value=\"{long_name}\"")),
        "what was typed comes back"
    );
    assert_eq!(server.count("SELECT count(*) FROM app_user"), users_before);
}

#[test]
fn times_read_as_people_write_them_and_a_local_public_address_is_flagged() {
    use tournee_store::Parameters;

    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let samples = server.run(&["samples", "--count", "20", "--seed", "3"]);
    assert!(samples.status.success());
    ask_city_change(&server);
    server.integrate(None);
    let (_running, base) = start_run(&server);
    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);

    let page = |path: &str| {
        admin
            .get(format!("{base}{path}"))
            .send()
            .unwrap()
            .text()
            .unwrap()
    };
    let raw_instant = |text: &str| {
        text.as_bytes().windows(11).any(|w| {
            w[..4].iter().all(u8::is_ascii_digit) && w[4] == b'-' && w[7] == b'-' && w[10] == b'T'
        })
    };
    for path in [
        "/office/admin/integrations",
        "/office/modifications",
        "/office/creations",
    ] {
        let text = page(path);
        assert!(
            !raw_instant(&text),
            "{path} shows a raw UTC instant:\n{text}"
        );
        assert!(!text.contains(" UTC<"), "{path} shows UTC times:\n{text}");
    }
    let monitor = page("/office/admin/integrations");
    let today = chrono::Local::now().format("%d/%m/%Y à ").to_string();
    assert!(
        monitor.contains(&today),
        "integrations dated « {today}… »:\n{monitor}"
    );
    let requests = page("/office/modifications");
    assert!(
        requests.contains(" le ") && requests.contains(" à "),
        "{requests}"
    );

    // The default public address opens only on the server: the admin is told on the home page.
    let home = page("/office");
    assert!(home.contains("data-warning=\"back_office_url\""), "{home}");
    let mut params = Parameters::load(&server.db()).unwrap();
    params.back_office_url = "https://crm.pneus-tournee.fr".into();
    params.save(&server.db()).unwrap();
    let home = page("/office");
    assert!(!home.contains("data-warning"), "{home}");
}

/// jdupont asks the accountant to change the billing city of his first client
/// (« Lyon » to « Villeurbanne »): an open modification request once integrated.
fn ask_city_change(server: &TestServer) {
    let client_code: String = server
        .db()
        .query_row("SELECT c_client FROM client WHERE c_rep = 'JD01' AND actif = 1 ORDER BY c_client LIMIT 1", [], |r| r.get(0))
        .unwrap();
    publish_as(
        server,
        "jdupont",
        ChangeBody::MC(ClientModification {
            client_code,
            changes: vec![FieldChange {
                field: "ville_fac".into(),
                old: "Lyon".into(),
                new: "Villeurbanne".into(),
            }],
            revisit: None,
            fleet: None,
        }),
    );
}

/// A name, a client and a requested value written to break out of HTML text and out of
/// an attribute (within the 35 characters of a client's name or town), and what the
/// templates must make of them.
const HOSTILE: &str = "<script>x()</script>\"onmouseover='";
const HOSTILE_ESCAPED: &str = "&lt;script&gt;x()&lt;/script&gt;&quot;onmouseover=&#39;";

/// The page at `path`, which must show [`HOSTILE`] escaped and never as markup.
fn shows_hostile_escaped(client: &Client, base: &str, path: &str) -> String {
    let page = client
        .get(format!("{base}{path}"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains(HOSTILE_ESCAPED), "{path} escaped:\n{page}");
    assert!(!page.contains("<script"), "{path} injected:\n{page}");
    assert!(!page.contains("\"onmouseover"), "{path} injected:\n{page}");
    page
}

#[test]
fn names_clients_and_values_that_look_like_markup_are_escaped_by_the_templates_on_every_page() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    create_account(
        &server.db(),
        "compta",
        HOSTILE,
        "compta@pneus-tournee.fr",
        Role::Accountant,
        ACCOUNTANT_PASSWORD,
        Utc::now(),
    )
    .unwrap();
    server
        .db()
        .execute(
            "UPDATE app_user SET display_name = ?1 WHERE windows_user = 'jdupont'",
            [HOSTILE],
        )
        .unwrap();
    let prospect = ulid::Ulid::new().to_string();
    publish_as(
        &server,
        "jdupont",
        ChangeBody::CP(ProspectCreation {
            prospect_id: prospect.clone(),
            fields: fields(&[("nom_client", HOSTILE)]),
            contacts: Vec::new(),
        }),
    );
    publish_as(
        &server,
        "jdupont",
        ChangeBody::CC(ClientCreationRequest {
            prospect_id: prospect,
            fields: complete_request(HOSTILE),
            signature: None,
        }),
    );
    let client_code: String = server
        .db()
        .query_row("SELECT c_client FROM client WHERE c_rep = 'JD01' AND actif = 1 ORDER BY c_client LIMIT 1", [], |r| r.get(0))
        .unwrap();
    publish_as(
        &server,
        "jdupont",
        ChangeBody::MC(ClientModification {
            client_code,
            changes: vec![FieldChange {
                field: "ville_fac".into(),
                old: "Lyon".into(),
                new: HOSTILE.into(),
            }],
            revisit: None,
            fleet: None,
        }),
    );
    let (_running, base) = start_run(&server);

    // The accountant's own name is in the header of every page they open.
    let accountant = browser();
    first_login(&accountant, &base, "compta", ACCOUNTANT_PASSWORD);
    shows_hostile_escaped(&accountant, &base, "/office");
    let start_wait = Instant::now();
    let request_id = loop {
        let list = shows_hostile_escaped(&accountant, &base, "/office/creations");
        let modifications = shows_hostile_escaped(&accountant, &base, "/office/modifications");
        if let (Some(id), true) = (
            list.split("href=\"/office/creations/")
                .nth(1)
                .and_then(|rest| rest.split('"').next()),
            modifications.contains(&format!("remplacé par « {HOSTILE_ESCAPED} »")),
        ) {
            break id.to_string();
        }
        assert!(
            start_wait.elapsed() < Duration::from_secs(60),
            "the CC and the MC were not integrated"
        );
        sleep(Duration::from_millis(200));
    };
    let request = shows_hostile_escaped(
        &accountant,
        &base,
        &format!("/office/creations/{request_id}"),
    );
    assert!(
        request.contains(&format!("value=\"{HOSTILE_ESCAPED}\"")),
        "{request}"
    );

    // The admin's pages list the accountant's account and the rep's name.
    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    for path in [
        "/office/admin/users",
        "/office/admin/reassign",
        "/office/admin/devices",
    ] {
        shows_hostile_escaped(&admin, &base, path);
    }

    // A folder left in a rep's inbox is listed by its name on the monitor (a file name
    // cannot hold the `/` of `</script>`).
    std::fs::create_dir_all(server.data.join("inbox/jdupont/<b onmouseover='x()'>\"")).unwrap();
    let monitor = page_of(&admin, &base, "/office/admin/integrations");
    assert!(
        monitor.contains("data-ignored=\"&lt;b onmouseover=&#39;x()&#39;&gt;&quot;\""),
        "{monitor}"
    );
    assert!(!monitor.contains("<b onmouseover"), "{monitor}");
}

/// The admin, signed in, with the CSRF token of `path`'s page.
fn admin_on(server: &TestServer, path: &str) -> (Running, String, Client, String) {
    let (running, base) = start_run(server);
    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    let page = admin
        .get(format!("{base}{path}"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let csrf = csrf_of(&page);
    (running, base, admin, csrf)
}

/// Posts `fields` (and the token) to `path`; the refused page's text.
fn refused_form(
    admin: &Client,
    base: &str,
    path: &str,
    csrf: &str,
    fields: &[(&str, &str)],
) -> String {
    let mut form = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    let answer = admin
        .post(format!("{base}{path}"))
        .form(&form)
        .send()
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{path} {fields:?}"
    );
    answer.text().unwrap()
}

fn assert_has(page: &str, expected: &[&str]) {
    for expected in expected {
        assert!(page.contains(expected), "{expected}:\n{page}");
    }
}

#[test]
fn a_malformed_user_row_is_refused_on_each_field_and_what_was_typed_comes_back() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/users");
    let users_before = server.count("SELECT count(*) FROM app_user");
    let long_code = "X".repeat(500);
    // No e-mail nor display name at all, a login with a space, an oversize code, a role
    // that is none of the five.
    let page = refused_form(
        &admin,
        &base,
        "/office/admin/users",
        &csrf,
        &[
            ("windows_user", "jean <dupont>"),
            ("erp_code", &long_code),
            ("role", "chef"),
            ("active", "on"),
        ],
    );
    assert_has(
        &page,
        &[
            "data-error-for=\"windows_user\">1 à 64 caractères",
            "data-error-for=\"erp_code\">1 à 4 caractères",
            "data-error-for=\"email\">«  » n&#39;est pas une adresse e-mail",
            "data-error-for=\"display_name\">obligatoire",
            "data-error-for=\"role\">rôle inconnu",
            "value=\"jean &lt;dupont&gt;\"",
            &format!("value=\"{long_code}\""),
        ],
    );
    assert!(page.contains("<select id=\"f-role\" name=\"role\" aria-invalid=\"true\">"));
    assert!(page.contains("id=\"f-active\" name=\"active\" type=\"checkbox\" checked"));
    assert_eq!(server.count("SELECT count(*) FROM app_user"), users_before);
}

#[test]
fn a_code_for_no_rep_or_an_unknown_one_is_refused_on_the_rep_field() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/devices");
    let path = "/office/admin/devices/code";
    let missing = refused_form(&admin, &base, path, &csrf, &[]);
    assert_has(
        &missing,
        &[
            "data-error-for=\"user\">choisissez un commercial",
            "<option value=\"jdupont\">",
        ],
    );
    let unknown = "x".repeat(300);
    let refused = refused_form(&admin, &base, path, &csrf, &[("user", &unknown)]);
    assert_has(
        &refused,
        &[&format!(
            "data-error-for=\"user\">l&#39;utilisateur « {unknown} » n&#39;est pas un utilisateur actif"
        )],
    );
    assert_eq!(server.count("SELECT count(*) FROM enrollment_code"), 0);
}

#[test]
fn malformed_parameters_are_refused_on_each_field_and_what_was_typed_comes_back() {
    use tournee_store::Parameters;
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/parameters");
    let before = Parameters::load(&server.db()).unwrap();
    let long_url = format!("https://{}.fr", "a".repeat(3000));
    // Most fields missing (a hand-made form), words for numbers, a port out of range.
    let page = refused_form(
        &admin,
        &base,
        "/office/admin/parameters",
        &csrf,
        &[
            ("visit_backdate_days", "trente"),
            ("max_offline_days", "-3"),
            ("smtp_enabled", "on"),
            ("smtp_port", "99999999"),
            ("back_office_url", &long_url),
            ("countries", "FR"),
        ],
    );
    assert_has(
        &page,
        &[
            "data-error-for=\"visit_backdate_days\">nombre entier positif attendu",
            "data-error-for=\"max_offline_days\">nombre entier positif attendu",
            "data-error-for=\"log_retention_days\">nombre entier positif attendu",
            "data-error-for=\"smtp_port\">port entre 1 et 65535 attendu",
            "data-error-for=\"inbox_dir\">emplacement obligatoire",
            "data-error-for=\"snapshot_mode\">choix inconnu",
            "data-error-for=\"countries\">« FR » : écrivez",
            "value=\"trente\"",
            "value=\"-3\"",
            "value=\"99999999\"",
            &format!("value=\"{long_url}\""),
            "id=\"f-smtp_enabled\" name=\"smtp_enabled\" type=\"checkbox\" checked",
        ],
    );
    assert_eq!(Parameters::load(&server.db()).unwrap(), before);
}

#[test]
fn the_sellers_quote_mentions_are_checked_on_their_own_fields() {
    use tournee_store::Parameters;
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/parameters");
    let page = page_of(&admin, &base, "/office/admin/parameters");
    assert_has(
        &page,
        &[
            "Vendeur (mentions des devis)",
            "name=\"seller_siret\"",
            "name=\"seller_payment_terms\"",
        ],
    );
    let before = Parameters::load(&server.db()).unwrap();
    let refused = refused_form(
        &admin,
        &base,
        "/office/admin/parameters",
        &csrf,
        &[
            ("seller_siret", "73282932000075"),
            ("seller_validity_days", "0"),
            ("seller_vat_number", "FR00"),
        ],
    );
    assert_has(
        &refused,
        &[
            "data-error-for=\"seller_siret\"",
            "data-error-for=\"seller_validity_days\"",
            "data-error-for=\"seller_vat_number\"",
            "value=\"73282932000075\"",
        ],
    );
    assert_eq!(Parameters::load(&server.db()).unwrap(), before);
}

/// The stored policy document's scope for `role`, `entity`, `access`; `None` when no
/// policy was saved.
fn stored_scope(server: &TestServer, role: &str, entity: &str, access: &str) -> Option<String> {
    let document: Option<String> = server
        .db()
        .query_row("SELECT document FROM policy", [], |r| r.get(0))
        .ok();
    document.map(|document| {
        let document: serde_json::Value = serde_json::from_str(&document).unwrap();
        document["grants"][role][entity][access]
            .as_str()
            .unwrap()
            .to_string()
    })
}

#[test]
fn the_admin_saves_the_rights_matrix_and_an_invalid_one_is_refused_on_its_cell() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/policy");
    let page = page_of(&admin, &base, "/office/admin/policy");
    assert_has(
        &page,
        &[
            "<th scope=\"row\">Commercial</th>",
            "<th scope=\"col\">Tiers</th>",
            "<label for=\"p-rep-party-read\">Lecture<span class=\"sr-only\"> — Commercial, Tiers</span></label>",
            "<select id=\"p-rep-party-write\" name=\"rep.party.write\">",
            "Politique par défaut",
            "href=\"/office/admin/teams\"",
        ],
    );
    assert!(!page.contains("name=\"admin."), "the admin's row is fixed");

    // Writing further than reading, and an observer writing: refused on their cells, the
    // choices kept, nothing stored.
    let refused = refused_form(
        &admin,
        &base,
        "/office/admin/policy",
        &csrf,
        &[
            ("rep.party.read", "own"),
            ("rep.party.write", "all"),
            ("observer.visit.write", "own"),
            ("manager.todo.read", "all"),
        ],
    );
    assert_has(
        &refused,
        &[
            "Rien n'a été enregistré : corrigez les cases signalées",
            "data-error-for=\"rep-party\">Commercial, Tiers",
            "data-error-for=\"observer-visit\">",
            "<a href=\"#c-rep-party\">",
            "aria-describedby=\"e-rep-party\"",
            "<option value=\"all\" selected>Tout</option></select>",
        ],
    );
    let write_cell = text_after(&refused, "id=\"p-rep-party-write\"");
    assert!(
        write_cell.starts_with(" name=\"rep.party.write\" aria-invalid=\"true\""),
        "{write_cell}"
    );
    assert!(
        refused
            .split("id=\"p-manager-todo-read\"")
            .nth(1)
            .and_then(|rest| rest.split("</select>").next())
            .unwrap()
            .contains("value=\"all\" selected"),
        "a valid choice of the refused form is kept"
    );
    assert_eq!(server.count("SELECT count(*) FROM policy"), 0);

    // Without the token: refused, nothing stored.
    let forged = admin
        .post(format!("{base}/office/admin/policy"))
        .form(&[("rep.party.read", "all"), ("rep.party.write", "all")])
        .send()
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(server.count("SELECT count(*) FROM policy"), 0);

    // A valid matrix: stored complete, by whom, and shown.
    let saved = admin
        .post(format!("{base}/office/admin/policy"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("rep.party.read", "all"),
            ("rep.party.write", "all"),
        ])
        .send()
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(saved.url().query(), Some("saved=1"));
    let page = saved.text().unwrap();
    assert_has(
        &page,
        &[
            "Droits enregistrés",
            "Politique enregistrée par « admin »",
            "<select id=\"p-rep-party-write\" name=\"rep.party.write\"><option value=\"none\">Aucun</option><option value=\"own\">Les siens</option><option value=\"team\">Son équipe</option><option value=\"all\" selected>",
        ],
    );
    assert_eq!(
        stored_scope(&server, "rep", "party", "write").as_deref(),
        Some("all")
    );
    assert_eq!(
        stored_scope(&server, "admin", "user", "write").as_deref(),
        Some("all"),
        "stored complete"
    );

    // An invalid one now leaves the saved one as it was.
    refused_form(
        &admin,
        &base,
        "/office/admin/policy",
        &csrf,
        &[("rep.party.read", "none"), ("rep.party.write", "all")],
    );
    assert_eq!(
        stored_scope(&server, "rep", "party", "write").as_deref(),
        Some("all")
    );

    // The default back.
    let restored = admin
        .post(format!("{base}/office/admin/policy/default"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap();
    assert_eq!(restored.url().query(), Some("restored=1"));
    assert!(restored
        .text()
        .unwrap()
        .contains("Droits par défaut rétablis"));
    assert_eq!(
        stored_scope(&server, "rep", "party", "write").as_deref(),
        Some("own")
    );
}

#[test]
fn the_admin_gives_roles_and_builds_teams_each_refusal_on_its_field() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/users");
    let role_of = |user: &str| -> (String, bool) {
        server
            .db()
            .query_row(
                "SELECT role, is_admin FROM app_user WHERE windows_user = ?1",
                [user],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let page = page_of(&admin, &base, "/office/admin/users?edit=jdupont");
    assert_has(
        &page,
        &[
            "<label for=\"f-role\">Rôle</label><select id=\"f-role\" name=\"role\">",
            "<option value=\"rep\" selected>Commercial</option>",
        ],
    );
    let (erp_code, email): (String, String) = server
        .db()
        .query_row(
            "SELECT erp_code, email FROM app_user WHERE windows_user = 'jdupont'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let row = |role: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("windows_user", "jdupont".to_string()),
            ("erp_code", erp_code.clone()),
            ("email", email.clone()),
            ("display_name", "Jean Dupont".to_string()),
            ("role", role.to_string()),
            ("active", "on".to_string()),
        ]
    };
    let unknown = admin
        .post(format!("{base}/office/admin/users"))
        .form(&row("chef"))
        .send()
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown
        .text()
        .unwrap()
        .contains("data-error-for=\"role\">rôle inconnu"));
    assert_eq!(role_of("jdupont"), ("rep".to_string(), false));
    let saved = admin
        .post(format!("{base}/office/admin/users"))
        .form(&row("manager"))
        .send()
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    assert!(saved.text().unwrap().contains("<td>Responsable</td>"));
    assert_eq!(role_of("jdupont"), ("manager".to_string(), false));
    admin
        .post(format!("{base}/office/admin/users"))
        .form(&row("admin"))
        .send()
        .unwrap();
    assert_eq!(
        role_of("jdupont"),
        ("admin".to_string(), true),
        "the flag follows"
    );

    // Teams: a creation, a refused duplicate name (typed text kept), a member who leads.
    let post = |path: &str, fields: &[(&str, &str)]| {
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        admin
            .post(format!("{base}{path}"))
            .form(&form)
            .send()
            .unwrap()
    };
    let created = post("/office/admin/teams", &[("name", "Équipe <Nord>")]);
    assert_eq!(created.url().query(), Some("saved=1"));
    assert!(created
        .text()
        .unwrap()
        .contains("<h2 id=\"team-1\">Équipe &lt;Nord&gt;</h2>"));
    let duplicate = refused_form(
        &admin,
        &base,
        "/office/admin/teams",
        &csrf,
        &[("name", " Équipe <Nord> ")],
    );
    assert_has(
        &duplicate,
        &[
            "value=\" Équipe &lt;Nord&gt; \" aria-invalid=\"true\" aria-describedby=\"e-new\"",
            "data-error-for=\"new-name\">une autre équipe s&#39;appelle déjà « Équipe &lt;Nord&gt; »",
        ],
    );
    let page = post(
        "/office/admin/teams/1/members",
        &[("user", "jdupont"), ("leads", "on")],
    )
    .text()
    .unwrap();
    assert_has(
        &page,
        &[
            "<tr data-member=\"jdupont\"><td>jdupont</td>",
            "<td>oui</td>",
            "<label for=\"f-member-1\">",
        ],
    );
    // Every active user of the directory is offered, laptop or not; an inactive one is not.
    server
        .db()
        .execute_batch(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name, role) \
               VALUES ('oweb', NULL, 'oweb@pneus-tournee.fr', 'Olga Web', 'observer');
             INSERT INTO app_user (windows_user, erp_code, email, display_name, role, active) \
               VALUES ('parti', NULL, 'parti@pneus-tournee.fr', 'Paul Parti', 'observer', 0);",
        )
        .unwrap();
    let offered = page_of(&admin, &base, "/office/admin/teams");
    assert_has(
        &offered,
        &["<option value=\"oweb\">Olga Web (oweb)</option>"],
    );
    assert!(
        !offered.contains("value=\"parti\""),
        "an inactive user is not offered"
    );
    let page = post("/office/admin/teams/1/members", &[("user", "oweb")])
        .text()
        .unwrap();
    assert!(page.contains("<tr data-member=\"oweb\"><td>oweb</td>"));
    post("/office/admin/teams/1/members/oweb/remove", &[]);
    let nobody = refused_form(
        &admin,
        &base,
        "/office/admin/teams/1/members",
        &csrf,
        &[("user", "personne")],
    );
    assert!(nobody.contains("data-error-for=\"member-1\">aucun utilisateur « personne »"));
    let members =
        || server.count("SELECT count(*) FROM team_member WHERE team_id = 1 AND leads = 1");
    assert_eq!(members(), 1);
    post("/office/admin/teams/1/members/jdupont/leader", &[]);
    assert_eq!(members(), 0, "no longer leads");
    assert_eq!(server.count("SELECT count(*) FROM team_member"), 1);
    // A CSRF-less removal changes nothing.
    let forged = admin
        .post(format!(
            "{base}/office/admin/teams/1/members/jdupont/remove"
        ))
        .send()
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(server.count("SELECT count(*) FROM team_member"), 1);
    post("/office/admin/teams/1/members/jdupont/remove", &[]);
    assert_eq!(server.count("SELECT count(*) FROM team_member"), 0);
    post("/office/admin/teams/1/rename", &[("name", "Sud")]);
    assert_eq!(
        server.count("SELECT count(*) FROM team WHERE name = 'Sud'"),
        1
    );
    post("/office/admin/teams/1/delete", &[]);
    assert_eq!(server.count("SELECT count(*) FROM team"), 0);
    let gone = post("/office/admin/teams/1/delete", &[]);
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

/// The action types as stored: (code, active), in order.
fn stored_types(server: &TestServer) -> Vec<(String, bool)> {
    tournee_store::Parameters::load(&server.db())
        .unwrap()
        .action_types
        .into_iter()
        .map(|t| (t.code, t.active))
        .collect()
}

#[test]
fn the_admin_administers_the_action_types_each_refusal_on_its_field_and_snapshots_carry_them() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/action-types");
    let before = stored_types(&server);
    let post = |path: &str, fields: &[(&str, &str)]| {
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        admin
            .post(format!("{base}{path}"))
            .form(&form)
            .send()
            .unwrap()
    };
    let page = page_of(&admin, &base, "/office/admin/action-types");
    assert_has(
        &page,
        &[
            "<a href=\"/office/admin/action-types\">Types d'action</a>",
            "<tr data-type-row=\"appel\"><td><a href=\"#type-appel\">appel</a></td><td>Appel</td><td>Téléphone</td><td>oui</td><td>oui</td><td>oui</td><td>",
            "<option value=\"letter\" selected>Lettre (courrier)</option>",
        ],
    );

    // A code of the wrong shape: refused beside the code, what was typed kept.
    let bad = refused_form(
        &admin,
        &base,
        "/office/admin/action-types",
        &csrf,
        &[
            ("code", "Salon!"),
            ("label", "Salon"),
            ("icon", "meeting"),
            ("active", "on"),
        ],
    );
    assert_has(
        &bad,
        &[
            "value=\"Salon!\" aria-invalid=\"true\" aria-describedby=\"e-new-code\"",
            "data-error-for=\"new-code\">code « Salon! » : de 1 à 32 minuscules sans accent, chiffres ou _",
        ],
    );
    let no_icon = refused_form(
        &admin,
        &base,
        "/office/admin/action-types",
        &csrf,
        &[("code", "salon"), ("label", "Salon"), ("icon", "rocket")],
    );
    assert!(
        no_icon.contains("data-error-for=\"new-icon\">"),
        "{no_icon}"
    );
    assert_eq!(stored_types(&server), before, "nothing saved");

    // A forged form (no token) changes nothing.
    let forged = admin
        .post(format!("{base}/office/admin/action-types"))
        .form(&[("code", "salon"), ("label", "Salon"), ("icon", "meeting")])
        .send()
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(stored_types(&server), before);

    // A new type, saved and carried by the next snapshots' `config` row.
    let created = post(
        "/office/admin/action-types",
        &[
            ("code", "salon"),
            ("label", "Salon <pro>"),
            ("icon", "meeting"),
            ("counts_as_contact", "on"),
            ("active", "on"),
        ],
    );
    assert_eq!(created.url().query(), Some("saved=1"));
    assert!(created
        .text()
        .unwrap()
        .contains("<td>Salon &lt;pro&gt;</td><td>Deux personnes (rendez-vous)</td>"));
    let start = Instant::now();
    while !snapshot_holds(
        &server,
        "jdupont",
        "SELECT count(*) FROM config WHERE key = 'action_types' \
         AND value_json LIKE '%\"code\":\"salon\"%' AND value_json LIKE '%Salon <pro>%'",
    ) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the new type never reached jdupont's snapshot"
        );
        sleep(Duration::from_millis(200));
    }

    // Deactivated (the box unticked), moved up, then deleted: nothing used it.
    post(
        "/office/admin/action-types/salon",
        &[("label", "Salon"), ("icon", "meeting")],
    );
    assert_eq!(
        stored_types(&server).last(),
        Some(&("salon".to_string(), false))
    );
    post(
        "/office/admin/action-types/salon/move",
        &[("direction", "up")],
    );
    let order = stored_types(&server);
    assert_eq!(order[order.len() - 2].0, "salon");
    assert_eq!(order[order.len() - 1].0, "tache");
    let sideways = post(
        "/office/admin/action-types/salon/move",
        &[("direction", "left")],
    );
    assert_eq!(sideways.status(), StatusCode::BAD_REQUEST);
    post("/office/admin/action-types/salon/delete", &[]);
    assert_eq!(stored_types(&server), before);

    // The done-todo type stays active, refused beside its box.
    let done = refused_form(
        &admin,
        &base,
        "/office/admin/action-types/tache",
        &csrf,
        &[("label", "Tâche faite"), ("icon", "task")],
    );
    assert!(
        done.contains("data-error-for=\"edit-tache-active\">le type « tache » (tâche faite) doit exister et être actif"),
        "{done}"
    );

    // A type some action uses (the demo's letters) is deactivated, never deleted.
    let letters = server.count("SELECT count(*) FROM action WHERE action_type = 'courrier'");
    assert!(letters > 0, "the demo logs letters");
    let in_use = refused_form(
        &admin,
        &base,
        "/office/admin/action-types/courrier/delete",
        &csrf,
        &[],
    );
    assert!(
        in_use.contains(&format!(
            "data-error-for=\"edit-courrier\">le type « courrier » est utilisé par {letters} action(s)"
        )),
        "{in_use}"
    );
    assert!(stored_types(&server)
        .iter()
        .any(|(code, _)| code == "courrier"));
    let unknown = post(
        "/office/admin/action-types/fax",
        &[("label", "Fax"), ("icon", "mail")],
    );
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

/// Eight lines: three good, three bad (an e-mail; no name; a SIRET whose key is wrong), two
/// repeating an earlier line (its e-mail; its phone written the international way).
const CONTACTS: &str = "Raison sociale;Prénom;SIRET;Téléphone;E-mail;Code postal;Ville;Nom contact\r\n\
Société d'Éclairage Bénard;;73282932000074;04 78 12 34 56;contact@eclairage-benard.fr;69002;Lyon;Laëtitia Nguyễn\r\n\
Menuiserie Fèvre;;;04 74 00 00 09;pas-un-mail;01000;Bourg-en-Bresse;\r\n\
;;;04 74 00 00 10;;69003;Lyon;\r\n\
Carrosserie Œuvre;;73282932000075;;;42000;Saint-Étienne;\r\n\
Traiteur Noël;;;;CONTACT@eclairage-benard.fr;38000;Grenoble;\r\n\
Boulangerie Müller;;44306184100047;04 76 55 44 33;;38000;Grenoble;\r\n\
Pâtisserie Müller;;;+33 4 76 55 44 33;;38100;Grenoble;\r\n\
Fromagerie Chèvre & Co;;;;bonjour@chevre.fr;73000;Chambéry;\r\n";

/// The columns of [`CONTACTS`] as the preview guesses them.
const CONTACT_COLUMNS: [&str; 8] = [
    "party.name",
    "party.first_name",
    "party.siret",
    "party.phone",
    "party.email",
    "party.postal_code",
    "party.city",
    "person.last_name",
];

/// A `multipart/form-data` body as a browser sends the upload form.
fn multipart(csrf: Option<&str>, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----tourneeboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    if let Some(csrf) = csrf {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"contacts.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn upload_file(client: &Client, base: &str, csrf: Option<&str>, file: &[u8]) -> Response {
    let (content_type, body) = multipart(csrf, file);
    client
        .post(format!("{base}/office/admin/import"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .unwrap()
}

/// The form fields of the choices: a code per column and the owner.
fn choices(owner: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = CONTACT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, code)| (format!("col{i}"), code.to_string()))
        .collect();
    fields.push(("owner".into(), owner.into()));
    fields
}

fn post_step(
    client: &Client,
    base: &str,
    path: &str,
    csrf: Option<&str>,
    fields: &[(String, String)],
) -> Response {
    let mut form: Vec<(String, String)> = fields.to_vec();
    if let Some(csrf) = csrf {
        form.push(("csrf".into(), csrf.into()));
    }
    client
        .post(format!("{base}{path}"))
        .form(&form)
        .send()
        .unwrap()
}

#[test]
fn the_admin_imports_contacts_only_after_confirming_the_dry_run_and_exports_them() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    add_accountant(&server);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/import");
    // The demo has parties of its own: count the imported ones only.
    let before = server.count("SELECT count(*) FROM party");
    let parties = || server.count("SELECT count(*) FROM party") - before;
    let uploads = || server.count("SELECT count(*) FROM import_upload");

    // Without the form's token, nothing is kept.
    let forged = upload_file(&admin, &base, None, CONTACTS.as_bytes());
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(uploads(), 0);

    // A malformed file is refused with its line and column.
    let stray = "Nom;Ville\r\nGarage;Lyon\r\nBou\"langerie;Lyon\r\n";
    let refused = upload_file(&admin, &base, Some(&csrf), stray.as_bytes());
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_has(
        &refused.text().unwrap(),
        &["Ligne 3, colonne 1 : guillemet inattendu"],
    );

    // Over 20 MB: refused clearly, nothing kept.
    let huge = vec![b'a'; tournee_store::MAX_IMPORT_BYTES + 1];
    let refused = upload_file(&admin, &base, Some(&csrf), &huge);
    assert_eq!(refused.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_has(&refused.text().unwrap(), &["Le fichier dépasse 20 Mo"]);
    assert_eq!(uploads(), 0);

    // The preview: the first lines, each column's field guessed, an owner to choose.
    let preview = upload_file(&admin, &base, Some(&csrf), CONTACTS.as_bytes());
    assert_eq!(preview.status(), StatusCode::OK);
    let preview = preview.text().unwrap();
    assert_has(
        &preview,
        &[
            "8 lignes sous l'en-tête",
            "Laëtitia Nguyễn",
            "<option value=\"party.name\" selected>",
            "<option value=\"person.last_name\" selected>",
            "name=\"owner\"",
        ],
    );
    let token = text_after(&preview, "action=\"/office/admin/import/")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(token.len(), 64);
    let owner = text_after(&preview, "name=\"owner\"><option value=\"");
    let owner = owner.split('"').next().unwrap().to_string();
    let step = |name: &str| format!("/office/admin/import/{token}/{name}");

    // A step without the token changes nothing; one from another account finds no file.
    let no_token = post_step(&admin, &base, &step("dry-run"), None, &choices(&owner));
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);

    // The dry run: three bad lines and two duplicates, each said; nothing written.
    let run = post_step(
        &admin,
        &base,
        &step("dry-run"),
        Some(&csrf),
        &choices(&owner),
    );
    assert_eq!(run.status(), StatusCode::OK);
    let run = run.text().unwrap();
    assert_has(
        &run,
        &[
            "data-count=\"importable\">3<",
            "data-count=\"invalid\">3<",
            "data-count=\"duplicates\">2<",
            "colonne 5 (E-mail)",
            "colonne 1 (Nom ou raison sociale) : Le champ",
            "colonne 3 (SIRET ou SIREN)",
            "ressemble à la ligne 2 du fichier (même e-mail contact@eclairage-benard.fr)",
            "ressemble à la ligne 7 du fichier (même téléphone +33476554433)",
        ],
    );
    assert_eq!(parties(), 0);
    let digest = text_after(&run, "name=\"digest\" value=\"");
    let digest = digest.split('"').next().unwrap().to_string();

    // Not confirmed, or another dry run confirmed: nothing imported.
    let mut fields = choices(&owner);
    fields.push(("digest".into(), digest.clone()));
    let unticked = post_step(&admin, &base, &step("import"), Some(&csrf), &fields);
    assert_eq!(unticked.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_has(&unticked.text().unwrap(), &["Cochez la confirmation"]);
    let mut forged = choices(&owner);
    forged.push(("digest".into(), "0".repeat(64)));
    forged.push(("confirm".into(), "on".into()));
    let changed = post_step(&admin, &base, &step("import"), Some(&csrf), &forged);
    assert_eq!(changed.status(), StatusCode::CONFLICT);
    assert_eq!(parties(), 0);

    // Confirmed: the three good lines, in one go, recorded with who imported them.
    fields.push(("confirm".into(), "on".into()));
    let done = post_step(&admin, &base, &step("import"), Some(&csrf), &fields);
    assert_eq!(done.status(), StatusCode::OK);
    assert_has(
        &done.text().unwrap(),
        &["Import terminé : 3 fiche(s) et 1 personne(s) créée(s) ; 5 ligne(s) laissée(s) de côté"],
    );
    assert_eq!(parties(), 3);
    assert_eq!(
        server.count(&format!(
            "SELECT count(*) FROM import_run WHERE office_login = 'admin' AND owner = '{owner}' AND imported = 3"
        )),
        1
    );
    // The same confirmation again: the file is gone with its import.
    let replay = post_step(&admin, &base, &step("import"), Some(&csrf), &fields);
    assert_eq!(replay.status(), StatusCode::NOT_FOUND);
    assert_eq!(parties(), 3);

    // The accountant may not import, even with a valid session and token.
    let accountant = browser();
    first_login(&accountant, &base, "compta", ACCOUNTANT_PASSWORD);
    let home = page_of(&accountant, &base, "/office");
    let their_csrf = csrf_of(&home);
    let refused = upload_file(&accountant, &base, Some(&their_csrf), CONTACTS.as_bytes());
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let anonymous = upload_file(&browser(), &base, Some(&their_csrf), CONTACTS.as_bytes());
    assert_eq!(anonymous.url().path(), "/office/login");
    assert_eq!(uploads(), 0);

    // The export: what each may read, for French Excel, accents intact.
    for client in [&admin, &accountant] {
        let export = client
            .get(format!("{base}/office/contacts.csv"))
            .send()
            .unwrap();
        assert_eq!(export.status(), StatusCode::OK);
        assert_eq!(export.headers()["content-type"], "text/csv; charset=utf-8");
        assert!(export.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"contacts-"));
        let text = export.text().unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert_has(
            &text,
            &[
                ";Entreprise;Société d'Éclairage Bénard;",
                "Laëtitia Nguyễn",
                "Fromagerie Chèvre & Co",
            ],
        );
        // One row per party: the demo's and the three imported (people sit in one cell).
        let table = tournee_csv::read_csv(text.as_bytes()).unwrap();
        assert_eq!(table.rows.len() as i64, before + 3, "{text}");
    }
}

/// The temporary password shown once on « Utilisateurs » after « Définir un mot de passe ».
fn drawn_password(page: &str) -> String {
    page.split("data-testid=\"new-password\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("no drawn password in:\n{page}"))
        .to_string()
}

#[test]
fn one_directory_a_rep_given_a_password_signs_in_to_nothing_but_their_page_and_loses_it_when_closed(
) {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/users");
    // « Définir un mot de passe » on a rep of the directory: shown once, never a hash.
    let page = admin
        .post(format!("{base}/office/admin/users/jdupont/password"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap()
        .text()
        .unwrap();
    let password = drawn_password(&page);
    assert!(!page.contains("$argon2"), "no hash on the page");
    assert!(page.contains("data-sign-in=\"jdupont\">mot de passe provisoire"));

    // The rep signs in (and must change the password first), lands on a page for their
    // role with the sign-out, and reaches no page of the accountant's nor the admin's.
    let rep = browser();
    first_login(&rep, &base, "jdupont", &password);
    let home = rep.get(format!("{base}/office")).send().unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let home = home.text().unwrap();
    assert!(home.contains("data-testid=\"nothing-for-role\""), "{home}");
    assert!(home.contains("« Commercial »"), "{home}");
    assert!(home.contains("/office/logout"));
    assert!(!home.contains("/office/creations") && !home.contains("/office/admin/"));
    let rep_csrf = csrf_of(&home);
    for (method, path) in ADMIN_ROUTES
        .iter()
        .chain(ACCOUNTANT_ROUTES)
        .filter(|(_, path)| !matches!(*path, "/office" | "/office/password" | "/office/logout"))
    {
        let response = send(&rep, &base, method, path, &rep_csrf);
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{method} {path} as a rep"
        );
    }

    // The rep's row saved again on « Utilisateurs » (which asks for their snapshot) keeps
    // the password: the page never writes a sign-in column.
    let jdupont: (String, String, String) = server
        .db()
        .query_row(
            "SELECT erp_code, email, display_name FROM app_user WHERE windows_user = 'jdupont'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let rep_row = |active: bool| {
        let mut row = vec![
            ("csrf", csrf.clone()),
            ("windows_user", "jdupont".to_string()),
            ("erp_code", jdupont.0.clone()),
            ("email", jdupont.1.clone()),
            ("display_name", jdupont.2.clone()),
            ("role", "rep".to_string()),
        ];
        if active {
            row.push(("active", "on".to_string()));
        }
        row
    };
    let hash_before = server.count(
        "SELECT count(*) FROM app_user WHERE windows_user = 'jdupont' AND password_hash IS NOT NULL",
    );
    let saved = admin
        .post(format!("{base}/office/admin/users"))
        .form(&rep_row(true))
        .send()
        .unwrap();
    assert_eq!(saved.url().query(), Some("saved=jdupont"));
    assert_eq!(hash_before, 1);
    assert_eq!(
        rep.get(format!("{base}/office"))
            .send()
            .unwrap()
            .url()
            .path(),
        "/office",
        "still signed in"
    );

    // The rep's snapshot carries no sign-in column and no hash.
    let folder = server.data.join("snapshots/jdupont");
    let start = Instant::now();
    while tournee_sync::read_manifest(&folder).is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "no snapshot");
        sleep(Duration::from_millis(200));
    }
    let manifest = tournee_sync::read_manifest(&folder).unwrap();
    let snapshot = rusqlite::Connection::open_with_flags(
        folder.join(&manifest.database),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let columns: Vec<(String, String)> = snapshot
        .prepare(
            "SELECT s.name, p.name FROM sqlite_schema s, pragma_table_info(s.name) p \
             WHERE s.type = 'table'",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(columns.len() > 20, "the snapshot's columns: {columns:?}");
    for (table, column) in &columns {
        assert!(
            ![
                "password_hash",
                "must_change_password",
                "failed_attempts",
                "locked_until",
                "last_login_at"
            ]
            .contains(&column.as_str()),
            "{table}.{column} in a rep's snapshot"
        );
        let hashes: i64 = snapshot
            .query_row(
                &format!(
                    "SELECT count(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE '%$argon2%'"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hashes, 0, "a hash in {table}.{column}");
    }

    // An accountant without a laptop joins the directory with no ERP code; a rep cannot.
    let form = |login: &str, role: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("windows_user", login.to_string()),
            ("erp_code", String::new()),
            ("email", format!("{login}@pneus-tournee.fr")),
            ("display_name", format!("Personne {login}")),
            ("role", role.to_string()),
            ("active", "on".to_string()),
        ]
    };
    let saved = admin
        .post(format!("{base}/office/admin/users"))
        .form(&form("compta2", "accountant"))
        .send()
        .unwrap();
    assert_eq!(saved.url().query(), Some("saved=compta2"));
    assert_eq!(
        server.count(
            "SELECT count(*) FROM app_user WHERE windows_user = 'compta2' AND erp_code IS NULL \
             AND role = 'accountant' AND password_hash IS NULL"
        ),
        1
    );
    let refused = admin
        .post(format!("{base}/office/admin/users"))
        .form(&form("rep2", "rep"))
        .send()
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused
        .text()
        .unwrap()
        .contains("data-error-for=\"erp_code\""));
    // No password yet: refused as an unknown login is.
    let nobody = browser();
    let refused = login(&nobody, &base, "compta2", "un mot de passe quelconque");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(refused
        .text()
        .unwrap()
        .contains("identifiant ou mot de passe incorrect"));

    // The admin can neither close their own account nor drop their own admin role.
    let mut own = form("admin", "admin");
    own.retain(|(name, _)| *name != "active");
    let refused = admin
        .post(format!("{base}/office/admin/users"))
        .form(&own)
        .send()
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused
        .text()
        .unwrap()
        .contains("data-error-for=\"active\""));
    let refused = admin
        .post(format!("{base}/office/admin/users"))
        .form(&form("admin", "observer"))
        .send()
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().unwrap().contains("data-error-for=\"role\""));
    assert_eq!(
        server.count("SELECT count(*) FROM app_user WHERE windows_user = 'admin' AND role = 'admin' AND active = 1"),
        1
    );

    // Closed: the rep's session ends and the password no longer opens one, with the same
    // words as an unknown login.
    let closed = admin
        .post(format!("{base}/office/admin/users"))
        .form(&rep_row(false))
        .send()
        .unwrap();
    assert_eq!(closed.url().query(), Some("saved=jdupont"));
    let home = rep.get(format!("{base}/office")).send().unwrap();
    assert_eq!(home.url().path(), "/office/login", "the session is over");
    let refused = login(&browser(), &base, "jdupont", &format!("{password} changé"));
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(refused
        .text()
        .unwrap()
        .contains("identifiant ou mot de passe incorrect"));
}

fn stored_rule(server: &TestServer, code: &str) -> (u32, bool, bool) {
    server
        .db()
        .query_row(
            "SELECT days, enabled, copy_managers FROM follow_up_rule WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[test]
fn the_admin_sets_the_follow_up_rules_each_refusal_on_its_field() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/follow-up");
    let page = page_of(&admin, &base, "/office/admin/follow-up");
    assert_has(
        &page,
        &[
            "<a href=\"/office/admin/follow-up\">Relances</a>",
            "<h2 id=\"rule-lead_open\">Piste non close</h2>",
            "<h2 id=\"rule-opportunity_open\">Opportunité non clôturée</h2>",
            "id=\"f-lead_open-days\" name=\"days\" inputmode=\"numeric\" required maxlength=\"3\" value=\"3\"",
            "id=\"f-opportunity_open-days\" name=\"days\" inputmode=\"numeric\" required maxlength=\"3\" value=\"5\"",
            "Aucun rappel envoyé pour l'instant.",
            "Réglage d&#39;origine (brief : pistes 3 jours, opportunités 5 jours)",
        ],
    );
    assert_eq!(stored_rule(&server, "lead_open"), (3, true, true));

    // Out of range, or not a number: refused beside the delay, what was typed kept.
    for typed in ["0", "366", "trois", "<b>9</b>"] {
        let refused = refused_form(
            &admin,
            &base,
            "/office/admin/follow-up/lead_open",
            &csrf,
            &[("days", typed), ("copy_managers", "on")],
        );
        assert_has(
            &refused,
            &[
                "aria-invalid=\"true\" aria-describedby=\"e-lead_open-days\"",
                "data-error-for=\"lead_open-days\">indiquez un nombre de jours entre 1 et 365",
            ],
        );
        assert!(!refused.contains("<b>9</b>"), "typed text escaped");
    }
    assert_eq!(
        stored_rule(&server, "lead_open"),
        (3, true, true),
        "nothing saved"
    );

    // A forged form (no token) changes nothing; an unknown rule is not found.
    let forged = admin
        .post(format!("{base}/office/admin/follow-up/lead_open"))
        .form(&[("days", "1")])
        .send()
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let unknown = admin
        .post(format!("{base}/office/admin/follow-up/party_open"))
        .form(&[("csrf", csrf.as_str()), ("days", "1")])
        .send()
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // Saved: two days, off, no copy; the page says so.
    let saved = admin
        .post(format!("{base}/office/admin/follow-up/lead_open"))
        .form(&[("csrf", csrf.as_str()), ("days", "2")])
        .send()
        .unwrap();
    assert_eq!(saved.url().query(), Some("saved=1"));
    let page = saved.text().unwrap();
    assert!(page.contains("Relances enregistrées"), "{page}");
    assert!(page.contains("Modifiée par admin le "), "{page}");
    assert!(
        !page.contains("Modifiée par admin le 20"),
        "a date as people read it: {page}"
    );
    assert_eq!(stored_rule(&server, "lead_open"), (2, false, false));
    assert_eq!(stored_rule(&server, "opportunity_open"), (5, true, true));
}

#[test]
fn the_admin_keeps_the_catalogue_each_refusal_on_its_field_and_the_laptops_receive_it() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/catalogue");
    let page = page_of(&admin, &base, "/office/admin/catalogue");
    assert_has(
        &page,
        &[
            "<a href=\"/office/admin/catalogue\">Catalogue</a>",
            // The demo's tyre distributor's catalogue.
            "<td>MO-MONTAGE</td><td>Montage et équilibrage</td><td>18,00 €</td><td>20 %</td><td>pièce</td><td>Proposé</td>",
            "<option value=\"2000\" selected>20 %</option>",
            "<option value=\"550\">5,5 %</option>",
        ],
    );

    // Every field wrong at once: each refusal under its field, what was typed kept (and
    // escaped), nothing saved.
    let long_reference = "R".repeat(41);
    let refused = refused_form(
        &admin,
        &base,
        "/office/admin/catalogue",
        &csrf,
        &[
            ("reference", &long_reference),
            ("label", "<b>Armoire</b>"),
            ("price", "12,345"),
            ("vat", "1960"),
            ("unit", "pièce"),
        ],
    );
    assert_has(
        &refused,
        &[
            "data-error-for=\"price\">indiquez un prix hors taxes en euros",
            "data-error-for=\"vat\">choisissez un des taux de TVA français",
            "aria-invalid=\"true\" aria-describedby=\"e-price\"",
            "value=\"12,345\"",
            "&lt;b&gt;Armoire&lt;/b&gt;",
        ],
    );
    assert!(!refused.contains("<b>Armoire</b>"), "typed text escaped");
    let refused = refused_form(
        &admin,
        &base,
        "/office/admin/catalogue",
        &csrf,
        &[
            ("reference", &long_reference),
            ("label", "Armoire"),
            ("price", "489,90"),
            ("vat", "2000"),
        ],
    );
    assert_has(
        &refused,
        &["data-error-for=\"reference\">indiquez une référence d&#39;au plus 40 caractères"],
    );
    let refused = refused_form(
        &admin,
        &base,
        "/office/admin/catalogue",
        &csrf,
        &[
            ("reference", "ARM-100"),
            ("label", "  "),
            ("price", "489,90"),
            ("vat", "2000"),
        ],
    );
    assert_has(&refused, &["data-error-for=\"label\">indiquez un libellé"]);
    assert_eq!(
        server.count("SELECT count(*) FROM catalogue_item"),
        9,
        "nothing saved"
    );

    // A forged form (no token) changes nothing.
    let forged = admin
        .post(format!("{base}/office/admin/catalogue"))
        .form(&[
            ("reference", "X"),
            ("label", "X"),
            ("price", "1"),
            ("vat", "2000"),
        ])
        .send()
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    // Saved, then corrected under the same reference, then a second one retired.
    for (reference, label, price, vat) in [
        ("ARM-100", "Une armoire de 100cm", "489,90", "2000"),
        ("ARM-100", "Une armoire de 100 cm", "1 450,5", "1000"),
        ("DESIGN", "Un projet de design de cuisine", "1500", "2000"),
    ] {
        let saved = admin
            .post(format!("{base}/office/admin/catalogue"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("reference", reference),
                ("label", label),
                ("price", price),
                ("vat", vat),
                ("unit", "pièce"),
            ])
            .send()
            .unwrap();
        assert_eq!(saved.url().query(), Some("saved=1"));
    }
    let retired = admin
        .post(format!("{base}/office/admin/catalogue/active"))
        .form(&[("csrf", csrf.as_str()), ("reference", "DESIGN")])
        .send()
        .unwrap();
    assert_eq!(retired.url().query(), Some("saved=1"));
    let page = retired.text().unwrap();
    assert_has(
        &page,
        &[
            "Catalogue enregistré",
            "<td>ARM-100</td><td>Une armoire de 100 cm</td><td>1 450,50 €</td><td>10 %</td>",
            "Proposer à nouveau DESIGN",
        ],
    );
    let unknown = admin
        .post(format!("{base}/office/admin/catalogue/active"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("reference", "NOPE"),
            ("active", "on"),
        ])
        .send()
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let edit = page_of(&admin, &base, "/office/admin/catalogue?edit=ARM-100");
    assert_has(
        &edit,
        &[
            "Corriger « ARM-100 »",
            "value=\"1450,50\"",
            "<option value=\"1000\" selected>10 %</option>",
        ],
    );

    // The laptops receive the active entries only, with their next snapshot.
    // A snapshot made between the correction and the retirement holds both, so
    // the wait is for the final state: the corrected entry and no retired one.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !snapshot_holds(
        &server,
        "jdupont",
        "SELECT count(*) FROM catalogue_item WHERE reference = 'ARM-100' \
         AND unit_price_cents = 145050 AND vat_bp = 1000 \
         AND NOT EXISTS (SELECT 1 FROM catalogue_item WHERE reference = 'DESIGN')",
    ) {
        assert!(
            Instant::now() < deadline,
            "jdupont's snapshot never held the corrected entry without the retired one"
        );
        sleep(Duration::from_millis(200));
    }
}

#[test]
fn the_admin_reads_the_sales_reports_and_their_excel_workbook() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, _csrf) = admin_on(&server, "/office/reports");
    // A period over everything the demo made: the funnel counts every party.
    let period = "from=2020-01-01&to=2029-12-31";
    let parties = server.count("SELECT count(*) FROM party");
    let prospects = server.count(
        "SELECT count(*) FROM party WHERE status IN ('prospect', 'dead_prospect', 'client')",
    );
    let page = page_of(&admin, &base, &format!("/office/reports?{period}"));
    assert_has(
        &page,
        &[
            "<a href=\"/office/reports\">Rapports</a>",
            &format!("<tr data-funnel><td>Pistes créées</td><td>{parties}</td></tr>"),
            &format!("<tr data-funnel><td>Devenues prospects</td><td>{prospects}</td></tr>"),
            "href=\"/office/reports.xlsx?from=2020-01-01&amp;to=2029-12-31\"",
            "href=\"/office/reports.pdf?from=2020-01-01&amp;to=2029-12-31\"",
            // Each report's chart above its table, named for screen readers.
            "<figure class=\"chart\" data-chart=\"sales\">",
            "<figure class=\"chart\" data-chart=\"forecast\">",
            "<figure class=\"chart\" data-chart=\"close-times\">",
            "aria-label=\"Entonnoir : ce que sont devenus les tiers créés (chiffres dans le tableau qui suit)\"",
            &format!("data-figure=\"{parties}\"></rect>"),
        ],
    );

    // Bad dates, an upside-down period: refused under the field, nothing computed.
    for (query, field, message) in [
        (
            "from=hier&to=2026-01-01",
            "from",
            "indiquez une date au format AAAA-MM-JJ",
        ),
        (
            "from=2026-02-01&to=2026-01-01",
            "to",
            "la fin suit le début",
        ),
        (
            "from=1990-01-01&to=2026-01-01",
            "to",
            "la fin suit le début, et la période tient en 3660 jours au plus",
        ),
    ] {
        let answer = admin
            .get(format!("{base}/office/reports?{query}"))
            .send()
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let text = answer.text().unwrap();
        assert_has(&text, &[&format!("data-error-for=\"{field}\">{message}")]);
        assert!(
            !text.contains("data-funnel"),
            "nothing computed for {query}"
        );
        for file in ["reports.xlsx", "reports.pdf"] {
            let download = admin
                .get(format!("{base}/office/{file}?{query}"))
                .send()
                .unwrap();
            assert_eq!(
                download.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{file}?{query}"
            );
        }
    }

    // The A4 page: one page, A4, the period and the funnel's figures on it.
    let answer = admin
        .get(format!("{base}/office/reports.pdf?{period}"))
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["content-type"], "application/pdf");
    assert_eq!(
        answer.headers()["content-disposition"],
        "attachment; filename=\"rapports-2020-01-01-2029-12-31.pdf\""
    );
    let pdf = server.data.join("reports.pdf");
    std::fs::write(&pdf, answer.bytes().unwrap()).unwrap();
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(info.contains("(A4)"), "{info}");
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    for expected in [
        "Rapports des ventes",
        "Du 01/01/2020 au 31/12/2029",
        "Ventes gagnées HT",
        "Campagnes commencées sur la période",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let funnel_line = text
        .lines()
        .find(|line| line.contains("Pistes créées"))
        .unwrap_or_default();
    assert!(
        funnel_line.trim_end().ends_with(&parties.to_string()),
        "{funnel_line}"
    );

    // The workbook, read back by openpyxl as a spreadsheet would: five sheets, the funnel's
    // figures those of the page.
    let answer = admin
        .get(format!("{base}/office/reports.xlsx?{period}"))
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.headers()["content-disposition"],
        "attachment; filename=\"rapports-2020-01-01-2029-12-31.xlsx\""
    );
    let file = server.data.join("reports.xlsx");
    std::fs::write(&file, answer.bytes().unwrap()).unwrap();
    let read = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, openpyxl\n\
             book = openpyxl.load_workbook(sys.argv[1])\n\
             print('|'.join(book.sheetnames))\n\
             funnel = book['Entonnoir']\n\
             print(';'.join(f'{r[0].value}={r[1].value}' for r in funnel.iter_rows(min_row=2)))\n\
             lines = book['Opportunités']\n\
             print(lines.max_row - 1, sum(r[5].value for r in lines.iter_rows(min_row=2)))",
        )
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let out = String::from_utf8(read.stdout).unwrap();
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("Ventes|Entonnoir|Prévision|Délai de clôture|Campagnes|Opportunités")
    );
    let funnel = lines.next().unwrap();
    assert!(
        funnel.starts_with(&format!(
            "Pistes créées={parties};Devenues prospects={prospects};"
        )),
        "{funnel}"
    );
    // The detail sheet: every opportunity of the demo (the period covers them all), one
    // row each, their values in euros summing to the master's.
    let opportunities = server.count("SELECT count(*) FROM opportunity");
    let value_cents = server.count("SELECT sum(value_cents) FROM opportunity");
    assert!(opportunities > 0);
    let detail = lines.next().unwrap();
    let (rows, euros) = detail.split_once(' ').unwrap();
    assert_eq!(rows, opportunities.to_string());
    assert!(
        (euros.parse::<f64>().unwrap() * 100.0 - value_cents as f64).abs() < 1.0,
        "{detail} against {value_cents} cents"
    );
}

/// Reads the workbook's detail sheet: each row's rep (column B), one per line.
fn workbook_reps(file: &std::path::Path) -> Vec<String> {
    let read = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, openpyxl\n\
             book = openpyxl.load_workbook(sys.argv[1])\n\
             for r in book['Opportunités'].iter_rows(min_row=2): print(r[1].value)",
        )
        .arg(file)
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    String::from_utf8(read.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_manager_reads_only_his_teams_figures_and_a_rep_gets_no_reports() {
    use tournee_store::{add_member, create_team, reset_password, set_user_role};
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let reps: Vec<String> = {
        let db = server.db();
        let mut statement = db
            .prepare(
                "SELECT windows_user FROM app_user WHERE is_admin = 0 AND erp_code <> '' \
                 ORDER BY windows_user",
            )
            .unwrap();
        let reps = statement
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        reps
    };
    let (manager, member, outsider) = (&reps[0], &reps[1], &reps[2]);
    let (manager_password, rep_password) = {
        let db = server.db();
        set_user_role(&db, manager, Role::Manager).unwrap();
        let team = create_team(&db, "Nord").unwrap();
        add_member(&db, team, manager, true).unwrap();
        add_member(&db, team, member, false).unwrap();
        (
            reset_password(&db, manager).unwrap(),
            reset_password(&db, outsider).unwrap(),
        )
    };
    let team = [manager.as_str(), member.as_str()];
    let owned_by_team = |owner: &str| format!("{owner} IN ('{}', '{}')", team[0], team[1]);
    // The demo gives every rep opportunities, so each side has figures to leak.
    let outsiders_won = server.count(&format!(
        "SELECT count(*) FROM opportunity WHERE status = 'won' AND NOT {}",
        owned_by_team("coalesce(owner, created_by)")
    ));
    assert!(outsiders_won > 0);
    let (_running, base) = start_run(&server);
    let period = "from=2020-01-01&to=2029-12-31";

    let chief = browser();
    first_login(&chief, &base, manager, &manager_password);
    let home = page_of(&chief, &base, "/office");
    assert!(
        home.contains("<a href=\"/office/reports\">Rapports</a>"),
        "{home}"
    );
    assert!(
        !home.contains("/office/admin/"),
        "no admin menu for a manager"
    );
    // An attacker's extra parameters name nobody: the scope comes from the session.
    for query in [
        period.to_string(),
        format!("{period}&rep={outsider}&owner={outsider}&scope=all"),
    ] {
        let page = page_of(&chief, &base, &format!("/office/reports?{query}"));
        assert!(
            page.contains("data-scoped"),
            "the page says whose figures these are"
        );
        assert!(
            !page.contains(outsider.as_str()),
            "{outsider} on {manager}'s page"
        );
        let sales_rows: Vec<&str> = page.split("<tr data-sales>").skip(1).collect();
        assert!(!sales_rows.is_empty());
        let won: i64 = sales_rows
            .iter()
            .map(|row| {
                let cells: Vec<&str> = row.split("<td>").skip(1).collect();
                let rep = cells[1].trim_end_matches("</td>");
                assert!(team.contains(&rep), "{rep} is not in {manager}'s team");
                cells[2].trim_end_matches("</td>").parse::<i64>().unwrap()
            })
            .sum();
        assert_eq!(
            won,
            server.count(&format!(
                "SELECT count(*) FROM opportunity WHERE status = 'won' AND {}",
                owned_by_team("coalesce(owner, created_by)")
            ))
        );
        let leads = server.count(&format!(
            "SELECT count(*) FROM party WHERE {}",
            owned_by_team("coalesce(owner, created_by)")
        ));
        assert!(
            page.contains(&format!(
                "<tr data-funnel><td>Pistes créées</td><td>{leads}</td></tr>"
            )),
            "the funnel counts the team's parties only"
        );
    }
    // The workbook too: every detail row is the team's, all of them there.
    let answer = chief
        .get(format!(
            "{base}/office/reports.xlsx?{period}&owner={outsider}"
        ))
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let file = server.data.join("manager.xlsx");
    std::fs::write(&file, answer.bytes().unwrap()).unwrap();
    let rows = workbook_reps(&file);
    assert!(
        rows.iter().all(|rep| team.contains(&rep.as_str())),
        "{rows:?}"
    );
    assert_eq!(
        rows.len() as i64,
        server.count(&format!(
            "SELECT count(*) FROM opportunity WHERE {}",
            owned_by_team("coalesce(owner, created_by)")
        ))
    );

    // The A4 page: whose figures they are, and no one else's name on it.
    let answer = chief
        .get(format!("{base}/office/reports.pdf?{period}&rep={outsider}"))
        .send()
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let pdf = server.data.join("manager.pdf");
    std::fs::write(&pdf, answer.bytes().unwrap()).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains(manager.as_str()), "{text}");
    assert!(!text.contains(outsider.as_str()), "{outsider} in {text}");

    // A rep signed in: no menu entry, and every route refused on the server.
    let rep = browser();
    first_login(&rep, &base, outsider, &rep_password);
    let home = page_of(&rep, &base, "/office");
    assert!(
        !home.contains("/office/reports"),
        "no reports menu for a rep"
    );
    for (_, path) in REPORT_ROUTES {
        let answer = rep.get(format!("{base}{path}?{period}")).send().unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{path} as a rep");
    }
}

fn stored_stages(server: &TestServer) -> Vec<(String, u8)> {
    tournee_store::Parameters::load(&server.db())
        .unwrap()
        .pipelines
        .into_iter()
        .flat_map(|p| p.stages)
        .map(|s| (s.code, s.probability))
        .collect()
}

#[test]
fn the_admin_edits_the_pipelines_each_refusal_named_and_snapshots_carry_them() {
    let server = TestServer::init(&["--demo", "small", "--admin-password", ADMIN_PASSWORD]);
    let (_running, base, admin, csrf) = admin_on(&server, "/office/admin/pipelines");
    let before = stored_stages(&server);
    let post = |path: &str, fields: &[(&str, &str)]| {
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        admin
            .post(format!("{base}{path}"))
            .form(&form)
            .send()
            .unwrap()
    };
    let page = page_of(&admin, &base, "/office/admin/pipelines");
    // The demo's opportunities at the first stage, counted as the page counts them.
    let at_first = server.count(
        "SELECT count(*) FROM opportunity WHERE pipeline = 'standard' AND stage = 'qualification'",
    );
    assert!(at_first > 0);
    assert_has(
        &page,
        &[
            "<a href=\"/office/admin/pipelines\">Pipelines</a>",
            &format!("<tr data-stage-row=\"standard-qualification\"><td>qualification</td><td>Qualification</td><td>10 %</td><td>{at_first}</td></tr>"),
            "<tr data-stage-row=\"standard-negociation\"><td>negociation</td><td>Négociation</td><td>80 %</td>",
        ],
    );

    // A probability that does not rise: refused, the stage and the pipeline named.
    let falling = refused_form(
        &admin,
        &base,
        "/office/admin/pipelines/standard/stages/proposition",
        &csrf,
        &[("label", "Proposition"), ("probability", "20")],
    );
    assert!(
        falling.contains("data-error-for=\"standard-proposition\">étape « proposition » du pipeline « standard » : sa probabilité doit dépasser celle de l&#39;étape précédente"),
        "{falling}"
    );
    let typed = refused_form(
        &admin,
        &base,
        "/office/admin/pipelines/standard/stages",
        &csrf,
        &[
            ("code", "signature"),
            ("label", "Signature"),
            ("probability", "beaucoup"),
        ],
    );
    assert!(
        typed.contains("data-error-for=\"standard-new\">probabilité « beaucoup » : un nombre entier de 0 à 100"),
        "{typed}"
    );
    let second_default = refused_form(
        &admin,
        &base,
        "/office/admin/pipelines",
        &csrf,
        &[("code", "bis"), ("label", "Bis"), ("team", "")],
    );
    assert!(
        second_default.contains("data-error-for=\"new\">"),
        "{second_default}"
    );
    assert_eq!(stored_stages(&server), before, "nothing saved");

    // A forged form (no token) changes nothing.
    let forged = admin
        .post(format!(
            "{base}/office/admin/pipelines/standard/stages/besoin/delete"
        ))
        .send()
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    // A new last stage, saved and carried by the next snapshots' `config` row.
    let added = post(
        "/office/admin/pipelines/standard/stages",
        &[
            ("code", "signature"),
            ("label", "Signature <pro>"),
            ("probability", "95"),
        ],
    );
    assert_eq!(added.url().query(), Some("saved=1"));
    assert!(added
        .text()
        .unwrap()
        .contains("<td>signature</td><td>Signature &lt;pro&gt;</td><td>95 %</td>"));
    let start = Instant::now();
    while !snapshot_holds(
        &server,
        "jdupont",
        "SELECT count(*) FROM config WHERE key = 'pipelines' \
         AND value_json LIKE '%\"code\":\"signature\"%'",
    ) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the new stage never reached jdupont's snapshot"
        );
        sleep(Duration::from_millis(200));
    }
    // Moved up: the probabilities stay in place. Then deleted: nobody is at it.
    post(
        "/office/admin/pipelines/standard/stages/signature/move",
        &[("direction", "up")],
    );
    let moved = stored_stages(&server);
    assert_eq!(moved[3], ("signature".to_string(), 80));
    assert_eq!(moved[4], ("negociation".to_string(), 95));
    post(
        "/office/admin/pipelines/standard/stages/signature/move",
        &[("direction", "down")],
    );
    post(
        "/office/admin/pipelines/standard/stages/signature/delete",
        &[],
    );
    assert_eq!(stored_stages(&server), before);

    // The assignment rule: an active user, or refused.
    let nobody = refused_form(
        &admin,
        &base,
        "/office/admin/pipelines/assignee",
        &csrf,
        &[("assignee", "fantome")],
    );
    assert!(
        nobody
            .contains("data-error-for=\"assignee\">« fantome » n&#39;est pas un utilisateur actif"),
        "{nobody}"
    );
    post(
        "/office/admin/pipelines/assignee",
        &[("assignee", "jdupont")],
    );
    assert_eq!(
        tournee_store::Parameters::load(&server.db())
            .unwrap()
            .opportunity_assignee
            .as_deref(),
        Some("jdupont")
    );
    let unknown = post(
        "/office/admin/pipelines/standard/stages/fax",
        &[("label", "Fax"), ("probability", "50")],
    );
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
