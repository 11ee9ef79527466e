//! Today's items for agreements: instalments due within a few days, late
//! ones, agreements in default and progress updates due. A read.

use crate::error::Result;
use crate::ledger::date as d;
use crate::money::Currency;
use crate::store::instalments::lines;
use crate::template::human_date;
use chrono::{Duration, NaiveDate};
use overdue_domain::instalments::*;
use rusqlite::Connection;

/// One of Today's items for an agreement: (client_id, key, kind, title,
/// detail, due_on).
pub(crate) type TodayItem = (i64, String, String, String, String, String);

/// Today's items for agreements: instalments due within a few days, late
/// ones (inside the cure period), agreements in default (and whether the
/// default notice's catch-up date has passed), and progress updates due by
/// the owner's setting ("after_payment", "monthly", "off").
pub(crate) fn today_items(conn: &Connection, today: NaiveDate, progress: &str) -> Result<Vec<TodayItem>> {
    let mut out = Vec::new();
    for g in crate::store::instalments::live(conn)? {
        let (id, reference, client_id, status, cure, currency) = (g.id, g.reference, g.client_id, g.status, g.cure_days, g.currency);
        let (notice_on, catch_up_by, progress_on, activated_on, heads_up_for, late_for) = (g.default_notice_on, g.catch_up_by, g.progress_sent_on, g.activated_on, g.heads_up_for, g.late_reminder_for);
        let cur = Currency::find(&currency)?;
        let ls = lines(conn, id)?;
        let Some(l) = ls.iter().find(|l| l.paid < l.amount) else { continue };
        let left = cur.display(l.amount - l.paid);
        let st = state(l.due, l.amount, l.paid, today, cure as u32);
        let item = if status == "defaulted" {
            if notice_on.is_empty() {
                Some(("agreement_default", "Agreement in default".to_string(), format!("{reference}: payment {} ({left}) due {} was missed; send the default notice, renegotiate, or escalate", l.number, human_date(l.due))))
            } else if d(&catch_up_by) < today {
                Some(("agreement_default", "Catch-up date passed".to_string(), format!("{reference}: the default notice asked for payment by {}; it has not been brought up to date. Renegotiate or escalate", human_date(d(&catch_up_by)))))
            } else {
                None
            }
        } else {
            match st {
                State::Late if late_for == l.number => None,
                State::Due | State::Upcoming | State::PartlyPaid if heads_up_for == l.number => None,
                State::Late => Some(("instalment_late", "Payment late".to_string(), format!("{reference}: payment {} ({left}) was due {}; the cure period ends {}", l.number, human_date(l.due), human_date(l.due + Duration::days(cure))))),
                State::Missed => Some(("agreement_default", "Payment missed".to_string(), format!("{reference}: payment {} ({left}) due {} was missed", l.number, human_date(l.due)))),
                State::Due | State::Upcoming | State::PartlyPaid if l.due <= today + Duration::days(HEADS_UP_DAYS) => Some((
                    "instalment_due",
                    if l.due == today { "Payment due today".to_string() } else { "Payment due soon".to_string() },
                    format!("{reference}: payment {} of {} ({left} to pay) is due {}", l.number, ls.len(), human_date(l.due)),
                )),
                _ => None,
            }
        };
        if let Some((kind, title, detail)) = item {
            out.push((client_id, format!("{kind}-{reference}-{}", l.number), kind.to_string(), title, detail, l.due.to_string()));
        }
        if status == "active" {
            let last_paid = crate::store::instalments::last_paid_on(conn, id)?;
            let since = if progress_on.is_empty() { activated_on.clone() } else { progress_on.clone() };
            let due = match progress {
                "after_payment" => last_paid.as_ref().is_some_and(|p| progress_on.is_empty() || *p > progress_on) && last_paid.as_deref().is_some_and(|p| p <= today.to_string().as_str()),
                "monthly" => !since.is_empty() && d(&since) + Duration::days(30) <= today,
                _ => false,
            };
            if due {
                let paid: i64 = ls.iter().map(|l| l.paid).sum();
                let total: i64 = ls.iter().map(|l| l.amount).sum();
                out.push((client_id, format!("progress-{reference}-{today}"), "progress_due".into(), "Progress update".into(), format!("{reference}: {} paid of {}; send them a short update and thanks", cur.display(paid), cur.display(total)), today.to_string()));
            }
        }
    }
    Ok(out)
}
