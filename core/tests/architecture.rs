//! The tidy test: architecture invariants that a reviewer should not have to
//! check by eye (ARCHITECTURE.md, "Architecture invariant" lines). It reads
//! the sources and manifests as text; it runs none of them.
//!
//! Held:
//! - overdue-domain names no SQLite, PDF, mail or keyring library, and
//!   overdue-docs no SQLite, mail or keyring; neither touches files or the
//!   clock;
//! - SQL is written only under core/src/store/;
//! - the store never calls a flow, a view, a job or io;
//! - a flow imports only the flows listed before it in flows/mod.rs, and no
//!   flow imports a view or a job;
//! - a view never writes;
//! - no source file passes 800 lines;
//! - only `clock.rs` reads the computer's clock;
//! - the command line (`cli/`) depends on no window library;
//! - no query reads a field of stored JSON by name (only released
//!   migrations, which are frozen, may);
//! - migrations write their seed data out, never calling today's code;
//! - UI views move through the router, never `app.js`.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn files(dir: &Path, ext: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            if name != "target" && name != "node_modules" && !name.starts_with('.') {
                out.extend(files(&p, ext));
            }
        } else if p.extension().is_some_and(|x| ext.iter().any(|e| x == *e)) {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn rust_files(dir: &str) -> Vec<PathBuf> {
    files(&root().join(dir), &["rs"])
}

/// The source without comment lines, so a doc line that names a thing is
/// not taken for a use of it.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

/// The `[dependencies]` table of a manifest (not dev-dependencies).
fn dependencies(manifest: &str) -> String {
    let text = std::fs::read_to_string(root().join(manifest)).unwrap();
    let start = text.find("[dependencies]").expect("a dependencies table");
    let rest = &text[start + "[dependencies]".len()..];
    rest[..rest.find("\n[").unwrap_or(rest.len())].to_string()
}

#[test]
fn architecture_the_domain_and_docs_crates_name_no_storage_mail_or_keyring() {
    let domain = dependencies("domain/Cargo.toml");
    for banned in ["rusqlite", "printpdf", "lettre", "keyring", "dirs", "tauri", "overdue-core", "overdue-docs"] {
        assert!(!domain.contains(banned), "Architecture invariant: overdue-domain must not depend on {banned}");
    }
    let docs = dependencies("docs/Cargo.toml");
    for banned in ["rusqlite", "lettre", "keyring", "dirs", "tauri", "overdue-core"] {
        assert!(!docs.contains(banned), "Architecture invariant: overdue-docs must not depend on {banned}");
    }
    let core = dependencies("core/Cargo.toml");
    assert!(core.contains("overdue-domain") && core.contains("overdue-docs"), "overdue-core is built on the domain and docs crates");
    assert!(!core.contains("printpdf"), "Architecture invariant: PDF layout goes through overdue-docs, not printpdf in the core");
}

#[test]
fn architecture_rules_and_documents_touch_no_files_storage_or_clock() {
    for dir in ["domain/src", "docs/src"] {
        for p in rust_files(dir) {
            let src = code(&p);
            for banned in ["rusqlite", "Connection", "std::fs", "File::", "OpenOptions", "std::env", "Utc::now", "Local::now", "SystemTime"] {
                assert!(!src.contains(banned), "Architecture invariant: {} is a rule or a document and must not use {banned}", rel(&p));
            }
        }
    }
}

/// A call that runs SQL, or a string literal that is a statement.
fn sql_in(src: &str) -> Option<String> {
    for call in [".execute(", ".query_row(", ".prepare(", ".prepare_cached(", ".query_map(", ".execute_batch(", ".query("] {
        if src.contains(call) {
            return Some(call.to_string());
        }
    }
    for line in src.lines() {
        let Some(q) = line.find('"') else { continue };
        let lit = line[q + 1..].trim_start();
        for kw in ["SELECT ", "INSERT INTO", "INSERT OR", "UPDATE ", "DELETE FROM", "CREATE TABLE", "WITH RECURSIVE"] {
            if lit.starts_with(kw) {
                return Some(line.trim().to_string());
            }
        }
    }
    None
}

#[test]
fn architecture_sql_lives_only_in_the_store() {
    let store = root().join("core/src/store");
    let mut found = Vec::new();
    for dir in ["domain/src", "docs/src", "core/src", "cli/src", "src-tauri/src"] {
        for p in rust_files(dir) {
            if p.starts_with(&store) {
                continue;
            }
            if let Some(what) = sql_in(&code(&p)) {
                found.push(format!("{}: {what}", rel(&p)));
            }
        }
    }
    assert!(found.is_empty(), "Architecture invariant: SQL is written only under core/src/store/; found:\n{}", found.join("\n"));
    // The check itself finds SQL where it is.
    assert!(sql_in(&code(&store.join("ledger.rs"))).is_some());
}

/// The flows in their declared order (flows/mod.rs).
fn flow_order() -> Vec<String> {
    std::fs::read_to_string(root().join("core/src/flows/mod.rs"))
        .unwrap()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod ").and_then(|r| r.strip_suffix(';')).map(str::to_string))
        .collect()
}

/// The flows a source file names, by `crate::flows::x` or the root paths
/// `crate::x` that lib.rs keeps for the shells.
fn flows_named(src: &str, flows: &[String]) -> Vec<String> {
    flows
        .iter()
        .filter(|f| {
            [format!("crate::flows::{f}"), format!("crate::{f}::"), format!("crate::{f};"), format!("crate::{f}::{{")].iter().any(|p| {
                src.match_indices(p.as_str()).any(|(i, _)| !src[i + p.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_') || p.ends_with("::") || p.ends_with(';') || p.ends_with('{'))
            })
        })
        .cloned()
        .collect()
}

#[test]
fn architecture_flows_point_one_way_and_storage_calls_none() {
    let order = flow_order();
    assert!(order.len() >= 10 && order.contains(&"payments".to_string()), "flows/mod.rs lists the flows: {order:?}");
    for (i, f) in order.iter().enumerate() {
        let src = code(&root().join(format!("core/src/flows/{f}.rs")));
        for g in flows_named(&src, &order) {
            let j = order.iter().position(|x| *x == g).unwrap();
            assert!(j < i || g == *f, "Architecture invariant: the flow {f} imports {g}, which comes after it in flows/mod.rs");
        }
        for banned in ["crate::views", "crate::jobs", "crate::report", "crate::steer"] {
            assert!(!src.contains(banned), "Architecture invariant: the flow {f} uses {banned}; flows sit below views and jobs");
        }
    }
    for p in rust_files("core/src/store").into_iter().chain(rust_files("core/src/io")) {
        let src = code(&p);
        assert!(flows_named(&src, &order).is_empty(), "Architecture invariant: {} (store or io) calls a flow", rel(&p));
        for banned in ["crate::views", "crate::jobs", "crate::report", "crate::steer", "crate::io::mail", "crate::mail"] {
            assert!(!src.contains(banned), "Architecture invariant: {} (store or io) uses {banned}", rel(&p));
        }
    }
}

#[test]
fn architecture_views_never_write() {
    for p in rust_files("core/src/views") {
        let src = code(&p);
        for banned in ["&mut Connection", "transaction(", "append_event", "sweep::run", "::insert", "::set_", "::update_", "::record", "crate::jobs"] {
            assert!(!src.contains(banned), "Architecture invariant: {} is a view and must not write ({banned})", rel(&p));
        }
    }
}

#[test]
fn architecture_no_source_file_passes_800_lines() {
    let mut long = Vec::new();
    for dir in ["domain", "docs", "core", "cli", "src-tauri/src", "tests", "ui", "scripts"] {
        for p in files(&root().join(dir), &["rs", "js", "css", "html", "sh"]) {
            let n = std::fs::read_to_string(&p).unwrap().lines().count();
            if n > 800 {
                long.push(format!("{} has {n} lines", rel(&p)));
            }
        }
    }
    assert!(long.is_empty(), "Architecture invariant: no source file passes 800 lines; split by job:\n{}", long.join("\n"));
}

#[test]
fn architecture_only_the_clock_module_reads_the_clock() {
    for dir in ["domain/src", "docs/src", "core/src", "cli/src", "src-tauri/src"] {
        for p in rust_files(dir) {
            if p.ends_with("core/src/clock.rs") {
                continue;
            }
            let src = code(&p);
            for banned in ["Utc::now()", "Local::now()", "SystemTime::now()"] {
                assert!(!src.contains(banned), "Architecture invariant: {} reads the clock ({banned}); use overdue_core::clock or the Ctx it builds", rel(&p));
            }
        }
    }
}

#[test]
fn architecture_the_command_line_links_no_window_libraries() {
    let deps = dependencies("cli/Cargo.toml");
    for banned in ["tauri", "wry", "webkit", "gtk", "\"overdue\"", "path = \"../src-tauri\""] {
        assert!(!deps.contains(banned), "Architecture invariant: the CLI must not depend on {banned}");
    }
    for p in rust_files("cli/src") {
        assert!(!code(&p).contains("tauri"), "Architecture invariant: {} uses tauri", rel(&p));
    }
}

#[test]
fn architecture_no_query_reads_stored_json_by_field_name() {
    for dir in ["core/src", "domain/src", "docs/src"] {
        for p in rust_files(dir) {
            if p.ends_with("core/src/store/db.rs") {
                continue; // released migrations are frozen text
            }
            assert!(!code(&p).contains("json_extract"), "Architecture invariant: {} reads a field of stored JSON in SQL; make it a column", rel(&p));
        }
    }
}

#[test]
fn architecture_migrations_never_call_todays_code() {
    let src = code(&root().join("core/src/store/db.rs"));
    for banned in ["crate::ladder", "crate::template", "seed_defaults", "default_text", "DEFAULT_LADDER", "crate::flows"] {
        assert!(!src.contains(banned), "Architecture invariant: a released migration must not call today's code ({banned}); write its seed data out");
    }
}

#[test]
fn architecture_views_move_through_the_router_never_app_js() {
    let dir = root().join("ui/js");
    let mut list: Vec<PathBuf> = std::fs::read_dir(dir.join("views")).unwrap().map(|e| e.unwrap().path()).collect();
    list.extend(std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file() && !p.ends_with("app.js")));
    for p in list.iter().filter(|p| p.extension().is_some_and(|x| x == "js")) {
        let src = std::fs::read_to_string(p).unwrap();
        assert!(!src.contains("app.js'"), "Architecture invariant: {} imports app.js; use router.js (go) and shell.js (refreshInfo)", rel(p));
    }
}

#[test]
fn architecture_the_tidy_checks_catch_what_they_look_for() {
    // Each check, fed a line it must refuse, refuses it.
    assert!(sql_in("let n: i64 = conn.query_row(\"SELECT 1\", [], |r| r.get(0))?;").is_some());
    assert!(sql_in("const Q: &str = \"SELECT id FROM clients\";").is_some());
    assert!(sql_in("let s = \"Selected invoices\";").is_none());
    let order = vec!["chase".to_string(), "agreement".to_string()];
    assert_eq!(flows_named("use crate::flows::agreement::Agreement;", &order), vec!["agreement".to_string()]);
    assert_eq!(flows_named("crate::chase::prepare(conn)", &order), vec!["chase".to_string()]);
    assert!(flows_named("crate::store::agreements::get", &order).is_empty());
}
