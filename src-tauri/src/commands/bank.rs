//! The Bank screen: import a statement, the lines with their state, and the
//! owner's decisions on a line. Each command is parse → core → result.

use crate::state::AppState;
use overdue_core::bank::{self, BankImportOptions, BankImportReport, MatchChoice};
use overdue_core::views::bank::{self as view, BankView};
use overdue_core::Result;
use std::path::PathBuf;
use tauri::{AppHandle, State};

/// The native "open file" dialog for a statement. `OVERDUE_PICK_FILE`
/// answers instead in end-to-end tests.
#[tauri::command]
pub async fn pick_statement_file(app: AppHandle) -> Result<Option<String>> {
    Ok(super::pick_file(&app, "Choose a statement exported from your online bank", &[("Bank statements (camt, OFX, QFX, MT940, CSV, ZIP)", &["xml", "camt", "053", "054", "zip", "ofx", "qfx", "sta", "mt940", "940", "txt", "csv"])], true))
}

/// Imports a statement (`dry_run`: what it would do, nothing written).
#[tauri::command]
pub async fn bank_import(state: State<'_, AppState>, path: String, dry_run: bool) -> Result<BankImportReport> {
    let opts = BankImportOptions { dry_run, ..Default::default() };
    bank::import_file(&mut *state.conn()?, &state.ctx(), &PathBuf::from(path), &opts)
}

/// Statement lines in `filter` (matched, suggested, unmatched, ignored,
/// review; none: all), newest first.
#[tauri::command]
pub async fn bank_lines(state: State<'_, AppState>, filter: Option<String>) -> Result<BankView> {
    view::lines(&*state.conn()?, filter.as_deref().filter(|s| !s.is_empty()), 500)
}

/// Matches a line: to the invoices or agreement named, or (neither) to its
/// best suggestion.
#[tauri::command]
pub async fn bank_match(state: State<'_, AppState>, id: i64, invoices: Vec<String>, agreement: Option<String>) -> Result<String> {
    bank::match_line(&mut *state.conn()?, &state.ctx(), id, &MatchChoice { invoices, agreement })
}

#[tauri::command]
pub async fn bank_ignore(state: State<'_, AppState>, id: i64, reason: String) -> Result<String> {
    bank::ignore_line(&mut *state.conn()?, id, &reason)
}

#[tauri::command]
pub async fn bank_undo(state: State<'_, AppState>, id: i64) -> Result<String> {
    bank::undo_line(&mut *state.conn()?, &state.ctx(), id)
}
