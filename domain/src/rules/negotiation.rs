//! Negotiation inside a bottom line: the owner's private limits, the case
//! (balance, charges, the debtor's capacity, reason and proposal), a small
//! set of concrete options with exact schedules, counter-offers checked
//! against the limits with the nearest acceptable alternative, and
//! "agreed in principle" arrangements for the written-confirmation step.
//!
//! The bottom line is private: it is returned to the owner's screens only,
//! never rendered into a message, letter or arrangement text.

pub use crate::offer::*;
use crate::error::{Error, Result};
use crate::model::{Amount, ItemInvoice};
use crate::money::{parse_amount, Currency};
use crate::schedule::{self, Frequency, Instalment};
use crate::text::{clean, rule};
use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

/// The owner's limits, as typed (decimal strings, percentages as "80").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct BottomLine {
    /// Lowest acceptable settlement as a percentage of the balance; "" = none.
    pub min_settlement_pct: String,
    /// …or as an amount; the higher of the two applies. "" = none.
    pub min_settlement_amount: String,
    /// Longest plan: the last payment at most this many months from today.
    pub max_months: u32,
    /// Smallest instalment (per payment, whatever the frequency).
    pub min_instalment: String,
    /// Required good-faith first payment, percent of the balance ("" = none).
    pub good_faith_pct: String,
    /// …or as an amount; the higher applies.
    pub good_faith_amount: String,
    /// Interest and fees may be waived if the debtor completes the plan.
    pub may_waive_charges: bool,
    /// A lump-sum settlement at a discount may be offered…
    pub may_discount: bool,
    /// …of at most this percentage.
    pub max_discount_pct: String,
    /// Interest on the declining balance of a plan, percent a year ("0" = 0 %).
    pub plan_interest_pct: String,
}

impl Default for BottomLine {
    fn default() -> Self {
        BottomLine {
            min_settlement_pct: "80".into(),
            min_settlement_amount: String::new(),
            max_months: 12,
            min_instalment: "25".into(),
            good_faith_pct: "10".into(),
            good_faith_amount: String::new(),
            may_waive_charges: true,
            may_discount: true,
            max_discount_pct: "15".into(),
            plan_interest_pct: "0".into(),
        }
    }
}

pub fn pct(s: &str, field: &str) -> Result<Option<Decimal>> {
    let t = s.trim().trim_end_matches('%').trim();
    if t.is_empty() {
        return Ok(None);
    }
    let d = Decimal::from_str(t).map_err(|_| Error::invalid(field, format!("'{s}' is not a percentage (e.g. 80)")))?;
    if d < Decimal::ZERO || d > Decimal::from(100) {
        return Err(Error::invalid(field, "must be between 0 and 100 percent"));
    }
    Ok(Some(d.normalize()))
}

pub fn amount_opt(s: &str, cur: &Currency, field: &str) -> Result<Option<i64>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(parse_amount(s, cur, field)?))
}

impl BottomLine {
    /// Checks and normalises every limit; amounts in `cur`.
    pub fn validate(&self, cur: &Currency) -> Result<BottomLine> {
        let p = |s: &str, f: &str| pct(s, f).map(|o| o.map(|d| d.to_string()).unwrap_or_default());
        if self.max_months == 0 || self.max_months > 120 {
            return Err(Error::invalid("longest plan", "must be between 1 and 120 months"));
        }
        let a = |s: &str, f: &str| amount_opt(s, cur, f).map(|o| o.map(|m| cur.plain(m)).unwrap_or_default());
        let plan = pct(&self.plan_interest_pct, "plan interest")?.unwrap_or_default();
        if plan > Decimal::from(50) {
            return Err(Error::invalid("plan interest", "must be at most 50 percent a year"));
        }
        Ok(BottomLine {
            min_settlement_pct: p(&self.min_settlement_pct, "lowest settlement")?,
            min_settlement_amount: a(&self.min_settlement_amount, "lowest settlement amount")?,
            max_months: self.max_months,
            min_instalment: a(&self.min_instalment, "smallest instalment")?,
            good_faith_pct: p(&self.good_faith_pct, "good-faith payment")?,
            good_faith_amount: a(&self.good_faith_amount, "good-faith amount")?,
            may_waive_charges: self.may_waive_charges,
            may_discount: self.may_discount,
            max_discount_pct: p(&self.max_discount_pct, "largest discount")?,
            plan_interest_pct: plan.to_string(),
        })
    }
}

