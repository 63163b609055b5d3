//! The accountant's client creation requests: the list, the request page the mail
//! links to, validation with the ERP code, rejection with a reason; and the client's
//! annex-2 values ready to paste into the ERP or to download as a one-client CSV, so that
//! nothing is typed twice.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use rusqlite::Connection;
use serde::{Deserialize, Deserializer};
use tournee_core::{FieldValues, Lang, Requirement};
use tournee_store::Parameters;
use tournee_store::{
    creation_client_values, creation_record, creation_requester, creation_signature,
    one_client_csv, pending_creations, reject_creation, validate_creation, ClientValues,
    PendingCreation, Validation,
};

use super::auth::{Accountant, Signed};
use super::checked_form::CheckedForm;
use super::common::{not_found, refused, who, with_db};
use super::error::PageError;
use super::form::FormValues;
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{self, office_error, Said, Sentence, OFFICE};

/// The pending requests.
#[derive(Template)]
#[template(path = "office/creations.html")]
struct CreationsPage<'a> {
    shell: Shell<'a>,
    rows: Vec<PendingCreation>,
}

/// GET /office/creations: the pending requests.
pub async fn creations(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
) -> Result<Response, PageError> {
    let rows = with_db(&state, |conn| Ok(pending_creations(conn)?)).await?;
    Ok(render(&CreationsPage {
        shell: Shell::new("Demandes de création de client", who(&signed)),
        rows,
    })?
    .into_response())
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
    /// The client's values under their annex-2 names, for the ERP.
    erp: ClientValues,
}

/// One annex-2 value shown ready to copy.
struct ErpValue {
    /// The annex-2 column name (what the ERP calls it).
    column: &'static str,
    /// The field's label in the client profile.
    label: String,
    value: String,
}

impl RequestView {
    /// The values one per field, with their column names and labels.
    fn erp_values(&self) -> Vec<ErpValue> {
        let profile = &self.params.field_profile;
        self.erp
            .values
            .iter()
            .map(|(column, value)| ErpValue {
                column,
                label: match *column {
                    "c_client" => "Code client".to_string(),
                    _ => profile.label(column, Lang::Fr),
                },
                value: value.clone(),
            })
            .collect()
    }

    /// « Copier tout »: the column names on one line and the values on the next, separated
    /// by tabs, as a spreadsheet or the ERP's grid takes a paste (a tab or line break
    /// inside a value, which annex-2 values never hold, would become a space).
    fn erp_tsv(&self) -> String {
        let clean = |text: &str| text.replace(['\t', '\r', '\n'], " ");
        let columns: Vec<&str> = self.erp.values.iter().map(|(c, _)| *c).collect();
        let values: Vec<String> = self.erp.values.iter().map(|(_, v)| clean(v)).collect();
        format!("{}\n{}", columns.join("\t"), values.join("\t"))
    }
}

