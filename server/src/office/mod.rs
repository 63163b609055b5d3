//! The back office, served by `tournee-server run`: the accountant's pages (client
//! creation requests, reached from the link in their mail) behind a login.
//!
//! * [`auth`]: session cookie → account, role checks as extractors meeting a typed
//!   requirement (no handler can forget them), the same idiom as the sync API's signed
//!   devices; the CSRF token check for every form;
//! * [`session`]: sign in and out (with a back-off per client address, [`client`]),
//!   password change, home;
//! * [`creations`], [`modifications`]: the accountant's requests;
//! * [`parameters`], [`action_types`], [`visit_form_editor`], [`users`], [`policy_editor`]
//!   (« Droits »), [`teams`], [`reassign`], [`monitor`], [`devices`], [`webhooks`],
//!   [`api_tokens`] (« Jetons d'API »): the admin's pages;
//! * [`contacts`]: « Import de contacts » (admins) and the contacts' CSV export (every
//!   account, as the policy lets its role read);
//! * [`common`] and [`html`]: the small shared layer (database work, the layout every
//!   template extends, the escaper the template engine applies to every value);
//! * [`error`]: every failure of a handler as one type that answers its own page, so
//!   handlers use `?`; [`checked_form`]: forms whose CSRF token is checked before the
//!   handler runs;
//! * [`headers`]: the security headers of every answer, and the stylesheet;
//! * [`cookies`]: the session cookie and the login form's token (`Secure` behind HTTPS).
//!
//! Handlers are thin: parse, call `tournee_store`, render. No handler writes SQL: every
//! query lives in the store, next to the schema it reads.
//!
//! Each handler runs its SQLite work on the blocking pool with its own connection.

pub mod action_types;
pub mod api_tokens;
pub mod auth;
pub mod catalogue;
pub mod checked_form;
pub mod client;
pub mod common;
pub mod contacts;
pub mod cookies;
pub mod creations;
pub mod devices;
pub mod dry_runs;
pub mod error;
pub mod follow_up;
pub mod form;
pub mod headers;
pub mod health;
pub mod html;
pub mod modifications;
pub mod monitor;
pub mod parameters;
pub mod pipelines;
pub mod policy_editor;
pub mod pool;
pub mod reassign;
pub mod report_charts;
pub mod reports;
pub mod reports_pdf;
pub mod session;
pub mod teams;
pub mod users;
pub mod visit_form_editor;
pub mod webhooks;

use std::net::SocketAddr;

use axum::routing::{get, post};
use axum::Router;
use tokio::sync::mpsc;

use crate::datadir::DataDir;
use crate::listen::{request_deadline, Handshake, ListenerSettings, RequestDeadline};

/// Shared state of the back office: one allocation shared by every request (each handler
/// gets a clone, which is a reference count, not a copy of the settings and paths).
#[derive(Clone)]
pub struct OfficeState(std::sync::Arc<OfficeParts>);

impl OfficeState {
    /// The state made of `parts`.
    pub fn new(parts: OfficeParts) -> Self {
        Self(std::sync::Arc::new(parts))
    }
}

impl std::ops::Deref for OfficeState {
    type Target = OfficeParts;

    fn deref(&self) -> &OfficeParts {
        &self.0
    }
}

/// What the back office's handlers share (see [`OfficeState`]).
pub struct OfficeParts {
    /// The data directory served.
    pub dir: DataDir,
    /// Open connections to its master database.
    pub pool: pool::MasterPool,
    /// Where snapshot regenerations are asked for: the automaton alone writes snapshots.
    pub jobs: mpsc::UnboundedSender<OfficeJob>,
    /// Address the HTTPS sync transport actually serves (`config.toml` or `run --sync-listen`).
    pub sync_listen: Option<SocketAddr>,
    /// Failed logins per client address (see [`session::login`]).
    pub login_throttle: std::sync::Arc<crate::throttle::Throttle>,
    /// How cookies are written (`Secure` behind HTTPS).
    pub cookies: cookies::CookiePolicy,
    /// The automaton's news after each pass (awaited writes, live updates).
    pub passes: crate::online::Passes,
    /// The browser's screens: the users' open apps and live-update streams.
    pub web: crate::web::WebState,
    /// The contacts import's dry runs shown, until one is confirmed.
    pub dry_runs: std::sync::Arc<dry_runs::DryRuns>,
}

