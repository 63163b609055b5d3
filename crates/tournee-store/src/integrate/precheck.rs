//! The checks of a change that need neither the master nor the other changes of its
//! batch. The server runs them on the thread that reads the files, ahead of the SQL,
//! so that the integrating thread (the pass's critical path: issue 12 measured these
//! checks at about a sixth of its time) only runs what needs the database. Their results
//! are consulted where the checks used to run, so a refused change gets the same first
//! reason as before.

use tournee_core::DomainError;
use tournee_sync::{ChangeBody, Envelope, Rejection};

use super::checks::visit_answers;
use super::IntegrationContext;

/// What the database-free checks of one change found.
#[derive(Debug, Clone)]
pub struct Precheck {
    /// The content rules of every field (sync-spec section 5).
    pub(crate) content: Result<(), Vec<DomainError>>,
    /// For a client visit: its date and answers checked, and the answers as stored JSON.
    pub(crate) visit_answers: Option<Result<String, Rejection>>,
}

/// Runs the database-free checks of `envelope` with the pass's parameters.
pub fn precheck(ctx: &IntegrationContext, envelope: &Envelope) -> Precheck {
    let visit_answers = match &envelope.body {
        ChangeBody::VC(visit) => Some(visit_answers(ctx, envelope, &visit.visit)),
        _ => None,
    };
    Precheck {
        content: tournee_sync::check_content(envelope),
        visit_answers,
    }
}
