//! Negotiation: schedule properties (proptest), options against hand-made
//! cases, counter-offers with the nearest acceptable alternative, agreeing
//! in principle, and bad input, on real SQLite files.

use chrono::{Datelike, NaiveDate};
use overdue_core::chase::{self, Ctx, InvoiceControls};
use overdue_core::model::{Business, ClientInput, InvoiceInput};
use overdue_core::negotiation::{self, AgreeInput, BottomLine, CaseInput};
use overdue_core::rusqlite::Connection;
use overdue_core::schedule::{self, Frequency};
use overdue_core::{db, ledger, Error};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-23";

struct Desk {
    _dir: tempfile::TempDir,
    conn: Connection,
    ctx: Ctx,
    client: i64,
}

/// A client owing `amounts` (GBP, all overdue), business limits as default.
fn desk(amounts: &[&str]) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.sqlite");
    let (mut conn, _) = db::open(&path).unwrap();
    ledger::update_business(&conn, &Business { trading_name: "Brightwell".into(), country: "GB".into(), currency: "GBP".into(), ..Default::default() }).unwrap();
    let client = ledger::create_client(&mut conn, &ClientInput { name: "Debtor Ltd".into(), kind: "consumer".into(), ..Default::default() }, d(TODAY)).unwrap().id;
    for (i, a) in amounts.iter().enumerate() {
        ledger::create_invoice(
            &mut conn,
            &InvoiceInput { number: format!("N-{i}"), client_id: client, issue_date: "2026-08-01".into(), due_date: "2026-09-01".into(), amount: a.to_string(), ..Default::default() },
            d(TODAY),
        )
        .unwrap();
    }
    let ctx = Ctx { today: d(TODAY), now: d(TODAY).and_hms_opt(12, 0, 0).unwrap().and_utc(), docs_dir: dir.path().join("documents") };
    Desk { _dir: dir, conn, ctx, client }
}

impl Desk {
    fn case(&self, capacity: &str) -> negotiation::Case {
        negotiation::case(&self.conn, &self.ctx, &CaseInput { client_id: self.client, capacity: capacity.into(), ..Default::default() }).unwrap()
    }
}

// ------------------------------------------------------------ properties

