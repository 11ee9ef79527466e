//! The tidy test: architecture invariants that a reviewer should not have to
//! check by eye (ARCHITECTURE.md, "Architecture invariant" lines). It reads
//! the source as text; it runs none of it.
//!
//! Held today:
//! - the pure rule modules use no SQLite, no files and no clock;
//! - only `clock.rs` reads the computer's clock;
//! - the command line (`cli/`) depends on overdue-core alone: no Tauri,
//!   WebKit or GTK, so `overdue <command>` starts without them;
//! - no query reads a field of stored JSON by name (only released
//!   migrations, which are frozen, may).

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The source without comments, so a doc line that names a thing is not
/// taken for a use of it.
fn code(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap().lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Rules, values and calculations with no storage, files or clock.
const PURE: &[&str] = &["aging", "alloc", "tone", "guards", "schedule", "sms", "template", "dates", "money", "text"];

#[test]
fn architecture_pure_rules_touch_no_storage_files_or_clock() {
    for m in PURE {
        let p = root().join(format!("core/src/{m}.rs"));
        let src = code(&p);
        for banned in ["rusqlite", "Connection", "std::fs", "File::", "Utc::now", "Local::now", "crate::db", "crate::ledger"] {
            assert!(!src.contains(banned), "Architecture invariant: {m}.rs is a pure rule module and must not use {banned}");
        }
    }
}

#[test]
fn architecture_only_the_clock_module_reads_the_clock() {
    for dir in ["core/src", "cli/src", "src-tauri/src"] {
        for p in rust_files(&root().join(dir)) {
            if p.ends_with("core/src/clock.rs") {
                continue;
            }
            let src = code(&p);
            for banned in ["Utc::now()", "Local::now()", "SystemTime::now()"] {
                assert!(!src.contains(banned), "Architecture invariant: {} reads the clock ({banned}); use overdue_core::clock or the Ctx it builds", p.display());
            }
        }
    }
}

#[test]
fn architecture_the_command_line_links_no_window_libraries() {
    let manifest = std::fs::read_to_string(root().join("cli/Cargo.toml")).unwrap();
    let deps = &manifest[manifest.find("[dependencies]").expect("a dependencies table")..];
    for banned in ["tauri", "wry", "webkit", "gtk", "\"overdue\"", "path = \"../src-tauri\""] {
        assert!(!deps.contains(banned), "Architecture invariant: the CLI must not depend on {banned}");
    }
    for p in rust_files(&root().join("cli/src")) {
        assert!(!code(&p).contains("tauri"), "Architecture invariant: {} uses tauri", p.display());
    }
}

#[test]
fn architecture_no_query_reads_stored_json_by_field_name() {
    for p in rust_files(&root().join("core/src")) {
        if p.ends_with("core/src/db.rs") {
            continue; // released migrations are frozen text
        }
        assert!(!code(&p).contains("json_extract"), "Architecture invariant: {} reads a field of stored JSON in SQL; make it a column", p.display());
    }
}

#[test]
fn architecture_views_move_through_the_router_never_app_js() {
    let dir = root().join("ui/js");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("views")).unwrap().map(|e| e.unwrap().path()).collect();
    files.extend(std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file() && !p.ends_with("app.js")));
    for p in files.iter().filter(|p| p.extension().is_some_and(|x| x == "js")) {
        let src = std::fs::read_to_string(p).unwrap();
        assert!(!src.contains("app.js'"), "Architecture invariant: {} imports app.js; use router.js (go) and shell.js (refreshInfo)", p.display());
    }
}

#[test]
fn architecture_storage_does_not_call_workflows() {
    let src = code(&root().join("core/src/ledger.rs"));
    for flow in ["crate::follow", "crate::payments", "crate::chase", "crate::agreement", "crate::escalation", "crate::negotiation"] {
        assert!(!src.contains(flow), "Architecture invariant: ledger.rs (storage) must not call the workflow {flow}");
    }
}
