//! Today: who to chase and how, ranked. A read: it never writes (the sweep
//! runs before it, in the shells).

pub use crate::model::ItemInvoice;
pub(crate) use crate::store::reads::steps_of;
use crate::store::controls::*;
use crate::store::invoices::*;
use crate::store::reads;
use crate::flows::chase::*;
use crate::error::Result;
use crate::guards::Warning;
use crate::ladder::{self, Stage};
use crate::ledger::client;
use crate::model::Amount;
use crate::money::{parse_amount, Currency};
use crate::promise::{self, PromiseRow};
use crate::settings::{self};

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use crate::ledger::date as d;

#[derive(Debug, Clone, Serialize)]
pub struct TodayItem {
    /// Stable within a day, e.g. "stage-12-3-GBP".
    pub key: String,
    /// "reminder", "call", "review", "promise_due", "promise_broken", "pause_ending", "agreement",
    /// "instalment_due", "instalment_late", "agreement_default", "progress_due", "escalation_review".
    pub kind: String,
    pub client_id: i64,
    pub client_name: String,
    pub stage: Option<Stage>,
    pub channel: String,
    pub title: String,
    pub detail: String,
    pub invoices: Vec<ItemInvoice>,
    pub total: Option<Amount>,
    /// The day the step fell due (may be before today).
    pub due_on: String,
    /// Sends itself (email stage, automatic mode).
    pub auto: bool,
    pub warnings: Vec<Warning>,
    pub promise: Option<PromiseRow>,
    /// A ladder item's invoices as places in `Today::open`, until they are
    /// written out into `invoices` (`Today::item`, `Today::filled`).
    #[serde(skip)]
    pub(crate) refs: Vec<u32>,
}

/// Everything to do today. From `today`, every item has its invoices; from
/// `today_lean` (what the window keeps), a ladder item's invoices are
/// written out only when asked for: `item`, `invoice_ids`, `filled`.
#[derive(Debug, Clone, Serialize)]
pub struct Today {
    pub as_of: String,
    pub items: Vec<TodayItem>,
    /// Open overdue invoices not chased now, by reason ("disputed", "paused", "promise", "below minimum",
    /// "arrangement", "escalated").
    pub not_chased: BTreeMap<String, i64>,
    /// When the books were last brought in, and whether that is too long ago.
    pub books: overdue_domain::csv::Freshness,
    /// Each client's next ladder step that is not due yet (one per client
    /// and currency, soonest first): what will go out, and when.
    pub upcoming: Vec<Upcoming>,
    /// What the ladder items owe now, per currency (minor units), and how
    /// many clients: counted once here, not again for every page.
    #[serde(skip)]
    pub to_chase: BTreeMap<String, i64>,
    #[serde(skip)]
    pub to_chase_clients: usize,
    /// The open invoices the items' `refs` point into.
    #[serde(skip)]
    open: Vec<Open>,
    #[serde(skip)]
    on: NaiveDate,
}

impl Today {
    /// The invoices `item` covers, written out.
    pub fn invoices_of(&self, item: &TodayItem) -> Vec<ItemInvoice> {
        if item.refs.is_empty() {
            return item.invoices.clone();
        }
        item.refs
            .iter()
            .map(|&k| {
                let i = &self.open[k as usize];
                ItemInvoice {
                    id: i.id,
                    number: i.number.clone(),
                    due_date: i.due.to_string(),
                    outstanding: Amount::of(i.outstanding, &i.currency),
                    days_overdue: (self.on - i.due).num_days(),
                }
            })
            .collect()
    }

    /// The ids of the invoices `item` covers.
    pub fn invoice_ids(&self, item: &TodayItem) -> Vec<i64> {
        if item.refs.is_empty() {
            return item.invoices.iter().map(|i| i.id).collect();
        }
        item.refs.iter().map(|&k| self.open[k as usize].id).collect()
    }

    /// `item` with its invoices written out.
    pub fn item(&self, item: &TodayItem) -> TodayItem {
        let mut out = item.clone();
        if !item.refs.is_empty() {
            out.invoices = self.invoices_of(item);
            out.refs = Vec::new();
        }
        out
    }

    /// Every item with its invoices written out.
    pub fn filled(mut self) -> Today {
        let items = std::mem::take(&mut self.items);
        self.items = items.iter().map(|i| self.item(i)).collect();
        self.open = Vec::new();
        self
    }
}

