//! The unassigned pool (issue 15) on a real SQLite master through the real integrator: a
//! lead nobody owns is taken by the first take integrated, the second is refused naming the
//! taker, an observer never takes, a take that changes anything else is an ordinary write,
//! a replayed file changes nothing, and a lead goes back to the pool when released.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use common::{deliver_at, master_with, Master};
use serde_json::{json, Value};
use tournee_core::Role;
use tournee_store::{add_member, create_team, set_user_role, Outcome};
use tournee_sync::{Detail, Envelope, RejectReason};

const LEAD: &str = "01JD0000000000000000000P02";
const NOW: &str = "2026-11-21T12:00:00Z";

/// Reps jdupont (team nord) and mmartin (team sud), accueil who types the cards in (no
/// team), manager pmanager leading nord, observer oobs, admin slefebvre.
fn master() -> Master {
    let m = master_with(&[
        ("jdupont", "JD01", false),
        ("mmartin", "MM02", false),
        ("accueil", "AC05", false),
        ("pmanager", "PM03", false),
        ("oobs", "OB06", false),
        ("slefebvre", "SL04", true),
    ]);
    set_user_role(&m.conn, "pmanager", Role::Manager).unwrap();
    set_user_role(&m.conn, "oobs", Role::Observer).unwrap();
    let nord = create_team(&m.conn, "Nord").unwrap();
    let sud = create_team(&m.conn, "Sud").unwrap();
    add_member(&m.conn, nord, "jdupont", false).unwrap();
    add_member(&m.conn, nord, "pmanager", true).unwrap();
    add_member(&m.conn, sud, "mmartin", false).unwrap();
    m
}

/// A record change by `user`, written offline the day before [`NOW`].
fn rc(m: &mut Master, user: &str, payload: Value) -> Envelope {
    common::rc(m, user, "2026-11-20T09:00:00+01:00", payload)
}

fn deliver(m: &mut Master, envelope: &Envelope) -> Outcome {
    deliver_at(m, envelope, NOW)
}

/// accueil types a business card in and leaves the lead in the pool (no owner).
fn pool_lead(m: &mut Master) {
    let create = rc(
        m,
        "accueil",
        json!({"entity": "party", "op": "create", "id": LEAD,
               "fields": {"kind": "company", "name": "Pneus Rivière", "city": "Lyon",
                          "owner": null}}),
    );
    assert_eq!(deliver(m, &create), Outcome::Integrated);
    assert_eq!(owner(m), None, "created unassigned");
    assert_eq!(pooled(m), 1);
}

/// `user`'s take: the party's owner set to themself, nothing else.
fn take(m: &mut Master, user: &str) -> Envelope {
    rc(
        m,
        user,
        json!({"entity": "party", "op": "update", "id": LEAD, "fields": {"owner": user}}),
    )
}

fn release(m: &mut Master, user: &str) -> Envelope {
    rc(
        m,
        user,
        json!({"entity": "party", "op": "update", "id": LEAD, "fields": {"owner": null}}),
    )
}

/// `user` takes the lead and the file is integrated at once.
fn takes(m: &mut Master, user: &str) -> Outcome {
    let envelope = take(m, user);
    deliver(m, &envelope)
}

/// `user` releases the lead and the file is integrated at once.
fn releases(m: &mut Master, user: &str) -> Outcome {
    let envelope = release(m, user);
    deliver(m, &envelope)
}

fn pooled(m: &Master) -> i64 {
    m.conn
        .query_row("SELECT pooled FROM party WHERE id = ?1", [LEAD], |r| {
            r.get(0)
        })
        .unwrap()
}

fn owner(m: &Master) -> Option<String> {
    m.conn
        .query_row("SELECT owner FROM party WHERE id = ?1", [LEAD], |r| {
            r.get(0)
        })
        .unwrap()
}

