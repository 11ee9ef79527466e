//! Benchmark: 20,000 clients and 100,000 invoices. Prints CSV import
//! throughput beside sqlite3's own `.import` of the same file (into a table
//! with a unique invoice number and two indexes) in the same run, the
//! import's peak memory (a fresh process: this bench run again as a child),
//! the re-import of the same file, aging summary time, first overdue page time, the Today list,
//! composing a reminder, a statement PDF, and the database file size. Figures only, no assertions: `cargo bench -p overdue-core`.

use chrono::{Duration, NaiveDate};
use overdue_core::import::{self, ImportOptions};
use overdue_core::report::{self, ClientQuery, InvoiceQuery, SortBy, Status};
use overdue_core::{chase, db, ledger, letter};
use std::fmt::Write;
use std::time::Instant;

const CLIENTS: usize = 20_000;
const INVOICES: usize = 100_000;

/// Peak resident memory of this process so far (VmHWM), in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|k| k.parse::<f64>().ok()).unwrap_or(0.0) / 1024.0
}

/// The child: imports FILE into a new database at DB, prints its peak memory.
fn child_import(file: &str, db_path: &str) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let base = peak_mib();
    let (mut conn, _) = db::open(std::path::Path::new(db_path)).unwrap();
    let bytes = import::read_file(std::path::Path::new(file)).unwrap();
    let t = Instant::now();
    let r = import::commit(&mut conn, &bytes, file, &ImportOptions::default(), today).unwrap();
    println!("{} {:.3} {:.1} {:.1}", r.created, t.elapsed().as_secs_f64(), peak_mib(), base);
}

/// sqlite3's own CSV import of `file` into a table with a unique invoice
/// number and two indexes: seconds, or None without the sqlite3 tool.
fn sqlite3_import(file: &std::path::Path, dir: &std::path::Path) -> Option<f64> {
    use std::io::Write as _;
    let db = dir.join("sqlite3-import.sqlite");
    let _ = std::fs::remove_file(&db);
    let script = format!(
        "CREATE TABLE invoices (number TEXT NOT NULL UNIQUE, client TEXT, email TEXT, issue TEXT, due TEXT, total TEXT, paid TEXT, currency TEXT);\n\
         CREATE INDEX invoices_client ON invoices(client);\nCREATE INDEX invoices_due ON invoices(due);\n\
         .import --csv --skip 1 {} invoices\n",
        file.display()
    );
    let t = Instant::now();
    let mut child = std::process::Command::new("sqlite3").arg(&db).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::null()).spawn().ok()?;
    child.stdin.take()?.write_all(script.as_bytes()).ok()?;
    let ok = child.wait().ok()?.success();
    let secs = t.elapsed().as_secs_f64();
    ok.then_some(secs)
}

