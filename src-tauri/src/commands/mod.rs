//! Tauri commands, one file per area. Each is parse → core → result; async so
//! database work never runs on the window's main thread.

pub mod agreement;
pub mod app;
pub mod backup;
pub mod bank;
pub mod chase;
pub mod escalation;
pub mod import;
pub mod ledger;
pub mod negotiate;

/// The native "open file" dialog with `title` and `filters` (name,
/// extensions), "All files" last when asked. `OVERDUE_PICK_FILE` answers
/// instead in end-to-end tests, where no person can click it.
pub(crate) fn pick_file(app: &tauri::AppHandle, title: &str, filters: &[(&str, &[&str])], all_files: bool) -> Option<String> {
    use tauri_plugin_dialog::DialogExt;
    if let Some(p) = std::env::var_os("OVERDUE_PICK_FILE") {
        return Some(std::path::PathBuf::from(p).display().to_string());
    }
    let mut d = app.dialog().file().set_title(title);
    for (name, ext) in filters {
        d = d.add_filter(*name, ext);
    }
    if all_files {
        d = d.add_filter("All files", &["*"]);
    }
    d.blocking_pick_file().and_then(|p| p.into_path().ok()).map(|p| p.display().to_string())
}
