//! Follow-through in the real window: an active agreement (written and
//! signed through the CLI), payments recorded from its page until it is
//! completed, and the completion letter listed with its documents.
//! Screenshots: target/screenshots/6x-*.png.

use overdue_acceptance::{active_agreement, cli_json, cli_ok, Gui};
use std::time::Duration;

const TODAY: &str = "2026-11-23";
const CLIENT: &str = "Redland Lettings Ltd";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_payments_until_the_agreement_completes_with_its_letter() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let a = active_agreement(&db, TODAY, CLIENT);
    let client = a["client_id"].as_i64().unwrap();
    let inst = a["instalments"].as_array().unwrap().clone();
    let first = inst[0]["amount"]["amount"].as_str().unwrap().to_string();
    let total: rust_decimal::Decimal = inst.iter().map(|i| i["amount"]["amount"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap()).sum();
    let rest = (total - first.parse::<rust_decimal::Decimal>().unwrap()).to_string();

    let gui = Gui::start(&db, TODAY, &[("OVERDUE_NO_OPEN", "1")]).await;
    gui.js(&format!("location.hash = '#/agreement/{client}'; return true;")).await;
    gui.wait("#instalments tbody tr[data-state=upcoming]").await;

    // The first instalment.
    gui.click("#agreement-payment").await;
    gui.wait("#modal[open] #f-amount").await;
    gui.set_value("f-amount", &first).await;
    gui.click("#modal[open] button[type=submit]").await;
    gui.wait("#instalments tbody tr[data-state=paid]").await;
    let head = gui.text("#instalments h2").await;
    assert_eq!(head, format!("Payments: 1 of {} made", inst.len()));
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.js("document.getElementById('instalments').scrollIntoView(); return true;").await;
    gui.shot("60-instalment-paid").await;

    // A progress update by text from the owner's phone: short, with a QR code.
    gui.click("#progress-button").await;
    gui.wait("#modal[open] #am-body").await;
    gui.click("#modal[open] button[data-channel=sms]").await;
    gui.wait("#am-qr svg.qr").await;
    let text = gui.js("return document.getElementById('am-body').value;").await.as_str().unwrap().to_string();
    assert!(text.starts_with("Brightwell Plumbing") && text.contains(&format!("Paid so far £{first}")) && text.contains(a["reference"].as_str().unwrap()), "{text}");
    assert!(gui.text("#sms-info").await.contains("1 SMS") || gui.text("#sms-info").await.contains("2 SMS"));
    assert!(gui.js("return document.querySelector('#modal[open] .field:has(#am-subject)').hidden;").await.as_bool().unwrap(), "a text has no subject");
    tokio::time::sleep(Duration::from_millis(200)).await;
    gui.shot("62-progress-by-text").await;
    // Switching to email and back keeps the written message and the text apart.
    gui.click("#modal[open] button[data-channel=letter]").await;
    let written = gui.js("return document.getElementById('am-body').value;").await.as_str().unwrap().to_string();
    assert!(written.starts_with("Dear "), "{written}");
    gui.click("#modal[open] button[data-channel=sms]").await;
    gui.click("#am-send").await;
    gui.wait_js("return !document.querySelector('#modal[open]');", "the text dialog closes").await;
    gui.js(&format!("location.hash = '#/client/{client}'; return true;")).await;
    gui.click("button[data-tab=history]").await;
    gui.wait_text("#history", |t| t.contains("texted to")).await;
    gui.js(&format!("location.hash = '#/agreement/{client}'; return true;")).await;
    gui.wait("#instalments tbody tr[data-state=paid]").await;

    // The rest in one payment: completed, the letter is there.
    gui.click("#agreement-payment").await;
    gui.wait("#modal[open] #f-amount").await;
    gui.set_value("f-amount", &rest).await;
    gui.click("#modal[open] button[type=submit]").await;
    gui.wait("#completed-notice").await;
    gui.wait_text("#agreement-status", |t| t.contains("Completed")).await;
    let docs = gui.text("#documents").await;
    assert!(docs.contains("Completion letter"), "{docs}");
    gui.js("document.getElementById('completed-notice').scrollIntoView(); return true;").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("61-agreement-completed").await;
    gui.click("#documents tr[data-kind=completion_letter] button").await;
    gui.stop().await;

    let list = cli_json(&db, TODAY, &["agreements", "--client", CLIENT]);
    assert_eq!(list[0]["status"], "completed");
    assert!(list[0]["instalments"].as_array().unwrap().iter().all(|i| i["state"] == "paid"));
    let docs = cli_json(&db, TODAY, &["documents", "--client", CLIENT]);
    let letter = docs.as_array().unwrap().iter().find(|d| d["kind"] == "completion_letter").expect("completion letter");
    let out = std::process::Command::new("pdftotext").arg(letter["path"].as_str().unwrap()).arg("-").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Your account is settled"));
}
