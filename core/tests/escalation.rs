//! Escalation on real SQLite files: a defaulted agreement handed over to an
//! agency (the pack's text through `pdftotext`: every invoice, every history
//! entry, the amounts; the CSV), the UK letter before claim for an
//! individual, a case with no contact history (allowed, warned), bad input,
//! and writing a debt off.

mod common;

use common::*;
use overdue_core::agreement::{self, CountersignInput, SignInput, Status};
use overdue_core::chase::{self, Ctx};
use overdue_core::escalation::{self, EscalateInput};
use overdue_core::model::{ClientInput, InvoiceInput};
use overdue_core::{ledger, Error};
use std::path::Path;

fn defaulted(name: &str, kind: &str) -> (Case, agreement::Agreement, Ctx) {
    let mut c = case_with(name, &["1200.00", "300.00"], "plan_monthly", "");
    let cl = ledger::client(&c.conn, c.client).unwrap();
    let mut input: ClientInput = (*cl).clone();
    input.kind = kind.into();
    ledger::update_client(&mut c.conn, c.client, &input, d(TODAY)).unwrap();
    let id = draft(&mut c).agreement.id;
    let scan = c.dir.path().join("signed.pdf");
    std::fs::write(&scan, b"%PDF-1.4\n%%EOF\n").unwrap();
    agreement::record_signed(&mut c.conn, &c.ctx, &SignInput { id, file: scan.display().to_string(), date: TODAY.into(), by: String::new() }).unwrap();
    let a = agreement::countersign(&mut c.conn, &c.ctx, &CountersignInput { id, date: TODAY.into(), ..Default::default() }).unwrap();
    let late = d(&a.content.instalments[0].due_date) + chrono::Duration::days(a.content.cure_days as i64 + 1);
    let ctx = Ctx { today: late, now: late.and_hms_opt(12, 0, 0).unwrap().and_utc(), ..c.ctx.clone() };
    { overdue_core::sweep::run(&mut c.conn, &ctx).unwrap(); chase::today(&mut c.conn, &ctx) }.unwrap();
    let a = agreement::get(&c.conn, &ctx, id).unwrap();
    assert_eq!(a.status, Status::Defaulted);
    (c, a, ctx)
}

#[test]
fn a_defaulted_case_is_handed_over_with_everything_in_the_pack() {
    let (mut c, a, ctx) = defaulted("Handover Co", "company");
    let r = escalation::review(&c.conn, &ctx, c.client).unwrap();
    assert!(r.triggers.iter().any(|t| t.contains("in default")), "{:?}", r.triggers);
    assert!(!r.letter_before_claim, "a company gets no pre-action letter");
    let out = c.dir.path().join("out/PACK.pdf");
    let e = escalation::escalate(&mut c.conn, &ctx, &EscalateInput { client_id: c.client, to_whom: "agency".into(), reasons: "Agreement defaulted; no reply to the default notice".into() }, Some(&out)).unwrap();
    assert_eq!(e.pack, out.display().to_string());
    pages_to_png(&out, "packs", "agency");
    let text = squash(&pdftotext(&out));
    for needle in ["HAND-OVER PACK", "For a collection agency", "Case summary", "Handover Co Limited", "9 High Street, York YO1 7HH", "INV-001", "INV-002", "Agreement defaulted; no reply to the default notice", &a.reference, &a.fingerprint, "In default since", &format!("Total claimed {}", e.total.display)] {
        assert!(text.contains(needle), "{needle} missing from the pack");
    }
    // Every history entry (as of the hand-over) is in the timeline.
    // Invoices and payments are dated from the ledger (issue date, date received).
    for inv in ["Invoice INV-001 issued for £1,200.00", "Invoice INV-002 issued for £300.00"] {
        assert!(text.contains(inv), "{inv} missing from the timeline");
    }
    for ev in ledger::history(&c.conn, c.client).unwrap().iter().filter(|e| !matches!(e.kind.as_str(), "escalated" | "invoice_created" | "payment_recorded")) {
        let start: String = squash(&ev.summary).chars().take(40).collect();
        assert!(text.contains(&start), "history entry {start:?} missing");
    }
    assert!(!text.contains("LETTER BEFORE CLAIM"));
    // The CSV holds the same facts.
    let csv = std::fs::read_to_string(&e.csv).unwrap();
    assert!(csv.starts_with("section,date,reference,description,amount,currency,detail\n"));
    assert!(csv.contains("invoice,2026-09-01,INV-001,") && csv.contains("invoice,2026-09-01,INV-002,"));
    assert!(csv.contains(&format!("agreement,{},{}", a.content.date, a.reference)));
    assert!(csv.lines().filter(|l| l.starts_with("history,")).count() >= 5);
    // Both kept and registered; the client is no longer chased, and it shows.
    let docs = agreement::documents(&c.conn, &c.ctx.docs_dir, c.client).unwrap();
    assert!(docs.iter().any(|d| d.kind == "handover_pack") && docs.iter().any(|d| d.kind == "handover_csv"));
    let t = { overdue_core::sweep::run(&mut c.conn, &ctx).unwrap(); chase::today(&mut c.conn, &ctx) }.unwrap();
    assert!(t.items.iter().all(|i| i.client_id != c.client), "nothing of theirs on Today");
    assert!(t.not_chased.get("escalated").copied().unwrap_or(0) >= 2);
    let r = escalation::review(&c.conn, &ctx, c.client).unwrap();
    assert_eq!((r.escalated_on.as_str(), r.escalated_to.as_str()), (ctx.today.to_string().as_str(), "agency"));
    // Not twice.
    let again = escalation::escalate(&mut c.conn, &ctx, &EscalateInput { client_id: c.client, to_whom: "solicitor".into(), reasons: "again".into() }, None);
    assert!(matches!(again, Err(Error::Conflict(_))));
}

