//! Bank statements in: each line stored once, money in matched to what is
//! owed, a confident match paid at once through the one payment path
//! (`payments::record_in`), the rest left as suggestions or to review, a
//! returned payment taking back the payment it returns; and the owner's
//! own decisions on a line (match, ignore, undo).
//!
//! Invariants:
//! - A line is stored once: by the bank's id for the account where it gives
//!   one, else by a hash of account, date, amount, currency and text with
//!   its position among identical lines of the same file (`dedupe_keys`).
//!   Overlapping statements add only what is new; two identical payments on
//!   one day in one file are two lines.
//! - Only money in is matched; money out is stored as ignored.
//! - Only a `Sure` match is applied without the owner: the reference names
//!   the invoices or agreement and the amount does not exceed what they owe.
//! - Every payment a line made is linked to it (`bank_line_payments`), so
//!   undoing the line removes exactly those payments.
//! - The whole file is one transaction; a dry run is the same work rolled
//!   back. An import counts as bringing the books up to date.

use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::ledger::{append_event, business, date_style};
use crate::money::Currency;
use crate::import::count;
use crate::payments::{record_in, MoneyIn};
use crate::store::{bank as store, imports};
use overdue_domain::agreement::sha256_hex;
use overdue_domain::bank::matching::{Book, Suggestion, Tier};
use overdue_domain::bank::reference::squash;
use overdue_domain::bank::{self, Line, Statement};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What the owner chose for an import.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BankImportOptions {
    #[serde(skip)]
    pub dry_run: bool,
    /// Corrections to a CSV file's columns: field → column header.
    pub map: BTreeMap<String, String>,
}

/// What an import found and did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BankImportReport {
    pub file: String,
    pub formats: Vec<String>,
    pub accounts: Vec<String>,
    pub statements: usize,
    /// Lines in the file, and how many were new (the rest were imported before).
    pub lines: usize,
    pub new_lines: usize,
    pub already_imported: usize,
    pub matched: usize,
    pub suggested: usize,
    pub unmatched: usize,
    pub ignored: usize,
    pub reversals: usize,
    /// One sentence per payment made.
    pub paid: Vec<String>,
    /// What the owner should know: a balance that does not add up, another
    /// account or currency.
    pub problems: Vec<String>,
    pub skipped: Vec<String>,
    pub dry_run: bool,
    pub import_id: Option<i64>,
    pub message: String,
}

/// The bank's id, where it is one (MT940's "NONREF" is not).
fn real_id(id: &str) -> Option<&str> {
    let t = id.trim();
    (!t.is_empty() && !matches!(t.to_ascii_uppercase().as_str(), "NONREF" | "NOTPROVIDED" | "NONE" | "0")).then_some(t)
}

/// How each line of a file is known again: the bank's id for the account,
/// else the line's content and its position among identical lines.
pub fn dedupe_keys(statements: &[Statement]) -> Vec<Vec<String>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    statements
        .iter()
        .map(|s| {
            let acct = squash(&s.account);
            s.lines
                .iter()
                .map(|l| match real_id(&l.bank_id) {
                    Some(id) => format!("id:{acct}:{id}:{}", l.amount.normalize()),
                    None => {
                        let h = sha256_hex(format!("{acct}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}", l.date, l.amount.normalize(), l.currency, l.text, l.reference, l.counterparty).as_bytes());
                        let n = seen.entry(h.clone()).or_insert(0);
                        *n += 1;
                        format!("h:{h}:{n}")
                    }
                })
                .collect()
        })
        .collect()
}

/// A line's amount in minor units of its currency (or cents, when the
/// currency is not one Overdue knows), and whether it is known.
fn minor(l: &Line) -> (i64, Option<Currency>) {
    match Currency::find(&l.currency) {
        Ok(c) => (c.to_minor(l.amount.round_dp(c.exponent), "amount").unwrap_or(0), Some(c)),
        Err(_) => ((l.amount * rust_decimal::Decimal::from(100)).round().try_into().unwrap_or(0), None),
    }
}

/// The remembered CSV corrections whose header row is this file's.
fn remembered_map(conn: &Connection, bytes: &[u8], home: &str) -> Result<Option<BTreeMap<String, String>>> {
    for (key, map) in imports::mappings(conn)? {
        if !key.starts_with("bank:") {
            continue;
        }
        if let Ok(s) = bank::csv::read_mapped(bytes, home, &map) {
            if mapping_key(&s.columns) == key {
                return Ok(Some(map));
            }
        }
    }
    Ok(None)
}

