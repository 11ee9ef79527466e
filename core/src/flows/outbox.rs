//! The outbox: emails queued in the database, sent over SMTP without holding
//! it, and their results recorded; `run_due` sends what the ladder has due.

use crate::flows::agreement::Agreement;
use crate::flows::chase::*;
use crate::store::contacts::*;
use crate::error::{Error, Result};
use crate::ledger::{append_event_detail, business};
use crate::settings::{self};
use rusqlite::Connection;

pub fn queue_email(conn: &mut Connection, ctx: &Ctx, input: &SendInput) -> Result<Queued> {
    let mut input = input.clone();
    input.channel = "email".into();
    let v = validate_message(conn, ctx, &input)?;
    let (p, subject, body, to, reason) = (&v.p, &v.subject, &v.body, &v.to, &v.reason);
    let mut files = Vec::new();
    if input.attach_letter {
        files.push(crate::letter::save(conn, ctx, &crate::letter::LetterRequest::from_stage(&input), None)?);
    }
    if input.attach_statement {
        let req = crate::letter::LetterRequest { client_id: input.client_id, kind: "statement".into(), ..Default::default() };
        files.push(crate::letter::save(conn, ctx, &req, None)?);
    }
    let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let ids: Vec<i64> = p.invoices.iter().map(|i| i.id).collect();
    let tx = conn.transaction()?;
    let contact_id = insert_contact(
        &tx,
        ctx,
        &NewContact { client_id: p.client.id, stage_id: input.stage_id, channel: "email", status: "queued", recipient: to, subject, body, attachments: &files, override_reason: reason, charges_claimed_minor: v.claimed_minor() },
        &ids,
    )?;
    v.log_tone_override(&tx, ctx)?;
    tx.commit()?;
    Ok(Queued { contact_id, to: v.to.clone(), subject: v.subject.clone(), body: v.body.clone(), attachments: files })
}

/// The outcome of one delivery attempt. Success records the stage as sent
/// (steps, fees, history); failure keeps the email in the outbox as failed
/// with the server's reason, ready to retry.
pub fn mark_email_result(conn: &mut Connection, ctx: &Ctx, contact_id: i64, result: std::result::Result<(), String>) -> Result<Contact> {
    let c = contact(conn, contact_id)?;
    let tx = conn.transaction()?;
    match result {
        Ok(()) => {
            crate::store::contacts::set_sent(&tx, contact_id, &ctx.stamp())?;
            complete_stage(&tx, ctx, c.client_id, c.stage_id, &c.invoice_ids, "sent", "", Some(contact_id))?;
            let mut summary = format!("Email sent to {}: {}", c.recipient, c.subject);
            if !c.override_reason.is_empty() {
                summary.push_str(&format!(" (guard overridden: {})", c.override_reason));
            }
            append_event_detail(&tx, c.client_id, ctx.today, "email_sent", &summary, &c.body)?;
            if let Some(a) = crate::store::contacts::agreement_of(&tx, contact_id)? {
                crate::flows::agreement::sent_by_email(&tx, ctx, a, &c.attachments)?;
            }
        }
        Err(reason) => {
            crate::store::contacts::set_failed(&tx, contact_id, &reason)?;
            append_event_detail(&tx, c.client_id, ctx.today, "email_failed", &format!("Email to {} not sent: {reason}", c.recipient), &c.subject)?;
        }
    }
    tx.commit()?;
    contact(conn, contact_id)
}

/// SMS sent from the owner's phone, or a letter posted: recorded as sent.
pub fn record_sent(conn: &mut Connection, ctx: &Ctx, input: &SendInput) -> Result<Contact> {
    if input.channel != "sms" && input.channel != "letter" {
        return Err(Error::invalid("channel", "only an SMS or a letter is marked as sent by hand; emails are sent, calls are logged"));
    }
    let v = validate_message(conn, ctx, input)?;
    let (p, subject, body, to, reason) = (&v.p, &v.subject, &v.body, &v.to, &v.reason);
    let files = if input.channel == "letter" {
        vec![crate::letter::save(conn, ctx, &crate::letter::LetterRequest::from_stage(input), None)?.display().to_string()]
    } else {
        vec![]
    };
    let ids: Vec<i64> = p.invoices.iter().map(|i| i.id).collect();
    let tx = conn.transaction()?;
    let id = insert_contact(
        &tx,
        ctx,
        &NewContact { client_id: p.client.id, stage_id: input.stage_id, channel: &input.channel, status: "sent", recipient: to, subject, body, attachments: &files, override_reason: reason, charges_claimed_minor: v.claimed_minor() },
        &ids,
    )?;
    complete_stage(&tx, ctx, p.client.id, input.stage_id, &ids, "sent", "", Some(id))?;
    v.log_tone_override(&tx, ctx)?;
    let what = if input.channel == "sms" { format!("SMS sent to {to}") } else { "Letter posted".to_string() };
    let mut summary = format!("{}: {what} ({})", stage_name(p), numbers(p));
    if !reason.is_empty() {
        summary.push_str(&format!(" (guard overridden: {reason})"));
    }
    append_event_detail(&tx, p.client.id, ctx.today, &format!("{}_sent", input.channel), &summary, body)?;
    tx.commit()?;
    contact(conn, id)
}

