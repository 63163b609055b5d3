//! The kinds of record the policy rules on, with their stable codes (labelled by
//! `tournee-sentences`). A new entity (opportunity, quote, campaign…) is one variant here,
//! one line in [`Entity::ALL`], one row of the default table in `defaults.rs` and one label
//! in `tournee-sentences`: the compiler points
//! at each place through the exhaustive matches. Codes are sync-spec v2's record entity
//! codes where the entity travels as a record change (`action_reply`, not `reply`).

use serde::{Deserialize, Serialize};

/// A kind of record. Each says, below, whose record it is: the [`super::Ownership`] the
/// caller passes is that of the record named here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Entity {
    /// A company or a private person (B2B or B2C): owned by the rep it is assigned to.
    Party,
    /// A person in a company: the company's (its party's) owner.
    Person,
    /// An action logged on a party (call, visit, mail…): the party's owner.
    Action,
    /// A reply under an action: the party's owner.
    ActionReply,
    /// A todo: its party's owner, or its author when it has no party.
    Todo,
    /// An ERP client record (the fields the ERP owns): the rep it is assigned to.
    Client,
    /// A v1 prospect: the rep who created it or to whom it was assigned.
    Prospect,
    /// A visit (« Visite ce jour »): the visited party's owner.
    Visit,
    /// A « demande de modification » to the accountant: the rep who asked.
    ModificationRequest,
    /// A user of the directory: the user themself, in their team.
    User,
    /// A campaign (trade show, mailing), the source of leads: its creator's.
    Campaign,
    /// A meeting with a party: its organiser's (the user who planned it, for themself or
    /// a colleague).
    Meeting,
    /// A call logged on a party (an action of the call type): its author's. Writing one
    /// also needs the party to be readable (docs/policy.md, « Calls »), so anyone who may
    /// read a party may log a call on it without writing the party's other actions.
    Call,
    /// A sales opportunity on a party: its owner (the rep it is assigned to), else its
    /// creator.
    Opportunity,
    /// A quote (« devis »): its party's owner.
    Quote,
    /// A segment (a saved list of parties or saved criteria): its owner, else its creator.
    Segment,
}

impl Entity {
    /// Every entity, in the order tables and editors list them.
    pub const ALL: [Entity; 16] = [
        Entity::Party,
        Entity::Person,
        Entity::Action,
        Entity::ActionReply,
        Entity::Todo,
        Entity::Client,
        Entity::Prospect,
        Entity::Visit,
        Entity::ModificationRequest,
        Entity::User,
        Entity::Campaign,
        Entity::Meeting,
        Entity::Call,
        Entity::Opportunity,
        Entity::Quote,
        Entity::Segment,
    ];

    /// The stable code stored and exchanged (`modification_request`), its serde form.
    pub fn code(self) -> &'static str {
        match self {
            Entity::Party => "party",
            Entity::Person => "person",
            Entity::Action => "action",
            Entity::ActionReply => "action_reply",
            Entity::Todo => "todo",
            Entity::Client => "client",
            Entity::Prospect => "prospect",
            Entity::Visit => "visit",
            Entity::ModificationRequest => "modification_request",
            Entity::User => "user",
            Entity::Campaign => "campaign",
            Entity::Meeting => "meeting",
            Entity::Call => "call",
            Entity::Opportunity => "opportunity",
            Entity::Quote => "quote",
            Entity::Segment => "segment",
        }
    }

    /// The entity with this code, if any (the policy document reports unknown ones).
    pub fn from_code(code: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|entity| entity.code() == code)
    }

    /// Where this entity sits in [`Entity::ALL`] (the policy's table is indexed by it).
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_the_serde_form_and_reads_back() {
        for (i, entity) in Entity::ALL.into_iter().enumerate() {
            let json = serde_json::to_string(&entity).unwrap();
            assert_eq!(json, format!("\"{}\"", entity.code()));
            assert_eq!(Entity::from_code(entity.code()), Some(entity));
            assert_eq!(
                entity.index(),
                i,
                "ALL lists {entity:?} out of declaration order"
            );
        }
        assert_eq!(Entity::from_code("invoice"), None);
    }

    #[test]
    fn every_entity_has_its_own_code() {
        let mut codes: Vec<_> = Entity::ALL.iter().map(|e| e.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Entity::ALL.len());
    }
}
