//! The import history: the same file twice changes nothing and says so; the
//! last import can be undone (its invoices, payments and new clients gone,
//! the invoices it changed put back), refused where later work depends on
//! it; corrected mappings are remembered; the books' freshness.

use chrono::NaiveDate;
use overdue_core::import::{self, ImportOptions};
use overdue_core::model::PaymentInput;
use overdue_core::report::{self, InvoiceQuery};
use overdue_core::rusqlite::Connection;
use overdue_core::{db, payments, Error};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn fresh() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let (conn, _) = db::open(&dir.path().join("overdue.sqlite")).unwrap();
    (dir, conn)
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// (number, outstanding) of every invoice.
fn ledger(conn: &Connection) -> Vec<(String, String)> {
    let mut v: Vec<_> = report::invoices(conn, &InvoiceQuery::default(), day(23)).unwrap().rows.into_iter().map(|i| (i.number, i.outstanding.display)).collect();
    v.sort();
    v
}

const FIRST: &str = "ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,InvoiceAmountPaid\n\
Acme Ltd,INV-1,2026-09-01,2026-10-01,1000.00,0.00\n\
Acme Ltd,INV-2,2026-09-10,2026-10-10,500.00,100.00\n\
Bolt Co,INV-3,2026-09-15,2026-10-15,250.00,0.00\n";

const LATER: &str = "ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,InvoiceAmountPaid\n\
Acme Ltd,INV-1,2026-09-01,2026-10-15,1000.00,1000.00\n\
Acme Ltd,INV-2,2026-09-10,2026-10-10,500.00,300.00\n\
Dune Ltd,INV-4,2026-10-01,2026-10-31,80.00,0.00\n";

#[test]
fn the_same_file_twice_changes_nothing_and_says_so() {
    let (_d, mut conn) = fresh();
    let first = import::commit(&mut conn, FIRST.as_bytes(), "/home/o/Downloads/xero.csv", &ImportOptions::default(), day(2)).unwrap();
    assert!(!first.already_imported && first.import_id.is_some());
    let before: Vec<i64> = ["clients", "invoices", "payments", "allocations", "events", "imports"].iter().map(|t| count(&conn, t)).collect();
    let p = import::preview(&conn, FIRST.as_bytes(), "xero.csv", &ImportOptions::default()).unwrap();
    assert!(p.already_imported.contains("xero.csv was already imported on 2 Nov 2026"), "{}", p.already_imported);
    let again = import::commit(&mut conn, FIRST.as_bytes(), "xero.csv", &ImportOptions::default(), day(9)).unwrap();
    assert!(again.already_imported && again.import_id.is_none() && again.message.contains("changes nothing"), "{again:?}");
    let after: Vec<i64> = ["clients", "invoices", "payments", "allocations", "events", "imports"].iter().map(|t| count(&conn, t)).collect();
    assert_eq!(before, after, "not one row written, not even the history");
    assert_eq!(import::freshness(&conn, day(9)).unwrap().updated_on, "2026-11-02", "an old file says nothing about today");
    // The same bytes with another choice is a new import.
    let other = ImportOptions { missing: Some("paid".into()), ..Default::default() };
    assert!(!import::commit(&mut conn, FIRST.as_bytes(), "xero.csv", &other, day(9)).unwrap().already_imported);
}

