//! Follow-through: an active agreement's instalments tracked one by one.
//!
//! Invariants:
//! - A payment from a client with an active agreement (in that currency)
//!   goes to the agreement first: its instalments in order (recorded in
//!   `instalment_payments`) and the covered invoices oldest first; what is
//!   left goes to the client's other invoices, then credit. Choosing an
//!   invoice that is not covered overrides this.
//! - Instalment states are derived, never stored: upcoming, due (today),
//!   partly paid (before its date), paid, late (inside the cure period),
//!   missed (past it).
//! - The agreed charges become an invoice when the agreement becomes active,
//!   so the ledger holds exactly what is owed under it; on completion of a
//!   settlement the unpaid rest of the covered invoices is written off (a
//!   `write-off` entry in payments, never counted as money received).

use crate::agreement::{self, Action, Agreement, Status};
use crate::chase::Ctx;
use crate::error::{Error, Result};
use crate::ledger::{append_event_detail, date as d, insert_allocation, insert_payment, now_stamp};
use crate::model::Amount;
use crate::money::Currency;
use crate::template::human_date;
use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// The method of the ledger entry that writes off what a settlement waived.
pub const WRITE_OFF: &str = "write-off";
/// Instalments due within this many days are listed on Today.
pub const HEADS_UP_DAYS: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Upcoming,
    Due,
    PartlyPaid,
    Paid,
    Late,
    Missed,
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            State::Upcoming => "Upcoming",
            State::Due => "Due today",
            State::PartlyPaid => "Partly paid",
            State::Paid => "Paid",
            State::Late => "Late",
            State::Missed => "Missed",
        }
    }
}

/// The state of one instalment (pure): `cure_days` after its due date it
/// turns from late to missed. A part payment keeps it late or missed once
/// its date has passed.
pub fn state(due: NaiveDate, amount: i64, paid: i64, today: NaiveDate, cure_days: u32) -> State {
    if paid >= amount {
        State::Paid
    } else if today < due {
        if paid > 0 { State::PartlyPaid } else { State::Upcoming }
    } else if today == due {
        if paid > 0 { State::PartlyPaid } else { State::Due }
    } else if today <= due + Duration::days(cure_days as i64) {
        State::Late
    } else {
        State::Missed
    }
}

