//! Negotiating during a call, in the real window: open the client, set what
//! they can pay, see the options, type a counter-offer that breaks the
//! bottom line and see it refused with the nearest acceptable alternative,
//! then agree in principle on that. Screenshots: target/screenshots/4x-*.png.

use overdue_acceptance::{cli_json, cli_ok, Gui};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::time::Duration;

const TODAY: &str = "2026-11-23";


#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negotiate_check_a_counter_offer_and_agree_in_principle() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let today = cli_json(&db, TODAY, &["today"]);
    let item = today["items"].as_array().unwrap().iter().find(|i| i["stage"]["name"] == "Negotiation call").expect("a negotiation call");
    let key = item["key"].as_str().unwrap();
    let client = item["client_id"].as_i64().unwrap();
    let limits = cli_json(&db, TODAY, &["negotiate", "options", "--client", &client.to_string()])["case"]["limits"].clone();

    let gui = Gui::start(&db, TODAY, &[("OVERDUE_NO_OPEN", "1")]).await;
    // Negotiate is in the row's menu, after the call script.
    gui.click(&format!("li[data-key='{key}'] button[data-action=more]")).await;
    gui.click(&format!("li[data-key='{key}'] .menu button[data-action=negotiate]")).await;
    gui.wait("#negotiate #options .option").await;
    assert!(gui.text("#bottom-line dl").await.contains(limits["min_settlement"]["display"].as_str().unwrap()));

    // What they can pay a month: the options are recomputed and labelled.
    gui.set_value("capacity", "800").await;
    gui.wait_text("#save-state", |t| t == "Saved").await;
    let monthly = gui.text("#options [data-option=plan_monthly]").await;
    assert!(monthly.contains("Affordable") || monthly.contains("Not affordable"), "{monthly}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("40-negotiate").await;

    // A counter-offer that breaks the bottom line: refused, with the nearest acceptable one.
    gui.set_value("offer", "£100 a month starting next month").await;
    gui.wait_text("#verdict-line", |t| t.contains("Not acceptable")).await;
    let refused = gui.text("#verdict [data-option=offer]").await;
    assert!(refused.contains("longer than"), "{refused}");
    let nearest = gui.text("#nearest").await;
    assert!(nearest.contains("Within bottom line"), "{nearest}");
    gui.js("document.getElementById('counter').scrollIntoView(); return true;").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("41-counter-refused").await;

    // An acceptable one is marked so at once.
    gui.set_value("offer", "£2,000 now and £600 a month").await;
    gui.wait_text("#verdict-line", |t| t.starts_with("✓ Acceptable") || t.contains("Not acceptable")).await;

    // Back to the refused offer, and agree on its nearest acceptable alternative.
    gui.set_value("offer", "£100 a month starting next month").await;
    gui.wait_text("#verdict-line", |t| t.contains("Not acceptable") && t.contains("£100.00 a month")).await;
    gui.click("#nearest button[data-action=agree-nearest]").await;
    gui.wait("#agreed").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("42-agreed").await;
    gui.stop().await;

    // The arrangement is exact and chasing of its invoices has stopped.
    let arr = cli_json(&db, TODAY, &["arrangements", "--client", &client.to_string()]);
    let a = &arr[0];
    assert_eq!(a["status"], "agreed_in_principle");
    assert_eq!(a["within_bottom_line"], true);
    let sum: Decimal = a["schedule"].as_array().unwrap().iter().map(|r| Decimal::from_str(r["amount"]["amount"].as_str().unwrap()).unwrap()).sum();
    assert_eq!(sum.to_string(), a["total"]["amount"].as_str().unwrap());
    assert_eq!(a["schedule"].as_array().unwrap().last().unwrap()["balance_after"]["amount"], "0.00");
    let after = cli_json(&db, TODAY, &["today"]);
    assert!(after["items"].as_array().unwrap().iter().all(|i| i["client_id"] != client || i["stage"].is_null()));
    // The private bottom line appears nowhere the debtor could read it.
    let min = limits["min_settlement"]["display"].as_str().unwrap();
    assert!(!a["terms"].as_str().unwrap().contains(min));
    let history = cli_json(&db, TODAY, &["clients", "--search", item["client_name"].as_str().unwrap()]);
    assert_eq!(history["rows"][0]["id"], client);
}
