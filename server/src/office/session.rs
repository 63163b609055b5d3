//! Signing in and out, the password change, and the home page.
//!
//! A refused login reads the same and takes at least [`REFUSAL_TIME`] whatever the
//! reason, so neither its words nor its time tell which logins exist. Past
//! [`ADDRESS_FREE_FAILURES`] failures, a client address waits 1 s, 2 s, 4 s … (up to
//! [`ADDRESS_BACKOFF_CAP`]) before its next attempt is heard; the account itself has its
//! own back-off (`tournee_store::office::accounts`). Neither ever locks anyone out for
//! good, and `tournee-server account unlock` lifts the account's at once.
//!
//! The login form carries a token that must match a cookie set with the form (a
//! cross-site page cannot read it), a login ends the session the browser had and opens
//! a fresh one (no fixation), and a password change ends every session of the account.

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use serde::Deserialize;
use tournee_store::master::params::Parameters;
use tournee_store::office::accounts::{
    change_password as store_change_password, close_session, open_session, refuse_at_same_cost,
    verify_login, LoginError, Role,
};
use tournee_store::office::OfficeError;

use super::auth::Signed;
use super::checked_form::{CheckedForm, NoFields};
use super::client::ClientAddress;
use super::common::{error_paragraph, who, with_db};
use super::cookies::{fresh_token, login_token, same_secret, well_formed};
use super::error::PageError;
use super::html::{escape, page};
use super::OfficeState;

/// GET /office/login: the form, with its token (the one the browser has, or a new one
/// set as a cookie beside it).
pub async fn login_form(
    State(state): State<OfficeState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (token, new) = form_token(&headers)
        .ok_or_else(|| PageError::server("no randomness for the login form's token"))?;
    let page = Html(login_page(&token, None));
    Ok(if new {
        (
            [(header::SET_COOKIE, state.cookies.login_token(&token))],
            page,
        )
            .into_response()
    } else {
        page.into_response()
    })
}

/// The browser's login token if it has a well-formed one, or a new one (`true`).
fn form_token(headers: &HeaderMap) -> Option<(String, bool)> {
    match login_token(headers).filter(|t| well_formed(t)) {
        Some(token) => Some((token, false)),
        None => fresh_token().map(|token| (token, true)),
    }
}

fn login_page(token: &str, error: Option<&str>) -> String {
    let error = error_paragraph(error);
    page(
        "Connexion",
        None,
        &format!(
            "{error}<form method=\"post\" action=\"/office/login\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <p><label>Identifiant <input name=\"login\" autocomplete=\"username\" required></label></p>\
             <p><label>Mot de passe <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label></p>\
             <p><button>Se connecter</button></p></form>",
            escape(token)
        ),
    )
}

/// The answer to a login form without its token (or with another one): nothing is
/// checked; a fresh form comes with a fresh token.
fn login_form_expired() -> Response {
    (
        StatusCode::FORBIDDEN,
        Html(page(
            "Formulaire expiré",
            None,
            "<p class=\"error\" role=\"alert\">Ce formulaire de connexion n'est plus valable (ou ne vient pas \
             de ce site) : <a href=\"/office/login\">rechargez la page de connexion</a> et recommencez.</p>",
        )),
    )
        .into_response()
}

/// The login form's fields.
#[derive(Deserialize)]
pub struct LoginForm {
    /// The form's token, which must match the login cookie.
    #[serde(default)]
    csrf: String,
    login: String,
    password: String,
}

/// The session token the request carries, if any.
fn session_token_of(headers: &HeaderMap) -> Option<String> {
    super::cookies::read(
        headers,
        &[super::cookies::SECURE_SESSION, super::cookies::SESSION],
    )
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
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let Some(token) = login_token(&headers) else {
        return Ok(login_form_expired());
    };
    if form.csrf.is_empty() || !same_secret(&token, &form.csrf) {
        return Ok(login_form_expired());
    }
    // The session this browser had (if any) ends with this login: a new one is opened,
    // so a session id planted before the login is worth nothing after it.
    let previous = session_token_of(&headers);
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
                    if let Some(previous) = previous {
                        close_session(conn, &previous)?;
                    }
                    let (token, _csrf) = open_session(conn, &account.login, Utc::now())?;
                    Ok((token, account.must_change_password))
                }
                Err(error) => Err(error),
            },
        )
    })
    .await?;
    Ok(match result {
        Ok((token, must_change)) => {
            state.login_throttle.succeeded(address);
            let target = if must_change {
                "/office/password"
            } else {
                "/office"
            };
            (
                [(header::SET_COOKIE, state.cookies.session(&token))],
                Redirect::to(target),
            )
                .into_response()
        }
        Err(other @ (OfficeError::Store(_) | OfficeError::Hashing(_))) => {
            return Err(PageError::server(other))
        }
        Err(error) => {
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
                Html(login_page(&token, Some(&error.to_string()))),
            )
                .into_response()
        }
    })
}

/// POST /office/logout
pub async fn logout(
    State(state): State<OfficeState>,
    signed: Signed,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    let token = signed.token.clone();
    with_db(&state, move |conn| Ok(close_session(conn, &token)?)).await?;
    let [plain, secure] = state.cookies.end_session();
    Ok((
        AppendHeaders([(header::SET_COOKIE, plain), (header::SET_COOKIE, secure)]),
        Redirect::to("/office/login"),
    )
        .into_response())
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
    old: String,
    new: String,
}

/// POST /office/password: on success every session of the account ends; log in again.
pub async fn change_password(
    State(state): State<OfficeState>,
    signed: Signed,
    CheckedForm(form): CheckedForm<PasswordForm>,
) -> Result<Response, PageError> {
    let login = signed.account.login.clone();
    let result = with_db(&state, move |conn| {
        Ok(
            store_change_password(conn, &login, &form.old, &form.new, Utc::now())
                .map_err(|e| e.to_string()),
        )
    })
    .await?;
    Ok(match result {
        Ok(()) => Redirect::to("/office/login").into_response(),
        Err(message) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(password_page(&signed, Some(&message))),
        )
            .into_response(),
    })
}

/// GET /office: what this person can do here.
pub async fn home(State(state): State<OfficeState>, signed: Signed) -> Result<Response, PageError> {
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
    let warning = if signed.account.role == Role::Admin {
        let params = with_db(&state, |conn| Ok(Parameters::load(conn)?)).await?;
        if params.back_office_url_is_local() {
            format!(
                "<p class=\"error\" role=\"alert\" data-warning=\"back_office_url\">L'adresse publique du back-office n'est \
                 pas réglée (« {} ») : les liens des mails envoyés à la comptabilité ne s'ouvrent que sur ce serveur. \
                 Renseignez-la dans <a href=\"/office/admin/parameters\">les paramètres</a>.</p>",
                escape(&params.back_office_url)
            )
        } else {
            String::new()
        }
    } else {
        String::new()
    };
    Ok(Html(page(
        "Back-office Tournée",
        who(&signed),
        &format!("{warning}<ul class=\"menu\">{menu}</ul>"),
    ))
    .into_response())
}
