//! The client search ([`crate::search`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClientHit {
    /// Client code.
    pub c_client: String,
    /// Client name.
    pub nom_client: String,
    /// Town.
    pub ville_fac: Option<String>,
    /// Postal code.
    pub bur_dis_fac: Option<String>,
    /// Agency.
    pub c_agence: Option<String>,
    /// In the rep's own portfolio (listed first).
    pub in_portfolio: bool,
}

/// Search results, capped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchResult {
    /// Matches, own portfolio first, then by name.
    pub hits: Vec<ClientHit>,
    /// More matched than were returned: the rep should type more.
    pub truncated: bool,
}