fn mapping_key(columns: &[String]) -> String {
    format!("bank:{}", columns.iter().map(|c| c.trim().to_lowercase()).collect::<Vec<_>>().join("|"))
}

/// Why a statement's lines cannot be matched: another account than the
/// business's, as far as the business's bank details say.
fn other_account(s: &Statement, b: &crate::model::Business) -> Option<String> {
    let acct = squash(&s.account);
    let (iban, number) = (squash(&b.iban), squash(&b.account_number));
    if acct.is_empty() || (iban.is_empty() && number.is_empty()) {
        return None;
    }
    let ours = (!iban.is_empty() && (acct == iban || iban.ends_with(&acct))) || (!number.is_empty() && acct.contains(&number));
    (!ours).then(|| format!("the statement is of account {}, not the business's", s.account))
}

/// Reads a statement file from disk and imports it (`import`).
pub fn import_file(conn: &mut Connection, ctx: &Ctx, path: &std::path::Path, opts: &BankImportOptions) -> Result<BankImportReport> {
    let bytes = crate::import::read_file(path)?;
    let name = path.file_name().and_then(|s| s.to_str()).unwrap_or("statement").to_string();
    import(conn, ctx, &bytes, &name, opts)
}

/// Imports a statement: every new line stored, money in matched, confident
/// matches paid. One transaction; a dry run rolls it back.
pub fn import(conn: &mut Connection, ctx: &Ctx, bytes: &[u8], file_name: &str, opts: &BankImportOptions) -> Result<BankImportReport> {
    let home = crate::ledger::business_currency(conn)?.code.to_string();
    let map = if opts.map.is_empty() { remembered_map(conn, bytes, &home)?.unwrap_or_default() } else { opts.map.clone() };
    let statements = bank::read_file(bytes, &home, &map).map_err(|m| Error::invalid("file", format!("{file_name}: {m}")))?;
    let sha = sha256_hex(bytes);
    let options = serde_json::to_string(&BankImportOptions { dry_run: false, map: map.clone() }).unwrap_or_default();
    let mut r = BankImportReport { file: file_name.to_string(), dry_run: opts.dry_run, statements: statements.len(), ..Default::default() };
    for s in &statements {
        if !r.formats.contains(&s.format) {
            r.formats.push(s.format.clone());
        }
        if !s.account.is_empty() && !r.accounts.contains(&s.account) {
            r.accounts.push(s.account.clone());
        }
        r.lines += s.lines.len();
        r.skipped.extend(s.skipped.iter().cloned());
        if let Some(gap) = s.balance_gap() {
            let sum: rust_decimal::Decimal = s.lines.iter().map(|l| l.amount).sum();
            r.problems.push(format!(
                "The statement of {} does not add up: opening balance {} plus its lines {} is {}, but its closing balance is {} (a difference of {}). Some lines may be missing from the file.",
                if s.account.is_empty() { "this account" } else { &s.account },
                s.opening.unwrap_or_default(),
                sum,
                s.opening.unwrap_or_default() + sum,
                s.closing.unwrap_or_default(),
                gap
            ));
        }
    }
    if let Some(prev) = imports::same_file(conn, "bank", &sha, &options)? {
        r.already_imported = r.lines;
        r.message = format!("{file_name} was already imported on {} (the same file): nothing new.", date_style(conn)?.format_iso(&prev.on_date));
        return Ok(r);
    }
    let keys = dedupe_keys(&statements);
    let all: Vec<String> = keys.iter().flatten().cloned().collect();
    let known = store::known(conn, &all)?;
    let b = business(conn)?;
    let payers = store::payers(conn)?;
    let mut book = Book::new(store::open_invoices(conn)?, store::open_agreements(conn)?, &payers);
    let style = date_style(conn)?;
    let tx = conn.transaction()?;
    let import_id = imports::begin(&tx, "bank", file_name, &sha, &options, ctx.today)?;
    let mut touched: Vec<i64> = Vec::new();
    for (s, keys) in statements.iter().zip(&keys) {
        let other = other_account(s, &b);
        for (l, key) in s.lines.iter().zip(keys) {
            if known.contains(key) {
                r.already_imported += 1;
                continue;
            }
            r.new_lines += 1;
            let (amount, cur) = minor(l);
            let mut reason = String::new();
            let state = if l.reversal {
                "ignored"
            } else if l.amount.is_sign_negative() {
                reason = "money out".into();
                "ignored"
            } else {
                if let Some(o) = &other {
                    reason = o.clone();
                } else if cur.is_none() {
                    reason = format!("'{}' is not a currency Overdue knows", l.currency);
                } else if l.date > ctx.today {
                    reason = format!("dated {}, after today", style.format(l.date));
                }
                "open"
            };
            let text: String = l.text.chars().take(2000).collect();
            let new = store::NewLine {
                dedupe: key,
                format: &s.format,
                account: &s.account,
                date: l.date,
                amount,
                currency: &l.currency,
                payer: &l.counterparty.chars().take(300).collect::<String>(),
                payer_account: &squash(&l.counterparty_account),
                text: &text,
                reference: &l.reference.chars().take(300).collect::<String>(),
                bank_id: &l.bank_id.chars().take(200).collect::<String>(),
                reversal: l.reversal,
                state,
                reason: &reason,
            };
            let id = store::insert(&tx, import_id, &new)?;
            if l.reversal {
                r.reversals += 1;
                reversal(&tx, id, &s.account, l, amount.abs(), &mut r, &style)?;
                continue;
            }
            if state == "ignored" {
                r.ignored += 1;
                continue;
            }
            let sugg = if reason.is_empty() { book.suggest(l) } else { vec![] };
            let sure: Vec<&Suggestion> = sugg.iter().filter(|s| s.tier == Tier::Sure).collect();
            if let ([one], Some(c)) = (sure.as_slice(), &cur) {
                let line = store::get(&tx, id)?.ok_or_else(|| Error::NotFound("the line vanished".into()))?;
                match apply(&tx, ctx, &style, &line, c, one.client_id, &one.invoice_ids, one.agreement_id, "auto") {
                    Ok(done) => {
                        r.matched += 1;
                        r.paid.push(done.message);
                        // What the payment changed, without reading the ledger again.
                        for (i, left) in done.open_after {
                            book.update_invoice(i, c.from_minor(left));
                        }
                        if done.to_agreement {
                            // Only an agreement's payment can complete it (and call for its
                            // letter), and its instalments are read again.
                            touched.push(one.client_id);
                            refresh_book(&tx, &mut book, one.client_id)?;
                        }
                        continue;
                    }
                    Err(e) => store::set_state(&tx, id, "open", &format!("could not be paid at once: {}", e), None, "")?,
                }
            }
            if sugg.is_empty() {
                r.unmatched += 1;
            } else {
                r.suggested += 1;
            }
        }
    }
    r.import_id = Some(import_id);
    r.message = summary(&r);
    imports::finish(&tx, import_id, [r.new_lines, 0, r.already_imported, 0, r.matched, 0], &r.message)?;
    if let Some(first) = statements.iter().find(|s| s.format == "CSV" && !s.columns.is_empty()) {
        if !opts.map.is_empty() {
            imports::remember_mapping(&tx, &mapping_key(&first.columns), &first.columns, &opts.map)?;
        }
    }
    if opts.dry_run {
        tx.rollback()?;
        r.import_id = None;
        r.message = format!("Dry run, nothing written: {}", r.message);
        return Ok(r);
    }
    tx.commit()?;
    touched.sort();
    touched.dedup();
    for c in touched {
        for id in crate::store::instalments::completed_without_letter(conn, c)? {
            if let Err(e) = crate::follow::completion_letter(conn, ctx, id) {
                r.problems.push(format!("A completion letter could not be written yet ({e}); it is written the next time Today opens."));
            }
        }
    }
    Ok(r)
}

