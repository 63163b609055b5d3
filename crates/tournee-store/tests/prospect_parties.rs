//! A prospect's party through the real integrator, on a real SQLite file: created with the
//! prospect's CP, a visit (VP) counting as a contact beside the actions logged on the party
//! (RC), and the stored status always equal to the lifecycle recomputed from scratch,
//! whatever order the files arrive in. A party cannot be created by a record change in the
//! id range of the parties derived from clients and prospects.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate};
use common::{deliver_at, master_with, rc, Master};
use serde_json::json;
use tournee_core::{default_action_types, status, Status};
use tournee_store::{derived_party_id, party_facts, stored_status, DemoRng, Link, Outcome};
use tournee_sync::{
    Answer, ChangeBody, Envelope, ProspectCreation, ProspectVisit, RejectReason, VisitReport,
};

const NOW: &str = "2026-11-21T12:00:00Z";
const X: &str = "01JD000000000000000000PX01";
const Y: &str = "01JD000000000000000000PY01";

/// A v1 change of `jdupont`; its change id is its own (no clash with `rc`'s).
fn v1(n: u32, created_at: &str, body: ChangeBody) -> Envelope {
    Envelope {
        spec: 1,
        change_id: format!("01JD00000000000000000V{n:04}"),
        user: "jdupont".into(),
        device: "PC".into(),
        created_at: DateTime::parse_from_rfc3339(created_at).unwrap(),
        body,
    }
}

fn cp(n: u32, id: &str, name: &str) -> Envelope {
    v1(
        n,
        "2026-11-17T08:00:00+01:00",
        ChangeBody::CP(ProspectCreation {
            prospect_id: id.into(),
            fields: BTreeMap::from([("nom_client".to_string(), Some(name.to_string()))]),
            contacts: Vec::new(),
        }),
    )
}

fn vp(n: u32, id: &str, day: u32) -> Envelope {
    v1(
        n,
        &format!("2026-11-{day}T18:00:00+01:00"),
        ChangeBody::VP(ProspectVisit {
            prospect_id: id.into(),
            visit: VisitReport {
                visit_date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
                visit_time: "10:00".into(),
                comment: String::new(),
                answers: BTreeMap::from([(
                    "type_contact".to_string(),
                    Answer::One("visite".into()),
                )]),
            },
        }),
    )
}

/// X: visited (prospect), refused formally on a call (dead prospect), visited again
/// (prospect). Y: a call with wrong details (dead lead).
fn history(m: &mut Master) -> Vec<Envelope> {
    let px = derived_party_id(Link::Prospect(X));
    let py = derived_party_id(Link::Prospect(Y));
    let action = |id: &str, party: &str, date: &str, outcome: &str| {
        json!({"entity": "action", "op": "create", "id": id,
               "fields": {"party_id": party, "action_type": "appel", "date": date,
                          "outcome": outcome}})
    };
    vec![
        cp(1, X, "Garage Morel"),
        cp(2, Y, "Pneus Lambert"),
        vp(3, X, 18),
        rc(
            m,
            "jdupont",
            "2026-11-19T09:00:00+01:00",
            action(
                "01JD00000000000000000A0001",
                &px,
                "2026-11-19",
                "formal_refusal",
            ),
        ),
        vp(4, X, 20),
        rc(
            m,
            "jdupont",
            "2026-11-19T09:05:00+01:00",
            action(
                "01JD00000000000000000A0002",
                &py,
                "2026-11-19",
                "wrong_contact_details",
            ),
        ),
    ]
}

fn deliver_all(m: &mut Master, files: &[Envelope]) {
    let mut waiting = files.to_vec();
    for _ in 0..=files.len() {
        let mut still = Vec::new();
        for file in &waiting {
            match deliver_at(m, file, NOW) {
                Outcome::Parked { .. } => still.push(file.clone()),
                Outcome::Integrated | Outcome::Duplicate => {}
                Outcome::Failed(rejection) => panic!("{rejection}"),
            }
        }
        waiting = still;
        if waiting.is_empty() {
            return;
        }
    }
    panic!("{} files still parked", waiting.len());
}

fn statuses(m: &Master) -> Vec<Status> {
    let types = default_action_types();
    [X, Y]
        .iter()
        .map(|p| {
            let id = derived_party_id(Link::Prospect(p));
            let stored = stored_status(&m.conn, &id).unwrap().unwrap();
            let recomputed = status(&party_facts(&m.conn, &id, &types).unwrap());
            assert_eq!(stored, recomputed, "party of {p}");
            stored
        })
        .collect()
}

fn master() -> Master {
    master_with(&[("jdupont", "JD01", false)])
}

#[test]
fn a_prospects_status_counts_its_visits_whatever_the_arrival_order() {
    let mut m = master();
    let files = history(&mut m);
    deliver_all(&mut m, &files);
    let expected = vec![Status::Prospect, Status::DeadLead];
    assert_eq!(statuses(&m), expected, "in the order written");
    let owner: String = m
        .conn
        .query_row("SELECT owner FROM party WHERE prospect_id = ?1", [X], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(owner, "jdupont");

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
fn a_record_change_cannot_create_a_party_in_the_derived_range() {
    let mut m = master();
    // Taking the id the client C000101's party will have, before the ERP brings it.
    let squat = rc(
        &mut m,
        "jdupont",
        "2026-11-20T09:00:00+01:00",
        json!({"entity": "party", "op": "create", "id": derived_party_id(Link::Client("C000101")),
               "fields": {"kind": "company", "name": "Squat"}}),
    );
    match deliver_at(&mut m, &squat, NOW) {
        Outcome::Failed(rejection) => assert_eq!(rejection.reason, RejectReason::LinkedParty),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_linked_partys_copied_fields_and_deletion_are_refused_its_notes_written() {
    let mut m = master();
    let created = cp(1, X, "Garage Morel");
    assert_eq!(deliver_at(&mut m, &created, NOW), Outcome::Integrated);
    let party = derived_party_id(Link::Prospect(X));
    let refused = |m: &mut Master, payload: serde_json::Value| {
        let file = rc(m, "jdupont", "2026-11-20T09:00:00+01:00", payload);
        match deliver_at(m, &file, NOW) {
            Outcome::Failed(rejection) => (rejection.reason, rejection.detail),
            other => panic!("expected a refusal, got {other:?}"),
        }
    };
    assert_eq!(
        refused(
            &mut m,
            json!({"entity": "party", "op": "update", "id": party,
                   "fields": {"notes": "Rappeler", "phone": "04 78 00 00 00"}})
        ),
        (
            RejectReason::LinkedParty,
            tournee_sync::Detail::LinkedPartyField {
                id: party.clone(),
                field: "phone".into()
            }
        )
    );
    assert_eq!(
        refused(
            &mut m,
            json!({"entity": "party", "op": "delete", "id": party})
        ),
        (
            RejectReason::LinkedParty,
            tournee_sync::Detail::LinkedPartyDelete { id: party.clone() }
        )
    );
    let notes = rc(
        &mut m,
        "jdupont",
        "2026-11-20T09:10:00+01:00",
        json!({"entity": "party", "op": "update", "id": party, "fields": {"notes": "Rappeler"}}),
    );
    assert_eq!(deliver_at(&mut m, &notes, NOW), Outcome::Integrated);
    let (name, notes): (String, String) = m
        .conn
        .query_row(
            "SELECT name, notes FROM party WHERE id = ?1",
            [&party],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), notes.as_str()),
        ("Garage Morel", "Rappeler")
    );
}
