//! The CLI as a user or a script meets it: the real binary, a real database
//! file, text and `--json` output, exit codes and messages.

use overdue_acceptance::{cli, cli_json, cli_ok};
use rust_decimal::Decimal;
use std::str::FromStr;

const TODAY: &str = "2026-11-23";

fn dec(v: &serde_json::Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("not a decimal string: {v}"))).unwrap()
}

#[test]
fn demo_then_aging_clients_and_invoices_agree() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.sqlite");
    let demo = cli_json(&db, TODAY, &["demo"]);
    assert_eq!(demo["clients"], 40);
    assert_eq!(demo["invoices"], 150);

    let aging = cli_json(&db, TODAY, &["aging"]);
    assert_eq!(aging["as_of"], TODAY);
    let gbp = &aging["currencies"][0];
    let buckets = gbp["buckets"].as_array().unwrap();
    let keys: Vec<&str> = buckets.iter().map(|b| b["bucket"].as_str().unwrap()).collect();
    assert_eq!(keys, ["not_yet_due", "days_1_30", "days_31_60", "days_61_90", "over_90"]);
    let sum: Decimal = buckets.iter().map(|b| dec(&b["total"]["amount"])).sum();
    assert_eq!(sum, dec(&gbp["outstanding"]["amount"]));
    let overdue: Decimal = buckets[1..].iter().map(|b| dec(&b["total"]["amount"])).sum();
    assert_eq!(overdue, dec(&gbp["overdue"]["amount"]));
    assert!(gbp["overdue"]["display"].as_str().unwrap().starts_with('£'));

    let inv = cli_json(&db, TODAY, &["invoices", "--overdue"]);
    assert_eq!(inv["total_rows"], gbp["overdue_invoices"]);
    let listed: Decimal = inv["rows"].as_array().unwrap().iter().map(|r| dec(&r["outstanding"]["amount"])).sum();
    assert_eq!(listed, overdue);
    let first = &inv["rows"][0];
    for key in ["id", "number", "client_id", "client_name", "issue_date", "due_date", "amount", "paid", "outstanding", "days_overdue", "status", "bucket"] {
        assert!(first.get(key).is_some(), "invoice JSON lacks {key}");
    }
    assert_eq!(first["status"], "overdue");

    let clients = cli_json(&db, TODAY, &["clients"]);
    assert_eq!(clients["total_rows"], 40);
    let text = cli_ok(&db, TODAY, &["aging"]);
    assert!(text.contains("Over 90 days") && text.contains(gbp["overdue"]["display"].as_str().unwrap()), "{text}");

    // A second demo load is refused: the database is not empty.
    let out = cli(&db, TODAY, &["demo"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only into an empty one"));
}

#[test]
fn pay_allocates_and_moves_the_totals_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let before = dec(&cli_json(&db, TODAY, &["aging"])["currencies"][0]["outstanding"]["amount"]);
    let r = cli_json(&db, TODAY, &["pay", "--client", "Harbourside", "--amount", "£1,000.50", "--date", "2026-11-20", "--method", "bank transfer"]);
    assert_eq!(r["payment"]["amount"]["amount"], "1000.50");
    let allocated: Decimal = r["payment"]["allocations"].as_array().unwrap().iter().map(|a| dec(&a["amount"]["amount"])).sum();
    assert_eq!(allocated + dec(&r["credit_added"]["amount"]), Decimal::from_str("1000.50").unwrap());
    let after = dec(&cli_json(&db, TODAY, &["aging"])["currencies"][0]["outstanding"]["amount"]);
    assert_eq!(before - after, allocated);

    // Paying one named invoice.
    let inv = cli_json(&db, TODAY, &["invoices", "--overdue", "--client", "Harbourside"]);
    let number = inv["rows"][0]["number"].as_str().unwrap().to_string();
    let text = cli_ok(&db, TODAY, &["pay", "--client", "Harbourside", "--amount", "5", "--date", "2026-11-21", "--invoice", &number]);
    assert!(text.contains(&format!("£5.00 to {number}")), "{text}");
}

