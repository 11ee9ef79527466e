//! Working Today through the real window: preview and send a reminder by
//! email to a real SMTP server (the tone check holding an aggressive edit
//! until it is fixed or sent anyway with a reason, which is logged), log a
//! call with a promise and see chasing paused, see the broken promise resume
//! it, and the template editor refuse an aggressive template.
//! Screenshots land in target/screenshots/2x-*.png.

use overdue_acceptance::{cli_json, cli_ok, Gui, SmtpSink};
use std::time::Duration;

const TODAY: &str = "2026-11-23";
/// One window at a time.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());



#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_today_send_a_reminder_log_a_call_with_a_promise_and_see_chasing_paused() {
    let _one = ONE_WINDOW.lock().await;
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    cli_ok(&db, TODAY, &["smtp", "set", "--host", "127.0.0.1", "--port", &sink.port.to_string(), "--security", "none"]);
    let today = cli_json(&db, TODAY, &["today"]);
    let items = today["items"].as_array().unwrap();
    let email = items.iter().find(|i| i["kind"] == "reminder" && i["channel"] == "email" && i["warnings"].as_array().unwrap().is_empty()).expect("an email reminder");
    let call = items.iter().find(|i| i["kind"] == "call" && i["warnings"].as_array().unwrap().is_empty()).expect("a call");
    let email_key = email["key"].as_str().unwrap();
    let call_key = call["key"].as_str().unwrap();
    let call_client = call["client_id"].as_i64().unwrap();

    let gui = Gui::start(&db, TODAY, &[("OVERDUE_NO_OPEN", "1"), ("OVERDUE_NO_KEYRING", "1")]).await;
    gui.wait("#today-list .today-item").await;
    assert!(gui.text("#today-sub").await.contains(&format!("{} things to do", items.len())));
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("20-today").await;

    // Preview the email reminder: the client's invoices and the charges.
    gui.click(&format!("li[data-key='{email_key}'] button[data-action=send]")).await;
    gui.wait("#msg-body").await;
    let charges = gui.text("#charges").await;
    for inv in email["invoices"].as_array().unwrap() {
        assert!(charges.contains(inv["number"].as_str().unwrap()), "{charges}");
    }
    assert!(charges.contains("Owed now") && charges.contains("Asked for in this message"), "{charges}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("21-send-preview").await;

    // An aggressive edit is caught as it is typed, with the category and the
    // words found, above the message; Send waits until it is fixed.
    gui.js("window.__original = document.getElementById('msg-body').value; return true;").await;
    gui.js("const b = document.getElementById('msg-body'); b.value += '\\nPAY NOW OR ELSE we will call the police.'; b.dispatchEvent(new Event('input')); return true;").await;
    gui.wait_text("#tone-flags", |t| t.contains("police") && t.contains("False or exaggerated consequences") && t.contains("Shouting")).await;
    assert_eq!(gui.js("return document.getElementById('send-email').disabled;").await, true, "Send waits for the tone check");
    // The flagged words are marked in the line that holds them, as text.
    let marks = gui.js("return [...document.querySelectorAll('#tone-marked mark')].map((m) => m.textContent.toLowerCase());").await;
    let marks: Vec<String> = marks.as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_string()).collect();
    assert!(marks.iter().any(|m| m.contains("police")), "{marks:?}");
    // Clicking a flag's words selects them in the message.
    gui.js("document.querySelector('#tone-flag-list q.tone-find').click(); return true;").await;
    let sel = gui.js("const b = document.activeElement; return b.value.slice(b.selectionStart, b.selectionEnd);").await;
    assert!(!sel.as_str().unwrap_or("").is_empty(), "the words are selected in the editor");
    let above = gui.js("const f = document.getElementById('tone-flags').getBoundingClientRect(); const b = document.getElementById('msg-body').getBoundingClientRect(); return f.bottom <= b.top;").await;
    assert_eq!(above, true, "the flags are shown above the message, not under it");
    gui.shot("22-tone-check").await;
    assert!(sink.messages().is_empty(), "nothing was sent");

    // Put the courteous text back: the flags clear and Send is offered again.
    gui.js("const b = document.getElementById('msg-body'); b.value = window.__original; b.dispatchEvent(new Event('input')); return true;").await;
    gui.wait_js("return document.getElementById('tone-flags').hidden === true && !document.getElementById('send-email').disabled;", "the tone flags to clear").await;

    // Reworded into a threat of a visit: sent only with a reason, which is logged.
    gui.js("const b = document.getElementById('msg-body'); b.value = window.__original + '\\nWe will come to your home to collect it.'; b.dispatchEvent(new Event('input')); return true;").await;
    gui.wait_text("#tone-flags", |t| t.contains("Threat of harm, a visit or force") && t.contains("come to your home")).await;
    gui.click("#tone-override").await;
    gui.wait("#tone-override-reason").await;
    assert_eq!(gui.js("return document.getElementById('send-email').disabled;").await, true, "no reason yet");
    gui.set_value("tone-override-reason", "The client asked us to collect the cheque in person").await;
    gui.wait_js("return !document.getElementById('send-email').disabled;", "Send to be offered with a reason").await;
    gui.shot("22b-tone-override").await;
    let subject = gui.js("return document.getElementById('msg-subject').value;").await.as_str().unwrap().to_string();
    gui.click("#send-email").await;
    gui.wait_js("return !document.getElementById('modal').open;", "the dialog to close").await;
    let m = sink.wait_for(1);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0]["subject"].as_str().unwrap(), subject);
    let client = cli_json(&db, TODAY, &["clients", "--search", email["client_name"].as_str().unwrap()]);
    assert_eq!(m[0]["rcpt_tos"][0], client["rows"][0]["email"]);
    assert!(m[0]["body"].as_str().unwrap().contains(email["invoices"][0]["number"].as_str().unwrap()));
    assert!(m[0]["body"].as_str().unwrap().contains("come to your home"), "sent as the owner chose");
    gui.wait_js(&format!("return !document.querySelector(\"li[data-key='{email_key}']\");"), "the sent item to leave Today").await;

    // Log a call: reached, cash-flow gap, a promise of £100 by 30 November.
    gui.click(&format!("li[data-key='{call_key}'] button[data-action=call]")).await;
    gui.wait("#call-script").await;
    assert!(gui.text("#call-script").await.contains("good-faith") || gui.text("#call-script").await.contains("part payment"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("23-call").await;
    gui.set_value("call-reason", "cash_flow").await;
    gui.set_value("call-circumstances", "Their biggest customer pays late").await;
    gui.set_value("call-proposal", "£100 on Monday, the rest in January").await;
    gui.click("#call-promise").await;
    gui.set_value("promise-amount", "100").await;
    gui.set_value("promise-date", "2026-11-30").await;
    gui.shot("24-call-filled").await;
    gui.click("#log-call").await;
    gui.wait_js("return !document.getElementById('modal').open;", "the call dialog to close").await;
    gui.wait_js(&format!("return !document.querySelector(\"li[data-key='{call_key}']\");"), "the called client to leave Today (chasing paused)").await;
    let promised = 1 + call["invoices"].as_array().unwrap().len();
    gui.wait_text("#not-chased", |t| t.contains(&format!("{promised} under a promise"))).await;
    gui.shot("25-today-after").await;

    // The client's Chasing tab shows the pending promise; the history has the call.
    gui.js(&format!("location.hash = '#/client/{call_client}'; return true;")).await;
    gui.click("button[data-tab=chasing]").await;
    gui.wait_text("#promises-table", |t| t.contains("pending") && t.contains("£100.00")).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("26-client-chasing").await;
    gui.click("button[data-tab=history]").await;
    let history = gui.text("#history").await;
    assert!(history.contains("Promise to pay £100.00 by 30 Nov 2026"), "{history}");
    assert!(history.contains("reason: cash-flow gap"), "{history}");

    // The template editor refuses an aggressive template, with the reason.
    gui.js("location.hash = '#/chasing/ladder'; return true;").await;
    gui.click("#ladder-table tbody tr:nth-child(3) button[data-action=templates]").await;
    gui.wait("#tpl-body").await;
    gui.wait_text("#pv-body", |t| !t.is_empty()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("27-template-editor").await;
    gui.set_value("tpl-body", "Pay {total} now or you will be arrested, you deadbeat.").await;
    gui.wait_text("#tpl-flags", |t| t.contains("arrest") && t.contains("deadbeat")).await;
    gui.click("#save-template").await;
    gui.wait_text(".modal-body .form-error", |t| t.contains("tone check")).await;
    gui.shot("28-template-refused").await;

    // The override is in the history of the client the email went to.
    let email_client = email["client_id"].as_i64().unwrap();
    gui.js("document.getElementById('modal').close(); return true;").await;
    gui.js(&format!("location.hash = '#/client/{email_client}'; return true;")).await;
    gui.click("button[data-tab=history]").await;
    gui.wait_text("#history", |t| t.contains("Sent despite the tone check") && t.contains("collect the cheque in person")).await;
    gui.stop().await;
    let ladder = cli_json(&db, TODAY, &["ladder"]);
    assert_eq!(ladder.as_array().unwrap().len(), 8);

    // A week later the promise is broken and chasing of that client resumes.
    let later = cli_json(&db, "2026-12-04", &["today"]);
    let mine: Vec<&serde_json::Value> = later["items"].as_array().unwrap().iter().filter(|i| i["client_id"] == call_client).collect();
    assert!(mine.iter().any(|i| i["kind"] == "promise_broken"), "{mine:?}");
    assert!(mine.iter().any(|i| i["stage"].is_object()), "{mine:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn letters_sms_reviews_and_the_chasing_setup_in_the_window() {
    let _one = ONE_WINDOW.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let today = cli_json(&db, TODAY, &["today"]);
    let items = today["items"].as_array().unwrap();
    let letter = items.iter().find(|i| i["kind"] == "reminder" && i["channel"] == "letter" && i["warnings"].as_array().unwrap().is_empty()).expect("a letter");
    let email = items.iter().find(|i| i["kind"] == "reminder" && i["channel"] == "email" && i["warnings"].as_array().unwrap().is_empty()).expect("an email");
    let review = items.iter().find(|i| i["kind"] == "review").expect("a review");
    let gui = Gui::start(&db, TODAY, &[("OVERDUE_NO_OPEN", "1"), ("OVERDUE_NO_KEYRING", "1")]).await;
    gui.wait("#today-list .today-item").await;

    // A letter: open the PDF (saved in documents/), then mark it as posted.
    let key = letter["key"].as_str().unwrap();
    gui.click(&format!("li[data-key='{key}'] button[data-action=send]")).await;
    gui.wait("#msg-body").await;
    gui.wait("button[data-channel=letter].active").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("30-letter-dialog").await;
    gui.click("#open-letter").await;
    gui.wait_text("#toasts", |t| t.contains("Letter saved")).await;
    let docs: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path().join("documents")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(docs.len(), 1);
    let text = String::from_utf8(std::process::Command::new("pdftotext").arg(&docs[0]).arg("-").output().unwrap().stdout).unwrap();
    assert!(text.contains(letter["invoices"][0]["number"].as_str().unwrap()), "{text}");
    gui.click("#mark-sent").await;
    gui.wait_js("return !document.getElementById('modal').open;", "the letter dialog to close").await;
    gui.wait_js(&format!("return !document.querySelector(\"li[data-key='{key}']\");"), "the posted letter to leave Today").await;
    // Not posted after all: Undo in the notice brings the step back, and the
    // outbox keeps the record as taken back.
    gui.wait_js("return !!document.getElementById('toast-undo');", "Undo in the notice").await;
    gui.click("#toast-undo").await;
    gui.wait(&format!("li[data-key='{key}']")).await;
    gui.wait_js("return document.getElementById('toasts').textContent.includes('taken back');", "the notice that it was taken back").await;
    gui.click(&format!("li[data-key='{key}'] button[data-action=send]")).await;
    gui.wait("#mark-sent").await;
    gui.click("#mark-sent").await;
    gui.wait_js("return !document.getElementById('modal').open;", "the letter dialog to close").await;
    gui.wait_js(&format!("return !document.querySelector(\"li[data-key='{key}']\");"), "the posted letter to leave Today again").await;

    // An email reminder sent as an SMS instead: length, parts, a QR code.
    let key = email["key"].as_str().unwrap();
    gui.click(&format!("li[data-key='{key}'] button[data-action=send]")).await;
    gui.click("button[data-channel=sms]").await;
    gui.wait("#qr-box svg.qr").await;
    assert!(gui.text("#sms-info").await.contains("SMS (GSM-7)"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("31-sms-dialog").await;
    gui.click("#mark-sent").await;
    gui.wait_js("return !document.getElementById('modal').open;", "the SMS dialog to close").await;

    // A hand-over review marked as reviewed needs a reason.
    let key = review["key"].as_str().unwrap();
    gui.click(&format!("li[data-key='{key}'] button[data-action=more]")).await;
    gui.click(&format!("li[data-key='{key}'] .menu button[data-action=skip]")).await;
    gui.click("#modal button[type=submit]").await;
    gui.wait_text("#f-reason-error", |t| !t.is_empty()).await;
    gui.set_value("f-reason", "Agreed to wait for their insurance payout").await;
    gui.click("#modal button[type=submit]").await;
    gui.wait_js(&format!("return !document.querySelector(\"li[data-key='{key}']\");"), "the review to leave Today").await;
    // The notice offers Undo: the review comes back, and the history says so.
    gui.wait_js("return !!document.getElementById('toast-undo');", "Undo in the notice").await;
    gui.shot("37-undo-notice").await;
    gui.click("#toast-undo").await;
    gui.wait(&format!("li[data-key='{key}']")).await;
    gui.wait_js("return document.getElementById('toasts').textContent.includes('undone');", "the notice that it was undone").await;
    gui.click(&format!("li[data-key='{key}'] button[data-action=more]")).await;
    gui.click(&format!("li[data-key='{key}'] .menu button[data-action=skip]")).await;
    gui.set_value("f-reason", "Agreed to wait for their insurance payout").await;
    gui.click("#modal button[type=submit]").await;
    gui.wait_js(&format!("return !document.querySelector(\"li[data-key='{key}']\");"), "the review to leave Today again").await;
    let history = cli_json(&db, TODAY, &["today"]);
    assert!(history["items"].as_array().unwrap().iter().all(|i| i["key"] != review["key"]));

    // The chasing setup: every tab, and bad input refused with the reason.
    gui.click("a[data-route=chasing]").await;
    gui.wait("#ladder-table").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("32-ladder").await;
    gui.click("button[data-tab=rules]").await;
    gui.wait("#s-max_contacts_per_week").await;
    gui.set_value("s-max_contacts_per_week", "0").await;
    gui.click("#save-rules").await;
    // Under its field, outlined, in plain words; gone once the field is changed.
    let err = gui.wait_text("#s-max_contacts_per_week-error", |t| !t.is_empty()).await;
    assert_eq!(err, "Must be between 1 and 50");
    assert_eq!(gui.js("return document.getElementById('s-max_contacts_per_week').classList.contains('invalid') && document.querySelector('#chasing .form-error').hidden;").await, true);
    gui.shot("33-rules").await;
    gui.js("const i = document.getElementById('s-max_contacts_per_week'); i.value = '3'; i.dispatchEvent(new Event('input')); return true;").await;
    assert_eq!(gui.js("return document.getElementById('s-max_contacts_per_week').classList.contains('invalid') || !document.getElementById('s-max_contacts_per_week-error').hidden;").await, false, "the mark goes once corrected");
    gui.click("button[data-tab=interest]").await;
    gui.wait("#rates-table").await;
    // The rates are flagged as possibly out of date; confirming clears it.
    assert!(gui.text("#rates-warning").await.contains("3.75% from 18 Dec 2025"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("34-interest").await;
    gui.click("#rates-current").await;
    gui.wait_js("return !document.getElementById('rates-warning') && !!document.getElementById('rates-table');", "the warning to go once the rates are confirmed").await;
    assert_eq!(cli_json(&db, TODAY, &["interest"])["rates_warning"], "");
    gui.set_value("policy-kind", "contractual").await;
    gui.set_value("policy-rate", "abc").await;
    gui.click("#save-policy").await;
    gui.wait_text("#policy-rate-error", |t| t.contains("is not a number")).await;
    gui.click("button[data-tab=email]").await;
    gui.wait("#smtp-host").await;
    gui.set_value("smtp-host", "bad host").await;
    gui.click("#save-smtp").await;
    gui.wait_text("#smtp-host-error", |t| t.starts_with("A host name such as")).await;
    gui.shot("35-email").await;
    gui.click("button[data-tab=outbox]").await;
    // Every email in the outbox says whom it went to.
    gui.wait_js("const cells = [...document.querySelectorAll('#outbox-table tbody tr td:nth-child(3)')]; return cells.length > 0 && cells.every((c) => c.textContent.includes('@'));", "the outbox's To column").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("36-outbox").await;
    gui.stop().await;
    let interest = cli_json(&db, TODAY, &["interest"]);
    assert_eq!(interest["policy"]["kind"], "uk_late_payment", "the bad policy changed nothing");
    assert_eq!(cli_json(&db, TODAY, &["smtp", "show"])["host"], "");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn automatic_reminders_send_themselves_while_the_window_is_open() {
    let _one = ONE_WINDOW.lock().await;
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    cli_ok(&db, TODAY, &["smtp", "set", "--host", "127.0.0.1", "--port", &sink.port.to_string(), "--security", "none"]);
    let due = cli_json(&db, TODAY, &["today"]);
    let emails: Vec<&serde_json::Value> = due["items"].as_array().unwrap().iter().filter(|i| i["kind"] == "reminder" && i["channel"] == "email" && i["warnings"].as_array().unwrap().is_empty()).collect();
    assert!(!emails.is_empty());
    let sent_before = cli_json(&db, TODAY, &["outbox", "--status", "sent"]).as_array().unwrap().len();
    let gui = Gui::start(&db, TODAY, &[("OVERDUE_NO_OPEN", "1"), ("OVERDUE_AUTO_SEND_DELAY", "1"), ("OVERDUE_AUTO_SEND_EVERY", "2")]).await;
    gui.wait("#today-list .today-item").await;
    assert!(sink.messages().is_empty(), "manual mode: nothing goes out by itself");
    // Switch the business to automatic mode in the window.
    gui.js("location.hash = '#/chasing/rules'; return true;").await;
    gui.wait("#s-mode").await;
    gui.set_value("s-mode", "auto").await;
    gui.click("#save-rules").await;
    let m = sink.wait_for(emails.len());
    assert_eq!(m.len(), emails.len(), "every due email stage went out by itself: {:?}", m.iter().map(|x| format!("{} {}", x["rcpt_tos"][0], x["subject"])).collect::<Vec<_>>());
    let recipients: Vec<&str> = m.iter().map(|x| x["rcpt_tos"][0].as_str().unwrap()).collect();
    assert!(recipients.iter().all(|r| r.contains('@')));
    gui.stop().await;
    let after = cli_json(&db, TODAY, &["today"]);
    assert!(after["items"].as_array().unwrap().iter().all(|i| !(i["kind"] == "reminder" && i["channel"] == "email" && i["warnings"].as_array().unwrap().is_empty())));
    let outbox = cli_json(&db, TODAY, &["outbox", "--status", "sent"]);
    assert_eq!(outbox.as_array().unwrap().len(), sent_before + emails.len());
    assert!(sink.messages().len() == emails.len(), "nothing was sent twice");
}

/// Presses `key` where the keyboard is (the row, the page or a dialog), as a
/// keydown the page's own handlers receive.
async fn press(gui: &Gui, key: &str) {
    gui.js(&format!("const t = document.activeElement || document.body; t.dispatchEvent(new KeyboardEvent('keydown', {{ key: {}, bubbles: true, cancelable: true }})); return true;", serde_json::to_string(key).unwrap())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn today_is_a_worklist_worked_from_the_keyboard_with_a_bulk_send_search_and_both_themes() {
    let _one = ONE_WINDOW.lock().await;
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    cli_ok(&db, TODAY, &["smtp", "set", "--host", "127.0.0.1", "--port", &sink.port.to_string(), "--security", "none"]);
    let today = cli_json(&db, TODAY, &["today"]);
    let items = today["items"].as_array().unwrap();
    let emails: Vec<&serde_json::Value> = items.iter().filter(|i| i["kind"] == "reminder" && i["channel"] == "email" && !i["auto"].as_bool().unwrap()).collect();
    let ready = emails.iter().filter(|i| i["warnings"].as_array().unwrap().is_empty()).count();
    assert!(ready >= 2, "the demo has email reminders to send together");

    let gui = Gui::start(&db, TODAY, &[("OVERDUE_NO_OPEN", "1"), ("OVERDUE_NO_KEYRING", "1")]).await;
    gui.d().set_window_rect(0, 0, 1280, 800).await.unwrap();
    gui.wait("#today-list .today-item").await;
    // Counts and totals come from the core: every row's amount, the total to chase.
    assert!(gui.text("#today-sub").await.contains(&format!("{} things to do", items.len())));
    assert_eq!(gui.text("#done-today").await.trim(), "0");
    let to_chase = gui.text("#to-chase").await;
    assert!(to_chase.starts_with('£'), "{to_chase}");
    let first = &items[0];
    if let Some(total) = first["total"]["display"].as_str() {
        assert_eq!(gui.text(&format!("li[data-key='{}'] .today-amount", first["key"].as_str().unwrap())).await, total);
    }
    // Each row: one primary action, the rest in a menu.
    let primaries = gui.js("return [...document.querySelectorAll('#today-list li.today-item')].every((li) => li.querySelectorAll('.today-actions > button.primary').length === 1 && li.querySelectorAll('.today-actions > button').length <= 2);").await;
    assert_eq!(primaries, true, "one primary button and a menu per row");
    assert_eq!(gui.text("button[data-filter=review]").await.contains("Reviews"), true);
    let help = gui.js("return document.querySelector('button[data-filter=review]').title;").await;
    assert!(help.as_str().unwrap().contains("Decisions only you can take"), "Reviews is explained");
    gui.shot("2z-today-worklist-1280").await;

    // The keyboard: ↓ selects the first row, ↓ the second, Enter opens its main action.
    gui.js("document.getElementById('view').focus(); return true;").await;
    press(&gui, "ArrowDown").await;
    gui.wait_js("return document.activeElement && document.activeElement.matches('li.today-item.selected[data-index=\"0\"]');", "the first row to be selected").await;
    press(&gui, "ArrowDown").await;
    gui.wait_js("return document.activeElement && document.activeElement.matches('li.today-item.selected[data-index=\"1\"]');", "the second row to be selected").await;
    press(&gui, "ArrowUp").await;
    gui.wait_js("return document.activeElement.matches('li.today-item.selected[data-index=\"0\"]');", "back to the first row").await;
    press(&gui, "Enter").await;
    gui.wait_js("return document.getElementById('modal').open;", "Enter to open the row's main action").await;
    gui.js("document.getElementById('modal').close(); return true;").await;
    // m opens the row's menu, Escape closes it; ? lists the shortcuts.
    gui.js("document.querySelector('li.today-item[data-index=\"0\"]').focus(); return true;").await;
    press(&gui, "m").await;
    gui.wait("li.today-item[data-index='0'] .menu button[data-action=open-client]").await;
    press(&gui, "Escape").await;
    gui.wait_js("return !document.querySelector('.menu');", "the menu to close").await;
    press(&gui, "?").await;
    gui.wait_text("#shortcuts", |t| t.contains("Snooze") && t.contains("Ctrl-K")).await;
    gui.js("document.getElementById('modal').close(); return true;").await;

    // Send the due email reminders together, each previewed first.
    gui.click("#bulk-send").await;
    gui.wait("#bulk-table tbody tr").await;
    let rows = gui.js("return document.querySelectorAll('#bulk-table tbody tr:not(.bulk-preview)').length;").await.as_u64().unwrap() as usize;
    assert_eq!(rows, ready, "every due email reminder without a warning is previewed");
    let subjects: Vec<String> = serde_json::from_value(gui.js("return [...document.querySelectorAll('#bulk-table tbody tr:not(.bulk-preview) td:nth-child(3)')].map((t) => t.textContent);").await).unwrap();
    gui.js("document.querySelector('#bulk-table tbody tr').click(); return true;").await;
    gui.wait("#bulk-table tr.bulk-preview:not([hidden]) pre.message-preview").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("2z-bulk-send").await;
    gui.click("#bulk-send-go").await;
    gui.wait_text("#bulk-progress", |t| t.contains(&format!("{ready} sent"))).await;
    let m = sink.wait_for(ready);
    assert_eq!(m.len(), ready);
    let mut got: Vec<String> = m.iter().map(|x| x["subject"].as_str().unwrap().to_string()).collect();
    let mut want = subjects.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want, "each went out as previewed");
    gui.click("#bulk-done").await;
    gui.wait_js(&format!("return document.getElementById('toasts').textContent.includes('{ready} reminders sent');"), "the notice of what was sent").await;
    gui.shot("2z-bulk-sent").await;
    gui.wait_js("return !document.getElementById('bulk-send');", "no email reminders left to send").await;
    assert_eq!(gui.text("#done-today").await.trim(), ready.to_string(), "done today counts them");

    // Search from anywhere: Ctrl-K, a client's name, Enter opens the client.
    let name = items.iter().find(|i| i["kind"] == "call").map(|i| i["client_name"].as_str().unwrap().to_string()).unwrap();
    gui.js("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true })); return true;").await;
    gui.wait("#palette[open] #search-input").await;
    gui.set_value("search-input", &name[..name.len().min(6)]).await;
    // (WebDriver's text leaves out ellipsised text; the page's own text then.)
    gui.wait_js(&format!("return document.getElementById('search-results').textContent.includes({});", serde_json::to_string(&name).unwrap()), "the client among the results").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    gui.shot("2z-search").await;
    gui.js(&format!("const i = [...document.querySelectorAll('#search-results li')].find((l) => l.dataset.kind === 'client' && l.textContent.includes({})); i.click(); return true;", serde_json::to_string(&name).unwrap())).await;
    gui.wait_text("#client-page h1", |t| t.contains(&name)).await;
    // Hostile text is shown as text and finds nothing.
    gui.js("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true })); return true;").await;
    gui.set_value("search-input", "<img src=x onerror=alert(1)>%_").await;
    gui.wait_js("return document.getElementById('search-results').textContent.includes('Nothing matches');", "nothing to match hostile text").await;
    assert_eq!(gui.js("return document.querySelectorAll('#search-results img').length;").await, 0);
    press(&gui, "Escape").await;
    gui.js("const p = document.getElementById('palette'); if (p) { p.close(); p.remove(); } return true;").await;

    // Dates in the business's style, and date fields echo theirs in words.
    gui.js("location.hash = '#/today'; return true;").await;
    gui.wait("#today-list").await;
    let sub = gui.text("#today-sub").await;
    assert!(sub.starts_with("Monday, 23 Nov 2026"), "{sub}");

    // Both themes, at both window sizes.
    for (w, hgt) in [(1280, 800), (1920, 1080)] {
        gui.d().set_window_rect(0, 0, w, hgt).await.unwrap();
        for theme in ["light", "dark"] {
            gui.js(&format!("document.documentElement.dataset.theme = '{theme}'; return true;")).await;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let bg = gui.js("return getComputedStyle(document.documentElement).backgroundColor;").await;
            if theme == "dark" {
                assert_eq!(bg.as_str().unwrap(), "rgb(18, 23, 22)", "the dark theme's background");
            }
            gui.shot(&format!("2y-today-{theme}-{w}")).await;
        }
    }
    // The choice is a setting.
    gui.js("location.hash = '#/settings'; return true;").await;
    gui.wait("#theme").await;
    gui.set_value("theme", "dark").await;
    assert_eq!(gui.js("return document.documentElement.dataset.theme;").await, "dark");
    gui.d().set_window_rect(0, 0, 1280, 800).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    gui.shot("2y-settings-dark-1280").await;
    gui.set_value("theme", "system").await;
    gui.stop().await;
}

/// One "owed now" figure for one client on Today's row, the client page,
/// the reminder (its panel and its text) and the written agreement; the
/// client's place in the chase; and a payment taken back with Undo, every
/// total as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_owed_now_figure_on_today_the_client_page_the_reminder_and_the_agreement_and_a_payment_undone() {
    let _one = ONE_WINDOW.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let today = cli_json(&db, TODAY, &["today"]);
    // An email reminder whose client has every overdue invoice in it.
    let invoices = cli_json(&db, TODAY, &["invoices", "--overdue"]);
    let rows = invoices["rows"].as_array().unwrap();
    let item = today["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["kind"] == "reminder" && i["channel"] == "email" && i["stage"]["tone"] != "final" && i["stage"]["tone"] != "firm"
                && rows.iter().filter(|r| r["client_id"] == i["client_id"]).count() == i["invoices"].as_array().unwrap().len()
        })
        .expect("a reminder covering a client's whole overdue account")
        .clone();
    let (key, client) = (item["key"].as_str().unwrap().to_string(), item["client_id"].as_i64().unwrap());
    let owed = item["total"]["display"].as_str().unwrap().to_string();

    let gui = Gui::start(&db, TODAY, &[("OVERDUE_NO_OPEN", "1"), ("OVERDUE_NO_KEYRING", "1")]).await;
    gui.wait("#today-list .today-item").await;
    // Today's row.
    assert_eq!(gui.text(&format!("li[data-key='{key}'] .today-amount")).await, owed);
    // The steps coming up this week, listed under Today.
    let week = gui.text("#week summary").await;
    assert!(week.contains("Coming up in the next 7 days"), "{week}");
    // The reminder: the panel's "Owed now" and what the message asks for, and the text.
    gui.click(&format!("li[data-key='{key}'] button[data-action=send]")).await;
    gui.wait("#msg-body").await;
    let panel = gui.text("#charges").await;
    assert!(panel.contains(&format!("Owed now\n{owed}")) || panel.contains(&format!("Owed now {owed}")), "{panel}");
    assert!(panel.contains("not claimed in this message"), "{panel}");
    let body = gui.js("return document.getElementById('msg-body').value;").await.as_str().unwrap().to_string();
    assert!(body.contains(&format!("Total now due: {owed}")), "{body}");
    assert!(body.contains("This does not include late-payment charges."), "{body}");
    gui.shot("2z-reminder-owed-now").await;
    gui.js("document.getElementById('modal').close(); return true;").await;
    // The client page: the same figure, where they are in the chase, a header on one row.
    gui.js(&format!("location.hash = '#/client/{client}'; return true;")).await;
    gui.wait("#client-page #client-overdue").await;
    assert!(gui.text("#client-overdue").await.contains(&owed));
    let position = gui.text("#chase-position").await;
    assert!(position.contains("due now:"), "{position}");
    let one_row = gui.js("const b = [...document.querySelectorAll('#client-page .page-head .actions > *')].map((x) => x.getBoundingClientRect().top); return Math.max(...b) - Math.min(...b) < 4;").await;
    assert_eq!(one_row, true, "the header's buttons sit on one row");
    gui.shot("2z-client-owed-now").await;

    // Record £100.00, then Undo it from the notice: every figure as before.
    let outstanding = gui.text("#client-outstanding .value").await;
    gui.click("#record-payment").await;
    let amount = gui.wait("#modal[open] #f-amount").await;
    amount.send_keys("100.00").await.unwrap();
    gui.click("#modal[open] button[type=submit]").await;
    gui.wait_text("#client-outstanding .value", |t| t != outstanding).await;
    gui.wait("#toast-undo").await;
    gui.shot("2z-payment-undo-offered").await;
    gui.click("#toast-undo").await;
    gui.wait_text("#toasts", |t| t.contains("taken back")).await;
    gui.wait_text("#client-outstanding .value", |t| t == outstanding).await;
    assert!(gui.text("#client-overdue").await.contains(&owed));
    let hist = cli_json(&db, TODAY, &["clients"]);
    let row = hist["rows"].as_array().unwrap().iter().find(|r| r["id"].as_i64() == Some(client)).unwrap().clone();
    assert_eq!(row["overdue"][0]["display"].as_str().unwrap(), owed, "the ledger agrees");

    // The written agreement states the same figure as owed on the invoices.
    cli_ok(&db, TODAY, &["negotiate", "agree", "--client", &client.to_string(), "--option", "full"]);
    cli_ok(&db, TODAY, &["agreement", "draft", "--client", &client.to_string()]);
    gui.js(&format!("location.hash = '#/agreement/{client}'; return true;")).await;
    let terms = gui.wait_text("#terms-owed", |t| !t.is_empty()).await;
    assert_eq!(terms, owed);
    gui.shot("2z-agreement-owed-now").await;
    gui.stop().await;
}

/// Date fields in the business's style: the field's own digits follow the
/// business's country (the shell sets the webview's language), not the
/// computer's, and the words beside the field say the same date.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn date_fields_follow_the_business_country_and_change_with_it() {
    let _one = ONE_WINDOW.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let client = cli_json(&db, TODAY, &["clients"])["rows"][0]["id"].as_i64().unwrap();
    let gui = Gui::start(&db, TODAY, &[("OVERDUE_NO_OPEN", "1"), ("OVERDUE_NO_KEYRING", "1")]).await;
    gui.wait("#today-list").await;
    for (country, language, words, shot) in [
        ("GB", "en-GB", "23 Nov 2026", "2z-date-field-gb"),
        ("US", "en-US", "Nov 23, 2026", "2z-date-field-us"),
        ("DE", "de-DE", "23. Nov. 2026", "2z-date-field-de"),
    ] {
        if country != "GB" {
            gui.js("location.hash = '#/settings'; return true;").await;
            gui.wait("#b-country").await;
            gui.set_value("b-country", country).await;
            gui.click("#business-form button[type=submit]").await;
            gui.wait_text("#toasts", |t| t.contains("Business details saved")).await;
        }
        gui.js(&format!("location.hash = '#/client/{client}'; return true;")).await;
        gui.wait("#client-page #record-payment").await;
        gui.click("#record-payment").await;
        gui.wait("#modal[open] #f-date").await;
        assert_eq!(gui.js("return navigator.language;").await, language, "the webview's language for {country}");
        assert_eq!(gui.text("#modal[open] #f-date + .date-echo").await, words, "the words beside the field for {country}");
        gui.shot(shot).await;
        gui.js("document.getElementById('modal').close(); return true;").await;
    }
    gui.stop().await;
}
