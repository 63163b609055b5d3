//! The « Droits » page: the policy in force as a matrix (rows: roles, columns: kinds of
//! record; in each cell a read and a write scope), saved through the policy's own checks
//! (`tournee_store::save_policy`), with a button that puts brief 003's default back.
//! Admins only. A refused matrix comes back as the admin set it, each problem next to
//! its cell.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tournee_core::{
    Access, Entity, Policy, PolicyDocument, PolicyError, Role, Scope, POLICY_VERSION,
};
use tournee_sentences::{Label, Message};
use tournee_store::{
    policy_in_force, restore_default_policy, save_policy, stored_policy, RightsError,
};

use super::auth::{Admin, Signed};
use super::checked_form::{CheckedForm, NoFields};
use super::common::{who, with_db};
use super::error::PageError;
use super::html::{moment_of, render, Shell};
use super::OfficeState;
use crate::sentences::{Sentence, OFFICE};

/// The matrix as sent: `role.entity.access` → scope code, every name and code unchecked
/// (the policy's reader reports each unknown one). The admin's row is not sent: it is
/// always everything.
#[derive(Deserialize)]
#[serde(transparent)]
pub struct PolicyForm(BTreeMap<String, String>);

impl PolicyForm {
    /// The cells sent, as the policy document they describe (other names, `csrf`
    /// included, are not cells).
    fn document(&self) -> PolicyDocument {
        let mut document = PolicyDocument {
            version: POLICY_VERSION,
            grants: BTreeMap::new(),
        };
        for (name, scope) in &self.0 {
            let mut parts = name.split('.');
            let (Some(role), Some(entity), Some(access), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            document
                .grants
                .entry(role.to_string())
                .or_default()
                .entry(entity.to_string())
                .or_default()
                .insert(access.to_string(), scope.clone());
        }
        document
    }

    /// What the admin chose for one select, if it was sent.
    fn sent(&self, role: Role, entity: Entity, access: Access) -> Option<&str> {
        self.0
            .get(&cell_name(role, entity, access))
            .map(String::as_str)
    }
}

/// The form name of one select.
fn cell_name(role: Role, entity: Entity, access: Access) -> String {
    format!("{}.{}.{}", role.code(), entity.code(), access.code())
}

/// One select of a cell: its name, id, label and the scope shown chosen.
struct Select {
    name: String,
    id: String,
    /// « Lecture » or « Écriture ».
    label: &'static str,
    chosen: String,
}

/// One cell: a role's grant on one kind of record.
struct Cell {
    /// `role-entity`, for the error's id and the summary's link.
    key: String,
    entity_label: &'static str,
    /// Read then write; empty for the admin's row, which is fixed.
    selects: Vec<Select>,
    errors: Vec<String>,
}

/// One row: a role.
struct Row {
    label: &'static str,
    cells: Vec<Cell>,
}

/// A problem of the refused matrix, with the cell it is about if it names one.
struct Summary {
    key: Option<String>,
    message: String,
}

#[derive(Template)]
#[template(path = "office/policy.html")]
struct PolicyPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    notice: Option<String>,
    /// Where the policy in force comes from, in a sentence.
    origin: String,
    entities: Vec<&'static str>,
    rows: Vec<Row>,
    /// `(code, label)` of every scope, narrowest first.
    scopes: Vec<(&'static str, &'static str)>,
    summary: Option<Vec<Summary>>,
}

/// The cell key a policy problem is about, if it names one.
fn cell_of(problem: &PolicyError) -> Option<(Role, Entity)> {
    match problem {
        PolicyError::UnknownScope { role, entity, .. }
        | PolicyError::UnknownAccess { role, entity, .. }
        | PolicyError::WriteBroaderThanRead { role, entity, .. } => Some((*role, *entity)),
        PolicyError::AdminRestricted { entity, .. } => Some((Role::Admin, *entity)),
        PolicyError::ObserverWrites { entity, .. } => Some((Role::Observer, *entity)),
        PolicyError::InvalidJson { .. }
        | PolicyError::UnsupportedVersion { .. }
        | PolicyError::UnknownRole { .. }
        | PolicyError::UnknownEntity { .. } => None,
    }
}

fn key(role: Role, entity: Entity) -> String {
    format!("{}-{}", role.code(), entity.code())
}

