use crate::state::AppState;
use overdue_core::{db, Result};
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

#[derive(Serialize)]
pub struct BackupFile {
    path: String,
    name: String,
    bytes: u64,
    modified: String,
}

#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupFile> {
    let target = db::default_backup_path(&state.db_path);
    db::backup_to(&*state.conn()?, &target)?;
    describe(&target)
}

fn describe(p: &std::path::Path) -> Result<BackupFile> {
    let meta = std::fs::metadata(p)?;
    let modified = meta
        .modified()
        .ok()
        .map(|t| chrono::DateTime::<chrono::Local>::from(t).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    Ok(BackupFile {
        path: p.display().to_string(),
        name: p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string(),
        bytes: meta.len(),
        modified,
    })
}

/// Backups in the app's backups folder, newest first.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupFile>> {
    let dir = state.backups_dir();
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().and_then(|x| x.to_str()) == Some("sqlite") {
                out.push(describe(&p)?);
            }
        }
    }
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.name.cmp(&a.name)));
    Ok(out)
}

#[tauri::command]
pub async fn pick_backup_file(app: AppHandle, state: State<'_, AppState>) -> Result<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Choose an Overdue backup to restore")
        .set_directory(state.backups_dir())
        .add_filter("Overdue backups", &["sqlite"])
        .blocking_pick_file();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

/// Restores from `path`; the current data is first saved as a backup too.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Result<BackupFile> {
    let safety = db::before_restore_path(&state.db_path);
    db::restore_from(&mut *state.conn()?, &PathBuf::from(&path), &safety)?;
    if let Ok(mut c) = state.today_cache.lock() {
        c.clear();
    }
    describe(&safety)
}
