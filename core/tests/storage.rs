//! The ledger against real SQLite files: migrations from an older schema,
//! backups, restore, allocation, append-only history, and a crash mid-write.

use chrono::NaiveDate;
use overdue_core::model::{ClientInput, InvoiceInput, PaymentInput};
use overdue_core::report::{self, InvoiceQuery, Status};
use overdue_core::rusqlite::Connection;
use overdue_core::{db, demo, ledger, Error};
use std::path::Path;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn client(conn: &mut Connection, name: &str) -> i64 {
    ledger::create_client(conn, &ClientInput { name: name.into(), ..Default::default() }, chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap().id
}

fn invoice(conn: &mut Connection, client_id: i64, number: &str, due: &str, amount: &str) -> i64 {
    ledger::create_invoice(
        conn,
        &InvoiceInput { number: number.into(), client_id, issue_date: "2026-01-01".into(), due_date: due.into(), amount: amount.into(), ..Default::default() },
        today(),
    )
    .unwrap()
    .id
}

fn pay(conn: &mut Connection, client_id: i64, amount: &str, invoice: &str) -> overdue_core::Result<overdue_core::model::PaymentReceipt> {
    overdue_core::payments::record_typed(
        conn,
        &PaymentInput { client_id, date: "2026-11-20".into(), amount: amount.into(), invoice_number: invoice.into(), ..Default::default() },
        today(),
    )
}

#[test]
fn a_fresh_file_gets_the_latest_schema_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/overdue.sqlite");
    let (conn, report) = db::open(&path).unwrap();
    assert_eq!(report.from_version, 0);
    assert_eq!(report.to_version, db::latest_version());
    assert!(report.backup.is_none(), "a new file needs no backup");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn an_older_file_is_upgraded_in_place_after_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("overdue.sqlite");
    {
        // A file as version 1 of Overdue wrote it.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(db::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute("INSERT INTO clients (name, created_at) VALUES ('Old Client Ltd', '2025-01-01T00:00:00Z')", []).unwrap();
        conn.execute(
            "INSERT INTO invoices (number, client_id, issue_date, due_date, amount_minor, currency, created_at) VALUES ('OLD-1', 1, '2025-01-01', '2025-01-31', 12345, 'GBP', '2025-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        conn.execute("INSERT INTO events (client_id, at, kind, summary) VALUES (1, '2025-01-01T00:00:00Z', 'client_created', 'made in v1')", []).unwrap();
    }
    let (conn, report) = db::open(&path).unwrap();
    assert_eq!((report.from_version, report.to_version), (1, db::latest_version()));
    let backup = report.backup.expect("a backup before migrating");
    assert!(backup.exists());
    let old = Connection::open(&backup).unwrap();
    let v: i64 = old.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 1, "the backup is the file as it was");

    // Data kept, new columns defaulted, new rules in force.
    let c = ledger::find_client(&conn, "Old Client").unwrap();
    assert_eq!(c.time_zone, "");
    let inv = ledger::invoice(&conn, 1, today()).unwrap();
    assert_eq!(inv.amount.display, "£123.45");
    assert_eq!(ledger::history(&conn, c.id).unwrap()[0].summary, "made in v1");
    let err = conn.execute("DELETE FROM events", []).unwrap_err().to_string();
    assert!(err.contains("append-only"), "{err}");

    // Opening again changes nothing and makes no further backup.
    drop(conn);
    let (_, again) = db::open(&path).unwrap();
    assert!(again.backup.is_none());
}

