use crate::state::AppState;
use overdue_core::import::{self, ImportOptions, ImportRecord, ImportReport, Preview};
use overdue_core::Result;
use std::path::PathBuf;
use tauri::{AppHandle, State};

/// Shows the native "open file" dialog. `OVERDUE_PICK_FILE` answers instead
/// of the dialog in end-to-end tests, where no person can click it.
#[tauri::command]
pub async fn pick_import_file(app: AppHandle) -> Result<Option<String>> {
    Ok(super::pick_file(&app, "Choose an export of your invoices", &[("Exports (CSV, Excel, LibreOffice)", &["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods"])], true))
}

pub(crate) fn read_file(path: &str) -> Result<Vec<u8>> {
    import::read_file(&PathBuf::from(path))
}

#[tauri::command]
pub async fn import_preview(state: State<'_, AppState>, path: String, options: ImportOptions) -> Result<Preview> {
    let bytes = read_file(&path)?;
    import::preview(&*state.conn()?, &bytes, &path, &options)
}

#[tauri::command]
pub async fn import_commit(state: State<'_, AppState>, path: String, options: ImportOptions) -> Result<ImportReport> {
    let bytes = read_file(&path)?;
    import::commit(&mut *state.conn()?, &bytes, &path, &options, state.today())
}

#[tauri::command]
pub async fn import_history(state: State<'_, AppState>) -> Result<Vec<ImportRecord>> {
    import::history(&*state.conn()?, 20)
}

#[tauri::command]
pub async fn import_undo(state: State<'_, AppState>, id: i64) -> Result<String> {
    import::undo(&mut *state.conn()?, id, state.today())
}
