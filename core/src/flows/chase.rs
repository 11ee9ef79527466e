//! The chasing engine: what is due today, composing a message for a client
//! and stage, and every action the owner (or `run-due`) takes — send an
//! email, mark an SMS or letter as sent, log a call, snooze or skip a stage —
//! each written with its history event, fees and steps in one transaction.
//!
//! Invariants: a stage is recorded as sent only once the message really went
//! (an email only after the server accepted it); a fee is applied at most
//! once per invoice and stage (UNIQUE + INSERT OR IGNORE); disputed invoices
//! are never chased and never charged fees; guards warn, and going past a
//! warning needs a reason, which is stored with the contact.

pub use crate::ctx::Ctx;
pub use overdue_domain::message::{Charges, InterestLine, Prepared};
use crate::model::ItemInvoice;
use crate::settings::ChaseSettings;
use crate::store::reads;
use std::collections::HashMap;
use crate::store::contacts::*;
use crate::store::controls::*;
use crate::store::invoices::*;
use crate::store::steps;
use crate::error::{Error, Result};
use crate::guards::{self, Warning};
use crate::interest::{self, InterestPolicy};
use crate::ladder::{self, Stage};
use crate::ledger::{append_event_detail, business, client};
use crate::model::{Amount, Client};
use crate::money::Currency;
use crate::promise::{self, PromiseInput};
use crate::settings::{self};
use crate::sms::{self, SmsInfo};
use crate::template::{self, Values};
use crate::text::{clean, clean_email, parse_iso_date, rule};
use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

// ------------------------------------------------------------ open invoices

// ------------------------------------------------------------------- today

// --------------------------------------------------------------- compose

/// What the owner asks to prepare: a client, a stage (or none for an ad-hoc
/// message), a channel (default: the stage's), and invoices (default: every
/// open invoice of the client in one currency).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ComposeInput {
    pub client_id: i64,
    pub stage_id: Option<i64>,
    pub channel: String,
    pub invoice_ids: Vec<i64>,
}

/// A message ready to preview, edit and send.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub client_id: i64,
    pub client_name: String,
    pub stage: Option<Stage>,
    pub channel: String,
    pub invoice_ids: Vec<i64>,
    pub invoices: Vec<ItemInvoice>,
    /// Email address, phone number, or postal address.
    pub recipient: String,
    /// Why the recipient is missing or unusable, if it is.
    pub recipient_problem: String,
    pub subject: String,
    pub body: String,
    pub charges: Charges,
    pub new_due_date: String,
    pub warnings: Vec<Warning>,
    pub tone_flags: Vec<crate::tone::Flag>,
    pub sms: Option<SmsInfo>,
    /// `sms:` or `tel:` link for the QR code.
    pub link: String,
    pub qr: Vec<String>,
    pub letter_kind: String,
    /// "Your books were last brought in 12 days ago …: this invoice may
    /// already be paid." when the last import is older than the setting.
    pub books_warning: String,
}

fn policy_for(conn: &Connection, client_id: i64) -> Result<InterestPolicy> {
    Ok(client_info(conn, client_id)?.controls.interest_policy.unwrap_or(settings::interest_policy(conn)?))
}

/// Interest, compensation and fees on `invoices` as of `today`.
pub(crate) use crate::flows::claim::{claim, claim_text};

