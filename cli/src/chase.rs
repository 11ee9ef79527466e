//! The chasing commands of the CLI: today, run-due, remind, call, promise,
//! letter, outbox/retry, ladder, smtp, interest. Each parses its arguments,
//! calls `overdue_core::chase` (or its neighbours) and prints text or JSON.

use crate::output::{cell, out, print_json, rcell};
use crate::context::Run;
use clap::Subcommand;
use overdue_core::chase::{self, CallInput, ComposeInput, SendInput};
use overdue_core::interest::{self, InterestPolicy, ReferenceRate};
use overdue_core::letter::{self, LetterRequest};
use overdue_core::promise::{self, PromiseInput};
use overdue_core::rusqlite::Connection;
use overdue_core::settings::{self, SmtpSettings};
use overdue_core::{ladder, ledger, secret, Error, Result};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ChaseCmd {
    /// What to do now: reminders and calls due, promises due or broken, pauses ending, reviews
    Today,
    /// Send the email stages that are due in automatic mode (respecting quiet hours and the weekly cap)
    RunDue {
        /// Show what would be sent; send nothing
        #[arg(long)]
        dry_run: bool,
        /// Send even while the books are older than the setting (they may show these invoices paid)
        #[arg(long)]
        include_stale: bool,
    },
    /// Send (email) or record as sent (SMS, letter) a client's due reminder
    Remind {
        /// Client name or id
        #[arg(long)]
        client: String,
        /// Stage name or id (default: the client's stage due today)
        #[arg(long)]
        stage: Option<String>,
        /// email, sms or letter (default: the stage's channel)
        #[arg(long)]
        channel: Option<String>,
        /// Reason to go ahead despite a quiet-hours or weekly-cap warning (logged)
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
        /// Email: attach the stage's letter as a PDF
        #[arg(long)]
        attach_letter: bool,
        /// Email: attach a statement of account
        #[arg(long)]
        attach_statement: bool,
    },
    /// Log a phone call: outcome, reason for non-payment, and an optional promise
    Call {
        #[arg(long)]
        client: String,
        /// reached, no_answer, voicemail or wrong_number
        #[arg(long)]
        outcome: String,
        /// forgot, cash_flow, dispute, hardship_job_loss, hardship_illness, hardship_other, invoice_not_received, other
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long, default_value = "")]
        circumstances: String,
        /// What the client proposes
        #[arg(long, default_value = "")]
        proposal: String,
        /// The call stage this completes (name or id)
        #[arg(long)]
        stage: Option<String>,
        /// Promise: amount
        #[arg(long, allow_hyphen_values = true)]
        promise_amount: Option<String>,
        /// Promise: date (YYYY-MM-DD)
        #[arg(long)]
        promise_date: Option<String>,
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
    },
    /// Promises to pay
    Promise {
        #[command(subcommand)]
        what: PromiseCmd,
    },
    /// Write a letter as a PDF: reminder, firm_reminder, final_notice or statement
    Letter {
        #[arg(long)]
        client: String,
        /// reminder, firm_reminder, final_notice, statement (default: the stage's, else reminder)
        #[arg(long)]
        kind: Option<String>,
        /// The stage whose letter template to use (name or id)
        #[arg(long)]
        stage: Option<String>,
        /// A4 or Letter (default: the setting)
        #[arg(long, default_value = "")]
        paper: String,
        /// Where to write the PDF (default: the documents folder beside the database)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The email outbox: queued, sent and failed messages
    Outbox {
        /// queued, sent or failed
        #[arg(long, default_value = "")]
        status: String,
    },
    /// Send a queued or failed email again
    Retry { id: i64 },
    /// The chase ladder: stages, days, channels, tones, fees
    Ladder,
    /// The outgoing mail server
    Smtp {
        #[command(subcommand)]
        what: SmtpCmd,
    },
    /// Late-payment interest: show or set the business policy, and the reference rates
    Interest {
        /// none, contractual, uk (Late Payment Act), eu (Directive 2011/7/EU)
        #[arg(long)]
        policy: Option<String>,
        /// Contractual rate, percent a year
        #[arg(long)]
        rate: Option<String>,
        /// Contractual: days after the due date before interest starts
        #[arg(long, default_value_t = 0)]
        grace: i64,
        /// Add or change a reference rate: REGION:YYYY-MM-DD:PERCENT, e.g. GB:2025-08-07:4.00
        #[arg(long = "set-rate", value_name = "REGION:DATE:RATE")]
        set_rate: Option<String>,
        /// Record that a region's reference rates (GB or EU) were checked today and are current
        #[arg(long = "rates-current", value_name = "REGION")]
        rates_current: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum PromiseCmd {
    /// Record a promise to pay (pauses chasing of the invoices it covers)
    Add {
        #[arg(long)]
        client: String,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// Invoice numbers covered (repeatable; default: all the client's open invoices)
        #[arg(long = "invoice")]
        invoices: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// List promises (all, or one client's)
    List {
        #[arg(long)]
        client: Option<String>,
    },
    /// Cancel a pending promise
    Cancel {
        id: i64,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
pub enum SmtpCmd {
    /// Show the mail server settings
    Show,
    /// Set the mail server
    Set {
        #[arg(long)]
        host: String,
        #[arg(long, default_value_t = 587)]
        port: u16,
        /// starttls, tls or none
        #[arg(long, default_value = "starttls")]
        security: String,
        #[arg(long, default_value = "")]
        user: String,
        /// Sender address (default: the business email)
        #[arg(long, default_value = "")]
        from: String,
        #[arg(long, default_value = "")]
        from_name: String,
    },
    /// Store the password in the OS keyring (read from standard input)
    Password,
    /// Connect and log in without sending anything
    Test,
}

/// How to act on a stale-rates warning from the command line.
const RATES_HINT: &str = " (overdue interest --set-rate GB:YYYY-MM-DD:PERCENT adds a rate; overdue interest --rates-current GB confirms the table)";

fn stage_by(conn: &Connection, s: &str) -> Result<ladder::Stage> {
    let stages = ladder::stages(conn)?;
    if let Ok(id) = s.trim().trim_start_matches('#').parse::<i64>() {
        if let Some(st) = stages.iter().find(|x| x.id == id) {
            return Ok(st.clone());
        }
    }
    let lower = s.trim().to_lowercase();
    let hits: Vec<&ladder::Stage> = stages.iter().filter(|x| x.name.to_lowercase().starts_with(&lower)).collect();
    match hits.len() {
        1 => Ok(hits[0].clone()),
        0 => Err(Error::NotFound(format!("no stage matches '{s}'; see `overdue ladder`"))),
        _ => hits
            .iter()
            .find(|x| x.name.to_lowercase() == lower)
            .map(|x| (*x).clone())
            .ok_or_else(|| Error::Conflict(format!("'{s}' matches several stages: {}", hits.iter().map(|x| x.name.as_str()).collect::<Vec<_>>().join(", ")))),
    }
}


pub fn run(cmd: ChaseCmd, r: &mut Run) -> Result<()> {
    let (conn, ctx, json) = (&mut r.conn, &r.ctx, r.json);
    match cmd {
        ChaseCmd::Today => {
            overdue_core::sweep::run(conn, ctx)?;
            let t = chase::today(conn, ctx)?;
            if json {
                print_json(&t);
                return Ok(());
            }
            out!("Today, {}: {} thing{} to do", t.as_of, t.items.len(), if t.items.len() == 1 { "" } else { "s" });
            if !t.books.updated_on.is_empty() {
                let when = if t.books.days == 0 { "today".to_string() } else { format!("{} day{} ago", t.books.days, if t.books.days == 1 { "" } else { "s" }) };
                out!("  Books last brought in {when} ({}){}", t.books.file_name, if t.books.stale { ": out of date, invoices may already be paid; automatic sends wait" } else { "" });
            }
            for i in &t.items {
                let warn = if i.warnings.is_empty() { String::new() } else { format!("  ⚠ {}", i.warnings.iter().map(|w| w.message.as_str()).collect::<Vec<_>>().join("; ")) };
                out!("  {}  {}  {}{}{}", cell(&i.kind, 14), cell(&i.client_name, 28), i.title, if i.auto { " (automatic)" } else { "" }, warn);
                out!("  {}  {}  {}", cell("", 14), cell("", 28), i.detail);
            }
            if !t.not_chased.is_empty() {
                out!("Not chased now: {}", t.not_chased.iter().map(|(k, v)| format!("{v} {k}")).collect::<Vec<_>>().join(", "));
            }
            let week_end = (ctx.today + chrono::Duration::days(7)).to_string();
            let week: Vec<_> = t.upcoming.iter().take_while(|u| u.due_on <= week_end).collect();
            if !week.is_empty() {
                out!("Coming up in the next 7 days: {} step{}, {} sending themselves", week.len(), if week.len() == 1 { "" } else { "s" }, week.iter().filter(|u| u.auto).count());
                for u in week.iter().take(20) {
                    out!("  {}  {}  {} ({}){}", u.due_on, cell(&u.client_name, 28), u.stage_name, u.total.display, if u.auto { " (automatic)" } else { "" });
                }
                if week.len() > 20 {
                    out!("  and {} more", week.len() - 20);
                }
            }
        }
        ChaseCmd::RunDue { dry_run, include_stale } => {
            let pw = if dry_run { None } else { crate::context::smtp_password(conn)? };
            let lines = chase::run_due(conn, ctx, pw.as_deref(), dry_run, include_stale)?;
            if json {
                print_json(&lines);
            } else if lines.is_empty() {
                out!("Nothing to send automatically today.");
            } else {
                for l in &lines {
                    out!("{}  {}  {}  {}  {}", cell(&l.result, 10), cell(&l.client_name, 28), cell(&l.stage, 22), l.invoices.join(", "), l.reason);
                }
            }
            if lines.iter().any(|l| l.result == "failed") {
                return Err(Error::Conflict("some emails were not sent; they are in the outbox (`overdue outbox --status failed`)".into()));
            }
        }
        ChaseCmd::Remind { client, stage, channel, override_reason, attach_letter, attach_statement } => {
            let c = ledger::find_client(conn, &client)?;
            let (stage_id, invoice_ids) = match stage {
                Some(s) => (Some(stage_by(conn, &s)?.id), vec![]),
                None => {
                    overdue_core::sweep::run(conn, ctx)?;
                    let t = chase::today(conn, ctx)?;
                    let item = t
                        .items
                        .into_iter()
                        .find(|i| i.client_id == c.id && i.stage.is_some() && i.kind == "reminder")
                        .ok_or_else(|| Error::NotFound(format!("no reminder is due for {} today; name a stage with --stage", c.name)))?;
                    (item.stage.map(|s| s.id), item.invoices.iter().map(|i| i.id).collect())
                }
            };
            let draft = chase::compose(conn, ctx, &ComposeInput { client_id: c.id, stage_id, channel: channel.unwrap_or_default(), invoice_ids })?;
            if !draft.books_warning.is_empty() {
                eprintln!("warning: {} (import the latest export: overdue books import invoices FILE)", draft.books_warning);
            }
            if !draft.charges.rates_warning.is_empty() {
                eprintln!("warning: {}{RATES_HINT}", draft.charges.rates_warning);
            }
            let input = SendInput {
                client_id: c.id,
                stage_id,
                channel: draft.channel.clone(),
                invoice_ids: draft.invoice_ids.clone(),
                subject: draft.subject.clone(),
                body: draft.body.clone(),
                override_reason: override_reason.unwrap_or_default(),
                // The stage's own template passed the tone check when it was saved.
                tone_override: String::new(),
                attach_letter,
                attach_statement,
            };
            let contact = match draft.channel.as_str() {
                "email" => {
                    let q = chase::queue_email(conn, ctx, &input)?;
                    let pw = crate::context::smtp_password(conn)?;
                    chase::deliver(conn, ctx, q.contact_id, pw.as_deref())?
                }
                "sms" | "letter" => chase::record_sent(conn, ctx, &input)?,
                _ => return Err(Error::invalid("channel", "a call is logged with `overdue call`")),
            };
            if json {
                print_json(&contact);
            } else if contact.status == "failed" {
                out!("Not sent: {} (kept in the outbox as message {}; `overdue retry {}`)", contact.error, contact.id, contact.id);
            } else {
                out!("{} {} to {} ({})", draft.stage.map(|s| s.name).unwrap_or_else(|| "Message".into()), if contact.channel == "email" { "sent" } else { "recorded as sent" }, contact.recipient.replace('\n', ", "), draft.invoices.iter().map(|i| i.number.as_str()).collect::<Vec<_>>().join(", "));
            }
            if contact.status == "failed" {
                return Err(Error::Conflict(format!("the email was not sent: {}", contact.error)));
            }
        }
        ChaseCmd::Call { client, outcome, reason, circumstances, proposal, stage, promise_amount, promise_date, override_reason } => {
            let c = ledger::find_client(conn, &client)?;
            let stage_id = match stage {
                Some(s) => Some(stage_by(conn, &s)?.id),
                None => None,
            };
            let promise = match (promise_amount, promise_date) {
                (Some(amount), Some(date)) => Some(PromiseInput { client_id: c.id, amount, date, ..Default::default() }),
                (None, None) => None,
                _ => return Err(Error::invalid("promise", "give both --promise-amount and --promise-date")),
            };
            let input = CallInput { client_id: c.id, stage_id, invoice_ids: vec![], outcome, reason, circumstances, proposal, override_reason: override_reason.unwrap_or_default(), promise };
            let contact = chase::log_call(conn, ctx, &input)?;
            if json {
                print_json(&contact);
            } else {
                out!("Call with {} logged: {}", c.name, contact.outcome.replace('_', " "));
            }
        }
        ChaseCmd::Promise { what } => {
            let grace = settings::chase(conn)?.promise_grace_days;
            match what {
                PromiseCmd::Add { client, amount, date, invoices, note } => {
                    let c = ledger::find_client(conn, &client)?;
                    let mut ids = Vec::new();
                    for n in &invoices {
                        ids.push(ledger::invoice_id_by_number(conn, n)?.ok_or_else(|| Error::invalid("invoice", format!("there is no invoice numbered '{n}'")))?);
                    }
                    let p = promise::create(conn, &PromiseInput { client_id: c.id, amount, date, invoice_ids: ids, note }, ctx.today)?;
                    if json {
                        print_json(&p);
                    } else {
                        out!("Promise #{}: {} to pay {} by {} ({}); chasing paused until {}", p.id, p.client_name, p.amount.display, p.due_date, p.invoice_numbers.join(", "), p.resume_on);
                    }
                }
                PromiseCmd::List { client } => {
                    let id = match client {
                        Some(c) => Some(ledger::find_client(conn, &c)?.id),
                        None => None,
                    };
                    overdue_core::sweep::run(conn, ctx)?;
                    let list = promise::list(conn, id, grace)?;
                    if json {
                        print_json(&list);
                    } else {
                        for p in &list {
                            out!("#{}  {}  {}  {}  by {}  paid {}  {}", p.id, cell(&p.status, 11), cell(&p.client_name, 28), rcell(&p.amount.display, 12), p.due_date, p.paid.display, p.invoice_numbers.join(", "));
                        }
                        out!("{} promise(s)", list.len());
                    }
                }
                PromiseCmd::Cancel { id, reason } => {
                    promise::cancel(conn, id, &reason, ctx.today)?;
                    if json {
                        print_json(&promise::get(conn, id, grace)?);
                    } else {
                        out!("Promise #{id} cancelled.");
                    }
                }
            }
        }
        ChaseCmd::Letter { client, kind, stage, paper, out } => {
            let c = ledger::find_client(conn, &client)?;
            let stage_id = match stage {
                Some(s) => Some(stage_by(conn, &s)?.id),
                None => None,
            };
            let req = LetterRequest { client_id: c.id, kind: kind.unwrap_or_default(), stage_id, paper, ..Default::default() };
            let path = letter::save(conn, ctx, &req, out.as_deref())?;
            let draft = chase::compose(conn, ctx, &ComposeInput { client_id: c.id, stage_id, channel: "letter".into(), invoice_ids: vec![] })?;
            if !draft.charges.rates_warning.is_empty() {
                eprintln!("warning: {}{RATES_HINT}", draft.charges.rates_warning);
            }
            if json {
                print_json(&serde_json::json!({ "path": path.display().to_string() }));
            } else {
                out!("Letter written to {}", path.display());
            }
        }
        ChaseCmd::Outbox { status } => {
            let list = chase::outbox(conn, &status, 500)?;
            if json {
                print_json(&list);
            } else {
                for m in &list {
                    out!("#{}  {}  {}  {}  {}{}", m.id, cell(&m.status, 7), cell(&m.client_name, 24), cell(&m.recipient, 28), m.subject, if m.error.is_empty() { String::new() } else { format!("  — {}", m.error) });
                }
                out!("{} message(s)", list.len());
            }
        }
        ChaseCmd::Retry { id } => {
            let pw = crate::context::smtp_password(conn)?;
            let c = chase::deliver(conn, ctx, id, pw.as_deref())?;
            if json {
                print_json(&c);
            } else if c.status == "sent" {
                out!("Sent to {}.", c.recipient);
            }
            if c.status != "sent" {
                return Err(Error::Conflict(format!("not sent: {}", c.error)));
            }
        }
        ChaseCmd::Ladder => {
            let stages = ladder::stages(conn)?;
            if json {
                print_json(&stages);
            } else {
                for s in &stages {
                    out!(
                        "#{}  {}  {}  {}  {}  {}{}",
                        s.id,
                        rcell(&format!("{:+}", s.offset_days), 4),
                        cell(&s.name, 24),
                        cell(&s.channel, 6),
                        cell(&s.tone, 8),
                        if s.fee.amount.trim_start_matches(['0', '.']).is_empty() { String::new() } else { format!("fee {}", s.fee.display) },
                        if s.active { "" } else { "  (inactive)" }
                    );
                }
            }
        }
        ChaseCmd::Smtp { what } => match what {
            SmtpCmd::Show => {
                let s = settings::smtp(conn)?;
                if json {
                    print_json(&s);
                } else if !s.is_configured() {
                    out!("No mail server set up. `overdue smtp set --host smtp.example.com --user you@example.com`");
                } else {
                    out!("{}:{} ({}), user '{}', from '{}'", s.host, s.port, s.security, s.username, s.from_email);
                }
            }
            SmtpCmd::Set { host, port, security, user, from, from_name } => {
                let s = settings::save_smtp(conn, &SmtpSettings { host, port, security, username: user, from_email: from, from_name })?;
                if json {
                    print_json(&s);
                } else {
                    out!("Mail server set: {}:{} ({})", s.host, s.port, s.security);
                }
            }
            SmtpCmd::Password => {
                let s = settings::smtp(conn)?;
                if s.username.is_empty() {
                    return Err(Error::invalid("user name", "set the mail server with a user name first"));
                }
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                let pw = line.trim_end_matches(['\n', '\r']);
                if pw.is_empty() {
                    return Err(Error::invalid("password", "is empty"));
                }
                secret::set_password(&s.host, &s.username, pw).map_err(|e| Error::Conflict(format!("{e}; set OVERDUE_SMTP_PASSWORD instead")))?;
                out!("Password stored in the system keyring.");
            }
            SmtpCmd::Test => {
                let s = settings::smtp(conn)?;
                let pw = crate::context::smtp_password(conn)?;
                overdue_core::mail::test_connection(&s, pw.as_deref()).map_err(Error::Conflict)?;
                out!("Connected to {}:{}{}.", s.host, s.port, if s.username.is_empty() { String::new() } else { format!(" and logged in as {}", s.username) });
            }
        },
        ChaseCmd::Interest { policy, rate, grace, set_rate, rates_current } => {
            if let Some(spec) = set_rate {
                let parts: Vec<&str> = spec.splitn(3, ':').collect();
                if parts.len() != 3 {
                    return Err(Error::invalid("--set-rate", "use REGION:YYYY-MM-DD:PERCENT, e.g. GB:2025-08-07:4.00"));
                }
                interest::set_rate(conn, &ReferenceRate { region: parts[0].into(), effective_from: parts[1].into(), rate: parts[2].into() })?;
            }
            if let Some(p) = policy {
                let pol = match p.as_str() {
                    "none" => InterestPolicy::None,
                    "uk" => InterestPolicy::UkLatePayment,
                    "eu" => InterestPolicy::EuDirective,
                    "contractual" => InterestPolicy::Contractual {
                        rate: rate.ok_or_else(|| Error::invalid("--rate", "a contractual policy needs a rate"))?,
                        grace_days: grace,
                    },
                    other => return Err(Error::invalid("--policy", format!("'{other}' is not none, contractual, uk or eu"))),
                };
                settings::save_interest_policy(conn, pol)?;
            }
            if let Some(region) = rates_current {
                interest::confirm_rates_current(conn, &region, ctx.today)?;
            }
            let p = settings::interest_policy(conn)?;
            let rates = interest::list_rates(conn)?;
            let table = interest::load(conn)?;
            let style = overdue_core::ledger::date_style(conn)?;
            let warning = interest::rates_warning(conn, &p, ctx.today)?;
            if json {
                let known: serde_json::Map<String, serde_json::Value> =
                    ["GB", "EU"].iter().filter_map(|r| table.known_until(r).map(|d| (r.to_string(), serde_json::Value::String(d.to_string())))).collect();
                print_json(&serde_json::json!({ "policy": p, "label": p.label(), "reference_rates": rates, "rates_known_until": known, "rates_warning": warning.clone().unwrap_or_default() }));
            } else {
                out!("Interest policy: {}", p.label());
                for region in ["GB", "EU"] {
                    if let Some(r) = rates.iter().rfind(|r| r.region == region) {
                        let known = table.known_until(region).map(|d| style.format(d)).unwrap_or_default();
                        out!("  latest {region} reference rate: {}% from {} (table up to date as of {known})", r.rate, style.format_iso(&r.effective_from));
                    }
                }
            }
            if let Some(w) = warning {
                eprintln!("warning: {w}{RATES_HINT}");
            }
        }
    }
    Ok(())
}