/// A ladder step coming up: the stage, its day, and whether it sends itself.
#[derive(Debug, Clone, Serialize)]
pub struct Upcoming {
    pub client_id: i64,
    pub client_name: String,
    pub stage_name: String,
    pub channel: String,
    pub due_on: String,
    /// An email stage in automatic mode: it goes out by itself that day.
    pub auto: bool,
    pub total: Amount,
    pub invoices: usize,
}

pub(crate) fn channel_label(ch: &str) -> &'static str {
    match ch {
        "email" => "by email",
        "sms" => "by SMS",
        "call" => "by phone",
        _ => "by letter",
    }
}

/// Everything to do now, as of `ctx.today`. A read: it changes nothing.
/// Call `sweep::run` first so promises, lapsed agreements and defaults are
/// up to date as of `ctx.today`.
pub fn today(conn: &Connection, ctx: &Ctx) -> Result<Today> {
    Ok(today_lean(conn, ctx)?.filled())
}

/// `today`, with each ladder item's invoices kept as references until asked
/// for (`Today::item`): the window shows a page of 50 items, not 100,000
/// invoices, and writing them all out was a third of Today's time.
pub fn today_lean(conn: &Connection, ctx: &Ctx) -> Result<Today> {
    let settings = settings::chase(conn)?;
    let env = env(conn, ctx)?;
    let stages: Vec<Stage> = ladder::stages(conn)?.into_iter().filter(|s| s.active).collect();
    let promise_pauses = promise::pauses(conn, settings.promise_grace_days)?;
    let broken_promises = promise::broken(conn, settings.promise_grace_days)?;
    let arranged = crate::negotiation::covered_invoices(conn)?;
    // Handed over to an agency or solicitor: no longer chased by us.
    let escalated = reads::escalated_clients(conn)?;
    let steps = steps_of(conn, None)?;
    let bcur = crate::ledger::business_currency(conn)?;
    let style = crate::ledger::date_style(conn)?;
    let human_date = |x: NaiveDate| style.format(x);
    let default_min = parse_amount(&settings.min_amount, &bcur, "minimum").unwrap_or(0);
    let clients: HashMap<i64, ChaseClient> = chase_clients(conn)?;
    // One item per client and currency: a good collector contacts a client
    // once about the whole account, at its most advanced stage.
    let all = open_invoices(conn, None)?;
    let at = |k: u32| &all[k as usize];
    let grace = settings.promise_grace_days;
    let mode_for = |i: &Open, ci: &ChaseClient| -> bool {
        let mode = if !i.mode.is_empty() {
            &i.mode
        } else if !ci.mode.is_empty() {
            &ci.mode
        } else {
            &settings.mode
        };
        mode == "auto"
    };
    let mut not_chased: BTreeMap<String, i64> = BTreeMap::new();
    let mut items = Vec::new();
    // What comes next for a client with nothing due today: the soonest
    // step, with the invoices that reach it that day.
    let mut upcoming = Vec::new();
    let (mut to_chase, mut chase_clients) = (BTreeMap::<String, i64>::new(), std::collections::HashSet::new());
    let mut left_small = 0i64;
    // `all` is in (client, due date, id) order: each client's invoices are
    // one run of it, worked through one currency at a time, and an
    // invoice is named by its place in `all` (no invoice is copied, no map
    // is kept per client: at 100,000 invoices those were much of Today).
    // Per client and currency, reused: the invoices whose step is due now,
    // those whose next step is still to come, every overdue invoice that
    // may be chased now, and the overdue ones below the minimum to chase.
    let (mut due, mut later): (Vec<(u32, ladder::Next)>, Vec<(u32, ladder::Next)>) = (Vec::new(), Vec::new());
    let (mut chaseable, mut small): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
    let mut start = 0;
    while start < all.len() {
        let client_id = all[start].client_id;
        let end = start + all[start..].iter().take_while(|i| i.client_id == client_id).count();
        let run = start..end;
        start = end;
        let Some(ci) = clients.get(&client_id) else { continue };
        let mut codes: Vec<&str> = all[run.clone()].iter().map(|i| i.currency.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            (due.clear(), later.clear(), chaseable.clear(), small.clear());
            for k in run.clone() {
                let inv = &all[k];
                if inv.currency != code {
                    continue;
                }
                let k = k as u32;
                let overdue = ctx.today > inv.due;
                if inv.disputed {
                    if overdue {
                        *not_chased.entry("disputed".into()).or_default() += 1;
                    }
                    continue;
                }
                if escalated.contains(&inv.client_id) {
                    if overdue {
                        *not_chased.entry("escalated".into()).or_default() += 1;
                    }
                    continue;
                }
                if arranged.contains(&inv.id) {
                    if overdue {
                        *not_chased.entry("arrangement".into()).or_default() += 1;
                    }
                    continue;
                }
                let mut resume: Option<NaiveDate> = None;
                for p in [&inv.paused_until, &ci.paused_until] {
                    if !p.is_empty() {
                        let pd = d(p);
                        resume = Some(resume.map_or(pd, |r: NaiveDate| r.max(pd)));
                    }
                }
                let by_promise = promise_pauses.get(&inv.id).copied();
                if let Some(p) = by_promise {
                    resume = Some(resume.map_or(p, |r| r.max(p)));
                }
                if let Some(r) = resume {
                    if r > ctx.today {
                        if overdue {
                            *not_chased.entry(if by_promise.is_some_and(|p| p > ctx.today) { "promise".into() } else { "paused".into() }).or_default() += 1;
                        }
                        continue;
                    }
                }
                // Too small to chase on its own, it still belongs to the account:
                // a message about the client's other invoices includes it.
                let min = ci.min_minor.unwrap_or(default_min);
                if inv.currency == bcur.code && inv.outstanding < min {
                    if overdue {
                        small.push(k);
                    }
                    continue;
                }
                if overdue {
                    chaseable.push(k);
                }
                let steps_of_inv = steps.get(&inv.id).map(|v| v.as_slice()).unwrap_or(&[]);
                let Some(next) = ladder::next_stage(&stages, inv.due, ctx.today, steps_of_inv, resume, broken_promises.get(&inv.id).copied()) else {
                    continue;
                };
                if next.due_on > ctx.today {
                    later.push((k, next));
                } else {
                    due.push((k, next));
                }
            }
            // The small ones go with a message about the overdue account;
            // otherwise they are not chased.
            let overdue_due = due.iter().any(|(i, _)| at(*i).due < ctx.today);
            if !overdue_due {
                left_small += small.len() as i64;
            }
            if due.is_empty() {
                let Some(first) = later.iter().map(|(_, n)| n.due_on).min() else { continue };
                let on: Vec<&(u32, ladder::Next)> = later.iter().filter(|(_, n)| n.due_on == first).collect();
                let si = on.iter().map(|(_, n)| n.index).max().expect("non-empty");
                let (stage, cur) = (&stages[si], Currency::find(code)?);
                upcoming.push(Upcoming {
                    client_id,
                    client_name: ci.name.clone(),
                    stage_name: stage.name.clone(),
                    channel: stage.channel.clone(),
                    due_on: first.to_string(),
                    auto: stage.kind == "contact" && stage.channel == "email" && on.iter().all(|(i, _)| mode_for(at(*i), ci)),
                    total: Amount::new(on.iter().map(|(i, _)| at(*i).outstanding).sum(), &cur),
                    invoices: on.len(),
                });
                continue;
            }
            // A heads-up goes only to a client with nothing overdue being chased:
            // otherwise the new invoice joins the account's next message.
            if !overdue_due && !chaseable.is_empty() {
                continue;
            }
            let si = due.iter().filter(|(i, _)| !overdue_due || at(*i).due < ctx.today).map(|(_, n)| n.index).max().expect("non-empty group");
            let due_on = due.iter().map(|(_, n)| n.due_on).min().expect("non-empty group");
            // The message covers the whole overdue account, not only the
            // invoices whose own step fell due today; in `all`'s order, which
            // within a client is by due date, then id.
            let invs: Vec<u32> = if overdue_due {
                let mut account: Vec<u32> = chaseable.iter().chain(&small).copied().collect();
                account.sort_unstable();
                account
            } else {
                due.iter().map(|(i, _)| *i).collect()
            };
            let stage = stages[si].clone();
            let cur = Currency::find(code)?;
            let total: i64 = invs.iter().map(|&i| at(i).outstanding).sum();
            match to_chase.get_mut(code) {
                Some(t) => *t += total,
                None => {
                    to_chase.insert(code.to_string(), total);
                }
            }
            chase_clients.insert(client_id);
            let oldest = invs.iter().map(|&i| at(i).due).min().unwrap_or(ctx.today);
            let days = (ctx.today - oldest).num_days();
            let auto = stage.kind == "contact" && stage.channel == "email" && invs.iter().all(|&i| mode_for(at(i), ci));
            let kind = if stage.kind == "review" { "review" } else if stage.channel == "call" { "call" } else { "reminder" };
            let when = match days {
                1 => "1 day overdue".to_string(),
                d if d > 1 => format!("{d} days overdue"),
                0 => "due today".into(),
                -1 => "due tomorrow".into(),
                d => format!("due in {} days", -d),
            };
            items.push(TodayItem {
                key: format!("stage-{client_id}-{code}"),
                kind: kind.into(),
                client_id,
                client_name: ci.name.clone(),
                channel: stage.channel.clone(),
                title: if kind == "review" { format!("{}: decide the next step", stage.name) } else { stage.name.clone() },
                detail: format!(
                    "{}{} invoice{} · {} · {when}",
                    if kind == "review" { String::new() } else { format!("{} · ", channel_label(&stage.channel)) },
                    invs.len(),
                    if invs.len() == 1 { "" } else { "s" },
                    cur.display(total)
                ),
                invoices: vec![],
                total: Some(Amount::new(total, &cur)),
                due_on: due_on.to_string(),
                auto,
                warnings: if kind == "review" { vec![] } else { warnings_for(&env, ctx, client_id, &ci.time_zone, &stage.channel) },
                stage: Some(stage),
                promise: None,
                refs: invs,
            });
        }
    }
    upcoming.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.client_name.cmp(&b.client_name)));
    if left_small > 0 {
        *not_chased.entry("below minimum".into()).or_default() += left_small;
    }
    // Promises due today, and those broken in the last 7 days.
    let week_ago = (ctx.today - Duration::days(7)).to_string();
    for p in promise::list(conn, None, grace)? {
        let (kind, title) = match p.status.as_str() {
            "pending" if p.due_date == ctx.today.to_string() => ("promise_due", format!("Promise of {} due today", p.amount.display)),
            "broken" | "partly_kept" if p.resolved_at.as_str() >= week_ago.as_str() && p.resolved_at.as_str() <= ctx.today.to_string().as_str() => (
                "promise_broken",
                if p.status == "broken" { format!("Promise of {} broken", p.amount.display) } else { format!("Promise of {} partly kept ({} paid)", p.amount.display, p.paid.display) },
            ),
            _ => continue,
        };
        let c = client(conn, p.client_id)?;
        items.push(TodayItem {
            key: format!("{kind}-{}", p.id),
            kind: kind.into(),
            client_id: p.client_id,
            client_name: c.name.clone(),
            stage: None,
            channel: "call".into(),
            title,
            detail: format!("promised on {} to pay by {} · {}", human_date(d(&p.promised_on)), human_date(d(&p.due_date)), p.invoice_numbers.join(", ")),
            invoices: vec![],
            total: Some(p.amount.clone()),
            due_on: p.due_date.clone(),
            auto: false,
            warnings: warnings_for(&env, ctx, c.id, &c.time_zone, "call"),
            promise: Some(p),
            refs: vec![],
        });
    }
    // Pauses ending today (client-wide, then per invoice).
    let today_s = ctx.today.to_string();
    for (id, name, reason) in reads::client_pauses_ending(conn, &today_s)? {
        items.push(pause_item(format!("pause-client-{id}"), id, name, format!("Chasing resumes today (paused: {reason})"), &today_s));
    }
    // An open invoice's pause (one paid has nothing to resume), from the
    // invoices already read: a search of the table for it was a tenth of Today.
    for inv in all.iter().filter(|i| i.paused_until == today_s) {
        let (number, reason) = (&inv.number, reads::pause_reason(conn, inv.id)?);
        let name = clients.get(&inv.client_id).map(|c| c.name.clone()).unwrap_or_default();
        items.push(pause_item(format!("pause-invoice-{number}"), inv.client_id, name, format!("Chasing of {number} resumes today (paused: {reason})"), &today_s));
    }
    // Written agreements waiting on someone: the client's signed copy due back
    // within three days, or a signed copy to countersign.
    for (id, name, reference, status, return_by) in reads::agreements_waiting(conn)? {
        let back_by = d(&return_by);
        let (title, detail) = if status == "signed" {
            ("Countersign".to_string(), format!("{reference} came back signed: countersign it to make it active"))
        } else if back_by <= ctx.today + Duration::days(3) {
            ("Signed copy due".to_string(), format!("{reference} should be back signed by {}; if not, it lapses and the case returns to negotiation", human_date(back_by)))
        } else {
            continue;
        };
        items.push(TodayItem {
            key: format!("agreement-{reference}"),
            kind: "agreement".into(),
            client_id: id,
            client_name: name,
            stage: None,
            channel: String::new(),
            title,
            detail,
            invoices: vec![],
            total: None,
            due_on: if status == "signed" { today_s.clone() } else { return_by },
            auto: false,
            warnings: vec![],
            promise: None,
            refs: vec![],
        });
    }
    for (client_id, name, broken) in crate::escalation::broken_promise_reviews(conn)? {
        items.push(TodayItem {
            key: format!("escalation-review-{client_id}-{broken}"),
            kind: "escalation_review".into(),
            client_id,
            client_name: name,
            stage: None,
            channel: String::new(),
            title: "Escalation review".into(),
            detail: format!("{broken} promises to pay were broken: renegotiate, or hand the case over"),
            invoices: vec![],
            total: None,
            due_on: ctx.today.to_string(),
            auto: false,
            warnings: vec![],
            promise: None,
            refs: vec![],
        });
    }
    for (client_id, key, kind, title, detail, due_on) in crate::views::agreement_items::today_items(conn, ctx.today, &settings.progress_updates)? {
        if escalated.contains(&client_id) {
            continue;
        }
        let name = clients.get(&client_id).map(|c| c.name.clone()).unwrap_or_else(|| crate::ledger::client(conn, client_id).map(|c| c.name.clone()).unwrap_or_default());
        items.push(TodayItem { key, kind, client_id, client_name: name, stage: None, channel: String::new(), title, detail, invoices: vec![], total: None, due_on, auto: false, warnings: vec![], promise: None, refs: vec![] });
    }
    let rank = |k: &str| -> u8 { match k {
        "agreement_default" => 0,
        "promise_broken" => 0,
        "instalment_late" => 1,
        "call" => 1,
        "reminder" => 2,
        "promise_due" => 3,
        "review" => 4,
        _ => 5,
    } };
    // Sorted as small keys (rank, day, name, place), then each item moved
    // once, in place: sorting 20,000 items of some hundred bytes moved
    // megabytes per pass.
    let mut order: Vec<((), u32)> = {
        let mut keys: Vec<(u8, &str, &str, u32)> = items.iter().enumerate().map(|(k, i)| (rank(&i.kind), i.due_on.as_str(), i.client_name.as_str(), k as u32)).collect();
        keys.sort_unstable();
        keys.into_iter().map(|k| ((), k.3)).collect()
    };
    let mut items = items;
    overdue_domain::order::reorder(&mut items, &mut order);
    let books = crate::store::imports::freshness(conn, ctx.today)?;
    Ok(Today { as_of: ctx.today.to_string(), items, not_chased, books, upcoming, to_chase_clients: chase_clients.len(), to_chase, open: all, on: ctx.today })
}