pub(crate) fn charges(conn: &Connection, client: &Client, invoices: &[Open], cur: &Currency, stage: Option<&Stage>, today: NaiveDate) -> Result<Charges> {
    let policy = policy_for(conn, client.id)?;
    let rates = interest::load(conn)?;
    let bcur = crate::ledger::business_currency(conn)?;
    let consumer = client.kind == "consumer";
    let (mut principal, mut int_total, mut fee_total) = (0i64, 0i64, 0i64);
    let (mut interest_only, mut compensation) = (0i64, 0i64);
    let mut lines = Vec::new();
    for inv in invoices {
        principal += inv.outstanding;
        let a = interest::accrue(&policy, inv.amount, cur, inv.due, &payments_of_invoice(conn, inv.id)?, today, consumer, &rates);
        int_total += a.interest_minor + a.compensation_minor;
        interest_only += a.interest_minor;
        compensation += a.compensation_minor;
        if a.interest_minor + a.compensation_minor > 0 || !a.note.is_empty() {
            lines.push(InterestLine {
                invoice: inv.number.clone(),
                days: a.days,
                rate: a.rate.clone(),
                interest: Amount::new(a.interest_minor, cur),
                compensation: Amount::new(a.compensation_minor, cur),
                note: a.note.clone(),
            });
        }
        let applied = steps::fees_applied(conn, inv.id)?;
        fee_total += applied;
        if let Some(s) = stage {
            let fee = s.fee_minor;
            if fee > 0 && cur.code == bcur.code && !inv.disputed {
                if !steps::fee_applied(conn, inv.id, s.id)? {
                    fee_total += fee;
                }
            }
        }
    }
    Ok(Charges {
        principal: Amount::new(principal, cur),
        interest: Amount::new(interest_only, cur),
        compensation: Amount::new(compensation, cur),
        fees: Amount::new(fee_total, cur),
        charges: Amount::new(int_total + fee_total, cur),
        total_due: Amount::new(principal + int_total + fee_total, cur),
        // Until a template says otherwise (`claim`), a message claims them.
        claimed: true,
        asked: Amount::new(principal + int_total + fee_total, cur),
        rates_warning: match policy.rate_region() {
            Some(region) if lines.iter().any(|l| !l.rate.is_empty()) => rates.staleness(region, today, crate::ledger::date_style(conn)?).unwrap_or_default(),
            _ => String::new(),
        },
        policy: policy.label(),
        lines,
        charges_minor: int_total + fee_total,
        interest_minor: int_total,
        fees_minor: fee_total,
        compensation_minor: compensation,
    })
}

