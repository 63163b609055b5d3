//! The accountant's client modification requests (MC): old and new values, closed as
//! applied in the ERP or declined.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tournee_core::Lang;
use tournee_store::Parameters;
use tournee_store::{close_modification, open_modifications, Decision, OpenModification};

use super::auth::Accountant;
use super::checked_form::CheckedForm;
use super::common::{refused, who, with_db};
use super::error::PageError;
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{office_error, Sentence, OFFICE};

/// The open requests, each with its close form.
#[derive(Template)]
#[template(path = "office/modifications.html")]
struct ModificationsPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    requests: Vec<OpenModification>,
    /// For the fields' labels.
    params: Parameters,
}

impl ModificationsPage<'_> {
    /// A field's label as the accountant reads it.
    fn label(&self, field: &str) -> String {
        self.params.field_profile.label(field, Lang::Fr)
    }
}

/// GET /office/modifications: open MC requests with old and new values.
pub async fn modifications(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
) -> Result<Response, PageError> {
    let (requests, params) = with_db(&state, |conn| {
        Ok((open_modifications(conn)?, Parameters::load(conn)?))
    })
    .await?;
    Ok(render(&ModificationsPage {
        shell: Shell::new("Demandes de modification", who(&signed)),
        csrf: &signed.csrf,
        requests,
        params,
    })?
    .into_response())
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
            return refused(
                &signed,
                Sentence::UnknownDecisionTitle,
                &Sentence::UnknownDecision.into(),
            )
        }
    };
    let email = signed.account.email.clone();
    let result = with_db(&state, move |conn| {
        Ok(
            close_modification(conn, id, &email, decision, &form.note, Utc::now())
                .map_err(|e| office_error(&e, OFFICE)),
        )
    })
    .await?;
    Ok(match result {
        Ok(requester) => {
            // The outcome and the accountant's note reach the rep with the next snapshot.
            state.request_snapshots(Some(vec![requester]));
            Redirect::to("/office/modifications").into_response()
        }
        Err(message) => refused(&signed, Sentence::ClosingRefusedTitle, &message)?,
    })
}
