//! The user mapping (« table de correspondance »): Windows user ↔ ERP user code ↔ mail
//! ↔ display name ↔ admin flag, which the automaton uses to check change files, address
//! mails and build each rep's snapshot. Admins only.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tournee_store::{all_users, erp_code_taken, find_user, upsert_user, user_problems, User};

use super::auth::{Admin, Signed};
use super::checked_form::CheckedForm;
use super::common::{who, with_db};
use super::error::PageError;
use super::form::{
    add_error, add_problem, error_summary, field_views, tick, ticked, Field, FieldErrors,
    FieldView, FormValues, Input, Problem,
};
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{user_problem, Sentence, OFFICE};

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

/// The mapping form's fields as sent. Every text may be missing or anything at all: the
/// checks of [`save`] refuse it on its field, and the page shows it back as sent.
#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    windows_user: String,
    #[serde(default)]
    erp_code: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default, deserialize_with = "ticked")]
    is_admin: bool,
    #[serde(default, deserialize_with = "ticked")]
    active: bool,
}

impl UserForm {
    /// A stored row, to be edited.
    fn of(user: &User) -> Self {
        Self {
            windows_user: user.windows_user.clone(),
            erp_code: user.erp_code.clone(),
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            is_admin: user.is_admin,
            active: user.active,
        }
    }

    /// A new row: active unless the admin unticks it.
    fn new_user() -> Self {
        Self {
            windows_user: String::new(),
            erp_code: String::new(),
            email: String::new(),
            display_name: String::new(),
            is_admin: false,
            active: true,
        }
    }

    /// The row to save, each text trimmed.
    fn user(&self) -> User {
        User {
            windows_user: self.windows_user.trim().to_string(),
            erp_code: self.erp_code.trim().to_string(),
            email: self.email.trim().to_string(),
            display_name: self.display_name.trim().to_string(),
            is_admin: self.is_admin,
            active: self.active,
        }
    }
}

impl FormValues for UserForm {
    fn value(&self, name: &str) -> &str {
        match name {
            "windows_user" => &self.windows_user,
            "erp_code" => &self.erp_code,
            "email" => &self.email,
            "display_name" => &self.display_name,
            "is_admin" => tick(self.is_admin),
            "active" => tick(self.active),
            _ => "",
        }
    }
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
    values: &UserForm,
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
        .map(UserForm::of)
        .unwrap_or_else(UserForm::new_user);
    let notice = query
        .saved
        .map(|login| Sentence::UserSaved.office(&[("login", &login)]));
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
    CheckedForm(form): CheckedForm<UserForm>,
) -> Result<Response, PageError> {
    let user = form.user();
    let outcome = with_db(&state, move |conn| {
        let mut errors = FieldErrors::new();
        for (field, problem) in user_problems(&user) {
            let said = user_problem(&problem);
            add_error(&mut errors, field, said.say(OFFICE));
        }
        if errors.is_empty() && erp_code_taken(conn, &user.erp_code, &user.windows_user)? {
            add_problem(&mut errors, "erp_code", Sentence::ErpCodeTaken, &[]);
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
