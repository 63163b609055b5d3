//! A party's status and last action from its actions as a database stores them (texts):
//! what every list and export of parties computes per row. The back office's and the
//! laptop's contacts CSV both call [`summarize_actions`], so the two files cannot disagree
//! on a status or on which action is the last one.

use chrono::NaiveDate;

use super::{status, Fact, FactKind, Outcome, Status};
use crate::action_types::{action_type, ActionType};

/// One action as stored: its texts, borrowed from the row that was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredAction<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its day, `YYYY-MM-DD`.
    pub date: &'a str,
    /// Its time, `HH:MM`, when given.
    pub time: Option<&'a str>,
    /// Its type's code.
    pub action_type: &'a str,
    /// Its outcome's code, when given.
    pub outcome: Option<&'a str>,
}

/// A stored action that does not read: the column concerned, the action, the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("action {id}: {column} {value:?} does not read")]
pub struct StoredActionError {
    /// The column (`date` or `outcome`).
    pub column: &'static str,
    /// The action's id.
    pub id: String,
    /// The stored value.
    pub value: String,
}

/// What a list line says of a party's actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionsSummary {
    /// The lifecycle status they give (each counted as a contact as its type says; a code
    /// no longer listed does not count).
    pub status: Status,
    /// The position in the slice of the last action (by day, time, id), if any.
    pub last: Option<usize>,
}

/// The status and the last action of a party with these `actions`, with the admin's
/// action `types`; an error names the first action whose day or outcome does not read.
pub fn summarize_actions(
    actions: &[StoredAction<'_>],
    types: &[ActionType],
) -> Result<ActionsSummary, StoredActionError> {
    let mut facts = Vec::with_capacity(actions.len());
    for action in actions {
        facts.push(Fact {
            date: stored_date(action)?,
            id: action.id.to_string(),
            kind: FactKind::Action {
                counts_as_contact: action_type(types, action.action_type)
                    .is_some_and(|t| t.counts_as_contact),
                outcome: stored_outcome(action)?,
            },
        });
    }
    let last = actions
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| (a.date, a.time, a.id).cmp(&(b.date, b.time, b.id)))
        .map(|(at, _)| at);
    Ok(ActionsSummary {
        status: status(&facts),
        last,
    })
}

fn stored_date(action: &StoredAction<'_>) -> Result<NaiveDate, StoredActionError> {
    NaiveDate::parse_from_str(action.date, "%Y-%m-%d").map_err(|_| StoredActionError {
        column: "date",
        id: action.id.to_string(),
        value: action.date.to_string(),
    })
}

fn stored_outcome(action: &StoredAction<'_>) -> Result<Option<Outcome>, StoredActionError> {
    let Some(code) = action.outcome else {
        return Ok(None);
    };
    serde_json::from_value(serde_json::Value::from(code))
        .map(Some)
        .map_err(|_| StoredActionError {
            column: "outcome",
            id: action.id.to_string(),
            value: code.to_string(),
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic is how a test reports failure

    use super::*;
    use crate::default_action_types;

    fn stored<'a>(
        id: &'a str,
        date: &'a str,
        time: Option<&'a str>,
        action_type: &'a str,
        outcome: Option<&'a str>,
    ) -> StoredAction<'a> {
        StoredAction {
            id,
            date,
            time,
            action_type,
            outcome,
        }
    }

    #[test]
    fn the_status_follows_the_contacts_and_the_last_action_is_by_day_time_then_id() {
        let actions = [
            stored("A2", "2026-11-19", None, "mail", None),
            stored("A1", "2026-11-18", Some("09:00"), "appel", Some("positive")),
            stored("A3", "2026-11-19", Some("08:00"), "note", None),
        ];
        let summary = summarize_actions(&actions, &default_action_types()).unwrap();
        assert_eq!(summary.status, Status::Prospect);
        // Same day: an action with a time comes after one without (text order of the
        // stored values, as both exports always did).
        assert_eq!(summary.last, Some(2));
    }

    #[test]
    fn no_action_is_a_lead_with_no_last_action() {
        let summary = summarize_actions(&[], &default_action_types()).unwrap();
        assert_eq!(
            summary,
            ActionsSummary {
                status: Status::Lead,
                last: None
            }
        );
    }

    #[test]
    fn an_unknown_type_is_no_contact_and_a_bad_stored_value_names_its_column() {
        let unknown = [stored("A1", "2026-11-18", None, "retiré", Some("positive"))];
        let summary = summarize_actions(&unknown, &default_action_types()).unwrap();
        assert_eq!(summary.status, Status::Lead);
        let bad_day = [stored("A1", "18/11/2026", None, "appel", None)];
        let error = summarize_actions(&bad_day, &default_action_types()).unwrap_err();
        assert_eq!((error.column, error.id.as_str()), ("date", "A1"));
        let bad_outcome = [stored("A2", "2026-11-18", None, "appel", Some("maybe"))];
        let error = summarize_actions(&bad_outcome, &default_action_types()).unwrap_err();
        assert_eq!((error.column, error.value.as_str()), ("outcome", "maybe"));
    }
}
