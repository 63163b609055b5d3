//! « Jetons d'API » (admins): the tokens other programs call the REST API with. A new
//! token is shown once (only its digest is kept); each has a name, an owner whose role
//! and policy it carries, scopes per entity (read, or read and write), an optional
//! expiry, and can be revoked.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, TimeZone, Utc};
use serde::Deserialize;
use tournee_store::{
    all_users, create_api_token, list_api_tokens, revoke_api_token, ApiToken, IssuedToken,
    TokenAccess, TokenError, TokenScopes, User, MAX_TOKEN_NAME_CHARS, RESOURCES,
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
use crate::sentences::{Said, Sentence};

/// One entity's line of the scopes' table.
struct ScopeLine {
    code: &'static str,
    /// Its resource's path (`parties`).
    path: &'static str,
    /// The API writes it.
    writable: bool,
    /// What the form holds for it: "", "read" or "write".
    chosen: String,
}

/// The page.
#[derive(Template)]
#[template(path = "office/api_tokens.html")]
struct TokensPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    tokens: &'a [ApiToken],
    issued: Option<&'a IssuedToken>,
    fields: Vec<FieldView<'a>>,
    scopes: Vec<ScopeLine>,
    scope_error: Option<String>,
    summary: Option<Vec<Problem<'a>>>,
}

