//! From agreement in principle to an active agreement, in the real window:
//! agree on a plan at the negotiation desk, write the agreement in one
//! click, sign for the business on screen, mark it posted, attach the
//! client's signed copy, and see it active with its instalments; the
//! documents are registered with their hashes. Screenshots:
//! target/screenshots/5x-*.png.

use overdue_acceptance::{cli_json, cli_ok, Gui};
use std::time::Duration;

const TODAY: &str = "2026-11-23";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agree_write_sign_and_activate_an_agreement_with_a_signed_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let today = cli_json(&db, TODAY, &["today"]);
    let item = today["items"].as_array().unwrap().iter().find(|i| i["stage"]["name"] == "Negotiation call").expect("a negotiation call");
    let client = item["client_id"].as_i64().unwrap();
    // The scan the owner will pick in the file dialog (a real PNG header).
    let scan = dir.path().join("signed-scan.png");
    std::fs::write(&scan, [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]).unwrap();

    let gui = Gui::start(&db, TODAY, &[("OVERDUE_NO_OPEN", "1"), ("OVERDUE_PICK_FILE", scan.to_str().unwrap())]).await;
    gui.js(&format!("location.hash = '#/negotiate/{client}'; return true;")).await;
    gui.wait("#negotiate #options [data-option=plan_monthly]").await;
    gui.click("#options [data-option=plan_monthly] button[data-action=agree]").await;
    // Inside the bottom line it is agreed at once; outside, a reason is asked.
    tokio::time::sleep(Duration::from_millis(400)).await;
    if gui.js("return !!document.querySelector('#modal[open] #f-reason');").await == serde_json::Value::Bool(true) {
        gui.set_value("f-reason", "Long-standing client").await;
        gui.click("#modal[open] button[type=submit]").await;
    }
    gui.wait("#agreed #write-agreement-link").await;
    gui.click("#write-agreement-link").await;

    // One click writes it.
    gui.wait("#agreement-page #write-card").await;
    gui.click("#write-agreement").await;
    let fp = gui.wait_text("#fingerprint", |t| t.contains("fingerprint")).await;
    let status = gui.text("#agreement-status").await;
    assert!(status.contains("AGR-2026-") && status.contains("Draft"), "{status}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("50-agreement-written").await;

    // Sign for the business on screen: draw a stroke on the pad.
    gui.click("#sign-on-screen").await;
    gui.wait("#signature-pad").await;
    gui.js(
        "const c = document.getElementById('signature-pad'); const r = c.getBoundingClientRect();
         const ev = (t, i) => c.dispatchEvent(new PointerEvent(t, { pointerId: 7, bubbles: true, clientX: r.left + r.width * (0.1 + i * 0.02), clientY: r.top + r.height * (0.5 + 0.25 * Math.sin(i / 3)) }));
         ev('pointerdown', 0); for (let i = 1; i < 40; i++) ev('pointermove', i); ev('pointerup', 40); return true;",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    gui.shot("51-sign-on-screen").await;
    gui.click("#place-signature").await;
    gui.wait_text("#fingerprint", |t| t.contains("signed by you on screen")).await;
    assert!(fp.contains(&gui.text("#fingerprint").await.split(" · ").nth(1).unwrap().to_string()), "same text, same fingerprint");

    // Posted.
    gui.click("#mark-issued").await;
    gui.wait("#modal[open] #f-how").await;
    gui.click("#modal[open] button[type=submit]").await;
    gui.wait_text("#agreement-status", |t| t.contains("waiting for the signed copy")).await;

    // The signed copy comes back: attach it; already signed by us, so active.
    gui.click("#record-signed").await;
    gui.click("#choose-signed").await;
    gui.wait_text("#choose-signed-name", |t| t == "signed-scan.png").await;
    gui.click("#save-signed").await;
    gui.wait_text("#agreement-status", |t| t.contains("Active")).await;
    gui.wait("#instalments tbody tr").await;
    let facts = gui.text("#agreement-facts").await;
    assert!(facts.contains("Signed by") && facts.contains("Countersigned by Dan Brightwell") && facts.contains("Active since"), "{facts}");
    let docs = gui.text("#documents").await;
    assert!(docs.contains("Signed by client") && docs.contains("Cover letter"), "{docs}");
    gui.js("document.getElementById('instalments').scrollIntoView(); return true;").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("52-agreement-active").await;
    gui.stop().await;

    // The same seen from the CLI.
    let list = cli_json(&db, TODAY, &["agreements", "--client", &client.to_string()]);
    let a = &list[0];
    assert_eq!(a["status"], "active");
    assert_eq!(a["instalments"].as_array().unwrap().len(), a["content"]["instalments"].as_array().unwrap().len());
    let docs = cli_json(&db, TODAY, &["documents", "--client", &client.to_string()]);
    let kinds: Vec<&str> = docs.as_array().unwrap().iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"signed_copy") && kinds.contains(&"agreement") && kinds.contains(&"cover_letter"), "{kinds:?}");
    let signed = docs.as_array().unwrap().iter().find(|d| d["kind"] == "signed_copy").unwrap();
    assert_eq!(signed["exists"], true);
    assert!(std::path::Path::new(signed["path"].as_str().unwrap()).starts_with(dir.path().join("documents")));
}