fn summary(r: &BankImportReport) -> String {
    let mut s = format!("{}: {} read, {} new", r.file, count(r.lines, "line", "lines"), r.new_lines);
    if r.already_imported > 0 {
        s.push_str(&format!(" ({} imported before)", r.already_imported));
    }
    s.push_str(&format!("; {} paid at once, {} suggested, {} to review, {} ignored", r.matched, r.suggested, r.unmatched, r.ignored));
    if r.reversals > 0 {
        s.push_str(&format!(", {}", count(r.reversals, "returned payment", "returned payments")));
    }
    s.push('.');
    s
}

/// After a payment: what is open on the client's invoices and agreement now.
fn refresh_book(tx: &Connection, book: &mut Book, client_id: i64) -> Result<()> {
    let mut open = Vec::new();
    for (code, items) in crate::ledger::open_items(tx, client_id)? {
        if let Ok(cur) = Currency::find(&code) {
            open.extend(items.into_iter().map(|it| (it.invoice_id, cur.from_minor(it.outstanding))));
        }
    }
    book.update_client(client_id, &open);
    for a in store::open_agreements_of(tx, Some(client_id))? {
        book.update_agreement(a.id, a.remaining, a.next);
    }
    Ok(())
}

/// A returned payment: the receipt it returns is taken back (its payments
/// removed) and set aside, with the reason on both lines.
fn reversal(tx: &Connection, id: i64, account: &str, l: &Line, amount: i64, r: &mut BankImportReport, style: &crate::dates::DateStyle) -> Result<()> {
    let Some(orig) = store::reversed_by(tx, account, amount, &l.currency, l.date, &squash(&l.counterparty_account), &l.text)? else {
        store::set_state(tx, id, "ignored", "a returned payment; no receipt it returns was found among the matched lines", None, "")?;
        return Ok(());
    };
    if let Some(why) = store::undo_blocker(tx, orig)? {
        store::set_state(tx, id, "ignored", &format!("returns line {orig}, whose payment stands: {why}"), None, "")?;
        r.problems.push(format!("A returned payment on {} could not take back line {orig}: {why}.", style.format(l.date)));
        return Ok(());
    }
    let line = store::get(tx, orig)?.ok_or_else(|| Error::NotFound(format!("no statement line {orig}")))?;
    let back = store::remove_payments(tx, orig)?;
    store::set_state(tx, orig, "ignored", &format!("returned by the bank on {} (line {id})", style.format(l.date)), line.client_id, "")?;
    store::set_state(tx, id, "matched", &format!("returns line {orig}"), line.client_id, "reversal")?;
    store::set_reverses(tx, id, orig)?;
    if let (Some(c), Ok(cur)) = (line.client_id, Currency::find(&line.currency)) {
        let s = format!("Payment of {} of {} returned by the bank on {}: taken back", cur.display(back), style.format(crate::ledger::date(&line.date)), style.format(l.date));
        append_event(tx, c, l.date, "payment_reversed", &s)?;
        r.paid.push(s);
    }
    Ok(())
}

