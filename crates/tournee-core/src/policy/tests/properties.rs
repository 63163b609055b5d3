//! Properties over random valid policies, principals and records: narrowing a grant never
//! allows more, a broader scope allows all a narrower one does, writing implies reading,
//! and any policy round-trips through its document.

use proptest::prelude::*;

use super::super::{Access, Entity, Grant, Ownership, Policy, Principal, Role, Scope};

const USERS: [&str; 3] = ["ana", "ben", "cid"];
const TEAMS: [&str; 3] = ["nord", "sud", "est"];

fn scope(index: usize) -> Scope {
    Scope::ALL[index % Scope::ALL.len()]
}

/// A valid policy: every cell drawn, write kept within read, the fixed rules left alone.
fn policies() -> impl Strategy<Value = Policy> {
    let cells = Role::ALL.len() * Entity::ALL.len();
    prop::collection::vec((0..4usize, 0..4usize), cells).prop_map(|draws| {
        let mut policy = Policy::default();
        let pairs = Role::ALL
            .into_iter()
            .flat_map(|role| Entity::ALL.into_iter().map(move |entity| (role, entity)));
        for ((role, entity), (read, write)) in pairs.zip(draws) {
            let grant = match role {
                Role::Admin => continue,
                Role::Observer => Grant::read_only(scope(read)),
                _ => Grant::new(scope(read), scope(write.min(read))),
            };
            policy = policy.with_grant(role, entity, grant).unwrap();
        }
        policy
    })
}

fn principals() -> impl Strategy<Value = Principal> {
    (
        0..USERS.len(),
        0..Role::ALL.len(),
        prop::collection::btree_set(0..TEAMS.len(), 0..3),
        prop::collection::btree_set(0..TEAMS.len(), 0..2),
    )
        .prop_map(|(user, role, member_of, leads)| {
            let mut principal = Principal::new(USERS[user], Role::ALL[role]);
            for team in member_of {
                principal = principal.member_of(TEAMS[team]);
            }
            for team in leads {
                principal = principal.leading(TEAMS[team]);
            }
            principal
        })
}

fn ownerships() -> impl Strategy<Value = Ownership> {
    (
        prop::option::of(0..USERS.len()),
        prop::option::of(0..TEAMS.len()),
    )
        .prop_map(|(owner, team)| Ownership {
            owner: owner.map(|u| USERS[u].into()),
            team: team.map(|t| TEAMS[t].into()),
        })
}

fn entities() -> impl Strategy<Value = Entity> {
    (0..Entity::ALL.len()).prop_map(|i| Entity::ALL[i])
}

fn accesses() -> impl Strategy<Value = Access> {
    prop_oneof![Just(Access::Read), Just(Access::Write)]
}

proptest! {
    #[test]
    fn narrowing_a_grant_never_allows_more(
        policy in policies(),
        principal in principals(),
        record in ownerships(),
        entity in entities(),
        access in accesses(),
        narrower in 0..4usize,
    ) {
        let grant = policy.grant(principal.role, entity);
        let narrowed_scope = scope(narrower).min(grant.get(access));
        let narrowed_grant = match access {
            Access::Read => Grant::new(narrowed_scope, grant.write.min(narrowed_scope)),
            Access::Write => grant.with(Access::Write, narrowed_scope),
        };
        // The admin's grant cannot change; every other narrowing is a valid policy.
        let narrowed = policy.clone().with_grant(principal.role, entity, narrowed_grant);
        prop_assume!(narrowed.is_ok());
        let narrowed = narrowed.unwrap();
        for access in Access::ALL {
            let before = policy.allows(&principal, entity, access, &record);
            let after = narrowed.allows(&principal, entity, access, &record);
            prop_assert!(before.is_allowed() || !after.is_allowed(), "{access:?}: {before:?} → {after:?}");
        }
    }

    #[test]
    fn a_broader_scope_allows_all_a_narrower_one_does(
        principal in principals(),
        record in ownerships(),
    ) {
        let principal = Principal { role: Role::Rep, ..principal };
        let allowed: Vec<bool> = Scope::ALL
            .into_iter()
            .map(|scope| {
                Policy::default()
                    .with_grant(Role::Rep, Entity::Party, Grant::read_only(scope))
                    .unwrap()
                    .allows(&principal, Entity::Party, Access::Read, &record)
                    .is_allowed()
            })
            .collect();
        // none ⊆ own ⊆ team ⊆ all, none allowing nothing and all everything.
        prop_assert!(!allowed[0] && allowed[3]);
        prop_assert!(allowed.windows(2).all(|pair| !pair[0] || pair[1]), "{allowed:?}");
    }

    #[test]
    fn whoever_may_write_a_record_may_read_it(
        policy in policies(),
        principal in principals(),
        record in ownerships(),
        entity in entities(),
    ) {
        if policy.allows(&principal, entity, Access::Write, &record).is_allowed() {
            prop_assert!(policy.allows(&principal, entity, Access::Read, &record).is_allowed());
        }
    }

    #[test]
    fn the_admin_may_do_anything_and_an_observer_never_writes(
        policy in policies(),
        principal in principals(),
        record in ownerships(),
        entity in entities(),
        access in accesses(),
    ) {
        let admin = Principal { role: Role::Admin, ..principal.clone() };
        prop_assert!(policy.allows(&admin, entity, access, &record).is_allowed());
        let observer = Principal { role: Role::Observer, ..principal };
        prop_assert!(!policy.allows(&observer, entity, Access::Write, &record).is_allowed());
    }

    #[test]
    fn any_policy_round_trips_through_its_document(policy in policies()) {
        let json = serde_json::to_string(&policy).unwrap();
        prop_assert_eq!(Policy::from_json(&json).unwrap(), policy);
    }
}
