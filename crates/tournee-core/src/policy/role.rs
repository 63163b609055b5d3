//! The five roles a user can hold, with their stable codes, so that the policy document,
//! the user directory, the back office and the API name them alike (their labels are
//! `tournee-sentences`').

use serde::{Deserialize, Serialize};

/// What a user is in the company. One role per user; what each role may read and write is
/// the [`super::Policy`]'s business, not the role's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Role {
    /// Configures the company (users, teams, the policy); always reads and writes everything.
    Admin,
    /// Leads a team of reps: sees and assigns their team's portfolio (brief 003).
    Manager,
    /// A sales rep: works the parties assigned to them.
    Rep,
    /// Reads everything, writes nothing, whatever the policy says (brief 003).
    Observer,
    /// Keeps the client file: validates conversions and modification requests (brief 001).
    Accountant,
}

impl Role {
    /// Every role, in the order tables and editors list them.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Manager,
        Role::Rep,
        Role::Observer,
        Role::Accountant,
    ];

    /// The stable code stored and exchanged (`rep`), the same as its serde form.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Rep => "rep",
            Role::Observer => "observer",
            Role::Accountant => "accountant",
        }
    }

    /// The role with this code, if any (the policy document reports unknown ones).
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }

    /// Where this role sits in [`Role::ALL`] (the policy's table is indexed by it).
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_the_serde_form_and_reads_back() {
        for (i, role) in Role::ALL.into_iter().enumerate() {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.code()));
            assert_eq!(Role::from_code(role.code()), Some(role));
            assert_eq!(role.index(), i);
        }
        assert_eq!(Role::from_code("Admin"), None);
    }
}
