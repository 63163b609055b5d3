//! Who asks ([`Principal`]) and whose record it is ([`Ownership`]), and how the two relate
//! ([`Reach`]): the only facts the decision needs besides the policy.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::Role;

/// A user's id in the one user directory.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub String);

/// A team's id (a manager leads a team; reps belong to teams).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TeamId(pub String);

impl From<&str> for UserId {
    fn from(id: &str) -> Self {
        UserId(id.to_string())
    }
}

impl From<&str> for TeamId {
    fn from(id: &str) -> Self {
        TeamId(id.to_string())
    }
}

/// The user a decision is made for: their id, their role and their teams, as the user
/// directory knows them at the time of the request (or of the snapshot).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// Who.
    pub user: UserId,
    /// Their role, which picks the policy's grants.
    pub role: Role,
    /// The teams they belong to.
    pub member_of: BTreeSet<TeamId>,
    /// The teams they lead (a manager's team).
    pub leads: BTreeSet<TeamId>,
}

impl Principal {
    /// A user in no team (add teams with [`Principal::member_of`] and [`Principal::leading`]).
    pub fn new(user: impl Into<UserId>, role: Role) -> Principal {
        Principal {
            user: user.into(),
            role,
            member_of: BTreeSet::new(),
            leads: BTreeSet::new(),
        }
    }

    /// The same principal, also a member of `team`.
    pub fn member_of(mut self, team: impl Into<TeamId>) -> Principal {
        self.member_of.insert(team.into());
        self
    }

    /// The same principal, also leading `team`.
    pub fn leading(mut self, team: impl Into<TeamId>) -> Principal {
        self.leads.insert(team.into());
        self
    }

    /// Whether the team scope reaches `team`: one the principal belongs to or leads. This
    /// is the set the SQL filter for [`super::Scope::Team`] uses.
    pub fn in_team(&self, team: &TeamId) -> bool {
        self.member_of.contains(team) || self.leads.contains(team)
    }

    /// Every team the team scope reaches, each once and in order: the list a
    /// `team IN (…)` filter binds.
    pub fn teams(&self) -> BTreeSet<&TeamId> {
        self.member_of.iter().chain(&self.leads).collect()
    }
}

/// Whose a record is: its owner (the rep it is assigned to, the author…, per
/// [`super::Entity`]) and the owner's team. Both may be missing: an unassigned lead has no
/// owner; a lead in a team's pool has a team and no owner.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ownership {
    /// The owning user, if assigned.
    pub owner: Option<UserId>,
    /// The team the record belongs to (its owner's team, or the pool it waits in).
    pub team: Option<TeamId>,
}

impl Ownership {
    /// Owned by `owner`, in `team`.
    pub fn owned_by(owner: impl Into<UserId>, team: impl Into<TeamId>) -> Ownership {
        Ownership {
            owner: Some(owner.into()),
            team: Some(team.into()),
        }
    }

    /// Owned by `owner`, who is in no team.
    pub fn owned_by_teamless(owner: impl Into<UserId>) -> Ownership {
        Ownership {
            owner: Some(owner.into()),
            team: None,
        }
    }

    /// In `team`'s pool, assigned to nobody yet.
    pub fn team_pool(team: impl Into<TeamId>) -> Ownership {
        Ownership {
            owner: None,
            team: Some(team.into()),
        }
    }

    /// Assigned to nobody and to no team.
    pub fn unowned() -> Ownership {
        Ownership::default()
    }

    /// How this record relates to `principal`, from the closest relation down.
    pub fn reach(&self, principal: &Principal) -> Reach {
        if self.owner.as_ref() == Some(&principal.user) {
            Reach::Own
        } else if self
            .team
            .as_ref()
            .is_some_and(|team| principal.in_team(team))
        {
            Reach::Team
        } else if self.owner.is_none() && self.team.is_none() {
            Reach::Unassigned
        } else {
            Reach::Other
        }
    }
}

/// How a record relates to the user asking, the closest relation first: the narrowest
/// scope that covers it is [`Reach::narrowest_scope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// The user owns it (whatever its team).
    Own,
    /// Someone else's, or nobody's, in a team the user belongs to or leads.
    Team,
    /// Someone else's (or a pool's) outside the user's teams.
    Other,
    /// Nobody's and no team's.
    Unassigned,
}

impl Reach {
    /// The narrowest scope that reaches such a record: own for one's own, team for the
    /// team's (pools included), all for the rest (unassigned records included).
    pub fn narrowest_scope(self) -> super::Scope {
        match self {
            Reach::Own => super::Scope::Own,
            Reach::Team => super::Scope::Team,
            Reach::Other | Reach::Unassigned => super::Scope::All,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_team_scope_reaches_the_teams_one_belongs_to_and_leads_once_each() {
        let manager = Principal::new("paul", Role::Manager)
            .member_of("nord")
            .leading("nord")
            .leading("est");
        let teams: Vec<&str> = manager.teams().iter().map(|t| t.0.as_str()).collect();
        assert_eq!(teams, ["est", "nord"]);
        assert!(manager.in_team(&"est".into()) && !manager.in_team(&"sud".into()));
        for team in manager.teams() {
            assert!(manager.in_team(team));
        }
    }

    #[test]
    fn ones_own_record_is_own_even_in_another_team() {
        let rep = Principal::new("paul", Role::Rep).member_of("nord");
        assert_eq!(Ownership::owned_by("paul", "sud").reach(&rep), Reach::Own);
        assert_eq!(Ownership::owned_by_teamless("paul").reach(&rep), Reach::Own);
        assert_eq!(Ownership::team_pool("nord").reach(&rep), Reach::Team);
        assert_eq!(Ownership::team_pool("sud").reach(&rep), Reach::Other);
        assert_eq!(Ownership::unowned().reach(&rep), Reach::Unassigned);
    }
}
