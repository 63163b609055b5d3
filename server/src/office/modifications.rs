//! The accountant's client modification requests (MC): old and new values, closed as
//! applied in the ERP or declined.

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tournee_core::Lang;
use tournee_store::master::params::Parameters;
use tournee_store::office::modification::{close_modification, open_modifications, Decision};

use super::auth::Accountant;
use super::checked_form::CheckedForm;
use super::common::{refused, who, with_db};
use super::error::PageError;
use super::html::{escape, page};
use super::OfficeState;

/// GET /office/modifications: open MC requests with old and new values.
pub async fn modifications(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
) -> Result<Response, PageError> {
    let (open, params) = with_db(&state, |conn| {
        Ok((open_modifications(conn)?, Parameters::load(conn)?))
    })
    .await?;
    if open.is_empty() {
        return Ok(Html(page(
            "Demandes de modification",
            who(&signed),
            "<p>Aucune demande ouverte.</p>",
        ))
        .into_response());
    }
    let csrf = escape(&signed.csrf);
    let mut body = String::new();
    for request in &open {
        let mut changes = String::new();
        for change in &request.changes {
            changes.push_str(&format!(
                "<li>Champ {} : « {} » remplacé par « {} »</li>",
                escape(&params.field_profile.label(&change.field, Lang::Fr)),
                escape(&change.old),
                escape(&change.new)
            ));
        }
        body.push_str(&format!(
            "<section><h2>{} {} — demandé par {} le {}</h2><ul>{changes}</ul>\
             <form method=\"post\" action=\"/office/modifications/{id}/close\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <label>Note <input name=\"note\"></label> \
             <button name=\"decision\" value=\"applied\">Appliquée dans winpro</button> \
             <button name=\"decision\" value=\"declined\">Refusée</button></form></section>",
            escape(&request.client_code),
            escape(&request.client_name),
            escape(&request.requested_by),
            escape(&super::html::moment(&request.created_at)),
            id = request.id
        ));
    }
    Ok(Html(page("Demandes de modification", who(&signed), &body)).into_response())
}

/// The close form's fields.
#[derive(Deserialize)]
pub struct CloseForm {
    decision: String,
    #[serde(default)]
    note: String,
}

/// POST /office/modifications/{id}/close
pub async fn close_modification_request(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<CloseForm>,
) -> Result<Response, PageError> {
    let decision = match form.decision.as_str() {
        "applied" => Decision::Applied,
        "declined" => Decision::Declined,
        _ => {
            return Ok(refused(
                &signed,
                "Décision inconnue",
                "choisissez « Appliquée » ou « Refusée »",
            ))
        }
    };
    let email = signed.account.email.clone();
    let result = with_db(&state, move |conn| {
        Ok(
            close_modification(conn, id, &email, decision, &form.note, Utc::now())
                .map_err(|e| e.to_string()),
        )
    })
    .await?;
    Ok(match result {
        Ok(requester) => {
            // The outcome and the accountant's note reach the rep with the next snapshot.
            state.request_snapshots(Some(vec![requester]));
            Redirect::to("/office/modifications").into_response()
        }
        Err(message) => refused(&signed, "Clôture impossible", &message),
    })
}
