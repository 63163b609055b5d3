//! The integration's action-type check and the master's derived `party.status`, on a real
//! SQLite file: an action with a type outside the admin's list is refused (an inactive one
//! is not), and the status column always equals the lifecycle recomputed from scratch,
//! whatever order the change files arrive in.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use common::{deliver_at, deliver_with, master_with, rc, Master};
use serde_json::{json, Value};
use tournee_core::{default_action_types, status, Status};
use tournee_store::{
    last_failure, party_facts, refresh_all_statuses, stored_status, DemoRng, Outcome, Parameters,
};
use tournee_sync::{Detail, Envelope, RejectReason};

const NOW: &str = "2026-11-21T12:00:00Z";
const P1: &str = "01JD0000000000000000000P01";
const P2: &str = "01JD0000000000000000000P02";
const P3: &str = "01JD0000000000000000000P03";
const P4: &str = "01JD0000000000000000000P04";
const PARTIES: [&str; 4] = [P1, P2, P3, P4];

fn master() -> Master {
    master_with(&[("jdupont", "JD01", false), ("slefebvre", "SL04", true)])
}

fn party(id: &str) -> Value {
    json!({"entity": "party", "op": "create", "id": id,
           "fields": {"kind": "company", "name": format!("Garage {id}")}})
}

fn action(id: &str, party: &str, kind: &str, date: &str, outcome: Option<&str>) -> Value {
    let mut fields = json!({"party_id": party, "action_type": kind, "date": date});
    if let Some(outcome) = outcome {
        fields["outcome"] = json!(outcome);
    }
    json!({"entity": "action", "op": "create", "id": id, "fields": fields})
}

fn action_id(n: u32) -> String {
    format!("01JD00000000000000000A{n:04}")
}

