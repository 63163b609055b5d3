//! Segments (issue 15) on a real SQLite master through the real integrator: a segment is
//! created, its list and criteria changed field by field, each file integrated exactly once
//! (a replay is answered as a duplicate and changes nothing), a rep writing a colleague's
//! segment is refused by the policy, a manager hands one within the team.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use common::{deliver_at, master_with, Master};
use serde_json::{json, Value};
use tournee_core::Role;
use tournee_store::{add_member, create_team, set_user_role, Outcome};
use tournee_sync::{Detail, Envelope, RejectReason};

const SEGMENT: &str = "01JD0000000000000000000S01";
const PARTY: &str = "01JD0000000000000000000P01";
const NOW: &str = "2026-11-21T12:00:00Z";

/// Reps jdupont (team nord) and mmartin (team sud), manager pmanager leading nord.
fn master() -> Master {
    let m = master_with(&[
        ("jdupont", "JD01", false),
        ("mmartin", "MM02", false),
        ("pmanager", "PM03", false),
    ]);
    set_user_role(&m.conn, "pmanager", Role::Manager).unwrap();
    let nord = create_team(&m.conn, "Nord").unwrap();
    let sud = create_team(&m.conn, "Sud").unwrap();
    add_member(&m.conn, nord, "jdupont", false).unwrap();
    add_member(&m.conn, nord, "pmanager", true).unwrap();
    add_member(&m.conn, sud, "mmartin", false).unwrap();
    m
}

fn rc(m: &mut Master, user: &str, at: &str, payload: Value) -> Envelope {
    common::rc(m, user, at, payload)
}

fn deliver(m: &mut Master, envelope: &Envelope) -> Outcome {
    deliver_at(m, envelope, NOW)
}

fn create(m: &mut Master) -> Envelope {
    rc(
        m,
        "jdupont",
        "2026-11-20T09:00:00+01:00",
        json!({"entity": "segment", "op": "create", "id": SEGMENT, "fields": {
            "name": "Prospects du Rhône", "kind": "criteria",
            "criteria": {"statuses": ["prospect"], "postal_prefix": "69"}}}),
    )
}

/// The segment's row and its history's length: what « nothing else changed » compares.
fn state(m: &Master) -> (String, i64) {
    let row: String = m
        .conn
        .query_row(
            "SELECT json_array(name, kind, members, criteria, owner, created_by) \
             FROM segment WHERE id = ?1",
            [SEGMENT],
            |r| r.get(0),
        )
        .unwrap();
    let history: i64 = m
        .conn
        .query_row("SELECT count(*) FROM record_field_history", [], |r| {
            r.get(0)
        })
        .unwrap();
    (row, history)
}

fn policy_refusal(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed(rejection) => {
            assert_eq!(rejection.reason, RejectReason::NotAllowed, "{rejection:?}");
            match &rejection.detail {
                Detail::RecordNotAllowed {
                    entity, refusal, ..
                } => {
                    assert_eq!(entity, "segment");
                    refusal.clone()
                }
                other => panic!("{other:?}"),
            }
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_segment_is_integrated_once_and_a_replay_changes_nothing() {
    let mut m = master();
    let created = create(&mut m);
    assert_eq!(deliver(&mut m, &created), Outcome::Integrated);
    let (row, _) = state(&m);
    assert_eq!(
        row,
        r#"["Prospects du Rhône","criteria",null,"{\"postal_prefix\":\"69\",\"statuses\":[\"prospect\"]}",null,"jdupont"]"#
    );
    let renamed = rc(
        &mut m,
        "jdupont",
        "2026-11-20T10:00:00+01:00",
        json!({"entity": "segment", "op": "update", "id": SEGMENT,
               "fields": {"name": "Rhône, à relancer", "criteria": {"idle_days": 30}}}),
    );
    assert_eq!(deliver(&mut m, &renamed), Outcome::Integrated);
    let after = state(&m);
    assert!(after.0.contains("Rhône, à relancer") && after.0.contains("idle_days"));
    assert_eq!(deliver(&mut m, &created), Outcome::Duplicate);
    assert_eq!(deliver(&mut m, &renamed), Outcome::Duplicate);
    assert_eq!(state(&m), after, "a replayed file changed nothing");
}

#[test]
fn the_later_list_wins_whole_and_the_earlier_one_is_kept_in_the_history() {
    let mut m = master();
    let list = rc(
        &mut m,
        "jdupont",
        "2026-11-20T09:00:00+01:00",
        json!({"entity": "segment", "op": "create", "id": SEGMENT,
               "fields": {"name": "À rappeler", "kind": "list", "members": []}}),
    );
    assert_eq!(deliver(&mut m, &list), Outcome::Integrated);
    let later = rc(
        &mut m,
        "jdupont",
        "2026-11-20T11:00:00+01:00",
        json!({"entity": "segment", "op": "update", "id": SEGMENT,
               "fields": {"members": [PARTY]}}),
    );
    let earlier = rc(
        &mut m,
        "jdupont",
        "2026-11-20T10:00:00+01:00",
        json!({"entity": "segment", "op": "update", "id": SEGMENT,
               "fields": {"members": ["01JD0000000000000000000P02"]}}),
    );
    assert_eq!(deliver(&mut m, &later), Outcome::Integrated);
    assert_eq!(deliver(&mut m, &earlier), Outcome::Integrated);
    let members: String = m
        .conn
        .query_row(
            "SELECT members FROM segment WHERE id = ?1",
            [SEGMENT],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(members, format!(r#"["{PARTY}"]"#));
    let kept: i64 = m
        .conn
        .query_row(
            "SELECT count(*) FROM record_field_history WHERE entity = 'segment' AND id = ?1 AND field = 'members'",
            [SEGMENT],
            |r| r.get(0),
        )
        .unwrap();
    assert!(kept >= 1, "the list that lost is in the history");
}

#[test]
fn a_rep_may_not_write_a_colleagues_segment_but_his_manager_may() {
    let mut m = master();
    let created = create(&mut m);
    assert_eq!(deliver(&mut m, &created), Outcome::Integrated);
    let before = state(&m);
    let edit = |m: &mut Master, user: &str| {
        rc(
            m,
            user,
            "2026-11-20T11:00:00+01:00",
            json!({"entity": "segment", "op": "update", "id": SEGMENT,
                   "fields": {"name": "Le mien"}}),
        )
    };
    let theirs = edit(&mut m, "mmartin");
    assert_eq!(policy_refusal(&deliver(&mut m, &theirs)), "not_owner");
    let deleted = rc(
        &mut m,
        "mmartin",
        "2026-11-20T11:00:00+01:00",
        json!({"entity": "segment", "op": "delete", "id": SEGMENT}),
    );
    assert_eq!(policy_refusal(&deliver(&mut m, &deleted)), "not_owner");
    assert_eq!(state(&m), before, "the refused changes changed nothing");
    // A rep cannot create a segment in a colleague's name either.
    let for_colleague = rc(
        &mut m,
        "mmartin",
        "2026-11-20T11:00:00+01:00",
        json!({"entity": "segment", "op": "create", "id": "01JD0000000000000000000S02",
               "fields": {"name": "Pour Jean", "kind": "list", "owner": "jdupont"}}),
    );
    assert_eq!(
        policy_refusal(&deliver(&mut m, &for_colleague)),
        "not_owner"
    );
    // The manager of jdupont's team edits it.
    let managed = edit(&mut m, "pmanager");
    assert_eq!(deliver(&mut m, &managed), Outcome::Integrated);
}
