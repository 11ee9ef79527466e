//! Instalments and what was paid towards them (`instalments`,
//! `instalment_payments`), and the agreement a client's payment goes to.

use crate::error::Result;
use crate::ledger::{date as d, now_stamp};
use crate::model::Amount;
use crate::money::Currency;
use chrono::{Duration, NaiveDate};
use overdue_domain::instalments::*;
use rusqlite::{params, Connection, OptionalExtension};

pub(crate) fn lines(conn: &Connection, agreement_id: i64) -> Result<Vec<Line>> {
    let mut st = conn.prepare_cached(
        "SELECT i.number, i.due_date, i.amount_minor,
                COALESCE((SELECT SUM(p.amount_minor) FROM instalment_payments p WHERE p.agreement_id = i.agreement_id AND p.number = i.number), 0)
         FROM instalments i WHERE i.agreement_id = ?1 ORDER BY i.number",
    )?;
    let rows = st.query_map([agreement_id], |r| Ok(Line { number: r.get(0)?, due: d(&r.get::<_, String>(1)?), amount: r.get(2)?, paid: r.get(3)? }))?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// The instalments of an agreement with what was paid and their state.
pub fn instalments(conn: &Connection, agreement_id: i64, cure_days: u32, currency: &str, today: NaiveDate) -> Result<Vec<InstalmentStatus>> {
    let cur = Currency::find(currency)?;
    Ok(lines(conn, agreement_id)?
        .into_iter()
        .map(|l| {
            let s = state(l.due, l.amount, l.paid, today, cure_days);
            InstalmentStatus {
                number: l.number,
                due_date: l.due.to_string(),
                amount: Amount::new(l.amount, &cur),
                paid: Amount::new(l.paid, &cur),
                left: Amount::new(l.amount - l.paid, &cur),
                state: s,
                state_label: s.label().into(),
                cure_until: (l.due + Duration::days(cure_days as i64)).to_string(),
            }
        })
        .collect())
}

/// Still to pay under an agreement, in minor units.
pub(crate) fn remaining(conn: &Connection, agreement_id: i64) -> Result<i64> {
    Ok(lines(conn, agreement_id)?.iter().map(|l| (l.amount - l.paid).max(0)).sum())
}

/// An agreement a payment would go to first.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub id: i64,
    pub reference: String,
    pub date: NaiveDate,
    pub covered: Vec<i64>,
    pub remaining: i64,
}

