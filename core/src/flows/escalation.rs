//! Escalation: the hand-over of a case to a collection agency or a
//! solicitor, with everything they need as one PDF (and the same data as
//! CSV), a UK letter before claim where the Pre-Action Protocol for Debt
//! Claims applies; and writing a debt off with a reason.
//!
//! Invariants: escalating never deletes or changes the record; it marks
//! the client (`clients.escalated_on/_to`), after which nothing of theirs is
//! chased; the pack is built only from stored facts; a case with no contact
//! history can be escalated, with a warning saying so.

use overdue_docs::pack::{who_label, Pack};
use crate::store::escalations as store;
use crate::flows::agreement;
use crate::ctx::Ctx;
use crate::flows::chase::{self, ComposeInput};
use crate::error::{Error, Result};
use crate::ledger::{self, append_event_detail, date as d, insert_allocation, insert_payment, now_stamp};
use crate::model::Amount;
use crate::money::Currency;
use crate::pdf::Paper;
use crate::template::human_date;
use crate::text::{clean, rule};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Broken promises that bring a case up for escalation review.
pub const BROKEN_PROMISES: i64 = 2;

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct EscalateInput {
    pub client_id: i64,
    /// "agency" or "solicitor".
    pub to_whom: String,
    /// Why, in the owner's words (printed in the pack).
    pub reasons: String,
}

/// What the owner sees before escalating.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub client_id: i64,
    pub client_name: String,
    /// Why this case is up for review (a default, broken promises, 90 days).
    pub triggers: Vec<String>,
    /// Allowed but worth knowing (no contact history…).
    pub warnings: Vec<String>,
    pub total: Amount,
    /// A UK individual or sole trader: the pack includes a letter before claim.
    pub letter_before_claim: bool,
    pub escalated_on: String,
    pub escalated_to: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Escalated {
    pub pack: String,
    pub csv: String,
    pub warnings: Vec<String>,
    pub total: Amount,
    pub letter_before_claim: bool,
    /// The letter before claim on its own, ready to send ("" when none).
    pub letter_before_claim_pdf: String,
}

/// Why a client's case is up for escalation (empty = no trigger yet).
pub fn triggers(conn: &Connection, ctx: &Ctx, client_id: i64) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if let Some(r) = store::defaulted_reference(conn, client_id)? {
        out.push(format!("Agreement {r} is in default"));
    }
    let broken = store::broken_promises(conn, client_id)?;
    if broken >= BROKEN_PROMISES {
        out.push(format!("{broken} promises to pay were broken"));
    }
    let live = store::live_agreements(conn, client_id)?;
    if let Some(o) = store::oldest_due(conn, client_id)? {
        let days = (ctx.today - d(&o)).num_days();
        if days >= 90 && live == 0 {
            out.push(format!("The oldest invoice is {days} days overdue and there is no agreement"));
        }
    }
    Ok(out)
}

/// When and to whom the client was handed over ("" when not).
pub fn escalated(conn: &Connection, client_id: i64) -> Result<(String, String)> {
    store::escalated(conn, client_id)
}

/// The review before escalating: triggers, warnings, the amount.
pub fn review(conn: &Connection, ctx: &Ctx, client_id: i64) -> Result<Review> {
    let c = ledger::client(conn, client_id).map_err(|_| Error::invalid("client", format!("there is no client with id {client_id}")))?;
    let (escalated_on, escalated_to) = store::escalated(conn, client_id)?;
    let p = claim(conn, ctx, client_id)?;
    let mut warnings = Vec::new();
    if store::contact_count(conn, client_id)? == 0 {
        warnings.push(format!("{} has never been contacted about these invoices (no reminder, letter or call on record); an agency or court will expect that they were asked first", c.name));
    }
    if !p.invoices.iter().any(|i| i.due < ctx.today) {
        warnings.push("Nothing is overdue yet".into());
    }
    let b = ledger::business(conn)?;
    Ok(Review {
        client_id,
        client_name: c.name.clone(),
        triggers: triggers(conn, ctx, client_id)?,
        warnings,
        total: p.charges.total_due.clone(),
        letter_before_claim: lbc_applies(&b.country, &c.kind),
        escalated_on,
        escalated_to,
    })
}

fn lbc_applies(country: &str, kind: &str) -> bool {
    country == "GB" && (kind == "consumer" || kind == "sole_trader")
}

/// The charges invoice of the client's live agreement (active or in
/// default): (invoice id, number, outstanding, agreement reference). A
/// hand-over works interest, compensation and fees out afresh on the
/// invoices from their original due dates, so these agreed charges are
/// listed but not claimed as well (they cover the same ground; an inflated
/// claim is worse than a slightly short one).
fn agreed_charges(conn: &Connection, client_id: i64) -> Result<Option<(i64, String, i64, String)>> {
    let Some((id, reference)) = store::live_agreement(conn, client_id)? else { return Ok(None) };
    Ok(crate::follow::charges_unpaid(conn, id)?.map(|(inv, number, left)| (inv, number, left, reference)))
}

