//! Read-side views, all derived at query time from invoices and allocations
//! (outstanding, days overdue, buckets and totals are never stored): the aging
//! summary, the paged invoice list behind the dashboard, the client list and
//! the client page.

use crate::aging::{bucket_bounds, BUCKETS};
use crate::error::Result;
use crate::ledger::{self, escape_like, invoice_row, INVOICE_COLUMNS};
use crate::model::*;
use crate::money::Currency;
use chrono::NaiveDate;
use rusqlite::{params_from_iter, types::Value, Connection};
use serde::Deserialize;
use std::collections::BTreeMap;

/// SQL for an invoice's aging bucket index (0 = not yet due … 4 = over 90),
/// given the bounds as parameters ?1..?4 (see `aging::bucket_bounds`).
const BUCKET_SQL: &str =
    "CASE WHEN i.due_date >= ?1 THEN 0 WHEN i.due_date >= ?2 THEN 1 WHEN i.due_date >= ?3 THEN 2 WHEN i.due_date >= ?4 THEN 3 ELSE 4 END";

pub fn aging(conn: &Connection, today: NaiveDate) -> Result<AgingSummary> {
    let b = bucket_bounds(today);
    let sql = format!(
        "SELECT currency, bucket, COUNT(*), SUM(out) FROM (
            SELECT i.currency AS currency, {BUCKET_SQL} AS bucket,
                   i.amount_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.invoice_id = i.id), 0) AS out
            FROM invoices i)
         WHERE out > 0 GROUP BY currency, bucket"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut per: BTreeMap<String, [(i64, i64); 5]> = BTreeMap::new();
    let rows = stmt.query_map(rusqlite::params![b[0].to_string(), b[1].to_string(), b[2].to_string(), b[3].to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
    })?;
    for row in rows {
        let (cur, bucket, count, sum) = row?;
        per.entry(cur).or_insert([(0, 0); 5])[bucket.clamp(0, 4) as usize] = (count, sum);
    }
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

#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every invoice.
    #[default]
    All,
    /// Something outstanding (overdue or not yet due).
    Open,
    /// Something outstanding and past its due date.
    Overdue,
    Paid,
}

#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Oldest due date first (= most days overdue).
    #[default]
    DaysOverdue,
    Outstanding,
    Amount,
    Client,
    Number,
    IssueDate,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct InvoiceQuery {
    pub status: Status,
    pub client_id: Option<i64>,
    /// Matches invoice number, client name or description (case-insensitive).
    pub search: String,
    /// Only this aging bucket key ("days_31_60", …).
    pub bucket: Option<String>,
    pub sort: SortBy,
    /// Reverse the natural order of `sort`.
    pub reverse: bool,
    pub offset: i64,
    /// 0 = no limit.
    pub limit: i64,
}

pub fn invoices(conn: &Connection, q: &InvoiceQuery, today: NaiveDate) -> Result<Page<InvoiceRow>> {
    let b = bucket_bounds(today);
    let mut args: Vec<Value> = b.iter().map(|d| Value::Text(d.to_string())).collect();
    let mut conds: Vec<String> = Vec::new();
    match q.status {
        Status::All => {}
        Status::Open => conds.push("out > 0".into()),
        Status::Overdue => conds.push("out > 0 AND i.due_date < ?1".into()),
        Status::Paid => conds.push("out <= 0".into()),
    }
    if let Some(id) = q.client_id {
        args.push(Value::Integer(id));
        conds.push(format!("i.client_id = ?{}", args.len()));
    }
    let s = q.search.trim();
    if !s.is_empty() {
        args.push(Value::Text(format!("%{}%", escape_like(s))));
        let n = args.len();
        conds.push(format!("(i.number LIKE ?{n} ESCAPE '\\' OR i.client_name LIKE ?{n} ESCAPE '\\' OR i.description LIKE ?{n} ESCAPE '\\')"));
    }
    if let Some(key) = &q.bucket {
        if let Some(k) = BUCKETS.iter().position(|bk| bk.key() == key) {
            conds.push(format!("out > 0 AND bucket = {k}"));
        }
    }
    let where_sql = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
    let (order, natural_desc) = match q.sort {
        SortBy::DaysOverdue => ("i.due_date", false),
        SortBy::Outstanding => ("out", true),
        SortBy::Amount => ("i.amount_minor", true),
        SortBy::Client => ("i.client_name COLLATE NOCASE", false),
        SortBy::Number => ("i.number", false),
        SortBy::IssueDate => ("i.issue_date", false),
    };
    let desc = natural_desc != q.reverse;
    let dir = if desc { "DESC" } else { "ASC" };
    // The inner select names the columns `invoice_row` reads (0..=9); the
    // outer one adds the derived outstanding and bucket for filtering.
    let inner = format!(
        "SELECT i.*, i.amount_minor - i.paid AS out, {BUCKET_SQL} AS bucket FROM (SELECT {INVOICE_COLUMNS} FROM invoices i JOIN clients c ON c.id = i.client_id) AS i"
    );
    let total_rows: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM ({inner} {where_sql})"))?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
    let limit_sql = if q.limit > 0 { format!("LIMIT {} OFFSET {}", q.limit, q.offset.max(0)) } else { String::new() };
    let sql = format!("{inner} {where_sql} ORDER BY {order} {dir}, i.id {dir} {limit_sql}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(args.iter()), |r| invoice_row(r, today))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Page { rows, total_rows, offset: q.offset.max(0), limit: q.limit })
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
    let home = ledger::business_currency(conn)?;
    let key_home = |v: &Vec<Amount>| -> i64 {
        v.iter().find(|a| a.currency == home.code).and_then(|a| Currency::find(&a.currency).ok().and_then(|c| c.to_minor(a.amount.parse().unwrap_or_default(), "").ok())).unwrap_or(0)
    };
    match q.sort.as_str() {
        "name" => rows.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase())),
        "outstanding" => rows.sort_by(|a, b| key_home(&b.outstanding).cmp(&key_home(&a.outstanding)).then(a.name.cmp(&b.name))),
        "oldest" => rows.sort_by(|a, b| b.oldest_days_overdue.cmp(&a.oldest_days_overdue).then(a.name.cmp(&b.name))),
        _ => rows.sort_by(|a, b| {
            key_home(&b.overdue).cmp(&key_home(&a.overdue)).then(b.overdue.len().cmp(&a.overdue.len())).then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        }),
    }
    let total_rows = rows.len() as i64;
    let offset = q.offset.clamp(0, total_rows);
    let rows: Vec<ClientRow> = if q.limit > 0 { rows.into_iter().skip(offset as usize).take(q.limit as usize).collect() } else { rows };
    Ok(Page { rows, total_rows, offset, limit: q.limit })
}

