//! The first start over HTTPS (the field crate's `first_run`): enroll, download the first
//! snapshot, save the settings; and the download's progress, read without the app's lock
//! (which the first run holds) so the window's progress bar moves while it runs.

use std::sync::Arc;

use tauri::State;
use tournee_field::dto::{AppStatus, EnrollInput, FirstRunProgress};
use tournee_link::DownloadProgress;

use super::link::LinkWorker;
use super::{lock, reply, AppState, Reply};

/// The first run's download progress, shared with the window's polls.
#[derive(Default)]
pub struct FirstRunWatch(Arc<DownloadProgress>);

/// See [`FieldApp::first_run_enroll`](tournee_field::FieldApp::first_run_enroll); the
/// background rounds start at once.
#[tauri::command]
pub async fn first_run_enroll(
    state: AppState<'_>,
    watch: State<'_, FirstRunWatch>,
    worker: State<'_, LinkWorker>,
    input: EnrollInput,
) -> Reply<AppStatus> {
    let mut app = lock(&state);
    let progress = Arc::clone(&watch.0);
    // Blocking HTTP must not run inside the async runtime: a thread of its own.
    let result = std::thread::scope(|scope| {
        let field: &mut tournee_field::FieldApp = &mut app;
        scope
            .spawn(|| field.first_run_enroll(&input, &progress))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    if result.is_ok() {
        worker.wake();
    }
    reply(result)
}

/// How far the first run's download has got.
#[tauri::command]
pub async fn first_run_progress(watch: State<'_, FirstRunWatch>) -> Reply<FirstRunProgress> {
    let (received, total) = watch.0.read();
    Ok(FirstRunProgress {
        running: watch.0.is_running(),
        received,
        total,
    })
}
