//! Who may do what in the master: the policy in force and each user's principal (role and
//! teams). One place for both, so that the integration's write decisions, the snapshots'
//! read scopes and, later, the web and the API's answers come from the same data
//! (ARCHITECTURE.md: one policy).
//!
//! Today the policy is brief 003's default (`tournee_core::Policy::default`) and a user's
//! role comes from the user mapping's admin flag (an admin is [`Role::Admin`], every other
//! user a [`Role::Rep`]), in no team. Issue 13's next step stores the policy, the roles and
//! the teams in the master behind these same two functions.

use rusqlite::Connection;
use tournee_core::{Policy, Principal, Role};

use crate::error::Result;
use crate::master::users::User;

/// The policy in force.
pub fn policy_in_force(_conn: &Connection) -> Result<Policy> {
    Ok(Policy::default())
}

/// The principal the policy judges `user` as: the user's id, role and teams.
pub fn principal_of(_conn: &Connection, user: &User) -> Result<Principal> {
    let role = if user.is_admin {
        Role::Admin
    } else {
        Role::Rep
    };
    Ok(Principal::new(user.windows_user.as_str(), role))
}