fn load_request(conn: &Connection, id: i64) -> anyhow::Result<Option<RequestView>> {
    let Some(record) = creation_record(conn, id)? else {
        return Ok(None);
    };
    let Some(erp) = creation_client_values(conn, id)? else {
        return Ok(None);
    };
    Ok(Some(RequestView {
        erp,
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
fn status_label(status: &str) -> String {
    match status {
        "pending" => Sentence::StatusAwaitingValidation,
        other => sentences::status(other),
    }
    .office(&[])
}

/// One line of the request's table: a visible field of the client profile.
struct FieldRow {
    label: String,
    /// The column, sent back as `field.<name>`.
    name: String,
    value: String,
    mandatory: bool,
    max_len: u32,
}

/// A request as the accountant completes it; the forms only while it is pending.
#[derive(Template)]
#[template(path = "office/creation.html")]
struct CreationPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    id: i64,
    view: &'a RequestView,
    pending: bool,
    /// The client code typed before a refused validation.
    client_code: String,
    rows: Vec<FieldRow>,
    /// The client's annex-2 values, one field each, to copy into the ERP.
    erp_values: Vec<ErpValue>,
    /// The same, tab-separated, to copy at once.
    erp_tsv: String,
    error: Option<String>,
}

/// The validation form: the ERP code and the request's fields completed, sent as
/// `field.<column>` (the client profile decides which columns, so they are a map).
pub struct ValidationForm {
    /// The client code typed (empty when the field was not sent).
    client_code: String,
    /// What was sent for each `field.<column>`, by column, as typed.
    fields: BTreeMap<String, String>,
}

impl<'de> Deserialize<'de> for ValidationForm {
    /// Read as the flat list the browser sends (the last of a repeated name wins, the
    /// token and any other name are left out), then split into the code and the fields.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut sent = HashMap::<String, String>::deserialize(deserializer)?;
        let client_code = sent.remove("client_code").unwrap_or_default();
        let fields = sent
            .into_iter()
            .filter_map(|(key, value)| key.strip_prefix("field.").map(|n| (n.to_string(), value)))
            .collect();
        Ok(Self {
            client_code,
            fields,
        })
    }
}

impl ValidationForm {
    /// What was sent for `column`, if it was sent.
    fn field(&self, column: &str) -> Option<&str> {
        self.fields.get(column).map(String::as_str)
    }

    /// The completed fields as the store takes them: trimmed, empty meaning none.
    fn completed(&self) -> FieldValues {
        self.fields
            .iter()
            .map(|(name, value)| {
                let value = value.trim();
                (name.clone(), (!value.is_empty()).then(|| value.to_string()))
            })
            .collect()
    }
}

impl FormValues for ValidationForm {
    fn value(&self, name: &str) -> &str {
        match name {
            "client_code" => &self.client_code,
            _ => name
                .strip_prefix("field.")
                .and_then(|column| self.field(column))
                .unwrap_or(""),
        }
    }
}

/// The request page; `typed` holds what the accountant submitted when a validation was
/// refused, so nothing they completed is lost.
fn request_page(
    signed: &Signed,
    id: i64,
    view: &RequestView,
    typed: Option<&ValidationForm>,
    error: Option<&Said>,
) -> Result<Html<String>, PageError> {
    let typed_field = |column: &str| typed.and_then(|t| t.field(column)).map(str::to_string);
    let ld = typed_field("c_mod_rgl_1")
        .or_else(|| view.fields.get("c_mod_rgl_1").cloned().flatten())
        .is_some_and(|mode| mode.trim() == "LD");
    let profile = &view.params.field_profile;
    let rows = profile
        .fields
        .iter()
        .filter(|f| f.visible)
        .map(|field| FieldRow {
            label: profile.label(&field.name, Lang::Fr),
            name: field.name.clone(),
            value: typed_field(&field.name)
                .or_else(|| view.fields.get(&field.name).cloned().flatten())
                .unwrap_or_default(),
            mandatory: match field.requirement {
                Requirement::Mandatory => true,
                Requirement::MandatoryIfPaymentLd => ld,
                Requirement::Optional => false,
            },
            max_len: field.input_max_len(),
        })
        .collect();
    render(&CreationPage {
        shell: Shell::new(format!("Demande de création n° {id}"), who(signed)),
        csrf: &signed.csrf,
        id,
        view,
        pending: view.status == "pending",
        client_code: typed
            .map(|t| t.value("client_code").to_string())
            .unwrap_or_default(),
        rows,
        erp_values: view.erp_values(),
        erp_tsv: view.erp_tsv(),
        error: error.map(|said| said.say(OFFICE)),
    })
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

/// GET /office/creations/{id}/client.csv: the request's client as a one-line CSV with
/// the outbound `client` file's columns (c_client, then annex 2), for an ERP that imports
/// a file rather than a paste.
pub async fn client_csv(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let found = with_db(&state, move |conn| Ok(creation_client_values(conn, id)?)).await?;
    let Some(values) = found else {
        return not_found(&signed, Sentence::RequestMissingTitle);
    };
    // The code is a checked ERP code (letters, digits, - _ .): safe in a header.
    let name = match &values.code {
        Some(code) => format!("client-{code}.csv"),
        None => format!("demande-{id}.csv"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        one_client_csv(&values.values),
    )
        .into_response())
}

/// GET /office/creations/{id}: the page the accountant's mail links to.
pub async fn creation(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    Ok(
        match with_db(&state, move |conn| load_request(conn, id)).await? {
            Some(view) => request_page(&signed, id, &view, None, None)?.into_response(),
            None => not_found(&signed, Sentence::RequestMissingTitle)?,
        },
    )
}

/// POST /office/creations/{id}/validate: fields come as `field.<column>`.
pub async fn validate(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<ValidationForm>,
) -> Result<Response, PageError> {
    let validation = Validation {
        request_id: id,
        client_code: form.client_code.clone(),
        completed: form.completed(),
        accountant_email: signed.account.email.clone(),
    };
    let result = with_db(&state, move |conn| {
        let params = Parameters::load(conn)?;
        let outcome = validate_creation(conn, &params, &validation, Utc::now())
            .map_err(|e| office_error(&e, OFFICE));
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
            request_page(&signed, id, &view, Some(&form), Some(&message))?,
        )
            .into_response(),
        (Err(_), None) => not_found(&signed, Sentence::RequestMissingTitle)?,
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
            .map_err(|e| office_error(&e, OFFICE)))
    })
    .await?;
    Ok(match result {
        Ok(requester) => {
            // The reason reaches the rep with their next snapshot.
            state.request_snapshots(requester.map(|user| vec![user]));
            Redirect::to("/office/creations").into_response()
        }
        Err(message) => refused(&signed, Sentence::RejectionRefusedTitle, &message)?,
    })
}
