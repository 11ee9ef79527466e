//! Negotiation inside a bottom line: the owner's private limits, the case
//! (balance, charges, the debtor's capacity, reason and proposal), a small
//! set of concrete options with exact schedules, counter-offers checked
//! against the limits with the nearest acceptable alternative, and
//! "agreed in principle" arrangements for the written-confirmation step.
//!
//! The bottom line is private: it is returned to the owner's screens only,
//! never rendered into a message, letter or arrangement text.

pub use overdue_domain::negotiation::*;
pub use crate::store::negotiations::{arrangement, arrangements, basis, covered_invoices, Arrangement, Basis};
use crate::store::negotiations::{self as store, NewArrangement, Notes};
use crate::ctx::Ctx;
use crate::flows::chase;
use crate::model::ItemInvoice;
use crate::error::{Error, Result};
use crate::ledger::{append_event_detail, client};
use crate::model::Amount;
use crate::money::{parse_decimal_lenient, Currency};
use crate::text::{clean, rule};
use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

// ------------------------------------------------------------ bottom line

pub fn business_bottom_line(conn: &Connection) -> Result<BottomLine> {
    crate::settings::get(conn, "bottom_line")
}

pub fn save_business_bottom_line(conn: &Connection, b: &BottomLine) -> Result<BottomLine> {
    let v = b.validate(&crate::ledger::business_currency(conn)?)?;
    crate::settings::put(conn, "bottom_line", &v)?;
    Ok(v)
}

/// The client's own limits, if any (None = the business's).
pub fn client_bottom_line(conn: &Connection, client_id: i64) -> Result<Option<BottomLine>> {
    let s = store::client_bottom_line(conn, client_id)?;
    Ok(if s.is_empty() { None } else { serde_json::from_str(&s).ok() })
}

pub fn save_client_bottom_line(conn: &Connection, client_id: i64, b: Option<&BottomLine>, today: NaiveDate) -> Result<Option<BottomLine>> {
    let c = client(conn, client_id)?;
    let v = match b {
        Some(b) => Some(b.validate(&crate::ledger::business_currency(conn)?)?),
        None => None,
    };
    let json = v.as_ref().map(|b| serde_json::to_string(b).unwrap_or_default()).unwrap_or_default();
    let tx = conn.unchecked_transaction()?;
    store::set_client_bottom_line(&tx, c.id, &json)?;
    // The values stay private: the history notes only that they changed.
    append_event_detail(&tx, c.id, today, "bottom_line", if v.is_some() { "Own negotiation limits set for this client" } else { "Negotiation limits: back to the business default" }, "")?;
    tx.commit()?;
    Ok(v)
}

// ------------------------------------------------------------------- case

/// Builds the case from the ledger and the owner's notes, without storing.
pub fn case(conn: &Connection, ctx: &Ctx, input: &CaseInput) -> Result<Case> {
    let p = chase::prepare(conn, ctx, &chase::ComposeInput { client_id: input.client_id, stage_id: None, channel: String::new(), invoice_ids: input.invoice_ids.clone() })?;
    let cur = p.currency;
    let capacity = match input.capacity.trim() {
        "" => None,
        s => {
            let d = parse_decimal_lenient(s.trim_start_matches(['£', '€', '$']), false)
                .map_err(|_| Error::invalid("capacity", format!("'{s}' is not an amount")))?;
            if d <= Decimal::ZERO {
                return Err(Error::invalid("capacity", "must be more than zero; if they can pay nothing now, leave it empty and consider more time or a hand-over review"));
            }
            Some(cur.to_minor(d, "capacity")?)
        }
    };
    let principal = p.invoices.iter().map(|i| i.outstanding).sum::<i64>();
    let charges = p.charges.charges_minor;
    let (b, source) = match client_bottom_line(conn, p.client.id)? {
        Some(b) => (b, "client"),
        None => (business_bottom_line(conn)?, "business"),
    };
    let limits = resolve(&b, source, principal + charges, &cur)?;
    Ok(Case {
        client_id: p.client.id,
        client_name: p.client.name.clone(),
        as_of: ctx.today.to_string(),
        currency: cur.code.to_string(),
        invoice_ids: p.invoices.iter().map(|i| i.id).collect(),
        invoices: p
            .invoices
            .iter()
            .map(|i| ItemInvoice { id: i.id, number: i.number.clone(), due_date: i.due.to_string(), outstanding: Amount::new(i.outstanding, &cur), days_overdue: (ctx.today - i.due).num_days() })
            .collect(),
        principal: Amount::new(principal, &cur),
        charges: Amount::new(charges, &cur),
        total: Amount::new(principal + charges, &cur),
        capacity: capacity.map(|c| Amount::new(c, &cur)),
        reason: clean(&input.reason, &rule("reason", 200, false, false))?,
        circumstances: clean(&input.circumstances, &rule("circumstances", 4000, false, true))?,
        proposal: clean(&input.proposal, &rule("proposal", 2000, false, true))?,
        limits,
        raw: RawCase { style: p.business.date_style(), principal, charges, interest: p.charges.interest_minor, compensation: p.charges.compensation_minor, fees: p.charges.fees_minor, capacity, today: ctx.today, code: cur.code.to_string() },
    })
}