pub(crate) fn pause_item(key: String, client_id: i64, name: String, detail: String, today: &str) -> TodayItem {
    TodayItem {
        key,
        kind: "pause_ending".into(),
        client_id,
        client_name: name,
        stage: None,
        channel: String::new(),
        title: "Pause ends".into(),
        detail,
        invoices: vec![],
        total: None,
        due_on: today.to_string(),
        auto: false,
        warnings: vec![],
        promise: None,
        refs: vec![],
    }
}

// ------------------------------------------------------------ the worklist

/// Which part of Today to show, and which page of it.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct TodayQuery {
    /// "all" (or ""), "reminder", "call", "promise", "review".
    pub filter: String,
    pub offset: usize,
    /// Rows per page: 1–500, 50 when 0.
    pub limit: usize,
}

/// One of Today's filters, with how many items it holds.
#[derive(Debug, Clone, Serialize)]
pub struct TodayFilter {
    pub key: &'static str,
    pub label: &'static str,
    pub count: usize,
    /// What it holds, in plain words (the chip's tooltip).
    pub help: &'static str,
}

/// A page of Today, with its counts and totals computed over the whole list.
#[derive(Debug, Clone, Serialize)]
pub struct TodayPage {
    pub as_of: String,
    pub filter: String,
    pub filters: Vec<TodayFilter>,
    /// Every item of every kind.
    pub total_items: usize,
    /// What the clients due a reminder, call or review owe now, per currency.
    pub to_chase: Vec<Amount>,
    pub to_chase_clients: usize,
    /// Messages sent or recorded, calls logged, steps skipped or snoozed today.
    pub done_today: i64,
    /// Automatic reminders that go out by themselves today.
    pub auto_today: usize,
    /// Email reminders due that the owner sends by hand (the bulk send).
    pub email_due: usize,
    /// Items in the filter; `items` is the page [offset, offset + limit).
    pub total_rows: usize,
    pub offset: usize,
    pub limit: usize,
    pub items: Vec<TodayItem>,
    pub not_chased: BTreeMap<String, i64>,
    pub books: overdue_domain::csv::Freshness,
    /// The steps coming up in the next seven days (at most 100, soonest
    /// first), `week_total` of them, `week_auto` sending themselves.
    pub week: Vec<Upcoming>,
    pub week_total: usize,
    pub week_auto: usize,
}

