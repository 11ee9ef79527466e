//! A later export in the real window: the books were brought in weeks ago
//! (Today says so, and a reminder warns before it goes out); the owner
//! imports the latest export, which shows one invoice paid since and one
//! gone, chooses "paid" for the gone one, and Today stops chasing both.
//! The import can then be undone from the history.
//! Screenshots: target/screenshots/7x-*.png.

use overdue_acceptance::{cli_json, cli_ok, Gui};

const TODAY: &str = "2026-11-23";

const FIRST: &str = "ContactName,EmailAddress,InvoiceNumber,InvoiceDate,DueDate,Total,InvoiceAmountPaid,Currency\n\
Acme Ltd,ap@acme.example,INV-1,2026-08-01,2026-09-01,1000.00,0.00,GBP\n\
Bolt Co,accounts@bolt.example,INV-2,2026-08-05,2026-09-05,400.00,0.00,GBP\n\
Cass Studio,hello@cass.example,INV-3,2026-08-10,2026-09-10,250.00,0.00,GBP\n";

/// Three weeks later: INV-1 paid in full, INV-3 no longer listed.
const LATER: &str = "ContactName,EmailAddress,InvoiceNumber,InvoiceDate,DueDate,Total,InvoiceAmountPaid,Currency\n\
Acme Ltd,ap@acme.example,INV-1,2026-08-01,2026-09-01,1000.00,1000.00,GBP\n\
Bolt Co,accounts@bolt.example,INV-2,2026-08-05,2026-09-05,400.00,0.00,GBP\n";

fn on_today(db: &std::path::Path) -> Vec<String> {
    let t = cli_json(db, TODAY, &["today"]);
    t["items"].as_array().unwrap().iter().flat_map(|i| i["invoices"].as_array().unwrap().iter().map(|x| x["number"].as_str().unwrap().to_string())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_later_export_stops_the_chasing_of_what_was_paid() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    let file = dir.path().join("xero-export.csv");
    std::fs::write(&file, FIRST).unwrap();
    cli_ok(&db, "2026-11-02", &["import", "invoices", file.to_str().unwrap()]);
    let chased = on_today(&db);
    assert!(chased.contains(&"INV-1".to_string()) && chased.contains(&"INV-3".to_string()), "{chased:?}");

    let gui = Gui::start(&db, TODAY, &[("OVERDUE_PICK_FILE", file.to_str().unwrap()), ("OVERDUE_NO_OPEN", "1")]).await;
    gui.js("location.hash = '#/today'; return true;").await;
    let line = gui.wait_text("#books-freshness", |t| t.contains("21 days ago")).await;
    assert!(line.contains("xero-export.csv") && line.contains("automatic ones wait until you do"), "{line}");
    gui.shot("70-today-books-out-of-date").await;

    // A reminder warns first; sending waits for "go ahead".
    gui.click("#today-list li[data-kind=reminder] button[data-action=send]").await;
    let warning = gui.wait_text("#books-warning", |t| !t.is_empty()).await;
    assert!(warning.contains("Your books were last brought in 21 days ago (xero-export.csv): this invoice may already be paid."), "{warning}");
    assert!(!gui.wait("#send-email").await.is_enabled().await.unwrap(), "Send waits for a choice");
    gui.shot("71-reminder-books-warning").await;
    gui.click("#books-warning-update").await;

    // The latest export: INV-1 paid since, INV-3 gone.
    gui.wait("#choose-file").await;
    std::fs::write(&file, LATER).unwrap();
    gui.click("#choose-file").await;
    let paid = gui.wait_text("#import-paid-since", |t| !t.is_empty()).await;
    assert!(paid.contains("£1,000.00 on 1 invoice"), "{paid}");
    gui.wait("#import-missing-box select[data-missing='INV-3']").await;
    gui.js("const s = document.querySelector(\"select[data-missing='INV-3']\"); s.value = 'paid'; s.dispatchEvent(new Event('change')); return true;").await;
    gui.wait_js("return document.querySelector(\"select[data-missing='INV-3']\").value === 'paid'", "the choice for INV-3 kept after the preview refreshes").await;
    gui.shot("72-import-later-export").await;
    gui.wait_text("#commit-import", |t| t.contains("Bring the books up to date")).await;
    gui.click("#commit-import").await;
    let done = gui.wait_text("#import-done p", |t| !t.is_empty()).await;
    assert!(done.contains("£1,000.00 received since on 1 invoice") && done.contains("1 recorded as paid"), "{done}");
    gui.shot("73-import-done").await;

    // Today no longer chases either, and the books are fresh.
    gui.click("#import-done button.primary").await;
    gui.wait("#today-list").await;
    let line = gui.wait_text("#books-freshness", |t| t.contains("today")).await;
    assert!(!line.contains("wait"), "{line}");
    let shown = gui.text("#today-list").await;
    assert!(!shown.contains("INV-1") && !shown.contains("INV-3") && shown.contains("INV-2"), "{shown}");
    gui.shot("74-today-after-sync").await;
    assert_eq!(on_today(&db), vec!["INV-2".to_string()]);

    // The history, with Undo for the last import.
    gui.js("location.hash = '#/import'; return true;").await;
    gui.wait("#import-history #undo-import").await;
    gui.shot("75-import-history").await;
    gui.click("#undo-import").await;
    gui.wait("#modal[open] button.primary").await;
    gui.click("#modal[open] button.primary").await;
    gui.wait("#import-history span.pill").await;
    gui.stop().await;
    let chased = on_today(&db);
    assert!(chased.contains(&"INV-1".to_string()) && chased.contains(&"INV-3".to_string()), "undone: chased again {chased:?}");
    let history = cli_json(&db, TODAY, &["imports"]);
    assert!(history[0]["undone_at"].is_string() && history[1]["undone_at"].is_null(), "{history}");
}
