//! "How to pay": the one instruction every letter, statement, agreement and
//! email prints, built from the business's bank details and the reference
//! the debtor should quote, so that the bank statement that brings the
//! money in names what it pays (`bank::matching` reads these first).
//!
//! - A sterling (or any non-euro) business asks for a short code of at
//!   most 18 characters, as UK Faster Payments carry: the invoice number,
//!   the agreement reference for instalments, or the client code for a
//!   letter about several invoices.
//! - A euro business asks for an ISO 11649 RF creditor reference made from
//!   the same code, printed in groups of four, and offers an EPC QR code
//!   ("GiroCode", SEPA credit transfer) when it has an IBAN.
//!
//! Lines of the owner's own payment details that ask to quote something
//! else, or repeat the bank details printed here, are left out: one
//! reference, one account, once.

use crate::bank::reference::{client_code, epc_qr, grouped, squash, to_quote};
use crate::model::Business;

/// What a document asks to be paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayFor<'a> {
    /// One invoice, by its number.
    Invoice(&'a str),
    /// Several invoices of one client (a statement, a reminder about more
    /// than one): the client's code.
    Client(i64),
    /// An agreement's instalments, by its reference.
    Agreement(&'a str),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HowToPay {
    /// The instruction, one line per fact (account, reference, other ways).
    pub text: String,
    /// The reference to quote, as printed ("INV-1001", "RF18 5390 0754 7034").
    pub reference: String,
    /// The EPC QR payload, for a euro business with an IBAN and an amount.
    pub qr: Option<String>,
}

impl PayFor<'_> {
    fn code(&self) -> String {
        match self {
            PayFor::Invoice(n) | PayFor::Agreement(n) => n.trim().to_string(),
            PayFor::Client(id) => client_code(*id),
        }
    }
    fn what(&self) -> &'static str {
        match self {
            PayFor::Invoice(_) => "this invoice",
            PayFor::Client(_) => "these invoices",
            PayFor::Agreement(_) => "this agreement",
        }
    }
}

/// The name a transfer is made out to.
fn payee(b: &Business) -> &str {
    if !b.legal_name.trim().is_empty() {
        b.legal_name.trim()
    } else {
        b.trading_name.trim()
    }
}

/// The owner's own lines worth keeping beside the bank details printed:
/// not a request to quote something, not a repeat of the account.
fn other_lines(b: &Business, has_account: bool) -> Vec<String> {
    let account_marks: Vec<String> = [squash(&b.iban), squash(&b.account_number), squash(&b.sort_code)].into_iter().filter(|s| s.len() >= 6).collect();
    crate::template::without_quote_lines(&b.payment_details)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| {
            if !has_account {
                return true;
            }
            let s = squash(l);
            let low = l.to_lowercase();
            let repeats = account_marks.iter().any(|m| s.contains(m.as_str()))
                || ["bank transfer", "sort code", "iban", "bic", "account", "swift", "payee", "beneficiary"].iter().any(|w| low.starts_with(w));
            !repeats
        })
        .map(String::from)
        .collect()
}

/// The instruction for paying `what`, owed in `currency`, to the business.
/// `amount_minor` goes into the QR code; without it, no QR.
pub fn how_to_pay(b: &Business, currency: &str, what: PayFor, amount_minor: Option<i64>) -> HowToPay {
    let euro = currency == "EUR";
    let raw = to_quote(&what.code(), currency);
    let reference = if euro { grouped(&raw) } else { raw.clone() };
    let iban = squash(&b.iban);
    let mut lines: Vec<String> = Vec::new();
    let has_uk = !b.sort_code.trim().is_empty() && !b.account_number.trim().is_empty();
    let has_account = has_uk || !iban.is_empty();
    if has_account {
        lines.push(format!("Bank transfer to {}", payee(b)));
        if has_uk && !euro {
            lines.push(format!("Sort code {} · Account {}", b.sort_code.trim(), b.account_number.trim()));
        }
        if !iban.is_empty() && (euro || !has_uk) {
            let bic = squash(&b.bic);
            lines.push(if bic.is_empty() { format!("IBAN {}", grouped(&iban)) } else { format!("IBAN {} · BIC {bic}", grouped(&iban)) });
        }
    }
    let others = other_lines(b, has_account);
    if !has_account && others.is_empty() {
        lines.push("Bank transfer to the account shown on our invoice".to_string());
    }
    let keep_first = !has_account && !others.is_empty();
    if keep_first {
        lines.extend(others.iter().cloned());
    }
    if euro {
        lines.push(format!("Reference: {reference} (a creditor reference: type it into the reference field exactly, so that your payment is matched to {} at once)", what.what()));
    } else {
        lines.push(format!("Reference: {reference} (please quote exactly this, so that your payment is matched to {} at once)", what.what()));
    }
    if !keep_first {
        lines.extend(others);
    }
    // The QR code is drawn with its own caption on paper; the text (also
    // an email's) does not mention it.
    let qr = if euro { amount_minor.and_then(|a| epc_qr(payee(b), &iban, &b.bic, a, &raw)) } else { None };
    HowToPay { text: lines.join("\n"), reference, qr }
}

