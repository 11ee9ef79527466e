//! The reminder step through the real binary: `today`, `remind` by email to
//! a real SMTP server, `letter --out`, `promise`, `call`, `run-due`, and bad
//! input refused with a clear message and nothing changed.

use overdue_acceptance::{cli, cli_json, cli_ok, SmtpSink};
use std::path::Path;
use std::process::Command;

const TODAY: &str = "2026-11-23";

fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    db
}

fn item(today: &serde_json::Value, pred: impl Fn(&serde_json::Value) -> bool) -> &serde_json::Value {
    today["items"].as_array().unwrap().iter().find(|i| pred(i)).expect("a matching Today item")
}

#[test]
fn today_lists_a_realistic_mix_and_the_demo_charges_statutory_interest() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let t = cli_json(&db, TODAY, &["today"]);
    let kinds: Vec<&str> = t["items"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    for k in ["reminder", "call", "review", "promise_broken"] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    // One item per client and currency.
    let mut keys: Vec<&str> = t["items"].as_array().unwrap().iter().filter(|i| i["stage"].is_object()).map(|i| i["key"].as_str().unwrap()).collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n);
    assert_eq!(t["not_chased"]["disputed"], 1);
    assert_eq!(t["not_chased"]["promise"], 1);
    let interest = cli_json(&db, TODAY, &["interest"]);
    assert_eq!(interest["policy"]["kind"], "uk_late_payment");
    let text = cli_ok(&db, TODAY, &["today"]);
    assert!(text.starts_with("Today, 2026-11-23:"), "{text}");
}

#[test]
fn remind_sends_an_email_to_a_real_smtp_server_and_records_it() {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    cli_ok(&db, TODAY, &["smtp", "set", "--host", "127.0.0.1", "--port", &sink.port.to_string(), "--security", "none"]);
    cli_ok(&db, TODAY, &["smtp", "test"]);
    let t = cli_json(&db, TODAY, &["today"]);
    let it = item(&t, |i| i["kind"] == "reminder" && i["channel"] == "email" && i["warnings"].as_array().unwrap().is_empty());
    let client = it["client_id"].as_i64().unwrap().to_string();
    let out = cli_ok(&db, TODAY, &["remind", "--client", &client, "--attach-statement"]);
    assert!(out.contains("sent to"), "{out}");
    let m = sink.wait_for(1);
    assert_eq!(m.len(), 1);
    let numbers: Vec<&str> = it["invoices"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap()).collect();
    for n in &numbers {
        assert!(m[0]["body"].as_str().unwrap().contains(n), "{n} not in the email");
    }
    assert_eq!(m[0]["attachments"][0]["content_type"], "application/pdf");
    let outbox = cli_json(&db, TODAY, &["outbox"]);
    assert_eq!(outbox[0]["status"], "sent");
    // The stage is done: the client's item is gone or has moved on.
    let after = cli_json(&db, TODAY, &["today"]);
    assert!(after["items"].as_array().unwrap().iter().all(|i| !(i["key"] == it["key"] && i["stage"]["id"] == it["stage"]["id"])));
    // A second remind the same day has nothing due.
    let again = cli(&db, TODAY, &["remind", "--client", &client]);
    assert!(!again.status.success());
}

#[test]
fn letter_promise_call_and_run_due_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let t = cli_json(&db, TODAY, &["today"]);
    let fin = item(&t, |i| i["stage"]["name"] == "Final notice");
    let client = fin["client_id"].as_i64().unwrap().to_string();
    let pdf = dir.path().join("final.pdf");
    cli_ok(&db, TODAY, &["letter", "--client", &client, "--stage", "Final notice", "--paper", "Letter", "--out", pdf.to_str().unwrap()]);
    let text = String::from_utf8(Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    assert!(text.contains("Final notice") && text.contains("Page 1 of"), "{text}");
    assert!(text.contains(fin["invoices"][0]["number"].as_str().unwrap()));

    // A call with a promise pauses chasing of that client.
    let call_item = item(&t, |i| i["kind"] == "call");
    let cc = call_item["client_id"].as_i64().unwrap().to_string();
    cli_ok(&db, TODAY, &["call", "--client", &cc, "--outcome", "reached", "--reason", "cash_flow", "--promise-amount", "50", "--promise-date", "2026-11-30"]);
    let t2 = cli_json(&db, TODAY, &["today"]);
    assert!(t2["items"].as_array().unwrap().iter().all(|i| i["client_id"] != call_item["client_id"] || i["kind"] == "promise_broken"));
    let promises = cli_json(&db, TODAY, &["promise", "list", "--client", &cc]);
    assert_eq!(promises[0]["status"], "pending");
    assert_eq!(promises[0]["amount"]["amount"], "50.00");
    // After 30 Nov + 3 days' grace, unpaid: broken, and chasing resumes.
    let later = cli_json(&db, "2026-12-04", &["today"]);
    let mine: Vec<&serde_json::Value> = later["items"].as_array().unwrap().iter().filter(|i| i["client_id"] == call_item["client_id"]).collect();
    assert!(mine.iter().any(|i| i["kind"] == "promise_broken"), "{mine:?}");
    assert!(mine.iter().any(|i| i["stage"].is_object()), "chasing resumed: {mine:?}");

    // run-due in manual mode sends nothing; in automatic mode a dry run lists the emails.
    assert_eq!(cli_json(&db, TODAY, &["run-due", "--dry-run"]).as_array().unwrap().len(), 0);
}

