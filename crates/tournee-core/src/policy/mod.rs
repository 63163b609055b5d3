//! Who may read and write what: one policy, data the admin edits, and the one decision
//! that the snapshot builder, the server's integration, the API and the back office all
//! ask (issue 13, « Roles and visibility, one policy »).
//!
//! A [`Policy`] gives each [`Role`], for each [`Entity`], a [`Grant`]: how far it reads and
//! how far it writes, as a [`Scope`] (none ⊂ own ⊂ team ⊂ all). [`Policy::scope`] is what
//! the snapshot builder and SQL filters use; [`Policy::allows`] decides for one record,
//! given who asks ([`Principal`]) and whose the record is ([`Ownership`]).
//!
//! Rules no policy changes ([`fixed_scope`]): the admin reads and writes everything, an
//! observer never writes, and writing never reaches further than reading. The default is
//! brief 003's ([`Policy::default`]); brief 004's « tout lire, écrire le sien » is a policy
//! document ([`Policy::read_all_write_own`]). `docs/policy.md` has the tables and the why.

mod decision;
mod defaults;
mod document;
mod entity;
mod error;
mod pool;
mod principal;
mod role;
mod rules;
mod scope;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use decision::{Decision, Refusal};
pub use document::{PolicyDocument, POLICY_VERSION};
pub use entity::Entity;
pub use error::PolicyError;
pub use pool::TakeRefusal;
pub use principal::{Ownership, Principal, Reach, TeamId, UserId};
pub use role::Role;
pub use rules::fixed_scope;
pub use scope::{Access, Grant, Scope};

/// Brief 004's « tout lire, écrire le sien » as the admin would write it: a document, not
/// code (see [`Policy::read_all_write_own`]).
const READ_ALL_WRITE_OWN: &str = include_str!("read_all_write_own.json");

/// What each role may read and write, per entity. Always complete (a grant for every role
/// and entity) and always valid (every grant passed the rules), because grants enter only
/// through [`Policy::with_grant`] or a checked [`PolicyDocument`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PolicyDocument", into = "PolicyDocument")]
pub struct Policy {
    /// Indexed by role, then entity, in the order of `Role::ALL` and `Entity::ALL`.
    grants: [[Grant; Entity::ALL.len()]; Role::ALL.len()],
}

impl Default for Policy {
    /// Brief 003's default: a rep sees what is assigned to them, a manager their team's,
    /// an observer everything read-only (the whole table is in `defaults.rs`).
    fn default() -> Policy {
        let mut grants = [[Grant::both(Scope::None); Entity::ALL.len()]; Role::ALL.len()];
        for entity in Entity::ALL {
            for (role, grant) in Role::ALL.into_iter().zip(defaults::brief_003(entity)) {
                grants[role.index()][entity.index()] = grant;
            }
        }
        Policy { grants }
    }
}

impl Policy {
    /// Brief 004's rule, « tout lire, écrire le sien »: managers and reps read everything
    /// and write what they own; the rest as by default. Read from the document
    /// `read_all_write_own.json`, to show it takes configuration alone.
    pub fn read_all_write_own() -> Policy {
        // The document is part of the source and a test reads it without error, so it
        // always reads.
        Policy::from_json(READ_ALL_WRITE_OWN).expect("read_all_write_own.json is a valid policy")
    }

    /// Reads a policy document (JSON); the first problem if it has any (use
    /// [`PolicyDocument::problems`] for all of them).
    pub fn from_json(json: &str) -> Result<Policy, PolicyError> {
        let document: PolicyDocument =
            serde_json::from_str(json).map_err(|error| PolicyError::InvalidJson {
                message: error.to_string(),
            })?;
        Policy::try_from(document)
    }

    /// How far `role` reads and writes `entity`.
    pub fn grant(&self, role: Role, entity: Entity) -> Grant {
        self.grants[role.index()][entity.index()]
    }

    /// The same policy with `role`'s grant on `entity` replaced, if it obeys the rules
    /// (the admin's editor changes one cell at a time through this).
    pub fn with_grant(
        mut self,
        role: Role,
        entity: Entity,
        grant: Grant,
    ) -> Result<Policy, PolicyError> {
        rules::check(role, entity, grant)?;
        self.set(role, entity, grant);
        Ok(self)
    }

    /// How far `principal` reaches for `access` to `entity`: what the snapshot builder and
    /// the SQL filters apply (own: `owner = user`; team: that or `team IN` the principal's
    /// teams; all: no filter; none: nothing).
    pub fn scope(&self, principal: &Principal, entity: Entity, access: Access) -> Scope {
        self.grant(principal.role, entity).get(access)
    }

    /// Whether `principal` may read or write this record of `entity`, owned as
    /// `ownership` says; if not, why.
    pub fn allows(
        &self,
        principal: &Principal,
        entity: Entity,
        access: Access,
        ownership: &Ownership,
    ) -> Decision {
        let scope = self.scope(principal, entity, access);
        let reach = ownership.reach(principal);
        if scope >= reach.narrowest_scope() {
            return Decision::Allowed;
        }
        Decision::Refused(match (scope, reach) {
            (Scope::None, _) => Refusal::NoAccess,
            (_, Reach::Unassigned) => Refusal::Unassigned,
            (Scope::Own, _) if ownership.owner.is_none() => Refusal::Unassigned,
            (Scope::Own, _) => Refusal::NotOwner,
            _ => Refusal::OutsideTeams,
        })
    }

    /// Replaces a grant already checked against the rules.
    fn set(&mut self, role: Role, entity: Entity, grant: Grant) {
        self.grants[role.index()][entity.index()] = grant;
    }
}
