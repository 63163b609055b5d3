//! The transition table, in one `match`: what each effect does to each state. A dead lead
//! remembers why it died (unreachable or refused), because only the first is revived by
//! corrected contact details; everything else the table needs is the status itself.
//!
//! | state \ effect | contact  | wrong details | refusal     | details corrected | sale   | none |
//! |----------------|----------|---------------|-------------|-------------------|--------|------|
//! | lead           | prospect | unreachable   | refused     | lead              | client | =    |
//! | unreachable    | prospect | unreachable   | refused     | lead              | client | =    |
//! | refused (lead) | prospect | refused       | refused     | refused           | client | =    |
//! | prospect       | prospect | prospect      | dead prosp. | prospect          | client | =    |
//! | dead prospect  | prospect | dead prosp.   | dead prosp. | dead prospect     | client | =    |
//! | client         | client   | client        | client      | client            | client | =    |

use super::fact::Effect;
use super::status::Status;

/// A state of the lifecycle: a [`Status`], with the reason a dead lead died.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum State {
    /// Not reached yet.
    Lead,
    /// A dead lead whose details were wrong: corrected details revive it.
    Unreachable,
    /// A dead lead that refused at first contact: only a later conversation revives it.
    RefusedLead,
    /// Reached.
    Prospect,
    /// A prospect that refused.
    DeadProspect,
    /// Sold to; final.
    Client,
}

impl State {
    /// Every party starts as a lead: a contact with no contact action yet.
    pub(crate) const START: State = State::Lead;

    /// The status shown for this state.
    pub(crate) fn status(self) -> Status {
        match self {
            State::Lead => Status::Lead,
            State::Unreachable | State::RefusedLead => Status::DeadLead,
            State::Prospect => Status::Prospect,
            State::DeadProspect => Status::DeadProspect,
            State::Client => Status::Client,
        }
    }

    /// The state after `effect`: the table above, row by row.
    pub(crate) fn after(self, effect: Effect) -> State {
        use Effect as E;
        use State as S;
        match (self, effect) {
            // A sale makes a client, and a client stays a client whatever follows.
            (S::Client, _) | (_, E::Sale) => S::Client,
            (state, E::None) => state,
            // A conversation makes (or makes again) a prospect, whatever came before.
            (_, E::Contact) => S::Prospect,
            (S::Lead | S::Unreachable, E::WrongDetails) => S::Unreachable,
            (S::Lead | S::Unreachable, E::Refusal) => S::RefusedLead,
            (S::Lead | S::Unreachable, E::DetailsCorrected) => S::Lead,
            // A refusal outweighs what we learn about the details afterwards.
            (S::RefusedLead, E::WrongDetails | E::Refusal | E::DetailsCorrected) => S::RefusedLead,
            // A prospect was reached once: wrong details are a data problem, not a death.
            (S::Prospect, E::WrongDetails | E::DetailsCorrected) => S::Prospect,
            (S::Prospect | S::DeadProspect, E::Refusal) => S::DeadProspect,
            (S::DeadProspect, E::WrongDetails | E::DetailsCorrected) => S::DeadProspect,
        }
    }
}