fn main() {
    if let (Ok(file), Ok(db_path)) = (std::env::var("OVERDUE_BENCH_CHILD_FILE"), std::env::var("OVERDUE_BENCH_CHILD_DB")) {
        return child_import(&file, &db_path);
    }
    // The views alone, on a database kept by an earlier run (OVERDUE_BENCH_KEEP).
    if let Ok(db_path) = std::env::var("OVERDUE_BENCH_DB") {
        let (mut conn, _) = db::open(std::path::Path::new(&db_path)).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ctx = chase::Ctx { today, now: today.and_hms_opt(12, 0, 0).unwrap().and_utc(), docs_dir: dir.path().join("documents") };
        return views(&mut conn, &ctx);
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let csv = make_csv(today);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite");
    let (mut conn, _) = db::open(&path).unwrap();
    println!("Overdue benchmark: {CLIENTS} clients, {INVOICES} invoices ({:.1} MB of CSV)", csv.len() as f64 / 1e6);

    let t = Instant::now();
    let preview = import::preview(&conn, csv.as_bytes(), "bench.csv", &ImportOptions::default()).unwrap();
    let preview_s = t.elapsed().as_secs_f64();
    assert!(preview.ready, "{:?}", &preview.problems[..preview.problems.len().min(5)]);
    let t = Instant::now();
    let r = import::commit(&mut conn, csv.as_bytes(), "bench.csv", &ImportOptions::default(), today).unwrap();
    let import_s = t.elapsed().as_secs_f64();
    println!("import preview (check only)  {:>9.0} rows/s  ({:.2} s)", INVOICES as f64 / preview_s, preview_s);
    println!("import commit (check+write)  {:>9.0} rows/s  ({:.2} s; {} invoices, {} clients, {} payments)", INVOICES as f64 / import_s, import_s, r.created, r.new_clients, r.payments);

    let t = Instant::now();
    let again = import::commit(&mut conn, csv.as_bytes(), "bench.csv", &ImportOptions::default(), today).unwrap();
    let again_s = t.elapsed().as_secs_f64();
    println!("re-import, the same file     {:>9.3} s  ({}; the history knows the file)", again_s, if again.already_imported { "nothing changed" } else { "CHANGED" });
    // The same content saved again (another file to the history): checked row by row.
    let resaved = format!("{csv}\n");
    let t = Instant::now();
    let again = import::commit(&mut conn, resaved.as_bytes(), "bench-resaved.csv", &ImportOptions::default(), today).unwrap();
    let again_s = t.elapsed().as_secs_f64();
    println!("re-import, unchanged content {:>9.3} s  ({} unchanged, {} new, {} updated)", again_s, again.unchanged, again.created, again.updated);

    // Side by side with sqlite3's .import, and the import's peak memory in a fresh process.
    let file = dir.path().join("bench.csv");
    std::fs::write(&file, &csv).unwrap();
    match sqlite3_import(&file, dir.path()) {
        Some(s3) => println!("sqlite3 .import, same file   {:>9.0} rows/s  ({:.2} s; Overdue's commit took {:.2}× as long)", INVOICES as f64 / s3, s3, import_s / s3),
        None => println!("sqlite3 .import              (no sqlite3 tool on this machine)"),
    }
    if let Ok(me) = std::env::current_exe() {
        let child_db = dir.path().join("child.sqlite");
        let out = std::process::Command::new(me).env("OVERDUE_BENCH_CHILD_FILE", &file).env("OVERDUE_BENCH_CHILD_DB", &child_db).output().unwrap();
        let line = String::from_utf8_lossy(&out.stdout);
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() == 4 {
            println!("import in a fresh process    {:>9} s  (peak memory {} MiB; {} MiB before the import)", f[1], f[2], f[3]);
        }
    }

    conn.execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    let aging = time_it(|| {
        report::aging(&conn, today).unwrap();
    });
    println!("aging summary                {:>9.2} ms  (median of 15; min {:.2})", aging.0, aging.1);
    let q = InvoiceQuery { status: Status::Overdue, sort: SortBy::DaysOverdue, limit: 50, ..Default::default() };
    let page = time_it(|| {
        report::invoices(&conn, &q, today).unwrap();
    });
    println!("overdue list, first 50       {:>9.2} ms  (median of 15; min {:.2}; count included)", page.0, page.1);
    let q2 = InvoiceQuery { status: Status::Overdue, sort: SortBy::Outstanding, limit: 50, ..Default::default() };
    let page2 = time_it(|| {
        report::invoices(&conn, &q2, today).unwrap();
    });
    println!("overdue list by outstanding  {:>9.2} ms  (median of 15; min {:.2})", page2.0, page2.1);
    let q3 = InvoiceQuery { status: Status::Overdue, search: "Client 1234".into(), limit: 50, ..Default::default() };
    let page3 = time_it(|| {
        report::invoices(&conn, &q3, today).unwrap();
    });
    println!("overdue list, search         {:>9.2} ms  (median of 15; min {:.2})", page3.0, page3.1);
    let cq = ClientQuery { limit: 50, ..Default::default() };
    let clients = time_it(|| {
        report::clients(&conn, &cq, today).unwrap();
    });
    println!("client list, first 50        {:>9.2} ms  (median of 15; min {:.2})", clients.0, clients.1);
    let id = ledger::find_client(&conn, "Client 00042").unwrap().id;
    let detail = time_it(|| {
        report::client_detail(&conn, id, today).unwrap();
    });
    println!("one client's page            {:>9.2} ms  (median of 15; min {:.2})", detail.0, detail.1);
    let mut b = ledger::business(&conn).unwrap();
    b.trading_name = "Bench Ltd".into();
    b.address = "1 High St".into();
    ledger::update_business(&conn, &b).unwrap();
    let ctx = chase::Ctx { today, now: today.and_hms_opt(12, 0, 0).unwrap().and_utc(), docs_dir: dir.path().join("documents") };
    views(&mut conn, &ctx);
    let compose = time_it(|| {
        chase::compose(&conn, &ctx, &chase::ComposeInput { client_id: id, ..Default::default() }).unwrap();
    });
    println!("compose a reminder           {:>9.2} ms  (median of 15; min {:.2})", compose.0, compose.1);
    let statement = time_it(|| {
        letter::pdf(&conn, &ctx, &letter::LetterRequest { client_id: id, kind: "statement".into(), ..Default::default() }).unwrap();
    });
    println!("statement of account PDF     {:>9.2} ms  (median of 15; min {:.2})", statement.0, statement.1);
    if let Ok(keep) = std::env::var("OVERDUE_BENCH_KEEP") {
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
        std::fs::copy(&path, keep).unwrap();
    }
    drop(conn);
    let size = std::fs::metadata(&path).unwrap().len();
    println!("database file size           {:>9.1} MB  ({} bytes)", size as f64 / 1_048_576.0, size);
}

/// Today and the dashboard's numbers to steer by: what the window asks for
/// first, at 100,000 invoices.
fn views(conn: &mut rusqlite::Connection, ctx: &chase::Ctx) {
    let today = ctx.today;
    let t = Instant::now();
    overdue_core::sweep::run(conn, ctx).unwrap();
    println!("sweep before Today, first    {:>9.2} ms", t.elapsed().as_secs_f64() * 1000.0);
    let sweep = time_it(|| {
        overdue_core::sweep::run(conn, ctx).unwrap();
    });
    println!("sweep before Today, again    {:>9.2} ms  (median of 15; min {:.2}; nothing new to do)", sweep.0, sweep.1);
    let conn: &rusqlite::Connection = conn;
    let items = chase::today(conn, ctx).unwrap().items.len();
    let today_t = time_it(|| {
        chase::today(conn, ctx).unwrap();
    });
    println!("Today list ({items:>5} items)     {:>9.2} ms  (median of 15; min {:.2}; the whole list, every invoice written out)", today_t.0, today_t.1);
    let lean_t = time_it(|| {
        chase::today_lean(conn, ctx).unwrap();
    });
    println!("Today, as the window keeps it {:>8.2} ms  (median of 15; min {:.2}; invoices written out per page)", lean_t.0, lean_t.1);
    let q = chase::TodayQuery { limit: 50, ..Default::default() };
    let page = chase::today_page(conn, ctx, &q).unwrap();
    let json = serde_json::to_string(&page).unwrap().len();
    let page_t = time_it(|| {
        chase::today_page(conn, ctx, &q).unwrap();
    });
    println!("Today, first page of 50      {:>9.2} ms  (median of 15; min {:.2}; {:.0} KB of JSON to the window)", page_t.0, page_t.1, json as f64 / 1024.0);
    let mut cache = chase::TodayCache::default();
    cache.page(conn, ctx, &q).unwrap();
    let mut k = 0;
    let next_t = time_it(|| {
        k += 1;
        cache.page(conn, ctx, &chase::TodayQuery { offset: 50 * (k % 40), limit: 50, ..Default::default() }).unwrap();
    });
    println!("Today, another page (kept)   {:>9.2} ms  (median of 15; min {:.2}; nothing changed since the first)", next_t.0, next_t.1);
    let steer_t = time_it(|| {
        overdue_core::steer::steering(conn, today).unwrap();
    });
    println!("numbers to steer by          {:>9.2} ms  (median of 15; min {:.2}; dashboard section)", steer_t.0, steer_t.1);
    let dates: Vec<NaiveDate> = (0..13).map(|k| today - Duration::days(30 * k)).collect();
    let aged_t = time_it(|| {
        overdue_core::steer::overdue_aged(conn, "GBP", &dates).unwrap();
    });
    println!("  of which overdue by age    {:>9.2} ms  (median of 15; min {:.2}; 13 dates)", aged_t.0, aged_t.1);
}

fn time_it(mut f: impl FnMut()) -> (f64, f64) {
    f();
    let mut v: Vec<f64> = (0..15)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (v[v.len() / 2], v[0])
}

/// A Xero-like export: invoices over the last 300 days, a third part-paid.
fn make_csv(today: NaiveDate) -> String {
    let mut s = String::with_capacity(INVOICES * 110);
    s.push_str("Invoice Number,Customer,Email,Invoice Date,Due Date,Total,Amount Paid,Currency\n");
    let mut x: u64 = 0x9E3779B97F4A7C15;
    for i in 0..INVOICES {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let client = (x % CLIENTS as u64) as usize;
        let age = (x >> 20) % 300;
        let issue = today - Duration::days(age as i64);
        let due = issue + Duration::days(30);
        let pence = 5_000 + (x >> 32) % 500_000;
        let paid = if i % 3 == 0 { pence / 3 } else { 0 };
        let _ = writeln!(
            s,
            "INV-{i:06},Client {client:05},client{client}@example.com,{},{},{}.{:02},{}.{:02},GBP",
            issue.format("%Y-%m-%d"),
            due.format("%Y-%m-%d"),
            pence / 100,
            pence % 100,
            paid / 100,
            paid % 100
        );
    }
    s
}
