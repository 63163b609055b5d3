//! The policy, the roles and the teams stored in the master (issue 13, step 2), on a real
//! SQLite file: what the admin saves changes what the real integration accepts.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

mod common;

use chrono::{DateTime, Utc};
use common::{deliver_at, master_with, Master};
use serde_json::{json, Value};
use tournee_core::{Access, Entity, PolicyDocument, PolicyError, Role, Scope};
use tournee_store::{
    add_member, all_teams, create_team, delete_team, find_user, parse_role, policy_in_force,
    principal_of, remove_member, rename_team, restore_default_policy, save_policy, set_leader,
    set_user_role, stored_policy, team_id, upsert_user, user_role, Outcome, RightsError,
};
use tournee_sync::{Detail, Envelope, RejectReason};

const PARTY: &str = "01JD0000000000000000000P01";
const NOW: &str = "2026-11-21T12:00:00Z";

/// Reps jdupont and mmartin, manager pmanager, admin slefebvre.
fn master() -> Master {
    let m = master_with(&[
        ("jdupont", "JD01", false),
        ("mmartin", "MM02", false),
        ("pmanager", "PM03", false),
        ("slefebvre", "SL04", true),
    ]);
    set_user_role(&m.conn, "pmanager", Role::Manager).unwrap();
    m
}

/// A record change by `user`, written the day before [`NOW`].
fn rc(m: &mut Master, user: &str, payload: Value) -> Envelope {
    common::rc(m, user, "2026-11-20T09:00:00+01:00", payload)
}

fn deliver(m: &mut Master, envelope: &Envelope) -> Outcome {
    deliver_at(m, envelope, NOW)
}

/// jdupont's party, created by him.
fn jdupont_party(m: &mut Master) {
    let create = rc(
        m,
        "jdupont",
        json!({"entity": "party", "op": "create", "id": PARTY,
               "fields": {"kind": "company", "name": "Garage Martin", "owner": "jdupont"}}),
    );
    assert_eq!(deliver(m, &create), Outcome::Integrated);
}

/// `user` moves jdupont's party to `city`.
fn move_party(m: &mut Master, user: &str, city: &str) -> Outcome {
    let update = rc(
        m,
        user,
        json!({"entity": "party", "op": "update", "id": PARTY, "fields": {"city": city}}),
    );
    deliver(m, &update)
}

