//! `tournee`, the field app: a Tauri window over [`tournee_field::FieldApp`].
//!
//! Everything the app does lives in `crates/tournee-field`; this binary only finds the
//! app's home folder, opens the app state and registers the commands.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod link_commands;
mod tab_commands;

use std::path::PathBuf;
use std::sync::Mutex;

use tauri::Manager as _;
use tournee_field::FieldApp;

/// Environment variable naming the app's home folder (tests, the demo, a second profile).
const HOME_ENV: &str = "TOURNEE_HOME";

/// The home folder given as `--home DIR` on the command line (what the end-to-end tests
/// pass through WebDriver), else by `TOURNEE_HOME`.
fn home_override() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--home" {
            return args.next().map(PathBuf::from);
        }
    }
    std::env::var_os(HOME_ENV).map(PathBuf::from)
}

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = tauri::Builder::default()
        // Used from Rust only (tab_commands::open_export): no script injected, and the
        // window is granted none of its commands.
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        )
        .setup(|app| {
            let home = match home_override() {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            let field = FieldApp::open(&home)?;
            tracing::info!(home = %home.display(), "field app opened");
            app.manage(Mutex::new(field));
            let worker = link_commands::start(app.handle());
            app.manage(worker);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::set_lang,
            commands::setup_preview,
            commands::setup_save,
            commands::refresh_snapshot,
            commands::home_revisit,
            commands::home_last_visit,
            commands::home_notices,
            commands::dismiss_notice,
            commands::search_clients,
            commands::client_card,
            commands::visit_history,
            commands::form_config,
            commands::record_visit,
            commands::set_revisit,
            commands::set_fleet,
            commands::request_modification,
            commands::draft_save,
            commands::draft_load,
            commands::draft_discard,
            link_commands::link_status,
            link_commands::link_enroll,
            link_commands::link_sync_now,
            tab_commands::search_prospects,
            tab_commands::prospect_card,
            tab_commands::prospect_history,
            tab_commands::find_duplicates,
            tab_commands::create_prospect,
            tab_commands::update_prospect,
            tab_commands::delete_prospect,
            tab_commands::record_prospect_visit,
            tab_commands::conversion_config,
            tab_commands::check_conversion,
            tab_commands::convert_prospect,
            tab_commands::list_reps,
            tab_commands::stats,
            tab_commands::print_stats,
            tab_commands::calendar,
            tab_commands::export_calendar,
            tab_commands::open_export,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        tracing::error!(%error, "the field app stopped on an error");
        std::process::exit(1);
    }
}