const FILTERS: [(&str, &str, &str); 5] = [
    ("all", "All", "Everything to do today, most urgent first"),
    ("reminder", "Reminders", "Reminders due by email, SMS or letter"),
    ("call", "Calls", "Calls due on the chase ladder"),
    ("promise", "Promises & agreements", "Promises to pay and instalments due or missed, agreements waiting to be signed, progress updates"),
    ("review", "Reviews", "Decisions only you can take: a ladder stage that asks you to decide the next step (call, negotiate, escalate or wait), a pause that ends today, or a case whose promises keep being broken"),
];

/// The filter an item belongs to (besides "all").
pub fn filter_of(kind: &str) -> &'static str {
    match kind {
        "reminder" => "reminder",
        "call" => "call",
        "review" | "pause_ending" | "escalation_review" => "review",
        _ => "promise",
    }
}

/// Today as the window shows it: counts per filter, the total to chase and
/// what was done today over the whole list, and one page of the chosen
/// filter (the window never receives the whole list).
pub fn today_page(conn: &Connection, ctx: &Ctx, q: &TodayQuery) -> Result<TodayPage> {
    page_of(conn, ctx, &today_lean(conn, ctx)?, q)
}

/// Today computed once and kept while nothing in the database changes,
/// for at most the minute (the contact guards' quiet hours read the time):
/// paging and filtering then cost a page, not the whole list. The window
/// keeps one; `clear` after replacing the database file.
#[derive(Default)]
pub struct TodayCache {
    key: Option<(NaiveDate, i64, u64, i64)>,
    today: Option<Today>,
}