/// The limits in force, resolved to amounts for one balance.
#[derive(Debug, Clone, Serialize)]
pub struct Limits {
    /// Whose limits: "client" or "business".
    pub source: String,
    pub min_settlement: Amount,
    pub max_months: u32,
    pub min_instalment: Amount,
    pub good_faith: Amount,
    pub may_waive_charges: bool,
    pub may_discount: bool,
    pub max_discount_pct: String,
    pub plan_interest_pct: String,
    #[serde(skip)]
    pub raw: RawLimits,
}

#[derive(Debug, Clone, Default)]
pub struct RawLimits {
    pub min_settlement: i64,
    pub min_instalment: i64,
    pub good_faith: i64,
    pub max_discount: Decimal,
    pub plan_interest: Decimal,
}

pub fn percent_of(total: i64, p: Decimal) -> i64 {
    (Decimal::from(total) * p / Decimal::from(100)).round_dp_with_strategy(0, RoundingStrategy::AwayFromZero).to_i64().unwrap_or(0)
}

pub fn resolve(b: &BottomLine, source: &str, total: i64, cur: &Currency) -> Result<Limits> {
    let pct_of = |s: &str| pct(s, "limit").map(|o| o.map(|p| percent_of(total, p)).unwrap_or(0));
    let amt = |s: &str| amount_opt(s, cur, "limit").map(|o| o.unwrap_or(0));
    let min_settlement = pct_of(&b.min_settlement_pct)?.max(amt(&b.min_settlement_amount)?).min(total);
    let good_faith = pct_of(&b.good_faith_pct)?.max(amt(&b.good_faith_amount)?).min(total);
    let min_instalment = amt(&b.min_instalment)?;
    let max_discount = if b.may_discount { pct(&b.max_discount_pct, "limit")?.unwrap_or_default() } else { Decimal::ZERO };
    let plan_interest = pct(&b.plan_interest_pct, "limit")?.unwrap_or_default();
    Ok(Limits {
        source: source.into(),
        min_settlement: Amount::new(min_settlement, cur),
        max_months: b.max_months,
        min_instalment: Amount::new(min_instalment, cur),
        good_faith: Amount::new(good_faith, cur),
        may_waive_charges: b.may_waive_charges,
        may_discount: b.may_discount,
        max_discount_pct: max_discount.normalize().to_string(),
        plan_interest_pct: plan_interest.normalize().to_string(),
        raw: RawLimits { min_settlement, min_instalment, good_faith, max_discount, plan_interest },
    })
}

/// What the owner enters about the case (all optional but the client).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CaseInput {
    pub client_id: i64,
    /// Invoices negotiated; empty = every open undisputed invoice.
    pub invoice_ids: Vec<i64>,
    /// What the debtor says they can pay a month; "" = not known yet.
    pub capacity: String,
    pub reason: String,
    pub circumstances: String,
    pub proposal: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub client_id: i64,
    pub client_name: String,
    pub as_of: String,
    pub currency: String,
    pub invoices: Vec<ItemInvoice>,
    pub invoice_ids: Vec<i64>,
    pub principal: Amount,
    /// Interest, compensation and fees to date.
    pub charges: Amount,
    pub total: Amount,
    pub capacity: Option<Amount>,
    pub reason: String,
    pub circumstances: String,
    pub proposal: String,
    /// Private: the owner's limits for this case.
    pub limits: Limits,
    #[serde(skip)]
    pub raw: RawCase,
}

