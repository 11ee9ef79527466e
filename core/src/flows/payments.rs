//! The one way money in is recorded: a payment typed by hand (and, next,
//! one from a bank statement) is checked, allocated (an active agreement
//! first: its instalments and covered invoices, then the other invoices,
//! then credit), applied to the agreement's instalments, and completes or
//! cures the agreement, all in the payment's transaction; the last payment
//! under an agreement then writes the completion letter. Storage (`ledger`)
//! holds the rows; this flow decides what they say.

use crate::alloc::{self, OpenItem};
use crate::ctx::Ctx;
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
    for id in crate::store::instalments::completed_without_letter(conn, input.client_id)? {
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

/// Money in, checked: who paid, when, how much, and the invoice they named.
pub(crate) struct MoneyIn<'a> {
    pub client_id: i64,
    pub date: NaiveDate,
    pub amount: i64,
    pub currency: &'a Currency,
    pub method: &'a str,
    pub reference: &'a str,
    /// The invoice the payer named, paid first.
    pub chosen: Option<i64>,
}

/// What `record_in` did with a payment.
pub(crate) struct Recorded {
    pub payment_id: i64,
    pub plan: alloc::Plan,
    /// The client's open items in the payment's currency before it.
    pub items: Vec<OpenItem>,
    /// How much went to the agreement's instalments.
    pub to_agreement: i64,
    pub target: Option<crate::follow::Target>,
    /// A sentence when the agreement completed or was cured.
    pub after: Option<String>,
}

/// The one payment path, inside the caller's transaction: stores the
/// payment, allocates it (an active agreement first, unless an invoice it
/// does not cover was named; then the other invoices oldest first; then
/// credit), pays the agreement's instalments, and completes or cures the
/// agreement. Typed payments and imported ones both come through here.
pub(crate) fn record_in(tx: &Connection, m: &MoneyIn, today: NaiveDate) -> Result<Recorded> {
    let target = crate::follow::target(tx, m.client_id, m.currency.code)?.filter(|t| m.chosen.is_none_or(|i| t.covered.contains(&i)));
    // The named invoice takes all of it (no agreement comes first, and it
    // owes at least this much): the other open items do not come into it.
    let whole = match (m.chosen, &target) {
        (Some(i), None) => crate::ledger::open_item(tx, i)?.filter(|it| it.outstanding >= m.amount && it.currency == m.currency.code),
        _ => None,
    };
    let items = match whole {
        Some(it) => vec![it.item],
        None => open_items(tx, m.client_id)?.get(m.currency.code).cloned().unwrap_or_default(),
    };
    let (plan, to_agreement) = match &target {
        Some(t) => {
            if m.date < t.date {
                return Err(Error::invalid(
                    "date",
                    format!("{} is before agreement {} was made ({}); its balance already counted what was paid until then", m.date, t.reference, t.date),
                ));
            }
            let part = m.amount.min(t.remaining);
            let (covered, others): (Vec<OpenItem>, Vec<OpenItem>) = items.iter().cloned().partition(|i| t.covered.contains(&i.invoice_id));
            let first = alloc::allocate(part, &covered, m.chosen);
            let rest = alloc::allocate(m.amount - part + first.credit, &others, None);
            let mut allocations = first.allocations;
            allocations.extend(rest.allocations);
            (alloc::Plan { allocations, credit: rest.credit }, part)
        }
        None => (alloc::allocate(m.amount, &items, m.chosen), 0),
    };
    let payment_id = insert_payment(tx, m.client_id, m.date, m.amount, m.currency.code, m.method, m.reference, &now_stamp())?;
    for a in &plan.allocations {
        insert_allocation(tx, payment_id, a.invoice_id, a.amount)?;
    }
    let mut after = None;
    if let (Some(t), true) = (&target, to_agreement > 0) {
        crate::follow::apply(tx, t.id, payment_id, to_agreement)?;
        after = crate::follow::after_payment(tx, t, m.date, today)?;
    }
    Ok(Recorded { payment_id, plan, items, to_agreement, target, after })
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
    // The payment's currency: as given, else the named invoice's, else that
    // of the client's open items, else the business's.
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
    let tx = conn.transaction()?;
    let m = MoneyIn { client_id: cl.id, date, amount, currency: &currency, method: &method, reference: &reference, chosen: chosen.as_ref().map(|i| i.id) };
    let Recorded { payment_id, plan, items, to_agreement, target, after } = record_in(&tx, &m, today)?;
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

/// Takes back a payment recorded by hand (a notice's Undo, or a mistake
/// found later): a real reversal, not a deletion. The payment stays in the
/// ledger marked taken back, what it paid is open again (invoices,
/// instalments, promises it kept), and the history says so. Refused for a
/// payment from a bank statement (undone on the Bank screen, where its
/// line goes back for review), a write-off, one already taken back, and
/// one that completed an agreement (its completion letter stands).
pub fn undo(conn: &mut Connection, ctx: &Ctx, payment_id: i64) -> Result<String> {
    let Some((client_id, date, amount, code, method, undone_at, line)) = crate::ledger::payment_for_undo(conn, payment_id)? else {
        return Err(Error::NotFound(format!("there is no payment {payment_id}")));
    };
    if !undone_at.is_empty() {
        return Err(Error::Conflict(format!("payment {payment_id} was already taken back")));
    }
    if method == crate::follow::WRITE_OFF {
        return Err(Error::invalid("payment", "this is a write-off, not money received; it is not taken back here"));
    }
    if let Some(l) = line {
        return Err(Error::invalid("payment", format!("this payment came from bank statement line {l}: undo it on the Bank screen, where the line goes back for review")));
    }
    if let Some(r) = crate::ledger::completed_by(conn, payment_id)? {
        return Err(Error::Conflict(format!("the payment completed agreement {r}, and its completion letter stands; record a correction by hand instead")));
    }
    let cur = Currency::find(&code)?;
    let style = date_style(conn)?;
    let msg = format!("Payment of {} received on {} taken back: it is no longer counted, and what it paid is open again", cur.display(amount), style.format_iso(&date));
    let tx = conn.transaction()?;
    crate::ledger::mark_payment_undone(&tx, payment_id, &ctx.stamp())?;
    append_event(&tx, client_id, ctx.today, "payment_undone", &msg)?;
    tx.commit()?;
    Ok(msg)
}
