//! Real export shapes, written from each tool's documented layout: report
//! titles and total rows around the table, other languages' headers,
//! Windows-1252 and UTF-16 files, and wording such as "Issued" or "Inv. No.".
//! Each is checked against its expected totals.

use chrono::NaiveDate;
use overdue_core::import::{self, ImportOptions};
use overdue_core::report::{self, InvoiceQuery};
use overdue_core::rusqlite::Connection;
use overdue_core::{db, ledger};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn fresh(currency: &str) -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let (conn, _) = db::open(&dir.path().join("overdue.sqlite")).unwrap();
    let mut b = ledger::business(&conn).unwrap();
    b.trading_name = "Northwind Design".into();
    b.currency = currency.into();
    b.country = if currency == "USD" { "US".into() } else { "GB".into() };
    ledger::update_business(&conn, &b).unwrap();
    (dir, conn)
}

/// Imports and returns (number, client, issue, due, amount, outstanding) rows.
fn import_all(conn: &mut Connection, bytes: &[u8], name: &str) -> Vec<(String, String, String, String, String, String)> {
    let r = import::commit(conn, bytes, name, &ImportOptions::default(), today()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert!(r.created > 0, "{name}: {r:?}");
    let mut rows: Vec<_> = report::invoices(conn, &InvoiceQuery::default(), today())
        .unwrap()
        .rows
        .into_iter()
        .map(|i| (i.number, i.client_name, i.issue_date, i.due_date, i.amount.display, i.outstanding.display))
        .collect();
    rows.sort();
    rows
}

#[test]
fn a_quickbooks_invoice_list_report_with_titles_total_and_timestamp() {
    // QuickBooks Online, Reports → Invoice List → Export to CSV.
    let csv = "Invoice List\nNorthwind Design Ltd\nAll Dates\n\nDate,Transaction type,Num,Name,Memo/Description,Due date,Amount,Open balance\n\
10/15/2026,Invoice,1001,Acme Ltd,Website,11/14/2026,\"1,200.00\",\"1,200.00\"\n\
10/20/2026,Invoice,1002,Bolt & Nut Co,,11/19/2026,\"2,250.00\",\"1,050.00\"\n\
TOTAL,,,,,,\"$3,450.00\",\"$2,250.00\"\n\n\nMonday, November 30, 2026 02:11 PM GMT-08:00\n";
    let (_d, mut conn) = fresh("USD");
    let p = import::preview(&conn, csv.as_bytes(), "Invoice List.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!(p.invoices, 2);
    let skipped: Vec<&str> = p.skipped_rows.iter().map(|s| s.message.as_str()).collect();
    assert!(skipped.iter().any(|s| s.contains("total row")) && skipped.iter().any(|s| s.contains("below the totals: 'Monday, November 30")), "{skipped:?}");
    assert!(skipped.iter().any(|s| s.contains("above the header: 'Invoice List'")), "{skipped:?}");
    assert!(p.unused_columns.is_empty(), "every column mapped or listed: {:?}", p.unused_columns);
    let kind = p.mapping.iter().find(|m| m.field == "kind").and_then(|m| m.column.clone());
    assert_eq!(kind.as_deref(), Some("Transaction type"), "the type column is read (credit memos, payments)");
    let rows = import_all(&mut conn, csv.as_bytes(), "Invoice List.csv");
    assert_eq!(rows[0], ("1001".into(), "Acme Ltd".into(), "2026-10-15".into(), "2026-11-14".into(), "$1,200.00".into(), "$1,200.00".into()));
    assert_eq!(rows[1].5, "$1,050.00", "open balance read: part paid");
}

#[test]
fn a_german_export_in_windows_1252_with_decimal_commas() {
    // lexoffice / sevDesk style: semicolons, German headers, 1.234,56.
    let text = "Kunde;Rechnungsnummer;Rechnungsdatum;Fällig am;Betrag;Offen;Währung\n\
Müller GmbH;RE-2026-001;15.09.2026;15.10.2026;1.234,56;1.234,56;EUR\n\
Bäckerei Groß;RE-2026-002;01.10.2026;31.10.2026;980,00;480,00;EUR\n\
Gesamt;;;;2.214,56;1.714,56;\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let (_d, mut conn) = fresh("EUR");
    let p = import::preview(&conn, &bytes, "rechnungen.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!((p.encoding.as_str(), p.delimiter.as_str(), p.decimal_comma, p.invoices), ("Windows-1252", ";", true, 2));
    assert!(p.unused_columns.is_empty(), "{:?}", p.unused_columns);
    let rows = import_all(&mut conn, &bytes, "rechnungen.csv");
    assert_eq!(rows[0], ("RE-2026-001".into(), "Müller GmbH".into(), "2026-09-15".into(), "2026-10-15".into(), "€1,234.56".into(), "€1,234.56".into()));
    assert_eq!((rows[1].1.as_str(), rows[1].5.as_str()), ("Bäckerei Groß", "€480.00"));
}

#[test]
fn an_excel_csv_from_windows_with_pounds_issued_and_inv_no() {
    // Excel on Windows, "CSV (Comma delimited)": Windows-1252, £ amounts.
    let text = "Inv. No.,Customer,Issued,Due,Total\nINV-7,Café Rouge Ltd,02/09/2026,30/09/2026,\"£1,234.56\"\nINV-8,Crème & Co,05/09/2026,05/10/2026,£99.00\n";
    let (bytes2, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(std::str::from_utf8(&bytes2).is_err(), "the fixture is not UTF-8");
    let (_d, mut conn) = fresh("GBP");
    let p = import::preview(&conn, &bytes2, "Book1.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    let issued = p.mapping.iter().find(|m| m.field == "issue_date").and_then(|m| m.column.clone());
    assert_eq!(issued.as_deref(), Some("Issued"), "an Issued column is the issue date, not ignored");
    let rows = import_all(&mut conn, &bytes2, "Book1.csv");
    assert_eq!(rows[0], ("INV-7".into(), "Café Rouge Ltd".into(), "2026-09-02".into(), "2026-09-30".into(), "£1,234.56".into(), "£1,234.56".into()));
    assert_eq!(rows[1].4, "£99.00");
}

#[test]
fn a_utf16_unicode_text_file_with_tabs() {
    // Excel's "Unicode Text (*.txt)": UTF-16LE with a byte order mark, tabs.
    let text = "Invoice Number\tContact\tInvoice Date\tDue Date\tTotal\nINV-1\tZoë's Bakery\t2026-09-01\t2026-10-01\t120.00\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let (_d, mut conn) = fresh("GBP");
    let p = import::preview(&conn, &bytes, "export.txt", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!((p.encoding.as_str(), p.delimiter.as_str()), ("UTF-16LE (with BOM)", "tab"));
    let rows = import_all(&mut conn, &bytes, "export.txt");
    assert_eq!(rows[0].1, "Zoë's Bakery");
}

#[test]
fn dollar_amounts_never_become_pounds() {
    let csv = "Invoice No,Customer,Invoice Date,Due Date,Amount\n1001,Acme Corp,2026-09-01,2026-10-01,\"$24,961.15\"\n1002,Acme Corp,2026-09-05,2026-10-05,$310.00\n";
    // A UK business: a bare $ could be any dollar, so the owner says which.
    let (_d, mut conn) = fresh("GBP");
    let p = import::preview(&conn, csv.as_bytes(), "us.csv", &ImportOptions::default()).unwrap();
    assert!(!p.ready);
    assert_eq!(p.problems.len(), 1, "asked once for the file: {:?}", p.problems);
    assert!(p.problems[0].message.contains("dollars ($)") && p.problems[0].message.contains("GBP"), "{:?}", p.problems);
    let opts = ImportOptions { currency: Some("USD".into()), ..Default::default() };
    let p = import::preview(&conn, csv.as_bytes(), "us.csv", &opts).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!(p.currency_note, "Amounts in USD; the business's currency is GBP.");
    import::commit(&mut conn, csv.as_bytes(), "us.csv", &opts, today()).unwrap();
    let rows = report::invoices(&conn, &InvoiceQuery::default(), today()).unwrap().rows;
    assert!(rows.iter().all(|r| r.amount.currency == "USD"), "{rows:?}");
    assert!(rows.iter().any(|r| r.amount.display == "$24,961.15"));
    // A US business: $ is its own currency, no question.
    let (_d2, conn2) = fresh("USD");
    let p = import::preview(&conn2, csv.as_bytes(), "us.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready && p.currency_note.is_empty(), "{:?} {}", p.problems, p.currency_note);
    // Euro signs name the euro whatever the business's currency.
    let eu = "Invoice No,Customer,Due Date,Amount\nF-1,Café de Paris,2026-10-01,\"1.234,56 €\"\n";
    let (_d3, mut conn3) = fresh("GBP");
    let rows = import_all(&mut conn3, eu.as_bytes(), "eu.csv");
    assert_eq!(rows[0].4, "€1,234.56");
}

#[test]
fn a_later_export_records_what_was_paid_since_and_lists_what_is_gone() {
    let first = "*ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,InvoiceAmountPaid,InvoiceAmountDue,Currency\n\
Acme Ltd,INV-1,2026-09-01,2026-10-01,1000.00,0.00,1000.00,GBP\n\
Acme Ltd,INV-2,2026-09-05,2026-10-05,500.00,0.00,500.00,GBP\n\
Bolt Co,INV-3,2026-09-10,2026-10-10,300.00,0.00,300.00,GBP\n";
    // A month on, an "awaiting payment" export: INV-1 paid in full (so
    // shown as paid here), INV-2 part paid, INV-3 no longer listed.
    let later = "*ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,InvoiceAmountPaid,InvoiceAmountDue,Currency\n\
Acme Ltd,INV-1,2026-09-01,2026-10-01,1000.00,1000.00,0.00,GBP\n\
Acme Ltd,INV-2,2026-09-05,2026-10-05,500.00,200.00,300.00,GBP\n";
    let (_d, mut conn) = fresh("GBP");
    import::commit(&mut conn, first.as_bytes(), "first.csv", &ImportOptions::default(), today()).unwrap();
    let p = import::preview(&conn, later.as_bytes(), "later.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!((p.paid_since, p.paid_since_total.as_str()), (2, "£1,200.00"));
    assert_eq!((p.missing_invoices.clone(), p.missing_action.as_str()), (vec!["INV-3".to_string()], "keep"));
    let r = import::commit(&mut conn, later.as_bytes(), "later.csv", &ImportOptions::default(), today()).unwrap();
    assert_eq!((r.paid_since, r.missing), (2, 1));
    assert!(r.message.contains("£1,200.00 received since on 2 invoices") && r.message.contains("1 invoice no longer listed: 1 kept open"), "{}", r.message);
    fn out(conn: &Connection, n: &str) -> overdue_core::model::InvoiceRow {
        report::invoices(conn, &InvoiceQuery::default(), today()).unwrap().rows.into_iter().find(|i| i.number == n).unwrap()
    }
    assert_eq!((out(&conn, "INV-1").status.as_str(), out(&conn, "INV-2").outstanding.display.as_str(), out(&conn, "INV-3").outstanding.display.as_str()), ("paid", "£300.00", "£300.00"));
    // The paid invoice leaves Today: a reminder for money received is the worst mistake.
    let ctx = overdue_core::chase::Ctx { today: today(), now: today().and_hms_opt(12, 0, 0).unwrap().and_utc(), docs_dir: _d.path().join("documents") };
    let t = overdue_core::chase::today(&conn, &ctx).unwrap();
    assert!(!t.items.iter().any(|i| i.invoices.iter().any(|x| x.number == "INV-1")), "INV-1 is paid and not chased");
    // The same later file again changes nothing.
    let again = import::preview(&conn, later.as_bytes(), "later.csv", &ImportOptions::default()).unwrap();
    assert_eq!((again.paid_since, again.unchanged_invoices), (0, 2));
    // The owner says the gone invoice was paid.
    let opts = ImportOptions { missing: Some("paid".into()), ..Default::default() };
    let r = import::commit(&mut conn, later.as_bytes(), "later.csv", &opts, today()).unwrap();
    assert!(r.message.contains("1 invoice no longer listed: 1 recorded as paid"), "{}", r.message);
    assert_eq!(out(&conn, "INV-3").status, "paid");
    // Less paid in a file than recorded is shown, never applied.
    let reversed = later.replace("1000.00,1000.00,0.00", "1000.00,600.00,400.00");
    let p = import::preview(&conn, reversed.as_bytes(), "reversed.csv", &ImportOptions::default()).unwrap();
    assert!(p.notes.iter().any(|n| n.message.contains("INV-1") && n.message.contains("reversed")), "{:?}", p.notes);
    // A changed total (a credit note in the books) is shown and updated.
    let credited = later.replace("INV-2,2026-09-05,2026-10-05,500.00,200.00,300.00", "INV-2,2026-09-05,2026-10-05,450.00,200.00,250.00");
    let p = import::preview(&conn, credited.as_bytes(), "credited.csv", &ImportOptions::default()).unwrap();
    assert!(p.notes.iter().any(|n| n.message.starts_with("invoice INV-2: the total is now £450.00 (Overdue has £500.00)")), "{:?}", p.notes);
    let e = import::preview(&conn, later.as_bytes(), "x.csv", &ImportOptions { missing: Some("maybe".into()), ..Default::default() }).unwrap_err();
    assert!(e.to_string().contains("not keep, paid or cancelled"), "{e}");
}

#[test]
fn a_gone_invoice_can_be_cancelled_and_is_not_money_received() {
    let first = "Invoice Number,Customer,Due Date,Total,Amount Due\nA-1,Acme Ltd,2026-10-01,100.00,100.00\nA-2,Acme Ltd,2026-10-02,50.00,50.00\nA-3,Acme Ltd,2026-10-03,20.00,20.00\n";
    let later = "Invoice Number,Customer,Due Date,Total,Amount Due\nA-1,Acme Ltd,2026-10-01,100.00,100.00\n";
    let (_d, mut conn) = fresh("GBP");
    import::commit(&mut conn, first.as_bytes(), "first.csv", &ImportOptions::default(), today()).unwrap();
    // For all, and for one invoice apart.
    let mut opts = ImportOptions { missing: Some("cancelled".into()), ..Default::default() };
    opts.missing_each.insert("A-3".into(), "paid".into());
    let p = import::preview(&conn, later.as_bytes(), "later.csv", &opts).unwrap();
    let detail: Vec<(String, String, String, String)> = p.missing_detail.iter().map(|m| (m.number.clone(), m.client.clone(), m.outstanding.clone(), m.action.clone())).collect();
    assert_eq!(detail, vec![("A-2".into(), "Acme Ltd".into(), "£50.00".into(), "cancelled".into()), ("A-3".into(), "Acme Ltd".into(), "£20.00".into(), "paid".into())]);
    let r = import::commit(&mut conn, later.as_bytes(), "later.csv", &opts, today()).unwrap();
    assert!(r.message.contains("2 invoices no longer listed: 1 recorded as paid, 1 cancelled"), "{}", r.message);
    let method3: String = conn.query_row("SELECT p.method FROM payments p JOIN allocations a ON a.payment_id = p.id JOIN invoices i ON i.id = a.invoice_id WHERE i.number = 'A-3'", [], |r| r.get(0)).unwrap();
    assert_eq!(method3, "imported");
    let method: String = conn.query_row("SELECT p.method FROM payments p JOIN allocations a ON a.payment_id = p.id JOIN invoices i ON i.id = a.invoice_id WHERE i.number = 'A-2'", [], |r| r.get(0)).unwrap();
    assert_eq!(method, "write-off", "a cancellation is written off, never counted as received");
}

#[test]
fn drafts_and_voided_invoices_are_never_chased_and_paid_ones_count_as_paid() {
    // Xero's statuses: DRAFT, SUBMITTED (awaiting approval), AUTHORISED
    // (awaiting payment), PAID, VOIDED.
    let csv = "InvoiceNumber,ContactName,DueDate,Total,Status\nX-1,Acme Ltd,2026-10-01,100.00,AUTHORISED\nX-2,Acme Ltd,2026-10-02,200.00,DRAFT\nX-3,Acme Ltd,2026-10-03,300.00,VOIDED\nX-4,Acme Ltd,2026-10-04,400.00,PAID\nX-5,Acme Ltd,2026-10-05,500.00,Awaiting Approval\n";
    let (_d, mut conn) = fresh("GBP");
    let p = import::preview(&conn, csv.as_bytes(), "xero.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!(p.invoices, 2, "X-1 and X-4");
    let why: Vec<&str> = p.skipped_rows.iter().map(|s| s.message.as_str()).collect();
    assert!(why.iter().any(|w| w.contains("X-2 is a draft")) && why.iter().any(|w| w.contains("X-3 is void")) && why.iter().any(|w| w.contains("X-5 is a draft")), "{why:?}");
    let rows = import_all(&mut conn, csv.as_bytes(), "xero.csv");
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].5.as_str(), rows[1].5.as_str()), ("£100.00", "£0.00"), "PAID counts as paid");
    // Later the open one is paid: its status says so, and it is recorded.
    let later = csv.replace("X-1,Acme Ltd,2026-10-01,100.00,AUTHORISED", "X-1,Acme Ltd,2026-10-01,100.00,PAID");
    let p = import::preview(&conn, later.as_bytes(), "xero.csv", &ImportOptions::default()).unwrap();
    assert_eq!((p.paid_since, p.paid_since_total.as_str(), p.notes.len()), (1, "£100.00", 0));
}

/// An Excel workbook as Excel saves it: a title above the header, real date
/// cells, numbers as numbers, and the invoices on the second sheet.
fn workbook() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("Notes").unwrap();
    notes.write_string(0, 0, "Exported from the books").unwrap();
    let sheet = book.add_worksheet().set_name("Invoices").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string(0, 0, "Aged receivables, 23 November 2026").unwrap();
    for (c, h) in ["Invoice No.", "Customer", "Date", "Due Date", "Total", "Balance"].iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let rows = [("1001", "Acme Ltd", (2026, 9, 1), (2026, 10, 1), 24961.15, 24961.15), ("1002", "Zoë's Bakery", (2026, 9, 14), (2026, 10, 14), 0.1 + 0.2, 0.1 + 0.2)];
    for (i, (n, c, d, due, total, bal)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_number(r, 0, n.parse::<f64>().unwrap()).unwrap();
        sheet.write_string(r, 1, *c).unwrap();
        sheet.write_datetime_with_format(r, 2, ExcelDateTime::from_ymd(d.0, d.1, d.2).unwrap(), &date).unwrap();
        sheet.write_datetime_with_format(r, 3, ExcelDateTime::from_ymd(due.0, due.1, due.2).unwrap(), &date).unwrap();
        sheet.write_number(r, 4, *total).unwrap();
        sheet.write_number(r, 5, *bal).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn an_excel_workbook_is_read_directly_first_sheet_with_cells_or_a_chosen_one() {
    let bytes = workbook();
    let (_d, mut conn) = fresh("GBP");
    // The first sheet has one cell and no invoice header: named, not guessed.
    let p = import::preview(&conn, &bytes, "receivables.xlsx", &ImportOptions { sheet: Some("notes".into()), ..Default::default() }).unwrap();
    assert!(!p.ready && p.sheet == "Notes", "{:?}", p.problems);
    let p = import::preview(&conn, &bytes, "receivables.xlsx", &ImportOptions { sheet: Some("Invoices".into()), ..Default::default() }).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!(p.sheets, vec!["Notes".to_string(), "Invoices".to_string()]);
    assert_eq!(p.encoding, "Excel workbook (.xlsx), sheet 'Invoices'");
    assert_eq!((p.header_row, p.invoices), (3, 2), "rows numbered as the spreadsheet shows them");
    let err = import::preview(&conn, &bytes, "receivables.xlsx", &ImportOptions { sheet: Some("Sheet9".into()), ..Default::default() }).unwrap();
    assert!(err.problems[0].message.contains("no sheet 'Sheet9' (its sheets: Notes, Invoices)"), "{:?}", err.problems);
    let opts = ImportOptions { sheet: Some("Invoices".into()), ..Default::default() };
    import::commit(&mut conn, &bytes, "receivables.xlsx", &opts, today()).unwrap();
    let mut rows: Vec<_> = report::invoices(&conn, &InvoiceQuery::default(), today()).unwrap().rows.into_iter().map(|i| (i.number, i.client_name, i.issue_date, i.due_date, i.amount.display)).collect();
    rows.sort();
    assert_eq!(rows[0], ("1001".into(), "Acme Ltd".into(), "2026-09-01".into(), "2026-10-01".into(), "£24,961.15".into()), "a number cell 1001 is invoice 1001, a date cell a date");
    // A formula's 0.1 + 0.2 is stored as 0.30000000000000004; read as Excel shows it.
    assert_eq!(rows[1].4, "£0.30");
}

#[test]
fn a_zip_that_is_not_a_workbook_and_a_broken_workbook_are_named() {
    let (_d, conn) = fresh("GBP");
    let p = import::preview(&conn, b"PK\x03\x04\x14\x00\x00\x00garbage", "x.zip", &ImportOptions::default()).unwrap();
    assert!(p.problems[0].message.contains("not an Excel or LibreOffice workbook"), "{:?}", p.problems);
    let mut broken = workbook();
    broken.truncate(broken.len() / 2);
    let p = import::preview(&conn, &broken, "x.xlsx", &ImportOptions::default()).unwrap();
    assert!(!p.ready && p.problems[0].message.contains("cannot be read"), "{:?}", p.problems);
}

#[test]
fn a_libreoffice_ods_and_an_old_excel_xls_are_read_directly() {
    // Both written by other tools (Python's zipfile after LibreOffice's
    // layout; xlwt for Excel 97–2003), kept as files in tests/fixtures.
    let ods = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rechnungen.ods")).unwrap();
    let (_d, mut conn) = fresh("EUR");
    let p = import::preview(&conn, &ods, "rechnungen.ods", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!(p.encoding, "OpenDocument spreadsheet (.ods), sheet 'Rechnungen'");
    let rows = import_all(&mut conn, &ods, "rechnungen.ods");
    assert_eq!(rows[0], ("RE-1".into(), "Müller GmbH".into(), "2026-09-15".into(), "2026-10-15".into(), "€1,234.56".into(), "€234.56".into()));
    let xls = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sage.xls")).unwrap();
    let (_d2, mut conn2) = fresh("GBP");
    let p = import::preview(&conn2, &xls, "sage.xls", &ImportOptions::default()).unwrap();
    assert!(p.ready && p.encoding.starts_with("Excel 97–2003 workbook (.xls)"), "{:?} {}", p.problems, p.encoding);
    let rows = import_all(&mut conn2, &xls, "sage.xls");
    assert_eq!(rows[0], ("SI-101".into(), "Crème & Co".into(), "2026-09-01".into(), "2026-10-01".into(), "£480.00".into(), "£480.00".into()));
}

#[test]
fn a_quickbooks_ar_aging_detail_with_sections_an_as_of_date_and_a_credit_memo() {
    // Reports → A/R Aging Detail → Export to CSV: aging buckets as sections,
    // each with its own total, the report date in the title.
    let csv = "Northwind Design Ltd\nA/R Aging Detail\nAs of November 20, 2026\n\nDate,Transaction Type,Num,Customer,Due Date,Amount,Open Balance\n\
Current\n11/15/2026,Invoice,1010,Acme Ltd,12/15/2026,500.00,500.00\nTotal for Current,,,,,$500.00,$500.00\n\
1 - 30 days past due\n10/20/2026,Invoice,1002,Bolt & Nut Co,11/19/2026,\"2,250.00\",\"1,050.00\"\n10/25/2026,Credit Memo,CM-5,Bolt & Nut Co,,-100.00,-100.00\n\
Total for 1 - 30 days past due,,,,,\"$2,150.00\",$950.00\nTOTAL,,,,,\"$2,650.00\",\"$1,450.00\"\n\n\nMonday, November 30, 2026 02:11 PM GMT-08:00\n";
    let (_d, mut conn) = fresh("USD");
    let p = import::preview(&conn, csv.as_bytes(), "AR Aging.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!((p.invoices, p.as_of.as_deref()), (2, Some("2026-11-20")), "both sections read; the report's date found");
    let skipped: Vec<String> = p.skipped_rows.iter().map(|s| format!("{}: {}", s.row, s.message)).collect();
    assert!(skipped.iter().any(|s| s.starts_with("11: credit note CM-5 ($100.00) names no invoice")), "{skipped:?}");
    assert!(skipped.iter().any(|s| s.contains("a total row: 'Total for Current'")) && skipped.iter().any(|s| s.contains("'1 - 30 days past due'")), "{skipped:?}");
    let rows = import_all(&mut conn, csv.as_bytes(), "AR Aging.csv");
    assert_eq!((rows[0].0.as_str(), rows[0].5.as_str(), rows[1].0.as_str(), rows[1].5.as_str()), ("1002", "$1,050.00", "1010", "$500.00"));
}

#[test]
fn a_later_export_dates_money_received_by_the_reports_as_of_date() {
    let (_d, mut conn) = fresh("USD");
    let first = "Invoice List\nDate,Num,Name,Due date,Amount,Open balance\n10/15/2026,1001,Acme Ltd,11/14/2026,\"1,200.00\",\"1,200.00\"\n";
    import::commit(&mut conn, first.as_bytes(), "list-oct.csv", &ImportOptions::default(), today()).unwrap();
    let later = "Invoice List\nAs of 11/20/2026\nDate,Num,Name,Due date,Amount,Open balance\n10/15/2026,1001,Acme Ltd,11/14/2026,\"1,200.00\",200.00\n";
    import::commit(&mut conn, later.as_bytes(), "list-nov.csv", &ImportOptions::default(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()).unwrap();
    let (date, amount): (String, i64) = conn.query_row("SELECT date, amount_minor FROM payments WHERE reference LIKE 'paid per%'", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((date.as_str(), amount), ("2026-11-20", 100_000), "dated as the export says, not the day it was imported");
}

#[test]
fn freshbooks_and_invoice2go_without_due_dates_use_payment_terms() {
    // FreshBooks' invoice export has no due date; Invoice2go's has a Terms column.
    let fb = "Client Name,Invoice #,Date Issued,Invoice Status,Amount,Paid,Outstanding\nAcme Ltd,0000041,2026-10-01,sent,600.00,0.00,600.00\nBolt Co,0000042,2026-10-05,paid,90.00,90.00,0.00\nCass Ltd,0000043,2026-10-06,draft,70.00,0.00,70.00\n";
    let (_d, mut conn) = fresh("GBP");
    let p = import::preview(&conn, fb.as_bytes(), "freshbooks.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!(p.due_note, "No due-date column: due dates are the issue date plus your payment terms of 30 days (Settings).");
    let rows = import_all(&mut conn, fb.as_bytes(), "freshbooks.csv");
    assert_eq!(rows.len(), 2, "the draft is never chased");
    assert_eq!((rows[0].3.as_str(), rows[0].5.as_str(), rows[1].5.as_str()), ("2026-10-31", "£600.00", "£0.00"));
    let i2g = "Document #,Client,Date,Terms,Total,Balance\nI-7,Dune Ltd,2026-10-01,Net 14,250.00,250.00\nI-8,Dune Ltd,2026-10-02,Due on receipt,40.00,40.00\nI-9,Dune Ltd,2026-10-03,,10.00,10.00\n";
    let (_d2, mut conn2) = fresh("GBP");
    let mut s = overdue_core::settings::chase(&conn2).unwrap();
    s.payment_terms_days = 21;
    overdue_core::settings::save_chase(&conn2, &s).unwrap();
    let p = import::preview(&conn2, i2g.as_bytes(), "invoice2go.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready && p.due_note.contains("the file's payment terms (your own 21 days"), "{:?} {}", p.problems, p.due_note);
    let rows = import_all(&mut conn2, i2g.as_bytes(), "invoice2go.csv");
    let dues: Vec<&str> = rows.iter().map(|r| r.3.as_str()).collect();
    assert_eq!(dues, vec!["2026-10-15", "2026-10-02", "2026-10-24"]);
}

#[test]
fn a_wave_accounting_transactions_export_folds_into_invoices() {
    // Wave, Settings → Data export → accounting transactions: every
    // transaction on each account it touches, debits and credits apart.
    let csv = "Transaction ID,Transaction Date,Account Name,Transaction Description,Transaction Line Description,Amount (One column),Debit Amount (Two Column Approach),Credit Amount (Two Column Approach),Other Accounts for this Transaction,Customer,Vendor,Invoice Number,Bill Number,Notes / Memo,Amount Before Sales Tax,Sales Tax Amount,Sales Tax Name,Transaction Date Added,Transaction Date Last Modified,Account Group,Account Type,Account ID\n\
101,2026-09-01,Accounts Receivable,Invoice 12,,1200.00,1200.00,,Sales,Acme Ltd,,12,,,1000.00,200.00,VAT,2026-09-01,2026-09-01,Assets,Accounts Receivable,1\n\
101,2026-09-01,Sales,Invoice 12,Design work,-1000.00,,1000.00,Accounts Receivable,Acme Ltd,,12,,,,,,2026-09-01,2026-09-01,Income,Income,2\n\
101,2026-09-01,VAT,Invoice 12,,-200.00,,200.00,Accounts Receivable,Acme Ltd,,12,,,,,,2026-09-01,2026-09-01,Liabilities,Sales Tax,3\n\
102,2026-09-20,Accounts Receivable,Invoice 13,,300.00,300.00,,Sales,Bolt Co,,13,,,300.00,,,2026-09-20,2026-09-20,Assets,Accounts Receivable,1\n\
102,2026-09-20,Sales,Invoice 13,,-300.00,,300.00,Accounts Receivable,Bolt Co,,13,,,,,,2026-09-20,2026-09-20,Income,Income,2\n\
103,2026-10-05,Accounts Receivable,Invoice Payment,,-1200.00,,1200.00,Cash on Hand,Acme Ltd,,12,,,,,,2026-10-05,2026-10-05,Assets,Accounts Receivable,1\n\
103,2026-10-05,Cash on Hand,Invoice Payment,,1200.00,1200.00,,Accounts Receivable,Acme Ltd,,12,,,,,,2026-10-05,2026-10-05,Assets,Cash and Bank,4\n\
104,2026-10-09,Accounts Receivable,Invoice Payment,,-100.00,,100.00,Cash on Hand,Bolt Co,,13,,,,,,2026-10-09,2026-10-09,Assets,Accounts Receivable,1\n\
104,2026-10-09,Cash on Hand,Invoice Payment,,100.00,100.00,,Accounts Receivable,Bolt Co,,13,,,,,,2026-10-09,2026-10-09,Assets,Cash and Bank,4\n";
    let (_d, mut conn) = fresh("GBP");
    let p = import::preview(&conn, csv.as_bytes(), "accounting_transactions.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert!(p.transactions_note.starts_with("Read as accounting transactions: 4 lines on the receivables account make 2 invoices"), "{}", p.transactions_note);
    assert!(p.unused_columns.contains(&"Transaction ID".to_string()) && p.unused_columns.contains(&"Sales Tax Name".to_string()), "{:?}", p.unused_columns);
    let rows = import_all(&mut conn, csv.as_bytes(), "accounting_transactions.csv");
    assert_eq!(rows[0], ("12".into(), "Acme Ltd".into(), "2026-09-01".into(), "2026-10-01".into(), "£1,200.00".into(), "£0.00".into()), "paid in full: imports as paid");
    assert_eq!((rows[1].4.as_str(), rows[1].5.as_str()), ("£300.00", "£200.00"));
}

#[test]
fn sage_with_sales_credits_netted_against_their_invoice() {
    // Sage 50 customer activity: SI sales invoices, SC sales credits naming the invoice.
    let csv = "Type,Ref,A/C,Name,Date,Due Date,Details,Amount,O/S\n\
SI,101,ACME01,Acme Ltd,01/09/2026,01/10/2026,Kitchen,600.00,600.00\n\
SC,CR-7,ACME01,Acme Ltd,15/09/2026,,Credit for 101 (damaged tiles),50.00,50.00\n\
SI,102,BOLT01,Bolt Co,05/09/2026,05/10/2026,Bathroom,300.00,300.00\n";
    let (_d, mut conn) = fresh("GBP");
    let p = import::preview(&conn, csv.as_bytes(), "sage.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert!(p.notes.iter().any(|n| n.row == 3 && n.message == "credit note CR-7 (£50.00) netted against invoice 101: its total is now £550.00"), "{:?}", p.notes);
    let rows = import_all(&mut conn, csv.as_bytes(), "sage.csv");
    assert_eq!((rows.len(), rows[0].4.as_str(), rows[0].5.as_str()), (2, "£550.00", "£550.00"));
    // A credit larger than its invoice is named, nothing written.
    let (_d2, conn2) = fresh("GBP");
    let big = csv.replace("Credit for 101 (damaged tiles),50.00", "Credit for 101 (damaged tiles),650.00");
    let p = import::preview(&conn2, big.as_bytes(), "sage.csv", &ImportOptions::default()).unwrap();
    assert!(p.problems.iter().any(|x| x.row == 3 && x.message.contains("is more than invoice 101")), "{:?}", p.problems);
}

#[test]
fn zoho_with_line_items_and_moneybird_in_dutch() {
    let zoho = "Invoice Date,Invoice ID,Invoice Number,Invoice Status,Customer Name,Due Date,Currency Code,Exchange Rate,Item Name,Quantity,Item Price,Total,Balance\n\
2026-09-01,460000000012,INV-000012,Overdue,Acme Ltd,2026-09-16,EUR,1.00,Design,2,150.00,400.00,400.00\n\
2026-09-01,460000000012,INV-000012,Overdue,Acme Ltd,2026-09-16,EUR,1.00,Print,1,100.00,400.00,400.00\n\
2026-09-03,460000000013,INV-000013,Void,Acme Ltd,2026-09-18,EUR,1.00,Design,1,50.00,50.00,50.00\n";
    let (_d, mut conn) = fresh("EUR");
    let p = import::preview(&conn, zoho.as_bytes(), "Invoice.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready, "{:?}", p.problems);
    assert_eq!((p.invoices, p.merged_rows), (1, 1));
    let rows = import_all(&mut conn, zoho.as_bytes(), "Invoice.csv");
    assert_eq!((rows.len(), rows[0].0.as_str(), rows[0].4.as_str()), (1, "INV-000012", "€400.00"));
    let moneybird = "Factuurnummer;Contact;Factuurdatum;Vervaldatum;Totaalbedrag;Openstaand bedrag;Status\n2026-0031;Bakkerij de Vries;15-09-2026;29-09-2026;1.234,56;1.234,56;te laat\n2026-0032;Jansen B.V.;20-09-2026;04-10-2026;99,50;0,00;betaald\n";
    let (_d2, mut conn2) = fresh("EUR");
    let p = import::preview(&conn2, moneybird.as_bytes(), "facturen.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready && p.unused_columns.is_empty(), "{:?} {:?}", p.problems, p.unused_columns);
    let rows = import_all(&mut conn2, moneybird.as_bytes(), "facturen.csv");
    assert_eq!(rows[0], ("2026-0031".into(), "Bakkerij de Vries".into(), "2026-09-15".into(), "2026-09-29".into(), "€1,234.56".into(), "€1,234.56".into()));
    assert_eq!(rows[1].5, "€0.00");
}
