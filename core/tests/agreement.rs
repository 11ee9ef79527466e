//! The written agreement on real SQLite files: the PDF's text through
//! `pdftotext` (every required element, every instalment, the fingerprint on
//! every page), pagination of a 60-instalment plan, names in four scripts
//! with an embedded font (`pdffonts`), the signing state machine, the
//! documents registry, the email reaching a real SMTP server, and bad input.

#[path = "../../tests/support/smtp.rs"]
mod smtp;
mod common;

use common::*;
use overdue_core::agreement::{self, Action, CountersignInput, DraftInput, SignInput, Status};
use overdue_core::chase::{self, Ctx};
use overdue_core::model::{Business, ClientInput, PaymentInput};
use overdue_core::negotiation::{self, AgreeInput};
use overdue_core::{ledger, settings, Error};
use std::path::{Path, PathBuf};
use std::process::Command;

fn pages_as_png(pdf: &Path, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/agreements");
    std::fs::create_dir_all(&dir).unwrap();
    let _ = Command::new("pdftoppm").args(["-png", "-r", "70"]).arg(pdf).arg(dir.join(name)).status();
}

#[test]
fn the_agreement_pdf_contains_every_required_element() {
    let mut c = case_with("Northwind", &["1200.00", "450.50"], "plan_monthly", "");
    let arr = negotiation::arrangements(&c.conn, Some(c.client)).unwrap().remove(0);
    let made = draft(&mut c);
    let a = &made.agreement;
    assert_eq!(a.status, Status::Draft);
    assert!(a.reference.starts_with("AGR-2026-"));
    assert_eq!(a.fingerprint.len(), 19);
    pages_as_png(Path::new(&made.pdf), "plan");
    pages_as_png(Path::new(&made.cover_letter), "cover");
    let text = pdftotext(Path::new(&made.pdf));
    let flat = squash(&text);
    // Title, reference, date, parties with addresses and signatories.
    for needle in [
        "PAYMENT PLAN AGREEMENT",
        a.reference.as_str(),
        "23 Nov 2026",
        "Brightwell Design Ltd, trading as Brightwell Design, of 4 Mill Lane, Leeds LS1 4AB",
        "Northwind Limited, trading as Northwind, of 9 High Street, York YO1 7HH",
        "Signing: Jo Bright, Director",
        "Signing: Sam Client, Authorised signatory",
        // Recitals and acknowledgment; balance with interest and fees apart.
        "Background",
        "Acknowledgment of the debt",
        "Invoices outstanding £1,650.50",
        "Late-payment fees to that date",
        // Payment method and details, interest, late fee and cure period.
        "sort code 12-34-56, account 12345678",
        "the interest rate is 0% a year",
        "14 days from the due date (the cure period)",
        "A late fee of £15.00",
        // Default and what follows; prepayment; changes; entire agreement; law.
        "the whole remaining balance becomes due at once",
        "collection agency or start court proceedings",
        "without penalty",
        "can only be changed in writing signed by both parties",
        "Entire agreement",
        "governed by the law of England and Wales",
        // Benefits of keeping to it.
        "no further collection action",
        "mark the account as settled and confirm this to the Debtor in a letter",
        // Return date.
        "7 Dec 2026",
        // Schedules.
        "Schedule A — Invoices",
        "INV-001",
        "INV-002",
        "Schedule B — Payments",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in\n{text}");
    }
    // Statutory interest is off by default in this test: no revival clause for it.
    assert!(!flat.contains("run again from the original due dates"));
    // Every instalment: number, date, amount, balance after.
    for r in &arr.schedule {
        let date = d(&r.due_date).format("%-d %b %Y").to_string();
        let line = format!("{} {date} {} {}", r.number, r.amount.display, r.balance_after.display);
        assert!(flat.contains(&line), "instalment line {line:?} missing");
    }
    assert!(flat.contains(&format!("Total {}", arr.total.display)));
    // Signature, name, title and date lines for both parties.
    assert_eq!(flat.matches("Signature Name (printed)").count(), 2, "{text}");
    assert!(flat.matches("Title").count() >= 2);
    assert!(flat.contains("For the Creditor") && flat.contains("For the Debtor"));
    // On every page: "Page X of Y", the reference and the fingerprint.
    let ps = pages(&text);
    assert!(ps.len() >= 3, "{} pages", ps.len());
    for (i, p) in ps.iter().enumerate() {
        let p = squash(p);
        assert!(p.contains(&format!("Page {} of {}", i + 1, ps.len())), "page {} numbering", i + 1);
        assert!(p.contains(&a.reference), "page {} reference", i + 1);
        assert!(p.contains(&format!("fingerprint {}", a.fingerprint)), "page {} fingerprint", i + 1);
    }
    // The cover letter explains it and asks for it back by the date.
    let cover = squash(&pdftotext(Path::new(&made.cover_letter)));
    assert!(cover.contains("please sign and return by 7 Dec 2026"), "{cover}");
    assert!(cover.contains("this offer lapses"));
    // Our own text passes the same courtesy check as every reminder.
    for printed in [true, false] {
        let (subject, body) = agreement::cover_text(&a.content, printed);
        let flags = overdue_core::tone::check(&format!("{subject}\n{body}"), "friendly");
        assert!(flags.is_empty(), "{flags:?}");
    }
    // Registered with their hashes, listed in the history.
    let docs = agreement::documents(&c.conn, &c.ctx.docs_dir, c.client).unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d.exists && d.sha256.len() == 64 && d.fingerprint == a.fingerprint && d.path.starts_with(&*c.ctx.docs_dir.display().to_string())));
    let h: Vec<String> = ledger::history(&c.conn, c.client).unwrap().into_iter().map(|e| e.summary).collect();
    assert!(h.iter().any(|s| s.contains(&format!("Agreement {} written", a.reference))));
}

