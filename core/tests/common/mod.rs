//! What the agreement and follow-through tests share: a business, a client
//! owing some invoices, an arrangement agreed on an option or an offer, and
//! reading PDFs back with poppler.
#![allow(dead_code)]

use chrono::NaiveDate;
use overdue_core::agreement::{self, DraftInput};
use overdue_core::chase::Ctx;
use overdue_core::model::{Business, ClientInput, InvoiceInput};
use overdue_core::negotiation::{self, AgreeInput, CaseInput};
use overdue_core::rusqlite::Connection;
use overdue_core::{db, ledger};
use std::path::Path;
use std::process::Command;

pub const TODAY: &str = "2026-11-23";

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub struct Case {
    pub dir: tempfile::TempDir,
    pub conn: Connection,
    pub ctx: Ctx,
    pub client: i64,
}

pub fn business() -> Business {
    Business {
        trading_name: "Brightwell Design".into(),
        legal_name: "Brightwell Design Ltd".into(),
        address: "4 Mill Lane\nLeeds LS1 4AB".into(),
        email: "accounts@brightwell.example".into(),
        phone: "0113 496 0000".into(),
        country: "GB".into(),
        currency: "GBP".into(),
        payment_details: "Brightwell Design Ltd, sort code 12-34-56, account 12345678".into(),
        signatory_name: "Jo Bright".into(),
        signatory_title: "Director".into(),
        ..Default::default()
    }
}

/// A client owing `amounts` (all overdue), with an arrangement agreed on
/// `option` (or the typed `offer`, with an override reason).
pub fn case_with(name: &str, amounts: &[&str], option: &str, offer: &str) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.sqlite");
    let (mut conn, _) = db::open(&path).unwrap();
    ledger::update_business(&conn, &business()).unwrap();
    let client = ledger::create_client(
        &mut conn,
        &ClientInput {
            name: name.into(),
            legal_name: format!("{name} Limited"),
            kind: "company".into(),
            contact_person: "Sam Client".into(),
            email: "sam@client.example".into(),
            address: "9 High Street\nYork YO1 7HH".into(),
            ..Default::default()
        }, d(TODAY))
    .unwrap()
    .id;
    for (i, a) in amounts.iter().enumerate() {
        ledger::create_invoice(
            &mut conn,
            &InvoiceInput { number: format!("INV-{:03}", i + 1), client_id: client, issue_date: "2026-08-01".into(), due_date: "2026-09-01".into(), amount: a.to_string(), ..Default::default() },
            d(TODAY),
        )
        .unwrap();
    }
    let ctx = Ctx::new(d(TODAY), true, &path);
    negotiation::save_case(&mut conn, &ctx, &CaseInput { client_id: client, capacity: "400".into(), reason: "cash_flow".into(), ..Default::default() }).unwrap();
    let input = if offer.is_empty() {
        AgreeInput { client_id: client, option_key: option.into(), ..Default::default() }
    } else {
        AgreeInput { client_id: client, offer: offer.into(), override_reason: "long-standing client, agreed by phone".into(), ..Default::default() }
    };
    negotiation::agree(&mut conn, &ctx, &input).unwrap();
    Case { dir, conn, ctx, client }
}

pub fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(path).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Pages as PNG in target/agreements/, to look at.
pub fn pages(text: &str) -> Vec<&str> {
    text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect()
}

/// Collapses runs of spaces (pdftotext -layout aligns columns with them).
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn draft(c: &mut Case) -> agreement::Drafted {
    agreement::draft(&mut c.conn, &c.ctx, &DraftInput { client_id: c.client, late_fee: "15".into(), ..Default::default() }).unwrap()
}


/// Pages as PNG in target/<folder>/, to look at.
pub fn pages_to_png(pdf: &Path, folder: &str, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target").join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    let _ = Command::new("pdftoppm").args(["-png", "-r", "70"]).arg(pdf).arg(dir.join(name)).status();
}

/// A client owing `amount`, on a monthly plan carrying 12 % interest (so the
/// agreement has a charges invoice), signed and active on TODAY.
pub fn active_with_plan_interest(name: &str, amount: &str) -> (Case, agreement::Agreement) {
    let mut c = case_with(name, &[amount], "full", "");
    overdue_core::negotiation::save_business_bottom_line(&c.conn, &overdue_core::negotiation::BottomLine { plan_interest_pct: "12".into(), ..Default::default() }).unwrap();
    // Agree again with interest on the plan.
    let arr = overdue_core::negotiation::arrangements(&c.conn, Some(c.client)).unwrap().remove(0);
    overdue_core::negotiation::withdraw(&mut c.conn, arr.id, "redo with interest", d(TODAY)).unwrap();
    overdue_core::negotiation::agree(&mut c.conn, &c.ctx, &overdue_core::negotiation::AgreeInput { client_id: c.client, option_key: "plan_monthly".into(), ..Default::default() }).unwrap();
    let id = draft(&mut c).agreement.id;
    let scan = c.dir.path().join("s.png");
    std::fs::write(&scan, [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]).unwrap();
    agreement::record_signed(&mut c.conn, &c.ctx, &agreement::SignInput { id, file: scan.display().to_string(), date: TODAY.into(), by: String::new() }).unwrap();
    let a = agreement::countersign(&mut c.conn, &c.ctx, &agreement::CountersignInput { id, date: TODAY.into(), ..Default::default() }).unwrap();
    (c, a)
}