/// Splits `amount` over instalments in order: (number, part) for each
/// instalment that still has something to pay. Pure.
pub fn spread(amount: i64, open: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut left = amount;
    let mut out = Vec::new();
    for (number, unpaid) in open {
        if left == 0 {
            break;
        }
        let part = left.min(*unpaid);
        if part > 0 {
            out.push((*number, part));
            left -= part;
        }
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct InstalmentStatus {
    pub number: i64,
    pub due_date: String,
    pub amount: Amount,
    pub paid: Amount,
    pub left: Amount,
    pub state: State,
    pub state_label: String,
    /// The last day of the cure period.
    pub cure_until: String,
}

struct Line {
    number: i64,
    due: NaiveDate,
    amount: i64,
    paid: i64,
}

fn lines(conn: &Connection, agreement_id: i64) -> Result<Vec<Line>> {
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
fn remaining(conn: &Connection, agreement_id: i64) -> Result<i64> {
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
        .query_row(
            "SELECT g.id, g.reference, g.agreed_on, g.arrangement_id, g.charges_invoice_id FROM agreements g
             WHERE g.client_id = ?1 AND g.status IN ('active', 'defaulted') AND g.currency = ?2
             ORDER BY g.id DESC LIMIT 1",
            params![client_id, currency],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((id, reference, date, arrangement_id, charges)) = row else { return Ok(None) };
    let ids: String = conn.query_row("SELECT invoice_ids FROM arrangements WHERE id = ?1", [arrangement_id], |r| r.get(0))?;
    let mut covered: Vec<i64> = serde_json::from_str(&ids).unwrap_or_default();
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

/// When an agreement becomes active: its instalments, the agreed charges as
/// an invoice, and any payment already made on the covered invoices since
/// the agreement's date counted towards the first instalments.
pub(crate) fn activate(tx: &Connection, a: &Agreement, today: NaiveDate) -> Result<()> {
    for l in &a.content.instalments {
        tx.execute(
            "INSERT INTO instalments (agreement_id, number, due_date, amount_minor, currency) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![a.id, l.number as i64, l.due_date, l.amount_minor, a.content.currency],
        )?;
    }
    let payable: i64 = a.content.instalments.iter().map(|l| l.amount_minor).sum();
    let basis = crate::negotiation::basis(tx, a.arrangement_id)?;
    let principal = basis.map(|b| b.principal_minor).unwrap_or(payable);
    if payable > principal {
        let last = a.content.instalments.last().map(|l| l.due_date.clone()).unwrap_or_else(|| today.to_string());
        let stamp = now_stamp();
        tx.execute(
            "INSERT INTO invoices (number, client_id, issue_date, due_date, amount_minor, currency, description, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![
                format!("{}-C", a.reference),
                a.client_id,
                today.to_string(),
                last.max(today.to_string()),
                payable - principal,
                a.content.currency,
                format!("Interest, compensation, fees and plan interest agreed under {}", a.reference),
                stamp
            ],
        )?;
        let inv = tx.last_insert_rowid();
        tx.execute("UPDATE agreements SET charges_invoice_id = ?2 WHERE id = ?1", params![a.id, inv])?;
    }
    // Money already received on the covered invoices since the agreement's date.
    let ids: String = tx.query_row("SELECT invoice_ids FROM arrangements WHERE id = ?1", [a.arrangement_id], |r| r.get(0))?;
    let covered: Vec<i64> = serde_json::from_str(&ids).unwrap_or_default();
    let mut paid: Vec<(i64, i64)> = Vec::new();
    {
        let mut st = tx.prepare(
            "SELECT p.id, SUM(al.amount_minor) FROM allocations al JOIN payments p ON p.id = al.payment_id
             WHERE al.invoice_id = ?1 AND p.date >= ?2 AND p.method != ?3 GROUP BY p.id ORDER BY p.date, p.id",
        )?;
        for inv in &covered {
            for r in st.query_map(params![inv, a.content.date, WRITE_OFF], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
                paid.push(r?);
            }
        }
    }
    paid.sort();
    for (payment, amount) in paid {
        apply(tx, a.id, payment, amount)?;
    }
    Ok(())
}

/// After a payment: a fully paid agreement is completed — a settlement's
/// unpaid rest of the covered invoices is written off — and a defaulted one
/// that has caught up is active again. Returns a sentence for the receipt.
pub(crate) fn after_payment(tx: &Connection, t: &Target, date: NaiveDate, today: NaiveDate) -> Result<Option<String>> {
    let (status, cure_days, currency, client_id): (String, i64, String, i64) = tx.query_row(
        "SELECT status, cure_days, currency, client_id FROM agreements WHERE id = ?1",
        [t.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let from = Status::parse(&status)?;
    let cur = Currency::find(&currency)?;
    if remaining(tx, t.id)? == 0 {
        let to = agreement::transition(from, Action::Complete)?;
        let mut written_off = 0;
        let mut rest: Vec<(i64, i64)> = Vec::new();
        for inv in &t.covered {
            let out: i64 = tx.query_row(
                "SELECT i.amount_minor - COALESCE((SELECT SUM(amount_minor) FROM allocations WHERE invoice_id = i.id), 0) FROM invoices i WHERE i.id = ?1",
                [inv],
                |r| r.get(0),
            )?;
            if out > 0 {
                rest.push((*inv, out));
                written_off += out;
            }
        }
        if written_off > 0 {
            let p = insert_payment(tx, client_id, date, written_off, &currency, WRITE_OFF, &format!("waived under {} (settlement completed)", t.reference), &now_stamp())?;
            for (inv, out) in rest {
                insert_allocation(tx, p, inv, out)?;
            }
        }
        tx.execute(
            "UPDATE agreements SET status = ?2, completed_on = ?3, updated_at = ?4 WHERE id = ?1",
            params![t.id, to.as_str(), date.to_string(), now_stamp()],
        )?;
        tx.execute("UPDATE arrangements SET status = 'completed' WHERE id = (SELECT arrangement_id FROM agreements WHERE id = ?1)", [t.id])?;
        let mut s = format!("Agreement {} completed: every payment made", t.reference);
        if written_off > 0 {
            s.push_str(&format!("; {} written off as agreed", cur.display(written_off)));
        }
        append_event_detail(tx, client_id, today, "agreement_completed", &s, "")?;
        return Ok(Some(s));
    }
    if from == Status::Defaulted {
        let behind = lines(tx, t.id)?.iter().any(|l| matches!(state(l.due, l.amount, l.paid, today, cure_days as u32), State::Missed | State::Late));
        if !behind {
            let to = agreement::transition(from, Action::Cure)?;
            tx.execute("UPDATE agreements SET status = ?2, defaulted_on = '', updated_at = ?3 WHERE id = ?1", params![t.id, to.as_str(), now_stamp()])?;
            let s = format!("Agreement {} is up to date again: the default is cured", t.reference);
            append_event_detail(tx, client_id, today, "agreement_cured", &s, "")?;
            return Ok(Some(s));
        }
    }
    Ok(None)
}

/// Active agreements with a missed instalment go into default (once, with
/// the reason in the history); completed ones get their completion letter.
/// Called by Today and the agreement screens. Returns what changed.
pub fn refresh(conn: &mut Connection, ctx: &Ctx) -> Result<Vec<String>> {
    // Dates as the business writes them.
    let style = crate::ledger::date_style(conn)?;
    let human_date = move |x: NaiveDate| style.format(x);
    let rows: Vec<(i64, String, i64, String, i64, String)> = conn
        .prepare(
            "SELECT id, reference, client_id, status, cure_days, currency FROM agreements
             WHERE status IN ('active', 'completed')",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut out = Vec::new();
    for (id, reference, client_id, status, cure, currency) in rows {
        if status == "completed" {
            let has: bool = conn.query_row("SELECT COUNT(*) > 0 FROM documents WHERE agreement_id = ?1 AND kind = 'completion_letter'", [id], |r| r.get(0))?;
            if !has {
                completion_letter(conn, ctx, id)?;
                out.push(format!("{reference}: completion letter written"));
            }
            continue;
        }
        let cur = Currency::find(&currency)?;
        let missed = lines(conn, id)?.into_iter().find(|l| state(l.due, l.amount, l.paid, ctx.today, cure as u32) == State::Missed);
        if let Some(l) = missed {
            let to = agreement::transition(Status::Active, Action::Default)?;
            // In default from the day after the cure period ended, however
            // long after that it is noticed.
            let since = (l.due + Duration::days(cure + 1)).min(ctx.today);
            let tx = conn.transaction()?;
            tx.execute("UPDATE agreements SET status = ?2, defaulted_on = ?3, updated_at = ?4 WHERE id = ?1", params![id, to.as_str(), since.to_string(), now_stamp()])?;
            let s = format!(
                "Agreement {reference} in default: payment {} of {} due {} was not {} by the end of the cure period ({})",
                l.number,
                cur.display(l.amount),
                human_date(l.due),
                if l.paid > 0 { "paid in full" } else { "paid" },
                human_date(l.due + Duration::days(cure))
            );
            append_event_detail(&tx, client_id, since, "agreement_defaulted", &s, "")?;
            tx.commit()?;
            out.push(s);
        }
    }
    Ok(out)
}

/// The agreement's agreed-charges invoice while part of it is unpaid:
/// (invoice id, number, unpaid).
pub(crate) fn charges_unpaid(conn: &Connection, agreement_id: i64) -> Result<Option<(i64, String, i64)>> {
    Ok(conn
        .query_row(
            "SELECT i.id, i.number, i.amount_minor - COALESCE((SELECT SUM(amount_minor) FROM allocations WHERE invoice_id = i.id), 0)
             FROM agreements g JOIN invoices i ON i.id = g.charges_invoice_id WHERE g.id = ?1",
            [agreement_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .filter(|c: &(i64, String, i64)| c.2 > 0))
}

/// Ends an active or defaulted agreement so new terms can be agreed: the
/// arrangement under it is withdrawn, the negotiation reopens with its
/// history, and the covered invoices are owed in full again (what was paid
/// stays paid; nothing waived under a settlement is given up any more). The
/// files and the payment record stay; the next agreement gets a new reference.
pub fn renegotiate(conn: &mut Connection, ctx: &Ctx, id: i64, reason: &str) -> Result<Agreement> {
    let reason = crate::text::clean(reason, &crate::text::rule("reason", 500, true, false))?;
    let a = agreement::get(conn, ctx, id)?;
    let to = agreement::transition(a.status, Action::Renegotiate)?;
    let cur = Currency::find(&a.content.currency)?;
    let ls = lines(conn, id)?;
    let paid: i64 = ls.iter().map(|l| l.paid).sum();
    let payable: i64 = ls.iter().map(|l| l.amount).sum();
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE agreements SET status = ?2, closed_on = ?3, closed_reason = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, to.as_str(), ctx.today.to_string(), reason, now_stamp()],
    )?;
    // The agreed charges were worked out to the agreement's date; the new
    // negotiation works them out afresh from the original due dates, so the
    // unpaid rest of the charges invoice is closed (not counted twice).
    let mut closed = String::new();
    if let Some((inv, number, left)) = charges_unpaid(&tx, id)? {
        let p = insert_payment(&tx, a.client_id, ctx.today, left, &a.content.currency, WRITE_OFF, &format!("charges under {} worked out afresh (renegotiated)", a.reference), &now_stamp())?;
        insert_allocation(&tx, p, inv, left)?;
        closed = format!(" The agreed charges ({number}, {} unpaid) are closed: interest and fees are worked out afresh from the original due dates.", cur.display(left));
    }
    agreement::back_to_negotiation(&tx, &a, &format!("was ended to renegotiate ({reason})"))?;
    append_event_detail(
        &tx,
        a.client_id,
        ctx.today,
        "agreement_renegotiated",
        &format!(
            "Agreement {} ended to renegotiate: {reason}. {} of {} had been paid under it.{closed} Back to negotiation.",
            a.reference,
            cur.display(paid),
            cur.display(payable)
        ),
        "",
    )?;
    tx.commit()?;
    agreement::get(conn, ctx, id)
}


/// The letter confirming that the account is settled (written once, then
/// the same file is returned).
pub fn completion_letter(conn: &Connection, ctx: &Ctx, id: i64) -> Result<std::path::PathBuf> {
    // Dates as the business writes them.
    let style = crate::ledger::date_style(conn)?;
    let human_date = move |x: NaiveDate| style.format(x);
    let a = agreement::get(conn, ctx, id)?;
    if a.status != Status::Completed {
        return Err(Error::Conflict(format!("agreement {} is {}; the completion letter comes with the last payment", a.reference, a.status.as_str())));
    }
    if let Some(d) = a.documents.iter().find(|d| d.kind == "completion_letter") {
        return Ok(std::path::PathBuf::from(&d.path));
    }
    let c = &a.content;
    let paper = crate::pdf::Paper::parse(&a.paper)?;
    let b = crate::ledger::business(conn)?;
    let client = crate::ledger::client(conn, a.client_id)?;
    let header = format!("{} · Account settled · {}", if b.trading_name.is_empty() { &b.legal_name } else { &b.trading_name }, c.reference);
    let mut doc = crate::pdf::Doc::new(paper, &format!("Account settled – {}", c.reference), &header, &format!("{} · {}", c.creditor.legal_name, c.creditor.address.replace('\n', ", ")), ctx.now);
    overdue_docs::letterhead::letterhead(&mut doc, &b, &client, ctx.today);
    let done = d(&a.completed_on_or(ctx.today));
    doc.paragraph(&format!("Your account is settled — agreement {}", c.reference), 12.0, true);
    doc.space(3.0);
    let who = if c.debtor.signatory.is_empty() { c.debtor.legal_name.clone() } else { c.debtor.signatory.clone() };
    let mut body = format!(
        "Dear {who},\n\nThank you. With your payment received on {}, every payment under our agreement {} of {} has been made: {} in total.\n\nThe invoices below are settled and your account with us is clear. We will take no further action on them.",
        human_date(done),
        c.reference,
        human_date(d(&c.date)),
        c.payable
    );
    if !c.waived.is_empty() {
        body.push_str(&format!(" As agreed, the remaining {} has been written off.", c.waived));
    }
    body.push_str("\n\nThank you for keeping to the agreement.");
    doc.paragraph(&body, 10.0, false);
    doc.space(3.0);
    // The invoices, then what the agreement added or gave up, so the rows
    // add up to what was paid.
    let cur = Currency::find(&c.currency)?;
    let mut rows: Vec<Vec<String>> = c.invoices.iter().map(|i| vec![i.number.clone(), human_date(d(&i.due)), i.amount.clone(), "Settled".into()]).collect();
    let (principal, balance, payable) = (c.minor(&c.principal), c.minor(&c.balance), c.minor(&c.payable));
    if balance > principal {
        rows.push(vec!["Interest, compensation and fees".into(), String::new(), cur.display(balance - principal), "Paid".into()]);
    }
    if payable > balance {
        rows.push(vec!["Interest on the plan".into(), String::new(), cur.display(payable - balance), "Paid".into()]);
    } else if payable < balance {
        rows.push(vec!["Given up under the settlement".into(), String::new(), format!("−{}", cur.display(balance - payable)), "Written off".into()]);
    }
    rows.push(vec!["Total paid".into(), String::new(), c.payable.clone(), String::new()]);
    let last = rows.len() - 1;
    doc.table(
        &[crate::pdf::col("Invoice", 3.4, crate::pdf::Align::Left), crate::pdf::col("Due date", 1.8, crate::pdf::Align::Left), crate::pdf::col("Amount", 1.8, crate::pdf::Align::Right), crate::pdf::col("Status", 1.4, crate::pdf::Align::Right)],
        &rows,
        &[last],
    );
    let sig = [c.creditor.signatory.as_str(), if b.trading_name.is_empty() { &b.legal_name } else { &b.trading_name }].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("\n");
    doc.paragraph(&format!("Kind regards,\n{sig}"), 10.0, false);
    let bytes = doc.finish();
    std::fs::create_dir_all(&ctx.docs_dir)?;
    let path = crate::io::files::unique_path(&ctx.docs_dir, &format!("{}-completion-letter.pdf", c.reference));
    std::fs::write(&path, bytes)?;
    crate::io::files::register(conn, &ctx.docs_dir, a.client_id, Some(a.id), "completion_letter", a.version, &format!("Completion letter for {}", c.reference), &path, &a.fingerprint)?;
    append_event_detail(conn, a.client_id, ctx.today, "completion_letter", &format!("Completion letter for {} written: the account is settled", c.reference), &path.display().to_string())?;
    Ok(path)
}

// ------------------------------------------------- progress and default

/// A message about an agreement, ready to edit and send.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    /// "progress" or "default_notice".
    pub kind: String,
    pub subject: String,
    pub body: String,
    /// The client's email address ("" if none).
    pub email: String,
    /// The client's mobile number ("" if none).
    pub phone: String,
    /// The same message short enough for a text ("" for a default notice,
    /// which goes in writing).
    pub sms: String,
    /// Default notice: the last date to catch up.
    pub catch_up_by: String,
}

/// The business's short name, signing a text.
fn short_name(a: &Agreement) -> &str {
    let c = &a.content.creditor;
    if c.trading_name.is_empty() { &c.legal_name } else { &c.trading_name }
}

struct Figures {
    paid: i64,
    payable: i64,
    arrears: i64,
    next: Option<(NaiveDate, i64)>,
    first_missed: Option<(i64, NaiveDate, i64)>,
}

fn figures(conn: &Connection, id: i64, cure_days: u32, today: NaiveDate) -> Result<Figures> {
    let ls = lines(conn, id)?;
    Ok(Figures {
        paid: ls.iter().map(|l| l.paid).sum(),
        payable: ls.iter().map(|l| l.amount).sum(),
        arrears: ls.iter().filter(|l| l.due <= today).map(|l| (l.amount - l.paid).max(0)).sum(),
        next: ls.iter().find(|l| l.paid < l.amount).map(|l| (l.due, l.amount - l.paid)),
        first_missed: ls
            .iter()
            .find(|l| state(l.due, l.amount, l.paid, today, cure_days) == State::Missed)
            .map(|l| (l.number, l.due, l.amount - l.paid)),
    })
}

fn greeting(a: &Agreement) -> String {
    let who = if a.content.debtor.signatory.is_empty() { a.content.debtor.legal_name.clone() } else { a.content.debtor.signatory.clone() };
    format!("Dear {who},")
}

fn sign_off(a: &Agreement) -> String {
    let name = short_name(a);
    let signatory = &a.content.creditor.signatory;
    if signatory.is_empty() { format!("Kind regards,\n{name}") } else { format!("Kind regards,\n{signatory}\n{name}") }
}

/// What was paid, what is left, the next date, and thanks.
pub fn progress_message(conn: &Connection, ctx: &Ctx, id: i64) -> Result<Message> {
    // Dates as the business writes them.
    let style = crate::ledger::date_style(conn)?;
    let human_date = move |x: NaiveDate| style.format(x);
    let a = agreement::get(conn, ctx, id)?;
    if !matches!(a.status, Status::Active | Status::Defaulted | Status::Completed) {
        return Err(Error::Conflict(format!("agreement {} is not active yet", a.reference)));
    }
    let cur = Currency::find(&a.content.currency)?;
    let f = figures(conn, id, a.content.cure_days, ctx.today)?;
    let made = a.instalments.iter().filter(|i| i.state == State::Paid).count();
    let mut body = format!(
        "{}\n\nThank you for your payments under our agreement {}. So far you have paid {} of {} ({made} of {} payments), and {} is left to pay.",
        greeting(&a),
        a.reference,
        cur.display(f.paid),
        cur.display(f.payable),
        a.instalments.len(),
        cur.display(f.payable - f.paid)
    );
    match f.next {
        Some((due, left)) => body.push_str(&format!(" The next payment of {} is due on {}.", cur.display(left), human_date(due))),
        None => body.push_str(" Every payment has been made: thank you. A letter confirming that your account is settled follows."),
    }
    if !a.content.payment_details.is_empty() && f.next.is_some() {
        body.push_str(&format!("\n\nPayment details, for your reference:\n{}", crate::template::with_reference(&a.content.payment_details, &a.reference)));
    }
    body.push_str(&format!("\n\nThank you for keeping to the agreement.\n\n{}", sign_off(&a)));
    let client = crate::ledger::client(conn, a.client_id)?;
    let sms = match f.next {
        Some((due, left)) => format!(
            "{}: thank you for your payments under agreement {}. Paid so far {} of {}; next payment {} on {}.",
            short_name(&a),
            a.reference,
            cur.display(f.paid),
            cur.display(f.payable),
            cur.display(left),
            human_date(due)
        ),
        None => format!("{}: thank you, every payment under agreement {} is made and your account is settled. A confirming letter follows.", short_name(&a), a.reference),
    };
    Ok(Message {
        kind: "progress".into(),
        subject: format!("Your payments under agreement {}: {} paid, {} to go", a.reference, cur.display(f.paid), cur.display(f.payable - f.paid)),
        body,
        email: client.email.clone(),
        phone: client.phone.clone(),
        sms,
        catch_up_by: String::new(),
    })
}

/// A friendly heads-up for the next instalment ("heads_up"), or a reminder
/// for a late one inside its cure period ("late_reminder").
pub fn instalment_message(conn: &Connection, ctx: &Ctx, id: i64, kind: &str) -> Result<Message> {
    // Dates as the business writes them.
    let style = crate::ledger::date_style(conn)?;
    let human_date = move |x: NaiveDate| style.format(x);
    let a = agreement::get(conn, ctx, id)?;
    if a.status != Status::Active {
        return Err(Error::Conflict(format!("agreement {} is {}", a.reference, a.status_label)));
    }
    let c = &a.content;
    let next = a.instalments.iter().find(|i| i.state != State::Paid).ok_or_else(|| Error::Conflict(format!("every payment under {} is made", a.reference)))?;
    let due = d(&next.due_date);
    let details = if c.payment_details.is_empty() { String::new() } else { format!("\n\nPayment details:\n{}", crate::template::with_reference(&c.payment_details, &a.reference)) };
    let (subject, body, sms) = if kind == "heads_up" {
        (
            format!("Reminder: payment {} of {} is due on {} (agreement {})", next.number, next.left.display, human_date(due), a.reference),
            format!(
                "{}\n\nA friendly reminder that payment {} of {} under our agreement {}, {}, is due on {}.{details}\n\nThank you for keeping to the agreement.\n\n{}",
                greeting(&a),
                next.number,
                a.instalments.len(),
                a.reference,
                next.left.display,
                human_date(due),
                sign_off(&a)
            ),
            format!(
                "{}: a friendly reminder that payment {} of {} ({}) under agreement {} is due on {}. Thank you!",
                short_name(&a),
                next.number,
                a.instalments.len(),
                next.left.display,
                a.reference,
                human_date(due)
            ),
        )
    } else {
        if next.state != State::Late {
            return Err(Error::Conflict(format!("payment {} under {} is not late", next.number, a.reference)));
        }
        let until = d(&next.cure_until);
        (
            format!("Payment {} under agreement {} is overdue", next.number, a.reference),
            format!(
                "{}\n\nWe have not yet received payment {} of {}, which was due on {} under our agreement {}. Please pay it by {}, the end of the {}-day period the agreement allows, so that the agreement stays on track.{details}\n\nIf you have already paid, thank you, and please ignore this message. If something has changed for you, please contact us before then.\n\n{}",
                greeting(&a),
                next.number,
                next.left.display,
                human_date(due),
                a.reference,
                human_date(until),
                c.cure_days,
                sign_off(&a)
            ),
            format!(
                "{}: payment {} ({}) under agreement {} was due on {}. Please pay it by {} to keep the agreement on track. If you have already paid, thank you.",
                short_name(&a),
                next.number,
                next.left.display,
                a.reference,
                human_date(due),
                human_date(until)
            ),
        )
    };
    let client = crate::ledger::client(conn, a.client_id)?;
    Ok(Message { kind: kind.into(), subject, body, email: client.email.clone(), phone: client.phone.clone(), sms, catch_up_by: String::new() })
}

/// The default notice: what was missed, the last date to catch up, and the
/// consequences exactly as the agreement states them (clause 6).
pub fn default_notice(conn: &Connection, ctx: &Ctx, id: i64, catch_up_by: &str) -> Result<Message> {
    // Dates as the business writes them.
    let style = crate::ledger::date_style(conn)?;
    let human_date = move |x: NaiveDate| style.format(x);
    let a = agreement::get(conn, ctx, id)?;
    if a.status != Status::Defaulted {
        return Err(Error::Conflict(format!("agreement {} is not in default ({})", a.reference, a.status_label)));
    }
    let by = if catch_up_by.trim().is_empty() {
        ctx.today + Duration::days(14)
    } else {
        crate::text::parse_iso_date(catch_up_by, "catch-up date")?
    };
    if by <= ctx.today || by > ctx.today + Duration::days(60) {
        return Err(Error::invalid("catch-up date", "must be after today and within 60 days"));
    }
    let c = &a.content;
    let cur = Currency::find(&c.currency)?;
    let f = figures(conn, id, c.cure_days, ctx.today)?;
    let (n, due, left) = f.first_missed.unwrap_or((0, ctx.today, f.arrears));
    let mut consequences = vec![format!("(a) the whole remaining balance of {} becomes due at once", cur.display(f.payable - f.paid))];
    if !c.waived.is_empty() {
        consequences.push(format!("(b) the {} waived under clause 2 is no longer waived and becomes payable", c.waived));
    }
    if !c.statutory_interest.is_empty() {
        consequences.push(format!("({}) interest and compensation under the {} run again from the original due dates", if c.waived.is_empty() { "b" } else { "c" }, c.statutory_interest));
    }
    let body = format!(
        "{}\n\nUnder our agreement {} of {}, payment {n} of {} was due on {}. It had not been received by the end of the {}-day cure period, so the agreement is now in default (clause 6).\n\nTo bring the agreement back up to date, please pay {} by {}.{}\n\nIf it is not brought up to date by then, then as the agreement states: {}; and we may pass the debt to a collection agency or start court proceedings to recover it.\n\nIf something has changed for you, please contact us before that date: we would much rather agree a way forward with you.\n\n{}",
        greeting(&a),
        a.reference,
        human_date(d(&c.date)),
        cur.display(left),
        human_date(due),
        c.cure_days,
        cur.display(f.arrears),
        human_date(by),
        if c.payment_details.is_empty() { String::new() } else { format!("\n\nPayment details:\n{}", crate::template::with_reference(&c.payment_details, &a.reference)) },
        consequences.join("; "),
        sign_off(&a)
    );
    let client = crate::ledger::client(conn, a.client_id)?;
    Ok(Message { kind: "default_notice".into(), subject: format!("Agreement {}: payment missed — please catch up by {}", a.reference, human_date(by)), body, email: client.email.clone(), phone: client.phone.clone(), sms: String::new(), catch_up_by: by.to_string() })
}

/// What the owner sends (possibly edited).
#[derive(Debug, Clone, serde::Deserialize, Default)]
#[serde(default)]
pub struct SendMessage {
    pub id: i64,
    /// "progress" or "default_notice".
    pub kind: String,
    /// "email" (through the outbox), "letter" (a PDF to print and post), or
    /// "sms" (sent from the owner's phone, recorded here as sent; not for a
    /// default notice).
    pub channel: String,
    pub subject: String,
    pub body: String,
    pub catch_up_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    /// The outbox email to send now (email), if any.
    pub contact_id: Option<i64>,
    /// The letter (also kept for the record), as a path.
    pub letter: String,
}

/// Records a message about an agreement (progress update, heads-up, late
/// reminder, default notice). For email and post the letter PDF is written
/// and registered, and an email is queued in the outbox with it; a text is
/// sent from the owner's own phone and recorded here as sent.
pub fn send_message(conn: &mut Connection, ctx: &Ctx, m: &SendMessage) -> Result<Sent> {
    // Dates as the business writes them.
    let style = crate::ledger::date_style(conn)?;
    let human_date = move |x: NaiveDate| style.format(x);
    let a = agreement::get(conn, ctx, m.id)?;
    let fresh = match m.kind.as_str() {
        "progress" => progress_message(conn, ctx, m.id)?,
        "heads_up" | "late_reminder" => instalment_message(conn, ctx, m.id, &m.kind)?,
        "default_notice" => default_notice(conn, ctx, m.id, &m.catch_up_by)?,
        other => return Err(Error::invalid("message", format!("'{other}' is not a message about an agreement"))),
    };
    let sms = m.channel == "sms";
    if sms && fresh.sms.is_empty() {
        return Err(Error::invalid("channel", "a default notice goes by email or letter, in writing, not by text"));
    }
    let subject = if sms { String::new() } else { crate::text::clean(&m.subject, &crate::text::rule("subject", 300, true, false))? };
    let body = crate::text::clean(&m.body, &crate::text::rule("message", if sms { crate::sms::MAX_TEXT } else { 20_000 }, true, true))?;
    let flags = crate::tone::check(&format!("{subject}\n{body}"), "final");
    if let Some(f) = flags.first() {
        return Err(Error::invalid("message", format!("the tone check found: {}", f.reason)));
    }
    let client = crate::ledger::client(conn, a.client_id)?;
    let to = match m.channel.as_str() {
        "email" => {
            let e = crate::text::clean_email(&client.email, "email")?;
            if e.is_empty() {
                return Err(Error::invalid("email", format!("{} has no email address; send it as a letter", client.name)));
            }
            e
        }
        "letter" => {
            if client.address.trim().is_empty() {
                return Err(Error::invalid("address", format!("{} has no postal address", client.name)));
            }
            client.address.clone()
        }
        "sms" => {
            if client.phone.trim().is_empty() {
                return Err(Error::invalid("phone", format!("{} has no phone number; send it by email or letter", client.name)));
            }
            crate::sms::normalize_phone(&client.phone)?
        }
        other => return Err(Error::invalid("channel", format!("'{other}' is not email, sms or letter"))),
    };
    let title = match m.kind.as_str() {
        "progress" => "Progress update",
        "heads_up" => "Payment reminder",
        "late_reminder" => "Late payment",
        _ => "Default notice",
    };
    // The letter, on the letterhead, kept for email and post (a text is its
    // own record).
    let path = if sms { None } else { Some(message_letter(conn, ctx, &a, &client, title, &subject, &body, &m.kind)?) };
    let tx = conn.transaction()?;
    if let Some(path) = &path {
        crate::io::files::register(&tx, &ctx.docs_dir, a.client_id, Some(a.id), "letter", a.version, &format!("{title} for {}", a.reference), path, "")?;
    }
    let files = match (&path, m.channel.as_str()) {
        (Some(p), "email") => vec![p.display().to_string()],
        _ => vec![],
    };
    let contact = crate::chase::insert_agreement_contact(&tx, ctx, a.id, a.client_id, &m.channel, &to, &subject, &body, &files)?;
    let next = a.instalments.iter().find(|i| i.state != State::Paid).map(|i| i.number).unwrap_or(0);
    if m.kind == "progress" {
        tx.execute("UPDATE agreements SET progress_sent_on = ?2 WHERE id = ?1", params![a.id, ctx.today.to_string()])?;
    } else if m.kind == "heads_up" {
        tx.execute("UPDATE agreements SET heads_up_for = ?2 WHERE id = ?1", params![a.id, next])?;
    } else if m.kind == "late_reminder" {
        tx.execute("UPDATE agreements SET late_reminder_for = ?2 WHERE id = ?1", params![a.id, next])?;
    } else {
        tx.execute("UPDATE agreements SET default_notice_on = ?2, catch_up_by = ?3 WHERE id = ?1", params![a.id, ctx.today.to_string(), fresh.catch_up_by])?;
    }
    let how = match m.channel.as_str() {
        "email" => "queued to email".to_string(),
        "sms" => format!("texted to {to}"),
        _ => "printed to post".to_string(),
    };
    let extra = if m.kind == "default_notice" { format!(" (catch up by {})", human_date(d(&fresh.catch_up_by))) } else { String::new() };
    let what = if sms { String::new() } else { format!(": {subject}") };
    append_event_detail(&tx, a.client_id, ctx.today, &m.kind, &format!("{title} for {} {how}{extra}{what}", a.reference), &body)?;
    tx.commit()?;
    Ok(Sent { contact_id: (m.channel == "email").then_some(contact), letter: path.map(|p| p.display().to_string()).unwrap_or_default() })
}

/// The letter PDF of a message about an agreement, on the letterhead.
#[allow(clippy::too_many_arguments)]
fn message_letter(conn: &Connection, ctx: &Ctx, a: &Agreement, client: &crate::model::Client, title: &str, subject: &str, body: &str, kind: &str) -> Result<std::path::PathBuf> {
    let b = crate::ledger::business(conn)?;
    let paper = crate::pdf::Paper::parse(&a.paper)?;
    let mut doc = crate::pdf::Doc::new(paper, &format!("{title} – {}", a.reference), &format!("{} · {title} · {}", if b.trading_name.is_empty() { &b.legal_name } else { &b.trading_name }, a.reference), &format!("{} · {}", b.legal_name, b.address.replace('\n', ", ")), ctx.now);
    overdue_docs::letterhead::letterhead(&mut doc, &b, client, ctx.today);
    doc.paragraph(subject, 12.0, true);
    doc.space(3.0);
    doc.paragraph(body, 10.0, false);
    std::fs::create_dir_all(&ctx.docs_dir)?;
    let path = crate::io::files::unique_path(&ctx.docs_dir, &format!("{}-{}-{}.pdf", a.reference, kind.replace('_', "-"), ctx.today));
    std::fs::write(&path, doc.finish())?;
    Ok(path)
}

/// One of Today's items for an agreement: (client_id, key, kind, title,
/// detail, due_on).
pub(crate) type TodayItem = (i64, String, String, String, String, String);

/// Today's items for agreements: instalments due within a few days, late
/// ones (inside the cure period), agreements in default (and whether the
/// default notice's catch-up date has passed), and progress updates due by
/// the owner's setting ("after_payment", "monthly", "off").
pub(crate) fn today_items(conn: &Connection, today: NaiveDate, progress: &str) -> Result<Vec<TodayItem>> {
    type Row = (i64, String, i64, String, i64, String, String, String, String, String, i64, i64);
    let rows: Vec<Row> = conn
        .prepare(
            "SELECT g.id, g.reference, g.client_id, g.status, g.cure_days, g.currency,
                    g.default_notice_on, g.catch_up_by, g.progress_sent_on, g.activated_on, g.heads_up_for, g.late_reminder_for
             FROM agreements g WHERE g.status IN ('active', 'defaulted')",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut out = Vec::new();
    for (id, reference, client_id, status, cure, currency, notice_on, catch_up_by, progress_on, activated_on, heads_up_for, late_for) in rows {
        let cur = Currency::find(&currency)?;
        let ls = lines(conn, id)?;
        let Some(l) = ls.iter().find(|l| l.paid < l.amount) else { continue };
        let left = cur.display(l.amount - l.paid);
        let st = state(l.due, l.amount, l.paid, today, cure as u32);
        let item = if status == "defaulted" {
            if notice_on.is_empty() {
                Some(("agreement_default", "Agreement in default".to_string(), format!("{reference}: payment {} ({left}) due {} was missed; send the default notice, renegotiate, or escalate", l.number, human_date(l.due))))
            } else if d(&catch_up_by) < today {
                Some(("agreement_default", "Catch-up date passed".to_string(), format!("{reference}: the default notice asked for payment by {}; it has not been brought up to date. Renegotiate or escalate", human_date(d(&catch_up_by)))))
            } else {
                None
            }
        } else {
            match st {
                State::Late if late_for == l.number => None,
                State::Due | State::Upcoming | State::PartlyPaid if heads_up_for == l.number => None,
                State::Late => Some(("instalment_late", "Payment late".to_string(), format!("{reference}: payment {} ({left}) was due {}; the cure period ends {}", l.number, human_date(l.due), human_date(l.due + Duration::days(cure))))),
                State::Missed => Some(("agreement_default", "Payment missed".to_string(), format!("{reference}: payment {} ({left}) due {} was missed", l.number, human_date(l.due)))),
                State::Due | State::Upcoming | State::PartlyPaid if l.due <= today + Duration::days(HEADS_UP_DAYS) => Some((
                    "instalment_due",
                    if l.due == today { "Payment due today".to_string() } else { "Payment due soon".to_string() },
                    format!("{reference}: payment {} of {} ({left} to pay) is due {}", l.number, ls.len(), human_date(l.due)),
                )),
                _ => None,
            }
        };
        if let Some((kind, title, detail)) = item {
            out.push((client_id, format!("{kind}-{reference}-{}", l.number), kind.to_string(), title, detail, l.due.to_string()));
        }
        if status == "active" {
            let last_paid: Option<String> = conn.query_row(
                "SELECT MAX(p.date) FROM instalment_payments ip JOIN payments p ON p.id = ip.payment_id WHERE ip.agreement_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            let since = if progress_on.is_empty() { activated_on.clone() } else { progress_on.clone() };
            let due = match progress {
                "after_payment" => last_paid.as_ref().is_some_and(|p| progress_on.is_empty() || *p > progress_on) && last_paid.as_deref().is_some_and(|p| p <= today.to_string().as_str()),
                "monthly" => !since.is_empty() && d(&since) + Duration::days(30) <= today,
                _ => false,
            };
            if due {
                let paid: i64 = ls.iter().map(|l| l.paid).sum();
                let total: i64 = ls.iter().map(|l| l.amount).sum();
                out.push((client_id, format!("progress-{reference}-{today}"), "progress_due".into(), "Progress update".into(), format!("{reference}: {} paid of {}; send them a short update and thanks", cur.display(paid), cur.display(total)), today.to_string()));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn states_across_the_cure_period_and_month_ends() {
        let due = day("2027-01-31");
        assert_eq!(state(due, 100, 0, day("2027-01-30"), 14), State::Upcoming);
        assert_eq!(state(due, 100, 40, day("2027-01-30"), 14), State::PartlyPaid);
        assert_eq!(state(due, 100, 0, day("2027-01-31"), 14), State::Due);
        assert_eq!(state(due, 100, 0, day("2027-02-01"), 14), State::Late);
        // 31 Jan + 14 days = 14 Feb: still late on the last day of the cure period.
        assert_eq!(state(due, 100, 0, day("2027-02-14"), 14), State::Late);
        assert_eq!(state(due, 100, 99, day("2027-02-15"), 14), State::Missed);
        assert_eq!(state(due, 100, 100, day("2027-03-31"), 14), State::Paid);
        // A leap year: 29 Feb 2028 + 0 days of cure.
        assert_eq!(state(day("2028-02-29"), 5, 0, day("2028-03-01"), 0), State::Missed);
        assert_eq!(state(day("2028-02-29"), 5, 0, day("2028-02-29"), 0), State::Due);
    }

    #[test]
    fn payments_go_to_instalments_in_order() {
        assert_eq!(spread(250, &[(1, 100), (2, 100), (3, 100)]), vec![(1, 100), (2, 100), (3, 50)]);
        assert_eq!(spread(30, &[(1, 0), (2, 100)]), vec![(2, 30)]);
        assert_eq!(spread(500, &[(1, 100)]), vec![(1, 100)], "what is left over is not the agreement's");
    }
}
