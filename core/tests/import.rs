//! CSV import against a real SQLite file: the formats of common accounting
//! exports, every kind of bad input (named by row and column, nothing
//! written), all-or-nothing commits, and re-imports that update, not duplicate.

use chrono::NaiveDate;
use overdue_core::import::{self, DateFormat, ImportOptions};
use overdue_core::report::{self, InvoiceQuery};
use overdue_core::rusqlite::Connection;
use overdue_core::{db, Error};
use std::collections::BTreeMap;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn fresh() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let (conn, _) = db::open(&dir.path().join("overdue.sqlite")).unwrap();
    (dir, conn)
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

fn opts() -> ImportOptions {
    ImportOptions::default()
}

#[test]
fn xero_export_with_line_items_bom_and_paid_amounts() {
    let (_d, mut conn) = fresh();
    let csv = "\u{feff}*ContactName,EmailAddress,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,InvoiceAmountPaid,InvoiceAmountDue,Description,Currency\n\
Harbourside Café Ltd,accounts@harbourside.example,INV-0001,Boiler,14/09/2026,14/10/2026,\"1,200.00\",200.00,1000.00,Boiler service,GBP\n\
Harbourside Café Ltd,accounts@harbourside.example,INV-0001,Boiler,14/09/2026,14/10/2026,\"1,200.00\",200.00,1000.00,Parts,GBP\n\
\"Smith, Jones & Co\",,INV-0002,\"Roof \"\"urgent\"\"\",01/10/2026,31/10/2026,450.5,0,450.5,Leak,GBP\n";
    let p = import::preview(&conn, csv.as_bytes(), "xero.csv", &opts()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!(p.date_format, Some(DateFormat::Dmy), "14/09 can only be day-first");
    assert_eq!((p.invoices, p.new_invoices, p.new_clients, p.merged_rows), (2, 2, 2, 1));
    let m: BTreeMap<_, _> = p.mapping.iter().map(|m| (m.field.clone(), m.column.clone())).collect();
    assert_eq!(m["number"].as_deref(), Some("InvoiceNumber"));
    assert_eq!(m["client"].as_deref(), Some("*ContactName"));
    assert_eq!(m["description"].as_deref(), Some("Reference"));
    assert_eq!(count(&conn, "invoices"), 0, "a preview writes nothing");

    let r = import::commit(&mut conn, csv.as_bytes(), "/home/me/xero.csv", &opts(), today()).unwrap();
    assert_eq!((r.created, r.new_clients, r.payments), (2, 2, 1));
    let rows = report::invoices(&conn, &InvoiceQuery::default(), today()).unwrap().rows;
    let inv1 = rows.iter().find(|r| r.number == "INV-0001").unwrap();
    assert_eq!(inv1.amount.display, "£1,200.00");
    assert_eq!(inv1.outstanding.display, "£1,000.00");
    assert_eq!(inv1.due_date, "2026-10-14");
    assert_eq!(inv1.description, "Boiler");
    let inv2 = rows.iter().find(|r| r.number == "INV-0002").unwrap();
    assert_eq!(inv2.client_name, "Smith, Jones & Co");
    assert_eq!(inv2.description, "Roof \"urgent\"");

    // The same file again: nothing new, nothing duplicated.
    let again = import::commit(&mut conn, csv.as_bytes(), "xero.csv", &opts(), today()).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged, again.new_clients), (0, 0, 2, 0));
    assert_eq!(count(&conn, "invoices"), 2);
    assert_eq!(count(&conn, "clients"), 2);
    assert_eq!(count(&conn, "payments"), 1);

    // A changed total is an update, reported as such.
    let changed = csv.replace("\"1,200.00\"", "1300.00");
    let p = import::preview(&conn, changed.as_bytes(), "xero.csv", &opts()).unwrap();
    assert_eq!((p.new_invoices, p.updated_invoices, p.unchanged_invoices), (0, 1, 1));
    import::commit(&mut conn, changed.as_bytes(), "xero.csv", &opts(), today()).unwrap();
    let rows = report::invoices(&conn, &InvoiceQuery::default(), today()).unwrap().rows;
    assert_eq!(rows.iter().find(|r| r.number == "INV-0001").unwrap().amount.display, "£1,300.00");
}