fn freq() -> impl Strategy<Value = Frequency> {
    prop_oneof![Just(Frequency::Weekly), Just(Frequency::Fortnightly), Just(Frequency::Monthly)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn schedules_are_exact(total in 1i64..1_000_000_000, n in 1usize..=120, f in freq(),
                           y in 2020i32..2035, m in 1u32..=12, day in 1u32..=31, rate_bp in prop_oneof![Just(0u32), 1u32..3000]) {
        let n = n.min(total as usize);
        let first = (0..4).find_map(|k| NaiveDate::from_ymd_opt(y, m, day - k)).unwrap();
        let rate = Decimal::new(rate_bp as i64, 2);
        let ds = schedule::dates(first, f, n);
        let plan = schedule::build(total, &ds, f, rate).unwrap();
        prop_assert_eq!(plan.len(), n);
        // Parts are positive, dates strictly increase, the balance ends at exactly zero.
        prop_assert!(plan.iter().all(|i| i.amount > 0));
        prop_assert!(plan.windows(2).all(|w| w[1].due_date > w[0].due_date));
        prop_assert_eq!(plan.last().unwrap().balance_after, 0);
        let paid: i64 = plan.iter().map(|i| i.amount).sum();
        let interest: i64 = plan.iter().map(|i| i.interest).sum();
        prop_assert_eq!(paid, total + interest, "payments = principal + interest, to the minor unit");
        if rate.is_zero() {
            prop_assert_eq!(interest, 0);
            // Equal parts, the remainder on the last.
            prop_assert!(plan[..n - 1].iter().all(|i| i.amount == total / n as i64));
        }
        // Each balance follows from the one before.
        let mut balance = total;
        for i in &plan {
            balance = balance + i.interest - i.amount;
            prop_assert_eq!(i.balance_after, balance);
            prop_assert!(balance >= 0);
        }
        // Monthly plans keep the day of the month, or the month's last day.
        if f == Frequency::Monthly {
            for (k, i) in plan.iter().enumerate() {
                let want = schedule::add_months(first, k as u32);
                prop_assert_eq!(i.due_date, want);
                prop_assert!(i.due_date.day() == first.day() || i.due_date.day() < first.day() && (i.due_date + chrono::Duration::days(1)).day() == 1);
            }
        }
    }

    #[test]
    fn fixed_instalments_end_exactly(total in 100i64..100_000_000, payment_pct in 1i64..100) {
        let payment = (total * payment_pct / 100).max(1);
        match schedule::by_instalment(total, d("2027-01-31"), Frequency::Monthly, Decimal::ZERO, payment) {
            Ok(plan) => {
                prop_assert_eq!(plan.iter().map(|i| i.amount).sum::<i64>(), total);
                prop_assert!(plan.iter().all(|i| i.amount > 0 && i.amount <= payment));
                prop_assert_eq!(plan.last().unwrap().balance_after, 0);
            }
            Err(e) => prop_assert!(e.to_string().contains("too small"), "{}", e),
        }
    }
}

// ------------------------------------------------------------- the cases

#[test]
fn hardship_with_low_capacity_gets_more_time_and_a_recommendation() {
    let w = desk(&["3000.00"]);
    let c = w.case("100");
    let o = negotiation::options(&c).unwrap();
    let monthly = o.options.iter().find(|p| p.key == "plan_monthly").unwrap();
    // The required good-faith £300 (10 %), then £2,700 at £100 a month: 27
    // months, beyond 12; and £300 at once is more than they can pay.
    assert_eq!(monthly.schedule.len(), 28);
    assert_eq!(monthly.schedule[0].amount.amount, "300.00");
    assert_eq!(monthly.schedule[1].amount.amount, "100.00");
    assert_eq!(monthly.affordable, Some(false));
    assert!(!monthly.within_bottom_line);
    assert!(monthly.breaks.iter().any(|b| b.contains("longer than 12 months")), "{:?}", monthly.breaks);
    // Nothing fits both: a deferred start is offered and the next step named.
    assert!(o.options.iter().any(|p| p.key == "deferred"));
    assert!(o.recommendation.contains("hand-over review"), "{}", o.recommendation);
    let full = o.options.iter().find(|p| p.key == "full").unwrap();
    assert_eq!(full.affordable, Some(false));
    assert!(full.within_bottom_line);
}

#[test]
fn a_debtor_who_can_pay_half_now_gets_an_acceptable_plan() {
    let w = desk(&["1800.00", "1200.00"]);
    let c = w.case("300");
    assert_eq!(c.total.amount, "3000.00");
    let v = negotiation::check(&c, "£1,500 now and £250 a month starting next month").unwrap();
    assert!(v.acceptable, "{:?}", v.proposal.breaks);
    let s = &v.proposal.schedule;
    assert_eq!(s[0].amount.amount, "1500.00");
    assert_eq!(s[0].due_date, TODAY);
    assert_eq!(s.len(), 7, "1,500 now + 6 × 250");
    assert_eq!(s[1].due_date, "2026-12-23");
    assert_eq!(s.last().unwrap().balance_after.amount, "0.00");
    assert_eq!(v.proposal.total_received.amount, "3000.00");
    assert_eq!(v.proposal.affordable, Some(false), "£1,500 at once is more than £300 a month");
    // The generated options all sum to what they promise.
    for p in negotiation::options(&c).unwrap().options {
        let sum: Decimal = p.schedule.iter().map(|r| r.amount.amount.parse::<Decimal>().unwrap()).sum();
        assert_eq!(sum.to_string(), p.total_received.amount, "{}", p.key);
    }
}

#[test]
fn a_settlement_below_the_bottom_line_is_refused_with_the_nearest_acceptable_one() {
    let w = desk(&["3000.00"]);
    let c = w.case("");
    let v = negotiation::check(&c, "£2,000 now to settle").unwrap();
    assert!(!v.acceptable);
    assert!(v.proposal.breaks[0].contains("lowest settlement"), "{:?}", v.proposal.breaks);
    // 80 % floor, but the largest discount is 15 %: the nearest is £2,550.
    let n = v.nearest.unwrap();
    assert_eq!(n.total_received.amount, "2550.00");
    assert!(n.within_bottom_line);
    assert!(negotiation::check(&c, "2600 to settle by 2026-12-05").unwrap().acceptable);
}

#[test]
fn a_plan_too_long_or_without_good_faith_is_moved_to_the_nearest_acceptable_one() {
    let w = desk(&["3000.00"]);
    let c = w.case("200");
    let v = negotiation::check(&c, "£150 a month starting next month").unwrap();
    assert!(!v.acceptable);
    assert!(v.proposal.breaks.iter().any(|b| b.contains("longer than 12 months")));
    assert!(v.proposal.breaks.iter().any(|b| b.contains("good-faith")));
    let n = v.nearest.expect("a nearest alternative");
    assert!(n.within_bottom_line, "{:?}", n.breaks);
    // £300 (10 %) now, then the rest within 12 months.
    assert_eq!(n.schedule[0].amount.amount, "300.00");
    assert!(n.fully_paid_on.as_str() <= "2027-11-23");
    assert_eq!(n.total_received.amount, "3000.00");
}

#[test]
fn a_disputed_invoice_stays_out_of_the_negotiation() {
    let mut w = desk(&["1000.00", "500.00"]);
    let disputed = chase::open_invoice_ids(&w.conn, w.client).unwrap()[1];
    chase::set_invoice_controls(&mut w.conn, disputed, &InvoiceControls { disputed: true, dispute_reason: "wrong part fitted".into(), ..Default::default() }, d(TODAY)).unwrap();
    let c = w.case("");
    assert_eq!(c.principal.amount, "1000.00");
    assert!(c.invoice_ids.iter().all(|i| *i != disputed));
}

#[test]
fn bad_input_is_refused_and_nothing_is_agreed() {
    let mut w = desk(&["3000.00"]);
    for cap in ["0", "-5", "abc"] {
        let e = negotiation::case(&w.conn, &w.ctx, &CaseInput { client_id: w.client, capacity: cap.into(), ..Default::default() }).unwrap_err();
        assert!(matches!(&e, Error::Invalid { field, .. } if field == "capacity"), "{cap}: {e}");
    }
    let c = w.case("");
    assert!(negotiation::check(&c, "£5,000 to settle").unwrap_err().to_string().contains("more than"));
    assert!(negotiation::check(&c, "they will think about it").is_err());
    // A plan that never pays off, with interest on the balance.
    let mut b = BottomLine { plan_interest_pct: "24".into(), ..Default::default() };
    negotiation::save_business_bottom_line(&w.conn, &b).unwrap();
    let c = w.case("");
    assert!(negotiation::check(&c, "£50 a month").unwrap_err().to_string().contains("never"));
    b.max_months = 1000;
    assert!(negotiation::save_business_bottom_line(&w.conn, &b).is_err());
    b.max_months = 12;
    b.min_settlement_pct = "180".into();
    assert!(negotiation::save_business_bottom_line(&w.conn, &b).is_err());
    // Outside the bottom line needs a logged reason.
    let e = negotiation::agree(&mut w.conn, &w.ctx, &AgreeInput { client_id: w.client, offer: "£1,000 to settle".into(), ..Default::default() }).unwrap_err();
    assert!(matches!(&e, Error::Invalid { field, .. } if field == "override reason"), "{e}");
    assert!(negotiation::arrangements(&w.conn, None).unwrap().is_empty());
}

#[test]
fn agreeing_in_principle_records_the_exact_schedule_and_stops_chasing_those_invoices() {
    let mut w = desk(&["1234.56"]);
    negotiation::save_case(&mut w.conn, &w.ctx, &CaseInput { client_id: w.client, capacity: "150".into(), reason: "cash_flow".into(), ..Default::default() }).unwrap();
    let before = { overdue_core::sweep::run(&mut w.conn, &w.ctx).unwrap(); chase::today(&mut w.conn, &w.ctx) }.unwrap();
    assert_eq!(before.items.len(), 1);
    let a = negotiation::agree(&mut w.conn, &w.ctx, &AgreeInput { client_id: w.client, option_key: "plan_monthly".into(), ..Default::default() }).unwrap();
    assert_eq!(a.status, "agreed_in_principle");
    assert!(a.within_bottom_line);
    let sum: Decimal = a.schedule.iter().map(|r| r.amount.amount.parse::<Decimal>().unwrap()).sum();
    assert_eq!(sum.to_string(), a.total.amount);
    assert_eq!(a.total.amount, "1234.56");
    assert_eq!(a.schedule.last().unwrap().balance_after.amount, "0.00");
    let after = { overdue_core::sweep::run(&mut w.conn, &w.ctx).unwrap(); chase::today(&mut w.conn, &w.ctx) }.unwrap();
    assert!(after.items.is_empty());
    assert_eq!(after.not_chased.get("arrangement"), Some(&1));
    let h: Vec<String> = ledger::history(&w.conn, w.client).unwrap().into_iter().map(|e| e.summary).collect();
    assert!(h.iter().any(|e| e.starts_with("Agreed in principle:")), "{h:?}");
    assert!(h.iter().any(|e| e.starts_with("Negotiation: can pay £150.00 a month; reason: cash-flow gap")), "{h:?}");
    // The bottom line never appears in anything addressed to the debtor.
    let limits = w.case("").limits;
    for t in [&a.terms, &a.title] {
        assert!(!t.contains(&limits.min_settlement.display), "{t}");
        assert!(!t.to_lowercase().contains("bottom line"));
    }
    assert!(matches!(negotiation::agree(&mut w.conn, &w.ctx, &AgreeInput { client_id: w.client, option_key: "full".into(), ..Default::default() }), Err(Error::Conflict(_))));
}

#[test]
fn invoices_in_two_currencies_cannot_be_negotiated_together() {
    let mut w = desk(&["1000.00"]);
    let eur = ledger::create_invoice(
        &mut w.conn,
        &InvoiceInput { number: "E-1".into(), client_id: w.client, issue_date: "2026-08-01".into(), due_date: "2026-09-01".into(), amount: "500.00".into(), currency: "EUR".into(), ..Default::default() },
        d(TODAY),
    )
    .unwrap()
    .id;
    let mut ids = chase::open_invoice_ids(&w.conn, w.client).unwrap();
    assert!(ids.contains(&eur));
    ids.sort();
    let e = negotiation::case(&w.conn, &w.ctx, &CaseInput { client_id: w.client, invoice_ids: ids, ..Default::default() }).unwrap_err();
    assert!(e.to_string().contains("one currency"), "{e}");
    // Each currency on its own is fine, with a weekly plan among the options.
    let c = negotiation::case(&w.conn, &w.ctx, &CaseInput { client_id: w.client, invoice_ids: vec![eur], capacity: "200".into(), ..Default::default() }).unwrap();
    assert_eq!(c.currency, "EUR");
    let o = negotiation::options(&c).unwrap();
    let weekly = o.options.iter().find(|p| p.key == "plan_weekly").expect("a weekly plan");
    assert!(weekly.schedule.windows(2).skip(1).all(|w| w[0].due_date < w[1].due_date));
}

#[test]
fn monthly_plans_come_again_in_round_amounts_within_the_bottom_line_and_read_as_a_table() {
    let mut w = desk(&["13211.00"]);
    let c = w.case("");
    let o = negotiation::options(&c).unwrap();
    let exact = o.options.iter().find(|p| p.key == "plan_monthly").unwrap();
    let round = o.options.iter().find(|p| p.key == "plan_monthly_round").expect("a round variant of the monthly plan");
    assert!(round.round && round.within_bottom_line, "{:?}", round.breaks);
    // The same total, the same start, each payment but the last a multiple of £100 (or £25 under £1,000).
    assert_eq!(round.total_received.amount, exact.total_received.amount);
    assert_eq!(round.schedule[0].due_date, exact.schedule[0].due_date);
    let amounts: Vec<Decimal> = round.schedule.iter().map(|r| r.amount.amount.parse().unwrap()).collect();
    for a in &amounts[..amounts.len() - 1] {
        let step = if *a >= Decimal::from(1000) { Decimal::from(100) } else { Decimal::from(25) };
        assert!((*a % step).is_zero(), "{a} is not round");
    }
    assert!(amounts.last().unwrap() <= &amounts[1]);
    // The table: the good-faith payment, a run of equal ones, a smaller last one.
    let t = &round.table;
    assert_eq!(t.first().unwrap().label, "First payment");
    assert_eq!(t.first().unwrap().count, 1);
    assert_eq!(t[1].label, "Then");
    assert_eq!(t[1].every, "a month");
    assert_eq!(t.iter().map(|r| r.count).sum::<usize>(), round.schedule.len());
    assert_eq!(t.last().unwrap().last_date, round.fully_paid_on);
    // Agreeing on the round option by its key works like any other.
    let a = negotiation::agree(&mut w.conn, &w.ctx, &AgreeInput { client_id: w.client, option_key: "plan_monthly_round".into(), ..Default::default() });
    assert!(a.is_ok(), "{a:?}");
}
