//! Follow-through on real SQLite files: an active agreement's instalments
//! paid one by one (allocation order, states across the cure period),
//! completion with the completion letter, a settlement's write-off, default
//! and cure, Today's items, and bad input.

mod common;

use common::*;
use overdue_core::agreement::{self, CountersignInput, SignInput, Status};
use overdue_core::chase::{self, Ctx};
use overdue_core::follow::{self, State};
use overdue_core::model::{InvoiceInput, PaymentInput};
use overdue_core::{ledger, report, Error};
use std::path::Path;

/// A client with an agreement on `option`, signed and active on TODAY.
fn active(name: &str, amounts: &[&str], option: &str) -> (Case, agreement::Agreement) {
    let mut c = case_with(name, amounts, option, "");
    let id = draft(&mut c).agreement.id;
    let scan = c.dir.path().join("signed.pdf");
    std::fs::write(&scan, b"%PDF-1.4\n%%EOF\n").unwrap();
    agreement::record_signed(&mut c.conn, &c.ctx, &SignInput { id, file: scan.display().to_string(), date: TODAY.into(), by: String::new() }).unwrap();
    let a = agreement::countersign(&mut c.conn, &c.ctx, &CountersignInput { id, date: TODAY.into(), ..Default::default() }).unwrap();
    assert_eq!(a.status, Status::Active);
    (c, a)
}

fn at(c: &Case, day: &str) -> Ctx {
    Ctx { today: d(day), now: d(day).and_hms_opt(12, 0, 0).unwrap().and_utc(), ..c.ctx.clone() }
}

fn today_at(c: &mut Case, day: &str) -> chase::Today {
    let ctx = at(c, day);
    { overdue_core::sweep::run(&mut c.conn, &ctx).unwrap(); chase::today(&mut c.conn, &ctx) }.unwrap()
}

fn pay(c: &mut Case, day: &str, amount: &str) -> String {
    overdue_core::payments::record_typed(&mut c.conn, &PaymentInput { client_id: c.client, date: day.into(), amount: amount.into(), currency: "GBP".into(), ..Default::default() }, d(day)).unwrap().message
}

fn states(c: &Case, id: i64, day: &str) -> Vec<State> {
    agreement::get(&c.conn, &at(c, day), id).unwrap().instalments.iter().map(|i| i.state).collect()
}

fn outstanding(c: &Case, number: &str) -> String {
    let id = ledger::invoice_id_by_number(&c.conn, number).unwrap().unwrap();
    ledger::invoice(&c.conn, id, d(TODAY)).unwrap().outstanding.amount
}

