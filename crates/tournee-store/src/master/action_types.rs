//! The admin's changes to the action types (the `action_types` parameter): add one, edit
//! one, move one up or down the list, delete one nobody used. Each change is checked as
//! a whole list ([`tournee_core::check_action_types`], the rule `Parameters::problems`
//! applies) and saved with the other parameters, so the next snapshots carry it.
//!
//! A type's code never changes once created: actions carry it, so renaming the label never
//! touches them. A type some action uses is deactivated, never deleted (an action would
//! be left with a code nobody can read). When a type's `counts_as_contact` changes, every
//! party's status is recomputed in the same transaction (`party.status` follows the rule
//! in force, as the laptops' own computation will).

use rusqlite::Connection;
use tournee_core::{check_action_types, ActionType, ActionTypeProblem};

use crate::error::StoreError;
use crate::master::params::Parameters;
use crate::records::refresh_all_statuses;

/// Why a change to the action types was not made.
#[derive(Debug, thiserror::Error)]
pub enum ActionTypeError {
    /// The list after the change breaks a rule (each problem names its type).
    #[error("action types refused: {0:?}")]
    Problems(Vec<ActionTypeProblem>),
    /// No type has this code.
    #[error("no action type {0:?}")]
    Unknown(String),
    /// Deleting a type that actions use: deactivate it instead.
    #[error("action type {code:?} is used by {actions} actions")]
    InUse {
        /// The type's code.
        code: String,
        /// How many actions of the master carry it.
        actions: u64,
    },
    /// The master could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ActionTypeError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Store(error.into())
    }
}

/// What the admin sets on a type (everything but its code, which never changes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionTypeSettings {
    /// Shown label.
    pub label: String,
    /// Icon.
    pub icon: tournee_core::ActionIcon,
    /// Counts as a contact for the lifecycle.
    pub counts_as_contact: bool,
    /// An outcome must be chosen when it is logged.
    pub needs_outcome: bool,
    /// Offered to the reps.
    pub active: bool,
}

impl ActionTypeSettings {
    fn into_type(self, code: String) -> ActionType {
        ActionType {
            code,
            label: self.label.trim().to_string(),
            icon: self.icon,
            counts_as_contact: self.counts_as_contact,
            needs_outcome: self.needs_outcome,
            active: self.active,
        }
    }
}

