//! What a debtor quotes when they pay, and reading it back off a statement.
//!
//! - A sterling business: a short code of at most 18 characters, letters
//!   and digits only (Faster Payments and Bacs carry an 18-character
//!   reference; banks drop other characters): the invoice number, the
//!   agreement reference for instalments, or the client code `CL…` when a
//!   letter is about several invoices.
//! - A euro business: an ISO 11649 creditor reference, `RF` + two check
//!   digits + up to 21 letters and digits, the check digits computed as in
//!   ISO 7064 MOD 97-10 (the IBAN's): the code moved behind "RF00", letters
//!   as 10..35, 98 minus the remainder by 97. A reference read back whose
//!   check digits are wrong is not trusted.
//! - The EPC QR code ("GiroCode", EPC069-12 version 002) carries the
//!   creditor's name, IBAN, amount and the RF reference for a SEPA credit
//!   transfer.

use crate::money::Currency;

/// Letters and digits only, upper case.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// The code that names all a client owes (a letter about several invoices).
pub fn client_code(client_id: i64) -> String {
    format!("CL{client_id:04}")
}

/// The client a `CL…` code names.
pub fn client_of_code(code: &str) -> Option<i64> {
    let s = squash(code);
    let digits = s.strip_prefix("CL")?;
    (!digits.is_empty() && digits.len() <= 12 && digits.chars().all(|c| c.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
}

/// ISO 7064 MOD 97-10 over letters and digits (A = 10 … Z = 35).
fn mod97(s: &str) -> Option<u32> {
    let mut r: u32 = 0;
    for c in s.chars() {
        let v = c.to_digit(36)?;
        r = if v >= 10 { (r * 100 + v) % 97 } else { (r * 10 + v) % 97 };
    }
    Some(r)
}

/// The RF creditor reference for `code` (its letters and digits, at most
/// the last 21 of them).
pub fn rf(code: &str) -> String {
    let s = squash(code);
    let body = &s[s.len().saturating_sub(21)..];
    let r = mod97(&format!("{body}RF00")).unwrap_or(0);
    format!("RF{:02}{body}", 98 - r)
}

/// What an RF reference read back says: its code, or why it is not to be
/// trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rf {
    Valid(String),
    BadCheck(String),
}

/// The RF reference in a text, if any ("RF18 5390 0754 7034" with its
/// groups of four joined).
pub fn find_rf(text: &str) -> Option<Rf> {
    let up = text.to_ascii_uppercase();
    let bytes = up.as_bytes();
    let mut i = 0;
    while let Some(at) = up[i..].find("RF").map(|p| p + i) {
        i = at + 2;
        if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        // RF, two digits, then letters and digits, perhaps in groups of
        // four with single spaces between; the longest that checks wins.
        let rest = &up[at + 2..];
        let mut chunks: Vec<&str> = Vec::new();
        let mut pos = 0;
        loop {
            let run = rest[pos..].find(|c: char| !c.is_ascii_alphanumeric()).map(|e| pos + e).unwrap_or(rest.len());
            if run == pos {
                break;
            }
            chunks.push(&rest[pos..run]);
            if chunks.iter().map(|c| c.len()).sum::<usize>() >= 23 || !rest[run..].starts_with(' ') || rest[run + 1..].starts_with(' ') {
                break;
            }
            pos = run + 1;
        }
        let joined = |k: usize| chunks[..k].concat();
        let plausible = |j: &str| j.len() >= 3 && j.len() <= 23 && j[..2].bytes().all(|c| c.is_ascii_digit());
        let valid = (1..=chunks.len()).rev().map(joined).find(|j| plausible(j) && mod97(&format!("{}RF{}", &j[2..], &j[..2])) == Some(1));
        if let Some(j) = valid {
            return Some(Rf::Valid(j[2..].to_string()));
        }
        let k = 1 + chunks.iter().skip(1).take_while(|c| c.len() <= 4).count();
        let j = joined(k.min(chunks.len()));
        if chunks.is_empty() || !plausible(&j) {
            continue;
        }
        return Some(Rf::BadCheck(format!("RF{j}")));
    }
    None
}

/// The one reference a document asks the debtor to quote: `code` (an
/// invoice number, an agreement reference or a client code) as the
/// business's currency needs it.
pub fn to_quote(code: &str, currency: &str) -> String {
    if currency == "EUR" {
        return rf(code);
    }
    // UK transfers carry 18 characters: letters, digits, space and - . / &.
    let t = code.trim();
    if t.len() <= 18 && t.chars().all(|c| c.is_ascii_alphanumeric() || " -./&".contains(c)) {
        return t.to_string();
    }
    let s = squash(code);
    s[s.len().saturating_sub(18)..].to_string()
}

/// An RF reference printed in groups of four, as the standard advises.
pub fn grouped(reference: &str) -> String {
    reference.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).to_string()).collect::<Vec<_>>().join(" ")
}

