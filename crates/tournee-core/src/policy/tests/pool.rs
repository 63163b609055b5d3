//! The pool's rule (issue 15) for every role, under the default, brief 004's and every
//! party grant a role may hold, against an oracle written from the brief: read a pool lead
//! when the role reads parties at all; take it when the role writes parties at all, only
//! while nobody owns it; an observer never takes one.

use super::super::{Access, Decision, Entity, Grant, Policy, Refusal, Role, Scope, TakeRefusal};
use super::fixtures::paul;

/// The oracle for reading: any party read scope but none.
fn reads(read: Scope) -> Decision {
    if read == Scope::None {
        Decision::Refused(Refusal::NoAccess)
    } else {
        Decision::Allowed
    }
}

/// The oracle for taking a lead nobody owns yet.
fn takes(role: Role, write: Scope) -> Result<(), TakeRefusal> {
    if role == Role::Observer || write == Scope::None {
        Err(TakeRefusal::Policy(Refusal::NoAccess))
    } else {
        Ok(())
    }
}

/// Every policy the rule must hold under: the two named ones, and for each role every
/// party grant it may hold.
fn policies() -> Vec<Policy> {
    let mut all = vec![Policy::default(), Policy::read_all_write_own()];
    for role in Role::ALL {
        for read in Scope::ALL {
            for write in Scope::ALL.into_iter().filter(|write| *write <= read) {
                if let Ok(policy) =
                    Policy::default().with_grant(role, Entity::Party, Grant::new(read, write))
                {
                    all.push(policy);
                }
            }
        }
    }
    all
}

#[test]
fn every_reader_of_parties_reads_the_pool_whatever_the_team() {
    for policy in policies() {
        for role in Role::ALL {
            let principal = paul(role);
            let read = policy.scope(&principal, Entity::Party, Access::Read);
            assert_eq!(
                policy.reads_pool_lead(&principal),
                reads(read),
                "{role:?} reading parties {read:?}"
            );
        }
    }
}

#[test]
fn every_writer_of_parties_takes_a_pool_lead_and_an_observer_never() {
    for policy in policies() {
        for role in Role::ALL {
            let principal = paul(role);
            let write = policy.scope(&principal, Entity::Party, Access::Write);
            assert_eq!(
                policy.may_take_lead(&principal, None),
                takes(role, write),
                "{role:?} writing parties {write:?}"
            );
        }
    }
    let observer = paul(Role::Observer);
    assert_eq!(
        Policy::read_all_write_own().may_take_lead(&observer, None),
        Err(TakeRefusal::Policy(Refusal::NoAccess))
    );
}

#[test]
fn the_first_take_wins_and_the_second_names_the_taker() {
    let policy = Policy::default();
    for role in [Role::Rep, Role::Manager, Role::Accountant, Role::Admin] {
        let principal = paul(role);
        let refused = policy.may_take_lead(&principal, Some(&"nina".into()));
        assert_eq!(
            refused,
            Err(TakeRefusal::AlreadyTaken {
                taker: "nina".into()
            }),
            "{role:?}"
        );
        assert_eq!(refused.unwrap_err().code(), "already_taken");
        // Taking one's own lead again (a replayed or doubled take) changes nothing.
        assert_eq!(
            policy.may_take_lead(&principal, Some(&"paul".into())),
            Ok(())
        );
    }
    assert_eq!(TakeRefusal::Policy(Refusal::NoAccess).code(), "no_access");
}

#[test]
fn a_role_that_reads_no_party_neither_reads_nor_takes_the_pool() {
    let policy = Policy::default()
        .with_grant(Role::Rep, Entity::Party, Grant::both(Scope::None))
        .unwrap();
    let rep = paul(Role::Rep);
    assert_eq!(
        policy.reads_pool_lead(&rep),
        Decision::Refused(Refusal::NoAccess)
    );
    assert_eq!(
        policy.may_take_lead(&rep, None),
        Err(TakeRefusal::Policy(Refusal::NoAccess))
    );
    // Reading without writing: sees the pool, takes nothing.
    let reader = Policy::default()
        .with_grant(Role::Rep, Entity::Party, Grant::read_only(Scope::Own))
        .unwrap();
    assert!(reader.reads_pool_lead(&rep).is_allowed());
    assert!(reader.may_take_lead(&rep, None).is_err());
}
