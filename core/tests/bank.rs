//! Bank statements against a real SQLite file: lines stored once, money in
//! paid by reference through the one payment path, part payments,
//! overpayments kept as credit, ties and other currencies left for review,
//! a returned payment taking its payment back, undo.

use chrono::NaiveDate;
use overdue_core::bank::{self, BankImportOptions, MatchChoice};
use overdue_core::chase::Ctx;
use overdue_core::model::{ClientInput, InvoiceInput};
use overdue_core::rusqlite::Connection;
use overdue_core::views::bank as view;
use overdue_core::{db, ledger};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn setup() -> (tempfile::TempDir, Connection, Ctx) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.sqlite");
    let (mut conn, _) = db::open(&path).unwrap();
    let today = d("2026-12-01");
    for (name, invoices) in [("Acme Ltd", vec![("INV-1001", "300.00"), ("INV-1002", "200.00")]), ("Acme Holdings", vec![("INV-2001", "120.00")]), ("Zeta Ltd", vec![("INV-3001", "50.00")])] {
        let c = ledger::create_client(&mut conn, &ClientInput { name: name.into(), kind: "company".into(), ..Default::default() }, today).unwrap().id;
        for (n, a) in invoices {
            ledger::create_invoice(&mut conn, &InvoiceInput { number: n.into(), client_id: c, issue_date: "2026-09-01".into(), due_date: "2026-10-01".into(), amount: a.into(), ..Default::default() }, today).unwrap();
        }
    }
    let ctx = Ctx::new(today, true, &path);
    (dir, conn, ctx)
}

fn open_on(conn: &Connection, number: &str) -> String {
    let id = ledger::invoice_id_by_number(conn, number).unwrap().unwrap();
    ledger::invoice(conn, id, d("2026-12-01")).unwrap().outstanding.amount
}

fn import(conn: &mut Connection, ctx: &Ctx, name: &str, body: &str) -> bank::BankImportReport {
    bank::import(conn, ctx, body.as_bytes(), name, &BankImportOptions::default()).unwrap()
}

#[test]
fn statements_pay_by_reference_once_and_leave_the_rest_for_review() {
    let (_dir, mut conn, ctx) = setup();
    let csv = "Date,Description,Paid in,Paid out,Balance\n\
        20/11/2026,ACME LTD INV-1001 INV-1002,450.00,,1000.00\n\
        21/11/2026,ZETA LTD INV-3001,60.00,,1060.00\n\
        21/11/2026,Card fee,,2.50,1057.50\n\
        22/11/2026,<script>alert(1)</script>,77.77,,1135.27\n";
    let r = import(&mut conn, &ctx, "nov.csv", csv);
    assert_eq!((r.new_lines, r.matched, r.ignored), (4, 1, 1), "{r:?}");
    // One receipt for two invoices, oldest first; a part payment leaves the rest open.
    assert_eq!((open_on(&conn, "INV-1001"), open_on(&conn, "INV-1002")), ("0.00".to_string(), "50.00".to_string()));
    // More than is owed is only a suggestion; accepted, the extra is credit.
    let v = view::lines(&conn, Some("suggested"), 50).unwrap();
    let zeta = v.lines.iter().find(|l| l.text.contains("ZETA")).unwrap();
    assert_eq!(open_on(&conn, "INV-3001"), "50.00");
    let said = bank::match_line(&mut conn, &ctx, zeta.id, &MatchChoice::default()).unwrap();
    assert!(said.contains("£10.00 kept as credit"), "{said}");
    // Hostile text is stored as text, and waits for review.
    let v = view::lines(&conn, Some("unmatched"), 50).unwrap();
    assert_eq!(v.lines[0].text, "<script>alert(1)</script>");

    // The same file again: nothing new. An overlapping one: only its new line.
    let again = import(&mut conn, &ctx, "nov.csv", csv);
    assert_eq!((again.new_lines, again.matched), (0, 0));
    let overlap = format!("{csv}23/11/2026,ACME LTD INV-1002,50.00,,1185.27\n");
    let r2 = import(&mut conn, &ctx, "nov-late.csv", &overlap);
    assert_eq!((r2.new_lines, r2.already_imported, r2.matched), (1, 4, 1), "{r2:?}");
    assert_eq!(open_on(&conn, "INV-1002"), "0.00");

    // Undo takes exactly that payment back.
    let line = view::lines(&conn, Some("matched"), 50).unwrap().lines.into_iter().find(|l| l.date == "2026-11-23").unwrap();
    bank::undo_line(&mut conn, &ctx, line.id).unwrap();
    assert_eq!(open_on(&conn, "INV-1002"), "50.00");
    assert!(bank::undo_line(&mut conn, &ctx, line.id).unwrap_err().to_string().contains("nothing to undo"));
    bank::ignore_line(&mut conn, line.id, "paid twice by mistake").unwrap();
    assert!(bank::ignore_line(&mut conn, line.id, "").is_err());
}

