//! Action types: what a rep can log on a party (a call, an e-mail, a meeting…). The admin
//! administers them as a parameter; each says whether it counts as a contact (for the
//! lifecycle: the first contact makes a lead a prospect) and whether an outcome must be
//! chosen when it is logged. Actions carry the type's code, so renaming a label never
//! touches the actions already logged.

use serde::{Deserialize, Serialize};

/// Longest action type code: the record change's `action_type` field bound (sync-spec §12).
pub const ACTION_TYPE_CODE_MAX: usize = 32;

/// Longest label shown for a type.
pub const ACTION_TYPE_LABEL_MAX: usize = 60;

/// The code of the type a todo marked done becomes (« Tâche faite »): it must exist, so
/// that a done todo always has an action to become.
pub const TODO_DONE_TYPE: &str = "tache";

/// The code of the call type (« Appel »): an action of this type is a call, which anyone
/// who may read the party may log (policy entity `call`, docs/policy.md « Calls »).
pub const CALL_TYPE: &str = "appel";

/// An action type as the admin defined it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActionType {
    /// Stored code (`appel`): lower-case letters, digits and `_`.
    pub code: String,
    /// Shown label (« Appel »).
    pub label: String,
    /// The icon the screens show beside it.
    pub icon: ActionIcon,
    /// Whether logging it counts as a contact with the party (a call does, a note does not).
    pub counts_as_contact: bool,
    /// Whether an outcome must be chosen when it is logged.
    pub needs_outcome: bool,
    /// An inactive type is no longer offered; actions already logged with it keep it.
    pub active: bool,
}

/// The icons a type may use: a fixed set, so that every screen can draw each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ActionIcon {
    /// A telephone.
    Phone,
    /// An envelope (e-mail).
    Mail,
    /// Two people (a meeting).
    Meeting,
    /// A map pin (a visit on site).
    Visit,
    /// A letter (post).
    Letter,
    /// A note.
    Note,
    /// A check mark (a task done).
    Task,
}

/// Every icon, in the order the admin's select offers them.
pub const ACTION_ICONS: [ActionIcon; 7] = [
    ActionIcon::Phone,
    ActionIcon::Mail,
    ActionIcon::Meeting,
    ActionIcon::Visit,
    ActionIcon::Letter,
    ActionIcon::Note,
    ActionIcon::Task,
];

impl ActionIcon {
    /// The stored name (`phone`), as serde writes it.
    pub fn code(self) -> &'static str {
        match self {
            ActionIcon::Phone => "phone",
            ActionIcon::Mail => "mail",
            ActionIcon::Meeting => "meeting",
            ActionIcon::Visit => "visit",
            ActionIcon::Letter => "letter",
            ActionIcon::Note => "note",
            ActionIcon::Task => "task",
        }
    }

    /// The icon stored as `code`, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        ACTION_ICONS.into_iter().find(|icon| icon.code() == code)
    }
}

/// The types of a new installation: briefs 000 and 003 name calls, e-mails, meetings and
/// visits; a letter and an internal note are what reps log besides; « Tâche faite » is the
/// action a done todo becomes.
pub fn default_action_types() -> Vec<ActionType> {
    [
        ("appel", "Appel", ActionIcon::Phone, true, true),
        ("email", "E-mail", ActionIcon::Mail, true, false),
        ("rdv", "Rendez-vous", ActionIcon::Meeting, true, false),
        ("visite", "Visite", ActionIcon::Visit, true, false),
        ("courrier", "Courrier", ActionIcon::Letter, false, false),
        ("note", "Note interne", ActionIcon::Note, false, false),
        (
            TODO_DONE_TYPE,
            "Tâche faite",
            ActionIcon::Task,
            false,
            false,
        ),
    ]
    .into_iter()
    .map(
        |(code, label, icon, counts_as_contact, needs_outcome)| ActionType {
            code: code.into(),
            label: label.into(),
            icon,
            counts_as_contact,
            needs_outcome,
            active: true,
        },
    )
    .collect()
}

