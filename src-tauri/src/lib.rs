//! The Overdue desktop shell and CLI. Both are thin adapters over
//! `overdue-core`: parse the input, call the core, map the result or error.

/// Prints a line to stdout; a closed pipe (`overdue invoices | head`) ends quietly.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write;
        if writeln!(std::io::stdout(), $($t)*).is_err() {
            std::process::exit(0);
        }
    }};
}

pub mod cli;
mod cli_chase;
mod commands;
mod state;

use std::path::PathBuf;

/// Opens the window on the database at `db_path`. `today` overrides the
/// calendar date (tests and demos); `None` = the computer's local date.
pub fn run_gui(db_path: PathBuf, today: Option<chrono::NaiveDate>) -> Result<(), String> {
    let app_state = state::AppState::open(db_path, today).map_err(|e| e.to_string())?;
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(app_state)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::load_demo,
            commands::app::get_business,
            commands::app::update_business,
            commands::ledger::aging,
            commands::ledger::list_invoices,
            commands::ledger::list_clients,
            commands::ledger::client_detail,
            commands::ledger::create_client,
            commands::ledger::update_client,
            commands::ledger::create_invoice,
            commands::ledger::update_invoice,
            commands::ledger::record_payment,
            commands::import::pick_import_file,
            commands::import::import_preview,
            commands::import::import_commit,
            commands::backup::backup_now,
            commands::backup::list_backups,
            commands::backup::pick_backup_file,
            commands::backup::restore_backup,
        ])
        .run(tauri::generate_context!())
        .map_err(|e| format!("the window could not start: {e}"))
}
