//! Letters on the business's letterhead: reminder, firm reminder, final
//! notice (with how the late-payment charges were worked out) and the
//! statement of account. Values in (`Prepared`, the payments for a
//! statement), PDF bytes out.

use crate::letterhead::letterhead;
use crate::pdf::{col, Align, Doc, Paper};
use chrono::{DateTime, NaiveDate, Utc};
use overdue_domain::message::Prepared;
use overdue_domain::model::PaymentRow;

/// The title a letter kind prints under.
pub fn title_for(kind: &str) -> &'static str {
    match kind {
        "firm_reminder" => "Overdue account",
        "final_notice" => "Final notice",
        "statement" => "Statement of account",
        _ => "Payment reminder",
    }
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

fn charges_detail(doc: &mut Doc, p: &Prepared, today: NaiveDate) {
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

fn statement(doc: &mut Doc, p: &Prepared, payments: &[PaymentRow], today: NaiveDate) {
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
            // Dates wide enough for the longest style ("30. Sept. 2026").
            col("Invoice", 1.5, Align::Left),
            col("Issued", 1.85, Align::Left),
            col("Due", 1.85, Align::Left),
            col("Amount", 1.45, Align::Right),
            col("Paid", 1.35, Align::Right),
            col("Outstanding", 1.7, Align::Right),
            col("Days late", 1.3, Align::Right),
        ],
        &rows,
        &[n - 1],
    );
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
    doc.paragraph("How to pay", 10.0, true);
    doc.paragraph(&p.values.get("payment_details").cloned().unwrap_or_default(), 10.0, false);
    pay_qr(doc, p);
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
}

/// The EPC QR code for paying the total, for a euro business with an IBAN.
fn pay_qr(doc: &mut Doc, p: &Prepared) {
    if let Some(q) = &p.pay_qr {
        doc.space(2.0);
        doc.qr(&overdue_domain::pay::qr_modules(q), 30.0, &format!("Scan with your banking app to pay {} by SEPA credit transfer (EPC QR code): the account, the amount and the reference are filled in.", p.charges.total_due.display));
    }
}

/// Lays out a letter of `kind` with its (edited) subject and body; a
/// statement lists the invoices, `payments` and the charges instead.
#[allow(clippy::too_many_arguments)]
pub fn letter_pdf(p: &Prepared, kind: &str, subject: &str, body: &str, payments: &[PaymentRow], paper: Paper, today: NaiveDate, created: DateTime<Utc>) -> Vec<u8> {
    let title = title_for(kind);
    let header = format!("{} · {} · {}", p.business.trading_name, title, p.client.name);
    let footer = [p.business.legal_name.as_str(), &p.business.address.replace('\n', ", ")]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
    let mut doc = Doc::new(paper, &format!("{title} – {}", p.client.name), &header, &footer, created);
    letterhead(&mut doc, &p.business, &p.client, today);
    if kind == "statement" {
        statement(&mut doc, p, payments, today);
    } else {
        doc.paragraph(if subject.is_empty() { title } else { subject }, 12.0, true);
        doc.space(3.0);
        // The text table the template rendered becomes a real table.
        let table_text = p.values.get("invoice_table").cloned().unwrap_or_default();
        let parts: Vec<&str> = if table_text.is_empty() { vec![body] } else { body.split(table_text.as_str()).collect() };
        // The QR code goes right under "How to pay", where the body has it.
        let how = p.values.get("payment_details").cloned().unwrap_or_default();
        let mut qr_drawn = p.pay_qr.is_none();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                doc.space(1.0);
                invoice_table(&mut doc, p);
            }
            let text = part.trim_matches('\n');
            match text.find(how.as_str()).filter(|_| !qr_drawn && !how.is_empty()) {
                Some(at) => {
                    let (before, after) = text.split_at(at + how.len());
                    doc.paragraph(before.trim_matches('\n'), 10.0, false);
                    pay_qr(&mut doc, p);
                    qr_drawn = true;
                    if !after.trim().is_empty() {
                        doc.space(2.0);
                        doc.paragraph(after.trim_matches('\n'), 10.0, false);
                    }
                }
                None if !text.is_empty() => doc.paragraph(text, 10.0, false),
                None => {}
            }
        }
        if kind == "final_notice" || kind == "firm_reminder" {
            charges_detail(&mut doc, p, today);
        }
        if !qr_drawn {
            pay_qr(&mut doc, p);
        }
    }
    doc.finish()
}
