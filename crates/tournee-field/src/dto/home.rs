//! The home screen's two tables ([`crate::home`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A row of the home screen's tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HomeRow {
    /// Client code.
    pub c_client: String,
    /// Client name.
    pub nom_client: String,
    /// Agency code.
    pub c_agence: Option<String>,
    /// Revisit date, the pending one when the rep changed it.
    pub date_revoir: Option<String>,
    /// Days from today to the revisit date (negative: overdue).
    pub revisit_in_days: Option<i32>,
    /// Last visit day, a pending visit included.
    pub last_visit: Option<String>,
    /// Days since the last visit.
    pub days_since_visit: Option<i32>,
    /// The revisit date is the rep's, not yet integrated.
    pub revisit_pending: bool,
}
