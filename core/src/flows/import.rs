//! Importing invoices (with their clients) from CSV files exported by
//! accounting tools (Xero, QuickBooks, FreshBooks, Wave) or a plain
//! spreadsheet.
//!
//! `preview` reads and checks everything and writes nothing; `commit` runs the
//! same checks and writes all of it in one transaction, or nothing when any
//! problem is found. An invoice number already in the ledger is an update
//! ("same file twice = no duplicates"). Reading the file is a rule
//! (`overdue_domain::csv`); what was paid before the import goes through the
//! one payment path (`payments::record_in`).

pub use overdue_domain::csv::*;
use crate::error::{Error, Result};
use crate::ledger::{append_event, insert_allocation, insert_client, insert_payment};
use crate::model::ClientInput;
use crate::payments::{record_in, MoneyIn};
use crate::store::imports;
use chrono::NaiveDate;
use overdue_domain::agreement::sha256_hex;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// The file checked against the ledger as it is now.
fn plan_for(conn: &Connection, bytes: &[u8], file_name: &str, opts: &ImportOptions) -> Result<Plan> {
    Ok(plan(&imports::snapshot(conn)?, bytes, file_name, opts)?)
}

/// Files larger than this are refused before they are read: 50 MB is some
/// 500,000 invoices, far beyond any small business's books.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Reads an export from disk, refusing what cannot be one before reading it.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::NotFound(format!("cannot read {}: {e}", path.display())))?;
    if meta.is_dir() {
        return Err(Error::invalid("file", format!("{} is a folder, not a file", path.display())));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::invalid("file", format!("{} is {} MB; an export of invoices or a bank statement is far smaller (the limit is 50 MB). Is it the right file?", path.display(), meta.len() / 1_048_576)));
    }
    std::fs::read(path).map_err(|e| Error::NotFound(format!("cannot read {}: {e}", path.display())))
}

/// The choices that, with the same bytes, make the same import.
fn options_key(opts: &ImportOptions) -> String {
    serde_json::to_string(opts).unwrap_or_default()
}

fn short(file_name: &str) -> String {
    std::path::Path::new(file_name).file_name().and_then(|s| s.to_str()).unwrap_or(file_name).to_string()
}

fn already_said(conn: &Connection, prev: &ImportRecord) -> String {
    format!(
        "{} was already imported on {} (the same file, byte for byte): importing it again changes nothing.",
        prev.file_name,
        crate::ledger::date_style(conn).unwrap_or_default().format_iso(&prev.on_date)
    )
}

/// Reads the file and checks every row against the ledger. Writes nothing.
pub fn preview(conn: &Connection, bytes: &[u8], file_name: &str, opts: &ImportOptions) -> Result<Preview> {
    let mut p = plan_for(conn, bytes, file_name, opts)?.preview;
    if let Some(prev) = imports::same_file(conn, "invoices", &sha256_hex(bytes), &options_key(opts))? {
        p.already_imported = already_said(conn, &prev);
    }
    Ok(p)
}
/// "1 line", "3 lines".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
/// Checks like `preview`, then writes everything in one transaction, with
/// its entry in the import history. Any problem: nothing is written and the
/// error lists the problems. The same bytes with the same choices as an
/// import that stands: nothing is written (not even the freshness of the
/// books: an old file says nothing about today) and the report says so.
pub fn commit(conn: &mut Connection, bytes: &[u8], file_name: &str, opts: &ImportOptions, today: NaiveDate) -> Result<ImportReport> {
    let sha = sha256_hex(bytes);
    let options = options_key(opts);
    let short_name = short(file_name);
    if let Some(prev) = imports::same_file(conn, "invoices", &sha, &options)? {
        return Ok(ImportReport {
            file_name: short_name,
            created: 0,
            updated: 0,
            unchanged: prev.created as usize + prev.updated as usize + prev.unchanged as usize,
            new_clients: 0,
            payments: 0,
            paid_since: 0,
            missing: 0,
            missing_action: String::new(),
            message: already_said(conn, &prev),
            import_id: None,
            already_imported: true,
        });
    }
    let Plan { preview, rows, actions, paid_since, missing, remember } = plan_for(conn, bytes, file_name, opts)?;
    if !preview.problems.is_empty() {
        return Err(Error::ImportRejected(preview.problems));
    }
    imports::bulk_cache(conn, true)?;
    let result = write(conn, &preview, &rows, &actions, &paid_since, &missing, &remember, (&short_name, &sha, &options), today);
    imports::bulk_cache(conn, false)?;
    result
}

