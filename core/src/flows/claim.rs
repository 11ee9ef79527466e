//! Whether a message claims the late-payment charges, and what it then
//! asks for: every path that renders a stage's text (compose, the template
//! preview, letters, the send check) comes through here, so the panel
//! beside a message, the message, its letter and its payment instruction
//! state the same total.

use overdue_domain::message::Prepared;
use overdue_domain::model::Amount;
use overdue_domain::template;

/// How to pay what the message asks for (`charges.asked`): the text and,
/// for a euro account, the QR code.
pub(crate) fn pay_values(p: &mut Prepared) {
    let what = if let [one] = p.invoices.as_slice() { overdue_domain::pay::PayFor::Invoice(&one.number) } else { overdue_domain::pay::PayFor::Client(p.client.id) };
    let due_minor = p.charges.asked.amount.parse::<rust_decimal::Decimal>().ok().and_then(|d| p.currency.to_minor(d, "total").ok());
    let pay = overdue_domain::pay::how_to_pay(&p.business, &p.currency.code, what, due_minor);
    p.values.insert("payment_details", pay.text);
    p.pay_qr = pay.qr;
}

/// Whether the message from these templates claims the late-payment
/// charges (it names them), with `{charges_note}` saying which and
/// `charges.asked` the total it asks for. Every path that renders a
/// stage's text comes through here, so the panel beside a message, the
/// message and the letter say the same.
pub(crate) fn claim(p: &mut Prepared, subject: &str, body: &str) {
    let claimed = template::claims_charges(subject) || template::claims_charges(body);
    set_claimed(p, claimed);
}

/// The same for text already written (the owner's edit): it claims the
/// charges when it shows any of their figures.
pub(crate) fn claim_text(p: &mut Prepared, subject: &str, body: &str) {
    let ch = &p.charges;
    let text = format!("{subject}\n{body}");
    let some = |a: &Amount| !a.amount.trim_start_matches(['0', '.']).is_empty();
    let claimed = ch.charges_minor > 0 && [&ch.total_due, &ch.charges, &ch.interest, &ch.compensation, &ch.fees].into_iter().any(|a| some(a) && text.contains(&a.display));
    set_claimed(p, claimed);
}

fn set_claimed(p: &mut Prepared, claimed: bool) {
    let ch = &mut p.charges;
    ch.claimed = claimed;
    ch.asked = if claimed { ch.total_due.clone() } else { ch.principal.clone() };
    p.values.insert("charges_note", template::charges_note(claimed, &ch.charges.display, ch.charges_minor > 0));
    pay_values(p);
}

