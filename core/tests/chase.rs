//! The reminder step against real SQLite files: Today, the ladder, fees
//! applied once, promises pausing and resuming chasing, disputes, guards, the
//! tone check, letters checked through pdftotext, and email through a real
//! SMTP server (aiosmtpd) started on 127.0.0.1.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use overdue_core::chase::{self, CallInput, ComposeInput, Ctx, InvoiceControls, SendInput, SkipInput};
use overdue_core::interest::InterestPolicy;
use overdue_core::ladder::{self, StageInput, Template};
use overdue_core::letter::{self, LetterRequest};
use overdue_core::model::{Business, ClientInput, InvoiceInput, PaymentInput};
use overdue_core::promise::PromiseInput;
use overdue_core::rusqlite::Connection;
use overdue_core::settings::{self, SmtpSettings};
use overdue_core::{db, ledger, Error};
use std::path::{Path, PathBuf};
use std::process::Command;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    path: PathBuf,
    conn: Connection,
    client: i64,
}

impl World {
    fn new(client_name: &str) -> World {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("overdue.sqlite");
        let (mut conn, _) = db::open(&path).unwrap();
        ledger::update_business(
            &conn,
            &Business {
                trading_name: "Brightwell Plumbing".into(),
                legal_name: "Brightwell Plumbing & Heating Ltd".into(),
                address: "12 Quay Street\nBristol BS1 4DJ".into(),
                email: "accounts@brightwell.test".into(),
                phone: "0117 496 0000".into(),
                country: "GB".into(),
                currency: "GBP".into(),
                payment_details: "Bank transfer to Brightwell Plumbing, sort code 12-34-56, account 12345678".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let client = ledger::create_client(
            &mut conn,
            &ClientInput {
                name: client_name.into(),
                kind: "company".into(),
                contact_person: "Zoë Łukasiewicz".into(),
                email: "zoe@client.test".into(),
                phone: "+44 7700 900123".into(),
                address: "3 Harbour Row\nCardiff CF10 1AA".into(),
                ..Default::default()
            }, chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
        .unwrap()
        .id;
        World { _dir: dir, path, conn, client }
    }

    fn invoice(&mut self, number: &str, issue: &str, due: &str, amount: &str) -> i64 {
        ledger::create_invoice(
            &mut self.conn,
            &InvoiceInput { number: number.into(), client_id: self.client, issue_date: issue.into(), due_date: due.into(), amount: amount.into(), ..Default::default() },
            d(due),
        )
        .unwrap()
        .id
    }

    /// As of `today`, at noon London time in winter (a fine time to contact).
    fn ctx(&self, today: &str) -> Ctx {
        let now: DateTime<Utc> = d(today).and_hms_opt(12, 0, 0).unwrap().and_utc();
        Ctx { today: d(today), now, docs_dir: db::documents_dir(&self.path) }
    }

    fn stage_named(&self, name: &str) -> ladder::Stage {
        ladder::stages(&self.conn).unwrap().into_iter().find(|s| s.name == name).unwrap()
    }

    fn today(&mut self, today: &str) -> chase::Today {
        let ctx = self.ctx(today);
        { overdue_core::sweep::run(&mut self.conn, &ctx).unwrap(); chase::today(&mut self.conn, &ctx) }.unwrap()
    }

    fn history(&self) -> Vec<String> {
        ledger::history(&self.conn, self.client).unwrap().into_iter().map(|e| format!("{}: {}", e.kind, e.summary)).collect()
    }

    fn send_sms(&mut self, today: &str, stage: &ladder::Stage, reason: &str) -> overdue_core::Result<chase::Contact> {
        let ctx = self.ctx(today);
        let draft = chase::compose(&self.conn, &ctx, &ComposeInput { client_id: self.client, stage_id: Some(stage.id), channel: "sms".into(), invoice_ids: vec![] }).unwrap();
        chase::record_sent(
            &mut self.conn,
            &ctx,
            &SendInput { client_id: self.client, stage_id: Some(stage.id), channel: "sms".into(), invoice_ids: draft.invoice_ids, subject: String::new(), body: draft.body, override_reason: reason.into(), ..Default::default() },
        )
    }
}

#[test]
fn a_fresh_database_ships_the_default_ladder_with_templates() {
    let w = World::new("Acme Ltd");
    let names: Vec<(String, i64, String)> = ladder::stages(&w.conn).unwrap().into_iter().map(|s| (s.name, s.offset_days, s.channel)).collect();
    assert_eq!(names.first().unwrap(), &("Heads-up before due".to_string(), -3, "email".to_string()));
    assert!(names.contains(&("Final notice".to_string(), 30, "letter".to_string())));
    assert_eq!(names.last().unwrap().0, "Hand-over review");
    assert_eq!(names.last().unwrap().1, 90);
    let n: i64 = w.conn.query_row("SELECT COUNT(*) FROM templates", [], |r| r.get(0)).unwrap();
    assert_eq!(n, names.len() as i64 * 4, "every stage has a template for every channel");
}

#[test]
fn today_climbs_the_ladder_and_a_fee_is_applied_once_per_invoice_and_stage() {
    let mut w = World::new("Acme Ltd");
    w.invoice("INV-1", "2026-02-01", "2026-03-01", "400.00");
    // 26 Feb: the heads-up three days before due.
    let t = w.today("2026-02-26");
    assert_eq!(t.items.len(), 1);
    assert_eq!(t.items[0].stage.as_ref().unwrap().name, "Heads-up before due");
    // Skip it; on 2 March (across the month end) the friendly reminder is due.
    let heads_up = w.stage_named("Heads-up before due");
    let ctx = w.ctx("2026-02-26");
    chase::skip(&mut w.conn, &ctx, &SkipInput { client_id: w.client, stage_id: heads_up.id, invoice_ids: vec![], reason: "spoke on site".into(), until: String::new() }).unwrap();
    assert!(w.today("2026-02-28").items.is_empty());
    let t = w.today("2026-03-02");
    assert_eq!(t.items[0].stage.as_ref().unwrap().name, "Friendly reminder");
    assert_eq!(t.items[0].kind, "reminder");

    // A £7.50 fee on the friendly reminder, sent by hand as an SMS.
    let friendly = w.stage_named("Friendly reminder");
    let mut input = StageInput { name: friendly.name.clone(), offset_days: 1, kind: "contact".into(), channel: "email".into(), tone: "friendly".into(), letter_kind: "reminder".into(), fee: "7.50".into(), new_due_days: 0, active: true };
    ladder::update_stage(&mut w.conn, friendly.id, &input).unwrap();
    let friendly = w.stage_named("Friendly reminder");
    let c = w.send_sms("2026-03-02", &friendly, "").unwrap();
    assert_eq!(c.status, "sent");
    // Marked as sent a second time (say, after a resend by hand): no second fee.
    w.send_sms("2026-03-02", &friendly, "").unwrap();
    let fees: Vec<(i64, i64)> = {
        let mut st = w.conn.prepare("SELECT invoice_id, amount_minor FROM fees").unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(fees.len(), 1, "one fee for one invoice and stage: {fees:?}");
    assert_eq!(fees[0].1, 750);
    assert!(w.history().iter().any(|h| h.starts_with("fee_applied: £7.50 fee")), "{:?}", w.history());
    // The next stage keeps the ladder's gap: second reminder six days later.
    assert!(w.today("2026-03-07").items.is_empty());
    assert_eq!(w.today("2026-03-08").items[0].stage.as_ref().unwrap().name, "Second reminder");
    input.fee = "abc".into();
    assert!(matches!(ladder::update_stage(&mut w.conn, friendly.id, &input), Err(Error::Invalid { .. })));
}

#[test]
fn a_promise_pauses_chasing_and_a_broken_one_resumes_it_at_the_next_stage() {
    let mut w = World::new("Acme Ltd");
    let inv = w.invoice("INV-7", "2026-02-01", "2026-03-01", "900.00");
    let t = w.today("2026-03-15");
    assert_eq!(t.items[0].stage.as_ref().unwrap().name, "Friendly reminder");
    // A call: reached, cash-flow gap, promise of £300 by 20 March.
    let ctx = w.ctx("2026-03-15");
    let call = chase::log_call(
        &mut w.conn,
        &ctx,
        &CallInput {
            client_id: w.client,
            stage_id: Some(t.items[0].stage.as_ref().unwrap().id),
            invoice_ids: vec![inv],
            outcome: "reached".into(),
            reason: "cash_flow".into(),
            circumstances: "Waiting on a big customer to pay them".into(),
            proposal: "£300 now, the rest next month".into(),
            override_reason: String::new(),
            promise: Some(PromiseInput { amount: "300".into(), date: "2026-03-20".into(), ..Default::default() }),
        },
    )
    .unwrap();
    assert_eq!(call.outcome, "reached");
    // Paused through the promise date plus 3 days' grace.
    for day in ["2026-03-16", "2026-03-20", "2026-03-23"] {
        let t = w.today(day);
        assert!(t.items.iter().all(|i| i.kind != "reminder"), "{day}: {:?}", t.items.iter().map(|i| &i.title).collect::<Vec<_>>());
        assert_eq!(t.not_chased.get("promise"), Some(&1), "{day}");
    }
    assert!(w.today("2026-03-20").items.iter().any(|i| i.kind == "promise_due"));
    // 24 March: nothing paid, the promise is broken and chasing resumes at the
    // stage after the friendly reminder (which the call completed).
    let t = w.today("2026-03-24");
    let kinds: Vec<&str> = t.items.iter().map(|i| i.kind.as_str()).collect();
    assert!(kinds.contains(&"promise_broken"), "{kinds:?}");
    let next = t.items.iter().find(|i| i.stage.is_some()).unwrap();
    assert_eq!(next.stage.as_ref().unwrap().name, "Second reminder");
    let h = w.history();
    assert!(h.iter().any(|e| e.starts_with("call_logged: Call (INV-7): reached; reason: cash-flow gap")), "{h:?}");
    assert!(h.iter().any(|e| e.starts_with("promise_made: Promise to pay £300.00 by 20 Mar 2026")), "{h:?}");
    assert!(h.iter().any(|e| e.starts_with("promise_broken:")), "{h:?}");
}

#[test]
fn a_payment_that_covers_a_promise_marks_it_kept() {
    let mut w = World::new("Acme Ltd");
    w.invoice("INV-8", "2026-02-01", "2026-03-01", "500.00");
    let p = overdue_core::promise::create(
        &mut w.conn,
        &PromiseInput { client_id: w.client, amount: "200".into(), date: "2026-03-20".into(), ..Default::default() },
        d("2026-03-10"),
    )
    .unwrap();
    assert_eq!(p.status, "pending");
    overdue_core::payments::record_typed(&mut w.conn, &PaymentInput { client_id: w.client, date: "2026-03-18".into(), amount: "200".into(), ..Default::default() }, d("2026-03-18")).unwrap();
    w.today("2026-03-18");
    let p = overdue_core::promise::get(&w.conn, p.id, 3).unwrap();
    assert_eq!(p.status, "kept");
    assert_eq!(p.paid.amount, "200.00");
    // A promise for more than is owed, or in the past, is refused.
    let too_much = PromiseInput { client_id: w.client, amount: "999".into(), date: "2026-04-01".into(), ..Default::default() };
    assert!(overdue_core::promise::create(&mut w.conn, &too_much, d("2026-03-18")).unwrap_err().to_string().contains("more than"));
    let past = PromiseInput { client_id: w.client, amount: "10".into(), date: "2026-03-01".into(), ..Default::default() };
    assert!(overdue_core::promise::create(&mut w.conn, &past, d("2026-03-18")).is_err());
}

#[test]
fn a_disputed_invoice_is_not_chased_and_not_charged_but_stays_in_totals() {
    let mut w = World::new("Acme Ltd");
    let inv = w.invoice("INV-9", "2026-02-01", "2026-03-01", "250.00");
    let ctx = w.ctx("2026-03-10");
    assert!(matches!(
        chase::set_invoice_controls(&mut w.conn, inv, &InvoiceControls { disputed: true, ..Default::default() }, ctx.today),
        Err(Error::Invalid { .. })
    ));
    chase::set_invoice_controls(&mut w.conn, inv, &InvoiceControls { disputed: true, dispute_reason: "Says the boiler part was never fitted".into(), ..Default::default() }, ctx.today).unwrap();
    let t = w.today("2026-03-10");
    assert!(t.items.is_empty());
    assert_eq!(t.not_chased.get("disputed"), Some(&1));
    let aging = overdue_core::report::aging(&w.conn, d("2026-03-10")).unwrap();
    assert_eq!(aging.currencies[0].overdue.amount, "250.00", "a disputed invoice stays in the totals");
    chase::set_invoice_controls(&mut w.conn, inv, &InvoiceControls::default(), ctx.today).unwrap();
    assert_eq!(w.today("2026-03-10").items.len(), 1);
    assert!(w.history().iter().any(|h| h.starts_with("dispute_resolved")));
}

#[test]
fn guards_warn_and_going_past_them_needs_a_logged_reason() {
    let mut w = World::new("Acme Ltd");
    w.invoice("INV-3", "2026-02-01", "2026-03-01", "120.00");
    let friendly = w.stage_named("Friendly reminder");
    // 22:30 in London (GMT in March before the clocks change): quiet hours.
    let mut ctx = w.ctx("2026-03-05");
    ctx.now = Utc.with_ymd_and_hms(2026, 3, 5, 22, 30, 0).unwrap();
    let item = &{ overdue_core::sweep::run(&mut w.conn, &ctx).unwrap(); chase::today(&mut w.conn, &ctx) }.unwrap().items[0];
    assert_eq!(item.warnings.len(), 1);
    assert!(item.warnings[0].message.contains("22:30"));
    let draft = chase::compose(&w.conn, &ctx, &ComposeInput { client_id: w.client, stage_id: Some(friendly.id), channel: "sms".into(), invoice_ids: vec![] }).unwrap();
    let input = SendInput { client_id: w.client, stage_id: Some(friendly.id), channel: "sms".into(), body: draft.body.clone(), ..Default::default() };
    let e = chase::record_sent(&mut w.conn, &ctx, &input).unwrap_err();
    assert!(matches!(&e, Error::Invalid { field, .. } if field == "override reason"), "{e}");
    let n: i64 = w.conn.query_row("SELECT COUNT(*) FROM contacts", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0, "nothing recorded");
    let c = chase::record_sent(&mut w.conn, &ctx, &SendInput { override_reason: "client asked for an evening text".into(), ..input }).unwrap();
    assert_eq!(c.override_reason, "client asked for an evening text");
    assert!(w.history().iter().any(|h| h.contains("guard overridden: client asked for an evening text")));
    // Three contacts in 7 days reach the cap.
    let day = w.ctx("2026-03-06");
    for _ in 0..2 {
        chase::log_call(&mut w.conn, &day, &CallInput { client_id: w.client, outcome: "voicemail".into(), ..Default::default() }).unwrap();
    }
    let w2 = chase::guard_warnings(&w.conn, &day, w.client, "email").unwrap();
    assert_eq!(w2.len(), 1);
    assert_eq!(w2[0].kind, "contact_cap");
}

#[test]
fn the_tone_check_refuses_an_aggressive_template_and_unknown_placeholders() {
    let w = World::new("Acme Ltd");
    let s = w.stage_named("Second reminder");
    let before = ladder::template(&w.conn, s.id, "email").unwrap();
    let bad = Template { stage_id: s.id, channel: "email".into(), subject: "PAY NOW".into(), body: "Pay {total} today or we will call the police, you deadbeat.".into() };
    let e = ladder::save_template(&w.conn, &bad).unwrap_err().to_string();
    assert!(e.contains("police") && e.contains("deadbeat"), "{e}");
    let typo = Template { stage_id: s.id, channel: "email".into(), subject: "Reminder".into(), body: "Dear {contcat}, please pay {total}.".into() };
    assert!(ladder::save_template(&w.conn, &typo).unwrap_err().to_string().contains("{contcat}"));
    assert_eq!(ladder::template(&w.conn, s.id, "email").unwrap().body, before.body, "nothing changed");
    let good = Template { stage_id: s.id, channel: "email".into(), subject: "About {invoice_numbers}".into(), body: "Dear {contact}, a reminder about {total}. Thank you.".into() };
    assert_eq!(ladder::save_template(&w.conn, &good).unwrap().subject, "About {invoice_numbers}");
}

/// An edited message the tone check flags is refused, nothing is recorded;
/// with a reason it goes out and the history keeps the reason and the flags.
/// Printing the edited letter is held the same way.
#[test]
fn a_flagged_message_goes_out_only_with_a_reason_which_is_logged() {
    let mut w = World::new("Acme Ltd");
    w.invoice("INV-7", "2026-01-10", "2026-02-09", "300.00");
    let ctx = w.ctx("2026-03-05");
    let s = w.stage_named("Second reminder");
    let draft = chase::compose(&w.conn, &ctx, &ComposeInput { client_id: w.client, stage_id: Some(s.id), channel: "letter".into(), invoice_ids: vec![] }).unwrap();
    assert!(draft.tone_flags.is_empty(), "{:?}", draft.tone_flags);
    let body = format!("{}\n\nWe will come to your home to collect it.", draft.body);
    let input = SendInput { client_id: w.client, stage_id: Some(s.id), channel: "letter".into(), subject: draft.subject.clone(), body: body.clone(), override_reason: "ok".into(), ..Default::default() };
    let e = chase::record_sent(&mut w.conn, &ctx, &input).unwrap_err().to_string();
    assert!(e.contains("Threat of harm, a visit or force") && e.contains("come to your home") && e.contains("reason to send it anyway"), "{e}");
    let n: i64 = w.conn.query_row("SELECT COUNT(*) FROM contacts", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0, "nothing recorded");
    let req = LetterRequest { client_id: w.client, stage_id: Some(s.id), subject: Some(draft.subject.clone()), body: Some(body.clone()), ..Default::default() };
    let e = letter::pdf(&w.conn, &ctx, &req).unwrap_err().to_string();
    assert!(e.contains("not printed") && e.contains("come to your home"), "{e}");
    assert!(letter::pdf(&w.conn, &ctx, &LetterRequest { tone_override: "agreed wording with the client".into(), ..req }).is_ok());
    let blank = SendInput { tone_override: "   ".into(), ..input.clone() };
    assert!(chase::record_sent(&mut w.conn, &ctx, &blank).is_err(), "a blank reason is no reason");
    let c = chase::record_sent(&mut w.conn, &ctx, &SendInput { tone_override: "the client asked us to visit to collect the cheque".into(), ..input }).unwrap();
    assert_eq!(c.status, "sent");
    let events = ledger::history(&w.conn, w.client).unwrap();
    let e = events.iter().find(|e| e.kind == "tone_override").expect("the override is in the history");
    assert!(e.summary.contains("Threat of harm, a visit or force") && e.summary.contains("the client asked us to visit"), "{}", e.summary);
    assert!(e.detail.contains("come to your home"), "{}", e.detail);
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(path).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn pages_as_png(pdf: &Path, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/letters");
    std::fs::create_dir_all(&dir).unwrap();
    let _ = Command::new("pdftoppm").args(["-png", "-r", "60"]).arg(pdf).arg(dir.join(name)).status();
}

/// The worked example from the issue: £2,500 due 15 March 2024, letter on
/// 14 June 2024 under the Late Payment Act: 91 days at 13.25 % = £82.59,
/// plus £70 compensation.
#[test]
fn a_final_notice_letter_shows_accrued_statutory_interest() {
    let mut w = World::new("Zoë Łukasiewicz & Søn Ltd");
    w.invoice("INV-2024-031", "2024-02-14", "2024-03-15", "2500.00");
    settings::save_interest_policy(&w.conn, InterestPolicy::UkLatePayment).unwrap();
    let ctx = w.ctx("2024-06-14");
    let fin = w.stage_named("Final notice");
    let draft = chase::compose(&w.conn, &ctx, &ComposeInput { client_id: w.client, stage_id: Some(fin.id), ..Default::default() }).unwrap();
    assert_eq!(draft.charges.interest.amount, "82.59", "interest alone");
    assert_eq!(draft.charges.compensation.amount, "70.00", "fixed compensation, kept apart: it does not accrue");
    assert_eq!(draft.charges.total_due.amount, "2652.59");
    for paper in ["A4", "Letter"] {
        let out = w.path.parent().unwrap().join(format!("final-{paper}.pdf"));
        letter::save(&w.conn, &ctx, &LetterRequest { client_id: w.client, stage_id: Some(fin.id), paper: paper.into(), ..Default::default() }, Some(&out)).unwrap();
        let text = pdftotext(&out);
        assert!(!text.contains("(£152.59 so far)"), "compensation is not interest and does not accrue");
        for want in ["Final notice", "Interest continues to accrue until payment (£82.59 so far)", "Interest to date: £82.59", "Compensation for late payment: £70.00", "Zoë Łukasiewicz & Søn Ltd", "For the attention of Zoë Łukasiewicz", "INV-2024-031", "£2,500.00", "£82.59", "£70.00", "£152.59", "£2,652.59", "13.25%", "91", "Page 1 of", "Brightwell Plumbing & Heating Ltd", "28 Jun 2024"] {
            assert!(text.contains(want), "{paper}: '{want}' missing from:\n{text}");
        }
        pages_as_png(&out, &format!("final-notice-{paper}"));
    }
    let fonts = Command::new("pdffonts").arg(w.path.parent().unwrap().join("final-A4.pdf")).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout).to_string();
    assert!(fonts.lines().filter(|l| l.contains("CID TrueType") && l.contains("Identity-H") && l.contains(" yes ")).count() == 2, "regular and bold embedded: {fonts}");
}

#[test]
fn a_statement_of_many_invoices_runs_over_pages_with_page_x_of_y() {
    let mut w = World::new("Acme Ltd");
    for i in 0..70 {
        w.invoice(&format!("INV-{i:03}"), "2026-01-05", "2026-02-05", "100.00");
    }
    let ctx = w.ctx("2026-04-01");
    let path = letter::save(&w.conn, &ctx, &LetterRequest { client_id: w.client, kind: "statement".into(), ..Default::default() }, None).unwrap();
    assert!(path.starts_with(db::documents_dir(&w.path)));
    let text = pdftotext(&path);
    assert!(text.contains("Statement of account"));
    assert!(text.contains("INV-000") && text.contains("INV-069"));
    assert!(text.contains("£7,000.00"), "total outstanding");
    let pages = text.matches("Page ").count();
    assert!(pages >= 2, "{text}");
    assert!(text.contains(&format!("Page 1 of {pages}")) && text.contains(&format!("Page {pages} of {pages}")), "{text}");
    // The table header is repeated on the next page.
    assert!(text.matches("Outstanding").count() >= 2);
    pages_as_png(&path, "statement");
    // Saving again never overwrites.
    let again = letter::save(&w.conn, &ctx, &LetterRequest { client_id: w.client, kind: "statement".into(), ..Default::default() }, None).unwrap();
    assert_ne!(again, path);
}

// ------------------------------------------------------------------ email

#[path = "../../tests/support/smtp.rs"]
#[allow(dead_code)] // not every helper is used here
mod smtp;
use smtp::SmtpSink;

/// The server settings for talking to the sink (no TLS; a login if `user`).
fn smtp_settings(sink: &SmtpSink, user: &str) -> SmtpSettings {
    SmtpSettings { host: "127.0.0.1".into(), port: sink.port, security: "none".into(), username: user.into(), from_email: String::new(), from_name: String::new() }
}

#[test]
fn email_reaches_a_real_smtp_server_with_the_letter_attached() {
    let smtp = SmtpSink::start();
    let mut w = World::new("Acme Ltd");
    w.invoice("INV-42", "2026-02-01", "2026-03-01", "1250.00");
    settings::save_smtp(&w.conn, &smtp_settings(&smtp, "")).unwrap();
    overdue_core::mail::test_connection(&smtp_settings(&smtp, ""), None).unwrap();
    let ctx = w.ctx("2026-04-02");
    let fin = w.stage_named("Final notice");
    let draft = chase::compose(&w.conn, &ctx, &ComposeInput { client_id: w.client, stage_id: Some(fin.id), channel: "email".into(), invoice_ids: vec![] }).unwrap();
    assert!(draft.tone_flags.is_empty(), "{:?}", draft.tone_flags);
    let q = chase::queue_email(
        &mut w.conn,
        &ctx,
        &SendInput { client_id: w.client, stage_id: Some(fin.id), channel: "email".into(), subject: draft.subject.clone(), body: draft.body.clone(), attach_letter: true, attach_statement: true, ..Default::default() },
    )
    .unwrap();
    assert_eq!(chase::outbox(&w.conn, "queued", 10).unwrap().len(), 1);
    let c = chase::deliver(&mut w.conn, &ctx, q.contact_id, None).unwrap();
    assert_eq!(c.status, "sent", "{}", c.error);
    let m = &smtp.messages()[0];
    assert_eq!(m["rcpt_tos"][0], "zoe@client.test");
    assert!(m["from"].as_str().unwrap().contains("accounts@brightwell.test"));
    assert_eq!(m["subject"].as_str().unwrap(), draft.subject);
    assert!(m["subject"].as_str().unwrap().starts_with("Final notice"));
    let id = m["message_id"].as_str().unwrap();
    assert!(id.starts_with("<overdue.") && id.ends_with("@brightwell.test>"), "a Message-ID on the sender's domain: {id}");
    let body = m["body"].as_str().unwrap();
    assert!(body.contains("INV-42") && body.contains("£1,250.00") && body.contains("sort code 12-34-56"), "{body}");
    let atts = m["attachments"].as_array().unwrap();
    assert_eq!(atts.len(), 2);
    assert_eq!(atts[0]["content_type"], "application/pdf");
    let letter_text = pdftotext(Path::new(atts[0]["path"].as_str().unwrap()));
    assert!(letter_text.contains("Final notice") && letter_text.contains("INV-42"), "{letter_text}");
    assert!(pdftotext(Path::new(atts[1]["path"].as_str().unwrap())).contains("Statement of account"));
    // The stage is done; the history holds the message.
    assert!(w.today("2026-04-02").items.iter().all(|i| i.stage.as_ref().map(|s| s.id) != Some(fin.id)));
    let events = ledger::history(&w.conn, w.client).unwrap();
    let sent = events.iter().find(|e| e.kind == "email_sent").unwrap();
    assert!(sent.summary.contains("zoe@client.test"));
    assert!(sent.detail.contains("INV-42"));
}

#[test]
fn a_refused_recipient_a_dead_server_and_a_wrong_password_leave_the_email_failed_and_unsent() {
    let smtp = SmtpSink::start_with(Some(("owner", "s3cret")));
    let mut w = World::new("Acme Ltd");
    w.invoice("INV-50", "2026-02-01", "2026-03-01", "80.00");
    settings::save_smtp(&w.conn, &smtp_settings(&smtp, "owner")).unwrap();
    let ctx = w.ctx("2026-03-03");
    let friendly = w.stage_named("Friendly reminder");
    let send = |w: &mut World| {
        let draft = chase::compose(&w.conn, &ctx, &ComposeInput { client_id: w.client, stage_id: Some(friendly.id), channel: "email".into(), invoice_ids: vec![] }).unwrap();
        chase::queue_email(&mut w.conn, &ctx, &SendInput { client_id: w.client, stage_id: Some(friendly.id), channel: "email".into(), subject: draft.subject, body: draft.body, ..Default::default() }).unwrap()
    };
    // Wrong password.
    let q = send(&mut w);
    let c = chase::deliver(&mut w.conn, &ctx, q.contact_id, Some("wrong")).unwrap();
    assert_eq!(c.status, "failed");
    assert!(c.error.contains("refused the login") || c.error.contains("535"), "{}", c.error);
    // No password at all.
    let c = chase::deliver(&mut w.conn, &ctx, q.contact_id, None).unwrap();
    assert!(c.error.contains("password"), "{}", c.error);
    // The recipient is refused by the server.
    ledger::update_client(&mut w.conn, w.client, &ClientInput { name: "Acme Ltd".into(), kind: "company".into(), email: "reject-me@client.test".into(), ..Default::default() }, chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap();
    let q2 = send(&mut w);
    let c = chase::deliver(&mut w.conn, &ctx, q2.contact_id, Some("s3cret")).unwrap();
    assert_eq!(c.status, "failed");
    assert!(c.error.contains("550"), "{}", c.error);
    // The server is gone.
    let mut dead = smtp_settings(&smtp, "owner");
    dead.port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    assert!(overdue_core::mail::test_connection(&dead, Some("s3cret")).unwrap_err().contains("could not reach"));
    // Nothing was marked sent, the stage is still due, both are in the outbox.
    assert!(smtp.messages().is_empty());
    assert_eq!(chase::outbox(&w.conn, "failed", 10).unwrap().len(), 2);
    assert_eq!(w.today("2026-03-03").items[0].stage.as_ref().unwrap().id, friendly.id);
    let steps: i64 = w.conn.query_row("SELECT COUNT(*) FROM chase_steps", [], |r| r.get(0)).unwrap();
    assert_eq!(steps, 0);
    // Retry with the right password: sent, once.
    let c = chase::deliver(&mut w.conn, &ctx, q.contact_id, Some("s3cret")).unwrap();
    assert_eq!(c.status, "sent", "{}", c.error);
    assert_eq!(c.attempts, 3);
    assert_eq!(smtp.messages().len(), 1);
    assert!(matches!(chase::deliver(&mut w.conn, &ctx, q.contact_id, Some("s3cret")), Err(Error::Conflict(_))));
}

#[test]
fn run_due_sends_automatic_email_stages_and_respects_the_guards() {
    let smtp = SmtpSink::start();
    let mut w = World::new("Acme Ltd");
    w.invoice("INV-60", "2026-02-01", "2026-03-01", "300.00");
    settings::save_smtp(&w.conn, &smtp_settings(&smtp, "")).unwrap();
    let mut cs = settings::chase(&w.conn).unwrap();
    cs.mode = "auto".into();
    settings::save_chase(&w.conn, &cs).unwrap();
    let ctx = w.ctx("2026-03-02");
    let dry = chase::run_due(&mut w.conn, &ctx, None, true, false).unwrap();
    assert_eq!(dry.len(), 1);
    assert_eq!(dry[0].result, "would send");
    assert!(smtp.messages().is_empty());
    // At night: held back by quiet hours.
    let mut night = ctx.clone();
    night.now = Utc.with_ymd_and_hms(2026, 3, 2, 23, 0, 0).unwrap();
    let r = chase::run_due(&mut w.conn, &night, None, false, false).unwrap();
    assert_eq!(r[0].result, "skipped");
    assert!(smtp.messages().is_empty());
    let r = chase::run_due(&mut w.conn, &ctx, None, false, false).unwrap();
    assert_eq!(r[0].result, "sent", "{:?}", r);
    assert_eq!(smtp.messages().len(), 1);
    assert!(chase::run_due(&mut w.conn, &ctx, None, false, false).unwrap().is_empty(), "nothing twice");
}

#[test]
fn a_clients_account_is_chased_as_one_and_a_heads_up_waits_while_older_invoices_are_chased() {
    let mut w = World::new("Acme Ltd");
    let old = w.invoice("INV-A", "2026-01-01", "2026-02-01", "100.00");
    w.today("2026-02-02");
    // The friendly reminder for INV-A goes on 2 Feb.
    let friendly = w.stage_named("Friendly reminder");
    w.send_sms("2026-02-02", &friendly, "").unwrap();
    // A second invoice falls due on 8 Feb; on 9 Feb both are overdue: INV-B's
    // friendly reminder is due and INV-A's second reminder too (2 Feb + 6).
    let new = w.invoice("INV-B", "2026-01-20", "2026-02-08", "50.00");
    let t = w.today("2026-02-05");
    assert!(t.items.is_empty(), "no heads-up for INV-B while INV-A is being chased: {:?}", t.items.iter().map(|i| &i.title).collect::<Vec<_>>());
    let t = w.today("2026-02-09");
    assert_eq!(t.items.len(), 1, "one item for the account");
    let item = &t.items[0];
    assert_eq!(item.stage.as_ref().unwrap().name, "Second reminder", "the account's most advanced stage");
    let ids: Vec<i64> = item.invoices.iter().map(|i| i.id).collect();
    assert_eq!(ids, vec![old, new]);
    assert_eq!(item.total.as_ref().unwrap().amount, "150.00");
}

#[test]
fn a_final_notice_without_interest_does_not_claim_that_interest_accrues() {
    // A consumer under the UK Act owes no statutory interest: the letter must not say it accrues.
    let mut w = World::new("Mr Sam Green");
    ledger::update_client(&mut w.conn, w.client, &ClientInput { name: "Mr Sam Green".into(), kind: "consumer".into(), address: "1 Elm Rd".into(), ..Default::default() }, chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap();
    w.invoice("INV-C1", "2024-02-14", "2024-03-15", "400.00");
    settings::save_interest_policy(&w.conn, InterestPolicy::UkLatePayment).unwrap();
    let ctx = w.ctx("2024-06-14");
    let fin = w.stage_named("Final notice");
    let draft = chase::compose(&w.conn, &ctx, &ComposeInput { client_id: w.client, stage_id: Some(fin.id), ..Default::default() }).unwrap();
    assert!(!draft.body.contains("Interest"), "{}", draft.body);
    assert!(draft.body.contains("Please pay £400.00 by 28 Jun 2024."), "{}", draft.body);
}

/// Statutory interest worked out on a reference-rate table not brought up to
/// date for more than six months carries a warning for the owner (never in
/// the text for the debtor); confirming the table is current, or adding a
/// newer rate, clears it.
#[test]
fn interest_on_an_out_of_date_rate_table_is_flagged_to_the_owner() {
    let mut w = World::new("Stale Rates Ltd");
    w.invoice("INV-R1", "2026-09-01", "2026-10-01", "1000.00");
    settings::save_interest_policy(&w.conn, InterestPolicy::UkLatePayment).unwrap();
    let fin = w.stage_named("Final notice");
    let compose = |w: &World, day: &str| chase::compose(&w.conn, &w.ctx(day), &ComposeInput { client_id: w.client, stage_id: Some(fin.id), ..Default::default() }).unwrap();
    // The shipped table is known up to 19 Mar 2026: fine until 19 Sep 2026.
    assert_eq!(compose(&w, "2026-09-19").charges.rates_warning, "");
    let late = compose(&w, "2026-11-23");
    assert!(late.charges.rates_warning.contains("3.75% from 18 Dec 2025") && late.charges.rates_warning.contains("23 Nov 2026"), "{}", late.charges.rates_warning);
    assert!(!late.body.contains("out of date"), "the debtor's text says nothing of it");
    assert_eq!(overdue_core::interest::rates_warning(&w.conn, &InterestPolicy::UkLatePayment, overdue_core::ledger::date_style(&w.conn).map(|_| NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap()).unwrap().as_deref(), Some(late.charges.rates_warning.as_str()));
    // The owner checks and confirms: no warning.
    overdue_core::interest::confirm_rates_current(&w.conn, "GB", NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()).unwrap();
    assert_eq!(compose(&w, "2026-11-23").charges.rates_warning, "");
    // No statutory policy, no reference rate, no warning.
    settings::save_interest_policy(&w.conn, InterestPolicy::None).unwrap();
    assert_eq!(compose(&w, "2027-12-01").charges.rates_warning, "");
    assert!(overdue_core::interest::confirm_rates_current(&w.conn, "US", NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()).is_err());
}

#[test]
fn a_snooze_or_a_skip_is_undone_and_the_step_is_due_again_with_both_in_the_history() {
    let mut w = World::new("Acme Ltd");
    w.invoice("INV-1", "2026-02-01", "2026-03-01", "400.00");
    w.invoice("INV-2", "2026-02-03", "2026-03-01", "250.00");
    let t = w.today("2026-03-02");
    assert_eq!(t.items.len(), 1);
    let item = t.items[0].clone();
    let stage = item.stage.clone().unwrap();
    let ctx = w.ctx("2026-03-02");
    let input = SkipInput { client_id: w.client, stage_id: stage.id, invoice_ids: vec![], reason: "they asked for a week".into(), until: "2026-03-09".into() };
    let ids = chase::snooze(&mut w.conn, &ctx, &input).unwrap();
    assert_eq!(ids.len(), 2, "one step per invoice");
    assert!(w.today("2026-03-02").items.is_empty());
    let page = chase::today_page(&w.conn, &ctx, &chase::TodayQuery::default()).unwrap();
    assert_eq!(page.done_today, 1, "one snooze, however many invoices");

    let msg = chase::undo_steps(&mut w.conn, &ctx, &ids).unwrap();
    assert!(msg.contains("Snooze of Friendly reminder undone") && msg.contains("INV-1") && msg.contains("INV-2"), "{msg}");
    let again = w.today("2026-03-02");
    assert_eq!(again.items.len(), 1, "due again");
    assert_eq!(again.items[0].key, item.key);
    assert_eq!(chase::today_page(&w.conn, &ctx, &chase::TodayQuery::default()).unwrap().done_today, 0);
    // The rows stay, marked; a second undo changes nothing.
    let kept: i64 = w.conn.query_row("SELECT COUNT(*) FROM chase_steps WHERE undone_at <> ''", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, 2);
    let err = chase::undo_steps(&mut w.conn, &ctx, &ids).unwrap_err();
    assert!(err.to_string().contains("already undone"), "{err}");
    assert!(chase::undo_steps(&mut w.conn, &ctx, &[999_999]).is_err());
    assert!(chase::undo_steps(&mut w.conn, &ctx, &[]).is_err());

    // A skip the same way.
    let ids = chase::skip(&mut w.conn, &ctx, &SkipInput { until: String::new(), ..input }).unwrap();
    assert!(w.today("2026-03-02").items.iter().all(|i| i.stage.as_ref().unwrap().id != stage.id));
    chase::undo_steps(&mut w.conn, &ctx, &ids).unwrap();
    assert_eq!(w.today("2026-03-02").items[0].stage.as_ref().unwrap().id, stage.id);
    let kinds: Vec<String> = w.conn.prepare("SELECT kind FROM events WHERE client_id = ?1 ORDER BY id").unwrap().query_map([w.client], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    for k in ["stage_snoozed", "stage_snooze_undone", "stage_skipped", "stage_skip_undone"] {
        assert!(kinds.iter().any(|x| x == k), "{k} in {kinds:?}");
    }
}

#[test]
fn an_sms_marked_as_sent_is_taken_back_and_the_step_is_due_again_unless_a_fee_came_with_it() {
    let mut w = World::new("Acme Ltd");
    w.invoice("INV-1", "2026-02-01", "2026-03-01", "400.00");
    let friendly = w.stage_named("Friendly reminder");
    let c = w.send_sms("2026-03-02", &friendly, "").unwrap();
    assert!(w.today("2026-03-02").items.is_empty());
    let ctx = w.ctx("2026-03-02");
    let msg = chase::undo_sent(&mut w.conn, &ctx, c.id).unwrap();
    assert!(msg.contains("taken back"), "{msg}");
    let t = w.today("2026-03-02");
    assert_eq!(t.items.len(), 1, "the reminder is due again");
    assert!(t.items[0].warnings.is_empty(), "the taken-back SMS no longer counts towards the weekly cap");
    assert_eq!(chase::contact(&w.conn, c.id).unwrap().undone_at.is_empty(), false, "the contact stays, marked");
    assert!(chase::undo_sent(&mut w.conn, &ctx, c.id).unwrap_err().to_string().contains("already"));
    assert!(w.history().iter().any(|e| e.starts_with("sms_undone: SMS to")), "{:?}", w.history());

    // With a fee on the stage, the fee would have to be reversed too: refused, nothing changes.
    let input = StageInput { name: friendly.name.clone(), offset_days: 1, kind: "contact".into(), channel: "email".into(), tone: "friendly".into(), letter_kind: "reminder".into(), fee: "7.50".into(), new_due_days: 0, active: true };
    ladder::update_stage(&mut w.conn, friendly.id, &input).unwrap();
    let friendly = w.stage_named("Friendly reminder");
    let c2 = w.send_sms("2026-03-02", &friendly, "").unwrap();
    let err = chase::undo_sent(&mut w.conn, &ctx, c2.id).unwrap_err();
    assert!(err.to_string().contains("fee"), "{err}");
    assert!(chase::contact(&w.conn, c2.id).unwrap().undone_at.is_empty());
    assert!(w.today("2026-03-02").items.is_empty());
}
