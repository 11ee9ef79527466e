//! Negotiation through the real binary: the bottom line, options, checking a
//! counter-offer, agreeing in principle, and bad input refused.

use overdue_acceptance::{cli, cli_json, cli_ok};
use rust_decimal::Decimal;
use std::str::FromStr;

const TODAY: &str = "2026-11-23";

fn dec(v: &serde_json::Value) -> Decimal {
    Decimal::from_str(v["amount"].as_str().unwrap()).unwrap()
}

#[test]
fn options_check_and_agree_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    let client = "Redland Lettings Ltd";
    let b = cli_json(&db, TODAY, &["bottom-line", "--min-settlement", "75%", "--max-months", "10"]);
    assert_eq!(b["min_settlement_pct"], "75");
    assert_eq!(b["max_months"], 10);
    let o = cli_json(&db, TODAY, &["negotiate", "options", "--client", client, "--capacity", "700"]);
    let total = dec(&o["case"]["total"]);
    let keys: Vec<&str> = o["options"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert!(keys.contains(&"full") && keys.contains(&"plan_monthly") && keys.contains(&"settlement"), "{keys:?}");
    for p in o["options"].as_array().unwrap() {
        let sum: Decimal = p["schedule"].as_array().unwrap().iter().map(|r| dec(&r["amount"])).sum();
        assert_eq!(sum, dec(&p["total_received"]), "{}", p["key"]);
        assert_eq!(dec(&p["total_received"]) + dec(&p["waived"]), total, "{}", p["key"]);
    }
    // A counter-offer outside the bottom line, with the nearest acceptable one.
    let v = cli_json(&db, TODAY, &["negotiate", "check", "--client", client, "--offer", "£100 a month", "--log"]);
    assert_eq!(v["acceptable"], false);
    assert_eq!(v["nearest"]["within_bottom_line"], true);
    let text = cli_ok(&db, TODAY, &["negotiate", "check", "--client", client, "--offer", "5k now to settle"]);
    assert!(text.contains("Read as: £5,000.00"), "{text}");
    // Outside the bottom line needs a reason; inside it is agreed.
    let out = cli(&db, TODAY, &["negotiate", "agree", "--client", client, "--offer", "£100 to settle"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bottom line"));
    let a = cli_json(&db, TODAY, &["negotiate", "agree", "--client", client, "--option", "settlement"]);
    assert_eq!(a["status"], "agreed_in_principle");
    assert_eq!(cli_json(&db, TODAY, &["arrangements"]).as_array().unwrap().len(), 1);
    let t = cli_json(&db, TODAY, &["today"]);
    assert!(t["not_chased"]["arrangement"].as_i64().unwrap() >= 1);
}

#[test]
fn bad_negotiation_input_is_refused_and_nothing_is_agreed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("overdue.sqlite");
    cli_ok(&db, TODAY, &["demo"]);
    for (args, want) in [
        (vec!["bottom-line", "--max-months", "0"], "longest plan"),
        (vec!["bottom-line", "--min-settlement", "150%"], "percent"),
        (vec!["negotiate", "options", "--client", "Redland", "--capacity", "0"], "capacity"),
        (vec!["negotiate", "options", "--client", "Redland", "--capacity", "-20"], "capacity"),
        (vec!["negotiate", "check", "--client", "Redland", "--offer", "£99999 to settle"], "more than"),
        (vec!["negotiate", "check", "--client", "Redland", "--offer", "maybe later"], "could not read"),
        (vec!["negotiate", "check", "--client", "Redland", "--offer", "£0.001 a month"], "offer"),
        (vec!["negotiate", "agree", "--client", "Redland"], "either"),
    ] {
        let out = cli(&db, TODAY, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
    }
    assert!(cli_json(&db, TODAY, &["arrangements"]).as_array().unwrap().is_empty());
    assert_eq!(cli_json(&db, TODAY, &["bottom-line"])["max_months"], 12, "unchanged");
}