/// Takes back an SMS or a letter marked as sent (a notice's Undo): it did
/// not go after all. The contact and the ladder steps it completed stay,
/// marked undone, the stage is due again, and the history says so. Refused
/// for emails (they went to the server), calls, what was already undone,
/// and when the stage's fee was added with it.
pub fn undo_sent(conn: &mut Connection, ctx: &Ctx, contact_id: i64) -> Result<String> {
    let c = contact(conn, contact_id)?;
    if c.channel != "sms" && c.channel != "letter" {
        return Err(Error::invalid("contact", format!("contact {contact_id} is {} {}; only an SMS or a letter marked as sent is taken back", if c.channel == "email" { "an" } else { "a" }, if c.channel == "call" { "call".to_string() } else { c.channel.clone() })));
    }
    if !c.undone_at.is_empty() {
        return Err(Error::Conflict(format!("contact {contact_id} was already taken back")));
    }
    for (inv, stage) in crate::store::contacts::contact_steps(conn, contact_id)? {
        if crate::store::steps::fee_applied(conn, inv, stage)? {
            return Err(Error::Conflict("the stage's fee was added with it, so it cannot be taken back here; write the fee off on the invoice if it should not stand".into()));
        }
    }
    let what = if c.channel == "sms" { format!("SMS to {}", c.recipient) } else { "Letter".to_string() };
    let msg = format!("{what} recorded as sent on {} taken back: it did not go, and the step is due again", crate::ledger::date_style(conn)?.format_iso(&c.on_date));
    let tx = conn.transaction()?;
    crate::store::contacts::mark_contact_undone(&tx, contact_id)?;
    append_event_detail(&tx, c.client_id, ctx.today, &format!("{}_undone", c.channel), &msg, "")?;
    tx.commit()?;
    Ok(msg)
}

/// The email as it goes to the server, from an outbox entry.
pub(crate) fn outgoing(conn: &Connection, c: &Contact) -> Result<crate::mail::OutgoingEmail> {
    let b = business(conn)?;
    let smtp = settings::smtp(conn)?;
    let from_email = if smtp.from_email.is_empty() { b.email.clone() } else { smtp.from_email.clone() };
    if from_email.is_empty() {
        return Err(Error::invalid("sender address", "set the business email (Settings) or the sender address (Settings → Email)"));
    }
    Ok(crate::mail::OutgoingEmail {
        from_name: if smtp.from_name.is_empty() { b.trading_name.clone() } else { smtp.from_name.clone() },
        from_email,
        to: c.recipient.clone(),
        subject: c.subject.clone(),
        body: c.body.clone(),
        attachments: attachments_of(c)?,
    })
}

/// An outbox email as it goes to the mail server, read from the database so
/// the sending itself can happen without holding it.
pub struct Delivery {
    pub contact_id: i64,
    pub smtp: settings::SmtpSettings,
    pub message: std::result::Result<crate::mail::OutgoingEmail, String>,
}

impl Delivery {
    /// Talks to the server (no database involved); the result goes to `mark_email_result`.
    pub fn send(&self, password: Option<&str>) -> std::result::Result<(), String> {
        match &self.message {
            Ok(m) => crate::mail::send(&self.smtp, password, m),
            Err(e) => Err(e.clone()),
        }
    }
}

/// Prepares a queued or failed outbox email for sending; a sent one is refused.
pub fn delivery(conn: &Connection, contact_id: i64) -> Result<Delivery> {
    let c = contact(conn, contact_id)?;
    if c.status == "sent" {
        return Err(Error::Conflict(format!("message {contact_id} was already sent on {}", c.sent_at)));
    }
    Ok(Delivery { contact_id, smtp: settings::smtp(conn)?, message: outgoing(conn, &c).map_err(|e| e.to_string()) })
}

/// Sends one queued or failed outbox email now and records the result,
/// holding `conn` throughout (CLI, tests). The window uses `delivery`,
/// `Delivery::send` and `mark_email_result` to release it while sending.
pub fn deliver(conn: &mut Connection, ctx: &Ctx, contact_id: i64, password: Option<&str>) -> Result<Contact> {
    let d = delivery(conn, contact_id)?;
    let result = d.send(password);
    mark_email_result(conn, ctx, contact_id, result)
}

/// Records the outcome of sending the agreement email (the outbox marks
/// the agreement as sent on success, here or on a retry from the outbox).
pub fn agreement_email_result(conn: &mut Connection, ctx: &Ctx, id: i64, contact_id: i64, result: std::result::Result<(), String>) -> Result<Agreement> {
    let err = result.as_ref().err().cloned();
    mark_email_result(conn, ctx, contact_id, result)?;
    if let Some(e) = err {
        return Err(Error::Conflict(format!("the agreement was not sent: {e}. It is in the outbox; try again from there or here")));
    }
    crate::flows::agreement::get(conn, ctx, id)
}
