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
pub mod home;
pub mod link;
pub mod modification_requests;
pub mod prospects;
pub mod search;
pub mod settings;
pub mod snapshot;
pub mod stats;

use std::sync::{Mutex, MutexGuard};

use tauri::State;
use tournee_field::dto::CommandError;
use tournee_field::{FieldApp, FieldError};

/// The app state every command locks.
pub type AppState<'a> = State<'a, Mutex<FieldApp>>;
/// What every command answers.
pub type Reply<T> = Result<T, CommandError>;

/// Locks the app. A panic in an earlier command cannot leave the state half-written
/// (every write is one SQLite transaction or one atomic file), so a poisoned lock is
/// taken over rather than bricking the window.
pub fn lock<'a>(state: &'a AppState<'_>) -> MutexGuard<'a, FieldApp> {
    state
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
