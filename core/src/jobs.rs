//! Jobs: what runs without the owner at the keyboard, the sends the ladder
//! has due today. They sit above the views (they read Today) and the flows
//! (they write through them); nothing below imports them.

use crate::store::contacts::Contact;
use crate::ctx::Ctx;
use crate::error::Result;
use crate::flows::chase::*;
use crate::flows::outbox::*;
use crate::views::today::today;
use rusqlite::Connection;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RunLine {
    pub client_name: String,
    pub stage: String,
    pub invoices: Vec<String>,
    /// "sent", "failed", "skipped" (guard, no address) or "would send" (dry
    /// run); "queued" only between `queue_due` and sending.
    pub result: String,
    pub reason: String,
}

/// The email stages due now in automatic mode, respecting the guards (a
/// warning means the step waits for the owner): each becomes a line, and —
/// unless `dry_run` — a queued outbox email whose id is returned with it.
/// Everything else stays on Today for the owner. While the books are older
/// than the setting (`books_stale_days`), nothing is sent unless
/// `include_stale`: each line is skipped and says why.
pub fn queue_due(conn: &mut Connection, ctx: &Ctx, dry_run: bool, include_stale: bool) -> Result<Vec<(RunLine, Option<i64>)>> {
    crate::sweep::run(conn, ctx)?;
    let t = today(conn, ctx)?;
    let stale = if t.books.stale && !include_stale {
        format!("your books were last brought in {} days ago ({}): these invoices may already be paid. Import the latest export, or run with --include-stale", t.books.days, t.books.file_name)
    } else {
        String::new()
    };
    let mut out = Vec::new();
    for item in t.items.iter().filter(|i| i.auto) {
        let stage = item.stage.as_ref().expect("auto items have a stage");
        let line = |result: &str, reason: String| RunLine {
            client_name: item.client_name.clone(),
            stage: stage.name.clone(),
            invoices: item.invoices.iter().map(|i| i.number.clone()).collect(),
            result: result.into(),
            reason,
        };
        if !stale.is_empty() {
            out.push((line("skipped", stale.clone()), None));
            continue;
        }
        if !item.warnings.is_empty() {
            out.push((line("skipped", item.warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>().join("; ")), None));
            continue;
        }
        let draft = compose(conn, ctx, &ComposeInput { client_id: item.client_id, stage_id: Some(stage.id), channel: "email".into(), invoice_ids: item.invoices.iter().map(|i| i.id).collect() })?;
        if !draft.recipient_problem.is_empty() {
            out.push((line("skipped", draft.recipient_problem.clone()), None));
            continue;
        }
        if !draft.tone_flags.is_empty() {
            out.push((line("skipped", format!("the tone check flagged the template: {}", crate::tone::describe(&draft.tone_flags))), None));
            continue;
        }
        if dry_run {
            out.push((line("would send", format!("to {}: {}", draft.recipient, draft.subject)), None));
            continue;
        }
        let input = SendInput {
            client_id: item.client_id,
            stage_id: Some(stage.id),
            channel: "email".into(),
            invoice_ids: draft.invoice_ids.clone(),
            subject: draft.subject.clone(),
            body: draft.body.clone(),
            attach_letter: stage.tone != "friendly",
            ..Default::default()
        };
        match queue_email(conn, ctx, &input) {
            Ok(q) => out.push((line("queued", format!("to {}", q.to)), Some(q.contact_id))),
            Err(e) => out.push((line("skipped", e.to_string()), None)),
        }
    }
    Ok(out)
}

/// The result of sending a queued line's email, written into the line.
pub fn settle_line(line: &mut RunLine, c: &Contact) {
    if c.status == "sent" {
        line.result = "sent".into();
        line.reason = format!("to {}", c.recipient);
    } else {
        line.result = "failed".into();
        line.reason = c.error.clone();
    }
}

/// Sends every due email stage in automatic mode (see `queue_due`).
pub fn run_due(conn: &mut Connection, ctx: &Ctx, password: Option<&str>, dry_run: bool, include_stale: bool) -> Result<Vec<RunLine>> {
    let mut out = Vec::new();
    for (mut line, queued) in queue_due(conn, ctx, dry_run, include_stale)? {
        if let Some(id) = queued {
            settle_line(&mut line, &deliver(conn, ctx, id, password)?);
        }
        out.push(line);
    }
    Ok(out)
}
