//! ISO 20022 camt.053 (BkToCstmrStmt/Stmt) and camt.054
//! (BkToCstmrDbtCdtNtfctn/Ntfctn), any version: elements are matched by
//! their local names, so .001.02 to .001.08 (and later) read the same.
//!
//! Per statement: the account (`Acct/Id/IBAN` or `Othr/Id`), its currency,
//! the opening (`OPBD`, else `PRCD`) and closing (`CLBD`) balances. Per entry
//! (`Ntry`): `Amt@Ccy`, `CdtDbtInd`, `RvslInd`, `Sts` (text or `Cd`; only
//! `BOOK` counts), `BookgDt`/`ValDt` (`Dt` or `DtTm`), `AcctSvcrRef`,
//! `AddtlNtryInf`; per transaction (`TxDtls`): `EndToEndId`, the debtor's
//! (or creditor's, for money out) name and IBAN, every `Ustrd` joined, and
//! `Strd/CdtrRefInf/Ref`. An entry with several `TxDtls` (a batch) becomes
//! one line per transaction where each gives its own amount.

use super::{amount, Line, Statement};
use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::Reader;
use rust_decimal::Decimal;

/// Deeper nesting than any camt file has: refused (hostile XML).
const MAX_DEPTH: usize = 64;

#[derive(Default)]
struct Tx {
    amount: Option<Decimal>,
    currency: String,
    end_to_end: String,
    debtor: String,
    debtor_account: String,
    creditor: String,
    creditor_account: String,
    text: Vec<String>,
    reference: String,
}

