//! The back office, served by `tournee-server run`: the accountant's pages (client
//! creation requests, reached from the link in their mail) behind a login.
//!
//! * [`auth`]: session cookie → account, role checks as extractors (no handler can
//!   forget them), CSRF token check for every form;
//! * [`pages`]: the handlers, thin: parse, call `tournee_store::office`, render;
//! * [`html`]: the small HTML layer (escaping, layout).
//!
//! Each handler runs its SQLite work on the blocking pool with its own connection.

pub mod auth;
pub mod html;
pub mod pages;

use std::net::SocketAddr;

use axum::routing::{get, post};
use axum::Router;

use crate::datadir::DataDir;

/// Shared state of the back office.
#[derive(Clone)]
pub struct OfficeState {
    /// The data directory served.
    pub dir: DataDir,
}

/// Every route of the back office.
pub fn router(state: OfficeState) -> Router {
    Router::new()
        .route("/office/login", get(pages::login_form).post(pages::login))
        .route("/office/logout", post(pages::logout))
        .route(
            "/office/password",
            get(pages::password_form).post(pages::change_password),
        )
        .route("/office", get(pages::home))
        .route("/office/creations", get(pages::creations))
        .route("/office/creations/{id}", get(pages::creation))
        .route("/office/creations/{id}/validate", post(pages::validate))
        .route("/office/creations/{id}/reject", post(pages::reject))
        .route("/office/modifications", get(pages::modifications))
        .route(
            "/office/modifications/{id}/close",
            post(pages::close_modification_request),
        )
        .route("/office/admin/accounts", get(pages::accounts))
        .with_state(state)
}

/// Serves the back office on `addr` until `shutdown` resolves.
pub async fn serve(
    dir: DataDir,
    addr: SocketAddr,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "back office listening");
    axum::serve(listener, router(OfficeState { dir }))
        .with_graceful_shutdown(shutdown)
        .await
}
