//! The back office's handlers: parse the request, call `tournee_store::office`, render.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use rusqlite::Connection;
use serde::Deserialize;
use tournee_core::profile::FieldValues;
use tournee_core::Lang;
use tournee_store::master::open_master;
use tournee_store::master::params::Parameters;
use tournee_store::office::accounts::{
    change_password as store_change_password, close_session, open_session, verify_login, Role,
};
use tournee_store::office::creation::{reject_creation, validate_creation, Validation};
use tournee_store::office::modification::{close_modification, open_modifications, Decision};

use super::auth::{csrf_matches, csrf_refused, Accountant, Admin, Signed, SESSION_COOKIE};
use super::html::{escape, page};
use super::OfficeState;

/// Runs SQLite work on the blocking pool with a fresh connection to the master.
async fn with_db<T: Send + 'static>(
    state: &OfficeState,
    work: impl FnOnce(&mut Connection) -> anyhow::Result<T> + Send + 'static,
) -> Result<T, Response> {
    let database = state.dir.database();
    tokio::task::spawn_blocking(move || {
        let mut conn = open_master(&database)?;
        work(&mut conn)
    })
    .await
    .map_err(|e| server_error(&e.to_string()))?
    .map_err(|e| server_error(&format!("{e:#}")))
}

fn server_error(detail: &str) -> Response {
    tracing::error!(detail, "back office error");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Html(page("Erreur", None, "<p class=\"error\">Une erreur est survenue ; elle est consignée dans le journal du serveur.</p>")),
    )
        .into_response()
}

fn who(signed: &Signed) -> Option<(&str, &str)> {
    Some((signed.account.display_name.as_str(), signed.csrf.as_str()))
}

fn session_cookie(token: &str) -> String {
    format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/office")
}

/// GET /office/login
pub async fn login_form() -> Html<String> {
    Html(login_page(None))
}