/// The writes of `commit`, in one transaction.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn write(
    conn: &mut Connection,
    preview: &Preview,
    rows: &[Row],
    actions: &[Action],
    paid_since: &[(i64, i64, i64, crate::money::Currency)],
    missing: &[(i64, i64, String, i64, String, String)],
    remember: &Option<(String, Vec<String>, BTreeMap<String, String>)>,
    (short_name, sha, options): (&str, &str, &str),
    today: NaiveDate,
) -> Result<ImportReport> {
    let tx = conn.transaction()?;
    let high_water = imports::high_water(&tx)?;
    let import_id = imports::begin(&tx, "invoices", &short_name, &sha, &options, today)?;
    let mut client_ids = imports::client_ids(&tx)?;
    let mut per_client: BTreeMap<i64, (usize, usize)> = BTreeMap::new();
    let mut new_clients = 0;
    let mut payments = 0;
    let paid_reference = format!("paid before import ({short_name})");
    {
        // A client's details, from whichever of its rows gives them.
        let details: std::collections::HashMap<String, &overdue_domain::csv::ContactDetails> =
            rows.iter().filter_map(|r| r.contact.as_deref().map(|c| (r.client.to_ascii_lowercase(), c))).collect();
        let none = overdue_domain::csv::ContactDetails::default();
        for (row, action) in rows.iter().zip(actions) {
            let key = row.client.to_ascii_lowercase();
            let client_id = match client_ids.get(&key) {
                Some(id) => *id,
                None => {
                    let d = details.get(&key).copied().unwrap_or(&none);
                    let input = ClientInput {
                        name: row.client.clone(),
                        email: d.email.clone(),
                        contact_person: d.contact_person.clone(),
                        phone: d.phone.clone(),
                        address: d.address.clone(),
                        kind: "company".into(),
                        ..Default::default()
                    };
                    let id = insert_client(&tx, &input)?;
                    append_event(&tx, id, today, "client_created", &format!("Client '{}' created by import from {short_name}", row.client))?;
                    client_ids.insert(key, id);
                    new_clients += 1;
                    id
                }
            };
            match action {
                Action::New => {
                    let invoice_id = crate::ledger::insert_invoice(&tx, &row.number, client_id, &row.issue.to_string(), &row.due.to_string(), row.amount, row.currency.code, &row.description)?;
                    if row.paid > 0 {
                        let m = MoneyIn { client_id, date: row.issue, amount: row.paid, currency: &row.currency, method: "imported", reference: &paid_reference, chosen: Some(invoice_id) };
                        record_in(&tx, &m, today)?;
                        payments += 1;
                    }
                    per_client.entry(client_id).or_default().0 += 1;
                }
                Action::Update(id) => {
                    imports::update_invoice_noted(&tx, import_id, *id, row)?;
                    per_client.entry(client_id).or_default().1 += 1;
                }
                Action::Unchanged => {}
            }
        }
    }
    // The books say more was paid since: recorded as received on the
    // import's date, through the one payment path.
    let since_reference = format!("paid per {short_name}");
    let paid_on = preview.as_of.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()).filter(|d| *d <= today).unwrap_or(today);
    for (invoice_id, client_id, amount, currency) in paid_since {
        let m = MoneyIn { client_id: *client_id, date: paid_on, amount: *amount, currency, method: "imported", reference: &since_reference, chosen: Some(*invoice_id) };
        record_in(&tx, &m, today)?;
        append_event(&tx, *client_id, today, "paid_per_books", &format!("{} received per {short_name}", currency.display(*amount)))?;
    }
    // Open invoices the export no longer lists, as the owner chose.
    let mut changed_missing = 0;
    for (invoice_id, client_id, number, outstanding, code, action) in missing {
        let currency = crate::money::Currency::find(code)?;
        match action.as_str() {
            "paid" => {
                let reference = format!("paid per {short_name} (no longer listed)");
                let m = MoneyIn { client_id: *client_id, date: paid_on, amount: *outstanding, currency: &currency, method: "imported", reference: &reference, chosen: Some(*invoice_id) };
                record_in(&tx, &m, today)?;
                append_event(&tx, *client_id, today, "paid_per_books", &format!("{number}: {} paid per {short_name} (no longer in the export)", currency.display(*outstanding)))?;
            }
            "cancelled" => {
                let p = insert_payment(&tx, *client_id, today, *outstanding, code, overdue_domain::instalments::WRITE_OFF, &format!("{number} cancelled per {short_name}"), &crate::ledger::now_stamp())?;
                insert_allocation(&tx, p, *invoice_id, *outstanding)?;
                append_event(&tx, *client_id, today, "cancelled_per_books", &format!("{number}: {} cancelled (no longer in {short_name})", currency.display(*outstanding)))?;
            }
            _ => continue,
        }
        changed_missing += 1;
    }
    for (client_id, (created, updated)) in &per_client {
        let mut parts = vec![];
        if *created > 0 {
            parts.push(format!("{created} new invoice{}", if *created == 1 { "" } else { "s" }));
        }
        if *updated > 0 {
            parts.push(format!("{updated} updated"));
        }
        append_event(&tx, *client_id, today, "imported", &format!("Imported from {short_name}: {}", parts.join(", ")))?;
    }
    let mut message = format!(
        "Imported {short_name}: {}, {} updated, {} unchanged; {}",
        count(preview.new_invoices, "new invoice", "new invoices"),
        preview.updated_invoices,
        preview.unchanged_invoices,
        count(new_clients, "new client", "new clients")
    );
    if !paid_since.is_empty() {
        message.push_str(&format!("; {} received since on {}", preview.paid_since_total, count(paid_since.len(), "invoice", "invoices")));
    }
    if !missing.is_empty() {
        let n = |a: &str| missing.iter().filter(|m| m.5 == a).count();
        let mut parts = vec![];
        if n("paid") > 0 {
            parts.push(format!("{} recorded as paid", n("paid")));
        }
        if n("cancelled") > 0 {
            parts.push(format!("{} cancelled", n("cancelled")));
        }
        if n("keep") > 0 {
            parts.push(format!("{} kept open (paid, cancelled or filtered out?)", n("keep")));
        }
        message.push_str(&format!("; {} no longer listed: {}", count(missing.len(), "invoice", "invoices"), parts.join(", ")));
    }
    imports::finish(&tx, import_id, [preview.new_invoices, preview.updated_invoices, preview.unchanged_invoices, new_clients, payments + paid_since.len() + changed_missing, missing.len()], &message)?;
    imports::note_written(&tx, import_id, high_water)?;
    if let Some((key, headers, mapping)) = remember {
        imports::remember_mapping(&tx, key, headers, mapping)?;
    }
    tx.commit()?;
    Ok(ImportReport {
        import_id: Some(import_id),
        already_imported: false,
        file_name: short_name.to_string(),
        created: preview.new_invoices,
        updated: preview.updated_invoices,
        unchanged: preview.unchanged_invoices,
        new_clients,
        payments,
        paid_since: paid_since.len(),
        missing: missing.len(),
        missing_action: preview.missing_action.clone(),
        message,
    })
}