/// What is wrong with a list of action types, each naming the type concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionTypeProblem {
    /// A code empty, too long, or with other characters than `a-z`, `0-9` and `_`.
    #[error("action type code {0:?}: 1 to 32 lower-case letters, digits or _")]
    CodeShape(String),
    /// The same code twice.
    #[error("action type code {0:?} twice")]
    Twice(String),
    /// A type without a label, or with one longer than [`ACTION_TYPE_LABEL_MAX`].
    #[error("action type {0:?}: a label of 1 to 60 characters")]
    Label(String),
    /// No active type at all: nothing could be logged.
    #[error("no active action type")]
    NoneActive,
    /// The type a done todo becomes is missing or inactive.
    #[error("the action type {TODO_DONE_TYPE:?} must exist and be active")]
    TodoDoneTypeMissing,
}

/// Every problem of `types`, in the list's order (empty when the list is valid).
pub fn check_action_types(types: &[ActionType]) -> Vec<ActionTypeProblem> {
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for t in types {
        let shape_ok = !t.code.is_empty()
            && t.code.len() <= ACTION_TYPE_CODE_MAX
            && t.code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !shape_ok {
            problems.push(ActionTypeProblem::CodeShape(t.code.clone()));
        }
        if !seen.insert(t.code.as_str()) {
            problems.push(ActionTypeProblem::Twice(t.code.clone()));
        }
        let label = t.label.trim();
        if label.is_empty() || label.chars().count() > ACTION_TYPE_LABEL_MAX {
            problems.push(ActionTypeProblem::Label(t.code.clone()));
        }
    }
    if !types.iter().any(|t| t.active) {
        problems.push(ActionTypeProblem::NoneActive);
    }
    if !types.iter().any(|t| t.active && t.code == TODO_DONE_TYPE) {
        problems.push(ActionTypeProblem::TodoDoneTypeMissing);
    }
    problems
}

/// The type stored as `code` in `types`, active or not (an action logged before the
/// type was deactivated still shows its label).
pub fn action_type<'a>(types: &'a [ActionType], code: &str) -> Option<&'a ActionType> {
    types.iter().find(|t| t.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_include_the_done_todo_type() {
        let types = default_action_types();
        assert_eq!(check_action_types(&types), vec![]);
        let done = action_type(&types, TODO_DONE_TYPE).map(|t| t.counts_as_contact);
        assert_eq!(done, Some(false), "a done todo is not a contact");
        let call = action_type(&types, "appel");
        assert_eq!(
            call.map(|t| (t.counts_as_contact, t.needs_outcome)),
            Some((true, true))
        );
    }

    #[test]
    fn each_problem_names_its_type() {
        let mut types = default_action_types();
        types[0].code = "Appel!".into();
        types[1].code = "rdv".into();
        types[3].label = "  ".into();
        let problems = check_action_types(&types);
        assert_eq!(
            problems,
            vec![
                ActionTypeProblem::CodeShape("Appel!".into()),
                ActionTypeProblem::Twice("rdv".into()),
                ActionTypeProblem::Label("visite".into()),
            ]
        );
    }

    #[test]
    fn a_list_without_an_active_done_type_is_refused() {
        let mut types = default_action_types();
        types.retain(|t| t.code != TODO_DONE_TYPE);
        assert_eq!(
            check_action_types(&types),
            vec![ActionTypeProblem::TodoDoneTypeMissing]
        );
        for t in &mut types {
            t.active = false;
        }
        assert_eq!(
            check_action_types(&types),
            vec![
                ActionTypeProblem::NoneActive,
                ActionTypeProblem::TodoDoneTypeMissing
            ]
        );
    }

    #[test]
    fn icons_read_back_from_their_codes() {
        for icon in ACTION_ICONS {
            assert_eq!(ActionIcon::from_code(icon.code()), Some(icon));
            let json = serde_json::to_string(&icon).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", icon.code()));
        }
        assert_eq!(ActionIcon::from_code("rocket"), None);
    }
}
