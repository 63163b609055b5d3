//! Why a change to the rights (the policy, a user's role, a team) was refused: each error
//! names the form field or the cell concerned, so the back office shows it next to it.

use tournee_core::PolicyError;

use crate::error::StoreError;

/// A write to the policy, a role or a team that the store refused.
#[derive(Debug, thiserror::Error)]
pub enum RightsError {
    /// A role code that is not one of `tournee_core::Role::ALL`.
    #[error("{field}: unknown role {code:?}")]
    UnknownRole {
        /// The form field that carried it.
        field: &'static str,
        /// The code found.
        code: String,
    },
    /// A policy document with problems; each names its role, entity and access.
    #[error("invalid policy: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    InvalidPolicy {
        /// Every problem, in document order (`PolicyDocument::problems`).
        problems: Vec<PolicyError>,
    },
    /// No app user with this Windows login.
    #[error("{field}: unknown user {user:?}")]
    UnknownUser {
        /// The form field that carried it.
        field: &'static str,
        /// The login found.
        user: String,
    },
    /// No team with this id (deleted meanwhile, or forged).
    #[error("unknown team {team}")]
    UnknownTeam {
        /// The id asked for.
        team: i64,
    },
    /// A team name empty or longer than [`MAX_TEAM_NAME_CHARS`].
    #[error("{field}: a team name has 1 to {MAX_TEAM_NAME_CHARS} characters")]
    TeamName {
        /// The form field.
        field: &'static str,
    },
    /// Another team has this name (two teams of one name could not be told apart).
    #[error("{field}: team name {name:?} is taken")]
    TeamNameTaken {
        /// The form field.
        field: &'static str,
        /// The name typed.
        name: String,
    },
    /// The user is not a member of the team (to lead it or leave it).
    #[error("{user} is not a member of team {team}")]
    NotMember {
        /// The team.
        team: i64,
        /// The user.
        user: String,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for RightsError {
    fn from(error: rusqlite::Error) -> Self {
        RightsError::Store(StoreError::Sqlite(error))
    }
}

/// The longest team name, in characters (the schema checks it too).
pub const MAX_TEAM_NAME_CHARS: usize = 100;

/// The role a form sent as a code in `field`, or [`RightsError::UnknownRole`] naming it.
pub fn parse_role(field: &'static str, code: &str) -> Result<tournee_core::Role, RightsError> {
    tournee_core::Role::from_code(code.trim()).ok_or_else(|| RightsError::UnknownRole {
        field,
        code: code.to_string(),
    })
}
