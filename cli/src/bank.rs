//! Bank statements: `overdue import bank FILE` (in books), and `overdue
//! bank` with its actions on a line (match, ignore, undo).

use crate::context::Run;
use crate::output::{out, print_json};
use clap::{Args, Subcommand};
use overdue_core::bank::{self, BankImportOptions, MatchChoice};
use overdue_core::views::bank as view;
use overdue_core::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Subcommand)]
pub enum BankCmd {
    /// Bank statement lines with their state (matched, suggested, unmatched, ignored) and what each paid
    Bank(BankArgs),
}

#[derive(Args)]
pub struct BankArgs {
    #[command(subcommand)]
    action: Option<BankAction>,
    /// Only lines in this state: matched, suggested, unmatched, ignored, review (suggested or unmatched)
    #[arg(long)]
    state: Option<String>,
    #[arg(long, default_value_t = 200)]
    limit: usize,
}

#[derive(Subcommand)]
enum BankAction {
    /// Say what a line paid: invoices (oldest first) or an agreement; with neither, accept its suggestion
    Match {
        line: i64,
        /// Invoice numbers (repeatable, or several after one --invoice)
        #[arg(long = "invoice", num_args = 1..)]
        invoices: Vec<String>,
        /// An agreement reference (AGR-…): its instalments in order
        #[arg(long, conflicts_with = "invoices")]
        agreement: Option<String>,
    },
    /// Set a line aside (it is not a payment from a client)
    Ignore {
        line: i64,
        #[arg(long)]
        reason: String,
    },
    /// Take back what a line did: its payments removed, the line back for review
    Undo { line: i64 },
}

/// `overdue import bank FILE [--dry-run] [--map FIELD=COLUMN]`.
pub fn import(r: &mut Run, file: &Path, dry_run: bool, map: &[String]) -> Result<()> {
    let mut mapping = BTreeMap::new();
    for m in map {
        let (k, v) = m.split_once('=').ok_or_else(|| Error::invalid("--map", format!("'{m}' is not FIELD=COLUMN")))?;
        mapping.insert(k.trim().to_string(), v.to_string());
    }
    let opts = BankImportOptions { dry_run, map: mapping };
    let rep = bank::import_file(&mut r.conn, &r.ctx, file, &opts)?;
    if r.json {
        print_json(&rep);
        return Ok(());
    }
    out!("{}", rep.message);
    if !rep.formats.is_empty() {
        out!("  read as {}{}", rep.formats.join(", "), if rep.accounts.is_empty() { String::new() } else { format!(", account {}", rep.accounts.join(", ")) });
    }
    for p in &rep.paid {
        out!("  paid: {p}");
    }
    for p in &rep.problems {
        out!("  note: {p}");
    }
    for s in &rep.skipped {
        out!("  left out: {s}");
    }
    if rep.suggested + rep.unmatched > 0 && !dry_run {
        out!("  see them with: overdue bank --state review");
    }
    Ok(())
}

pub fn run(cmd: BankCmd, r: &mut Run) -> Result<()> {
    let BankCmd::Bank(a) = cmd;
    let json = r.json;
    let said = match a.action {
        None => {
            if let Some(s) = a.state.as_deref() {
                if !matches!(s, "matched" | "suggested" | "unmatched" | "ignored" | "review" | "all") {
                    return Err(Error::invalid("--state", format!("'{s}' is not a state; use matched, suggested, unmatched, ignored or review")));
                }
            }
            let v = view::lines(&r.conn, a.state.as_deref(), a.limit)?;
            if json {
                print_json(&v);
            } else {
                print(&v);
            }
            return Ok(());
        }
        Some(BankAction::Match { line, invoices, agreement }) => bank::match_line(&mut r.conn, &r.ctx, line, &MatchChoice { invoices, agreement })?,
        Some(BankAction::Ignore { line, reason }) => bank::ignore_line(&mut r.conn, line, &reason)?,
        Some(BankAction::Undo { line }) => bank::undo_line(&mut r.conn, &r.ctx, line)?,
    };
    if json {
        print_json(&serde_json::json!({ "message": said }));
    } else {
        out!("{said}");
    }
    Ok(())
}

fn print(v: &view::BankView) {
    let c = &v.counts;
    out!("{} matched, {} suggested, {} unmatched, {} ignored", c.matched, c.suggested, c.unmatched, c.ignored);
    for l in &v.lines {
        let who = if l.payer.is_empty() { "" } else { l.payer.as_str() };
        let text = if l.reference.is_empty() { l.text.clone() } else { format!("{} {}", l.reference, l.text) };
        out!("#{:<5} {}  {:>12}  {:<10} {}  {}", l.id, l.date, l.amount_display, l.state, who, text.chars().take(60).collect::<String>());
        if !l.paid_summary.is_empty() {
            out!("        paid: {}{}", if l.client.is_empty() { String::new() } else { format!("{}: ", l.client) }, l.paid_summary);
        }
        if !l.reason.is_empty() {
            out!("        {}", l.reason);
        }
        for s in &l.suggestions {
            out!("        suggest ({:?}): {} — {}", s.tier, s.summary, s.reasons.join(", "));
        }
    }
}
