//! The accountant's client creation requests: the list, the request page the mail
//! links to, validation with the ERP code, rejection with a reason.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use rusqlite::Connection;
use serde::Deserialize;
use tournee_core::profile::{FieldValues, Requirement};
use tournee_core::Lang;
use tournee_store::master::params::Parameters;
use tournee_store::office::creation::{
    creation_record, creation_requester, creation_signature, pending_creations, reject_creation,
    validate_creation, Validation,
};

use super::auth::{Accountant, Signed};
use super::checked_form::CheckedForm;
use super::common::{error_paragraph, refused, who, with_db};
use super::error::PageError;
use super::html::{escape, page};
use super::OfficeState;

/// GET /office/creations: the pending requests.
pub async fn creations(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
) -> Result<Response, PageError> {
    let rows = with_db(&state, |conn| Ok(pending_creations(conn)?)).await?;
    let mut body =
        String::from("<table><tr><th>N°</th><th>Client</th><th>Demandé par</th><th>Le</th></tr>");
    for request in &rows {
        body.push_str(&format!(
            "<tr><td><a href=\"/office/creations/{id}\">{id}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&request.client_name),
            escape(&request.requested_by),
            escape(&super::html::moment(&request.created_at)),
            id = request.id
        ));
    }
    body.push_str("</table>");
    if rows.is_empty() {
        body = "<p>Aucune demande en attente.</p>".into();
    }
    Ok(Html(page("Demandes de création de client", who(&signed), &body)).into_response())
}

/// One request as the accountant sees it.
struct RequestView {
    status: String,
    requested_by: String,
    fields: FieldValues,
    has_signature: bool,
    client_code: Option<String>,
    reason: Option<String>,
    params: Parameters,
}

fn load_request(conn: &Connection, id: i64) -> anyhow::Result<Option<RequestView>> {
    let Some(record) = creation_record(conn, id)? else {
        return Ok(None);
    };
    Ok(Some(RequestView {
        status: record.status,
        requested_by: record.requested_by,
        fields: record.fields,
        has_signature: record.has_signature,
        client_code: record.client_code,
        reason: record.reason,
        params: Parameters::load(conn)?,
    }))
}

/// The request's status in words.
fn status_label(status: &str) -> &'static str {
    match status {
        "pending" => "en attente de validation",
        other => tournee_store::office::status_in_french(other),
    }
}

/// The request page; `typed` holds what the accountant submitted when a validation was
/// refused, so nothing they completed is lost.
fn request_page(
    signed: &Signed,
    id: i64,
    view: &RequestView,
    typed: Option<&HashMap<String, String>>,
    error: Option<&str>,
) -> String {
    let error = error_paragraph(error);
    let csrf = escape(&signed.csrf);
    let typed_value = |key: &str| typed.and_then(|t| t.get(key)).cloned();
    let mut body = format!(
        "{error}<p>Demandée par <strong>{}</strong> — statut : <strong data-testid=\"status\">{}</strong>{}{}</p>",
        escape(&view.requested_by),
        status_label(&view.status),
        view.client_code
            .as_deref()
            .map(|c| format!(" — client {}", escape(c)))
            .unwrap_or_default(),
        view.reason
            .as_deref()
            .map(|r| format!(" — motif : {}", escape(r)))
            .unwrap_or_default(),
    );
    if view.has_signature {
        body.push_str(&format!(
            "<p>Signature du client (prélèvement) :<br><img src=\"/office/creations/{id}/signature\" alt=\"Signature du client\" \
             class=\"signature\"></p>"
        ));
    } else {
        body.push_str(
            "<p>Signature du client : aucune (exigée seulement pour le prélèvement LD).</p>",
        );
    }
    let pending = view.status == "pending";
    if pending {
        body.push_str(&format!(
            "<form method=\"post\" action=\"/office/creations/{id}/validate\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <fieldset><legend>Création dans winpro</legend><div class=\"field\"><label for=\"client_code\">Code client créé dans winpro *</label>\
             <input id=\"client_code\" name=\"client_code\" required maxlength=\"30\" value=\"{}\">\
             <small>Créez d'abord le client dans winpro, puis saisissez ici le code qu'il a reçu. Complétez ou corrigez les champs ci-dessous ; * : obligatoire.</small></div></fieldset><table>",
            escape(&typed_value("client_code").unwrap_or_default())
        ));
    } else {
        body.push_str("<table>");
    }
    let ld = typed_value("field.c_mod_rgl_1")
        .or_else(|| view.fields.get("c_mod_rgl_1").cloned().flatten())
        .is_some_and(|mode| mode.trim() == "LD");
    for field in view
        .params
        .field_profile
        .fields
        .iter()
        .filter(|f| f.visible)
    {
        let value = typed_value(&format!("field.{}", field.name))
            .or_else(|| view.fields.get(&field.name).cloned().flatten())
            .unwrap_or_default();
        let label = view.params.field_profile.label(&field.name, Lang::Fr);
        let mandatory = match field.requirement {
            Requirement::Mandatory => true,
            Requirement::MandatoryIfPaymentLd => ld,
            Requirement::Optional => false,
        };
        let input = if pending {
            format!(
                "<input name=\"field.{}\" value=\"{}\" maxlength=\"{}\"{}>",
                escape(&field.name),
                escape(&value),
                field.input_max_len(),
                if mandatory && value.is_empty() {
                    " aria-invalid=\"true\""
                } else {
                    ""
                }
            )
        } else {
            escape(&value)
        };
        body.push_str(&format!(
            "<tr><th>{}{}</th><td>{input}</td></tr>",
            escape(&label),
            if mandatory { " *" } else { "" }
        ));
    }
    body.push_str("</table>");
    if pending {
        body.push_str(&format!(
            "<p><button>Valider la création</button></p></form>\
             <form method=\"post\" action=\"/office/creations/{id}/reject\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <fieldset><legend>Refuser la demande</legend><div class=\"field\"><label for=\"reason\">Motif du refus (le commercial le verra)</label>\
             <input id=\"reason\" name=\"reason\" required></div><p><button>Refuser</button></p></fieldset></form>"
        ));
    }
    page(&format!("Demande de création n° {id}"), who(signed), &body)
}

