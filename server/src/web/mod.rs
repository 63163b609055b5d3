//! The field app's screens in a browser (issue 14, « Web access »): the same `ui/`, served
//! by the back office's listener under `/app/`, talking to the server instead of the
//! laptop's Tauri commands. One front end, two back ends.
//!
//! * [`apps`]: one [`tournee_field::FieldApp`] per signed-in user, on the server's folders;
//! * [`commands`]: the commands a browser may call, dispatched to the app's methods;
//! * [`session`]: the back office's session, checked for JSON calls (401, CSRF header);
//! * [`call`]: `POST /app/api/<command>`, reads answered at once, writes answered once
//!   the automaton has integrated (or refused) their change ([`crate::online`]);
//! * [`events`]: `GET /app/api/events`, « changed » when the user's snapshot was published;
//! * [`assets`]: the built `ui/dist`, with its own Content-Security-Policy.

pub mod apps;
pub mod assets;
pub mod call;
pub mod commands;
pub mod download;
pub mod events;
pub mod session;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::response::Redirect;
use axum::routing::{get, post};
use axum::Router;

use crate::office::OfficeState;

/// Largest JSON body of a command (a conversion carries a signature image).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// What the browser's back end keeps between requests.
#[derive(Clone, Default)]
pub struct WebState {
    /// The users' open apps.
    pub apps: Arc<apps::Apps>,
    /// The open live-update streams, bounded.
    pub streams: Arc<events::Streams>,
    /// The built `ui/dist` folder (`web_ui` in config.toml); `None`: no screens to serve.
    pub ui: Option<PathBuf>,
}

/// The routes of the browser's screens, merged into the back office's router.
pub fn router() -> Router<OfficeState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/app/") }))
        .route("/app", get(|| async { Redirect::to("/app/") }))
        .route("/app/", get(assets::index))
        .route("/app/api/session", get(session::describe))
        .route("/app/api/events", get(events::events))
        .route(
            "/app/api/{command}",
            post(call::call).layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .route(
            "/app/download/{command}",
            post(download::download).layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .route("/app/{*path}", get(assets::file))
}