pub(crate) fn prepare(conn: &Connection, ctx: &Ctx, input: &ComposeInput) -> Result<Prepared> {
    let c = client(conn, input.client_id).map_err(|_| Error::invalid("client", format!("there is no client with id {}", input.client_id)))?;
    let stage = match input.stage_id {
        Some(id) => Some(ladder::stage(conn, id)?),
        None => None,
    };
    let open = open_invoices(conn, Some(c.id))?;
    let invoices: Vec<Open> = if input.invoice_ids.is_empty() {
        // Every undisputed open invoice in the first currency; only the
        // overdue ones when some are overdue.
        let first = open.iter().find(|o| !o.disputed).map(|o| o.currency.clone());
        let mut v: Vec<Open> = open.into_iter().filter(|o| !o.disputed && Some(&o.currency) == first.as_ref()).collect();
        if v.iter().any(|o| o.due < ctx.today) {
            v.retain(|o| o.due < ctx.today);
        }
        v
    } else {
        let mut v = Vec::new();
        for id in &input.invoice_ids {
            let o = open.iter().find(|o| o.id == *id).ok_or_else(|| Error::invalid("invoices", format!("invoice {id} is not an open invoice of {}", c.name)))?;
            v.push(o.clone());
        }
        v
    };
    if invoices.is_empty() {
        return Err(Error::invalid("invoices", format!("{} has no open invoices to chase", c.name)));
    }
    let code = invoices[0].currency.clone();
    if let Some(other) = invoices.iter().find(|i| i.currency != code) {
        return Err(Error::invalid("invoices", format!("choose invoices in one currency at a time ({} and {} were chosen)", code, other.currency)));
    }
    let cur = Currency::find(&code)?;
    let b = business(conn)?;
    let ch = charges(conn, &c, &invoices, &cur, stage.as_ref(), ctx.today)?;
    let new_due = ctx.today + Duration::days(stage.as_ref().map(|s| s.new_due_days).filter(|n| *n > 0).unwrap_or(7));
    let oldest = invoices.iter().map(|i| i.due).min().expect("non-empty");
    let mut v = Values::new();
    v.insert("client", c.name.clone());
    v.insert("contact", if c.contact_person.is_empty() { c.name.clone() } else { c.contact_person.clone() });
    let rows: Vec<Vec<String>> = invoices
        .iter()
        .map(|i| vec![i.number.clone(), b.date(i.due), cur.display(i.amount), cur.display(i.outstanding)])
        .collect();
    v.insert("invoice_table", template::invoice_lines(&rows));
    let numbers: Vec<&str> = invoices.iter().map(|i| i.number.as_str()).collect();
    // A call script is read aloud: never a string of six numbers.
    let is_call = input.channel == "call" || (input.channel.is_empty() && stage.as_ref().is_some_and(|s| s.channel == "call"));
    v.insert("invoice_numbers", if is_call { template::spoken_invoices(&numbers) } else { numbers.join(", ") });
    v.insert("due_date", b.date(oldest));
    let mut dues: Vec<NaiveDate> = invoices.iter().map(|i| i.due).collect();
    dues.sort();
    v.insert("due_phrase", template::due_phrase(&dues.iter().map(|d| b.date(*d)).collect::<Vec<_>>()));
    v.insert("days_overdue", (ctx.today - oldest).num_days().max(0).to_string());
    v.insert("how_overdue", template::how_overdue(&invoices.iter().map(|i| (ctx.today - i.due).num_days()).collect::<Vec<_>>()));
    v.insert("total", ch.principal.display.clone());
    let shown = |a: &Amount| if a.amount.trim_start_matches(['0', '.']).is_empty() { template::DROP_LINE.to_string() } else { a.display.clone() };
    v.insert("interest", shown(&ch.interest));
    v.insert("compensation", shown(&ch.compensation));
    v.insert("fees", shown(&ch.fees));
    v.insert("charges", shown(&ch.charges));
    v.insert("total_due", ch.total_due.display.clone());
    v.insert("new_due_date", b.date(new_due));
    v.insert("today", b.date(ctx.today));
    v.insert("charges_note", template::charges_note(true, &ch.charges.display, ch.charges_minor > 0));
    v.insert("business", b.trading_name.clone());
    v.insert("phone", if b.phone.is_empty() { "the number on our invoice".into() } else { b.phone.clone() });
    v.insert("email", if b.email.is_empty() { "the address on our invoice".into() } else { b.email.clone() });
    let sig = [b.trading_name.as_str(), b.phone.as_str(), b.email.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("\n");
    v.insert("signature", sig);
    let mut p = Prepared { client: c, business: b, stage, invoices, currency: cur, values: v, charges: ch, new_due, pay_qr: None };
    crate::flows::claim::pay_values(&mut p);
    Ok(p)
}

fn recipient(c: &Client, channel: &str) -> (String, String) {
    match channel {
        "email" => match clean_email(&c.email, "email") {
            Ok(e) if !e.is_empty() => (e, String::new()),
            Ok(_) => (String::new(), format!("{} has no email address; add one on the client's page", c.name)),
            Err(_) => (c.email.clone(), format!("'{}' is not a valid email address", c.email)),
        },
        "sms" | "call" => match sms::normalize_phone(&c.phone) {
            Ok(_) => (c.phone.trim().to_string(), String::new()),
            Err(_) if c.phone.is_empty() => (String::new(), format!("{} has no phone number; add one on the client's page", c.name)),
            Err(e) => (c.phone.clone(), e.to_string()),
        },
        _ => {
            if c.address.trim().is_empty() {
                (String::new(), format!("{} has no postal address; add one on the client's page", c.name))
            } else {
                (c.address.clone(), String::new())
            }
        }
    }
}

/// Prepares the message for a client and stage with the stage's template.
pub fn compose(conn: &Connection, ctx: &Ctx, input: &ComposeInput) -> Result<Draft> {
    let mut p = prepare(conn, ctx, input)?;
    let channel = if !input.channel.is_empty() {
        if !ladder::CHANNELS.contains(&input.channel.as_str()) {
            return Err(Error::invalid("channel", format!("'{}' is not email, sms, call or letter", input.channel)));
        }
        input.channel.clone()
    } else {
        p.stage.as_ref().map(|s| s.channel.clone()).unwrap_or_else(|| "email".into())
    };
    let (subject_t, body_t) = match &p.stage {
        Some(s) => {
            let t = ladder::template(conn, s.id, &channel)?;
            (t.subject, t.body)
        }
        None => {
            let t = template::default_text("friendly", &channel);
            (t.subject.to_string(), t.body.to_string())
        }
    };
    claim(&mut p, &subject_t, &body_t);
    let subject = template::render(&subject_t, &p.values);
    let body = template::render(&body_t, &p.values);
    let tone = p.stage.as_ref().map(|s| s.tone.clone()).unwrap_or_else(|| "friendly".into());
    let (recipient, recipient_problem) = recipient(&p.client, &channel);
    let (sms_info, link, qr) = match channel.as_str() {
        "sms" if recipient_problem.is_empty() => {
            let link = sms::sms_link(&recipient, &body)?;
            let qr = sms::qr_rows(&link).unwrap_or_default();
            (Some(sms::info(&body)), link, qr)
        }
        "sms" => (Some(sms::info(&body)), String::new(), vec![]),
        "call" if recipient_problem.is_empty() => {
            let link = sms::tel_link(&recipient)?;
            let qr = sms::qr_rows(&link)?;
            (None, link, qr)
        }
        _ => (None, String::new(), vec![]),
    };
    Ok(Draft {
        books_warning: crate::store::imports::freshness(conn, ctx.today)?.warning,
        client_id: p.client.id,
        client_name: p.client.name.clone(),
        invoice_ids: p.invoices.iter().map(|i| i.id).collect(),
        invoices: p
            .invoices
            .iter()
            .map(|i| ItemInvoice {
                id: i.id,
                number: i.number.clone(),
                due_date: i.due.to_string(),
                outstanding: Amount::new(i.outstanding, &p.currency),
                days_overdue: (ctx.today - i.due).num_days(),
            })
            .collect(),
        recipient,
        recipient_problem,
        tone_flags: crate::tone::check(&format!("{subject}\n{body}"), &tone),
        subject,
        body,
        charges: p.charges,
        new_due_date: p.new_due.to_string(),
        warnings: guard_warnings(conn, ctx, p.client.id, &channel)?,
        sms: sms_info,
        link,
        qr,
        letter_kind: p.stage.as_ref().map(|s| s.letter_kind.clone()).unwrap_or_else(|| "reminder".into()),
        stage: p.stage,
        channel,
    })
}

// ----------------------------------------------------------------- actions

/// A message the owner confirmed (possibly edited).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SendInput {
    pub client_id: i64,
    pub stage_id: Option<i64>,
    pub channel: String,
    pub invoice_ids: Vec<i64>,
    pub subject: String,
    pub body: String,
    /// Required when a guard warns; logged with the contact.
    pub override_reason: String,
    /// Sends a message the tone check flagged: why the owner is sure it is
    /// fair. Logged in the client's history with the flags.
    pub tone_override: String,
    /// Email only: attach the stage's letter as a PDF.
    pub attach_letter: bool,
    /// Email only: attach a statement of account.
    pub attach_statement: bool,
}

