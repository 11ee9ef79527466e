//! Bank statements through the real binary, as scripts call it: `import
//! bank FILE [--dry-run] [--json]`, `bank [--state] [--json]`, `bank match`,
//! `bank ignore`, `bank undo`; an instalment paid by its agreement
//! reference; the business's bank details checked on entry; and the
//! reference the documents print read back by the matcher.

use overdue_acceptance::{cli, cli_json, cli_ok};

const TODAY: &str = "2026-11-23";
const CLIENT: &str = "Redland Lettings Ltd";

fn statement(dir: &std::path::Path, name: &str, rows: &[(&str, &str, &str)]) -> std::path::PathBuf {
    let mut s = String::from("Date,Description,Paid in,Paid out\n");
    for (date, text, amount) in rows {
        if let Some(out) = amount.strip_prefix('-') {
            s.push_str(&format!("{date},{text},,{out}\n"));
        } else {
            s.push_str(&format!("{date},{text},{amount},\n"));
        }
    }
    let p = dir.join(name);
    std::fs::write(&p, s).unwrap();
    p
}

#[test]
fn an_instalment_is_paid_by_its_agreement_reference_and_lines_are_worked_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let a = overdue_acceptance::active_agreement(&db, TODAY, CLIENT);
    let reference = a["reference"].as_str().unwrap().to_string();
    let first = a["instalments"][0]["amount"]["amount"].as_str().unwrap().to_string();
    // The agreement asks for exactly this reference, once.
    let text = a["content"]["how_to_pay"].as_str().unwrap();
    assert!(text.contains(&format!("Reference: {reference} (")) && text.contains("Sort code 20-45-77 · Account 43819265"), "{text}");

    let file = statement(dir.path(), "nov.csv", &[(TODAY, &format!("REDLAND {reference}"), &first), (TODAY, "STATIONERY", "-12.00"), (TODAY, "A PAYER NOBODY KNOWS", "33.00")]);
    // A dry run says what would happen and writes nothing.
    let dry = cli_json(&db, TODAY, &["import", "bank", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!((dry["dry_run"].as_bool(), dry["matched"].as_u64()), (Some(true), Some(1)), "{dry}");
    assert_eq!(cli_json(&db, TODAY, &["bank"])["lines"].as_array().unwrap().len(), 0);
    let r = cli_json(&db, TODAY, &["import", "bank", file.to_str().unwrap()]);
    assert_eq!((r["new_lines"].as_u64(), r["matched"].as_u64(), r["unmatched"].as_u64(), r["ignored"].as_u64()), (Some(3), Some(1), Some(1), Some(1)), "{r}");
    assert!(r["paid"][0].as_str().unwrap().contains(&format!("under agreement {reference}")), "{r}");
    let list = cli_json(&db, TODAY, &["agreements", "--client", CLIENT]);
    assert_eq!(list[0]["instalments"][0]["state"], "paid", "{list}");

    // The lines, by state; the one nobody knows is matched by hand, undone, set aside.
    let review = cli_json(&db, TODAY, &["bank", "--state", "review"]);
    let lines = review["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{review}");
    let id = lines[0]["id"].as_i64().unwrap().to_string();
    let open = cli_json(&db, TODAY, &["invoices", "--overdue"]);
    let row = open["rows"].as_array().unwrap().iter().find(|i| !i.to_string().contains(CLIENT)).expect("an overdue invoice of another client");
    let number = row["number"].as_str().unwrap().to_string();
    let before = row["outstanding"]["amount"].as_str().unwrap().to_string();
    let said = cli_ok(&db, TODAY, &["bank", "match", &id, "--invoice", &number]);
    assert!(said.contains(&format!("£33.00 to {number}")), "{said}");
    let said = cli_ok(&db, TODAY, &["bank", "undo", &id]);
    assert!(said.contains("undone"), "{said}");
    let after = cli_json(&db, TODAY, &["invoices", "--search", &number]);
    assert_eq!(after["rows"][0]["outstanding"]["amount"].as_str(), Some(before.as_str()), "undo puts the invoice back: {after}");
    let bad = cli(&db, TODAY, &["bank", "match", &id, "--invoice", "NO-SUCH-1"]);
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("no invoice numbered 'NO-SUCH-1'"), "{bad:?}");
    cli_ok(&db, TODAY, &["bank", "ignore", &id, "--reason", "a refund from a supplier"]);
    let ignored = cli_json(&db, TODAY, &["bank", "--state", "ignored"]);
    assert_eq!(ignored["lines"].as_array().unwrap().len(), 2, "{ignored}");
    // The same file again: nothing new.
    let again = cli_json(&db, TODAY, &["import", "bank", file.to_str().unwrap()]);
    assert_eq!(again["new_lines"].as_u64(), Some(0), "{again}");
}

#[test]
fn bank_details_are_checked_and_a_foreign_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    for (flag, value, says) in [("--iban", "DE89370400440532013001", "not a valid IBAN"), ("--sort-code", "20-45", "sort code"), ("--bic", "NOT A BIC!", "not a BIC")] {
        let out = cli(&db, TODAY, &["business", flag, value]);
        assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains(says), "{flag} {value}: {out:?}");
    }
    let b = cli_json(&db, TODAY, &["business", "--iban", "de89 3704 0044 0532 0130 00", "--bic", "cobadeffxxx"]);
    assert_eq!((b["iban"].as_str(), b["bic"].as_str()), (Some("DE89 3704 0044 0532 0130 00"), Some("COBADEFFXXX")), "{b}");
    let pdf = dir.path().join("statement.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n").unwrap();
    let out = cli(&db, TODAY, &["import", "bank", pdf.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("statement.pdf"), "{err}");
    assert_eq!(cli_json(&db, TODAY, &["bank"])["lines"].as_array().unwrap().len(), 0);
}