fn refusal(outcome: &Outcome) -> (RejectReason, Detail) {
    match outcome {
        Outcome::Failed(rejection) => (rejection.reason, rejection.detail.clone()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn an_action_with_a_type_outside_the_list_is_refused_and_an_inactive_one_accepted() {
    let mut m = master();
    let created = rc(&mut m, "jdupont", "2026-11-20T09:00:00+01:00", party(P1));
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);

    let fax = rc(
        &mut m,
        "jdupont",
        "2026-11-20T09:01:00+01:00",
        action(&action_id(1), P1, "fax", "2026-11-20", None),
    );
    assert_eq!(
        refusal(&deliver_at(&mut m, &fax, NOW)),
        (
            RejectReason::UnknownActionType,
            Detail::UnknownActionType {
                id: action_id(1),
                action_type: "fax".into()
            }
        )
    );
    let recorded = last_failure(&m.conn, &fax.file_name().to_string())
        .unwrap()
        .unwrap();
    assert_eq!(recorded.reason, "unknown_action_type");
    let count: i64 = m
        .conn
        .query_row("SELECT count(*) FROM action", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0, "nothing written");

    // « Courrier » deactivated by the admin after the rep chose it offline: accepted.
    let mut params = Parameters::default();
    params
        .action_types
        .iter_mut()
        .filter(|t| t.code == "courrier")
        .for_each(|t| t.active = false);
    let letter = rc(
        &mut m,
        "jdupont",
        "2026-11-20T09:02:00+01:00",
        action(&action_id(2), P1, "courrier", "2026-11-20", None),
    );
    assert_eq!(
        deliver_with(&mut m, &letter, NOW, params.clone()),
        Outcome::Integrated
    );

    // An update to an unknown type is refused too; the action keeps its type.
    let to_unknown = rc(
        &mut m,
        "jdupont",
        "2026-11-20T09:03:00+01:00",
        json!({"entity": "action", "op": "update", "id": action_id(2),
               "fields": {"action_type": "pigeon"}}),
    );
    assert_eq!(
        refusal(&deliver_with(&mut m, &to_unknown, NOW, params)).0,
        RejectReason::UnknownActionType
    );
    let kind: String = m
        .conn
        .query_row("SELECT action_type FROM action", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kind, "courrier");
    // An update that leaves the type alone is not checked against the list.
    let comment = rc(
        &mut m,
        "jdupont",
        "2026-11-20T09:04:00+01:00",
        json!({"entity": "action", "op": "update", "id": action_id(2),
               "fields": {"comment": "Envoyé en recommandé."}}),
    );
    assert_eq!(deliver_at(&mut m, &comment, NOW), Outcome::Integrated);
}

/// The files of a little history on four parties: creations, actions of several types and
/// outcomes, an outcome corrected, an action moved to another party, one deleted.
fn history(m: &mut Master) -> Vec<Envelope> {
    let mut files = Vec::new();
    let mut minute = 0;
    let mut add = |m: &mut Master, payload: Value| {
        minute += 1;
        let at = format!(
            "2026-11-20T{:02}:{:02}:00+01:00",
            8 + minute / 60,
            minute % 60
        );
        files.push(rc(m, "jdupont", &at, payload));
    };
    for p in PARTIES {
        add(m, party(p));
    }
    // P1: no answer, then a positive call → prospect.
    add(
        m,
        action(&action_id(1), P1, "appel", "2026-11-02", Some("no_answer")),
    );
    add(
        m,
        action(&action_id(2), P1, "appel", "2026-11-05", Some("positive")),
    );
    // P2: wrong details → dead lead; a note (no contact) changes nothing.
    add(
        m,
        action(
            &action_id(3),
            P2,
            "appel",
            "2026-11-03",
            Some("wrong_contact_details"),
        ),
    );
    add(m, action(&action_id(4), P2, "note", "2026-11-04", None));
    // P3: a meeting (contact), then a formal refusal → dead prospect; the refusal's
    // outcome is then corrected to neutral → prospect.
    add(
        m,
        action(&action_id(5), P3, "rdv", "2026-11-01", Some("neutral")),
    );
    add(
        m,
        action(
            &action_id(6),
            P3,
            "appel",
            "2026-11-06",
            Some("formal_refusal"),
        ),
    );
    add(
        m,
        json!({"entity": "action", "op": "update", "id": action_id(6),
               "fields": {"outcome": "neutral"}}),
    );
    // P4: an e-mail (contact) logged on it by mistake moves to P2; a call on P4 is deleted.
    add(m, action(&action_id(7), P4, "email", "2026-11-07", None));
    add(
        m,
        json!({"entity": "action", "op": "update", "id": action_id(7),
               "fields": {"party_id": P2}}),
    );
    add(
        m,
        action(&action_id(8), P4, "visite", "2026-11-08", Some("positive")),
    );
    add(
        m,
        json!({"entity": "action", "op": "delete", "id": action_id(8)}),
    );
    files
}

/// Delivers `files` in this order, then the parked ones again until none is left.
fn deliver_all(m: &mut Master, files: &[Envelope]) {
    let mut waiting: Vec<Envelope> = files.to_vec();
    for _ in 0..files.len() + 1 {
        let mut still = Vec::new();
        for file in &waiting {
            match deliver_at(m, file, NOW) {
                Outcome::Parked { .. } => still.push(file.clone()),
                Outcome::Integrated | Outcome::Duplicate => {}
                // A change arriving after the deletion of its record: the deletion wins.
                Outcome::Failed(rejection) => {
                    assert_eq!(rejection.reason, RejectReason::RecordDeleted, "{rejection}")
                }
            }
        }
        waiting = still;
        if waiting.is_empty() {
            return;
        }
    }
    panic!("{} files still parked", waiting.len());
}

/// Every party's stored status, checked against the lifecycle recomputed from scratch.
fn statuses(m: &Master) -> Vec<Status> {
    let types = default_action_types();
    PARTIES
        .iter()
        .map(|p| {
            let stored = stored_status(&m.conn, p).unwrap().unwrap();
            let recomputed = status(&party_facts(&m.conn, p, &types).unwrap());
            assert_eq!(stored, recomputed, "party {p}");
            stored
        })
        .collect()
}

#[test]
fn the_status_column_is_the_lifecycle_of_the_facts_whatever_the_arrival_order() {
    let mut m = master();
    let files = history(&mut m);
    deliver_all(&mut m, &files);
    let expected = vec![
        Status::Prospect,
        Status::Prospect,
        Status::Prospect,
        Status::Lead,
    ];
    assert_eq!(statuses(&m), expected, "in the order written");

    for seed in 1..=12u64 {
        let mut m = master();
        let mut files = history(&mut m);
        let mut rng = DemoRng::new(seed);
        for i in (1..files.len()).rev() {
            files.swap(i, rng.below(i + 1));
        }
        deliver_all(&mut m, &files);
        assert_eq!(statuses(&m), expected, "seed {seed}");
    }
}

#[test]
fn a_full_recompute_after_the_types_change_follows_counts_as_contact() {
    let mut m = master();
    let files = history(&mut m);
    deliver_all(&mut m, &files);
    // The admin decides an e-mail is no contact: P2's moved e-mail no longer revives it.
    let mut types = default_action_types();
    types
        .iter_mut()
        .filter(|t| t.code == "email")
        .for_each(|t| t.counts_as_contact = false);
    assert_eq!(refresh_all_statuses(&m.conn, &types).unwrap(), 1);
    assert_eq!(stored_status(&m.conn, P2).unwrap(), Some(Status::DeadLead));
    assert_eq!(
        refresh_all_statuses(&m.conn, &types).unwrap(),
        0,
        "idempotent"
    );
}

#[test]
fn the_status_column_refuses_a_code_outside_the_five() {
    let mut m = master();
    let created = rc(&mut m, "jdupont", "2026-11-20T09:00:00+01:00", party(P1));
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);
    assert_eq!(stored_status(&m.conn, P1).unwrap(), Some(Status::Lead));
    let refused = m
        .conn
        .execute("UPDATE party SET status = 'vip' WHERE id = ?1", [P1]);
    assert!(refused.is_err(), "CHECK constraint");
}
