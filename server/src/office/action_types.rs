//! The « Types d'action » page: what a rep can log on a party (a call, an e-mail…), as
//! the admin defines it: add a type, edit its label, icon and flags, reorder, deactivate,
//! delete one no action uses. Admins only. Every change goes through the store's checks
//! (`tournee_store::ActionTypeError`, the rule `Parameters::problems` applies); a refused
//! one comes back with each problem next to its field and what was typed kept. The
//! laptops receive the list with their next snapshot (the `config` row `action_types`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tournee_core::{ActionIcon, ActionType, ActionTypeProblem, ACTION_ICONS, TODO_DONE_TYPE};
use tournee_store::{
    action_type_uses, add_action_type, delete_action_type, edit_action_type, move_action_type,
    ActionTypeError, ActionTypeSettings, ParameterReason, Parameters,
};

use super::auth::{Admin, Signed};
use super::checked_form::{CheckedForm, NoFields};
use super::common::{form_page, not_found, who, with_db, SavedQuery};
use super::error::PageError;
use super::form::ticked;
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{parameter_reason, Sentence, OFFICE};

/// Longest code or label read from a form: anything longer is refused by the rules
/// anyway; the bound keeps a hostile form from being echoed back whole.
const TYPED_MAX_CHARS: usize = 200;

/// A type as typed in the new-type form or in a type's form (the code only when new).
#[derive(Deserialize)]
pub struct TypeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    icon: String,
    #[serde(default, deserialize_with = "ticked")]
    counts_as_contact: bool,
    #[serde(default, deserialize_with = "ticked")]
    needs_outcome: bool,
    #[serde(default, deserialize_with = "ticked")]
    active: bool,
}

/// Which way a type moves in the list.
#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    direction: String,
}

/// What one type's form shows: the stored values, or what was typed if it was refused.
struct Shown {
    code: String,
    label: String,
    icon: String,
    counts_as_contact: bool,
    needs_outcome: bool,
    active: bool,
}

impl Shown {
    fn of(t: &ActionType) -> Self {
        Self {
            code: t.code.clone(),
            label: t.label.clone(),
            icon: t.icon.code().to_string(),
            counts_as_contact: t.counts_as_contact,
            needs_outcome: t.needs_outcome,
            active: t.active,
        }
    }

    fn typed(form: &TypeForm, code: &str) -> Self {
        Self {
            code: bounded(code),
            label: bounded(&form.label),
            icon: bounded(&form.icon),
            counts_as_contact: form.counts_as_contact,
            needs_outcome: form.needs_outcome,
            active: form.active,
        }
    }

    /// A new type's form before anything is typed: active, counts as a contact.
    fn blank() -> Self {
        Self {
            code: String::new(),
            label: String::new(),
            icon: ActionIcon::Phone.code().to_string(),
            counts_as_contact: true,
            needs_outcome: false,
            active: true,
        }
    }
}

fn bounded(text: &str) -> String {
    text.chars().take(TYPED_MAX_CHARS).collect()
}

/// A problem of a refused form, with the field it is about (`code`, `label`, `icon`,
/// `active`, or `type` for the type as a whole).
struct FieldError {
    field: &'static str,
    message: String,
}

/// One row of the list and its form.
struct Row {
    /// `edit-<code>`: the form's key, for errors and ids.
    key: String,
    shown: Shown,
    /// How many actions carry the type (a used one is deactivated, not deleted).
    uses: u64,
    icon_label: String,
    errors: Vec<FieldError>,
    first: bool,
    last: bool,
    /// The type a done todo becomes: it stays active.
    todo_done: bool,
}