/// Stores the owner's notes on the open negotiation of a client (one open
/// negotiation per client), writing a history line when they change.
pub fn save_case(conn: &mut Connection, ctx: &Ctx, input: &CaseInput) -> Result<Case> {
    let c = case(conn, ctx, input)?;
    let tx = conn.transaction()?;
    let existing = store::open_notes(&tx, c.client_id)?;
    let notes = Notes { invoice_ids: &c.invoice_ids, capacity_minor: c.raw.capacity, reason: &c.reason, circumstances: &c.circumstances, proposal: &c.proposal };
    match &existing {
        Some((id, ..)) => store::update_notes(&tx, *id, &notes)?,
        None => store::insert_notes(&tx, c.client_id, &notes)?,
    }
    let changed = existing.as_ref().is_none_or(|(_, cap, reason)| *cap != c.raw.capacity || *reason != c.reason);
    if changed && (c.raw.capacity.is_some() || !c.reason.is_empty()) {
        let mut parts = Vec::new();
        if let Some(cap) = &c.capacity {
            parts.push(format!("can pay {} a month", cap.display));
        }
        if !c.reason.is_empty() {
            parts.push(format!("reason: {}", chase::reason_label(&c.reason)));
        }
        append_event_detail(&tx, c.client_id, ctx.today, "negotiation_notes", &format!("Negotiation: {}", parts.join("; ")), &c.circumstances)?;
    }
    tx.commit()?;
    Ok(c)
}

/// The notes of a client's open negotiation, else of the latest one.
pub fn open_case_input(conn: &Connection, client_id: i64) -> Result<Option<CaseInput>> {
    Ok(store::latest_notes(conn, client_id)?
        .map(|(invoice_ids, cap, reason, circumstances, proposal)| {
            let currency = crate::store::invoices::open_invoices(conn, Some(client_id))
                .ok()
                .and_then(|v| v.into_iter().find(|o| invoice_ids.is_empty() || invoice_ids.contains(&o.id)).map(|o| o.currency))
                .and_then(|c| Currency::find(&c).ok());
            CaseInput {
                client_id,
                invoice_ids,
                capacity: match (cap, currency) {
                    (Some(m), Some(c)) => c.plain(m),
                    _ => String::new(),
                },
                reason,
                circumstances,
                proposal,
            }
        }))
}

// ---------------------------------------------------------------- options

// ---------------------------------------------------------- counter-offers

// ------------------------------------------------------- history & agree

/// Logs an offer made or received in the client's history (and `offers`).
pub fn record_offer(conn: &mut Connection, case: &Case, direction: &str, text: &str, proposal: &Proposal) -> Result<()> {
    let tx = conn.transaction()?;
    record_offer_in(&tx, case, direction, text, proposal)?;
    tx.commit()?;
    Ok(())
}

fn record_offer_in(tx: &Connection, case: &Case, direction: &str, text: &str, proposal: &Proposal) -> Result<()> {
    if direction != "made" && direction != "received" {
        return Err(Error::invalid("direction", "made or received"));
    }
    let text = clean(text, &rule("offer", 300, true, false))?;
    store::insert_offer(tx, case.client_id, direction, &text, &proposal.terms, proposal.total_minor, &case.currency, proposal.within_bottom_line)?;
    let summary = if direction == "received" {
        format!("Offer received: \u{201c}{text}\u{201d} ({})", if proposal.within_bottom_line { "acceptable" } else { "not acceptable" })
    } else {
        format!("Offer made: {}", proposal.title)
    };
    append_event_detail(tx, case.client_id, case.raw.today, &format!("offer_{direction}"), &summary, &proposal.terms)?;
    Ok(())
}

/// What the owner agrees in principle: one of the generated options (by key)
/// or a typed offer, recomputed here from the stored case.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AgreeInput {
    pub client_id: i64,
    pub option_key: String,
    pub offer: String,
    /// With `offer`: agree on the nearest acceptable alternative to it.
    pub use_nearest: bool,
    /// Required when the arrangement is outside the bottom line; logged.
    pub override_reason: String,
}

