//! The numbers to steer by, against a hand-computed example: overdue over
//! time, DSO, recovery rate per month, the six-month forecast from an active
//! agreement, and cases by state.

mod common;

use common::*;
use overdue_core::agreement::{self, CountersignInput, SignInput};
use overdue_core::model::{ClientInput, InvoiceInput, PaymentInput};
use overdue_core::{ledger, steer};

#[test]
fn the_dashboard_numbers_match_a_hand_computed_example() {
    // Forecast Ltd owes INV-001 £1,200 (due 1 Sep) and agreed "£300 a month starting 15 December".
    let mut c = case_with("Forecast Ltd", &["1200.00"], "", "£300 a month starting 2026-12-15");
    let id = draft(&mut c).agreement.id;
    let scan = c.dir.path().join("s.pdf");
    std::fs::write(&scan, b"%PDF-1.4\n").unwrap();
    agreement::record_signed(&mut c.conn, &c.ctx, &SignInput { id, file: scan.display().to_string(), date: TODAY.into(), by: String::new() }).unwrap();
    let a = agreement::countersign(&mut c.conn, &c.ctx, &CountersignInput { id, date: TODAY.into(), ..Default::default() }).unwrap();
    let dates: Vec<&str> = a.content.instalments.iter().map(|l| l.due_date.as_str()).collect();
    assert_eq!(dates, ["2026-12-15", "2027-01-15", "2027-02-15", "2027-03-15"]);
    // £100 today: it goes to the first instalment.
    overdue_core::payments::record_typed(&mut c.conn, &PaymentInput { client_id: c.client, date: TODAY.into(), amount: "100".into(), currency: "GBP".into(), ..Default::default() }, d(TODAY)).unwrap();

    // Another client: A-1 £1,000 (issued 1 Aug, due 1 Sep), A-2 £500 (issued 10 Oct, due 10 Nov), £300 paid on 15 Oct.
    let other = ledger::create_client(&mut c.conn, &ClientInput { name: "Another Co".into(), kind: "company".into(), ..Default::default() }, d(TODAY)).unwrap().id;
    for (n, issue, due, amount) in [("A-1", "2026-08-01", "2026-09-01", "1000.00"), ("A-2", "2026-10-10", "2026-11-10", "500.00")] {
        ledger::create_invoice(&mut c.conn, &InvoiceInput { number: n.into(), client_id: other, issue_date: issue.into(), due_date: due.into(), amount: amount.into(), ..Default::default() }, d(TODAY)).unwrap();
    }
    overdue_core::payments::record_typed(&mut c.conn, &PaymentInput { client_id: other, date: "2026-10-15".into(), amount: "300".into(), currency: "GBP".into(), ..Default::default() }, d("2026-10-15")).unwrap();

    let s = steer::steering(&c.conn, d(TODAY)).unwrap();
    let trend: Vec<(&str, &str)> = s.overdue_trend.iter().map(|p| (p.date.as_str(), p.amount.amount.as_str())).collect();
    // Overdue on 30 Sep: 1,200 + 1,000; on 31 Oct: 1,200 + 700; today: 1,100 + 700 + 500.
    assert!(trend.contains(&("2026-09-30", "2200.00")), "{trend:?}");
    assert!(trend.contains(&("2026-10-31", "1900.00")), "{trend:?}");
    assert_eq!(trend.last().unwrap(), &("2026-11-23", "2300.00"));
    assert_eq!(trend.len(), 7);
    // Aging over time: on 30 Sep both £1,200 and £1,000 are 29 days late; on
    // 31 Oct 60 days; today (23 Nov) 83 days, and A-2 13 days.
    let aged = |date: &str| -> Vec<String> {
        let p = s.overdue_trend.iter().find(|p| p.date == date).unwrap();
        assert_eq!(p.aged.iter().map(|b| b.bucket.as_str()).collect::<Vec<_>>(), ["days_1_30", "days_31_60", "days_61_90", "over_90"]);
        p.aged.iter().map(|b| b.amount.amount.clone()).collect()
    };
    assert_eq!(aged("2026-09-30"), ["2200.00", "0.00", "0.00", "0.00"]);
    assert_eq!(aged("2026-10-31"), ["0.00", "1900.00", "0.00", "0.00"]);
    assert_eq!(aged("2026-11-23"), ["500.00", "0.00", "1800.00", "0.00"]);
    assert_eq!(aged("2026-05-31"), ["0.00", "0.00", "0.00", "0.00"], "nothing issued yet");
    // DSO: receivables 2,300 ÷ invoiced in 90 days 500 × 90 = 414 days.
    assert_eq!(s.receivables.amount, "2300.00");
    assert_eq!(s.invoiced_90_days.amount, "500.00");
    assert_eq!(s.dso_days, "414.0");
    // Recovery: October 300 of 2,200 = 13.6 %; November 100 of 1,900 = 5.3 %.
    let oct = s.recovery.iter().find(|m| m.month == "2026-10").unwrap();
    assert_eq!((oct.overdue_at_start.amount.as_str(), oct.collected.amount.as_str(), oct.rate_pct.as_str()), ("2200.00", "300.00", "13.6"));
    let nov = s.recovery.iter().find(|m| m.month == "2026-11").unwrap();
    assert_eq!((nov.overdue_at_start.amount.as_str(), nov.collected.amount.as_str(), nov.rate_pct.as_str()), ("1900.00", "100.00", "5.3"));
    assert_eq!(s.recovery.len(), 6);
    // Forecast: Nov 0, Dec 200, Jan 300, Feb 300, Mar 300, Apr 0.
    let f: Vec<(&str, &str)> = s.forecast.iter().map(|m| (m.month.as_str(), m.amount.amount.as_str())).collect();
    assert_eq!(f, [("2026-11", "0.00"), ("2026-12", "200.00"), ("2027-01", "300.00"), ("2027-02", "300.00"), ("2027-03", "300.00"), ("2027-04", "0.00")]);
    assert_eq!(s.forecast_total.amount, "1100.00");
    assert_eq!(s.forecast[1].lines[0].reference, a.reference);
    assert_eq!(s.active_agreements, 1);
    // Cases: one paying under an agreement, one being chased.
    let state = |k: &str| s.cases.iter().find(|c| c.state == k).unwrap();
    assert_eq!(state("agreement_active").clients.iter().map(|c| c.client_name.as_str()).collect::<Vec<_>>(), ["Forecast Ltd"]);
    assert_eq!(state("chasing").clients.iter().map(|c| c.client_name.as_str()).collect::<Vec<_>>(), ["Another Co"]);
    assert_eq!(state("chasing").clients[0].overdue.amount, "1200.00");
    assert_eq!(s.cases.iter().map(|c| c.count).sum::<usize>(), 2);
    assert_eq!(s.promises.keep_rate_pct, "", "no promise resolved yet");
}

