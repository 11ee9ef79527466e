//! Every screen of the window, as the owner sees it, at 1280×800 and
//! 1920×1080 in the light and the dark theme: each drawn without an error,
//! without scrolling sideways, and without a figure the code failed to
//! fill ("undefined", "NaN", "[object Object]"). Screenshots land in
//! target/screenshots/3t-<screen>-<theme>-<width>.png, to be looked at.

use overdue_acceptance::{cli_json, cli_ok, Gui};
use std::time::Duration;

const TODAY: &str = "2026-11-23";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_at_two_sizes_in_both_themes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    // A client with an agreement written, so its screens have something to show.
    let today = cli_json(&db, TODAY, &["today"]);
    let client = today["items"].as_array().unwrap().iter().find(|i| i["kind"] == "reminder").unwrap()["client_id"].as_i64().unwrap();
    let negotiating = today["items"].as_array().unwrap().iter().find(|i| i["kind"] == "call" && i["client_id"].as_i64() != Some(client)).unwrap()["client_id"].as_i64().unwrap();
    cli_ok(&db, TODAY, &["negotiate", "agree", "--client", &client.to_string(), "--option", "plan_monthly"]);
    cli_ok(&db, TODAY, &["agreement", "draft", "--client", &client.to_string()]);
    let screens: Vec<(String, String, &str)> = vec![
        ("today".into(), "#/today".into(), "#today-list"),
        ("dashboard".into(), "#/dashboard".into(), "#dashboard #steering"),
        ("clients".into(), "#/clients".into(), "#clients table"),
        ("client".into(), format!("#/client/{negotiating}"), "#client-page #client-overdue"),
        ("negotiate".into(), format!("#/negotiate/{negotiating}"), "#negotiate #options .option"),
        ("agreement".into(), format!("#/agreement/{client}"), "#terms"),
        ("chasing".into(), "#/chasing".into(), "#ladder-table"),
        ("outbox".into(), "#/chasing/outbox".into(), "#outbox-table"),
        ("import".into(), "#/import".into(), "#import"),
        ("bank".into(), "#/bank".into(), "#bank"),
        ("settings".into(), "#/settings".into(), "#theme"),
    ];
    let gui = Gui::start(&db, TODAY, &[("OVERDUE_NO_OPEN", "1"), ("OVERDUE_NO_KEYRING", "1")]).await;
    gui.wait("#today-list").await;
    let mut problems = Vec::new();
    for (w, hgt) in [(1280, 800), (1920, 1080)] {
        gui.d().set_window_rect(0, 0, w, hgt).await.unwrap();
        for theme in ["light", "dark"] {
            for (name, hash, ready) in &screens {
                gui.js(&format!("document.getElementById('view').replaceChildren(); if (location.hash === '{hash}') window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = '{hash}'; return true;")).await;
                gui.wait(ready).await;
                gui.js(&format!("document.documentElement.dataset.theme = '{theme}'; return true;")).await;
                tokio::time::sleep(Duration::from_millis(350)).await;
                let check = gui
                    .js("const t = document.getElementById('view').innerText; return { wide: document.documentElement.scrollWidth - window.innerWidth, bad: ['undefined', 'NaN', '[object Object]', 'Invalid Date'].filter((w) => t.includes(w)).concat(/\\bnull\\b/.test(t) ? ['null'] : []), error: !!document.querySelector('#view > .page > .form-error:not([hidden])') };")
                    .await;
                if check["wide"].as_i64().unwrap_or(0) > 1 {
                    problems.push(format!("{name} at {w}px ({theme}) scrolls sideways by {}px", check["wide"]));
                }
                if !check["bad"].as_array().unwrap().is_empty() {
                    problems.push(format!("{name} shows {}", check["bad"]));
                }
                if check["error"] == true {
                    problems.push(format!("{name} failed to draw"));
                }
                gui.shot(&format!("3t-{name}-{theme}-{w}")).await;
            }
        }
    }
    gui.stop().await;
    assert!(problems.is_empty(), "{problems:#?}");
}