#[test]
fn a_settlement_states_the_reduced_sum_and_the_conditional_waiver() {
    let mut c = case_with("Settler", &["2000.00"], "settlement", "");
    let made = draft(&mut c);
    let flat = squash(&pdftotext(Path::new(&made.pdf)));
    assert!(flat.contains("SETTLEMENT AGREEMENT"));
    assert!(flat.contains(&format!("agrees to accept {} in full and final settlement", made.agreement.content.payable)), "{flat}");
    assert!(flat.contains(&format!("The remaining {} is waived only if every payment is made in full and on time", made.agreement.content.waived)));
    assert!(flat.contains(&format!("the {} waived under clause 2 is no longer waived", made.agreement.content.waived)));
}

#[test]
fn a_sixty_instalment_plan_paginates_with_repeated_headers_on_a4_and_letter() {
    for paper in ["A4", "Letter"] {
        let mut c = case_with("Longplan", &["6000.00"], "", "£100 a month");
        let made = agreement::draft(&mut c.conn, &c.ctx, &DraftInput { client_id: c.client, paper: paper.into(), ..Default::default() }).unwrap();
        assert_eq!(made.agreement.content.instalments.len(), 60);
        pages_as_png(Path::new(&made.pdf), &format!("long-{paper}"));
        let text = pdftotext(Path::new(&made.pdf));
        let ps = pages(&text);
        let with_header: Vec<usize> = ps.iter().enumerate().filter(|(_, p)| squash(p).contains("No. Due date Amount Balance after")).map(|(i, _)| i).collect();
        assert!(with_header.len() >= 2, "{paper}: the instalment table spans pages with its header repeated ({with_header:?})");
        let flat = squash(&text);
        for n in 1..=60 {
            assert!(flat.contains(&format!(" {n} ")), "instalment {n}");
        }
        assert!(flat.contains("Total £6,000.00"));
        let total_page = ps.iter().map(|p| squash(p)).find(|p| p.contains("Total £6,000.00")).unwrap();
        assert!(total_page.contains(" 60 "), "{paper}: the total row is not alone on its page");
        let size = std::fs::metadata(&made.pdf).unwrap().len();
        assert!(size < 200_000, "{paper}: {size} bytes");
        let pdfinfo = String::from_utf8(Command::new("pdfinfo").arg(&made.pdf).output().unwrap().stdout).unwrap();
        let want = if paper == "A4" { "595.276 x 841.89" } else { "612 x 792" };
        assert!(pdfinfo.contains(want), "{paper}: {pdfinfo}");
    }
}

