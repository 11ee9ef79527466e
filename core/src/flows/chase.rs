//! The chasing engine: what is due today, composing a message for a client
//! and stage, and every action the owner (or `run-due`) takes — send an
//! email, mark an SMS or letter as sent, log a call, snooze or skip a stage —
//! each written with its history event, fees and steps in one transaction.
//!
//! Invariants: a stage is recorded as sent only once the message really went
//! (an email only after the server accepted it); a fee is applied at most
//! once per invoice and stage (UNIQUE + INSERT OR IGNORE); disputed invoices
//! are never chased and never charged fees; guards warn, and going past a
//! warning needs a reason, which is stored with the contact.

use crate::error::{Error, Result};
use crate::guards::{self, Warning};
use crate::interest::{self, InterestPolicy, Paid};
use crate::ladder::{self, Stage, Step};
use crate::ledger::{append_event_detail, business, client, now_stamp};
use crate::model::{Amount, Business, Client};
use crate::money::{parse_amount, Currency};
use crate::promise::{self, PromiseInput, PromiseRow};
use crate::settings::{self, ChaseSettings};
use crate::sms::{self, SmsInfo};
use crate::template::{self, human_date, Values};
use crate::text::{clean, clean_email, parse_iso_date, rule};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// When and where an action happens: the as-of date, the instant (for quiet
/// hours and the 7-day cap) and the folder generated documents go to.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    pub docs_dir: PathBuf,
}

impl Ctx {
    /// `OVERDUE_NOW` (RFC 3339) fixes the instant for tests; a fixed `today`
    /// without it means noon UTC of that day; otherwise the clock.
    pub fn new(today: NaiveDate, today_fixed: bool, db_path: &std::path::Path) -> Ctx {
        let now = crate::clock::fixed().unwrap_or_else(|| if today_fixed { today.and_hms_opt(12, 0, 0).expect("noon").and_utc() } else { crate::clock::now() });
        Ctx { today, now, docs_dir: crate::db::documents_dir(db_path) }
    }
    fn stamp(&self) -> String {
        self.now.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

// ------------------------------------------------------------ open invoices

#[derive(Debug, Clone)]
pub(crate) struct Open {
    pub id: i64,
    pub number: String,
    pub client_id: i64,
    pub issue: NaiveDate,
    pub due: NaiveDate,
    pub amount: i64,
    pub currency: String,
    pub outstanding: i64,
    pub mode: String,
    pub paused_until: String,
    pub disputed: bool,
}

use crate::ledger::date as d;

pub(crate) fn open_invoices(conn: &Connection, client_id: Option<i64>) -> Result<Vec<Open>> {
    let mut st = conn.prepare_cached(
        "SELECT i.id, i.number, i.client_id, i.issue_date, i.due_date, i.amount_minor, i.currency,
                i.amount_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.invoice_id = i.id), 0) AS o,
                i.chase_mode, i.paused_until, i.disputed
         FROM invoices i WHERE o > 0 AND (?1 IS NULL OR i.client_id = ?1) ORDER BY i.client_id, i.due_date, i.id",
    )?;
    let rows = st
        .query_map([client_id], |r| {
            Ok(Open {
                id: r.get(0)?,
                number: r.get(1)?,
                client_id: r.get(2)?,
                issue: d(&r.get::<_, String>(3)?),
                due: d(&r.get::<_, String>(4)?),
                amount: r.get(5)?,
                currency: r.get(6)?,
                outstanding: r.get(7)?,
                mode: r.get(8)?,
                paused_until: r.get(9)?,
                disputed: r.get(10)?,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Ids of a client's open invoices, oldest due first.
pub fn open_invoice_ids(conn: &Connection, client_id: i64) -> Result<Vec<i64>> {
    Ok(open_invoices(conn, Some(client_id))?.into_iter().map(|o| o.id).collect())
}

fn steps_of(conn: &Connection, client_id: Option<i64>) -> Result<HashMap<i64, Vec<Step>>> {
    let mut st = conn.prepare_cached(
        "SELECT s.invoice_id, s.stage_id, s.action, s.on_date, s.until FROM chase_steps s
         JOIN invoices i ON i.id = s.invoice_id WHERE (?1 IS NULL OR i.client_id = ?1)",
    )?;
    let mut out: HashMap<i64, Vec<Step>> = HashMap::new();
    let rows = st.query_map([client_id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
    })?;
    for r in rows {
        let (inv, stage_id, action, on, until) = r?;
        let until = if until.is_empty() { None } else { Some(d(&until)) };
        out.entry(inv).or_default().push(Step { stage_id, action, on_date: d(&on), until });
    }
    Ok(out)
}

/// A client's chase controls.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(default)]
pub struct ClientControls {
    /// "" = the business default, "auto" or "manual".
    pub mode: String,
    /// ISO date chasing resumes on; "" = not paused.
    pub paused_until: String,
    pub pause_reason: String,
    /// Decimal in the business currency; "" = the business default.
    pub min_amount: String,
    /// None = the business's interest policy.
    pub interest_policy: Option<InterestPolicy>,
}

/// An invoice's chase controls.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(default)]
pub struct InvoiceControls {
    pub mode: String,
    pub paused_until: String,
    pub pause_reason: String,
    pub disputed: bool,
    pub dispute_reason: String,
}

struct ClientInfo {
    client: Client,
    controls: ClientControls,
    min_minor: Option<i64>,
}

fn client_info(conn: &Connection, id: i64) -> Result<ClientInfo> {
    let cur = crate::ledger::business_currency(conn)?;
    client_info_in(conn, id, &cur)
}

/// One query per client (prepared once): Today calls this for thousands.
fn client_info_in(conn: &Connection, id: i64, cur: &Currency) -> Result<ClientInfo> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {}, chase_mode, paused_until, pause_reason, min_chase_minor, interest_policy FROM clients WHERE id = ?1",
        crate::ledger::CLIENT_COLUMNS
    ))?;
    st.query_row([id], |r| {
        let min: Option<i64> = r.get(14)?;
        let policy: String = r.get(15)?;
        Ok(ClientInfo {
            client: crate::ledger::client_row(r)?,
            controls: ClientControls {
                mode: r.get(11)?,
                paused_until: r.get(12)?,
                pause_reason: r.get(13)?,
                min_amount: min.map(|m| cur.plain(m)).unwrap_or_default(),
                interest_policy: if policy.is_empty() { None } else { InterestPolicy::from_json(&policy).ok() },
            },
            min_minor: min,
        })
    })
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("there is no client with id {id}")))
}

pub fn client_controls(conn: &Connection, id: i64) -> Result<ClientControls> {
    Ok(client_info(conn, id)?.controls)
}

fn check_mode(mode: &str) -> Result<String> {
    match mode {
        "" | "auto" | "manual" => Ok(mode.to_string()),
        other => Err(Error::invalid("mode", format!("'{other}' is not auto or manual"))),
    }
}

fn check_pause(until: &str, reason: &str, today: NaiveDate) -> Result<(String, String)> {
    if until.trim().is_empty() {
        return Ok((String::new(), String::new()));
    }
    let u = parse_iso_date(until, "paused until")?;
    if u <= today {
        return Err(Error::invalid("paused until", "must be a date after today"));
    }
    let reason = clean(reason, &rule("pause reason", 500, true, false))
        .map_err(|_| Error::invalid("pause reason", "say why chasing is paused (it goes in the history)"))?;
    Ok((u.to_string(), reason))
}

pub fn set_client_controls(conn: &mut Connection, id: i64, input: &ClientControls, today: NaiveDate) -> Result<ClientControls> {
    let before = client_info(conn, id)?;
    let mode = check_mode(&input.mode)?;
    let (until, reason) = check_pause(&input.paused_until, &input.pause_reason, today)?;
    let cur = crate::ledger::business_currency(conn)?;
    let min = if input.min_amount.trim().is_empty() { None } else { Some(parse_amount(&input.min_amount, &cur, "minimum amount").or_else(|e| if input.min_amount.trim() == "0" { Ok(0) } else { Err(e) })?) };
    let policy = match &input.interest_policy {
        None => String::new(),
        Some(p) => serde_json::to_string(&p.clone().validate()?).unwrap_or_default(),
    };
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE clients SET chase_mode = ?2, paused_until = ?3, pause_reason = ?4, min_chase_minor = ?5, interest_policy = ?6 WHERE id = ?1",
        params![id, mode, until, reason, min, policy],
    )?;
    let mut notes = Vec::new();
    if before.controls.paused_until != until {
        notes.push(if until.is_empty() { "chasing resumed".to_string() } else { format!("chasing paused until {}: {reason}", crate::ledger::date_style(&tx)?.format_iso(&until)) });
    }
    if before.controls.mode != mode {
        notes.push(format!("chase mode: {}", if mode.is_empty() { "business default" } else { &mode }));
    }
    if before.min_minor != min {
        notes.push(format!("minimum to chase: {}", min.map(|m| cur.display(m)).unwrap_or_else(|| "business default".into())));
    }
    let new_policy = input.interest_policy.clone().map(|p| p.label()).unwrap_or_else(|| "business default".into());
    if before.controls.interest_policy.as_ref().map(|p| p.label()).unwrap_or_else(|| "business default".into()) != new_policy {
        notes.push(format!("interest: {new_policy}"));
    }
    if !notes.is_empty() {
        append_event_detail(&tx, id, today, "chase_settings", &format!("Chasing settings changed: {}", notes.join("; ")), "")?;
    }
    tx.commit()?;
    client_controls(conn, id)
}