#[test]
fn each_client_owing_is_counted_once_in_its_most_advanced_state_those_owing_most_first() {
    use overdue_core::chase::{self, ClientControls, InvoiceControls};
    let mut c = case_with("Forecast Ltd", &["1200.00"], "", "£300 a month starting 2026-12-15");
    let add = |c: &mut Case, name: &str, invoices: &[(&str, &str, &str)]| -> (i64, Vec<i64>) {
        let id = ledger::create_client(&mut c.conn, &ClientInput { name: name.into(), kind: "company".into(), ..Default::default() }, d(TODAY)).unwrap().id;
        let ids = invoices
            .iter()
            .map(|(n, due, amount)| {
                let issue = (d(due) - chrono::Duration::days(30)).to_string();
                ledger::create_invoice(&mut c.conn, &InvoiceInput { number: (*n).into(), client_id: id, issue_date: issue, due_date: (*due).into(), amount: (*amount).into(), ..Default::default() }, d(TODAY)).unwrap().id
            })
            .collect();
        (id, ids)
    };
    // Every overdue invoice disputed: disputed. One of two: still chased.
    let (_, all_disputed) = add(&mut c, "Disputes All", &[("D-1", "2026-10-01", "300.00")]);
    let (_, one_disputed) = add(&mut c, "Disputes One", &[("E-1", "2026-10-01", "400.00"), ("E-2", "2026-10-05", "50.00")]);
    for inv in [all_disputed[0], one_disputed[0]] {
        chase::set_invoice_controls(&mut c.conn, inv, &InvoiceControls { disputed: true, dispute_reason: "wrong part".into(), ..Default::default() }, d(TODAY)).unwrap();
    }
    let (paused, _) = add(&mut c, "Paused Co", &[("P-1", "2026-09-01", "700.00")]);
    chase::set_client_controls(&mut c.conn, paused, &ClientControls { paused_until: "2026-12-20".into(), pause_reason: "owner ill".into(), ..Default::default() }, d(TODAY)).unwrap();
    let (promised, _) = add(&mut c, "Promised Co", &[("Q-1", "2026-09-01", "800.00")]);
    overdue_core::promise::create(&mut c.conn, &overdue_core::promise::PromiseInput { client_id: promised, amount: "800".into(), date: "2026-11-30".into(), ..Default::default() }, d(TODAY)).unwrap();
    // Not yet due, and paid in full: neither is a case.
    add(&mut c, "Not Due Yet", &[("N-1", "2026-12-10", "900.00")]);
    let (paid, _) = add(&mut c, "Paid Up", &[("R-1", "2026-09-01", "100.00")]);
    overdue_core::payments::record_typed(&mut c.conn, &PaymentInput { client_id: paid, date: TODAY.into(), amount: "100".into(), currency: "GBP".into(), ..Default::default() }, d(TODAY)).unwrap();

    let s = steer::steering(&c.conn, d(TODAY)).unwrap();
    let names = |k: &str| -> Vec<(String, String)> {
        let state = s.cases.iter().find(|c| c.state == k).unwrap();
        assert_eq!(state.count, state.clients.len());
        state.clients.iter().map(|c| (c.client_name.clone(), c.overdue.amount.clone())).collect()
    };
    let pair = |n: &str, a: &str| (n.to_string(), a.to_string());
    assert_eq!(names("disputed"), [pair("Disputes All", "300.00")]);
    assert_eq!(names("paused"), [pair("Paused Co", "700.00")]);
    assert_eq!(names("promise"), [pair("Promised Co", "800.00")]);
    // Forecast Ltd agreed in principle, its agreement not drafted yet; the
    // one who disputes one invoice is chased for both.
    assert_eq!(names("agreement_pending"), [pair("Forecast Ltd", "1200.00")]);
    assert_eq!(names("chasing"), [pair("Disputes One", "450.00")]);
    assert_eq!(s.cases.iter().map(|c| c.count).sum::<usize>(), 5);
}