/// An EPC QR payload as rows of '1' (dark) and '0' (light), without the
/// quiet zone, at error correction level M as the EPC guideline asks.
pub fn qr_modules(payload: &str) -> Vec<String> {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M) else { return vec![] };
    let w = code.width();
    code.to_colors().chunks(w).map(|row| row.iter().map(|c| if *c == qrcode::Color::Dark { '1' } else { '0' }).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::reference::{find_rf, Rf};

    fn uk() -> Business {
        Business {
            trading_name: "Brightwell".into(),
            legal_name: "Brightwell Ltd".into(),
            currency: "GBP".into(),
            sort_code: "20-45-77".into(),
            account_number: "43819265".into(),
            payment_details: "Bank transfer to Brightwell Ltd\nSort code 20-45-77 · Account 43819265\nPlease quote the invoice number as reference.\nCard payments: pay.brightwell.example".into(),
            ..Default::default()
        }
    }

    #[test]
    fn sterling_one_account_one_reference_once() {
        let h = how_to_pay(&uk(), "GBP", PayFor::Invoice("INV-1001"), Some(120000));
        assert_eq!(
            h.text,
            "Bank transfer to Brightwell Ltd\nSort code 20-45-77 · Account 43819265\nReference: INV-1001 (please quote exactly this, so that your payment is matched to this invoice at once)\nCard payments: pay.brightwell.example"
        );
        assert_eq!(h.reference, "INV-1001");
        assert!(h.qr.is_none(), "no EPC QR outside the euro");
        assert_eq!(h.text.matches("Reference").count(), 1);
        assert_eq!(h.text.matches("43819265").count(), 1);
        let a = how_to_pay(&uk(), "GBP", PayFor::Agreement("AGR-2026-0001"), None);
        assert!(a.text.contains("Reference: AGR-2026-0001") && a.text.contains("this agreement"), "{}", a.text);
        let c = how_to_pay(&uk(), "GBP", PayFor::Client(42), None);
        assert_eq!(c.reference, "CL0042");
        let long = how_to_pay(&uk(), "GBP", PayFor::Invoice("2026/ACME-CONSTRUCTION/0001"), None);
        assert!(long.reference.len() <= 18, "{}", long.reference);
    }

    #[test]
    fn euro_rf_reference_reads_back_and_qr_carries_it() {
        let b = Business { trading_name: "Atelier Nord".into(), currency: "EUR".into(), iban: "DE89370400440532013000".into(), bic: "COBADEFFXXX".into(), ..Default::default() };
        let h = how_to_pay(&b, &b.currency, PayFor::Invoice("RE-2026-117"), Some(45050));
        assert!(h.reference.starts_with("RF"), "{}", h.reference);
        assert_eq!(find_rf(&format!("Zahlung {}", h.reference)), Some(Rf::Valid("RE2026117".into())));
        assert!(h.text.contains("IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX"), "{}", h.text);
        let qr = h.qr.expect("a QR with an IBAN and an amount");
        assert!(qr.starts_with("BCD\n002\n1\nSCT\nCOBADEFFXXX\nAtelier Nord\nDE89370400440532013000\nEUR450.50\n"), "{qr}");
        assert!(qr.contains(&h.reference.replace(' ', "")));
        assert!(how_to_pay(&b, &b.currency, PayFor::Invoice("RE-1"), None).qr.is_none());
        let m = qr_modules(&qr);
        assert!(m.len() >= 25 && m.iter().all(|r| r.len() == m.len()), "a square QR");
    }

    #[test]
    fn without_bank_details_the_owners_text_and_the_reference() {
        let b = Business { trading_name: "Cass".into(), currency: "GBP".into(), payment_details: "Pay to Cass Studio, account 1234\nPlease quote the invoice number".into(), ..Default::default() };
        let h = how_to_pay(&b, &b.currency, PayFor::Invoice("C-9"), None);
        assert_eq!(h.text, "Pay to Cass Studio, account 1234\nReference: C-9 (please quote exactly this, so that your payment is matched to this invoice at once)");
        let none = how_to_pay(&Business { currency: "GBP".into(), ..Default::default() }, "GBP", PayFor::Invoice("C-9"), None);
        assert!(none.text.starts_with("Bank transfer to the account shown on our invoice\nReference: C-9"), "{}", none.text);
    }
}
