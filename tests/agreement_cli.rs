//! The written agreement through the real binary: draft with --out, the
//! PDF's text, sign with a scanned file, countersign, the documents list as
//! JSON, and bad input refused with nothing changed.

use overdue_acceptance::{cli, cli_json, cli_ok};
use std::path::Path;
use std::process::Command;

const TODAY: &str = "2026-11-23";
const CLIENT: &str = "Redland Lettings Ltd";

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(path).arg("-").output().expect("pdftotext");
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn agreed(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    cli_json(&db, TODAY, &["negotiate", "agree", "--client", CLIENT, "--option", "settlement"]);
    db
}

#[test]
fn draft_sign_countersign_and_list_documents() {
    let dir = tempfile::tempdir().unwrap();
    let db = agreed(dir.path());
    let out = dir.path().join("out/AGREEMENT.pdf");
    let d = cli_json(&db, TODAY, &["agreement", "draft", "--client", CLIENT, "--late-fee", "25", "--paper", "letter", "--out", out.to_str().unwrap()]);
    let a = &d["agreement"];
    let id = a["id"].as_i64().unwrap().to_string();
    assert_eq!(d["pdf"], out.display().to_string());
    let text = pdftotext(&out);
    for needle in ["SETTLEMENT AGREEMENT", "Brightwell Plumbing & Heating Ltd", "Redland Lettings Ltd", "in full and final settlement", "A late fee of £25.00", "Signing: Dan Brightwell, Director", "Page 1 of"] {
        assert!(text.contains(needle), "{needle} missing");
    }
    assert!(text.contains(a["fingerprint"].as_str().unwrap()));
    // Every instalment's date and amount.
    for l in a["content"]["instalments"].as_array().unwrap() {
        assert!(text.contains(l["amount"].as_str().unwrap()));
    }

    let scan = dir.path().join("scan.pdf");
    std::fs::write(&scan, b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n").unwrap();
    let s = cli_json(&db, TODAY, &["agreement", "sign", "--id", &id, "--file", scan.to_str().unwrap(), "--date", TODAY]);
    assert_eq!(s["status"], "signed");
    let text = cli_ok(&db, TODAY, &["agreement", "countersign", "--id", &id, "--date", TODAY]);
    assert!(text.contains("Status: Active") && text.contains("Countersigned by Dan Brightwell"), "{text}");
    let docs = cli_json(&db, TODAY, &["documents", "--client", CLIENT]);
    let kinds: Vec<&str> = docs.as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["signed_copy", "cover_letter", "agreement"]);
    for d in docs.as_array().unwrap() {
        assert_eq!(d["sha256"].as_str().unwrap().len(), 64);
        assert_eq!(d["exists"], true);
    }
    let list = cli_json(&db, TODAY, &["agreements"]);
    assert_eq!(list[0]["status"], "active");
    assert!(!list[0]["instalments"].as_array().unwrap().is_empty());
}