fn refusal_code(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed(rejection) => {
            assert_eq!(rejection.reason, RejectReason::NotAllowed, "{rejection:?}");
            match &rejection.detail {
                Detail::RecordNotAllowed { refusal, .. } => refusal.clone(),
                other => panic!("{other:?}"),
            }
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn city(m: &Master) -> Option<String> {
    m.conn
        .query_row("SELECT city FROM party", [], |r| r.get(0))
        .unwrap()
}

/// A document giving `role` `read`/`write` on parties, the rest as by default.
fn party_grant(role: &str, read: &str, write: &str) -> PolicyDocument {
    serde_json::from_value(json!({"version": 1, "grants": {role: {"party":
        {"read": read, "write": write}}}}))
    .unwrap()
}

fn at(time: &str) -> DateTime<Utc> {
    time.parse().unwrap()
}

#[test]
fn a_rep_refused_another_reps_party_is_allowed_once_the_admin_grants_all() {
    let mut m = master();
    jdupont_party(&mut m);
    assert!(
        stored_policy(&m.conn).unwrap().is_none(),
        "default at first"
    );
    assert_eq!(
        refusal_code(&move_party(&mut m, "mmartin", "Vienne")),
        "not_owner"
    );
    assert_eq!(city(&m), None);

    let saved = save_policy(
        &m.conn,
        &party_grant("rep", "all", "all"),
        "admin",
        at("2026-11-21T10:00:00Z"),
    )
    .unwrap();
    let stored = stored_policy(&m.conn).unwrap().unwrap();
    assert_eq!(stored.policy, saved);
    assert_eq!(stored.changed_by, "admin");
    assert_eq!(stored.changed_at, at("2026-11-21T10:00:00Z"));
    assert_eq!(policy_in_force(&m.conn).unwrap(), saved);
    // Stored complete: every role and entity is written out.
    let document: String = m
        .conn
        .query_row("SELECT document FROM policy", [], |r| r.get(0))
        .unwrap();
    let document: PolicyDocument = serde_json::from_str(&document).unwrap();
    assert_eq!(document.grants.len(), Role::ALL.len());
    assert_eq!(document.grants["accountant"].len(), Entity::ALL.len());

    assert_eq!(move_party(&mut m, "mmartin", "Vienne"), Outcome::Integrated);
    assert_eq!(city(&m).as_deref(), Some("Vienne"));

    // Back to the default: refused again.
    restore_default_policy(&m.conn, "admin", at("2026-11-21T11:00:00Z")).unwrap();
    assert_eq!(
        policy_in_force(&m.conn).unwrap(),
        tournee_core::Policy::default()
    );
    assert_eq!(
        refusal_code(&move_party(&mut m, "mmartin", "Lyon")),
        "not_owner"
    );
    assert_eq!(city(&m).as_deref(), Some("Vienne"));
}

#[test]
fn a_policy_with_problems_is_refused_naming_each_cell_and_the_stored_one_stays() {
    let m = master();
    save_policy(
        &m.conn,
        &party_grant("rep", "all", "all"),
        "admin",
        at("2026-11-21T10:00:00Z"),
    )
    .unwrap();
    let before = policy_in_force(&m.conn).unwrap();
    let bad: PolicyDocument = serde_json::from_value(json!({"version": 1, "grants": {
        "rep": {"party": {"read": "own", "write": "all"}, "todo": {"read": "partout"}},
        "observer": {"visit": {"write": "own"}},
    }}))
    .unwrap();
    let Err(RightsError::InvalidPolicy { problems }) =
        save_policy(&m.conn, &bad, "admin", at("2026-11-21T11:00:00Z"))
    else {
        panic!("an invalid policy was saved");
    };
    assert_eq!(
        problems,
        [
            PolicyError::ObserverWrites {
                entity: Entity::Visit,
                scope: Scope::Own
            },
            PolicyError::WriteBroaderThanRead {
                role: Role::Rep,
                entity: Entity::Party,
                read: Scope::Own,
                write: Scope::All
            },
            PolicyError::UnknownScope {
                role: Role::Rep,
                entity: Entity::Todo,
                access: Access::Read,
                code: "partout".into()
            },
        ]
    );
    assert_eq!(policy_in_force(&m.conn).unwrap(), before);
    assert_eq!(
        stored_policy(&m.conn).unwrap().unwrap().changed_at,
        at("2026-11-21T10:00:00Z")
    );
}

#[test]
fn a_leader_given_team_writes_a_members_party_and_nobody_elses() {
    let mut m = master();
    jdupont_party(&mut m);
    // By default a manager reads and writes their team's parties; in no team, nothing.
    assert_eq!(
        refusal_code(&move_party(&mut m, "pmanager", "Vienne")),
        "outside_teams"
    );

    let nord = create_team(&m.conn, "Nord").unwrap();
    add_member(&m.conn, nord, "jdupont", false).unwrap();
    add_member(&m.conn, nord, "pmanager", false).unwrap();
    set_leader(&m.conn, nord, "pmanager", true).unwrap();
    let manager = find_user(&m.conn, "pmanager").unwrap().unwrap();
    let principal = principal_of(&m.conn, &manager).unwrap();
    assert_eq!(principal.role, Role::Manager);
    assert!(principal.leads.contains(&team_id(nord)));
    assert!(principal.member_of.contains(&team_id(nord)));

    assert_eq!(
        move_party(&mut m, "pmanager", "Vienne"),
        Outcome::Integrated
    );
    assert_eq!(city(&m).as_deref(), Some("Vienne"));

    // A policy that narrows managers to their own records takes it away again.
    save_policy(
        &m.conn,
        &party_grant("manager", "own", "own"),
        "admin",
        at("2026-11-21T10:00:00Z"),
    )
    .unwrap();
    assert_eq!(
        refusal_code(&move_party(&mut m, "pmanager", "Lyon")),
        "not_owner"
    );

    // A colleague in the team: own by default, team once the policy says so.
    add_member(&m.conn, nord, "mmartin", false).unwrap();
    assert_eq!(
        refusal_code(&move_party(&mut m, "mmartin", "Lyon")),
        "not_owner"
    );
    save_policy(
        &m.conn,
        &party_grant("rep", "team", "team"),
        "admin",
        at("2026-11-21T11:00:00Z"),
    )
    .unwrap();
    assert_eq!(move_party(&mut m, "mmartin", "Lyon"), Outcome::Integrated);
    // Out of the team, out of reach.
    remove_member(&m.conn, nord, "mmartin").unwrap();
    assert_eq!(
        refusal_code(&move_party(&mut m, "mmartin", "Paris")),
        "outside_teams"
    );
    assert_eq!(city(&m).as_deref(), Some("Lyon"));
}

#[test]
fn an_owner_in_several_teams_files_their_records_in_each() {
    let mut m = master();
    jdupont_party(&mut m);
    let nord = create_team(&m.conn, "Nord").unwrap();
    let est = create_team(&m.conn, "Est").unwrap();
    add_member(&m.conn, nord, "jdupont", false).unwrap();
    add_member(&m.conn, est, "jdupont", false).unwrap();
    // pmanager leads Est only, the second of jdupont's teams.
    add_member(&m.conn, est, "pmanager", true).unwrap();
    assert_eq!(
        move_party(&mut m, "pmanager", "Vienne"),
        Outcome::Integrated
    );
    // Deleting the team ends its memberships and the reach they gave.
    delete_team(&m.conn, est).unwrap();
    assert_eq!(
        refusal_code(&move_party(&mut m, "pmanager", "Lyon")),
        "outside_teams"
    );
    let teams = all_teams(&m.conn).unwrap();
    assert_eq!(teams.len(), 1);
    assert_eq!(teams[0].name, "Nord");
    assert_eq!(teams[0].members.len(), 1);
}

#[test]
fn roles_and_teams_are_checked_before_they_are_written() {
    let m = master();
    assert!(matches!(
        parse_role("role", "chef"),
        Err(RightsError::UnknownRole { field: "role", ref code }) if code == "chef"
    ));
    assert_eq!(parse_role("role", "observer").unwrap(), Role::Observer);
    assert!(matches!(
        set_user_role(&m.conn, "nobody", Role::Rep),
        Err(RightsError::UnknownUser {
            field: "windows_user",
            ..
        })
    ));

    // The role and the admin flag stay in step whichever is written.
    set_user_role(&m.conn, "mmartin", Role::Admin).unwrap();
    assert!(find_user(&m.conn, "mmartin").unwrap().unwrap().is_admin);
    let mut slefebvre = find_user(&m.conn, "slefebvre").unwrap().unwrap();
    assert_eq!(user_role(&m.conn, "slefebvre").unwrap(), Some(Role::Admin));
    slefebvre.is_admin = false;
    upsert_user(&m.conn, &slefebvre).unwrap();
    assert_eq!(user_role(&m.conn, "slefebvre").unwrap(), Some(Role::Rep));
    set_user_role(&m.conn, "slefebvre", Role::Observer).unwrap();
    upsert_user(&m.conn, &slefebvre).unwrap(); // the users page saves the flag unchanged
    assert_eq!(
        user_role(&m.conn, "slefebvre").unwrap(),
        Some(Role::Observer)
    );

    let nord = create_team(&m.conn, "  Nord ").unwrap();
    assert!(matches!(
        create_team(&m.conn, "Nord"),
        Err(RightsError::TeamNameTaken { field: "name", .. })
    ));
    assert!(matches!(
        create_team(&m.conn, "   "),
        Err(RightsError::TeamName { field: "name" })
    ));
    assert!(matches!(
        rename_team(&m.conn, nord, &"x".repeat(101)),
        Err(RightsError::TeamName { field: "name" })
    ));
    rename_team(&m.conn, nord, "Nord-Est").unwrap();
    assert!(matches!(
        rename_team(&m.conn, 999, "Sud"),
        Err(RightsError::UnknownTeam { team: 999 })
    ));
    assert!(matches!(
        add_member(&m.conn, nord, "nobody", false),
        Err(RightsError::UnknownUser { field: "user", .. })
    ));
    assert!(matches!(
        set_leader(&m.conn, nord, "jdupont", true),
        Err(RightsError::NotMember { .. })
    ));
    assert!(matches!(
        remove_member(&m.conn, nord, "jdupont"),
        Err(RightsError::NotMember { .. })
    ));
    let teams = all_teams(&m.conn).unwrap();
    assert_eq!(teams[0].name, "Nord-Est");
    assert!(teams[0].members.is_empty());
}
