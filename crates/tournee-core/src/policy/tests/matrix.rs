//! The matrix of issue 13: every role × scope × entity × read/write, for a record of every
//! relation, checked against an oracle written here from the brief, not from the code.

use super::super::{Access, Decision, Entity, Grant, Policy, Refusal, Role, Scope};
use super::fixtures::{paul, Relation};

/// The oracle: whether `scope` reaches a record so related to Paul, and if not, the
/// reason the API must give. One row per relation; columns none, own, team, all.
fn oracle(scope: Scope, relation: Relation) -> Decision {
    use Decision::Allowed as Y;
    use Relation as R;
    const NO: Decision = Decision::Refused(Refusal::NoAccess);
    const NOT_OWNER: Decision = Decision::Refused(Refusal::NotOwner);
    const OUTSIDE: Decision = Decision::Refused(Refusal::OutsideTeams);
    const UNASSIGNED: Decision = Decision::Refused(Refusal::Unassigned);
    #[rustfmt::skip]
    let row = match relation {
        //                 none  own         team        all
        R::Own           => [NO, Y,          Y,          Y],
        R::OwnElsewhere  => [NO, Y,          Y,          Y],
        R::SameTeam      => [NO, NOT_OWNER,  Y,          Y],
        R::LedTeam       => [NO, NOT_OWNER,  Y,          Y],
        R::OtherTeam     => [NO, NOT_OWNER,  OUTSIDE,    Y],
        R::OtherTeamless => [NO, NOT_OWNER,  OUTSIDE,    Y],
        R::TeamPool      => [NO, UNASSIGNED, Y,          Y],
        R::OtherPool     => [NO, UNASSIGNED, OUTSIDE,    Y],
        R::Unowned       => [NO, UNASSIGNED, UNASSIGNED, Y],
    };
    let column = match scope {
        Scope::None => 0,
        Scope::Own => 1,
        Scope::Team => 2,
        Scope::All => 3,
    };
    row[column]
}

/// Brief 003's default as the issue and `docs/policy.md` state it, by codes:
/// (entity, [admin, manager, rep, observer, accountant]) with `read/write` cells.
#[rustfmt::skip]
const DEFAULT_TABLE: [(&str, [&str; 5]); 16] = [
    ("party",                ["all/all", "team/team", "own/own", "all/none", "all/all"]),
    ("person",               ["all/all", "team/team", "own/own", "all/none", "all/all"]),
    ("action",               ["all/all", "team/team", "own/own", "all/none", "all/none"]),
    ("action_reply",         ["all/all", "team/team", "own/own", "all/none", "all/none"]),
    ("todo",                 ["all/all", "team/team", "own/own", "all/none", "own/own"]),
    ("client",               ["all/all", "team/none", "own/none", "all/none", "all/all"]),
    ("prospect",             ["all/all", "team/team", "own/own", "all/none", "all/all"]),
    ("visit",                ["all/all", "team/team", "own/own", "all/none", "all/none"]),
    ("modification_request", ["all/all", "team/team", "own/own", "all/none", "all/all"]),
    ("user",                 ["all/all", "all/none",  "all/none", "all/none", "all/none"]),
    ("campaign",             ["all/all", "all/all",   "all/none", "all/none", "all/none"]),
    ("meeting",              ["all/all", "all/team",  "all/own",  "all/none", "all/none"]),
    ("call",                 ["all/all", "team/team", "own/own",  "all/none", "own/own"]),
    ("opportunity",          ["all/all", "team/team", "own/own", "all/none", "all/none"]),
    ("quote",                ["all/all", "team/team", "own/own", "all/none", "all/none"]),
    ("segment",              ["all/all", "team/team", "own/own", "all/none", "own/own"]),
];

/// The expected scope of the table for one cell.
fn expected(table: &[(&str, [&str; 5])], role: Role, entity: Entity, access: Access) -> Scope {
    let (_, cells) = table
        .iter()
        .find(|(code, _)| *code == entity.code())
        .unwrap_or_else(|| panic!("the table has no row for {entity:?}"));
    let role_column = ["admin", "manager", "rep", "observer", "accountant"]
        .iter()
        .position(|code| *code == role.code())
        .unwrap();
    let (read, write) = cells[role_column].split_once('/').unwrap();
    let code = match access {
        Access::Read => read,
        Access::Write => write,
    };
    Scope::from_code(code).unwrap()
}

