//! One "owed now" figure: the reminder, its panel, the client page and
//! Today agree; charges are claimed or not and the text says which; the
//! steps coming up; and a payment taken back as a real reversal. On the
//! demo business in a real SQLite file.

use chrono::NaiveDate;
use overdue_core::chase::{self, ComposeInput, Ctx, SendInput};
use overdue_core::model::PaymentInput;
use overdue_core::rusqlite::Connection;
use overdue_core::{db, demo, ladder, ledger, payments, Error};

const TODAY: &str = "2026-11-23";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct Demo {
    _dir: tempfile::TempDir,
    conn: Connection,
    ctx: Ctx,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.sqlite");
    let (mut conn, _) = db::open(&path).unwrap();
    demo::load(&mut conn, d(TODAY)).unwrap();
    let ctx = Ctx { today: d(TODAY), now: d(TODAY).and_hms_opt(11, 0, 0).unwrap().and_utc(), docs_dir: db::documents_dir(&path) };
    Demo { _dir: dir, conn, ctx }
}

impl Demo {
    fn today(&mut self) -> chase::Today {
        overdue_core::sweep::run(&mut self.conn, &self.ctx).unwrap();
        chase::today(&self.conn, &self.ctx).unwrap()
    }
    fn page(&mut self, id: i64) -> overdue_core::views::client::ClientPage {
        let t = self.today();
        overdue_core::views::client::client_page(&self.conn, &self.ctx, &t, id).unwrap()
    }
    fn owed(&self, id: i64) -> (String, String) {
        let c = overdue_core::report::client_detail(&self.conn, id, self.ctx.today).unwrap();
        (c.summary.overdue.first().map(|a| a.amount.clone()).unwrap_or_default(), c.summary.outstanding.first().map(|a| a.amount.clone()).unwrap_or_default())
    }
}

#[test]
fn a_reminder_that_asks_for_the_invoices_only_says_so_and_its_panel_agrees() {
    let mut w = demo();
    let t = w.today();
    // A reminder stage (not firm or final) for a client with charges to date.
    let item = t
        .items
        .iter()
        .find(|i| i.kind == "reminder" && i.channel == "email" && matches!(i.stage.as_ref().map(|s| s.tone.as_str()), Some("friendly") | Some("neutral")))
        .expect("a friendly email reminder due in the demo")
        .clone();
    // As the window opens it: with the row's invoices.
    let ids: Vec<i64> = item.invoices.iter().map(|i| i.id).collect();
    let draft = chase::compose(&w.conn, &w.ctx, &ComposeInput { client_id: item.client_id, stage_id: item.stage.as_ref().map(|s| s.id), channel: "email".into(), invoice_ids: ids }).unwrap();
    let ch = &draft.charges;
    assert!(!ch.claimed, "a friendly reminder names no charge");
    assert_eq!(ch.asked.amount, ch.principal.amount, "it asks for the invoices only");
    // The figure in the text is the figure in the panel and on Today's row.
    assert!(draft.body.contains(&format!("Total now due: {}", ch.asked.display)), "{}", draft.body);
    assert_eq!(item.total.as_ref().unwrap().amount, ch.principal.amount, "Today's row and the reminder");
    if minor(&ch.charges) > 0 {
        assert!(draft.body.contains("This does not include late-payment charges."), "{}", draft.body);
    }
    // The client page's "owed now" is the same figure when every overdue
    // invoice is in the reminder (none disputed, paused or promised).
    let page = w.page(item.client_id);
    if page.detail.invoices.iter().filter(|i| i.status == "overdue").count() == item.invoices.len() {
        assert_eq!(page.owed[0].owed_now.amount, ch.principal.amount);
    }
    // Sent: the contact records that no charges were claimed.
    let sent = chase::queue_email(&mut w.conn, &w.ctx, &SendInput { client_id: item.client_id, stage_id: item.stage.as_ref().map(|s| s.id), channel: "email".into(), invoice_ids: draft.invoice_ids.clone(), subject: draft.subject.clone(), body: draft.body.clone(), ..Default::default() }).unwrap();
    let claimed: i64 = w.conn.query_row("SELECT charges_claimed_minor FROM contacts WHERE id = ?1", [sent.contact_id], |r| r.get(0)).unwrap();
    assert_eq!(claimed, 0);
}

/// An amount in pence.
fn minor(a: &overdue_core::model::Amount) -> i64 {
    a.amount.replace('.', "").parse().unwrap()
}

