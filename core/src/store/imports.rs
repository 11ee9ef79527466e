//! What an invoice import reads from the ledger and writes back to it.

use crate::error::Result;
use crate::ledger::now_stamp;
use overdue_domain::csv::{Existing, Ledger, Row};
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// Client ids by lower-case name.
pub(crate) fn client_ids(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut out = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, name FROM clients")?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, name) = r?;
        out.insert(name.to_ascii_lowercase(), id);
    }
    Ok(out)
}

/// The ledger as an import compares with it: clients, every invoice by
/// number with what was paid on it, and the business's currency.
pub(crate) fn snapshot(conn: &Connection) -> Result<Ledger> {
    let mut existing = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT i.number, i.id, i.client_id, i.issue_date, i.due_date, i.amount_minor, i.currency, i.description,
                COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.invoice_id = i.id), 0)
         FROM invoices i",
    )?;
    for r in stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Existing {
                id: r.get(1)?,
                client_id: r.get(2)?,
                issue: r.get(3)?,
                due: r.get(4)?,
                amount: r.get(5)?,
                currency: r.get(6)?,
                description: r.get(7)?,
                paid: r.get(8)?,
            },
        ))
    })? {
        let (n, e) = r?;
        existing.insert(n, e);
    }
    Ok(Ledger { clients: client_ids(conn)?, existing, home: crate::ledger::business_currency(conn)? })
}

/// An invoice's terms as the file now gives them (an empty description
/// keeps the one stored).
pub(crate) fn update_invoice(tx: &Connection, id: i64, row: &Row) -> Result<()> {
    tx.execute(
        "UPDATE invoices SET issue_date = ?1, due_date = ?2, amount_minor = ?3, currency = ?4,
                description = CASE WHEN ?5 = '' THEN description ELSE ?5 END, updated_at = ?6 WHERE id = ?7",
        params![row.issue.to_string(), row.due.to_string(), row.amount, row.currency.code, row.description, now_stamp(), id],
    )?;
    Ok(())
}
