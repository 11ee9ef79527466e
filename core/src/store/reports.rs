//! The queries behind the reports: outstanding by currency and aging bucket,
//! the paged invoice list and the clients' open totals, from the invoices
//! (what each was paid is kept on it, `paid_minor`: v13_paid.sql) and the
//! payments.

use crate::aging::{bucket_bounds, BUCKETS};
use crate::error::Result;
use crate::ledger::{self, escape_like, invoice_row, INVOICE_COLUMNS};
use crate::model::*;
use chrono::NaiveDate;
use rusqlite::{params_from_iter, types::Value, Connection};
use serde::Deserialize;
use std::collections::BTreeMap;

/// An invoice's outstanding amount (its amount less what it was paid).
pub(crate) const OUT_SQL: &str = outstanding!();
/// The invoice is open (the open-invoice indexes' own condition).
const OPEN_SQL: &str = open!();

/// SQL condition: the due date in `col` falls in aging bucket `k` (0 = not
/// yet due … 4 = over 90), the bounds of `aging::bucket_bounds` being the
/// parameters ?p … ?p+3. Every query that splits by bucket uses this.
pub(crate) fn bucket_range_sql(k: usize, col: &str, p: usize) -> String {
    match k {
        0 => format!("{col} >= ?{p}"),
        1..=3 => format!("{col} < ?{} AND {col} >= ?{}", p + k - 1, p + k),
        _ => format!("{col} < ?{}", p + 3),
    }
}

/// Per currency, per bucket: (count, sum in minor units) of what is outstanding.
pub(crate) type BucketSums = BTreeMap<String, [(i64, i64); 5]>;