#[test]
fn a_final_notice_claims_the_charges_and_the_client_page_says_when() {
    let mut w = demo();
    let t = w.today();
    let item = t.items.iter().find(|i| i.kind == "reminder" && i.channel == "email").unwrap().clone();
    let final_stage = ladder::stages(&w.conn).unwrap().into_iter().find(|s| s.tone == "final" && s.channel != "call").expect("a final notice stage");
    let draft = chase::compose(&w.conn, &w.ctx, &ComposeInput { client_id: item.client_id, stage_id: Some(final_stage.id), channel: "email".into(), invoice_ids: vec![] }).unwrap();
    let ch = draft.charges.clone();
    assert!(minor(&ch.charges) > 0, "the demo charges interest");
    assert!(ch.claimed);
    assert_eq!(ch.asked.amount, ch.total_due.amount);
    assert!(draft.body.contains(&ch.total_due.display));
    let page = w.page(item.client_id);
    assert!(page.owed[0].charges_note.contains("not claimed yet"), "{}", page.owed[0].charges_note);
    // Edited down to the invoices only, the message no longer claims them.
    let plain = draft.body.lines().filter(|l| !l.contains(&ch.total_due.display) && !l.contains(&ch.interest.display) && !l.contains(&ch.charges.display) && !l.contains(&ch.fees.display) && !l.contains(&ch.compensation.display)).collect::<Vec<_>>().join("\n");
    let subject = format!("Final notice: {} to be paid", ch.principal.display);
    let q = chase::queue_email(&mut w.conn, &w.ctx, &SendInput { client_id: item.client_id, stage_id: Some(final_stage.id), channel: "email".into(), invoice_ids: draft.invoice_ids.clone(), subject: subject.clone(), body: plain, override_reason: "testing".into(), ..Default::default() });
    if let Ok(q) = q {
        let claimed: i64 = w.conn.query_row("SELECT charges_claimed_minor FROM contacts WHERE id = ?1", [q.contact_id], |r| r.get(0)).unwrap();
        assert_eq!(claimed, 0, "the edited text asks for the invoices only");
    }
    // As written, it claims them; once sent, the client page says so.
    let q = chase::queue_email(&mut w.conn, &w.ctx, &SendInput { client_id: item.client_id, stage_id: Some(final_stage.id), channel: "email".into(), invoice_ids: draft.invoice_ids.clone(), subject: draft.subject.clone(), body: draft.body.clone(), override_reason: "testing".into(), ..Default::default() }).unwrap();
    chase::mark_email_result(&mut w.conn, &w.ctx, q.contact_id, Ok(())).unwrap();
    let claimed: i64 = w.conn.query_row("SELECT charges_claimed_minor FROM contacts WHERE id = ?1", [q.contact_id], |r| r.get(0)).unwrap();
    assert_eq!(claimed, minor(&ch.charges));
    let page = w.page(item.client_id);
    assert!(page.owed[0].charges_note.contains("claimed on 23 Nov 2026"), "{}", page.owed[0].charges_note);
    assert!(page.position.line.contains(&final_stage.name), "{}", page.position.line);
}

#[test]
fn an_invoice_too_small_to_chase_alone_goes_with_the_rest_of_the_account() {
    let mut w = demo();
    // Southville owes £128.00 on BPH-2445 among larger overdue invoices;
    // a minimum of £150 keeps it from being chased alone, not from the account.
    let mut s = overdue_core::settings::chase(&w.conn).unwrap();
    s.min_amount = "150.00".into();
    overdue_core::settings::save_chase(&w.conn, &s).unwrap();
    let id = ledger::find_client(&w.conn, "Southville Community Centre").unwrap().id;
    let t = w.today();
    let item = t.items.iter().find(|i| i.client_id == id && i.stage.is_some()).expect("Southville is chased today");
    assert!(item.invoices.iter().any(|i| i.number == "BPH-2445"), "{:?}", item.invoices.iter().map(|i| &i.number).collect::<Vec<_>>());
    let page = w.page(id);
    assert_eq!(page.owed[0].owed_now.amount, item.total.as_ref().unwrap().amount, "the client page and Today agree");
    // Below the minimum and nothing else to chase: counted as not chased.
    let knowle = ledger::find_client(&w.conn, "Knowle West Media Centre").unwrap().id;
    if w.page(knowle).detail.invoices.iter().filter(|i| i.status == "overdue").count() == 1 {
        assert!(!t.items.iter().any(|i| i.client_id == knowle && i.stage.is_some()));
        assert!(t.not_chased.get("below minimum").copied().unwrap_or(0) >= 1, "{:?}", t.not_chased);
    }
}

#[test]
fn today_lists_the_steps_coming_up_and_the_client_page_names_the_next_one() {
    let mut w = demo();
    let t = w.today();
    assert!(!t.upcoming.is_empty());
    assert!(t.upcoming.windows(2).all(|p| p[0].due_on <= p[1].due_on), "soonest first");
    assert!(t.upcoming.iter().all(|u| u.due_on.as_str() > TODAY));
    // A client with nothing due today has no Today item, and its page names the next step.
    let u = t.upcoming.iter().find(|u| !t.items.iter().any(|i| i.client_id == u.client_id)).unwrap().clone();
    let page = w.page(u.client_id);
    assert_eq!(page.position.next.as_ref().unwrap().due_on, u.due_on);
    assert!(page.position.line.contains(&format!("next: {}", u.stage_name)), "{}", page.position.line);
    // The week as the window reads it: only the next seven days, counted.
    let p = chase::TodayCache::default().page(&w.conn, &w.ctx, &Default::default()).unwrap();
    assert_eq!(p.week_total, t.upcoming.iter().filter(|u| u.due_on.as_str() <= "2026-11-30").count());
    assert_eq!(p.week_auto, p.week.iter().filter(|u| u.auto).count());
}

