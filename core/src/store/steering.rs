//! The queries behind the numbers an owner steers by (views/steer): each
//! returns rows or sums in minor units of one currency.

use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection};

/// Every invoice in `currency`: id, issue date, due date, amount.
pub(crate) fn invoice_dates(conn: &Connection, currency: &str) -> Result<Vec<(i64, String, String, i64)>> {
    let mut st = conn.prepare_cached("SELECT id, issue_date, due_date, amount_minor FROM invoices WHERE currency = ?1")?;
    let rows = st.query_map([currency], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Every allocation of a payment in `currency`: invoice, payment date, amount.
pub(crate) fn allocations_dated(conn: &Connection, currency: &str) -> Result<Vec<(i64, String, i64)>> {
    let mut st = conn.prepare_cached("SELECT a.invoice_id, p.date, a.amount_minor FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE p.currency = ?1")?;
    let rows = st.query_map([currency], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// What is owed on every open invoice: the dashboard's "Outstanding" (the
/// aging total), so DSO divides the same figure the page shows.
pub(crate) fn receivables(conn: &Connection, currency: &str) -> Result<i64> {
    Ok(conn.query_row(
        concat!("SELECT COALESCE(SUM(", outstanding!(), "), 0) FROM invoices i INDEXED BY invoices_open_due WHERE ", open!(), " AND i.currency = ?1"),
        params![currency],
        |r| r.get(0),
    )?)
}

/// Invoiced in (after, until].
pub(crate) fn invoiced_between(conn: &Connection, currency: &str, after: NaiveDate, until: NaiveDate) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(amount_minor), 0) FROM invoices WHERE currency = ?1 AND issue_date > ?2 AND issue_date <= ?3",
        params![currency, after.to_string(), until.to_string()],
        |r| r.get(0),
    )?)
}

/// Pending promises: amount and count.
pub(crate) fn pending_promises(conn: &Connection, currency: &str) -> Result<(i64, i64)> {
    Ok(conn.query_row("SELECT COALESCE(SUM(amount_minor), 0), COUNT(*) FROM promises WHERE status = 'pending' AND currency = ?1", [currency], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Promises resolved since `since` (or still due after it): status,
/// amount, paid.
pub(crate) fn resolved_promises(conn: &Connection, currency: &str, since: &str) -> Result<Vec<(String, i64, i64)>> {
    let mut st = conn.prepare(
        "SELECT status, amount_minor, paid_minor FROM promises WHERE currency = ?1 AND status IN ('kept', 'partly_kept', 'broken')
           AND (resolved_at = '' OR substr(resolved_at, 1, 10) >= ?2 OR due_date >= ?2)",
    )?;
    let rows = st.query_map(params![currency, since], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Active agreements of clients not handed over.
pub(crate) fn active_agreements(conn: &Connection, currency: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM agreements g JOIN clients c ON c.id = g.client_id WHERE g.status = 'active' AND g.currency = ?1 AND c.escalated_on = ''",
        [currency],
        |r| r.get(0),
    )?)
}

/// Instalments of active agreements with what is left on each: client id,
/// client name, reference, number, due date, left; by due date.
pub(crate) fn instalments_left(conn: &Connection, currency: &str) -> Result<Vec<(i64, String, String, i64, String, i64)>> {
    let mut st = conn.prepare(
        "SELECT g.client_id, c.name, g.reference, i.number, i.due_date,
                i.amount_minor - COALESCE((SELECT SUM(p.amount_minor) FROM instalment_payments p WHERE p.agreement_id = i.agreement_id AND p.number = i.number), 0)
         FROM instalments i JOIN agreements g ON g.id = i.agreement_id JOIN clients c ON c.id = g.client_id
         WHERE g.status = 'active' AND i.currency = ?1 AND c.escalated_on = '' ORDER BY i.due_date, g.reference, i.number",
    )?;
    let rows = st.query_map([currency], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Money received per month from `start` to `last` (not write-offs, named
/// by `write_off`) on invoices already overdue when paid: ("YYYY-MM", sum),
/// in one pass (a query per month read every allocation six times).
pub(crate) fn collected_overdue_by_month(conn: &Connection, currency: &str, write_off: &str, start: NaiveDate, last: NaiveDate) -> Result<Vec<(String, i64)>> {
    let mut st = conn.prepare_cached(
        "SELECT substr(p.date, 1, 7), SUM(a.amount_minor) FROM payments p JOIN allocations a ON a.payment_id = p.id JOIN invoices i ON i.id = a.invoice_id
         WHERE p.currency = ?1 AND p.method != ?2 AND p.date >= ?3 AND p.date <= ?4 AND i.due_date < p.date GROUP BY 1",
    )?;
    let rows = st
        .query_map(params![currency, write_off, start.to_string(), last.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Every client with something overdue on `today`: id, name, overdue, and
/// the flags escalated, in default, agreement active, agreement pending,
/// negotiating, promise, all disputed, paused; most overdue first.
pub(crate) fn case_rows(conn: &Connection, currency: &str, today: NaiveDate) -> Result<Vec<(i64, String, i64, Vec<bool>)>> {
    let mut st = conn.prepare(
        concat!("SELECT c.id, c.name,
                SUM(MAX(", outstanding!(), ", 0)) AS overdue,
                c.escalated_on != '',
                EXISTS (SELECT 1 FROM agreements g WHERE g.client_id = c.id AND g.status = 'defaulted'),
                EXISTS (SELECT 1 FROM agreements g WHERE g.client_id = c.id AND g.status = 'active'),
                EXISTS (SELECT 1 FROM agreements g WHERE g.client_id = c.id AND g.status IN ('draft', 'issued', 'signed', 'countersigned'))
                  OR EXISTS (SELECT 1 FROM arrangements r WHERE r.client_id = c.id AND r.status = 'agreed_in_principle'
                             AND NOT EXISTS (SELECT 1 FROM agreements g WHERE g.arrangement_id = r.id AND g.status IN ('active', 'defaulted'))),
                EXISTS (SELECT 1 FROM negotiations n WHERE n.client_id = c.id AND n.status = 'open'),
                EXISTS (SELECT 1 FROM promises p WHERE p.client_id = c.id AND p.status = 'pending'),
                MAX(i.disputed) = 1 AND MIN(i.disputed) = 1,
                c.paused_until > ?2
         FROM invoices i JOIN clients c ON c.id = i.client_id
         WHERE i.currency = ?1 AND i.due_date < ?2
           AND ", open!(), "
         GROUP BY c.id ORDER BY overdue DESC"),
    )?;
    let rows = st
        .query_map(params![currency, today.to_string()], |r| {
            let flags: Vec<bool> = (3..=10).map(|i| r.get::<_, bool>(i)).collect::<std::result::Result<_, _>>()?;
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, flags))
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}
