//! The REST API (`/api/v1`) through HTTP against the real `run` process: the policy per
//! role (404 for what a caller may not see), forged, expired and revoked tokens, token
//! scopes, writes integrated by the automaton and answered with their outcome, If-Match
//! (428, 412), Idempotency-Key, oversize and malformed bodies, a refused write that
//! changes nothing, and pagination that walks every record exactly once.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::thread::sleep;
use std::time::Duration;

use chrono::Utc;
use common::{enroll_laptop, start_run, TestServer};
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::StatusCode;
use rusqlite::params;
use serde_json::{json, Value};
use tournee_core::Entity;
use tournee_store::{add_member, create_api_token, create_team, TokenAccess, TokenScopes};
use tournee_sync::{parse_record, publish_change, ChangeBody, Envelope};

const ANA_PARTY: &str = "01JD0000000000000000000PA1";
const BOB_PARTY: &str = "01JD0000000000000000000PB1";
const ANA_PERSON: &str = "01JD0000000000000000000EA1";
const BOB_ACTION: &str = "01JD0000000000000000000AB1";
const BOB_REPLY: &str = "01JD0000000000000000000RB1";
const ANA_TODO: &str = "01JD0000000000000000000TA1";

/// Users: `ana` (rep, team nord), `chef` (manager leading nord), `bob` (rep, no team),
/// `obs` (observer), `boss` (admin).
fn users(server: &TestServer) {
    let db = server.db();
    for (login, code, role) in [
        ("ana", Some("AN01"), "rep"),
        ("bob", Some("BO02"), "rep"),
        ("chef", Some("CH03"), "manager"),
        ("obs", None, "observer"),
        ("boss", Some("BS04"), "admin"),
    ] {
        db.execute(
            "INSERT INTO app_user (windows_user, erp_code, email, display_name, role, is_admin) \
             VALUES (?1, ?2, ?3, ?1, ?4, ?5)",
            params![
                login,
                code,
                format!("{login}@example.fr"),
                role,
                role == "admin"
            ],
        )
        .unwrap();
    }
    let nord = create_team(&db, "nord").unwrap();
    add_member(&db, nord, "ana", false).unwrap();
    add_member(&db, nord, "chef", true).unwrap();
}

