//! Negotiation inside a bottom line: the owner's private limits, the case
//! (balance, charges, the debtor's capacity, reason and proposal), a small
//! set of concrete options with exact schedules, counter-offers checked
//! against the limits with the nearest acceptable alternative, and
//! "agreed in principle" arrangements for the written-confirmation step.
//!
//! The bottom line is private: it is returned to the owner's screens only,
//! never rendered into a message, letter or arrangement text.

use crate::chase::{self, Ctx, ItemInvoice};
use crate::error::{Error, Result};
use crate::ledger::{append_event_detail, client, now_stamp};
use crate::model::Amount;
use crate::money::{parse_amount, parse_decimal_lenient, Currency};
use crate::schedule::{self, Frequency, Instalment};
use crate::text::{clean, rule};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

// ------------------------------------------------------------ bottom line

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

fn pct(s: &str, field: &str) -> Result<Option<Decimal>> {
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

fn amount_opt(s: &str, cur: &Currency, field: &str) -> Result<Option<i64>> {
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

pub fn business_bottom_line(conn: &Connection) -> Result<BottomLine> {
    crate::settings::get(conn, "bottom_line")
}

pub fn save_business_bottom_line(conn: &Connection, b: &BottomLine) -> Result<BottomLine> {
    let v = b.validate(&crate::ledger::business_currency(conn)?)?;
    crate::settings::put(conn, "bottom_line", &v)?;
    Ok(v)
}

/// The client's own limits, if any (None = the business's).
pub fn client_bottom_line(conn: &Connection, client_id: i64) -> Result<Option<BottomLine>> {
    let s: String = conn
        .query_row("SELECT bottom_line FROM clients WHERE id = ?1", [client_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no client with id {client_id}")))?;
    Ok(if s.is_empty() { None } else { serde_json::from_str(&s).ok() })
}

pub fn save_client_bottom_line(conn: &Connection, client_id: i64, b: Option<&BottomLine>, today: NaiveDate) -> Result<Option<BottomLine>> {
    let c = client(conn, client_id)?;
    let v = match b {
        Some(b) => Some(b.validate(&crate::ledger::business_currency(conn)?)?),
        None => None,
    };
    let json = v.as_ref().map(|b| serde_json::to_string(b).unwrap_or_default()).unwrap_or_default();
    let tx = conn.unchecked_transaction()?;
    tx.execute("UPDATE clients SET bottom_line = ?2 WHERE id = ?1", params![c.id, json])?;
    // The values stay private: the history notes only that they changed.
    append_event_detail(&tx, c.id, today, "bottom_line", if v.is_some() { "Own negotiation limits set for this client" } else { "Negotiation limits: back to the business default" }, "")?;
    tx.commit()?;
    Ok(v)
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
    raw: RawLimits,
}

#[derive(Debug, Clone, Default)]
struct RawLimits {
    min_settlement: i64,
    min_instalment: i64,
    good_faith: i64,
    max_discount: Decimal,
    plan_interest: Decimal,
}

fn percent_of(total: i64, p: Decimal) -> i64 {
    (Decimal::from(total) * p / Decimal::from(100)).round_dp_with_strategy(0, RoundingStrategy::AwayFromZero).to_i64().unwrap_or(0)
}

fn resolve(b: &BottomLine, source: &str, total: i64, cur: &Currency) -> Result<Limits> {
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

// ------------------------------------------------------------------- case

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
    raw: RawCase,
}

#[derive(Debug, Clone, Default)]
struct RawCase {
    /// How the business writes dates (in the terms' words).
    style: crate::dates::DateStyle,
    principal: i64,
    charges: i64,
    interest: i64,
    compensation: i64,
    fees: i64,
    capacity: Option<i64>,
    today: NaiveDate,
    code: String,
}

impl Case {
    fn cur(&self) -> Currency {
        Currency::find(&self.raw.code).expect("case currency")
    }
    fn total(&self) -> i64 {
        self.raw.principal + self.raw.charges
    }
}

/// Builds the case from the ledger and the owner's notes, without storing.
pub fn case(conn: &Connection, ctx: &Ctx, input: &CaseInput) -> Result<Case> {
    let p = chase::prepare(conn, ctx, &chase::ComposeInput { client_id: input.client_id, stage_id: None, channel: String::new(), invoice_ids: input.invoice_ids.clone() })?;
    let cur = p.currency;
    let capacity = match input.capacity.trim() {
        "" => None,
        s => {
            let d = parse_decimal_lenient(s.trim_start_matches(['£', '€', '$']), false)
                .map_err(|_| Error::invalid("capacity", format!("'{s}' is not an amount")))?;
            if d <= Decimal::ZERO {
                return Err(Error::invalid("capacity", "must be more than zero; if they can pay nothing now, leave it empty and consider more time or a hand-over review"));
            }
            Some(cur.to_minor(d, "capacity")?)
        }
    };
    let principal = p.invoices.iter().map(|i| i.outstanding).sum::<i64>();
    let charges = p.charges.charges_minor;
    let (b, source) = match client_bottom_line(conn, p.client.id)? {
        Some(b) => (b, "client"),
        None => (business_bottom_line(conn)?, "business"),
    };
    let limits = resolve(&b, source, principal + charges, &cur)?;
    Ok(Case {
        client_id: p.client.id,
        client_name: p.client.name.clone(),
        as_of: ctx.today.to_string(),
        currency: cur.code.to_string(),
        invoice_ids: p.invoices.iter().map(|i| i.id).collect(),
        invoices: p
            .invoices
            .iter()
            .map(|i| ItemInvoice { id: i.id, number: i.number.clone(), due_date: i.due.to_string(), outstanding: Amount::new(i.outstanding, &cur), days_overdue: (ctx.today - i.due).num_days() })
            .collect(),
        principal: Amount::new(principal, &cur),
        charges: Amount::new(charges, &cur),
        total: Amount::new(principal + charges, &cur),
        capacity: capacity.map(|c| Amount::new(c, &cur)),
        reason: clean(&input.reason, &rule("reason", 200, false, false))?,
        circumstances: clean(&input.circumstances, &rule("circumstances", 4000, false, true))?,
        proposal: clean(&input.proposal, &rule("proposal", 2000, false, true))?,
        limits,
        raw: RawCase { style: p.business.date_style(), principal, charges, interest: p.charges.interest_minor, compensation: p.charges.compensation_minor, fees: p.charges.fees_minor, capacity, today: ctx.today, code: cur.code.to_string() },
    })
}

/// Stores the owner's notes on the open negotiation of a client (one open
/// negotiation per client), writing a history line when they change.
pub fn save_case(conn: &mut Connection, ctx: &Ctx, input: &CaseInput) -> Result<Case> {
    let c = case(conn, ctx, input)?;
    let tx = conn.transaction()?;
    let existing: Option<(i64, Option<i64>, String)> = tx
        .query_row("SELECT id, capacity_minor, reason FROM negotiations WHERE client_id = ?1 AND status = 'open'", [c.client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let ids = serde_json::to_string(&c.invoice_ids).unwrap_or_default();
    match &existing {
        Some((id, ..)) => {
            tx.execute(
                "UPDATE negotiations SET invoice_ids = ?2, capacity_minor = ?3, reason = ?4, circumstances = ?5, proposal = ?6, updated_at = ?7 WHERE id = ?1",
                params![id, ids, c.raw.capacity, c.reason, c.circumstances, c.proposal, now_stamp()],
            )?;
        }
        None => {
            tx.execute(
                "INSERT INTO negotiations (client_id, invoice_ids, capacity_minor, reason, circumstances, proposal, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![c.client_id, ids, c.raw.capacity, c.reason, c.circumstances, c.proposal, now_stamp()],
            )?;
        }
    }
    let changed = existing.as_ref().is_none_or(|(_, cap, reason)| *cap != c.raw.capacity || *reason != c.reason);
    if changed && (c.raw.capacity.is_some() || !c.reason.is_empty()) {
        let mut parts = Vec::new();
        if let Some(cap) = &c.capacity {
            parts.push(format!("can pay {} a month", cap.display));
        }
        if !c.reason.is_empty() {
            parts.push(format!("reason: {}", chase::reason_label(&c.reason)));
        }
        append_event_detail(&tx, c.client_id, ctx.today, "negotiation_notes", &format!("Negotiation: {}", parts.join("; ")), &c.circumstances)?;
    }
    tx.commit()?;
    Ok(c)
}

/// The notes of a client's open negotiation, else of the latest one.
pub fn open_case_input(conn: &Connection, client_id: i64) -> Result<Option<CaseInput>> {
    Ok(conn
        .query_row(
            "SELECT invoice_ids, capacity_minor, reason, circumstances, proposal FROM negotiations WHERE client_id = ?1
             ORDER BY status = 'open' DESC, id DESC LIMIT 1",
            [client_id],
            |r| {
                let ids: String = r.get(0)?;
                let cap: Option<i64> = r.get(1)?;
                Ok((ids, cap, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
            },
        )
        .optional()?
        .map(|(ids, cap, reason, circumstances, proposal)| {
            let invoice_ids: Vec<i64> = serde_json::from_str(&ids).unwrap_or_default();
            let currency = chase::open_invoices(conn, Some(client_id))
                .ok()
                .and_then(|v| v.into_iter().find(|o| invoice_ids.is_empty() || invoice_ids.contains(&o.id)).map(|o| o.currency))
                .and_then(|c| Currency::find(&c).ok());
            CaseInput {
                client_id,
                invoice_ids,
                capacity: match (cap, currency) {
                    (Some(m), Some(c)) => c.plain(m),
                    _ => String::new(),
                },
                reason,
                circumstances,
                proposal,
            }
        }))
}

// ---------------------------------------------------------------- options

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
    total_minor: i64,
    #[serde(skip)]
    waived_minor: i64,
}

/// How a proposal is built; re-buildable, so agreeing recomputes it.
#[derive(Debug, Clone, Default)]
struct Spec {
    /// Amount to be paid in all (before plan interest), minor units.
    amount: i64,
    waived: i64,
    down: Option<(NaiveDate, i64)>,
    /// Instalments: frequency, first date, count or fixed payment.
    plan: Option<(Frequency, NaiveDate, PlanSize)>,
    /// One payment by a date (full or settlement).
    lump_by: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy)]
enum PlanSize {
    Count(usize),
    Payment(i64),
}

impl Default for PlanSize {
    fn default() -> Self {
        PlanSize::Count(1)
    }
}

fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let m = (to.year() - from.year()) as i64 * 12 + to.month() as i64 - from.month() as i64;
    if to.day() > from.day() { m + 1 } else { m }
}

fn period_days(f: Frequency) -> i64 {
    match f {
        Frequency::Weekly => 7,
        Frequency::Fortnightly => 14,
        Frequency::Monthly => 30,
    }
}

/// The number of `f` periods from `first` whose dates stay within `months` of `today`.
fn max_periods(today: NaiveDate, first: NaiveDate, f: Frequency, months: u32) -> usize {
    let end = schedule::add_months(today, months);
    if first > end {
        return 0;
    }
    match f {
        Frequency::Monthly => (months_between(first, end).max(0) as usize + 1).min(schedule::MAX_INSTALMENTS),
        _ => (((end - first).num_days() / period_days(f)) as usize + 1).min(schedule::MAX_INSTALMENTS),
    }
}

fn build(case: &Case, key: &str, title: &str, spec: Spec) -> Result<Proposal> {
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

fn describe(cur: &Currency, rows: &[Instalment], spec: &Spec, f: Option<Frequency>) -> String {
    match (f, spec.down) {
        (Some(f), Some((_, d))) => format!("{} now, then {} a {}", cur.display(d), cur.display(rows.get(1).map(|r| r.amount).unwrap_or(0)), f.label()),
        (Some(f), None) => format!("{} a {}", cur.display(rows.first().map(|r| r.amount).unwrap_or(0)), f.label()),
        (None, _) if spec.waived > 0 => format!("Settle for {}", cur.display(spec.amount)),
        (None, _) => "Pay in full".to_string(),
    }
}

fn terms_in_words(cur: &Currency, rows: &[Instalment], spec: &Spec, f: Option<Frequency>, case: &Case) -> String {
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
                    "{} payments of {} a {} from {}, the last of {} on {}",
                    n - 1,
                    cur.display(first.amount),
                    f.label(),
                    hd(first.due_date),
                    cur.display(last.amount),
                    hd(last.due_date)
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

fn fit_count(amount: i64, capacity_per_period: Option<i64>, min_payment: i64, max_n: usize) -> (usize, bool) {
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

// ---------------------------------------------------------- counter-offers

/// What a typed offer was understood as.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// The offer restated, so the owner sees how it was read.
    pub understood: String,
    pub acceptable: bool,
    pub proposal: Proposal,
    /// The closest offer inside the bottom line, if the typed one is not.
    pub nearest: Option<Proposal>,
}

fn find_amounts(text: &str) -> Vec<(usize, Decimal)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c.is_ascii_digit() {
            let start = pos;
            let mut j = i;
            while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == ',' || chars[j].1 == '.') {
                j += 1;
            }
            let end = if j < chars.len() { chars[j].0 } else { text.len() };
            let raw = text[start..end].trim_end_matches(['.', ',']);
            let mut k = j;
            // "2k" = 2,000
            let mut mult = Decimal::ONE;
            if k < chars.len() && (chars[k].1 == 'k' || chars[k].1 == 'K') && chars.get(k + 1).is_none_or(|(_, c)| !c.is_alphabetic()) {
                mult = Decimal::from(1000);
                k += 1;
            }
            // Skip what is part of a date (2027-01-15, 15/01) or an ordinal/duration ("3 months").
            let before = text[..start].chars().next_back();
            let after_word: String = text[end..].trim_start().chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
            let is_count = ["months", "month", "weeks", "week", "fortnights", "days", "day", "payments", "instalments", "installments", "st", "nd", "rd", "th", "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug", "august", "sep", "september", "oct", "october", "nov", "november", "dec", "december"]
                .iter()
                .any(|w| after_word == *w || after_word.starts_with(w) && w.len() >= 3);
            let is_date_part = text[end..].starts_with('-') || before == Some('-') || text[end..].starts_with('/') || before == Some('/');
            let has_symbol = matches!(before, Some('£' | '€' | '$'));
            if (!is_count || has_symbol) && !is_date_part {
                if let Ok(d) = parse_decimal_lenient(raw, false) {
                    out.push((start, d * mult));
                }
            }
            i = k.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

fn month_number(word: &str) -> Option<u32> {
    let m = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    m.iter().position(|p| word.starts_with(p)).map(|i| i as u32 + 1)
}

/// A date written in the offer: ISO, "15 January (2027)", "next week/month",
/// "in N days/weeks/months", "today", "now", "tomorrow", "friday".
fn find_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let lower = text.to_lowercase();
    for w in lower.split(|c: char| c.is_whitespace() || c == ',') {
        if let Ok(d) = NaiveDate::parse_from_str(w.trim_matches(['.', ')', '(']), "%Y-%m-%d") {
            return Some(d);
        }
    }
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for (i, w) in words.iter().enumerate() {
        let num = w.trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>().ok();
        if let (Some(day), Some(m)) = (num, words.get(i + 1).and_then(|n| month_number(n))) {
            if (1..=31).contains(&day) && words.get(i + 1).is_some_and(|n| n.len() >= 3) {
                let year = words.get(i + 2).and_then(|y| y.parse::<i32>().ok()).filter(|y| (1990..=2100).contains(y));
                let mut d = NaiveDate::from_ymd_opt(year.unwrap_or(today.year()), m, day)?;
                if year.is_none() && d < today {
                    d = NaiveDate::from_ymd_opt(today.year() + 1, m, day)?;
                }
                return Some(d);
            }
        }
        if (*w == "in" || *w == "after") && i + 2 < words.len() {
            if let Ok(n) = words[i + 1].parse::<i64>() {
                let unit = words[i + 2];
                if unit.starts_with("day") {
                    return Some(today + Duration::days(n));
                } else if unit.starts_with("week") {
                    return Some(today + Duration::days(7 * n));
                } else if unit.starts_with("month") {
                    return Some(schedule::add_months(today, n as u32));
                }
            }
        }
        if *w == "next" {
            match words.get(i + 1) {
                Some(&"week") => return Some(today + Duration::days(7)),
                Some(&"month") => return Some(schedule::add_months(today, 1)),
                _ => {}
            }
        }
        const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        if let Some(wd) = DAYS.iter().position(|d| d == w) {
            let cur = today.weekday().num_days_from_monday() as i64;
            let ahead = (wd as i64 - cur + 7) % 7;
            return Some(today + Duration::days(if ahead == 0 { 7 } else { ahead }));
        }
        if *w == "tomorrow" {
            return Some(today + Duration::days(1));
        }
    }
    None
}

/// Reads an offer such as "£150 a month starting next month", "£2,000 now
/// to settle", "£500 now and £100 a fortnight", "in full by 31 January".
fn parse_offer(case: &Case, text: &str) -> Result<(String, Spec)> {
    let cur = case.cur();
    let today = case.raw.today;
    let lower = text.to_lowercase();
    let t = lower.trim();
    if t.is_empty() {
        return Err(Error::invalid("offer", "type what they propose, e.g. \"£150 a month starting next month\" or \"£2,000 now to settle\""));
    }
    let amounts = find_amounts(&lower);
    let to_minor = |d: Decimal| -> Result<i64> {
        if d <= Decimal::ZERO {
            return Err(Error::invalid("offer", "amounts must be more than zero"));
        }
        Ok(cur.to_minor(d, "offer")?)
    };
    let freq_at = [
        (Frequency::Weekly, ["a week", "per week", "weekly", "/week", "/wk", "each week", "every week"].as_slice()),
        (Frequency::Fortnightly, ["a fortnight", "per fortnight", "fortnightly", "every two weeks", "every 2 weeks", "biweekly"].as_slice()),
        (Frequency::Monthly, ["a month", "per month", "monthly", "/month", "/mo", "each month", "every month", "pcm", "a mo"].as_slice()),
    ]
    .iter()
    .filter_map(|(f, words)| words.iter().filter_map(|w| lower.find(w)).min().map(|pos| (*f, pos)))
    .min_by_key(|(_, pos)| *pos);
    let total = case.total();
    let now_words = ["now", "today", "up front", "upfront", "straight away", "immediately", "right away"];
    let has_now = now_words.iter().any(|w| lower.contains(w));
    let date = find_date(&lower, today);
    let hd = |d: NaiveDate| case.raw.style.format(d);
    if let Some((f, fpos)) = freq_at {
        // The instalment is the amount just before the frequency word; any
        // other amount is a payment now.
        let inst = amounts.iter().rfind(|(p, _)| *p < fpos).or_else(|| amounts.first()).ok_or_else(|| Error::invalid("offer", "say how much each payment is, e.g. \"£150 a month\""))?;
        let instalment = to_minor(inst.1)?;
        let down = amounts.iter().find(|(p, _)| *p != inst.0).map(|(_, d)| to_minor(*d)).transpose()?;
        let down_date = today;
        let first = match date {
            Some(d) if d > today => d,
            _ => match f {
                Frequency::Monthly => schedule::add_months(today, 1),
                Frequency::Fortnightly => today + Duration::days(14),
                Frequency::Weekly => today + Duration::days(7),
            },
        };
        if let Some(dn) = down {
            if dn >= total {
                return Err(Error::invalid("offer", format!("{} now already covers the {} owed", cur.display(dn), cur.display(total))));
            }
        }
        let understood = format!(
            "{}{} a {} from {}",
            down.map(|d| format!("{} on {}, then ", cur.display(d), hd(down_date))).unwrap_or_default(),
            cur.display(instalment),
            f.label(),
            hd(first)
        );
        return Ok((understood, Spec { amount: total, down: down.map(|d| (down_date, d)), plan: Some((f, first, PlanSize::Payment(instalment))), ..Default::default() }));
    }
    let settle_words = ["settle", "full and final", "to clear", "clear it", "close it", "final settlement", "to close"];
    if settle_words.iter().any(|w| lower.contains(w)) {
        let a = amounts.first().ok_or_else(|| Error::invalid("offer", "say how much they offer to settle, e.g. \"£2,000 now to settle\""))?;
        let amount = to_minor(a.1)?;
        if amount > total {
            return Err(Error::invalid("offer", format!("{} is more than the {} owed: that is payment in full, not a settlement", cur.display(amount), cur.display(total))));
        }
        let by = if has_now { today } else { date.unwrap_or(today + Duration::days(14)) };
        let understood = format!("{} by {} in full and final settlement", cur.display(amount), hd(by));
        return Ok((understood, Spec { amount, waived: total - amount, lump_by: Some(by), ..Default::default() }));
    }
    let in_full = ["in full", "everything", "all of it", "the lot", "whole", "full amount", "pay it all", "all by", "everything by"];
    if in_full.iter().any(|w| lower.contains(w)) || (amounts.is_empty() && date.is_some()) {
        let by = date.unwrap_or(today + Duration::days(14));
        return Ok((format!("{} in full by {}", cur.display(total), hd(by)), Spec { amount: total, lump_by: Some(by), ..Default::default() }));
    }
    if let Some(a) = amounts.first() {
        let amount = to_minor(a.1)?;
        if amount >= total {
            let by = date.unwrap_or(if has_now { today } else { today + Duration::days(14) });
            return Ok((format!("{} in full by {}", cur.display(total), hd(by)), Spec { amount: total, lump_by: Some(by), ..Default::default() }));
        }
        // A single part payment, with nothing said about the rest.
        let by = date.unwrap_or(today);
        let understood = format!("{} by {} and nothing said about the remaining {}", cur.display(amount), hd(by), cur.display(total - amount));
        return Ok((understood, Spec { amount, waived: total - amount, lump_by: Some(by), ..Default::default() }));
    }
    Err(Error::invalid("offer", "could not read an amount or a date; try \"£150 a month starting next month\", \"£500 now and £100 a fortnight\" or \"£2,000 now to settle\""))
}

/// Moves an offer just enough to fit the bottom line, keeping its shape.
fn nearest(case: &Case, spec: &Spec) -> Option<Proposal> {
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

// ------------------------------------------------------- history & agree

/// Logs an offer made or received in the client's history (and `offers`).
pub fn record_offer(conn: &mut Connection, case: &Case, direction: &str, text: &str, proposal: &Proposal) -> Result<()> {
    let tx = conn.transaction()?;
    record_offer_in(&tx, case, direction, text, proposal)?;
    tx.commit()?;
    Ok(())
}

fn record_offer_in(tx: &Connection, case: &Case, direction: &str, text: &str, proposal: &Proposal) -> Result<()> {
    if direction != "made" && direction != "received" {
        return Err(Error::invalid("direction", "made or received"));
    }
    let text = clean(text, &rule("offer", 300, true, false))?;
    tx.execute(
        "INSERT INTO offers (client_id, direction, text, terms, total_minor, currency, acceptable, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![case.client_id, direction, text, proposal.terms, proposal.total_minor, case.currency, proposal.within_bottom_line, now_stamp()],
    )?;
    let summary = if direction == "received" {
        format!("Offer received: \u{201c}{text}\u{201d} ({})", if proposal.within_bottom_line { "acceptable" } else { "not acceptable" })
    } else {
        format!("Offer made: {}", proposal.title)
    };
    append_event_detail(tx, case.client_id, case.raw.today, &format!("offer_{direction}"), &summary, &proposal.terms)?;
    Ok(())
}

/// What the owner agrees in principle: one of the generated options (by key)
/// or a typed offer, recomputed here from the stored case.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AgreeInput {
    pub client_id: i64,
    pub option_key: String,
    pub offer: String,
    /// With `offer`: agree on the nearest acceptable alternative to it.
    pub use_nearest: bool,
    /// Required when the arrangement is outside the bottom line; logged.
    pub override_reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Arrangement {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub status: String,
    pub title: String,
    pub terms: String,
    pub kind: String,
    pub total: Amount,
    pub waived: Amount,
    pub schedule: Vec<Row>,
    pub invoice_ids: Vec<i64>,
    pub within_bottom_line: bool,
    pub override_reason: String,
    pub created_at: String,
}

/// The balance an arrangement was agreed on (stored with it, so the written
/// agreement acknowledges exactly that).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Basis {
    pub as_of: String,
    pub principal_minor: i64,
    /// Interest and fixed compensation together.
    pub interest_minor: i64,
    /// Of `interest_minor`, the fixed compensation (0 in bases kept before
    /// it was told apart).
    #[serde(default)]
    pub compensation_minor: i64,
    pub fees_minor: i64,
    /// Yearly interest built into the instalments, in percent ("0" = none).
    pub plan_interest_pct: String,
    /// "monthly", "fortnightly", "weekly"; empty for a single payment.
    pub frequency: String,
}

/// The stored basis of an arrangement; None for one agreed before it was kept.
pub fn basis(conn: &Connection, arrangement_id: i64) -> Result<Option<Basis>> {
    let s: String = conn.query_row("SELECT basis FROM arrangements WHERE id = ?1", [arrangement_id], |r| r.get(0))?;
    Ok(if s.is_empty() { None } else { serde_json::from_str(&s).ok() })
}

pub fn agree(conn: &mut Connection, ctx: &Ctx, input: &AgreeInput) -> Result<Arrangement> {
    let notes = open_case_input(conn, input.client_id)?.unwrap_or(CaseInput { client_id: input.client_id, ..Default::default() });
    let c = case(conn, ctx, &notes)?;
    let mut received = None;
    let proposal = if !input.offer.trim().is_empty() {
        let v = check(&c, &input.offer)?;
        received = Some(v.proposal.clone());
        if input.use_nearest {
            v.nearest.ok_or_else(|| Error::invalid("offer", "there is no acceptable alternative close to this offer"))?
        } else {
            v.proposal
        }
    } else {
        options(&c)?.options.into_iter().find(|p| p.key == input.option_key).ok_or_else(|| Error::invalid("option", format!("'{}' is not one of the options for this case", input.option_key)))?
    };
    let reason = clean(&input.override_reason, &rule("reason", 500, false, false))?;
    if !proposal.within_bottom_line && reason.is_empty() {
        return Err(Error::invalid("override reason", format!("this is outside your bottom line ({}); give a reason to agree anyway, or choose the nearest acceptable alternative", proposal.breaks.join("; "))));
    }
    let existing: i64 = conn.query_row("SELECT COUNT(*) FROM arrangements WHERE client_id = ?1 AND status = 'agreed_in_principle'", [c.client_id], |r| r.get(0))?;
    if existing > 0 {
        return Err(Error::Conflict(format!("{} already has an arrangement agreed in principle; withdraw it first", c.client_name)));
    }
    let tx = conn.transaction()?;
    // The offer agreed on (or answered with the nearest alternative) is kept too.
    if let Some(r) = &received {
        record_offer_in(&tx, &c, "received", &input.offer, r)?;
    }
    let terms_json = serde_json::to_string(&proposal.schedule).unwrap_or_default();
    // What the written agreement will acknowledge: the balance on this day.
    let with_interest = proposal.schedule.iter().any(|r| !r.interest.amount.trim_start_matches(['0', '.']).is_empty());
    let basis = Basis {
        as_of: c.raw.today.to_string(),
        principal_minor: c.raw.principal,
        interest_minor: c.raw.interest,
        compensation_minor: c.raw.compensation,
        fees_minor: c.raw.fees,
        plan_interest_pct: if with_interest { c.limits.plan_interest_pct.clone() } else { "0".into() },
        frequency: proposal.frequency.map(|f| f.label().to_string()).unwrap_or_default(),
    };
    tx.execute(
        "INSERT INTO arrangements (client_id, status, kind, title, terms, schedule, total_minor, waived_minor, currency, invoice_ids, within_bottom_line, override_reason, created_at, basis)
         VALUES (?1, 'agreed_in_principle', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            c.client_id,
            proposal.kind,
            proposal.title,
            proposal.terms,
            terms_json,
            proposal.total_minor,
            proposal.waived_minor,
            c.currency,
            serde_json::to_string(&c.invoice_ids).unwrap_or_default(),
            proposal.within_bottom_line,
            reason,
            now_stamp(),
            serde_json::to_string(&basis).unwrap_or_default()
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute("UPDATE negotiations SET status = 'agreed', updated_at = ?2 WHERE client_id = ?1 AND status = 'open'", params![c.client_id, now_stamp()])?;
    let mut summary = format!("Agreed in principle: {} — {}", proposal.title, proposal.terms);
    if !reason.is_empty() {
        summary.push_str(&format!(" (outside the bottom line: {reason})"));
    }
    append_event_detail(&tx, c.client_id, ctx.today, "agreed_in_principle", &summary, &proposal.schedule.iter().map(|r| format!("{}. {} {} (balance {})", r.number, r.due_date, r.amount.display, r.balance_after.display)).collect::<Vec<_>>().join("\n"))?;
    tx.commit()?;
    arrangement(conn, id)
}

pub fn withdraw(conn: &mut Connection, id: i64, reason: &str, today: NaiveDate) -> Result<()> {
    let reason = clean(reason, &rule("reason", 500, true, false))?;
    let a = arrangement(conn, id)?;
    if a.status != "agreed_in_principle" {
        return Err(Error::Conflict(format!("arrangement {id} is {}", a.status)));
    }
    let tx = conn.transaction()?;
    crate::agreement::before_withdraw(&tx, id, &reason, today)?;
    tx.execute("UPDATE arrangements SET status = 'withdrawn' WHERE id = ?1", [id])?;
    append_event_detail(&tx, a.client_id, today, "arrangement_withdrawn", &format!("Arrangement withdrawn: {} ({reason})", a.title), "")?;
    tx.commit()?;
    Ok(())
}

fn arrangement_row(r: &rusqlite::Row) -> rusqlite::Result<Arrangement> {
    let code: String = r.get(9)?;
    let cur = Currency::find(&code).unwrap_or(crate::money::CURRENCIES[0]);
    let schedule: Vec<Row> = serde_json::from_str::<Vec<serde_json::Value>>(&r.get::<_, String>(6)?)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| {
            Some(Row {
                number: v["number"].as_u64()? as usize,
                due_date: v["due_date"].as_str()?.to_string(),
                amount: serde_json::from_value::<AmountIn>(v["amount"].clone()).ok()?.into_amount(),
                interest: serde_json::from_value::<AmountIn>(v["interest"].clone()).ok()?.into_amount(),
                balance_after: serde_json::from_value::<AmountIn>(v["balance_after"].clone()).ok()?.into_amount(),
            })
        })
        .collect();
    Ok(Arrangement {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client_name: r.get(2)?,
        status: r.get(3)?,
        kind: r.get(4)?,
        title: r.get(5)?,
        terms: r.get(10)?,
        total: Amount::new(r.get(7)?, &cur),
        waived: Amount::new(r.get(8)?, &cur),
        schedule,
        invoice_ids: serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or_default(),
        within_bottom_line: r.get(12)?,
        override_reason: r.get(13)?,
        created_at: r.get(14)?,
    })
}

#[derive(Deserialize)]
struct AmountIn {
    amount: String,
    currency: String,
    display: String,
}

impl AmountIn {
    fn into_amount(self) -> Amount {
        Amount { amount: self.amount, currency: self.currency, display: self.display }
    }
}

const ARR_COLUMNS: &str = "a.id, a.client_id, c.name, a.status, a.kind, a.title, a.schedule, a.total_minor, a.waived_minor, a.currency, a.terms, a.invoice_ids, a.within_bottom_line, a.override_reason, a.created_at";

pub fn arrangement(conn: &Connection, id: i64) -> Result<Arrangement> {
    conn.query_row(&format!("SELECT {ARR_COLUMNS} FROM arrangements a JOIN clients c ON c.id = a.client_id WHERE a.id = ?1"), [id], arrangement_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no arrangement {id}")))
}

pub fn arrangements(conn: &Connection, client_id: Option<i64>) -> Result<Vec<Arrangement>> {
    let mut st = conn.prepare(&format!(
        "SELECT {ARR_COLUMNS} FROM arrangements a JOIN clients c ON c.id = a.client_id WHERE (?1 IS NULL OR a.client_id = ?1) ORDER BY a.id DESC"
    ))?;
    let rows = st.query_map([client_id], arrangement_row)?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Invoices under an arrangement agreed in principle (and so under its
/// written agreement while that is live): not chased one by one.
pub fn covered_invoices(conn: &Connection) -> Result<std::collections::HashSet<i64>> {
    let mut st = conn.prepare("SELECT invoice_ids FROM arrangements WHERE status = 'agreed_in_principle'")?;
    let mut out = std::collections::HashSet::new();
    for r in st.query_map([], |r| r.get::<_, String>(0))? {
        for id in serde_json::from_str::<Vec<i64>>(&r?).unwrap_or_default() {
            out.insert(id);
        }
    }
    // The agreed charges of a live agreement, made an invoice when it became active.
    let mut st = conn.prepare("SELECT charges_invoice_id FROM agreements WHERE charges_invoice_id IS NOT NULL AND status IN ('active', 'defaulted')")?;
    for r in st.query_map([], |r| r.get::<_, i64>(0))? {
        out.insert(r?);
    }
    Ok(out)
}