#[derive(Debug, Clone, Default)]
pub struct RawCase {
    /// How the business writes dates (in the terms' words).
    pub style: crate::dates::DateStyle,
    pub principal: i64,
    pub charges: i64,
    pub interest: i64,
    pub compensation: i64,
    pub fees: i64,
    pub capacity: Option<i64>,
    pub today: NaiveDate,
    pub code: String,
}

impl Case {
    pub fn cur(&self) -> Currency {
        Currency::find(&self.raw.code).expect("case currency")
    }
    pub fn total(&self) -> i64 {
        self.raw.principal + self.raw.charges
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub number: usize,
    pub due_date: String,
    pub amount: Amount,
    pub interest: Amount,
    pub balance_after: Amount,
}

/// One concrete offer with its full terms.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    /// Stable within a case: "full", "plan_monthly", "plan_fortnightly",
    /// "plan_weekly", "good_faith", "settlement", "waive", "deferred",
    /// "offer" or "nearest".
    pub key: String,
    /// "full", "plan", "settlement".
    pub kind: String,
    pub title: String,
    /// The terms in plain words (safe to say to the debtor).
    pub terms: String,
    pub frequency: Option<Frequency>,
    pub schedule: Vec<Row>,
    /// The schedule as a table of runs of equal payments.
    pub table: Vec<Run>,
    /// Every payment a round amount (except the last, which is smaller).
    pub round: bool,
    /// Everything the business receives.
    pub total_received: Amount,
    /// Given up if every payment is made on time (discount or waived charges).
    pub waived: Amount,
    pub fully_paid_on: String,
    pub within_bottom_line: bool,
    /// Which limits it breaks, in words (private).
    pub breaks: Vec<String>,
    /// Against the stated monthly capacity; None when capacity is not known.
    pub affordable: Option<bool>,
    pub affordability: String,
    /// The largest single payment and, for plans, the monthly equivalent.
    pub largest_payment: Amount,
    pub per_month: Amount,
    /// `total_received` and `waived` in minor units.
    #[serde(skip)]
    pub total_minor: i64,
    #[serde(skip)]
    pub waived_minor: i64,
}

/// How a proposal is built; re-buildable, so agreeing recomputes it.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// Amount to be paid in all (before plan interest), minor units.
    pub amount: i64,
    pub waived: i64,
    pub down: Option<(NaiveDate, i64)>,
    /// Instalments: frequency, first date, count or fixed payment.
    pub plan: Option<(Frequency, NaiveDate, PlanSize)>,
    /// One payment by a date (full or settlement).
    pub lump_by: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy)]
pub enum PlanSize {
    Count(usize),
    Payment(i64),
}

impl Default for PlanSize {
    fn default() -> Self {
        PlanSize::Count(1)
    }
}

pub use super::runs::{round_up, runs, Run};

pub fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

pub fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let m = (to.year() - from.year()) as i64 * 12 + to.month() as i64 - from.month() as i64;
    if to.day() > from.day() { m + 1 } else { m }
}

pub fn period_days(f: Frequency) -> i64 {
    match f {
        Frequency::Weekly => 7,
        Frequency::Fortnightly => 14,
        Frequency::Monthly => 30,
    }
}

/// The number of `f` periods from `first` whose dates stay within `months` of `today`.
pub fn max_periods(today: NaiveDate, first: NaiveDate, f: Frequency, months: u32) -> usize {
    let end = schedule::add_months(today, months);
    if first > end {
        return 0;
    }
    match f {
        Frequency::Monthly => (months_between(first, end).max(0) as usize + 1).min(schedule::MAX_INSTALMENTS),
        _ => (((end - first).num_days() / period_days(f)) as usize + 1).min(schedule::MAX_INSTALMENTS),
    }
}

