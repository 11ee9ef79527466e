//! Benchmark: a 10,000-line bank statement (CSV, a UK bank's layout)
//! imported and matched against 100,000 invoices of 20,000 clients. Half
//! the receipts quote an invoice number (paid at once), a fifth name only
//! the payer, some quote nothing Overdue knows, a tenth are money out.
//! Prints the dry run, the real import, the same file again (nothing new),
//! the Bank screen's review list, and peak memory. Figures only, no
//! assertions: `cargo bench -p overdue-core --bench bank`.

use chrono::{Duration, NaiveDate};
use overdue_core::bank::{self, BankImportOptions};
use overdue_core::chase::Ctx;
use overdue_core::import::{self, ImportOptions};
use overdue_core::views::bank as view;
use overdue_core::db;
use std::fmt::Write;
use std::time::Instant;

const CLIENTS: usize = 20_000;
const INVOICES: usize = 100_000;
const LINES: usize = 10_000;

fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|k| k.parse::<f64>().ok()).unwrap_or(0.0) / 1024.0
}

const SYL: [&str; 24] = ["ka", "lo", "mar", "ven", "tis", "dor", "bel", "rin", "sa", "qu", "no", "fel", "gra", "hul", "jen", "pra", "wes", "zon", "cor", "di", "ly", "mo", "ner", "tu"];

/// A client's name, different for every client ("Kalomar Trading").
fn name(c: usize) -> String {
    let w = |n: usize| -> String {
        let s = format!("{}{}{}", SYL[n % 24], SYL[(n / 24) % 24], SYL[(n / 576) % 24]);
        let mut ch = s.chars();
        ch.next().map(|f| f.to_uppercase().collect::<String>() + ch.as_str()).unwrap_or_default()
    };
    let trade = ["Trading", "Builders", "Studio", "Joinery", "Electrical", "Bakery", "Design", "Logistics"][c % 8];
    format!("{} {trade} Ltd", w(c * 7 + 3))
}

struct Inv {
    client: usize,
    pence: u64,
}

fn make_invoices(today: NaiveDate) -> (String, Vec<Inv>) {
    let mut s = String::with_capacity(INVOICES * 110);
    let mut all = Vec::with_capacity(INVOICES);
    s.push_str("Invoice Number,Customer,Email,Invoice Date,Due Date,Total,Amount Paid,Currency\n");
    let mut x: u64 = 0x9E3779B97F4A7C15;
    for i in 0..INVOICES {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let client = (x % CLIENTS as u64) as usize;
        let issue = today - Duration::days(((x >> 20) % 300) as i64 + 10);
        let pence = 5_000 + (x >> 32) % 500_000;
        let _ = writeln!(s, "INV-{i:06},{},c{client}@example.com,{},{},{}.{:02},0.00,GBP", name(client), issue.format("%Y-%m-%d"), (issue + Duration::days(30)).format("%Y-%m-%d"), pence / 100, pence % 100);
        all.push(Inv { client, pence });
    }
    (s, all)
}

fn make_statement(today: NaiveDate, invoices: &[Inv]) -> String {
    let mut s = String::with_capacity(LINES * 100);
    s.push_str("Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance\n");
    let mut balance: u64 = 10_000_000;
    for k in 0..LINES {
        let day = today - Duration::days((k % 60) as i64);
        let date = day.format("%d/%m/%Y");
        let i = (k * 7919) % INVOICES;
        let inv = &invoices[i];
        let (text, debit, credit) = match k % 20 {
            0 | 1 => (format!("CARD PAYMENT SUPPLIER {k}"), 1234 + k as u64, 0),
            2..=11 => (format!("{} INV-{i:06}", name(inv.client).to_uppercase()), 0, inv.pence),
            12..=15 => (format!("{} PAYMENT", name(inv.client).to_uppercase()), 0, inv.pence),
            16 => (format!("INV{i:06} PART"), 0, inv.pence / 2),
            _ => (format!("TRANSFER FROM J SMITH {k}"), 0, 2_500 + k as u64),
        };
        balance = balance + credit - debit;
        let cell = |p: u64| if p == 0 { String::new() } else { format!("{}.{:02}", p / 100, p % 100) };
        let _ = writeln!(s, "{date},FPI,'20-45-77,43819265,{text},{},{},{}.{:02}", cell(debit), cell(credit), balance / 100, balance % 100);
    }
    s
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("bench-bank.sqlite");
    let (csv, invoices) = make_invoices(today);
    let (mut conn, _) = db::open(&db_path).unwrap();
    let t = Instant::now();
    let r = import::commit(&mut conn, csv.as_bytes(), "invoices.csv", &ImportOptions::default(), today).unwrap();
    println!("setup: {} invoices of {} clients imported in {:.2} s", r.created, CLIENTS, t.elapsed().as_secs_f64());
    let statement = make_statement(today, &invoices);
    let file = dir.path().join("statement.csv");
    std::fs::write(&file, &statement).unwrap();
    println!("statement: {LINES} lines, {:.1} MB", statement.len() as f64 / 1e6);
    let ctx = Ctx::new(today, true, &db_path);
    let base = peak_mib();

    let t = Instant::now();
    let dry = bank::import_file(&mut conn, &ctx, &file, &BankImportOptions { dry_run: true, ..Default::default() }).unwrap();
    let dry_s = t.elapsed().as_secs_f64();
    println!("dry run:            {dry_s:.3} s  ({:.0} lines/s) — {} would be paid at once, {} suggested, {} to review, {} ignored", LINES as f64 / dry_s, dry.matched, dry.suggested, dry.unmatched, dry.ignored);

    let t = Instant::now();
    let real = bank::import_file(&mut conn, &ctx, &file, &BankImportOptions::default()).unwrap();
    let real_s = t.elapsed().as_secs_f64();
    println!("import and match:   {real_s:.3} s  ({:.0} lines/s) — {} paid at once, {} suggested, {} to review, {} ignored", LINES as f64 / real_s, real.matched, real.suggested, real.unmatched, real.ignored);

    let t = Instant::now();
    let again = bank::import_file(&mut conn, &ctx, &file, &BankImportOptions::default()).unwrap();
    println!("same file again:    {:.3} s  — {}", t.elapsed().as_secs_f64(), again.message);

    let t = Instant::now();
    let v = view::lines(&conn, Some("review"), 500).unwrap();
    println!("Bank screen (to review, first 500 of {}): {:.3} s", v.counts.suggested + v.counts.unmatched, t.elapsed().as_secs_f64());
    println!("peak memory: {:.1} MiB (before the statement: {base:.1} MiB)", peak_mib());
    println!("database: {:.1} MB", std::fs::metadata(&db_path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6);
}
