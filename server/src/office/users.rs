//! The user mapping (« table de correspondance »): Windows user ↔ ERP user code ↔ mail
//! ↔ display name ↔ role (issue 13; the admin flag follows the role), which the automaton
//! uses to check change files, address mails, build each rep's snapshot and decide what
//! each user may write. Admins only.

use askama::Template;
use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tournee_core::Role;
use tournee_sentences::Label;
use tournee_store::{
    all_users, erp_code_taken, find_user, parse_role, set_user_role, upsert_user, user_problems,
    user_role, user_roles, RightsError, User,
};

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
use crate::sentences::{rights_error, user_problem, Sentence, OFFICE};

/// Every role as the select offers it: (code, French label).
fn role_choices() -> Vec<(&'static str, &'static str)> {
    Role::ALL
        .iter()
        .map(|role| (role.code(), role.label(OFFICE)))
        .collect()
}

fn fields<'a>(roles: &'a [(&'a str, &'a str)]) -> Vec<Field<'a>> {
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
            name: "role",
            label: "Rôle",
            input: Input::Choice(roles),
            hint: "Ce que le rôle lit et modifie se règle dans « Droits ». Un administrateur voit aussi les statistiques et le calendrier de tous.",
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
    /// A role code (`tournee_core::Role`), checked by [`save`].
    #[serde(default)]
    role: String,
    #[serde(default, deserialize_with = "ticked")]
    active: bool,
}

impl UserForm {
    /// A stored row with its role, to be edited.
    fn of(user: &User, role: Role) -> Self {
        Self {
            windows_user: user.windows_user.clone(),
            erp_code: user.erp_code.clone(),
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            role: role.code().to_string(),
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
            role: Role::Rep.code().to_string(),
            active: true,
        }
    }

    /// The row to save, each text trimmed; the admin flag is the role's.
    fn user(&self) -> User {
        User {
            windows_user: self.windows_user.trim().to_string(),
            erp_code: self.erp_code.trim().to_string(),
            email: self.email.trim().to_string(),
            display_name: self.display_name.trim().to_string(),
            is_admin: self.role.trim() == Role::Admin.code(),
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
            "role" => &self.role,
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
    /// Each user with their role's label.
    users: Vec<(&'a User, &'static str)>,
    /// « Utilisateur … enregistré » after a save.
    notice: Option<&'a str>,
    fields: Vec<FieldView<'a>>,
    summary: Option<Vec<Problem<'a>>>,
}

/// The users and their roles, as the page lists them.
type Listing = (Vec<User>, BTreeMap<String, Role>);

fn users_page(
    signed: &Signed,
    (users, roles): &Listing,
    values: &UserForm,
    errors: &FieldErrors,
    notice: Option<&str>,
) -> Result<Html<String>, PageError> {
    let choices = role_choices();
    let fields = fields(&choices);
    let all: Vec<&Field<'_>> = fields.iter().collect();
    let users = users
        .iter()
        .map(|user| {
            let label = roles
                .get(&user.windows_user)
                .map_or("", |r| r.label(OFFICE));
            (user, label)
        })
        .collect();
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
    let (listing, editing) = with_db(&state, move |conn| {
        let editing = match &edit {
            Some(login) => match (find_user(conn, login)?, user_role(conn, login)?) {
                (Some(user), Some(role)) => Some(UserForm::of(&user, role)),
                _ => None,
            },
            None => None,
        };
        Ok(((all_users(conn)?, user_roles(conn)?), editing))
    })
    .await?;
    let values = editing.unwrap_or_else(UserForm::new_user);
    let notice = query
        .saved
        .map(|login| Sentence::UserSaved.office(&[("login", &login)]));
    Ok(users_page(
        &signed,
        &listing,
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
    let role = parse_role("role", &form.role);
    let outcome = with_db(&state, move |conn| {
        let mut errors = FieldErrors::new();
        for (field, problem) in user_problems(&user) {
            let said = user_problem(&problem);
            add_error(&mut errors, field, said.say(OFFICE));
        }
        if let Err(error @ RightsError::UnknownRole { field, .. }) = &role {
            if let Some(said) = rights_error(error) {
                add_error(&mut errors, field, said.say(OFFICE));
            }
        }
        if errors.is_empty() && erp_code_taken(conn, &user.erp_code, &user.windows_user)? {
            add_problem(&mut errors, "erp_code", Sentence::ErpCodeTaken, &[]);
        }
        match role {
            Ok(role) if errors.is_empty() => {
                // The row and its role together, or neither.
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                upsert_user(&tx, &user)?;
                set_user_role(&tx, &user.windows_user, role)?;
                tx.commit()?;
                tracing::info!(user = %user.windows_user, role = role.code(), "user mapping saved");
                Ok(Ok(user.windows_user))
            }
            _ => Ok(Err((errors, (all_users(conn)?, user_roles(conn)?)))),
        }
    })
    .await?;
    Ok(match outcome {
        Ok(login) => {
            state.request_snapshots(Some(vec![login.clone()]));
            Redirect::to(&format!("/office/admin/users?saved={}", query_safe(&login)))
                .into_response()
        }
        Err((errors, listing)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            users_page(&signed, &listing, &form, &errors, None)?,
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