#[derive(Default)]
struct Entry {
    amount: Option<Decimal>,
    currency: String,
    credit: bool,
    reversal: bool,
    status: String,
    booked: Option<NaiveDate>,
    value: Option<NaiveDate>,
    bank_ref: String,
    info: String,
    txs: Vec<Tx>,
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// The path's last names, for matching ("…/Ntry/Amt").
fn ends(path: &[String], tail: &[&str]) -> bool {
    path.len() >= tail.len() && path[path.len() - tail.len()..].iter().zip(tail).all(|(a, b)| a == b)
}

fn within(path: &[String], name: &str) -> bool {
    path.iter().any(|p| p == name)
}

pub fn read(bytes: &[u8]) -> Result<Vec<Statement>, String> {
    let format = if super::detect(bytes) == Some("camt.054") { "camt.054" } else { "camt.053" };
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut out: Vec<Statement> = Vec::new();
    let mut stmt: Option<Statement> = None;
    let mut entry: Option<Entry> = None;
    let mut tx: Option<Tx> = None;
    // A balance being read: (type code, amount, credit?).
    let mut bal: Option<(String, Option<Decimal>, bool)> = None;
    let mut attr_ccy = String::new();
    let mut text = String::new();
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| format!("the statement is not well-formed XML ({e})"))?;
        match ev {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                if path.len() >= MAX_DEPTH {
                    return Err("the statement nests deeper than any camt file does".into());
                }
                attr_ccy = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "Ccy")
                    .map(|a| a.value.to_string())
                    .unwrap_or_default();
                match name.as_str() {
                    "Stmt" | "Ntfctn" => stmt = Some(Statement::new(format)),
                    "Ntry" => entry = Some(Entry::default()),
                    "TxDtls" => tx = Some(Tx::default()),
                    "Bal" => bal = Some((String::new(), None, true)),
                    _ => {}
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                text.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::End(_) => {
                let v = text.trim().to_string();
                let p = &path;
                if let Some(s) = stmt.as_mut() {
                    if entry.is_none() && bal.is_none() && within(p, "Acct") && !within(p, "Ntry") {
                        if ends(p, &["Acct", "Id", "IBAN"]) || (ends(p, &["Othr", "Id"]) && s.account.is_empty()) {
                            s.account = v.clone();
                        } else if ends(p, &["Acct", "Ccy"]) {
                            s.currency = v.clone();
                        }
                    }
                }
                if let Some(b) = bal.as_mut() {
                    if ends(p, &["Tp", "CdOrPrtry", "Cd"]) {
                        b.0 = v.clone();
                    } else if ends(p, &["Bal", "Amt"]) {
                        b.1 = amount(&v);
                        if let Some(s) = stmt.as_mut() {
                            if s.currency.is_empty() {
                                s.currency = attr_ccy.clone();
                            }
                        }
                    } else if ends(p, &["Bal", "CdtDbtInd"]) {
                        b.2 = v == "CRDT";
                    }
                }
                if let Some(t) = tx.as_mut() {
                    if ends(p, &["Refs", "EndToEndId"]) {
                        t.end_to_end = v.clone();
                    } else if ends(p, &["AmtDtls", "TxAmt", "Amt"]) || (ends(p, &["TxDtls", "Amt"])) {
                        t.amount = amount(&v);
                        t.currency = attr_ccy.clone();
                    } else if within(p, "RltdPties") && within(p, "Dbtr") && ends(p, &["Nm"]) {
                        t.debtor = v.clone();
                    } else if within(p, "RltdPties") && within(p, "DbtrAcct") && ends(p, &["IBAN"]) {
                        t.debtor_account = v.clone();
                    } else if within(p, "RltdPties") && within(p, "Cdtr") && ends(p, &["Nm"]) {
                        t.creditor = v.clone();
                    } else if within(p, "RltdPties") && within(p, "CdtrAcct") && ends(p, &["IBAN"]) {
                        t.creditor_account = v.clone();
                    } else if ends(p, &["RmtInf", "Ustrd"]) {
                        t.text.push(v.clone());
                    } else if ends(p, &["CdtrRefInf", "Ref"]) {
                        t.reference = v.clone();
                    }
                } else if let Some(en) = entry.as_mut() {
                    if ends(p, &["Ntry", "Amt"]) {
                        en.amount = amount(&v);
                        en.currency = attr_ccy.clone();
                    } else if ends(p, &["Ntry", "CdtDbtInd"]) {
                        en.credit = v == "CRDT";
                    } else if ends(p, &["Ntry", "RvslInd"]) {
                        en.reversal = v == "true" || v == "1";
                    } else if ends(p, &["Ntry", "Sts"]) || ends(p, &["Ntry", "Sts", "Cd"]) {
                        if !v.is_empty() {
                            en.status = v.clone();
                        }
                    } else if ends(p, &["BookgDt", "Dt"]) || ends(p, &["BookgDt", "DtTm"]) {
                        en.booked = date(&v);
                    } else if ends(p, &["ValDt", "Dt"]) || ends(p, &["ValDt", "DtTm"]) {
                        en.value = date(&v);
                    } else if ends(p, &["Ntry", "AcctSvcrRef"]) {
                        en.bank_ref = v.clone();
                    } else if ends(p, &["Ntry", "AddtlNtryInf"]) {
                        en.info = v.clone();
                    }
                }
                let closed = path.pop().unwrap_or_default();
                match closed.as_str() {
                    "TxDtls" => {
                        if let (Some(t), Some(en)) = (tx.take(), entry.as_mut()) {
                            en.txs.push(t);
                        }
                    }
                    "Bal" => {
                        if let (Some((code, Some(a), credit)), Some(s)) = (bal.take(), stmt.as_mut()) {
                            let a = if credit { a } else { -a };
                            match code.as_str() {
                                "OPBD" => s.opening = Some(a),
                                "PRCD" if s.opening.is_none() => s.opening = Some(a),
                                "CLBD" => s.closing = Some(a),
                                _ => {}
                            }
                        }
                    }
                    "Ntry" => {
                        if let (Some(en), Some(s)) = (entry.take(), stmt.as_mut()) {
                            finish(en, s);
                        }
                    }
                    "Stmt" | "Ntfctn" => {
                        if let Some(s) = stmt.take() {
                            out.push(s);
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if out.is_empty() {
        return Err("the file holds no statement (no Stmt or Ntfctn element)".into());
    }
    Ok(out)
}

/// An entry as lines of its statement: one per transaction where a batch
/// gives each its own amount, else one for the entry.
fn finish(en: Entry, s: &mut Statement) {
    let Some(total) = en.amount else {
        s.skipped.push("an entry with no amount".into());
        return;
    };
    let Some(date) = en.booked.or(en.value) else {
        s.skipped.push(format!("an entry of {total} with no date"));
        return;
    };
    if !en.status.is_empty() && en.status != "BOOK" {
        s.skipped.push(format!("{date}: {total} {} is {} (not booked yet)", en.currency, en.status.to_lowercase()));
        return;
    }
    // Money in is a credit; a reversal of a credit is money going back out.
    let sign = |credit: bool| if credit { Decimal::ONE } else { -Decimal::ONE };
    let signed = |a: Decimal| a * sign(en.credit);
    let currency = if en.currency.is_empty() { s.currency.clone() } else { en.currency.clone() };
    let make = |t: Option<&Tx>, a: Decimal, cur: &str, bank_id: String| {
        let (name, account) = match t {
            Some(t) if en.credit => (t.debtor.clone(), t.debtor_account.clone()),
            Some(t) => (t.creditor.clone(), t.creditor_account.clone()),
            None => (String::new(), String::new()),
        };
        let mut text = t.map(|t| t.text.join(" ")).unwrap_or_default();
        if text.is_empty() {
            text = en.info.clone();
        }
        let reference = t.map(|t| if t.reference.is_empty() { t.end_to_end.clone() } else { t.reference.clone() }).unwrap_or_default();
        let reference = if reference == "NOTPROVIDED" { String::new() } else { reference };
        Line { date, amount: signed(a), currency: cur.to_string(), text, reference, counterparty: name, counterparty_account: account, bank_id, reversal: en.reversal }
    };
    let each: Vec<&Tx> = en.txs.iter().filter(|t| t.amount.is_some()).collect();
    if en.txs.len() > 1 && each.len() == en.txs.len() {
        for (i, t) in each.iter().enumerate() {
            let id = if en.bank_ref.is_empty() { String::new() } else { format!("{}/{}", en.bank_ref, i + 1) };
            let cur = if t.currency.is_empty() { currency.clone() } else { t.currency.clone() };
            s.lines.push(make(Some(t), t.amount.unwrap_or_default(), &cur, id));
        }
    } else {
        s.lines.push(make(en.txs.first(), total, &currency, en.bank_ref.clone()));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::read as read_any;
    use rust_decimal::Decimal;

    /// A camt.053.001.08 statement as German banks send it: one incoming
    /// transfer with a structured reference, one with two Ustrd lines, one
    /// direct debit out, a pending entry and a reversal.
    pub(crate) const CAMT053: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>STMT-2026-11-30</MsgId><CreDtTm>2026-11-30T23:00:00</CreDtTm></GrpHdr>
  <Stmt>
   <Id>2026-11-30-001</Id>
   <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
   <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-01</Dt></Dt></Bal>
   <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">2064.56</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>
   <Ntry>
    <Amt Ccy="EUR">1234.56</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><Dt>2026-11-10</Dt></BookgDt><ValDt><Dt>2026-11-10</Dt></ValDt><AcctSvcrRef>2026111000123</AcctSvcrRef>
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
     <RltdPties><Dbtr><Pty><Nm>Müller &amp; Söhne GmbH</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
     <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
    </TxDtls></NtryDtls>
   </Ntry>
   <Ntry>
    <Amt Ccy="EUR">80.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><DtTm>2026-11-12T09:30:00</DtTm></BookgDt><AcctSvcrRef>2026111200456</AcctSvcrRef>
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>E2E-4711</EndToEndId></Refs>
     <RltdPties><Dbtr><Nm>Bäckerei Groß</Nm></Dbtr></RltdPties>
     <RmtInf><Ustrd>Rechnung RE-2026-002</Ustrd><Ustrd>Teilzahlung</Ustrd></RmtInf>
    </TxDtls></NtryDtls>
   </Ntry>
   <Ntry>
    <Amt Ccy="EUR">250.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><Dt>2026-11-15</Dt></BookgDt><AcctSvcrRef>2026111500789</AcctSvcrRef>
    <AddtlNtryInf>Lastschrift Miete</AddtlNtryInf>
   </Ntry>
   <Ntry>
    <Amt Ccy="EUR">99.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>
    <BookgDt><Dt>2026-11-30</Dt></BookgDt>
   </Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>"#;

    #[test]
    fn a_camt053_statement_reads_with_its_references_and_balances() {
        let s = &read_any(CAMT053.as_bytes()).unwrap()[0];
        assert_eq!((s.format.as_str(), s.account.as_str(), s.currency.as_str()), ("camt.053", "DE89370400440532013000", "EUR"));
        assert_eq!((s.opening, s.closing), (Some(Decimal::new(100000, 2)), Some(Decimal::new(206456, 2))));
        assert_eq!(s.lines.len(), 3, "the pending entry is not booked: {:?}", s.skipped);
        assert!(s.skipped[0].contains("pdng (not booked yet)"), "{:?}", s.skipped);
        let l = &s.lines[0];
        assert_eq!((l.amount, l.reference.as_str(), l.counterparty.as_str(), l.counterparty_account.as_str(), l.bank_id.as_str()), (Decimal::new(123456, 2), "RF18539007547034", "Müller & Söhne GmbH", "DE02120300000000202051", "2026111000123"));
        let l = &s.lines[1];
        assert_eq!((l.text.as_str(), l.reference.as_str(), l.date.to_string().as_str()), ("Rechnung RE-2026-002 Teilzahlung", "E2E-4711", "2026-11-12"), "every Ustrd joined; a DtTm read as its date");
        assert_eq!((s.lines[2].amount, s.lines[2].text.as_str()), (Decimal::new(-25000, 2), "Lastschrift Miete"));
        assert_eq!(s.balance_gap(), None, "1000.00 + 1234.56 + 80.00 - 250.00 = 2064.56");
        let wrong = CAMT053.replace("2064.56", "2064.00");
        assert_eq!(read_any(wrong.as_bytes()).unwrap()[0].balance_gap(), Some(Decimal::new(56, 2)));
    }

    #[test]
    fn older_versions_batches_reversals_and_hostile_xml() {
        let v02 = CAMT053.replace("camt.053.001.08", "camt.053.001.02");
        assert_eq!(read_any(v02.as_bytes()).unwrap()[0].lines.len(), 3);
        let batch = r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt><Stmt><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>
<Ntry><Amt Ccy="EUR">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>false</RvslInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-03</Dt></BookgDt><AcctSvcrRef>B-1</AcctSvcrRef><NtryDtls>
<TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">100.00</Amt></TxAmt></AmtDtls><RmtInf><Ustrd>INV 1001</Ustrd></RmtInf></TxDtls>
<TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">200.00</Amt></TxAmt></AmtDtls><RmtInf><Ustrd>INV 1002</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">40.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-04</Dt></BookgDt><AcctSvcrRef>R-1</AcctSvcrRef></Ntry>
</Stmt></BkToCstmrStmt></Document>"#;
        let s = &read_any(batch.as_bytes()).unwrap()[0];
        let got: Vec<(String, String, String)> = s.lines.iter().map(|l| (l.amount.to_string(), l.text.clone(), l.bank_id.clone())).collect();
        assert_eq!(got[..2], [("100.00".to_string(), "INV 1001".to_string(), "B-1/1".to_string()), ("200.00".into(), "INV 1002".into(), "B-1/2".into())], "a batch: one line per transaction");
        assert!(s.lines[2].reversal && s.lines[2].amount.is_sign_negative(), "a reversal is kept as such");
        let deep = format!("<Document><BkToCstmrStmt>{}{}</BkToCstmrStmt></Document>", "<a>".repeat(100), "</a>".repeat(100));
        assert!(read_any(deep.as_bytes()).unwrap_err().contains("nests deeper"));
        assert!(read_any(b"<Document><BkToCstmrStmt><Stmt><Ntry>").is_err() || read_any(b"<Document><BkToCstmrStmt><Stmt><Ntry>").unwrap()[0].lines.is_empty());
    }
}