#[test]
fn names_in_greek_polish_chinese_and_arabic_print_with_embedded_fonts() {
    for (name, contact) in [("Αθηναϊκή Εμπορική", "Γιώργος Παπαδόπουλος"), ("Zakład Łódź", "Józef Żółć"), ("北京长城贸易", "王小明"), ("شركة النور", "محمد")] {
        let mut c = case_with(name, &["900.00"], "full", "");
        ledger::update_client(&mut c.conn, c.client, &ClientInput { name: name.into(), legal_name: name.into(), kind: "company".into(), contact_person: contact.into(), address: "1 Road\nTown".into(), ..Default::default() }, d(TODAY)).unwrap();
        let made = draft(&mut c);
        pages_as_png(Path::new(&made.pdf), &format!("script-{}", name.chars().next().unwrap() as u32));
        let text = pdftotext(Path::new(&made.pdf));
        // pdftotext gives Arabic in presentation forms; compare after NFKC, and
        // either reading order (pdftotext orders right-to-left runs itself).
        let norm = nfkc(&text);
        let rev: String = name.chars().rev().collect();
        assert!(norm.contains(name) || norm.contains(&rev), "{name} not found in\n{norm}");
        assert!(norm.contains(contact) || norm.contains(&contact.chars().rev().collect::<String>()), "{contact}");
        let fonts = String::from_utf8(Command::new("pdffonts").arg(&made.pdf).output().unwrap().stdout).unwrap();
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(rows.iter().all(|l| l.contains(" yes ")), "every font embedded:\n{fonts}");
        let want = if name.starts_with('北') { 3 } else { 2 };
        assert_eq!(rows.len(), want, "DejaVu Sans and Bold, plus the CJK fallback only for Chinese:\n{fonts}");
        assert!(std::fs::metadata(&made.pdf).unwrap().len() < 200_000, "embedded as subsets");
    }
}

