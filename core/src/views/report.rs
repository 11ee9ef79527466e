//! Read-side views, all derived at query time from invoices and allocations
//! (outstanding, days overdue, buckets and totals are never stored): the aging
//! summary, the paged invoice list behind the dashboard, the client list and
//! the client page.

pub use crate::store::reports::{client_detail, invoices, InvoiceQuery, SortBy, Status};
use crate::store::reports::{bucket_sums, client_rows, ClientAgg};
use crate::aging::BUCKETS;
use crate::error::Result;
use crate::ledger::{self};
use crate::model::*;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Deserialize;

pub fn aging(conn: &Connection, today: NaiveDate) -> Result<AgingSummary> {
    let mut per = bucket_sums(conn, today)?;
    per.retain(|_, v| v.iter().any(|(c, _)| *c > 0));
    let home = ledger::business_currency(conn)?;
    per.entry(home.code.to_string()).or_insert([(0, 0); 5]);
    let mut currencies: Vec<CurrencyAging> = per
        .into_iter()
        .map(|(code, b)| {
            let overdue: i64 = b[1..].iter().map(|x| x.1).sum();
            let outstanding: i64 = b.iter().map(|x| x.1).sum();
            CurrencyAging {
                buckets: BUCKETS
                    .iter()
                    .enumerate()
                    .map(|(k, bk)| BucketTotal {
                        bucket: bk.key().to_string(),
                        label: bk.label().to_string(),
                        count: b[k].0,
                        total: Amount::of(b[k].1, &code),
                    })
                    .collect(),
                outstanding: Amount::of(outstanding, &code),
                overdue: Amount::of(overdue, &code),
                open_invoices: b.iter().map(|x| x.0).sum(),
                overdue_invoices: b[1..].iter().map(|x| x.0).sum(),
                currency: code,
            }
        })
        .collect();
    currencies.sort_by_key(|c| (c.currency != home.code, c.currency.clone()));
    Ok(AgingSummary { as_of: today.to_string(), currencies })
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct ClientQuery {
    pub search: String,
    /// "overdue" (default: most overdue first), "name", "outstanding", "oldest".
    pub sort: String,
    pub offset: i64,
    pub limit: i64,
}

/// Every client with its open totals per currency, filtered, sorted and paged.
pub fn clients(conn: &Connection, q: &ClientQuery, today: NaiveDate) -> Result<Page<ClientRow>> {
    let mut rows = client_rows(conn, today, None, &q.search)?;
    let home = ledger::business_currency(conn)?.code;
    // Sorted on exact minor units of the business currency; only the page
    // shown is formatted for people.
    let minor = |v: &[(String, i64)]| v.iter().find(|(c, _)| c == home).map(|(_, m)| *m).unwrap_or(0);
    match q.sort.as_str() {
        "name" => rows.sort_by_cached_key(|r| r.name.to_lowercase()),
        "outstanding" => rows.sort_by_cached_key(|r| (std::cmp::Reverse(minor(&r.outstanding)), r.name.to_lowercase())),
        "oldest" => rows.sort_by_cached_key(|r| (std::cmp::Reverse(r.oldest_days_overdue), r.name.to_lowercase())),
        _ => rows.sort_by_cached_key(|r| (std::cmp::Reverse(minor(&r.overdue)), std::cmp::Reverse(r.overdue.len()), r.name.to_lowercase())),
    }
    let total_rows = rows.len() as i64;
    let offset = q.offset.clamp(0, total_rows);
    let take = if q.limit > 0 { q.limit as usize } else { usize::MAX };
    let rows: Vec<ClientRow> = rows.into_iter().skip(offset as usize).take(take).map(ClientAgg::into_row).collect();
    Ok(Page { rows, total_rows, offset, limit: q.limit })
}
