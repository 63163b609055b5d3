//! The Tauri commands: each one locks the app state, calls the [`FieldApp`] method of the
//! same name and turns a failure into a [`CommandError`] (codes and values, which the
//! window words in the rep's language). No rule
//! and no SQL here. Commands are `async` so they run off the window's main thread.
//!
//! One file per feature, named like the field crate's module doing the work (`card`,
//! `prospects`, `link`…), so a command is found where its types (`tournee_field::dto`)
//! and its work are. The names the window invokes are the functions' names, unchanged by
//! the file they sit in.

pub mod calendar;
pub mod card;
pub mod changes;
pub mod drafts;
pub mod exports;
pub mod first_run;
pub mod folders;
pub mod home;
pub mod link;
pub mod meetings;
pub mod modification_requests;
pub mod opportunities;
pub mod prospects;
pub mod quotes;
pub mod records;
pub mod reports;
pub mod search;
pub mod segments;
pub mod settings;
pub mod snapshot;
pub mod stats;
pub mod update;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::thread::JoinHandle;
use std::time::Instant;

use tauri::State;
use tournee_field::dto::CommandError;
use tournee_field::{FieldApp, FieldError};

/// The app state, opened on a thread of its own (settings, local database, snapshot) while
/// the window is built and its page loads: the first command waits for it, the later ones
/// find it open.
pub struct Field {
    app: OnceLock<Mutex<FieldApp>>,
    opening: Mutex<Option<Opening>>,
}

/// The app state on its way.
enum Opening {
    Thread(JoinHandle<Result<FieldApp, FieldError>>),
    /// Opened on the main thread, for want of a thread.
    Done(Box<Result<FieldApp, FieldError>>),
}

/// Opens the app in `home`, saying how long it took.
fn open_logged(home: &Path) -> Result<FieldApp, FieldError> {
    let started = Instant::now();
    let field = FieldApp::open(home);
    tracing::info!(
        home = %home.display(),
        ms = started.elapsed().as_millis(),
        ok = field.is_ok(),
        "field app opened"
    );
    field
}

impl Field {
    /// Starts opening the app's home folder `home`.
    pub fn open_in_background(home: PathBuf) -> Self {
        let on_thread = home.clone();
        let opening = match std::thread::Builder::new()
            .name("tournee-open".into())
            .spawn(move || open_logged(&on_thread))
        {
            Ok(thread) => Opening::Thread(thread),
            Err(error) => {
                tracing::warn!(%error, "opening thread not started: opening on the main thread");
                Opening::Done(Box::new(open_logged(&home)))
            }
        };
        Self {
            app: OnceLock::new(),
            opening: Mutex::new(Some(opening)),
        }
    }

    /// The opened app, once the opening thread is done. An app that cannot be opened (its
    /// home folder, settings or local database unusable) stops the program, as a failed
    /// set-up hook did when the app was opened before the window.
    pub fn app(&self) -> &Mutex<FieldApp> {
        self.app.get_or_init(|| {
            let opening = self
                .opening
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
            let opened = match opening {
                Some(Opening::Thread(thread)) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Some(Opening::Done(opened)) => *opened,
                // Taken by an earlier call whose opening panicked: nothing left to open.
                None => {
                    tracing::error!("the field app stopped: its opening panicked");
                    std::process::exit(1);
                }
            };
            opened.map(Mutex::new).unwrap_or_else(|error| {
                tracing::error!(%error, "the field app stopped on an error");
                std::process::exit(1);
            })
        })
    }
}

/// The app state every command locks.
pub type AppState<'a> = State<'a, Field>;
/// What every command answers.
pub type Reply<T> = Result<T, CommandError>;

/// Locks the app. A panic in an earlier command cannot leave the state half-written
/// (every write is one SQLite transaction or one atomic file), so a poisoned lock is
/// taken over rather than bricking the window.
pub fn lock<'a>(state: &'a AppState<'_>) -> MutexGuard<'a, FieldApp> {
    state
        .app()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Turns a failure into the window's error (codes and values, worded by the UI), logged.
pub fn reply<T>(result: Result<T, FieldError>) -> Reply<T> {
    result.map_err(|error| {
        tracing::warn!(%error, code = %error.code(), "command refused");
        error.to_command_error()
    })
}