impl Row {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

#[derive(Template)]
#[template(path = "office/action_types.html")]
struct ActionTypesPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    notice: Option<String>,
    rows: Vec<Row>,
    new: Row,
    /// `(code, label)` of every icon.
    icons: Vec<(&'static str, String)>,
    refused: bool,
}

/// A refusal: the form it is about, what was typed there, and the problems by field.
struct Refusal {
    form: String,
    typed: Option<Shown>,
    errors: Vec<FieldError>,
}

fn icon_label(code: &str) -> String {
    let sentence = match ActionIcon::from_code(code) {
        Some(ActionIcon::Phone) => Sentence::IconPhone,
        Some(ActionIcon::Mail) => Sentence::IconMail,
        Some(ActionIcon::Meeting) => Sentence::IconMeeting,
        Some(ActionIcon::Visit) => Sentence::IconVisit,
        Some(ActionIcon::Letter) => Sentence::IconLetter,
        Some(ActionIcon::Note) => Sentence::IconNote,
        Some(ActionIcon::Task) | None => Sentence::IconTask,
    };
    sentence.office(&[])
}

/// The page with the stored types and, if a change was refused, its problems in place.
async fn page(
    state: &OfficeState,
    signed: &Signed,
    notice: Option<String>,
    refusal: Option<Refusal>,
) -> Result<Response, PageError> {
    let types_and_uses = with_db(state, |conn| {
        let types = Parameters::load(conn)?.action_types;
        let mut rows = Vec::with_capacity(types.len());
        for t in types {
            let uses = action_type_uses(conn, &t.code)?;
            rows.push((t, uses));
        }
        Ok(rows)
    })
    .await?;
    let mut refusal = refusal;
    let count = types_and_uses.len();
    let mut rows = Vec::with_capacity(count);
    for (i, (t, uses)) in types_and_uses.into_iter().enumerate() {
        let key = format!("edit-{}", t.code);
        let (shown, errors) = match refusal.take_if(|r| r.form == key) {
            Some(r) => (r.typed.unwrap_or_else(|| Shown::of(&t)), r.errors),
            None => (Shown::of(&t), Vec::new()),
        };
        rows.push(Row {
            icon_label: icon_label(&shown.icon),
            todo_done: t.code == TODO_DONE_TYPE,
            key,
            shown,
            uses,
            errors,
            first: i == 0,
            last: i + 1 == count,
        });
    }
    let (new_shown, new_errors) = match refusal.take_if(|r| r.form == "new") {
        Some(r) => (r.typed.unwrap_or_else(Shown::blank), r.errors),
        None => (Shown::blank(), Vec::new()),
    };
    let refused = !new_errors.is_empty() || rows.iter().any(|r| !r.errors.is_empty());
    let html = render(&ActionTypesPage {
        shell: Shell::new("Types d'action", who(signed)),
        csrf: &signed.csrf,
        notice,
        rows,
        new: Row {
            key: "new".into(),
            icon_label: icon_label(&new_shown.icon),
            shown: new_shown,
            uses: 0,
            errors: new_errors,
            first: true,
            last: true,
            todo_done: false,
        },
        icons: ACTION_ICONS
            .iter()
            .map(|icon| (icon.code(), icon_label(icon.code())))
            .collect(),
        refused,
    })?;
    Ok(form_page(html, refused))
}

/// GET /office/admin/action-types
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Query(query): Query<SavedQuery>,
) -> Result<Response, PageError> {
    let notice = query.saved.map(|_| Sentence::ActionTypesSaved.office(&[]));
    page(&state, &signed, notice, None).await
}

/// The field a problem of the list is about.
fn field_of(problem: &ActionTypeProblem) -> &'static str {
    match problem {
        ActionTypeProblem::CodeShape(_) | ActionTypeProblem::Twice(_) => "code",
        ActionTypeProblem::Label(_) => "label",
        ActionTypeProblem::NoneActive | ActionTypeProblem::TodoDoneTypeMissing => "active",
    }
}