pub fn build(case: &Case, key: &str, title: &str, spec: Spec) -> Result<Proposal> {
    let cur = case.cur();
    let lim = &case.limits.raw;
    let mut rows: Vec<Instalment> = Vec::new();
    let mut number = 0;
    if let Some((d, a)) = spec.down {
        number += 1;
        rows.push(Instalment { number, due_date: d, amount: a, interest: 0, balance_after: spec.amount - a });
    }
    let mut frequency = None;
    if let Some(d) = spec.lump_by {
        number += 1;
        rows.push(Instalment { number, due_date: d, amount: spec.amount, interest: 0, balance_after: 0 });
    }
    if let Some((f, first, size)) = spec.plan {
        frequency = Some(f);
        let rest = spec.amount - spec.down.map(|d| d.1).unwrap_or(0);
        if rest <= 0 {
            return Err(Error::invalid("offer", "the first payment already covers everything: offer it as payment in full"));
        }
        let plan = match size {
            PlanSize::Count(n) => schedule::build(rest, &schedule::dates(first, f, n), f, lim.plan_interest)?,
            PlanSize::Payment(p) => schedule::by_instalment(rest, first, f, lim.plan_interest, p)?,
        };
        for mut i in plan {
            number += 1;
            i.number = number;
            rows.push(i);
        }
    }
    if rows.windows(2).any(|w| w[1].due_date <= w[0].due_date) {
        return Err(Error::invalid("offer", "the first instalment must come after the good-faith payment"));
    }
    let received: i64 = rows.iter().map(|r| r.amount).sum();
    let largest = rows.iter().map(|r| r.amount).max().unwrap_or(0);
    let last = rows.last().map(|r| r.due_date).unwrap_or(case.raw.today);
    // The regular instalment: the largest plan payment after any good-faith one.
    let regular = if spec.plan.is_some() { rows.iter().skip(spec.down.is_some() as usize).map(|r| r.amount).max().unwrap_or(0) } else { 0 };
    let per_month = match frequency {
        Some(f) => (Decimal::from(regular) * f.per_month()).round_dp_with_strategy(0, RoundingStrategy::AwayFromZero).to_i64().unwrap_or(0),
        None => largest,
    };
    // Checks against the bottom line.
    let mut breaks = Vec::new();
    let total = case.total();
    if spec.amount < total {
        let floor = lim.min_settlement;
        if spec.waived > 0 && spec.lump_by.is_some() && spec.plan.is_none() {
            if !case.limits.may_discount {
                breaks.push("a settlement discount is not allowed".to_string());
            } else if spec.amount < floor {
                breaks.push(format!("below the lowest settlement of {}", cur.display(floor)));
            } else {
                let max_off = percent_of(total, lim.max_discount);
                if total - spec.amount > max_off {
                    breaks.push(format!("a discount of more than {}% ({})", case.limits.max_discount_pct, cur.display(max_off)));
                }
            }
        } else if spec.waived > 0 && spec.waived == case.raw.charges && spec.amount == case.raw.principal {
            if !case.limits.may_waive_charges {
                breaks.push("waiving interest and fees is not allowed".to_string());
            }
        } else if spec.amount < floor {
            breaks.push(format!("pays less than the lowest settlement of {}", cur.display(floor)));
        }
    }
    let limit_end = schedule::add_months(case.raw.today, case.limits.max_months);
    if last > limit_end {
        breaks.push(format!("longer than {} months (last payment {})", case.limits.max_months, case.raw.style.format(last)));
    }
    if spec.plan.is_some() && regular < lim.min_instalment {
        breaks.push(format!("instalments below the smallest of {}", cur.display(lim.min_instalment)));
    }
    if spec.plan.is_some() && lim.good_faith > 0 {
        let first = rows.first().map(|r| r.amount).unwrap_or(0);
        let first_date = rows.first().map(|r| r.due_date).unwrap_or(case.raw.today);
        if first < lim.good_faith || first_date > case.raw.today + Duration::days(14) {
            breaks.push(format!("no good-faith first payment of {} within two weeks", cur.display(lim.good_faith)));
        }
    }
    // Affordability against the monthly capacity.
    let (affordable, affordability) = match case.raw.capacity {
        None => (None, "capacity not known yet".to_string()),
        Some(cap) => {
            let ok = if spec.plan.is_some() {
                per_month <= cap && spec.down.is_none_or(|(_, d)| d <= cap)
            } else {
                largest <= cap
            };
            let what = if spec.plan.is_some() { format!("{} a month", cur.display(per_month)) } else { format!("{} at once", cur.display(largest)) };
            (Some(ok), format!("{what} against {} a month they can pay", cur.display(cap)))
        }
    };
    let terms = terms_in_words(&cur, &rows, &spec, frequency, case);
    // A typed offer or its nearest alternative is named by its shape.
    let title = if key == "offer" || key == "nearest" { describe(&cur, &rows, &spec, frequency) } else { title.to_string() };
    Ok(Proposal {
        key: key.into(),
        kind: if spec.plan.is_some() { "plan" } else if spec.waived > 0 { "settlement" } else { "full" }.into(),
        title,
        terms,
        frequency,
        table: runs(&cur, &rows, frequency),
        round: false,
        schedule: rows
            .iter()
            .map(|r| Row {
                number: r.number,
                due_date: r.due_date.to_string(),
                amount: Amount::new(r.amount, &cur),
                interest: Amount::new(r.interest, &cur),
                balance_after: Amount::new(r.balance_after, &cur),
            })
            .collect(),
        total_received: Amount::new(received, &cur),
        waived: Amount::new(spec.waived, &cur),
        fully_paid_on: last.to_string(),
        within_bottom_line: breaks.is_empty(),
        breaks,
        affordable,
        affordability,
        largest_payment: Amount::new(largest, &cur),
        per_month: Amount::new(per_month, &cur),
        total_minor: received,
        waived_minor: spec.waived,
    })
}