#[test]
fn instalments_are_paid_in_order_and_the_agreement_completes_with_its_letter() {
    let (mut c, a) = active("Payer", &["1200.00", "450.50"], "plan_monthly");
    // Another invoice not under the agreement, due later.
    ledger::create_invoice(&mut c.conn, &InvoiceInput { number: "NEW-1".into(), client_id: c.client, issue_date: "2026-11-20".into(), due_date: "2026-12-20".into(), amount: "99.00".into(), ..Default::default() }, d(TODAY)).unwrap();
    let plan: Vec<(String, String)> = a.content.instalments.iter().map(|l| (l.due_date.clone(), l.amount_minor.to_string())).collect();
    assert!(plan.len() >= 2);
    assert!(states(&c, a.id, TODAY).iter().all(|s| *s == State::Upcoming));

    // The first instalment, paid on its date plus a little: the extra goes
    // to the next instalment (the agreement first), not to NEW-1.
    let first = a.content.instalments[0].amount_minor;
    let extra = format!("{}.{:02}", (first + 1000) / 100, (first + 1000) % 100);
    let msg = pay(&mut c, &plan[0].0, &extra);
    assert!(msg.contains(&format!("under agreement {}", a.reference)), "{msg}");
    let s = states(&c, a.id, &plan[0].0);
    assert_eq!(s[0], State::Paid);
    assert_eq!(s[1], State::PartlyPaid);
    assert_eq!(outstanding(&c, "NEW-1"), "99.00", "other invoices wait until the agreement is paid");

    // Pay everything else, one instalment at a time, each on its date.
    let g = agreement::get(&c.conn, &c.ctx, a.id).unwrap();
    for (i, inst) in g.instalments.iter().enumerate().skip(1) {
        let left = inst.left.amount.clone();
        let msg = pay(&mut c, &inst.due_date.clone().min(TODAY.to_string()).max(inst.due_date.clone()), &left);
        if i + 1 == g.instalments.len() {
            assert!(msg.contains("completed"), "{msg}");
        }
    }
    let last_day = g.instalments.last().unwrap().due_date.clone();
    let done = agreement::get(&c.conn, &at(&c, &last_day), a.id).unwrap();
    assert_eq!(done.status, Status::Completed);
    assert!(done.instalments.iter().all(|i| i.state == State::Paid));
    for n in ["INV-001", "INV-002"] {
        assert_eq!(outstanding(&c, n), "0.00", "{n} is paid");
    }
    assert_eq!(outstanding(&c, "NEW-1"), "99.00");
    // Today writes the completion letter once; it confirms the account is settled.
    today_at(&mut c, &last_day);
    today_at(&mut c, &last_day);
    let letters: Vec<_> = agreement::documents(&c.conn, &c.ctx.docs_dir, c.client).unwrap().into_iter().filter(|d| d.kind == "completion_letter").collect();
    assert_eq!(letters.len(), 1);
    let text = squash(&pdftotext(Path::new(&letters[0].path)));
    assert!(text.contains(&format!("Your account is settled — agreement {}", a.reference)), "{text}");
    assert!(text.contains("INV-001") && text.contains("INV-002") && text.contains(&a.content.payable));
    let h: Vec<String> = ledger::history(&c.conn, c.client).unwrap().into_iter().map(|e| e.kind).collect();
    assert!(h.contains(&"agreement_completed".to_string()) && h.contains(&"completion_letter".to_string()));
    // Its invoices cannot be changed afterwards (backdated changes refused); the description can.
    let id1 = ledger::invoice_id_by_number(&c.conn, "INV-001").unwrap().unwrap();
    let mut edit = InvoiceInput { number: "INV-001".into(), client_id: c.client, issue_date: "2026-08-01".into(), due_date: "2026-09-01".into(), amount: "1100.00".into(), ..Default::default() };
    let e = ledger::update_invoice(&mut c.conn, id1, &edit, d(TODAY)).unwrap_err();
    assert!(matches!(e, Error::Conflict(_)) && e.to_string().contains(&a.reference), "{e}");
    edit.amount = "1200.00".into();
    edit.description = "Boiler replacement (settled)".into();
    ledger::update_invoice(&mut c.conn, id1, &edit, d(TODAY)).unwrap();
    // A completed agreement cannot be revised.
    assert!(matches!(agreement::transition(Status::Completed, agreement::Action::Revise).map_err(Error::from), Err(Error::Conflict(_))));
}

#[test]
fn a_settlement_writes_off_the_waived_rest_on_completion() {
    let (mut c, a) = active("Settler", &["2000.00"], "settlement");
    assert!(!a.content.waived.is_empty());
    let total: i64 = a.content.instalments.iter().map(|l| l.amount_minor).sum();
    for l in a.content.instalments.clone() {
        pay(&mut c, &l.due_date.clone().max(TODAY.to_string()).min(l.due_date.clone()), &format!("{}.{:02}", l.amount_minor / 100, l.amount_minor % 100));
    }
    let done = agreement::get(&c.conn, &c.ctx, a.id).unwrap();
    assert_eq!(done.status, Status::Completed);
    assert_eq!(outstanding(&c, "INV-001"), "0.00");
    // The rest is a write-off entry, not money received.
    let pays = ledger::payments_of(&c.conn, c.client).unwrap();
    let w: Vec<_> = pays.iter().filter(|p| p.method == follow::WRITE_OFF).collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].amount.display, a.content.waived);
    let received: rust_decimal::Decimal = pays.iter().filter(|p| p.method != follow::WRITE_OFF).map(|p| p.amount.amount.parse::<rust_decimal::Decimal>().unwrap()).sum();
    assert_eq!(received, rust_decimal::Decimal::new(total, 2));
    assert_eq!(report::client_detail(&c.conn, c.client, d(TODAY)).unwrap().summary.credit.len(), 0, "no credit appears");
}