fn login_page(error: Option<&str>) -> String {
    let error = error
        .map(|e| format!("<p class=\"error\">{}</p>", escape(e)))
        .unwrap_or_default();
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
    csrf: String,
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
    let error = error
        .map(|e| format!("<p class=\"error\">{}</p>", escape(e)))
        .unwrap_or_default();
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

/// GET /office
pub async fn home(signed: Signed) -> Html<String> {
    let admin = if signed.account.role == Role::Admin {
        "<li><a href=\"/office/admin/accounts\">Comptes du back-office</a></li>"
    } else {
        ""
    };
    Html(page(
        "Back-office Tournée",
        who(&signed),
        &format!(
            "<ul><li><a href=\"/office/creations\">Demandes de création de client</a></li>\
             <li><a href=\"/office/modifications\">Demandes de modification</a></li>{admin}</ul>"
        ),
    ))
}

/// GET /office/creations: the pending requests.
pub async fn creations(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
) -> Response {
    let rows = with_db(&state, |conn| {
        let rows = conn
            .prepare(
                "SELECT r.id, p.nom_client, u.display_name, r.created_at FROM client_creation_request r \
                 JOIN prospect p ON p.prospect_id = r.prospect_id JOIN app_user u ON u.windows_user = r.requested_by \
                 WHERE r.status = 'pending' ORDER BY r.id",
            )?
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    })
    .await;
    let rows = match rows {
        Ok(rows) => rows,
        Err(response) => return response,
    };
    let mut body =
        String::from("<table><tr><th>N°</th><th>Client</th><th>Demandé par</th><th>Le</th></tr>");
    for (id, name, rep, at) in &rows {
        body.push_str(&format!(
            "<tr><td><a href=\"/office/creations/{id}\">{id}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(name),
            escape(rep),
            escape(at)
        ));
    }
    body.push_str("</table>");
    if rows.is_empty() {
        body = "<p>Aucune demande en attente.</p>".into();
    }
    Html(page("Demandes de création de client", who(&signed), &body)).into_response()
}

/// One request as the accountant sees it.
struct RequestView {
    status: String,
    requested_by: String,
    fields: FieldValues,
    has_signature: bool,
    client_code: Option<String>,
    reason: Option<String>,
    params: Parameters,
}

fn load_request(conn: &Connection, id: i64) -> anyhow::Result<Option<RequestView>> {
    use rusqlite::OptionalExtension as _;
    let row = conn
        .query_row(
            "SELECT r.status, u.display_name, r.fields_json, r.signature_png IS NOT NULL, r.c_client, r.reason \
             FROM client_creation_request r JOIN app_user u ON u.windows_user = r.requested_by WHERE r.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            },
        )
        .optional()?;
    let Some((status, requested_by, fields, has_signature, client_code, reason)) = row else {
        return Ok(None);
    };
    Ok(Some(RequestView {
        status,
        requested_by,
        fields: serde_json::from_str(&fields)?,
        has_signature,
        client_code,
        reason,
        params: Parameters::load(conn)?,
    }))
}

fn request_page(signed: &Signed, id: i64, view: &RequestView, error: Option<&str>) -> String {
    let error = error
        .map(|e| format!("<p class=\"error\">{}</p>", escape(e)))
        .unwrap_or_default();
    let csrf = escape(&signed.csrf);
    let mut body = format!(
        "{error}<p>Demandée par {} — statut : {}{}{}</p>",
        escape(&view.requested_by),
        escape(&view.status),
        view.client_code
            .as_deref()
            .map(|c| format!(" — client {}", escape(c)))
            .unwrap_or_default(),
        view.reason
            .as_deref()
            .map(|r| format!(" — motif : {}", escape(r)))
            .unwrap_or_default(),
    );
    body.push_str(&format!(
        "<p>Signature du client : {}</p>",
        if view.has_signature {
            "jointe"
        } else {
            "aucune"
        }
    ));
    let pending = view.status == "pending";
    if pending {
        body.push_str(&format!(
            "<form method=\"post\" action=\"/office/creations/{id}/validate\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <p><label>Code client créé dans winpro <input name=\"client_code\" required maxlength=\"30\"></label></p><table>"
        ));
    } else {
        body.push_str("<table>");
    }
    for field in view
        .params
        .field_profile
        .fields
        .iter()
        .filter(|f| f.visible)
    {
        let value = view
            .fields
            .get(&field.name)
            .cloned()
            .flatten()
            .unwrap_or_default();
        let label = view.params.field_profile.label(&field.name, Lang::Fr);
        let input = if pending {
            format!(
                "<input name=\"field.{}\" value=\"{}\" maxlength=\"{}\">",
                escape(&field.name),
                escape(&value),
                field.max_len
            )
        } else {
            escape(&value)
        };
        body.push_str(&format!(
            "<tr><th>{}</th><td>{input}</td></tr>",
            escape(&label)
        ));
    }
    body.push_str("</table>");
    if pending {
        body.push_str(&format!(
            "<p><button>Valider la création</button></p></form>\
             <form method=\"post\" action=\"/office/creations/{id}/reject\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <p><label>Motif du refus <input name=\"reason\" required></label> <button>Refuser</button></p></form>"
        ));
    }
    page(&format!("Demande de création n° {id}"), who(signed), &body)
}

/// GET /office/creations/{id}: the page the accountant's mail links to.
pub async fn creation(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
    Path(id): Path<i64>,
) -> Response {
    match with_db(&state, move |conn| load_request(conn, id)).await {
        Ok(Some(view)) => Html(request_page(&signed, id, &view, None)).into_response(),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            Html(page("Demande introuvable", who(&signed), "")),
        )
            .into_response(),
        Err(response) => response,
    }
}

/// POST /office/creations/{id}/validate: fields come as `field.<column>`.
pub async fn validate(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if !csrf_matches(&signed, form.get("csrf").map(String::as_str).unwrap_or("")) {
        return csrf_refused();
    }
    let completed: FieldValues = form
        .iter()
        .filter_map(|(key, value)| {
            key.strip_prefix("field.")
                .map(|name| (name.to_string(), Some(value.trim().to_string())))
        })
        .map(|(name, value)| (name, value.filter(|v| !v.is_empty())))
        .collect();
    let validation = Validation {
        request_id: id,
        client_code: form.get("client_code").cloned().unwrap_or_default(),
        completed,
        accountant_email: signed.account.email.clone(),
    };
    let result = with_db(&state, move |conn| {
        let params = Parameters::load(conn)?;
        let outcome =
            validate_creation(conn, &params, &validation, Utc::now()).map_err(|e| e.to_string());
        Ok((outcome, load_request(conn, id)?))
    })
    .await;
    match result {
        Ok((Ok(_code), _)) => Redirect::to("/office/creations").into_response(),
        Ok((Err(message), Some(view))) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(request_page(&signed, id, &view, Some(&message))),
        )
            .into_response(),
        Ok((Err(_), None)) => (
            StatusCode::NOT_FOUND,
            Html(page("Demande introuvable", who(&signed), "")),
        )
            .into_response(),
        Err(response) => response,
    }
}