impl TodayCache {
    /// The whole list, computed again only when something changed.
    pub fn today(&mut self, conn: &Connection, ctx: &Ctx) -> Result<&Today> {
        let key = (ctx.today, reads::data_version(conn)?, conn.total_changes(), ctx.now.timestamp() / 60);
        if self.key != Some(key) || self.today.is_none() {
            self.key = None;
            self.today = Some(today_lean(conn, ctx)?);
            self.key = Some(key);
        }
        Ok(self.today.as_ref().expect("computed above"))
    }

    /// Whether the kept list is still the one `today` would return.
    pub fn is_current(&self, conn: &Connection, ctx: &Ctx) -> Result<bool> {
        let key = (ctx.today, reads::data_version(conn)?, conn.total_changes(), ctx.now.timestamp() / 60);
        Ok(self.key == Some(key) && self.today.is_some())
    }

    pub fn page(&mut self, conn: &Connection, ctx: &Ctx, q: &TodayQuery) -> Result<TodayPage> {
        let t = self.today(conn, ctx)?;
        page_of(conn, ctx, t, q)
    }

    pub fn clear(&mut self) {
        self.key = None;
        self.today = None;
    }
}

pub(crate) fn page_of(conn: &Connection, ctx: &Ctx, t: &Today, q: &TodayQuery) -> Result<TodayPage> {
    let filter = match q.filter.as_str() {
        "" => "all",
        f => FILTERS.iter().find(|(k, _, _)| *k == f).map(|(k, _, _)| *k).ok_or_else(|| crate::error::Error::invalid("filter", format!("'{f}' is not one of all, reminder, call, promise, review")))?,
    };
    let limit = if q.limit == 0 { 50 } else { q.limit.min(500) };
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let (mut auto_today, mut email_due) = (0, 0);
    for i in &t.items {
        *counts.entry(filter_of(&i.kind)).or_default() += 1;
        if i.kind == "reminder" && i.channel == "email" {
            if i.auto { auto_today += 1 } else { email_due += 1 }
        }
    }
    let filters = FILTERS
        .iter()
        .map(|(key, label, help)| TodayFilter { key, label, help, count: if *key == "all" { t.items.len() } else { counts.get(key).copied().unwrap_or(0) } })
        .collect();
    let total_items = t.items.len();
    let shown: Vec<&TodayItem> = t.items.iter().filter(|i| filter == "all" || filter_of(&i.kind) == filter).collect();
    let total_rows = shown.len();
    // A page past the end (items done since) shows the last page.
    let offset = if q.offset >= total_rows { total_rows.saturating_sub(1) / limit * limit } else { q.offset / limit * limit };
    let items = shown.into_iter().skip(offset).take(limit).map(|i| t.item(i)).collect();
    let week_end = (ctx.today + Duration::days(7)).to_string();
    let week: Vec<&Upcoming> = t.upcoming.iter().take_while(|u| u.due_on <= week_end).collect();
    Ok(TodayPage {
        as_of: t.as_of.clone(),
        filter: filter.to_string(),
        filters,
        total_items,
        to_chase: t.to_chase.iter().map(|(code, m)| Currency::find(code).map(|c| Amount::new(*m, &c))).collect::<std::result::Result<_, _>>()?,
        to_chase_clients: t.to_chase_clients,
        done_today: reads::done_on(conn, ctx.today)?,
        auto_today,
        email_due,
        total_rows,
        offset,
        limit,
        items,
        not_chased: t.not_chased.clone(),
        books: t.books.clone(),
        week: week.iter().take(100).map(|u| (*u).clone()).collect(),
        week_total: week.len(),
        week_auto: week.iter().filter(|u| u.auto).count(),
    })
}

