//! What an invoice import reads from the ledger and writes back to it.

use crate::error::Result;
use crate::ledger::now_stamp;
use chrono::NaiveDate;
use overdue_domain::csv::{Existing, Freshness, ImportRecord, Ledger, Row};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// Client ids by lower-case name.
pub(crate) fn client_ids(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut out = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, name FROM clients")?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, name) = r?;
        out.insert(name.to_ascii_lowercase(), id);
    }
    Ok(out)
}

/// The ledger as an import compares with it: clients, every invoice by
/// number with what was paid on it, and the business's currency.
pub(crate) fn snapshot(conn: &Connection) -> Result<Ledger> {
    let mut existing = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT i.number, i.id, i.client_id, i.issue_date, i.due_date, i.amount_minor, i.currency, i.description,
                i.paid_minor
         FROM invoices i",
    )?;
    for r in stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Existing {
                id: r.get(1)?,
                client_id: r.get(2)?,
                issue: r.get(3)?,
                due: r.get(4)?,
                amount: r.get(5)?,
                currency: r.get(6)?,
                description: r.get(7)?,
                paid: r.get(8)?,
            },
        ))
    })? {
        let (n, e) = r?;
        existing.insert(n, e);
    }
    Ok(Ledger {
        clients: client_ids(conn)?,
        existing,
        home: crate::ledger::business_currency(conn)?,
        mappings: mappings(conn)?,
        names: {
            let mut stmt = conn.prepare("SELECT id, name FROM clients")?;
            let names = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?.collect::<rusqlite::Result<HashMap<_, _>>>()?;
            names
        },
        terms_days: crate::settings::chase(conn)?.payment_terms_days,
    })
}

// ---- The import history -------------------------------------------------

fn record(r: &rusqlite::Row) -> rusqlite::Result<ImportRecord> {
    Ok(ImportRecord {
        id: r.get(0)?,
        source: r.get(1)?,
        file_name: r.get(2)?,
        sha256: r.get(3)?,
        on_date: r.get(4)?,
        imported_at: r.get(5)?,
        created: r.get(6)?,
        updated: r.get(7)?,
        unchanged: r.get(8)?,
        new_clients: r.get(9)?,
        payments: r.get(10)?,
        missing: r.get(11)?,
        summary: r.get(12)?,
        undone_at: r.get(13)?,
    })
}

const RECORD: &str = "SELECT id, source, file_name, sha256, on_date, imported_at, created, updated, unchanged, new_clients, payments, missing, summary, undone_at FROM imports";

