//! The lead-to-client lifecycle: a party's status (lead, dead lead, prospect, dead
//! prospect, client) is never typed by hand; [`lifecycle`] computes it from the party's
//! facts, with the history of its changes for the timeline. The whole table is in
//! [`table`] and in `docs/crm-lifecycle.md`.
//!
//! Change files reach the server and the laptops in any order, and the same fact may come
//! twice; the status must not depend on that. So the facts are first put in one canonical
//! order (date, then id, then kind: a total order on the facts themselves) with exact
//! repeats dropped, then folded through the table: any arrangement of the same set of
//! facts gives the same sequence, hence the same status and history.

mod fact;
mod status;
mod stored;
mod table;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use fact::{Effect, Fact, FactKind, Outcome};
pub use status::Status;
pub use stored::{summarize_actions, ActionsSummary, StoredAction, StoredActionError};
use table::State;

/// A change of status, with the fact that caused it: one line of the party's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// The status before.
    pub from: Status,
    /// The status after.
    pub to: Status,
    /// The fact that made it change (its date is the change's date).
    pub cause: Fact,
}

/// A party's status and how it got there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifecycle {
    /// The status now.
    pub status: Status,
    /// Each change of status, oldest first; empty for a lead nothing happened to.
    pub history: Vec<StatusChange>,
}

/// The status of a party with these facts, and its history. Pass each fact once in its
/// current state (an edited action with its latest outcome, a deleted one left out); the
/// order does not matter and exact repeats are ignored.
pub fn lifecycle(facts: &[Fact]) -> Lifecycle {
    let mut history = Vec::new();
    let status = fold(facts, |from, to, cause| {
        history.push(StatusChange {
            from,
            to,
            cause: cause.clone(),
        });
    });
    Lifecycle { status, history }
}

/// Only the status, for lists and counts (no history built).
pub fn status(facts: &[Fact]) -> Status {
    fold(facts, |_, _, _| {})
}

/// Applies the facts in canonical order (date, id, kind; exact repeats once) from the
/// start state, telling `on_change` each change of status; returns the final status.
fn fold(facts: &[Fact], mut on_change: impl FnMut(Status, Status, &Fact)) -> Status {
    let mut ordered: Vec<&Fact> = facts.iter().collect();
    ordered.sort_unstable();
    ordered.dedup();
    let mut state = State::START;
    for fact in ordered {
        let next = state.after(fact.kind.effect());
        if next.status() != state.status() {
            on_change(state.status(), next.status(), fact);
        }
        state = next;
    }
    state.status()
}
