//! « Choisir… » beside a folder field: the system's folder picker (`tauri-plugin-dialog`),
//! opened from here rather than from the window's script, so the window itself holds no
//! dialog permission and can only ask for a folder through this command.

use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt as _;

use super::Reply;

/// Opens the system's folder picker at `start` (when it is a folder) with `title`; the
/// folder chosen, or `None` when the rep cancelled. The field keeps what was typed.
#[tauri::command]
pub async fn pick_folder(
    app: AppHandle,
    start: Option<String>,
    title: String,
) -> Reply<Option<String>> {
    let mut dialog = app.dialog().file().set_title(title);
    if let Some(start) = start.map(PathBuf::from).filter(|path| path.is_dir()) {
        dialog = dialog.set_directory(start);
    }
    // A command runs off the main thread: the blocking picker is allowed here.
    let picked = dialog.blocking_pick_folder();
    Ok(picked
        .and_then(|chosen| chosen.into_path().ok())
        .map(|path| path.display().to_string()))
}
