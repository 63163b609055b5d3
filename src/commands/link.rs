//! The built-in HTTPS transport in the window (the field crate's `link`): the commands of
//! the « Synchronisation » panel and the status bar, and the background thread that runs
//! the rounds.
//!
//! A round never holds the app's lock while it talks to the server: it takes the
//! folders under the lock, lets go, then pushes and pulls. The rep types on.

use std::sync::mpsc::{channel, Sender};
use std::sync::Mutex;

use tauri::{AppHandle, Manager as _, State};
use tournee_field::dto::{EnrollInput, LinkStatus};
use tournee_field::{run_rounds, SyncSchedule};

use super::{lock, reply, AppState, Field, Reply};

/// Wakes the background thread (a change was just written, or the rep asked).
pub struct LinkWorker(Mutex<Sender<()>>);

impl LinkWorker {
    pub(crate) fn wake(&self) {
        let sender = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // A send fails only if the thread is gone (the window is closing): nothing to wake.
        let _closing = sender.send(());
    }
}

/// Starts the thread that runs the rounds (the field crate's `link_rounds`): every
/// interval, or at once when woken.
pub fn start(app: &AppHandle) -> LinkWorker {
    let (wake, woken) = channel::<()>();
    let schedule = SyncSchedule::from_env();
    let app = app.clone();
    std::thread::Builder::new()
        .name("tournee-link".into())
        .spawn(move || {
            // The folders are read under the app's lock; the round runs without it.
            let paths = || {
                let state = app.state::<Field>();
                let field = state
                    .app()
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                field.link_paths()
            };
            run_rounds(schedule, paths, &woken);
        })
        .map_or_else(
            |error| tracing::error!(%error, "sync thread not started: folder mode only"),
            |_running| (),
        );
    LinkWorker(Mutex::new(wake))
}

/// See [`FieldApp::link_status`](tournee_field::FieldApp::link_status).
#[tauri::command]
pub async fn link_status(state: AppState<'_>) -> Reply<LinkStatus> {
    let app = lock(&state);
    reply(app.link_status())
}

/// See [`FieldApp::link_enroll`](tournee_field::FieldApp::link_enroll); the first round starts at once.
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
        let field: &mut tournee_field::FieldApp = &mut app;
        scope
            .spawn(|| field.link_enroll(&input))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    if result.is_ok() {
        worker.wake();
    }
    reply(result)
}

/// Asks for a round now (after a change is written, or from the status bar).
#[tauri::command]
pub async fn link_sync_now(worker: State<'_, LinkWorker>) -> Reply<()> {
    worker.wake();
    Ok(())
}
