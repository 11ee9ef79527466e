//! Search from anywhere (Ctrl-K): clients by name, legal name, email or
//! contact; invoices by number; agreements by reference, each with what it
//! links to. Read-only; a few dozen rows, whatever the size of the books.

use crate::error::Result;
use crate::money::Currency;
use rusqlite::{params, Connection};
use serde::Serialize;

/// One thing found.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// "client", "invoice" or "agreement".
    pub kind: &'static str,
    pub id: i64,
    pub client_id: i64,
    pub title: String,
    pub sub: String,
    /// Outstanding now (invoices, clients), "" when none.
    pub amount: String,
}

/// `text` as a LIKE pattern that matches it anywhere, with %, _ and \ taken literally.
fn pattern(text: &str) -> String {
    let mut p = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

fn money(minor: i64, code: &str) -> String {
    Currency::find(code).map(|c| c.display(minor)).unwrap_or_default()
}

/// Up to `limit` of each kind, best first: names and numbers that start
/// with the text before those that only contain it.
pub fn search(conn: &Connection, text: &str, limit: usize) -> Result<Vec<Hit>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(vec![]);
    }
    let text: String = text.chars().take(100).collect();
    let like = pattern(&text);
    let start = format!("{}%", &pattern(&text)[1..]);
    let limit = limit.clamp(1, 50) as i64;
    let style = crate::store::ledger::date_style(conn)?;
    let mut out = Vec::new();
    let mut st = conn.prepare_cached(concat!(
        "SELECT c.id, c.name, c.legal_name, c.email, c.contact_person,
                (SELECT COALESCE(SUM(", outstanding!(), "), 0) FROM invoices i WHERE i.client_id = c.id AND ", open!(), ") AS owed,
                (SELECT COUNT(*) FROM invoices i WHERE i.client_id = c.id AND ", open!(), ") AS open,
                b.currency
         FROM clients c, business b
         WHERE b.id = 1 AND (c.name LIKE ?1 ESCAPE '\\' OR c.legal_name LIKE ?1 ESCAPE '\\' OR c.email LIKE ?1 ESCAPE '\\' OR c.contact_person LIKE ?1 ESCAPE '\\')
         ORDER BY (c.name LIKE ?2 ESCAPE '\\') DESC, c.name LIMIT ?3"
    ))?;
    let rows = st.query_map(params![like, start, limit], |r| {
        let (id, name, legal, email, person): (i64, String, String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let (owed, open, cur): (i64, i64, String) = (r.get(5)?, r.get(6)?, r.get(7)?);
        let sub = [legal, person, email].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
        let sub = match open {
            0 => if sub.is_empty() { "nothing open".into() } else { format!("{sub} · nothing open") },
            n => format!("{}{n} open invoice{}", if sub.is_empty() { String::new() } else { format!("{sub} · ") }, if n == 1 { "" } else { "s" }),
        };
        Ok(Hit { kind: "client", id, client_id: id, title: name, sub, amount: if owed > 0 { money(owed, &cur) } else { String::new() } })
    })?;
    for r in rows {
        out.push(r?);
    }
    let mut st = conn.prepare_cached(concat!(
        "SELECT i.id, i.client_id, i.number, c.name, i.due_date, i.currency, ", outstanding!(), " AS o
         FROM invoices i JOIN clients c ON c.id = i.client_id
         WHERE i.number LIKE ?1 ESCAPE '\\'
         ORDER BY (i.number LIKE ?2 ESCAPE '\\') DESC, length(i.number), i.number LIMIT ?3"
    ))?;
    let rows = st.query_map(params![like, start, limit], |r| {
        let (id, client_id, number, name, due, cur, o): (i64, i64, String, String, String, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
        Ok(Hit { kind: "invoice", id, client_id, title: number, sub: format!("{name} · due {}", style.format_iso(&due)), amount: if o > 0 { money(o, &cur) } else { "paid".into() } })
    })?;
    for r in rows {
        out.push(r?);
    }
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.client_id, a.reference, c.name, a.status
         FROM agreements a JOIN clients c ON c.id = a.client_id
         WHERE a.reference LIKE ?1 ESCAPE '\\' OR c.name LIKE ?1 ESCAPE '\\'
         ORDER BY (a.reference LIKE ?2 ESCAPE '\\') DESC, a.id DESC LIMIT ?3",
    )?;
    let rows = st.query_map(params![like, start, limit], |r| {
        let (id, client_id, reference, name, status): (i64, i64, String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        Ok(Hit { kind: "agreement", id, client_id, title: reference, sub: format!("{name} · {status}"), amount: String::new() })
    })?;
    for r in rows {
        out.push(r?);
    }
    Ok(out)
}
