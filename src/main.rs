//! `tournee`, the field app: a Tauri window over [`tournee_field::FieldApp`].
//!
//! Everything the app does lives in `crates/tournee-field`; this binary only finds the
//! app's home folder, opens the app state and registers the commands.
//!
//! The app state is opened on a thread of its own while the window is built and its page
//! loads (`commands::Field`); the window is created here, after that thread is started,
//! rather than from `tauri.conf.json` before the set-up hook (its `create` is `false`).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::path::PathBuf;

use tauri::Manager as _;

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
        // Used from Rust only (commands::exports::open_export): no script injected, and the
        // window is granted none of its commands.
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        )
        // The folder picker, likewise from Rust only (commands::folders::pick_folder).
        .plugin(tauri_plugin_dialog::init())
        // Signed updates (commands::update), from Rust only: the window gets none of the
        // plugin's commands; its public key is set per check, from the build.
        .plugin(tauri_plugin_updater::Builder::new().build())
        .setup(|app| {
            let home = match home_override() {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            app.manage(commands::Field::open_in_background(home));
            let worker = commands::link::start(app.handle());
            app.manage(worker);
            app.manage(commands::update::new());
            commands::update::watch(app.handle());
            app.manage(commands::first_run::FirstRunWatch::default());
            for window in app.config().app.windows.clone() {
                tauri::WebviewWindowBuilder::from_config(app.handle(), &window)?.build()?;
            }
            tracing::info!("window created");
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::settings::app_status,
            commands::settings::set_lang,
            commands::settings::setup_preview,
            commands::settings::setup_save,
            commands::settings::change_folders,
            commands::snapshot::refresh_snapshot,
            commands::home::home_revisit,
            commands::home::home_last_visit,
            commands::search::search_clients,
            commands::card::client_card,
            commands::card::visit_history,
            commands::changes::form_config,
            commands::changes::record_visit,
            commands::changes::set_revisit,
            commands::changes::set_fleet,
            commands::modification_requests::request_modification,
            commands::modification_requests::home_notices,
            commands::modification_requests::dismiss_notice,
            commands::drafts::draft_save,
            commands::drafts::draft_load,
            commands::drafts::draft_discard,
            commands::prospects::search_prospects,
            commands::prospects::prospect_card,
            commands::prospects::prospect_history,
            commands::prospects::find_duplicates,
            commands::prospects::create_prospect,
            commands::prospects::update_prospect,
            commands::prospects::delete_prospect,
            commands::prospects::record_prospect_visit,
            commands::prospects::conversion_config,
            commands::prospects::check_conversion,
            commands::prospects::convert_prospect,
            commands::opportunities::opportunity_board,
            commands::opportunities::opportunity,
            commands::opportunities::party_opportunities,
            commands::opportunities::opportunity_figures,
            commands::opportunities::create_opportunity,
            commands::opportunities::convert_to_opportunity,
            commands::opportunities::move_opportunity,
            commands::opportunities::close_opportunity,
            commands::opportunities::update_opportunity,
            commands::meetings::campaigns,
            commands::meetings::campaign_page,
            commands::meetings::upcoming_meetings,
            commands::meetings::recent_activity,
            commands::meetings::colleagues,
            commands::meetings::create_campaign,
            commands::meetings::add_lead_card,
            commands::meetings::log_call,
            commands::meetings::plan_meeting,
            commands::quotes::quote_catalogue,
            commands::quotes::opportunity_quotes,
            commands::quotes::quote,
            commands::quotes::quote_totals,
            commands::quotes::create_quote,
            commands::quotes::update_quote,
            commands::quotes::send_quote,
            commands::quotes::accept_quote,
            commands::quotes::refuse_quote,
            commands::quotes::print_quote,
            commands::segments::segments,
            commands::segments::segment_parties,
            commands::segments::create_segment,
            commands::segments::update_segment,
            commands::segments::delete_segment,
            commands::segments::add_to_segment,
            commands::segments::remove_from_segment,
            commands::segments::assign_segment,
            commands::segments::export_segment,
            commands::records::action_types,
            commands::records::contacts,
            commands::records::contact_page,
            commands::records::check_party,
            commands::records::create_party,
            commands::records::update_party,
            commands::records::delete_party,
            commands::records::take_lead,
            commands::records::release_lead,
            commands::records::pool_leads,
            commands::records::take_notices,
            commands::records::grants,
            commands::records::add_person,
            commands::records::update_person,
            commands::records::delete_person,
            commands::records::open_reminders,
            commands::records::log_action,
            commands::records::add_reply,
            commands::records::create_todo,
            commands::records::complete_todo,
            commands::records::update_todo,
            commands::records::delete_todo,
            commands::records::dashboard,
            commands::stats::list_reps,
            commands::stats::stats,
            commands::stats::print_stats,
            commands::reports::sales_reports,
            commands::reports::print_reports,
            commands::calendar::calendar,
            commands::calendar::export_calendar,
            commands::exports::export_contacts,
            commands::exports::open_export,
            commands::link::link_status,
            commands::link::link_enroll,
            commands::link::link_sync_now,
            commands::first_run::first_run_enroll,
            commands::first_run::first_run_progress,
            commands::folders::pick_folder,
            commands::update::update_status,
            commands::update::update_install,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        tracing::error!(%error, "the field app stopped on an error");
        std::process::exit(1);
    }
}
