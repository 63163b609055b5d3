//! What the offline data says about itself: who the reps are (its user table), how fresh
//! it is, and what « actualiser » did ([`crate::snapshot`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::AppStatus;

/// Who the rep is, from the snapshot's user table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserIdentity {
    /// OS login, as in change file names.
    pub windows_user: String,
    /// ERP user code (`c_user`).
    pub erp_code: String,
    /// Name shown in the header.
    pub display_name: String,
    /// Admins see every rep's statistics and calendar.
    pub is_admin: bool,
}

/// How recent the offline data is: drives the green/red bar on every screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Freshness {
    /// Generation in use.
    pub generation: String,
    /// When the server made it (RFC 3339).
    pub generated_at: String,
    /// The server's expiry setting.
    pub expiry_hours: u32,
    /// Older than the expiry: the bar turns red.
    pub stale: bool,
    /// Whole hours since the server made it, on the laptop's clock (why the bar is red).
    pub age_hours: u32,
    /// A newer snapshot has arrived since it was opened: « actualiser » switches to it.
    pub newer_available: bool,
}

/// What « actualiser » did: whether a newer snapshot was switched to, and the state after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RefreshOutcome {
    /// A newer snapshot had arrived and is now in use; false: nothing newer was there.
    pub switched: bool,
    /// The app's state after (the bar's colour follows its freshness).
    pub status: AppStatus,
}