/// The import history, newest first.
pub fn history(conn: &Connection, limit: usize) -> Result<Vec<ImportRecord>> {
    imports::history(conn, limit)
}

/// Undoes import `id`, which must be the last one standing: its invoices,
/// payments and new clients are removed and the invoices it changed are put
/// back, in one transaction. Refused, with the reason, where later work
/// depends on it (a reminder sent, a promise, an agreement, a payment).
pub fn undo(conn: &mut Connection, id: i64, today: NaiveDate) -> Result<String> {
    let rec = imports::get(conn, id)?.ok_or_else(|| Error::NotFound(format!("no import {id}")))?;
    if rec.undone_at.is_some() {
        return Err(Error::invalid("import", format!("the import of {} was already undone", rec.file_name)));
    }
    if rec.source == "bank" {
        return Err(Error::invalid("import", format!("{} is a bank statement: its lines are undone one by one (overdue bank undo LINE, or the Bank screen)", rec.file_name)));
    }
    let last = imports::last(conn, &rec.source)?;
    if last.as_ref().map(|l| l.id) != Some(id) {
        return Err(Error::invalid(
            "import",
            format!("only the last import can be undone; {} was imported after {}", last.map(|l| l.file_name).unwrap_or_default(), rec.file_name),
        ));
    }
    if let Some(why) = imports::undo_blocker(conn, id)? {
        return Err(Error::invalid("import", format!("the import of {} cannot be undone: {why}. Record the change by hand instead", rec.file_name)));
    }
    let on = crate::ledger::date_style(conn)?.format_iso(&rec.on_date);
    let tx = conn.transaction()?;
    let touched = imports::undo(&tx, id).map_err(|e| match e {
        Error::Db(ref d) if d.to_string().contains("FOREIGN KEY") => Error::invalid("import", format!("the import of {} cannot be undone: later work in Overdue refers to what it brought in", rec.file_name)),
        other => other,
    })?;
    for c in touched {
        append_event(&tx, c, today, "import_undone", &format!("Import of {} (on {on}) undone", rec.file_name))?;
    }
    tx.commit()?;
    Ok(format!("Undid the import of {}: {}", rec.file_name, rec.summary.split_once(": ").map(|(_, r)| r).unwrap_or(&rec.summary)))
}

/// When the books were last brought in, and whether that is too long ago.
pub fn freshness(conn: &Connection, today: NaiveDate) -> Result<Freshness> {
    imports::freshness(conn, today)
}