#[test]
fn a_version_5_file_with_a_live_agreement_keeps_every_reference_through_the_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("overdue.sqlite");
    {
        // A file as version 5 wrote it: an active agreement with its
        // document, instalment and the payment that paid it.
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        for m in &db::MIGRATIONS[..5] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO clients (name, created_at) VALUES ('Kept Ltd', '2026-01-01T00:00:00Z');
             INSERT INTO invoices (number, client_id, issue_date, due_date, amount_minor, currency, created_at) VALUES ('K-1', 1, '2026-01-01', '2026-02-01', 60000, 'GBP', '2026-01-01T00:00:00Z');
             INSERT INTO payments (client_id, date, amount_minor, currency, created_at) VALUES (1, '2026-11-20', 20000, 'GBP', '2026-11-20T00:00:00Z');
             INSERT INTO allocations (payment_id, invoice_id, amount_minor) VALUES (1, 1, 20000);
             INSERT INTO arrangements (client_id, status, kind, title, terms, schedule, total_minor, currency, invoice_ids, within_bottom_line, created_at)
                 VALUES (1, 'agreed_in_principle', 'plan', '3 monthly', 'three payments', '[]', 60000, 'GBP', '[1]', 1, '2026-11-01T00:00:00Z');
             INSERT INTO agreements (arrangement_id, client_id, reference, status, options, content, fingerprint, activated_on, created_at, updated_at)
                 VALUES (1, 1, 'AGR-2026-0001', 'active', '{}', '{\"date\":\"2026-11-01\",\"currency\":\"GBP\",\"cure_days\":10,\"return_by\":\"2026-11-15\"}', '0123456789abcdef', '2026-11-02', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z');
             INSERT INTO documents (client_id, agreement_id, kind, title, file, sha256, bytes, created_at)
                 VALUES (1, 1, 'agreement', 'Agreement', 'AGR-2026-0001-v1-agreement.pdf', 'ab', 10, '2026-11-01T00:00:00Z');
             INSERT INTO instalments (agreement_id, number, due_date, amount_minor, currency) VALUES (1, 1, '2026-11-20', 20000, 'GBP');
             INSERT INTO instalment_payments (agreement_id, number, payment_id, amount_minor) VALUES (1, 1, 1, 20000);",
        )
        .unwrap();
    }
    let (conn, report) = db::open(&path).unwrap();
    assert_eq!((report.from_version, report.to_version), (5, db::latest_version()));
    assert!(report.backup.expect("a backup first").exists());
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1, "foreign keys are back on after the rebuild");
    let broken: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0);
    let (reference, status, activated): (String, String, String) =
        conn.query_row("SELECT reference, status, activated_on FROM agreements WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert_eq!((reference.as_str(), status.as_str(), activated.as_str()), ("AGR-2026-0001", "active", "2026-11-02"));
    let linked: i64 = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM documents WHERE agreement_id = 1) + (SELECT COUNT(*) FROM instalments WHERE agreement_id = 1) + (SELECT COUNT(*) FROM instalment_payments WHERE agreement_id = 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, 3);
    // v8: what queries need became columns, filled from the stored content.
    let cols: (String, String, i64, String) =
        conn.query_row("SELECT agreed_on, currency, cure_days, return_by FROM agreements WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap();
    assert_eq!(cols, ("2026-11-01".into(), "GBP".into(), 10, "2026-11-15".into()));
    // The new state is allowed, nonsense still is not, and references are still enforced.
    conn.execute("UPDATE agreements SET status = 'renegotiated' WHERE id = 1", []).unwrap();
    assert!(conn.execute("UPDATE agreements SET status = 'whatever' WHERE id = 1", []).is_err());
    assert!(conn.execute("INSERT INTO instalments (agreement_id, number, due_date, amount_minor, currency) VALUES (99, 1, '2026-12-01', 1, 'GBP')", []).is_err());
    // The unique index on live agreements came back, with the new state excluded.
    let idx: String = conn.query_row("SELECT sql FROM sqlite_master WHERE name = 'agreements_live'", [], |r| r.get(0)).unwrap();
    assert!(idx.contains("'renegotiated'"), "{idx}");
}