#[test]
fn agreed_charges_become_an_invoice_under_the_agreement() {
    // A plan with interest on it: what is paid exceeds the invoices.
    let (mut c, a) = active_with_plan_interest("Charged2", "1000.00");
    assert_ne!(a.content.plan_interest_pct, "0", "the plan carries interest");
    let payable: i64 = a.content.instalments.iter().map(|l| l.amount_minor).sum();
    let charges_number = format!("{}-C", a.reference);
    let id = ledger::invoice_id_by_number(&c.conn, &charges_number).unwrap().expect("the charges invoice");
    let inv = ledger::invoice(&c.conn, id, d(TODAY)).unwrap();
    assert_eq!(inv.amount.amount.replace('.', "").parse::<i64>().unwrap(), payable - 100_000);
    // It is under the agreement: not chased on its own.
    let t = today_at(&mut c, "2027-12-31");
    assert!(t.items.iter().all(|i| i.kind != "reminder" || i.invoices.iter().all(|v| v.number != charges_number)));
}

#[test]
fn a_missed_instalment_puts_the_agreement_in_default_and_catching_up_cures_it() {
    let (mut c, a) = active("Late", &["1500.00"], "plan_monthly");
    let first = a.content.instalments[0].clone();
    let due = d(&first.due_date);
    let cure = a.content.cure_days as i64;
    let day = |n: i64| (due + chrono::Duration::days(n)).to_string();
    // Heads-up before, late inside the cure period, then missed.
    let t = today_at(&mut c, &day(-2));
    let item = t.items.iter().find(|i| i.kind == "instalment_due").expect("a heads-up on Today");
    assert!(item.detail.contains(&format!("payment 1 of {}", a.content.instalments.len())), "{}", item.detail);
    // The heads-up, sent as a letter: it leaves Today for this instalment.
    let heads = follow::instalment_message(&c.conn, &at(&c, &day(-2)), a.id, "heads_up").unwrap();
    assert!(heads.body.contains("friendly reminder") && heads.body.contains(&first.amount), "{}", heads.body);
    let before = at(&c, &day(-2));
    follow::send_message(&mut c.conn, &before, &follow::SendMessage { id: a.id, kind: "heads_up".into(), channel: "letter".into(), subject: heads.subject, body: heads.body, ..Default::default() }).unwrap();
    assert!(!today_at(&mut c, &day(-2)).items.iter().any(|i| i.kind == "instalment_due"));
    let t = today_at(&mut c, &day(1));
    assert!(t.items.iter().any(|i| i.kind == "instalment_late"));
    let late = follow::instalment_message(&c.conn, &at(&c, &day(1)), a.id, "late_reminder").unwrap();
    assert!(late.body.contains("the end of the 14-day period the agreement allows"), "{}", late.body);
    assert!(overdue_core::tone::check(&late.body, "firm").is_empty());
    assert!(follow::instalment_message(&c.conn, &at(&c, &day(-2)), a.id, "late_reminder").is_err(), "not late yet");
    assert_eq!(states(&c, a.id, &day(cure))[0], State::Late);
    assert_eq!(agreement::get(&c.conn, &at(&c, &day(cure)), a.id).unwrap().status, Status::Active);
    let t = today_at(&mut c, &day(cure + 1));
    let g = agreement::get(&c.conn, &at(&c, &day(cure + 1)), a.id).unwrap();
    assert_eq!(g.status, Status::Defaulted);
    assert_eq!(g.defaulted_on, day(cure + 1));
    let item = t.items.iter().find(|i| i.kind == "agreement_default").expect("the default is on Today");
    assert!(item.detail.contains("missed"));
    // Defaulted once, not again on the next refresh.
    today_at(&mut c, &day(cure + 2));
    let defaults = ledger::history(&c.conn, c.client).unwrap().into_iter().filter(|e| e.kind == "agreement_defaulted").count();
    assert_eq!(defaults, 1);
    // Paying what is due cures it.
    let msg = overdue_core::payments::record_typed(
        &mut c.conn,
        &PaymentInput { client_id: c.client, date: day(cure + 2), amount: format!("{}.{:02}", first.amount_minor / 100, first.amount_minor % 100), currency: "GBP".into(), ..Default::default() },
        d(&day(cure + 2)),
    )
    .unwrap()
    .message;
    assert!(msg.contains("default is cured"), "{msg}");
    assert_eq!(agreement::get(&c.conn, &at(&c, &day(cure + 2)), a.id).unwrap().status, Status::Active);
}

