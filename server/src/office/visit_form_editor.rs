//! The admin's editor for the « Visite ce jour » form: its levels, radio groups and
//! checkboxes as an indented outline (see `tournee_core::visit_form_outline`), with a
//! preview of the form as the reps will see it. The field app receives the new form
//! with its next snapshot.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tournee_core::{format_outline as outline_of, parse_outline, FormGroup, GroupKind, VisitForm};
use tournee_sentences::Message;
use tournee_store::Parameters;

use super::auth::{Admin, Signed};
use super::checked_form::CheckedForm;
use super::common::{who, with_db};
use super::error::PageError;
use super::html::{render, Shell};
use super::parameters::SavedFlag;
use super::OfficeState;
use crate::sentences::{outline_error, Sentence, OFFICE};

/// One step of the preview: the form's nested groups and choices, flattened in
/// document order so the template needs no recursion.
enum Piece<'a> {
    /// A question opens: `<fieldset>` with its label.
    Group { label: &'a str, required: bool },
    /// A choice opens, with its disabled input (`radio` or `checkbox`).
    Choice { kind: &'static str, label: &'a str },
    /// The choice and its sub-questions end.
    EndChoice,
    /// The question ends.
    EndGroup,
}

/// The form as a rep sees it, as pieces: the admin checks the levels by eye.
fn preview(form: &VisitForm) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    for group in &form.groups {
        preview_group(&mut pieces, group);
    }
    pieces
}

fn preview_group<'a>(pieces: &mut Vec<Piece<'a>>, group: &'a FormGroup) {
    let kind = match group.kind {
        GroupKind::Radio => "radio",
        GroupKind::Checkbox => "checkbox",
    };
    pieces.push(Piece::Group {
        label: &group.label_fr,
        required: group.required,
    });
    for option in &group.options {
        pieces.push(Piece::Choice {
            kind,
            label: &option.label_fr,
        });
        for child in &option.children {
            preview_group(pieces, child);
        }
        pieces.push(Piece::EndChoice);
    }
    pieces.push(Piece::EndGroup);
}

/// The outline editor beside the preview of the stored form.
#[derive(Template)]
#[template(path = "office/visit_form.html")]
struct EditorPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    outline: &'a str,
    preview: Vec<Piece<'a>>,
    error: Option<&'a str>,
    saved: bool,
}

fn editor_page(
    signed: &Signed,
    outline: &str,
    shown: &VisitForm,
    error: Option<&str>,
    saved: bool,
) -> Result<Html<String>, PageError> {
    render(&EditorPage {
        shell: Shell::new("Formulaire « Visite ce jour »", who(signed)),
        csrf: &signed.csrf,
        outline,
        preview: preview(shown),
        error,
        saved,
    })
}

/// GET /office/admin/visit-form
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Query(flag): Query<SavedFlag>,
) -> Result<Response, PageError> {
    let form = with_db(&state, |conn| Ok(Parameters::load(conn)?.visit_form)).await?;
    Ok(editor_page(
        &signed,
        &outline_of(&form),
        &form,
        None,
        flag.saved.is_some(),
    )?
    .into_response())
}

/// The editor's fields.
#[derive(Deserialize)]
pub struct OutlineForm {
    outline: String,
}

/// POST /office/admin/visit-form
pub async fn save(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<OutlineForm>,
) -> Result<Response, PageError> {
    let typed = form.outline.clone();
    let outcome = with_db(&state, move |conn| {
        let mut params = Parameters::load(conn)?;
        let parsed = parse_outline(&typed)
            .map_err(|e| outline_error(&e, OFFICE).say(OFFICE))
            .and_then(|visit_form| {
                visit_form
                    .check_structure()
                    .map(|()| visit_form)
                    .map_err(|e| e.message(OFFICE))
            });
        match parsed {
            Ok(visit_form) => {
                params.visit_form = visit_form;
                params.save(conn)?;
                Ok(Ok(()))
            }
            Err(message) => Ok(Err((message, params.visit_form))),
        }
    })
    .await?;
    Ok(match outcome {
        Ok(()) => {
            // The reps get the new form with their next snapshot.
            state.request_snapshots(None);
            Redirect::to("/office/admin/visit-form?saved=1").into_response()
        }
        Err((message, stored)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            editor_page(
                &signed,
                &form.outline,
                &stored,
                Some(&Sentence::VisitFormNotSaved.office(&[("problem", &message)])),
                false,
            )?,
        )
            .into_response(),
    })
}