/// Outstanding per currency and bucket, exact: one range of the open
/// invoices' index (currency, due date, amount, paid) per bucket, so only
/// open invoices are read and each is only added, never tested.
pub(crate) fn bucket_sums(conn: &Connection, today: NaiveDate) -> Result<BucketSums> {
    let b = bucket_bounds(today);
    let (b0, b1, b2, b3) = (b[0].to_string(), b[1].to_string(), b[2].to_string(), b[3].to_string());
    // The currencies owed in, by a loose index scan (a few lookups, not a scan).
    let currencies: Vec<String> = conn
        .prepare_cached(concat!(
            "WITH RECURSIVE c(x) AS (SELECT MIN(currency) FROM invoices i WHERE ", open!(), "
                 UNION ALL SELECT (SELECT MIN(currency) FROM invoices i WHERE ", open!(), " AND currency > x) FROM c WHERE x IS NOT NULL)
             SELECT x FROM c WHERE x IS NOT NULL"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let mut per: BucketSums = BTreeMap::new();
    let sql = (0..5)
        .map(|k| {
            format!(
                "SELECT {k}, COUNT(*), COALESCE(SUM(i.amount_minor - i.paid_minor), 0) FROM invoices i INDEXED BY invoices_open_due WHERE {} AND i.currency = ?1 AND {}",
                open!(),
                bucket_range_sql(k, "i.due_date", 2)
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let mut q = conn.prepare_cached(&sql)?;
    for cur in &currencies {
        let mut v = [(0i64, 0i64); 5];
        for row in q.query_map(rusqlite::params![cur, b0, b1, b2, b3], |r| Ok((r.get::<_, usize>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))? {
            let (k, n, sum) = row?;
            v[k.min(4)] = (n, sum);
        }
        per.insert(cur.clone(), v);
    }
    Ok(per)
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
        Status::Open => conds.push(OPEN_SQL.to_string()),
        Status::Overdue => conds.push(format!("i.due_date < ?1 AND {OPEN_SQL}")),
        Status::Paid => conds.push(format!("NOT ({OPEN_SQL})")),
    }
    let bucket = q.bucket.as_deref().and_then(|key| BUCKETS.iter().position(|bk| bk.key() == key));
    if let Some(k) = bucket {
        // As due-date ranges, so the due-date index serves them.
        conds.push(bucket_range_sql(k, "i.due_date", 1));
        if q.status != Status::Open && q.status != Status::Overdue {
            conds.push(OPEN_SQL.to_string());
        }
    }
    if let Some(id) = q.client_id {
        args.push(Value::Integer(id));
        conds.push(format!("i.client_id = ?{}", args.len()));
    }
    let s = q.search.trim();
    if !s.is_empty() {
        args.push(Value::Text(format!("%{}%", escape_like(s))));
        let n = args.len();
        conds.push(format!(
            "(i.number LIKE ?{n} ESCAPE '\\' OR i.description LIKE ?{n} ESCAPE '\\' OR i.client_id IN (SELECT id FROM clients WHERE name LIKE ?{n} ESCAPE '\\'))"
        ));
    }
    let where_sql = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
    let (order, natural_desc) = match q.sort {
        SortBy::DaysOverdue => ("i.due_date", false),
        SortBy::Outstanding => (OUT_SQL, true),
        SortBy::Amount => ("i.amount_minor", true),
        SortBy::Client => ("c.name COLLATE NOCASE", false),
        SortBy::Number => ("i.number", false),
        SortBy::IssueDate => ("i.issue_date", false),
    };
    let desc = natural_desc != q.reverse;
    let dir = if desc { "DESC" } else { "ASC" };
    // The count: from the bucket sums when no filter narrows it (fast at any
    // size), else by counting the matching rows.
    let total_rows: i64 = if q.client_id.is_none() && s.is_empty() && matches!(q.status, Status::Open | Status::Overdue) {
        let sums = bucket_sums(conn, today)?;
        let range: Vec<usize> = match (bucket, q.status) {
            (Some(0), Status::Overdue) => vec![],
            (Some(k), _) => vec![k],
            (None, Status::Overdue) => vec![1, 2, 3, 4],
            (None, _) => vec![0, 1, 2, 3, 4],
        };
        sums.values().map(|v| range.iter().map(|k| v[*k].0).sum::<i64>()).sum()
    } else {
        let mut stmt = conn.prepare_cached(&format!("SELECT COUNT(*) FROM invoices i {where_sql}"))?;
        // Bind only as many values as the statement has parameters (the
        // bucket bounds ?1..?4 are not always used).
        let n = stmt.parameter_count();
        stmt.query_row(params_from_iter(args.iter().take(n)), |r| r.get(0))?
    };
    let limit_sql = if q.limit > 0 { format!("LIMIT {} OFFSET {}", q.limit, q.offset.max(0)) } else { String::new() };
    let sql = format!("SELECT {INVOICE_COLUMNS} FROM invoices i JOIN clients c ON c.id = i.client_id {where_sql} ORDER BY {order} {dir}, i.id {dir} {limit_sql}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let n = stmt.parameter_count();
    let rows = stmt
        .query_map(params_from_iter(args.iter().take(n)), |r| invoice_row(r, today))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Page { rows, total_rows, offset: q.offset.max(0), limit: q.limit })
}

/// A client's totals before formatting: amounts as (currency, minor units).
pub(crate) struct ClientAgg {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub email: String,
    pub open_invoices: i64,
    pub outstanding: Vec<(String, i64)>,
    pub overdue: Vec<(String, i64)>,
    pub oldest_days_overdue: i64,
    pub credit: Vec<(String, i64)>,
}

/// A client's open invoices in one currency: (count, outstanding, overdue,
/// oldest overdue due date), in minor units.
pub(crate) type OpenTotals = (i64, i64, i64, Option<String>);

/// Every client (or one, or those matching `search`) with open totals per
/// currency and credit. Derived from invoices, allocations and payments in a
/// few index scans, assembled here.
pub(crate) fn client_rows(conn: &Connection, today: NaiveDate, only: Option<i64>, search: &str) -> Result<Vec<ClientAgg>> {
    let mut by_id: BTreeMap<i64, ClientAgg> = BTreeMap::new();
    {
        let (sql, arg): (&str, Value) = match only {
            Some(id) => ("SELECT id, name, kind, email FROM clients WHERE id = ?1", Value::Integer(id)),
            None if !search.trim().is_empty() => (
                "SELECT id, name, kind, email FROM clients WHERE name LIKE ?1 ESCAPE '\\' OR legal_name LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\' OR contact_person LIKE ?1 ESCAPE '\\'",
                Value::Text(format!("%{}%", escape_like(search.trim()))),
            ),
            None => ("SELECT id, name, kind, email FROM clients WHERE ?1 IS NULL", Value::Null),
        };
        let mut stmt = conn.prepare_cached(sql)?;
        for row in stmt.query_map([arg], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))? {
            let (id, name, kind, email) = row?;
            by_id.insert(id, ClientAgg { id, name, kind, email, open_invoices: 0, outstanding: vec![], overdue: vec![], oldest_days_overdue: 0, credit: vec![] });
        }
    }
    if by_id.is_empty() {
        return Ok(vec![]);
    }
    let client_filter = |col: &str| match only {
        Some(id) => format!("WHERE {col} = {id}"),
        None => String::new(),
    };
    // Open totals per client and currency: (open count, outstanding, overdue, oldest overdue due date).
    let today_s = today.to_string();
    // Keyed by (client, index into `codes`); text read borrowed, not copied.
    let mut codes: Vec<String> = Vec::new();
    let mut open: std::collections::HashMap<(i64, usize), OpenTotals> = std::collections::HashMap::new();
    {
        let filter = match only {
            Some(id) => format!("AND i.client_id = {id}"),
            None => String::new(),
        };
        let mut stmt = conn.prepare_cached(&format!("SELECT i.id, i.client_id, i.currency, i.due_date, {} FROM invoices i WHERE {} {filter}", outstanding!(), open!()))?;
        let mut rows = stmt.query([])?;
        let today_b = today_s.as_bytes();
        while let Some(r) = rows.next()? {
            let client_id: i64 = r.get(1)?;
            if !by_id.contains_key(&client_id) {
                continue;
            }
            let out: i64 = r.get(4)?;
            let cur = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
            let k = match codes.iter().position(|c| c == cur) {
                Some(k) => k,
                None => {
                    codes.push(cur.to_string());
                    codes.len() - 1
                }
            };
            let due = r.get_ref(3)?.as_bytes().map_err(rusqlite::Error::from)?;
            let e = open.entry((client_id, k)).or_insert((0, 0, 0, None));
            e.0 += 1;
            e.1 += out;
            if due < today_b {
                e.2 += out;
                if e.3.as_ref().map(|d| due < d.as_bytes()).unwrap_or(true) {
                    e.3 = Some(String::from_utf8_lossy(due).into_owned());
                }
            }
        }
    }
    let mut open: Vec<((i64, usize), OpenTotals)> = open.into_iter().collect();
    open.sort_by(|a, b| (a.0 .0, &codes[a.0 .1]).cmp(&(b.0 .0, &codes[b.0 .1])));
    for ((client_id, k), (count, out, overdue, oldest)) in open {
        let cur = &codes[k];
        let e = by_id.get_mut(&client_id).expect("filtered above");
        e.open_invoices += count;
        e.outstanding.push((cur.clone(), out));
        if overdue > 0 {
            e.overdue.push((cur.clone(), overdue));
        }
        if let Some(d) = oldest {
            e.oldest_days_overdue = e.oldest_days_overdue.max(crate::aging::days_overdue(ledger::date(&d), today));
        }
    }
    // Credit: payments not allocated to any invoice.
    let mut credit: BTreeMap<(i64, String), i64> = BTreeMap::new();
    for (sql, sign) in [
        // A payment taken back is no longer money received.
        (format!("SELECT p.client_id, p.currency, SUM(p.amount_minor) FROM payments p WHERE p.undone_at = ''{} GROUP BY 1, 2", only.map(|id| format!(" AND p.client_id = {id}")).unwrap_or_default()), 1),
        (format!("SELECT p.client_id, p.currency, SUM(a.amount_minor) FROM allocations a JOIN payments p ON p.id = a.payment_id {} GROUP BY 1, 2", client_filter("p.client_id")), -1),
    ] {
        let mut stmt = conn.prepare_cached(&sql)?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))? {
            let (c, cur, v) = row?;
            *credit.entry((c, cur)).or_insert(0) += sign * v;
        }
    }
    for ((client_id, cur), v) in credit {
        if v > 0 {
            if let Some(e) = by_id.get_mut(&client_id) {
                e.credit.push((cur, v));
            }
        }
    }
    Ok(by_id.into_values().collect())
}

/// A client's page: the client, open totals, invoices, payments, history.
pub fn client_detail(conn: &Connection, id: i64, today: NaiveDate) -> Result<ClientDetail> {
    let client = ledger::client(conn, id)?;
    let summary = client_rows(conn, today, Some(id), "")?.pop().map(ClientAgg::into_row).ok_or_else(|| crate::error::Error::NotFound(format!("there is no client with id {id}")))?;
    let invoices = invoices(conn, &InvoiceQuery { client_id: Some(id), sort: SortBy::DaysOverdue, ..Default::default() }, today)?.rows;
    let first: Option<String> = conn.query_row("SELECT MIN(issue_date) FROM invoices WHERE client_id = ?1", [id], |r| r.get(0))?;
    let added = client.created_at.get(..10).unwrap_or("").to_string();
    let since = [first.unwrap_or_default(), added].into_iter().filter(|d| d.len() == 10).min().unwrap_or_default();
    let since = if since.is_empty() || since.as_str() > today.to_string().as_str() { today.to_string() } else { since };
    Ok(ClientDetail { client, since, summary, invoices, payments: ledger::payments_of(conn, id)?, history: ledger::history(conn, id)? })
}

impl ClientAgg {
    pub(crate) fn into_row(self) -> ClientRow {
        let fmt = |v: Vec<(String, i64)>| v.into_iter().map(|(c, m)| Amount::of(m, &c)).collect();
        ClientRow {
            id: self.id,
            name: self.name,
            kind: self.kind,
            email: self.email,
            open_invoices: self.open_invoices,
            outstanding: fmt(self.outstanding),
            overdue: fmt(self.overdue),
            oldest_days_overdue: self.oldest_days_overdue,
            credit: fmt(self.credit),
        }
    }
}
