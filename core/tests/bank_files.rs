//! Statement files written from the specifications and the banks' own
//! documented layouts (core/tests/fixtures/bank), imported into a real
//! SQLite file: camt.053.001.02 and .08, MT940 and a DKB CSV for a euro
//! business; OFX 1.0.2 and 2.1.1 and a Chase CSV for a dollar business; a
//! Lloyds CSV for a sterling one. Each pays what it names and leaves the
//! rest for review.

use chrono::NaiveDate;
use overdue_core::bank::{self, BankImportOptions, BankImportReport};
use overdue_core::chase::Ctx;
use overdue_core::model::{Business, ClientInput, InvoiceInput};
use overdue_core::rusqlite::Connection;
use overdue_core::views::bank as view;
use overdue_core::{db, ledger};
use std::path::PathBuf;

const TODAY: &str = "2026-12-01";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bank").join(name)
}

struct Books {
    _dir: tempfile::TempDir,
    conn: Connection,
    ctx: Ctx,
}

/// A business in `currency` with its account, and clients with invoices.
fn books(currency: &str, country: &str, account: (&str, &str, &str), clients: &[(&str, &[(&str, &str)])]) -> Books {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.sqlite");
    let (mut conn, _) = db::open(&path).unwrap();
    let (iban, sort_code, number) = account;
    ledger::update_business(&conn, &Business { trading_name: "Owner".into(), country: country.into(), currency: currency.into(), iban: iban.into(), sort_code: sort_code.into(), account_number: number.into(), ..Default::default() }).unwrap();
    let today = d(TODAY);
    for (name, invoices) in clients {
        let c = ledger::create_client(&mut conn, &ClientInput { name: name.to_string(), kind: "company".into(), ..Default::default() }, today).unwrap().id;
        for (n, a) in invoices.iter() {
            ledger::create_invoice(&mut conn, &InvoiceInput { number: n.to_string(), client_id: c, issue_date: "2026-09-01".into(), due_date: "2026-10-01".into(), amount: a.to_string(), currency: currency.into(), ..Default::default() }, today).unwrap();
        }
    }
    let ctx = Ctx::new(today, true, &path);
    Books { _dir: dir, conn, ctx }
}

impl Books {
    fn import(&mut self, file: &str) -> BankImportReport {
        bank::import_file(&mut self.conn, &self.ctx, &fixture(file), &BankImportOptions::default()).unwrap_or_else(|e| panic!("{file}: {e}"))
    }
    fn owed(&self, number: &str) -> String {
        let id = ledger::invoice_id_by_number(&self.conn, number).unwrap().unwrap();
        ledger::invoice(&self.conn, id, d(TODAY)).unwrap().outstanding.amount
    }
    fn suggested_for(&self, text: &str) -> Vec<String> {
        let v = view::lines(&self.conn, Some("review"), 100).unwrap();
        let l = v.lines.iter().find(|l| l.text.contains(text) || l.payer.contains(text)).unwrap_or_else(|| panic!("no line for review with {text}: {:?}", v.lines.iter().map(|l| &l.text).collect::<Vec<_>>()));
        l.suggestions.iter().map(|s| s.summary.clone()).collect()
    }
}