#[test]
fn bad_payments_are_refused_or_kept_as_credit_and_an_invoice_choice_overrides() {
    let (mut c, a) = active("Edge", &["800.00"], "plan_monthly");
    // Dated before the agreement: refused, nothing recorded.
    let before = ledger::payments_of(&c.conn, c.client).unwrap().len();
    let e = overdue_core::payments::record_typed(&mut c.conn, &PaymentInput { client_id: c.client, date: "2026-11-01".into(), amount: "50".into(), currency: "GBP".into(), ..Default::default() }, d(TODAY)).unwrap_err();
    assert!(matches!(&e, Error::Invalid { field, .. } if field == "date") && e.to_string().contains(&a.reference), "{e}");
    assert_eq!(ledger::payments_of(&c.conn, c.client).unwrap().len(), before);
    // Choosing an invoice the agreement does not cover pays that invoice.
    ledger::create_invoice(&mut c.conn, &InvoiceInput { number: "SIDE-1".into(), client_id: c.client, issue_date: "2026-11-20".into(), due_date: "2026-12-20".into(), amount: "40.00".into(), ..Default::default() }, d(TODAY)).unwrap();
    overdue_core::payments::record_typed(&mut c.conn, &PaymentInput { client_id: c.client, date: TODAY.into(), amount: "40".into(), currency: "GBP".into(), invoice_number: "SIDE-1".into(), ..Default::default() }, d(TODAY)).unwrap();
    assert_eq!(outstanding(&c, "SIDE-1"), "0.00");
    assert!(states(&c, a.id, TODAY).iter().all(|s| *s == State::Upcoming), "the agreement got nothing");
    // More than everything owed: the agreement completes and the rest is credit.
    let r = overdue_core::payments::record_typed(&mut c.conn, &PaymentInput { client_id: c.client, date: TODAY.into(), amount: "5000".into(), currency: "GBP".into(), ..Default::default() }, d(TODAY)).unwrap();
    assert!(r.message.contains("completed") && r.message.contains("kept as credit"), "{}", r.message);
    assert_eq!(r.credit_added.amount, "4200.00");
    assert_eq!(agreement::get(&c.conn, &c.ctx, a.id).unwrap().status, Status::Completed);
}

