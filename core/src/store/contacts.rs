//! Contacts (`contacts`, `contact_invoices`, `attachments`): every message,
//! letter and call, with the outbox of emails waiting to go.

pub use overdue_domain::records::Contact;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::ledger::now_stamp;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

pub(crate) struct NewContact<'a> {
    pub client_id: i64,
    pub stage_id: Option<i64>,
    pub channel: &'a str,
    pub status: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub attachments: &'a [String],
    pub override_reason: &'a str,
    /// The late-payment charges the message asked for (0: none).
    pub charges_claimed_minor: i64,
}

pub(crate) fn insert_contact(tx: &Connection, ctx: &Ctx, c: &NewContact, invoice_ids: &[i64]) -> Result<i64> {
    let sent_at = if c.status == "sent" || c.status == "done" { ctx.stamp() } else { String::new() };
    tx.execute(
        "INSERT INTO contacts (client_id, stage_id, channel, status, on_date, created_at, sent_at, recipient, subject, body, attachments, override_reason, charges_claimed_minor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            c.client_id,
            c.stage_id,
            c.channel,
            c.status,
            ctx.today.to_string(),
            now_stamp(),
            sent_at,
            c.recipient,
            c.subject,
            c.body,
            serde_json::to_string(c.attachments).unwrap_or_else(|_| "[]".into()),
            c.override_reason,
            c.charges_claimed_minor
        ],
    )?;
    let id = tx.last_insert_rowid();
    for inv in invoice_ids {
        tx.execute("INSERT INTO contact_invoices (contact_id, invoice_id) VALUES (?1, ?2)", params![id, inv])?;
    }
    Ok(id)
}

/// A contact about a written agreement (the agreement itself, a progress
/// update, a default notice): no ladder stage; an email goes to the outbox
/// as `queued`, a letter is recorded as `sent` (posted by the owner).
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_agreement_contact(tx: &Connection, ctx: &Ctx, agreement_id: i64, client_id: i64, channel: &str, to: &str, subject: &str, body: &str, files: &[String]) -> Result<i64> {
    let status = if channel == "email" { "queued" } else { "sent" };
    let id = insert_contact(
        tx,
        ctx,
        &NewContact { client_id, stage_id: None, channel, status, recipient: to, subject, body, attachments: files, override_reason: "", charges_claimed_minor: 0 },
        &[],
    )?;
    tx.execute("UPDATE contacts SET agreement_id = ?2 WHERE id = ?1", params![id, agreement_id])?;
    Ok(id)
}

pub(crate) const CONTACT_COLUMNS: &str = "k.id, k.client_id, c.name, k.stage_id, k.channel, k.status, k.on_date, k.created_at, k.sent_at, k.recipient, k.subject, k.body, k.attachments, k.error, k.attempts, k.override_reason, k.outcome, k.reason, k.undone_at";

pub(crate) fn contact_row(conn: &Connection, r: &rusqlite::Row) -> rusqlite::Result<Contact> {
    let id: i64 = r.get(0)?;
    let mut st = conn.prepare_cached("SELECT invoice_id FROM contact_invoices WHERE contact_id = ?1 ORDER BY invoice_id")?;
    let invoice_ids = st.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(Contact {
        id,
        client_id: r.get(1)?,
        client_name: r.get(2)?,
        stage_id: r.get(3)?,
        channel: r.get(4)?,
        status: r.get(5)?,
        on_date: r.get(6)?,
        created_at: r.get(7)?,
        sent_at: r.get(8)?,
        recipient: r.get(9)?,
        subject: r.get(10)?,
        body: r.get(11)?,
        attachments: serde_json::from_str(&r.get::<_, String>(12)?).unwrap_or_default(),
        error: r.get(13)?,
        attempts: r.get(14)?,
        override_reason: r.get(15)?,
        outcome: r.get(16)?,
        reason: r.get(17)?,
        undone_at: r.get(18)?,
        invoice_ids,
    })
}

pub fn contact(conn: &Connection, id: i64) -> Result<Contact> {
    conn.query_row(&format!("SELECT {CONTACT_COLUMNS} FROM contacts k JOIN clients c ON c.id = k.client_id WHERE k.id = ?1"), [id], |r| contact_row(conn, r))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no message {id}")))
}

