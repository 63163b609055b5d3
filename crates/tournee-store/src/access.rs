//! Who may do what in the master: the policy in force and each user's principal (role and
//! teams). One place for both, so that the integration's write decisions, the snapshots'
//! read scopes and, later, the web and the API's answers come from the same data
//! (ARCHITECTURE.md: one policy).
//!
//! The policy is the one the admin saved in the master (`policy` table, « Droits » page),
//! brief 003's default (`tournee_core::Policy::default`) until they save one. A user's role
//! is `app_user.role` (migrated from the admin flag: admins are [`Role::Admin`], every
//! other user a [`Role::Rep`]); their teams are `team_member` rows, leading ones too.
//!
//! **A record's team** is its owner's: the master stores no team on a record. An owner in
//! one team files their records there; an owner in several files them in each, so a
//! manager leading any of them reaches them by the team scope ([`ownership_for`]).

use rusqlite::Connection;
use tournee_core::{Ownership, Policy, Principal, Role};

use crate::error::Result;
use crate::master::policy::stored_policy;
use crate::master::teams::teams_of;
use crate::master::users::{user_role, User};

/// The policy in force: the stored one, or brief 003's default when none was saved.
pub fn policy_in_force(conn: &Connection) -> Result<Policy> {
    Ok(stored_policy(conn)?.map_or_else(Policy::default, |stored| stored.policy))
}

/// The principal the policy judges `user` as: the user's id, role and teams (every team
/// they belong to in `member_of`, those they lead in `leads` as well).
pub fn principal_of(conn: &Connection, user: &User) -> Result<Principal> {
    // A user not (or no longer) in the mapping keeps the role its flag says.
    let role = match user_role(conn, &user.windows_user)? {
        Some(role) => role,
        None if user.is_admin => Role::Admin,
        None => Role::Rep,
    };
    let mut principal = Principal::new(user.windows_user.as_str(), role);
    for (team, leads) in teams_of(conn, &user.windows_user)? {
        if leads {
            principal.leads.insert(team.clone());
        }
        principal.member_of.insert(team);
    }
    Ok(principal)
}

/// Whose a record owned by `owner` is, as `principal` sees it: owned by `owner` in their
/// team. An owner in no team gives a teamless record; in several teams, the record is in
/// each, so the team taken is one `principal` shares with the owner if any (the team
/// scope reaches it), else the owner's first (it does not).
pub fn ownership_for(conn: &Connection, owner: &str, principal: &Principal) -> Result<Ownership> {
    let teams = teams_of(conn, owner)?;
    let shared = teams.iter().find(|(team, _)| principal.in_team(team));
    Ok(match shared.or(teams.first()) {
        Some((team, _)) => Ownership::owned_by(owner, team.clone()),
        None => Ownership::owned_by_teamless(owner),
    })
}