pub fn invoice_controls(conn: &Connection, id: i64) -> Result<InvoiceControls> {
    conn.query_row(
        "SELECT chase_mode, paused_until, pause_reason, disputed, dispute_reason FROM invoices WHERE id = ?1",
        [id],
        |r| Ok(InvoiceControls { mode: r.get(0)?, paused_until: r.get(1)?, pause_reason: r.get(2)?, disputed: r.get(3)?, dispute_reason: r.get(4)? }),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("there is no invoice {id}")))
}

pub fn set_invoice_controls(conn: &mut Connection, id: i64, input: &InvoiceControls, today: NaiveDate) -> Result<InvoiceControls> {
    let before = invoice_controls(conn, id)?;
    let mode = check_mode(&input.mode)?;
    let (until, reason) = check_pause(&input.paused_until, &input.pause_reason, today)?;
    let dispute_reason = if input.disputed {
        clean(&input.dispute_reason, &rule("dispute reason", 1000, true, true))
            .map_err(|_| Error::invalid("dispute reason", "say what the client disputes (it goes in the history)"))?
    } else {
        String::new()
    };
    let (client_id, number): (i64, String) = conn.query_row("SELECT client_id, number FROM invoices WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE invoices SET chase_mode = ?2, paused_until = ?3, pause_reason = ?4, disputed = ?5, dispute_reason = ?6 WHERE id = ?1",
        params![id, mode, until, reason, input.disputed, dispute_reason],
    )?;
    if before.disputed != input.disputed {
        if input.disputed {
            append_event_detail(&tx, client_id, today, "dispute_opened", &format!("Invoice {number} disputed: not chased until resolved"), &dispute_reason)?;
        } else {
            append_event_detail(&tx, client_id, today, "dispute_resolved", &format!("Dispute on invoice {number} resolved; chasing resumes"), "")?;
        }
    }
    if before.paused_until != until {
        let s = if until.is_empty() { format!("Chasing of invoice {number} resumed") } else { format!("Chasing of invoice {number} paused until {}: {reason}", crate::ledger::date_style(&tx)?.format_iso(&until)) };
        append_event_detail(&tx, client_id, today, "chase_paused", &s, "")?;
    }
    if before.mode != mode {
        append_event_detail(&tx, client_id, today, "chase_settings", &format!("Invoice {number} chase mode: {}", if mode.is_empty() { "default" } else { &mode }), "")?;
    }
    tx.commit()?;
    invoice_controls(conn, id)
}

// ------------------------------------------------------------------- today

#[derive(Debug, Clone, Serialize)]
pub struct ItemInvoice {
    pub id: i64,
    pub number: String,
    pub due_date: String,
    pub outstanding: Amount,
    pub days_overdue: i64,
}

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
}

#[derive(Debug, Clone, Serialize)]
pub struct Today {
    pub as_of: String,
    pub items: Vec<TodayItem>,
    /// Open overdue invoices not chased now, by reason ("disputed", "paused", "promise", "below minimum",
    /// "arrangement", "escalated").
    pub not_chased: BTreeMap<String, i64>,
}

fn channel_label(ch: &str) -> &'static str {
    match ch {
        "email" => "by email",
        "sms" => "by SMS",
        "call" => "by phone",
        _ => "by letter",
    }
}

struct Env {
    settings: ChaseSettings,
    recent: HashMap<i64, u32>,
    /// Parsed time zones by name (parsing is not free at 20,000 clients).
    zones: std::cell::RefCell<HashMap<String, chrono_tz::Tz>>,
}

fn env(conn: &Connection, ctx: &Ctx) -> Result<Env> {
    let settings = settings::chase(conn)?;
    let since = (ctx.now - Duration::days(7)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut st = conn.prepare_cached(
        "SELECT client_id, COUNT(*) FROM contacts WHERE status IN ('sent', 'done') AND sent_at > ?1 AND sent_at <= ?2 GROUP BY client_id",
    )?;
    let recent = st
        .query_map(params![since, ctx.stamp()], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?)))?
        .collect::<std::result::Result<HashMap<_, _>, _>>()?;
    Ok(Env { settings, recent, zones: Default::default() })
}

fn warnings_for(env: &Env, ctx: &Ctx, client: &Client, channel: &str) -> Vec<Warning> {
    let name = if client.time_zone.is_empty() { &env.settings.time_zone } else { &client.time_zone };
    let tz = *env.zones.borrow_mut().entry(name.clone()).or_insert_with(|| name.parse::<chrono_tz::Tz>().unwrap_or(chrono_tz::Europe::London));
    let (from, until) = env.settings.quiet_hours();
    guards::check(ctx.now, tz, from, until, *env.recent.get(&client.id).unwrap_or(&0), env.settings.max_contacts_per_week, channel)
}

/// The guard warnings for contacting a client now by a channel.
pub fn guard_warnings(conn: &Connection, ctx: &Ctx, client_id: i64, channel: &str) -> Result<Vec<Warning>> {
    let e = env(conn, ctx)?;
    Ok(warnings_for(&e, ctx, &client(conn, client_id)?, channel))
}

