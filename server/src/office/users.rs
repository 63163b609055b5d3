//! « Utilisateurs », the one user directory (issue 13): login (the laptop's Windows user)
//! ↔ ERP user code ↔ mail ↔ display name ↔ role ↔ active, and whether the person may sign
//! in to the back office. The automaton uses it to check change files, address mails,
//! build each rep's snapshot and decide what each user may write; the back office to let
//! people sign in. « Définir un mot de passe » draws a temporary password, shown once, that
//! the person changes at first sign-in; no page ever shows a hash. Admins only.

use askama::Template;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tournee_core::Role;
use tournee_sentences::Label;
use tournee_store::{
    directory, directory_entry, directory_problems, erp_code_taken, parse_role, reset_password,
    set_user_role, upsert_user, DirectoryLine, RightsError, User,
};

use super::auth::{Admin, Signed};
use super::checked_form::{CheckedForm, NoFields};
use super::common::{refused, who, with_db};
use super::error::PageError;
use super::form::{
    add_error, add_problem, error_summary, field_views, tick, ticked, Field, FieldErrors,
    FieldView, FormValues, Input, Problem,
};
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{office_error, rights_error, user_problem, Sentence, OFFICE};

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
            label: "Identifiant (utilisateur Windows)",
            input: Input::Text,
            hint: "Identifiant de connexion et nom du dossier synchronisé du portable ; ne peut pas être renommé ensuite.",
        },
        Field {
            name: "erp_code",
            label: "Code utilisateur winpro",
            input: Input::Text,
            hint: "1 à 4 caractères (c_user). Vide pour un administrateur, un comptable ou un observateur sans portable.",
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
            hint: "Un utilisateur inactif ne reçoit plus de base, ses fichiers sont refusés et il ne peut plus se connecter.",
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
    /// A stored row, to be edited.
    fn of(line: &DirectoryLine) -> Self {
        Self {
            windows_user: line.login.clone(),
            erp_code: line.erp_code.clone().unwrap_or_default(),
            email: line.email.clone(),
            display_name: line.display_name.clone(),
            role: line.role.code().to_string(),
            active: line.active,
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

/// The directory, and the form that adds a user or changes one.
#[derive(Template)]
#[template(path = "office/users.html")]
struct UsersPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    /// Each user with their role's label.
    users: Vec<(&'a DirectoryLine, &'static str)>,
    /// « Utilisateur … enregistré » after a save.
    notice: Option<&'a str>,
    /// (notice, password) after « Définir un mot de passe »: the password shown once.
    password: Option<(&'a str, &'a str)>,
    fields: Vec<FieldView<'a>>,
    summary: Option<Vec<Problem<'a>>>,
}

/// The directory as the page lists it.
type Listing = Vec<DirectoryLine>;

/// What the page says above the list: a notice, or a password just set.
#[derive(Default)]
struct Said<'a> {
    notice: Option<&'a str>,
    password: Option<(&'a str, &'a str)>,
}

fn users_page(
    signed: &Signed,
    lines: &Listing,
    values: &UserForm,
    errors: &FieldErrors,
    said: Said<'_>,
) -> Result<Html<String>, PageError> {
    let choices = role_choices();
    let fields = fields(&choices);
    let all: Vec<&Field<'_>> = fields.iter().collect();
    let users = lines
        .iter()
        .map(|line| (line, line.role.label(OFFICE)))
        .collect();
    render(&UsersPage {
        shell: Shell::new("Utilisateurs", who(signed)),
        csrf: &signed.csrf,
        users,
        notice: said.notice,
        password: said.password,
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
            Some(login) => directory_entry(conn, login)?.map(|line| UserForm::of(&line)),
            None => None,
        };
        Ok((directory(conn)?, editing))
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
        Said {
            notice: notice.as_deref(),
            password: None,
        },
    )?
    .into_response())
}

/// POST /office/admin/users: adds or updates one row (never its password: see
/// [`set_password`]). An admin may neither close their own account nor take the admin
/// role from themself: the last way in must stay open.
pub async fn save(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<UserForm>,
) -> Result<Response, PageError> {
    let user = form.user();
    let role = parse_role("role", &form.role);
    let me = signed.account.login.clone();
    let outcome = with_db(&state, move |conn| {
        let mut errors = FieldErrors::new();
        // The ERP code may be left empty for a role without a laptop; the role's own
        // problem is reported below, and then the code is checked as a rep's.
        let problems = match &role {
            Ok(role) => directory_problems(&user, *role),
            Err(_) => directory_problems(&user, Role::Rep),
        };
        for (field, problem) in problems {
            let said = user_problem(&problem);
            add_error(&mut errors, field, said.say(OFFICE));
        }
        if let Err(error @ RightsError::UnknownRole { field, .. }) = &role {
            if let Some(said) = rights_error(error) {
                add_error(&mut errors, field, said.say(OFFICE));
            }
        }
        if user.windows_user == me {
            if !user.active {
                add_problem(&mut errors, "active", Sentence::OwnAccount, &[]);
            }
            if role.as_ref().is_ok_and(|role| *role != Role::Admin) {
                add_problem(&mut errors, "role", Sentence::OwnAdminRole, &[]);
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
            _ => Ok(Err((errors, directory(conn)?))),
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
            users_page(&signed, &listing, &form, &errors, Said::default())?,
        )
            .into_response(),
    })
}

/// GET /office/admin/accounts, the former « Comptes du back-office » page (its accounts
/// are users of the directory now): to « Utilisateurs », for admins only as it was.
pub async fn former_accounts_page(Admin(_signed): Admin) -> Redirect {
    Redirect::to("/office/admin/users")
}

/// POST /office/admin/users/{login}/password: « Définir un mot de passe ». Draws a
/// temporary password for this user of the directory, whatever their role, shown once on
/// the page; the person must choose their own at first sign-in. Their sessions end.
pub async fn set_password(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(login): Path<String>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    let admin = signed.account.login.clone();
    let outcome = with_db(&state, move |conn| {
        Ok(match reset_password(conn, &login) {
            Ok(password) => {
                tracing::info!(%admin, user = %login, "temporary password set");
                Ok((directory(conn)?, login, password))
            }
            Err(error) => Err(office_error(&error, OFFICE)),
        })
    })
    .await?;
    Ok(match outcome {
        Ok((listing, login, password)) => {
            let notice = Sentence::PasswordSet.office(&[("login", &login)]);
            users_page(
                &signed,
                &listing,
                &UserForm::new_user(),
                &FieldErrors::new(),
                Said {
                    notice: None,
                    password: Some((&notice, &password)),
                },
            )?
            .into_response()
        }
        Err(message) => refused(&signed, Sentence::ResetRefusedTitle, &message)?,
    })
}

/// Windows logins are `[A-Za-z0-9._-]` once saved, so they go into a query string as is.
fn query_safe(login: &str) -> String {
    login
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect()
}
