//! The admin's editor for the « Visite ce jour » form: its levels, radio groups and
//! checkboxes as an indented outline (see `tournee_core::visit_form_outline`), with a
//! preview of the form as the reps will see it. The field app receives the new form
//! with its next snapshot.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tournee_core::visit_form::{FormGroup, GroupKind, VisitForm};
use tournee_core::visit_form_outline::{format as outline_of, parse as parse_outline};
use tournee_store::master::params::Parameters;

use super::auth::{Admin, Signed};
use super::checked_form::CheckedForm;
use super::common::{error_paragraph, who, with_db};
use super::error::PageError;
use super::html::{escape, page};
use super::parameters::SavedFlag;
use super::OfficeState;

const HELP: &str = "<details open><summary>Comment écrire le formulaire</summary><ul>\
    <li><code>? id | Libellé | English label | radio</code> : une question à choix unique ; \
    <code>cases</code> au lieu de <code>radio</code> pour des cases à cocher ; \
    ajoutez <code>| obligatoire</code> si la réponse est exigée.</li>\
    <li><code>- id | Libellé | English label</code> : un choix, deux espaces sous sa question.</li>\
    <li>Une sous-question se place deux espaces sous le choix qui l'ouvre : elle n'apparaît que si ce choix est coché.</li>\
    <li>Les identifiants (minuscules, chiffres, _) sont enregistrés dans chaque visite : \
    renommer un identifiant n'efface pas les visites déjà saisies, mais les statistiques ne les relient plus au nouveau.</li>\
    </ul></details>";

/// The form as a rep sees it (inputs disabled): the admin checks the levels by eye.
fn preview(form: &VisitForm) -> String {
    let mut out = String::from("<div class=\"preview\" data-testid=\"visit-form-preview\">");
    for group in &form.groups {
        preview_group(&mut out, group);
    }
    out.push_str("</div>");
    out
}

fn preview_group(out: &mut String, group: &FormGroup) {
    let kind = match group.kind {
        GroupKind::Radio => "radio",
        GroupKind::Checkbox => "checkbox",
    };
    out.push_str(&format!(
        "<fieldset><legend>{}{}</legend>",
        escape(&group.label_fr),
        if group.required { " *" } else { "" }
    ));
    for option in &group.options {
        out.push_str(&format!(
            "<div><label><input type=\"{kind}\" disabled> {}</label>",
            escape(&option.label_fr)
        ));
        for child in &option.children {
            preview_group(out, child);
        }
        out.push_str("</div>");
    }
    out.push_str("</fieldset>");
}

fn editor_page(
    signed: &Signed,
    outline: &str,
    shown: &VisitForm,
    error: Option<&str>,
    saved: bool,
) -> String {
    let notice = if saved {
        "<p class=\"notice\" role=\"status\">Formulaire enregistré : les commerciaux le reçoivent avec leur prochaine base hors ligne.</p>"
    } else {
        ""
    };
    let body = format!(
        "{notice}{}{HELP}<div class=\"split\"><form method=\"post\" action=\"/office/admin/visit-form\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <p><label for=\"outline\">Questions et choix</label></p>\
         <textarea id=\"outline\" name=\"outline\" rows=\"28\" spellcheck=\"false\">{}</textarea>\
         <p><button>Enregistrer le formulaire</button></p></form>\
         <section><h2>Aperçu (formulaire enregistré)</h2>{}</section></div>",
        error_paragraph(error),
        escape(&signed.csrf),
        escape(outline),
        preview(shown)
    );
    page("Formulaire « Visite ce jour »", who(signed), &body)
}

/// GET /office/admin/visit-form
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Query(flag): Query<SavedFlag>,
) -> Result<Response, PageError> {
    let form = with_db(&state, |conn| Ok(Parameters::load(conn)?.visit_form)).await?;
    Ok(Html(editor_page(
        &signed,
        &outline_of(&form),
        &form,
        None,
        flag.saved.is_some(),
    ))
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
            .map_err(|e| e.to_string())
            .and_then(|visit_form| {
                visit_form
                    .check_structure()
                    .map(|()| visit_form)
                    .map_err(|e| e.to_string())
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
            Html(editor_page(
                &signed,
                &form.outline,
                &stored,
                Some(&format!("Formulaire non enregistré — {message}")),
                false,
            )),
        )
            .into_response(),
    })
}