#[test]
fn a_payment_taken_back_restores_every_total_and_stays_in_the_ledger_marked() {
    let mut w = demo();
    let client = ledger::find_client(&w.conn, "Southville Community Centre").unwrap().id;
    let before = w.owed(client);
    let today_before = w.today().items.iter().find(|i| i.client_id == client).and_then(|i| i.total.clone());
    let r = payments::record(&mut w.conn, &w.ctx, &PaymentInput { client_id: client, date: TODAY.into(), amount: "1500.00".into(), method: "bank transfer".into(), ..Default::default() }).unwrap();
    assert_ne!(w.owed(client), before);
    let msg = payments::undo(&mut w.conn, &w.ctx, r.payment.id).unwrap();
    assert!(msg.contains("£1,500.00") && msg.contains("taken back"), "{msg}");
    assert_eq!(w.owed(client), before, "overdue and outstanding as before");
    assert_eq!(w.today().items.iter().find(|i| i.client_id == client).and_then(|i| i.total.clone()).map(|a| a.amount), today_before.map(|a| a.amount));
    // Not deleted: the row is marked and what it paid is kept apart.
    let (undone, kept): (String, i64) = w
        .conn
        .query_row("SELECT p.undone_at, (SELECT COUNT(*) FROM undone_allocations u WHERE u.payment_id = p.id) FROM payments p WHERE p.id = ?1", [r.payment.id], |x| Ok((x.get(0)?, x.get(1)?)))
        .unwrap();
    assert!(!undone.is_empty() && kept > 0);
    assert!(!ledger::payments_of(&w.conn, client).unwrap().iter().any(|p| p.id == r.payment.id), "no longer counted as received");
    let h = ledger::history(&w.conn, client).unwrap();
    assert!(h.iter().any(|e| e.kind == "payment_undone"));
    // Twice, unknown, and more than they owe (credit comes back too).
    assert!(matches!(payments::undo(&mut w.conn, &w.ctx, r.payment.id), Err(Error::Conflict(_))));
    assert!(matches!(payments::undo(&mut w.conn, &w.ctx, 999_999), Err(Error::NotFound(_))));
    let big = payments::record(&mut w.conn, &w.ctx, &PaymentInput { client_id: client, date: TODAY.into(), amount: "20000.00".into(), ..Default::default() }).unwrap();
    assert_eq!(big.credit_added.amount, "9250.55");
    payments::undo(&mut w.conn, &w.ctx, big.payment.id).unwrap();
    let c = overdue_core::report::client_detail(&w.conn, client, w.ctx.today).unwrap();
    assert!(c.summary.credit.is_empty(), "the credit went with it: {:?}", c.summary.credit);
    assert_eq!(w.owed(client), before);
    assert_eq!(paid_totals_astray(&w.conn), 0, "every invoice's kept paid total is the sum of its allocations");
}

/// Invoices whose kept paid total (`paid_minor`) is not the sum of their
/// allocations: always none.
fn paid_totals_astray(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM invoices i WHERE i.paid_minor != COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.invoice_id = i.id), 0)",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn the_lean_today_writes_out_the_same_invoices_as_the_whole_one() {
    let mut w = demo();
    assert_eq!(paid_totals_astray(&w.conn), 0, "after the demo's payments");
    let whole = w.today();
    let lean = chase::today_lean(&w.conn, &w.ctx).unwrap();
    assert_eq!(whole.items.len(), lean.items.len());
    let mut ladder_items = 0;
    for (a, b) in whole.items.iter().zip(&lean.items) {
        assert_eq!(a.key, b.key);
        let ids: Vec<i64> = a.invoices.iter().map(|i| i.id).collect();
        assert_eq!(lean.invoice_ids(b), ids, "{}", a.key);
        let filled = lean.item(b);
        assert_eq!(serde_json::to_value(&filled).unwrap(), serde_json::to_value(a).unwrap(), "{}", a.key);
        if a.stage.is_some() {
            ladder_items += 1;
            assert!(!a.invoices.is_empty(), "a ladder item lists its invoices: {}", a.key);
            assert!(b.invoices.is_empty(), "the lean one keeps them as references until asked");
        }
    }
    assert!(ladder_items > 3, "{ladder_items}");
    // The window's page writes out its own items.
    let page = chase::today_page(&w.conn, &w.ctx, &chase::TodayQuery { limit: 5, ..Default::default() }).unwrap();
    for (p, a) in page.items.iter().zip(&whole.items) {
        assert_eq!(serde_json::to_value(p).unwrap(), serde_json::to_value(a).unwrap());
    }
}
