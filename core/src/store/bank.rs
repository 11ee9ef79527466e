//! Bank statement lines (`bank_lines`), the payments each made
//! (`bank_line_payments`), the accounts seen from each client
//! (`client_accounts`), and what matching reads of the ledger.

use crate::error::Result;
use crate::ledger::now_stamp;
use crate::money::Currency;
use chrono::NaiveDate;
use overdue_domain::bank::matching::{OpenAgreement, OpenInvoice, Payer};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// A statement line as stored.
#[derive(Debug, Clone)]
pub struct StoredLine {
    pub id: i64,
    pub import_id: i64,
    pub format: String,
    pub account: String,
    pub date: String,
    pub amount: i64,
    pub currency: String,
    pub payer: String,
    pub payer_account: String,
    pub text: String,
    pub reference: String,
    pub bank_id: String,
    pub reversal: bool,
    pub state: String,
    pub reason: String,
    pub client_id: Option<i64>,
    pub client_name: String,
    pub matched_by: String,
    pub reverses: Option<i64>,
}

impl StoredLine {
    /// The line as matching reads it.
    pub fn as_line(&self) -> overdue_domain::bank::Line {
        let cur = Currency::find(&self.currency).ok();
        overdue_domain::bank::Line {
            date: crate::ledger::date(&self.date),
            amount: cur.map(|c| c.from_minor(self.amount)).unwrap_or_else(|| rust_decimal::Decimal::new(self.amount, 2)),
            currency: self.currency.clone(),
            text: self.text.clone(),
            reference: self.reference.clone(),
            counterparty: self.payer.clone(),
            counterparty_account: self.payer_account.clone(),
            bank_id: self.bank_id.clone(),
            reversal: self.reversal,
        }
    }
}

/// A line to store.
pub(crate) struct NewLine<'a> {
    pub dedupe: &'a str,
    pub format: &'a str,
    pub account: &'a str,
    pub date: NaiveDate,
    pub amount: i64,
    pub currency: &'a str,
    pub payer: &'a str,
    pub payer_account: &'a str,
    pub text: &'a str,
    pub reference: &'a str,
    pub bank_id: &'a str,
    pub reversal: bool,
    pub state: &'a str,
    pub reason: &'a str,
}

const COLUMNS: &str = "l.id, l.import_id, l.format, l.account, l.booked_on, l.amount_minor, l.currency, l.payer, l.payer_account, l.text, l.reference, l.bank_id,
     l.reversal, l.state, l.reason, l.client_id, COALESCE(c.name, ''), l.matched_by, l.reverses";

fn row(r: &rusqlite::Row) -> rusqlite::Result<StoredLine> {
    Ok(StoredLine {
        id: r.get(0)?,
        import_id: r.get(1)?,
        format: r.get(2)?,
        account: r.get(3)?,
        date: r.get(4)?,
        amount: r.get(5)?,
        currency: r.get(6)?,
        payer: r.get(7)?,
        payer_account: r.get(8)?,
        text: r.get(9)?,
        reference: r.get(10)?,
        bank_id: r.get(11)?,
        reversal: r.get::<_, i64>(12)? != 0,
        state: r.get(13)?,
        reason: r.get(14)?,
        client_id: r.get(15)?,
        client_name: r.get(16)?,
        matched_by: r.get(17)?,
        reverses: r.get(18)?,
    })
}

/// Which of these keys are stored already.
pub(crate) fn known(conn: &Connection, keys: &[String]) -> Result<std::collections::HashSet<String>> {
    // In chunks of 500 (SQLite allows 32,766 parameters; one statement per
    // key was a tenth of a 10,000-line import).
    let mut out = std::collections::HashSet::new();
    for chunk in keys.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let mut st = conn.prepare_cached(&format!("SELECT dedupe FROM bank_lines WHERE dedupe IN ({marks})"))?;
        for k in st.query_map(rusqlite::params_from_iter(chunk), |r| r.get::<_, String>(0))? {
            out.insert(k?);
        }
    }
    Ok(out)
}

