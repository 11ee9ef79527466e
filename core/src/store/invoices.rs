//! Open invoices as the chasing step reads them: what is outstanding on
//! each, and the payments allocated to an invoice.

pub use overdue_domain::message::Open;
use crate::error::Result;
use crate::interest::Paid;
use rusqlite::Connection;
use crate::ledger::date as d;

pub(crate) fn open_invoices(conn: &Connection, client_id: Option<i64>) -> Result<Vec<Open>> {
    // Open invoices only (what each was paid is kept on the invoice): one
    // client's by their own index; all of them as SQLite chooses (when most
    // invoices are open, a scan of the table in its own order is 5× faster
    // than the index and a lookup per row). The order is made here rather
    // than by SQLite's sorter.
    let mut st = if client_id.is_some() {
        conn.prepare_cached(concat!(
            "SELECT i.id, i.number, i.client_id, i.issue_date, i.due_date, i.amount_minor, i.currency,
                    ", outstanding!(), " AS o, i.chase_mode, i.paused_until, i.disputed
             FROM invoices i INDEXED BY invoices_open_client WHERE ", open!(), " AND i.client_id = ?1"
        ))?
    } else {
        conn.prepare_cached(concat!(
            "SELECT i.id, i.number, i.client_id, i.issue_date, i.due_date, i.amount_minor, i.currency,
                    ", outstanding!(), " AS o, i.chase_mode, i.paused_until, i.disputed
             FROM invoices i WHERE ", open!(), " AND ?1 IS NULL"
        ))?
    };
    let rows = st
        .query_map([client_id], |r| {
            Ok(Open {
                id: r.get(0)?,
                number: r.get(1)?,
                client_id: r.get(2)?,
                issue: d(r.get_ref(3)?.as_str()?),
                due: d(r.get_ref(4)?.as_str()?),
                amount: r.get(5)?,
                currency: r.get(6)?,
                outstanding: r.get(7)?,
                mode: r.get(8)?,
                paused_until: r.get(9)?,
                disputed: r.get(10)?,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    // Sorted as small keys, then each invoice moved once, in place (sorting
    // the rows themselves moved them some 17 times each).
    let mut rows = rows;
    let mut keys: Vec<((i64, chrono::NaiveDate, i64), u32)> = rows.iter().enumerate().map(|(k, o)| ((o.client_id, o.due, o.id), k as u32)).collect();
    keys.sort_unstable();
    overdue_domain::order::reorder(&mut rows, &mut keys);
    Ok(rows)
}

/// Ids of a client's open invoices, oldest due first.
pub fn open_invoice_ids(conn: &Connection, client_id: i64) -> Result<Vec<i64>> {
    Ok(open_invoices(conn, Some(client_id))?.into_iter().map(|o| o.id).collect())
}

pub(crate) fn payments_of_invoice(conn: &Connection, invoice_id: i64) -> Result<Vec<Paid>> {
    let mut st = conn.prepare_cached(
        "SELECT p.date, a.amount_minor FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id = ?1",
    )?;
    let rows = st.query_map([invoice_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for r in rows {
        let (date, minor) = r?;
        out.push(Paid { date: d(&date), minor });
    }
    Ok(out)
}