/// What a hand-over claims: as a reminder would (the overdue invoices, or
/// every open one when none is overdue), less the agreed-charges invoice.
fn claim(conn: &Connection, ctx: &Ctx, client_id: i64) -> Result<chase::Prepared> {
    let all = ComposeInput { client_id, stage_id: None, channel: "letter".into(), invoice_ids: vec![] };
    let p = chase::prepare(conn, ctx, &all)?;
    let Some((charges, ..)) = agreed_charges(conn, client_id)? else { return Ok(p) };
    let mut ids: Vec<i64> = p.invoices.iter().map(|i| i.id).filter(|id| *id != charges).collect();
    if ids.len() == p.invoices.len() {
        return Ok(p);
    }
    if ids.is_empty() {
        // Only the charges are left: they are what is owed.
        ids.push(charges);
    }
    chase::prepare(conn, ctx, &ComposeInput { invoice_ids: ids, ..all })
}

fn slug(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let s = s.split('-').filter(|p| !p.is_empty()).take(6).collect::<Vec<_>>().join("-");
    if s.is_empty() { "client".into() } else { s }
}

/// Hands the case over: writes the pack (PDF + CSV), marks the client as
/// escalated (nothing of theirs is chased from now on) and records it.
/// `out`: also copy the PDF there (and the CSV beside it).
pub fn escalate(conn: &mut Connection, ctx: &Ctx, input: &EscalateInput, out: Option<&Path>) -> Result<Escalated> {
    // Agreements' states as of today (a missed payment is a default), so
    // the pack says where each one really stands.
    crate::follow::refresh(conn, ctx)?;
    let to = match input.to_whom.trim() {
        "agency" | "" => "agency",
        "solicitor" => "solicitor",
        other => return Err(Error::invalid("hand over to", format!("'{other}' is not 'agency' or 'solicitor'"))),
    };
    let reasons = clean(&input.reasons, &rule("reasons", 2000, true, true))?;
    let r = review(conn, ctx, input.client_id)?;
    if !r.escalated_on.is_empty() {
        return Err(Error::Conflict(format!("{} was already handed over to {} on {}", r.client_name, who_label(&r.escalated_to), human_date(d(&r.escalated_on)))));
    }
    let c = ledger::client(conn, input.client_id)?;
    let b = ledger::business(conn)?;
    if b.legal_name.trim().is_empty() || b.address.trim().is_empty() {
        return Err(Error::invalid("business", "set the business's legal name and postal address in Settings: the pack and any letter before claim must name the creditor"));
    }
    let p = claim(conn, ctx, c.id)?;
    let unclaimed = agreed_charges(conn, c.id)?.filter(|(id, ..)| !p.invoices.iter().any(|i| i.id == *id));
    let cur = p.currency;
    let detail = crate::store::reports::client_detail(conn, c.id, ctx.today)?;
    let contacts = crate::store::contacts::contacts_of(conn, c.id)?;
    let history = ledger::history(conn, c.id)?;
    let promises = crate::promise::list(conn, Some(c.id), crate::settings::chase(conn)?.promise_grace_days)?;
    let agreements = agreement::list(conn, ctx, Some(c.id))?;
    let paper = Paper::parse(&crate::settings::chase(conn)?.paper)?;
    let lbc = r.letter_before_claim;

    let disputed_ids: Vec<i64> = crate::store::invoices::open_invoices(conn, Some(c.id))?.iter().filter(|o| o.disputed).map(|o| o.id).collect();
    let ch = &p.charges;
    let files = overdue_docs::pack::files(
        &Pack {
            business: &b,
            client: &c,
            claim: &p,
            to,
            reasons: &reasons,
            triggers: &r.triggers,
            warnings: &r.warnings,
            detail: &detail,
            contacts: &contacts,
            history: &history,
            promises: &promises,
            agreements: &agreements,
            unclaimed: unclaimed.as_ref(),
            disputed_ids: &disputed_ids,
            letter_before_claim: lbc,
            today: ctx.today,
        },
        paper,
        ctx.now,
    );
    let (pdf, lbc_pdf, csv) = (files.pdf, files.letter_before_claim, files.csv);

    // ---- files, then the record in one transaction
    let name = format!("{}-handover-{}", slug(&c.name), ctx.today);
    std::fs::create_dir_all(&ctx.docs_dir)?;
    let pack = crate::io::files::unique_path(&ctx.docs_dir, &format!("{name}.pdf"));
    std::fs::write(&pack, &pdf)?;
    let csv_path = crate::io::files::unique_path(&ctx.docs_dir, &format!("{name}.csv"));
    std::fs::write(&csv_path, csv.as_bytes())?;
    let lbc_path = match &lbc_pdf {
        Some(bytes) => {
            let path = crate::io::files::unique_path(&ctx.docs_dir, &format!("{}-letter-before-claim-{}.pdf", slug(&c.name), ctx.today));
            std::fs::write(&path, bytes)?;
            Some(path)
        }
        None => None,
    };
    let (shown_pack, shown_csv) = match out {
        Some(o) => {
            if let Some(dir) = o.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let o_csv = o.with_extension("csv");
            std::fs::copy(&pack, o)?;
            std::fs::copy(&csv_path, &o_csv)?;
            (o.to_path_buf(), o_csv)
        }
        None => (pack.clone(), csv_path.clone()),
    };
    let tx = conn.transaction()?;
    let agreement_id = agreements.first().map(|a| a.id);
    crate::io::files::register(&tx, &ctx.docs_dir, c.id, agreement_id, "handover_pack", 1, &format!("Hand-over pack for {}", who_label(to)), &pack, "")?;
    crate::io::files::register(&tx, &ctx.docs_dir, c.id, agreement_id, "handover_csv", 1, &format!("Hand-over data (CSV) for {}", who_label(to)), &csv_path, "")?;
    if let Some(path) = &lbc_path {
        crate::io::files::register(&tx, &ctx.docs_dir, c.id, agreement_id, "letter", 1, "Letter before claim (Pre-Action Protocol for Debt Claims)", path, "")?;
    }
    let total_minor = cur.to_minor(ch.total_due.amount.parse().unwrap_or_default(), "total")?;
    store::insert(&tx, &store::NewEscalation { client_id: c.id, agreement_id, to, reasons: &reasons, total_minor, currency: cur.code, letter_before_claim: lbc, on: ctx.today })?;
    append_event_detail(
        &tx,
        c.id,
        ctx.today,
        "escalated",
        &format!("Handed over to {} ({} claimed){}: {reasons}", who_label(to), ch.total_due.display, if lbc { "; letter before claim included" } else { "" }),
        &pack.display().to_string(),
    )?;
    tx.commit()?;
    Ok(Escalated { pack: shown_pack.display().to_string(), csv: shown_csv.display().to_string(), warnings: r.warnings, total: ch.total_due.clone(), letter_before_claim: lbc, letter_before_claim_pdf: lbc_path.map(|p| p.display().to_string()).unwrap_or_default() })
}