/// NFKC through Python (always present where the tests run).
fn nfkc(s: &str) -> String {
    use std::io::Write;
    let mut p = Command::new("python3")
        .args(["-c", "import sys,unicodedata;sys.stdout.write(unicodedata.normalize('NFKC',sys.stdin.read()))"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    p.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    String::from_utf8(p.wait_with_output().unwrap().stdout).unwrap()
}

fn scan(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn signing_runs_draft_issued_signed_countersigned_active_and_the_instalments_go_live() {
    let mut c = case_with("Signer", &["1500.00"], "plan_monthly", "");
    let made = draft(&mut c);
    let id = made.agreement.id;
    // Revising a draft keeps the old version's files.
    let v2 = agreement::draft(&mut c.conn, &c.ctx, &DraftInput { client_id: c.client, cure_days: Some(10), ..Default::default() }).unwrap();
    assert_eq!(v2.agreement.id, id);
    assert_eq!(v2.agreement.version, 2);
    assert_ne!(v2.agreement.fingerprint, made.agreement.fingerprint);
    assert!(Path::new(&made.pdf).is_file() && Path::new(&v2.pdf).is_file() && made.pdf != v2.pdf);
    assert_eq!(agreement::documents(&c.conn, &c.ctx.docs_dir, c.client).unwrap().len(), 4);
    // Covered invoices are not chased while the agreement is out.
    assert!({ overdue_core::sweep::run(&mut c.conn, &c.ctx).unwrap(); chase::today(&mut c.conn, &c.ctx) }.unwrap().items.is_empty());

    let a = agreement::issue(&mut c.conn, &c.ctx, id, "post").unwrap();
    assert_eq!(a.status, Status::Issued);
    assert_eq!(a.issued_version, Some(2));
    let dir = c.dir.path().to_path_buf();
    let jpeg = scan(&dir, "photo.jpg", &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0]);
    let a = agreement::record_signed(&mut c.conn, &c.ctx, &SignInput { id, file: jpeg.display().to_string(), date: TODAY.into(), by: String::new() }).unwrap();
    assert_eq!(a.status, Status::Signed);
    assert_eq!(a.debtor_signed_by, "Sam Client");
    let signed = a.documents.iter().find(|d| d.kind == "signed_copy").unwrap();
    assert!(signed.file_name.ends_with(".jpg") && Path::new(&signed.path).is_file() && Path::new(&signed.path).starts_with(&c.ctx.docs_dir));
    assert!(a.instalments.is_empty(), "not live before countersigning");
    // Countersigning makes it active with its instalments.
    let a = agreement::countersign(&mut c.conn, &c.ctx, &CountersignInput { id, date: TODAY.into(), ..Default::default() }).unwrap();
    assert_eq!(a.status, Status::Active);
    assert_eq!(a.countersigned_by, "Jo Bright");
    assert_eq!(a.instalments.len(), a.content.instalments.len());
    assert_eq!(a.instalments[0].due_date, a.content.instalments[0].due_date);
    let h: Vec<String> = ledger::history(&c.conn, c.client).unwrap().into_iter().map(|e| e.kind).collect();
    for k in ["agreement_drafted", "agreement_revised", "agreement_issued", "agreement_signed", "agreement_countersigned", "agreement_active"] {
        assert!(h.iter().any(|x| x == k), "history has {k}");
    }
    // Signed: no revision, no second signature, no withdrawal underneath.
    assert!(matches!(agreement::draft(&mut c.conn, &c.ctx, &DraftInput { client_id: c.client, ..Default::default() }), Err(Error::Conflict(_))));
    let arr = negotiation::arrangements(&c.conn, Some(c.client)).unwrap().remove(0);
    assert!(matches!(negotiation::withdraw(&mut c.conn, arr.id, "changed mind", d(TODAY)), Err(Error::Conflict(_))));
    assert!({ overdue_core::sweep::run(&mut c.conn, &c.ctx).unwrap(); chase::today(&mut c.conn, &c.ctx) }.unwrap().items.is_empty(), "covered invoices stay out of Today");
}

#[test]
fn the_state_machine_allows_only_the_documented_moves() {
    use Action::*;
    use Status::*;
    let all = [Draft, Issued, Signed, Countersigned, Active, Declined, Expired, Completed, Defaulted, Renegotiated];
    let allowed = [
        (Draft, Revise, Draft),
        (Issued, Revise, Draft),
        (Draft, Issue, Issued),
        (Issued, Issue, Issued),
        (Draft, DebtorSigns, Signed),
        (Issued, DebtorSigns, Signed),
        (Signed, Countersign, Countersigned),
        (Countersigned, Activate, Active),
        (Draft, Decline, Declined),
        (Issued, Decline, Declined),
        (Signed, Decline, Declined),
        (Issued, Expire, Expired),
        (Active, Complete, Completed),
        (Defaulted, Complete, Completed),
        (Active, Default, Defaulted),
        (Defaulted, Cure, Active),
        (Active, Renegotiate, Renegotiated),
        (Defaulted, Renegotiate, Renegotiated),
    ];
    for from in all {
        for act in [Revise, Issue, DebtorSigns, Countersign, Activate, Decline, Expire, Complete, Default, Cure, Renegotiate] {
            let want = allowed.iter().find(|(f, a, _)| *f == from && *a == act).map(|t| t.2);
            match (agreement::transition(from, act).map_err(Error::from), want) {
                (Ok(to), Some(w)) => assert_eq!(to, w),
                (Err(Error::Conflict(_)), None) => {}
                (got, want) => panic!("{from:?} + {act:?}: got {got:?}, want {want:?}"),
            }
        }
    }
}

#[test]
fn signing_on_screen_places_our_signature_and_the_clients_copy_activates_it() {
    let mut c = case_with("Presigned", &["800.00"], "plan_monthly", "");
    let id = draft(&mut c).agreement.id;
    let stroke: Vec<(f32, f32)> = (0..40).map(|i| (i as f32 / 40.0, 0.5 + 0.3 * ((i as f32) / 3.0).sin())).collect();
    let s = agreement::sign_on_screen(&mut c.conn, &c.ctx, id, &vec![stroke]).unwrap();
    pages_as_png(Path::new(&s.pdf), "presigned");
    assert!(s.agreement.business_signed);
    assert!(s.pdf.ends_with("signed-by-us.pdf"));
    assert_eq!(agreement::issue_file(&c.conn, &c.ctx.docs_dir, id).unwrap().display().to_string(), s.pdf, "the signed copy is what goes out");
    // Same text, same fingerprint.
    assert!(squash(&pdftotext(Path::new(&s.pdf))).contains(&s.agreement.fingerprint));
    assert!(agreement::sign_on_screen(&mut c.conn, &c.ctx, id, &vec![vec![(0.1, 0.1)]]).is_err(), "a dot is not a signature");
    let pdf = scan(c.dir.path(), "signed.pdf", b"%PDF-1.4\n%%EOF\n");
    let a = agreement::record_signed(&mut c.conn, &c.ctx, &SignInput { id, file: pdf.display().to_string(), date: TODAY.into(), by: "Sam Client".into() }).unwrap();
    assert_eq!(a.status, Status::Active, "already countersigned on screen");
    assert_eq!(a.issued_how, "hand", "signed from draft: it was handed over");
}

#[test]
fn declined_or_expired_goes_back_to_negotiation_and_chasing_resumes() {
    let mut c = case_with("Decliner", &["1000.00"], "plan_monthly", "");
    let id = draft(&mut c).agreement.id;
    assert!(agreement::decline(&mut c.conn, &c.ctx, id, "  ").is_err(), "a reason is required");
    let a = agreement::decline(&mut c.conn, &c.ctx, id, "wants a longer plan").unwrap();
    assert_eq!(a.status, Status::Declined);
    assert_eq!(negotiation::arrangements(&c.conn, Some(c.client)).unwrap()[0].status, "withdrawn");
    assert!(negotiation::open_case_input(&c.conn, c.client).unwrap().is_some(), "the negotiation is open again");
    assert!(!{ overdue_core::sweep::run(&mut c.conn, &c.ctx).unwrap(); chase::today(&mut c.conn, &c.ctx) }.unwrap().items.is_empty(), "the invoices are chased again");

    // Agree again, send, and let the return-by date pass.
    negotiation::agree(&mut c.conn, &c.ctx, &AgreeInput { client_id: c.client, option_key: "plan_monthly".into(), ..Default::default() }).unwrap();
    let made = agreement::draft(&mut c.conn, &c.ctx, &DraftInput { client_id: c.client, return_by: "2026-11-30".into(), ..Default::default() }).unwrap();
    assert_ne!(made.agreement.id, id, "a new agreement with its own reference");
    agreement::issue(&mut c.conn, &c.ctx, made.agreement.id, "email").unwrap();
    assert!(agreement::expire_overdue(&mut c.conn, &c.ctx).unwrap().is_empty(), "not yet");
    assert!(!{ overdue_core::sweep::run(&mut c.conn, &c.ctx).unwrap(); chase::today(&mut c.conn, &c.ctx) }.unwrap().items.iter().any(|i| i.kind == "agreement"), "a week ahead: not yet on Today");
    let t = { overdue_core::sweep::run(&mut c.conn, &Ctx { today: d("2026-11-28"), ..c.ctx.clone() }).unwrap(); chase::today(&mut c.conn, &Ctx { today: d("2026-11-28"), ..c.ctx.clone() }) }.unwrap();
    let due = t.items.iter().find(|i| i.kind == "agreement").expect("a signed copy due back soon is on Today");
    assert!(due.detail.contains(&made.agreement.reference) && due.detail.contains("30 Nov 2026"), "{}", due.detail);
    let later = Ctx { today: d("2026-12-01"), ..c.ctx.clone() };
    let expired = agreement::expire_overdue(&mut c.conn, &later).unwrap();
    assert_eq!(expired, vec![made.agreement.reference.clone()]);
    let a = agreement::get(&c.conn, &c.ctx, made.agreement.id).unwrap();
    assert_eq!(a.status, Status::Expired);
    assert!(negotiation::open_case_input(&c.conn, c.client).unwrap().is_some());
    assert!({ overdue_core::sweep::run(&mut c.conn, &later).unwrap(); chase::today(&mut c.conn, &later) }.unwrap().items.iter().any(|i| i.client_id == c.client), "chased again");
    // An expired agreement can no longer be signed.
    let pdf = scan(c.dir.path(), "late.pdf", b"%PDF-1.4\n");
    assert!(matches!(agreement::record_signed(&mut c.conn, &later, &SignInput { id: a.id, file: pdf.display().to_string(), date: "2026-12-01".into(), by: String::new() }), Err(Error::Conflict(_))));
}

#[test]
fn bad_input_is_refused_with_the_reason_and_changes_nothing() {
    let mut c = case_with("Careful", &["700.00"], "plan_monthly", "");
    let count = |c: &Case| -> (i64, i64, usize) {
        let a: i64 = c.conn.query_row("SELECT COUNT(*) FROM agreements", [], |r| r.get(0)).unwrap();
        let docs: i64 = c.conn.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0)).unwrap();
        let files = std::fs::read_dir(&c.ctx.docs_dir).map(|r| r.count()).unwrap_or(0);
        (a, docs, files)
    };
    // Missing business legal name, then address.
    ledger::update_business(&c.conn, &Business { legal_name: String::new(), ..business() }).unwrap();
    let e = agreement::draft(&mut c.conn, &c.ctx, &DraftInput { client_id: c.client, ..Default::default() }).unwrap_err();
    assert!(matches!(&e, Error::Invalid { field, .. } if field == "business legal name"), "{e}");
    ledger::update_business(&c.conn, &Business { address: String::new(), ..business() }).unwrap();
    let e = agreement::draft(&mut c.conn, &c.ctx, &DraftInput { client_id: c.client, ..Default::default() }).unwrap_err();
    assert!(matches!(&e, Error::Invalid { field, .. } if field == "business address"), "{e}");
    ledger::update_business(&c.conn, &business()).unwrap();
    // A client with no postal address.
    let cl = ledger::client(&c.conn, c.client).unwrap();
    let mut input: ClientInput = (*cl).clone();
    input.address = String::new();
    ledger::update_client(&mut c.conn, c.client, &input, d(TODAY)).unwrap();
    let e = agreement::draft(&mut c.conn, &c.ctx, &DraftInput { client_id: c.client, ..Default::default() }).unwrap_err();
    assert!(e.to_string().contains("no postal address"), "{e}");
    input.address = "9 High Street\nYork".into();
    ledger::update_client(&mut c.conn, c.client, &input, d(TODAY)).unwrap();
    // Impossible options.
    for (input, field) in [
        (DraftInput { client_id: c.client, return_by: "2026-11-01".into(), ..Default::default() }, "return-by date"),
        (DraftInput { client_id: c.client, return_by: "2026-02-30".into(), ..Default::default() }, "return-by date"),
        (DraftInput { client_id: c.client, cure_days: Some(400), ..Default::default() }, "cure period"),
        (DraftInput { client_id: c.client, late_fee: "-5".into(), ..Default::default() }, "late fee"),
        (DraftInput { client_id: c.client, late_fee: "99999".into(), ..Default::default() }, "late fee"),
        (DraftInput { client_id: c.client, paper: "A3".into(), ..Default::default() }, "paper"),
    ] {
        let e = agreement::draft(&mut c.conn, &c.ctx, &input).unwrap_err();
        assert!(matches!(&e, Error::Invalid { field: f, .. } if f == field), "{field}: {e}");
    }
    // A payment since the terms were agreed: the schedule would be wrong.
    overdue_core::payments::record_typed(&mut c.conn, &PaymentInput { client_id: c.client, date: TODAY.into(), amount: "100".into(), currency: "GBP".into(), ..Default::default() }, d(TODAY)).unwrap();
    let e = agreement::draft(&mut c.conn, &c.ctx, &DraftInput { client_id: c.client, ..Default::default() }).unwrap_err();
    assert!(matches!(e, Error::Conflict(_)) && e.to_string().contains("changed since it was agreed"), "{e}");
    assert_eq!(count(&c), (0, 0, 0), "nothing stored, no file written");

    // Signed copies that are not PDF/JPEG/PNG, empty, missing, or huge.
    let mut c = case_with("Scans", &["700.00"], "plan_monthly", "");
    let id = draft(&mut c).agreement.id;
    let before = count(&c);
    let dir = c.dir.path().to_path_buf();
    let huge = dir.join("huge.pdf");
    {
        let f = std::fs::File::create(&huge).unwrap();
        f.set_len(agreement::MAX_SIGNED_BYTES + 1).unwrap();
    }
    std::fs::write(&huge, b"%PDF-").ok();
    let f = std::fs::OpenOptions::new().write(true).open(&huge).unwrap();
    f.set_len(agreement::MAX_SIGNED_BYTES + 1).unwrap();
    for (file, why) in [
        (scan(&dir, "notes.txt", b"signed, honest"), "not a PDF, JPEG or PNG"),
        (scan(&dir, "fake.pdf", b"<html>"), "not a PDF, JPEG or PNG"),
        (scan(&dir, "empty.png", b""), "is empty"),
        (dir.join("missing.pdf"), "cannot be read"),
        (huge, "must be under 25 MB"),
    ] {
        let e = agreement::record_signed(&mut c.conn, &c.ctx, &SignInput { id, file: file.display().to_string(), date: TODAY.into(), by: String::new() }).unwrap_err();
        assert!(e.to_string().contains(why), "{}: {e}", file.display());
    }
    let ok = scan(&dir, "ok.png", &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]);
    for date in ["2026-12-25", "2026-11-01", "yesterday"] {
        assert!(agreement::record_signed(&mut c.conn, &c.ctx, &SignInput { id, file: ok.display().to_string(), date: date.into(), by: String::new() }).is_err(), "{date}");
    }
    assert!(agreement::countersign(&mut c.conn, &c.ctx, &CountersignInput { id, date: TODAY.into(), ..Default::default() }).is_err(), "not signed by the client yet");
    assert_eq!(count(&c), before);
    assert_eq!(agreement::get(&c.conn, &c.ctx, id).unwrap().status, Status::Draft);
}