pub fn describe(cur: &Currency, rows: &[Instalment], spec: &Spec, f: Option<Frequency>) -> String {
    match (f, spec.down) {
        (Some(f), Some((_, d))) => format!("{} now, then {} a {}", cur.display(d), cur.display(rows.get(1).map(|r| r.amount).unwrap_or(0)), f.label()),
        (Some(f), None) => format!("{} a {}", cur.display(rows.first().map(|r| r.amount).unwrap_or(0)), f.label()),
        (None, _) if spec.waived > 0 => format!("Settle for {}", cur.display(spec.amount)),
        (None, _) => "Pay in full".to_string(),
    }
}

pub fn terms_in_words(cur: &Currency, rows: &[Instalment], spec: &Spec, f: Option<Frequency>, case: &Case) -> String {
    let hd = |d: NaiveDate| case.raw.style.format(d);
    let mut parts = Vec::new();
    if let Some((d, a)) = spec.down {
        parts.push(format!("{} on {}", cur.display(a), hd(d)));
    }
    if let Some(d) = spec.lump_by {
        parts.push(format!("{} by {}", cur.display(spec.amount), hd(d)));
    }
    if let Some(f) = f {
        let plan: Vec<&Instalment> = rows.iter().skip(spec.down.is_some() as usize).collect();
        if let (Some(first), Some(last)) = (plan.first(), plan.last()) {
            let n = plan.len();
            if n == 1 {
                parts.push(format!("{} on {}", cur.display(first.amount), hd(first.due_date)));
            } else if first.amount == last.amount {
                parts.push(format!("{n} payments of {} a {} from {} to {}", cur.display(first.amount), f.label(), hd(first.due_date), hd(last.due_date)));
            } else {
                parts.push(format!(
                    "{n} payments a {} from {} to {}: {} × {} and a last one of {}",
                    f.label(),
                    hd(first.due_date),
                    hd(last.due_date),
                    n - 1,
                    cur.display(first.amount),
                    cur.display(last.amount)
                ));
            }
        }
    }
    let mut s = parts.join(", then ");
    let interest: i64 = rows.iter().map(|r| r.interest).sum();
    if spec.plan.is_some() {
        s.push_str(&if interest > 0 { format!("; interest {}% a year on the balance ({} in all)", case.limits.plan_interest_pct, cur.display(interest)) } else { "; no interest (0%)".into() });
    }
    if spec.waived > 0 {
        s.push_str(&format!("; {} waived if every payment is made on time", cur.display(spec.waived)));
    }
    s
}

