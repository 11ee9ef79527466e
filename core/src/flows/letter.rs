//! Letters on the business's letterhead, ready to print: reminder, firm
//! reminder, final notice (with how the late-payment charges were worked
//! out) and statement of account. Built on the `pdf` document layer.
//! Generated files go to the documents folder beside the database and are
//! never overwritten.

use crate::ctx::Ctx;
use crate::flows::chase::{self, ComposeInput};
use crate::error::{Error, Result};
use crate::pdf::Paper;
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
    /// Prints edited text the tone check flagged: the owner's reason.
    pub tone_override: String,
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
            tone_override: input.tone_override.clone(),
        }
    }
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
                    overdue_docs::letters::title_for(&s.letter_kind).to_lowercase(),
                    overdue_docs::letters::title_for(&kind).to_lowercase(),
                    overdue_docs::letters::title_for(&kind).to_lowercase()
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
    let mut p = chase::prepare(
        conn,
        ctx,
        &ComposeInput { client_id: req.client_id, stage_id, channel: "letter".into(), invoice_ids: req.invoice_ids.clone() },
    )?;
    if p.business.trading_name.trim().is_empty() {
        return Err(Error::invalid("business", "set the business name in Settings before printing letters"));
    }
    let paper = if req.paper.is_empty() { Paper::parse(&crate::settings::chase(conn)?.paper)? } else { Paper::parse(&req.paper)? };
    let (subject, body) = if kind == "statement" {
        (String::new(), String::new())
    } else {
        match (&req.subject, &req.body) {
            (Some(s), Some(b)) => {
                // What the edited text asks for is what the letter prints.
                if stage.is_some() {
                    chase::claim_text(&mut p, s, b);
                }
                // Text the owner edited is checked as a message is before it is sent.
                let tone = stage.as_ref().map(|s| s.tone.clone()).unwrap_or_else(|| style_of_kind(&kind).to_string());
                chase::tone_gate("letter", s, b, &tone, &req.tone_override, chase::Going::Printed)?;
                (s.clone(), b.clone())
            }
            _ => {
                let t = match stage_id {
                    Some(id) => crate::ladder::template(conn, id, "letter")?,
                    None => {
                        let d = template::default_text(style_of_kind(&kind), "letter");
                        crate::ladder::Template { stage_id: 0, channel: "letter".into(), subject: d.subject.into(), body: d.body.into() }
                    }
                };
                chase::claim(&mut p, &t.subject, &t.body);
                (template::render(&t.subject, &p.values), template::render(&t.body, &p.values))
            }
        }
    };
    let payments = if kind == "statement" { crate::ledger::payments_of(conn, p.client.id)? } else { Vec::new() };
    let bytes = overdue_docs::letters::letter_pdf(&p, &kind, &subject, &body, &payments, paper, ctx.today, ctx.now);
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
    Ok((bytes, name, kind))
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
    let title = format!("{} ({})", overdue_docs::letters::title_for(&kind), ledger_date(conn, ctx.today)?);
    crate::io::files::register(conn, &ctx.docs_dir, req.client_id, None, "letter", 1, &title, &path, "")?;
    Ok(path)
}

fn ledger_date(conn: &Connection, d: chrono::NaiveDate) -> Result<String> {
    Ok(crate::ledger::business(conn)?.date(d))
}
