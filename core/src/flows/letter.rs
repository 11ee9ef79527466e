//! Letters on the business's letterhead, ready to print: reminder, firm
//! reminder, final notice (with how the late-payment charges were worked
//! out) and statement of account. Built on the `pdf` document layer.
//! Generated files go to the documents folder beside the database and are
//! never overwritten.

use crate::ctx::Ctx;
use crate::flows::chase::{self, ComposeInput, Prepared};
use crate::error::{Error, Result};
use crate::pdf::{col, Align, Doc, Paper};
use crate::template;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct LetterRequest {
    pub client_id: i64,
    /// "reminder", "firm_reminder", "final_notice", "statement"; empty = the stage's.
    pub kind: String,
    pub stage_id: Option<i64>,
    pub invoice_ids: Vec<i64>,
    /// The (edited) letter text; None = the stage's letter template.
    pub subject: Option<String>,
    pub body: Option<String>,
    /// "A4" or "Letter"; empty = the setting.
    pub paper: String,
}

impl LetterRequest {
    /// The letter a stage sends, with the text as the owner confirmed it.
    pub fn from_stage(input: &chase::SendInput) -> LetterRequest {
        let own_text = input.channel == "letter";
        LetterRequest {
            client_id: input.client_id,
            kind: String::new(),
            stage_id: input.stage_id,
            invoice_ids: input.invoice_ids.clone(),
            subject: own_text.then(|| input.subject.clone()),
            body: own_text.then(|| input.body.clone()),
            paper: String::new(),
        }
    }
}

fn title_for(kind: &str) -> &'static str {
    match kind {
        "firm_reminder" => "Overdue account",
        "final_notice" => "Final notice",
        "statement" => "Statement of account",
        _ => "Payment reminder",
    }
}

pub(crate) fn letterhead(doc: &mut Doc, p: &Prepared, today: chrono::NaiveDate) {
    overdue_docs::letterhead::letterhead(doc, &p.business, &p.client, today);
}

fn invoice_table(doc: &mut Doc, p: &Prepared) {
    let cur = &p.currency;
    let rows: Vec<Vec<String>> = p
        .invoices
        .iter()
        .map(|i| vec![i.number.clone(), p.business.date(i.issue), p.business.date(i.due), cur.display(i.amount), cur.display(i.outstanding)])
        .collect();
    doc.table(
        &[
            col("Invoice", 2.2, Align::Left),
            col("Issued", 2.0, Align::Left),
            col("Due", 2.0, Align::Left),
            col("Amount", 1.6, Align::Right),
            col("Outstanding", 1.8, Align::Right),
        ],
        &rows,
        &[],
    );
}

fn charges_detail(doc: &mut Doc, p: &Prepared, today: chrono::NaiveDate) {
    let ch = &p.charges;
    if ch.charges.display == p.currency.display(0) {
        return;
    }
    doc.space(3.0);
    // Heading, note and a short table stay together on one page.
    let rows_needed = ch.lines.len() + 2;
    doc.ensure(24.0 + Doc::line_height(9.0) * 1.6 * rows_needed.min(12) as f32);
    doc.paragraph("How the late-payment charges were worked out", 10.5, true);
    doc.note(
        &format!(
            "{}. Simple interest on the amount outstanding each day, from the day after the due date to {}, on a 365-day year.",
            ch.policy,
            p.business.date(today)
        ),
        8.5,
    );
    doc.space(1.5);
    let mut rows: Vec<Vec<String>> = ch
        .lines
        .iter()
        .map(|l| {
            vec![
                l.invoice.clone(),
                if l.days > 0 { l.days.to_string() } else { "-".into() },
                if l.rate.is_empty() { "-".into() } else { format!("{}%", l.rate) },
                l.interest.display.clone(),
                l.compensation.display.clone(),
                l.note.clone(),
            ]
        })
        .collect();
    rows.push(vec!["Total".into(), String::new(), String::new(), ch.interest.display.clone(), ch.compensation.display.clone(), String::new()]);
    let n = rows.len();
    doc.table(
        &[
            col("Invoice", 1.8, Align::Left),
            col("Days late", 1.1, Align::Right),
            col("Rate a year", 1.3, Align::Right),
            col("Interest", 1.5, Align::Right),
            col("Compensation", 1.7, Align::Right),
            col("Note", 2.4, Align::Left),
        ],
        &rows,
        &[n - 1],
    );
    let zero = p.currency.display(0);
    let mut parts = vec![format!("interest {}", ch.interest.display)];
    if ch.compensation.display != zero {
        parts.push(format!("compensation {}", ch.compensation.display));
    }
    if ch.fees.display != zero {
        parts.push(format!("fees {}", ch.fees.display));
    }
    doc.paragraph(&format!("Late-payment charges in all: {} ({}).", ch.charges.display, parts.join(" + ")), 9.5, true);
}

