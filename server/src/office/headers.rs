//! What every back-office answer tells the browser: no script, style or image from
//! anywhere but this server, no framing (clickjacking), no referrer (the URL of a
//! creation request leaks nothing), no content sniffing, and no copy kept of pages
//! that show a one-time password or an enrollment code (or anything else).
//!
//! A middleware, so no handler can forget it; a handler that sets its own
//! `Cache-Control` (the stylesheet) keeps it.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::html::STYLESHEET;

/// Scripts: none. Styles: the stylesheet. Images: this server (the client's signature).
/// Forms post to this server only; nobody may frame the pages; no `<base>` tricks.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the security headers to every answer (see the module's doc).
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    // The browser's screens (`/app/`) set their own, which allows their scripts.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
    }
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// GET /office/static/office.css: the same for everyone, so it may be kept a while.
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}
