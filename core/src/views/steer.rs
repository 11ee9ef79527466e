//! The numbers an owner steers by (the dashboard's "How collection is
//! going" and `overdue report --json`), in the business currency:
//! overdue over time, DSO, promises and their keep rate, the cash expected
//! from active agreements over the next six months, the recovery rate per
//! month, and cases by state — each with the rows behind it.
//!
//! Definitions (also in README):
//! - overdue on a date D: invoices due before D, issued by D, less what was
//!   paid by D (write-offs count as paid from their date);
//! - DSO = receivables today ÷ invoiced in the last 90 days × 90;
//! - promise keep rate = kept ÷ (kept + partly kept + broken), over the
//!   promises resolved in the last 180 days;
//! - recovery rate of a month = money received in it (not write-offs) on
//!   invoices overdue when paid ÷ what was overdue on the month's first day;
//! - forecast: each active agreement's unpaid instalments by due month;
//!   unpaid ones already past due count in the current month.

use crate::store::steering as store;
use crate::error::Result;
use crate::ledger::date as d;
use crate::aging::{bucket_for_days, Bucket};
use crate::model::Amount;
use crate::money::Currency;
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub date: String,
    pub label: String,
    pub amount: Amount,
    /// The same total by days overdue on that date: 1–30, 31–60, 61–90, over 90.
    pub aged: Vec<AgedAmount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgedAmount {
    /// "days_1_30", "days_31_60", "days_61_90", "over_90" (as the aging report).
    pub bucket: String,
    pub label: String,
    pub amount: Amount,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForecastLine {
    pub client_id: i64,
    pub client_name: String,
    pub reference: String,
    pub number: i64,
    pub due_date: String,
    pub amount: Amount,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForecastMonth {
    /// "2026-12".
    pub month: String,
    pub label: String,
    pub amount: Amount,
    /// Of which already late (past due, counted in the current month).
    pub late: Amount,
    pub lines: Vec<ForecastLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecoveryMonth {
    pub month: String,
    pub label: String,
    pub overdue_at_start: Amount,
    pub collected: Amount,
    /// Percent with one decimal, as a string ("" when nothing was overdue).
    pub rate_pct: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseRow {
    pub client_id: i64,
    pub client_name: String,
    pub overdue: Amount,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseState {
    /// "chasing", "promise", "negotiating", "agreement_pending", "agreement_active",
    /// "in_default", "disputed", "paused", "escalated".
    pub state: String,
    pub label: String,
    pub count: usize,
    /// The clients owing most in this state, at most `CASE_LIST` of them
    /// (`count` says how many there are; the client list has them all).
    pub clients: Vec<CaseRow>,
}

/// How many clients a state lists on the dashboard: the figures count them
/// all, but 20,000 names would only fill the window's memory.
pub const CASE_LIST: usize = 100;

#[derive(Debug, Clone, Serialize)]
pub struct Promises {
    pub pending: Amount,
    pub pending_count: i64,
    pub resolved: i64,
    pub kept: i64,
    pub partly_kept: i64,
    pub broken: i64,
    /// kept ÷ resolved in percent, one decimal ("" when none resolved).
    pub keep_rate_pct: String,
    pub promised_resolved: Amount,
    pub paid_on_resolved: Amount,
}

#[derive(Debug, Clone, Serialize)]
pub struct Steering {
    pub as_of: String,
    pub currency: String,
    pub overdue_now: Amount,
    /// Month ends of the last six months, then today.
    pub overdue_trend: Vec<Point>,
    pub receivables: Amount,
    pub invoiced_90_days: Amount,
    /// Days, one decimal ("" when nothing was invoiced in 90 days).
    pub dso_days: String,
    pub promises: Promises,
    pub forecast: Vec<ForecastMonth>,
    pub forecast_total: Amount,
    pub active_agreements: i64,
    pub recovery: Vec<RecoveryMonth>,
    pub cases: Vec<CaseState>,
}

fn pct(num: i64, den: i64) -> String {
    if den <= 0 {
        return String::new();
    }
    // Rounded half up to one decimal, in integers.
    let tenths = (num as i128 * 1000 + den as i128 / 2) / den as i128;
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn month_start(date: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year(), date.month(), 1).expect("first of month")
}

fn add_month(first: NaiveDate, k: i32) -> NaiveDate {
    let m0 = first.year() * 12 + first.month0() as i32 + k;
    NaiveDate::from_ymd_opt(m0.div_euclid(12), m0.rem_euclid(12) as u32 + 1, 1).expect("first of month")
}

fn month_label(first: NaiveDate) -> String {
    first.format("%b %Y").to_string()
}

/// Overdue on `date`: due before it, issued by it, less payments dated up to it.
pub fn overdue_on(conn: &Connection, currency: &str, date: NaiveDate) -> Result<i64> {
    Ok(overdue_series(conn, currency, &[date])?[0])
}

/// `overdue_on` for several dates from one read of the invoices and their
/// dated allocations (13 dates × 100,000 invoices in one pass each).
pub fn overdue_series(conn: &Connection, currency: &str, dates: &[NaiveDate]) -> Result<Vec<i64>> {
    Ok(overdue_aged(conn, currency, dates)?.iter().map(|b| b.iter().sum()).collect())
}

/// The overdue buckets in order: 1–30, 31–60, 61–90, over 90 days.
const AGED: [Bucket; 4] = [Bucket::Days1To30, Bucket::Days31To60, Bucket::Days61To90, Bucket::Over90];

/// `overdue_series` split by days overdue on each date (the buckets of
/// `AGED`, as `aging::bucket_for` places them).
pub fn overdue_aged(conn: &Connection, currency: &str, dates: &[NaiveDate]) -> Result<Vec<[i64; 4]>> {
    let ledger = Ledger::read(conn, currency)?;
    Ok(aged_on(&ledger, dates))
}

/// Every invoice of a currency (in id order) and every allocation of its
/// payments (in invoice order), read once; each invoice's allocations are
/// a range of `allocations` (a merge of the two id orders, no map).
struct Ledger {
    invoices: Vec<store::Dated>,
    /// (invoice, payment day, amount, a write-off).
    allocations: Vec<(i64, i32, i64, bool)>,
    ranges: Vec<(u32, u32)>,
}

impl Ledger {
    fn read(conn: &Connection, currency: &str) -> Result<Ledger> {
        let invoices = store::invoices_dated(conn, currency)?;
        let allocations = store::allocations_dated(conn, currency, crate::follow::WRITE_OFF)?;
        let mut ranges: Vec<(u32, u32)> = Vec::with_capacity(invoices.len());
        let mut k = 0;
        for i in &invoices {
            while k < allocations.len() && allocations[k].0 < i.id {
                k += 1;
            }
            let start = k;
            while k < allocations.len() && allocations[k].0 == i.id {
                k += 1;
            }
            ranges.push((start as u32, k as u32));
        }
        Ok(Ledger { invoices, allocations, ranges })
    }

    /// Each invoice with its allocations.
    fn each(&self) -> impl Iterator<Item = (&store::Dated, &[(i64, i32, i64, bool)])> {
        self.invoices.iter().zip(&self.ranges).map(|(i, &(a, b))| (i, &self.allocations[a as usize..b as usize]))
    }
}

/// The overdue buckets on each date.
fn aged_on(ledger: &Ledger, dates: &[NaiveDate]) -> Vec<[i64; 4]> {
    dates
        .iter()
        .map(|date| {
            // Dates as day numbers: comparing and subtracting integers keeps
            // the 13 passes over 100,000 invoices cheap.
            let on = date.num_days_from_ce();
            let mut sums = [0i64; 4];
            for (i, paid) in ledger.each() {
                if i.due >= on || i.issue > on {
                    continue;
                }
                let by_then: i64 = paid.iter().filter(|p| p.1 <= on).map(|p| p.2).sum();
                let left = (i.amount - by_then).max(0);
                if let Some(k) = AGED.iter().position(|b| *b == bucket_for_days((on - i.due) as i64)) {
                    sums[k] += left;
                }
            }
            sums
        })
        .collect()
}

/// Money received (not written off) per month, from `first` to `last`, on
/// invoices already overdue when paid: (first day of the month, sum).
fn collected_overdue(ledger: &Ledger, first: NaiveDate, last: NaiveDate) -> std::collections::HashMap<NaiveDate, i64> {
    let (from, until) = (first.num_days_from_ce(), last.num_days_from_ce());
    let mut by: std::collections::HashMap<NaiveDate, i64> = std::collections::HashMap::new();
    for (i, paid) in ledger.each() {
        for &(_, on, amount, write_off) in paid {
            if !write_off && on >= from && on <= until && i.due < on {
                if let Some(day) = NaiveDate::from_num_days_from_ce_opt(on) {
                    *by.entry(month_start(day)).or_default() += amount;
                }
            }
        }
    }
    by
}

pub fn steering(conn: &Connection, today: NaiveDate) -> Result<Steering> {
    let cur = crate::ledger::business_currency(conn)?;
    let code = cur.code;
    let amt = |m: i64| Amount::new(m, &cur);

    // Overdue over time: the last six month ends, then today.
    let this_month = month_start(today);
    // Month ends of the last six months, today, and the first days of the
    // last six months (for the recovery rate): one pass over the ledger.
    let ends: Vec<NaiveDate> = (1..=6).rev().map(|k| add_month(this_month, -k + 1) - Duration::days(1)).collect();
    let starts: Vec<NaiveDate> = (0..6).rev().map(|k| add_month(this_month, -k)).collect();
    let mut dates = ends.clone();
    dates.push(today);
    dates.extend(&starts);
    // Every invoice read once, for the trend, the recovery rate and the cases.
    let ledger = Ledger::read(conn, code)?;
    let invoices = &ledger.invoices;
    let aged_series = aged_on(&ledger, &dates);
    let series: Vec<i64> = aged_series.iter().map(|b| b.iter().sum()).collect();
    let aged = |b: &[i64; 4]| -> Vec<AgedAmount> {
        AGED.iter().zip(b).map(|(k, v)| AgedAmount { bucket: k.key().to_string(), label: k.label().to_string(), amount: amt(*v) }).collect()
    };
    let mut trend: Vec<Point> = ends
        .iter()
        .zip(&series)
        .zip(&aged_series)
        .map(|((end, v), b)| Point { date: end.to_string(), label: end.format("%-d %b").to_string(), amount: amt(*v), aged: aged(b) })
        .collect();
    let overdue_now = series[6];
    trend.push(Point { date: today.to_string(), label: "Today".into(), amount: amt(overdue_now), aged: aged(&aged_series[6]) });

    // DSO.
    // From the invoices already read: what is owed on every open invoice
    // (the dashboard's "Outstanding", the aging total, so DSO divides the
    // figure the page shows) and what was invoiced in the last 90 days.
    let (from, until) = ((today - Duration::days(90)).num_days_from_ce(), today.num_days_from_ce());
    let receivables: i64 = invoices.iter().filter(|i| i.amount > i.paid).map(|i| i.amount - i.paid).sum();
    let invoiced: i64 = invoices.iter().filter(|i| i.issue > from && i.issue <= until).map(|i| i.amount).sum();
    let dso = if invoiced > 0 { pct(receivables * 90, invoiced * 100) } else { String::new() };

    // Promises.
    let (pending, pending_count) = store::pending_promises(conn, code)?;
    let since = (today - Duration::days(180)).to_string();
    let mut kept = 0;
    let mut partly = 0;
    let mut broken = 0;
    let mut promised = 0;
    let mut paid = 0;
    {
        for (s, a, p) in store::resolved_promises(conn, code, &since)? {
            match s.as_str() {
                "kept" => kept += 1,
                "partly_kept" => partly += 1,
                _ => broken += 1,
            }
            promised += a;
            paid += p.min(a);
        }
    }
    let resolved = kept + partly + broken;

    // Forecast from active agreements.
    let months: Vec<NaiveDate> = (0..6).map(|k| add_month(this_month, k)).collect();
    let mut forecast: Vec<ForecastMonth> = months
        .iter()
        .map(|m| ForecastMonth { month: m.format("%Y-%m").to_string(), label: month_label(*m), amount: amt(0), late: amt(0), lines: vec![] })
        .collect();
    let mut sums = vec![(0i64, 0i64); 6];
    let active_agreements = store::active_agreements(conn, code)?;
    {
        let end = add_month(this_month, 6);
        for (client_id, client_name, reference, number, due, left) in store::instalments_left(conn, code)? {
            if left <= 0 {
                continue;
            }
            let due_d = d(&due);
            if due_d >= end {
                continue;
            }
            let idx = if due_d < this_month { 0 } else { ((due_d.year() - this_month.year()) * 12 + due_d.month() as i32 - this_month.month() as i32) as usize };
            sums[idx].0 += left;
            if due_d < today {
                sums[idx].1 += left;
            }
            forecast[idx].lines.push(ForecastLine { client_id, client_name, reference, number, due_date: due, amount: amt(left) });
        }
    }
    for (f, (s, late)) in forecast.iter_mut().zip(&sums) {
        f.amount = amt(*s);
        f.late = amt(*late);
    }
    let forecast_total = amt(sums.iter().map(|s| s.0).sum());

    // Recovery rate per month: the last six months, this one included.
    let mut recovery = Vec::new();
    let by_month = collected_overdue(&ledger, starts[0], today);
    for (k, start) in starts.iter().copied().enumerate() {
        let at_start = series[7 + k];
        let collected = by_month.get(&start).copied().unwrap_or(0);
        recovery.push(RecoveryMonth { month: start.format("%Y-%m").to_string(), label: month_label(start), overdue_at_start: amt(at_start), collected: amt(collected), rate_pct: pct(collected, at_start) });
    }

    Ok(Steering {
        as_of: today.to_string(),
        currency: code.to_string(),
        overdue_now: amt(overdue_now),
        overdue_trend: trend,
        receivables: amt(receivables),
        invoiced_90_days: amt(invoiced),
        dso_days: dso,
        promises: Promises {
            pending: amt(pending),
            pending_count,
            resolved,
            kept,
            partly_kept: partly,
            broken,
            keep_rate_pct: pct(kept, resolved),
            promised_resolved: amt(promised),
            paid_on_resolved: amt(paid),
        },
        forecast,
        forecast_total,
        active_agreements,
        recovery,
        cases: cases(conn, &cur, invoices, today)?,
    })
}

const STATES: &[(&str, &str)] = &[
    ("escalated", "Handed over"),
    ("in_default", "Agreement in default"),
    ("agreement_active", "Paying under an agreement"),
    ("agreement_pending", "Agreement being signed"),
    ("negotiating", "Negotiating"),
    ("promise", "Promised to pay"),
    ("disputed", "Disputed"),
    ("paused", "Paused"),
    ("chasing", "Being chased"),
];

/// Every client with something overdue on `today` (open, due before it),
/// once, in its most advanced state, those owing most first.
fn cases(conn: &Connection, cur: &Currency, invoices: &[store::Dated], today: NaiveDate) -> Result<Vec<CaseState>> {
    let on = today.num_days_from_ce();
    // Per client: what is overdue, and whether every overdue invoice is disputed.
    let mut owed: std::collections::HashMap<i64, (i64, bool)> = std::collections::HashMap::new();
    for i in invoices.iter().filter(|i| i.due < on && i.amount > i.paid) {
        let e = owed.entry(i.client_id).or_insert((0, true));
        e.0 += i.amount - i.paid;
        e.1 &= i.disputed;
    }
    // The flags in STATES' order before "chasing": handed over, in default,
    // agreement active, agreement pending, negotiating, promise, disputed, paused.
    let mut flags: std::collections::HashMap<i64, [bool; 8]> = std::collections::HashMap::new();
    for (client, k) in store::case_flags(conn)? {
        if owed.contains_key(&client) {
            flags.entry(client).or_default()[k as usize] = true;
        }
    }
    let mut rows: Vec<(&'static str, i64, String, i64)> = Vec::with_capacity(owed.len());
    for (id, name, escalated, paused) in store::case_clients(conn, today)? {
        let Some(&(overdue, disputed)) = owed.get(&id) else { continue };
        let mut f = flags.get(&id).copied().unwrap_or_default();
        (f[0], f[6], f[7]) = (escalated, disputed, paused);
        let state = STATES.iter().zip(f).find(|(_, on)| *on).map(|((s, _), _)| *s).unwrap_or("chasing");
        rows.push((state, id, name, overdue));
    }
    rows.sort_unstable_by(|a, b| b.3.cmp(&a.3).then(a.1.cmp(&b.1)));
    let mut by: BTreeMap<&str, (usize, Vec<CaseRow>)> = BTreeMap::new();
    for (state, client_id, client_name, overdue) in rows {
        let e = by.entry(state).or_default();
        e.0 += 1;
        // Only the listed ones have their amount written out.
        if e.1.len() < CASE_LIST {
            e.1.push(CaseRow { client_id, client_name, overdue: Amount::new(overdue, cur) });
        }
    }
    Ok(STATES
        .iter()
        .map(|(k, label)| {
            let (count, clients) = by.remove(k).unwrap_or_default();
            CaseState { state: k.to_string(), label: label.to_string(), count, clients }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up_in_integers() {
        assert_eq!(pct(1, 3), "33.3");
        assert_eq!(pct(2, 3), "66.7");
        assert_eq!(pct(1, 8), "12.5");
        assert_eq!(pct(0, 5), "0.0");
        assert_eq!(pct(5, 0), "");
    }

    #[test]
    fn months_step_across_years() {
        let m = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        assert_eq!(add_month(m, 2), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(add_month(m, -11), NaiveDate::from_ymd_opt(2025, 12, 1).unwrap());
        assert_eq!(month_start(NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()), NaiveDate::from_ymd_opt(2028, 2, 1).unwrap());
    }
}
