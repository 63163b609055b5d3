//! The field app's updates, as the window shows them (« Une mise à jour est disponible »,
//! and the line of « Réglages »).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where updates stand on this laptop.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UpdateStatus {
    /// Whether this build can take updates: built with the release key's public half.
    /// Without one the app never offers an update, and « Réglages » says so.
    pub enabled: bool,
    /// Whether the laptop is enrolled on the built-in transport, which brings updates.
    pub enrolled: bool,
    /// The running version.
    pub current: String,
    /// The newer version the server publishes, when there is one.
    pub offered: Option<String>,
    /// Its release notes.
    pub notes: Option<String>,
    /// Whether it is being downloaded and installed now.
    pub installing: bool,
    /// When updates were last asked for, local time `YYYY-MM-DD HH:MM`.
    pub last_check: Option<String>,
    /// Why the last check failed (technical; the offer, if any, stays).
    pub last_error: Option<String>,
    /// Why the last installation failed (technical, shown after the window's own
    /// sentence « La mise à jour n'a pas été installée »).
    pub install_error: Option<String>,
}
