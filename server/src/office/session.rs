//! Signing in and out, the password change, and the home page.
//!
//! A refused login reads the same and takes at least [`REFUSAL_TIME`] whatever the
//! reason, so neither its words nor its time tell which logins exist. Past
//! [`ADDRESS_FREE_FAILURES`] failures, a client address waits 1 s, 2 s, 4 s … (up to
//! [`ADDRESS_BACKOFF_CAP`]) before its next attempt is heard; the account itself has its
//! own back-off (`tournee_store::office::accounts`). Neither ever locks anyone out for
//! good, and `tournee-server account unlock` lifts the account's at once.

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use serde::Deserialize;
use tournee_store::office::accounts::{
    change_password as store_change_password, close_session, open_session, refuse_at_same_cost,
    verify_login, LoginError, Role,
};
use tournee_store::office::OfficeError;

use super::auth::{csrf_matches, csrf_refused, Signed, SESSION_COOKIE};
use super::client::ClientAddress;
use super::common::{error_paragraph, server_error, who, with_db};
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

/// Failed logins from one address that go unpunished.
pub const ADDRESS_FREE_FAILURES: u32 = 5;
/// Longest wait of an address after failed logins.
pub const ADDRESS_BACKOFF_CAP: Duration = Duration::from_secs(300);
/// Least time a refused login takes, whatever the reason: longer than the slowest
/// refusal path (one argon2 check and a database write), so all of them take this long.
pub const REFUSAL_TIME: Duration = Duration::from_millis(250);

/// The back-off of failed logins per client address.
pub fn login_throttle() -> crate::throttle::Throttle {
    crate::throttle::Throttle::new(ADDRESS_FREE_FAILURES, ADDRESS_BACKOFF_CAP)
}

/// POST /office/login
pub async fn login(
    State(state): State<OfficeState>,
    ClientAddress(address): ClientAddress,
    Form(form): Form<LoginForm>,
) -> Response {
    let started = tokio::time::Instant::now();
    let waiting = state
        .login_throttle
        .waiting(address, Instant::now())
        .is_some();
    let login = form.login.clone();
    let result = with_db(&state, move |conn| {
        if waiting {
            return Ok(Err(refuse_at_same_cost(&form.password)));
        }
        Ok(
            match verify_login(conn, &form.login, &form.password, Utc::now()) {
                Ok(account) => {
                    let (token, _csrf) = open_session(conn, &account.login, Utc::now())?;
                    Ok((token, account.must_change_password))
                }
                Err(error) => Err(error),
            },
        )
    })
    .await;
    match result {
        Ok(Ok((token, must_change))) => {
            state.login_throttle.succeeded(address);
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
        Ok(Err(other @ (OfficeError::Store(_) | OfficeError::Hashing(_)))) => {
            server_error(&other.to_string())
        }
        Ok(Err(error)) => {
            if !waiting {
                state.login_throttle.failed(address, Instant::now());
            }
            let reason = match &error {
                OfficeError::Login(LoginError::Refused(why)) => why.code(),
                _ => "other",
            };
            let login: String = login.chars().take(64).collect();
            tracing::warn!(%login, %address, reason, "back-office login refused");
            tokio::time::sleep_until(started + REFUSAL_TIME).await;
            (
                StatusCode::UNAUTHORIZED,
                Html(login_page(Some(&error.to_string()))),
            )
                .into_response()
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
        "<p>Choisissez votre mot de passe avant de continuer : 12 caractères au moins, difficile à deviner. \
         Une phrase de quatre ou cinq mots peu courants est à la fois sûre et facile à retenir.</p>"
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