/// The client's active (or defaulted) agreement in `currency`, if any.
pub(crate) fn target(conn: &Connection, client_id: i64, currency: &str) -> Result<Option<Target>> {
    let row: Option<(i64, String, String, i64, Option<i64>)> = conn
        .prepare_cached(
            "SELECT g.id, g.reference, g.agreed_on, g.arrangement_id, g.charges_invoice_id FROM agreements g
             WHERE g.client_id = ?1 AND g.status IN ('active', 'defaulted') AND g.currency = ?2
             ORDER BY g.id DESC LIMIT 1",
        )?
        .query_row(params![client_id, currency], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?;
    let Some((id, reference, date, arrangement_id, charges)) = row else { return Ok(None) };
    let mut covered = crate::store::negotiations::invoice_ids(conn, arrangement_id)?;
    covered.extend(charges);
    Ok(Some(Target { id, reference, date: d(&date), covered, remaining: remaining(conn, id)? }))
}

/// Records `amount` of a payment against the agreement's instalments, in order.
pub(crate) fn apply(tx: &Connection, agreement_id: i64, payment_id: i64, amount: i64) -> Result<()> {
    let open: Vec<(i64, i64)> = lines(tx, agreement_id)?.iter().map(|l| (l.number, (l.amount - l.paid).max(0))).collect();
    for (number, part) in spread(amount, &open) {
        tx.execute(
            "INSERT INTO instalment_payments (agreement_id, number, payment_id, amount_minor) VALUES (?1, ?2, ?3, ?4)",
            params![agreement_id, number, payment_id, part],
        )?;
    }
    Ok(())
}

/// The agreement's agreed-charges invoice while part of it is unpaid:
/// (invoice id, number, unpaid).
pub(crate) fn charges_unpaid(conn: &Connection, agreement_id: i64) -> Result<Option<(i64, String, i64)>> {
    Ok(conn
        .query_row(
            concat!("SELECT i.id, i.number, ", outstanding!(), "
             FROM agreements g JOIN invoices i ON i.id = g.charges_invoice_id WHERE g.id = ?1"),
            [agreement_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .filter(|c: &(i64, String, i64)| c.2 > 0))
}

/// The instalments of an agreement that has just become active.
pub(crate) fn insert_all(tx: &Connection, agreement_id: i64, currency: &str, lines: &[overdue_domain::agreement::Line]) -> Result<()> {
    for l in lines {
        tx.execute(
            "INSERT INTO instalments (agreement_id, number, due_date, amount_minor, currency) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![agreement_id, l.number as i64, l.due_date, l.amount_minor, currency],
        )?;
    }
    Ok(())
}

/// Payments (id, amount) allocated to `invoices` on or after `since`, not
/// counting write-offs, in date order.
pub(crate) fn paid_on_since(conn: &Connection, invoices: &[i64], since: &str) -> Result<Vec<(i64, i64)>> {
    let mut paid = Vec::new();
    let mut st = conn.prepare(
        "SELECT p.id, SUM(al.amount_minor) FROM allocations al JOIN payments p ON p.id = al.payment_id
         WHERE al.invoice_id = ?1 AND p.date >= ?2 AND p.method != ?3 GROUP BY p.id ORDER BY p.date, p.id",
    )?;
    for inv in invoices {
        for r in st.query_map(params![inv, since, WRITE_OFF], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            paid.push(r?);
        }
    }
    Ok(paid)
}

/// An agreement's status, cure period, currency and client.
pub(crate) fn agreement_terms(conn: &Connection, id: i64) -> Result<(String, i64, String, i64)> {
    Ok(conn.query_row("SELECT status, cure_days, currency, client_id FROM agreements WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?)
}

/// The agreement is completed on `on`, and the arrangement under it.
pub(crate) fn set_completed(tx: &Connection, id: i64, status: &str, on: NaiveDate) -> Result<()> {
    tx.execute("UPDATE agreements SET status = ?2, completed_on = ?3, updated_at = ?4 WHERE id = ?1", params![id, status, on.to_string(), now_stamp()])?;
    tx.execute("UPDATE arrangements SET status = 'completed' WHERE id = (SELECT arrangement_id FROM agreements WHERE id = ?1)", [id])?;
    Ok(())
}

/// Out of default again.
pub(crate) fn set_cured(tx: &Connection, id: i64, status: &str) -> Result<()> {
    tx.execute("UPDATE agreements SET status = ?2, defaulted_on = '', updated_at = ?3 WHERE id = ?1", params![id, status, now_stamp()])?;
    Ok(())
}

/// In default since `since`.
pub(crate) fn set_defaulted(tx: &Connection, id: i64, status: &str, since: NaiveDate) -> Result<()> {
    tx.execute("UPDATE agreements SET status = ?2, defaulted_on = ?3, updated_at = ?4 WHERE id = ?1", params![id, status, since.to_string(), now_stamp()])?;
    Ok(())
}

/// Ended on `on` for `reason` (renegotiated).
pub(crate) fn set_ended(tx: &Connection, id: i64, status: &str, on: NaiveDate, reason: &str) -> Result<()> {
    tx.execute("UPDATE agreements SET status = ?2, closed_on = ?3, closed_reason = ?4, updated_at = ?5 WHERE id = ?1", params![id, status, on.to_string(), reason, now_stamp()])?;
    Ok(())
}

/// The agreed charges became this invoice.
pub(crate) fn set_charges_invoice(tx: &Connection, id: i64, invoice_id: i64) -> Result<()> {
    tx.execute("UPDATE agreements SET charges_invoice_id = ?2 WHERE id = ?1", params![id, invoice_id])?;
    Ok(())
}

/// Agreements being followed or just completed: id, reference, client,
/// status, cure days, currency.
pub(crate) fn followed(conn: &Connection) -> Result<Vec<(i64, String, i64, String, i64, String)>> {
    Ok(conn
        .prepare("SELECT id, reference, client_id, status, cure_days, currency FROM agreements WHERE status IN ('active', 'completed')")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
        .collect::<std::result::Result<_, _>>()?)
}

/// Whether the agreement's completion letter was written.
pub(crate) fn has_completion_letter(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn.query_row("SELECT COUNT(*) > 0 FROM documents WHERE agreement_id = ?1 AND kind = 'completion_letter'", [id], |r| r.get(0))?)
}

/// An active or defaulted agreement as Today reads it.
pub(crate) struct Live {
    pub id: i64,
    pub reference: String,
    pub client_id: i64,
    pub status: String,
    pub cure_days: i64,
    pub currency: String,
    pub default_notice_on: String,
    pub catch_up_by: String,
    pub progress_sent_on: String,
    pub activated_on: String,
    pub heads_up_for: i64,
    pub late_reminder_for: i64,
}

pub(crate) fn live(conn: &Connection) -> Result<Vec<Live>> {
    Ok(conn
        .prepare(
            "SELECT g.id, g.reference, g.client_id, g.status, g.cure_days, g.currency,
                    g.default_notice_on, g.catch_up_by, g.progress_sent_on, g.activated_on, g.heads_up_for, g.late_reminder_for
             FROM agreements g WHERE g.status IN ('active', 'defaulted')",
        )?
        .query_map([], |r| {
            Ok(Live {
                id: r.get(0)?,
                reference: r.get(1)?,
                client_id: r.get(2)?,
                status: r.get(3)?,
                cure_days: r.get(4)?,
                currency: r.get(5)?,
                default_notice_on: r.get(6)?,
                catch_up_by: r.get(7)?,
                progress_sent_on: r.get(8)?,
                activated_on: r.get(9)?,
                heads_up_for: r.get(10)?,
                late_reminder_for: r.get(11)?,
            })
        })?
        .collect::<std::result::Result<_, _>>()?)
}

/// The date of the latest payment towards the agreement's instalments.
pub(crate) fn last_paid_on(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT MAX(p.date) FROM instalment_payments ip JOIN payments p ON p.id = ip.payment_id WHERE ip.agreement_id = ?1", [id], |r| r.get(0))?)
}

/// When the last progress update went.
pub(crate) fn set_progress_sent(tx: &Connection, id: i64, on: NaiveDate) -> Result<()> {
    tx.execute("UPDATE agreements SET progress_sent_on = ?2 WHERE id = ?1", params![id, on.to_string()])?;
    Ok(())
}

/// The instalment a heads-up was sent for.
pub(crate) fn set_heads_up_for(tx: &Connection, id: i64, number: i64) -> Result<()> {
    tx.execute("UPDATE agreements SET heads_up_for = ?2 WHERE id = ?1", params![id, number])?;
    Ok(())
}

/// The instalment a late reminder was sent for.
pub(crate) fn set_late_reminder_for(tx: &Connection, id: i64, number: i64) -> Result<()> {
    tx.execute("UPDATE agreements SET late_reminder_for = ?2 WHERE id = ?1", params![id, number])?;
    Ok(())
}

/// The default notice went on `on`, asking to catch up by `catch_up_by`.
pub(crate) fn set_default_notice(tx: &Connection, id: i64, on: NaiveDate, catch_up_by: &str) -> Result<()> {
    tx.execute("UPDATE agreements SET default_notice_on = ?2, catch_up_by = ?3 WHERE id = ?1", params![id, on.to_string(), catch_up_by])?;
    Ok(())
}

/// The client's completed agreements still waiting for their completion letter.
pub(crate) fn completed_without_letter(conn: &Connection, client_id: i64) -> Result<Vec<i64>> {
    Ok(conn
        .prepare(
            "SELECT g.id FROM agreements g WHERE g.client_id = ?1 AND g.status = 'completed'
             AND NOT EXISTS (SELECT 1 FROM documents x WHERE x.agreement_id = g.id AND x.kind = 'completion_letter')",
        )?
        .query_map([client_id], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?)
}
