//! Escalation and write-off. Thin adapters over `overdue_core::escalation`.

use crate::state::AppState;
use overdue_core::escalation::{self, EscalateInput, Escalated, Review};
use overdue_core::model::Amount;
use overdue_core::{Error, Result};
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

#[tauri::command]
pub async fn escalation_review(state: State<'_, AppState>, client_id: i64) -> Result<Review> {
    let mut conn = state.conn()?;
    let ctx = state.ctx();
    // A missed payment counts as a default before the triggers are read.
    overdue_core::sweep::run(&mut conn, &ctx)?;
    escalation::review(&conn, &ctx, client_id)
}

/// Hands the case over and opens the pack (`OVERDUE_NO_OPEN`: not opened).
#[tauri::command]
pub async fn escalate(app: AppHandle, state: State<'_, AppState>, input: EscalateInput) -> Result<Escalated> {
    let e = escalation::escalate(&mut *state.conn()?, &state.ctx(), &input, None)?;
    if std::env::var_os("OVERDUE_NO_OPEN").is_none() {
        app.opener().open_path(e.pack.clone(), None::<&str>).map_err(|err| Error::Conflict(format!("the pack was saved to {} but could not be opened ({err})", e.pack)))?;
    }
    Ok(e)
}

#[tauri::command]
pub async fn write_off(state: State<'_, AppState>, client_id: i64, invoice_numbers: Vec<String>, reason: String) -> Result<Amount> {
    escalation::write_off(&mut *state.conn()?, &state.ctx(), client_id, &invoice_numbers, &reason)
}
