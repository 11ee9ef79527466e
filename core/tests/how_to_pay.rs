//! What a letter tells the debtor to quote is what the matcher reads back:
//! a euro business's final notice prints one RF creditor reference and an
//! EPC QR code (decoded from the page image with zbarimg), and a statement
//! quoting that reference as printed pays the invoice at once; a sterling
//! business's statement of several invoices asks for the client code, and
//! a payment quoting it pays them oldest first.

use chrono::NaiveDate;
use overdue_core::bank::{self, BankImportOptions};
use overdue_core::chase::Ctx;
use overdue_core::letter::{self, LetterRequest};
use overdue_core::model::{Business, ClientInput, InvoiceInput};
use overdue_core::{db, ledger};
use std::process::Command;

const TODAY: &str = "2026-11-23";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn text_of(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils, installed by scripts/test.sh)");
    String::from_utf8(out.stdout).unwrap()
}

fn qr_of(pdf: &std::path::Path) -> String {
    let png = pdf.with_extension("");
    let st = Command::new("pdftoppm").args(["-r", "150", "-png", "-f", "1", "-l", "1"]).arg(pdf).arg(&png).status().expect("pdftoppm");
    assert!(st.success());
    let page = format!("{}-1.png", png.display());
    let out = Command::new("zbarimg").args(["-q", "--raw"]).arg(&page).output().expect("zbarimg (zbar-tools, installed by scripts/test.sh)");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_euro_letter_prints_one_rf_reference_and_a_qr_code_that_the_matcher_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.sqlite");
    let (mut conn, _) = db::open(&path).unwrap();
    let today = d(TODAY);
    ledger::update_business(&conn, &Business { trading_name: "Atelier Nord".into(), legal_name: "Atelier Nord GmbH".into(), country: "DE".into(), currency: "EUR".into(), iban: "DE89370400440532013000".into(), bic: "COBADEFFXXX".into(), payment_details: "Bitte geben Sie die Rechnungsnummer an.\nKartenzahlung: pay.atelier-nord.example".into(), ..Default::default() }).unwrap();
    let c = ledger::create_client(&mut conn, &ClientInput { name: "Müller Haustechnik GmbH".into(), kind: "company".into(), ..Default::default() }, today).unwrap().id;
    ledger::create_invoice(&mut conn, &InvoiceInput { number: "RE-2026-101".into(), client_id: c, issue_date: "2026-08-01".into(), due_date: "2026-08-31".into(), amount: "1450.50".into(), ..Default::default() }, today).unwrap();
    let ctx = Ctx::new(today, true, &path);
    let pdf = dir.path().join("final.pdf");
    letter::save(&conn, &ctx, &LetterRequest { client_id: c, kind: "final_notice".into(), ..Default::default() }, Some(&pdf)).unwrap();
    let text = text_of(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(flat.matches("Reference: ").count(), 1, "{text}");
    assert!(flat.contains("Reference: RF09 RE20 2610 1 (a creditor reference"), "{text}");
    assert_eq!(flat.matches("DE89 3704 0044 0532 0130 00").count(), 1, "{text}");
    assert!(flat.contains("Kartenzahlung: pay.atelier-nord.example") && !flat.contains("Rechnungsnummer an"), "the owner's other ways to pay stay, their own 'quote' line goes: {text}");
    let qr = qr_of(&pdf);
    assert_eq!(qr.trim_end(), "BCD\n002\n1\nSCT\nCOBADEFFXXX\nAtelier Nord GmbH\nDE89370400440532013000\nEUR1450.50\n\nRF09RE2026101", "the EPC QR code as a banking app reads it");

    // The debtor types the reference as printed, with its spaces.
    let camt = r#"<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct><Ntry><Amt Ccy="EUR">1450.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-22</Dt></BookgDt><AcctSvcrRef>X-1</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>M. Haustechnik</Nm></Dbtr></RltdPties><RmtInf><Ustrd>RF09 RE20 2610 1</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>"#;
    let r = bank::import(&mut conn, &ctx, camt.as_bytes(), "camt.xml", &BankImportOptions::default()).unwrap();
    assert_eq!(r.matched, 1, "{r:?}");
    let id = ledger::invoice_id_by_number(&conn, "RE-2026-101").unwrap().unwrap();
    assert_eq!(ledger::invoice(&conn, id, today).unwrap().status, "paid");
}

#[test]
fn a_sterling_statement_of_several_invoices_asks_for_the_client_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.sqlite");
    let (mut conn, _) = db::open(&path).unwrap();
    let today = d(TODAY);
    ledger::update_business(&conn, &Business { trading_name: "Brightwell".into(), legal_name: "Brightwell Ltd".into(), country: "GB".into(), currency: "GBP".into(), sort_code: "204577".into(), account_number: "43819265".into(), ..Default::default() }).unwrap();
    let c = ledger::create_client(&mut conn, &ClientInput { name: "Acme Ltd".into(), kind: "company".into(), ..Default::default() }, today).unwrap().id;
    for (n, a) in [("INV-1", "100.00"), ("INV-2", "250.00")] {
        ledger::create_invoice(&mut conn, &InvoiceInput { number: n.into(), client_id: c, issue_date: "2026-08-01".into(), due_date: "2026-09-01".into(), amount: a.into(), ..Default::default() }, today).unwrap();
    }
    let ctx = Ctx::new(today, true, &path);
    let pdf = dir.path().join("statement.pdf");
    letter::save(&conn, &ctx, &LetterRequest { client_id: c, kind: "statement".into(), ..Default::default() }, Some(&pdf)).unwrap();
    let flat = text_of(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    let code = format!("CL{c:04}");
    assert!(flat.contains(&format!("Bank transfer to Brightwell Ltd Sort code 20-45-77 · Account 43819265 Reference: {code} (please quote exactly this")), "{flat}");
    assert!(qr_of(&pdf).is_empty(), "no EPC QR code outside the euro");
    let csv = format!("Date,Description,Amount\n22/11/2026,ACME {code},300.00\n");
    let r = bank::import(&mut conn, &ctx, csv.as_bytes(), "s.csv", &BankImportOptions::default()).unwrap();
    assert_eq!(r.matched, 1, "{r:?}");
    let owed = |n: &str| ledger::invoice(&conn, ledger::invoice_id_by_number(&conn, n).unwrap().unwrap(), today).unwrap().outstanding.amount;
    assert_eq!((owed("INV-1"), owed("INV-2")), ("0.00".to_string(), "50.00".to_string()), "oldest first");
}