#[test]
fn the_last_import_is_undone_and_the_one_before_it_after() {
    let (_d, mut conn) = fresh();
    let a = import::commit(&mut conn, FIRST.as_bytes(), "first.csv", &ImportOptions::default(), day(2)).unwrap().import_id.unwrap();
    let after_first = ledger(&conn);
    let events_after_first = count(&conn, "events");
    let opts = ImportOptions { missing: Some("cancelled".into()), ..Default::default() };
    let b = import::commit(&mut conn, LATER.as_bytes(), "later.csv", &opts, day(20)).unwrap().import_id.unwrap();
    assert_eq!(ledger(&conn), vec![("INV-1".into(), "£0.00".into()), ("INV-2".into(), "£200.00".into()), ("INV-3".into(), "£0.00".into()), ("INV-4".into(), "£80.00".into())]);
    // Only the last one.
    let err = import::undo(&mut conn, a, day(21)).unwrap_err().to_string();
    assert!(err.contains("only the last import can be undone; later.csv was imported after first.csv"), "{err}");
    let msg = import::undo(&mut conn, b, day(21)).unwrap();
    assert!(msg.starts_with("Undid the import of later.csv"), "{msg}");
    assert_eq!(ledger(&conn), after_first, "payments, the write-off and INV-4 gone; INV-1's due date put back");
    let due: String = conn.query_row("SELECT due_date FROM invoices WHERE number = 'INV-1'", [], |r| r.get(0)).unwrap();
    assert_eq!(due, "2026-10-01");
    assert_eq!(count(&conn, "clients"), 2, "Dune Ltd, new in the undone import, is gone");
    assert!(count(&conn, "events") > events_after_first, "the history of the clients that stay is appended to, never cut");
    let h = import::history(&conn, 10).unwrap();
    assert!(h[0].undone_at.is_some() && h[1].undone_at.is_none());
    assert!(import::undo(&mut conn, b, day(21)).unwrap_err().to_string().contains("already undone"));
    // Now the first is the last standing, and undoing it empties the ledger.
    import::undo(&mut conn, a, day(21)).unwrap();
    for t in ["clients", "invoices", "payments", "allocations", "events"] {
        assert_eq!(count(&conn, t), 0, "{t}");
    }
    assert_eq!(import::freshness(&conn, day(21)).unwrap().updated_on, "", "no import stands");
    // The history stays append-only outside an undo.
    import::commit(&mut conn, FIRST.as_bytes(), "first.csv", &ImportOptions::default(), day(22)).unwrap();
    assert!(conn.execute("DELETE FROM events", []).is_err());
}