/// Brief 004's table: the default with managers and reps reading all and writing their
/// own, except the user directory.
fn read_all_write_own_table() -> Vec<(&'static str, [&'static str; 5])> {
    DEFAULT_TABLE
        .iter()
        .map(|&(entity, [admin, manager, rep, observer, accountant])| {
            if entity == "user" {
                (entity, [admin, manager, rep, observer, accountant])
            } else {
                (entity, [admin, "all/own", "all/own", observer, accountant])
            }
        })
        .collect()
}

/// Walks every role × entity × access × relation of `policy` against `table` and the
/// oracle; returns the number of cells checked.
fn walk(policy: &Policy, table: &[(&str, [&str; 5])]) -> usize {
    let mut checked = 0;
    for role in Role::ALL {
        let principal = paul(role);
        for entity in Entity::ALL {
            for access in Access::ALL {
                let scope = expected(table, role, entity, access);
                assert_eq!(
                    policy.scope(&principal, entity, access),
                    scope,
                    "{role:?} {entity:?} {access:?}"
                );
                for relation in Relation::ALL {
                    assert_eq!(
                        policy.allows(&principal, entity, access, &relation.ownership()),
                        oracle(scope, relation),
                        "{role:?} {entity:?} {access:?} on a record {relation:?}"
                    );
                    checked += 1;
                }
            }
        }
    }
    checked
}

#[test]
fn the_default_policy_is_brief_003s_table_cell_by_cell() {
    let cells = walk(&Policy::default(), &DEFAULT_TABLE);
    assert_eq!(cells, 5 * Entity::ALL.len() * 2 * Relation::ALL.len());
}

#[test]
fn the_read_all_write_own_policy_is_brief_004s_table_cell_by_cell() {
    walk(&Policy::read_all_write_own(), &read_all_write_own_table());
}

#[test]
fn every_scope_a_role_may_hold_decides_as_the_oracle_says() {
    let mut walked = 0;
    for role in Role::ALL {
        let principal = paul(role);
        for entity in Entity::ALL {
            for access in Access::ALL {
                for scope in Scope::ALL {
                    // Read all and write nothing (the admin: all, as the rules want), so
                    // that only the scope under test can break a rule.
                    let base = match role {
                        Role::Admin => Grant::both(Scope::All),
                        _ => Grant::read_only(Scope::All),
                    };
                    let grant = base.with(access, scope);
                    let Ok(policy) = Policy::default().with_grant(role, entity, grant) else {
                        // The rules refuse it: the admin below all, the observer writing.
                        assert!(
                            role == Role::Admin
                                || (role == Role::Observer && access == Access::Write),
                            "{role:?} {entity:?} {access:?} {scope:?} was refused"
                        );
                        continue;
                    };
                    for relation in Relation::ALL {
                        assert_eq!(
                            policy.allows(&principal, entity, access, &relation.ownership()),
                            oracle(scope, relation),
                            "{role:?} {entity:?} {access:?} {scope:?} on {relation:?}"
                        );
                    }
                    walked += 1;
                }
            }
        }
    }
    // Admin: only all, read and write; observer: every read scope, write none only.
    let per_entity = 4 * 2 * 3 + 2 + (4 + 1);
    assert_eq!(walked, Entity::ALL.len() * per_entity);
}

#[test]
fn a_manager_reaches_the_team_he_leads_and_not_another() {
    let manager = paul(Role::Manager);
    let policy = Policy::default();
    let led = Relation::LedTeam.ownership();
    let other = Relation::OtherTeam.ownership();
    assert!(policy
        .allows(&manager, Entity::Party, Access::Write, &led)
        .is_allowed());
    assert_eq!(
        policy.allows(&manager, Entity::Party, Access::Read, &other),
        Decision::Refused(Refusal::OutsideTeams)
    );
}

#[test]
fn an_observer_reads_everything_and_writes_nothing() {
    let observer = paul(Role::Observer);
    for policy in [Policy::default(), Policy::read_all_write_own()] {
        for entity in Entity::ALL {
            for relation in Relation::ALL {
                let record = relation.ownership();
                assert!(policy
                    .allows(&observer, entity, Access::Read, &record)
                    .is_allowed());
                assert_eq!(
                    policy.allows(&observer, entity, Access::Write, &record),
                    Decision::Refused(Refusal::NoAccess)
                );
            }
        }
    }
}
