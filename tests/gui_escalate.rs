//! Default and escalation in the real window: an agreement whose first
//! payment was missed past its cure period is in default; the owner sends
//! the default notice (as a letter), then escalates the case and opens the
//! hand-over pack. Screenshots: target/screenshots/7x-*.png.

use overdue_acceptance::{active_agreement, cli_json, cli_ok, Gui};
use std::time::Duration;

const TODAY: &str = "2026-11-23";
const LATER: &str = "2026-12-20";
const CLIENT: &str = "Redland Lettings Ltd";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_defaulted_agreement_gets_a_notice_then_is_handed_over_with_its_pack() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let client = active_agreement(&db, TODAY, CLIENT)["client_id"].as_i64().unwrap();

    // Three weeks later, nothing paid: the first payment (30 Nov) is past its 14-day cure period.
    let gui = Gui::start(&db, LATER, &[("OVERDUE_NO_OPEN", "1")]).await;
    gui.wait("#today").await;
    let item = gui.wait_text(&format!("li[data-kind=agreement_default][data-client='{client}']"), |t| t.contains("missed")).await;
    assert!(item.contains("AGR-2026-0001"), "{item}");
    gui.click(&format!("li[data-kind=agreement_default][data-client='{client}'] button[data-action=agreement]")).await;
    gui.wait("#default-notice").await;
    assert!(gui.text("#instalments tbody tr[data-state=missed]").await.contains("Missed"));

    // The default notice, printed as a letter.
    gui.click("#default-notice-button").await;
    let body = gui.wait_text("#am-body", |_| true).await;
    let body = if body.is_empty() { gui.js("return document.getElementById('am-body').value;").await.as_str().unwrap_or("").to_string() } else { body };
    assert!(body.contains("in default (clause 6)") && body.contains("the whole remaining balance"), "{body}");
    gui.click("#modal[open] button[data-channel=letter]").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    gui.shot("70-default-notice").await;
    gui.click("#am-send").await;
    gui.wait_js("return !document.querySelector('#modal[open]');", "the notice dialog closes").await;

    // Escalate.
    gui.click("#escalate-agreement").await;
    gui.wait("#esc-reasons").await;
    assert!(gui.text("#esc-triggers").await.contains("in default"));
    gui.set_value("esc-reasons", "Agreement in default; the default notice was not answered.").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    gui.shot("71-escalate").await;
    gui.click("#esc-confirm").await;
    gui.wait("#client-page #escalated-banner").await;
    assert!(gui.text("#escalated-banner").await.contains("collection agency"));
    gui.click("#open-pack").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("72-escalated").await;

    // The dashboard counts it among the cases handed over; the figure opens the list.
    gui.js("location.hash = '#/dashboard'; return true;").await;
    gui.wait("#steering #cases").await;
    assert!(gui.text("#cases li[data-state=escalated]").await.ends_with('1'));
    gui.js("document.getElementById('steering').scrollIntoView(); return true;").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("73-dashboard-steering").await;
    gui.click("#cases li[data-state=escalated]").await;
    let list = gui.wait_text("#steer-list", |t| t.contains(CLIENT)).await;
    assert!(list.contains('£'), "{list}");
    gui.js("document.getElementById('modal').close(); return true;").await;
    // Overdue over time, stacked by age: today's bar opens its figures, which match the CLI's report.
    let report = cli_json(&db, LATER, &["report"]);
    let now = report["overdue_trend"].as_array().unwrap().last().unwrap().clone();
    assert!(gui.js("return document.querySelectorAll('#chart-trend g.bar').length;").await.as_i64() == Some(7));
    gui.js(&format!("document.querySelector(\"#chart-trend g[data-bar='{}']\").dispatchEvent(new MouseEvent('click', {{ bubbles: true }})); return true;", now["date"].as_str().unwrap())).await;
    let list = gui.wait_text("#steer-list", |t| t.contains("Over 90 days")).await;
    for b in now["aged"].as_array().unwrap() {
        assert!(list.contains(b["label"].as_str().unwrap()) && list.contains(b["amount"]["display"].as_str().unwrap()), "{b} in {list}");
    }
    assert!(gui.text("#modal-title").await.contains(now["amount"]["display"].as_str().unwrap()));
    gui.stop().await;

    // The pack is there, with the invoices, the history and the notice.
    let docs = cli_json(&db, LATER, &["documents", "--client", CLIENT]);
    let pack = docs.as_array().unwrap().iter().find(|d| d["kind"] == "handover_pack").expect("the pack");
    let out = std::process::Command::new("pdftotext").arg(pack["path"].as_str().unwrap()).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("HAND-OVER PACK") && text.contains("Agreement in default; the default notice was not answered."));
    assert!(text.contains("Default notice for AGR-2026-0001"), "the notice is in the timeline");
    let t = cli_json(&db, LATER, &["today"]);
    assert!(t["items"].as_array().unwrap().iter().all(|i| i["client_id"] != client), "no longer chased");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_defaulted_agreement_is_ended_from_today_and_renegotiated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let a = active_agreement(&db, TODAY, CLIENT);
    let client = a["client_id"].as_i64().unwrap();

    let gui = Gui::start(&db, LATER, &[("OVERDUE_NO_OPEN", "1")]).await;
    gui.wait("#today").await;
    let sel = format!("li[data-kind=agreement_default][data-client='{client}']");
    gui.wait_text(&sel, |t| t.contains("missed")).await;
    gui.click(&format!("{sel} button[data-action=more]")).await;
    gui.click(&format!("{sel} .menu button[data-action=renegotiate]")).await;
    gui.wait("#modal[open] #f-reason").await;
    assert!(gui.text("#modal[open]").await.contains("What was paid stays paid"));
    // Without a reason: refused, nothing changed.
    gui.click("#modal[open] button[type=submit]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(gui.js("return !!document.querySelector('#modal[open]');").await.as_bool().unwrap(), "the dialog stays open");
    assert_eq!(cli_json(&db, LATER, &["agreements", "--client", CLIENT])[0]["status"], "defaulted");
    gui.set_value("f-reason", "Lost a tenant; asked for smaller payments").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    gui.shot("74-renegotiate").await;
    gui.click("#modal[open] button[type=submit]").await;
    // The negotiation desk, free to agree new terms.
    gui.wait_js(&format!("return location.hash === '#/negotiate/{client}';"), "the negotiation desk opens").await;
    gui.wait("button[data-action=agree]").await;
    assert!(gui.js("return !document.getElementById('agreed');").await.as_bool().unwrap(), "no arrangement in force");
    let proposal = gui.js("return document.getElementById('neg-proposal').value;").await.as_str().unwrap_or("").to_string();
    assert!(proposal.contains("ended to renegotiate"), "{proposal}");
    gui.click("button[data-action=agree]").await;
    gui.wait("#agreed").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("75-renegotiated-agreed").await;
    // The agreement page remembers the one that ended, and why.
    gui.click("#write-agreement-link").await;
    let earlier = gui.wait_text("#earlier-agreements tr[data-status=renegotiated]", |t| t.contains("Lost a tenant")).await;
    assert!(earlier.contains(a["reference"].as_str().unwrap()) && earlier.contains("Ended to renegotiate"), "{earlier}");
    let terms = gui.text("#terms").await;
    assert!(terms.contains("Pay in full") || terms.contains('£'), "{terms}");
    assert!(!terms.contains("null") && !terms.contains("undefined"), "{terms}");
    gui.js("document.getElementById('earlier-agreements').scrollIntoView(); return true;").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("76-earlier-agreements").await;
    gui.stop().await;

    let list = cli_json(&db, LATER, &["agreements", "--client", CLIENT]);
    assert_eq!(list[0]["status"], "renegotiated");
    assert_eq!(list[0]["closed_reason"], "Lost a tenant; asked for smaller payments");
    let arr = cli_json(&db, LATER, &["arrangements"]);
    let live: Vec<_> = arr.as_array().unwrap().iter().filter(|r| r["status"] == "agreed_in_principle").collect();
    assert_eq!(live.len(), 1, "{arr}");
    assert_ne!(live[0]["id"], a["arrangement_id"]);
    let t = cli_json(&db, LATER, &["today"]);
    assert!(t["items"].as_array().unwrap().iter().all(|i| !(i["client_id"] == client && i["kind"] == "agreement_default")));
}
