//! The queries behind the numbers an owner steers by (views/steer): each
//! returns rows or sums in minor units of one currency.

use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection};

/// One invoice as the numbers to steer by read it: dates as day numbers
/// (`NaiveDate::num_days_from_ce`), what was paid as kept on the invoice.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dated {
    pub id: i64,
    pub client_id: i64,
    pub issue: i32,
    pub due: i32,
    pub amount: i64,
    pub paid: i64,
    pub disputed: bool,
}

fn day(r: &rusqlite::Row, k: usize) -> rusqlite::Result<Option<i32>> {
    use chrono::Datelike;
    Ok(crate::dates::stored_opt(r.get_ref(k)?.as_str()?).map(|d| d.num_days_from_ce()))
}

/// Every invoice in `currency`, in id order; rows with a date that does not
/// parse are left out. One pass of the table in its own order (no text
/// copied): through the currency index it was a lookup per row, 3× slower.
pub(crate) fn invoices_dated(conn: &Connection, currency: &str) -> Result<Vec<Dated>> {
    let mut st = conn.prepare_cached("SELECT id, client_id, issue_date, due_date, amount_minor, paid_minor, disputed FROM invoices NOT INDEXED WHERE currency = ?1")?;
    let mut out = Vec::new();
    let mut rows = st.query([currency])?;
    while let Some(r) = rows.next()? {
        if let (Some(issue), Some(due)) = (day(r, 2)?, day(r, 3)?) {
            out.push(Dated { id: r.get(0)?, client_id: r.get(1)?, issue, due, amount: r.get(4)?, paid: r.get(5)?, disputed: r.get(6)? });
        }
    }
    if !out.is_sorted_by_key(|i| i.id) {
        out.sort_unstable_by_key(|i| i.id);
    }
    Ok(out)
}

/// Every allocation of a payment in `currency`: invoice, the payment's day
/// number, amount, and whether the payment is `write_off` (money not
/// received); in invoice order.
pub(crate) fn allocations_dated(conn: &Connection, currency: &str, write_off: &str) -> Result<Vec<(i64, i32, i64, bool)>> {
    let mut st = conn.prepare_cached("SELECT a.invoice_id, p.date, a.amount_minor, p.method = ?2 FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE p.currency = ?1")?;
    let mut out = Vec::new();
    let mut rows = st.query(params![currency, write_off])?;
    while let Some(r) = rows.next()? {
        if let Some(on) = day(r, 1)? {
            out.push((r.get(0)?, on, r.get(2)?, r.get(3)?));
        }
    }
    out.sort_unstable_by_key(|a| a.0);
    Ok(out)
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

/// Every client: id, name, handed over, paused after `today`.
pub(crate) fn case_clients(conn: &Connection, today: NaiveDate) -> Result<Vec<(i64, String, bool, bool)>> {
    let mut st = conn.prepare_cached("SELECT id, name, escalated_on != '', paused_until > ?1 FROM clients")?;
    let rows = st.query_map([today.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Which clients are in which case state besides chasing, as (client, k):
/// 1 an agreement in default, 2 an agreement active, 3 an agreement being
/// made (drafted, issued or signed, or agreed in principle with no active
/// or defaulted agreement from it), 4 negotiating, 5 a pending promise.
pub(crate) fn case_flags(conn: &Connection) -> Result<Vec<(i64, u8)>> {
    let mut st = conn.prepare_cached(
        "SELECT client_id, 1 FROM agreements WHERE status = 'defaulted'
         UNION ALL SELECT client_id, 2 FROM agreements WHERE status = 'active'
         UNION ALL SELECT client_id, 3 FROM agreements WHERE status IN ('draft', 'issued', 'signed', 'countersigned')
         UNION ALL SELECT r.client_id, 3 FROM arrangements r WHERE r.status = 'agreed_in_principle'
                   AND NOT EXISTS (SELECT 1 FROM agreements g WHERE g.arrangement_id = r.id AND g.status IN ('active', 'defaulted'))
         UNION ALL SELECT client_id, 4 FROM negotiations WHERE status = 'open'
         UNION ALL SELECT client_id, 5 FROM promises WHERE status = 'pending'",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}