pub fn agree(conn: &mut Connection, ctx: &Ctx, input: &AgreeInput) -> Result<Arrangement> {
    let notes = open_case_input(conn, input.client_id)?.unwrap_or(CaseInput { client_id: input.client_id, ..Default::default() });
    let c = case(conn, ctx, &notes)?;
    let mut received = None;
    let proposal = if !input.offer.trim().is_empty() {
        let v = check(&c, &input.offer)?;
        received = Some(v.proposal.clone());
        if input.use_nearest {
            v.nearest.ok_or_else(|| Error::invalid("offer", "there is no acceptable alternative close to this offer"))?
        } else {
            v.proposal
        }
    } else {
        options(&c)?.options.into_iter().find(|p| p.key == input.option_key).ok_or_else(|| Error::invalid("option", format!("'{}' is not one of the options for this case", input.option_key)))?
    };
    let reason = clean(&input.override_reason, &rule("reason", 500, false, false))?;
    if !proposal.within_bottom_line && reason.is_empty() {
        return Err(Error::invalid("override reason", format!("this is outside your bottom line ({}); give a reason to agree anyway, or choose the nearest acceptable alternative", proposal.breaks.join("; "))));
    }
    let existing = store::agreed_count(conn, c.client_id)?;
    if existing > 0 {
        return Err(Error::Conflict(format!("{} already has an arrangement agreed in principle; withdraw it first", c.client_name)));
    }
    let tx = conn.transaction()?;
    // The offer agreed on (or answered with the nearest alternative) is kept too.
    if let Some(r) = &received {
        record_offer_in(&tx, &c, "received", &input.offer, r)?;
    }
    let terms_json = serde_json::to_string(&proposal.schedule).unwrap_or_default();
    // What the written agreement will acknowledge: the balance on this day.
    let with_interest = proposal.schedule.iter().any(|r| !r.interest.amount.trim_start_matches(['0', '.']).is_empty());
    let basis = Basis {
        as_of: c.raw.today.to_string(),
        principal_minor: c.raw.principal,
        interest_minor: c.raw.interest,
        compensation_minor: c.raw.compensation,
        fees_minor: c.raw.fees,
        plan_interest_pct: if with_interest { c.limits.plan_interest_pct.clone() } else { "0".into() },
        frequency: proposal.frequency.map(|f| f.label().to_string()).unwrap_or_default(),
    };
    let id = store::insert_arrangement(
        &tx,
        &NewArrangement {
            client_id: c.client_id,
            kind: &proposal.kind,
            title: &proposal.title,
            terms: &proposal.terms,
            schedule_json: &terms_json,
            total_minor: proposal.total_minor,
            waived_minor: proposal.waived_minor,
            currency: &c.currency,
            invoice_ids: &c.invoice_ids,
            within_bottom_line: proposal.within_bottom_line,
            override_reason: &reason,
            basis: &basis,
        },
    )?;
    let mut summary = format!("Agreed in principle: {} — {}", proposal.title, proposal.terms);
    if !reason.is_empty() {
        summary.push_str(&format!(" (outside the bottom line: {reason})"));
    }
    append_event_detail(&tx, c.client_id, ctx.today, "agreed_in_principle", &summary, &proposal.schedule.iter().map(|r| format!("{}. {} {} (balance {})", r.number, r.due_date, r.amount.display, r.balance_after.display)).collect::<Vec<_>>().join("\n"))?;
    tx.commit()?;
    arrangement(conn, id)
}

pub fn withdraw(conn: &mut Connection, id: i64, reason: &str, today: NaiveDate) -> Result<()> {
    let reason = clean(reason, &rule("reason", 500, true, false))?;
    let a = arrangement(conn, id)?;
    if a.status != "agreed_in_principle" {
        return Err(Error::Conflict(format!("arrangement {id} is {}", a.status)));
    }
    let tx = conn.transaction()?;
    before_withdraw(&tx, id, &reason, today)?;
    store::withdraw_arrangement(&tx, id)?;
    append_event_detail(&tx, a.client_id, today, "arrangement_withdrawn", &format!("Arrangement withdrawn: {} ({reason})", a.title), "")?;
    tx.commit()?;
    Ok(())
}

/// Back to negotiation: the arrangement is withdrawn and the case reopened
/// with what was known, so the owner can talk again.
pub(crate) fn back_to_negotiation(tx: &Connection, a: &crate::store::agreements::Agreement, why: &str) -> Result<()> {
    store::withdraw_agreed(tx, a.arrangement_id)?;
    if !store::has_open(tx, a.client_id)? {
        store::reopen(tx, a.client_id, &format!("Agreement {} {why}.", a.reference))?;
    }
    Ok(())
}

/// Refuses to withdraw an arrangement whose agreement is out for signature
/// or signed; a draft is declined along with it.
pub(crate) fn before_withdraw(tx: &Connection, arrangement_id: i64, reason: &str, today: NaiveDate) -> Result<()> {
    match crate::store::agreements::live_of_arrangement(tx, arrangement_id)? {
        None => Ok(()),
        Some((id, _, s)) if s == "draft" => {
            crate::store::agreements::decline_withdrawn(tx, id, today, reason)?;
            Ok(())
        }
        Some((_, reference, s)) if s == "active" || s == "defaulted" => Err(Error::Conflict(format!(
            "agreement {reference} is {}: end it to renegotiate (on the agreement's page) rather than withdrawing the arrangement under it",
            if s == "active" { "active" } else { "in default" }
        ))),
        Some((_, reference, s)) => Err(Error::Conflict(format!(
            "agreement {reference} is {s}: record that it was declined (or let it expire) rather than withdrawing the arrangement under it"
        ))),
    }
}
