//! Promises to pay: an amount by a date, covering some of a client's
//! invoices. States: pending → kept / partly_kept / broken, or cancelled.
//!
//! A pending promise pauses chasing of its invoices until its date plus the
//! grace period (chasing may resume the day after). Payments allocated to the
//! covered invoices and dated on or after the day the promise was made count
//! towards it: once they reach the amount it is kept. When the grace period
//! has passed without that, it is broken (nothing paid) or partly kept, and
//! chasing resumes at the next stage. `refresh` applies these rules as of a
//! date and writes each change to the history.

pub use crate::store::promises::{broken, get, list, pauses, PromiseRow};
pub(crate) use crate::store::promises::open_invoices_of;
use crate::store::promises::{self as store, kept_on, paid_towards};
use crate::error::{Error, Result};
use crate::ledger::{append_event_detail, client};
use crate::money::{parse_amount, Currency};
use crate::text::{clean, parse_iso_date, rule};
use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PromiseInput {
    pub client_id: i64,
    /// Decimal string.
    pub amount: String,
    /// ISO date by which the debtor will pay.
    pub date: String,
    /// Invoices covered; empty = all the client's open invoices, oldest first.
    pub invoice_ids: Vec<i64>,
    pub note: String,
}

use crate::ledger::date as d;

/// Records a promise in the caller's transaction; returns its id.
pub fn create_in(tx: &Connection, input: &PromiseInput, today: NaiveDate, contact_id: Option<i64>) -> Result<i64> {
    let cl = client(tx, input.client_id).map_err(|_| Error::invalid("client", format!("there is no client with id {}", input.client_id)))?;
    let date = parse_iso_date(&input.date, "promise date")?;
    if date < today {
        return Err(Error::invalid("promise date", format!("{date} is in the past; a promise is for a date to come")));
    }
    if date > today + Duration::days(366) {
        return Err(Error::invalid("promise date", "is more than a year away; agree a payment plan instead"));
    }
    let note = clean(&input.note, &rule("note", 2000, false, true))?;
    let open = open_invoices_of(tx, cl.id)?;
    if open.is_empty() {
        return Err(Error::invalid("invoices", format!("{} has nothing outstanding", cl.name)));
    }
    let covered: Vec<&(i64, String, String, i64)> = if input.invoice_ids.is_empty() {
        open.iter().collect()
    } else {
        let mut v = Vec::new();
        for id in &input.invoice_ids {
            v.push(open.iter().find(|o| o.0 == *id).ok_or_else(|| {
                Error::invalid("invoices", format!("invoice {id} is not an open invoice of {}", cl.name))
            })?);
        }
        v
    };
    let code = covered[0].2.clone();
    if covered.iter().any(|c| c.2 != code) {
        return Err(Error::invalid("invoices", "a promise covers invoices in one currency; make one promise per currency"));
    }
    let cur = Currency::find(&code)?;
    let amount = parse_amount(&input.amount, &cur, "promise amount")?;
    let owed: i64 = covered.iter().map(|c| c.3).sum();
    if amount > owed {
        return Err(Error::invalid(
            "promise amount",
            format!("{} is more than the {} outstanding on the invoices it covers", cur.display(amount), cur.display(owed)),
        ));
    }
    let ids: Vec<i64> = covered.iter().map(|c| c.0).collect();
    let id = store::insert(tx, cl.id, amount, &code, today, date, &note, contact_id, &ids)?;
    let numbers: Vec<&str> = covered.iter().map(|c| c.1.as_str()).collect();
    append_event_detail(
        tx,
        cl.id,
        today,
        "promise_made",
        &format!("Promise to pay {} by {} ({}); chasing paused", cur.display(amount), crate::ledger::date_style(tx)?.format(date), numbers.join(", ")),
        &note,
    )?;
    Ok(id)
}

pub fn create(conn: &mut Connection, input: &PromiseInput, today: NaiveDate) -> Result<PromiseRow> {
    let tx = conn.transaction()?;
    let id = create_in(&tx, input, today, None)?;
    tx.commit()?;
    let grace = crate::settings::chase(conn)?.promise_grace_days;
    get(conn, id, grace)
}

pub fn cancel(conn: &mut Connection, id: i64, reason: &str, today: NaiveDate) -> Result<()> {
    let reason = clean(reason, &rule("reason", 500, true, false))?;
    let tx = conn.transaction()?;
    let (client_id, status) = store::state(&tx, id)?;
    if status != "pending" {
        return Err(Error::Conflict(format!("promise {id} is already {status}")));
    }
    store::set_cancelled(&tx, id)?;
    append_event_detail(&tx, client_id, today, "promise_cancelled", &format!("Promise {id} cancelled: {reason}"), "")?;
    tx.commit()?;
    Ok(())
}

/// Applies the rules as of `today`: pending promises become kept, partly
/// kept or broken. Returns the ids whose state changed.
pub fn refresh(conn: &mut Connection, today: NaiveDate, grace_days: i64) -> Result<Vec<i64>> {
    let tx = conn.transaction()?;
    let pending = store::pending(&tx)?;
    let mut changed = Vec::new();
    for (id, client_id, amount, code, promised_on, due) in pending {
        let paid = paid_towards(&tx, id, &promised_on)?;
        let cur = Currency::find(&code)?;
        let deadline = d(&due) + Duration::days(grace_days);
        let status = if paid >= amount {
            "kept"
        } else if today > deadline {
            if paid > 0 { "partly_kept" } else { "broken" }
        } else {
            continue;
        };
        store::resolve(&tx, id, status, paid, today)?;
        let style = crate::ledger::date_style(&tx)?;
        let by = style.format(d(&due));
        let summary = match status {
            "kept" => format!("Promise kept: {} paid towards {} promised by {by}", cur.display(paid), cur.display(amount)),
            "partly_kept" => format!(
                "Promise partly kept: {} of {} paid by {by}; chasing resumes at the next stage",
                cur.display(paid),
                cur.display(amount)
            ),
            _ => format!("Promise broken: {} promised by {by} was not paid; chasing resumes at the next stage", cur.display(amount)),
        };
        // Dated when it happened: kept on the day the payments reached the
        // amount; broken the day after the grace period ran out.
        let on = match status {
            "kept" => kept_on(&tx, id, &promised_on, amount)?.unwrap_or(today),
            _ => deadline + Duration::days(1),
        }
        .min(today);
        append_event_detail(&tx, client_id, on, &format!("promise_{status}"), &summary, "")?;
        changed.push(id);
    }
    tx.commit()?;
    Ok(changed)
}