impl TokensPage<'_> {
    /// « party : écriture, client : lecture ».
    fn scopes_text(&self, token: &ApiToken) -> String {
        token
            .scopes
            .iter()
            .map(|(entity, access)| {
                let access = match access {
                    TokenAccess::Read => "lecture",
                    TokenAccess::Write => "écriture",
                };
                format!("{} : {access}", entity.code())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The new token's form as sent.
#[derive(Deserialize, Default)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    expires: String,
    /// `scope_<entity>` → "", "read" or "write" (and the CSRF token).
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

impl FormValues for TokenForm {
    fn value(&self, name: &str) -> &str {
        match name {
            "name" => &self.name,
            "owner" => &self.owner,
            "expires" => &self.expires,
            _ => "",
        }
    }
}

fn scope_lines(form: &TokenForm) -> Vec<ScopeLine> {
    RESOURCES
        .iter()
        .map(|spec| ScopeLine {
            code: spec.entity.code(),
            path: spec.path,
            writable: spec.record.is_some(),
            chosen: form
                .rest
                .get(&format!("scope_{}", spec.entity.code()))
                .cloned()
                .unwrap_or_default(),
        })
        .collect()
}

fn page(
    signed: &Signed,
    tokens: &[ApiToken],
    users: &[User],
    form: &TokenForm,
    errors: &FieldErrors,
    issued: Option<&IssuedToken>,
) -> Result<Html<String>, PageError> {
    let mut choices = vec![(String::new(), "— choisir un utilisateur —".to_string())];
    choices.extend(users.iter().filter(|u| u.active).map(|u| {
        (
            u.windows_user.clone(),
            format!("{} ({})", u.display_name, u.windows_user),
        )
    }));
    let options: Vec<(&str, &str)> = choices
        .iter()
        .map(|(code, label)| (code.as_str(), label.as_str()))
        .collect();
    let fields = [
        Field {
            name: "name",
            label: "Nom du jeton",
            input: Input::Text,
            hint: "Le programme qui l'utilise (« ERP », « Tableau de bord »).",
        },
        Field {
            name: "owner",
            label: "Propriétaire",
            input: Input::Choice(&options),
            hint: "Le jeton lit et écrit avec le rôle et les droits de cet utilisateur.",
        },
        Field {
            name: "expires",
            label: "Expire le (facultatif)",
            input: Input::Text,
            hint: "AAAA-MM-JJ ; vide : jamais.",
        },
    ];
    let views = field_views(&fields, form, errors);
    let all: Vec<&Field<'_>> = fields.iter().collect();
    let page = TokensPage {
        shell: Shell::new("Jetons d'API", who(signed)),
        csrf: &signed.csrf,
        tokens,
        issued,
        fields: views,
        scopes: scope_lines(form),
        scope_error: errors.get("scopes").and_then(|e| e.first().cloned()),
        summary: error_summary(&all, errors),
    };
    // The page borrows the fields: render before they go.
    render(&page)
}

/// GET /office/admin/api-tokens
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
) -> Result<Response, PageError> {
    let (tokens, users) = with_db(&state, |conn| {
        Ok((list_api_tokens(conn)?, all_users(conn)?))
    })
    .await?;
    Ok(page(
        &signed,
        &tokens,
        &users,
        &TokenForm::default(),
        &FieldErrors::new(),
        None,
    )?
    .into_response())
}

/// The scopes ticked, or the problem on the form.
fn chosen_scopes(form: &TokenForm, errors: &mut FieldErrors) -> TokenScopes {
    let mut scopes = TokenScopes::new();
    for spec in RESOURCES {
        let access = match form
            .rest
            .get(&format!("scope_{}", spec.entity.code()))
            .map(String::as_str)
        {
            Some("read") => TokenAccess::Read,
            Some("write") if spec.record.is_some() => TokenAccess::Write,
            _ => continue,
        };
        scopes.insert(spec.entity, access);
    }
    if scopes.is_empty() {
        add_problem(errors, "scopes", Sentence::TokenNoScope, &[]);
    }
    scopes
}

/// POST /office/admin/api-tokens: a new token, shown once.
pub async fn create(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<TokenForm>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::new();
    let scopes = chosen_scopes(&form, &mut errors);
    let expires = form.expires.trim();
    let expires_at = if expires.is_empty() {
        None
    } else {
        match NaiveDate::parse_from_str(expires, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|at| Utc.from_utc_datetime(&at))
            .filter(|at| *at > Utc::now())
        {
            Some(at) => Some(at),
            None => {
                add_problem(&mut errors, "expires", Sentence::TokenBadExpiry, &[]);
                None
            }
        }
    };
    let (name, owner) = (form.name.clone(), form.owner.trim().to_string());
    let admin = signed.account.login.clone();
    let outcome = with_db(&state, move |conn| {
        let issued = if errors.is_empty() {
            match create_api_token(conn, &name, &owner, &scopes, expires_at, &admin, Utc::now()) {
                Ok(issued) => {
                    // The secret is not logged.
                    tracing::info!(%admin, %owner, token = issued.id, "API token created");
                    Some(issued)
                }
                Err(TokenError::BadName) => {
                    let max = MAX_TOKEN_NAME_CHARS.to_string();
                    add_problem(
                        &mut errors,
                        "name",
                        Sentence::TokenBadName,
                        &[("max", &max)],
                    );
                    None
                }
                Err(TokenError::UnknownOwner(user)) => {
                    add_problem(
                        &mut errors,
                        "owner",
                        Sentence::TokenUnknownOwner,
                        &[("user", &user)],
                    );
                    None
                }
                Err(TokenError::NoScope) => {
                    add_problem(&mut errors, "scopes", Sentence::TokenNoScope, &[]);
                    None
                }
                Err(TokenError::PastExpiry(_)) => {
                    add_problem(&mut errors, "expires", Sentence::TokenBadExpiry, &[]);
                    None
                }
                Err(error) => return Err(anyhow::Error::from(error)),
            }
        } else {
            None
        };
        Ok((list_api_tokens(conn)?, all_users(conn)?, issued, errors))
    })
    .await?;
    let (tokens, users, issued, errors) = outcome;
    Ok(match issued {
        Some(issued) => page(
            &signed,
            &tokens,
            &users,
            &TokenForm::default(),
            &FieldErrors::new(),
            Some(&issued),
        )?
        .into_response(),
        None => (
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&signed, &tokens, &users, &form, &errors, None)?,
        )
            .into_response(),
    })
}

/// POST /office/admin/api-tokens/{id}/revoke: refused from now on.
pub async fn revoke(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(id): Path<i64>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    let admin = signed.account.login.clone();
    let revoked = with_db(&state, move |conn| {
        Ok(revoke_api_token(conn, id, Utc::now())?)
    })
    .await?;
    if revoked {
        tracing::info!(%admin, token = id, "API token revoked");
        Ok(Redirect::to("/office/admin/api-tokens").into_response())
    } else {
        refused(
            &signed,
            Sentence::RevocationRefusedTitle,
            &Said::new(Sentence::TokenUnknown, &[("id", &id.to_string())]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tournee_core::Entity;

    #[test]
    fn only_the_ticked_scopes_count_and_write_only_where_the_api_writes() {
        let mut form = TokenForm::default();
        form.rest.insert("scope_party".into(), "write".into());
        form.rest.insert("scope_client".into(), "write".into());
        form.rest.insert("scope_user".into(), "read".into());
        form.rest.insert("scope_todo".into(), "".into());
        let mut errors = FieldErrors::new();
        let scopes = chosen_scopes(&form, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(scopes.get(&Entity::Party), Some(&TokenAccess::Write));
        assert_eq!(scopes.get(&Entity::Client), None, "clients are read only");
        assert_eq!(scopes.get(&Entity::User), Some(&TokenAccess::Read));
        assert_eq!(scopes.len(), 2);
        let mut none = FieldErrors::new();
        assert!(chosen_scopes(&TokenForm::default(), &mut none).is_empty());
        assert!(none.contains_key("scopes"));
    }
}
