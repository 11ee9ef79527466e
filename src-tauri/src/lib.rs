//! The Overdue desktop shell: a thin adapter over `overdue-core` (parse the
//! input, call the core, map the result or error). The command line is the
//! `overdue-cli` crate, which links none of this.

mod commands;
mod locale;
mod state;

use std::path::PathBuf;

/// Opens the window on the database at `db_path`. `today` overrides the
/// calendar date (tests and demos); `None` = the computer's local date.
pub fn run_gui(db_path: PathBuf, today: Option<chrono::NaiveDate>) -> Result<(), String> {
    let app_state = state::AppState::open(db_path, today).map_err(|e| e.to_string())?;
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(app_state)
        .setup(|app| {
            commands::chase::start_auto_sender(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::load_demo,
            commands::app::get_business,
            commands::app::update_business,
            commands::ledger::aging,
            commands::ledger::list_invoices,
            commands::ledger::list_clients,
            commands::ledger::client_detail,
            commands::ledger::undo_payment,
            commands::ledger::create_client,
            commands::ledger::update_client,
            commands::ledger::create_invoice,
            commands::ledger::update_invoice,
            commands::ledger::record_payment,
            commands::import::pick_import_file,
            commands::import::import_preview,
            commands::import::import_commit,
            commands::import::import_history,
            commands::import::import_undo,
            commands::bank::pick_statement_file,
            commands::bank::bank_import,
            commands::bank::bank_lines,
            commands::bank::bank_match,
            commands::bank::bank_ignore,
            commands::bank::bank_undo,
            commands::backup::backup_now,
            commands::backup::list_backups,
            commands::backup::pick_backup_file,
            commands::backup::restore_backup,
            commands::chase::today,
            commands::app::places,
            commands::app::search,
            commands::chase::bulk_reminders,
            commands::chase::undo_steps,
            commands::chase::undo_sent,
            commands::chase::reveal_file,
            commands::chase::compose,
            commands::chase::check_message,
            commands::chase::email_status,
            commands::chase::send_email,
            commands::chase::retry_email,
            commands::chase::record_sent,
            commands::chase::log_call,
            commands::chase::snooze,
            commands::chase::skip,
            commands::chase::open_letter,
            commands::chase::save_letter_as,
            commands::chase::outbox,
            commands::chase::client_chase,
            commands::chase::set_client_controls,
            commands::chase::invoice_controls,
            commands::chase::set_invoice_controls,
            commands::chase::create_promise,
            commands::chase::cancel_promise,
            commands::chase::chase_setup,
            commands::chase::confirm_rates_current,
            commands::chase::save_stage,
            commands::chase::get_template,
            commands::chase::save_template,
            commands::chase::reset_template,
            commands::chase::preview_template,
            commands::chase::save_chase_settings,
            commands::chase::save_interest_policy,
            commands::chase::set_reference_rate,
            commands::chase::delete_reference_rate,
            commands::chase::save_smtp,
            commands::chase::test_smtp,
            commands::negotiate::negotiation_desk,
            commands::negotiate::save_negotiation,
            commands::negotiate::check_offer,
            commands::negotiate::record_offer,
            commands::negotiate::agree_in_principle,
            commands::negotiate::withdraw_arrangement,
            commands::negotiate::bottom_line,
            commands::negotiate::save_bottom_line,
            commands::agreement::agreement_panel,
            commands::agreement::agreement_draft,
            commands::agreement::agreement_get,
            commands::agreement::agreements_list,
            commands::agreement::agreement_issue,
            commands::agreement::agreement_email,
            commands::agreement::agreement_sign_on_screen,
            commands::agreement::agreement_record_signed,
            commands::agreement::agreement_countersign,
            commands::agreement::agreement_decline,
            commands::agreement::agreement_renegotiate,
            commands::agreement::client_documents,
            commands::agreement::open_document,
            commands::agreement::save_document_as,
            commands::agreement::pick_signed_copy,
            commands::agreement::agreement_message,
            commands::agreement::agreement_send_message,
            commands::escalation::escalation_review,
            commands::ledger::steering,
            commands::escalation::escalate,
            commands::escalation::write_off,
        ])
        .run(tauri::generate_context!())
        .map_err(|e| format!("the window could not start: {e}"))
}
