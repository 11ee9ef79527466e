//! Promises to pay (`promises`, `promise_invoices`) and what was paid
//! towards each.

pub use overdue_domain::records::PromiseRow;
use crate::ledger::date as d;
use crate::error::{Error, Result};
use crate::ledger::now_stamp;
use crate::model::Amount;
use crate::money::Currency;
use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

/// Open invoices of a client: (id, number, currency, outstanding minor).
pub(crate) fn open_invoices_of(conn: &Connection, client_id: i64) -> Result<Vec<(i64, String, String, i64)>> {
    let mut st = conn.prepare_cached(
        concat!("SELECT i.id, i.number, i.currency, ", outstanding!(), " AS o
         FROM invoices i WHERE i.client_id = ?1 AND o > 0 ORDER BY i.due_date, i.id"),
    )?;
    let rows = st.query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Paid towards a promise: allocations to its invoices from payments dated
/// on or after the day it was made.
pub(crate) fn paid_towards(conn: &Connection, id: i64, promised_on: &str) -> Result<i64> {
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
pub(crate) fn kept_on(conn: &Connection, id: i64, promised_on: &str, amount: i64) -> Result<Option<NaiveDate>> {
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

pub(crate) fn row(conn: &Connection, r: &rusqlite::Row, grace: i64) -> rusqlite::Result<PromiseRow> {
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

pub(crate) const COLUMNS: &str = "p.id, p.client_id, c.name, p.currency, p.amount_minor, p.promised_on, p.due_date, p.status, p.paid_minor, p.note, p.resolved_at";

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
pub(crate) fn resume_days(conn: &Connection, grace: i64, status_filter: &str) -> Result<std::collections::HashMap<i64, NaiveDate>> {
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

/// A new promise covering `invoices`; its id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(tx: &Connection, client_id: i64, amount: i64, currency: &str, promised_on: NaiveDate, due: NaiveDate, note: &str, contact_id: Option<i64>, invoices: &[i64]) -> Result<i64> {
    tx.execute(
        "INSERT INTO promises (client_id, amount_minor, currency, promised_on, due_date, note, contact_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![client_id, amount, currency, promised_on.to_string(), due.to_string(), note, contact_id, now_stamp()],
    )?;
    let id = tx.last_insert_rowid();
    for inv in invoices {
        tx.execute("INSERT INTO promise_invoices (promise_id, invoice_id) VALUES (?1, ?2)", params![id, inv])?;
    }
    Ok(id)
}

/// A promise's client and status.
pub(crate) fn state(conn: &Connection, id: i64) -> Result<(i64, String)> {
    conn.query_row("SELECT client_id, status FROM promises WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no promise {id}")))
}

pub(crate) fn set_cancelled(tx: &Connection, id: i64) -> Result<()> {
    tx.execute("UPDATE promises SET status = 'cancelled', resolved_at = ?2 WHERE id = ?1", params![id, now_stamp()])?;
    Ok(())
}

/// Pending promises: id, client, amount, currency, made on, due.
pub(crate) fn pending(conn: &Connection) -> Result<Vec<(i64, i64, i64, String, String, String)>> {
    let mut st = conn.prepare("SELECT id, client_id, amount_minor, currency, promised_on, due_date FROM promises WHERE status = 'pending'")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// Kept, partly kept or broken, with what was paid.
pub(crate) fn resolve(tx: &Connection, id: i64, status: &str, paid: i64, on: NaiveDate) -> Result<()> {
    tx.execute("UPDATE promises SET status = ?2, paid_minor = ?3, resolved_at = ?4 WHERE id = ?1", params![id, status, paid, on.to_string()])?;
    Ok(())
}
