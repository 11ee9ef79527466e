//! A client's page: the detail (store/reports), what they owe now in the
//! one way every screen states it, and where they are in the chase.
//!
//! "Owed now" is the unpaid part of the invoices already due: the figure
//! Today's row, the client list's Overdue column, a reminder's "Total now
//! due" and an agreement's "Invoices outstanding" show for the same
//! invoices. Invoices not yet due and late-payment charges are stated
//! apart, the charges as claimed (a message asked for them) or not.

use crate::ctx::Ctx;
use crate::error::Result;
use crate::model::{Amount, ClientDetail};
use crate::money::Currency;
use crate::views::today::{Today, Upcoming};
use rusqlite::Connection;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ClientPage {
    #[serde(flatten)]
    pub detail: ClientDetail,
    /// Per currency with anything open.
    pub owed: Vec<Owed>,
    pub position: Position,
}

#[derive(Debug, Clone, Serialize)]
pub struct Owed {
    /// Unpaid on invoices already due.
    pub owed_now: Amount,
    /// Unpaid on invoices not due yet.
    pub not_yet_due: Amount,
    /// Both: every open invoice.
    pub outstanding: Amount,
    /// Late-payment interest, compensation and fees to date on the
    /// undisputed invoices already due.
    pub charges: Amount,
    /// The last message that asked for the charges, if any.
    pub claimed: Option<Claim>,
    /// In words: "£677.56 charges to date, not claimed yet".
    pub charges_note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub amount: Amount,
    pub on: String,
    pub subject: String,
}

/// Where the client stands: the last step taken, what is due now (an item
/// on Today) or the next step and its day.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Position {
    /// "Second reminder sent on 16 Nov 2026"; empty before the first step.
    pub last: String,
    /// Today's item for the client ("Second reminder by email"), if any.
    pub due_now: String,
    pub next: Option<Upcoming>,
    /// The whole line: "Second reminder sent on 16 Nov 2026 · next: Phone call by phone on 30 Nov 2026".
    pub line: String,
}

/// The page, with the position read from Today's list `t` (the window's kept one).
pub fn client_page(conn: &Connection, ctx: &Ctx, t: &Today, id: i64) -> Result<ClientPage> {
    let detail = crate::store::reports::client_detail(conn, id, ctx.today)?;
    let style = crate::ledger::date_style(conn)?;
    let bcur = crate::ledger::business_currency(conn)?;
    let open = crate::store::invoices::open_invoices(conn, Some(id))?;
    let mut owed = Vec::new();
    for total in &detail.summary.outstanding {
        let cur = Currency::find(&total.currency)?;
        let of = |a: &[Amount]| a.iter().find(|x| x.currency == cur.code).map(|x| crate::money::parse_amount(&x.amount, &cur, "amount")).transpose();
        let (all, now) = (of(&detail.summary.outstanding)?.unwrap_or(0), of(&detail.summary.overdue)?.unwrap_or(0));
        let due: Vec<_> = open.iter().filter(|o| o.currency == cur.code && o.due < ctx.today && !o.disputed).cloned().collect();
        let charges = if due.is_empty() { 0 } else { crate::flows::chase::charges(conn, &detail.client, &due, &cur, None, ctx.today)?.charges_minor };
        let claimed = if cur.code == bcur.code {
            crate::store::contacts::last_claim(conn, id)?.map(|(m, on, subject)| Claim { amount: Amount::new(m, &cur), on, subject })
        } else {
            None
        };
        let charges_note = match (&claimed, charges > 0) {
            (_, false) => "no late-payment charges".to_string(),
            (Some(c), true) => {
                // The subject as a reminder of which message, cut short on a word.
                let what: String = if c.subject.chars().count() > 60 { format!("{}…", c.subject.chars().take(59).collect::<String>().trim_end()) } else { c.subject.clone() };
                format!("{} charges to date; {} claimed on {} ({what})", cur.display(charges), c.amount.display, style.format_iso(&c.on))
            }
            (None, true) => format!("{} charges to date, not claimed yet", cur.display(charges)),
        };
        owed.push(Owed {
            owed_now: Amount::new(now, &cur),
            not_yet_due: Amount::new(all - now, &cur),
            outstanding: Amount::new(all, &cur),
            charges: Amount::new(charges, &cur),
            claimed,
            charges_note,
        });
    }
    let position = position(conn, t, id, &style)?;
    Ok(ClientPage { detail, owed, position })
}

fn position(conn: &Connection, t: &Today, id: i64, style: &crate::dates::DateStyle) -> Result<Position> {
    let stages = crate::ladder::stages(conn)?;
    let steps = crate::store::reads::steps_of(conn, Some(id))?;
    let last = steps.values().flatten().max_by_key(|s| (s.on_date, s.stage_id));
    let last = match last {
        None => String::new(),
        Some(s) => {
            let stage = stages.iter().find(|x| x.id == s.stage_id);
            let name = stage.map(|x| x.name.clone()).unwrap_or_else(|| "A step".into());
            let done = match stage.map(|x| (x.kind.as_str(), x.channel.as_str())) {
                Some(("review", _)) => "reviewed",
                Some((_, "call")) => "logged",
                Some((_, "letter")) => "posted",
                _ => "sent",
            };
            match (s.action.as_str(), s.until) {
                ("snoozed", Some(u)) => format!("{name} snoozed on {} until {}", style.format(s.on_date), style.format(u)),
                ("skipped", _) => format!("{name} skipped on {}", style.format(s.on_date)),
                _ => format!("{name} {done} on {}", style.format(s.on_date)),
            }
        }
    };
    let due_now = t.items.iter().find(|i| i.client_id == id && i.stage.is_some()).map(|i| i.title.clone()).unwrap_or_default();
    let next = if due_now.is_empty() { t.upcoming.iter().find(|u| u.client_id == id).cloned() } else { None };
    let mut parts = vec![];
    if !last.is_empty() {
        parts.push(last.clone());
    }
    if !due_now.is_empty() {
        parts.push(format!("due now: {due_now}"));
    } else if let Some(n) = &next {
        let how = crate::views::today::channel_label(&n.channel);
        parts.push(format!("next: {} {how} on {}{}", n.stage_name, style.format_iso(&n.due_on), if n.auto { " (sends itself)" } else { "" }));
    } else if !t.items.iter().any(|i| i.client_id == id) && !last.is_empty() {
        parts.push("no further step on the ladder".into());
    }
    Ok(Position { last, due_now, next, line: parts.join(" · ") })
}