fn publish(server: &TestServer, user: &str, payload: Value) {
    let change = parse_record(&payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
    let envelope = Envelope::new(
        user,
        "PC-TEST",
        Utc::now().fixed_offset(),
        ChangeBody::RC(Box::new(change)),
    );
    publish_change(&server.data.join("inbox").join(user), &envelope).unwrap();
    sleep(Duration::from_millis(2));
}

/// The users and a few records of ana's and bob's, integrated by the binary.
fn seeded() -> TestServer {
    let server = TestServer::init(&[]);
    users(&server);
    publish(
        &server,
        "ana",
        json!({"entity": "party", "op": "create", "id": ANA_PARTY,
        "fields": {"kind": "company", "name": "Garage Ana", "city": "Lyon"}}),
    );
    publish(
        &server,
        "bob",
        json!({"entity": "party", "op": "create", "id": BOB_PARTY,
        "fields": {"kind": "company", "name": "Transports Bob", "city": "Brest"}}),
    );
    publish(
        &server,
        "ana",
        json!({"entity": "person", "op": "create", "id": ANA_PERSON,
        "fields": {"party_id": ANA_PARTY, "last_name": "Martin"}}),
    );
    publish(
        &server,
        "bob",
        json!({"entity": "action", "op": "create", "id": BOB_ACTION,
        "fields": {"party_id": BOB_PARTY, "action_type": "email", "date": "2026-11-02"}}),
    );
    publish(
        &server,
        "bob",
        json!({"entity": "action_reply", "op": "create", "id": BOB_REPLY,
        "fields": {"action_id": BOB_ACTION, "author": "bob", "date": "2026-11-03", "text": "Rappeler"}}),
    );
    publish(
        &server,
        "ana",
        json!({"entity": "todo", "op": "create", "id": ANA_TODO,
        "fields": {"text": "Relancer", "due": "2026-12-04"}}),
    );
    let stdout = server.integrate(None);
    assert_eq!(server.count("SELECT count(*) FROM party"), 2, "{stdout}");
    assert_eq!(
        server.count("SELECT count(*) FROM action_reply"),
        1,
        "{stdout}"
    );
    server
}

/// Every entity the API serves, read and write where it writes.
fn all_scopes() -> TokenScopes {
    let mut scopes = TokenScopes::new();
    for entity in [
        Entity::Party,
        Entity::Person,
        Entity::Action,
        Entity::ActionReply,
        Entity::Todo,
    ] {
        scopes.insert(entity, TokenAccess::Write);
    }
    for entity in [Entity::Client, Entity::Prospect, Entity::User] {
        scopes.insert(entity, TokenAccess::Read);
    }
    scopes
}

fn token(server: &TestServer, owner: &str, scopes: &TokenScopes) -> String {
    create_api_token(
        &server.db(),
        "test",
        owner,
        scopes,
        None,
        "boss",
        Utc::now(),
    )
    .unwrap()
    .secret
}

fn client() -> Client {
    common::http_client_builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

struct Api {
    client: Client,
    base: String,
    token: String,
}

impl Api {
    fn new(base: &str, token: &str) -> Self {
        Self {
            client: client(),
            base: base.to_string(),
            token: token.to_string(),
        }
    }

    fn req(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}/api/v1/{path}", self.base))
            .bearer_auth(&self.token)
    }

    fn get(&self, path: &str) -> Response {
        self.req(reqwest::Method::GET, path).send().unwrap()
    }

    fn ids(&self, path: &str) -> BTreeSet<String> {
        let response = self.get(path);
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body: Value = response.json().unwrap();
        body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    }

    fn post(&self, path: &str, body: &Value) -> Response {
        self.req(reqwest::Method::POST, path)
            .json(body)
            .send()
            .unwrap()
    }
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// A problem document: its status, content type and code.
fn problem(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert_eq!(kind, "application/problem+json");
    let body: Value = response.json().unwrap();
    assert_eq!(body["status"], json!(status.as_u16()));
    assert!(body["type"].is_string() && body["title"].is_string() && body["detail"].is_string());
    body
}

#[test]
fn each_role_lists_and_fetches_what_the_policy_lets_it_read_and_no_more() {
    let server = seeded();
    let scopes = all_scopes();
    let tokens: BTreeMap<&str, String> = ["ana", "bob", "chef", "obs", "boss"]
        .into_iter()
        .map(|user| (user, token(&server, user, &scopes)))
        .collect();
    let (_running, base) = start_run(&server);
    let api = |user: &str| Api::new(&base, &tokens[user]);

    // Parties: each rep their own, the manager his team's (ana's), observer and admin all.
    assert_eq!(api("ana").ids("parties"), set(&[ANA_PARTY]));
    assert_eq!(api("bob").ids("parties"), set(&[BOB_PARTY]));
    assert_eq!(api("chef").ids("parties"), set(&[ANA_PARTY]));
    assert_eq!(api("obs").ids("parties"), set(&[ANA_PARTY, BOB_PARTY]));
    assert_eq!(api("boss").ids("parties"), set(&[ANA_PARTY, BOB_PARTY]));
    // Records hanging on a party follow it.
    assert_eq!(api("ana").ids("people"), set(&[ANA_PERSON]));
    assert!(api("bob").ids("people").is_empty());
    assert_eq!(api("bob").ids("actions"), set(&[BOB_ACTION]));
    assert!(api("ana").ids("actions").is_empty());
    assert_eq!(api("bob").ids("replies"), set(&[BOB_REPLY]));
    assert!(api("chef").ids("replies").is_empty());
    assert_eq!(api("ana").ids("todos"), set(&[ANA_TODO]));
    assert_eq!(api("chef").ids("todos"), set(&[ANA_TODO]));
    assert!(api("bob").ids("todos").is_empty());
    // Users are read by everyone (default policy).
    assert_eq!(
        api("bob").ids("users").len(),
        5 + 1,
        "the five and the default admin"
    );

    // Fetching: 200 with an ETag for one's own, 404 (never 403) for another's, and the same
    // answer as for an id that does not exist.
    let own = api("ana").get(&format!("parties/{ANA_PARTY}"));
    assert_eq!(own.status(), StatusCode::OK);
    assert!(own.headers().get("etag").is_some());
    let body: Value = own.json().unwrap();
    assert_eq!(body["name"], "Garage Ana");
    assert_eq!(body["owner"], "ana");
    for (user, path) in [
        ("ana", format!("parties/{BOB_PARTY}")),
        ("bob", format!("parties/{ANA_PARTY}")),
        ("chef", format!("parties/{BOB_PARTY}")),
        ("bob", format!("people/{ANA_PERSON}")),
        ("ana", format!("replies/{BOB_REPLY}")),
        ("bob", format!("todos/{ANA_TODO}")),
    ] {
        let hidden = problem(api(user).get(&path), StatusCode::NOT_FOUND);
        assert_eq!(hidden["code"], "not_found", "{user} {path}");
    }
    let missing = problem(
        api("ana").get("parties/01JD0000000000000000000ZZZ"),
        StatusCode::NOT_FOUND,
    );
    assert_eq!(missing["code"], "not_found");
    assert_eq!(
        api("obs").get(&format!("replies/{BOB_REPLY}")).status(),
        StatusCode::OK
    );

    // Filters, sorts and fields.
    assert_eq!(api("boss").ids("parties?owner=bob"), set(&[BOB_PARTY]));
    assert_eq!(
        api("boss").ids(&format!("people?party={ANA_PARTY}")),
        set(&[ANA_PERSON])
    );
    assert_eq!(api("boss").ids("todos?done=false"), set(&[ANA_TODO]));
    assert!(api("boss").ids("todos?done=true").is_empty());
    assert_eq!(
        api("boss").ids("parties?updated_since=2020-01-01"),
        set(&[ANA_PARTY, BOB_PARTY])
    );
    let sorted: Value = api("boss")
        .get("parties?sort=-name&fields=name")
        .json()
        .unwrap();
    let names: Vec<&str> = sorted["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Transports Bob", "Garage Ana"]);
    assert!(
        sorted["data"][0].get("city").is_none(),
        "only the fields asked"
    );
    for (path, parameter) in [
        ("parties?city=Lyon", "city"),
        ("parties?sort=siret", "sort"),
        ("parties?fields=password", "fields"),
        ("parties?limit=0", "limit"),
        ("parties?limit=201", "limit"),
        ("parties?limit=x", "limit"),
        ("parties?cursor=bm9wZQ", "cursor"),
        ("parties?updated_since=yesterday", "updated_since"),
    ] {
        let refused = problem(api("boss").get(path), StatusCode::BAD_REQUEST);
        assert_eq!(refused["field"], parameter, "{path}");
    }
}

#[test]
fn clients_and_prospects_answer_what_the_laptops_snapshots_hold() {
    let server = seeded();
    server
        .db()
        .execute_batch(
            "INSERT INTO client (c_client, nom_client, c_rep, actif) VALUES \
               ('CANA', 'Client d''Ana', 'AN01', 1), ('CBOB', 'Client de Bob', 'BO02', 1), \
               ('COLD', 'Ancien client', 'BO02', 0);
             INSERT INTO prospect (prospect_id, created_by, assignee, nom_client, created_at, \
               last_movement_at, change_id, file_name) VALUES \
               ('P-ANA', 'ana', 'ana', 'Prospect d''Ana', '2026-11-01', '2026-11-01', 'c1', 'f1'), \
               ('P-ANA-BOB', 'ana', 'bob', 'Trouvé par Ana', '2026-11-01', '2026-11-01', 'c2', 'f2'), \
               ('P-BOB', 'bob', 'bob', 'Prospect de Bob', '2026-11-01', '2026-11-01', 'c3', 'f3');",
        )
        .unwrap();
    let scopes = all_scopes();
    let tokens: BTreeMap<&str, String> = ["ana", "bob", "chef", "obs"]
        .into_iter()
        .map(|user| (user, token(&server, user, &scopes)))
        .collect();
    let (_running, base) = start_run(&server);
    let api = |user: &str| Api::new(&base, &tokens[user]);
    // Every active client's identity to everyone, as every laptop holds it (a rep covers
    // for a colleague); an inactive one to no one, as it is in no snapshot.
    for user in ["ana", "bob", "chef", "obs"] {
        assert_eq!(api(user).ids("clients"), set(&["CANA", "CBOB"]), "{user}");
        assert_eq!(api(user).get("clients/CBOB").status(), StatusCode::OK);
        problem(api(user).get("clients/COLD"), StatusCode::NOT_FOUND);
    }
    // A prospect is its creator's and its assignee's: ana reads the one she found for bob.
    assert_eq!(api("ana").ids("prospects"), set(&["P-ANA", "P-ANA-BOB"]));
    assert_eq!(api("bob").ids("prospects"), set(&["P-ANA-BOB", "P-BOB"]));
    assert_eq!(
        api("ana").get("prospects/P-ANA-BOB").status(),
        StatusCode::OK
    );
    problem(api("ana").get("prospects/P-BOB"), StatusCode::NOT_FOUND);
    // The manager of ana's team: what ana created or holds; the observer: all.
    assert_eq!(api("chef").ids("prospects"), set(&["P-ANA", "P-ANA-BOB"]));
    assert_eq!(
        api("obs").ids("prospects"),
        set(&["P-ANA", "P-ANA-BOB", "P-BOB"])
    );
}

/// The name and tag of a party as its list and its own route answer it.
fn named(api: &Api, id: &str) -> (String, String, String) {
    let listed: Value = api.get("parties?limit=50").json().unwrap();
    let record = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
        .clone();
    let fetched = api.get(&format!("parties/{id}"));
    let etag = fetched.headers()["etag"].to_str().unwrap().to_string();
    let body: Value = fetched.json().unwrap();
    assert_eq!(
        body["name"], record["name"],
        "the list and the record agree"
    );
    (
        record["name"].as_str().unwrap().to_string(),
        record["_etag"].as_str().unwrap().to_string(),
        etag,
    )
}

#[test]
fn answers_asked_again_follow_every_change_to_the_master_at_once() {
    let server = seeded();
    let admin = token(&server, "boss", &all_scopes());
    let (_running, base) = start_run(&server);
    let api = Api::new(&base, &admin);
    // Asked many times: the server's connections keep the answers (docs/api.md).
    let first = named(&api, ANA_PARTY);
    for _ in 0..20 {
        assert_eq!(named(&api, ANA_PARTY), first);
    }
    assert_eq!(first.0, "Garage Ana");
    assert_eq!(first.1, first.2, "the list's _etag is the record's ETag");

    // Changed by another process (an ERP import, a back-office page): the next answers,
    // on every connection, say so.
    server
        .db()
        .execute(
            "UPDATE party SET name = 'Garage Ana et fils' WHERE id = ?1",
            [ANA_PARTY],
        )
        .unwrap();
    for _ in 0..20 {
        let (name, listed_tag, tag) = named(&api, ANA_PARTY);
        assert_eq!(name, "Garage Ana et fils");
        assert_ne!(listed_tag, first.1);
        assert_eq!(listed_tag, tag);
    }

    // Changed through the API itself, with the tag just read.
    let (_, _, tag) = named(&api, ANA_PARTY);
    let response = api
        .req(reqwest::Method::PATCH, &format!("parties/{ANA_PARTY}"))
        .header("If-Match", &tag)
        .json(&json!({"city": "Villeurbanne"}))
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let listed: Value = api.get("parties?limit=50&fields=city").json().unwrap();
    let cities: Vec<&str> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["city"].as_str().unwrap())
        .collect();
    assert!(cities.contains(&"Villeurbanne"), "{listed}");
}

