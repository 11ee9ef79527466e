//! The window at scale, through the real window (tauri-driver, Xvfb): how
//! long Today's first screen takes from the app's start, how many bytes
//! Today's first page is, and the memory (PSS) of the app and its WebKit
//! processes on Today and on the dashboard. Figures only, no assertions.
//!
//!   OVERDUE_BENCH_KEEP=/tmp/bench.sqlite cargo bench -p overdue-core --bench ledger   (makes the 100,000-invoice file once)
//!   OVERDUE_BENCH_DB=/tmp/bench.sqlite cargo bench -p overdue-acceptance --bench window
//!
//! Without OVERDUE_BENCH_DB it measures the demo business (150 invoices).
//! The app is the release build (`cargo build --release --workspace` first).

use overdue_acceptance::{cli_ok, Gui};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-23";

/// PSS in MiB of every process of the app: the launcher, the window and
/// WebKit's web and network processes (not the test's WebKitWebDriver).
fn app_pss_mib() -> (f64, Vec<(String, f64)>) {
    let mut parts = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let pid = e.file_name();
        let Some(pid) = pid.to_str().filter(|p| p.chars().all(|c| c.is_ascii_digit())) else { continue };
        let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        let name = if cmd.contains("overdue-window") {
            "overdue-window"
        } else if cmd.contains("WebKitWebProcess") {
            "WebKitWebProcess"
        } else if cmd.contains("WebKitNetworkProcess") {
            "WebKitNetworkProcess"
        } else if cmd.split_whitespace().next().is_some_and(|c| c.ends_with("/overdue")) {
            "overdue (launcher)"
        } else {
            continue;
        };
        let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let kb: f64 = rollup.lines().find(|l| l.starts_with("Pss:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()).unwrap_or(0.0);
        parts.push((name.to_string(), kb / 1024.0));
    }
    (parts.iter().map(|p| p.1).sum(), parts)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let release = root.join("target/release/overdue");
    if !release.exists() {
        eprintln!("build the release app first: cargo build --release --workspace");
        return;
    }
    std::env::set_var("OVERDUE_APP_BIN", &release);
    let dir = tempfile::tempdir().unwrap();
    let db = match std::env::var_os("OVERDUE_BENCH_DB") {
        Some(p) => {
            // A copy: the window migrates and sweeps the file it opens.
            let to = dir.path().join("bench.sqlite");
            std::fs::copy(&p, &to).expect("copy OVERDUE_BENCH_DB");
            to
        }
        None => {
            let to = dir.path().join("demo.sqlite");
            cli_ok(&to, TODAY, &["demo"]);
            to
        }
    };
    let invoices = overdue_core::db::open(&db).map(|(c, _)| c.query_row("SELECT COUNT(*) FROM invoices", [], |r| r.get::<_, i64>(0)).unwrap_or(0)).unwrap_or(0);
    println!("window bench: {} invoices ({})", invoices, db.display());
    for run in 1..=2 {
        let t = Instant::now();
        let gui = Gui::start(&db, TODAY, &[("OVERDUE_NO_OPEN", "1"), ("OVERDUE_NO_KEYRING", "1")]).await;
        let session = t.elapsed();
        // Today's first screen: its first row drawn.
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let ok = gui.js("return !!document.querySelector('#today-list .today-item, #today-list li.empty');").await;
            if ok == true || Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let first_screen = t.elapsed();
        let page = gui.js("const p = performance.getEntriesByType('paint').map((e) => [e.name, Math.round(e.startTime)]); const m = performance.getEntriesByName('today-drawn'); return { paint: p, today: m.length ? Math.round(m[0].startTime) : null, rows: document.querySelectorAll('#today-list .today-item').length, nodes: document.getElementsByTagName('*').length };").await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let (today_pss, parts) = app_pss_mib();
        gui.js("location.hash = '#/dashboard'; return true;").await;
        let t2 = Instant::now();
        gui.wait("#dashboard #steering").await;
        let dash = t2.elapsed();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let (dash_pss, _) = app_pss_mib();
        println!(
            "run {run}: WebDriver session (app started) {:.0} ms; Today's first screen {:.0} ms from the start (page's own clock: Today drawn at {} ms, paints {}); {} rows, {} elements",
            session.as_secs_f64() * 1000.0,
            first_screen.as_secs_f64() * 1000.0,
            page["today"],
            page["paint"],
            page["rows"],
            page["nodes"]
        );
        println!("run {run}: PSS on Today {today_pss:.0} MiB ({}); on the dashboard {dash_pss:.0} MiB (drawn in {:.0} ms)", parts.iter().map(|(n, m)| format!("{n} {m:.0}")).collect::<Vec<_>>().join(", "), dash.as_secs_f64() * 1000.0);
        gui.stop().await;
    }
}