/// Everything to do now, as of `ctx.today`. A read: it changes nothing.
/// Call `sweep::run` first so promises, lapsed agreements and defaults are
/// up to date as of `ctx.today`.
pub fn today(conn: &Connection, ctx: &Ctx) -> Result<Today> {
    let settings = settings::chase(conn)?;
    let env = env(conn, ctx)?;
    let stages: Vec<Stage> = ladder::stages(conn)?.into_iter().filter(|s| s.active).collect();
    let promise_pauses = promise::pauses(conn, settings.promise_grace_days)?;
    let broken_promises = promise::broken(conn, settings.promise_grace_days)?;
    let arranged = crate::negotiation::covered_invoices(conn)?;
    // Handed over to an agency or solicitor: no longer chased by us.
    let escalated: std::collections::HashSet<i64> =
        conn.prepare_cached("SELECT id FROM clients WHERE escalated_on != ''")?.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
    let steps = steps_of(conn, None)?;
    let bcur = crate::ledger::business_currency(conn)?;
    let default_min = parse_amount(&settings.min_amount, &bcur, "minimum").unwrap_or(0);
    let mut clients: HashMap<i64, ClientInfo> = HashMap::new();
    // One item per client and currency: a good collector contacts a client
    // once about the whole account, at its most advanced stage.
    let mut groups: BTreeMap<(i64, String), Vec<(Open, ladder::Next)>> = BTreeMap::new();
    // Every overdue invoice that may be chased now, by client and currency.
    let mut chaseable: HashMap<(i64, String), Vec<Open>> = HashMap::new();
    let mut not_chased: BTreeMap<String, i64> = BTreeMap::new();
    let mut items = Vec::new();
    for inv in open_invoices(conn, None)? {
        if let std::collections::hash_map::Entry::Vacant(e) = clients.entry(inv.client_id) {
            e.insert(client_info_in(conn, inv.client_id, &bcur)?);
        }
        let ci = &clients[&inv.client_id];
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
        let min = ci.min_minor.unwrap_or(default_min);
        if inv.currency == bcur.code && inv.outstanding < min {
            if overdue {
                *not_chased.entry("below minimum".into()).or_default() += 1;
            }
            continue;
        }
        let mut resume: Option<NaiveDate> = None;
        for p in [&inv.paused_until, &ci.controls.paused_until] {
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
        let key = (inv.client_id, inv.currency.clone());
        if overdue {
            chaseable.entry(key.clone()).or_default().push(inv.clone());
        }
        let steps_of_inv = steps.get(&inv.id).map(|v| v.as_slice()).unwrap_or(&[]);
        let Some(next) = ladder::next_stage(&stages, inv.due, ctx.today, steps_of_inv, resume, broken_promises.get(&inv.id).copied()) else {
            continue;
        };
        if next.due_on > ctx.today {
            continue;
        }
        groups.entry(key).or_default().push((inv, next));
    }
    let grace = settings.promise_grace_days;
    for ((client_id, code), due) in groups {
        let account = chaseable.remove(&(client_id, code.clone())).unwrap_or_default();
        let overdue_due = due.iter().any(|(i, _)| i.due < ctx.today);
        // A heads-up goes only to a client with nothing overdue being chased:
        // otherwise the new invoice joins the account's next message.
        if !overdue_due && !account.is_empty() {
            continue;
        }
        let si = due.iter().filter(|(i, _)| !overdue_due || i.due < ctx.today).map(|(_, n)| n.index).max().expect("non-empty group");
        let due_on = due.iter().map(|(_, n)| n.due_on).min().expect("non-empty group");
        // The message covers the whole overdue account, not only the
        // invoices whose own step fell due today.
        let invs: Vec<Open> = if overdue_due { account } else { due.into_iter().map(|(i, _)| i).collect() };
        let ci = &clients[&client_id];
        let stage = stages[si].clone();
        let cur = Currency::find(&code)?;
        let total: i64 = invs.iter().map(|i| i.outstanding).sum();
        let oldest = invs.iter().map(|i| i.due).min().unwrap_or(ctx.today);
        let days = (ctx.today - oldest).num_days();
        let mode_of = |i: &Open| -> String {
            if !i.mode.is_empty() {
                i.mode.clone()
            } else if !ci.controls.mode.is_empty() {
                ci.controls.mode.clone()
            } else {
                settings.mode.clone()
            }
        };
        let auto = stage.kind == "contact" && stage.channel == "email" && invs.iter().all(|i| mode_of(i) == "auto");
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
            client_name: ci.client.name.clone(),
            channel: stage.channel.clone(),
            title: if kind == "review" { format!("{}: decide the next step", stage.name) } else { stage.name.clone() },
            detail: format!(
                "{}{} invoice{} · {} · {when}",
                if kind == "review" { String::new() } else { format!("{} · ", channel_label(&stage.channel)) },
                invs.len(),
                if invs.len() == 1 { "" } else { "s" },
                cur.display(total)
            ),
            invoices: invs
                .iter()
                .map(|i| ItemInvoice {
                    id: i.id,
                    number: i.number.clone(),
                    due_date: i.due.to_string(),
                    outstanding: Amount::new(i.outstanding, &cur),
                    days_overdue: (ctx.today - i.due).num_days(),
                })
                .collect(),
            total: Some(Amount::new(total, &cur)),
            due_on: due_on.to_string(),
            auto,
            warnings: if kind == "review" { vec![] } else { warnings_for(&env, ctx, &ci.client, &stage.channel) },
            stage: Some(stage),
            promise: None,
        });
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
            warnings: warnings_for(&env, ctx, &c, "call"),
            promise: Some(p),
        });
    }
    // Pauses ending today (client-wide, then per invoice).
    let today_s = ctx.today.to_string();
    let mut st = conn.prepare_cached("SELECT id, name, pause_reason FROM clients WHERE paused_until = ?1")?;
    let ending: Vec<(i64, String, String)> = st.query_map([&today_s], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<std::result::Result<_, _>>()?;
    for (id, name, reason) in ending {
        items.push(pause_item(format!("pause-client-{id}"), id, name, format!("Chasing resumes today (paused: {reason})"), &today_s));
    }
    let mut st = conn.prepare_cached(
        "SELECT i.client_id, c.name, i.number, i.pause_reason FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.paused_until = ?1",
    )?;
    let ending: Vec<(i64, String, String, String)> = st.query_map([&today_s], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<std::result::Result<_, _>>()?;
    for (id, name, number, reason) in ending {
        items.push(pause_item(format!("pause-invoice-{number}"), id, name, format!("Chasing of {number} resumes today (paused: {reason})"), &today_s));
    }
    // Written agreements waiting on someone: the client's signed copy due back
    // within three days, or a signed copy to countersign.
    let mut st = conn.prepare_cached(
        "SELECT g.client_id, c.name, g.reference, g.status, g.return_by FROM agreements g JOIN clients c ON c.id = g.client_id
         WHERE g.status IN ('issued', 'signed')",
    )?;
    let waiting: Vec<(i64, String, String, String, String)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, Option<String>>(4)?.unwrap_or_default())))?.collect::<std::result::Result<_, _>>()?;
    for (id, name, reference, status, return_by) in waiting {
        let back_by = d(&return_by);
        let (title, detail) = if status == "signed" {
            ("Countersign".to_string(), format!("{reference} came back signed: countersign it to make it active"))
        } else if back_by <= ctx.today + Duration::days(3) {
            ("Signed copy due".to_string(), format!("{reference} should be back signed by {}; if not, it lapses and the case returns to negotiation", template::human_date(back_by)))
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
        });
    }
    for (client_id, key, kind, title, detail, due_on) in crate::follow::today_items(conn, ctx.today, &settings.progress_updates)? {
        if escalated.contains(&client_id) {
            continue;
        }
        let name = clients.get(&client_id).map(|c| c.client.name.clone()).unwrap_or_else(|| crate::ledger::client(conn, client_id).map(|c| c.name.clone()).unwrap_or_default());
        items.push(TodayItem { key, kind, client_id, client_name: name, stage: None, channel: String::new(), title, detail, invoices: vec![], total: None, due_on, auto: false, warnings: vec![], promise: None });
    }
    let rank = |k: &str| match k {
        "agreement_default" => 0,
        "promise_broken" => 0,
        "instalment_late" => 1,
        "call" => 1,
        "reminder" => 2,
        "promise_due" => 3,
        "review" => 4,
        _ => 5,
    };
    items.sort_by(|a, b| rank(&a.kind).cmp(&rank(&b.kind)).then(a.due_on.cmp(&b.due_on)).then(a.client_name.cmp(&b.client_name)));
    Ok(Today { as_of: ctx.today.to_string(), items, not_chased })
}

fn pause_item(key: String, client_id: i64, name: String, detail: String, today: &str) -> TodayItem {
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
    }
}

// --------------------------------------------------------------- compose

/// What the owner asks to prepare: a client, a stage (or none for an ad-hoc
/// message), a channel (default: the stage's), and invoices (default: every
/// open invoice of the client in one currency).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ComposeInput {
    pub client_id: i64,
    pub stage_id: Option<i64>,
    pub channel: String,
    pub invoice_ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InterestLine {
    pub invoice: String,
    pub days: i64,
    pub rate: String,
    pub interest: Amount,
    pub compensation: Amount,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Charges {
    pub principal: Amount,
    /// Late-payment interest to date (accrues day by day).
    pub interest: Amount,
    /// Fixed statutory compensation (e.g. £40/£70/£100 per invoice under the
    /// UK Late Payment Act, €40 under the EU Directive): due once, never
    /// accruing.
    pub compensation: Amount,
    /// Fees applied, plus this stage's fee if it is not yet applied.
    pub fees: Amount,
    pub charges: Amount,
    pub total_due: Amount,
    pub policy: String,
    pub lines: Vec<InterestLine>,
    /// Not for the debtor: set when the interest relies on a reference-rate
    /// table not brought up to date for more than six months.
    pub rates_warning: String,
    /// `charges`, `interest` and `fees` in minor units.
    #[serde(skip)]
    pub(crate) charges_minor: i64,
    /// Interest and compensation together: the part of a balance that
    /// agreements and negotiations carry as "interest and compensation".
    #[serde(skip)]
    pub(crate) interest_minor: i64,
    #[serde(skip)]
    pub(crate) fees_minor: i64,
    #[serde(skip)]
    pub(crate) compensation_minor: i64,
}

/// A message ready to preview, edit and send.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub client_id: i64,
    pub client_name: String,
    pub stage: Option<Stage>,
    pub channel: String,
    pub invoice_ids: Vec<i64>,
    pub invoices: Vec<ItemInvoice>,
    /// Email address, phone number, or postal address.
    pub recipient: String,
    /// Why the recipient is missing or unusable, if it is.
    pub recipient_problem: String,
    pub subject: String,
    pub body: String,
    pub charges: Charges,
    pub new_due_date: String,
    pub warnings: Vec<Warning>,
    pub tone_flags: Vec<crate::tone::Flag>,
    pub sms: Option<SmsInfo>,
    /// `sms:` or `tel:` link for the QR code.
    pub link: String,
    pub qr: Vec<String>,
    pub letter_kind: String,
}