#[test]
fn bad_input_is_refused_with_a_clear_message_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let t = cli_json(&db, TODAY, &["today"]);
    let client = item(&t, |i| i["kind"] == "reminder")["client_id"].as_i64().unwrap().to_string();
    let before = cli_ok(&db, TODAY, &["--json", "promise", "list"]);
    for (args, want) in [
        (vec!["promise", "add", "--client", &client, "--amount", "-5", "--date", "2026-12-01"], "promise amount"),
        (vec!["promise", "add", "--client", &client, "--amount", "10", "--date", "2026-02-30"], "promise date"),
        (vec!["promise", "add", "--client", &client, "--amount", "99999999", "--date", "2026-12-01"], "more than"),
        (vec!["call", "--client", &client, "--outcome", "shouted"], "outcome"),
        (vec!["smtp", "set", "--host", "bad host", "--security", "none"], "server"),
        (vec!["interest", "--policy", "contractual", "--rate", "abc"], "interest rate"),
        (vec!["letter", "--client", &client, "--kind", "threat", "--out", "/tmp/x.pdf"], "letter"),
    ] {
        let out = cli(&db, TODAY, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
    }
    assert_eq!(cli_ok(&db, TODAY, &["--json", "promise", "list"]), before);
    // Email with no server set up: a clear message, nothing marked sent.
    let email_item = item(&t, |i| i["kind"] == "reminder" && i["channel"] == "email");
    let c = email_item["client_id"].as_i64().unwrap().to_string();
    let out = cli(&db, TODAY, &["remind", "--client", &c]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no mail server"), "{}", String::from_utf8_lossy(&out.stderr));
    let outbox = cli_json(&db, TODAY, &["outbox"]);
    assert_eq!(outbox[0]["status"], "failed");
    assert_eq!(cli_json(&db, TODAY, &["today"])["items"], t["items"], "nothing changed on Today");
}

/// The letter asked for is the letter printed (the school of the demo owes
/// two invoices 219 and 13 days overdue), and the CLI says when the
/// reference rates the interest relies on may be out of date.
#[test]
fn letter_kinds_print_their_own_text_and_stale_rates_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    for (kind, title, not) in [
        ("final_notice", "Final notice:", "slipped through"),
        ("firm_reminder", "Overdue account: please pay", "slipped through"),
        ("reminder", "Friendly reminder: invoice", "Final notice"),
    ] {
        let out = dir.path().join(format!("{kind}.pdf"));
        let o = cli(&db, TODAY, &["letter", "--client", "Bishopston Primary School", "--kind", kind, "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8(Command::new("pdftotext").arg(&out).arg("-").output().unwrap().stdout).unwrap();
        assert!(text.contains(title), "{kind}: {title:?} missing:\n{text}");
        assert!(!text.contains(not), "{kind} carries {not:?}");
        // The demo charges statutory interest on a table last brought up to date in March 2026.
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("warning: The reference rates may be out of date"), "{err}");
    }
    let fin = String::from_utf8(Command::new("pdftotext").arg(dir.path().join("final_notice.pdf")).arg("-").output().unwrap().stdout).unwrap();
    assert!(fin.contains("now between 13 and 219 days") && fin.contains("Compensation for late payment: £110.00"), "{fin}");
    // A stage that writes another kind of letter is refused, not mislabelled.
    let o = cli(&db, TODAY, &["letter", "--client", "Bishopston Primary School", "--kind", "final_notice", "--stage", "Friendly reminder"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("writes a payment reminder letter, not a final notice"));
    // The interest command names the staleness, and confirming the table clears it.
    let i = cli_json(&db, TODAY, &["interest"]);
    assert!(i["rates_warning"].as_str().unwrap().contains("3.75% from 18 Dec 2025"), "{i}");
    assert_eq!(i["rates_known_until"]["GB"], "2026-03-19");
    let i = cli_json(&db, TODAY, &["interest", "--rates-current", "GB"]);
    assert_eq!(i["rates_warning"], "");
    assert_eq!(i["rates_known_until"]["GB"], TODAY);
    let o = cli(&db, TODAY, &["interest", "--rates-current", "XX"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("must be GB"));
}
