//! The back-office accounts (admins only): nobody registers themselves; an admin creates
//! an account, the server draws its first password, shown once, and the person must
//! choose their own at first login.

use askama::Template;
use axum::extract::Path;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use tournee_store::{
    account_lines, create_account, generate_password, login_taken, reset_password,
    set_account_active, AccountLine, Role, MAX_DISPLAY_NAME_CHARS, MAX_EMAIL_CHARS,
    MAX_LOGIN_CHARS,
};

use super::auth::{Admin, Signed};
use super::checked_form::{CheckedForm, NoFields};
use super::common::{refused, who, with_db};
use super::error::PageError;
use super::form::{
    add_problem, error_summary, field_views, Field, FieldErrors, FieldView, FormValues, Input,
    Problem,
};
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{office_error, Sentence, OFFICE};

const ROLES: &[(&str, &str)] = &[("accountant", "Comptable"), ("admin", "Administrateur")];

fn fields() -> Vec<Field<'static>> {
    vec![
        Field {
            name: "login",
            label: "Identifiant",
            input: Input::Text,
            hint: "",
        },
        Field {
            name: "display_name",
            label: "Nom affiché",
            input: Input::Text,
            hint: "",
        },
        Field {
            name: "email",
            label: "Adresse mail",
            input: Input::Text,
            hint: "Expéditeur des mails de validation envoyés aux commerciaux.",
        },
        Field {
            name: "role",
            label: "Rôle",
            input: Input::Choice(ROLES),
            hint: "",
        },
    ]
}

/// The new account's form as sent; every text may be missing, too long or anything at
/// all: [`create`] refuses it on its field and the page shows it back.
#[derive(Deserialize, Default)]
pub struct AccountForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

impl FormValues for AccountForm {
    fn value(&self, name: &str) -> &str {
        match name {
            "login" => &self.login,
            "display_name" => &self.display_name,
            "email" => &self.email,
            "role" => &self.role,
            _ => "",
        }
    }
}

/// How many characters `text` has when it is over `max`.
fn too_long(text: &str, max: usize) -> Option<usize> {
    let len = text.chars().count();
    (len > max).then_some(len)
}

/// The stored role code in words.
fn role_label(code: &str) -> &'static str {
    match code {
        "admin" => "Administrateur",
        "accountant" => "Comptable",
        _ => "Inconnu",
    }
}

fn list(conn: &rusqlite::Connection) -> anyhow::Result<Vec<AccountLine>> {
    Ok(account_lines(conn)?)
}

/// The accounts, the form of a new one and, after a creation or a reset, the drawn
/// password shown once.
#[derive(Template)]
#[template(path = "office/accounts.html")]
struct AccountsPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    /// The admin's own login: no « Désactiver » on their own line.
    me: &'a str,
    rows: &'a [AccountLine],
    /// `(login, password)` of an account just created or reset.
    created: Option<(&'a str, &'a str)>,
    fields: Vec<FieldView<'a>>,
    summary: Option<Vec<Problem<'a>>>,
}

fn accounts_page(
    signed: &Signed,
    rows: &[AccountLine],
    values: &AccountForm,
    errors: &FieldErrors,
    created: Option<(&str, &str)>,
) -> Result<Html<String>, PageError> {
    let fields = fields();
    let all: Vec<&Field<'_>> = fields.iter().collect();
    render(&AccountsPage {
        shell: Shell::new("Comptes du back-office", who(signed)),
        csrf: &signed.csrf,
        me: &signed.account.login,
        rows,
        created,
        fields: field_views(&fields, values, errors),
        summary: error_summary(&all, errors),
    })
}

/// GET /office/admin/accounts
pub async fn accounts(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
) -> Result<Response, PageError> {
    let rows = with_db(&state, |conn| list(conn)).await?;
    Ok(accounts_page(
        &signed,
        &rows,
        &AccountForm::default(),
        &FieldErrors::new(),
        None,
    )?
    .into_response())
}