#[test]
fn forged_expired_and_revoked_tokens_and_narrow_scopes_are_refused() {
    let server = seeded();
    let good = token(&server, "ana", &all_scopes());
    let expired = create_api_token(
        &server.db(),
        "old",
        "ana",
        &all_scopes(),
        Some(Utc::now() + chrono::Duration::days(1)),
        "boss",
        Utc::now(),
    )
    .unwrap();
    server
        .db()
        .execute(
            "UPDATE api_token SET expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ?1",
            [expired.id],
        )
        .unwrap();
    let revoked = create_api_token(
        &server.db(),
        "gone",
        "ana",
        &all_scopes(),
        None,
        "boss",
        Utc::now(),
    )
    .unwrap();
    assert!(tournee_store::revoke_api_token(&server.db(), revoked.id, Utc::now()).unwrap());
    let mut parties_only = TokenScopes::new();
    parties_only.insert(Entity::Party, TokenAccess::Read);
    let narrow = token(&server, "ana", &parties_only);
    let (_running, base) = start_run(&server);

    assert_eq!(
        Api::new(&base, &good).get("parties").status(),
        StatusCode::OK
    );
    let anonymous = client()
        .get(format!("{base}/api/v1/parties"))
        .send()
        .unwrap();
    assert!(anonymous.headers().get("www-authenticate").is_some());
    assert_eq!(
        problem(anonymous, StatusCode::UNAUTHORIZED)["code"],
        "unauthorized"
    );
    // A forged token: the right shape, or one character off a real one.
    let mut off_by_one = good.clone();
    off_by_one.pop();
    off_by_one.push(if good.ends_with('A') { 'B' } else { 'A' });
    for forged in ["tn_forged", off_by_one.as_str(), "Basic YWxhZGRpbjpvcGVu"] {
        let refused = problem(
            Api::new(&base, forged).get("parties"),
            StatusCode::UNAUTHORIZED,
        );
        assert_eq!(refused["code"], "unauthorized");
    }
    let refused = problem(
        Api::new(&base, &expired.secret).get("parties"),
        StatusCode::UNAUTHORIZED,
    );
    assert_eq!(refused["code"], "token_expired");
    let refused = problem(
        Api::new(&base, &revoked.secret).get("parties"),
        StatusCode::UNAUTHORIZED,
    );
    assert_eq!(refused["code"], "token_revoked");

    // The token's scopes narrow its owner's rights: no scope on people, read only on parties.
    let narrow = Api::new(&base, &narrow);
    assert_eq!(narrow.ids("parties"), set(&[ANA_PARTY]));
    assert_eq!(
        problem(narrow.get("people"), StatusCode::FORBIDDEN)["code"],
        "insufficient_scope"
    );
    let refused = problem(
        narrow.post("parties", &json!({"kind": "company", "name": "Nouveau"})),
        StatusCode::FORBIDDEN,
    );
    assert_eq!(refused["code"], "insufficient_scope");
    assert_eq!(server.count("SELECT count(*) FROM party"), 2);

    // The document and its page need no token.
    let document: Value = client()
        .get(format!("{base}/api/v1/openapi.json"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["paths"]["/api/v1/parties/{id}"]["patch"].is_object());
    let page = client()
        .get(format!("{base}/api/v1/reference"))
        .send()
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().unwrap().contains("GET /api/v1/parties"));
    let unknown = problem(
        Api::new(&base, &good).get("nothing/here/at/all"),
        StatusCode::NOT_FOUND,
    );
    assert_eq!(unknown["code"], "no_route");
}