#[test]
fn an_individual_in_the_uk_gets_a_letter_before_claim_in_the_pack() {
    let (mut c, _a, ctx) = defaulted("Jo Private", "consumer");
    let e = escalation::escalate(&mut c.conn, &ctx, &EscalateInput { client_id: c.client, to_whom: "solicitor".into(), reasons: "Default; letter before claim".into() }, None).unwrap();
    assert!(e.letter_before_claim);
    pages_to_png(Path::new(&e.pack), "packs", "lbc");
    let text = squash(&pdftotext(Path::new(&e.pack)));
    for needle in ["LETTER BEFORE CLAIM", "Pre-Action Protocol for Debt Claims", "Within 30 days of the date of this letter", "Reply Form", "Information Sheet", "Financial Statement", "must be enclosed", "start court proceedings", "How to pay", "sort code 12-34-56", &e.total.display] {
        assert!(text.contains(needle), "{needle} missing from the letter before claim");
    }
}

#[test]
fn no_contact_history_is_allowed_but_warned_and_bad_input_is_refused() {
    let mut c = case_with("Quiet", &["500.00"], "full", "");
    // Never contacted: withdraw the arrangement so the invoices are plain overdue.
    let arr = overdue_core::negotiation::arrangements(&c.conn, Some(c.client)).unwrap().remove(0);
    overdue_core::negotiation::withdraw(&mut c.conn, arr.id, "no", d(TODAY)).unwrap();
    for (to, reasons, field) in [("bailiff", "x", "hand over to"), ("agency", "  ", "reasons")] {
        let e = escalation::escalate(&mut c.conn, &c.ctx, &EscalateInput { client_id: c.client, to_whom: to.into(), reasons: reasons.into() }, None).unwrap_err();
        assert!(matches!(&e, Error::Invalid { field: f, .. } if f == field), "{e}");
    }
    assert_eq!(agreement::documents(&c.conn, &c.ctx.docs_dir, c.client).unwrap().iter().filter(|d| d.kind.starts_with("handover")).count(), 0);
    let r = escalation::review(&c.conn, &c.ctx, c.client).unwrap();
    assert!(r.warnings.iter().any(|w| w.contains("never been contacted")), "{:?}", r.warnings);
    let e = escalation::escalate(&mut c.conn, &c.ctx, &EscalateInput { client_id: c.client, to_whom: "agency".into(), reasons: "Ignored every invoice".into() }, None).unwrap();
    assert!(e.warnings.iter().any(|w| w.contains("never been contacted")));
    assert!(squash(&pdftotext(Path::new(&e.pack))).contains("No reminder, letter or call is on record"));
}

