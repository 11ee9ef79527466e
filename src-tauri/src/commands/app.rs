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
    /// How the business writes dates ("dmy", "mdy", "de"), from its country:
    /// the window writes every date so.
    date_style: &'static str,
}

#[tauri::command]
pub async fn app_info(app: tauri::AppHandle, state: State<'_, AppState>) -> Result<AppInfo> {
    let conn = state.conn()?;
    // The window reads app_info before it draws any screen and again after
    // the business changes (settings, demo data, a restored backup), so the
    // date fields follow the country from here.
    let style = ledger::date_style(&conn)?;
    crate::locale::set_field_locale(&app, style.field_locale());
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        db_path: state.db_path.display().to_string(),
        today: state.today().to_string(),
        empty: ledger::is_empty(&conn)?,
        business: ledger::business(&conn)?,
        date_style: style.ui_code(),
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

/// The countries and time zones the pickers offer.
#[derive(Serialize)]
pub struct Places {
    countries: Vec<(&'static str, &'static str)>,
    time_zones: Vec<&'static str>,
}

#[tauri::command]
pub async fn places() -> Result<Places> {
    Ok(Places { countries: overdue_core::places::COUNTRIES.to_vec(), time_zones: overdue_core::places::time_zones() })
}

/// Search from anywhere (Ctrl-K): clients, invoices, agreements.
#[tauri::command]
pub async fn search(state: State<'_, AppState>, text: String) -> Result<Vec<overdue_core::search::Hit>> {
    overdue_core::search::search(&*state.conn()?, &text, 8)
}
