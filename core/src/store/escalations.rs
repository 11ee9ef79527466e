//! Escalations (`escalations`, `clients.escalated_*`) and the facts the
//! escalation review reads about a client's case.

use crate::error::Result;
use crate::ledger::now_stamp;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

/// The client's latest agreement in default, if any.
pub(crate) fn defaulted_reference(conn: &Connection, client_id: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT reference FROM agreements WHERE client_id = ?1 AND status = 'defaulted' ORDER BY id DESC LIMIT 1", [client_id], |r| r.get(0)).optional()?)
}

/// How many of the client's promises were broken or only partly kept.
pub(crate) fn broken_promises(conn: &Connection, client_id: i64) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM promises WHERE client_id = ?1 AND status IN ('broken', 'partly_kept')", [client_id], |r| r.get(0))?)
}

/// How many agreements the client has on the way or running.
pub(crate) fn live_agreements(conn: &Connection, client_id: i64) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM agreements WHERE client_id = ?1 AND status IN ('active', 'issued', 'signed', 'draft')", [client_id], |r| r.get(0))?)
}

/// The due date of the client's oldest undisputed invoice with money owing.
pub(crate) fn oldest_due(conn: &Connection, client_id: i64) -> Result<Option<String>> {
    Ok(conn.query_row(
        concat!("SELECT MIN(i.due_date) FROM invoices i WHERE i.client_id = ?1 AND i.disputed = 0
           AND ", open!(), ""),
        [client_id],
        |r| r.get(0),
    )?)
}

/// Messages, letters and calls that reached the client.
pub(crate) fn contact_count(conn: &Connection, client_id: i64) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM contacts WHERE client_id = ?1 AND status IN ('sent', 'done') AND undone_at = ''", [client_id], |r| r.get(0))?)
}

/// When and to whom the client was handed over ("" when not).
pub(crate) fn escalated(conn: &Connection, client_id: i64) -> Result<(String, String)> {
    Ok(conn.query_row("SELECT escalated_on, escalated_to FROM clients WHERE id = ?1", [client_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The client's active or defaulted agreement: id and reference.
pub(crate) fn live_agreement(conn: &Connection, client_id: i64) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row("SELECT id, reference FROM agreements WHERE client_id = ?1 AND status IN ('active', 'defaulted') ORDER BY id DESC LIMIT 1", [client_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// A hand-over as it was made.
pub(crate) struct NewEscalation<'a> {
    pub client_id: i64,
    pub agreement_id: Option<i64>,
    pub to: &'a str,
    pub reasons: &'a str,
    pub total_minor: i64,
    pub currency: &'a str,
    pub letter_before_claim: bool,
    pub on: NaiveDate,
}

/// Records the hand-over and marks the client escalated.
pub(crate) fn insert(tx: &Connection, e: &NewEscalation) -> Result<()> {
    tx.execute("UPDATE clients SET escalated_on = ?2, escalated_to = ?3 WHERE id = ?1", params![e.client_id, e.on.to_string(), e.to])?;
    tx.execute(
        "INSERT INTO escalations (client_id, agreement_id, to_whom, reasons, total_minor, currency, letter_before_claim, created_at, on_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![e.client_id, e.agreement_id, e.to, e.reasons, e.total_minor, e.currency, e.letter_before_claim, now_stamp(), e.on.to_string()],
    )?;
    Ok(())
}

/// Clients not yet escalated with at least `min` broken promises and money
/// still owing: (client id, name, broken promises).
pub(crate) fn broken_promise_reviews(conn: &Connection, min: i64) -> Result<Vec<(i64, String, i64)>> {
    let mut st = conn.prepare(
        // The promises first (CROSS JOIN keeps that order): SQLite would
        // otherwise walk every client and look for an open invoice of each.
        concat!("SELECT c.id, c.name, COUNT(*) FROM promises p CROSS JOIN clients c ON c.id = p.client_id
         WHERE p.status IN ('broken', 'partly_kept') AND c.escalated_on = ''
           AND EXISTS (SELECT 1 FROM invoices i WHERE i.client_id = c.id AND ", open!(), ")
         GROUP BY c.id HAVING COUNT(*) >= ?1"),
    )?;
    let rows = st.query_map([min], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}