pub fn fit_count(amount: i64, capacity_per_period: Option<i64>, min_payment: i64, max_n: usize) -> (usize, bool) {
    // Fewest payments that fit the capacity; never smaller than the minimum instalment.
    let by_min = if min_payment > 0 { (amount / min_payment).max(1) as usize } else { schedule::MAX_INSTALMENTS };
    match capacity_per_period {
        Some(c) if c > 0 => {
            let needed = ceil_div(amount, c).max(1) as usize;
            if needed <= max_n.max(1) {
                (needed.min(by_min).max(1), true)
            } else {
                (needed.min(schedule::MAX_INSTALMENTS), false)
            }
        }
        _ => (max_n.clamp(1, 6).min(by_min).max(1), true),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Options {
    pub case: Case,
    pub options: Vec<Proposal>,
    /// What to do when nothing fits both the bottom line and the capacity.
    pub recommendation: String,
}

/// The concrete offers for a case.
pub fn options(case: &Case) -> Result<Options> {
    let today = case.raw.today;
    let total = case.total();
    let principal = case.raw.principal;
    let lim = &case.limits.raw;
    let cap = case.raw.capacity;
    let per = |f: Frequency| cap.map(|c| (Decimal::from(c) / f.per_month()).floor().to_i64().unwrap_or(0));
    let mut out = Vec::new();
    let first_monthly = schedule::add_months(today, 1);
    out.push(build(case, "full", "Pay in full", Spec { amount: total, lump_by: Some(today + Duration::days(14)), ..Default::default() })?);
    // Every plan starts with the good-faith payment when the bottom line requires one.
    let required = (lim.good_faith > 0 && lim.good_faith < total).then_some(lim.good_faith);
    let cur = case.cur();
    let plan = |key: &str, label: &str, amount: i64, waived: i64, f: Frequency, first: NaiveDate, down: Option<i64>| -> Option<Proposal> {
        let rest = amount - down.unwrap_or(0);
        let max_n = max_periods(today, first, f, case.limits.max_months);
        let (n, _) = fit_count(rest, per(f), lim.min_instalment, max_n);
        if n < 2 && down.is_none() {
            return None;
        }
        let unit = match f {
            Frequency::Monthly => "monthly",
            Frequency::Fortnightly => "fortnightly",
            Frequency::Weekly => "weekly",
        };
        let title = match down {
            Some(dn) => format!("{label}{} now, then {n} {unit}", cur.display(dn)),
            None => format!("{label}{n} {unit} instalments"),
        };
        build(case, key, &title, Spec { amount, waived, down: down.map(|d| (today + Duration::days(7), d)), plan: Some((f, first, PlanSize::Count(n))), ..Default::default() }).ok()
    };
    out.extend(plan("plan_monthly", "", total, 0, Frequency::Monthly, first_monthly, required));
    out.extend(plan("plan_fortnightly", "", total, 0, Frequency::Fortnightly, today + Duration::days(21), required));
    out.extend(plan("plan_weekly", "", total, 0, Frequency::Weekly, today + Duration::days(14), required));
    if required.is_none() {
        // No good-faith payment required: still offer one, 10 % now.
        let down = percent_of(total, Decimal::from(10));
        if down > 0 && down < total {
            out.extend(plan("good_faith", "", total, 0, Frequency::Monthly, first_monthly, Some(down)));
        }
    }
    // A lump-sum settlement at the largest discount allowed.
    if case.limits.may_discount && lim.max_discount > Decimal::ZERO {
        let settle = (total - percent_of(total, lim.max_discount)).max(lim.min_settlement);
        if settle < total {
            let p = build(
                case,
                "settlement",
                &format!("Settle for {}", cur.display(settle)),
                Spec { amount: settle, waived: total - settle, lump_by: Some(today + Duration::days(14)), ..Default::default() },
            )?;
            out.push(p);
        }
    }
    // Interest and fees waived if the plan is completed.
    if case.limits.may_waive_charges && case.raw.charges > 0 {
        let down = required.map(|g| g.min(principal - 1)).filter(|g| *g > 0);
        out.extend(plan("waive", "Charges waived: ", principal, case.raw.charges, Frequency::Monthly, first_monthly, down));
    }
    // The monthly plans again in round amounts, easier to say and to set
    // up as a standing order: the same start, each payment (and the
    // good-faith one) rounded up, the last one smaller. Offered only when
    // it differs and stays within the bottom line.
    for key in ["plan_monthly", "good_faith", "waive"] {
        let Some(p) = out.iter().find(|p| p.key == key) else { continue };
        let down = key == "good_faith" || (required.is_some() && p.schedule.len() > 1);
        let amounts: Vec<i64> = p.schedule.iter().map(|r| cur.to_minor(r.amount.amount.parse().unwrap_or_default(), "amount").unwrap_or(0)).collect();
        let (down_amt, regular) = if down { (amounts.first().copied(), amounts.get(1).copied()) } else { (None, amounts.first().copied()) };
        let Some(regular) = regular else { continue };
        let round = round_up(regular, &cur);
        let down_round = down_amt.map(|a| round_up(a, &cur));
        if round == regular && down_round == down_amt {
            continue;
        }
        let amount = p.total_minor - if lim.plan_interest.is_zero() { 0 } else { p.schedule.iter().map(|r| cur.to_minor(r.interest.amount.parse().unwrap_or_default(), "amount").unwrap_or(0)).sum::<i64>() };
        let first = if down { p.schedule.get(1) } else { p.schedule.first() }.and_then(|r| NaiveDate::parse_from_str(&r.due_date, "%Y-%m-%d").ok());
        let Some(first) = first else { continue };
        let down_on = p.schedule.first().and_then(|r| NaiveDate::parse_from_str(&r.due_date, "%Y-%m-%d").ok());
        let spec = Spec { amount, waived: p.waived_minor, down: down_round.zip(down_on).map(|(a, d)| (d, a)), plan: Some((Frequency::Monthly, first, PlanSize::Payment(round))), ..Default::default() };
        if down_round.is_some_and(|d| d >= amount) {
            continue;
        }
        let title = match down_round {
            Some(d) => format!("{}{} now, then {} a month", if key == "waive" { "Charges waived: " } else { "" }, cur.display(d), cur.display(round)),
            None => format!("{} a month", cur.display(round)),
        };
        if let Ok(mut r) = build(case, &format!("{key}_round"), &format!("Round amounts: {title}"), spec) {
            if r.within_bottom_line && r.schedule.len() >= 2 {
                r.round = true;
                let at = out.iter().position(|x| x.key == key).map(|i| i + 1).unwrap_or(out.len());
                out.insert(at, r);
            }
        }
    }
    let fits = |p: &Proposal| p.within_bottom_line && p.affordable != Some(false);
    let mut recommendation = String::new();
    if !out.iter().any(fits) {
        // More time: a deferred start, as long a plan as the limits allow.
        let first = schedule::add_months(today, 2);
        let max_n = max_periods(today, first, Frequency::Monthly, case.limits.max_months).max(1);
        let n = max_n.min((total / lim.min_instalment.max(1)).max(1) as usize);
        if let Ok(p) = build(case, "deferred", &format!("More time: first payment in 2 months, {n} monthly"), Spec { amount: total, plan: Some((Frequency::Monthly, first, PlanSize::Count(n))), ..Default::default() }) {
            let ok = fits(&p);
            out.push(p);
            recommendation = if ok {
                "Nothing fits at once: offer more time, with the first payment in two months.".into()
            } else {
                "Nothing fits both your limits and what they can pay. Consider a hand-over review, or whether your limits can move for this client.".into()
            };
        }
    }
    Ok(Options { case: case.clone(), options: out, recommendation })
}

/// Moves an offer just enough to fit the bottom line, keeping its shape.
pub fn nearest(case: &Case, spec: &Spec) -> Option<Proposal> {
    let lim = &case.limits.raw;
    let total = case.total();
    let today = case.raw.today;
    let mut s = spec.clone();
    if s.lump_by.is_some() && s.plan.is_none() && s.amount < total {
        if case.limits.may_discount {
            let floor = lim.min_settlement.max(total - percent_of(total, lim.max_discount));
            s.amount = s.amount.max(floor);
            s.waived = total - s.amount;
        } else {
            s.amount = total;
            s.waived = 0;
        }
    }
    if let Some(by) = s.lump_by {
        s.lump_by = Some(by.min(schedule::add_months(today, case.limits.max_months)));
    }
    if let Some((f, first, size)) = s.plan {
        let mut first = first;
        let limit_end = schedule::add_months(today, case.limits.max_months);
        if first > limit_end {
            first = limit_end;
        }
        if lim.good_faith > 0 {
            let d = s.down.map(|(d, a)| (d.min(today + Duration::days(14)), a.max(lim.good_faith))).unwrap_or((today, lim.good_faith));
            s.down = Some(d);
        }
        if let Some((d, _)) = s.down {
            if first <= d {
                first = d + Duration::days(period_days(f).min(7));
            }
        }
        let rest = s.amount - s.down.map(|d| d.1).unwrap_or(0);
        let n_max = max_periods(today, first, f, case.limits.max_months).max(1);
        let payment = match size {
            PlanSize::Payment(p) => p,
            PlanSize::Count(n) => ceil_div(rest, n as i64),
        };
        let needed = ceil_div(rest, n_max as i64);
        let mut payment = payment.max(needed).max(lim.min_instalment);
        if !lim.plan_interest.is_zero() {
            // Interest lengthens a plan: raise the payment until it ends in time.
            for _ in 0..200 {
                match schedule::by_instalment(rest, first, f, lim.plan_interest, payment) {
                    Ok(p) if p.len() <= n_max => break,
                    _ => payment += (payment / 50).max(1),
                }
            }
        }
        s.plan = Some((f, first, PlanSize::Payment(payment.min(rest.max(1)))));
    }
    let p = build(case, "nearest", "Nearest acceptable", s).ok()?;
    p.within_bottom_line.then_some(p)
}

/// Checks a typed counter-offer against the bottom line and the capacity.
pub fn check(case: &Case, text: &str) -> Result<Verdict> {
    let text = clean(text, &rule("offer", 300, true, false))?;
    let (understood, spec) = parse_offer(case, &text)?;
    let proposal = build(case, "offer", "Their offer", spec.clone())?;
    let acceptable = proposal.within_bottom_line;
    let nearest = if acceptable { None } else { nearest(case, &spec) };
    Ok(Verdict { understood, acceptable, proposal, nearest })
}

#[derive(Deserialize)]
pub struct AmountIn {
    pub amount: String,
    pub currency: String,
    pub display: String,
}

impl AmountIn {
    pub fn into_amount(self) -> Amount {
        Amount { amount: self.amount, currency: self.currency, display: self.display }
    }
}