/// The page: `policy` shown, overridden by what `sent` chose, `problems` next to cells.
fn policy_page(
    signed: &Signed,
    policy: &Policy,
    origin: String,
    sent: Option<&PolicyForm>,
    problems: &[PolicyError],
    notice: Option<String>,
) -> Result<Html<String>, PageError> {
    let mut errors: HashMap<String, Vec<String>> = HashMap::new();
    let mut summary = Vec::new();
    for problem in problems {
        let message = problem.message(OFFICE);
        let key = cell_of(problem).map(|(role, entity)| key(role, entity));
        if let Some(key) = &key {
            errors.entry(key.clone()).or_default().push(message.clone());
        }
        summary.push(Summary { key, message });
    }
    let rows = Role::ALL
        .into_iter()
        .map(|role| Row {
            label: role.label(OFFICE),
            cells: Entity::ALL
                .into_iter()
                .map(|entity| {
                    let grant = policy.grant(role, entity);
                    let selects = if role == Role::Admin {
                        Vec::new()
                    } else {
                        Access::ALL
                            .into_iter()
                            .map(|access| Select {
                                name: cell_name(role, entity, access),
                                id: format!(
                                    "p-{}-{}-{}",
                                    role.code(),
                                    entity.code(),
                                    access.code()
                                ),
                                label: match access {
                                    Access::Read => "Lecture",
                                    Access::Write => "Écriture",
                                },
                                chosen: sent
                                    .and_then(|form| form.sent(role, entity, access))
                                    .unwrap_or(grant.get(access).code())
                                    .to_string(),
                            })
                            .collect()
                    };
                    let key = key(role, entity);
                    Cell {
                        errors: errors.remove(&key).unwrap_or_default(),
                        key,
                        entity_label: entity.label(OFFICE),
                        selects,
                    }
                })
                .collect(),
        })
        .collect();
    render(&PolicyPage {
        shell: Shell::new("Droits par rôle", who(signed)),
        csrf: &signed.csrf,
        notice,
        origin,
        entities: Entity::ALL.iter().map(|e| e.label(OFFICE)).collect(),
        rows,
        scopes: Scope::ALL
            .iter()
            .map(|scope| (scope.code(), scope.label(OFFICE)))
            .collect(),
        summary: (!problems.is_empty()).then_some(summary),
    })
}

/// The policy in force and where it comes from, in a sentence.
fn in_force(conn: &rusqlite::Connection) -> anyhow::Result<(Policy, String)> {
    Ok(match stored_policy(conn)? {
        Some(stored) => {
            let origin = format!(
                "Politique enregistrée par « {} » le {}.",
                stored.changed_by,
                moment_of(stored.changed_at)
            );
            (stored.policy, origin)
        }
        None => (
            policy_in_force(conn)?,
            "Politique par défaut : aucune n'a encore été enregistrée.".to_string(),
        ),
    })
}

/// `?saved=1` or `?restored=1` after a save.
#[derive(Deserialize)]
pub struct PolicyQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    restored: Option<String>,
}

/// GET /office/admin/policy
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Query(query): Query<PolicyQuery>,
) -> Result<Response, PageError> {
    let (policy, origin) = with_db(&state, |conn| in_force(conn)).await?;
    let notice = match (query.saved, query.restored) {
        (Some(_), _) => Some(Sentence::PolicySaved.office(&[])),
        (None, Some(_)) => Some(Sentence::PolicyRestored.office(&[])),
        (None, None) => None,
    };
    Ok(policy_page(&signed, &policy, origin, None, &[], notice)?.into_response())
}

/// POST /office/admin/policy: the whole matrix, saved if every cell obeys the rules.
pub async fn save(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<PolicyForm>,
) -> Result<Response, PageError> {
    let document = form.document();
    let login = signed.account.login.clone();
    let outcome = with_db(&state, move |conn| {
        match save_policy(conn, &document, &login, Utc::now()) {
            Ok(_) => {
                tracing::info!(by = %login, "policy saved");
                Ok(Ok(()))
            }
            Err(RightsError::InvalidPolicy { problems }) => Ok(Err((problems, in_force(conn)?))),
            Err(other) => Err(other.into()),
        }
    })
    .await?;
    Ok(match outcome {
        Ok(()) => {
            state.request_snapshots(None);
            Redirect::to("/office/admin/policy?saved=1").into_response()
        }
        Err((problems, (policy, origin))) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            policy_page(&signed, &policy, origin, Some(&form), &problems, None)?,
        )
            .into_response(),
    })
}

/// POST /office/admin/policy/default: brief 003's default back in force.
pub async fn restore_default(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    let login = signed.account.login.clone();
    with_db(&state, move |conn| {
        restore_default_policy(conn, &login, Utc::now())?;
        tracing::info!(by = %login, "default policy restored");
        Ok(())
    })
    .await?;
    state.request_snapshots(None);
    Ok(Redirect::to("/office/admin/policy?restored=1").into_response())
}
