//! One principal, and one record for each relation it can have to a record.

use super::super::{Ownership, Principal, Role};

/// Paul, member of team `nord`, leading team `est`.
pub fn paul(role: Role) -> Principal {
    Principal::new("paul", role)
        .member_of("nord")
        .leading("est")
}

/// How a record relates to [`paul`], as the tests name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Paul's, in his team.
    Own,
    /// Paul's, but filed under a team he is not in.
    OwnElsewhere,
    /// A colleague's in the team Paul belongs to.
    SameTeam,
    /// A rep's in the team Paul leads.
    LedTeam,
    /// Someone's in another team.
    OtherTeam,
    /// Someone's in no team.
    OtherTeamless,
    /// In the pool of Paul's team, assigned to nobody.
    TeamPool,
    /// In another team's pool.
    OtherPool,
    /// Nobody's, no team's.
    Unowned,
}

impl Relation {
    /// Every relation.
    pub const ALL: [Relation; 9] = [
        Relation::Own,
        Relation::OwnElsewhere,
        Relation::SameTeam,
        Relation::LedTeam,
        Relation::OtherTeam,
        Relation::OtherTeamless,
        Relation::TeamPool,
        Relation::OtherPool,
        Relation::Unowned,
    ];

    /// A record so related to [`paul`].
    pub fn ownership(self) -> Ownership {
        match self {
            Relation::Own => Ownership::owned_by("paul", "nord"),
            Relation::OwnElsewhere => Ownership::owned_by("paul", "sud"),
            Relation::SameTeam => Ownership::owned_by("nina", "nord"),
            Relation::LedTeam => Ownership::owned_by("eric", "est"),
            Relation::OtherTeam => Ownership::owned_by("sara", "sud"),
            Relation::OtherTeamless => Ownership::owned_by_teamless("olga"),
            Relation::TeamPool => Ownership::team_pool("nord"),
            Relation::OtherPool => Ownership::team_pool("sud"),
            Relation::Unowned => Ownership::unowned(),
        }
    }
}
