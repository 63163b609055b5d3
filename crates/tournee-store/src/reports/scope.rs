//! Whose figures a report counts (issue 15, « the managers' view »): the reader's read
//! scopes of `party` and `opportunity` in the policy in force, turned into the logins
//! whose records they reach, as the snapshot builder and the REST API decide it
//! ([`crate::snapshot::records::scope_filter`]'s rule: `all` everyone, `team` the reader
//! and the members of the reader's teams, `own` the reader, `none` nobody). An admin's
//! scopes are `all`: every figure; a manager's default is `team`.

use rusqlite::Connection;
use tournee_core::{Access, Entity, Principal, Scope};

use crate::access::{policy_in_force, principal_of};
use crate::error::Result;
use crate::master::users::find_directory_user;
use crate::snapshot::records::{active_principals, team_of};

/// The owners whose records a report counts, per entity; `None` is everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportScope {
    /// Whose parties (by owner, else creator) the funnel and the campaigns' leads count.
    pub parties: Option<Vec<String>>,
    /// Whose opportunities (by owner, else creator) every other figure counts.
    pub opportunities: Option<Vec<String>>,
}

impl ReportScope {
    /// Every record: the admin's reports.
    pub const EVERYTHING: Self = Self {
        parties: None,
        opportunities: None,
    };

    /// Nothing at all (a reader the directory does not know).
    fn nothing() -> Self {
        Self {
            parties: Some(Vec::new()),
            opportunities: Some(Vec::new()),
        }
    }

    /// The reach of `login` (a user of the directory) under the policy in force; a login
    /// the directory does not hold, or an inactive user, reaches nothing.
    pub fn of_reader(conn: &Connection, login: &str) -> Result<Self> {
        let Some(user) = find_directory_user(conn, login)?.filter(|u| u.active) else {
            return Ok(Self::nothing());
        };
        let principal = principal_of(conn, &user)?;
        let policy = policy_in_force(conn)?;
        let everyone = active_principals(conn)?;
        let owners = |entity: Entity| {
            owners_of(
                policy.scope(&principal, entity, Access::Read),
                &principal,
                &everyone,
            )
        };
        Ok(Self {
            parties: owners(Entity::Party),
            opportunities: owners(Entity::Opportunity),
        })
    }

    /// The party owners as the reports' SQL binds them: a JSON array, or NULL for all.
    pub(super) fn parties_json(&self) -> Option<String> {
        as_json(self.parties.as_deref())
    }

    /// The opportunity owners as the reports' SQL binds them.
    pub(super) fn opportunities_json(&self) -> Option<String> {
        as_json(self.opportunities.as_deref())
    }
}

fn owners_of(scope: Scope, principal: &Principal, everyone: &[Principal]) -> Option<Vec<String>> {
    match scope {
        Scope::All => None,
        Scope::Team => Some(team_of(principal, everyone)),
        Scope::Own => Some(vec![principal.user.0.clone()]),
        Scope::None => Some(Vec::new()),
    }
}

fn as_json(owners: Option<&[String]>) -> Option<String> {
    owners.map(|o| serde_json::Value::from(o.to_vec()).to_string())
}

/// The SQL condition, after a `WHERE`, keeping the rows whose owner (`owner_sql`) is in the
/// JSON array bound as `param` (all rows when it is NULL).
pub(super) fn owned_by(owner_sql: &str, param: &str) -> String {
    format!("({param} IS NULL OR {owner_sql} IN (SELECT value FROM json_each({param})))")
}
