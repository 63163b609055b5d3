//! The user mapping (« table de correspondance »): Windows user ↔ ERP user code ↔ mail
//! ↔ display name ↔ admin flag, which the automaton uses to check change files, address
//! mails and build each rep's snapshot. Admins only.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tournee_store::master::users::{
    all_users, erp_code_taken, find_user, upsert_user, user_problems, User,
};

use super::auth::{Admin, Signed};
use super::checked_form::CheckedForm;
use super::common::{who, with_db};
use super::error::PageError;
use super::form::{
    add_error, error_summary, field_views, submitted, Field, FieldErrors, FieldView, Input, Problem,
};
use super::html::{render, Shell};
use super::OfficeState;

fn fields() -> Vec<Field<'static>> {
    vec![
        Field {
            name: "windows_user",
            label: "Utilisateur Windows",
            input: Input::Text,
            hint: "Nom du dossier synchronisé du commercial ; ne peut pas être renommé ensuite.",
        },
        Field {
            name: "erp_code",
            label: "Code utilisateur winpro",
            input: Input::Text,
            hint: "1 à 4 caractères (c_user).",
        },
        Field {
            name: "email",
            label: "Adresse mail",
            input: Input::Text,
            hint: "Expéditeur des mails qui concernent ses saisies.",
        },
        Field {
            name: "display_name",
            label: "Nom affiché",
            input: Input::Text,
            hint: "",
        },
        Field {
            name: "is_admin",
            label: "Admin (voit les statistiques et le calendrier de tous)",
            input: Input::Tick,
            hint: "",
        },
        Field {
            name: "active",
            label: "Actif",
            input: Input::Tick,
            hint: "Un utilisateur inactif ne reçoit plus de base et ses fichiers sont refusés.",
        },
    ]
}

fn values_of(user: &User) -> HashMap<String, String> {
    let tick = |on: bool| if on { "on" } else { "" }.to_string();
    HashMap::from([
        ("windows_user".to_string(), user.windows_user.clone()),
        ("erp_code".to_string(), user.erp_code.clone()),
        ("email".to_string(), user.email.clone()),
        ("display_name".to_string(), user.display_name.clone()),
        ("is_admin".to_string(), tick(user.is_admin)),
        ("active".to_string(), tick(user.active)),
    ])
}

/// The mapping, and the form that adds a user or changes one.
#[derive(Template)]
#[template(path = "office/users.html")]
struct UsersPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    users: &'a [User],
    /// « Utilisateur … enregistré » after a save.
    notice: Option<&'a str>,
    fields: Vec<FieldView<'a>>,
    summary: Option<Vec<Problem<'a>>>,
}

fn users_page(
    signed: &Signed,
    users: &[User],
    values: &HashMap<String, String>,
    errors: &FieldErrors,
    notice: Option<&str>,
) -> Result<Html<String>, PageError> {
    let fields = fields();
    let all: Vec<&Field<'_>> = fields.iter().collect();
    render(&UsersPage {
        shell: Shell::new("Table de correspondance des utilisateurs", who(signed)),
        csrf: &signed.csrf,
        users,
        notice,
        fields: field_views(&fields, values, errors),
        summary: error_summary(&all, errors),
    })
}

/// `?edit=<windows user>` prefills the form; `?saved=<windows user>` confirms a save.
#[derive(Deserialize)]
pub struct UsersQuery {
    #[serde(default)]
    edit: Option<String>,
    #[serde(default)]
    saved: Option<String>,
}

/// GET /office/admin/users
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Query(query): Query<UsersQuery>,
) -> Result<Response, PageError> {
    let edit = query.edit.clone();
    let (users, editing) = with_db(&state, move |conn| {
        let editing = match &edit {
            Some(login) => find_user(conn, login)?,
            None => None,
        };
        Ok((all_users(conn)?, editing))
    })
    .await?;
    let values = editing
        .as_ref()
        .map(values_of)
        .unwrap_or_else(|| HashMap::from([("active".to_string(), "on".to_string())]));
    let notice = query.saved.map(|login| {
        format!(
            "Utilisateur « {login} » enregistré : il s'applique au prochain cycle de l'automate."
        )
    });
    Ok(users_page(
        &signed,
        &users,
        &values,
        &FieldErrors::new(),
        notice.as_deref(),
    )?
    .into_response())
}

/// POST /office/admin/users: adds or updates one row.
pub async fn save(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let text = |key: &str| submitted(&form, key);
    let user = User {
        windows_user: text("windows_user"),
        erp_code: text("erp_code"),
        email: text("email"),
        display_name: text("display_name"),
        is_admin: text("is_admin") == "on",
        active: text("active") == "on",
    };
    let outcome = with_db(&state, move |conn| {
        let mut errors = FieldErrors::new();
        for (field, reason) in user_problems(&user) {
            add_error(&mut errors, field, reason);
        }
        if errors.is_empty() && erp_code_taken(conn, &user.erp_code, &user.windows_user)? {
            add_error(
                &mut errors,
                "erp_code",
                "déjà attribué à un autre utilisateur",
            );
        }
        if errors.is_empty() {
            upsert_user(conn, &user)?;
            tracing::info!(user = %user.windows_user, "user mapping saved");
            return Ok(Ok(user.windows_user));
        }
        Ok(Err((errors, all_users(conn)?)))
    })
    .await?;
    Ok(match outcome {
        Ok(login) => {
            state.request_snapshots(Some(vec![login.clone()]));
            Redirect::to(&format!("/office/admin/users?saved={}", query_safe(&login)))
                .into_response()
        }
        Err((errors, users)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            users_page(&signed, &users, &form, &errors, None)?,
        )
            .into_response(),
    })
}

/// Windows logins are `[A-Za-z0-9._-]` once saved, so they go into a query string as is.
fn query_safe(login: &str) -> String {
    login
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect()
}
