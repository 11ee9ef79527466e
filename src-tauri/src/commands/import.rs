use crate::state::AppState;
use overdue_core::import::{self, ImportOptions, ImportReport, Preview};
use overdue_core::{Error, Result};
use std::path::PathBuf;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// Files larger than this are refused before reading (≈ 2 million rows).
const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

/// Shows the native "open file" dialog. `OVERDUE_PICK_FILE` answers instead
/// of the dialog in end-to-end tests, where no person can click it.
#[tauri::command]
pub async fn pick_import_file(app: AppHandle) -> Result<Option<String>> {
    if let Some(p) = std::env::var_os("OVERDUE_PICK_FILE") {
        return Ok(Some(PathBuf::from(p).display().to_string()));
    }
    let picked = app.dialog().file().set_title("Choose a CSV file of invoices").add_filter("CSV files", &["csv", "txt"]).blocking_pick_file();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

pub(crate) fn read_file(path: &str) -> Result<Vec<u8>> {
    let p = PathBuf::from(path);
    let meta = std::fs::metadata(&p).map_err(|e| Error::NotFound(format!("cannot open {}: {e}", p.display())))?;
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(Error::invalid("file", format!("{} is {} MB; the limit is 256 MB", p.display(), meta.len() / 1_048_576)));
    }
    Ok(std::fs::read(&p)?)
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
