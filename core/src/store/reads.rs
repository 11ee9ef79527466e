//! The reads behind Today: the ladder's progress per invoice, recent
//! contacts, escalated clients, pauses ending and agreements waiting on
//! someone. Read-only.

use crate::error::Result;
use crate::ladder::Step;
use crate::ledger::date as d;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use std::collections::{HashMap, HashSet};

/// The ladder's steps per invoice: one client's (every invoice, for its
/// page's "last step"), or, with `None`, those of every open invoice (all
/// Today needs: a paid invoice has no next step).
pub(crate) fn steps_of(conn: &Connection, client_id: Option<i64>) -> Result<HashMap<i64, Vec<Step>>> {
    let mut st = if client_id.is_some() {
        conn.prepare_cached(
            "SELECT s.invoice_id, s.stage_id, s.action, s.on_date, s.until FROM chase_steps s
             JOIN invoices i ON i.id = s.invoice_id WHERE i.client_id = ?1 AND s.undone_at = ''",
        )?
    } else {
        conn.prepare_cached(concat!(
            "SELECT s.invoice_id, s.stage_id, s.action, s.on_date, s.until FROM chase_steps s
             CROSS JOIN invoices i ON i.id = s.invoice_id WHERE ", open!(), " AND ?1 IS NULL AND s.undone_at = ''"
        ))?
    };
    let mut out: HashMap<i64, Vec<Step>> = HashMap::new();
    let rows = st.query_map([client_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
    })?;
    for r in rows {
        let (inv, stage_id, action, on, until) = r?;
        let until = if until.is_empty() { None } else { Some(d(&until)) };
        out.entry(inv).or_default().push(Step { stage_id, action, on_date: d(&on), until });
    }
    Ok(out)
}

/// Contacts per client sent in (since, until].
pub(crate) fn recent_contacts(conn: &Connection, since: &str, until: &str) -> Result<HashMap<i64, u32>> {
    let mut st = conn.prepare_cached("SELECT client_id, COUNT(*) FROM contacts WHERE status IN ('sent', 'done') AND undone_at = '' AND sent_at > ?1 AND sent_at <= ?2 GROUP BY client_id")?;
    let rows = st.query_map(params![since, until], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?)))?;
    Ok(rows.collect::<std::result::Result<HashMap<_, _>, _>>()?)
}

/// Clients handed over to an agency or solicitor.
pub(crate) fn escalated_clients(conn: &Connection) -> Result<HashSet<i64>> {
    let mut st = conn.prepare_cached("SELECT id FROM clients WHERE escalated_on != ''")?;
    let ids = st.query_map([], |r| r.get(0))?.collect::<std::result::Result<HashSet<_>, _>>()?;
    Ok(ids)
}

/// Clients whose pause ends on `day`: id, name, reason.
pub(crate) fn client_pauses_ending(conn: &Connection, day: &str) -> Result<Vec<(i64, String, String)>> {
    let mut st = conn.prepare_cached("SELECT id, name, pause_reason FROM clients WHERE paused_until = ?1")?;
    let rows = st.query_map([day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Why an invoice's chasing is paused.
pub(crate) fn pause_reason(conn: &Connection, invoice_id: i64) -> Result<String> {
    Ok(conn.query_row("SELECT pause_reason FROM invoices WHERE id = ?1", [invoice_id], |r| r.get(0))?)
}

/// Agreements out for signature or back signed: client id, client name,
/// reference, status, return-by.
pub(crate) fn agreements_waiting(conn: &Connection) -> Result<Vec<(i64, String, String, String, String)>> {
    let mut st = conn.prepare_cached(
        "SELECT g.client_id, c.name, g.reference, g.status, g.return_by FROM agreements g JOIN clients c ON c.id = g.client_id
         WHERE g.status IN ('issued', 'signed')",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, Option<String>>(4)?.unwrap_or_default())))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// What was done on `day`: messages sent or recorded and calls logged, plus
/// each step skipped or snoozed (once per client and stage, however many
/// invoices it covered).
pub(crate) fn done_on(conn: &Connection, day: NaiveDate) -> Result<i64> {
    let day = day.to_string();
    Ok(conn.query_row(
        "SELECT (SELECT COUNT(*) FROM contacts WHERE status IN ('sent', 'done') AND undone_at = '' AND on_date = ?1)
              + (SELECT COUNT(*) FROM (SELECT DISTINCT i.client_id, s.stage_id, s.action FROM chase_steps s JOIN invoices i ON i.id = s.invoice_id
                                       WHERE s.action IN ('skipped', 'snoozed') AND s.on_date = ?1 AND s.undone_at = ''))",
        [&day],
        |r| r.get(0),
    )?)
}

/// Changes when another connection (the CLI, a second window) commits to
/// the file; with `Connection::total_changes` it tells whether anything
/// changed since a read (Today's cache).
pub(crate) fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}