#[test]
fn a_version_6_file_gains_event_dates_current_rates_and_separate_compensation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("overdue.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        for m in &db::MIGRATIONS[..6] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        conn.execute_batch(
            "INSERT INTO clients (name, created_at) VALUES ('Old Ltd', '2026-01-01T00:00:00Z');
             INSERT INTO events (client_id, at, kind, summary) VALUES (1, '2026-04-02T09:00:00Z', 'note', 'recorded in April');
             INSERT OR IGNORE INTO ladder_stages (id, position, name, offset_days, channel, tone, letter_kind) VALUES (6, 6, 'Final notice', 30, 'letter', 'final', 'final_notice');
             INSERT INTO templates (stage_id, channel, subject, body) VALUES (6, 'letter', 'Final', 'Principal: {total}
Interest and compensation to date: {interest}
Total: {total_due}');",
        )
        .unwrap();
    }
    let (conn, report) = db::open(&path).unwrap();
    assert_eq!((report.from_version, report.to_version), (6, db::latest_version()));
    assert!(report.backup.expect("a backup first").exists());
    // An entry from before keeps the day it was recorded as the day it happened.
    let h = ledger::history(&conn, 1).unwrap();
    assert_eq!((h[0].on_date.as_str(), h[0].at.as_str()), ("2026-04-02", "2026-04-02T09:00:00Z"));
    // The Bank of England's cut of 18 Dec 2025 is in the table, with when it was checked.
    let t = overdue_core::interest::load(&conn).unwrap();
    assert_eq!(t.gb.last().map(|(d, r)| (d.to_string(), r.to_string())), Some(("2025-12-18".into(), "3.75".into())));
    assert_eq!(t.known_until("GB").unwrap().to_string(), "2026-03-19");
    assert_eq!(t.known_until("EU").unwrap().to_string(), "2026-02-05");
    // A stored template that named both under {interest} now names each.
    let body: String = conn.query_row("SELECT body FROM templates WHERE stage_id = 6", [], |r| r.get(0)).unwrap();
    assert_eq!(body, "Principal: {total}\nInterest to date: {interest}\nCompensation for late payment: {compensation}\nTotal: {total_due}");
    // Events are still append-only.
    assert!(conn.execute("UPDATE events SET on_date = '2020-01-01'", []).is_err());
}

#[test]
fn commits_are_durable_the_log_is_synced_on_every_commit() {
    let dir = tempfile::tempdir().unwrap();
    let (conn, _) = db::open(&dir.path().join("o.sqlite")).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!((mode.as_str(), sync), ("wal", 2), "WAL with synchronous = FULL (2)");
}

#[test]
fn a_file_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE x (y)").unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let err = db::open(&path).expect_err("refused").to_string();
    assert!(err.contains("newer Overdue"), "{err}");
    let conn = Connection::open(&path).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 99);
}

#[test]
fn backup_and_restore_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("overdue.sqlite");
    let (mut conn, _) = db::open(&path).unwrap();
    demo::load(&mut conn, today()).unwrap();
    let before = report::aging(&conn, today()).unwrap();
    let backup = dir.path().join("backups/one.sqlite");
    db::backup_to(&conn, &backup).unwrap();
    assert!(db::backup_to(&conn, &backup).is_err(), "never overwrites a backup");

    // Change the live data, then restore.
    let id = ledger::find_client(&conn, "Harbourside").unwrap().id;
    pay(&mut conn, id, "500.00", "").unwrap();
    assert_ne!(report::aging(&conn, today()).unwrap(), before);
    let safety = dir.path().join("backups/safety.sqlite");
    db::restore_from(&mut conn, &backup, &safety).unwrap();
    assert_eq!(report::aging(&conn, today()).unwrap(), before);
    assert!(safety.exists(), "the replaced data was kept");

    // Not an Overdue file: refused, live data untouched.
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, b"this is not a database at all, just text").unwrap();
    assert!(db::restore_from(&mut conn, &junk, &dir.path().join("s2.sqlite")).is_err());
    let other = dir.path().join("other.sqlite");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x); PRAGMA user_version = 1;").unwrap();
    let err = db::restore_from(&mut conn, &other, &dir.path().join("s3.sqlite")).unwrap_err().to_string();
    assert!(err.contains("not an Overdue backup"), "{err}");
    assert_eq!(report::aging(&conn, today()).unwrap(), before);
}

#[test]
fn payments_go_oldest_first_then_credit_and_totals_follow() {
    let mut conn = db::open_in_memory().unwrap();
    let c = client(&mut conn, "Acme Ltd");
    invoice(&mut conn, c, "A-2", "2026-10-01", "300.00");
    invoice(&mut conn, c, "A-1", "2026-09-01", "200.00");
    invoice(&mut conn, c, "A-3", "2026-12-31", "100.00");

    let r = pay(&mut conn, c, "250.00", "").unwrap();
    let parts: Vec<(String, String)> = r.payment.allocations.iter().map(|a| (a.invoice_number.clone(), a.amount.amount.clone())).collect();
    assert_eq!(parts, vec![("A-1".into(), "200.00".into()), ("A-2".into(), "50.00".into())]);
    assert_eq!(r.credit_added.amount, "0.00");

    // A chosen invoice first, then the oldest, then credit.
    let r = pay(&mut conn, c, "400.00", "A-3").unwrap();
    let parts: Vec<&str> = r.payment.allocations.iter().map(|a| a.invoice_number.as_str()).collect();
    assert_eq!(parts, vec!["A-3", "A-2"]);
    assert_eq!(r.credit_added.display, "£50.00");
    let detail = report::client_detail(&conn, c, today()).unwrap();
    assert!(detail.summary.outstanding.is_empty(), "all paid: {:?}", detail.summary.outstanding);
    assert_eq!(detail.summary.credit[0].display, "£50.00");
    assert_eq!(detail.history[0].kind, "payment_recorded");
    assert!(detail.history[0].summary.contains("£50.00 kept as credit"), "{}", detail.history[0].summary);

    let paid = report::invoices(&conn, &InvoiceQuery { status: Status::Paid, ..Default::default() }, today()).unwrap();
    assert_eq!(paid.total_rows, 3);
}