/// Pays a line's money to the named invoices (oldest first, each through
/// the one payment path) or to the agreement; anything beyond them goes
/// the way of any payment (the client's other invoices, then credit).
/// Returns the sentence for the history.
#[allow(clippy::too_many_arguments)]
fn apply(tx: &Connection, ctx: &Ctx, style: &crate::dates::DateStyle, line: &store::StoredLine, cur: &Currency, client_id: i64, invoice_ids: &[i64], agreement_id: Option<i64>, by: &str) -> Result<Applied> {
    let date = crate::ledger::date(&line.date);
    let reference: String = if line.reference.is_empty() { &line.text } else { &line.reference }.chars().filter(|c| !c.is_control()).take(200).collect();
    let mut parts: Vec<(Option<i64>, i64)> = Vec::new();
    let mut left = line.amount;
    if agreement_id.is_none() && !invoice_ids.is_empty() {
        let mut open: Vec<crate::alloc::OpenItem> = Vec::new();
        for &i in invoice_ids {
            let it = crate::ledger::open_item(tx, i)?.ok_or_else(|| Error::NotFound(format!("no invoice {i}")))?;
            if it.currency != cur.code {
                return Err(Error::invalid("invoice", format!("invoice {} is in {}, the payment in {}", it.item.number, it.currency, cur.code)));
            }
            open.push(it.item);
        }
        crate::alloc::sort_oldest_first(&mut open);
        let n = open.len();
        for (k, it) in open.iter().enumerate() {
            let part = if k + 1 == n { left } else { left.min(it.outstanding) };
            if part > 0 {
                parts.push((Some(it.invoice_id), part));
                left -= part;
            }
        }
    }
    if parts.is_empty() {
        parts.push((None, line.amount));
    }
    let mut said: Vec<String> = Vec::new();
    let mut credit = 0;
    let mut open_after: Vec<(i64, i64)> = Vec::new();
    let mut to_agreement = false;
    for (chosen, amount) in parts {
        let m = MoneyIn { client_id, date, amount, currency: cur, method: "bank transfer", reference: &reference, chosen };
        let rec = record_in(tx, &m, ctx.today)?;
        store::link(tx, line.id, rec.payment_id)?;
        to_agreement |= rec.to_agreement > 0;
        for a in &rec.plan.allocations {
            if let Some(it) = rec.items.iter().find(|i| i.invoice_id == a.invoice_id) {
                open_after.retain(|(i, _)| *i != a.invoice_id);
                open_after.push((a.invoice_id, it.outstanding - a.amount));
            }
        }
        let numbers: HashMap<i64, &str> = rec.items.iter().map(|i| (i.invoice_id, i.number.as_str())).collect();
        if let (Some(t), true) = (&rec.target, rec.to_agreement > 0) {
            said.push(format!("{} under agreement {}", cur.display(rec.to_agreement), t.reference));
        }
        for a in &rec.plan.allocations {
            said.push(format!("{} to {}", cur.display(a.amount), numbers.get(&a.invoice_id).copied().unwrap_or("?")));
        }
        credit += rec.plan.credit;
        if let Some(a) = rec.after {
            said.push(a);
        }
    }
    if credit > 0 {
        said.push(format!("{} kept as credit", cur.display(credit)));
    }
    store::remember_account(tx, client_id, &line.payer_account, date)?;
    store::set_state(tx, line.id, "matched", "", Some(client_id), by)?;
    let who = if line.payer.is_empty() { String::new() } else { format!(" from {}", line.payer) };
    let msg = format!("Payment of {}{who} received on {} (bank statement line {}): {}", cur.display(line.amount), style.format(date), line.id, said.join("; "));
    append_event(tx, client_id, date, "payment_recorded", &msg)?;
    Ok(Applied { message: msg, open_after, to_agreement })
}

