//! Updates of the field app (issue 16; docs/guide-deploiement.md, « Mises à jour des
//! portables »): the server publishes a signed package, this laptop offers it, and
//! installs it only when the rep says « Installer ».
//!
//! * The public key is fixed when the app is built (`TOURNEE_UPDATE_PUBKEY`) or installed
//!   beside it by the packager (`update-key.pub`); never taken from the server. Without
//!   one the app never offers an update, and « Réglages » says so.
//! * The announcement and the package come through `tournee-link`, over the pinned TLS
//!   and signed requests of the other routes; Tauri's updater then checks the signature
//!   (and the version it binds) against that key and installs: `dpkg -i` through
//!   pkexec or sudo for a `.deb`, the NSIS installer on Windows.
//! * Nothing the rep typed is in the install directory: drafts and pending changes live in
//!   the app's home (`local.sqlite`) and the outbox folder. The install runs while holding
//!   the app's lock, so no write is half done; the window saves its open drafts first.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tauri::{AppHandle, Manager as _, State};
use tauri_plugin_updater::UpdaterExt as _;
use tournee_field::dto::UpdateStatus;
use tournee_link::UpdatePlatform;

use super::{lock, AppState, Field};

/// Environment variable overriding the hours between checks (seconds; the tests use 2).
const INTERVAL_ENV: &str = "TOURNEE_UPDATE_INTERVAL_SECS";
/// Time between two checks while the app runs.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(4 * 3600);
/// Name of the public key file a packager installs beside the binary (Windows) or in
/// `../share/tournee/` (Debian).
const KEY_FILE: &str = "update-key.pub";

/// What the app knows about updates, shared by the checking thread and the commands.
pub struct Updates {
    key: Option<String>,
    /// The form this copy is installed in (from the bundle marker its packager set);
    /// `None` when run from a build folder: nothing to update then.
    platform: Option<UpdatePlatform>,
    /// The file to start again after an install (read at start: once the package
    /// manager replaced it, the running one has no name any more; the AppImage file
    /// itself when run from one).
    exe: Option<PathBuf>,
    state: Mutex<Offer>,
}

/// The latest answer of the server.
#[derive(Default)]
struct Offer {
    release: Option<serde_json::Value>,
    installing: bool,
    last_check: Option<String>,
    last_error: Option<String>,
    install_error: Option<String>,
}

/// The release key's public half: built in, else the packager's file.
fn public_key() -> Option<String> {
    if let Some(key) = option_env!("TOURNEE_UPDATE_PUBKEY").map(str::trim) {
        if !key.is_empty() {
            return Some(key.to_string());
        }
    }
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    [
        dir.join(KEY_FILE),
        dir.join("../share/tournee").join(KEY_FILE),
    ]
    .iter()
    .find_map(|path| std::fs::read_to_string(path).ok())
    .map(|key| key.trim().to_string())
    .filter(|key| !key.is_empty())
}

/// The installed form of this copy: the system it was built for and the package kind
/// its packager marked it with (packaging/build-deb.sh, build-appimage.sh,
/// build-windows.sh), so the server offers a package of the same kind.
fn installed_platform() -> Option<UpdatePlatform> {
    use tauri::utils::{config::BundleType, platform::bundle_type};
    let kind = match bundle_type()? {
        BundleType::Deb => "deb",
        BundleType::AppImage => "appimage",
        BundleType::Nsis => "nsis",
        _ => return None,
    };
    UpdatePlatform::of_build(std::env::consts::OS, std::env::consts::ARCH, kind)
}

/// The file to start again after an install: the AppImage file itself when run from
/// one (the updater replaces that file; the binary running is its unpacked copy), else
/// this binary.
fn restart_path(platform: Option<UpdatePlatform>) -> Option<PathBuf> {
    if platform == Some(UpdatePlatform::LinuxAppImage) {
        if let Some(image) = std::env::var_os("APPIMAGE").filter(|path| !path.is_empty()) {
            return Some(PathBuf::from(image));
        }
    }
    std::env::current_exe().ok()
}

fn now_minute() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M").to_string()
}

impl Updates {
    fn offer(&self) -> MutexGuard<'_, Offer> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn status(&self, app: &AppHandle, enrolled: bool) -> UpdateStatus {
        let offer = self.offer();
        let field = |name: &str| {
            offer
                .release
                .as_ref()
                .and_then(|r| r.get(name))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        UpdateStatus {
            enabled: self.key.is_some() && self.platform.is_some(),
            enrolled,
            current: app.package_info().version.to_string(),
            offered: field("version"),
            notes: field("notes"),
            installing: offer.installing,
            last_check: offer.last_check.clone(),
            last_error: offer.last_error.clone(),
            install_error: offer.install_error.clone(),
        }
    }
}

/// The app's home when it is enrolled on the built-in transport (updates come that way).
fn enrolled_home(app: &AppHandle) -> Option<PathBuf> {
    let state = app.state::<Field>();
    let field = state
        .app()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    field.link_paths().map(|paths| paths.home)
}

