//! What the policy in force lets this user read and write, as the server wrote it in the
//! snapshot (`config` row `grants`, sync-spec §7 « The user's own rows »; issue 15). Read
//! once per snapshot opened, with the other parameters.
//!
//! The window hides the buttons of what the user may not write; the server still decides
//! every write, so reading is lenient: a snapshot without the row (an older server), a row
//! that does not read, an entity the row does not name (a server older than that entity)
//! or a scope this app does not know leaves the entity read and written `all`, offered as
//! before the row existed.

use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};
use tournee_core::{Entity, Scope};
use tournee_sync::GRANTS_KEY;

use crate::dto::{EntityGrant, UserGrants};
use crate::error::Result;

/// The user's grants from the snapshot's `grants` row.
pub fn read(conn: &Connection) -> Result<UserGrants> {
    let text: Option<String> = conn
        .query_row(
            "SELECT value_json FROM config WHERE key = ?1",
            [GRANTS_KEY],
            |r| r.get(0),
        )
        .optional()?;
    let Some(text) = text else {
        return Ok(unknown());
    };
    // Unreadable, it only costs the hiding: the snapshot still opens, the server decides.
    let row: Map<String, Value> = match serde_json::from_str(&text) {
        Ok(row) => row,
        Err(error) => {
            tracing::warn!(%error, "snapshot config {GRANTS_KEY} unreadable: everything offered");
            return Ok(unknown());
        }
    };
    Ok(UserGrants {
        known: true,
        grants: Entity::ALL
            .iter()
            .map(|&entity| {
                let cell = row.get(entity.code());
                EntityGrant {
                    entity,
                    read: scope(cell, "read"),
                    write: scope(cell, "write"),
                }
            })
            .collect(),
    })
}

/// What a snapshot without the row gives: everything, as the app offered before.
pub fn unknown() -> UserGrants {
    UserGrants {
        known: false,
        grants: Entity::ALL
            .iter()
            .map(|&entity| EntityGrant {
                entity,
                read: Scope::All,
                write: Scope::All,
            })
            .collect(),
    }
}

/// One scope of a grant cell; `all` when it is absent or not one this app knows.
fn scope(cell: Option<&Value>, access: &str) -> Scope {
    cell.and_then(|c| c.get(access))
        .and_then(Value::as_str)
        .and_then(Scope::from_code)
        .unwrap_or(Scope::All)
}

impl UserGrants {
    /// How far the user writes `entity` (`all` for an entity without a line).
    pub fn write(&self, entity: Entity) -> Scope {
        self.grants
            .iter()
            .find(|g| g.entity == entity)
            .map_or(Scope::All, |g| g.write)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot_with(row: Option<&str>) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE config (key TEXT PRIMARY KEY, value_json TEXT NOT NULL);")
            .unwrap();
        if let Some(row) = row {
            conn.execute("INSERT INTO config VALUES ('grants', ?1)", [row])
                .unwrap();
        }
        conn
    }

    #[test]
    fn a_snapshot_without_the_row_offers_everything_as_before() {
        let grants = read(&snapshot_with(None)).unwrap();
        assert!(!grants.known);
        assert_eq!(grants.grants.len(), Entity::ALL.len());
        assert_eq!(grants.write(Entity::Campaign), Scope::All);
    }

    #[test]
    fn the_row_is_read_per_entity_and_what_it_does_not_say_stays_allowed() {
        let conn = snapshot_with(Some(
            r#"{"campaign": {"read": "all", "write": "none"},
                "party": {"read": "own", "write": "own"},
                "invoice": {"read": "all", "write": "all"},
                "quote": {"read": "all", "write": "everything"}}"#,
        ));
        let grants = read(&conn).unwrap();
        assert!(grants.known);
        assert_eq!(grants.write(Entity::Campaign), Scope::None);
        assert_eq!(grants.write(Entity::Party), Scope::Own);
        // A scope this app does not know, an entity the row does not name: the server decides.
        assert_eq!(grants.write(Entity::Quote), Scope::All);
        assert_eq!(grants.write(Entity::Meeting), Scope::All);
    }

    #[test]
    fn a_row_that_does_not_read_still_opens_the_snapshot_and_offers_everything() {
        let grants = read(&snapshot_with(Some("not json"))).unwrap();
        assert_eq!(grants, unknown());
    }
}