/// What paying a line did: the sentence for the history, what is now open
/// on each invoice it paid, and whether an agreement was paid.
struct Applied {
    message: String,
    open_after: Vec<(i64, i64)>,
    to_agreement: bool,
}

/// What the owner says a line paid: invoices by number, or an agreement by
/// its reference; with neither, the line's one suggestion (a tie is refused).
#[derive(Debug, Clone, Default)]
pub struct MatchChoice {
    pub invoices: Vec<String>,
    pub agreement: Option<String>,
}

fn line_for_change(conn: &Connection, id: i64) -> Result<store::StoredLine> {
    store::get(conn, id)?.ok_or_else(|| Error::invalid("line", format!("there is no statement line {id}")))
}

/// Matches a line by hand (the owner's choice, or the suggestion accepted).
pub fn match_line(conn: &mut Connection, ctx: &Ctx, id: i64, choice: &MatchChoice) -> Result<String> {
    let line = line_for_change(conn, id)?;
    if line.state == "matched" {
        return Err(Error::invalid("line", format!("line {id} is already matched; undo it first to match it otherwise")));
    }
    if line.amount <= 0 || line.reversal {
        return Err(Error::invalid("line", format!("line {id} is money out, not a payment received")));
    }
    let cur = Currency::find(&line.currency).map_err(|_| Error::invalid("line", format!("line {id} is in '{}', a currency Overdue does not know", line.currency)))?;
    if crate::ledger::date(&line.date) > ctx.today {
        return Err(Error::invalid("line", format!("line {id} is dated {}, after today", line.date)));
    }
    let (client_id, invoice_ids, agreement_id) = if let Some(r) = choice.agreement.as_deref().filter(|r| !r.trim().is_empty()) {
        let (aid, client, status, currency) = store::agreement_by_reference(conn, r)?.ok_or_else(|| Error::invalid("agreement", format!("there is no agreement {}", r.trim())))?;
        if !matches!(status.as_str(), "active" | "defaulted") {
            return Err(Error::invalid("agreement", format!("agreement {} is {status}, not being paid", r.trim())));
        }
        if currency != cur.code {
            return Err(Error::invalid("agreement", format!("agreement {} is in {currency}, the payment in {}", r.trim(), cur.code)));
        }
        (client, vec![], Some(aid))
    } else if !choice.invoices.is_empty() {
        let mut ids = Vec::new();
        let mut client = None;
        for n in &choice.invoices {
            let n = n.trim();
            let iid = crate::ledger::invoice_id_by_number(conn, n)?.ok_or_else(|| Error::invalid("invoice", format!("there is no invoice numbered '{n}'")))?;
            let inv = crate::ledger::invoice(conn, iid, ctx.today)?;
            if inv.status == "paid" {
                return Err(Error::invalid("invoice", format!("invoice {n} is already paid in full")));
            }
            if inv.amount.currency != cur.code {
                return Err(Error::invalid("invoice", format!("invoice {n} is in {}, the payment in {}", inv.amount.currency, cur.code)));
            }
            if client.is_some_and(|c| c != inv.client_id) {
                return Err(Error::invalid("invoice", "the invoices belong to different clients; one payment is from one client"));
            }
            client = Some(inv.client_id);
            ids.push(iid);
        }
        (client.unwrap_or_default(), ids, None)
    } else {
        let payers = store::payers(conn)?;
        let book = Book::new(store::open_invoices(conn)?, store::open_agreements(conn)?, &payers);
        let sugg = book.suggest(&line.as_line());
        match sugg.as_slice() {
            [] => return Err(Error::invalid("line", format!("line {id} has no suggestion; name the invoice (--invoice) or the agreement (--agreement)"))),
            [one] => (one.client_id, one.invoice_ids.clone(), one.agreement_id),
            [a, b, ..] if a.tier < b.tier => (a.client_id, a.invoice_ids.clone(), a.agreement_id),
            _ => return Err(Error::invalid("line", format!("line {id} has {} equally good suggestions; name the invoice or agreement it pays", sugg.len()))),
        }
    };
    let tx = conn.transaction()?;
    let style = date_style(&tx)?;
    let msg = apply(&tx, ctx, &style, &line, &cur, client_id, &invoice_ids, agreement_id, "owner")?.message;
    tx.commit()?;
    for a in crate::store::instalments::completed_without_letter(conn, client_id)? {
        let _ = crate::follow::completion_letter(conn, ctx, a);
    }
    Ok(msg)
}

