//! Random and mutated files never panic and never write partially: every
//! case is previewed and committed against a ledger that already holds an
//! import; a refused commit leaves every table as it was, an accepted one
//! leaves the database consistent (foreign keys, integrity, nothing paid
//! beyond an invoice's total).

use chrono::NaiveDate;
use overdue_core::import::{self, ImportOptions};
use overdue_core::rusqlite::Connection;
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    "ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,InvoiceAmountPaid,Currency\nAcme Ltd,INV-1,2026-09-01,2026-10-01,1000.00,250.00,GBP\nBolt Co,INV-9,2026-09-02,2026-10-02,80.00,0.00,GBP\n",
    "Invoice List\nDate,Transaction type,Num,Name,Due date,Amount,Open balance\n10/15/2026,Invoice,1001,Acme Ltd,11/14/2026,\"1,200.00\",\"1,200.00\"\n10/16/2026,Credit Memo,CM-1,Acme Ltd,,-20.00,-20.00\nTOTAL,,,,,\"$1,180.00\",\n",
    "Kunde;Rechnungsnummer;Rechnungsdatum;Fällig am;Betrag;Offen;Währung\nMüller GmbH;RE-1;15.09.2026;15.10.2026;1.234,56;234,56;EUR\n",
    "Client Name,Invoice #,Date Issued,Invoice Status,Amount,Paid\nAcme Ltd,0041,2026-10-01,sent,600.00,0.00\nAcme Ltd,0042,2026-10-01,draft,60.00,0.00\n",
    "Transaction Date,Account Name,Debit Amount (Two Column Approach),Credit Amount (Two Column Approach),Customer,Invoice Number\n2026-09-01,Accounts Receivable,100.00,,Acme Ltd,77\n2026-09-09,Accounts Receivable,,40.00,Acme Ltd,77\n",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn counts(conn: &Connection) -> Vec<i64> {
    ["clients", "invoices", "payments", "allocations", "events", "imports", "import_changes", "instalment_payments"]
        .iter()
        .map(|t| conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0)).unwrap())
        .collect()
}

fn consistent(conn: &Connection) {
    let fk: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0, "foreign keys hold");
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let over: i64 = conn
        .query_row("SELECT COUNT(*) FROM invoices i WHERE (SELECT COALESCE(SUM(amount_minor), 0) FROM allocations a WHERE a.invoice_id = i.id) > i.amount_minor", [], |r| r.get(0))
        .unwrap();
    assert_eq!(over, 0, "nothing paid beyond a total");
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
    DupLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::Flip(p, b)),
        (any::<usize>(), prop::collection::vec(prop_oneof![Just(b','), Just(b';'), Just(b'"'), Just(b'\n'), Just(b'-'), Just(0u8), Just(0xFFu8), any::<u8>()], 1..8))
            .prop_map(|(p, v)| Mutation::Insert(p, v)),
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| Mutation::Delete(p, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DupLine),
    ]
}

fn apply(mut b: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = b.len().max(1);
        match m {
            Mutation::Flip(p, v) if !b.is_empty() => {
                let i = p % b.len();
                b[i] = *v;
            }
            Mutation::Insert(p, v) => {
                let i = p % len.min(b.len() + 1).max(1);
                b.splice(i.min(b.len())..i.min(b.len()), v.iter().copied());
            }
            Mutation::Delete(p, n) if !b.is_empty() => {
                let i = p % b.len();
                let j = (i + n).min(b.len());
                b.drain(i..j);
            }
            Mutation::Truncate(p) => b.truncate(p % len),
            Mutation::DupLine(p) => {
                let lines: Vec<&[u8]> = b.split(|c| *c == b'\n').collect();
                if !lines.is_empty() {
                    let l = lines[p % lines.len()].to_vec();
                    b.extend_from_slice(b"\n");
                    b.extend(l);
                }
            }
            _ => {}
        }
    }
    b
}

fn check(bytes: &[u8]) {
    let mut conn = overdue_core::db::open_in_memory().unwrap();
    import::commit(&mut conn, SEEDS[0].as_bytes(), "before.csv", &ImportOptions::default(), today()).unwrap();
    for opts in [ImportOptions::default(), ImportOptions { missing: Some("paid".into()), date_format: Some(import::DateFormat::Dmy), ..Default::default() }] {
        let before = counts(&conn);
        let _ = import::preview(&conn, bytes, "fuzz.csv", &opts);
        assert_eq!(counts(&conn), before, "a preview writes nothing");
        match import::commit(&mut conn, bytes, "fuzz.csv", &opts, today()) {
            Ok(_) => consistent(&conn),
            Err(_) => assert_eq!(counts(&conn), before, "a refused import writes nothing"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_exports_never_panic_or_write_partially(seed in 0..SEEDS.len(), muts in prop::collection::vec(mutation(), 1..6)) {
        check(&apply(SEEDS[seed].as_bytes().to_vec(), &muts));
    }

    #[test]
    fn random_bytes_never_panic_or_write(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes);
    }

    #[test]
    fn mutated_workbooks_never_panic(muts in prop::collection::vec(mutation(), 1..4)) {
        let ods = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rechnungen.ods")).unwrap();
        check(&apply(ods, &muts));
    }
}
