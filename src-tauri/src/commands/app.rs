use crate::state::AppState;
use overdue_core::{demo, ledger, model::Business, money::CURRENCIES, Result};
use serde::Serialize;
use tauri::State;

#[derive(Serialize)]
pub struct AppInfo {
    version: &'static str,
    db_path: String,
    today: String,
    empty: bool,
    business: Business,
    currencies: Vec<&'static str>,
    upgrade_note: Option<String>,
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    let conn = state.conn()?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        db_path: state.db_path.display().to_string(),
        today: state.today().to_string(),
        empty: ledger::is_empty(&conn)?,
        business: ledger::business(&conn)?,
        currencies: CURRENCIES.iter().map(|c| c.code).collect(),
        upgrade_note: state.upgrade_note.clone(),
    })
}

#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>) -> Result<demo::DemoReport> {
    let mut conn = state.conn()?;
    demo::load(&mut conn, state.today())
}

#[tauri::command]
pub async fn get_business(state: State<'_, AppState>) -> Result<Business> {
    ledger::business(&*state.conn()?)
}

#[tauri::command]
pub async fn update_business(state: State<'_, AppState>, input: Business) -> Result<Business> {
    ledger::update_business(&*state.conn()?, &input)
}
