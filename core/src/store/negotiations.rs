//! Negotiations and arrangements (`negotiations`, `arrangements`): the
//! notes of each case and the terms agreed in principle.

use crate::error::Result;
use crate::ledger::now_stamp;
use rusqlite::{params, Connection};

/// An arrangement agreed in principle is withdrawn (the agreement under it
/// ended before it began).
pub(crate) fn withdraw_agreed(tx: &Connection, arrangement_id: i64) -> Result<()> {
    tx.execute("UPDATE arrangements SET status = 'withdrawn' WHERE id = ?1 AND status = 'agreed_in_principle'", [arrangement_id])?;
    Ok(())
}

/// Whether the client has a negotiation open.
pub(crate) fn has_open(conn: &Connection, client_id: i64) -> Result<bool> {
    let open: i64 = conn.query_row("SELECT COUNT(*) FROM negotiations WHERE client_id = ?1 AND status = 'open'", [client_id], |r| r.get(0))?;
    Ok(open > 0)
}

/// Opens the case again with what was known from the client's latest
/// negotiation and `note` as its proposal; from the note alone when there
/// was none.
pub(crate) fn reopen(tx: &Connection, client_id: i64, note: &str) -> Result<()> {
    let copied = tx.execute(
        "INSERT INTO negotiations (client_id, status, invoice_ids, capacity_minor, reason, circumstances, proposal, created_at, updated_at)
         SELECT client_id, 'open', invoice_ids, capacity_minor, reason, circumstances, ?2, ?3, ?3 FROM negotiations
         WHERE client_id = ?1 ORDER BY id DESC LIMIT 1",
        params![client_id, note, now_stamp()],
    )?;
    if copied == 0 {
        // Agreed without notes: the reopened case starts from the note.
        tx.execute("INSERT INTO negotiations (client_id, status, proposal, created_at, updated_at) VALUES (?1, 'open', ?2, ?3, ?3)", params![client_id, note, now_stamp()])?;
    }
    Ok(())
}