#[test]
fn an_undo_that_later_work_depends_on_is_refused_and_changes_nothing() {
    let (_d, mut conn) = fresh();
    let a = import::commit(&mut conn, FIRST.as_bytes(), "first.csv", &ImportOptions::default(), day(2)).unwrap().import_id.unwrap();
    let acme: i64 = conn.query_row("SELECT id FROM clients WHERE name = 'Acme Ltd'", [], |r| r.get(0)).unwrap();
    let pay = PaymentInput { client_id: acme, date: "2026-11-05".into(), amount: "50.00".into(), currency: String::new(), method: "bank".into(), reference: String::new(), invoice_number: "INV-1".into() };
    payments::record_typed(&mut conn, &pay, day(5)).unwrap();
    let before = (count(&conn, "invoices"), count(&conn, "payments"), ledger(&conn));
    match import::undo(&mut conn, a, day(6)) {
        Err(Error::Invalid { message, .. }) => assert!(message.contains("cannot be undone: a payment recorded since was set against invoice INV-1"), "{message}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(before, (count(&conn, "invoices"), count(&conn, "payments"), ledger(&conn)));
    assert!(import::history(&conn, 1).unwrap()[0].undone_at.is_none());
}

#[test]
fn a_corrected_mapping_is_remembered_for_files_with_the_same_header() {
    let (_d, mut conn) = fresh();
    let csv = "Job ref,Customer,Due,Gross,Job\nA-1,Acme Ltd,2026-10-01,100.00,Kitchen\n";
    let p = import::preview(&conn, csv.as_bytes(), "jobs.csv", &ImportOptions::default()).unwrap();
    assert!(!p.ready, "'Job ref' is not known as the invoice number");
    let mut opts = ImportOptions::default();
    opts.mapping.insert("number".into(), "Job ref".into());
    opts.mapping.insert("description".into(), "Job".into());
    import::commit(&mut conn, csv.as_bytes(), "jobs.csv", &opts, day(2)).unwrap();
    let next = "Job ref,Customer,Due,Gross,Job\nA-2,Bolt Co,2026-11-01,40.00,Bathroom\n";
    let p = import::preview(&conn, next.as_bytes(), "jobs-nov.csv", &ImportOptions::default()).unwrap();
    assert!(p.ready && p.mapping_remembered, "{:?}", p.problems);
    let col = |f: &str| p.mapping.iter().find(|m| m.field == f).and_then(|m| m.column.clone());
    assert_eq!((col("number").as_deref(), col("description").as_deref()), (Some("Job ref"), Some("Job")));
    // Another header is not touched by it.
    let other = "Job ref no,Customer,Due,Gross\nA-3,Bolt Co,2026-11-01,40.00\n";
    assert!(!import::preview(&conn, other.as_bytes(), "x.csv", &ImportOptions::default()).unwrap().mapping_remembered);
}

#[test]
fn the_books_go_stale_after_the_setting() {
    let (_d, mut conn) = fresh();
    assert_eq!(import::freshness(&conn, day(23)).unwrap().warning, "", "typed in by hand: Overdue is the books");
    import::commit(&mut conn, FIRST.as_bytes(), "xero.csv", &ImportOptions::default(), day(2)).unwrap();
    let f = import::freshness(&conn, day(9)).unwrap();
    assert!(!f.stale && f.days == 7 && f.warning.is_empty(), "{f:?}");
    let f = import::freshness(&conn, day(14)).unwrap();
    assert!(f.stale && f.days == 12, "{f:?}");
    assert_eq!(f.warning, "Your books were last brought in 12 days ago (xero.csv): this invoice may already be paid.");
    let mut s = overdue_core::settings::chase(&conn).unwrap();
    s.books_stale_days = 14;
    overdue_core::settings::save_chase(&conn, &s).unwrap();
    assert!(!import::freshness(&conn, day(14)).unwrap().stale);
    s.books_stale_days = 0;
    assert!(overdue_core::settings::save_chase(&conn, &s).is_err(), "0 days is refused");
}

#[test]
fn run_due_waits_for_fresh_books_unless_told_and_a_reminder_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("overdue.sqlite");
    let (mut conn, _) = db::open(&path).unwrap();
    let csv = "ContactName,EmailAddress,InvoiceNumber,InvoiceDate,DueDate,Total\nAcme Ltd,ap@acme.example,INV-1,2026-09-01,2026-10-01,1000.00\n";
    import::commit(&mut conn, csv.as_bytes(), "xero.csv", &ImportOptions::default(), day(2)).unwrap();
    let mut s = overdue_core::settings::chase(&conn).unwrap();
    s.mode = "auto".into();
    overdue_core::settings::save_chase(&conn, &s).unwrap();
    let fresh_ctx = overdue_core::ctx::Ctx::new(day(5), true, &path);
    let r = overdue_core::chase::run_due(&mut conn, &fresh_ctx, None, true, false).unwrap();
    assert_eq!(r[0].result, "would send", "{r:?}");
    let stale_ctx = overdue_core::ctx::Ctx::new(day(20), true, &path);
    let r = overdue_core::chase::run_due(&mut conn, &stale_ctx, None, true, false).unwrap();
    assert_eq!(r[0].result, "skipped");
    assert!(r[0].reason.starts_with("your books were last brought in 18 days ago (xero.csv)") && r[0].reason.contains("--include-stale"), "{}", r[0].reason);
    let r = overdue_core::chase::run_due(&mut conn, &stale_ctx, None, true, true).unwrap();
    assert_eq!(r[0].result, "would send", "told to go ahead");
    let t = overdue_core::chase::today(&conn, &stale_ctx).unwrap();
    assert!(t.books.stale && t.books.days == 18, "Today shows it: {:?}", t.books);
    let acme: i64 = conn.query_row("SELECT id FROM clients", [], |r| r.get(0)).unwrap();
    let draft = overdue_core::chase::compose(&conn, &stale_ctx, &overdue_core::chase::ComposeInput { client_id: acme, stage_id: None, channel: "email".into(), invoice_ids: vec![] }).unwrap();
    assert!(draft.books_warning.starts_with("Your books were last brought in 18 days ago"), "{}", draft.books_warning);
    let draft = overdue_core::chase::compose(&conn, &fresh_ctx, &overdue_core::chase::ComposeInput { client_id: acme, stage_id: None, channel: "email".into(), invoice_ids: vec![] }).unwrap();
    assert_eq!(draft.books_warning, "");
}
