//! The back office through HTTP against the real `run` process: login, forced password
//! change, roles enforced on the server, CSRF on forms, and the accountant's path from
//! the link in the mail to a validated client.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use chrono::Utc;
use common::{complete_request, fields, publish_as, server_binary, TestServer};
use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use tournee_store::office::accounts::{create_account, Role};
use tournee_sync::{
    ChangeBody, ClientCreationRequest, ClientModification, FieldChange, ProspectCreation,
};

const ADMIN_PASSWORD: &str = "mot de passe admin initial";
const ACCOUNTANT_PASSWORD: &str = "mot de passe compta initial";

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _already_gone_is_fine = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _reaped = self.0.wait();
    }
}

fn start(server: &TestServer) -> (Running, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(server_binary())
        .args(["run", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(&server.data)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "back office did not start"
        );
        sleep(Duration::from_millis(50));
    }
    (Running(child), base)
}

fn browser() -> Client {
    Client::builder().cookie_store(true).build().unwrap()
}

fn csrf_of(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no CSRF token in:\n{page}"))
        .to_string()
}

fn login(client: &Client, base: &str, login: &str, password: &str) -> Response {
    client
        .post(format!("{base}/office/login"))
        .form(&[("login", login), ("password", password)])
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
                new: "Villeurbanne".into(),
            }],
            revisit: None,
            fleet: None,
        }),
    );
    let (_running, base) = start(&server);
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
    let list = accountant
        .get(format!("{base}/office/creations"))
        .send()
        .unwrap()
        .text()
        .unwrap();
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

    // The modification request, closed once applied in the ERP.
    let open = accountant
        .get(format!("{base}/office/modifications"))
        .send()
        .unwrap()
        .text()
        .unwrap();
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

    let admin = browser();
    first_login(&admin, &base, "admin", ADMIN_PASSWORD);
    let accounts = admin
        .get(format!("{base}/office/admin/accounts"))
        .send()
        .unwrap();
    assert_eq!(accounts.status(), StatusCode::OK);
    assert!(accounts.text().unwrap().contains("Claire Comptable"));
}