/// Runs a change; after it, back to the page (snapshots follow), or the page again with
/// the refusal on form `form`, `typed` kept.
async fn change(
    state: OfficeState,
    signed: Signed,
    form: String,
    typed: Option<Shown>,
    work: impl FnOnce(&rusqlite::Connection) -> Result<(), ActionTypeError> + Send + 'static,
) -> Result<Response, PageError> {
    let outcome = with_db(&state, move |conn| {
        // The parameter and the statuses it recomputes are saved together, or not at all.
        // Immediate: the write lock is taken first, so a snapshot run that writes
        // meanwhile makes this wait (busy timeout) instead of failing its read-then-write.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        match work(&tx) {
            Ok(()) => {
                tx.commit()?;
                Ok(Ok(()))
            }
            Err(ActionTypeError::Store(error)) => Err(error.into()),
            Err(refused) => Ok(Err(refused)),
        }
    })
    .await?;
    let errors = match outcome {
        Ok(()) => {
            tracing::info!(by = %signed.account.login, form, "action types changed");
            // The snapshots carry the types (the `config` row `action_types`).
            state.request_snapshots(None);
            return Ok(Redirect::to("/office/admin/action-types?saved=1").into_response());
        }
        Err(ActionTypeError::Unknown(_)) => {
            return not_found(&signed, Sentence::UnknownActionTypeTitle)
        }
        Err(ActionTypeError::Problems(problems)) => problems
            .into_iter()
            .map(|problem| FieldError {
                field: field_of(&problem),
                message: parameter_reason(&ParameterReason::ActionType(problem)).say(OFFICE),
            })
            .collect(),
        Err(ActionTypeError::InUse { code, actions }) => vec![FieldError {
            field: "type",
            message: Sentence::ActionTypeInUse
                .office(&[("code", &code), ("actions", &actions.to_string())]),
        }],
        Err(ActionTypeError::Store(error)) => return Err(PageError::server(error)),
    };
    let refusal = Refusal {
        form,
        typed,
        errors,
    };
    page(&state, &signed, None, Some(refusal)).await
}

/// The settings a form sets, or the icon's problem when it names no icon.
fn settings_of(form: &TypeForm) -> Option<ActionTypeSettings> {
    Some(ActionTypeSettings {
        label: form.label.clone(),
        icon: ActionIcon::from_code(form.icon.trim())?,
        counts_as_contact: form.counts_as_contact,
        needs_outcome: form.needs_outcome,
        active: form.active,
    })
}

/// The page again with « choose an icon » next to the form's icon.
async fn bad_icon(
    state: &OfficeState,
    signed: &Signed,
    form: String,
    typed: Shown,
) -> Result<Response, PageError> {
    let refusal = Refusal {
        form,
        typed: Some(typed),
        errors: vec![FieldError {
            field: "icon",
            message: Sentence::NoValue.office(&[]),
        }],
    };
    page(state, signed, None, Some(refusal)).await
}

/// POST /office/admin/action-types: a new type, at the end of the list.
pub async fn create(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<TypeForm>,
) -> Result<Response, PageError> {
    let typed = Shown::typed(&form, &form.code);
    let Some(settings) = settings_of(&form) else {
        return bad_icon(&state, &signed, "new".into(), typed).await;
    };
    let code = bounded(form.code.trim());
    change(state, signed, "new".into(), Some(typed), move |conn| {
        add_action_type(conn, &code, settings)
    })
    .await
}

/// POST /office/admin/action-types/{code}: the type's label, icon and flags (its code
/// never changes: actions carry it).
pub async fn edit(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(code): Path<String>,
    CheckedForm(form): CheckedForm<TypeForm>,
) -> Result<Response, PageError> {
    let key = format!("edit-{}", bounded(&code));
    let typed = Shown::typed(&form, &code);
    let Some(settings) = settings_of(&form) else {
        return bad_icon(&state, &signed, key, typed).await;
    };
    change(state, signed, key, Some(typed), move |conn| {
        edit_action_type(conn, &code, settings)
    })
    .await
}

/// POST /office/admin/action-types/{code}/move: `direction=up` or `down`.
pub async fn reorder(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(code): Path<String>,
    CheckedForm(form): CheckedForm<MoveForm>,
) -> Result<Response, PageError> {
    let up = match form.direction.as_str() {
        "up" => true,
        "down" => false,
        other => return Err(PageError::BadForm(format!("direction {other:?}"))),
    };
    let key = format!("edit-{}", bounded(&code));
    change(state, signed, key, None, move |conn| {
        move_action_type(conn, &code, up)
    })
    .await
}

/// POST /office/admin/action-types/{code}/delete: only a type no action uses.
pub async fn delete(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(code): Path<String>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    let key = format!("edit-{}", bounded(&code));
    change(state, signed, key, None, move |conn| {
        delete_action_type(conn, &code)
    })
    .await
}