pub(crate) fn insert(tx: &Connection, import_id: i64, l: &NewLine) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO bank_lines (import_id, dedupe, format, account, booked_on, amount_minor, currency, payer, payer_account, text, reference, bank_id, reversal, state, reason, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        import_id,
        l.dedupe,
        l.format,
        l.account,
        l.date.to_string(),
        l.amount,
        l.currency,
        l.payer,
        l.payer_account,
        l.text,
        l.reference,
        l.bank_id,
        l.reversal as i64,
        l.state,
        l.reason,
        now_stamp()
    ])?;
    Ok(tx.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<StoredLine>> {
    Ok(conn.prepare_cached(&format!("SELECT {COLUMNS} FROM bank_lines l LEFT JOIN clients c ON c.id = l.client_id WHERE l.id = ?1"))?.query_row([id], row).optional()?)
}

/// Lines newest first; `state` one of open, matched, ignored (or all).
pub fn list(conn: &Connection, state: Option<&str>, limit: usize) -> Result<Vec<StoredLine>> {
    let mut st = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM bank_lines l LEFT JOIN clients c ON c.id = l.client_id
         WHERE ?1 IS NULL OR l.state = ?1 ORDER BY l.booked_on DESC, l.id DESC LIMIT ?2"
    ))?;
    let rows = st.query_map(params![state, limit as i64], row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// How many lines are in each state.
pub fn counts(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut st = conn.prepare("SELECT state, COUNT(*) FROM bank_lines GROUP BY state")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
}

pub(crate) fn set_state(tx: &Connection, id: i64, state: &str, reason: &str, client_id: Option<i64>, matched_by: &str) -> Result<()> {
    tx.prepare_cached("UPDATE bank_lines SET state = ?2, reason = ?3, client_id = ?4, matched_by = ?5, updated_at = ?6 WHERE id = ?1")?
        .execute(params![id, state, reason, client_id, matched_by, now_stamp()])?;
    Ok(())
}

pub(crate) fn set_reverses(tx: &Connection, id: i64, reversed: i64) -> Result<()> {
    tx.execute("UPDATE bank_lines SET reverses = ?2 WHERE id = ?1", params![id, reversed])?;
    Ok(())
}

pub(crate) fn link(tx: &Connection, line_id: i64, payment_id: i64) -> Result<()> {
    tx.prepare_cached("INSERT INTO bank_line_payments (line_id, payment_id) VALUES (?1, ?2)")?.execute(params![line_id, payment_id])?;
    Ok(())
}

/// The payments a line made, each with its amount and what it was set
/// against: (payment id, amount, [(invoice number, amount)], [agreement reference]).
pub fn payments(conn: &Connection, line_id: i64) -> Result<Vec<(i64, i64, Vec<(String, i64)>, Vec<String>)>> {
    let mut st = conn.prepare_cached("SELECT p.id, p.amount_minor FROM bank_line_payments b JOIN payments p ON p.id = b.payment_id WHERE b.line_id = ?1 ORDER BY p.id")?;
    let ps: Vec<(i64, i64)> = st.query_map([line_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut alloc = conn.prepare_cached("SELECT i.number, a.amount_minor FROM allocations a JOIN invoices i ON i.id = a.invoice_id WHERE a.payment_id = ?1 ORDER BY i.due_date, i.id")?;
    let mut agr = conn.prepare_cached("SELECT DISTINCT g.reference FROM instalment_payments ip JOIN agreements g ON g.id = ip.agreement_id WHERE ip.payment_id = ?1")?;
    let mut out = Vec::new();
    for (id, amount) in ps {
        let a = alloc.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        let g = agr.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        out.push((id, amount, a, g));
    }
    Ok(out)
}

/// Why the payments of a line cannot be taken back: an agreement they
/// completed (its completion and any write-off are settled history).
pub(crate) fn undo_blocker(conn: &Connection, line_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT g.reference FROM bank_line_payments b JOIN instalment_payments ip ON ip.payment_id = b.payment_id
             JOIN agreements g ON g.id = ip.agreement_id WHERE b.line_id = ?1 AND g.status = 'completed' LIMIT 1",
            [line_id],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .map(|r| format!("the payment completed agreement {r}, and its completion letter stands; record a correction by hand instead")))
}

/// Removes the payments a line made (their allocations and instalment
/// parts with them), in the caller's transaction. Returns how much.
pub(crate) fn remove_payments(tx: &Connection, line_id: i64) -> Result<i64> {
    let ids: Vec<(i64, i64)> = tx
        .prepare("SELECT p.id, p.amount_minor FROM bank_line_payments b JOIN payments p ON p.id = b.payment_id WHERE b.line_id = ?1")?
        .query_map([line_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    tx.execute("DELETE FROM bank_line_payments WHERE line_id = ?1", [line_id])?;
    for (p, _) in &ids {
        tx.execute("DELETE FROM instalment_payments WHERE payment_id = ?1", [p])?;
        tx.execute("DELETE FROM allocations WHERE payment_id = ?1", [p])?;
        tx.execute("DELETE FROM payments WHERE id = ?1", [p])?;
    }
    Ok(ids.iter().map(|(_, a)| a).sum())
}

/// The matched receipt a reversal returns: same account, amount and
/// currency, booked on or before it, the payer's account or the text the
/// same; the latest such.
pub(crate) fn reversed_by(conn: &Connection, account: &str, amount: i64, currency: &str, on: NaiveDate, payer_account: &str, text: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT l.id FROM bank_lines l WHERE l.state = 'matched' AND l.reversal = 0 AND l.account = ?1 AND l.amount_minor = ?2 AND l.currency = ?3
               AND l.booked_on <= ?4 AND ((?5 <> '' AND l.payer_account = ?5) OR (?6 <> '' AND instr(?6, l.text) > 0) OR (?5 = '' AND ?6 = ''))
               AND NOT EXISTS (SELECT 1 FROM bank_lines r WHERE r.reverses = l.id)
             ORDER BY l.booked_on DESC, l.id DESC LIMIT 1",
            params![account, amount, currency, on.to_string(), payer_account, text],
            |r| r.get(0),
        )
        .optional()?)
}

/// Notes an account a client paid from.
pub(crate) fn remember_account(tx: &Connection, client_id: i64, account: &str, on: NaiveDate) -> Result<()> {
    if account.len() >= 6 {
        tx.prepare_cached("INSERT INTO client_accounts (client_id, account, seen_on) VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE SET seen_on = excluded.seen_on")?
            .execute(params![client_id, account, on.to_string()])?;
    }
    Ok(())
}

/// Every client as matching knows them.
pub fn payers(conn: &Connection) -> Result<Vec<Payer>> {
    let mut accounts: HashMap<i64, Vec<String>> = HashMap::new();
    let mut st = conn.prepare("SELECT client_id, account FROM client_accounts")?;
    for r in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (c, a) = r?;
        accounts.entry(c).or_default().push(a);
    }
    let mut st = conn.prepare("SELECT id, name, legal_name FROM clients")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for r in rows {
        let (id, name, legal_name) = r?;
        out.push(Payer { client_id: id, name, legal_name, accounts: accounts.remove(&id).unwrap_or_default() });
    }
    Ok(out)
}

/// Every invoice with something still open on it.
pub fn open_invoices(conn: &Connection) -> Result<Vec<OpenInvoice>> {
    let mut st = conn.prepare(concat!(
        "SELECT i.id, i.number, i.client_id, i.currency, i.due_date, o FROM (SELECT i.id, i.number, i.client_id, i.currency, i.due_date, ",
        outstanding!(),
        " AS o FROM invoices i) i WHERE o > 0"
    ))?;
    let mut cur: HashMap<String, Option<Currency>> = HashMap::new();
    let mut out = Vec::new();
    for r in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, i64>(5)?)))? {
        let (id, number, client_id, currency, due, o) = r?;
        let Some(c) = cur.entry(currency.clone()).or_insert_with(|| Currency::find(&currency).ok()) else { continue };
        out.push(OpenInvoice { id, number, client_id, outstanding: c.from_minor(o), currency, due: crate::ledger::date(&due) });
    }
    Ok(out)
}

