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

pub use crate::store::instalments::instalments;
pub(crate) use crate::store::instalments::Target;
pub(crate) use crate::store::instalments::{apply, charges_unpaid, target};
pub use overdue_domain::instalments::*;
use crate::store::instalments::{self as store, lines, remaining};
use crate::flows::agreement::{self, Action, Agreement, Status};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::ledger::{append_event_detail, date as d, insert_allocation, insert_payment, now_stamp};
use crate::money::Currency;
use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

/// After a payment: a fully paid agreement is completed — a settlement's
/// unpaid rest of the covered invoices is written off — and a defaulted one
/// that has caught up is active again. Returns a sentence for the receipt.
pub(crate) fn after_payment(tx: &Connection, t: &Target, date: NaiveDate, today: NaiveDate) -> Result<Option<String>> {
    let (status, cure_days, currency, client_id) = store::agreement_terms(tx, t.id)?;
    let from = Status::parse(&status)?;
    let cur = Currency::find(&currency)?;
    if remaining(tx, t.id)? == 0 {
        let to = agreement::transition(from, Action::Complete)?;
        let mut written_off = 0;
        let mut rest: Vec<(i64, i64)> = Vec::new();
        for inv in &t.covered {
            let out = crate::ledger::outstanding_of(tx, *inv)?;
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
        store::set_completed(tx, t.id, to.as_str(), date)?;
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
            store::set_cured(tx, t.id, to.as_str())?;
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
    let mut out = Vec::new();
    for (id, reference, client_id, status, cure, currency) in store::followed(conn)? {
        if status == "completed" {
            if !store::has_completion_letter(conn, id)? {
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
            store::set_defaulted(&tx, id, to.as_str(), since)?;
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
    store::set_ended(&tx, id, to.as_str(), ctx.today, &reason)?;
    // The agreed charges were worked out to the agreement's date; the new
    // negotiation works them out afresh from the original due dates, so the
    // unpaid rest of the charges invoice is closed (not counted twice).
    let mut closed = String::new();
    if let Some((inv, number, left)) = charges_unpaid(&tx, id)? {
        let p = insert_payment(&tx, a.client_id, ctx.today, left, &a.content.currency, WRITE_OFF, &format!("charges under {} worked out afresh (renegotiated)", a.reference), &now_stamp())?;
        insert_allocation(&tx, p, inv, left)?;
        closed = format!(" The agreed charges ({number}, {} unpaid) are closed: interest and fees are worked out afresh from the original due dates.", cur.display(left));
    }
    crate::flows::negotiation::back_to_negotiation(&tx, &a, &format!("was ended to renegotiate ({reason})"))?;
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
    let _human_date = move |x: NaiveDate| style.format(x);
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
    let done = d(&a.completed_on_or(ctx.today));
    let bytes = overdue_docs::agreement::completion_letter_pdf(c, &b, &client, done, ctx.today, paper, ctx.now)?;
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
    let how = a.content.payment_instruction();
    if !how.is_empty() && f.next.is_some() {
        body.push_str(&format!("\n\nHow to pay, for your reference:\n{how}"));
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

/// "How to pay:" and the agreement's one instruction, as a message's
/// closing paragraph ("" when the business gave no details).
fn how_block(c: &overdue_domain::agreement::Content) -> String {
    let how = c.payment_instruction();
    if how.is_empty() {
        String::new()
    } else {
        format!("\n\nHow to pay:\n{how}")
    }
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
    let details = how_block(c);
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
        how_block(c),
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
    let contact = crate::store::contacts::insert_agreement_contact(&tx, ctx, a.id, a.client_id, &m.channel, &to, &subject, &body, &files)?;
    let next = a.instalments.iter().find(|i| i.state != State::Paid).map(|i| i.number).unwrap_or(0);
    match m.kind.as_str() {
        "progress" => store::set_progress_sent(&tx, a.id, ctx.today)?,
        "heads_up" => store::set_heads_up_for(&tx, a.id, next)?,
        "late_reminder" => store::set_late_reminder_for(&tx, a.id, next)?,
        _ => store::set_default_notice(&tx, a.id, ctx.today, &fresh.catch_up_by)?,
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
    let bytes = overdue_docs::letterhead::plain_letter(paper, title, &a.reference, &b, client, subject, body, ctx.today, ctx.now);
    std::fs::create_dir_all(&ctx.docs_dir)?;
    let path = crate::io::files::unique_path(&ctx.docs_dir, &format!("{}-{}-{}.pdf", a.reference, kind.replace('_', "-"), ctx.today));
    std::fs::write(&path, bytes)?;
    Ok(path)
}
