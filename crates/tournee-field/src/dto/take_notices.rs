//! The home screen's notices of refused takes ([`crate::take_notices`], issue 15): a lead
//! the rep took from the pool offline that someone else had taken first.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A take of a pool lead the server refused, shown on the home screen until the rep has
/// seen it (« J'ai vu », as the declined modification requests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TakeNotice {
    /// The take's change id (what « J'ai vu » remembers).
    pub change_id: String,
    /// The lead.
    pub party_id: String,
    /// The lead's name when the rep took it.
    pub party_name: String,
    /// Who had taken it first (login), as the server said; `None` when the server refused
    /// the take for another reason or did not say why (an older server).
    pub taker: Option<String>,
    /// The taker's name from the snapshot's directory (their login when not in it).
    pub taker_name: Option<String>,
    /// The server's reason code (`not_allowed`).
    pub reason: String,
    /// When the rep took it (RFC 3339, laptop clock).
    pub taken_at: String,
}