fn statement(doc: &mut Doc, conn: &Connection, p: &Prepared, today: chrono::NaiveDate) -> Result<()> {
    let cur = &p.currency;
    doc.paragraph(&format!("Statement of account as of {}", p.business.date(today)), 12.5, true);
    doc.space(2.0);
    doc.paragraph(&format!("Dear {},", p.values.get("contact").cloned().unwrap_or_default()), 10.0, false);
    doc.space(1.5);
    doc.paragraph("Below are the invoices on your account that are not yet fully paid, the payments we have received, and any late-payment charges to date.", 10.0, false);
    doc.space(3.0);
    let mut rows: Vec<Vec<String>> = p
        .invoices
        .iter()
        .map(|i| {
            let days = (today - i.due).num_days();
            vec![
                i.number.clone(),
                p.business.date(i.issue),
                p.business.date(i.due),
                cur.display(i.amount),
                cur.display(i.amount - i.outstanding),
                cur.display(i.outstanding),
                if days > 0 { days.to_string() } else { "not yet due".into() },
            ]
        })
        .collect();
    rows.push(vec!["Total".into(), String::new(), String::new(), String::new(), String::new(), p.charges.principal.display.clone(), String::new()]);
    let n = rows.len();
    doc.table(
        &[
            col("Invoice", 1.7, Align::Left),
            col("Issued", 1.5, Align::Left),
            col("Due", 1.5, Align::Left),
            col("Amount", 1.5, Align::Right),
            col("Paid", 1.4, Align::Right),
            col("Outstanding", 1.7, Align::Right),
            col("Days late", 1.2, Align::Right),
        ],
        &rows,
        &[n - 1],
    );
    let payments = crate::ledger::payments_of(conn, p.client.id)?;
    if !payments.is_empty() {
        doc.paragraph("Payments received", 10.5, true);
        doc.space(1.0);
        let rows: Vec<Vec<String>> = payments
            .iter()
            .take(24)
            .map(|pay| {
                vec![
                    p.business.date_style().format_iso(&pay.date),
                    pay.amount.display.clone(),
                    pay.allocations.iter().map(|a| a.invoice_number.clone()).collect::<Vec<_>>().join(", "),
                    pay.reference.clone(),
                ]
            })
            .collect();
        doc.table(&[col("Date", 1.4, Align::Left), col("Amount", 1.3, Align::Right), col("Applied to", 3.0, Align::Left), col("Reference", 2.0, Align::Left)], &rows, &[]);
    }
    doc.paragraph(&format!("Principal outstanding: {}", p.charges.principal.display), 10.0, false);
    doc.paragraph(&format!("Late-payment charges to date: {}", p.charges.charges.display), 10.0, false);
    doc.paragraph(&format!("Total now due: {}", p.charges.total_due.display), 10.5, true);
    charges_detail(doc, p, today);
    doc.space(3.0);
    doc.paragraph("You can pay by:", 10.0, true);
    doc.paragraph(&p.values.get("payment_details").cloned().unwrap_or_default(), 10.0, false);
    doc.space(3.0);
    doc.paragraph(
        &format!(
            "If anything on this statement looks wrong, or paying is difficult at the moment, please contact us on {} or {}.",
            p.values.get("phone").cloned().unwrap_or_default(),
            p.values.get("email").cloned().unwrap_or_default()
        ),
        10.0,
        false,
    );
    Ok(())
}

/// The default text's style for a letter kind asked for by name.
fn style_of_kind(kind: &str) -> &'static str {
    match kind {
        "firm_reminder" => "firm",
        "final_notice" => "final",
        _ => "friendly",
    }
}

/// Which letter a request asks for: its kind, and the stage whose letter
/// template (and fee and new pay-by date) it uses. Asking for a kind by name
/// gives that kind's text: the ladder's letter stage of that kind, else the
/// first chasing stage of that kind, else the shipped text of that kind; a
/// stage that writes another kind of letter is refused rather than printed
/// under the wrong title.
fn resolve(conn: &Connection, req: &LetterRequest) -> Result<(String, Option<crate::ladder::Stage>)> {
    let stage = match req.stage_id {
        Some(id) => Some(crate::ladder::stage(conn, id)?),
        None => None,
    };
    if req.kind.is_empty() {
        let kind = stage.as_ref().map(|s| s.letter_kind.clone()).filter(|k| !k.is_empty()).unwrap_or_else(|| "reminder".into());
        return Ok((kind, stage));
    }
    let kind = req.kind.trim().to_string();
    if !crate::ladder::LETTER_KINDS.contains(&kind.as_str()) {
        return Err(Error::invalid("letter", format!("'{kind}' is not a letter kind ({})", crate::ladder::LETTER_KINDS.join(", "))));
    }
    if kind == "statement" {
        return Ok((kind, stage));
    }
    if let Some(s) = &stage {
        if s.letter_kind != kind {
            return Err(Error::invalid(
                "letter",
                format!(
                    "the stage '{}' writes a {} letter, not a {}; leave out the kind, or choose a stage that writes a {}",
                    s.name,
                    title_for(&s.letter_kind).to_lowercase(),
                    title_for(&kind).to_lowercase(),
                    title_for(&kind).to_lowercase()
                ),
            ));
        }
        return Ok((kind, stage));
    }
    let stages = crate::ladder::stages(conn)?;
    let of_kind = |s: &&crate::ladder::Stage| s.active && s.kind == "contact" && s.letter_kind == kind && s.offset_days > 0;
    let pick = stages.iter().filter(of_kind).find(|s| s.channel == "letter").or_else(|| stages.iter().find(of_kind)).cloned();
    Ok((kind, pick))
}

