//! Bank statements as their online banks export them, read into one shape:
//! ISO 20022 camt.053 (statements) and camt.054 (notifications), versions
//! .001.02 to .001.08 and later, read without caring which namespace version
//! it is; OFX/QFX/QBO, both 1.x SGML and 2.x XML; SWIFT MT940; and the CSV
//! exports of UK, US and European online banks. Bytes in,
//! statements out: no file access. Research notes: ../shared/BANK.md.
//!
//! Every line keeps what matching needs (the payer's name and account, the
//! remittance text, the structured reference, the bank's own id), and a
//! reversal (camt `RvslInd`, MT940 `RC`/`RD`) is kept as such, with its
//! sign turned back.

pub mod camt;
pub mod csv;
pub mod matching;
pub mod mt940;
pub mod ofx;
pub mod reference;
pub mod zip;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// One booked line of a statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The booking date (the value date where a format gives no other).
    pub date: NaiveDate,
    /// Signed: money in is positive, money out negative.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    pub currency: String,
    /// The remittance information as the payer typed it (all parts joined).
    pub text: String,
    /// A structured creditor reference (RF…) or the end-to-end id, if any.
    pub reference: String,
    /// Who paid (or was paid), and their account (IBAN or number).
    pub counterparty: String,
    pub counterparty_account: String,
    /// The bank's own id for the line (OFX FITID, camt AcctSvcrRef, MT940
    /// bank reference): how the same line is known again in a later file.
    pub bank_id: String,
    /// A reversal of an earlier line (a returned payment).
    pub reversal: bool,
}

/// One statement (one account, one period) of a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    /// "camt.053", "camt.054", "OFX" or "MT940".
    pub format: String,
    /// The account the statement is of (IBAN, or the bank's account id).
    pub account: String,
    pub currency: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub opening: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub closing: Option<Decimal>,
    pub lines: Vec<Line>,
    /// Lines left out, with why (pending, not booked).
    pub skipped: Vec<String>,
    /// A CSV file's header row (how a corrected mapping is remembered).
    pub columns: Vec<String>,
}

impl Statement {
    /// An empty statement of `format`, filled as the file is read.
    pub fn new(format: &str) -> Statement {
        Statement { format: format.into(), account: String::new(), currency: String::new(), opening: None, closing: None, lines: vec![], skipped: vec![], columns: vec![] }
    }

    /// Opening balance plus the lines, against the closing balance, where
    /// the file gives both: `Some(difference)` when they do not agree.
    pub fn balance_gap(&self) -> Option<Decimal> {
        let (o, c) = (self.opening?, self.closing?);
        let sum: Decimal = self.lines.iter().map(|l| l.amount).sum();
        let gap = o + sum - c;
        (!gap.is_zero()).then_some(gap)
    }
}

/// Which format the bytes are, told from their content.
pub fn detect(bytes: &[u8]) -> Option<&'static str> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_string();
    let upper = head.to_ascii_uppercase();
    if head.contains("camt.053") || head.contains("<BkToCstmrStmt") {
        Some("camt.053")
    } else if head.contains("camt.054") || head.contains("<BkToCstmrDbtCdtNtfctn") {
        Some("camt.054")
    } else if upper.contains("OFXHEADER") || upper.contains("<OFX>") {
        Some("OFX")
    } else if head.contains(":20:") && (head.contains(":25:") || head.contains(":60F:") || head.contains(":60M:")) {
        Some("MT940")
    } else {
        None
    }
}

/// Reads every statement of a file. The error names what is wrong.
pub fn read(bytes: &[u8]) -> Result<Vec<Statement>, String> {
    match detect(bytes) {
        Some("camt.053") | Some("camt.054") => camt::read(bytes),
        Some("OFX") => ofx::read(bytes),
        Some("MT940") => mt940::read(bytes),
        _ => Err("this is not a bank statement Overdue reads (camt.053, camt.054, OFX/QFX or MT940)".into()),
    }
}

/// Reads a statement of any format Overdue knows, a bank's CSV export
/// included (`home`: the currency of CSV lines that name none).
pub fn read_any(bytes: &[u8], home: &str) -> Result<Vec<Statement>, String> {
    read_file(bytes, home, &std::collections::BTreeMap::new())
}

/// Reads a statement file of any format: a ZIP of statements (German banks
/// export camt.053 so) is opened and each file in it read; a CSV file with
/// the owner's corrections to its columns (`map`).
pub fn read_file(bytes: &[u8], home: &str, map: &std::collections::BTreeMap<String, String>) -> Result<Vec<Statement>, String> {
    if bytes.starts_with(b"PK\x03\x04") {
        return zip::read(bytes);
    }
    match detect(bytes) {
        Some(_) => read(bytes),
        None if !map.is_empty() => csv::read_mapped(bytes, home, map).map(|s| vec![s]),
        None => csv::read(bytes, home).map(|s| vec![s]),
    }
}

/// A decimal as banks write it ("1234.56", "1234,56", "-12.5").
pub(crate) fn amount(s: &str) -> Option<Decimal> {
    let t = s.trim().replace(',', ".");
    t.parse::<Decimal>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_statement_is_named_and_mutated_statements_never_panic() {
        assert!(read(b"Date,Description,Amount\n").unwrap_err().contains("not a bank statement"));
        assert!(read(b"%PDF-1.7").is_err());
        let seeds: [&[u8]; 3] = [
            camt::tests::CAMT053.as_bytes(),
            b":20:X\n:25:NL91ABNA0417164300\n:60F:C261101EUR10,00\n:61:2611101110C5,00NTRFNONREF//B\n:86:?20Rechnung ?32Acme\n:62F:C261130EUR15,00\n",
            b"Date,Description,Paid in,Paid out,Balance\n20/11/2026,Acme INV 1001,\"1,200.00\",,30.00\n21/11/2026,Fee,,2.50,27.50\n",
        ];
        let mut x: u64 = 0x2545F4914F6CDD1D;
        for round in 0..3000 {
            let mut b = seeds[round % 3].to_vec();
            for _ in 0..1 + round % 5 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if b.is_empty() {
                    break;
                }
                let at = (x as usize) % b.len();
                match x % 4 {
                    0 => b[at] = (x >> 8) as u8,
                    1 => b.insert(at, [b'<', b'>', b':', b'?', 0xC3, 0xA4][(x >> 16) as usize % 6]),
                    2 => drop(b.drain(at..(at + 7).min(b.len()))),
                    _ => b.truncate(at),
                }
            }
            let _ = read_any(&b, "GBP");
        }
    }
}