/// One email reminder of the bulk send, composed as a single send would
/// compose it.
#[derive(Debug, Clone, Serialize)]
pub struct BulkItem {
    pub key: String,
    pub client_id: i64,
    pub client_name: String,
    pub stage_id: i64,
    pub invoice_ids: Vec<i64>,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub total: Amount,
    /// Firm and final stages attach their letter, as the single send does by default.
    pub attach_letter: bool,
    /// False when the owner must look first (`hold` says why): a contact
    /// guard, the tone check, no usable address, or books out of date.
    pub ready: bool,
    pub hold: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bulk {
    /// Email reminders due today that the owner sends by hand.
    pub total: usize,
    /// The first `limit` of them, in Today's order.
    pub items: Vec<BulkItem>,
}

/// The email reminders due today that are not automatic, each composed
/// (at most `limit`, 1–500): what "Send the due email reminders" previews.
/// A read over Today's list `t` (the window's kept one): sending goes
/// through the one send path, message by message.
pub fn bulk_reminders(conn: &Connection, ctx: &Ctx, t: &Today, limit: usize) -> Result<Bulk> {
    let limit = limit.clamp(1, 500);
    let due: Vec<&TodayItem> = t.items.iter().filter(|i| i.kind == "reminder" && i.channel == "email" && !i.auto).collect();
    let mut items = Vec::new();
    for i in due.iter().take(limit) {
        let (Some(stage), Some(total)) = (&i.stage, i.total.clone()) else { continue };
        let invoice_ids: Vec<i64> = t.invoice_ids(i);
        let d = compose(conn, ctx, &ComposeInput { client_id: i.client_id, stage_id: Some(stage.id), channel: "email".into(), invoice_ids: invoice_ids.clone() })?;
        let hold = if !d.recipient_problem.is_empty() {
            d.recipient_problem.clone()
        } else if !d.warnings.is_empty() {
            d.warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>().join("; ")
        } else if !d.tone_flags.is_empty() {
            format!("the tone check flags the message ({})", d.tone_flags.iter().map(|f| f.found.clone()).collect::<Vec<_>>().join(", "))
        } else if !d.books_warning.is_empty() {
            d.books_warning.clone()
        } else {
            String::new()
        };
        items.push(BulkItem {
            key: i.key.clone(),
            client_id: i.client_id,
            client_name: i.client_name.clone(),
            stage_id: stage.id,
            invoice_ids,
            to: d.recipient.clone(),
            subject: d.subject,
            body: d.body,
            total,
            attach_letter: stage.tone != "friendly",
            ready: hold.is_empty(),
            hold,
        });
    }
    Ok(Bulk { total: due.len(), items })
}