/// POST /office/admin/accounts: creates an account with a drawn first password.
pub async fn create(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<AccountForm>,
) -> Result<Response, PageError> {
    let text = |sent: &str| sent.trim().to_string();
    let (login, name, email, role) = (
        text(&form.login),
        text(&form.display_name),
        text(&form.email),
        text(&form.role),
    );
    let outcome = with_db(&state, move |conn| {
        let mut errors = FieldErrors::new();
        for (field, text, max) in [
            ("login", &login, MAX_LOGIN_CHARS),
            ("display_name", &name, MAX_DISPLAY_NAME_CHARS),
            ("email", &email, MAX_EMAIL_CHARS),
        ] {
            if let Some(typed) = too_long(text, max) {
                let (max, typed) = (max.to_string(), typed.to_string());
                add_problem(
                    &mut errors,
                    field,
                    Sentence::TooLong,
                    &[("max", &max), ("typed", &typed)],
                );
            }
        }
        if !errors.contains_key("login") && !tournee_sync::is_valid_user(&login) {
            add_problem(&mut errors, "login", Sentence::LoginCharacters, &[]);
        }
        if name.trim().is_empty() {
            add_problem(&mut errors, "display_name", Sentence::Required, &[]);
        } else if name.chars().any(char::is_control) {
            add_problem(
                &mut errors,
                "display_name",
                Sentence::NoControlCharacters,
                &[],
            );
        }
        if !errors.contains_key("email")
            && (!email.contains('@') || email.contains(char::is_whitespace))
        {
            add_problem(&mut errors, "email", Sentence::EmailExpected, &[]);
        }
        let role = match role.as_str() {
            "admin" => Some(Role::Admin),
            "accountant" => Some(Role::Accountant),
            _ => {
                add_problem(&mut errors, "role", Sentence::UnknownRole, &[]);
                None
            }
        };
        if login_taken(conn, &login)? {
            add_problem(&mut errors, "login", Sentence::LoginTaken, &[]);
        }
        let password = generate_password();
        if let (true, Some(role)) = (errors.is_empty(), role) {
            create_account(conn, &login, &name, &email, role, &password, Utc::now())?;
            tracing::info!(account = %login, "back-office account created");
            return Ok(Ok((list(conn)?, login, password)));
        }
        Ok(Err((list(conn)?, errors)))
    })
    .await?;
    Ok(match outcome {
        Ok((rows, login, password)) => accounts_page(
            &signed,
            &rows,
            &AccountForm::default(),
            &FieldErrors::new(),
            Some((&login, &password)),
        )?
        .into_response(),
        Err((rows, errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            accounts_page(&signed, &rows, &form, &errors, None)?,
        )
            .into_response(),
    })
}

/// The « Désactiver » / « Réactiver » button's fields.
#[derive(Deserialize)]
pub struct ActiveForm {
    active: String,
}

/// POST /office/admin/accounts/{login}/active: closing an account ends its sessions.
pub async fn set_active(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(login): Path<String>,
    CheckedForm(form): CheckedForm<ActiveForm>,
) -> Result<Response, PageError> {
    let admin = signed.account.login.clone();
    let active = form.active == "1";
    let outcome = with_db(&state, move |conn| {
        Ok(match set_account_active(conn, &admin, &login, active) {
            Ok(()) => {
                tracing::info!(%admin, account = %login, active, "back-office account opened or closed");
                Ok(list(conn)?)
            }
            Err(error) => Err(office_error(&error, OFFICE)),
        })
    })
    .await?;
    Ok(match outcome {
        Ok(rows) => accounts_page(
            &signed,
            &rows,
            &AccountForm::default(),
            &FieldErrors::new(),
            None,
        )?
        .into_response(),
        Err(message) => refused(&signed, Sentence::ChangeRefusedTitle, &message)?,
    })
}

/// POST /office/admin/accounts/{login}/reset: a new drawn password, shown once.
pub async fn reset(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(login): Path<String>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    let admin = signed.account.login.clone();
    let outcome = with_db(&state, move |conn| {
        Ok(match reset_password(conn, &login) {
            Ok(password) => {
                tracing::info!(%admin, account = %login, "back-office password reset");
                Ok((list(conn)?, login, password))
            }
            Err(error) => Err(office_error(&error, OFFICE)),
        })
    })
    .await?;
    Ok(match outcome {
        Ok((rows, login, password)) => accounts_page(
            &signed,
            &rows,
            &AccountForm::default(),
            &FieldErrors::new(),
            Some((&login, &password)),
        )?
        .into_response(),
        Err(message) => refused(&signed, Sentence::ResetRefusedTitle, &message)?,
    })
}
