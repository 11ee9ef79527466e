// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! `overdue-window [--db PATH] [--today YYYY-MM-DD]`: the desktop window.
//! People start it through `overdue` with no command (the CLI hands over
//! with the same arguments); the CLI's other flags are accepted and ignored.

use std::path::PathBuf;

fn main() {
    std::process::exit(run());
}

fn run() -> i32 {
    let mut db: Option<PathBuf> = None;
    let mut today: Option<String> = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        let a = a.to_string_lossy().to_string();
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = || inline.clone().or_else(|| args.next().map(|v| v.to_string_lossy().to_string()));
        match flag.as_str() {
            "--db" => db = value().map(PathBuf::from),
            "--today" => today = value(),
            "--json" => {}
            "--version" | "-V" => {
                println!("overdue {}", env!("CARGO_PKG_VERSION"));
                return 0;
            }
            other => {
                eprintln!("error: overdue-window takes only --db PATH and --today YYYY-MM-DD, not '{other}'; see `overdue --help`");
                return 2;
            }
        }
    }
    let today = match overdue_core::db::resolve_today(today.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let db_path = match overdue_core::db::resolve_db_path(db.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    match overdue::run_gui(db_path, today) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