#[test]
fn bad_agreement_input_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    // No arrangement agreed in principle yet.
    let o = cli(&db, TODAY, &["agreement", "draft", "--client", CLIENT]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no arrangement agreed in principle"));
    cli_json(&db, TODAY, &["negotiate", "agree", "--client", CLIENT, "--option", "full"]);
    // Missing business legal name.
    cli_ok(&db, TODAY, &["business", "--legal-name", ""]);
    let o = cli(&db, TODAY, &["agreement", "draft", "--client", CLIENT]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("legal name"), "{}", String::from_utf8_lossy(&o.stderr));
    cli_ok(&db, TODAY, &["business", "--legal-name", "Brightwell Plumbing & Heating Ltd"]);
    for (args, want) in [
        (vec!["--return-by", "2026-13-01"], "return-by date"),
        (vec!["--cure-days", "99"], "cure period"),
        (vec!["--late-fee", "-3"], "late fee"),
    ] {
        let mut all = vec!["agreement", "draft", "--client", CLIENT];
        all.extend(args);
        let o = cli(&db, TODAY, &all);
        assert_eq!(o.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&o.stderr).contains(want), "{want}: {}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(cli_json(&db, TODAY, &["agreements"]).as_array().unwrap().len(), 0);
    let d = cli_json(&db, TODAY, &["agreement", "draft", "--client", CLIENT]);
    let id = d["agreement"]["id"].as_i64().unwrap().to_string();
    let txt = dir.path().join("scan.txt");
    std::fs::write(&txt, "not a scan").unwrap();
    let o = cli(&db, TODAY, &["agreement", "sign", "--id", &id, "--file", txt.to_str().unwrap(), "--date", TODAY]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a PDF, JPEG or PNG"));
    assert_eq!(cli_json(&db, TODAY, &["agreement", "show", "--id", &id])["status"], "draft");
    assert_eq!(cli_json(&db, TODAY, &["documents", "--client", CLIENT]).as_array().unwrap().len(), 2);
}

#[test]
fn instalment_states_escalation_and_the_report_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let a = overdue_acceptance::active_agreement(&db, TODAY, CLIENT);
    let first = a["instalments"][0]["amount"]["amount"].as_str().unwrap().to_string();
    cli_ok(&db, TODAY, &["pay", "--client", CLIENT, "--amount", &first, "--date", TODAY]);
    let list = cli_json(&db, TODAY, &["agreements", "--client", CLIENT]);
    let states: Vec<&str> = list[0]["instalments"].as_array().unwrap().iter().map(|i| i["state"].as_str().unwrap()).collect();
    assert_eq!(states[0], "paid");
    assert!(states[1..].iter().all(|s| *s == "upcoming"), "{states:?}");
    // Six weeks on, the second payment is missed: in default.
    let later = "2027-01-20";
    let list = cli_json(&db, later, &["agreements", "--client", CLIENT]);
    assert_eq!(list[0]["status"], "defaulted");
    assert_eq!(list[0]["instalments"][1]["state"], "missed");
    // The report counts it; escalation writes the pack where asked, CSV beside it.
    let r = cli_json(&db, later, &["report"]);
    let in_default = r["cases"].as_array().unwrap().iter().find(|c| c["state"] == "in_default").unwrap();
    assert_eq!(in_default["count"], 1);
    assert!(r["dso_days"].as_str().unwrap().parse::<rust_decimal::Decimal>().is_ok());
    assert_eq!(r["forecast"].as_array().unwrap().len(), 6);
    let out = dir.path().join("handover/PACK.pdf");
    let e = cli_json(&db, later, &["escalate", "--client", CLIENT, "--reason", "Defaulted and silent", "--out", out.to_str().unwrap()]);
    assert_eq!(e["pack"], out.display().to_string());
    assert!(out.is_file() && dir.path().join("handover/PACK.csv").is_file());
    let text = pdftotext(&out);
    assert!(text.contains("HAND-OVER PACK") && text.contains("Defaulted and silent") && text.contains(a["reference"].as_str().unwrap()));
    let again = cli(&db, later, &["escalate", "--client", CLIENT, "--reason", "again"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already handed over"));
    let r = cli_json(&db, later, &["report"]);
    assert_eq!(r["cases"].as_array().unwrap().iter().find(|c| c["state"] == "escalated").unwrap()["count"], 1);
}

#[test]
fn the_last_payment_completes_the_agreement_and_writes_the_letter_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let a = overdue_acceptance::active_agreement(&db, TODAY, CLIENT);
    let reference = a["reference"].as_str().unwrap().to_string();
    let amounts: Vec<String> = a["instalments"].as_array().unwrap().iter().map(|i| i["amount"]["amount"].as_str().unwrap().to_string()).collect();
    assert!(amounts.len() >= 2, "a plan of several payments: {amounts:?}");
    // Every payment but the last: no letter yet.
    for amount in &amounts[..amounts.len() - 1] {
        let r = cli_json(&db, TODAY, &["pay", "--client", CLIENT, "--amount", amount, "--date", TODAY]);
        assert_eq!(r["completion_letter"], "", "{r}");
    }
    let r = cli_json(&db, TODAY, &["pay", "--client", CLIENT, "--amount", amounts.last().unwrap(), "--date", TODAY]);
    let letter = std::path::PathBuf::from(r["completion_letter"].as_str().unwrap());
    assert!(letter.is_file(), "{r}");
    assert!(r["message"].as_str().unwrap().contains("completion letter is written"), "{r}");
    let text = pdftotext(&letter);
    assert!(text.contains(&reference) && text.contains("Your account is settled"), "{text}");
    let list = cli_json(&db, TODAY, &["agreements", "--client", CLIENT]);
    assert_eq!(list[0]["status"], "completed");
    assert!(list[0]["instalments"].as_array().unwrap().iter().all(|i| i["state"] == "paid"));
    // Registered once, with its hash; looking again writes nothing new.
    let docs = cli_json(&db, TODAY, &["documents", "--client", CLIENT]);
    let letters: Vec<_> = docs.as_array().unwrap().iter().filter(|d| d["kind"] == "completion_letter").collect();
    assert_eq!(letters.len(), 1, "{docs}");
    assert_eq!(letters[0]["path"], letter.display().to_string());
    assert_eq!(letters[0]["sha256"].as_str().unwrap().len(), 64);
    cli_json(&db, TODAY, &["agreements", "--client", CLIENT]);
    let docs = cli_json(&db, TODAY, &["documents", "--client", CLIENT]);
    assert_eq!(docs.as_array().unwrap().iter().filter(|d| d["kind"] == "completion_letter").count(), 1);
}