#[test]
fn bad_payments_change_nothing() {
    let mut conn = db::open_in_memory().unwrap();
    let a = client(&mut conn, "Acme Ltd");
    let b = client(&mut conn, "Beta LLP");
    invoice(&mut conn, a, "A-1", "2026-09-01", "200.00");
    invoice(&mut conn, b, "B-1", "2026-09-01", "200.00");
    let before = report::aging(&conn, today()).unwrap();
    for (amount, inv, date, expect) in [
        ("-5", "", "2026-11-01", "negative"),
        ("0", "", "2026-11-01", "greater than zero"),
        ("abc", "", "2026-11-01", "not an amount"),
        ("2000000000000", "", "2026-11-01", "beyond"),
        ("10.001", "", "2026-11-01", "decimal places"),
        ("10", "B-1", "2026-11-01", "belongs to Beta LLP"),
        ("10", "NOPE", "2026-11-01", "no invoice numbered"),
        ("10", "", "2026-12-25", "in the future"),
        ("10", "", "2026-02-30", "not a real date"),
    ] {
        let e = overdue_core::payments::record_typed(
            &mut conn,
            &PaymentInput { client_id: a, date: date.into(), amount: amount.into(), invoice_number: inv.into(), ..Default::default() },
            today(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains(expect), "{amount}/{inv}/{date}: {e}");
    }
    assert_eq!(report::aging(&conn, today()).unwrap(), before);
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM payments", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}

#[test]
fn invoice_rules_are_enforced_with_named_fields() {
    let mut conn = db::open_in_memory().unwrap();
    let c = client(&mut conn, "Acme Ltd");
    let base = InvoiceInput { number: "X-1".into(), client_id: c, issue_date: "2026-05-01".into(), due_date: "2026-05-31".into(), amount: "100".into(), ..Default::default() };
    let cases: Vec<(InvoiceInput, &str, &str)> = vec![
        (InvoiceInput { due_date: "2026-04-01".into(), ..base.clone() }, "due date", "before the issue date"),
        (InvoiceInput { amount: "0".into(), ..base.clone() }, "amount", "greater than zero"),
        (InvoiceInput { amount: "1e13".into(), ..base.clone() }, "amount", "not an amount"),
        (InvoiceInput { currency: "XYZ".into(), ..base.clone() }, "currency", "XYZ"),
        (InvoiceInput { number: "".into(), ..base.clone() }, "invoice number", "required"),
        (InvoiceInput { client_id: 999, ..base.clone() }, "client", "no client"),
        (InvoiceInput { issue_date: "2026-13-01".into(), ..base.clone() }, "issue date", "not a real date"),
        (InvoiceInput { description: "a\u{0}b".into(), ..base.clone() }, "description", "control character"),
    ];
    for (input, field, msg) in cases {
        match ledger::create_invoice(&mut conn, &input, today()) {
            Err(Error::Invalid { field: f, message }) => {
                assert_eq!(f, field, "{message}");
                assert!(message.contains(msg), "{field}: {message}");
            }
            other => panic!("{field}: expected a named error, got {other:?}"),
        }
    }
    ledger::create_invoice(&mut conn, &base, today()).unwrap();
    let dup = ledger::create_invoice(&mut conn, &base, today()).unwrap_err().to_string();
    assert!(dup.contains("already used"), "{dup}");
    // An edit may not take the amount below what was paid.
    pay(&mut conn, c, "60", "").unwrap();
    let id = ledger::invoice_id_by_number(&conn, "X-1").unwrap().unwrap();
    let e = ledger::update_invoice(&mut conn, id, &InvoiceInput { amount: "50".into(), ..base.clone() }, today()).unwrap_err().to_string();
    assert!(e.contains("already paid"), "{e}");
    let ok = ledger::update_invoice(&mut conn, id, &InvoiceInput { amount: "80".into(), ..base }, today()).unwrap();
    assert_eq!(ok.outstanding.display, "£20.00");
    assert!(ledger::history(&conn, c).unwrap()[0].summary.contains("amount £100.00 → £80.00"));
}

#[test]
fn aging_matches_the_bucket_rule_for_every_invoice() {
    let mut conn = db::open_in_memory().unwrap();
    demo::load(&mut conn, today()).unwrap();
    let summary = report::aging(&conn, today()).unwrap();
    let all = report::invoices(&conn, &InvoiceQuery { status: Status::Open, ..Default::default() }, today()).unwrap();
    let gbp = overdue_core::money::Currency::find("GBP").unwrap();
    for (k, b) in summary.currencies[0].buckets.iter().enumerate() {
        let rows: Vec<_> = all.rows.iter().filter(|r| r.bucket == b.bucket).collect();
        assert_eq!(rows.len() as i64, b.count, "bucket {k}");
        let sum: i64 = rows.iter().map(|r| gbp.to_minor(r.outstanding.amount.parse().unwrap(), "").unwrap()).sum();
        assert_eq!(gbp.display(sum), b.total.display, "bucket {}", b.bucket);
        for r in rows {
            let due = NaiveDate::parse_from_str(&r.due_date, "%Y-%m-%d").unwrap();
            assert_eq!(overdue_core::aging::bucket_for(due, today()).key(), b.bucket);
        }
    }
    // Every bucket of the demo has invoices, and some are part-paid.
    assert!(summary.currencies[0].buckets.iter().all(|b| b.count > 0));
    assert!(all.rows.iter().any(|r| r.paid.amount != "0.00" && r.outstanding.amount != "0.00"));
    assert_eq!(ledger::find_client(&conn, "Zoë").unwrap().name, "Zoë Brontë-Kowalczyk");
}

#[test]
fn the_history_cannot_be_rewritten() {
    let mut conn = db::open_in_memory().unwrap();
    let c = client(&mut conn, "Acme Ltd");
    assert!(conn.execute("UPDATE events SET summary = 'x' WHERE client_id = ?1", [c]).is_err());
    assert!(conn.execute("DELETE FROM events WHERE client_id = ?1", [c]).is_err());
    assert_eq!(ledger::history(&conn, c).unwrap().len(), 1);
}

/// A process that dies in the middle of a large write (here: an import of
/// 5,000 invoices, killed by abort() before commit) leaves the file as it was
/// before the write, and intact.
#[test]
fn a_write_interrupted_by_a_crash_leaves_the_file_consistent() {
    if let Ok(path) = std::env::var("OVERDUE_CRASH_CHILD") {
        crash_mid_write(Path::new(&path));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("overdue.sqlite");
    {
        let (mut conn, _) = db::open(&path).unwrap();
        demo::load(&mut conn, today()).unwrap();
    }
    let before = {
        let (conn, _) = db::open(&path).unwrap();
        report::aging(&conn, today()).unwrap()
    };
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "a_write_interrupted_by_a_crash_leaves_the_file_consistent", "--nocapture"])
        .env("OVERDUE_CRASH_CHILD", &path)
        .status()
        .unwrap();
    assert!(!status.success(), "the child process was meant to die mid-write");
    let (conn, _) = db::open(&path).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(report::aging(&conn, today()).unwrap(), before, "no half-written invoices");
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM invoices", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 150);
}

fn crash_mid_write(path: &Path) -> ! {
    let (mut conn, _) = db::open(path).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute("INSERT INTO clients (name, created_at) VALUES ('Half Written Ltd', 'now')", []).unwrap();
    let id = tx.last_insert_rowid();
    for i in 0..5000 {
        tx.execute(
            "INSERT INTO invoices (number, client_id, issue_date, due_date, amount_minor, currency, created_at) VALUES (?1, ?2, '2026-01-01', '2026-02-01', 100, 'GBP', 'now')",
            overdue_core::rusqlite::params![format!("CRASH-{i}"), id],
        )
        .unwrap();
    }
    // Force pages of the open transaction to disk, then die without committing.
    tx.execute_batch("PRAGMA cache_spill = ON; PRAGMA cache_size = 1;").ok();
    std::process::abort();
}

/// Migration 3 seeds the ladder from SQL written out when it was released,
/// not from today's code. A new file still starts with today's default
/// ladder and texts: when the defaults change, a new migration brings new
/// files (and old ones) to them, and this test says so.
#[test]
fn a_new_file_starts_with_todays_default_ladder_and_texts() {
    use overdue_core::ladder::{self, CHANNELS, DEFAULT_LADDER};
    use overdue_core::template::default_text;
    let dir = tempfile::tempdir().unwrap();
    let (conn, _) = db::open(&dir.path().join("o.sqlite")).unwrap();
    let stages = ladder::stages(&conn).unwrap();
    assert_eq!(stages.len(), DEFAULT_LADDER.len());
    for (s, seed) in stages.iter().zip(DEFAULT_LADDER.iter()) {
        assert_eq!((s.name.as_str(), s.offset_days, s.kind.as_str(), s.channel.as_str(), s.tone.as_str(), s.letter_kind.as_str()), (seed.name, seed.offset, seed.kind, seed.channel, seed.tone, seed.letter), "stage {}", s.position);
        for ch in CHANNELS {
            let t = ladder::template(&conn, s.id, ch).unwrap();
            let d = default_text(seed.style, ch);
            assert_eq!((t.subject.as_str(), t.body.as_str()), (d.subject, d.body), "{} / {ch}", s.name);
        }
    }
    let stamped: i64 = conn.query_row("SELECT COUNT(*) FROM templates WHERE updated_at LIKE '____-__-__T__:__:__Z'", [], |r| r.get(0)).unwrap();
    assert_eq!(stamped as usize, DEFAULT_LADDER.len() * CHANNELS.len(), "every seeded template carries the migration's moment");
}

/// What each invoice was paid is kept on it (v13): backfilled from the
/// allocations of an older file, then kept by the triggers whatever writes
/// or removes an allocation.
#[test]
fn a_version_12_file_gets_each_invoice_paid_total_and_the_triggers_keep_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("overdue.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        for m in &db::MIGRATIONS[..12] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", 12).unwrap();
        conn.execute_batch(
            "INSERT INTO clients (name, created_at) VALUES ('Paid In Part Ltd', '2025-01-01T00:00:00Z');
             INSERT INTO invoices (number, client_id, issue_date, due_date, amount_minor, currency, created_at)
                VALUES ('P-1', 1, '2025-01-01', '2025-01-31', 10000, 'GBP', '2025-01-01T00:00:00Z'),
                       ('P-2', 1, '2025-02-01', '2025-02-28', 5000, 'GBP', '2025-02-01T00:00:00Z');
             INSERT INTO payments (client_id, date, amount_minor, currency, method, reference, created_at)
                VALUES (1, '2025-02-10', 4000, 'GBP', 'bank transfer', '', '2025-02-10T00:00:00Z');
             INSERT INTO allocations (payment_id, invoice_id, amount_minor) VALUES (1, 1, 2500), (1, 1, 500), (1, 2, 1000);",
        )
        .unwrap();
    }
    let (conn, report) = db::open(&path).unwrap();
    assert_eq!(report.from_version, 12);
    let paid = |n: &str| -> i64 { conn.query_row("SELECT paid_minor FROM invoices WHERE number = ?1", [n], |r| r.get(0)).unwrap() };
    assert_eq!((paid("P-1"), paid("P-2")), (3000, 1000), "backfilled from the allocations");
    let out = |n: &str| { let id: i64 = conn.query_row("SELECT id FROM invoices WHERE number = ?1", [n], |r| r.get(0)).unwrap(); ledger::invoice(&conn, id, today()).unwrap().outstanding.display };
    assert_eq!((out("P-1"), out("P-2")), ("£70.00".to_string(), "£40.00".to_string()));
    conn.execute("INSERT INTO allocations (payment_id, invoice_id, amount_minor) VALUES (1, 2, 4000)", []).unwrap();
    assert_eq!(paid("P-2"), 5000, "an insert adds");
    assert_eq!(out("P-2"), "£0.00");
    conn.execute("UPDATE allocations SET invoice_id = 1 WHERE amount_minor = 4000", []).unwrap();
    assert_eq!((paid("P-1"), paid("P-2")), (7000, 1000), "a moved allocation moves its amount");
    conn.execute("DELETE FROM allocations WHERE payment_id = 1", []).unwrap();
    assert_eq!((paid("P-1"), paid("P-2")), (0, 0), "a delete takes it off");
}