/// Work a back-office action hands to the automaton.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfficeJob {
    /// Regenerate these users' snapshots (every active user's when `None`), as after an
    /// integration: a validated client or a reassignment reaches the laptops.
    Snapshots(Option<Vec<String>>),
    /// The admin saved parameters or locations: read them now rather than at the next tick.
    SettingsChanged,
    /// A change was written online into a user's inbox: integrate now (no debounce).
    Integrate,
}

impl OfficeState {
    /// Wakes the automaton so saved settings apply at once.
    pub fn settings_changed(&self) {
        if self.jobs.send(OfficeJob::SettingsChanged).is_err() {
            tracing::warn!("automaton stopping: settings apply at its next start");
        }
    }

    /// Wakes the automaton for a change written online; if it is stopping, the change
    /// waits in the inbox for its next start.
    pub fn integrate_now(&self) {
        if self.jobs.send(OfficeJob::Integrate).is_err() {
            tracing::warn!("automaton stopping: the change is integrated at its next start");
        }
    }

    /// Asks the automaton for new snapshots; if it is stopping, the nightly run will do.
    pub fn request_snapshots(&self, users: Option<Vec<String>>) {
        if self.jobs.send(OfficeJob::Snapshots(users)).is_err() {
            tracing::warn!("automaton stopping: snapshots wait for the next run");
        }
    }
}