/// The EPC QR payload (version 002, UTF-8, SEPA credit transfer) for
/// `amount_minor` euro cents to `name`'s `iban`, quoting the RF reference.
pub fn epc_qr(name: &str, iban: &str, bic: &str, amount_minor: i64, reference: &str) -> Option<String> {
    let iban = squash(iban);
    if !iban_valid(&iban) || !(1..=99_999_999_999).contains(&amount_minor) {
        return None;
    }
    let eur = Currency::find("EUR").ok()?;
    let amount = eur.plain(amount_minor);
    let name: String = name.chars().filter(|c| !c.is_control()).take(70).collect();
    Some(format!("BCD\n002\n1\nSCT\n{}\n{}\n{iban}\nEUR{amount}\n\n{}\n", squash(bic), name.trim(), squash(reference)))
}

/// An IBAN's shape and check digits (ISO 13616: country, two digits, up
/// to 30 letters and digits, MOD 97 of the rearranged code is 1).
pub fn iban_valid(iban: &str) -> bool {
    let s = squash(iban);
    s.len() >= 15
        && s.len() <= 34
        && s[..2].chars().all(|c| c.is_ascii_uppercase())
        && s[2..4].chars().all(|c| c.is_ascii_digit())
        && mod97(&format!("{}{}", &s[4..], &s[..4])) == Some(1)
}

/// A BIC: 8 or 11 characters, bank (4 letters), country (2 letters),
/// location and branch (letters and digits).
pub fn bic_valid(bic: &str) -> bool {
    let s = squash(bic);
    (s.len() == 8 || s.len() == 11) && s[..6].chars().all(|c| c.is_ascii_uppercase())
}

/// A UK sort code (six digits, "20-45-77") and account number (eight).
pub fn uk_account_valid(sort_code: &str, account: &str) -> Result<(), String> {
    let sc: String = sort_code.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if sc.len() != 6 || !sc.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("'{sort_code}' is not a sort code: six digits, e.g. 20-45-77"));
    }
    let ac: String = account.chars().filter(|c| *c != ' ').collect();
    if ac.len() != 8 || !ac.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("'{account}' is not a UK account number: eight digits"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rf_references_are_made_and_read_back_with_their_check_digits() {
        // ISO 11649's own example.
        assert_eq!(rf("539007547034"), "RF18539007547034");
        assert_eq!(find_rf("Ref RF18 5390 0754 7034 thanks"), Some(Rf::Valid("539007547034".into())));
        assert_eq!(find_rf("RF19539007547034"), Some(Rf::BadCheck("RF19539007547034".into())));
        assert_eq!(find_rf("SURF18539007547034"), None);
        let r = rf("INV-1042");
        assert!(r.starts_with("RF") && r.ends_with("INV1042"), "{r}");
        assert_eq!(find_rf(&grouped(&r)), Some(Rf::Valid("INV1042".into())));
        assert!(rf("A-VERY-LONG-AGREEMENT-REFERENCE-2026-0001").len() <= 25);
    }

    #[test]
    fn references_by_currency_and_bank_details_are_checked() {
        assert_eq!(to_quote("INV-1042", "GBP"), "INV-1042");
        assert!(to_quote("Rechnung Nr. 1042 – Ä", "GBP").chars().all(|c| c.is_ascii_alphanumeric()));
        assert!(to_quote("AGR-2026-0001-ABCDEFGHIJ", "GBP").len() <= 18);
        assert!(to_quote("AGR-2026-0001", "EUR").starts_with("RF"));
        assert_eq!(client_of_code("CL0042"), Some(42));
        assert_eq!(client_of_code("CLOSE"), None);
        assert!(iban_valid("DE89 3704 0044 0532 0130 00"));
        assert!(iban_valid("GB29NWBK60161331926819"));
        assert!(!iban_valid("DE89 3704 0044 0532 0130 01"));
        assert!(bic_valid("COBADEFFXXX") && bic_valid("NWBKGB2L") && !bic_valid("12345678"));
        assert!(uk_account_valid("20-45-77", "43819265").is_ok());
        assert!(uk_account_valid("20-45-7", "43819265").unwrap_err().contains("sort code"));
        let qr = epc_qr("Brightwell GmbH", "DE89370400440532013000", "COBADEFFXXX", 12050, &rf("INV-1042")).unwrap();
        assert_eq!(qr.lines().collect::<Vec<_>>()[..8], ["BCD", "002", "1", "SCT", "COBADEFFXXX", "Brightwell GmbH", "DE89370400440532013000", "EUR120.50"]);
        assert!(epc_qr("X", "DE00", "", 100, "RF00").is_none());
    }
}