/// Active and defaulted agreements, with what is left under them and of
/// their next instalment.
pub fn open_agreements(conn: &Connection) -> Result<Vec<OpenAgreement>> {
    open_agreements_of(conn, None)
}

/// The agreements being paid, of one client or (None) of all.
pub fn open_agreements_of(conn: &Connection, client_id: Option<i64>) -> Result<Vec<OpenAgreement>> {
    let rows: Vec<(i64, String, i64, String)> = conn
        .prepare("SELECT id, reference, client_id, currency FROM agreements WHERE status IN ('active', 'defaulted') AND (?1 IS NULL OR client_id = ?1)")?
        .query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, reference, client_id, currency) in rows {
        let Ok(c) = Currency::find(&currency) else { continue };
        let lines = crate::store::instalments::lines(conn, id)?;
        let remaining: i64 = lines.iter().map(|l| (l.amount - l.paid).max(0)).sum();
        let next = lines.iter().map(|l| (l.amount - l.paid).max(0)).find(|x| *x > 0).unwrap_or(0);
        out.push(OpenAgreement { id, reference, client_id, currency, remaining: c.from_minor(remaining), next: c.from_minor(next) });
    }
    Ok(out)
}

/// The agreement a reference names.
pub(crate) fn agreement_by_reference(conn: &Connection, reference: &str) -> Result<Option<(i64, i64, String, String)>> {
    Ok(conn
        .query_row("SELECT id, client_id, status, currency FROM agreements WHERE reference = ?1 COLLATE NOCASE", [reference.trim()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?)
}
