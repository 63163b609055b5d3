//! The rules every grant obeys and the policy document: round trips, defaults for what a
//! document leaves out, and each problem reported with its place.

use super::super::{
    Access, Entity, Grant, Policy, PolicyDocument, PolicyError, Role, Scope, POLICY_VERSION,
};

#[test]
fn the_shipped_policies_obey_the_rules() {
    for policy in [Policy::default(), Policy::read_all_write_own()] {
        assert!(PolicyDocument::from(policy).problems().is_empty());
    }
}

#[test]
fn a_write_broader_than_read_is_refused_naming_the_cell() {
    let refused =
        Policy::default().with_grant(Role::Rep, Entity::Todo, Grant::new(Scope::Own, Scope::Team));
    assert_eq!(
        refused,
        Err(PolicyError::WriteBroaderThanRead {
            role: Role::Rep,
            entity: Entity::Todo,
            read: Scope::Own,
            write: Scope::Team,
        })
    );
}

#[test]
fn the_admin_cannot_be_narrowed_nor_an_observer_made_to_write() {
    assert_eq!(
        Policy::default()
            .with_grant(
                Role::Admin,
                Entity::User,
                Grant::new(Scope::All, Scope::Own)
            )
            .unwrap_err(),
        PolicyError::AdminRestricted {
            entity: Entity::User,
            access: Access::Write,
            scope: Scope::Own,
        }
    );
    assert_eq!(
        Policy::default()
            .with_grant(Role::Observer, Entity::Party, Grant::both(Scope::Own))
            .unwrap_err(),
        PolicyError::ObserverWrites {
            entity: Entity::Party,
            scope: Scope::Own,
        }
    );
}

#[test]
fn a_grant_within_the_rules_replaces_one_cell_only() {
    let widened = Policy::default()
        .with_grant(
            Role::Rep,
            Entity::Client,
            Grant::new(Scope::Team, Scope::Own),
        )
        .unwrap();
    for role in Role::ALL {
        for entity in Entity::ALL {
            let expected = if (role, entity) == (Role::Rep, Entity::Client) {
                Grant::new(Scope::Team, Scope::Own)
            } else {
                Policy::default().grant(role, entity)
            };
            assert_eq!(widened.grant(role, entity), expected, "{role:?} {entity:?}");
        }
    }
}

#[test]
fn a_policy_round_trips_through_json_with_its_codes() {
    for policy in [Policy::default(), Policy::read_all_write_own()] {
        let json = serde_json::to_string_pretty(&policy).unwrap();
        assert!(json.contains(r#""modification_request": {"#), "{json}");
        assert_eq!(Policy::from_json(&json).unwrap(), policy);
        assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), policy);
    }
}

#[test]
fn the_written_document_is_complete() {
    let document = PolicyDocument::from(Policy::default());
    assert_eq!(document.version, POLICY_VERSION);
    assert_eq!(document.grants.len(), Role::ALL.len());
    for entities in document.grants.values() {
        assert_eq!(entities.len(), Entity::ALL.len());
        for accesses in entities.values() {
            assert_eq!(accesses.len(), 2);
        }
    }
    assert_eq!(document.grants["rep"]["party"]["read"], "own");
    assert_eq!(document.grants["observer"]["party"]["write"], "none");
}

#[test]
fn what_a_document_leaves_out_is_the_default() {
    let empty = Policy::from_json(r#"{"version": 1}"#).unwrap();
    assert_eq!(empty, Policy::default());
    let one_cell =
        Policy::from_json(r#"{"version": 1, "grants": {"rep": {"party": {"read": "team"}}}}"#)
            .unwrap();
    assert_eq!(
        one_cell.grant(Role::Rep, Entity::Party),
        Grant::new(Scope::Team, Scope::Own)
    );
    assert_eq!(
        one_cell.grant(Role::Rep, Entity::Person),
        Policy::default().grant(Role::Rep, Entity::Person)
    );
}

#[test]
fn read_all_write_own_is_data_not_code() {
    // Brief 004's rule typed by an admin, through the same reader as any other policy.
    let mut grants = String::new();
    for role in ["manager", "rep"] {
        let cells: Vec<String> = Entity::ALL
            .iter()
            .filter(|entity| **entity != Entity::User)
            .map(|entity| format!(r#""{}": {{"read": "all", "write": "own"}}"#, entity.code()))
            .collect();
        grants.push_str(&format!(r#""{role}": {{{}}},"#, cells.join(",")));
    }
    let typed = format!(
        r#"{{"version": 1, "grants": {{{}}}}}"#,
        grants.trim_end_matches(',')
    );
    let policy = Policy::from_json(&typed).unwrap();
    assert_eq!(policy, Policy::read_all_write_own());
    assert_ne!(policy, Policy::default());
}

#[test]
fn every_problem_of_a_document_is_reported_with_its_place() {
    let document: PolicyDocument = serde_json::from_str(
        r#"{"version": 1, "grants": {
            "boss": {"party": {"read": "all"}},
            "rep": {
                "invoice": {"read": "own"},
                "party": {"read": "own", "write": "team"},
                "person": {"delete": "own", "read": "everything"}
            },
            "admin": {"user": {"write": "own"}},
            "observer": {"visit": {"write": "all"}}
        }}"#,
    )
    .unwrap();
    let codes: Vec<_> = document.problems().iter().map(PolicyError::code).collect();
    assert_eq!(
        codes,
        [
            "admin_restricted",
            "unknown_role",
            "observer_writes",
            "unknown_entity",
            "write_broader_than_read",
            "unknown_access",
            "unknown_scope",
        ]
    );
    assert!(document.problems().contains(&PolicyError::UnknownScope {
        role: Role::Rep,
        entity: Entity::Person,
        access: Access::Read,
        code: "everything".into(),
    }));
    assert_eq!(
        Policy::try_from(document).unwrap_err(),
        PolicyError::AdminRestricted {
            entity: Entity::User,
            access: Access::Write,
            scope: Scope::Own,
        }
    );
}

#[test]
fn a_document_that_is_not_json_or_of_another_version_is_said_so() {
    assert_eq!(Policy::from_json("{").unwrap_err().code(), "invalid_json");
    assert_eq!(
        Policy::from_json(r#"{"grants": {}}"#).unwrap_err().code(),
        "invalid_json"
    );
    assert_eq!(
        Policy::from_json(r#"{"version": 2, "grants": {}}"#).unwrap_err(),
        PolicyError::UnsupportedVersion { version: 2 }
    );
}
