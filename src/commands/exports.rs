//! The files the app wrote for the rep (stats PDF, calendar .ics, contacts CSV): the
//! contacts export, and the handing of any of them to the desktop.

use tauri_plugin_opener::OpenerExt as _;

use super::{lock, reply, AppState, Reply};

/// Hands a file the app exported (stats PDF, calendar .ics) to the desktop's viewer. The
/// path is checked by [`FieldApp::exported_file`](tournee_field::FieldApp::exported_file)
/// (only the app's own `exports` folder); the window holds no opener permission itself.
/// The app's lock is released before the desktop is called.
#[tauri::command]
pub async fn open_export(
    app_handle: tauri::AppHandle,
    state: AppState<'_>,
    path: String,
) -> Reply<()> {
    let checked = {
        let app = lock(&state);
        match app.exported_file(&path) {
            Ok(checked) => checked,
            Err(error) => return reply(Err(error)),
        }
    };
    app_handle
        .opener()
        .open_path(checked.display().to_string(), None::<&str>)
        .map_err(|error| {
            let error = tournee_field::FieldError::NotOpened {
                path: checked.clone(),
                detail: error.to_string(),
            };
            tracing::warn!(%error, "export not opened");
            error.to_command_error()
        })
}

/// See [`FieldApp::export_contacts`](tournee_field::FieldApp::export_contacts).
#[tauri::command]
pub async fn export_contacts(state: AppState<'_>) -> Reply<tournee_field::dto::ExportedFile> {
    let app = lock(&state);
    reply(app.export_contacts())
}