#[test]
fn progress_updates_and_the_default_notice_say_what_the_agreement_says() {
    let (mut c, a) = active("Notice", &["1500.00"], "settlement");
    let first = a.content.instalments[0].clone();
    // A payment: a progress update is due on Today (after each payment, the default).
    pay(&mut c, TODAY, "10.00");
    let t = today_at(&mut c, TODAY);
    assert!(t.items.iter().any(|i| i.kind == "progress_due"), "{:?}", t.items.iter().map(|i| &i.kind).collect::<Vec<_>>());
    let m = follow::progress_message(&c.conn, &c.ctx, a.id).unwrap();
    assert!(m.body.contains("So far you have paid £10.00") && m.body.contains("Thank you"), "{}", m.body);
    assert!(m.sms.contains("Paid so far £10.00 of") && m.sms.contains(&a.reference) && m.sms.contains("next payment"), "{}", m.sms);
    let sent = follow::send_message(&mut c.conn, &c.ctx, &follow::SendMessage { id: a.id, kind: "progress".into(), channel: "letter".into(), subject: m.subject.clone(), body: m.body.clone(), ..Default::default() }).unwrap();
    assert!(squash(&pdftotext(Path::new(&sent.letter))).contains("So far you have paid £10.00"));
    assert!(!today_at(&mut c, TODAY).items.iter().any(|i| i.kind == "progress_due"), "sent: no longer due");

    // Miss the first payment past the cure period: default, then the notice.
    let late = (d(&first.due_date) + chrono::Duration::days(a.content.cure_days as i64 + 1)).to_string();
    let t = today_at(&mut c, &late);
    assert!(t.items.iter().any(|i| i.kind == "agreement_default" && i.detail.contains("default notice")));
    let ctx = at(&c, &late);
    assert!(follow::default_notice(&c.conn, &ctx, a.id, "2020-01-01").is_err(), "a catch-up date in the past is refused");
    let n = follow::default_notice(&c.conn, &ctx, a.id, "").unwrap();
    for needle in ["is now in default (clause 6)", "the whole remaining balance of", &format!("the {} waived under clause 2 is no longer waived", a.content.waived), "collection agency or start court proceedings"] {
        assert!(n.body.contains(needle), "{needle}: {}", n.body);
    }
    assert!(overdue_core::tone::check(&n.body, "final").is_empty(), "courteous even now");
    follow::send_message(&mut c.conn, &ctx, &follow::SendMessage { id: a.id, kind: "default_notice".into(), channel: "letter".into(), subject: n.subject.clone(), body: n.body.clone(), catch_up_by: n.catch_up_by.clone() }).unwrap();
    // Waiting for the catch-up date: nothing on Today; after it, the choice again.
    assert!(!today_at(&mut c, &late).items.iter().any(|i| i.kind == "agreement_default"));
    let after = (d(&n.catch_up_by) + chrono::Duration::days(1)).to_string();
    let t = today_at(&mut c, &after);
    assert!(t.items.iter().any(|i| i.kind == "agreement_default" && i.title == "Catch-up date passed"));
    let kinds: Vec<String> = ledger::history(&c.conn, c.client).unwrap().into_iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&"progress".to_string()) && kinds.contains(&"default_notice".to_string()));
}