/// Every route of the back office.
pub fn router(state: OfficeState) -> Router {
    Router::new()
        .route(
            "/office/login",
            get(session::login_form).post(session::login),
        )
        .route("/office/logout", post(session::logout))
        .route(html::STYLESHEET_PATH, get(headers::stylesheet))
        .route(health::HEALTH_PATH, get(health::health))
        .route(
            "/office/password",
            get(session::password_form).post(session::change_password),
        )
        .route("/office", get(session::home))
        .route("/office/creations", get(creations::creations))
        .route("/office/creations/{id}", get(creations::creation))
        .route(
            "/office/creations/{id}/signature",
            get(creations::signature),
        )
        .route(
            "/office/creations/{id}/client.csv",
            get(creations::client_csv),
        )
        .route("/office/creations/{id}/validate", post(creations::validate))
        .route("/office/creations/{id}/reject", post(creations::reject))
        .route("/office/modifications", get(modifications::modifications))
        .route(
            "/office/modifications/{id}/close",
            post(modifications::close_modification_request),
        )
        .route("/office/admin/accounts", get(users::former_accounts_page))
        .route(
            "/office/admin/users/{login}/password",
            post(users::set_password),
        )
        .route(
            "/office/admin/parameters",
            get(parameters::show).post(parameters::save),
        )
        .route(
            "/office/admin/visit-form",
            get(visit_form_editor::show).post(visit_form_editor::save),
        )
        .route("/office/admin/users", get(users::show).post(users::save))
        .route(
            "/office/admin/policy",
            get(policy_editor::show).post(policy_editor::save),
        )
        .route(
            "/office/admin/policy/default",
            post(policy_editor::restore_default),
        )
        .route(
            "/office/admin/action-types",
            get(action_types::show).post(action_types::create),
        )
        .route(
            "/office/admin/action-types/{code}",
            post(action_types::edit),
        )
        .route(
            "/office/admin/action-types/{code}/move",
            post(action_types::reorder),
        )
        .route(
            "/office/admin/action-types/{code}/delete",
            post(action_types::delete),
        )
        .route(
            "/office/admin/catalogue",
            get(catalogue::show).post(catalogue::save),
        )
        .route(
            "/office/admin/catalogue/active",
            post(catalogue::set_active),
        )
        .route("/office/reports", get(reports::show))
        .route("/office/reports.xlsx", get(reports::workbook))
        .route("/office/reports.pdf", get(reports::pdf))
        .route("/office/admin/follow-up", get(follow_up::show))
        .route("/office/admin/follow-up/{code}", post(follow_up::save))
        .route(
            "/office/admin/pipelines",
            get(pipelines::show).post(pipelines::create),
        )
        .route(
            "/office/admin/pipelines/assignee",
            post(pipelines::assignee),
        )
        .route("/office/admin/pipelines/{code}", post(pipelines::edit))
        .route(
            "/office/admin/pipelines/{code}/delete",
            post(pipelines::delete),
        )
        .route(
            "/office/admin/pipelines/{code}/stages",
            post(pipelines::create_stage),
        )
        .route(
            "/office/admin/pipelines/{code}/stages/{stage}",
            post(pipelines::edit_stage_form),
        )
        .route(
            "/office/admin/pipelines/{code}/stages/{stage}/move",
            post(pipelines::reorder_stage),
        )
        .route(
            "/office/admin/pipelines/{code}/stages/{stage}/delete",
            post(pipelines::delete_stage_form),
        )
        .route("/office/admin/teams", get(teams::show).post(teams::create))
        .route("/office/admin/teams/{id}/rename", post(teams::rename))
        .route("/office/admin/teams/{id}/delete", post(teams::delete))
        .route("/office/admin/teams/{id}/members", post(teams::add))
        .route(
            "/office/admin/teams/{id}/members/{user}/remove",
            post(teams::remove),
        )
        .route(
            "/office/admin/teams/{id}/members/{user}/leader",
            post(teams::leader),
        )
        .route(
            "/office/admin/reassign",
            get(reassign::show).post(reassign::apply),
        )
        .route(
            "/office/admin/import",
            get(contacts::show)
                .post(contacts::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    contacts::UPLOAD_BODY_LIMIT,
                )),
        )
        .route(
            "/office/admin/import/{token}/preview",
            post(contacts::preview),
        )
        .route(
            "/office/admin/import/{token}/dry-run",
            post(contacts::check),
        )
        .route(
            "/office/admin/import/{token}/import",
            post(contacts::import),
        )
        .route("/office/contacts.csv", get(contacts::export))
        .route("/office/admin/integrations", get(monitor::show))
        .route("/office/admin/integrations/retry", post(monitor::retry))
        .route(
            "/office/admin/api-tokens",
            get(api_tokens::show).post(api_tokens::create),
        )
        .route(
            "/office/admin/api-tokens/{id}/revoke",
            post(api_tokens::revoke),
        )
        .route("/office/admin/devices", get(devices::show))
        .route("/office/admin/devices/code", post(devices::issue))
        .route(
            "/office/admin/devices/{device_id}/revoke",
            post(devices::revoke),
        )
        .merge(crate::web::router())
        .route(
            "/office/admin/webhooks",
            get(webhooks::show).post(webhooks::create),
        )
        .route("/office/admin/webhooks/{id}/enable", post(webhooks::enable))
        .route(
            "/office/admin/webhooks/{id}/disable",
            post(webhooks::disable),
        )
        .route("/office/admin/webhooks/{id}/delete", post(webhooks::delete))
        .route(
            "/office/admin/webhooks/deliveries/{id}",
            get(webhooks::delivery),
        )
        .route(
            "/office/admin/webhooks/deliveries/{id}/replay",
            post(webhooks::replay),
        )
        .with_state(state)
}

/// The page of a request that ran out of time (the `[limits]` request timeout).
fn too_slow() -> axum::response::Response {
    use crate::sentences::Sentence;
    use axum::response::IntoResponse as _;
    let (title, message) = (
        Sentence::TimeoutTitle.office(&[]),
        Sentence::Timeout.office(&[]),
    );
    let page = html::MessagePage {
        shell: html::Shell::new(&title, None),
        message: Some(&message),
        alert: false,
        back: false,
    };
    match html::render(&page) {
        Ok(page) => (axum::http::StatusCode::REQUEST_TIMEOUT, page).into_response(),
        Err(error) => error.into_response(),
    }
}

/// `Secure` cookies when `config.toml` says so, or else when the back office's public
/// address (`back_office_url`, read at start) is HTTPS.
async fn cookie_policy(dir: &DataDir, pool: &pool::MasterPool) -> cookies::CookiePolicy {
    let setting = dir.config.office_secure_cookie;
    let pool = pool.clone();
    let url = tokio::task::spawn_blocking(move || {
        pool.with(|conn| tournee_store::Parameters::load(conn))
            .map(|params| params.back_office_url)
    })
    .await;
    let url = match url {
        Ok(Ok(url)) => url,
        Ok(Err(error)) => {
            tracing::warn!("back_office_url unreadable ({error}): cookies follow config.toml only");
            String::new()
        }
        Err(error) => {
            tracing::warn!("back_office_url unreadable ({error}): cookies follow config.toml only");
            String::new()
        }
    };
    cookies::CookiePolicy {
        secure: cookies::secure(setting, &url),
    }
}

