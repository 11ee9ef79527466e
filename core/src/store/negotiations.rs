//! Negotiations and arrangements (`negotiations`, `arrangements`): the
//! notes of each case and the terms agreed in principle.

use crate::error::{Error, Result};
use crate::ledger::now_stamp;
use crate::model::Amount;
use crate::money::Currency;
use overdue_domain::negotiation::{AmountIn, Row};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, Serialize)]
pub struct Arrangement {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub status: String,
    pub title: String,
    pub terms: String,
    pub kind: String,
    pub total: Amount,
    pub waived: Amount,
    pub schedule: Vec<Row>,
    pub invoice_ids: Vec<i64>,
    pub within_bottom_line: bool,
    pub override_reason: String,
    pub created_at: String,
}

/// The balance an arrangement was agreed on (stored with it, so the written
/// agreement acknowledges exactly that).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Basis {
    pub as_of: String,
    pub principal_minor: i64,
    /// Interest and fixed compensation together.
    pub interest_minor: i64,
    /// Of `interest_minor`, the fixed compensation (0 in bases kept before
    /// it was told apart).
    #[serde(default)]
    pub compensation_minor: i64,
    pub fees_minor: i64,
    /// Yearly interest built into the instalments, in percent ("0" = none).
    pub plan_interest_pct: String,
    /// "monthly", "fortnightly", "weekly"; empty for a single payment.
    pub frequency: String,
}

/// The stored basis of an arrangement; None for one agreed before it was kept.
pub fn basis(conn: &Connection, arrangement_id: i64) -> Result<Option<Basis>> {
    let s: String = conn.query_row("SELECT basis FROM arrangements WHERE id = ?1", [arrangement_id], |r| r.get(0))?;
    Ok(if s.is_empty() { None } else { serde_json::from_str(&s).ok() })
}

fn arrangement_row(r: &rusqlite::Row) -> rusqlite::Result<Arrangement> {
    let code: String = r.get(9)?;
    let cur = Currency::find(&code).unwrap_or(crate::money::CURRENCIES[0]);
    let schedule: Vec<Row> = serde_json::from_str::<Vec<serde_json::Value>>(&r.get::<_, String>(6)?)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| {
            Some(Row {
                number: v["number"].as_u64()? as usize,
                due_date: v["due_date"].as_str()?.to_string(),
                amount: serde_json::from_value::<AmountIn>(v["amount"].clone()).ok()?.into_amount(),
                interest: serde_json::from_value::<AmountIn>(v["interest"].clone()).ok()?.into_amount(),
                balance_after: serde_json::from_value::<AmountIn>(v["balance_after"].clone()).ok()?.into_amount(),
            })
        })
        .collect();
    Ok(Arrangement {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client_name: r.get(2)?,
        status: r.get(3)?,
        kind: r.get(4)?,
        title: r.get(5)?,
        terms: r.get(10)?,
        total: Amount::new(r.get(7)?, &cur),
        waived: Amount::new(r.get(8)?, &cur),
        schedule,
        invoice_ids: serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or_default(),
        within_bottom_line: r.get(12)?,
        override_reason: r.get(13)?,
        created_at: r.get(14)?,
    })
}

const ARR_COLUMNS: &str = "a.id, a.client_id, c.name, a.status, a.kind, a.title, a.schedule, a.total_minor, a.waived_minor, a.currency, a.terms, a.invoice_ids, a.within_bottom_line, a.override_reason, a.created_at";

