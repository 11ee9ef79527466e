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

use crate::error::{Error, Result};
use crate::ledger::{append_event_detail, client, now_stamp};
use crate::model::Amount;
use crate::money::{parse_amount, Currency};
use crate::text::{clean, parse_iso_date, rule};
use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
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

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PromiseRow {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub amount: Amount,
    pub paid: Amount,
    pub promised_on: String,
    pub due_date: String,
    /// The day chasing may resume if it is not kept.
    pub resume_on: String,
    pub status: String,
    pub note: String,
    pub invoice_numbers: Vec<String>,
    pub resolved_at: String,
}

use crate::ledger::date as d;

/// Open invoices of a client: (id, number, currency, outstanding minor).
pub(crate) fn open_invoices_of(conn: &Connection, client_id: i64) -> Result<Vec<(i64, String, String, i64)>> {
    let mut st = conn.prepare_cached(
        "SELECT i.id, i.number, i.currency, i.amount_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.invoice_id = i.id), 0) AS o
         FROM invoices i WHERE i.client_id = ?1 AND o > 0 ORDER BY i.due_date, i.id",
    )?;
    let rows = st.query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

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
    tx.execute(
        "INSERT INTO promises (client_id, amount_minor, currency, promised_on, due_date, note, contact_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![cl.id, amount, code, today.to_string(), date.to_string(), note, contact_id, now_stamp()],
    )?;
    let id = tx.last_insert_rowid();
    for c in &covered {
        tx.execute("INSERT INTO promise_invoices (promise_id, invoice_id) VALUES (?1, ?2)", params![id, c.0])?;
    }
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
    let (client_id, status): (i64, String) = tx
        .query_row("SELECT client_id, status FROM promises WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no promise {id}")))?;
    if status != "pending" {
        return Err(Error::Conflict(format!("promise {id} is already {status}")));
    }
    tx.execute("UPDATE promises SET status = 'cancelled', resolved_at = ?2 WHERE id = ?1", params![id, now_stamp()])?;
    append_event_detail(&tx, client_id, today, "promise_cancelled", &format!("Promise {id} cancelled: {reason}"), "")?;
    tx.commit()?;
    Ok(())
}

/// Paid towards a promise: allocations to its invoices from payments dated
/// on or after the day it was made.
fn paid_towards(conn: &Connection, id: i64, promised_on: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(a.amount_minor), 0) FROM allocations a
         JOIN payments p ON p.id = a.payment_id
         JOIN promise_invoices pi ON pi.invoice_id = a.invoice_id AND pi.promise_id = ?1
         WHERE p.date >= ?2",
        params![id, promised_on],
        |r| r.get(0),
    )?)
}

/// The day the payments towards a promise reached `amount`, if they did.
fn kept_on(conn: &Connection, id: i64, promised_on: &str, amount: i64) -> Result<Option<NaiveDate>> {
    let mut st = conn.prepare(
        "SELECT p.date, SUM(a.amount_minor) FROM allocations a
         JOIN payments p ON p.id = a.payment_id
         JOIN promise_invoices pi ON pi.invoice_id = a.invoice_id AND pi.promise_id = ?1
         WHERE p.date >= ?2 GROUP BY p.date ORDER BY p.date",
    )?;
    let mut total = 0i64;
    for r in st.query_map(params![id, promised_on], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (date, minor) = r?;
        total += minor;
        if total >= amount {
            return Ok(Some(d(&date)));
        }
    }
    Ok(None)
}

/// Applies the rules as of `today`: pending promises become kept, partly
/// kept or broken. Returns the ids whose state changed.
pub fn refresh(conn: &mut Connection, today: NaiveDate, grace_days: i64) -> Result<Vec<i64>> {
    let tx = conn.transaction()?;
    let pending: Vec<(i64, i64, i64, String, String, String)> = {
        let mut st = tx.prepare("SELECT id, client_id, amount_minor, currency, promised_on, due_date FROM promises WHERE status = 'pending'")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
        rows.collect::<std::result::Result<Vec<_>, _>>()?
    };
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
        tx.execute(
            "UPDATE promises SET status = ?2, paid_minor = ?3, resolved_at = ?4 WHERE id = ?1",
            params![id, status, paid, today.to_string()],
        )?;
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

fn row(conn: &Connection, r: &rusqlite::Row, grace: i64) -> rusqlite::Result<PromiseRow> {
    let id: i64 = r.get(0)?;
    let code: String = r.get(3)?;
    let cur = Currency::find(&code).unwrap_or(crate::money::CURRENCIES[0]);
    let status: String = r.get(7)?;
    let promised_on: String = r.get(5)?;
    let paid = if status == "pending" { paid_towards(conn, id, &promised_on).unwrap_or(0) } else { r.get(8)? };
    let due: String = r.get(6)?;
    let mut st = conn.prepare_cached(
        "SELECT i.number FROM promise_invoices pi JOIN invoices i ON i.id = pi.invoice_id WHERE pi.promise_id = ?1 ORDER BY i.due_date",
    )?;
    let numbers = st.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(PromiseRow {
        id,
        client_id: r.get(1)?,
        client_name: r.get(2)?,
        amount: Amount::new(r.get(4)?, &cur),
        paid: Amount::new(paid, &cur),
        promised_on,
        resume_on: (d(&due) + Duration::days(grace + 1)).to_string(),
        due_date: due,
        status,
        note: r.get(9)?,
        invoice_numbers: numbers,
        resolved_at: r.get(10)?,
    })
}

const COLUMNS: &str = "p.id, p.client_id, c.name, p.currency, p.amount_minor, p.promised_on, p.due_date, p.status, p.paid_minor, p.note, p.resolved_at";

pub fn get(conn: &Connection, id: i64, grace: i64) -> Result<PromiseRow> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM promises p JOIN clients c ON c.id = p.client_id WHERE p.id = ?1"), [id], |r| {
        row(conn, r, grace)
    })
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("there is no promise {id}")))
}

/// Promises of one client (newest first), or all (client_id = None).
pub fn list(conn: &Connection, client_id: Option<i64>, grace: i64) -> Result<Vec<PromiseRow>> {
    let mut st = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM promises p JOIN clients c ON c.id = p.client_id
         WHERE (?1 IS NULL OR p.client_id = ?1) ORDER BY p.due_date DESC, p.id DESC"
    ))?;
    let rows = st.query_map([client_id], |r| row(conn, r, grace))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// For each invoice under a pending promise: the day chasing may resume.
pub fn pauses(conn: &Connection, grace: i64) -> Result<std::collections::HashMap<i64, NaiveDate>> {
    resume_days(conn, grace, "p.status = 'pending'")
}

/// For each invoice under a broken or partly kept promise: the day chasing
/// resumed (the latest such promise).
pub fn broken(conn: &Connection, grace: i64) -> Result<std::collections::HashMap<i64, NaiveDate>> {
    resume_days(conn, grace, "p.status IN ('broken', 'partly_kept')")
}

/// Invoice → the day after the latest matching promise's date plus grace.
fn resume_days(conn: &Connection, grace: i64, status_filter: &str) -> Result<std::collections::HashMap<i64, NaiveDate>> {
    let mut st = conn.prepare(&format!(
        "SELECT pi.invoice_id, MAX(p.due_date) FROM promises p JOIN promise_invoices pi ON pi.promise_id = p.id
         WHERE {status_filter} GROUP BY pi.invoice_id"
    ))?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = std::collections::HashMap::new();
    for r in rows {
        let (id, due) = r?;
        out.insert(id, d(&due) + Duration::days(grace + 1));
    }
    Ok(out)
}
