//! Benchmark: generating the options for a case and computing a
//! 60-instalment schedule with interest. Figures only:
//! `cargo bench -p overdue-core --bench negotiation`.

use chrono::NaiveDate;
use overdue_core::chase::Ctx;
use overdue_core::model::{Business, ClientInput, InvoiceInput};
use overdue_core::negotiation::{self, CaseInput};
use overdue_core::schedule::{self, Frequency};
use overdue_core::{db, ledger};
use rust_decimal::Decimal;
use std::time::Instant;

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut conn = db::open_in_memory().unwrap();
    ledger::update_business(&conn, &Business { trading_name: "Bench".into(), country: "GB".into(), currency: "GBP".into(), ..Default::default() }).unwrap();
    let client = ledger::create_client(&mut conn, &ClientInput { name: "Debtor".into(), kind: "company".into(), ..Default::default() }, chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap().id;
    for i in 0..5 {
        ledger::create_invoice(&mut conn, &InvoiceInput { number: format!("B-{i}"), client_id: client, issue_date: "2026-06-01".into(), due_date: "2026-07-01".into(), amount: "2345.67".into(), ..Default::default() }, today).unwrap();
    }
    let ctx = Ctx { today, now: today.and_hms_opt(12, 0, 0).unwrap().and_utc(), docs_dir: std::env::temp_dir() };
    let case = negotiation::case(&conn, &ctx, &CaseInput { client_id: client, capacity: "400".into(), ..Default::default() }).unwrap();
    let first = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
    let n = 2_000;
    let (opts, t_opts) = time(n, || negotiation::options(&case).unwrap().options.len());
    let (len, t_sched) = time(n, || schedule::build(1_172_835, &schedule::dates(first, Frequency::Monthly, 60), Frequency::Monthly, Decimal::new(795, 2)).unwrap().len());
    let (_, t_check) = time(n, || negotiation::check(&case, "£500 now and £150 a fortnight from 2027-01-15").unwrap().acceptable);
    let (_, t_case) = time(200, || negotiation::case(&conn, &ctx, &CaseInput { client_id: client, capacity: "400".into(), ..Default::default() }).unwrap().total.amount.len());
    println!("Negotiation benchmark (median of {n} runs, one core)");
    println!("options for a case ({opts} offers)      {:>8.1} µs", t_opts);
    println!("60-instalment schedule with interest    {:>8.1} µs  ({len} rows)", t_sched);
    println!("check a typed counter-offer              {:>8.1} µs", t_check);
    println!("load the case from SQLite (5 invoices)   {:>8.1} µs", t_case);
}

fn time<T>(n: usize, mut f: impl FnMut() -> T) -> (T, f64) {
    let mut last = f();
    let mut v: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            last = f();
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (last, v[n / 2])
}
