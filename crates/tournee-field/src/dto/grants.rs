//! What the policy in force lets the user read and write ([`crate::grants`]): the window
//! hides what the user may not write (« Nouvelle campagne » for a rep under brief 003's
//! policy, « Prendre » for an observer) rather than letting the server refuse it after the
//! sync. The server still decides every write.

use serde::{Deserialize, Serialize};
use tournee_core::{Entity, Scope};
use ts_rs::TS;

/// The user's grants, one line per entity this app knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserGrants {
    /// False when the snapshot does not say (a server older than the `grants` row): every
    /// line then reads and writes `all`, so everything is offered as before.
    pub known: bool,
    /// Each entity's scopes, in the policy's order.
    pub grants: Vec<EntityGrant>,
}

/// How far the user reads and writes one entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EntityGrant {
    /// The entity.
    pub entity: Entity,
    /// How far the user reads it.
    pub read: Scope,
    /// How far the user writes it (`none`: its create buttons are hidden).
    pub write: Scope,
}
