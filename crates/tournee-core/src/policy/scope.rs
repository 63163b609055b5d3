//! What a grant says: for reading or for writing ([`Access`]), how far a role reaches
//! ([`Scope`]: none ⊂ own ⊂ team ⊂ all).

use serde::{Deserialize, Serialize};

/// Reading a record or writing it (creating, changing, deleting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Access {
    /// Seeing it: in the snapshot, in lists, in the API's answers.
    Read,
    /// Creating, changing or deleting it: accepted at integration.
    Write,
}

impl Access {
    /// Both, read first.
    pub const ALL: [Access; 2] = [Access::Read, Access::Write];

    /// The stable code (`read`), its serde form.
    pub fn code(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
        }
    }

    /// The access with this code, if any.
    pub fn from_code(code: &str) -> Option<Access> {
        Access::ALL.into_iter().find(|access| access.code() == code)
    }
}

/// How far a grant reaches. Ordered: each scope covers everything the narrower ones cover
/// (`None < Own < Team < All`), so comparing two scopes says which is broader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Scope {
    /// Nothing of this entity.
    None,
    /// The records the user owns.
    Own,
    /// Their own, and those of the teams they belong to or lead (see `docs/policy.md`).
    Team,
    /// Every record, unowned ones included.
    All,
}

impl Scope {
    /// Every scope, narrowest first.
    pub const ALL: [Scope; 4] = [Scope::None, Scope::Own, Scope::Team, Scope::All];

    /// The stable code (`team`), its serde form.
    pub fn code(self) -> &'static str {
        match self {
            Scope::None => "none",
            Scope::Own => "own",
            Scope::Team => "team",
            Scope::All => "all",
        }
    }

    /// The scope with this code, if any.
    pub fn from_code(code: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.code() == code)
    }
}

/// One cell pair of the policy: how far a role reads and writes one entity. Writing never
/// reaches further than reading (checked wherever a grant enters a policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Grant {
    /// How far the role reads.
    pub read: Scope,
    /// How far the role writes.
    pub write: Scope,
}

impl Grant {
    /// Reads and writes as far as `scope`.
    pub const fn both(scope: Scope) -> Grant {
        Grant {
            read: scope,
            write: scope,
        }
    }

    /// Reads as far as `read`, writes nothing.
    pub const fn read_only(read: Scope) -> Grant {
        Grant {
            read,
            write: Scope::None,
        }
    }

    /// Reads as far as `read`, writes as far as `write`.
    pub const fn new(read: Scope, write: Scope) -> Grant {
        Grant { read, write }
    }

    /// The scope for this access.
    pub fn get(self, access: Access) -> Scope {
        match access {
            Access::Read => self.read,
            Access::Write => self.write,
        }
    }

    /// The same grant with the scope for `access` replaced.
    pub fn with(self, access: Access, scope: Scope) -> Grant {
        match access {
            Access::Read => Grant {
                read: scope,
                ..self
            },
            Access::Write => Grant {
                write: scope,
                ..self
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_ordered_narrowest_first() {
        assert!(Scope::None < Scope::Own && Scope::Own < Scope::Team && Scope::Team < Scope::All);
        let mut sorted = Scope::ALL;
        sorted.sort_unstable();
        assert_eq!(sorted, Scope::ALL);
    }

    #[test]
    fn codes_are_the_serde_forms_and_read_back() {
        for scope in Scope::ALL {
            assert_eq!(
                serde_json::to_string(&scope).unwrap(),
                format!("\"{}\"", scope.code())
            );
            assert_eq!(Scope::from_code(scope.code()), Some(scope));
        }
        for access in Access::ALL {
            assert_eq!(
                serde_json::to_string(&access).unwrap(),
                format!("\"{}\"", access.code())
            );
            assert_eq!(Access::from_code(access.code()), Some(access));
        }
        assert_eq!(Scope::from_code("everything"), None);
        assert_eq!(Access::from_code("delete"), None);
    }

    #[test]
    fn a_grant_reads_and_replaces_each_access() {
        let grant = Grant::new(Scope::Team, Scope::Own);
        assert_eq!(grant.get(Access::Read), Scope::Team);
        assert_eq!(grant.get(Access::Write), Scope::Own);
        assert_eq!(
            grant.with(Access::Write, Scope::None),
            Grant::read_only(Scope::Team)
        );
        assert_eq!(
            grant.with(Access::Read, Scope::Own),
            Grant::both(Scope::Own)
        );
    }
}
