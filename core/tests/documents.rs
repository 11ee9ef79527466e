//! The document review: every kind of document Overdue writes, on the demo
//! data, on A4 and on US Letter, read back through `pdftotext` as a reader
//! would read it:
//! - its title, running header and opening line belong to the same kind,
//!   and no other kind's wording is in it;
//! - every amount it states adds up (principal + interest + compensation +
//!   fees = total; an agreement's balance and schedule);
//! - every date it states is in the business's date style (never ISO, never
//!   numeric, never month-first for a UK business);
//! - no two instructions contradict each other (one date to pay by, one
//!   date to return the agreement by, in the letter and the agreement alike).
//! Pages are also written as PNG to target/documents/ to be looked at.

mod common;

use common::{pages_to_png, pdftotext, squash};
use overdue_core::agreement::{self, CountersignInput, DraftInput, SignInput};
use overdue_core::chase::{self, Ctx};
use overdue_core::escalation::{self, EscalateInput};
use overdue_core::follow::{self, SendMessage};
use overdue_core::letter::{self, LetterRequest};
use overdue_core::model::PaymentInput;
use overdue_core::negotiation::{self, AgreeInput, CaseInput};
use overdue_core::rusqlite::Connection;
use overdue_core::{db, demo, ledger, settings};
use regex::Regex;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

const TODAY: &str = "2026-11-23";

fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(ctx: &Ctx, day: chrono::NaiveDate) -> Ctx {
    Ctx { today: day, now: day.and_hms_opt(12, 0, 0).unwrap().and_utc(), ..ctx.clone() }
}

/// One document as written, and its text.
struct Written {
    kind: &'static str,
    text: String,
}