/// A message checked and ready: the prepared stage, subject, body,
/// recipient, guard override reason, and the tone override when the owner
/// sends a flagged text anyway (summary, flags described).
pub(crate) struct Validated {
    pub p: Prepared,
    pub subject: String,
    pub body: String,
    pub to: String,
    pub reason: String,
    pub tone_override: Option<(String, String)>,
}

impl Validated {
    /// The charges the message asks for, in minor units (0 when it asks
    /// for the invoices only).
    pub(crate) fn claimed_minor(&self) -> i64 {
        if self.p.charges.claimed { self.p.charges.charges_minor } else { 0 }
    }

    /// Writes the tone override into the client's history (inside the
    /// transaction that records the message).
    pub(crate) fn log_tone_override(&self, tx: &Connection, ctx: &Ctx) -> Result<()> {
        if let Some((summary, detail)) = &self.tone_override {
            crate::ledger::append_event_detail(tx, self.p.client.id, ctx.today, "tone_override", summary, detail)?;
        }
        Ok(())
    }
}

/// How a checked text leaves: sent (email, SMS, letter posted) or printed.
#[derive(Clone, Copy)]
pub(crate) enum Going {
    Sent,
    Printed,
}

/// The tone check on text the owner confirmed, the one gate for messages
/// and printed letters: Ok(None) when it is clean; with flags, an error
/// naming them unless the owner gave a reason to go ahead, and then the
/// history entry for that override (summary, the flags described).
pub(crate) fn tone_gate(field: &str, subject: &str, body: &str, tone: &str, reason: &str, going: Going) -> Result<Option<(String, String)>> {
    let flags = crate::tone::check(&format!("{subject}\n{body}"), tone);
    if flags.is_empty() {
        return Ok(None);
    }
    let (done, verb, field_name) = match going {
        Going::Sent => ("sent", "send", "reason to send anyway"),
        Going::Printed => ("printed", "print", "reason to print anyway"),
    };
    let reason = clean(reason, &rule(field_name, 500, false, false))?;
    if reason.is_empty() {
        return Err(Error::invalid(
            field,
            format!("the tone check flagged it, so it was not {done}: {}. Change the wording, or give a reason to {verb} it anyway", crate::tone::describe(&flags)),
        ));
    }
    let cats: Vec<&str> = flags.iter().map(|f| f.category_name).collect();
    let done = if matches!(going, Going::Sent) { "Sent" } else { "Printed" };
    Ok(Some((format!("{done} despite the tone check ({}): {reason}", cats.join(", ")), crate::tone::describe(&flags))))
}