/// GET /office/creations/{id}/signature: the client's signature image from the CC file.
pub async fn signature(
    State(state): State<OfficeState>,
    Accountant(_signed): Accountant,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let found = with_db(&state, move |conn| Ok(creation_signature(conn, id)?)).await?;
    Ok(match found {
        Some(png) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "private, no-store"),
            ],
            png,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    })
}

/// GET /office/creations/{id}: the page the accountant's mail links to.
pub async fn creation(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    Ok(
        match with_db(&state, move |conn| load_request(conn, id)).await? {
            Some(view) => Html(request_page(&signed, id, &view, None, None)).into_response(),
            None => (
                StatusCode::NOT_FOUND,
                Html(page("Demande introuvable", who(&signed), "")),
            )
                .into_response(),
        },
    )
}

/// POST /office/creations/{id}/validate: fields come as `field.<column>`.
pub async fn validate(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let completed: FieldValues = form
        .iter()
        .filter_map(|(key, value)| {
            key.strip_prefix("field.")
                .map(|name| (name.to_string(), Some(value.trim().to_string())))
        })
        .map(|(name, value)| (name, value.filter(|v| !v.is_empty())))
        .collect();
    let validation = Validation {
        request_id: id,
        client_code: form.get("client_code").cloned().unwrap_or_default(),
        completed,
        accountant_email: signed.account.email.clone(),
    };
    let result = with_db(&state, move |conn| {
        let params = Parameters::load(conn)?;
        let outcome =
            validate_creation(conn, &params, &validation, Utc::now()).map_err(|e| e.to_string());
        Ok((outcome, load_request(conn, id)?))
    })
    .await?;
    Ok(match result {
        (Ok(_code), _) => {
            // Every rep sees every active client's identity: all snapshots change.
            state.request_snapshots(None);
            Redirect::to("/office/creations").into_response()
        }
        (Err(message), Some(view)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(request_page(
                &signed,
                id,
                &view,
                Some(&form),
                Some(&message),
            )),
        )
            .into_response(),
        (Err(_), None) => (
            StatusCode::NOT_FOUND,
            Html(page("Demande introuvable", who(&signed), "")),
        )
            .into_response(),
    })
}

/// The reject form's fields.
#[derive(Deserialize)]
pub struct RejectForm {
    reason: String,
}

/// POST /office/creations/{id}/reject
pub async fn reject(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<RejectForm>,
) -> Result<Response, PageError> {
    let email = signed.account.email.clone();
    let result = with_db(&state, move |conn| {
        let requester = creation_requester(conn, id)?;
        Ok(reject_creation(conn, id, &email, &form.reason, Utc::now())
            .map(|()| requester)
            .map_err(|e| e.to_string()))
    })
    .await?;
    Ok(match result {
        Ok(requester) => {
            // The reason reaches the rep with their next snapshot.
            state.request_snapshots(requester.map(|user| vec![user]));
            Redirect::to("/office/creations").into_response()
        }
        Err(message) => refused(&signed, "Refus impossible", &message),
    })
}