/// Sets a line aside, with the owner's reason.
pub fn ignore_line(conn: &mut Connection, id: i64, reason: &str) -> Result<String> {
    let line = line_for_change(conn, id)?;
    let reason = crate::text::clean(reason, &crate::text::rule("reason", 200, true, false))?;
    if line.state == "matched" {
        return Err(Error::invalid("line", format!("line {id} is matched; undo it first")));
    }
    let tx = conn.transaction()?;
    store::set_state(&tx, id, "ignored", &reason, line.client_id, "owner")?;
    tx.commit()?;
    Ok(format!("Line {id} set aside: {reason}"))
}

/// Takes back what a line did: the payments it made are removed (the
/// invoices and instalments open again) and the line waits for review; an
/// ignored line is back for review; a returned payment's receipt is back.
pub fn undo_line(conn: &mut Connection, ctx: &Ctx, id: i64) -> Result<String> {
    let line = line_for_change(conn, id)?;
    let style = date_style(conn)?;
    let tx = conn.transaction()?;
    let msg = match (line.state.as_str(), line.reverses) {
        ("matched", Some(orig)) => {
            store::set_state(&tx, orig, "open", "", None, "")?;
            store::set_state(&tx, id, "ignored", &format!("the owner said it does not return line {orig}"), None, "owner")?;
            format!("Line {id} no longer counts as returning line {orig}; line {orig} waits for review")
        }
        ("matched", None) => {
            if let Some(why) = store::undo_blocker(&tx, id)? {
                return Err(Error::invalid("line", format!("line {id} cannot be undone: {why}")));
            }
            let back = store::remove_payments(&tx, id)?;
            store::set_state(&tx, id, "open", "", None, "")?;
            let cur = Currency::find(&line.currency)?;
            let s = format!("Payment of {} received on {} (bank statement line {id}) undone: the invoices it paid are open again", cur.display(back), style.format(crate::ledger::date(&line.date)));
            if let Some(c) = line.client_id {
                append_event(&tx, c, ctx.today, "payment_undone", &s)?;
            }
            s
        }
        ("ignored", _) if !line.reversal && line.amount > 0 => {
            store::set_state(&tx, id, "open", "", None, "")?;
            format!("Line {id} is back for review")
        }
        ("ignored", _) => return Err(Error::invalid("line", format!("line {id} is money out; there is nothing to undo"))),
        _ => return Err(Error::invalid("line", format!("line {id} is waiting for review; there is nothing to undo"))),
    };
    tx.commit()?;
    Ok(msg)
}
