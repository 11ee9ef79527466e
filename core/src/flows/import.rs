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
use rusqlite::Connection;
use std::collections::BTreeMap;

/// The file checked against the ledger as it is now.
fn plan_for(conn: &Connection, bytes: &[u8], file_name: &str, opts: &ImportOptions) -> Result<Plan> {
    Ok(plan(&imports::snapshot(conn)?, bytes, file_name, opts)?)
}


/// Reads the file and checks every row against the ledger. Writes nothing.
pub fn preview(conn: &Connection, bytes: &[u8], file_name: &str, opts: &ImportOptions) -> Result<Preview> {
    Ok(plan_for(conn, bytes, file_name, opts)?.preview)
}
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
/// Checks like `preview`, then writes everything in one transaction. Any
/// problem: nothing is written and the error lists the problems.
pub fn commit(conn: &mut Connection, bytes: &[u8], file_name: &str, opts: &ImportOptions, today: NaiveDate) -> Result<ImportReport> {
    let Plan { preview, rows, paid_since, missing } = plan_for(conn, bytes, file_name, opts)?;
    if !preview.problems.is_empty() {
        return Err(Error::ImportRejected(preview.problems));
    }
    let short_name = std::path::Path::new(file_name).file_name().and_then(|s| s.to_str()).unwrap_or(file_name).to_string();
    let tx = conn.transaction()?;
    let mut client_ids = imports::client_ids(&tx)?;
    let mut per_client: BTreeMap<i64, (usize, usize)> = BTreeMap::new();
    let mut new_clients = 0;
    let mut payments = 0;
    let paid_reference = format!("paid before import ({short_name})");
    {
        for (row, action) in &rows {
            let key = row.client.to_ascii_lowercase();
            let client_id = match client_ids.get(&key) {
                Some(id) => *id,
                None => {
                    let input = ClientInput {
                        name: row.client.clone(),
                        email: row.email.clone(),
                        contact_person: row.contact_person.clone(),
                        phone: row.phone.clone(),
                        address: row.address.clone(),
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
                    imports::update_invoice(&tx, *id, row)?;
                    per_client.entry(client_id).or_default().1 += 1;
                }
                Action::Unchanged => {}
            }
        }
    }
    // The books say more was paid since: recorded as received on the
    // import's date, through the one payment path.
    let since_reference = format!("paid per {short_name}");
    for (invoice_id, client_id, amount, currency) in &paid_since {
        let m = MoneyIn { client_id: *client_id, date: today, amount: *amount, currency, method: "imported", reference: &since_reference, chosen: Some(*invoice_id) };
        record_in(&tx, &m, today)?;
        append_event(&tx, *client_id, today, "paid_per_books", &format!("{} received per {short_name}", currency.display(*amount)))?;
    }
    // Open invoices the export no longer lists, as the owner chose.
    if preview.missing_action != "keep" {
        for (invoice_id, client_id, number, outstanding, code) in &missing {
            let currency = crate::money::Currency::find(code)?;
            if preview.missing_action == "paid" {
                let reference = format!("paid per {short_name} (no longer listed)");
                let m = MoneyIn { client_id: *client_id, date: today, amount: *outstanding, currency: &currency, method: "imported", reference: &reference, chosen: Some(*invoice_id) };
                record_in(&tx, &m, today)?;
                append_event(&tx, *client_id, today, "paid_per_books", &format!("{number}: {} paid per {short_name} (no longer in the export)", currency.display(*outstanding)))?;
            } else {
                let p = insert_payment(&tx, *client_id, today, *outstanding, code, overdue_domain::instalments::WRITE_OFF, &format!("{number} cancelled per {short_name}"), &crate::ledger::now_stamp())?;
                insert_allocation(&tx, p, *invoice_id, *outstanding)?;
                append_event(&tx, *client_id, today, "cancelled_per_books", &format!("{number}: {} cancelled (no longer in {short_name})", currency.display(*outstanding)))?;
            }
        }
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
    tx.commit()?;
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
        message.push_str(&match preview.missing_action.as_str() {
            "paid" => format!("; {} no longer listed, recorded as paid", count(missing.len(), "invoice", "invoices")),
            "cancelled" => format!("; {} no longer listed, cancelled", count(missing.len(), "invoice", "invoices")),
            _ => format!("; {} no longer listed, kept open (paid, cancelled or filtered out?)", count(missing.len(), "invoice", "invoices")),
        });
    }
    Ok(ImportReport {
        file_name: short_name,
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