#[test]
fn quickbooks_report_with_title_rows_us_dates_and_open_balance() {
    let (_d, mut conn) = fresh();
    // A US business: its own $ amounts (a UK one is asked which dollars,
    // see import_exports.rs).
    let mut b = overdue_core::ledger::business(&conn).unwrap();
    b.trading_name = "Brightwell Plumbing".into();
    b.currency = "USD".into();
    overdue_core::ledger::update_business(&conn, &b).unwrap();
    let csv = "Brightwell Plumbing\nOpen Invoices\n\nDate,Transaction Type,Num,Customer,Due Date,Amount,Open Balance\n\
03/15/2026,Invoice,1001,Acme Corp,04/14/2026,\"$2,500.00\",\"$1,250.00\"\n\
05/02/2026,Invoice,1002,Beta LLC,06/01/2026,$99.99,$99.99\n";
    let p = import::preview(&conn, csv.as_bytes(), "qb.csv", &opts()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!(p.header_row, 4);
    assert_eq!(p.date_format, Some(DateFormat::Mdy));
    let r = import::commit(&mut conn, csv.as_bytes(), "qb.csv", &ImportOptions::default(), today()).unwrap();
    assert_eq!(r.created, 2);
    let rows = report::invoices(&conn, &InvoiceQuery::default(), today()).unwrap().rows;
    let a = rows.iter().find(|r| r.number == "1001").unwrap();
    assert_eq!(a.issue_date, "2026-03-15");
    assert_eq!(a.paid.amount, "1250.00");
    assert_eq!(a.outstanding.amount, "1250.00");
}

#[test]
fn semicolons_and_decimal_commas_from_a_european_spreadsheet() {
    let (_d, mut conn) = fresh();
    let csv = "Rechnung;Kunde;Datum;Fällig;Betrag;Währung\nR-1;Müller GmbH;2026-09-01;2026-09-30;1.234,56 €;EUR\nR-2;Öztürk KG;2026-10-01;2026-10-31;12,5;EUR\n";
    let mut o = opts();
    for (k, v) in [("number", "Rechnung"), ("client", "Kunde"), ("issue_date", "Datum"), ("due_date", "Fällig"), ("amount", "Betrag"), ("currency", "Währung")] {
        o.mapping.insert(k.into(), v.into());
    }
    let p = import::preview(&conn, csv.as_bytes(), "de.csv", &o).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert!(p.decimal_comma);
    assert_eq!(p.delimiter, ";");
    import::commit(&mut conn, csv.as_bytes(), "de.csv", &o, today()).unwrap();
    let rows = report::invoices(&conn, &InvoiceQuery::default(), today()).unwrap().rows;
    assert_eq!(rows.iter().find(|r| r.number == "R-1").unwrap().amount.display, "€1,234.56");
    assert_eq!(rows.iter().find(|r| r.number == "R-2").unwrap().amount.amount, "12.50");
}

#[test]
fn ambiguous_dates_wait_for_the_users_choice() {
    let (_d, mut conn) = fresh();
    let csv = "Invoice,Client,Date,Due Date,Total\nA-1,Acme,03/04/2026,05/06/2026,10.00\n";
    let p = import::preview(&conn, csv.as_bytes(), "a.csv", &opts()).unwrap();
    assert!(p.date_format_ambiguous);
    assert!(!p.ready);
    assert!(p.problems.iter().any(|x| x.message.contains("DD/MM/YYYY or MM/DD/YYYY")));
    match import::commit(&mut conn, csv.as_bytes(), "a.csv", &opts(), today()) {
        Err(Error::ImportRejected(_)) => {}
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert_eq!(count(&conn, "invoices"), 0);
    let chosen = ImportOptions { date_format: Some(DateFormat::Dmy), ..opts() };
    import::commit(&mut conn, csv.as_bytes(), "a.csv", &chosen, today()).unwrap();
    let rows = report::invoices(&conn, &InvoiceQuery::default(), today()).unwrap().rows;
    assert_eq!((rows[0].issue_date.as_str(), rows[0].due_date.as_str()), ("2026-04-03", "2026-06-05"));
}

#[test]
fn every_bad_row_is_named_and_nothing_is_written() {
    let (_d, mut conn) = fresh();
    let long = "N".repeat(10_000);
    let csv = format!(
        "Invoice Number,Customer,Invoice Date,Due Date,Total,Currency\n\
OK-1,Good Client,2026-01-01,2026-01-31,100.00,GBP\n\
BAD-2,Neg Ltd,2026-01-01,2026-01-31,-5.00,GBP\n\
BAD-3,Zero Ltd,2026-01-01,2026-01-31,0,GBP\n\
BAD-4,Huge Ltd,2026-01-01,2026-01-31,2000000000000,GBP\n\
BAD-5,Early Ltd,2026-03-01,2026-02-01,10,GBP\n\
BAD-6,Leap Ltd,2026-02-29,2026-03-31,10,GBP\n\
BAD-7,{long},2026-01-01,2026-01-31,10,GBP\n\
BAD-8,\"Ctrl\u{7}Ltd\",2026-01-01,2026-01-31,10,GBP\n\
,No Number Ltd,2026-01-01,2026-01-31,10,GBP\n\
BAD-10,,2026-01-01,2026-01-31,10,GBP\n\
BAD-11,Cur Ltd,2026-01-01,2026-01-31,10,XYZ\n\
BAD-12,Text Ltd,2026-01-01,2026-01-31,ten pounds,GBP\n\
OK-1,Other Client,2026-01-01,2026-01-31,999.00,GBP\n\
BAD-14,Short Ltd,2026-01-01\n\
BAD-15,Euro Ltd,2026-01-01,2026-01-31,€10.00,GBP\n\
BAD-16,Pence Ltd,2026-01-01,2026-01-31,10.001,GBP\n"
    );
    let p = import::preview(&conn, csv.as_bytes(), "bad.csv", &opts()).unwrap();
    assert!(!p.ready);
    let find = |row: usize| p.problems.iter().filter(|x| x.row == row).map(|x| format!("{}: {}", x.column, x.message)).collect::<Vec<_>>().join(" | ");
    let expect: &[(usize, &str)] = &[
        (4, "greater than zero"),
        (5, "beyond the limit"),
        (6, "Due Date: due date 2026-02-01 is before the issue date 2026-03-01"),
        (7, "2026-02-29"),
        (8, "Customer: client is 10000 characters long; the limit is 200"),
        (9, "control character"),
        (10, "Invoice Number: invoice number is required"),
        (11, "Customer: client is required"),
        (12, "'XYZ' is not a currency"),
        (13, "'ten pounds' is not an amount"),
        (14, "'OK-1' is also on row 2 with different details"),
        (15, "has 3 fields but the header has 6"),
        (16, "is in EUR but the invoice currency is GBP"),
        (17, "more than 2 decimal places"),
    ];
    for (row, needle) in expect {
        let got = find(*row);
        assert!(got.contains(needle), "row {row}: expected '{needle}', got '{got}'");
    }
    assert!(find(2).is_empty(), "row 2 is fine: {}", find(2));
    // A negative total is a credit note; naming no invoice, it is left out and said so.
    let skipped = p.skipped_rows.iter().find(|x| x.row == 3).map(|x| x.message.clone()).unwrap_or_default();
    assert!(skipped.contains("credit note") && skipped.contains("names no invoice of this file"), "{skipped}");
    match import::commit(&mut conn, csv.as_bytes(), "bad.csv", &opts(), today()) {
        Err(Error::ImportRejected(problems)) => assert!(problems.len() >= expect.len()),
        other => panic!("expected a rejection, got {other:?}"),
    }
    for t in ["clients", "invoices", "payments", "events"] {
        assert_eq!(count(&conn, t), 0, "{t} must stay empty");
    }
}

#[test]
fn a_file_far_larger_than_any_export_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("huge.csv");
    std::fs::File::create(&big).unwrap().set_len(200 * 1024 * 1024).unwrap();
    let e = import::read_file(&big).unwrap_err().to_string();
    assert!(e.contains("is 200 MB") && e.contains("the limit is 50 MB"), "{e}");
    assert!(import::read_file(dir.path()).unwrap_err().to_string().contains("is a folder"));
}

#[test]
fn unreadable_files_are_refused_with_a_reason() {
    let (_d, conn) = fresh();
    let p = import::preview(&conn, b"", "empty.csv", &opts()).unwrap();
    assert!(p.problems[0].message.contains("empty"));
    let p = import::preview(&conn, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "invoices.csv", &opts()).unwrap();
    assert!(p.problems[0].message.contains("not a table of text but a PDF"), "{:?}", p.problems);
    let p = import::preview(&conn, b"PK\x03\x04\x14\x00\x06\x00", "invoices.csv", &opts()).unwrap();
    assert!(p.problems[0].message.contains("not an Excel or LibreOffice workbook"), "{:?}", p.problems);
    let p = import::preview(&conn, b"Invoice,Client,Due Date,Total\nA-1,Acme,2026-10-01,10.00\nA-2,\"Bolt,2026-10-01,20.00\nA-3,Cass,2026-10-01,5.00\n", "quote.csv", &opts()).unwrap();
    assert_eq!((p.problems[0].row, p.ready), (3, false), "{:?}", p.problems);
    assert!(p.problems[0].message.contains("never closed"), "{:?}", p.problems);
    let p = import::preview(&conn, b"Invoice,Client,Due Date,Total\nA-1,Acme,2026-10-01,\"1.234,56\"\nA-2,Bolt,2026-10-01,20.00\n", "mixed.csv", &opts()).unwrap();
    assert!(p.problems.iter().any(|x| x.row == 2 && x.column == "Total" && x.message.contains("1.234,56")), "a decimal-comma amount in a dot file is named: {:?}", p.problems);
    let p = import::preview(&conn, b"Foo,Bar\n1,2\n", "odd.csv", &opts()).unwrap();
    assert!(p.problems.iter().any(|x| x.message.contains("no column for 'Invoice number'")));
    let p = import::preview(&conn, b"Invoice,Client,Due Date,Total\n", "head.csv", &opts()).unwrap();
    assert!(p.problems.iter().any(|x| x.message.contains("no invoice rows")));
    let e = import::preview(&conn, b"Invoice,Client,Due Date,Total\n1,a,2026-01-01,5\n", "x.csv", &ImportOptions { mapping: [("amount".to_string(), "Nope".to_string())].into(), ..opts() }).unwrap_err();
    assert!(e.to_string().contains("no column 'Nope'"), "{e}");
}

#[test]
fn markup_in_names_is_kept_as_text() {
    let (_d, mut conn) = fresh();
    let csv = "Invoice Number,Customer,Due Date,Total\nX-1,<img src=x onerror=alert(1)>,2026-10-01,10\n";
    import::commit(&mut conn, csv.as_bytes(), "x.csv", &opts(), today()).unwrap();
    let rows = report::invoices(&conn, &InvoiceQuery::default(), today()).unwrap().rows;
    assert_eq!(rows[0].client_name, "<img src=x onerror=alert(1)>");
    assert_eq!(rows[0].issue_date, "2026-10-01", "no issue date column: the due date stands in");
}