#[test]
fn writing_off_needs_a_reason_and_is_not_money_received() {
    let mut c = case_with("Gone", &["250.00"], "full", "");
    ledger::create_invoice(&mut c.conn, &InvoiceInput { number: "X-2".into(), client_id: c.client, issue_date: "2026-08-01".into(), due_date: "2026-09-01".into(), amount: "75.00".into(), ..Default::default() }, d(TODAY)).unwrap();
    assert!(escalation::write_off(&mut c.conn, &c.ctx, c.client, &[], " ").is_err());
    assert!(escalation::write_off(&mut c.conn, &c.ctx, c.client, &["NOPE".into()], "gone").is_err());
    let amt = escalation::write_off(&mut c.conn, &c.ctx, c.client, &["X-2".into()], "Company dissolved").unwrap();
    assert_eq!(amt.display, "£75.00");
    let id = ledger::invoice_id_by_number(&c.conn, "X-2").unwrap().unwrap();
    assert_eq!(ledger::invoice(&c.conn, id, d(TODAY)).unwrap().status, "paid");
    let p = ledger::payments_of(&c.conn, c.client).unwrap();
    assert_eq!(p[0].method, overdue_core::follow::WRITE_OFF);
    assert_eq!(p[0].reference, "Company dissolved");
    assert!(ledger::history(&c.conn, c.client).unwrap().iter().any(|e| e.kind == "written_off" && e.summary.contains("Company dissolved")));
}

#[test]
fn the_agreed_charges_are_listed_but_not_claimed_twice_in_a_hand_over() {
    let (mut c, a) = active_with_plan_interest("Charged Handover", "1200.00");
    let charges_number = format!("{}-C", a.reference);
    let charges_id = ledger::invoice_id_by_number(&c.conn, &charges_number).unwrap().expect("a charges invoice");
    let charges = ledger::invoice(&c.conn, charges_id, d(TODAY)).unwrap().outstanding;
    // Long after the last instalment: in default, and the charges invoice is overdue too.
    let last = d(&a.content.instalments.last().unwrap().due_date);
    let later = last + chrono::Duration::days(40);
    let ctx = Ctx { today: later, now: later.and_hms_opt(12, 0, 0).unwrap().and_utc(), ..c.ctx.clone() };
    { overdue_core::sweep::run(&mut c.conn, &ctx).unwrap(); chase::today(&mut c.conn, &ctx) }.unwrap();
    assert_eq!(agreement::get(&c.conn, &ctx, a.id).unwrap().status, Status::Defaulted);
    let r = escalation::review(&c.conn, &ctx, c.client).unwrap();
    let e = escalation::escalate(&mut c.conn, &ctx, &EscalateInput { client_id: c.client, to_whom: "agency".into(), reasons: "Defaulted".into() }, None).unwrap();
    assert_eq!(e.total, r.total);
    let text = squash(&pdftotext(Path::new(&e.pack)));
    // Invoices outstanding are the invoice alone; the charges invoice is listed, with why it is not claimed.
    assert!(text.contains("Invoices outstanding £1,200.00"), "{text}");
    assert!(text.contains(&format!("{charges_number} holds the charges agreed under {} ({})", a.reference, charges.display)), "{text}");
    let claimed: rust_decimal::Decimal = e.total.amount.parse().unwrap();
    let interest = claimed - rust_decimal::Decimal::new(120_000, 2);
    assert!(text.contains(&format!("Total claimed {}", e.total.display)), "{text}");
    assert!(interest >= rust_decimal::Decimal::ZERO && claimed < rust_decimal::Decimal::new(120_000, 2) + charges.amount.parse::<rust_decimal::Decimal>().unwrap() + interest, "{claimed}");
    let csv = std::fs::read_to_string(&e.csv).unwrap();
    let line = csv.lines().find(|l| l.contains(&charges_number) && l.starts_with("invoice")).unwrap();
    assert!(line.contains("not claimed"), "{line}");
}

#[test]
fn the_pack_states_a_default_even_when_nothing_looked_at_the_agreement_since() {
    let (mut c, a) = active_with_plan_interest("Unlooked Ltd", "900.00");
    // Straight to escalation, weeks after the first payment was missed: no
    // Today, no agreement screen in between.
    let later = d(&a.content.instalments[0].due_date) + chrono::Duration::days(a.content.cure_days as i64 + 5);
    let ctx = Ctx { today: later, now: later.and_hms_opt(12, 0, 0).unwrap().and_utc(), ..c.ctx.clone() };
    let e = escalation::escalate(&mut c.conn, &ctx, &EscalateInput { client_id: c.client, to_whom: "agency".into(), reasons: "No payment at all".into() }, None).unwrap();
    let text = squash(&pdftotext(Path::new(&e.pack)));
    assert!(text.contains("In default: a payment was missed"), "{text}");
    assert!(text.contains(&format!("Agreement {} in default", a.reference)), "the timeline has it: {text}");
    assert_eq!(agreement::get(&c.conn, &ctx, a.id).unwrap().status, Status::Defaulted);
}
