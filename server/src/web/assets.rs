//! The built `ui/dist` (`web_ui` in config.toml): `index.html` for signed-in people (the
//! login page for others), its scripts and styles for anyone (they hold no data). Paths
//! are checked to stay inside the folder. The screens get their own Content-Security-
//! Policy: scripts and connections to this server only.

use std::path::{Component, Path, PathBuf};

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use chrono::Utc;
use tournee_store::session_account;

use crate::office::common::with_db;
use crate::office::cookies::{read, SECURE_SESSION, SESSION};
use crate::office::OfficeState;

/// The screens' policy: their own scripts and styles (Svelte sets inline style
/// attributes), images from here or inline, calls to this server only, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Where the login page sends a browser back to the screens.
pub const LOGIN_FOR_APP: &str = "/office/login?next=app";

/// GET /app/: the screens for a signed-in browser, the login page otherwise (no session,
/// an ended one, or a password to change first).
pub async fn index(State(state): State<OfficeState>, headers: HeaderMap) -> Response {
    let Some(token) = read(&headers, &[SECURE_SESSION, SESSION]) else {
        return Redirect::to(LOGIN_FOR_APP).into_response();
    };
    let found = with_db(&state, move |conn| {
        session_account(conn, &token, Utc::now()).map_err(|e| anyhow::anyhow!("{e}"))
    })
    .await;
    match found {
        Ok(Some((account, _csrf))) if !account.must_change_password => {
            serve(&state, Path::new("index.html"))
        }
        Ok(_) => Redirect::to(LOGIN_FOR_APP).into_response(),
        Err(error) => error.into_response(),
    }
}

/// GET /app/{*path}: a file of the built screens.
pub async fn file(State(state): State<OfficeState>, UrlPath(path): UrlPath<String>) -> Response {
    match inside(&path) {
        Some(relative) => serve(&state, &relative),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `path` as a relative path of plain names, or `None` if it would leave the folder.
fn inside(path: &str) -> Option<PathBuf> {
    let relative = Path::new(path);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    (plain && !path.is_empty() && !path.contains('\\')).then(|| relative.to_path_buf())
}

fn serve(state: &OfficeState, relative: &Path) -> Response {
    let Some(root) = state.web.ui.as_deref() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "Tournée : l'interface web n'est pas installée (web_ui dans config.toml).",
        )
            .into_response();
    };
    let path = root.join(relative);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let kind = content_type(&path);
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    // Built files have hashed names: kept an hour; the page itself is asked for each time.
    let cache = if relative == Path::new("index.html") {
        "no-store"
    } else {
        "public, max-age=3600"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") | Some("mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json") => "application/json",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_inside_the_folder_are_served() {
        assert_eq!(
            inside("assets/index-abc.js"),
            Some(PathBuf::from("assets/index-abc.js"))
        );
        for bad in [
            "../config.toml",
            "assets/../../x",
            "/etc/passwd",
            "",
            "a\\..\\b",
            "./x",
        ] {
            assert_eq!(inside(bad), None, "{bad}");
        }
    }
}