#[test]
fn outside_the_bottom_line_needs_the_logged_reason_to_be_written() {
    let mut c = case_with("Override", &["6000.00"], "", "£100 a month");
    let arr = negotiation::arrangements(&c.conn, Some(c.client)).unwrap().remove(0);
    assert!(!arr.within_bottom_line);
    assert!(!arr.override_reason.is_empty());
    // With the reason logged the agreement is written; the reason stays private.
    let made = draft(&mut c);
    assert!(!squash(&pdftotext(Path::new(&made.pdf))).contains("long-standing client"));
}

#[test]
fn the_agreement_email_reaches_a_real_smtp_server_with_the_pdf_attached() {
    let sink = smtp::SmtpSink::start();
    let mut c = case_with("Mailed", &["900.00"], "plan_monthly", "");
    settings::save_smtp(&c.conn, &settings::SmtpSettings { host: "127.0.0.1".into(), port: sink.port, security: "none".into(), username: String::new(), from_email: String::new(), from_name: String::new() }).unwrap();
    let id = draft(&mut c).agreement.id;
    let q = agreement::queue_email(&mut c.conn, &c.ctx, id, None, None).unwrap();
    assert!(q.subject.contains("please sign and return by 7 Dec 2026"));
    // The first attempt fails (the server is not there); the outbox keeps it.
    let e = agreement::email_result(&mut c.conn, &c.ctx, id, q.contact_id, Err("connection refused".into())).unwrap_err();
    assert!(e.to_string().contains("not sent"));
    assert_eq!(agreement::get(&c.conn, &c.ctx, id).unwrap().status, Status::Draft);
    // Retried from the outbox: sending it marks the agreement as sent.
    chase::deliver(&mut c.conn, &c.ctx, q.contact_id, None).unwrap();
    let a = agreement::get(&c.conn, &c.ctx, id).unwrap();
    assert_eq!(a.status, Status::Issued);
    assert_eq!(a.issued_how, "email");
    let msgs = sink.wait_for(1);
    let m = &msgs[0];
    assert_eq!(m["rcpt_tos"][0], "sam@client.example");
    assert!(m["body"].as_str().unwrap().contains("this offer lapses"));
    let atts = m["attachments"].as_array().unwrap();
    assert_eq!(atts.len(), 1);
    assert_eq!(atts[0]["content_type"], "application/pdf");
    let text = squash(&pdftotext(Path::new(atts[0]["path"].as_str().unwrap())));
    assert!(text.contains(&a.reference) && text.contains(&a.fingerprint), "the attached PDF is the agreement");
}