/// The lead's whole row and its history's length: what « nothing else changed » compares.
fn state(m: &Master) -> (String, i64) {
    let row: String = m
        .conn
        .query_row(
            "SELECT json_array(id, kind, name, city, owner, created_by, status, campaign, pooled) \
             FROM party WHERE id = ?1",
            [LEAD],
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

fn not_allowed(outcome: &Outcome) -> Detail {
    match outcome {
        Outcome::Failed(rejection) => {
            assert_eq!(rejection.reason, RejectReason::NotAllowed, "{rejection:?}");
            rejection.detail.clone()
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn policy_refusal(outcome: &Outcome) -> String {
    match not_allowed(outcome) {
        Detail::RecordNotAllowed { refusal, .. } => refusal,
        other => panic!("{other:?}"),
    }
}

#[test]
fn two_reps_take_the_same_lead_offline_the_first_integrated_wins() {
    let mut m = master();
    pool_lead(&mut m);
    // Both took it offline, in different teams; jdupont's file arrives first.
    let first = take(&mut m, "jdupont");
    let second = take(&mut m, "mmartin");
    assert_eq!(deliver(&mut m, &first), Outcome::Integrated);
    assert_eq!(owner(&m).as_deref(), Some("jdupont"));
    let after_first = state(&m);

    let refused = deliver(&mut m, &second);
    assert_eq!(
        not_allowed(&refused),
        Detail::AlreadyTaken {
            id: LEAD.into(),
            owner: "jdupont".into()
        }
    );
    assert_eq!(state(&m), after_first, "the refused take changed nothing");
    let Outcome::Failed(rejection) = &refused else {
        unreachable!()
    };
    assert_eq!(rejection.detail.code(), "already_taken");

    // Replaying either file changes nothing.
    assert_eq!(deliver(&mut m, &first), Outcome::Duplicate);
    let replayed = deliver(&mut m, &second);
    assert_ne!(replayed, Outcome::Integrated, "{replayed:?}");
    assert_eq!(state(&m), after_first);
}

#[test]
fn an_observer_cannot_take_a_lead_and_it_stays_in_the_pool() {
    let mut m = master();
    pool_lead(&mut m);
    let before = state(&m);
    let outcome = takes(&mut m, "oobs");
    assert_eq!(policy_refusal(&outcome), "no_access");
    assert_eq!(state(&m), before);
    assert_eq!(owner(&m), None);
}

#[test]
fn a_take_that_changes_another_field_is_an_ordinary_write_and_refused() {
    let mut m = master();
    pool_lead(&mut m);
    let before = state(&m);
    let greedy = rc(
        &mut m,
        "mmartin",
        json!({"entity": "party", "op": "update", "id": LEAD,
               "fields": {"owner": "mmartin", "city": "Vienne"}}),
    );
    assert_eq!(policy_refusal(&deliver(&mut m, &greedy)), "not_owner");
    // Taking it for someone else is not a take either.
    let for_another = rc(
        &mut m,
        "mmartin",
        json!({"entity": "party", "op": "update", "id": LEAD, "fields": {"owner": "jdupont"}}),
    );
    assert_eq!(policy_refusal(&deliver(&mut m, &for_another)), "not_owner");
    assert_eq!(state(&m), before);
}

#[test]
fn a_released_lead_goes_back_to_the_pool_and_only_its_owner_or_their_manager_releases_it() {
    let mut m = master();
    pool_lead(&mut m);
    assert_eq!(takes(&mut m, "jdupont"), Outcome::Integrated);
    // Another rep cannot release jdupont's lead.
    let outcome = releases(&mut m, "mmartin");
    assert_eq!(policy_refusal(&outcome), "not_owner");
    assert_eq!(owner(&m).as_deref(), Some("jdupont"));
    // Its owner can; then mmartin takes it.
    assert_eq!(releases(&mut m, "jdupont"), Outcome::Integrated);
    assert_eq!(owner(&m), None);
    assert_eq!(takes(&mut m, "mmartin"), Outcome::Integrated);
    assert_eq!(owner(&m).as_deref(), Some("mmartin"));
    // mmartin is in sud: nord's manager does not release it; after he takes it back…
    let outcome = releases(&mut m, "pmanager");
    assert_eq!(policy_refusal(&outcome), "outside_teams");
    assert_eq!(releases(&mut m, "mmartin"), Outcome::Integrated);
    assert_eq!(takes(&mut m, "jdupont"), Outcome::Integrated);
    // …nord's manager releases his rep's lead.
    assert_eq!(releases(&mut m, "pmanager"), Outcome::Integrated);
    assert_eq!(owner(&m), None);
}

#[test]
fn a_lead_someone_owns_is_not_taken_even_by_a_manager_whose_scope_reaches_it() {
    let mut m = master();
    pool_lead(&mut m);
    assert_eq!(takes(&mut m, "jdupont"), Outcome::Integrated);
    let outcome = takes(&mut m, "pmanager");
    assert_eq!(
        not_allowed(&outcome),
        Detail::AlreadyTaken {
            id: LEAD.into(),
            owner: "jdupont".into()
        }
    );
    // Taking one's own lead again is allowed and changes nothing.
    let before = state(&m);
    let again = takes(&mut m, "jdupont");
    assert_eq!(again, Outcome::Integrated);
    assert_eq!(state(&m).0, before.0);
}

#[test]
fn a_party_past_the_lead_stage_is_not_in_the_pool() {
    let mut m = master();
    pool_lead(&mut m);
    m.conn
        .execute("UPDATE party SET status = 'prospect' WHERE id = ?1", [LEAD])
        .unwrap();
    let outcome = takes(&mut m, "mmartin");
    assert_eq!(policy_refusal(&outcome), "not_owner");
    assert_eq!(owner(&m), None);
}

#[test]
fn a_party_created_without_an_owner_stays_its_creators_and_is_not_in_the_pool() {
    let mut m = master();
    let create = rc(
        &mut m,
        "accueil",
        json!({"entity": "party", "op": "create", "id": LEAD,
               "fields": {"kind": "company", "name": "Pneus Rivière"}}),
    );
    assert_eq!(deliver(&mut m, &create), Outcome::Integrated);
    assert_eq!((owner(&m), pooled(&m)), (None, 0));
    assert_eq!(policy_refusal(&takes(&mut m, "jdupont")), "not_owner");
    // Its creator takes it as any write of their own.
    assert_eq!(takes(&mut m, "accueil"), Outcome::Integrated);
    assert_eq!((owner(&m).as_deref(), pooled(&m)), (Some("accueil"), 0));
    // Released, it is in the pool; taken, it leaves it.
    assert_eq!(releases(&mut m, "accueil"), Outcome::Integrated);
    assert_eq!((owner(&m), pooled(&m)), (None, 1));
    assert_eq!(takes(&mut m, "jdupont"), Outcome::Integrated);
    assert_eq!((owner(&m).as_deref(), pooled(&m)), (Some("jdupont"), 0));
}
