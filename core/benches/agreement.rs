//! Benchmark: rendering the agreement PDF (a typical 3–4 page plan, a
//! 60-instalment plan, and a client name in Chinese, which embeds the CJK
//! fallback font) and the file sizes. Figures only:
//! `cargo bench -p overdue-core --bench agreement`.

use chrono::NaiveDate;
use overdue_core::agreement::{self, DraftInput};
use overdue_core::chase::Ctx;
use overdue_core::model::{Business, ClientInput, InvoiceInput};
use overdue_core::negotiation::{self, AgreeInput, CaseInput};
use overdue_core::{db, ledger};
use std::time::Instant;

fn setup(name: &str, amount: &str, offer: &str) -> (overdue_core::rusqlite::Connection, i64, tempfile::TempDir) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut conn, _) = db::open(&dir.path().join("b.sqlite")).unwrap();
    ledger::update_business(
        &conn,
        &Business { trading_name: "Bench".into(), legal_name: "Bench Ltd".into(), address: "1 Road\nTown".into(), country: "GB".into(), currency: "GBP".into(), payment_details: "Sort code 00-00-00".into(), signatory_name: "A Person".into(), signatory_title: "Director".into(), ..Default::default() },
    )
    .unwrap();
    let client = ledger::create_client(&mut conn, &ClientInput { name: name.into(), kind: "company".into(), address: "2 Street\nCity".into(), ..Default::default() }, chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap().id;
    for i in 0..6 {
        ledger::create_invoice(&mut conn, &InvoiceInput { number: format!("B-{i}"), client_id: client, issue_date: "2026-06-01".into(), due_date: "2026-07-01".into(), amount: amount.into(), ..Default::default() }, today).unwrap();
    }
    let ctx = Ctx { today, now: today.and_hms_opt(12, 0, 0).unwrap().and_utc(), docs_dir: dir.path().join("documents") };
    negotiation::save_case(&mut conn, &ctx, &CaseInput { client_id: client, capacity: "2000".into(), ..Default::default() }).unwrap();
    let input = if offer.is_empty() {
        AgreeInput { client_id: client, option_key: "plan_monthly".into(), ..Default::default() }
    } else {
        AgreeInput { client_id: client, offer: offer.into(), override_reason: "bench".into(), ..Default::default() }
    };
    negotiation::agree(&mut conn, &ctx, &input).unwrap();
    let id = agreement::draft(&mut conn, &ctx, &DraftInput { client_id: client, ..Default::default() }).unwrap().agreement.id;
    (conn, id, dir)
}

fn main() {
    println!("Agreement PDF benchmark (median of 30 runs, one core; fonts parsed once per process)");
    for (label, name, amount, offer) in [
        ("typical plan", "Northwind Traders", "1234.56", ""),
        ("60 monthly instalments", "Longplan Ltd", "1000.00", "£100 a month"),
        ("client name in Chinese", "北京长城贸易有限公司", "1234.56", ""),
    ] {
        let (conn, id, _dir) = setup(name, amount, offer);
        let t0 = Instant::now();
        let first = agreement::pdf_of(&conn, id).unwrap();
        let cold = t0.elapsed().as_secs_f64() * 1e3;
        // Pages as poppler counts them, when it is installed.
        let tmp = _dir.path().join("p.pdf");
        std::fs::write(&tmp, &first).unwrap();
        let pages = std::process::Command::new("pdfinfo")
            .arg(&tmp)
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).lines().find(|l| l.starts_with("Pages:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<usize>().ok()))
            .unwrap_or(0);
        let mut v: Vec<f64> = (0..30)
            .map(|_| {
                let t = Instant::now();
                let b = agreement::pdf_of(&conn, id).unwrap();
                assert!(!b.is_empty());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let ctx = Ctx { today, now: today.and_hms_opt(12, 0, 0).unwrap().and_utc(), docs_dir: _dir.path().join("documents") };
        let a = agreement::get(&conn, &ctx, id).unwrap();
        println!(
            "{label:<24} {:>3} instalments  {:>7.1} ms (first {:>5.1} ms)  {:>6.1} KB{}",
            a.content.instalments.len(),
            v[15],
            cold,
            first.len() as f64 / 1024.0,
            if pages > 0 { format!("  ({pages} pages)") } else { String::new() }
        );
    }
}