pub(crate) fn validate_message(conn: &Connection, ctx: &Ctx, input: &SendInput) -> Result<Validated> {
    let mut p = prepare(conn, ctx, &ComposeInput { client_id: input.client_id, stage_id: input.stage_id, channel: input.channel.clone(), invoice_ids: input.invoice_ids.clone() })?;
    let channel = input.channel.clone();
    if !ladder::CHANNELS.contains(&channel.as_str()) {
        return Err(Error::invalid("channel", format!("'{channel}' is not email, sms, call or letter")));
    }
    let subject = clean(&input.subject, &rule("subject", 300, channel == "email", false))?;
    let body = clean(&input.body, &rule("message", 20_000, channel != "call", true))?;
    claim_text(&mut p, &subject, &body);
    let tone = p.stage.as_ref().map(|s| s.tone.as_str()).unwrap_or("friendly");
    let tone_override = tone_gate("message", &subject, &body, tone, &input.tone_override, Going::Sent)?;
    let (to, problem) = recipient(&p.client, &channel);
    if !problem.is_empty() {
        return Err(Error::invalid("recipient", problem));
    }
    let warnings = guard_warnings(conn, ctx, p.client.id, &channel)?;
    let reason = clean(&input.override_reason, &rule("reason", 500, false, false))?;
    if !warnings.is_empty() && reason.is_empty() {
        return Err(Error::invalid(
            "override reason",
            format!("{}; give a reason to contact anyway", warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>().join("; ")),
        ));
    }
    Ok(Validated { p, subject, body, to, reason, tone_override })
}

#[allow(clippy::too_many_arguments)]
/// Records a stage as done for invoices: the steps, and the stage's fee once
/// per invoice (never on a disputed invoice, never twice).
pub(crate) fn complete_stage(tx: &Connection, ctx: &Ctx, client_id: i64, stage_id: Option<i64>, invoice_ids: &[i64], action: &str, reason: &str, contact_id: Option<i64>) -> Result<Vec<i64>> {
    let Some(stage_id) = stage_id else { return Ok(vec![]) };
    let mut ids = Vec::new();
    let s = ladder::stage(tx, stage_id)?;
    let bcur = crate::ledger::business_currency(tx)?;
    let fee = s.fee_minor;
    for inv in invoice_ids {
        ids.push(steps::insert_done(tx, *inv, stage_id, action, ctx.today, reason, contact_id)?);
        if action == "sent" && fee > 0 {
            let (code, disputed, number) = steps::invoice_terms(tx, *inv)?;
            if code == bcur.code && !disputed {
                if steps::apply_fee(tx, *inv, stage_id, fee, &code, ctx.today)? {
                    append_event_detail(tx, client_id, ctx.today, "fee_applied", &format!("{} fee applied to invoice {number} ({})", bcur.display(fee), s.name), "")?;
                }
            }
        }
    }
    Ok(ids)
}

pub(crate) fn numbers(p: &Prepared) -> String {
    p.invoices.iter().map(|i| i.number.as_str()).collect::<Vec<_>>().join(", ")
}

pub(crate) fn stage_name(p: &Prepared) -> String {
    p.stage.as_ref().map(|s| s.name.clone()).unwrap_or_else(|| "Message".into())
}

pub const OUTCOMES: &[&str] = &["reached", "no_answer", "voicemail", "wrong_number"];
pub const REASONS: &[&str] = &["", "forgot", "cash_flow", "dispute", "hardship_job_loss", "hardship_illness", "hardship_other", "invoice_not_received", "other"];

