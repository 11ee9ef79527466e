//! The business's letterhead, the date and the recipient's address block,
//! at the top of every letter.

use crate::pdf::{Doc, Paper};
use chrono::{DateTime, NaiveDate, Utc};
use overdue_domain::model::{Business, Client};

/// The business's letterhead, the date, and the client's address block.
pub fn letterhead(doc: &mut Doc, b: &Business, c: &Client, today: chrono::NaiveDate) {
    doc.paragraph(&b.trading_name, 15.0, true);
    let mut lines = Vec::new();
    if !b.legal_name.is_empty() && b.legal_name != b.trading_name {
        lines.push(b.legal_name.clone());
    }
    if !b.address.is_empty() {
        lines.push(b.address.replace('\n', ", "));
    }
    let contact: Vec<&str> = [b.phone.as_str(), b.email.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    if !contact.is_empty() {
        lines.push(contact.join("  ·  "));
    }
    for l in lines {
        doc.note(&l, 8.5);
    }
    doc.rule();
    doc.right(&b.date(today), 10.0, false);
    // The recipient block.
    let name = if c.legal_name.is_empty() { c.name.clone() } else { c.legal_name.clone() };
    doc.paragraph(&name, 10.0, true);
    if !c.contact_person.is_empty() {
        doc.paragraph(&format!("For the attention of {}", c.contact_person), 10.0, false);
    }
    if !c.address.is_empty() {
        doc.paragraph(&c.address, 10.0, false);
    }
    doc.space(8.0);
}

/// A letter about an agreement (`reference`): letterhead, subject, body.
#[allow(clippy::too_many_arguments)]
pub fn plain_letter(paper: Paper, title: &str, reference: &str, b: &Business, client: &Client, subject: &str, body: &str, today: NaiveDate, created: DateTime<Utc>) -> Vec<u8> {
    let name = if b.trading_name.is_empty() { &b.legal_name } else { &b.trading_name };
    let mut doc = Doc::new(paper, &format!("{title} – {reference}"), &format!("{name} · {title} · {reference}"), &format!("{} · {}", b.legal_name, b.address.replace('\n', ", ")), created);
    letterhead(&mut doc, b, client, today);
    doc.paragraph(subject, 12.0, true);
    doc.space(3.0);
    doc.paragraph(body, 10.0, false);
    doc.finish()
}
