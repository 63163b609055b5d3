//! Signing in and out, the password change, and the home page.
//!
//! A refused login reads the same and takes at least [`REFUSAL_TIME`] whatever the
//! reason, so neither its words nor its time tell which logins exist. Past
//! [`ADDRESS_FREE_FAILURES`] failures, a client address waits 1 s, 2 s, 4 s … (up to
//! [`ADDRESS_BACKOFF_CAP`]) before its next attempt is heard; the account itself has its
//! own back-off (`tournee_store::verify_login`). Neither ever locks anyone out for
//! good, and `tournee-server account unlock` lifts the account's at once.
//!
//! The login form carries a token that must match a cookie set with the form (a
//! cross-site page cannot read it), a login ends the session the browser had and opens
//! a fresh one (no fixation), and a password change ends every session of the account.

use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use serde::Deserialize;
use tournee_store::OfficeError;
use tournee_store::Parameters;
use tournee_store::{
    change_password as store_change_password, close_session, open_session, refuse_at_same_cost,
    verify_login, LoginError,
};

use super::auth::{Requirement, Signed};
use super::checked_form::{CheckedForm, NoFields};
use super::client::ClientAddress;
use super::common::{who, with_db};
use super::cookies::{fresh_token, login_token, same_secret, well_formed};
use super::error::PageError;
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{office_error, Said, Sentence, OFFICE};
use tournee_sentences::Label;

/// GET /office/login: the form, with its token (the one the browser has, or a new one
/// set as a cookie beside it).
pub async fn login_form(
    State(state): State<OfficeState>,
    Query(next): Query<Next>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (token, new) = form_token(&headers)
        .ok_or_else(|| PageError::server("no randomness for the login form's token"))?;
    let page = login_page(&token, None, next.is_app())?;
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

/// Where a login leads: the back office, or (`?next=app`, the only other value heard,
/// so the login cannot be made to send anyone elsewhere) the browser's screens.
#[derive(Deserialize, Default)]
pub struct Next {
    #[serde(default)]
    next: String,
}

impl Next {
    fn is_app(&self) -> bool {
        self.next == "app"
    }
}

/// The login form, with its token and the reason of a refusal.
#[derive(Template)]
#[template(path = "office/login.html")]
struct LoginPage<'a> {
    shell: Shell<'a>,
    token: &'a str,
    error: Option<String>,
    /// The login comes from the browser's screens and goes back to them.
    app: bool,
}

fn login_page(token: &str, error: Option<&Said>, app: bool) -> Result<Html<String>, PageError> {
    render(&LoginPage {
        shell: Shell::new("Connexion", None),
        token,
        error: error.map(|said| said.say(OFFICE)),
        app,
    })
}

/// The page of a login form that came without its token.
#[derive(Template)]
#[template(path = "office/login_expired.html")]
struct LoginExpiredPage<'a> {
    shell: Shell<'a>,
}

/// The answer to a login form without its token (or with another one): nothing is
/// checked; a fresh form comes with a fresh token.
fn login_form_expired() -> Result<Response, PageError> {
    let page = LoginExpiredPage {
        shell: Shell::new("Formulaire expiré", None),
    };
    Ok((StatusCode::FORBIDDEN, render(&page)?).into_response())
}

/// The login form's fields.
#[derive(Deserialize)]
pub struct LoginForm {
    /// The form's token, which must match the login cookie.
    #[serde(default)]
    csrf: String,
    login: String,
    password: String,
    /// `app` when the form came from the browser's screens.
    #[serde(default)]
    next: String,
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
        return login_form_expired();
    };
    if form.csrf.is_empty() || !same_secret(&token, &form.csrf) {
        return login_form_expired();
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
    let to_app = form.next == "app";
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
            } else if to_app {
                "/app/"
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
                login_page(&token, Some(&office_error(&error, OFFICE)), to_app)?,
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
pub async fn password_form(signed: Signed) -> Result<Html<String>, PageError> {
    password_page(&signed, None)
}

/// The password change, with the first-login notice when the password was drawn.
#[derive(Template)]
#[template(path = "office/password.html")]
struct PasswordPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    must_change: bool,
    error: Option<String>,
}

fn password_page(signed: &Signed, error: Option<&Said>) -> Result<Html<String>, PageError> {
    render(&PasswordPage {
        shell: Shell::new("Mot de passe", who(signed)),
        csrf: &signed.csrf,
        must_change: signed.account.must_change_password,
        error: error.map(|said| said.say(OFFICE)),
    })
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
                .map_err(|e| office_error(&e, OFFICE)),
        )
    })
    .await?;
    Ok(match result {
        Ok(()) => Redirect::to("/office/login").into_response(),
        Err(message) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            password_page(&signed, Some(&message))?,
        )
            .into_response(),
    })
}

/// The home page's menu: `(link, title, what it is for)`.
type MenuItem = (&'static str, &'static str, &'static str);

/// What everyone signed in can do.
const MENU: &[MenuItem] = &[
    (
        "/app/",
        "Application Tournée",
        "Les écrans de l'application dans le navigateur : contacts, clients, prospects, agenda.",
    ),
    (
        "/office/creations",
        "Demandes de création de client",
        "Compléter, valider ou refuser les clients saisis par les commerciaux.",
    ),
    (
        "/office/modifications",
        "Demandes de modification",
        "Les changements signalés sur les fiches clients, ancien et nouveau.",
    ),
];

/// What admins can do besides.
const ADMIN_MENU: &[MenuItem] = &[
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
        "Utilisateurs",
        "L'annuaire : identifiant, code winpro, mail, nom, rôle, actif, mot de passe.",
    ),
    (
        "/office/admin/policy",
        "Droits",
        "Ce que chaque rôle lit et modifie, par type de fiche.",
    ),
    (
        "/office/admin/teams",
        "Équipes",
        "Créer les équipes, leurs membres et leurs responsables.",
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
];

/// The home page: the menu, and for admins a warning when the back office's public
/// address is still a local one.
#[derive(Template)]
#[template(path = "office/home.html")]
struct HomePage<'a> {
    shell: Shell<'a>,
    items: Vec<MenuItem>,
    /// The stored `back_office_url` when mails would link to this machine only.
    local_url: Option<String>,
}

/// The home page of a user whose role has no back-office page yet (a rep, a manager, an
/// observer with a password): says so, with the sign-out in the header.
#[derive(Template)]
#[template(path = "office/nothing_for_role.html")]
struct NothingForRolePage<'a> {
    shell: Shell<'a>,
    message: String,
}

/// GET /office: what this person can do here.
pub async fn home(State(state): State<OfficeState>, signed: Signed) -> Result<Response, PageError> {
    if !Requirement::Staff.admits(signed.account.role) {
        let title = Sentence::NothingForRoleTitle.office(&[]);
        let role = signed.account.role.label(OFFICE);
        return Ok(render(&NothingForRolePage {
            shell: Shell::new(&title, who(&signed)),
            message: Sentence::NothingForRole.office(&[("role", role)]),
        })?
        .into_response());
    }
    let admin = Requirement::AdminOnly.admits(signed.account.role);
    let mut items = MENU.to_vec();
    let mut local_url = None;
    if admin {
        items.extend_from_slice(ADMIN_MENU);
        let params = with_db(&state, |conn| Ok(Parameters::load(conn)?)).await?;
        if params.back_office_url_is_local() {
            local_url = Some(params.back_office_url);
        }
    }
    Ok(render(&HomePage {
        shell: Shell::new("Back-office Tournée", who(&signed)),
        items,
        local_url,
    })?
    .into_response())
}