#[test]
fn writes_are_integrated_and_answered_with_if_match_and_idempotency_keys() {
    let server = seeded();
    // Ana has a laptop enrolled for HTTPS: the API's changes are signed with the server's
    // key for her, else the integration refuses them (`unsigned`).
    enroll_laptop(&server, "ana");
    let ana_token = token(&server, "ana", &all_scopes());
    let (_running, base) = start_run(&server);
    let ana = Api::new(&base, &ana_token);

    // A creation: integrated by the automaton, answered with the record and its ETag.
    let created = ana.post(
        "parties",
        &json!({"kind": "company", "name": "Boulangerie Nouvelle", "city": "Lyon"}),
    );
    assert_eq!(created.status(), StatusCode::CREATED);
    let etag = created.headers()["etag"].to_str().unwrap().to_string();
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let body: Value = created.json().unwrap();
    let id = body["id"].as_str().unwrap().to_string();
    assert_eq!(location, format!("/api/v1/parties/{id}"));
    assert_eq!(body["owner"], "ana");
    assert_eq!(
        server.count(&format!(
            "SELECT count(*) FROM party WHERE id = '{id}' AND created_by = 'ana'"
        )),
        1
    );

    // Update: If-Match required (428), a stale one refused (412), the right one passes.
    let path = format!("parties/{id}");
    let patch = |if_match: Option<&str>, body: Value| {
        let mut request = ana.req(reqwest::Method::PATCH, &path).json(&body);
        if let Some(tag) = if_match {
            request = request.header("if-match", tag);
        }
        request.send().unwrap()
    };
    let refused = problem(
        patch(None, json!({"city": "Villeurbanne"})),
        StatusCode::PRECONDITION_REQUIRED,
    );
    assert_eq!(refused["field"], "If-Match");
    let refused = problem(
        patch(Some("\"0000\""), json!({"city": "Villeurbanne"})),
        StatusCode::PRECONDITION_FAILED,
    );
    assert_eq!(refused["code"], "stale");
    let updated = patch(Some(&etag), json!({"city": "Villeurbanne"}));
    assert_eq!(updated.status(), StatusCode::OK);
    let new_etag = updated.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(new_etag, etag);
    assert_eq!(updated.json::<Value>().unwrap()["city"], "Villeurbanne");
    // The first ETag is stale now.
    assert_eq!(
        patch(Some(&etag), json!({"city": "Lyon"})).status(),
        StatusCode::PRECONDITION_FAILED
    );
    assert_eq!(
        server.count(&format!(
            "SELECT count(*) FROM party WHERE id = '{id}' AND city = 'Villeurbanne'"
        )),
        1
    );

    // Four callers holding the same ETag at once: exactly one write passes, the others
    // see its result and are refused (no lost update), and the master has the winner's.
    let cities = ["Bron", "Vénissieux", "Écully", "Caluire"];
    let answers: Vec<(u16, Option<String>)> = std::thread::scope(|scope| {
        let racing: Vec<_> = cities
            .iter()
            .map(|city| {
                let patch = &patch;
                let tag = new_etag.as_str();
                scope.spawn(move || {
                    let answer = patch(Some(tag), json!({ "city": city }));
                    let etag = answer
                        .headers()
                        .get("etag")
                        .map(|t| t.to_str().unwrap().to_string());
                    (answer.status().as_u16(), etag)
                })
            })
            .collect();
        racing.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 412).count(),
        3,
        "{statuses:?}"
    );
    let winner = answers
        .iter()
        .position(|(status, _)| *status == 200)
        .unwrap();
    assert_eq!(
        server.count(&format!(
            "SELECT count(*) FROM party WHERE id = '{id}' AND city = '{}'",
            cities[winner]
        )),
        1
    );
    let new_etag = answers[winner].1.clone().unwrap();

    // Idempotency-Key: the same key twice creates once and answers the same.
    let keyed = |key: &str, body: &Value| {
        ana.req(reqwest::Method::POST, "people")
            .header("idempotency-key", key)
            .json(body)
            .send()
            .unwrap()
    };
    let person = json!({"party_id": id, "last_name": "Durand"});
    let first = keyed("cle-1", &person);
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().unwrap();
    let second = keyed("cle-1", &person);
    assert_eq!(second.status(), StatusCode::CREATED);
    assert_eq!(second.json::<Value>().unwrap()["id"], first["id"]);
    assert_eq!(
        server.count("SELECT count(*) FROM person WHERE last_name = 'Durand'"),
        1
    );
    let reused = problem(
        keyed("cle-1", &json!({"party_id": id, "last_name": "Autre"})),
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(reused["code"], "idempotency_key_reused");
    assert_eq!(
        server.count("SELECT count(*) FROM person WHERE last_name = 'Autre'"),
        0
    );

    // Deletion: If-Match too, then the record is gone.
    let delete = |tag: Option<&str>| {
        let mut request = ana.req(reqwest::Method::DELETE, &path);
        if let Some(tag) = tag {
            request = request.header("if-match", tag);
        }
        request.send().unwrap()
    };
    assert_eq!(delete(None).status(), StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(
        delete(Some(&etag)).status(),
        StatusCode::PRECONDITION_FAILED
    );
    assert_eq!(delete(Some(&new_etag)).status(), StatusCode::NO_CONTENT);
    assert_eq!(ana.get(&path).status(), StatusCode::NOT_FOUND);
    assert_eq!(
        server.count(&format!("SELECT count(*) FROM party WHERE id = '{id}'")),
        0
    );
}

/// Every table the API writes, counted: a refused write must leave them as they were.
fn snapshot_counts(server: &TestServer) -> Vec<i64> {
    [
        "party",
        "person",
        "action",
        "action_reply",
        "todo",
        "record_field",
    ]
    .iter()
    .map(|table| server.count(&format!("SELECT count(*) FROM {table}")))
    .collect()
}

#[test]
fn refused_oversize_and_malformed_writes_change_nothing() {
    let server = seeded();
    let ana = token(&server, "ana", &all_scopes());
    let obs = token(&server, "obs", &all_scopes());
    let chef = token(&server, "chef", &all_scopes());
    let (_running, base) = start_run(&server);
    let (ana, obs, chef) = (
        Api::new(&base, &ana),
        Api::new(&base, &obs),
        Api::new(&base, &chef),
    );
    let before = snapshot_counts(&server);
    let party_row = |id: &str| -> String {
        server
            .db()
            .query_row(
                "SELECT name || '|' || coalesce(city, '') FROM party WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
    };
    let bob_before = party_row(BOB_PARTY);

    // The rules, naming the field.
    let missing = problem(
        ana.post("parties", &json!({"kind": "company"})),
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(missing["field"], "name");
    let unknown = problem(
        ana.post(
            "parties",
            &json!({"kind": "company", "name": "X", "colour": "red"}),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(unknown["field"], "colour");
    let wrong_kind = problem(
        ana.post("parties", &json!({"kind": "robot", "name": "X"})),
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(wrong_kind["field"], "kind");
    // A parent the caller may not see: refused on its field, as if it did not exist.
    let foreign = problem(
        ana.post(
            "people",
            &json!({"party_id": BOB_PARTY, "last_name": "Intrus"}),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(foreign["field"], "party_id");
    // Someone else's record: 404 for a rep, whatever the If-Match.
    let hidden = ana
        .req(reqwest::Method::PATCH, &format!("parties/{BOB_PARTY}"))
        .header("if-match", "*")
        .json(&json!({"name": "Volé"}))
        .send()
        .unwrap();
    assert_eq!(problem(hidden, StatusCode::NOT_FOUND)["code"], "not_found");
    let hidden = ana
        .req(reqwest::Method::DELETE, &format!("parties/{BOB_PARTY}"))
        .header("if-match", "*")
        .send()
        .unwrap();
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    // The observer reads everything and writes nothing: the integration refuses it.
    let observer = obs.post("parties", &json!({"kind": "company", "name": "Vue seule"}));
    assert_eq!(
        problem(observer, StatusCode::UNPROCESSABLE_ENTITY)["code"],
        "refused"
    );
    // The manager reads ana's party; the read-only clients and users refuse every write.
    let read_only = chef.post("clients", &json!({"name": "X"}));
    assert_eq!(read_only.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = read_only.headers()["allow"].to_str().unwrap().to_string();
    assert!(allow.contains("GET") && !allow.contains("POST"), "{allow}");

    // Oversize and malformed bodies.
    let huge = "x".repeat(100 * 1024);
    let oversize = ana
        .req(reqwest::Method::POST, "parties")
        .header("content-type", "application/json")
        .body(format!("{{\"kind\": \"company\", \"name\": \"{huge}\"}}"))
        .send()
        .unwrap();
    assert_eq!(
        problem(oversize, StatusCode::PAYLOAD_TOO_LARGE)["code"],
        "too_large"
    );
    for body in ["{not json", "[1, 2]", "\"text\"", ""] {
        let malformed = ana
            .req(reqwest::Method::POST, "parties")
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .unwrap();
        assert_eq!(
            problem(malformed, StatusCode::BAD_REQUEST)["code"],
            "bad_body",
            "{body}"
        );
    }

    assert_eq!(snapshot_counts(&server), before, "nothing changed");
    assert_eq!(party_row(BOB_PARTY), bob_before);
}

#[test]
fn pagination_walks_every_record_exactly_once_whatever_the_sort() {
    let server = TestServer::init(&[]);
    users(&server);
    let names = [
        "Dupont", "Martin", "Bernard", "Dupont", "Petit", "Durand", "Leroy", "Moreau",
    ];
    let mut expected = BTreeSet::new();
    for index in 0..37 {
        let id = format!("01JD00000000000000000{index:05}");
        let mut fields = json!({"kind": "company", "name": names[index % names.len()]});
        if index % 3 == 0 {
            fields["city"] = json!("Nantes");
        }
        publish(
            &server,
            "boss",
            json!({"entity": "party", "op": "create", "id": id, "fields": fields}),
        );
        expected.insert(id);
    }
    server.integrate(None);
    assert_eq!(server.count("SELECT count(*) FROM party"), 37);
    let boss = token(&server, "boss", &all_scopes());
    let (_running, base) = start_run(&server);
    let api = Api::new(&base, &boss);
    for sort in [
        "id",
        "-id",
        "name",
        "-name",
        "city",
        "-city",
        "created_at",
        "-created_at",
    ] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut path = format!("parties?limit=5&sort={sort}&fields=name");
            if let Some(cursor) = &cursor {
                path.push_str(&format!("&cursor={cursor}"));
            }
            let page: Value = api.get(&path).json().unwrap();
            pages += 1;
            assert!(page["data"].as_array().unwrap().len() <= 5);
            seen.extend(
                page["data"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["id"].as_str().unwrap().to_string()),
            );
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => break,
            }
            assert!(pages < 20, "{sort}: the walk does not end");
        }
        assert_eq!(seen.len(), 37, "{sort}: every record once");
        assert_eq!(
            seen.iter().cloned().collect::<BTreeSet<_>>(),
            expected,
            "{sort}"
        );
    }
    // A cursor of one sort is refused by another.
    let page: Value = api.get("parties?limit=5&sort=name").json().unwrap();
    let cursor = page["next_cursor"].as_str().unwrap();
    let refused = problem(
        api.get(&format!("parties?limit=5&sort=city&cursor={cursor}")),
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(refused["field"], "cursor");
}

const ADMIN_PASSWORD: &str = "mot de passe admin initial";

fn csrf_of(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no CSRF token in:\n{page}"))
        .to_string()
}

#[test]
fn the_admin_makes_a_token_shown_once_and_revokes_it_in_the_back_office() {
    let server = TestServer::init(&["--admin-password", ADMIN_PASSWORD]);
    users(&server);
    publish(
        &server,
        "ana",
        json!({"entity": "party", "op": "create", "id": ANA_PARTY,
        "fields": {"kind": "company", "name": "Garage Ana"}}),
    );
    server.integrate(None);
    let (_running, base) = start_run(&server);
    let browser = common::http_client_builder()
        .cookie_store(true)
        .build()
        .unwrap();
    // Signing in, then the forced change of the first password.
    let page = browser
        .get(format!("{base}/office/login"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let forced = browser
        .post(format!("{base}/office/login"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("login", "admin"),
            ("password", ADMIN_PASSWORD),
        ])
        .send()
        .unwrap();
    let page = forced.text().unwrap();
    let new = format!("{ADMIN_PASSWORD} changé");
    browser
        .post(format!("{base}/office/password"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("old", ADMIN_PASSWORD),
            ("new", new.as_str()),
        ])
        .send()
        .unwrap();
    let page = browser
        .get(format!("{base}/office/login"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let home = browser
        .post(format!("{base}/office/login"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("login", "admin"),
            ("password", new.as_str()),
        ])
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        home.contains("/office/admin/api-tokens"),
        "the admin's header links the page"
    );

    let page = browser
        .get(format!("{base}/office/admin/api-tokens"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let csrf = csrf_of(&page);
    // No scope ticked: refused on its field, nothing made.
    let refused = browser
        .post(format!("{base}/office/admin/api-tokens"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "BI"),
            ("owner", "ana"),
            ("expires", ""),
        ])
        .send()
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused
        .text()
        .unwrap()
        .contains("Cochez au moins une portée."));
    assert_eq!(server.count("SELECT count(*) FROM api_token"), 0);
    let made = browser
        .post(format!("{base}/office/admin/api-tokens"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "BI"),
            ("owner", "ana"),
            ("expires", ""),
            ("scope_party", "read"),
        ])
        .send()
        .unwrap()
        .text()
        .unwrap();
    let secret = made
        .split("data-testid=\"api-token\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("no token shown:\n{made}"))
        .to_string();
    // Shown once: the list does not show it again.
    let again = browser
        .get(format!("{base}/office/admin/api-tokens"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(!again.contains(&secret));
    assert!(again.contains("party : lecture"));

    let api = Api::new(&base, &secret);
    assert_eq!(api.ids("parties"), set(&[ANA_PARTY]));
    assert_eq!(api.get("people").status(), StatusCode::FORBIDDEN);
    let id: i64 = server.count("SELECT id FROM api_token");
    let revoked = browser
        .post(format!("{base}/office/admin/api-tokens/{id}/revoke"))
        .form(&[("csrf", csrf_of(&again).as_str())])
        .send()
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(
        problem(api.get("parties"), StatusCode::UNAUTHORIZED)["code"],
        "token_revoked"
    );
}

#[test]
fn a_token_past_its_rate_is_answered_429_with_retry_after() {
    let server = seeded();
    let config = server.data.join("config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[limits]\napi_burst = 5\napi_requests_per_second = 1\n");
    std::fs::write(&config, text).unwrap();
    let ana = token(&server, "ana", &all_scopes());
    let bob = token(&server, "bob", &all_scopes());
    let (_running, base) = start_run(&server);
    let ana = Api::new(&base, &ana);
    for _ in 0..5 {
        assert_eq!(ana.get("parties").status(), StatusCode::OK);
    }
    let limited = ana.get("parties");
    let retry = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse::<u64>()
        .unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    assert_eq!(
        problem(limited, StatusCode::TOO_MANY_REQUESTS)["code"],
        "rate_limited"
    );
    // Another token has its own bucket.
    assert_eq!(
        Api::new(&base, &bob).get("parties").status(),
        StatusCode::OK
    );
    sleep(Duration::from_millis(1100 * retry));
    assert_eq!(ana.get("parties").status(), StatusCode::OK);
}