/// The email outbox (newest first): `status` filters ("queued", "sent", "failed"), empty = all.
pub fn outbox(conn: &Connection, status: &str, limit: i64) -> Result<Vec<Contact>> {
    let mut st = conn.prepare(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts k JOIN clients c ON c.id = k.client_id
         WHERE k.channel = 'email' AND (?1 = '' OR k.status = ?1) ORDER BY k.id DESC LIMIT ?2"
    ))?;
    let rows = st.query_map(params![status, limit], |r| contact_row(conn, r))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A client's contacts (every channel), newest first.
pub fn contacts_of(conn: &Connection, client_id: i64) -> Result<Vec<Contact>> {
    let mut st = conn.prepare(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts k JOIN clients c ON c.id = k.client_id WHERE k.client_id = ?1 ORDER BY k.id DESC"
    ))?;
    let rows = st.query_map([client_id], |r| contact_row(conn, r))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Reads back the attachments of an outbox email for (re)sending.
pub(crate) fn attachments_of(c: &Contact) -> Result<Vec<(String, Vec<u8>)>> {
    c.attachments
        .iter()
        .map(|p| {
            let path = std::path::Path::new(p);
            let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "letter.pdf".into());
            Ok((name, std::fs::read(path).map_err(|e| Error::NotFound(format!("attachment {p} is missing ({e})")))?))
        })
        .collect()
}

/// What a call found out.
pub(crate) fn set_call_notes(tx: &Connection, id: i64, outcome: &str, reason: &str, circumstances: &str, proposal: &str) -> Result<()> {
    tx.execute("UPDATE contacts SET outcome = ?2, reason = ?3, circumstances = ?4, proposal = ?5 WHERE id = ?1", params![id, outcome, reason, circumstances, proposal])?;
    Ok(())
}

/// An email went, at `stamp`.
pub(crate) fn set_sent(tx: &Connection, id: i64, stamp: &str) -> Result<()> {
    tx.execute("UPDATE contacts SET status = 'sent', sent_at = ?2, error = '', attempts = attempts + 1 WHERE id = ?1", params![id, stamp])?;
    Ok(())
}

/// An email could not go; why.
pub(crate) fn set_failed(tx: &Connection, id: i64, reason: &str) -> Result<()> {
    tx.execute("UPDATE contacts SET status = 'failed', error = ?2, attempts = attempts + 1 WHERE id = ?1", params![id, reason])?;
    Ok(())
}

/// The agreement an email was about, if any.
pub(crate) fn agreement_of(conn: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT agreement_id FROM contacts WHERE id = ?1", [id], |r| r.get(0))?)
}

/// An email written to the outbox (status queued), with its attachments
/// already generated. Call `mark_email_result` once the server answered.
#[derive(Debug, Clone, Serialize)]
pub struct Queued {
    pub contact_id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<String>,
}

/// Marks a contact undone (an SMS or letter that did not go after all), with
/// the ladder steps it completed; the rows stay.
pub(crate) fn mark_contact_undone(tx: &Connection, id: i64) -> Result<()> {
    let at = crate::ledger::now_stamp();
    tx.execute("UPDATE contacts SET undone_at = ?2 WHERE id = ?1 AND undone_at = ''", params![id, at])?;
    tx.execute("UPDATE chase_steps SET undone_at = ?2 WHERE contact_id = ?1 AND undone_at = ''", params![id, at])?;
    Ok(())
}

/// The (invoice, stage) pairs a contact completed on the ladder.
pub(crate) fn contact_steps(conn: &Connection, id: i64) -> Result<Vec<(i64, i64)>> {
    let mut st = conn.prepare_cached("SELECT invoice_id, stage_id FROM chase_steps WHERE contact_id = ?1 AND undone_at = ''")?;
    let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// The last message to a client that claimed late-payment charges (sent,
/// not taken back): the charges it asked for, its day and its subject.
pub(crate) fn last_claim(conn: &Connection, client_id: i64) -> Result<Option<(i64, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT charges_claimed_minor, on_date, subject FROM contacts WHERE client_id = ?1 AND charges_claimed_minor > 0
               AND status IN ('sent', 'done') AND undone_at = '' ORDER BY on_date DESC, id DESC LIMIT 1",
            [client_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}
