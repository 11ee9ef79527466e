//! A bank statement in the real window: the owner imports the CSV their
//! online bank exported; the payment that quotes an invoice number is
//! recorded at once, money out is set aside, and a payment that names no
//! invoice waits as a suggestion, which the owner accepts from the keyboard
//! (arrows, Enter). The invoices are paid and Today stops chasing them.
//! Hostile text in the statement stays text. Screenshots: target/screenshots/9x-*.png.

use overdue_acceptance::{cli_json, cli_ok, Gui};
use overdue_acceptance::thirtyfour::Key;

const TODAY: &str = "2026-11-23";

const INVOICES: &str = "ContactName,EmailAddress,InvoiceNumber,InvoiceDate,DueDate,Total,InvoiceAmountPaid,Currency\n\
Acme Ltd,ap@acme.example,INV-1001,2026-08-01,2026-09-01,1200.00,0.00,GBP\n\
Bolt Co,accounts@bolt.example,INV-2002,2026-08-05,2026-09-05,400.00,0.00,GBP\n\
Cass Studio,hello@cass.example,INV-3003,2026-08-10,2026-09-10,250.00,0.00,GBP\n";

/// Lloyds' documented export layout (day-first dates, debit and credit columns).
const STATEMENT: &str = "Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance\n\
20/11/2026,FPI,'30-99-50,12345678,ACME LTD INV-1001,,1200.00,5645.20\n\
20/11/2026,DEB,'30-99-50,12345678,TESCO STORES 2231,45.20,,4445.20\n\
21/11/2026,FPI,'30-99-50,12345678,BOLT CO PAYMENT,,400.00,4845.20\n\
22/11/2026,FPI,'30-99-50,12345678,<img src=x onerror=alert(1)>,,12.00,4857.20\n";

/// The lines as shown (innerText: WebKitWebDriver's element text leaves
/// out the one-line, ellipsised payer names), once `pred` holds.
async fn lines(gui: &Gui, pred: impl Fn(&str) -> bool) -> String {
    for _ in 0..150 {
        let t = gui.js("const e = document.querySelector('#bank-lines'); return e ? e.innerText : '';").await.as_str().unwrap_or_default().to_string();
        if pred(&t) {
            return t;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    gui.shot("timeout").await;
    panic!("the bank lines never showed what was expected");
}

fn on_today(db: &std::path::Path) -> Vec<String> {
    let t = cli_json(db, TODAY, &["today"]);
    t["items"].as_array().unwrap().iter().flat_map(|i| i["invoices"].as_array().unwrap().iter().map(|x| x["number"].as_str().unwrap().to_string())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_pays_what_it_names_and_a_suggestion_is_accepted_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    let invoices = dir.path().join("xero-export.csv");
    std::fs::write(&invoices, INVOICES).unwrap();
    cli_ok(&db, TODAY, &["import", "invoices", invoices.to_str().unwrap()]);
    let chased = on_today(&db);
    assert!(chased.contains(&"INV-1001".to_string()) && chased.contains(&"INV-2002".to_string()), "{chased:?}");
    let statement = dir.path().join("lloyds-statement.csv");
    std::fs::write(&statement, STATEMENT).unwrap();

    let gui = Gui::start(&db, TODAY, &[("OVERDUE_PICK_FILE", statement.to_str().unwrap()), ("OVERDUE_NO_OPEN", "1")]).await;
    gui.js("location.hash = '#/bank'; return true;").await;
    let empty = lines(&gui, |t: &str| !t.is_empty()).await;
    assert!(empty.contains("No statement imported yet"), "{empty}");
    gui.click("#import-statement").await;
    let summary = gui.wait_text("#bank-summary", |t| t.contains("new lines")).await;
    assert!(summary.contains("4 new lines") && summary.contains("1 paid at once") && summary.contains("1 suggested") && summary.contains("1 to review"), "{summary}");
    gui.click("#bank-paid summary").await;
    let paid = gui.text("#bank-paid").await;
    assert!(paid.contains("£1,200.00 to INV-1001"), "{paid}");

    // To review: Bolt's payment, suggested by name and amount, and the hostile line as text.
    let review = lines(&gui, |t: &str| t.contains("BOLT CO")).await;
    assert!(review.contains("Suggested: Bolt Co: INV-2002"), "{review}");
    assert!(review.contains("<img src=x onerror=alert(1)>"), "hostile text shown as text: {review}");
    assert_eq!(gui.js("return document.querySelectorAll('#bank-lines img').length;").await, serde_json::json!(0));
    assert!(!review.contains("TESCO"), "money out is not for review: {review}");
    gui.shot("90-bank-import").await;

    // Arrows move the selection, Enter accepts the suggestion.
    let bolt = gui.js("return [...document.querySelectorAll('#bank-lines li[data-line]')].findIndex(li => li.textContent.includes('BOLT CO'));").await.as_i64().unwrap();
    let first = gui.wait("#bank-lines li[data-line]").await;
    first.click().await.unwrap();
    for _ in 0..bolt {
        gui.d().active_element().await.unwrap().send_keys(Key::Down).await.unwrap();
    }
    let selected = gui.js("return document.querySelector('#bank-lines li[aria-selected=true]').innerText;").await.as_str().unwrap().to_string();
    assert!(selected.contains("BOLT CO"), "{selected}");
    gui.d().active_element().await.unwrap().send_keys(Key::Enter).await.unwrap();
    gui.wait_text("#toasts", |t| t.contains("£400.00 to INV-2002")).await;
    let review = lines(&gui, |t: &str| !t.contains("BOLT CO")).await;
    assert!(review.contains("onerror"), "{review}");
    gui.shot("91-bank-accepted").await;

    gui.click("#bank button[data-filter=matched]").await;
    let matched = lines(&gui, |t: &str| t.contains("BOLT CO")).await;
    assert!(matched.contains("Bolt Co: £400.00 to INV-2002") && matched.contains("Acme Ltd: £1,200.00 to INV-1001"), "{matched}");
    gui.shot("92-bank-matched").await;

    // Today chases only what is still owed.
    gui.js("location.hash = '#/today'; return true;").await;
    let shown = gui.wait_text("#today-list", |t| !t.is_empty()).await;
    assert!(shown.contains("INV-3003") && !shown.contains("INV-1001") && !shown.contains("INV-2002"), "{shown}");
    gui.shot("93-today-after-bank").await;
    gui.stop().await;
    assert_eq!(on_today(&db), vec!["INV-3003".to_string()]);
    let lines = cli_json(&db, TODAY, &["bank"]);
    assert_eq!(lines["counts"]["matched"], 2, "{lines}");
}