#[test]
fn a_heads_up_by_text_is_short_recorded_as_sent_and_leaves_today() {
    let (mut c, a) = active("Texted", &["1500.00"], "plan_monthly");
    let first = a.content.instalments[0].clone();
    let due = d(&first.due_date);
    let before = at(&c, &(due - chrono::Duration::days(2)).to_string());
    let heads = follow::instalment_message(&c.conn, &before, a.id, "heads_up").unwrap();
    // The short version names the business, the payment, the amount, the date and the reference.
    assert!(heads.sms.starts_with("Brightwell Design: a friendly reminder"), "{}", heads.sms);
    for part in [first.amount.as_str(), a.reference.as_str(), "payment 1 of", &overdue_core::template::human_date(due)] {
        assert!(heads.sms.contains(part), "{part} in {}", heads.sms);
    }
    assert_eq!(overdue_core::sms::info(&heads.sms).segments, 1, "{}", heads.sms);
    let send = |c: &mut Case, body: &str| {
        follow::send_message(&mut c.conn, &before, &follow::SendMessage { id: a.id, kind: "heads_up".into(), channel: "sms".into(), body: body.into(), ..Default::default() })
    };
    // No phone number yet: refused, nothing recorded.
    let e = send(&mut c, &heads.sms).unwrap_err();
    assert!(e.to_string().contains("has no phone number"), "{e}");
    assert!(chase::contacts_of(&c.conn, c.client).unwrap().iter().all(|k| k.channel != "sms"));
    let mut input: overdue_core::model::ClientInput = serde_json::from_value(serde_json::to_value(ledger::client(&c.conn, c.client).unwrap()).unwrap()).unwrap();
    input.phone = "07700 900123".into();
    ledger::update_client(&mut c.conn, c.client, &input, d(TODAY)).unwrap();
    // Too long for a text: refused.
    let e = send(&mut c, &"x".repeat(overdue_core::sms::MAX_TEXT + 1)).unwrap_err();
    assert!(e.to_string().contains("message"), "{e}");
    let docs_before = agreement::documents(&c.conn, &c.ctx.docs_dir, c.client).unwrap().len();
    let sent = send(&mut c, &heads.sms).unwrap();
    assert_eq!(sent.letter, "", "a text writes no letter");
    assert_eq!(sent.contact_id, None, "nothing for the outbox");
    assert_eq!(agreement::documents(&c.conn, &c.ctx.docs_dir, c.client).unwrap().len(), docs_before);
    let k = chase::contacts_of(&c.conn, c.client).unwrap().into_iter().find(|k| k.channel == "sms").expect("the text is in the contact history");
    assert_eq!((k.status.as_str(), k.recipient.as_str(), k.body.as_str()), ("sent", "07700900123", heads.sms.as_str()));
    let h = ledger::history(&c.conn, c.client).unwrap().into_iter().find(|e| e.kind == "heads_up").unwrap();
    assert!(h.summary.contains("texted to 07700900123"), "{}", h.summary);
    // Sent once: it leaves Today for this instalment.
    assert!(!{ overdue_core::sweep::run(&mut c.conn, &before).unwrap(); chase::today(&mut c.conn, &before) }.unwrap().items.iter().any(|i| i.kind == "instalment_due"));
    // A default notice is never a text.
    let late = at(&c, &(due + chrono::Duration::days(a.content.cure_days as i64 + 1)).to_string());
    follow::refresh(&mut c.conn, &late).unwrap();
    let n = follow::default_notice(&c.conn, &late, a.id, "").unwrap();
    assert_eq!(n.sms, "");
    let e = follow::send_message(&mut c.conn, &late, &follow::SendMessage { id: a.id, kind: "default_notice".into(), channel: "sms".into(), body: n.body, catch_up_by: n.catch_up_by, ..Default::default() }).unwrap_err();
    assert!(e.to_string().contains("in writing"), "{e}");
}