pub(crate) struct Prepared {
    pub client: Client,
    pub business: Business,
    pub stage: Option<Stage>,
    pub invoices: Vec<Open>,
    pub currency: Currency,
    pub values: Values,
    pub charges: Charges,
    pub new_due: NaiveDate,
}

fn policy_for(conn: &Connection, client_id: i64) -> Result<InterestPolicy> {
    Ok(client_info(conn, client_id)?.controls.interest_policy.unwrap_or(settings::interest_policy(conn)?))
}

fn payments_of_invoice(conn: &Connection, invoice_id: i64) -> Result<Vec<Paid>> {
    let mut st = conn.prepare_cached(
        "SELECT p.date, a.amount_minor FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id = ?1",
    )?;
    let rows = st.query_map([invoice_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for r in rows {
        let (date, minor) = r?;
        out.push(Paid { date: d(&date), minor });
    }
    Ok(out)
}

/// Interest, compensation and fees on `invoices` as of `today`.
pub(crate) fn charges(conn: &Connection, client: &Client, invoices: &[Open], cur: &Currency, stage: Option<&Stage>, today: NaiveDate) -> Result<Charges> {
    let policy = policy_for(conn, client.id)?;
    let rates = interest::load(conn)?;
    let bcur = crate::ledger::business_currency(conn)?;
    let consumer = client.kind == "consumer";
    let (mut principal, mut int_total, mut fee_total) = (0i64, 0i64, 0i64);
    let (mut interest_only, mut compensation) = (0i64, 0i64);
    let mut lines = Vec::new();
    for inv in invoices {
        principal += inv.outstanding;
        let a = interest::accrue(&policy, inv.amount, cur, inv.due, &payments_of_invoice(conn, inv.id)?, today, consumer, &rates);
        int_total += a.interest_minor + a.compensation_minor;
        interest_only += a.interest_minor;
        compensation += a.compensation_minor;
        if a.interest_minor + a.compensation_minor > 0 || !a.note.is_empty() {
            lines.push(InterestLine {
                invoice: inv.number.clone(),
                days: a.days,
                rate: a.rate.clone(),
                interest: Amount::new(a.interest_minor, cur),
                compensation: Amount::new(a.compensation_minor, cur),
                note: a.note.clone(),
            });
        }
        let applied: i64 = conn.query_row("SELECT COALESCE(SUM(amount_minor), 0) FROM fees WHERE invoice_id = ?1", [inv.id], |r| r.get(0))?;
        fee_total += applied;
        if let Some(s) = stage {
            let fee = s.fee_minor;
            if fee > 0 && cur.code == bcur.code && !inv.disputed {
                let exists: bool = conn.query_row("SELECT COUNT(*) > 0 FROM fees WHERE invoice_id = ?1 AND stage_id = ?2", params![inv.id, s.id], |r| r.get(0))?;
                if !exists {
                    fee_total += fee;
                }
            }
        }
    }
    Ok(Charges {
        principal: Amount::new(principal, cur),
        interest: Amount::new(interest_only, cur),
        compensation: Amount::new(compensation, cur),
        fees: Amount::new(fee_total, cur),
        charges: Amount::new(int_total + fee_total, cur),
        total_due: Amount::new(principal + int_total + fee_total, cur),
        rates_warning: match policy.rate_region() {
            Some(region) if lines.iter().any(|l| !l.rate.is_empty()) => rates.staleness(region, today, crate::ledger::date_style(conn)?).unwrap_or_default(),
            _ => String::new(),
        },
        policy: policy.label(),
        lines,
        charges_minor: int_total + fee_total,
        interest_minor: int_total,
        fees_minor: fee_total,
        compensation_minor: compensation,
    })
}

pub(crate) fn prepare(conn: &Connection, ctx: &Ctx, input: &ComposeInput) -> Result<Prepared> {
    let c = client(conn, input.client_id).map_err(|_| Error::invalid("client", format!("there is no client with id {}", input.client_id)))?;
    let stage = match input.stage_id {
        Some(id) => Some(ladder::stage(conn, id)?),
        None => None,
    };
    let open = open_invoices(conn, Some(c.id))?;
    let invoices: Vec<Open> = if input.invoice_ids.is_empty() {
        // Every undisputed open invoice in the first currency; only the
        // overdue ones when some are overdue.
        let first = open.iter().find(|o| !o.disputed).map(|o| o.currency.clone());
        let mut v: Vec<Open> = open.into_iter().filter(|o| !o.disputed && Some(&o.currency) == first.as_ref()).collect();
        if v.iter().any(|o| o.due < ctx.today) {
            v.retain(|o| o.due < ctx.today);
        }
        v
    } else {
        let mut v = Vec::new();
        for id in &input.invoice_ids {
            let o = open.iter().find(|o| o.id == *id).ok_or_else(|| Error::invalid("invoices", format!("invoice {id} is not an open invoice of {}", c.name)))?;
            v.push(o.clone());
        }
        v
    };
    if invoices.is_empty() {
        return Err(Error::invalid("invoices", format!("{} has no open invoices to chase", c.name)));
    }
    let code = invoices[0].currency.clone();
    if let Some(other) = invoices.iter().find(|i| i.currency != code) {
        return Err(Error::invalid("invoices", format!("choose invoices in one currency at a time ({} and {} were chosen)", code, other.currency)));
    }
    let cur = Currency::find(&code)?;
    let b = business(conn)?;
    let ch = charges(conn, &c, &invoices, &cur, stage.as_ref(), ctx.today)?;
    let new_due = ctx.today + Duration::days(stage.as_ref().map(|s| s.new_due_days).filter(|n| *n > 0).unwrap_or(7));
    let oldest = invoices.iter().map(|i| i.due).min().expect("non-empty");
    let mut v = Values::new();
    v.insert("client", c.name.clone());
    v.insert("contact", if c.contact_person.is_empty() { c.name.clone() } else { c.contact_person.clone() });
    let rows: Vec<Vec<String>> = invoices
        .iter()
        .map(|i| vec![i.number.clone(), b.date(i.due), cur.display(i.amount), cur.display(i.outstanding)])
        .collect();
    v.insert("invoice_table", template::invoice_lines(&rows));
    v.insert("invoice_numbers", invoices.iter().map(|i| i.number.as_str()).collect::<Vec<_>>().join(", "));
    v.insert("due_date", b.date(oldest));
    let mut dues: Vec<NaiveDate> = invoices.iter().map(|i| i.due).collect();
    dues.sort();
    v.insert("due_phrase", template::due_phrase(&dues.iter().map(|d| b.date(*d)).collect::<Vec<_>>()));
    v.insert("days_overdue", (ctx.today - oldest).num_days().max(0).to_string());
    v.insert("how_overdue", template::how_overdue(&invoices.iter().map(|i| (ctx.today - i.due).num_days()).collect::<Vec<_>>()));
    v.insert("total", ch.principal.display.clone());
    let shown = |a: &Amount| if a.amount.trim_start_matches(['0', '.']).is_empty() { template::DROP_LINE.to_string() } else { a.display.clone() };
    v.insert("interest", shown(&ch.interest));
    v.insert("compensation", shown(&ch.compensation));
    v.insert("fees", shown(&ch.fees));
    v.insert("charges", shown(&ch.charges));
    v.insert("total_due", ch.total_due.display.clone());
    v.insert("new_due_date", b.date(new_due));
    v.insert("today", b.date(ctx.today));
    v.insert("payment_details", if b.payment_details.is_empty() { "(payment details: see the invoice)".into() } else { b.payment_details.clone() });
    v.insert("business", b.trading_name.clone());
    v.insert("phone", if b.phone.is_empty() { "the number on our invoice".into() } else { b.phone.clone() });
    v.insert("email", if b.email.is_empty() { "the address on our invoice".into() } else { b.email.clone() });
    let sig = [b.trading_name.as_str(), b.phone.as_str(), b.email.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("\n");
    v.insert("signature", sig);
    Ok(Prepared { client: c, business: b, stage, invoices, currency: cur, values: v, charges: ch, new_due })
}

fn recipient(c: &Client, channel: &str) -> (String, String) {
    match channel {
        "email" => match clean_email(&c.email, "email") {
            Ok(e) if !e.is_empty() => (e, String::new()),
            Ok(_) => (String::new(), format!("{} has no email address; add one on the client's page", c.name)),
            Err(_) => (c.email.clone(), format!("'{}' is not a valid email address", c.email)),
        },
        "sms" | "call" => match sms::normalize_phone(&c.phone) {
            Ok(_) => (c.phone.trim().to_string(), String::new()),
            Err(_) if c.phone.is_empty() => (String::new(), format!("{} has no phone number; add one on the client's page", c.name)),
            Err(e) => (c.phone.clone(), e.to_string()),
        },
        _ => {
            if c.address.trim().is_empty() {
                (String::new(), format!("{} has no postal address; add one on the client's page", c.name))
            } else {
                (c.address.clone(), String::new())
            }
        }
    }
}

/// Prepares the message for a client and stage with the stage's template.
pub fn compose(conn: &Connection, ctx: &Ctx, input: &ComposeInput) -> Result<Draft> {
    let p = prepare(conn, ctx, input)?;
    let channel = if !input.channel.is_empty() {
        if !ladder::CHANNELS.contains(&input.channel.as_str()) {
            return Err(Error::invalid("channel", format!("'{}' is not email, sms, call or letter", input.channel)));
        }
        input.channel.clone()
    } else {
        p.stage.as_ref().map(|s| s.channel.clone()).unwrap_or_else(|| "email".into())
    };
    let (subject_t, body_t) = match &p.stage {
        Some(s) => {
            let t = ladder::template(conn, s.id, &channel)?;
            (t.subject, t.body)
        }
        None => {
            let t = template::default_text("friendly", &channel);
            (t.subject.to_string(), t.body.to_string())
        }
    };
    let subject = template::render(&subject_t, &p.values);
    let body = template::render(&body_t, &p.values);
    let tone = p.stage.as_ref().map(|s| s.tone.clone()).unwrap_or_else(|| "friendly".into());
    let (recipient, recipient_problem) = recipient(&p.client, &channel);
    let (sms_info, link, qr) = match channel.as_str() {
        "sms" if recipient_problem.is_empty() => {
            let link = sms::sms_link(&recipient, &body)?;
            let qr = sms::qr_rows(&link).unwrap_or_default();
            (Some(sms::info(&body)), link, qr)
        }
        "sms" => (Some(sms::info(&body)), String::new(), vec![]),
        "call" if recipient_problem.is_empty() => {
            let link = sms::tel_link(&recipient)?;
            let qr = sms::qr_rows(&link)?;
            (None, link, qr)
        }
        _ => (None, String::new(), vec![]),
    };
    Ok(Draft {
        client_id: p.client.id,
        client_name: p.client.name.clone(),
        invoice_ids: p.invoices.iter().map(|i| i.id).collect(),
        invoices: p
            .invoices
            .iter()
            .map(|i| ItemInvoice {
                id: i.id,
                number: i.number.clone(),
                due_date: i.due.to_string(),
                outstanding: Amount::new(i.outstanding, &p.currency),
                days_overdue: (ctx.today - i.due).num_days(),
            })
            .collect(),
        recipient,
        recipient_problem,
        tone_flags: crate::tone::check(&format!("{subject}\n{body}"), &tone),
        subject,
        body,
        charges: p.charges,
        new_due_date: p.new_due.to_string(),
        warnings: guard_warnings(conn, ctx, p.client.id, &channel)?,
        sms: sms_info,
        link,
        qr,
        letter_kind: p.stage.as_ref().map(|s| s.letter_kind.clone()).unwrap_or_else(|| "reminder".into()),
        stage: p.stage,
        channel,
    })
}

// ----------------------------------------------------------------- actions

/// A message the owner confirmed (possibly edited).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SendInput {
    pub client_id: i64,
    pub stage_id: Option<i64>,
    pub channel: String,
    pub invoice_ids: Vec<i64>,
    pub subject: String,
    pub body: String,
    /// Required when a guard warns; logged with the contact.
    pub override_reason: String,
    /// Email only: attach the stage's letter as a PDF.
    pub attach_letter: bool,
    /// Email only: attach a statement of account.
    pub attach_statement: bool,
}

pub(crate) fn validate_message(conn: &Connection, ctx: &Ctx, input: &SendInput) -> Result<(Prepared, String, String, String, String)> {
    let p = prepare(conn, ctx, &ComposeInput { client_id: input.client_id, stage_id: input.stage_id, channel: input.channel.clone(), invoice_ids: input.invoice_ids.clone() })?;
    let channel = input.channel.clone();
    if !ladder::CHANNELS.contains(&channel.as_str()) {
        return Err(Error::invalid("channel", format!("'{channel}' is not email, sms, call or letter")));
    }
    let subject = clean(&input.subject, &rule("subject", 300, channel == "email", false))?;
    let body = clean(&input.body, &rule("message", 20_000, channel != "call", true))?;
    let tone = p.stage.as_ref().map(|s| s.tone.as_str()).unwrap_or("friendly");
    let flags = crate::tone::check(&format!("{subject}\n{body}"), tone);
    if !flags.is_empty() {
        return Err(Error::invalid("message", format!("the tone check flagged it, so it was not sent: {}", crate::tone::describe(&flags))));
    }
    let (to, problem) = recipient(&p.client, &channel);
    if !problem.is_empty() {
        return Err(Error::invalid("recipient", problem));
    }
    let warnings = guard_warnings(conn, ctx, p.client.id, &channel)?;
    let reason = clean(&input.override_reason, &rule("reason", 500, false, false))?;
    if !warnings.is_empty() && reason.is_empty() {
        return Err(Error::invalid(
            "override reason",
            format!("{}; give a reason to contact anyway", warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>().join("; ")),
        ));
    }
    Ok((p, subject, body, to, reason))
}

struct NewContact<'a> {
    client_id: i64,
    stage_id: Option<i64>,
    channel: &'a str,
    status: &'a str,
    recipient: &'a str,
    subject: &'a str,
    body: &'a str,
    attachments: &'a [String],
    override_reason: &'a str,
}

fn insert_contact(tx: &Connection, ctx: &Ctx, c: &NewContact, invoice_ids: &[i64]) -> Result<i64> {
    let sent_at = if c.status == "sent" || c.status == "done" { ctx.stamp() } else { String::new() };
    tx.execute(
        "INSERT INTO contacts (client_id, stage_id, channel, status, on_date, created_at, sent_at, recipient, subject, body, attachments, override_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            c.client_id,
            c.stage_id,
            c.channel,
            c.status,
            ctx.today.to_string(),
            now_stamp(),
            sent_at,
            c.recipient,
            c.subject,
            c.body,
            serde_json::to_string(c.attachments).unwrap_or_else(|_| "[]".into()),
            c.override_reason
        ],
    )?;
    let id = tx.last_insert_rowid();
    for inv in invoice_ids {
        tx.execute("INSERT INTO contact_invoices (contact_id, invoice_id) VALUES (?1, ?2)", params![id, inv])?;
    }
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
/// Records a stage as done for invoices: the steps, and the stage's fee once
/// per invoice (never on a disputed invoice, never twice).
fn complete_stage(tx: &Connection, ctx: &Ctx, client_id: i64, stage_id: Option<i64>, invoice_ids: &[i64], action: &str, reason: &str, contact_id: Option<i64>) -> Result<()> {
    let Some(stage_id) = stage_id else { return Ok(()) };
    let s = ladder::stage(tx, stage_id)?;
    let bcur = crate::ledger::business_currency(tx)?;
    let fee = s.fee_minor;
    for inv in invoice_ids {
        tx.execute(
            "INSERT INTO chase_steps (invoice_id, stage_id, action, on_date, reason, contact_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![inv, stage_id, action, ctx.today.to_string(), reason, contact_id, now_stamp()],
        )?;
        if action == "sent" && fee > 0 {
            let (code, disputed, number): (String, bool, String) =
                tx.query_row("SELECT currency, disputed, number FROM invoices WHERE id = ?1", [inv], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            if code == bcur.code && !disputed {
                let n = tx.execute(
                    "INSERT OR IGNORE INTO fees (invoice_id, stage_id, amount_minor, currency, on_date) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![inv, stage_id, fee, code, ctx.today.to_string()],
                )?;
                if n == 1 {
                    append_event_detail(tx, client_id, ctx.today, "fee_applied", &format!("{} fee applied to invoice {number} ({})", bcur.display(fee), s.name), "")?;
                }
            }
        }
    }
    Ok(())
}

fn numbers(p: &Prepared) -> String {
    p.invoices.iter().map(|i| i.number.as_str()).collect::<Vec<_>>().join(", ")
}

fn stage_name(p: &Prepared) -> String {
    p.stage.as_ref().map(|s| s.name.clone()).unwrap_or_else(|| "Message".into())
}

/// An email written to the outbox (status queued), with its attachments
/// already generated. Call `mark_email_result` once the server answered.
#[derive(Debug, Clone, Serialize)]
pub struct Queued {
    pub contact_id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<String>,
}

/// A contact about a written agreement (the agreement itself, a progress
/// update, a default notice): no ladder stage; an email goes to the outbox
/// as `queued`, a letter is recorded as `sent` (posted by the owner).
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_agreement_contact(tx: &Connection, ctx: &Ctx, agreement_id: i64, client_id: i64, channel: &str, to: &str, subject: &str, body: &str, files: &[String]) -> Result<i64> {
    let status = if channel == "email" { "queued" } else { "sent" };
    let id = insert_contact(
        tx,
        ctx,
        &NewContact { client_id, stage_id: None, channel, status, recipient: to, subject, body, attachments: files, override_reason: "" },
        &[],
    )?;
    tx.execute("UPDATE contacts SET agreement_id = ?2 WHERE id = ?1", params![id, agreement_id])?;
    Ok(id)
}

pub fn queue_email(conn: &mut Connection, ctx: &Ctx, input: &SendInput) -> Result<Queued> {
    let mut input = input.clone();
    input.channel = "email".into();
    let (p, subject, body, to, reason) = validate_message(conn, ctx, &input)?;
    let mut files = Vec::new();
    if input.attach_letter {
        files.push(crate::letter::save(conn, ctx, &crate::letter::LetterRequest::from_stage(&input), None)?);
    }
    if input.attach_statement {
        let req = crate::letter::LetterRequest { client_id: input.client_id, kind: "statement".into(), ..Default::default() };
        files.push(crate::letter::save(conn, ctx, &req, None)?);
    }
    let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let ids: Vec<i64> = p.invoices.iter().map(|i| i.id).collect();
    let tx = conn.transaction()?;
    let contact_id = insert_contact(
        &tx,
        ctx,
        &NewContact { client_id: p.client.id, stage_id: input.stage_id, channel: "email", status: "queued", recipient: &to, subject: &subject, body: &body, attachments: &files, override_reason: &reason },
        &ids,
    )?;
    tx.commit()?;
    Ok(Queued { contact_id, to, subject, body, attachments: files })
}

/// The outcome of one delivery attempt. Success records the stage as sent
/// (steps, fees, history); failure keeps the email in the outbox as failed
/// with the server's reason, ready to retry.
pub fn mark_email_result(conn: &mut Connection, ctx: &Ctx, contact_id: i64, result: std::result::Result<(), String>) -> Result<Contact> {
    let c = contact(conn, contact_id)?;
    let tx = conn.transaction()?;
    match result {
        Ok(()) => {
            tx.execute(
                "UPDATE contacts SET status = 'sent', sent_at = ?2, error = '', attempts = attempts + 1 WHERE id = ?1",
                params![contact_id, ctx.stamp()],
            )?;
            complete_stage(&tx, ctx, c.client_id, c.stage_id, &c.invoice_ids, "sent", "", Some(contact_id))?;
            let mut summary = format!("Email sent to {}: {}", c.recipient, c.subject);
            if !c.override_reason.is_empty() {
                summary.push_str(&format!(" (guard overridden: {})", c.override_reason));
            }
            append_event_detail(&tx, c.client_id, ctx.today, "email_sent", &summary, &c.body)?;
            let agreement: Option<i64> = tx.query_row("SELECT agreement_id FROM contacts WHERE id = ?1", [contact_id], |r| r.get(0))?;
            if let Some(a) = agreement {
                crate::agreement::sent_by_email(&tx, ctx, a, &c.attachments)?;
            }
        }
        Err(reason) => {
            tx.execute(
                "UPDATE contacts SET status = 'failed', error = ?2, attempts = attempts + 1 WHERE id = ?1",
                params![contact_id, reason],
            )?;
            append_event_detail(&tx, c.client_id, ctx.today, "email_failed", &format!("Email to {} not sent: {reason}", c.recipient), &c.subject)?;
        }
    }
    tx.commit()?;
    contact(conn, contact_id)
}

/// SMS sent from the owner's phone, or a letter posted: recorded as sent.
pub fn record_sent(conn: &mut Connection, ctx: &Ctx, input: &SendInput) -> Result<Contact> {
    if input.channel != "sms" && input.channel != "letter" {
        return Err(Error::invalid("channel", "only an SMS or a letter is marked as sent by hand; emails are sent, calls are logged"));
    }
    let (p, subject, body, to, reason) = validate_message(conn, ctx, input)?;
    let files = if input.channel == "letter" {
        vec![crate::letter::save(conn, ctx, &crate::letter::LetterRequest::from_stage(input), None)?.display().to_string()]
    } else {
        vec![]
    };
    let ids: Vec<i64> = p.invoices.iter().map(|i| i.id).collect();
    let tx = conn.transaction()?;
    let id = insert_contact(
        &tx,
        ctx,
        &NewContact { client_id: p.client.id, stage_id: input.stage_id, channel: &input.channel, status: "sent", recipient: &to, subject: &subject, body: &body, attachments: &files, override_reason: &reason },
        &ids,
    )?;
    complete_stage(&tx, ctx, p.client.id, input.stage_id, &ids, "sent", "", Some(id))?;
    let what = if input.channel == "sms" { format!("SMS sent to {to}") } else { "Letter posted".to_string() };
    let mut summary = format!("{}: {what} ({})", stage_name(&p), numbers(&p));
    if !reason.is_empty() {
        summary.push_str(&format!(" (guard overridden: {reason})"));
    }
    append_event_detail(&tx, p.client.id, ctx.today, &format!("{}_sent", input.channel), &summary, &body)?;
    tx.commit()?;
    contact(conn, id)
}

pub const OUTCOMES: &[&str] = &["reached", "no_answer", "voicemail", "wrong_number"];
pub const REASONS: &[&str] = &["", "forgot", "cash_flow", "dispute", "hardship_job_loss", "hardship_illness", "hardship_other", "invoice_not_received", "other"];

pub fn reason_label(r: &str) -> &str {
    match r {
        "forgot" => "forgot",
        "cash_flow" => "cash-flow gap",
        "dispute" => "dispute",
        "hardship_job_loss" => "hardship: job loss",
        "hardship_illness" => "hardship: illness",
        "hardship_other" => "hardship",
        "invoice_not_received" => "invoice not received",
        "other" => "other",
        _ => "not given",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CallInput {
    pub client_id: i64,
    pub stage_id: Option<i64>,
    pub invoice_ids: Vec<i64>,
    /// reached / no_answer / voicemail / wrong_number
    pub outcome: String,
    /// forgot / cash_flow / dispute / hardship_* / invoice_not_received / other
    pub reason: String,
    pub circumstances: String,
    pub proposal: String,
    pub override_reason: String,
    pub promise: Option<PromiseInput>,
}

/// Logs a call. Reached or voicemail completes the stage; no answer keeps it
/// and snoozes it to tomorrow; a wrong number skips it with that reason. A
/// reason of "dispute" marks the invoices disputed. An optional promise is
/// recorded in the same transaction.
pub fn log_call(conn: &mut Connection, ctx: &Ctx, input: &CallInput) -> Result<Contact> {
    let outcome = input.outcome.as_str();
    if !OUTCOMES.contains(&outcome) {
        return Err(Error::invalid("outcome", "choose reached, no answer, voicemail or wrong number"));
    }
    if !REASONS.contains(&input.reason.as_str()) {
        return Err(Error::invalid("reason", format!("'{}' is not a reason Overdue knows", input.reason)));
    }
    if outcome != "reached" && (input.promise.is_some() || !input.reason.is_empty()) {
        return Err(Error::invalid("outcome", "a reason or a promise can only come from a call where you reached the client"));
    }
    let p = prepare(conn, ctx, &ComposeInput { client_id: input.client_id, stage_id: input.stage_id, channel: "call".into(), invoice_ids: input.invoice_ids.clone() })?;
    let circumstances = clean(&input.circumstances, &rule("circumstances", 4000, false, true))?;
    let proposal = clean(&input.proposal, &rule("proposal", 2000, false, true))?;
    let warnings = guard_warnings(conn, ctx, p.client.id, "call")?;
    let override_reason = clean(&input.override_reason, &rule("reason", 500, false, false))?;
    if !warnings.is_empty() && override_reason.is_empty() {
        return Err(Error::invalid(
            "override reason",
            format!("{}; give a reason to call anyway", warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>().join("; ")),
        ));
    }
    let ids: Vec<i64> = p.invoices.iter().map(|i| i.id).collect();
    let phone = sms::normalize_phone(&p.client.phone).unwrap_or_else(|_| p.client.phone.clone());
    let tx = conn.transaction()?;
    let status = if outcome == "reached" || outcome == "voicemail" { "done" } else { "sent" };
    let notes = format!(
        "Outcome: {}\nReason for non-payment: {}\nCircumstances: {}\nTheir proposal: {}",
        outcome.replace('_', " "),
        reason_label(&input.reason),
        if circumstances.is_empty() { "-" } else { &circumstances },
        if proposal.is_empty() { "-" } else { &proposal }
    );
    let id = insert_contact(
        &tx,
        ctx,
        &NewContact { client_id: p.client.id, stage_id: input.stage_id, channel: "call", status, recipient: &phone, subject: "Phone call", body: &notes, attachments: &[], override_reason: &override_reason },
        &ids,
    )?;
    tx.execute(
        "UPDATE contacts SET outcome = ?2, reason = ?3, circumstances = ?4, proposal = ?5 WHERE id = ?1",
        params![id, outcome, input.reason, circumstances, proposal],
    )?;
    match outcome {
        "reached" | "voicemail" => complete_stage(&tx, ctx, p.client.id, input.stage_id, &ids, "sent", "", Some(id))?,
        "wrong_number" => complete_stage(&tx, ctx, p.client.id, input.stage_id, &ids, "skipped", "wrong number", Some(id))?,
        _ => {
            if let Some(sid) = input.stage_id {
                for inv in &ids {
                    tx.execute(
                        "INSERT INTO chase_steps (invoice_id, stage_id, action, on_date, until, reason, contact_id, created_at) VALUES (?1, ?2, 'snoozed', ?3, ?4, 'no answer', ?5, ?6)",
                        params![inv, sid, ctx.today.to_string(), (ctx.today + Duration::days(1)).to_string(), id, now_stamp()],
                    )?;
                }
            }
        }
    }
    let mut summary = format!("Call ({}): {}", numbers(&p), outcome.replace('_', " "));
    if outcome == "reached" {
        summary.push_str(&format!("; reason: {}", reason_label(&input.reason)));
    }
    if outcome == "wrong_number" {
        summary.push_str(" — check the client's phone number");
    }
    if !override_reason.is_empty() {
        summary.push_str(&format!(" (guard overridden: {override_reason})"));
    }
    append_event_detail(&tx, p.client.id, ctx.today, "call_logged", &summary, &notes)?;
    if input.reason == "dispute" {
        for inv in &p.invoices {
            tx.execute("UPDATE invoices SET disputed = 1, dispute_reason = ?2 WHERE id = ?1", params![inv.id, if circumstances.is_empty() { "disputed on a call" } else { &circumstances }])?;
        }
        append_event_detail(&tx, p.client.id, ctx.today, "dispute_opened", &format!("{} disputed on a call: not chased until resolved", numbers(&p)), &circumstances)?;
    }
    if let Some(pr) = &input.promise {
        let mut pr = pr.clone();
        pr.client_id = p.client.id;
        if pr.invoice_ids.is_empty() {
            pr.invoice_ids = ids.clone();
        }
        promise::create_in(&tx, &pr, ctx.today, Some(id))?;
    }
    tx.commit()?;
    contact(conn, id)
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SkipInput {
    pub client_id: i64,
    pub stage_id: i64,
    pub invoice_ids: Vec<i64>,
    pub reason: String,
    /// Snooze only: the date the step comes back.
    pub until: String,
}

fn skip_or_snooze(conn: &mut Connection, ctx: &Ctx, input: &SkipInput, snooze: bool) -> Result<()> {
    let p = prepare(conn, ctx, &ComposeInput { client_id: input.client_id, stage_id: Some(input.stage_id), channel: String::new(), invoice_ids: input.invoice_ids.clone() })?;
    let reason = clean(&input.reason, &rule("reason", 500, true, false)).map_err(|_| Error::invalid("reason", "say why (it goes in the history)"))?;
    let until = if snooze {
        let u = parse_iso_date(&input.until, "until")?;
        if u <= ctx.today {
            return Err(Error::invalid("until", "must be a date after today"));
        }
        if u > ctx.today + Duration::days(180) {
            return Err(Error::invalid("until", "is more than six months away; pause the client instead"));
        }
        Some(u)
    } else {
        None
    };
    let ids: Vec<i64> = p.invoices.iter().map(|i| i.id).collect();
    let tx = conn.transaction()?;
    match until {
        Some(u) => {
            for inv in &ids {
                tx.execute(
                    "INSERT INTO chase_steps (invoice_id, stage_id, action, on_date, until, reason, created_at) VALUES (?1, ?2, 'snoozed', ?3, ?4, ?5, ?6)",
                    params![inv, input.stage_id, ctx.today.to_string(), u.to_string(), reason, now_stamp()],
                )?;
            }
            append_event_detail(&tx, p.client.id, ctx.today, "stage_snoozed", &format!("{} snoozed until {} ({}): {reason}", stage_name(&p), p.business.date(u), numbers(&p)), "")?;
        }
        None => {
            complete_stage(&tx, ctx, p.client.id, Some(input.stage_id), &ids, "skipped", &reason, None)?;
            append_event_detail(&tx, p.client.id, ctx.today, "stage_skipped", &format!("{} skipped ({}): {reason}", stage_name(&p), numbers(&p)), "")?;
        }
    }
    tx.commit()?;
    Ok(())
}

pub fn snooze(conn: &mut Connection, ctx: &Ctx, input: &SkipInput) -> Result<()> {
    skip_or_snooze(conn, ctx, input, true)
}

pub fn skip(conn: &mut Connection, ctx: &Ctx, input: &SkipInput) -> Result<()> {
    skip_or_snooze(conn, ctx, input, false)
}

// ---------------------------------------------------------------- contacts

#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub stage_id: Option<i64>,
    pub channel: String,
    pub status: String,
    pub on_date: String,
    pub created_at: String,
    pub sent_at: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<String>,
    pub error: String,
    pub attempts: i64,
    pub override_reason: String,
    pub outcome: String,
    pub reason: String,
    pub invoice_ids: Vec<i64>,
}

const CONTACT_COLUMNS: &str = "k.id, k.client_id, c.name, k.stage_id, k.channel, k.status, k.on_date, k.created_at, k.sent_at, k.recipient, k.subject, k.body, k.attachments, k.error, k.attempts, k.override_reason, k.outcome, k.reason";

fn contact_row(conn: &Connection, r: &rusqlite::Row) -> rusqlite::Result<Contact> {
    let id: i64 = r.get(0)?;
    let mut st = conn.prepare_cached("SELECT invoice_id FROM contact_invoices WHERE contact_id = ?1 ORDER BY invoice_id")?;
    let invoice_ids = st.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(Contact {
        id,
        client_id: r.get(1)?,
        client_name: r.get(2)?,
        stage_id: r.get(3)?,
        channel: r.get(4)?,
        status: r.get(5)?,
        on_date: r.get(6)?,
        created_at: r.get(7)?,
        sent_at: r.get(8)?,
        recipient: r.get(9)?,
        subject: r.get(10)?,
        body: r.get(11)?,
        attachments: serde_json::from_str(&r.get::<_, String>(12)?).unwrap_or_default(),
        error: r.get(13)?,
        attempts: r.get(14)?,
        override_reason: r.get(15)?,
        outcome: r.get(16)?,
        reason: r.get(17)?,
        invoice_ids,
    })
}

pub fn contact(conn: &Connection, id: i64) -> Result<Contact> {
    conn.query_row(&format!("SELECT {CONTACT_COLUMNS} FROM contacts k JOIN clients c ON c.id = k.client_id WHERE k.id = ?1"), [id], |r| contact_row(conn, r))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no message {id}")))
}

/// The email outbox (newest first): `status` filters ("queued", "sent", "failed"), empty = all.
pub fn outbox(conn: &Connection, status: &str, limit: i64) -> Result<Vec<Contact>> {
    let mut st = conn.prepare(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts k JOIN clients c ON c.id = k.client_id
         WHERE k.channel = 'email' AND (?1 = '' OR k.status = ?1) ORDER BY k.id DESC LIMIT ?2"
    ))?;
    let rows = st.query_map(params![status, limit], |r| contact_row(conn, r))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A client's contacts (every channel), newest first.
pub fn contacts_of(conn: &Connection, client_id: i64) -> Result<Vec<Contact>> {
    let mut st = conn.prepare(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts k JOIN clients c ON c.id = k.client_id WHERE k.client_id = ?1 ORDER BY k.id DESC"
    ))?;
    let rows = st.query_map([client_id], |r| contact_row(conn, r))?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Reads back the attachments of an outbox email for (re)sending.
fn attachments_of(c: &Contact) -> Result<Vec<(String, Vec<u8>)>> {
    c.attachments
        .iter()
        .map(|p| {
            let path = std::path::Path::new(p);
            let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "letter.pdf".into());
            Ok((name, std::fs::read(path).map_err(|e| Error::NotFound(format!("attachment {p} is missing ({e})")))?))
        })
        .collect()
}

/// The email as it goes to the server, from an outbox entry.
fn outgoing(conn: &Connection, c: &Contact) -> Result<crate::mail::OutgoingEmail> {
    let b = business(conn)?;
    let smtp = settings::smtp(conn)?;
    let from_email = if smtp.from_email.is_empty() { b.email.clone() } else { smtp.from_email.clone() };
    if from_email.is_empty() {
        return Err(Error::invalid("sender address", "set the business email (Settings) or the sender address (Settings → Email)"));
    }
    Ok(crate::mail::OutgoingEmail {
        from_name: if smtp.from_name.is_empty() { b.trading_name.clone() } else { smtp.from_name.clone() },
        from_email,
        to: c.recipient.clone(),
        subject: c.subject.clone(),
        body: c.body.clone(),
        attachments: attachments_of(c)?,
    })
}

/// An outbox email as it goes to the mail server, read from the database so
/// the sending itself can happen without holding it.
pub struct Delivery {
    pub contact_id: i64,
    smtp: settings::SmtpSettings,
    message: std::result::Result<crate::mail::OutgoingEmail, String>,
}

impl Delivery {
    /// Talks to the server (no database involved); the result goes to `mark_email_result`.
    pub fn send(&self, password: Option<&str>) -> std::result::Result<(), String> {
        match &self.message {
            Ok(m) => crate::mail::send(&self.smtp, password, m),
            Err(e) => Err(e.clone()),
        }
    }
}

/// Prepares a queued or failed outbox email for sending; a sent one is refused.
pub fn delivery(conn: &Connection, contact_id: i64) -> Result<Delivery> {
    let c = contact(conn, contact_id)?;
    if c.status == "sent" {
        return Err(Error::Conflict(format!("message {contact_id} was already sent on {}", c.sent_at)));
    }
    Ok(Delivery { contact_id, smtp: settings::smtp(conn)?, message: outgoing(conn, &c).map_err(|e| e.to_string()) })
}

/// Sends one queued or failed outbox email now and records the result,
/// holding `conn` throughout (CLI, tests). The window uses `delivery`,
/// `Delivery::send` and `mark_email_result` to release it while sending.
pub fn deliver(conn: &mut Connection, ctx: &Ctx, contact_id: i64, password: Option<&str>) -> Result<Contact> {
    let d = delivery(conn, contact_id)?;
    let result = d.send(password);
    mark_email_result(conn, ctx, contact_id, result)
}

// ----------------------------------------------------------------- run-due

#[derive(Debug, Clone, Serialize)]
pub struct RunLine {
    pub client_name: String,
    pub stage: String,
    pub invoices: Vec<String>,
    /// "sent", "failed", "skipped" (guard, no address) or "would send" (dry
    /// run); "queued" only between `queue_due` and sending.
    pub result: String,
    pub reason: String,
}

/// The email stages due now in automatic mode, respecting the guards (a
/// warning means the step waits for the owner): each becomes a line, and —
/// unless `dry_run` — a queued outbox email whose id is returned with it.
/// Everything else stays on Today for the owner.
pub fn queue_due(conn: &mut Connection, ctx: &Ctx, dry_run: bool) -> Result<Vec<(RunLine, Option<i64>)>> {
    crate::sweep::run(conn, ctx)?;
    let t = today(conn, ctx)?;
    let mut out = Vec::new();
    for item in t.items.iter().filter(|i| i.auto) {
        let stage = item.stage.as_ref().expect("auto items have a stage");
        let line = |result: &str, reason: String| RunLine {
            client_name: item.client_name.clone(),
            stage: stage.name.clone(),
            invoices: item.invoices.iter().map(|i| i.number.clone()).collect(),
            result: result.into(),
            reason,
        };
        if !item.warnings.is_empty() {
            out.push((line("skipped", item.warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>().join("; ")), None));
            continue;
        }
        let draft = compose(conn, ctx, &ComposeInput { client_id: item.client_id, stage_id: Some(stage.id), channel: "email".into(), invoice_ids: item.invoices.iter().map(|i| i.id).collect() })?;
        if !draft.recipient_problem.is_empty() {
            out.push((line("skipped", draft.recipient_problem.clone()), None));
            continue;
        }
        if !draft.tone_flags.is_empty() {
            out.push((line("skipped", format!("the tone check flagged the template: {}", crate::tone::describe(&draft.tone_flags))), None));
            continue;
        }
        if dry_run {
            out.push((line("would send", format!("to {}: {}", draft.recipient, draft.subject)), None));
            continue;
        }
        let input = SendInput {
            client_id: item.client_id,
            stage_id: Some(stage.id),
            channel: "email".into(),
            invoice_ids: draft.invoice_ids.clone(),
            subject: draft.subject.clone(),
            body: draft.body.clone(),
            attach_letter: stage.tone != "friendly",
            ..Default::default()
        };
        match queue_email(conn, ctx, &input) {
            Ok(q) => out.push((line("queued", format!("to {}", q.to)), Some(q.contact_id))),
            Err(e) => out.push((line("skipped", e.to_string()), None)),
        }
    }
    Ok(out)
}

/// The result of sending a queued line's email, written into the line.
pub fn settle_line(line: &mut RunLine, c: &Contact) {
    if c.status == "sent" {
        line.result = "sent".into();
        line.reason = format!("to {}", c.recipient);
    } else {
        line.result = "failed".into();
        line.reason = c.error.clone();
    }
}

/// Sends every due email stage in automatic mode (see `queue_due`).
pub fn run_due(conn: &mut Connection, ctx: &Ctx, password: Option<&str>, dry_run: bool) -> Result<Vec<RunLine>> {
    let mut out = Vec::new();
    for (mut line, queued) in queue_due(conn, ctx, dry_run)? {
        if let Some(id) = queued {
            settle_line(&mut line, &deliver(conn, ctx, id, password)?);
        }
        out.push(line);
    }
    Ok(out)
}

// ------------------------------------------------------- template preview

#[derive(Debug, Clone, Serialize)]
pub struct TemplatePreview {
    pub client_id: i64,
    pub client_name: String,
    pub subject: String,
    pub body: String,
    pub flags: Vec<crate::tone::Flag>,
    /// Unknown placeholders, as the save would report them; empty = fine.
    pub problem: String,
}

/// Renders a template being edited with a real client's data (the chosen
/// one, else the client owing the most), with the tone check and the
/// placeholder check, so the editor can show both live.
pub fn preview_template(conn: &Connection, ctx: &Ctx, client_id: Option<i64>, stage_id: i64, subject: &str, body: &str) -> Result<TemplatePreview> {
    let stage = ladder::stage(conn, stage_id)?;
    let cid = match client_id {
        Some(id) => id,
        None => conn
            .query_row(
                "SELECT i.client_id FROM invoices i
                 GROUP BY i.client_id
                 ORDER BY SUM(i.amount_minor) - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a JOIN invoices j ON j.id = a.invoice_id WHERE j.client_id = i.client_id), 0) DESC
                 LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("add a client with an open invoice to see a preview".into()))?,
    };
    let p = prepare(conn, ctx, &ComposeInput { client_id: cid, stage_id: Some(stage_id), channel: String::new(), invoice_ids: vec![] })?;
    let problem = template::check_placeholders(subject, "subject")
        .and_then(|_| template::check_placeholders(body, "body"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    Ok(TemplatePreview {
        client_id: cid,
        client_name: p.client.name.clone(),
        subject: template::render(subject, &p.values),
        body: template::render(body, &p.values),
        flags: crate::tone::check(&format!("{subject}\n{body}"), &stage.tone),
        problem,
    })
}

/// A message being edited, checked live: tone flags, and for an SMS its
/// length, segments, `sms:` link and QR code.
#[derive(Debug, Clone, Serialize)]
pub struct MessageCheck {
    pub flags: Vec<crate::tone::Flag>,
    pub sms: Option<SmsInfo>,
    pub link: String,
    pub qr: Vec<String>,
}

pub fn check_message(conn: &Connection, client_id: i64, channel: &str, tone: &str, subject: &str, body: &str) -> Result<MessageCheck> {
    let c = client(conn, client_id)?;
    let flags = crate::tone::check(&format!("{subject}\n{body}"), tone);
    if channel != "sms" {
        return Ok(MessageCheck { flags, sms: None, link: String::new(), qr: vec![] });
    }
    let (link, qr) = match sms::sms_link(&c.phone, body) {
        Ok(l) => {
            let q = sms::qr_rows(&l).unwrap_or_default();
            (l, q)
        }
        Err(_) => (String::new(), vec![]),
    };
    Ok(MessageCheck { flags, sms: Some(sms::info(body)), link, qr })
}