/// The reject form's fields.
#[derive(Deserialize)]
pub struct RejectForm {
    csrf: String,
    reason: String,
}

/// POST /office/creations/{id}/reject
pub async fn reject(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
    Path(id): Path<i64>,
    Form(form): Form<RejectForm>,
) -> Response {
    if !csrf_matches(&signed, &form.csrf) {
        return csrf_refused();
    }
    let email = signed.account.email.clone();
    let result = with_db(&state, move |conn| {
        Ok(reject_creation(conn, id, &email, &form.reason, Utc::now()).map_err(|e| e.to_string()))
    })
    .await;
    match result {
        Ok(Ok(())) => Redirect::to("/office/creations").into_response(),
        Ok(Err(message)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(page(
                "Refus impossible",
                who(&signed),
                &format!("<p class=\"error\">{}</p>", escape(&message)),
            )),
        )
            .into_response(),
        Err(response) => response,
    }
}

/// GET /office/admin/accounts: admins only.
pub async fn accounts(State(state): State<OfficeState>, Admin(signed): Admin) -> Response {
    let rows = with_db(&state, |conn| {
        let rows = conn
            .prepare("SELECT login, display_name, role, active FROM office_account ORDER BY login")?
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    })
    .await;
    let rows = match rows {
        Ok(rows) => rows,
        Err(response) => return response,
    };
    let mut body =
        String::from("<table><tr><th>Identifiant</th><th>Nom</th><th>Rôle</th><th>Actif</th></tr>");
    for (login, name, role, active) in rows {
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&login),
            escape(&name),
            escape(&role),
            if active { "oui" } else { "non" }
        ));
    }
    body.push_str("</table>");
    Html(page("Comptes du back-office", who(&signed), &body)).into_response()
}

/// GET /office/modifications: open MC requests with old and new values.
pub async fn modifications(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
) -> Response {
    let (open, params) = match with_db(&state, |conn| {
        Ok((open_modifications(conn)?, Parameters::load(conn)?))
    })
    .await
    {
        Ok(found) => found,
        Err(response) => return response,
    };
    if open.is_empty() {
        return Html(page(
            "Demandes de modification",
            who(&signed),
            "<p>Aucune demande ouverte.</p>",
        ))
        .into_response();
    }
    let csrf = escape(&signed.csrf);
    let mut body = String::new();
    for request in &open {
        let mut changes = String::new();
        for change in &request.changes {
            changes.push_str(&format!(
                "<li>Champ {} : « {} » remplacé par « {} »</li>",
                escape(&params.field_profile.label(&change.field, Lang::Fr)),
                escape(&change.old),
                escape(&change.new)
            ));
        }
        body.push_str(&format!(
            "<section><h2>{} {} — demandé par {} le {}</h2><ul>{changes}</ul>\
             <form method=\"post\" action=\"/office/modifications/{id}/close\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <label>Note <input name=\"note\"></label> \
             <button name=\"decision\" value=\"applied\">Appliquée dans winpro</button> \
             <button name=\"decision\" value=\"declined\">Refusée</button></form></section>",
            escape(&request.client_code),
            escape(&request.client_name),
            escape(&request.requested_by),
            escape(&request.created_at),
            id = request.id
        ));
    }
    Html(page("Demandes de modification", who(&signed), &body)).into_response()
}

/// The close form's fields.
#[derive(Deserialize)]
pub struct CloseForm {
    csrf: String,
    decision: String,
    #[serde(default)]
    note: String,
}

/// POST /office/modifications/{id}/close
pub async fn close_modification_request(
    State(state): State<OfficeState>,
    Accountant(signed): Accountant,
    Path(id): Path<i64>,
    Form(form): Form<CloseForm>,
) -> Response {
    if !csrf_matches(&signed, &form.csrf) {
        return csrf_refused();
    }
    let decision = match form.decision.as_str() {
        "applied" => Decision::Applied,
        "declined" => Decision::Declined,
        _ => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(page("Décision inconnue", who(&signed), "")),
            )
                .into_response()
        }
    };
    let email = signed.account.email.clone();
    let result = with_db(&state, move |conn| {
        Ok(
            close_modification(conn, id, &email, decision, &form.note, Utc::now())
                .map_err(|e| e.to_string()),
        )
    })
    .await;
    match result {
        Ok(Ok(())) => Redirect::to("/office/modifications").into_response(),
        Ok(Err(message)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(page(
                "Clôture impossible",
                who(&signed),
                &format!("<p class=\"error\">{}</p>", escape(&message)),
            )),
        )
            .into_response(),
        Err(response) => response,
    }
}