#[test]
fn a_defaulted_agreement_can_be_ended_to_renegotiate_and_a_new_one_agreed() {
    let (mut c, a) = active_with_plan_interest("Again", "1500.00");
    let first = a.content.instalments[0].clone();
    let late_day = (d(&first.due_date) + chrono::Duration::days(a.content.cure_days as i64 + 1)).to_string();
    let late = at(&c, &late_day);
    // Half of the first payment, then nothing: in default.
    pay(&mut c, TODAY, "50.00");
    follow::refresh(&mut c.conn, &late).unwrap();
    assert_eq!(agreement::get(&c.conn, &late, a.id).unwrap().status, Status::Defaulted);
    assert!(agreement::get(&c.conn, &late, a.id).unwrap().next.contains(&"renegotiate".to_string()));

    // A reason is required; nothing changes without one.
    let e = follow::renegotiate(&mut c.conn, &late, a.id, "  ").unwrap_err();
    assert!(matches!(e, Error::Invalid { .. }), "{e}");
    assert_eq!(agreement::get(&c.conn, &late, a.id).unwrap().status, Status::Defaulted);

    let g = follow::renegotiate(&mut c.conn, &late, a.id, "lost their biggest customer; asked for smaller payments").unwrap();
    assert_eq!(g.status, Status::Renegotiated);
    assert!(g.next.is_empty(), "{:?}", g.next);
    // Back at the negotiation desk with its history; off Today as an agreement.
    let history = ledger::history(&c.conn, c.client).unwrap();
    let ended = history.iter().find(|e| e.kind == "agreement_renegotiated").expect("in the history");
    assert!(ended.summary.contains("£50.00 of") && ended.summary.contains("lost their biggest customer"), "{}", ended.summary);
    let t = { overdue_core::sweep::run(&mut c.conn, &late).unwrap(); chase::today(&mut c.conn, &late) }.unwrap();
    assert!(t.items.iter().all(|i| !i.kind.starts_with("agreement_default") && !i.kind.starts_with("instalment")), "{:?}", t.items.iter().map(|i| &i.kind).collect::<Vec<_>>());
    assert!(agreement::live_for_client(&c.conn, &late, c.client).unwrap().is_none());
    let notes = overdue_core::negotiation::open_case_input(&c.conn, c.client).unwrap().expect("the case is open again");
    assert!(notes.proposal.contains(&format!("{} was ended to renegotiate", a.reference)), "{}", notes.proposal);
    // The agreed charges are not counted twice: the charges invoice is
    // closed and the new case works interest out afresh on the invoices.
    let charges_number = format!("{}-C", a.reference);
    let charges_id = ledger::invoice_id_by_number(&c.conn, &charges_number).unwrap().expect("the agreement had charges");
    assert_eq!(ledger::invoice(&c.conn, charges_id, late.today).unwrap().status, "paid", "closed by a write-off entry");
    assert!(ended.summary.contains(&format!("The agreed charges ({charges_number}")), "{}", ended.summary);
    let case = overdue_core::negotiation::case(&c.conn, &late, &notes).unwrap();
    assert!(case.invoices.iter().all(|i| i.number != charges_number), "{:?}", case.invoices.iter().map(|i| &i.number).collect::<Vec<_>>());
    assert_eq!(case.principal.amount, "1450.00", "1,500 less the £50 paid");
    let open = report::client_detail(&c.conn, c.client, late.today).unwrap().summary.outstanding;
    assert_eq!(open.iter().map(|o| o.amount.as_str()).collect::<Vec<_>>(), ["1450.00"], "nothing but the invoice is owed");
    let written_off: Vec<_> = report::client_detail(&c.conn, c.client, late.today).unwrap().payments.into_iter().filter(|p| p.method == follow::WRITE_OFF).collect();
    assert_eq!(written_off.len(), 1);
    // Payments no longer go to it; the £50 stays paid.
    let r = overdue_core::payments::record_typed(&mut c.conn, &PaymentInput { client_id: c.client, date: late_day.clone(), amount: "10.00".into(), currency: "GBP".into(), ..Default::default() }, d(&late_day)).unwrap();
    assert!(!r.message.contains(&a.reference), "{}", r.message);
    // Ending it twice, or reviving it, is refused.
    assert!(matches!(follow::renegotiate(&mut c.conn, &late, a.id, "again"), Err(Error::Conflict(_))));

    // New terms: a new arrangement and a new agreement with its own reference.
    let arr = overdue_core::negotiation::agree(&mut c.conn, &late, &overdue_core::negotiation::AgreeInput { client_id: c.client, option_key: "plan_monthly".into(), ..Default::default() }).unwrap();
    assert_eq!(arr.status, "agreed_in_principle");
    let next = agreement::draft(&mut c.conn, &late, &agreement::DraftInput { client_id: c.client, ..Default::default() }).unwrap().agreement;
    assert_ne!(next.reference, a.reference);
    assert_eq!(next.version, 1);
    assert_eq!(agreement::get(&c.conn, &late, a.id).unwrap().status, Status::Renegotiated, "the old one stays as it ended");
    // The new balance counts what was paid: 1,500 less £60 received, plus charges to date.
    let paid_before: i64 = 6000;
    assert!(next.content.instalments.iter().map(|i| i.amount_minor).sum::<i64>() >= 150_000 - paid_before, "{:?}", next.content.instalments);
}
