//! How a refused command reaches the window: a stable code, the rep's sentence and the
//! fields to point at ([`crate::error::FieldError::to_command_error`] fills them).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One field that failed a rule, with the message in the rep's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    /// ERP column, form group id or pseudo field (`visit_date`, `snapshot_dir`…).
    pub field: String,
    /// The sentence shown next to the field.
    pub message: String,
}

/// What every command returns on failure: a stable code for the code, a sentence for
/// the rep, and the field(s) to point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommandError {
    /// Stable code (`visit_date_in_future`, `disk_full`, `not_configured`…).
    pub code: String,
    /// The first field concerned, if any.
    pub field: Option<String>,
    /// The whole message in the rep's language.
    pub message: String,
    /// Every field concerned, each with its own message.
    pub problems: Vec<Problem>,
}