/// Writes a client's open debt off, with a reason: a `write-off` entry
/// settles the chosen invoices (or all open ones) without counting as money
/// received; the case stops being chased. Returns the amount.
pub fn write_off(conn: &mut Connection, ctx: &Ctx, client_id: i64, invoice_numbers: &[String], reason: &str) -> Result<Amount> {
    let reason = clean(reason, &rule("reason", 500, true, false))?;
    let c = ledger::client(conn, client_id).map_err(|_| Error::invalid("client", format!("there is no client with id {client_id}")))?;
    let detail = crate::store::reports::client_detail(conn, client_id, ctx.today)?;
    let open: Vec<_> = detail.invoices.iter().filter(|i| i.status != "paid" && (invoice_numbers.is_empty() || invoice_numbers.contains(&i.number))).collect();
    for n in invoice_numbers {
        if !detail.invoices.iter().any(|i| &i.number == n && i.status != "paid") {
            return Err(Error::invalid("invoice", format!("'{n}' is not an open invoice of {}", c.name)));
        }
    }
    let Some(first) = open.first() else { return Err(Error::invalid("invoice", format!("{} has nothing open to write off", c.name))) };
    let code = first.amount.currency.clone();
    if open.iter().any(|i| i.amount.currency != code) {
        return Err(Error::invalid("invoice", "write off one currency at a time (choose the invoices)"));
    }
    let cur = Currency::find(&code)?;
    let parts: Vec<(i64, i64)> = open.iter().map(|i| Ok((i.id, cur.to_minor(i.outstanding.amount.parse().unwrap_or_default(), "outstanding")?))).collect::<Result<_>>()?;
    let total: i64 = parts.iter().map(|p| p.1).sum();
    let tx = conn.transaction()?;
    let pid = insert_payment(&tx, client_id, ctx.today, total, &code, crate::follow::WRITE_OFF, &reason, &now_stamp())?;
    for (inv, amount) in &parts {
        insert_allocation(&tx, pid, *inv, *amount)?;
    }
    append_event_detail(&tx, client_id, ctx.today, "written_off", &format!("{} written off ({}): {reason}", cur.display(total), open.iter().map(|i| i.number.as_str()).collect::<Vec<_>>().join(", ")), "")?;
    tx.commit()?;
    Ok(Amount::new(total, &cur))
}

/// Clients whose case is up for escalation review and not yet escalated:
/// (client id, name, triggers). Defaults and 90-day cases have their own
/// Today items; this adds broken promises.
pub(crate) fn broken_promise_reviews(conn: &Connection) -> Result<Vec<(i64, String, i64)>> {
    store::broken_promise_reviews(conn, BROKEN_PROMISES)
}

/// Where the pack of an escalated client is (newest).
pub fn pack_of(conn: &Connection, docs_dir: &Path, client_id: i64) -> Result<Option<PathBuf>> {
    Ok(agreement::documents(conn, docs_dir, client_id)?.into_iter().find(|d| d.kind == "handover_pack").map(|d| PathBuf::from(d.path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_before_claim_goes_to_individuals_in_england_and_wales() {
        assert!(lbc_applies("GB", "consumer") && lbc_applies("GB", "sole_trader"));
        assert!(!lbc_applies("GB", "company") && !lbc_applies("IE", "consumer"));
    }
}
