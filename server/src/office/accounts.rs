//! The back-office accounts (admins only): nobody registers themselves; an admin creates
//! an account, the server draws its first password, shown once, and the person must
//! choose their own at first login.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use chrono::Utc;
use tournee_store::office::accounts::{create_account, generate_password, Role};

use super::auth::{csrf_matches, csrf_refused, Admin, Signed};
use super::common::{who, with_db};
use super::form::{add_error, error_summary, render_field, Field, FieldErrors, Input};
use super::html::{escape, page};
use super::OfficeState;

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

type AccountRow = (String, String, String, bool);

fn list(conn: &rusqlite::Connection) -> anyhow::Result<Vec<AccountRow>> {
    Ok(conn
        .prepare("SELECT login, display_name, role, active FROM office_account ORDER BY login")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

fn accounts_page(
    signed: &Signed,
    rows: &[AccountRow],
    values: &HashMap<String, String>,
    errors: &FieldErrors,
    created: Option<(&str, &str)>,
) -> String {
    let mut body = created
        .map(|(login, password)| {
            format!(
                "<p class=\"notice\" role=\"status\">Compte « {} » créé. Mot de passe provisoire, affiché une seule fois : \
                 <code data-testid=\"new-password\">{}</code> — la personne en choisira un autre à sa première connexion.</p>",
                escape(login),
                escape(password)
            )
        })
        .unwrap_or_default();
    body.push_str("<table><tr><th>Identifiant</th><th>Nom</th><th>Rôle</th><th>Actif</th></tr>");
    for (login, name, role, active) in rows {
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(login),
            escape(name),
            escape(role),
            if *active { "oui" } else { "non" }
        ));
    }
    body.push_str("</table>");
    let fields = fields();
    let all: Vec<&Field<'_>> = fields.iter().collect();
    body.push_str(&format!(
        "<h2>Nouveau compte</h2>{}<form method=\"post\" action=\"/office/admin/accounts\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        error_summary(&all, errors),
        escape(&signed.csrf)
    ));
    for field in &fields {
        body.push_str(&render_field(field, values, errors));
    }
    body.push_str("<p><button>Créer le compte</button></p></form>");
    page("Comptes du back-office", who(signed), &body)
}

/// GET /office/admin/accounts
pub async fn accounts(State(state): State<OfficeState>, Admin(signed): Admin) -> Response {
    match with_db(&state, |conn| list(conn)).await {
        Ok(rows) => Html(accounts_page(
            &signed,
            &rows,
            &HashMap::new(),
            &FieldErrors::new(),
            None,
        ))
        .into_response(),
        Err(response) => response,
    }
}

/// POST /office/admin/accounts: creates an account with a drawn first password.
pub async fn create(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if !csrf_matches(&signed, form.get("csrf").map(String::as_str).unwrap_or("")) {
        return csrf_refused();
    }
    let text = |key: &str| {
        form.get(key)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let (login, name, email, role) = (
        text("login"),
        text("display_name"),
        text("email"),
        text("role"),
    );
    let outcome = with_db(&state, move |conn| {
        let mut errors = FieldErrors::new();
        if !tournee_sync::is_valid_user(&login) {
            add_error(
                &mut errors,
                "login",
                "lettres sans accent, chiffres, « . », « _ » ou « - »",
            );
        }
        if name.is_empty() {
            add_error(&mut errors, "display_name", "obligatoire");
        }
        if !email.contains('@') || email.contains(char::is_whitespace) {
            add_error(&mut errors, "email", "adresse e-mail attendue");
        }
        let role = match role.as_str() {
            "admin" => Some(Role::Admin),
            "accountant" => Some(Role::Accountant),
            _ => {
                add_error(&mut errors, "role", "rôle inconnu");
                None
            }
        };
        let taken: bool = conn.query_row(
            "SELECT count(*) > 0 FROM office_account WHERE login = ?1",
            [&login],
            |r| r.get(0),
        )?;
        if taken {
            add_error(&mut errors, "login", "identifiant déjà utilisé");
        }
        let password = generate_password();
        if let (true, Some(role)) = (errors.is_empty(), role) {
            create_account(conn, &login, &name, &email, role, &password, Utc::now())?;
            tracing::info!(account = %login, "back-office account created");
            return Ok(Ok((list(conn)?, login, password)));
        }
        Ok(Err((list(conn)?, errors)))
    })
    .await;
    match outcome {
        Ok(Ok((rows, login, password))) => Html(accounts_page(
            &signed,
            &rows,
            &HashMap::new(),
            &FieldErrors::new(),
            Some((&login, &password)),
        ))
        .into_response(),
        Ok(Err((rows, errors))) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(accounts_page(&signed, &rows, &form, &errors, None)),
        )
            .into_response(),
        Err(response) => response,
    }
}