#[test]
fn failures_exit_non_zero_and_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let cases: &[(&[&str], &str)] = &[
        (&["pay", "--client", "Nobody At All", "--amount", "5", "--date", "2026-11-20"], "no client matches 'Nobody At All'"),
        (&["pay", "--client", "Harbourside", "--amount", "-5", "--date", "2026-11-20"], "amount: -5 is negative"),
        (&["pay", "--client", "Harbourside", "--amount", "5", "--date", "2026-02-30"], "date: 2026-02-30 is not a real date"),
        (&["pay", "--client", "Harbourside", "--amount", "5", "--date", "2027-01-01"], "in the future"),
        (&["pay", "--client", "M", "--amount", "5", "--date", "2026-11-20"], "matches several clients"),
        (&["invoices", "--client", "Nobody"], "no client matches"),
        (&["import", "invoices", "/no/such/file.csv"], "cannot read /no/such/file.csv"),
    ];
    let before = cli_ok(&db, TODAY, &["--json", "aging"]);
    for (args, needle) in cases {
        let out = cli(&db, TODAY, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: expected '{needle}' in '{err}'");
    }
    assert_eq!(cli_ok(&db, TODAY, &["--json", "aging"]), before, "failed commands changed nothing");
    // A wrong command line is exit code 2.
    assert_eq!(cli(&db, TODAY, &["frobnicate"]).status.code(), Some(2));
    assert_eq!(cli(&db, "2026-13-40", &["aging"]).status.code(), Some(2));
}

