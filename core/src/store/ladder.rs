//! The ladder as stored: stages and their templates (`ladder_stages`,
//! `templates`), and the default ladder a new file is seeded with.

pub use overdue_domain::ladder::*;

use crate::error::{Error, Result};
use crate::ledger::now_stamp;
use crate::model::Amount;
use crate::money::parse_amount;
use crate::template::{check_placeholders, default_text};
use crate::text::{clean, rule};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct StageInput {
    pub name: String,
    pub offset_days: i64,
    pub kind: String,
    pub channel: String,
    pub tone: String,
    pub letter_kind: String,
    /// Decimal string in the business currency; empty or "0" = no fee.
    pub fee: String,
    pub new_due_days: i64,
    pub active: bool,
}

fn stage_row(r: &rusqlite::Row, cur: &crate::money::Currency) -> rusqlite::Result<Stage> {
    Ok(Stage {
        id: r.get(0)?,
        position: r.get(1)?,
        name: r.get(2)?,
        offset_days: r.get(3)?,
        kind: r.get(4)?,
        channel: r.get(5)?,
        tone: r.get(6)?,
        letter_kind: r.get(7)?,
        fee: Amount::new(r.get(8)?, cur),
        fee_minor: r.get(8)?,
        new_due_days: r.get(9)?,
        active: r.get(10)?,
    })
}

const STAGE_COLUMNS: &str = "id, position, name, offset_days, kind, channel, tone, letter_kind, fee_minor, new_due_days, active";

