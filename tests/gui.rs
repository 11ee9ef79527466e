//! End-to-end tests through the real window: the built app, tauri-driver and
//! WebKitWebDriver under a private Xvfb display. Screenshots of every screen
//! land in target/screenshots/. One window at a time (a lock serialises them).

use overdue_acceptance::{cli_json, cli_ok, Gui};
use rust_decimal::Decimal;
use std::str::FromStr;
/// One window at a time, across the tests' separate runtimes.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
const TODAY: &str = "2026-11-23";

/// The exact value of an amount as the window shows it ("£1,234.50").
fn displayed(text: &str) -> Decimal {
    Decimal::from_str(&text.replace(['£', ','], "")).unwrap_or_else(|e| panic!("'{text}' is not a shown amount: {e}"))
}

fn money(v: &serde_json::Value) -> Decimal {
    Decimal::from_str(v["amount"].as_str().expect("amount string")).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_dashboard_matches_cli_and_a_payment_updates_totals() {
    let _one = ONE_WINDOW.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    let csv = dir.path().join("invoices.csv");
    std::fs::write(&csv, "Invoice Number,Customer,Invoice Date,Due Date,Total\nA-1,Acme Ltd,03/04/2026,03/05/2026,100.00\nA-2,Beta LLP,2026-02-30,2026-03-30,-5\n").unwrap();
    let gui = Gui::start(&db, TODAY, &[("OVERDUE_PICK_FILE", csv.to_str().unwrap())]).await;

    // First start: the welcome screen offers demo data.
    gui.wait("#welcome").await;
    gui.shot("01-welcome").await;
    gui.click("#load-demo").await;
    gui.wait("#today #today-list").await;
    gui.click("a[data-route=dashboard]").await;
    gui.wait("#dashboard #kpi-overdue").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    gui.shot("02-dashboard").await;

    // The dashboard's figures are the CLI's figures.
    let aging = cli_json(&db, TODAY, &["aging"]);
    let gbp = &aging["currencies"][0];
    assert_eq!(gbp["currency"], "GBP");
    let overdue_before = money(&gbp["overdue"]);
    assert!(overdue_before > Decimal::ZERO);
    assert_eq!(gui.text("#kpi-overdue .value").await, gbp["overdue"]["display"].as_str().unwrap());
    assert_eq!(gui.text("#kpi-outstanding .value").await, gbp["outstanding"]["display"].as_str().unwrap());
    let shown: Vec<String> = {
        let els = gui.d().find_all(overdue_acceptance::thirtyfour::By::Css("#bucket-table .bucket-total")).await.unwrap();
        let mut v = vec![];
        for e in els {
            v.push(e.text().await.unwrap());
        }
        v
    };
    let expected: Vec<String> = gbp["buckets"].as_array().unwrap().iter().map(|b| b["total"]["display"].as_str().unwrap().to_string()).collect();
    assert_eq!(shown, expected);
    let count = gui.text("#overdue-list .pager-count").await;
    assert!(count.ends_with(&format!("of {}", gbp["overdue_invoices"])), "pager says {count}");

    // Sorting by outstanding puts the largest first, as the CLI's data says.
    let inv = cli_json(&db, TODAY, &["invoices", "--overdue"]);
    let max = inv["rows"].as_array().unwrap().iter().map(|r| money(&r["outstanding"])).max().unwrap();
    gui.click("#overdue-list th:nth-child(6)").await;
    // (The list is drawn again after the click: wait for the sorted one.)
    let first_outstanding = gui.wait_text("#overdue-list tbody tr:first-child .outstanding", |t| !t.is_empty() && displayed(t) == max).await;
    assert_eq!(displayed(&first_outstanding), max);

    // Open the client of the first overdue invoice.
    gui.click("#overdue-list tbody tr:first-child td:first-child").await;
    gui.wait("#client-page").await;
    let client_id: String = gui.wait("#client-page").await.attr("data-client").await.unwrap().unwrap();
    gui.shot("03-client").await;
    let client_overdue_before = gui.text("#client-overdue .value").await;

    // Record a payment of £100.00 through the form.
    gui.click("#record-payment").await;
    // A negative amount is refused under its field, and nothing changes.
    let amount = gui.wait("#modal[open] #f-amount").await;
    amount.send_keys("-5").await.unwrap();
    gui.click("#modal[open] button[type=submit]").await;
    let err = gui.wait_text("#f-amount-error", |t| !t.is_empty()).await;
    assert!(err.contains("negative"), "{err}");
    gui.shot("04a-payment-refused").await;
    assert_eq!(money(&cli_json(&db, TODAY, &["aging"])["currencies"][0]["overdue"]), overdue_before);
    amount.clear().await.unwrap();
    amount.send_keys("100.00").await.unwrap();
    gui.shot("04-payment-form").await;
    gui.click("#modal[open] button[type=submit]").await;
    let after = gui.wait_text("#client-overdue .value", |t| t != client_overdue_before).await;
    gui.shot("05-client-after-payment").await;
    let b = displayed(&client_overdue_before);
    let a = displayed(&after);
    assert_eq!(b - a, Decimal::from_str("100.00").unwrap(), "client overdue went from {client_overdue_before} to {after}");
    gui.click("#client-page [data-tab=payments]").await;
    let pay_row = gui.text("#payments-table tbody tr:first-child").await;
    assert!(pay_row.contains("£100.00"), "{pay_row}");
    gui.shot("05a-client-payments").await;
    gui.click("#client-page [data-tab=history]").await;
    let hist = gui.text("#history li:first-child").await;
    assert!(hist.contains("Payment of £100.00"), "history: {hist}");
    gui.shot("06-client-history").await;

    // The dashboard total fell by exactly £100.00, and agrees with the CLI.
    gui.click("a[data-route=dashboard]").await;
    let expected_after = overdue_before - Decimal::from_str("100.00").unwrap();
    let shown_after = gui.wait_text("#kpi-overdue .value", |t| t != gbp["overdue"]["display"].as_str().unwrap()).await;
    assert_eq!(displayed(&shown_after), expected_after);
    let aging_after = cli_json(&db, TODAY, &["aging"]);
    assert_eq!(money(&aging_after["currencies"][0]["overdue"]), expected_after);
    let hist = cli_json(&db, TODAY, &["invoices", "--client", &client_id]);
    assert!(hist["rows"].as_array().unwrap().iter().any(|r| money(&r["paid"]) > Decimal::ZERO));

    // Filter by a bucket through the chart.
    gui.click("#aging-chart g.bar[data-bucket=over_90] rect.fill").await;
    gui.wait_text("#overdue-list h2", |t| t.contains("Over 90")).await;
    gui.shot("07-dashboard-over-90").await;

    // The other screens, looked at as a user would.
    gui.click("a[data-route=clients]").await;
    gui.wait("#clients tbody tr").await;
    gui.shot("08-clients").await;
    gui.click("a[data-route=import]").await;
    gui.click("#choose-file").await;
    gui.wait("#import-problems").await;
    let problems = gui.text("#import-problems").await;
    assert!(problems.contains("Row 3"), "{problems}");
    gui.shot("09-import-problems").await;
    gui.click("a[data-route=settings]").await;
    gui.wait("#business-form").await;
    gui.click("#backup-now").await;
    gui.wait("#backups table").await;
    gui.shot("10-settings").await;
    // Restoring asks first; cancelling changes nothing.
    gui.click("#backups tbody tr:first-child button.link").await;
    gui.wait("#modal[open]").await;
    gui.shot("10a-restore-confirm").await;
    gui.click("#modal[open] .modal-foot button:first-child").await;

    // Readable at 1920×1080 too.
    gui.d().set_window_rect(0, 0, 1920, 1080).await.ok();
    gui.click("a[data-route=dashboard]").await;
    gui.wait("#dashboard").await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    gui.shot("11-dashboard-1920").await;
    gui.stop().await;

    // Nothing from the bad file was imported.
    let out = cli_ok(&db, TODAY, &["invoices", "--search", "A-1"]);
    assert!(out.contains("0 invoice(s)"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_names_show_as_literal_text_everywhere() {
    let _one = ONE_WINDOW.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    let hostile = r#"<img src=x onerror="window.__pwned=1">"#;
    let gui = Gui::start(&db, TODAY, &[]).await;
    gui.wait("#welcome").await;
    gui.click("a[data-route=clients]").await;
    gui.click("#clients .page-head button.primary").await;

    // A 10,000-character name is refused with a message under the field.
    let long = "x".repeat(10_000);
    let name = gui.wait("#modal[open] #f-name").await;
    gui.js(&format!("document.getElementById('f-name').value = '{long}';")).await;
    gui.click("#modal[open] button[type=submit]").await;
    let err = gui.wait_text("#f-name-error", |t| !t.is_empty()).await;
    assert!(err.contains("10000 characters") && err.contains("200"), "{err}");
    gui.shot("12-long-name-refused").await;
    assert!(cli_ok(&db, TODAY, &["clients"]).contains("0 client(s)"));

    name.clear().await.unwrap();
    name.send_keys(hostile).await.unwrap();
    gui.click("#modal[open] button[type=submit]").await;
    let shown = gui.text("#client-name").await;
    assert_eq!(shown, hostile);

    // Add an overdue invoice so the name shows on the dashboard too.
    gui.click("#client-more").await;
    gui.click("#add-invoice").await;
    gui.wait("#modal[open] #f-number").await.send_keys("H-1").await.unwrap();
    gui.wait("#f-amount").await.send_keys("250.00").await.unwrap();
    gui.js("document.getElementById('f-issue_date').value='2026-09-01'; document.getElementById('f-due_date').value='2026-10-01';").await;
    gui.shot("13a-invoice-form").await;
    gui.click("#modal[open] button[type=submit]").await;
    gui.wait("#client-page tbody tr[data-invoice='H-1']").await;
    gui.shot("13-hostile-client").await;

    gui.click("a[data-route=dashboard]").await;
    let cell = gui.text("#overdue-list .client-name").await;
    assert_eq!(cell, hostile);
    gui.shot("14-hostile-dashboard").await;
    gui.click("a[data-route=clients]").await;
    assert_eq!(gui.text("#clients .client-name").await, hostile);

    // No element was created from the text and no script ran.
    let imgs = gui.js("return document.querySelectorAll('main img').length").await;
    assert_eq!(imgs, serde_json::json!(0));
    let pwned = gui.js("return window.__pwned === undefined").await;
    assert_eq!(pwned, serde_json::json!(true));
    gui.stop().await;

    let clients = cli_json(&db, TODAY, &["clients"]);
    assert_eq!(clients["rows"][0]["name"], hostile);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_wizard_asks_the_date_order_then_imports_everything() {
    let _one = ONE_WINDOW.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    let csv = dir.path().join("quickbooks.csv");
    std::fs::write(
        &csv,
        "Open Invoices\n\nNum,Customer,Date,Due Date,Amount,Open Balance\n1001,Acme Corp,03/04/2026,04/05/2026,\"£2,500.00\",\"£1,250.00\"\n1002,Beta Ltd,05/06/2026,06/07/2026,£99.99,£99.99\n",
    )
    .unwrap();
    let gui = Gui::start(&db, TODAY, &[("OVERDUE_PICK_FILE", csv.to_str().unwrap())]).await;
    gui.wait("#welcome").await;
    gui.click("#welcome .choice:nth-child(2) button").await;
    gui.click("#choose-file").await;
    let problems = gui.text("#import-problems").await;
    assert!(problems.contains("DD/MM/YYYY or MM/DD/YYYY"), "{problems}");
    assert!(!gui.wait("#commit-import").await.is_enabled().await.unwrap());
    gui.shot("15-import-choose-date-order").await;

    // Day first: 03/04/2026 is 3 April.
    gui.js("const s = document.getElementById('date-format'); s.value = 'dmy'; s.dispatchEvent(new Event('change'));").await;
    gui.wait_text("#commit-import", |t| t.contains("Import 2 invoices")).await;
    gui.shot("16-import-ready").await;
    gui.click("#commit-import").await;
    gui.wait("#import-done").await;
    gui.shot("17-import-done").await;
    gui.click("#import-go-dashboard").await;
    gui.wait("#dashboard").await;
    let aging = cli_json(&db, TODAY, &["aging"]);
    assert_eq!(aging["currencies"][0]["outstanding"]["display"], "£1,349.99");
    assert_eq!(gui.text("#kpi-outstanding .value").await, "£1,349.99");
    gui.stop().await;
    let inv = cli_json(&db, TODAY, &["invoices", "--search", "1001"]);
    assert_eq!(inv["rows"][0]["issue_date"], "2026-04-03");
    assert_eq!(inv["rows"][0]["paid"]["amount"], "1250.00");
}