#[test]
fn euro_camt_053_versions_mt940_and_dkb_csv() {
    let mut b = books(
        "EUR",
        "DE",
        ("DE89 3704 0044 0532 0130 00", "", ""),
        &[
            ("Müller Haustechnik GmbH", &[("RE-2026-101", "450.50")]),
            ("Schmidt Bau KG", &[("RE-2026-102", "1200.00")]),
            ("Weber Elektro", &[("RE-2026-103", "60.00")]),
            ("Klein Design", &[("RE-2026-104", "40.00")]),
            ("Becker Gartenbau", &[("RE-2026-105", "300.00")]),
            ("Fischer Catering", &[("RE-2026-106", "89.90")]),
        ],
    );
    // camt.053.001.02: the invoice named in the text is paid; the card payment
    // is money out; Schmidt's payment without a number is a suggestion.
    let r = b.import("camt053.001.02.xml");
    assert_eq!(r.formats, vec!["camt.053".to_string()], "{r:?}");
    assert_eq!((r.lines, r.matched, r.suggested, r.ignored), (3, 1, 1, 1), "{r:?}");
    assert!(r.problems.is_empty(), "the balances add up: {:?}", r.problems);
    assert_eq!(b.owed("RE-2026-101"), "0.00");
    assert_eq!(b.suggested_for("Schmidt"), vec!["Schmidt Bau KG: RE-2026-102".to_string()]);

    // camt.053.001.08: an RF creditor reference pays at once; a batch of two,
    // one by invoice number, one by an RF with a wrong check digit (not trusted).
    let r = b.import("camt053.001.08.xml");
    assert_eq!(r.lines, 3, "the batch is read as its transactions: {r:?}");
    assert_eq!(b.owed("RE-2026-102"), "0.00", "RF79RE2026102 names it");
    assert_eq!(b.owed("RE-2026-103"), "0.00");
    assert_eq!(b.owed("RE-2026-104"), "40.00", "RF18… has the wrong check digits (RF25 is right)");
    assert!(r.problems.is_empty(), "{:?}", r.problems);

    // MT940 with German structured :86: subfields; its debit is money out.
    let r = b.import("mt940.sta");
    assert_eq!((r.formats.clone(), r.matched, r.ignored), (vec!["MT940".to_string()], 1, 1), "{r:?}");
    assert_eq!(b.owed("RE-2026-105"), "0.00");

    // DKB's CSV: Windows-1252, semicolons, decimal commas, a title block.
    let r = b.import("dkb.csv");
    assert_eq!((r.matched, r.ignored), (1, 1), "{r:?}");
    assert_eq!(b.owed("RE-2026-106"), "0.00");
    let all = view::lines(&b.conn, None, 100).unwrap();
    let stadtwerke = all.lines.iter().find(|l| l.text.contains("Strom")).unwrap();
    assert_eq!((stadtwerke.amount.as_str(), stadtwerke.state.as_str()), ("-180.00", "ignored"));

    // A statement of another account: its lines wait, with the reason, and nothing is paid.
    let other = std::fs::read_to_string(fixture("camt053.001.02.xml")).unwrap().replace("DE89370400440532013000", "DE02120300000000202051").replace("2026112012345001", "OTHER-1").replace("2026112212345003", "OTHER-3").replace("2026112112345002", "OTHER-2");
    let r = bank::import(&mut b.conn, &b.ctx, other.as_bytes(), "other.xml", &BankImportOptions::default()).unwrap();
    assert_eq!((r.new_lines, r.matched), (3, 0), "{r:?}");
    let waiting = view::lines(&b.conn, Some("unmatched"), 100).unwrap();
    assert!(waiting.lines.iter().any(|l| l.reason.contains("the statement is of account DE02120300000000202051, not the business's")), "{:?}", waiting.lines.iter().map(|l| &l.reason).collect::<Vec<_>>());

    // Everything again: nothing new, nothing paid twice.
    for f in ["camt053.001.02.xml", "camt053.001.08.xml", "mt940.sta", "dkb.csv"] {
        let r = b.import(f);
        assert_eq!((r.new_lines, r.matched), (0, 0), "{f}: {r:?}");
    }
}

#[test]
fn dollar_ofx_1_and_2_overlap_and_a_chase_csv() {
    let mut b = books(
        "USD",
        "US",
        ("", "", ""),
        &[("Harbor Lane Design LLC", &[("1001", "2500.00")]), ("Pioneer Dental Group", &[("1002", "980.00"), ("1003", "1500.00")])],
    );
    let r = b.import("ofx1.0.2.ofx");
    assert_eq!((r.lines, r.matched, r.ignored), (3, 1, 1), "{r:?}");
    assert_eq!(b.owed("1001"), "0.00", "'Invoice 1001' from Harbor Lane, for its amount");
    assert_eq!(b.suggested_for("PIONEER"), vec!["Pioneer Dental Group: 1002".to_string()], "by payer and amount");
    // OFX 2.1.1 repeats a FITID already imported, and brings a part payment.
    let r = b.import("ofx2.1.1.qfx");
    assert_eq!((r.lines, r.new_lines, r.already_imported, r.matched), (2, 1, 1, 1), "{r:?}");
    assert_eq!(b.owed("1003"), "1000.00", "a part payment leaves the rest open");
    assert_eq!(b.owed("1001"), "0.00", "not paid twice");
    // Chase's CSV: the ACH text carries the invoice number.
    let r = b.import("chase.csv");
    assert_eq!((r.lines, r.ignored), (2, 1), "{r:?}");
    assert_eq!(r.matched, 1, "{r:?}");
    assert_eq!(b.owed("1002"), "0.00");
}

#[test]
fn sterling_lloyds_csv_pays_once_and_an_overpayment_waits() {
    let mut b = books(
        "GBP",
        "GB",
        ("", "20-45-77", "43819265"),
        &[("Acme Builders", &[("INV-1001", "1200.00"), ("INV-1004", "1200.00")]), ("Harris Joinery Ltd", &[("INV-1002", "320.00"), ("INV-1003", "320.00")])],
    );
    let r = b.import("lloyds.csv");
    assert_eq!((r.lines, r.matched, r.ignored), (4, 1, 1), "{r:?}");
    assert!(r.problems.is_empty(), "the statement is of the business's own account: {:?}", r.problems);
    assert_eq!(b.owed("INV-1001"), "0.00");
    assert_eq!(b.owed("INV-1004"), "1200.00", "a second payment quoting a paid invoice is not applied by itself");
    // Harris paid both its invoices in one sum, naming neither: a suggestion.
    let s = b.suggested_for("HARRIS");
    assert_eq!(s, vec!["Harris Joinery Ltd: INV-1002, INV-1003".to_string()], "{s:?}");
}
