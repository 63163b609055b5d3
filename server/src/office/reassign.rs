//! « Réaffectation de prospects » (admins): choose prospects by current rep, agency or
//! postal code prefix, see how many and which, then give them all to another rep in one
//! step. Both reps' snapshots are regenerated so the change reaches their laptops.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tournee_store::{all_users, User};
use tournee_store::{preview, prospect_agencies, reassign, Criteria, ProspectLine};

use super::auth::{Admin, Signed};
use super::checked_form::CheckedForm;
use super::common::{refused, who, with_db};
use super::error::PageError;
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{office_error, Said, Sentence, OFFICE};

/// Preview lines shown (the count is always exact).
const SHOWN: usize = 300;

/// The criteria as they travel in the query string and the confirmation form.
#[derive(Debug, Default, Deserialize)]
pub struct CriteriaForm {
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    postal_prefix: String,
    /// After a reassignment: how many moved, and to whom.
    #[serde(default)]
    moved: Option<usize>,
    #[serde(default)]
    to: Option<String>,
}

impl CriteriaForm {
    fn criteria(&self) -> Criteria {
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        Criteria {
            assignee: some(&self.assignee),
            agency: some(&self.agency),
            postal_prefix: some(&self.postal_prefix),
        }
    }
}

/// The criteria, the preview of the prospects they select and the confirmation form.
#[derive(Template)]
#[template(path = "office/reassign.html")]
struct ReassignPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    form: &'a CriteriaForm,
    users: &'a [User],
    agencies: &'a [String],
    /// The selection, once a criterion is given.
    lines: Option<&'a [ProspectLine]>,
    /// Lines shown ([`SHOWN`]).
    shown: usize,
}

fn reassign_page(
    signed: &Signed,
    form: &CriteriaForm,
    users: &[User],
    agencies: &[String],
    lines: Option<&[ProspectLine]>,
) -> Result<Html<String>, PageError> {
    render(&ReassignPage {
        shell: Shell::new("Réaffectation de prospects", who(signed)),
        csrf: &signed.csrf,
        form,
        users,
        agencies,
        lines,
        shown: SHOWN,
    })
}

/// GET /office/admin/reassign: the criteria, and the preview once one is given.
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Query(form): Query<CriteriaForm>,
) -> Result<Response, PageError> {
    let criteria = form.criteria();
    let (users, agencies, lines) = with_db(&state, move |conn| {
        let agencies = prospect_agencies(conn)?;
        let chosen = criteria.assignee.is_some()
            || criteria.agency.is_some()
            || criteria.postal_prefix.is_some();
        let lines = if chosen {
            Some(preview(conn, &criteria)?)
        } else {
            None
        };
        Ok((all_users(conn)?, agencies, lines))
    })
    .await?;
    Ok(reassign_page(&signed, &form, &users, &agencies, lines.as_deref())?.into_response())
}

/// The confirmation's fields.
#[derive(Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    postal_prefix: String,
    expected: usize,
    to_user: String,
}

/// POST /office/admin/reassign: refuses if the selection changed since the preview.
pub async fn apply(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<ApplyForm>,
) -> Result<Response, PageError> {
    let criteria = CriteriaForm {
        assignee: form.assignee.clone(),
        agency: form.agency.clone(),
        postal_prefix: form.postal_prefix.clone(),
        ..CriteriaForm::default()
    }
    .criteria();
    let to_user = form.to_user.trim().to_string();
    let expected = form.expected;
    let target = to_user.clone();
    let outcome = with_db(&state, move |conn| {
        let lines = match preview(conn, &criteria) {
            Ok(lines) => lines,
            Err(error) => return Ok(Err(office_error(&error, OFFICE))),
        };
        if lines.len() != expected {
            return Ok(Err(Said::new(
                Sentence::SelectionChanged,
                &[
                    ("found", &lines.len().to_string()),
                    ("expected", &expected.to_string()),
                ],
            )));
        }
        let mut touched: BTreeSet<String> = lines.into_iter().map(|l| l.assignee).collect();
        touched.insert(target.clone());
        Ok(reassign(conn, &criteria, &target, Utc::now())
            .map(|moved| (moved, touched))
            .map_err(|e| office_error(&e, OFFICE)))
    })
    .await?;
    Ok(match outcome {
        Ok((moved, touched)) => {
            tracing::info!(admin = %signed.account.login, moved, to = %to_user, "prospects reassigned");
            state.request_snapshots(Some(touched.into_iter().collect()));
            let query = query_string(&[
                ("assignee", &form.assignee),
                ("agency", &form.agency),
                ("postal_prefix", &form.postal_prefix),
                ("moved", &moved.to_string()),
                ("to", &to_user),
            ]);
            Redirect::to(&format!("/office/admin/reassign?{query}")).into_response()
        }
        Err(message) => refused(&signed, Sentence::ReassignRefusedTitle, &message)?,
    })
}

/// A query string from pairs, percent-encoded.
fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
