//! The CRM's records from the server to the field app (sync-spec §7 « Records »): record
//! changes dropped in the server's inbox are integrated by its pass, the rep's next
//! snapshot is a patch of the previous one carrying them, and the app reads the rep's own
//! records back — not a colleague's — after announcing that the server reads spec 2.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tournee_field::PartyKind;
use tournee_server::regenerate_snapshots;
use tournee_store::{open_master, Parameters, Regeneration};
use tournee_sync::{parse_record, publish_change, read_manifest, ChangeBody, Envelope};
use tournee_system_tests::bench::Bench;

const PARTY: &str = "01JD0000000000000000000P01";
const COLLEAGUE_PARTY: &str = "01JD0000000000000000000P02";
const PERSON: &str = "01JD0000000000000000000E01";
const ACTION: &str = "01JD0000000000000000000A01";
const REPLY: &str = "01JD0000000000000000000R01";
const TODO: &str = "01JD0000000000000000000T01";

/// Drops an `RC` file by `user` in the server's inbox, as the folder sync would.
fn drop_record_change(bench: &Bench, user: &str, serial: u32, payload: Value) {
    let change = parse_record(&payload).unwrap();
    let envelope = Envelope {
        spec: 2,
        change_id: format!("01JD00000000000000000C{serial:04}"),
        user: user.into(),
        device: "PC".into(),
        created_at: DateTime::parse_from_rfc3339(&Utc::now().to_rfc3339()).unwrap(),
        body: ChangeBody::RC(Box::new(change)),
    };
    let inbox = bench.dir.inbox().join(user);
    std::fs::create_dir_all(&inbox).unwrap();
    publish_change(&inbox, &envelope).unwrap();
}

#[test]
fn records_integrated_by_the_server_reach_the_reps_app_through_a_patch() {
    let bench = Bench::new();
    let mut app = bench.app();
    assert!(app.server_accepts_records().unwrap());
    assert!(app.contact(PARTY).unwrap().is_none());
    // The demo already gives the rep open todos; the new one is counted on top of them.
    let demo_todos = app.open_todos().unwrap();
    let first = read_manifest(&bench.snapshot_dir()).unwrap().generation;

    let colleague: String = open_master(&bench.dir.database())
        .unwrap()
        .query_row(
            "SELECT windows_user FROM app_user WHERE is_admin = 0 AND windows_user <> ?1 \
             ORDER BY windows_user LIMIT 1",
            [&bench.user],
            |r| r.get(0),
        )
        .unwrap();
    let rep = bench.user.clone();
    drop_record_change(
        &bench,
        &rep,
        1,
        json!({"entity": "party", "op": "create", "id": PARTY,
               "fields": {"kind": "company", "name": "Garage Dupont", "city": "Lyon"}}),
    );
    drop_record_change(
        &bench,
        &rep,
        2,
        json!({"entity": "person", "op": "create", "id": PERSON,
               "fields": {"party_id": PARTY, "last_name": "Dupont", "first_name": "Paul"}}),
    );
    drop_record_change(
        &bench,
        &rep,
        3,
        json!({"entity": "action", "op": "create", "id": ACTION,
               "fields": {"party_id": PARTY, "action_type": "appel", "date": "2026-11-19",
                          "comment": "Premier appel"}}),
    );
    drop_record_change(
        &bench,
        &rep,
        4,
        json!({"entity": "action_reply", "op": "create", "id": REPLY,
               "fields": {"action_id": ACTION, "author": rep, "date": "2026-11-20",
                          "text": "Rappelé"}}),
    );
    drop_record_change(
        &bench,
        &rep,
        5,
        json!({"entity": "todo", "op": "create", "id": TODO,
               "fields": {"text": "Envoyer le devis", "due": "2026-11-02", "party_id": PARTY}}),
    );
    drop_record_change(
        &bench,
        &colleague,
        6,
        json!({"entity": "party", "op": "create", "id": COLLEAGUE_PARTY,
               "fields": {"kind": "person", "name": "Martin"}}),
    );
    let pass = bench.integrate();
    assert_eq!(pass.integrated, 6, "{pass:?}");

    // `tournee-server snapshot --user <rep>`, as `Bench::publish_snapshot` runs it.
    let params = Parameters::load(&open_master(&bench.dir.database()).unwrap()).unwrap();
    let reports = regenerate_snapshots(
        &bench.dir,
        &params,
        Some(vec![rep.clone()]),
        Regeneration::Patch,
        Utc::now(),
    )
    .unwrap();
    assert!(
        reports[0].patched,
        "the records must travel by the patch path"
    );
    assert_ne!(reports[0].generation, first);
    app.refresh_snapshot().unwrap();

    let contact = app.contact(PARTY).unwrap().unwrap();
    assert_eq!(contact.party.kind, PartyKind::Company);
    assert_eq!(contact.party.owner, rep);
    assert_eq!(contact.people.len(), 1);
    assert_eq!(contact.people[0].last_name, "Dupont");
    let timeline = app.timeline(PARTY).unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].comment.as_deref(), Some("Premier appel"));
    assert_eq!(timeline[0].replies[0].text, "Rappelé");
    let todos: Vec<_> = app
        .open_todos()
        .unwrap()
        .into_iter()
        .filter(|t| !demo_todos.iter().any(|d| d.id == t.id))
        .collect();
    assert_eq!(todos.len(), 1);
    assert!(todos[0].overdue);
    assert!(app.contact(COLLEAGUE_PARTY).unwrap().is_none());
}
