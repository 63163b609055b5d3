//! The built-in HTTPS transport in the window: the commands of the settings screen and
//! status bar, and the background thread that runs the rounds.
//!
//! A round never holds the app's lock while it talks to the server: it takes the
//! folders under the lock, lets go, then pushes and pulls. The rep types on.

use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

use tauri::{AppHandle, Manager as _, State};
use tournee_field::link::{EnrollInput, LinkStatus};
use tournee_field::FieldApp;

use crate::commands::{lock, reply, AppState, Reply};

/// Environment variable giving the seconds between two rounds (tests use 1).
const INTERVAL_ENV: &str = "TOURNEE_SYNC_INTERVAL_SECS";
/// Seconds between two rounds when nothing wakes the thread sooner.
const DEFAULT_INTERVAL_SECS: u64 = 30;

/// How soon a round follows one that sent files (their snapshot is then due).
const FOLLOW_UP: Duration = Duration::from_secs(2);

/// Wakes the background thread (a change was just written, or the rep asked).
pub struct LinkWorker(Mutex<Sender<()>>);

impl LinkWorker {
    fn wake(&self) {
        let sender = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // A send fails only if the thread is gone (the window is closing): nothing to wake.
        let _closing = sender.send(());
    }
}

/// Starts the thread that syncs every interval, or at once when woken.
pub fn start(app: &AppHandle) -> LinkWorker {
    let (wake, woken) = channel::<()>();
    let interval = std::env::var(INTERVAL_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(DEFAULT_INTERVAL_SECS);
    let app = app.clone();
    std::thread::Builder::new()
        .name("tournee-link".into())
        .spawn(move || loop {
            let paths = {
                let state = app.state::<Mutex<FieldApp>>();
                let field = state
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                field.link_paths()
            };
            let mut next = Duration::from_secs(interval);
            if let Some(paths) = paths {
                match tournee_link::sync_once(&paths.home, &paths.outbox, &paths.snapshots) {
                    Ok(report) => {
                        tracing::info!(
                            pushed = report.pushed,
                            waiting = report.waiting,
                            new_generation = ?report.new_generation,
                            downloaded = report.downloaded_bytes,
                            "sync round"
                        );
                        // Just sent: the snapshot listing it follows within seconds.
                        if report.pushed > 0 || report.waiting > 0 {
                            next = next.min(FOLLOW_UP);
                        }
                    }
                    Err(error) => tracing::warn!(%error, "sync round failed"),
                }
            }
            match woken.recv_timeout(next) {
                Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
        })
        .map_or_else(
            |error| tracing::error!(%error, "sync thread not started: folder mode only"),
            |_running| (),
        );
    LinkWorker(Mutex::new(wake))
}

/// See [`FieldApp::link_status`].
#[tauri::command]
pub async fn link_status(state: AppState<'_>) -> Reply<LinkStatus> {
    let app = lock(&state);
    reply(&app, app.link_status())
}

/// See [`FieldApp::link_enroll`]; the first round starts at once.
#[tauri::command]
pub async fn link_enroll(
    state: AppState<'_>,
    worker: State<'_, LinkWorker>,
    input: EnrollInput,
) -> Reply<LinkStatus> {
    let mut app = lock(&state);
    // The enrollment talks to the server with a blocking HTTP client, which must not run
    // inside the async runtime (it panics there): it runs on a thread of its own.
    let result = std::thread::scope(|scope| {
        let field: &mut FieldApp = &mut app;
        scope
            .spawn(|| field.link_enroll(&input))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    if result.is_ok() {
        worker.wake();
    }
    reply(&app, result)
}

/// Asks for a round now (after a change is written, or from the status bar).
#[tauri::command]
pub async fn link_sync_now(worker: State<'_, LinkWorker>) -> Reply<()> {
    worker.wake();
    Ok(())
}