impl Written {
    fn new(kind: &'static str, path: &Path, paper: &str) -> Written {
        pages_to_png(path, "documents", &format!("{paper}-{kind}"));
        let text = pdftotext(path);
        std::fs::write(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../target/documents/{paper}-{kind}.txt")), &text).unwrap();
        Written { kind, text }
    }
    fn flat(&self) -> String {
        squash(&self.text)
    }
    /// The running header: the first line of the first page.
    fn header(&self) -> String {
        self.text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string()
    }
}

fn client_id(conn: &Connection, name: &str) -> i64 {
    ledger::find_client(conn, name).unwrap().id
}

fn agree_plan(conn: &mut Connection, ctx: &Ctx, client: i64) {
    negotiation::save_case(conn, ctx, &CaseInput { client_id: client, capacity: "2500".into(), reason: "cash_flow".into(), ..Default::default() }).unwrap();
    negotiation::agree(conn, ctx, &AgreeInput { client_id: client, option_key: "plan_monthly".into(), ..Default::default() }).unwrap();
}

fn sign_and_activate(conn: &mut Connection, ctx: &Ctx, dir: &Path, id: i64) -> agreement::Agreement {
    let scan = dir.join(format!("signed-{id}.png"));
    std::fs::write(&scan, [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]).unwrap();
    agreement::record_signed(conn, ctx, &SignInput { id, file: scan.display().to_string(), date: TODAY.into(), by: String::new() }).unwrap();
    agreement::countersign(conn, ctx, &CountersignInput { id, date: TODAY.into(), ..Default::default() }).unwrap()
}

fn pay(conn: &mut Connection, ctx: &Ctx, client: i64, on: chrono::NaiveDate, amount: &str) -> overdue_core::model::PaymentReceipt {
    overdue_core::payments::record(conn, &at(ctx, on), &PaymentInput { client_id: client, date: on.to_string(), amount: amount.into(), method: "bank transfer".into(), ..Default::default() }).unwrap()
}

/// Every kind of document, written on the demo data on `paper`.
fn write_all(paper: &str, country: &str) -> (tempfile::TempDir, Vec<Written>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite");
    let (mut conn, _) = db::open(&path).unwrap();
    demo::load(&mut conn, d(TODAY)).unwrap();
    if country != "GB" {
        let mut b = ledger::business(&conn).unwrap();
        b.country = country.into();
        ledger::update_business(&conn, &b).unwrap();
    }
    let mut s = settings::chase(&conn).unwrap();
    s.paper = paper.into();
    settings::save_chase(&conn, &s).unwrap();
    let ctx = Ctx::new(d(TODAY), true, &path);
    let out = dir.path().join("out");
    let mut docs = Vec::new();

    // Letters to the school of the issue (client 9): each kind asked for by name.
    let school = client_id(&conn, "Bishopston Primary School");
    for kind in ["reminder", "firm_reminder", "final_notice", "statement"] {
        let p = out.join(format!("{kind}.pdf"));
        letter::save(&conn, &ctx, &LetterRequest { client_id: school, kind: kind.into(), ..Default::default() }, Some(&p)).unwrap();
        docs.push(Written::new(kind, &p, &format!("{paper}{country}")));
    }

    // The agreement and its cover letter, for the school's account.
    agree_plan(&mut conn, &ctx, school);
    let made = agreement::draft(&mut conn, &ctx, &DraftInput { client_id: school, late_fee: "15".into(), ..Default::default() }).unwrap();
    docs.push(Written::new("agreement", Path::new(&made.pdf), &format!("{paper}{country}")));
    docs.push(Written::new("cover_letter", Path::new(&made.cover_letter), &format!("{paper}{country}")));
    let a = sign_and_activate(&mut conn, &ctx, dir.path(), made.agreement.id);

    // A progress update after the first payment, sent as a letter.
    let first = &a.content.instalments[0];
    let first_due = d(&first.due_date);
    let paid_first = Decimal::from_str(&first.amount.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect::<String>()).unwrap();
    pay(&mut conn, &ctx, school, first_due, &paid_first.to_string());
    let c1 = at(&ctx, first_due);
    let m = follow::progress_message(&conn, &c1, a.id).unwrap();
    let sent = follow::send_message(&mut conn, &c1, &SendMessage { id: a.id, kind: "progress".into(), channel: "letter".into(), subject: m.subject.clone(), body: m.body.clone(), ..Default::default() }).unwrap();
    docs.push(Written::new("progress_update", Path::new(&sent.letter), &format!("{paper}{country}")));

    // The second payment is missed past the cure period: the default notice.
    let second_due = d(&a.content.instalments[1].due_date);
    let late = at(&ctx, second_due + chrono::Duration::days(a.content.cure_days as i64 + 1));
    { overdue_core::sweep::run(&mut conn, &late).unwrap(); chase::today(&mut conn, &late) }.unwrap();
    let n = follow::default_notice(&conn, &late, a.id, "").unwrap();
    let sent = follow::send_message(&mut conn, &late, &SendMessage { id: a.id, kind: "default_notice".into(), channel: "letter".into(), subject: n.subject.clone(), body: n.body.clone(), catch_up_by: n.catch_up_by.clone() }).unwrap();
    docs.push(Written::new("default_notice", Path::new(&sent.letter), &format!("{paper}{country}")));

    // Not brought up to date: handed over to an agency with the pack.
    let after = at(&late, d(&n.catch_up_by) + chrono::Duration::days(1));
    let p = out.join("pack.pdf");
    escalation::escalate(&mut conn, &after, &EscalateInput { client_id: school, to_whom: "agency".into(), reasons: "Agreement in default; the default notice was not answered".into() }, Some(&p)).unwrap();
    docs.push(Written::new("handover_pack", &p, &format!("{paper}{country}")));

    // A plan paid to the end by another client: the completion letter.
    let cafe = client_id(&conn, "Harbourside Café Ltd");
    agree_plan(&mut conn, &ctx, cafe);
    let made = agreement::draft(&mut conn, &ctx, &DraftInput { client_id: cafe, ..Default::default() }).unwrap();
    let a = sign_and_activate(&mut conn, &ctx, dir.path(), made.agreement.id);
    let mut letter_path = String::new();
    for l in &a.content.instalments {
        let on = d(&l.due_date);
        let amount: String = l.amount.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
        let r = pay(&mut conn, &ctx, cafe, on, &amount);
        if !r.completion_letter.is_empty() {
            letter_path = r.completion_letter;
        }
    }
    assert!(!letter_path.is_empty(), "the last payment writes the completion letter");
    docs.push(Written::new("completion_letter", Path::new(&letter_path), &format!("{paper}{country}")));

    if country != "GB" {
        return (dir, docs);
    }
    // An individual handed to a solicitor: the pack with the UK letter before claim.
    let person = client_id(&conn, "Mrs Eleanor Whitfield");
    let p = out.join("pack-lbc.pdf");
    let e = escalation::escalate(&mut conn, &ctx, &EscalateInput { client_id: person, to_whom: "solicitor".into(), reasons: "No reply to the final notice".into() }, Some(&p)).unwrap();
    assert!(e.letter_before_claim, "an individual gets the letter before claim");
    assert!(squash(&pdftotext(&p)).contains("LETTER BEFORE CLAIM"), "the pack holds the letter too");
    docs.push(Written::new("letter_before_claim", Path::new(&e.letter_before_claim_pdf), &format!("{paper}{country}")));
    (dir, docs)
}

/// What identifies each kind: words in its running header, its title, and
/// its opening line (the first line after the greeting, or after the title).
fn identity(kind: &str) -> (&'static str, &'static str, &'static str) {
    match kind {
        "reminder" => ("Payment reminder", "Friendly reminder: invoice", "We hope all is well"),
        "firm_reminder" => ("Overdue account", "Overdue account: please pay", "Despite our earlier reminders"),
        "final_notice" => ("Final notice", "Final notice:", "We have written to you several times"),
        "statement" => ("Statement of account", "Statement of account as of", "Below are the invoices on your account"),
        "agreement" => ("Payment plan agreement", "PAYMENT PLAN AGREEMENT", "This agreement is made on"),
        "cover_letter" => ("Cover letter", "please sign and return by", "Thank you for talking with us"),
        "progress_update" => ("Progress update", "Your payments under agreement", "Thank you for your payments"),
        "default_notice" => ("Default notice", "payment missed — please catch up by", "Under our agreement"),
        "completion_letter" => ("Account settled", "Your account is settled", "Thank you. With your payment received"),
        "handover_pack" => ("Hand-over pack", "HAND-OVER PACK", "For a collection agency"),
        "letter_before_claim" => ("Letter before claim", "LETTER BEFORE CLAIM", "We are writing about the debt"),
        other => panic!("no identity for {other}"),
    }
}

/// Words only one kind of reminder letter uses: none may stand in another.
const LETTER_VOICES: &[(&str, &str)] = &[
    ("reminder", "slipped through"),
    ("firm_reminder", "Despite our earlier reminders"),
    ("final_notice", "We have written to you several times"),
    ("statement", "Below are the invoices on your account"),
];

fn money(s: &str) -> Decimal {
    let t: String = s.chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-' || *c == '−').map(|c| if c == '−' { '-' } else { c }).collect();
    Decimal::from_str(&t).unwrap_or_else(|_| panic!("not an amount: {s:?}"))
}

/// The amount after `label` (the first £ figure that follows it), if any.
fn figure(flat: &str, label: &str) -> Option<Decimal> {
    let i = flat.find(label)?;
    let re = Regex::new(r"−?£[0-9,]+\.[0-9]{2}").unwrap();
    re.find(&flat[i + label.len()..]).map(|m| money(m.as_str()))
}

fn must(flat: &str, label: &str, kind: &str) -> Decimal {
    figure(flat, label).unwrap_or_else(|| panic!("{kind}: no figure after {label:?} in\n{flat}"))
}

/// principal + interest + compensation + fees = total, for every kind that
/// states a balance; the parts are read off the document itself.
fn check_amounts(doc: &Written) {
    let f = doc.flat();
    let k = doc.kind;
    let opt = |label: &str| figure(&f, label).unwrap_or_default();
    match k {
        "reminder" => {
            // The invoice table's outstanding column adds up to the total.
            let total = must(&f, "Total now due:", k);
            let rows = Regex::new(r"BPH-\d+ \d{1,2} \w{3} \d{4} \d{1,2} \w{3} \d{4} £[0-9,]+\.\d\d (£[0-9,]+\.\d\d)").unwrap();
            let sum: Decimal = rows.captures_iter(&f).map(|c| money(&c[1])).sum();
            assert_eq!(sum, total, "{k}: the invoices add up to the total");
        }
        "firm_reminder" | "statement" => {
            let principal = must(&f, "Principal outstanding:", k);
            let charges = must(&f, "Late-payment charges to date:", k);
            assert_eq!(principal + charges, must(&f, "Total now due:", k), "{k}: principal + charges = total");
            check_charges_detail(&f, k, charges);
        }
        "final_notice" => {
            let principal = must(&f, "Principal outstanding:", k);
            let interest = opt("Interest to date:");
            let compensation = opt("Compensation for late payment:");
            let fees = opt("Fees:");
            let total = must(&f, "Total now due:", k);
            assert!(interest > Decimal::ZERO && compensation > Decimal::ZERO, "the demo charges statutory interest: both are stated");
            assert_eq!(principal + interest + compensation + fees, total, "{k}: principal + interest + compensation + fees = total");
            // What accrues is the interest alone, never the compensation.
            assert_eq!(must(&f, "Interest continues to accrue until payment (", k), interest, "{k}: only interest accrues");
            assert_eq!(must(&f, "Please pay", k), total, "{k}: asked to pay the total");
            check_charges_detail(&f, k, interest + compensation + fees);
        }
        "agreement" => {
            let principal = must(&f, "Invoices outstanding", k);
            let interest = must(&f, "Interest to that date", k);
            let compensation = opt("Fixed compensation for late payment");
            let fees = must(&f, "Late-payment fees to that date", k);
            let balance = must(&f, "Balance on", k);
            assert_eq!(principal + interest + compensation + fees, balance, "{k}: Schedule A adds up");
            assert_eq!(must(&f, "it owed the Creditor", k), balance, "{k}: the acknowledgment states the balance");
        }
        "progress_update" => {
            let c = Regex::new(r"So far you have paid (£[0-9,]+\.\d\d) of (£[0-9,]+\.\d\d) \([^)]*\), and (£[0-9,]+\.\d\d) is left to pay").unwrap().captures(&f).unwrap_or_else(|| panic!("{k}: {f}"));
            assert_eq!(money(&c[1]) + money(&c[3]), money(&c[2]), "{k}: paid + left = the whole");
        }
        "default_notice" => {
            let left = must(&f, "the whole remaining balance of", k);
            let catch_up = must(&f, "please pay", k);
            assert!(catch_up <= left, "{k}: the arrears are part of what is left");
        }
        "completion_letter" => {
            let total = must(&f, "Total paid", k);
            assert_eq!(must(&f, "has been made:", k), total, "{k}: the letter and its table agree");
            let rows = Regex::new(r"(?:BPH-\d+ \d{1,2} \w{3} \d{4}|Interest, compensation and fees|Interest on the plan|Given up under the settlement) (−?£[0-9,]+\.\d\d)").unwrap();
            let sum: Decimal = rows.captures_iter(&f).map(|c| money(&c[1])).sum();
            assert_eq!(sum, total, "{k}: the rows add up to what was paid");
        }
        "letter_before_claim" => {
            let owed = must(&f, "the debt of", k);
            let rows = Regex::new(r"Invoice [A-Z0-9-]+ due \d{1,2} \w{3} \d{4} (£[0-9,]+\.\d\d)").unwrap();
            let invoices: Decimal = rows.captures_iter(&f).map(|c| money(&c[1])).sum();
            let extra = opt("Interest to ") + opt("Fixed compensation for late payment") + opt("Late-payment fees");
            assert_eq!(invoices + extra, must(&f, "Total", k), "{k}: the letter's table adds up");
            assert_eq!(owed, must(&f, "Total", k), "{k}: the debt stated is the total");
        }
        "handover_pack" => {
            let principal = must(&f, "Invoices outstanding", k);
            let interest = opt("Interest to ");
            let compensation = opt("Fixed compensation for late payment");
            let fees = opt("Late-payment fees");
            let total = must(&f, "Total claimed", k);
            assert_eq!(principal + interest + compensation + fees, total, "{k}: the claim adds up");
            assert_eq!(must(&f, "Claimed in all", k), principal, "{k}: the invoices claimed add up to the invoices outstanding");
        }
        _ => {}
    }
}

/// The table of how the charges were worked out: its interest and
/// compensation columns add up to the totals stated under it.
fn check_charges_detail(f: &str, k: &str, charges: Decimal) {
    if let Some(i) = f.find("Late-payment charges in all:") {
        let line = &f[i..];
        assert_eq!(must(line, "in all:", k), charges, "{k}: the charges in all are the charges stated");
        let interest = must(line, "(interest", k);
        let compensation = figure(line, "+ compensation").unwrap_or_default();
        let fees = figure(line, "+ fees").unwrap_or_default();
        assert_eq!(interest + compensation + fees, charges, "{k}: the parts of the charges add up");
    }
}

/// Every date in the business's style: "19 Mar 2026" for a UK business,
/// "Mar 19, 2026" for a US one.
fn check_dates(doc: &Written) {
    check_dates_in(doc, false)
}

fn check_dates_in(doc: &Written, month_first: bool) {
    // File names carry ISO dates by design (they sort); they are not dates
    // a reader is told.
    let names = Regex::new(r"\S+\.(pdf|csv|png|jpg|jpeg)\b").unwrap();
    let mut flat = doc.flat();
    if month_first {
        // History entries keep the words they were written in: the demo
        // writes its past as the UK business it is, before this test makes
        // it a US one.
        if let Some(i) = flat.find("8. Timeline") {
            flat.truncate(i);
        }
    }
    let text = names.replace_all(&flat, "");
    let months = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";
    let month_first_re = format!(r"\b({months})[a-z]* \d{{1,2}},? \d{{4}}\b");
    let day_first = format!(r"\b\d{{1,2}} ({months})[a-z]* \d{{4}}\b");
    let bad = [
        (r"\b\d{4}-\d{2}-\d{2}\b", "ISO"),
        (r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b", "numeric"),
        (if month_first { &day_first as &str } else { &month_first_re as &str }, if month_first { "day first" } else { "month first" }),
        (r"\b\d{1,2} (January|February|March|April|June|July|August|September|October|November|December) \d{4}\b", "month in full (the style is 19 Mar 2026)"),
        (r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),", "weekday"),
    ];
    for (re, what) in bad {
        if let Some(m) = Regex::new(re).unwrap().find(&text) {
            panic!("{}: a date in {what} style: {:?} in\n{text}", doc.kind, m.as_str());
        }
    }
    let good = Regex::new(&if month_first { format!(r"\b({months}) \d{{1,2}}, \d{{4}}\b") } else { format!(r"\b\d{{1,2}} ({months}) \d{{4}}\b") }).unwrap();
    assert!(good.is_match(&text), "{}: no date at all?", doc.kind);
}

/// One date to pay by, one date to return by, one reference to quote.
fn check_instructions(doc: &Written) {
    let f = doc.flat();
    let date = r"(\d{1,2} [A-Z][a-z]{2} \d{4})";
    let distinct = |re: &str| -> Vec<String> {
        let mut v: Vec<String> = Regex::new(re).unwrap().captures_iter(&f).map(|c| c[1].to_string()).collect();
        v.sort();
        v.dedup();
        v
    };
    if matches!(doc.kind, "firm_reminder" | "final_notice" | "default_notice") {
        let by = distinct(&format!(r"(?i)(?:pay|paid|catch up)[^.]{{0,60}}? by {date}"));
        assert_eq!(by.len(), 1, "{}: one date to pay by, not {by:?}", doc.kind);
    }
    if matches!(doc.kind, "cover_letter" | "agreement") {
        let back = distinct(&format!(r"(?:return(?:s|ed)?|returned signed|received the signed agreement)[^.]{{0,60}}? by {date}"));
        assert_eq!(back.len(), 1, "{}: one date to return it by, not {back:?}", doc.kind);
    }
    let quotes = distinct(r"(?i)please quote ([^.]+?)(?: as (?:the )?(?:payment )?reference| with every payment|\.)");
    assert!(quotes.len() <= 1, "{}: told to quote different things: {quotes:?}", doc.kind);
    // "How to pay": one account, one reference, said once.
    if f.contains("How to pay") || f.contains("You can pay by") {
        let refs: Vec<String> = Regex::new(r"Reference: ([A-Z0-9][A-Z0-9 ./&-]*[A-Z0-9]) \(").unwrap().captures_iter(&f).map(|c| c[1].to_string()).collect();
        assert_eq!(refs.len(), 1, "{}: one reference to quote, not {refs:?} in\n{f}", doc.kind);
        assert!(f.matches("ank transfer to").count() <= 1, "{}: the account is given once:\n{f}", doc.kind);
        if doc.kind == "agreement" || doc.kind == "default_notice" {
            assert!(refs[0].starts_with("AGR-"), "{}: instalments quote the agreement, not {}", doc.kind, refs[0]);
        }
    }
}

/// Lettered lists run (a), (b), (c) with no letter left out: the default
/// clause of the agreement, and the default notice that quotes it.
fn check_lettering(doc: &Written) {
    let f = doc.flat();
    let Some(i) = f.find("If the Debtor is in default:").or_else(|| f.find("as the agreement states:")) else { return };
    let clause = &f[i..f[i..].find(" and the Creditor may").or_else(|| f[i..].find(" and we may")).map(|j| i + j).unwrap_or(f.len())];
    let letters: Vec<char> = Regex::new(r"\(([a-z])\) ").unwrap().captures_iter(clause).map(|c| c[1].chars().next().unwrap()).collect();
    let expected: Vec<char> = ('a'..).take(letters.len()).collect();
    assert!(!letters.is_empty(), "{}: no lettered consequences in {clause}", doc.kind);
    assert_eq!(letters, expected, "{}: the consequences are lettered in order: {clause}", doc.kind);
}

fn check_identity(doc: &Written) {
    let (header, title, opening) = identity(doc.kind);
    let f = doc.flat();
    assert!(doc.header().contains(header), "{}: running header {:?} lacks {header:?}", doc.kind, doc.header());
    // Every page carries the same running header.
    for page in common::pages(&doc.text) {
        let first = page.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert!(first.contains(header), "{}: a page's header is {first:?}", doc.kind);
    }
    let t = f.find(title).unwrap_or_else(|| panic!("{}: no title {title:?} in\n{f}", doc.kind));
    let o = f.find(opening).unwrap_or_else(|| panic!("{}: no opening {opening:?} in\n{f}", doc.kind));
    assert!(t < o, "{}: the title comes before the opening", doc.kind);
    if LETTER_VOICES.iter().any(|(k, _)| *k == doc.kind) {
        for (k, words) in LETTER_VOICES {
            if *k != doc.kind {
                assert!(!f.contains(words), "{}: carries the words of a {k}: {words:?}", doc.kind);
            }
        }
    }
}

#[test]
fn every_document_reads_as_what_it_is_on_a4_and_letter() {
    for paper in ["A4", "Letter"] {
        let (_dir, docs) = write_all(paper, "GB");
        assert_eq!(docs.len(), 11, "every kind of document");
        for doc in &docs {
            check_identity(doc);
            check_amounts(doc);
            check_dates(doc);
            check_instructions(doc);
            if matches!(doc.kind, "agreement" | "default_notice") {
                check_lettering(doc);
            }
        }
        // The cover letter and the agreement ask for it back by the same date,
        // and the cover letter's balance is the agreement's.
        let get = |k: &str| docs.iter().find(|d| d.kind == k).unwrap().flat();
        let (cover, agreement) = (get("cover_letter"), get("agreement"));
        let back = |f: &str| Regex::new(r"by (\d{1,2} [A-Z][a-z]{2} \d{4})").unwrap().captures_iter(f).map(|c| c[1].to_string()).last().unwrap();
        assert_eq!(back(&cover), back(&agreement[agreement.find("Acceptance").unwrap()..]), "one return-by date");
        assert_eq!(must(&cover, "the full balance of", "cover_letter"), must(&agreement, "Balance on", "agreement"));
        // The letters to the school state one figure for what it owes.
        let owed = must(&get("final_notice"), "Total now due:", "final_notice");
        assert_eq!(must(&get("firm_reminder"), "Total now due:", "firm_reminder"), owed);
        assert_eq!(must(&get("statement"), "Total now due:", "statement"), owed);
        assert_eq!(must(&agreement, "Balance on", "agreement"), owed, "the agreement acknowledges what the letters asked for");
    }
}

/// The pack's timeline dates each entry on the day it happened, never after
/// the day the pack was prepared, and oldest first.
#[test]
fn the_hand_over_timeline_is_dated_when_things_happened() {
    let (_dir, docs) = write_all("A4", "GB");
    let pack = docs.iter().find(|d| d.kind == "handover_pack").unwrap().flat();
    let prepared = {
        let c = Regex::new(r"prepared (\d{1,2} [A-Z][a-z]{2} \d{4})").unwrap().captures(&pack).unwrap();
        chrono::NaiveDate::parse_from_str(&c[1], "%d %b %Y").unwrap()
    };
    let timeline = &pack[pack.find("8. Timeline").unwrap()..];
    let entries: Vec<chrono::NaiveDate> = Regex::new(r"(\d{1,2} [A-Z][a-z]{2} \d{4}) (?:Invoice|Payment|Friendly|Second|Phone|Firm|Final|Negotiation|Agree|Arrange|Client|Progress|Default|Promise|Chasing)")
        .unwrap()
        .captures_iter(timeline)
        .map(|c| chrono::NaiveDate::parse_from_str(&c[1], "%d %b %Y").unwrap())
        .collect();
    assert!(entries.len() > 5, "{timeline}");
    assert!(entries.iter().all(|d| *d <= prepared), "no entry after the pack was prepared ({prepared})");
    assert!(entries.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    // The demo's invoices were issued in the spring: the timeline says so, not the day the demo was loaded.
    assert!(entries[0] < d("2026-06-01"), "first entry {}", entries[0]);
    // The school's invoice due 27 Nov was not yet due on 23 Nov; in the pack (Jan 2027) it is claimed.
    assert!(Regex::new(r"BPH-2531 .{0,80}? Yes").unwrap().is_match(&pack), "BPH-2531 is claimed by January");
}

/// A US business writes every date month first, in every document.
#[test]
fn a_us_business_writes_every_date_month_first() {
    let (_dir, docs) = write_all("Letter", "US");
    assert_eq!(docs.len(), 10);
    for doc in &docs {
        check_identity(doc);
        check_dates_in(doc, true);
    }
}
