//! The ladder's progress on each invoice (`chase_steps`) and the stage fees
//! applied (`fees`).

use crate::error::Result;
use crate::ledger::now_stamp;
use chrono::NaiveDate;
use rusqlite::{params, Connection};

/// A stage sent or skipped for an invoice on `on`.
pub(crate) fn insert_done(tx: &Connection, invoice_id: i64, stage_id: i64, action: &str, on: NaiveDate, reason: &str, contact_id: Option<i64>) -> Result<i64> {
    tx.execute(
        "INSERT INTO chase_steps (invoice_id, stage_id, action, on_date, reason, contact_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![invoice_id, stage_id, action, on.to_string(), reason, contact_id, now_stamp()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A stage put off until `until`.
pub(crate) fn insert_snooze(tx: &Connection, invoice_id: i64, stage_id: i64, on: NaiveDate, until: NaiveDate, reason: &str, contact_id: Option<i64>) -> Result<i64> {
    tx.execute(
        "INSERT INTO chase_steps (invoice_id, stage_id, action, on_date, until, reason, contact_id, created_at) VALUES (?1, ?2, 'snoozed', ?3, ?4, ?5, ?6, ?7)",
        params![invoice_id, stage_id, on.to_string(), until.to_string(), reason, contact_id, now_stamp()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A skipped or snoozed step as stored: (client, stage, action, until, undone_at, invoice number).
pub(crate) fn step(conn: &Connection, id: i64) -> Result<Option<(i64, i64, String, String, String, String)>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT i.client_id, s.stage_id, s.action, s.until, s.undone_at, i.number FROM chase_steps s JOIN invoices i ON i.id = s.invoice_id WHERE s.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?)
}

/// Marks a step undone (the row stays, with the time).
pub(crate) fn mark_undone(tx: &Connection, id: i64) -> Result<()> {
    tx.execute("UPDATE chase_steps SET undone_at = ?2 WHERE id = ?1 AND undone_at = ''", params![id, now_stamp()])?;
    Ok(())
}

/// Fees already applied to an invoice, in minor units.
pub(crate) fn fees_applied(conn: &Connection, invoice_id: i64) -> Result<i64> {
    Ok(conn.query_row("SELECT COALESCE(SUM(amount_minor), 0) FROM fees WHERE invoice_id = ?1", [invoice_id], |r| r.get(0))?)
}

/// Whether a stage's fee was applied to the invoice.
pub(crate) fn fee_applied(conn: &Connection, invoice_id: i64, stage_id: i64) -> Result<bool> {
    Ok(conn.query_row("SELECT COUNT(*) > 0 FROM fees WHERE invoice_id = ?1 AND stage_id = ?2", params![invoice_id, stage_id], |r| r.get(0))?)
}

/// Applies a stage's fee once; true when it was new.
pub(crate) fn apply_fee(tx: &Connection, invoice_id: i64, stage_id: i64, amount: i64, currency: &str, on: NaiveDate) -> Result<bool> {
    let n = tx.execute(
        "INSERT OR IGNORE INTO fees (invoice_id, stage_id, amount_minor, currency, on_date) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![invoice_id, stage_id, amount, currency, on.to_string()],
    )?;
    Ok(n == 1)
}

/// An invoice's currency, whether it is disputed, and its number.
pub(crate) fn invoice_terms(conn: &Connection, invoice_id: i64) -> Result<(String, bool, String)> {
    Ok(conn.query_row("SELECT currency, disputed, number FROM invoices WHERE id = ?1", [invoice_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

/// Marks an invoice disputed, with why.
pub(crate) fn set_disputed(tx: &Connection, invoice_id: i64, reason: &str) -> Result<()> {
    tx.execute("UPDATE invoices SET disputed = 1, dispute_reason = ?2 WHERE id = ?1", params![invoice_id, reason])?;
    Ok(())
}

/// The client owing the most, for previews.
pub(crate) fn top_debtor(conn: &Connection) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT i.client_id FROM invoices i
             GROUP BY i.client_id
             ORDER BY SUM(i.amount_minor - i.paid_minor) DESC
             LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}