#[test]
fn identical_payments_both_count_and_ties_and_other_currencies_wait() {
    let (_dir, mut conn, ctx) = setup();
    // Two identical genuine payments on one day: two lines.
    let csv = "Date,Description,Amount\n2026-11-20,INV-1001 part,100.00\n2026-11-20,INV-1001 part,100.00\n";
    let r = import(&mut conn, &ctx, "twice.csv", csv);
    assert_eq!((r.new_lines, r.matched), (2, 2));
    assert_eq!(open_on(&conn, "INV-1001"), "100.00");
    // A payer named like two clients, with nothing else: no one is picked.
    let r = import(&mut conn, &ctx, "tie.csv", "Date,Description,Payer,Amount\n2026-11-21,thanks,ACME,120.00\n");
    assert_eq!(r.matched, 0);
    assert_eq!(open_on(&conn, "INV-2001"), "120.00");
    // Another currency: unmatched, with the reason.
    let r = import(&mut conn, &ctx, "usd.csv", "Date,Description,Amount,Currency\n2026-11-22,INV-1002,200.00,USD\n");
    assert_eq!((r.matched, r.unmatched), (0, 1), "{r:?}");
    assert_eq!(open_on(&conn, "INV-1002"), "200.00");
}

#[test]
fn a_camt_reversal_takes_back_the_payment_it_returns_and_bad_files_write_nothing() {
    let (_dir, mut conn, ctx) = setup();
    ledger::update_business(&conn, &overdue_core::model::Business { trading_name: "B".into(), country: "GB".into(), currency: "GBP".into(), ..Default::default() }).unwrap();
    let camt = |entries: &str| format!(r#"<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Acct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id><Ccy>GBP</Ccy></Acct>{entries}</Stmt></BkToCstmrStmt></Document>"#);
    let pay = r#"<Ntry><Amt Ccy="GBP">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-20</Dt></BookgDt><AcctSvcrRef>A-1</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Acme Ltd</Nm></Dbtr><DbtrAcct><Id><IBAN>GB33BUKB20201555555555</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>INV-1001</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"#;
    let back = r#"<Ntry><Amt Ccy="GBP">300.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-24</Dt></BookgDt><AcctSvcrRef>A-2</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Acme Ltd</Nm></Dbtr><DbtrAcct><Id><IBAN>GB33BUKB20201555555555</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>INV-1001</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"#;
    let r = import(&mut conn, &ctx, "a.xml", &camt(pay));
    assert_eq!(r.matched, 1);
    assert_eq!(open_on(&conn, "INV-1001"), "0.00");
    let r = import(&mut conn, &ctx, "b.xml", &camt(&format!("{pay}{back}")));
    assert_eq!((r.new_lines, r.reversals), (1, 1), "{r:?}");
    assert_eq!(open_on(&conn, "INV-1001"), "300.00", "the returned payment is taken back");
    // Broken and foreign files: a clear message, nothing written.
    let before = view::lines(&conn, None, 100).unwrap().lines.len();
    for bad in ["<Document><BkToCstmrStmt><Stmt><Ntry><Amt", "%PDF-1.7 not a statement", ""] {
        assert!(bank::import(&mut conn, &ctx, bad.as_bytes(), "bad", &BankImportOptions::default()).is_err(), "{bad}");
    }
    assert_eq!(view::lines(&conn, None, 100).unwrap().lines.len(), before);
}
