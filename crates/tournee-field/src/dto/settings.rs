//! The set-up screen and the header: the rep's own settings ([`crate::settings`]) and the
//! app's state the header shows.

use serde::{Deserialize, Serialize};
use tournee_core::Lang;
use ts_rs::TS;

use super::{CommandError, Freshness, UserIdentity};

/// The app's state as the header and the first-run screen need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppStatus {
    /// False on first run: the set-up screen is shown.
    pub configured: bool,
    /// The OS login, suggested as identity.
    pub os_user: String,
    /// The rep, once configured.
    pub user: Option<UserIdentity>,
    /// Synced folder the snapshots arrive in.
    pub snapshot_dir: Option<String>,
    /// Synced folder the change files leave from.
    pub outbox_dir: Option<String>,
    /// Offline data in use.
    pub freshness: Option<Freshness>,
    /// Language of the labels and messages.
    pub lang: Lang,
    /// The laptop's local date.
    pub today: String,
    /// Changes written and not yet seen integrated.
    pub pending_changes: u32,
    /// Why the offline data could not be opened, when it could not (set-up screen): a
    /// code and its values, worded by the UI.
    pub problem: Option<CommandError>,
}

/// What the set-up screen learns from the folders the rep picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetupPreview {
    /// The user the snapshot folder belongs to (its manifest).
    pub manifest_user: String,
    /// The user table of that snapshot.
    pub users: Vec<UserIdentity>,
    /// The OS login when it is in the table, else the manifest's user.
    pub suggested_user: Option<String>,
}

/// The first-run choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetupInput {
    /// OS login chosen.
    pub user: String,
    /// Snapshot folder.
    pub snapshot_dir: String,
    /// Outbox folder.
    pub outbox_dir: String,
}