/// Asks the server once; keeps what it says.
fn check(app: &AppHandle) {
    let updates = app.state::<Updates>();
    let Some(platform) = updates.platform else {
        return;
    };
    if updates.key.is_none() || updates.offer().installing {
        return;
    }
    let Some(home) = enrolled_home(app) else {
        return;
    };
    let current = app.package_info().version.to_string();
    let answer = tournee_link::check_update(&home, &current, platform);
    let mut offer = updates.offer();
    offer.last_check = Some(now_minute());
    match answer {
        Ok(release) => {
            if let Some(release) = &release {
                tracing::info!(offered = ?release.get("version"), %current, "update available");
            }
            offer.release = release;
            offer.last_error = None;
        }
        Err(error) => {
            tracing::info!(%error, "update check failed");
            offer.last_error = Some(error.to_string());
        }
    }
}

/// What the app knows at start: its key (if built with one) and its binary.
pub fn new() -> Updates {
    let key = public_key();
    if key.is_none() {
        tracing::info!("built without an update key: updates are off");
    }
    let platform = installed_platform();
    if platform.is_none() {
        tracing::info!("not run from an installed package: updates are off");
    }
    Updates {
        key,
        platform,
        exe: restart_path(platform),
        state: Mutex::new(Offer::default()),
    }
}

/// Starts the thread that checks at start and every few hours (once [`Updates`] is
/// managed: the thread reads it from the app).
pub fn watch(app: &AppHandle) {
    let updates = app.state::<Updates>();
    if updates.key.is_none() || updates.platform.is_none() {
        return;
    }
    let interval = std::env::var(INTERVAL_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(DEFAULT_INTERVAL, Duration::from_secs);
    let app = app.clone();
    std::thread::Builder::new()
        .name("tournee-update".into())
        .spawn(move || loop {
            check(&app);
            std::thread::sleep(interval);
        })
        .map_or_else(
            |error| tracing::error!(%error, "update thread not started: no updates"),
            |_running| (),
        );
}

/// Where updates stand (the banner, « Réglages »).
#[tauri::command]
pub async fn update_status(
    app: AppHandle,
    updates: State<'_, Updates>,
) -> Result<UpdateStatus, ()> {
    let enrolled = enrolled_home(&app).is_some();
    Ok(updates.status(&app, enrolled))
}

/// Downloads, verifies and installs the offered update; then starts the new version.
/// The window has saved its drafts before asking; the app's lock is held throughout, so
/// every change is on disk and none starts. Returns (with `last_error`) only on failure.
#[tauri::command]
pub async fn update_install(
    app: AppHandle,
    state: AppState<'_>,
    updates: State<'_, Updates>,
) -> Result<UpdateStatus, ()> {
    let Some(release) = updates.offer().release.clone() else {
        return Ok(updates.status(&app, true));
    };
    updates.offer().installing = true;
    let field = lock(&state);
    let home = field.link_paths().map(|paths| paths.home);
    // Blocking HTTP cannot run inside the async runtime: a thread of its own.
    let result = std::thread::scope(|scope| {
        scope
            .spawn(|| install(&app, &updates, home, release))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    match result {
        Ok(()) => {
            tracing::info!("update installed: starting the new version");
            drop(field);
            relaunch(&app, &updates)
        }
        Err(error) => {
            tracing::warn!(%error, "update not installed");
            drop(field);
            let mut offer = updates.offer();
            offer.installing = false;
            offer.install_error = Some(error);
        }
    }
    Ok(updates.status(&app, true))
}

fn install(
    app: &AppHandle,
    updates: &Updates,
    home: Option<PathBuf>,
    release: serde_json::Value,
) -> Result<(), String> {
    let key = updates.key.clone().ok_or("built without an update key")?;
    let platform = updates
        .platform
        .ok_or("not run from an installed package")?;
    let home = home.ok_or("not enrolled on the built-in transport")?;
    let size = release
        .get("size")
        .and_then(serde_json::Value::as_u64)
        .ok_or("the announcement has no size")?;
    let url = release
        .get("url")
        .and_then(|u| u.as_str())
        .and_then(|u| u.parse().ok())
        .ok_or("the announcement has no address")?;
    let mut builder = app.updater_builder().pubkey(key);
    if platform == UpdatePlatform::LinuxAppImage {
        // The file to replace is the AppImage, not the unpacked copy this binary runs from.
        if let Some(image) = &updates.exe {
            builder = builder.executable_path(image);
        }
    }
    let updater = builder
        .endpoints(vec![url])
        .and_then(|builder| builder.build())
        .map_err(|e| e.to_string())?;
    // The same checks as the updater's own `check` (target, version newer than ours).
    let update = updater
        .restore_update(release)
        .map_err(|e| e.to_string())?
        .ok_or("the announced version is not newer")?;
    let bytes = tournee_link::download_update(&home, size, platform).map_err(|e| e.to_string())?;
    // Verifies the signature with the built-in key, and the version it binds, first.
    update.install(bytes).map_err(|e| e.to_string())
}

/// Starts the installed binary with the same arguments and ends this one.
fn relaunch(app: &AppHandle, updates: &Updates) {
    let Some(exe) = updates.exe.clone() else {
        app.exit(0);
        return;
    };
    // The path read at start: `/proc/self/exe` now names a deleted file.
    let exe = PathBuf::from(
        exe.to_string_lossy()
            .trim_end_matches(" (deleted)")
            .to_string(),
    );
    match std::process::Command::new(&exe)
        .args(std::env::args_os().skip(1))
        .spawn()
    {
        Ok(child) => tracing::info!(pid = child.id(), exe = %exe.display(), "new version started"),
        Err(error) => {
            tracing::error!(%error, "the new version did not start: start it again by hand")
        }
    }
    app.exit(0);
}
