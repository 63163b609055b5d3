//! Signing in and out, the password change, and the home page.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use serde::Deserialize;
use tournee_store::office::accounts::{
    change_password as store_change_password, close_session, open_session, verify_login, Role,
};

use super::auth::{csrf_matches, csrf_refused, Signed, SESSION_COOKIE};
use super::common::{error_paragraph, who, with_db};
use super::html::{escape, page};
use super::OfficeState;

fn session_cookie(token: &str) -> String {
    format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/office")
}

/// GET /office/login
pub async fn login_form() -> Html<String> {
    Html(login_page(None))
}

fn login_page(error: Option<&str>) -> String {
    let error = error_paragraph(error);
    page(
        "Connexion",
        None,
        &format!(
            "{error}<form method=\"post\" action=\"/office/login\">\
             <p><label>Identifiant <input name=\"login\" autocomplete=\"username\" required></label></p>\
             <p><label>Mot de passe <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label></p>\
             <p><button>Se connecter</button></p></form>"
        ),
    )
}

/// The login form's fields.
#[derive(Deserialize)]
pub struct LoginForm {
    login: String,
    password: String,
}

/// POST /office/login
pub async fn login(State(state): State<OfficeState>, Form(form): Form<LoginForm>) -> Response {
    let result = with_db(&state, move |conn| {
        Ok(
            match verify_login(conn, &form.login, &form.password, Utc::now()) {
                Ok(account) => {
                    let (token, _csrf) = open_session(conn, &account.login, Utc::now())?;
                    Ok((token, account.must_change_password))
                }
                Err(error) => Err(error.to_string()),
            },
        )
    })
    .await;
    match result {
        Ok(Ok((token, must_change))) => {
            let target = if must_change {
                "/office/password"
            } else {
                "/office"
            };
            (
                [(header::SET_COOKIE, session_cookie(&token))],
                Redirect::to(target),
            )
                .into_response()
        }
        Ok(Err(message)) => {
            (StatusCode::UNAUTHORIZED, Html(login_page(Some(&message)))).into_response()
        }
        Err(response) => response,
    }
}

/// A form that carries only the CSRF token.
#[derive(Deserialize)]
pub struct CsrfForm {
    /// The session's CSRF token.
    pub csrf: String,
}

/// POST /office/logout
pub async fn logout(
    State(state): State<OfficeState>,
    signed: Signed,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !csrf_matches(&signed, &form.csrf) {
        return csrf_refused();
    }
    let token = signed.token.clone();
    if let Err(response) = with_db(&state, move |conn| Ok(close_session(conn, &token)?)).await {
        return response;
    }
    (
        [(
            header::SET_COOKIE,
            format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/office; Max-Age=0"),
        )],
        Redirect::to("/office/login"),
    )
        .into_response()
}

/// GET /office/password
pub async fn password_form(signed: Signed) -> Html<String> {
    Html(password_page(&signed, None))
}

fn password_page(signed: &Signed, error: Option<&str>) -> String {
    let notice = if signed.account.must_change_password {
        "<p>Choisissez votre mot de passe avant de continuer (12 caractères au moins).</p>"
    } else {
        ""
    };
    let error = error_paragraph(error);
    page(
        "Mot de passe",
        who(signed),
        &format!(
            "{notice}{error}<form method=\"post\" action=\"/office/password\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <p><label>Mot de passe actuel <input name=\"old\" type=\"password\" required></label></p>\
             <p><label>Nouveau mot de passe <input name=\"new\" type=\"password\" minlength=\"12\" required></label></p>\
             <p><button>Enregistrer</button></p></form>",
            escape(&signed.csrf)
        ),
    )
}

/// The password form's fields.
#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    old: String,
    new: String,
}

/// POST /office/password: on success every session of the account ends; log in again.
pub async fn change_password(
    State(state): State<OfficeState>,
    signed: Signed,
    Form(form): Form<PasswordForm>,
) -> Response {
    if !csrf_matches(&signed, &form.csrf) {
        return csrf_refused();
    }
    let login = signed.account.login.clone();
    let result = with_db(&state, move |conn| {
        Ok(
            store_change_password(conn, &login, &form.old, &form.new, Utc::now())
                .map_err(|e| e.to_string()),
        )
    })
    .await;
    match result {
        Ok(Ok(())) => Redirect::to("/office/login").into_response(),
        Ok(Err(message)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(password_page(&signed, Some(&message))),
        )
            .into_response(),
        Err(response) => response,
    }
}

/// GET /office: what this person can do here.
pub async fn home(signed: Signed) -> Html<String> {
    let item = |href: &str, title: &str, what: &str| {
        format!("<li><a href=\"{href}\">{title}<span>{what}</span></a></li>")
    };
    let mut menu = item(
        "/office/creations",
        "Demandes de création de client",
        "Compléter, valider ou refuser les clients saisis par les commerciaux.",
    );
    menu.push_str(&item(
        "/office/modifications",
        "Demandes de modification",
        "Les changements signalés sur les fiches clients, ancien et nouveau.",
    ));
    if signed.account.role == Role::Admin {
        for (href, title, what) in [
            (
                "/office/admin/parameters",
                "Paramètres de l'automate",
                "Serveur, application, adresses, types de parc, SMTP.",
            ),
            (
                "/office/admin/visit-form",
                "Formulaire « Visite ce jour »",
                "Questions, niveaux, boutons radio et cases.",
            ),
            (
                "/office/admin/users",
                "Table de correspondance",
                "Utilisateur Windows, code winpro, mail, nom, admin.",
            ),
            (
                "/office/admin/reassign",
                "Réaffectation de prospects",
                "Déplacer des prospects d'un commercial à un autre.",
            ),
            (
                "/office/admin/integrations",
                "Suivi des intégrations",
                "Fichiers intégrés, en attente, refusés ; nouvel essai.",
            ),
            (
                "/office/admin/devices",
                "Appareils (transport HTTPS)",
                "Codes d'enrôlement des portables, appareils enrôlés, révocation.",
            ),
            (
                "/office/admin/accounts",
                "Comptes du back-office",
                "Comptables et administrateurs.",
            ),
        ] {
            menu.push_str(&item(href, title, what));
        }
    }
    Html(page(
        "Back-office Tournée",
        who(&signed),
        &format!("<ul class=\"menu\">{menu}</ul>"),
    ))
}