pub fn reason_label(r: &str) -> &str {
    match r {
        "forgot" => "forgot",
        "cash_flow" => "cash-flow gap",
        "dispute" => "dispute",
        "hardship_job_loss" => "hardship: job loss",
        "hardship_illness" => "hardship: illness",
        "hardship_other" => "hardship",
        "invoice_not_received" => "invoice not received",
        "other" => "other",
        _ => "not given",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CallInput {
    pub client_id: i64,
    pub stage_id: Option<i64>,
    pub invoice_ids: Vec<i64>,
    /// reached / no_answer / voicemail / wrong_number
    pub outcome: String,
    /// forgot / cash_flow / dispute / hardship_* / invoice_not_received / other
    pub reason: String,
    pub circumstances: String,
    pub proposal: String,
    pub override_reason: String,
    pub promise: Option<PromiseInput>,
}

/// Logs a call. Reached or voicemail completes the stage; no answer keeps it
/// and snoozes it to tomorrow; a wrong number skips it with that reason. A
/// reason of "dispute" marks the invoices disputed. An optional promise is
/// recorded in the same transaction.
pub fn log_call(conn: &mut Connection, ctx: &Ctx, input: &CallInput) -> Result<Contact> {
    let outcome = input.outcome.as_str();
    if !OUTCOMES.contains(&outcome) {
        return Err(Error::invalid("outcome", "choose reached, no answer, voicemail or wrong number"));
    }
    if !REASONS.contains(&input.reason.as_str()) {
        return Err(Error::invalid("reason", format!("'{}' is not a reason Overdue knows", input.reason)));
    }
    if outcome != "reached" && (input.promise.is_some() || !input.reason.is_empty()) {
        return Err(Error::invalid("outcome", "a reason or a promise can only come from a call where you reached the client"));
    }
    let p = prepare(conn, ctx, &ComposeInput { client_id: input.client_id, stage_id: input.stage_id, channel: "call".into(), invoice_ids: input.invoice_ids.clone() })?;
    let circumstances = clean(&input.circumstances, &rule("circumstances", 4000, false, true))?;
    let proposal = clean(&input.proposal, &rule("proposal", 2000, false, true))?;
    let warnings = guard_warnings(conn, ctx, p.client.id, "call")?;
    let override_reason = clean(&input.override_reason, &rule("reason", 500, false, false))?;
    if !warnings.is_empty() && override_reason.is_empty() {
        return Err(Error::invalid(
            "override reason",
            format!("{}; give a reason to call anyway", warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>().join("; ")),
        ));
    }
    let ids: Vec<i64> = p.invoices.iter().map(|i| i.id).collect();
    let phone = sms::normalize_phone(&p.client.phone).unwrap_or_else(|_| p.client.phone.clone());
    let tx = conn.transaction()?;
    let status = if outcome == "reached" || outcome == "voicemail" { "done" } else { "sent" };
    let notes = format!(
        "Outcome: {}\nReason for non-payment: {}\nCircumstances: {}\nTheir proposal: {}",
        outcome.replace('_', " "),
        reason_label(&input.reason),
        if circumstances.is_empty() { "-" } else { &circumstances },
        if proposal.is_empty() { "-" } else { &proposal }
    );
    let id = insert_contact(
        &tx,
        ctx,
        &NewContact { client_id: p.client.id, stage_id: input.stage_id, channel: "call", status, recipient: &phone, subject: "Phone call", body: &notes, attachments: &[], override_reason: &override_reason, charges_claimed_minor: 0 },
        &ids,
    )?;
    crate::store::contacts::set_call_notes(&tx, id, outcome, &input.reason, &circumstances, &proposal)?;
    match outcome {
        "reached" | "voicemail" => {
            complete_stage(&tx, ctx, p.client.id, input.stage_id, &ids, "sent", "", Some(id))?;
        }
        "wrong_number" => {
            complete_stage(&tx, ctx, p.client.id, input.stage_id, &ids, "skipped", "wrong number", Some(id))?;
        }
        _ => {
            if let Some(sid) = input.stage_id {
                for inv in &ids {
                    steps::insert_snooze(&tx, *inv, sid, ctx.today, ctx.today + Duration::days(1), "no answer", Some(id))?;
                }
            }
        }
    }
    let mut summary = format!("Call ({}): {}", numbers(&p), outcome.replace('_', " "));
    if outcome == "reached" {
        summary.push_str(&format!("; reason: {}", reason_label(&input.reason)));
    }
    if outcome == "wrong_number" {
        summary.push_str(" — check the client's phone number");
    }
    if !override_reason.is_empty() {
        summary.push_str(&format!(" (guard overridden: {override_reason})"));
    }
    append_event_detail(&tx, p.client.id, ctx.today, "call_logged", &summary, &notes)?;
    if input.reason == "dispute" {
        for inv in &p.invoices {
            steps::set_disputed(&tx, inv.id, if circumstances.is_empty() { "disputed on a call" } else { &circumstances })?;
        }
        append_event_detail(&tx, p.client.id, ctx.today, "dispute_opened", &format!("{} disputed on a call: not chased until resolved", numbers(&p)), &circumstances)?;
    }
    if let Some(pr) = &input.promise {
        let mut pr = pr.clone();
        pr.client_id = p.client.id;
        if pr.invoice_ids.is_empty() {
            pr.invoice_ids = ids.clone();
        }
        promise::create_in(&tx, &pr, ctx.today, Some(id))?;
    }
    tx.commit()?;
    contact(conn, id)
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SkipInput {
    pub client_id: i64,
    pub stage_id: i64,
    pub invoice_ids: Vec<i64>,
    pub reason: String,
    /// Snooze only: the date the step comes back.
    pub until: String,
}

fn skip_or_snooze(conn: &mut Connection, ctx: &Ctx, input: &SkipInput, snooze: bool) -> Result<Vec<i64>> {
    let p = prepare(conn, ctx, &ComposeInput { client_id: input.client_id, stage_id: Some(input.stage_id), channel: String::new(), invoice_ids: input.invoice_ids.clone() })?;
    let reason = clean(&input.reason, &rule("reason", 500, true, false)).map_err(|_| Error::invalid("reason", "say why (it goes in the history)"))?;
    let until = if snooze {
        let u = parse_iso_date(&input.until, "until")?;
        if u <= ctx.today {
            return Err(Error::invalid("until", "must be a date after today"));
        }
        if u > ctx.today + Duration::days(180) {
            return Err(Error::invalid("until", "is more than six months away; pause the client instead"));
        }
        Some(u)
    } else {
        None
    };
    let ids: Vec<i64> = p.invoices.iter().map(|i| i.id).collect();
    let tx = conn.transaction()?;
    let mut done = Vec::new();
    match until {
        Some(u) => {
            for inv in &ids {
                done.push(steps::insert_snooze(&tx, *inv, input.stage_id, ctx.today, u, &reason, None)?);
            }
            append_event_detail(&tx, p.client.id, ctx.today, "stage_snoozed", &format!("{} snoozed until {} ({}): {reason}", stage_name(&p), p.business.date(u), numbers(&p)), "")?;
        }
        None => {
            done = complete_stage(&tx, ctx, p.client.id, Some(input.stage_id), &ids, "skipped", &reason, None)?;
            append_event_detail(&tx, p.client.id, ctx.today, "stage_skipped", &format!("{} skipped ({}): {reason}", stage_name(&p), numbers(&p)), "")?;
        }
    }
    tx.commit()?;
    Ok(done)
}

/// Snoozes a step; returns the steps written (one per invoice), for `undo_steps`.
pub fn snooze(conn: &mut Connection, ctx: &Ctx, input: &SkipInput) -> Result<Vec<i64>> {
    skip_or_snooze(conn, ctx, input, true)
}

/// Skips a step; returns the steps written (one per invoice), for `undo_steps`.
pub fn skip(conn: &mut Connection, ctx: &Ctx, input: &SkipInput) -> Result<Vec<i64>> {
    skip_or_snooze(conn, ctx, input, false)
}

/// Takes back a snooze or a skip (the steps `snooze` or `skip` returned):
/// the stage is due again as if it had not happened. The steps stay in the
/// file, marked undone, and the history says so. Steps already undone, sent
/// steps and steps of different clients are refused, and nothing changes.
pub fn undo_steps(conn: &mut Connection, ctx: &Ctx, ids: &[i64]) -> Result<String> {
    if ids.is_empty() || ids.len() > 10_000 {
        return Err(Error::invalid("steps", "name the steps to undo"));
    }
    let mut found = Vec::new();
    for id in ids {
        let s = steps::step(conn, *id)?.ok_or_else(|| Error::NotFound(format!("there is no chase step {id}")))?;
        if s.2 != "skipped" && s.2 != "snoozed" {
            return Err(Error::invalid("steps", format!("step {id} was a message {}; only a skip or a snooze is undone here", s.2)));
        }
        if !s.4.is_empty() {
            return Err(Error::Conflict(format!("step {id} was already undone")));
        }
        found.push(s);
    }
    let (client_id, stage_id, action) = (found[0].0, found[0].1, found[0].2.clone());
    if found.iter().any(|s| s.0 != client_id || s.1 != stage_id || s.2 != action) {
        return Err(Error::invalid("steps", "the steps belong to different clients or stages; undo them one action at a time"));
    }
    let stage = ladder::stage(conn, stage_id)?;
    let numbers = found.iter().map(|s| s.5.as_str()).collect::<Vec<_>>().join(", ");
    let what = if action == "snoozed" { "Snooze" } else { "Skip" };
    let msg = format!("{what} of {} undone ({numbers}): the step is due again", stage.name);
    let tx = conn.transaction()?;
    for id in ids {
        steps::mark_undone(&tx, *id)?;
    }
    append_event_detail(&tx, client_id, ctx.today, if action == "snoozed" { "stage_snooze_undone" } else { "stage_skip_undone" }, &msg, "")?;
    tx.commit()?;
    Ok(msg)
}

// ---------------------------------------------------------------- contacts

// ----------------------------------------------------------------- run-due

// ------------------------------------------------------- template preview

#[derive(Debug, Clone, Serialize)]
pub struct TemplatePreview {
    pub client_id: i64,
    pub client_name: String,
    pub subject: String,
    pub body: String,
    pub flags: Vec<crate::tone::Flag>,
    /// Unknown placeholders, as the save would report them; empty = fine.
    pub problem: String,
}

/// Renders a template being edited with a real client's data (the chosen
/// one, else the client owing the most), with the tone check and the
/// placeholder check, so the editor can show both live.
pub fn preview_template(conn: &Connection, ctx: &Ctx, client_id: Option<i64>, stage_id: i64, subject: &str, body: &str) -> Result<TemplatePreview> {
    let stage = ladder::stage(conn, stage_id)?;
    let cid = match client_id {
        Some(id) => id,
        None => steps::top_debtor(conn)?
            .ok_or_else(|| Error::NotFound("add a client with an open invoice to see a preview".into()))?,
    };
    let mut p = prepare(conn, ctx, &ComposeInput { client_id: cid, stage_id: Some(stage_id), channel: String::new(), invoice_ids: vec![] })?;
    claim(&mut p, subject, body);
    let problem = template::check_placeholders(subject, "subject")
        .and_then(|_| template::check_placeholders(body, "body"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    Ok(TemplatePreview {
        client_id: cid,
        client_name: p.client.name.clone(),
        subject: template::render(subject, &p.values),
        body: template::render(body, &p.values),
        flags: crate::tone::check(&format!("{subject}\n{body}"), &stage.tone),
        problem,
    })
}

/// A message being edited, checked live: tone flags, and for an SMS its
/// length, segments, `sms:` link and QR code.
#[derive(Debug, Clone, Serialize)]
pub struct MessageCheck {
    pub flags: Vec<crate::tone::Flag>,
    pub sms: Option<SmsInfo>,
    pub link: String,
    pub qr: Vec<String>,
}

pub fn check_message(conn: &Connection, client_id: i64, channel: &str, tone: &str, subject: &str, body: &str) -> Result<MessageCheck> {
    let c = client(conn, client_id)?;
    let flags = crate::tone::check(&format!("{subject}\n{body}"), tone);
    if channel != "sms" {
        return Ok(MessageCheck { flags, sms: None, link: String::new(), qr: vec![] });
    }
    let (link, qr) = match sms::sms_link(&c.phone, body) {
        Ok(l) => {
            let q = sms::qr_rows(&l).unwrap_or_default();
            (l, q)
        }
        Err(_) => (String::new(), vec![]),
    };
    Ok(MessageCheck { flags, sms: Some(sms::info(body)), link, qr })
}

// ------------------------------------------------------------ guards

pub(crate) struct Env {
    pub settings: ChaseSettings,
    pub recent: HashMap<i64, u32>,
    /// Parsed time zones by name (parsing is not free at 20,000 clients).
    pub zones: std::cell::RefCell<HashMap<String, chrono_tz::Tz>>,
}

pub(crate) fn env(conn: &Connection, ctx: &Ctx) -> Result<Env> {
    let settings = settings::chase(conn)?;
    let since = (ctx.now - Duration::days(7)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let recent = reads::recent_contacts(conn, &since, &ctx.stamp())?;
    Ok(Env { settings, recent, zones: Default::default() })
}

/// The guard warnings for contacting client `client_id`, whose own time
/// zone is `time_zone` ("" = the business's), now by `channel`.
pub(crate) fn warnings_for(env: &Env, ctx: &Ctx, client_id: i64, time_zone: &str, channel: &str) -> Vec<Warning> {
    let name = if time_zone.is_empty() { env.settings.time_zone.as_str() } else { time_zone };
    let tz = {
        let mut zones = env.zones.borrow_mut();
        match zones.get(name) {
            Some(tz) => *tz,
            None => *zones.entry(name.to_string()).or_insert(name.parse::<chrono_tz::Tz>().unwrap_or(chrono_tz::Europe::London)),
        }
    };
    let (from, until) = env.settings.quiet_hours();
    guards::check(ctx.now, tz, from, until, *env.recent.get(&client_id).unwrap_or(&0), env.settings.max_contacts_per_week, channel)
}

/// The guard warnings for contacting a client now by a channel.
pub fn guard_warnings(conn: &Connection, ctx: &Ctx, client_id: i64, channel: &str) -> Result<Vec<Warning>> {
    let e = env(conn, ctx)?;
    let c = client(conn, client_id)?;
    Ok(warnings_for(&e, ctx, c.id, &c.time_zone, channel))
}