/// Serves the back office on `addr` until `shutdown` resolves, within the connection
/// caps and timeouts of `[limits]` (see [`crate::listen`]).
pub async fn serve(
    dir: DataDir,
    jobs: mpsc::UnboundedSender<OfficeJob>,
    passes: crate::online::Passes,
    addr: SocketAddr,
    sync_listen: Option<SocketAddr>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = crate::listen::bind(addr)?;
    let limits = dir.config.limits.clone();
    let caps = limits.caps(crate::listen::limits::descriptor_limit()?);
    tracing::info!(%addr, max_connections = caps.office, "back office listening");
    let pool = pool::MasterPool::new(dir.database());
    let sync_listen = sync_listen.or(dir.config.sync_listen);
    let cookies = cookie_policy(&dir, &pool).await;
    let trusted_proxies = dir.config.office_trusted_proxies.clone();
    tracing::info!(secure_cookies = cookies.secure, "back-office cookies");
    let web = crate::web::WebState {
        ui: dir.web_ui(),
        ..Default::default()
    };
    match &web.ui {
        Some(ui) => tracing::info!(ui = %ui.display(), "browser screens served under /app/"),
        None => tracing::info!("browser screens not served (no web_ui in config.toml)"),
    }
    let state = OfficeState::new(OfficeParts {
        dir,
        pool,
        jobs,
        sync_listen,
        login_throttle: std::sync::Arc::new(session::login_throttle()),
        cookies,
        passes,
        web,
        dry_runs: std::sync::Arc::default(),
    });
    // The stand-in hash of unknown logins, made before the first one arrives.
    let _ready = tokio::task::spawn_blocking(tournee_store::prepare_login_checks).await;
    let deadline = RequestDeadline {
        limit: limits.request_timeout(),
        answer: too_slow,
    };
    // Outermost, so that every answer, the timeout's and an unknown path's included,
    // carries the security headers.
    let api = crate::api::ApiState::new(crate::api::ApiParts {
        dir: state.dir.clone(),
        pool: state.pool.clone(),
        reads: crate::api::pool::ApiPool::new(state.dir.database()),
        limiter: std::sync::Arc::new(crate::api::limit::RateLimiter::new(
            limits.api_burst as f64,
            limits.api_requests_per_second as f64,
        )),
        office: state.clone(),
        record_locks: std::sync::Arc::default(),
    });
    let app = router(state)
        .merge(crate::api::router(api))
        .layer(axum::middleware::from_fn_with_state(
            deadline,
            request_deadline,
        ))
        .layer(axum::middleware::map_response(headers::security_headers));
    let settings = ListenerSettings {
        // A reverse proxy brings every client: only the listener's cap applies to it.
        exempt_addresses: trusted_proxies,
        ..ListenerSettings::from_limits(
            "back office",
            &limits,
            caps.office,
            limits.office_max_connections_per_address,
        )
    };
    crate::listen::serve(listener, app, Handshake::Plain, settings, shutdown).await;
    Ok(())
}

/// A back office whose master cannot be opened (a folder stands where it should be), for
/// the unit tests of extractors and error pages.
#[cfg(test)]
pub(crate) fn unreadable_office(root: &std::path::Path) -> OfficeState {
    let dir = DataDir::create(root).expect("a data directory in a temp folder");
    let not_a_database = root.join("not-a-database");
    std::fs::create_dir(&not_a_database).expect("a folder in a temp folder");
    let (jobs, _ignored) = mpsc::unbounded_channel();
    OfficeState::new(OfficeParts {
        dir,
        pool: pool::MasterPool::new(not_a_database),
        jobs,
        sync_listen: None,
        login_throttle: std::sync::Arc::new(session::login_throttle()),
        cookies: cookies::CookiePolicy { secure: false },
        passes: crate::online::Passes::new(),
        web: crate::web::WebState::default(),
        dry_runs: std::sync::Arc::default(),
    })
}