fn client_rows(conn: &Connection, today: NaiveDate, only: Option<i64>, search: &str) -> Result<Vec<ClientRow>> {
    let mut args: Vec<Value> = vec![Value::Text(today.to_string())];
    let mut cond = String::from("1");
    if let Some(id) = only {
        args.push(Value::Integer(id));
        cond = format!("c.id = ?{}", args.len());
    } else if !search.trim().is_empty() {
        args.push(Value::Text(format!("%{}%", escape_like(search.trim()))));
        let n = args.len();
        cond = format!("(c.name LIKE ?{n} ESCAPE '\\' OR c.legal_name LIKE ?{n} ESCAPE '\\' OR c.email LIKE ?{n} ESCAPE '\\' OR c.contact_person LIKE ?{n} ESCAPE '\\')");
    }
    let sql = format!(
        "WITH inv AS (
            SELECT i.client_id, i.currency, i.due_date,
                   i.amount_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.invoice_id = i.id), 0) AS out
            FROM invoices i),
         open AS (SELECT * FROM inv WHERE out > 0),
         credit AS (
            SELECT p.client_id, p.currency, SUM(p.amount_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.payment_id = p.id), 0)) AS cr
            FROM payments p GROUP BY p.client_id, p.currency)
         SELECT c.id, c.name, c.kind, c.email, o.currency, COUNT(o.out), COALESCE(SUM(o.out), 0),
                COALESCE(SUM(CASE WHEN o.due_date < ?1 THEN o.out ELSE 0 END), 0),
                MIN(CASE WHEN o.due_date < ?1 THEN o.due_date END)
         FROM clients c LEFT JOIN open o ON o.client_id = c.id
         WHERE {cond}
         GROUP BY c.id, o.currency
         UNION ALL
         SELECT c.id, c.name, c.kind, c.email, '#credit:' || cr.currency, 0, cr.cr, 0, NULL
         FROM clients c JOIN credit cr ON cr.client_id = c.id WHERE cr.cr > 0 AND {cond}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut by_id: BTreeMap<i64, ClientRow> = BTreeMap::new();
    let mut oldest_due: BTreeMap<i64, String> = BTreeMap::new();
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, i64>(6)?,
            r.get::<_, i64>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    for row in rows {
        let (id, name, kind, email, cur, count, out, overdue, oldest) = row?;
        let e = by_id.entry(id).or_insert_with(|| ClientRow {
            id,
            name,
            kind,
            email,
            open_invoices: 0,
            outstanding: vec![],
            overdue: vec![],
            oldest_days_overdue: 0,
            credit: vec![],
        });
        match cur {
            Some(c) if c.starts_with("#credit:") => e.credit.push(Amount::of(out, &c[8..])),
            Some(c) => {
                e.open_invoices += count;
                e.outstanding.push(Amount::of(out, &c));
                if overdue > 0 {
                    e.overdue.push(Amount::of(overdue, &c));
                }
                if let Some(o) = oldest {
                    let slot = oldest_due.entry(id).or_insert(o.clone());
                    if o < *slot {
                        *slot = o;
                    }
                }
            }
            None => {}
        }
    }
    for (id, due) in oldest_due {
        if let Some(e) = by_id.get_mut(&id) {
            e.oldest_days_overdue = crate::aging::days_overdue(ledger::date(&due), today).max(0);
        }
    }
    Ok(by_id.into_values().collect())
}

pub fn client_detail(conn: &Connection, id: i64, today: NaiveDate) -> Result<ClientDetail> {
    let client = ledger::client(conn, id)?;
    let summary = client_rows(conn, today, Some(id), "")?.pop().ok_or_else(|| crate::error::Error::NotFound(format!("there is no client with id {id}")))?;
    let invoices = invoices(conn, &InvoiceQuery { client_id: Some(id), sort: SortBy::DaysOverdue, ..Default::default() }, today)?.rows;
    Ok(ClientDetail { client, summary, invoices, payments: ledger::payments_of(conn, id)?, history: ledger::history(conn, id)? })
}