pub fn arrangement(conn: &Connection, id: i64) -> Result<Arrangement> {
    conn.query_row(&format!("SELECT {ARR_COLUMNS} FROM arrangements a JOIN clients c ON c.id = a.client_id WHERE a.id = ?1"), [id], arrangement_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no arrangement {id}")))
}

pub fn arrangements(conn: &Connection, client_id: Option<i64>) -> Result<Vec<Arrangement>> {
    let mut st = conn.prepare(&format!(
        "SELECT {ARR_COLUMNS} FROM arrangements a JOIN clients c ON c.id = a.client_id WHERE (?1 IS NULL OR a.client_id = ?1) ORDER BY a.id DESC"
    ))?;
    let rows = st.query_map([client_id], arrangement_row)?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Invoices under an arrangement agreed in principle (and so under its
/// written agreement while that is live): not chased one by one.
pub fn covered_invoices(conn: &Connection) -> Result<std::collections::HashSet<i64>> {
    let mut st = conn.prepare("SELECT invoice_ids FROM arrangements WHERE status = 'agreed_in_principle'")?;
    let mut out = std::collections::HashSet::new();
    for r in st.query_map([], |r| r.get::<_, String>(0))? {
        for id in serde_json::from_str::<Vec<i64>>(&r?).unwrap_or_default() {
            out.insert(id);
        }
    }
    // The agreed charges of a live agreement, made an invoice when it became active.
    let mut st = conn.prepare("SELECT charges_invoice_id FROM agreements WHERE charges_invoice_id IS NOT NULL AND status IN ('active', 'defaulted')")?;
    for r in st.query_map([], |r| r.get::<_, i64>(0))? {
        out.insert(r?);
    }
    Ok(out)
}

/// A client's own negotiation limits as stored (JSON; "" = the business's).
pub(crate) fn client_bottom_line(conn: &Connection, client_id: i64) -> Result<String> {
    conn.query_row("SELECT bottom_line FROM clients WHERE id = ?1", [client_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no client with id {client_id}")))
}

pub(crate) fn set_client_bottom_line(tx: &Connection, client_id: i64, json: &str) -> Result<()> {
    tx.execute("UPDATE clients SET bottom_line = ?2 WHERE id = ?1", params![client_id, json])?;
    Ok(())
}

/// The owner's notes on a case, as stored.
pub(crate) struct Notes<'a> {
    pub invoice_ids: &'a [i64],
    pub capacity_minor: Option<i64>,
    pub reason: &'a str,
    pub circumstances: &'a str,
    pub proposal: &'a str,
}

/// The client's open negotiation: id, capacity and reason.
pub(crate) fn open_notes(conn: &Connection, client_id: i64) -> Result<Option<(i64, Option<i64>, String)>> {
    Ok(conn
        .query_row("SELECT id, capacity_minor, reason FROM negotiations WHERE client_id = ?1 AND status = 'open'", [client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

pub(crate) fn update_notes(tx: &Connection, id: i64, n: &Notes) -> Result<()> {
    tx.execute(
        "UPDATE negotiations SET invoice_ids = ?2, capacity_minor = ?3, reason = ?4, circumstances = ?5, proposal = ?6, updated_at = ?7 WHERE id = ?1",
        params![id, serde_json::to_string(n.invoice_ids).unwrap_or_default(), n.capacity_minor, n.reason, n.circumstances, n.proposal, now_stamp()],
    )?;
    Ok(())
}

pub(crate) fn insert_notes(tx: &Connection, client_id: i64, n: &Notes) -> Result<()> {
    tx.execute(
        "INSERT INTO negotiations (client_id, invoice_ids, capacity_minor, reason, circumstances, proposal, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![client_id, serde_json::to_string(n.invoice_ids).unwrap_or_default(), n.capacity_minor, n.reason, n.circumstances, n.proposal, now_stamp()],
    )?;
    Ok(())
}

/// The notes of the client's open negotiation, else of the latest one:
/// invoice ids, capacity, reason, circumstances, proposal.
pub(crate) fn latest_notes(conn: &Connection, client_id: i64) -> Result<Option<(Vec<i64>, Option<i64>, String, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT invoice_ids, capacity_minor, reason, circumstances, proposal FROM negotiations WHERE client_id = ?1
             ORDER BY status = 'open' DESC, id DESC LIMIT 1",
            [client_id],
            |r| {
                let ids: String = r.get(0)?;
                Ok((serde_json::from_str(&ids).unwrap_or_default(), r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            },
        )
        .optional()?)
}

/// An offer made or received.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_offer(tx: &Connection, client_id: i64, direction: &str, text: &str, terms: &str, total_minor: i64, currency: &str, acceptable: bool) -> Result<()> {
    tx.execute(
        "INSERT INTO offers (client_id, direction, text, terms, total_minor, currency, acceptable, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![client_id, direction, text, terms, total_minor, currency, acceptable, now_stamp()],
    )?;
    Ok(())
}

/// How many arrangements agreed in principle the client has.
pub(crate) fn agreed_count(conn: &Connection, client_id: i64) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM arrangements WHERE client_id = ?1 AND status = 'agreed_in_principle'", [client_id], |r| r.get(0))?)
}

/// An arrangement agreed in principle, as the flow worked it out.
pub(crate) struct NewArrangement<'a> {
    pub client_id: i64,
    pub kind: &'a str,
    pub title: &'a str,
    pub terms: &'a str,
    pub schedule_json: &'a str,
    pub total_minor: i64,
    pub waived_minor: i64,
    pub currency: &'a str,
    pub invoice_ids: &'a [i64],
    pub within_bottom_line: bool,
    pub override_reason: &'a str,
    pub basis: &'a Basis,
}

/// Stores the arrangement and closes the client's open negotiation as
/// agreed; the arrangement's id.
pub(crate) fn insert_arrangement(tx: &Connection, a: &NewArrangement) -> Result<i64> {
    tx.execute(
        "INSERT INTO arrangements (client_id, status, kind, title, terms, schedule, total_minor, waived_minor, currency, invoice_ids, within_bottom_line, override_reason, created_at, basis)
         VALUES (?1, 'agreed_in_principle', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            a.client_id,
            a.kind,
            a.title,
            a.terms,
            a.schedule_json,
            a.total_minor,
            a.waived_minor,
            a.currency,
            serde_json::to_string(a.invoice_ids).unwrap_or_default(),
            a.within_bottom_line,
            a.override_reason,
            now_stamp(),
            serde_json::to_string(a.basis).unwrap_or_default()
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute("UPDATE negotiations SET status = 'agreed', updated_at = ?2 WHERE client_id = ?1 AND status = 'open'", params![a.client_id, now_stamp()])?;
    Ok(id)
}

pub(crate) fn withdraw_arrangement(tx: &Connection, id: i64) -> Result<()> {
    tx.execute("UPDATE arrangements SET status = 'withdrawn' WHERE id = ?1", [id])?;
    Ok(())
}

/// The invoices an arrangement covers.
pub(crate) fn invoice_ids(conn: &Connection, arrangement_id: i64) -> Result<Vec<i64>> {
    let ids: String = conn.query_row("SELECT invoice_ids FROM arrangements WHERE id = ?1", [arrangement_id], |r| r.get(0))?;
    Ok(serde_json::from_str(&ids).unwrap_or_default())
}