/// The imports, newest first.
pub(crate) fn history(conn: &Connection, limit: usize) -> Result<Vec<ImportRecord>> {
    let mut stmt = conn.prepare(&format!("{RECORD} ORDER BY id DESC LIMIT ?1"))?;
    let rows = stmt.query_map([limit as i64], record)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Option<ImportRecord>> {
    Ok(conn.query_row(&format!("{RECORD} WHERE id = ?1"), [id], record).optional()?)
}

/// The last import of this source not undone.
pub(crate) fn last(conn: &Connection, source: &str) -> Result<Option<ImportRecord>> {
    Ok(conn.query_row(&format!("{RECORD} WHERE source = ?1 AND undone_at IS NULL ORDER BY id DESC LIMIT 1"), [source], record).optional()?)
}

/// A standing import of these very bytes with these choices.
pub(crate) fn same_file(conn: &Connection, source: &str, sha256: &str, options: &str) -> Result<Option<ImportRecord>> {
    Ok(conn
        .query_row(&format!("{RECORD} WHERE source = ?1 AND sha256 = ?2 AND options = ?3 AND undone_at IS NULL ORDER BY id DESC LIMIT 1"), params![source, sha256, options], record)
        .optional()?)
}

/// When the books were last brought in (any source): the app's date of
/// the latest standing import.
pub(crate) fn books_updated_on(conn: &Connection) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row("SELECT on_date, file_name FROM imports WHERE undone_at IS NULL ORDER BY on_date DESC, id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// When the books were last brought in, as of `today`, against the setting.
pub(crate) fn freshness(conn: &Connection, today: NaiveDate) -> Result<Freshness> {
    let limit = crate::settings::chase(conn)?.books_stale_days;
    let last = books_updated_on(conn)?.and_then(|(on, file)| on.parse::<NaiveDate>().ok().map(|d| (d, file)));
    Ok(overdue_domain::csv::freshness(last, today, limit))
}

/// Opens a history entry; its counts are written by `finish`.
pub(crate) fn begin(tx: &Connection, source: &str, file_name: &str, sha256: &str, options: &str, on: NaiveDate) -> Result<i64> {
    tx.execute(
        "INSERT INTO imports (source, file_name, sha256, options, on_date, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![source, file_name, sha256, options, on.to_string(), now_stamp()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Counts as (created, updated, unchanged, new clients, payments, missing).
pub(crate) fn finish(tx: &Connection, id: i64, counts: [usize; 6], summary: &str) -> Result<()> {
    let c = counts.map(|n| n as i64);
    tx.execute(
        "UPDATE imports SET created = ?1, updated = ?2, unchanged = ?3, new_clients = ?4, payments = ?5, missing = ?6, summary = ?7 WHERE id = ?8",
        params![c[0], c[1], c[2], c[3], c[4], c[5], summary, id],
    )?;
    Ok(())
}

/// The highest client, invoice and payment ids before an import writes.
pub(crate) fn high_water(tx: &Connection) -> Result<[i64; 3]> {
    let max = |t: &str| -> Result<i64> { Ok(tx.query_row(&format!("SELECT COALESCE(MAX(id), 0) FROM {t}"), [], |r| r.get(0))?) };
    Ok([max("clients")?, max("invoices")?, max("payments")?])
}

/// Notes every client, invoice and payment the import wrote: inside its
/// transaction, those are exactly the rows above the high-water mark taken
/// before it began (rowids only grow while one writer holds the database).
pub(crate) fn note_written(tx: &Connection, import_id: i64, before: [i64; 3]) -> Result<()> {
    for (kind, table, above) in [("client", "clients", before[0]), ("invoice", "invoices", before[1]), ("payment", "payments", before[2])] {
        tx.execute(&format!("INSERT INTO import_changes (import_id, kind, row_id) SELECT ?1, '{kind}', id FROM {table} WHERE id > ?2"), params![import_id, above])?;
    }
    Ok(())
}

/// An invoice's terms as the file now gives them (an empty description
/// keeps the one stored); what they were is kept for undo.
pub(crate) fn update_invoice_noted(tx: &Connection, import_id: i64, id: i64, row: &Row) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO import_changes (import_id, kind, row_id, issue_date, due_date, amount_minor, currency, description, updated_at)
         SELECT ?1, 'invoice_before', id, issue_date, due_date, amount_minor, currency, description, updated_at FROM invoices WHERE id = ?2",
    )?
    .execute(params![import_id, id])?;
    tx.prepare_cached(
        "UPDATE invoices SET issue_date = ?1, due_date = ?2, amount_minor = ?3, currency = ?4,
                description = CASE WHEN ?5 = '' THEN description ELSE ?5 END, updated_at = ?6 WHERE id = ?7",
    )?
    .execute(params![row.issue.to_string(), row.due.to_string(), row.amount, row.currency.code, row.description, now_stamp(), id])?;
    Ok(())
}

/// A bulk write keeps SQLite's page cache small (8 MiB, not the 64 MiB
/// the screens read with), so that a large import's peak memory stays low;
/// `false` puts it back.
pub(crate) fn bulk_cache(conn: &Connection, bulk: bool) -> Result<()> {
    conn.pragma_update(None, "cache_size", if bulk { -8_192 } else { -65_536 })?;
    Ok(())
}

fn ids(conn: &Connection, import_id: i64, kind: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT row_id FROM import_changes WHERE import_id = ?1 AND kind = ?2")?;
    let v = stmt.query_map(params![import_id, kind], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(v)
}

/// Why the import cannot be undone: later work that depends on what it
/// wrote, in the owner's words. `None`: it can be.
pub(crate) fn undo_blocker(conn: &Connection, import_id: i64) -> Result<Option<String>> {
    let q = |sql: &str| -> Result<Option<String>> { Ok(conn.query_row(sql, [import_id], |r| r.get::<_, String>(0)).optional()?) };
    let checks = [
        ("SELECT 'a payment it recorded counted towards agreement ' || a.reference FROM instalment_payments ip
            JOIN import_changes c ON c.kind = 'payment' AND c.row_id = ip.payment_id AND c.import_id = ?1
            JOIN agreements a ON a.id = ip.agreement_id LIMIT 1"),
        ("SELECT 'a reminder or call about invoice ' || i.number || ' was logged since' FROM contact_invoices ci
            JOIN import_changes c ON c.kind = 'invoice' AND c.row_id = ci.invoice_id AND c.import_id = ?1
            JOIN invoices i ON i.id = ci.invoice_id LIMIT 1"),
        ("SELECT 'invoice ' || i.number || ' has a chase step recorded (' || s.action || ' on ' || s.on_date || ')' FROM chase_steps s
            JOIN import_changes c ON c.kind = 'invoice' AND c.row_id = s.invoice_id AND c.import_id = ?1
            JOIN invoices i ON i.id = s.invoice_id LIMIT 1"),
        ("SELECT 'a payment recorded since was set against invoice ' || i.number FROM allocations a
            JOIN import_changes c ON c.kind = 'invoice' AND c.row_id = a.invoice_id AND c.import_id = ?1
            JOIN invoices i ON i.id = a.invoice_id
            WHERE a.payment_id NOT IN (SELECT row_id FROM import_changes WHERE import_id = ?1 AND kind = 'payment') LIMIT 1"),
        ("SELECT 'a promise to pay covers invoice ' || i.number FROM promise_invoices pi
            JOIN import_changes c ON c.kind = 'invoice' AND c.row_id = pi.invoice_id AND c.import_id = ?1
            JOIN invoices i ON i.id = pi.invoice_id LIMIT 1"),
        ("SELECT 'a charge was added to invoice ' || i.number FROM fees f
            JOIN import_changes c ON c.kind = 'invoice' AND c.row_id = f.invoice_id AND c.import_id = ?1
            JOIN invoices i ON i.id = f.invoice_id LIMIT 1"),
        ("SELECT 'an arrangement or agreement was made with ' || cl.name || ' since' FROM arrangements ar
            JOIN clients cl ON cl.id = ar.client_id
            WHERE ar.created_at >= (SELECT imported_at FROM imports WHERE id = ?1)
              AND ar.client_id IN (SELECT i.client_id FROM invoices i JOIN import_changes c ON c.kind = 'invoice' AND c.row_id = i.id AND c.import_id = ?1
                                   UNION SELECT row_id FROM import_changes WHERE import_id = ?1 AND kind = 'client') LIMIT 1"),
        ("SELECT cl.name || ' has been escalated since' FROM escalations e JOIN clients cl ON cl.id = e.client_id
            WHERE e.client_id IN (SELECT row_id FROM import_changes WHERE import_id = ?1 AND kind = 'client') LIMIT 1"),
        ("SELECT 'a contact with ' || cl.name || ' was logged since' FROM contacts k JOIN clients cl ON cl.id = k.client_id
            WHERE k.client_id IN (SELECT row_id FROM import_changes WHERE import_id = ?1 AND kind = 'client') LIMIT 1"),
        ("SELECT 'a document for ' || cl.name || ' was made since' FROM documents d JOIN clients cl ON cl.id = d.client_id
            WHERE d.client_id IN (SELECT row_id FROM import_changes WHERE import_id = ?1 AND kind = 'client') LIMIT 1"),
        ("SELECT 'a payment from ' || cl.name || ' was recorded since' FROM payments p JOIN clients cl ON cl.id = p.client_id
            WHERE p.client_id IN (SELECT row_id FROM import_changes WHERE import_id = ?1 AND kind = 'client')
              AND p.id NOT IN (SELECT row_id FROM import_changes WHERE import_id = ?1 AND kind = 'payment') LIMIT 1"),
        ("SELECT 'invoice ' || i.number || ' for ' || cl.name || ' was added since' FROM invoices i JOIN clients cl ON cl.id = i.client_id
            WHERE i.client_id IN (SELECT row_id FROM import_changes WHERE import_id = ?1 AND kind = 'client')
              AND i.id NOT IN (SELECT row_id FROM import_changes WHERE import_id = ?1 AND kind = 'invoice') LIMIT 1"),
    ];
    for sql in checks {
        if let Some(why) = q(sql)? {
            return Ok(Some(why));
        }
    }
    Ok(None)
}

/// Removes what the import wrote and restores the invoices it changed, in
/// the caller's transaction. The caller has checked `undo_blocker`; a
/// foreign key still refusing (later work this check does not know) aborts
/// the whole undo. Returns the clients that remain and were touched.
pub(crate) fn undo(tx: &Connection, import_id: i64) -> Result<Vec<i64>> {
    let payments = ids(tx, import_id, "payment")?;
    let invoices = ids(tx, import_id, "invoice")?;
    let clients = ids(tx, import_id, "client")?;
    let mut touched: Vec<i64> = Vec::new();
    {
        let mut owner = tx.prepare("SELECT client_id FROM payments WHERE id = ?1")?;
        for p in &payments {
            if let Some(c) = owner.query_row([p], |r| r.get::<_, i64>(0)).optional()? {
                touched.push(c);
            }
        }
    }
    for p in &payments {
        tx.execute("DELETE FROM allocations WHERE payment_id = ?1", [p])?;
        tx.execute("DELETE FROM payments WHERE id = ?1", [p])?;
    }
    for i in &invoices {
        tx.execute("DELETE FROM invoices WHERE id = ?1", [i])?;
    }
    {
        let mut stmt = tx.prepare("SELECT i.client_id FROM import_changes c JOIN invoices i ON i.id = c.row_id WHERE c.import_id = ?1 AND c.kind = 'invoice_before'")?;
        touched.extend(stmt.query_map([import_id], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?);
        tx.execute(
            "UPDATE invoices SET (issue_date, due_date, amount_minor, currency, description, updated_at) =
                 (SELECT c.issue_date, c.due_date, c.amount_minor, c.currency, c.description, c.updated_at FROM import_changes c
                  WHERE c.import_id = ?1 AND c.kind = 'invoice_before' AND c.row_id = invoices.id)
             WHERE id IN (SELECT row_id FROM import_changes WHERE import_id = ?1 AND kind = 'invoice_before')",
            [import_id],
        )?;
    }
    tx.execute("UPDATE imports SET undoing = 1 WHERE id = ?1", [import_id])?;
    for c in &clients {
        tx.execute("DELETE FROM events WHERE client_id = ?1", [c])?;
        tx.execute("DELETE FROM client_accounts WHERE client_id = ?1", [c])?;
        tx.execute("DELETE FROM clients WHERE id = ?1", [c])?;
    }
    tx.execute("UPDATE imports SET undoing = 0, undone_at = ?2 WHERE id = ?1", params![import_id, now_stamp()])?;
    touched.retain(|c| !clients.contains(c));
    touched.sort();
    touched.dedup();
    Ok(touched)
}

// ---- Mappings the owner corrected ----------------------------------------

/// Every remembered mapping, by header key.
pub(crate) fn mappings(conn: &Connection) -> Result<HashMap<String, std::collections::BTreeMap<String, String>>> {
    let mut stmt = conn.prepare("SELECT header_key, mapping FROM import_mappings")?;
    let mut out = HashMap::new();
    for r in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (k, m) = r?;
        if let Ok(m) = serde_json::from_str(&m) {
            out.insert(k, m);
        }
    }
    Ok(out)
}

pub(crate) fn remember_mapping(tx: &Connection, key: &str, headers: &[String], mapping: &std::collections::BTreeMap<String, String>) -> Result<()> {
    let h = serde_json::to_string(headers).unwrap_or_default();
    let m = serde_json::to_string(mapping).unwrap_or_default();
    tx.execute(
        "INSERT INTO import_mappings (header_key, headers, mapping, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (header_key) DO UPDATE SET headers = excluded.headers, mapping = excluded.mapping, updated_at = excluded.updated_at",
        params![key, h, m, now_stamp()],
    )?;
    Ok(())
}