/// All stages in ladder order (active or not).
pub fn stages(conn: &Connection) -> Result<Vec<Stage>> {
    let cur = crate::ledger::business_currency(conn)?;
    let mut st = conn.prepare(&format!("SELECT {STAGE_COLUMNS} FROM ladder_stages ORDER BY offset_days, position, id"))?;
    let rows = st.query_map([], |r| stage_row(r, &cur))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn stage(conn: &Connection, id: i64) -> Result<Stage> {
    let cur = crate::ledger::business_currency(conn)?;
    conn.query_row(&format!("SELECT {STAGE_COLUMNS} FROM ladder_stages WHERE id = ?1"), [id], |r| stage_row(r, &cur))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no ladder stage {id}")))
}

fn validate_stage(conn: &Connection, s: &StageInput) -> Result<(StageInput, i64)> {
    let name = clean(&s.name, &rule("name", 80, true, false))?;
    if !(-60..=365).contains(&s.offset_days) {
        return Err(Error::invalid("day", "must be between -60 (before the due date) and 365 days after it"));
    }
    let kind = one_of(if s.kind.is_empty() { "contact" } else { &s.kind }, &["contact", "review"], "kind")?;
    let channel = one_of(&s.channel, CHANNELS, "channel")?;
    let tone = one_of(&s.tone, TONES, "tone")?;
    let letter_kind = one_of(if s.letter_kind.is_empty() { "reminder" } else { &s.letter_kind }, LETTER_KINDS, "letter kind")?;
    if s.offset_days < 0 && tone != "friendly" {
        return Err(Error::invalid("tone", "a stage before the due date can only be friendly"));
    }
    let cur = crate::ledger::business_currency(conn)?;
    let fee = if s.fee.trim().is_empty() || s.fee.trim() == "0" { 0 } else { parse_amount(&s.fee, &cur, "fee")? };
    if fee > 100_000 * 10_i64.pow(cur.exponent) {
        return Err(Error::invalid("fee", "is larger than any sensible reminder fee"));
    }
    if !(0..=90).contains(&s.new_due_days) {
        return Err(Error::invalid("new due date", "must be 0 to 90 days after the message"));
    }
    Ok((StageInput { name, offset_days: s.offset_days, kind, channel, tone, letter_kind, fee: String::new(), new_due_days: s.new_due_days, active: s.active }, fee))
}

pub fn create_stage(conn: &mut Connection, input: &StageInput) -> Result<Stage> {
    let (s, fee) = validate_stage(conn, input)?;
    let tx = conn.transaction()?;
    let pos: i64 = tx.query_row("SELECT COALESCE(MAX(position), 0) + 1 FROM ladder_stages", [], |r| r.get(0))?;
    tx.execute(
        "INSERT INTO ladder_stages (position, name, offset_days, kind, channel, tone, letter_kind, fee_minor, new_due_days, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1)",
        params![pos, s.name, s.offset_days, s.kind, s.channel, s.tone, s.letter_kind, fee, s.new_due_days],
    )?;
    let id = tx.last_insert_rowid();
    let style = style_for(&s.tone, s.offset_days, &s.kind);
    for ch in CHANNELS {
        let t = default_text(style, ch);
        tx.execute(
            "INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, ch, t.subject, t.body, now_stamp()],
        )?;
    }
    tx.commit()?;
    stage(conn, id)
}

/// Edits a stage. Steps already taken keep pointing at it; a stage is never
/// deleted once used, only made inactive.
pub fn update_stage(conn: &mut Connection, id: i64, input: &StageInput) -> Result<Stage> {
    stage(conn, id)?;
    let (s, fee) = validate_stage(conn, input)?;
    conn.execute(
        "UPDATE ladder_stages SET name = ?2, offset_days = ?3, kind = ?4, channel = ?5, tone = ?6, letter_kind = ?7,
                fee_minor = ?8, new_due_days = ?9, active = ?10 WHERE id = ?1",
        params![id, s.name, s.offset_days, s.kind, s.channel, s.tone, s.letter_kind, fee, s.new_due_days, s.active],
    )?;
    stage(conn, id)
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Template {
    pub stage_id: i64,
    pub channel: String,
    pub subject: String,
    pub body: String,
}

pub fn template(conn: &Connection, stage_id: i64, channel: &str) -> Result<Template> {
    let ch = one_of(channel, CHANNELS, "channel")?;
    if let Some(t) = conn
        .query_row(
            "SELECT subject, body FROM templates WHERE stage_id = ?1 AND channel = ?2",
            params![stage_id, ch],
            |r| Ok(Template { stage_id, channel: ch.clone(), subject: r.get(0)?, body: r.get(1)? }),
        )
        .optional()?
    {
        return Ok(t);
    }
    let s = stage(conn, stage_id)?;
    let d = default_text(style_for(&s.tone, s.offset_days, &s.kind), &ch);
    Ok(Template { stage_id, channel: ch, subject: d.subject.into(), body: d.body.into() })
}

/// Saves a template after the placeholder check and the tone check for its
/// stage's tone. Refused templates change nothing.
pub fn save_template(conn: &Connection, input: &Template) -> Result<Template> {
    let s = stage(conn, input.stage_id)?;
    let ch = one_of(&input.channel, CHANNELS, "channel")?;
    let subject = clean(&input.subject, &rule("subject", 200, false, false))?;
    let body = clean(&input.body, &rule("body", 20_000, true, true))?;
    if ch == "email" && subject.is_empty() {
        return Err(Error::invalid("subject", "an email needs a subject"));
    }
    check_placeholders(&subject, "subject")?;
    check_placeholders(&body, "body")?;
    let flags = crate::tone::check(&format!("{subject}\n{body}"), &s.tone);
    if !flags.is_empty() {
        return Err(Error::invalid("body", format!("the tone check flagged it: {}", crate::tone::describe(&flags))));
    }
    conn.execute(
        "INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (stage_id, channel) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at",
        params![s.id, ch, subject, body, now_stamp()],
    )?;
    template(conn, s.id, &ch)
}

/// Puts the shipped text back.
pub fn reset_template(conn: &Connection, stage_id: i64, channel: &str) -> Result<Template> {
    let s = stage(conn, stage_id)?;
    let ch = one_of(channel, CHANNELS, "channel")?;
    let d = default_text(style_for(&s.tone, s.offset_days, &s.kind), &ch);
    conn.execute("DELETE FROM templates WHERE stage_id = ?1 AND channel = ?2", params![stage_id, ch])?;
    conn.execute(
        "INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![stage_id, ch, d.subject, d.body, now_stamp()],
    )?;
    template(conn, stage_id, &ch)
}

// ------------------------------------------------------------ the pure rule