/// How many actions of the master carry type `code` (deleted ones aside).
pub fn action_type_uses(conn: &Connection, code: &str) -> Result<u64, StoreError> {
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM action WHERE action_type = ?1")?
        .query_row([code], |r| r.get(0))?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// Adds a type at the end of the list.
pub fn add_action_type(
    conn: &Connection,
    code: &str,
    settings: ActionTypeSettings,
) -> Result<(), ActionTypeError> {
    change(conn, |types| {
        types.push(settings.into_type(code.trim().to_string()));
        Ok(())
    })
}

/// Sets everything but the code of type `code`.
pub fn edit_action_type(
    conn: &Connection,
    code: &str,
    settings: ActionTypeSettings,
) -> Result<(), ActionTypeError> {
    change(conn, |types| {
        let at = position(types, code)?;
        types[at] = settings.into_type(code.to_string());
        Ok(())
    })
}

/// Moves type `code` one place up (`up`) or down the list; at an end, nothing moves.
pub fn move_action_type(conn: &Connection, code: &str, up: bool) -> Result<(), ActionTypeError> {
    change(conn, |types| {
        let at = position(types, code)?;
        let to = if up {
            at.checked_sub(1)
        } else {
            Some(at + 1).filter(|to| *to < types.len())
        };
        if let Some(to) = to {
            types.swap(at, to);
        }
        Ok(())
    })
}

/// Deletes type `code`, which no action may use.
pub fn delete_action_type(conn: &Connection, code: &str) -> Result<(), ActionTypeError> {
    let actions = action_type_uses(conn, code)?;
    if actions > 0 {
        return Err(ActionTypeError::InUse {
            code: code.to_string(),
            actions,
        });
    }
    change(conn, |types| {
        let at = position(types, code)?;
        types.remove(at);
        Ok(())
    })
}

fn position(types: &[ActionType], code: &str) -> Result<usize, ActionTypeError> {
    types
        .iter()
        .position(|t| t.code == code)
        .ok_or_else(|| ActionTypeError::Unknown(code.to_string()))
}

/// Applies `edit` to the stored list, checks the result and saves it with the other
/// parameters; recomputes the parties' statuses when a type's contact flag changed. The
/// caller runs it in a transaction if it wants the save and the statuses as one.
fn change(
    conn: &Connection,
    edit: impl FnOnce(&mut Vec<ActionType>) -> Result<(), ActionTypeError>,
) -> Result<(), ActionTypeError> {
    let mut params = Parameters::load(conn)?;
    let before = params.action_types.clone();
    edit(&mut params.action_types)?;
    let problems = check_action_types(&params.action_types);
    if !problems.is_empty() {
        return Err(ActionTypeError::Problems(problems));
    }
    params.save(conn)?;
    let contact = |types: &[ActionType], code: &str| {
        types
            .iter()
            .find(|t| t.code == code)
            .is_some_and(|t| t.counts_as_contact)
    };
    let contact_changed = before
        .iter()
        .chain(&params.action_types)
        .any(|t| contact(&before, &t.code) != contact(&params.action_types, &t.code));
    if contact_changed {
        refresh_all_statuses(conn, &params.action_types)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tournee_core::{default_action_types, ActionIcon, TODO_DONE_TYPE};

    fn master() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::master::migrate::migrate(&mut conn).unwrap();
        conn
    }

    fn settings(label: &str) -> ActionTypeSettings {
        ActionTypeSettings {
            label: label.into(),
            icon: ActionIcon::Letter,
            counts_as_contact: true,
            needs_outcome: false,
            active: true,
        }
    }

    fn codes(conn: &Connection) -> Vec<String> {
        Parameters::load(conn)
            .unwrap()
            .action_types
            .into_iter()
            .map(|t| t.code)
            .collect()
    }

    #[test]
    fn a_type_is_added_edited_moved_and_deleted_through_the_stored_parameter() {
        let conn = master();
        add_action_type(&conn, "salon", settings(" Salon professionnel ")).unwrap();
        let stored = Parameters::load(&conn).unwrap().action_types;
        let salon = stored.last().unwrap();
        assert_eq!(
            (salon.code.as_str(), salon.label.as_str()),
            ("salon", "Salon professionnel")
        );
        edit_action_type(
            &conn,
            "salon",
            ActionTypeSettings {
                active: false,
                ..settings("Salon")
            },
        )
        .unwrap();
        assert!(
            !Parameters::load(&conn)
                .unwrap()
                .action_types
                .last()
                .unwrap()
                .active
        );
        move_action_type(&conn, "salon", true).unwrap();
        let mut expected: Vec<String> =
            default_action_types().into_iter().map(|t| t.code).collect();
        expected.insert(expected.len() - 1, "salon".into());
        assert_eq!(codes(&conn), expected);
        move_action_type(&conn, "appel", true).unwrap();
        assert_eq!(codes(&conn), expected, "the first stays first");
        delete_action_type(&conn, "salon").unwrap();
        assert!(!codes(&conn).contains(&"salon".to_string()));
    }

    #[test]
    fn a_bad_list_is_refused_and_nothing_is_saved() {
        let conn = master();
        let refused = add_action_type(&conn, "Appel!", settings("x")).unwrap_err();
        assert!(
            matches!(&refused, ActionTypeError::Problems(p) if p == &[ActionTypeProblem::CodeShape("Appel!".into())]),
            "{refused:?}"
        );
        let twice = add_action_type(&conn, "appel", settings("Appel bis")).unwrap_err();
        assert!(matches!(twice, ActionTypeError::Problems(_)), "{twice:?}");
        let done = edit_action_type(
            &conn,
            TODO_DONE_TYPE,
            ActionTypeSettings {
                active: false,
                ..settings("Tâche")
            },
        )
        .unwrap_err();
        assert!(
            matches!(&done, ActionTypeError::Problems(p) if p == &[ActionTypeProblem::TodoDoneTypeMissing]),
            "{done:?}"
        );
        assert!(matches!(
            edit_action_type(&conn, "fax", settings("Fax")),
            Err(ActionTypeError::Unknown(_))
        ));
        assert_eq!(
            Parameters::load(&conn).unwrap().action_types,
            default_action_types()
        );
    }

    #[test]
    fn a_type_in_use_is_not_deleted() {
        let conn = master();
        conn.execute(
            "INSERT INTO action (id, party_id, action_type, date, created_by, created_at, change_id) \
             VALUES ('A1', 'P1', 'courrier', '2026-11-02', 'jd', 't', 'c')",
            [],
        )
        .unwrap();
        let refused = delete_action_type(&conn, "courrier").unwrap_err();
        assert!(
            matches!(refused, ActionTypeError::InUse { actions: 1, .. }),
            "{refused:?}"
        );
        assert!(codes(&conn).contains(&"courrier".to_string()));
    }

    #[test]
    fn a_change_of_contact_flag_recomputes_the_statuses() {
        let conn = master();
        conn.execute_batch(
            "INSERT INTO party (id, kind, name, created_by, created_at, change_id) \
               VALUES ('P1', 'company', 'Garage', 'jd', 't', 'c1'); \
             INSERT INTO action (id, party_id, action_type, date, created_by, created_at, change_id) \
               VALUES ('A1', 'P1', 'courrier', '2026-11-02', 'jd', 't', 'c2');",
        )
        .unwrap();
        let status = |conn: &Connection| -> String {
            conn.query_row("SELECT status FROM party", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(status(&conn), "lead");
        edit_action_type(&conn, "courrier", settings("Courrier")).unwrap();
        assert_eq!(
            status(&conn),
            "prospect",
            "a letter now counts as a contact"
        );
    }
}