/// The PDF bytes of a letter, a file name for it, and its kind.
pub fn pdf(conn: &Connection, ctx: &Ctx, req: &LetterRequest) -> Result<(Vec<u8>, String)> {
    pdf_of_kind(conn, ctx, req).map(|(bytes, name, _)| (bytes, name))
}

fn pdf_of_kind(conn: &Connection, ctx: &Ctx, req: &LetterRequest) -> Result<(Vec<u8>, String, String)> {
    let (kind, stage) = resolve(conn, req)?;
    let stage_id = stage.as_ref().map(|s| s.id);
    let p = chase::prepare(
        conn,
        ctx,
        &ComposeInput { client_id: req.client_id, stage_id, channel: "letter".into(), invoice_ids: req.invoice_ids.clone() },
    )?;
    if p.business.trading_name.trim().is_empty() {
        return Err(Error::invalid("business", "set the business name in Settings before printing letters"));
    }
    let paper = if req.paper.is_empty() { Paper::parse(&crate::settings::chase(conn)?.paper)? } else { Paper::parse(&req.paper)? };
    let title = title_for(&kind);
    let header = format!("{} · {} · {}", p.business.trading_name, title, p.client.name);
    let footer = [p.business.legal_name.as_str(), &p.business.address.replace('\n', ", ")]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
    let mut doc = Doc::new(paper, &format!("{title} – {}", p.client.name), &header, &footer, ctx.now);
    letterhead(&mut doc, &p, ctx.today);
    if kind == "statement" {
        statement(&mut doc, conn, &p, ctx.today)?;
    } else {
        let (subject, body) = match (&req.subject, &req.body) {
            (Some(s), Some(b)) => (s.clone(), b.clone()),
            _ => {
                let t = match stage_id {
                    Some(id) => crate::ladder::template(conn, id, "letter")?,
                    None => {
                        let d = template::default_text(style_of_kind(&kind), "letter");
                        crate::ladder::Template { stage_id: 0, channel: "letter".into(), subject: d.subject.into(), body: d.body.into() }
                    }
                };
                (template::render(&t.subject, &p.values), template::render(&t.body, &p.values))
            }
        };
        doc.paragraph(if subject.is_empty() { title } else { &subject }, 12.0, true);
        doc.space(3.0);
        // The text table the template rendered becomes a real table.
        let table_text = p.values.get("invoice_table").cloned().unwrap_or_default();
        let parts: Vec<&str> = if table_text.is_empty() { vec![body.as_str()] } else { body.split(table_text.as_str()).collect() };
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                doc.space(1.0);
                invoice_table(&mut doc, &p);
            }
            let text = part.trim_matches('\n');
            if !text.is_empty() {
                doc.paragraph(text, 10.0, false);
            }
        }
        if kind == "final_notice" || kind == "firm_reminder" {
            charges_detail(&mut doc, &p, ctx.today);
        }
    }
    let slug: String = p
        .client
        .name
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    let name = format!("{}-{}-{}.pdf", ctx.today, kind.replace('_', "-"), if slug.is_empty() { "client".into() } else { slug });
    Ok((doc.finish(), name, kind))
}

/// Writes the letter to `out`, or to the documents folder; returns the path.
pub fn save(conn: &Connection, ctx: &Ctx, req: &LetterRequest, out: Option<&Path>) -> Result<PathBuf> {
    let (bytes, name, kind) = pdf_of_kind(conn, ctx, req)?;
    let path = match out {
        Some(p) => p.to_path_buf(),
        None => {
            std::fs::create_dir_all(&ctx.docs_dir)?;
            crate::io::files::unique_path(&ctx.docs_dir, &name)
        }
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, bytes)?;
    let title = format!("{} ({})", title_for(&kind), ledger_date(conn, ctx.today)?);
    crate::io::files::register(conn, &ctx.docs_dir, req.client_id, None, "letter", 1, &title, &path, "")?;
    Ok(path)
}

fn ledger_date(conn: &Connection, d: chrono::NaiveDate) -> Result<String> {
    Ok(crate::ledger::business(conn)?.date(d))
}
