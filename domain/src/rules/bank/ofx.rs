//! OFX, QFX and QBO (Web Connect): the 1.x SGML form (leaf elements with no
//! closing tag) and the 2.x XML form read by one tolerant reader. Each
//! `STMTRS` (bank) or `CCSTMTRS` (card) is a statement: `CURDEF`, the
//! account (`BANKACCTFROM/ACCTID`), `LEDGERBAL/BALAMT` as the closing
//! balance, and every `STMTTRN` a line: `DTPOSTED`, `TRNAMT` (signed),
//! `FITID` (the bank's id), `NAME`, `MEMO`, `REFNUM`/`CHECKNUM`. A
//! `CORRECTACTION` of `DELETE` is kept as a reversal of the line it names.

use super::{amount, Line, Statement};
use chrono::NaiveDate;

/// The tags of the file in order: (name, text after it up to the next tag).
fn tags(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else { break };
        let name = after[..close].trim().to_ascii_uppercase();
        let body = &after[close + 1..];
        let next = body.find('<').unwrap_or(body.len());
        let value = body[..next].trim();
        let value = value.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'");
        out.push((name.split_whitespace().next().unwrap_or("").to_string(), value));
        rest = &body[next..];
    }
    out
}

/// An OFX date: `YYYYMMDD`, then optional time and zone.
fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..8)?, "%Y%m%d").ok()
}

/// One `STMTTRN` as it is read.
#[derive(Default)]
struct Trn {
    date: Option<NaiveDate>,
    amount: Option<rust_decimal::Decimal>,
    fitid: String,
    name: String,
    memo: String,
    reference: String,
    delete: bool,
}

impl Trn {
    /// Takes a transaction field; gives any other tag's value back.
    fn field(&mut self, name: &str, value: String) -> Option<String> {
        match name {
            "DTPOSTED" => self.date = date(&value),
            "TRNAMT" => self.amount = amount(&value),
            "FITID" => self.fitid = value,
            "NAME" | "PAYEE" if self.name.is_empty() => self.name = value,
            "MEMO" => self.memo = value,
            "REFNUM" | "CHECKNUM" if self.reference.is_empty() => self.reference = value,
            "CORRECTACTION" => self.delete = value.eq_ignore_ascii_case("DELETE"),
            _ => return Some(value),
        }
        None
    }
}

pub fn read(bytes: &[u8]) -> Result<Vec<Statement>, String> {
    // 1.x files say their charset in the header; most are Windows-1252.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    let mut out: Vec<Statement> = Vec::new();
    let mut stmt: Option<Statement> = None;
    let mut trn: Option<Trn> = None;
    let mut in_ledger = false;
    let mut currency = String::new();
    for (name, value) in tags(&text) {
        // Inside a transaction, its fields are its own.
        let value = match trn.as_mut() {
            Some(t) => match t.field(&name, value) {
                Some(v) => v,
                None => continue,
            },
            None => value,
        };
        match name.as_str() {
            "STMTRS" | "CCSTMTRS" => stmt = Some(Statement::new("OFX")),
            "/STMTRS" | "/CCSTMTRS" => {
                if let Some(s) = stmt.take() {
                    out.push(s);
                }
            }
            "CURDEF" => {
                currency = value.clone();
                if let Some(s) = stmt.as_mut() {
                    s.currency = value;
                }
            }
            "ACCTID" => {
                if let Some(s) = stmt.as_mut().filter(|s| s.account.is_empty()) {
                    s.account = value;
                }
            }
            "STMTTRN" => trn = Some(Trn::default()),
            "/STMTTRN" => {
                if let (Some(t), Some(s)) = (trn.take(), stmt.as_mut()) {
                    match (t.date, t.amount) {
                        (Some(date), Some(amount)) => s.lines.push(Line {
                            date,
                            amount: if t.delete { -amount } else { amount },
                            currency: if s.currency.is_empty() { currency.clone() } else { s.currency.clone() },
                            text: t.memo,
                            reference: t.reference,
                            counterparty: t.name,
                            counterparty_account: String::new(),
                            bank_id: t.fitid,
                            reversal: t.delete,
                        }),
                        _ => s.skipped.push(format!("a transaction {} with no date or amount", t.fitid)),
                    }
                }
            }
            "LEDGERBAL" => in_ledger = true,
            "/LEDGERBAL" => in_ledger = false,
            "BALAMT" if in_ledger => {
                if let Some(s) = stmt.as_mut() {
                    s.closing = amount(&value);
                }
            }
            _ => {}
        }
    }
    // SGML files may leave aggregates unclosed at the end.
    if let Some(s) = stmt.take() {
        out.push(s);
    }
    if out.is_empty() {
        return Err("the OFX file holds no bank or card statement (STMTRS)".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::read as read_any;
    use rust_decimal::Decimal;

    #[test]
    fn ofx_1_sgml_and_2_xml_read_the_same() {
        let sgml = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nCHARSET:1252\r\n\r\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261130</SONRS></SIGNONMSGSRSV1>\
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>GBP<BANKACCTFROM><BANKID>401234<ACCTID>12345678<ACCTTYPE>CHECKING</BANKACCTFROM>\
<BANKTRANLIST><DTSTART>20261101<DTEND>20261130\
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261110120000[0:GMT]<TRNAMT>1200.00<FITID>2026111001<NAME>ACME LTD<MEMO>INV-1001 \u{a3} thanks</STMTTRN>\
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261112<TRNAMT>-45.10<FITID>2026111201<NAME>OFFICE SUPPLIES &amp; CO</STMTTRN>\
</BANKTRANLIST><LEDGERBAL><BALAMT>5154.90<DTASOF>20261130</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
        let bytes: Vec<u8> = sgml.chars().map(|c| if c == '\u{a3}' { 0xA3 } else { c as u8 }).collect();
        let s = &read_any(&bytes).unwrap()[0];
        assert_eq!((s.account.as_str(), s.currency.as_str(), s.closing), ("12345678", "GBP", Some(Decimal::new(515490, 2))));
        assert_eq!(s.lines.len(), 2);
        assert_eq!((s.lines[0].amount, s.lines[0].bank_id.as_str(), s.lines[0].counterparty.as_str(), s.lines[0].text.as_str()), (Decimal::new(120000, 2), "2026111001", "ACME LTD", "INV-1001 £ thanks"));
        assert_eq!((s.lines[1].amount, s.lines[1].counterparty.as_str()), (Decimal::new(-4510, 2), "OFFICE SUPPLIES & CO"));
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?><?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM><BANKID>121000248</BANKID><ACCTID>99887766</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
<BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20261110</DTPOSTED><TRNAMT>24961.15</TRNAMT><FITID>A1</FITID><NAME>Acme Corp</NAME><MEMO>Invoice 1001</MEMO></STMTTRN></BANKTRANLIST>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"#;
        let s = &read_any(xml.as_bytes()).unwrap()[0];
        assert_eq!((s.currency.as_str(), s.lines[0].amount, s.lines[0].text.as_str()), ("USD", Decimal::new(2496115, 2), "Invoice 1001"));
        assert!(read_any(b"<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>").unwrap_err().contains("no bank or card statement"));
    }
}
