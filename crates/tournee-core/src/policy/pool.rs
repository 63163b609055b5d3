//! The unassigned pool (issue 15): a lead nobody owns is everybody's to see and anybody's
//! to take, first come first served. A rule no policy changes, beside the grants: the
//! grants say how far a role reaches, and a pool lead is deliberately within everybody's
//! reach, so that new leads may stay unassigned until a rep takes one (brief 002).
//!
//! * **Reading.** A lead in the pool (a party at lifecycle stage lead, with no owner) is
//!   readable by every user whose role reads parties at all (party read scope ≠ none),
//!   whatever the team.
//! * **Taking.** A party update whose only change is `owner` set to the writer is a take.
//!   It is allowed to every user whose role writes parties at all (party write scope ≠
//!   none, so never an observer), and only while the lead still has no owner when the
//!   server integrates it: the first take wins, a later one is refused naming the taker.
//! * **Releasing** (owner cleared) is an ordinary write on the lead as it stands: its owner
//!   (own) or whoever's scope reaches the owner (a manager of the owner's team) may do it.
//!
//! `docs/policy.md`, « The rules no policy changes », says why.

use super::{Access, Decision, Entity, Policy, Principal, Refusal, Scope, UserId};

/// Why a take is refused: the policy's reason, or someone was first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TakeRefusal {
    /// The role may not write parties at all (an observer, or a role whose party write
    /// scope is none): [`Refusal::NoAccess`].
    Policy(Refusal),
    /// The lead was taken before this take was integrated, by this user.
    AlreadyTaken {
        /// Who took it first.
        taker: UserId,
    },
}

impl TakeRefusal {
    /// The stable code the integration's refusal carries: the policy's (`no_access`), or
    /// `already_taken`.
    pub fn code(&self) -> &'static str {
        match self {
            TakeRefusal::Policy(refusal) => refusal.code(),
            TakeRefusal::AlreadyTaken { .. } => "already_taken",
        }
    }
}

impl Policy {
    /// Whether `principal` may read a lead in the pool: when their role reads parties at
    /// all. The snapshot builder adds the pool's leads to every such user's file.
    pub fn reads_pool_lead(&self, principal: &Principal) -> Decision {
        match self.scope(principal, Entity::Party, Access::Read) {
            Scope::None => Decision::Refused(Refusal::NoAccess),
            Scope::Own | Scope::Team | Scope::All => Decision::Allowed,
        }
    }

    /// Whether `principal` may take a lead whose owner, at integration, is `owner_now`
    /// (`None`: still in the pool). Taking one's own lead again changes nothing and is
    /// allowed; a lead someone else took first is refused naming them.
    pub fn may_take_lead(
        &self,
        principal: &Principal,
        owner_now: Option<&UserId>,
    ) -> Result<(), TakeRefusal> {
        if self.scope(principal, Entity::Party, Access::Write) == Scope::None {
            return Err(TakeRefusal::Policy(Refusal::NoAccess));
        }
        match owner_now {
            None => Ok(()),
            Some(owner) if *owner == principal.user => Ok(()),
            Some(owner) => Err(TakeRefusal::AlreadyTaken {
                taker: owner.clone(),
            }),
        }
    }
}