#[test]
fn import_dry_run_lists_problems_then_commit_and_reimport() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.sqlite");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Invoice Number,Customer,Invoice Date,Due Date,Total\nA-1,Acme Ltd,2026-09-01,2026-09-30,100.00\nA-2,Acme Ltd,2026-09-01,2026-08-01,50\n").unwrap();
    let out = cli(&db, TODAY, &["import", "invoices", bad.to_str().unwrap(), "--dry-run"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("row 3, column 'Due Date': due date 2026-08-01 is before the issue date 2026-09-01"), "{stdout}");
    let out = cli(&db, TODAY, &["import", "invoices", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was imported"));
    assert!(cli_ok(&db, TODAY, &["invoices"]).contains("0 invoice(s)"));

    let good = dir.path().join("good.csv");
    std::fs::write(&good, "Invoice #,Client Name,Date Issued,Due Date,Amount,Paid,Currency\nF-1,Acme Ltd,02/09/2026,02/10/2026,100.00,40.00,GBP\nF-2,\"Zoë's Café\",15/09/2026,15/10/2026,\"1,250.00\",0,EUR\n").unwrap();
    let dry = cli_json(&db, TODAY, &["import", "invoices", good.to_str().unwrap(), "--dry-run"]);
    assert_eq!(dry["ready"], true);
    assert_eq!(dry["date_format"], "dmy");
    assert_eq!(dry["new_invoices"], 2);
    let done = cli_json(&db, TODAY, &["import", "invoices", good.to_str().unwrap()]);
    assert_eq!(done["created"], 2);
    let again = cli_json(&db, TODAY, &["import", "invoices", good.to_str().unwrap()]);
    assert_eq!((again["created"].as_i64(), again["unchanged"].as_i64()), (Some(0), Some(2)));
    let aging = cli_json(&db, TODAY, &["aging"]);
    let eur = aging["currencies"].as_array().unwrap().iter().find(|c| c["currency"] == "EUR").unwrap();
    assert_eq!(eur["outstanding"]["display"], "€1,250.00");
    let gbp = &aging["currencies"][0];
    assert_eq!(gbp["outstanding"]["amount"], "60.00");

    // Mapping corrections from the command line.
    let odd = dir.path().join("odd.csv");
    std::fs::write(&odd, "Ref,Who,When,Deadline,Sum\nZ-1,Acme Ltd,2026-10-01,2026-10-15,9.99\n").unwrap();
    let out = cli(&db, TODAY, &["import", "invoices", odd.to_str().unwrap(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    let mapped = cli_json(
        &db,
        TODAY,
        &["import", "invoices", odd.to_str().unwrap(), "--map", "number=Ref", "--map", "client=Who", "--map", "issue_date=When", "--map", "due_date=Deadline", "--map", "amount=Sum"],
    );
    assert_eq!(mapped["created"], 1);
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let b = cli_json(&db, TODAY, &["backup"]);
    let path = b["path"].as_str().unwrap().to_string();
    assert!(path.contains("backups"), "{path}");
    // A second backup in the same second gets its own name.
    let b2 = cli_json(&db, TODAY, &["backup"]);
    assert_ne!(b2["path"], b["path"]);
    assert!(std::path::Path::new(b2["path"].as_str().unwrap()).exists());
    let before = cli_ok(&db, TODAY, &["--json", "aging"]);
    cli_ok(&db, TODAY, &["pay", "--client", "Harbourside", "--amount", "100", "--date", "2026-11-20"]);
    assert_ne!(cli_ok(&db, TODAY, &["--json", "aging"]), before);
    let r = cli_json(&db, TODAY, &["restore", &path]);
    assert!(std::path::Path::new(r["previous_data"].as_str().unwrap()).exists());
    assert_eq!(cli_ok(&db, TODAY, &["--json", "aging"]), before);
}

#[test]
fn the_database_path_comes_from_the_flag_or_overdue_db() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.sqlite");
    let out = std::process::Command::new(overdue_acceptance::bin())
        .args(["--today", TODAY, "demo"])
        .env("OVERDUE_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(db.exists());
    assert!(cli_ok(&db, TODAY, &["clients"]).contains("40 client(s)"));
}

#[test]
fn import_history_undo_and_per_invoice_choices_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.sqlite");
    let first = dir.path().join("first.csv");
    std::fs::write(&first, "Invoice Number,Customer,Due Date,Total,Amount Due\nA-1,Acme Ltd,2026-10-01,100.00,100.00\nA-2,Acme Ltd,2026-10-02,50.00,50.00\nA-3,Bolt Co,2026-10-03,20.00,20.00\n").unwrap();
    cli_ok(&db, "2026-11-01", &["import", "invoices", first.to_str().unwrap()]);
    let again = cli_json(&db, "2026-11-02", &["import", "invoices", first.to_str().unwrap()]);
    assert_eq!((again["already_imported"].as_bool(), again["import_id"].is_null()), (Some(true), true), "{again}");
    let later = dir.path().join("later.csv");
    std::fs::write(&later, "Invoice Number,Customer,Due Date,Total,Amount Due\nA-1,Acme Ltd,2026-10-01,100.00,100.00\n").unwrap();
    let dry = cli_ok(&db, TODAY, &["import", "invoices", later.to_str().unwrap(), "--dry-run", "--missing", "cancelled", "--missing-for", "A-3=paid"]);
    assert!(dry.contains("A-2 Acme Ltd £50.00 → cancelled") && dry.contains("A-3 Bolt Co £20.00 → recorded as paid"), "{dry}");
    let out = cli(&db, TODAY, &["import", "invoices", later.to_str().unwrap(), "--missing-for", "A-3=maybe"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'maybe' is not keep, paid or cancelled"));
    let done = cli_ok(&db, TODAY, &["import", "invoices", later.to_str().unwrap(), "--missing", "cancelled", "--missing-for", "A-3=paid"]);
    assert!(done.contains("2 invoices no longer listed: 1 recorded as paid, 1 cancelled"), "{done}");
    let history = cli_ok(&db, TODAY, &["imports"]);
    assert!(history.lines().count() == 2 && history.lines().next().unwrap().contains("later.csv"), "{history}");
    assert!(cli_ok(&db, TODAY, &["today"]).contains("Books last brought in today (later.csv)"));
    let undone = cli_json(&db, TODAY, &["undo-import"]);
    assert!(undone["message"].as_str().unwrap().starts_with("Undid the import of later.csv"), "{undone}");
    let aging = cli_json(&db, TODAY, &["aging"]);
    assert_eq!(aging["currencies"][0]["outstanding"]["display"], "£170.00", "all three open again");
    // Stale books: run-due waits unless told.
    let today = cli_ok(&db, TODAY, &["today"]);
    assert!(today.contains("Books last brought in 22 days ago (first.csv): out of date"), "{today}");
    let out = cli(&db, TODAY, &["import", "invoices", "/no/such.xlsx", "--sheet", "Invoices"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /no/such.xlsx"));
}
