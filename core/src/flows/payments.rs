//! The one way money in is recorded: a payment typed by hand (and, next,
//! one from a bank statement) is checked, allocated (an active agreement
//! first: its instalments and covered invoices, then the other invoices,
//! then credit), applied to the agreement's instalments, and completes or
//! cures the agreement, all in the payment's transaction; the last payment
//! under an agreement then writes the completion letter. Storage (`ledger`)
//! holds the rows; this flow decides what they say.

use crate::alloc::{self, OpenItem};
use crate::chase::Ctx;
use crate::error::{Error, Result};
use crate::ledger::{append_event, business_currency, client, date_style, insert_allocation, insert_payment, invoice, invoice_id_by_number, now_stamp, open_items, payments_of};
use crate::model::*;
use crate::money::{parse_amount, Currency};
use crate::text::{clean, parse_iso_date, rule};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// Records a payment (`record_typed`) and, when it was the last
/// one under an agreement, writes the completion letter at once. The payment
/// stands even if the letter cannot be written (a full disk, say): the
/// message says so and `refresh` writes it later.
pub fn record(conn: &mut Connection, ctx: &Ctx, input: &PaymentInput) -> Result<PaymentReceipt> {
    let mut r = record_typed(conn, input, ctx.today)?;
    let done: Vec<i64> = conn
        .prepare(
            "SELECT g.id FROM agreements g WHERE g.client_id = ?1 AND g.status = 'completed'
             AND NOT EXISTS (SELECT 1 FROM documents x WHERE x.agreement_id = g.id AND x.kind = 'completion_letter')",
        )?
        .query_map([input.client_id], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    for id in done {
        match crate::follow::completion_letter(conn, ctx, id) {
            Ok(p) => {
                r.completion_letter = p.display().to_string();
                r.message.push_str(". The completion letter is written");
            }
            Err(e) => r.message.push_str(&format!(". The completion letter could not be written yet ({e}); it is written the next time Today opens")),
        }
    }
    Ok(r)
}

pub fn record_typed(conn: &mut Connection, input: &PaymentInput, today: NaiveDate) -> Result<PaymentReceipt> {
    let cl = client(conn, input.client_id).map_err(|_| Error::invalid("client", format!("there is no client with id {}", input.client_id)))?;
    let date = parse_iso_date(&input.date, "date")?;
    if date > today {
        return Err(Error::invalid("date", format!("{date} is in the future; record a payment once it has arrived")));
    }
    let method = clean(&input.method, &rule("method", 60, false, false))?;
    let reference = clean(&input.reference, &rule("reference", 200, false, false))?;
    let chosen = if input.invoice_number.trim().is_empty() {
        None
    } else {
        let n = input.invoice_number.trim();
        let id = invoice_id_by_number(conn, n)?.ok_or_else(|| Error::invalid("invoice", format!("there is no invoice numbered '{n}'")))?;
        let inv = invoice(conn, id, today)?;
        if inv.client_id != cl.id {
            return Err(Error::invalid("invoice", format!("invoice {n} belongs to {}, not to {}", inv.client_name, cl.name)));
        }
        if inv.status == "paid" {
            return Err(Error::invalid("invoice", format!("invoice {n} is already paid in full")));
        }
        Some(inv)
    };
    let open = open_items(conn, cl.id)?;
    let currency = if !input.currency.trim().is_empty() {
        Currency::find(&input.currency)?
    } else if let Some(inv) = &chosen {
        Currency::find(&inv.amount.currency)?
    } else if let Some((code, _)) = open.iter().next() {
        Currency::find(code)?
    } else {
        business_currency(conn)?
    };
    if let Some(inv) = &chosen {
        if inv.amount.currency != currency.code {
            return Err(Error::invalid("currency", format!("invoice {} is in {}, the payment in {}", inv.number, inv.amount.currency, currency.code)));
        }
    }
    let amount = parse_amount(&input.amount, &currency, "amount")?;
    let items = open.get(currency.code).cloned().unwrap_or_default();
    // An active agreement is paid first (unless an invoice it does not
    // cover was chosen): its covered invoices, then the others.
    let target = crate::follow::target(conn, cl.id, currency.code)?.filter(|t| chosen.as_ref().is_none_or(|i| t.covered.contains(&i.id)));
    let (plan, to_agreement) = match &target {
        Some(t) => {
            if date < t.date {
                return Err(Error::invalid(
                    "date",
                    format!("{date} is before agreement {} was made ({}); its balance already counted what was paid until then", t.reference, t.date),
                ));
            }
            let part = amount.min(t.remaining);
            let (covered, others): (Vec<OpenItem>, Vec<OpenItem>) = items.iter().cloned().partition(|i| t.covered.contains(&i.invoice_id));
            let first = alloc::allocate(part, &covered, chosen.as_ref().map(|i| i.id));
            let rest = alloc::allocate(amount - part + first.credit, &others, None);
            let mut allocations = first.allocations;
            allocations.extend(rest.allocations);
            (alloc::Plan { allocations, credit: rest.credit }, part)
        }
        None => (alloc::allocate(amount, &items, chosen.as_ref().map(|i| i.id)), 0),
    };

    let tx = conn.transaction()?;
    let payment_id = insert_payment(&tx, cl.id, date, amount, currency.code, &method, &reference, &now_stamp())?;
    for a in &plan.allocations {
        insert_allocation(&tx, payment_id, a.invoice_id, a.amount)?;
    }
    let mut after = None;
    if let (Some(t), true) = (&target, to_agreement > 0) {
        crate::follow::apply(&tx, t.id, payment_id, to_agreement)?;
        after = crate::follow::after_payment(&tx, t, date, today)?;
    }
    let numbers: BTreeMap<i64, &str> = items.iter().map(|i| (i.invoice_id, i.number.as_str())).collect();
    let mut parts: Vec<String> = plan
        .allocations
        .iter()
        .map(|a| format!("{} to {}", currency.display(a.amount), numbers.get(&a.invoice_id).copied().unwrap_or("?")))
        .collect();
    if plan.credit > 0 {
        parts.push(format!("{} kept as credit", currency.display(plan.credit)));
    }
    let via = [method.as_str(), reference.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ");
    if let (Some(t), true) = (&target, to_agreement > 0) {
        parts.insert(0, format!("{} under agreement {}", currency.display(to_agreement), t.reference));
    }
    let mut message = format!(
        "Payment of {} received on {}{}: {}",
        currency.display(amount),
        date_style(&tx)?.format(date),
        if via.is_empty() { String::new() } else { format!(" ({via})") },
        parts.join("; ")
    );
    if let Some(a) = after {
        message.push_str(&format!(". {a}"));
    }
    append_event(&tx, cl.id, date, "payment_recorded", &message)?;
    tx.commit()?;
    let payment = payments_of(conn, cl.id)?.into_iter().find(|p| p.id == payment_id).ok_or_else(|| Error::NotFound("payment vanished".into()))?;
    Ok(PaymentReceipt { payment, credit_added: Amount::new(plan.credit, &currency), message, completion_letter: String::new() })
}
