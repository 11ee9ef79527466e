//! The business's letterhead, the date and the recipient's address block,
//! at the top of every letter.

use crate::pdf::Doc;
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
