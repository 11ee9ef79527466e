//! The ledger: business profile, clients, invoices, payments with their
//! allocations, and the append-only history. Every write that touches more
//! than one row runs in one transaction and appends its history event in the
//! same transaction, so the history can never disagree with the ledger.

use crate::aging::{bucket_for, days_overdue};
use crate::alloc::OpenItem;
use crate::error::{Error, Result};
use crate::model::*;
use crate::money::{parse_amount, Currency};
use crate::text::{clean, clean_email, parse_iso_date, rule};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::BTreeMap;

pub fn now_stamp() -> String {
    crate::clock::stamp()
}

pub(crate) use overdue_domain::dates::stored as date;

/// Appends to a client's history. The table refuses updates and deletes.
/// `on`: the day it happened (the app's today for what the owner does now,
/// a payment's own date, a letter's date); the clock's moment is kept too.
pub fn append_event(tx: &Connection, client_id: i64, on: NaiveDate, kind: &str, summary: &str) -> Result<()> {
    append_event_detail(tx, client_id, on, kind, summary, "")
}

/// Appends an event with its full content (a message sent, a call's notes).
pub fn append_event_detail(tx: &Connection, client_id: i64, on: NaiveDate, kind: &str, summary: &str, detail: &str) -> Result<()> {
    tx.prepare_cached("INSERT INTO events (client_id, at, kind, summary, detail, on_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![client_id, now_stamp(), kind, summary, detail, on.to_string()])?;
    Ok(())
}

// ---------------------------------------------------------------- business

pub fn business(conn: &Connection) -> Result<Business> {
    Ok(conn.query_row(
        "SELECT trading_name, legal_name, address, email, phone, country, currency, payment_details, signatory_name, signatory_title, iban, bic, sort_code, account_number FROM business WHERE id = 1",
        [],
        |r| {
            Ok(Business {
                trading_name: r.get(0)?,
                legal_name: r.get(1)?,
                address: r.get(2)?,
                email: r.get(3)?,
                phone: r.get(4)?,
                country: r.get(5)?,
                currency: r.get(6)?,
                payment_details: r.get(7)?,
                signatory_name: r.get(8)?,
                signatory_title: r.get(9)?,
                iban: r.get(10)?,
                bic: r.get(11)?,
                sort_code: r.get(12)?,
                account_number: r.get(13)?,
            })
        },
    )?)
}

/// How the business writes dates (from its country).
pub fn date_style(conn: &Connection) -> Result<crate::dates::DateStyle> {
    let country: String = conn.query_row("SELECT country FROM business WHERE id = 1", [], |r| r.get(0))?;
    Ok(crate::dates::DateStyle::for_country(&country))
}

pub fn business_currency(conn: &Connection) -> Result<Currency> {
    let code: String = conn.query_row("SELECT currency FROM business WHERE id = 1", [], |r| r.get(0))?;
    Ok(Currency::find(&code)?)
}

pub fn update_business(conn: &Connection, input: &Business) -> Result<Business> {
    let b = Business {
        trading_name: clean(&input.trading_name, &rule("trading name", 200, true, false))?,
        legal_name: clean(&input.legal_name, &rule("legal name", 200, false, false))?,
        address: clean(&input.address, &rule("address", 1000, false, true))?,
        email: clean_email(&input.email, "email")?,
        phone: clean(&input.phone, &rule("phone", 40, false, false))?,
        country: {
            let c = clean(&input.country, &rule("country", 2, true, false))?.to_ascii_uppercase();
            if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
                return Err(Error::invalid("country", format!("'{c}' is not a two-letter country code such as GB, IE, US")));
            }
            c
        },
        currency: Currency::find(&input.currency)?.code.to_string(),
        payment_details: clean(&input.payment_details, &rule("payment details", 2000, false, true))?,
        signatory_name: clean(&input.signatory_name, &rule("signatory name", 200, false, false))?,
        signatory_title: clean(&input.signatory_title, &rule("signatory title", 100, false, false))?,
        iban: {
            let v = clean(&input.iban, &rule("IBAN", 42, false, false))?;
            let s = overdue_domain::bank::reference::squash(&v);
            if !s.is_empty() && !overdue_domain::bank::reference::iban_valid(&s) {
                return Err(Error::invalid("iban", format!("'{v}' is not a valid IBAN (its check digits or length are wrong)")));
            }
            overdue_domain::bank::reference::grouped(&s)
        },
        bic: {
            let v = overdue_domain::bank::reference::squash(&clean(&input.bic, &rule("BIC", 20, false, false))?);
            if !v.is_empty() && !overdue_domain::bank::reference::bic_valid(&v) {
                return Err(Error::invalid("bic", format!("'{v}' is not a BIC: 8 or 11 letters and digits, e.g. NWBKGB2L")));
            }
            v
        },
        sort_code: clean(&input.sort_code, &rule("sort code", 20, false, false))?,
        account_number: clean(&input.account_number, &rule("account number", 20, false, false))?,
    };
    let mut b = b;
    if !b.sort_code.is_empty() || !b.account_number.is_empty() {
        overdue_domain::bank::reference::uk_account_valid(&b.sort_code, &b.account_number).map_err(|m| Error::invalid(if m.contains("sort code") { "sort_code" } else { "account_number" }, m))?;
        let d: String = b.sort_code.chars().filter(|c| c.is_ascii_digit()).collect();
        b.sort_code = format!("{}-{}-{}", &d[0..2], &d[2..4], &d[4..6]);
        b.account_number = b.account_number.replace(' ', "");
    }
    conn.execute(
        "UPDATE business SET trading_name=?1, legal_name=?2, address=?3, email=?4, phone=?5, country=?6, currency=?7, payment_details=?8, signatory_name=?9, signatory_title=?10,
             iban=?11, bic=?12, sort_code=?13, account_number=?14 WHERE id = 1",
        params![b.trading_name, b.legal_name, b.address, b.email, b.phone, b.country, b.currency, b.payment_details, b.signatory_name, b.signatory_title, b.iban, b.bic, b.sort_code, b.account_number],
    )?;
    Ok(b)
}

/// True when the ledger holds no clients and no invoices (first start).
pub fn is_empty(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM clients) AND NOT EXISTS (SELECT 1 FROM invoices)", [], |r| r.get(0))?)
}

// ----------------------------------------------------------------- clients

pub const CLIENT_KINDS: [&str; 3] = ["company", "sole_trader", "consumer"];

pub fn validate_client(input: &ClientInput) -> Result<ClientInput> {
    let kind = if input.kind.trim().is_empty() { "company".to_string() } else { input.kind.trim().to_ascii_lowercase().replace([' ', '-'], "_") };
    if !CLIENT_KINDS.contains(&kind.as_str()) {
        return Err(Error::invalid("kind", format!("'{}' is not one of company, sole trader, consumer", input.kind)));
    }
    let tz = clean(&input.time_zone, &rule("time zone", 64, false, false))?;
    if !tz.is_empty() && !tz.chars().all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c)) {
        return Err(Error::invalid("time zone", format!("'{tz}' is not a time zone name such as Europe/London")));
    }
    Ok(ClientInput {
        name: clean(&input.name, &rule("name", 200, true, false))?,
        legal_name: clean(&input.legal_name, &rule("legal name", 200, false, false))?,
        kind,
        contact_person: clean(&input.contact_person, &rule("contact person", 200, false, false))?,
        email: clean_email(&input.email, "email")?,
        phone: clean(&input.phone, &rule("phone", 40, false, false))?,
        address: clean(&input.address, &rule("address", 1000, false, true))?,
        time_zone: tz,
        notes: clean(&input.notes, &rule("notes", 5000, false, true))?,
    })
}

fn name_taken(conn: &Connection, name: &str, except: Option<i64>) -> Result<bool> {
    let id: Option<i64> = conn.query_row("SELECT id FROM clients WHERE name = ?1", [name], |r| r.get(0)).optional()?;
    Ok(matches!(id, Some(i) if Some(i) != except))
}

pub fn create_client(conn: &mut Connection, input: &ClientInput, today: NaiveDate) -> Result<Client> {
    let c = validate_client(input)?;
    if name_taken(conn, &c.name, None)? {
        return Err(Error::Conflict(format!("a client named '{}' already exists", c.name)));
    }
    let tx = conn.transaction()?;
    let id = insert_client(&tx, &c)?;
    append_event(&tx, id, today, "client_created", &format!("Client '{}' created", c.name))?;
    tx.commit()?;
    client(conn, id)
}

pub(crate) fn insert_client(tx: &Connection, c: &ClientInput) -> Result<i64> {
    let now = now_stamp();
    tx.prepare_cached(
        "INSERT INTO clients (name, legal_name, kind, contact_person, email, phone, address, time_zone, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![c.name, c.legal_name, c.kind, c.contact_person, c.email, c.phone, c.address, c.time_zone, c.notes, now])?;
    Ok(tx.last_insert_rowid())
}

pub fn update_client(conn: &mut Connection, id: i64, input: &ClientInput, today: NaiveDate) -> Result<Client> {
    let before = client(conn, id)?;
    let c = validate_client(input)?;
    if name_taken(conn, &c.name, Some(id))? {
        return Err(Error::Conflict(format!("another client is already named '{}'", c.name)));
    }
    let mut changed = Vec::new();
    for (label, old, new) in [
        ("name", &before.name, &c.name),
        ("legal name", &before.legal_name, &c.legal_name),
        ("kind", &before.kind, &c.kind),
        ("contact person", &before.contact_person, &c.contact_person),
        ("email", &before.email, &c.email),
        ("phone", &before.phone, &c.phone),
        ("address", &before.address, &c.address),
        ("time zone", &before.time_zone, &c.time_zone),
        ("notes", &before.notes, &c.notes),
    ] {
        if old != new {
            changed.push(label);
        }
    }
    if changed.is_empty() {
        return Ok(before);
    }
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE clients SET name=?1, legal_name=?2, kind=?3, contact_person=?4, email=?5, phone=?6, address=?7, time_zone=?8, notes=?9, updated_at=?10 WHERE id=?11",
        params![c.name, c.legal_name, c.kind, c.contact_person, c.email, c.phone, c.address, c.time_zone, c.notes, now_stamp(), id],
    )?;
    append_event(&tx, id, today, "client_edited", &format!("Details edited: {}", changed.join(", ")))?;
    tx.commit()?;
    client(conn, id)
}

/// The columns `client_row` reads, in its order (0–10).
pub(crate) const CLIENT_COLUMNS: &str = "id, name, legal_name, kind, contact_person, email, phone, address, time_zone, notes, created_at";

/// A client from a row whose first columns are `CLIENT_COLUMNS`.
pub(crate) fn client_row(r: &rusqlite::Row) -> rusqlite::Result<Client> {
    Ok(Client {
        id: r.get(0)?,
        details: ClientInput {
            name: r.get(1)?,
            legal_name: r.get(2)?,
            kind: r.get(3)?,
            contact_person: r.get(4)?,
            email: r.get(5)?,
            phone: r.get(6)?,
            address: r.get(7)?,
            time_zone: r.get(8)?,
            notes: r.get(9)?,
        },
        created_at: r.get(10)?,
    })
}

pub fn client(conn: &Connection, id: i64) -> Result<Client> {
    conn.prepare_cached(&format!("SELECT {CLIENT_COLUMNS} FROM clients WHERE id = ?1"))?
        .query_row([id], client_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no client with id {id}")))
}

/// Finds a client by id ("17", "#17") or by name (exact, then unique prefix,
/// case-insensitive). Ambiguous or unknown names are errors naming the input.
pub fn find_client(conn: &Connection, name_or_id: &str) -> Result<Client> {
    let q = name_or_id.trim();
    if q.is_empty() {
        return Err(Error::invalid("client", "is required (a name or an id)"));
    }
    if let Ok(id) = q.trim_start_matches('#').parse::<i64>() {
        if let Ok(c) = client(conn, id) {
            return Ok(c);
        }
    }
    if let Some(id) = conn.query_row("SELECT id FROM clients WHERE name = ?1", [q], |r| r.get::<_, i64>(0)).optional()? {
        return client(conn, id);
    }
    let mut stmt = conn.prepare("SELECT id, name FROM clients WHERE name LIKE ?1 ESCAPE '\\' ORDER BY name LIMIT 6")?;
    let like = format!("{}%", escape_like(q));
    let hits: Vec<(i64, String)> = stmt.query_map([like], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<std::result::Result<_, _>>()?;
    match hits.len() {
        0 => Err(Error::NotFound(format!("no client matches '{q}'"))),
        1 => client(conn, hits[0].0),
        _ => Err(Error::Conflict(format!(
            "'{q}' matches several clients: {}; be more specific or use the id",
            hits.iter().map(|(id, n)| format!("{n} (#{id})")).collect::<Vec<_>>().join(", ")
        ))),
    }
}

pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

// ---------------------------------------------------------------- invoices

pub struct ValidInvoice {
    pub number: String,
    pub client_id: i64,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub amount_minor: i64,
    pub currency: Currency,
    pub description: String,
}

pub fn validate_invoice(conn: &Connection, input: &InvoiceInput) -> Result<ValidInvoice> {
    let number = clean(&input.number, &rule("invoice number", 60, true, false))?;
    client(conn, input.client_id).map_err(|_| Error::invalid("client", format!("there is no client with id {}", input.client_id)))?;
    let issue_date = parse_iso_date(&input.issue_date, "issue date")?;
    let due_date = parse_iso_date(&input.due_date, "due date")?;
    if due_date < issue_date {
        return Err(Error::invalid("due date", format!("{due_date} is before the issue date {issue_date}")));
    }
    let currency = if input.currency.trim().is_empty() { business_currency(conn)? } else { Currency::find(&input.currency)? };
    let amount_minor = parse_amount(&input.amount, &currency, "amount")?;
    let description = clean(&input.description, &rule("description", 500, false, false))?;
    Ok(ValidInvoice { number, client_id: input.client_id, issue_date, due_date, amount_minor, currency, description })
}

pub fn create_invoice(conn: &mut Connection, input: &InvoiceInput, today: NaiveDate) -> Result<InvoiceRow> {
    let v = validate_invoice(conn, input)?;
    if invoice_id_by_number(conn, &v.number)?.is_some() {
        return Err(Error::Conflict(format!("invoice number '{}' is already used", v.number)));
    }
    let tx = conn.transaction()?;
    let id = insert_invoice(&tx, &v.number, v.client_id, &v.issue_date.to_string(), &v.due_date.to_string(), v.amount_minor, v.currency.code, &v.description)?;
    let style = date_style(&tx)?;
    append_event(
        &tx,
        v.client_id,
        today,
        "invoice_created",
        &format!("Invoice {} added: {} issued {}, due {}", v.number, v.currency.display(v.amount_minor), style.format(v.issue_date), style.format(v.due_date)),
    )?;
    tx.commit()?;
    invoice(conn, id, today)
}

pub fn update_invoice(conn: &mut Connection, id: i64, input: &InvoiceInput, today: NaiveDate) -> Result<InvoiceRow> {
    let before = invoice(conn, id, today)?;
    let v = validate_invoice(conn, input)?;
    if let Some(other) = invoice_id_by_number(conn, &v.number)? {
        if other != id {
            return Err(Error::Conflict(format!("invoice number '{}' is already used", v.number)));
        }
    }
    // Under a signed agreement (active, in default or completed) the invoice's
    // figures are what the agreement acknowledged: changing them afterwards
    // would rewrite history. Only the description may change.
    let fixed: Option<(String, String)> = conn
        .query_row(
            "SELECT g.reference, g.status FROM agreements g JOIN arrangements r ON r.id = g.arrangement_id
             WHERE g.status IN ('active', 'defaulted', 'completed')
               AND (g.charges_invoice_id = ?1 OR EXISTS (SELECT 1 FROM json_each(r.invoice_ids) WHERE value = ?1))
             ORDER BY g.id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((reference, status)) = fixed {
        if v.amount_minor != before_minor(conn, id)? || v.due_date.to_string() != before.due_date || v.issue_date.to_string() != before.issue_date || v.client_id != before.client_id || v.currency.code != before.amount.currency || v.number != before.number {
            return Err(Error::Conflict(format!(
                "invoice {} is under agreement {reference} ({status}); its number, dates and amount are fixed by it. Record a payment or a write-off instead",
                before.number
            )));
        }
    }
    let paid = paid_minor(conn, id)?;
    if paid > 0 && v.currency.code != before.amount.currency {
        return Err(Error::invalid("currency", "cannot change: payments in the old currency are allocated to this invoice"));
    }
    if paid > 0 && v.client_id != before.client_id {
        return Err(Error::invalid("client", "cannot change: this client's payments are allocated to this invoice"));
    }
    if v.amount_minor < paid {
        return Err(Error::invalid(
            "amount",
            format!("{} is less than the {} already paid", v.currency.display(v.amount_minor), v.currency.display(paid)),
        ));
    }
    let mut changes = Vec::new();
    if before.number != v.number {
        changes.push(format!("number {} → {}", before.number, v.number));
    }
    if before.issue_date != v.issue_date.to_string() {
        changes.push(format!("issue date {} → {}", before.issue_date, v.issue_date));
    }
    if before.due_date != v.due_date.to_string() {
        changes.push(format!("due date {} → {}", before.due_date, v.due_date));
    }
    if before.amount.currency != v.currency.code || before.amount.amount != v.currency.plain(v.amount_minor) {
        changes.push(format!("amount {} → {}", before.amount.display, v.currency.display(v.amount_minor)));
    }
    if before.description != v.description {
        changes.push("description".to_string());
    }
    if before.client_id != v.client_id {
        changes.push("moved to another client".to_string());
    }
    if changes.is_empty() {
        return Ok(before);
    }
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE invoices SET number=?1, client_id=?2, issue_date=?3, due_date=?4, amount_minor=?5, currency=?6, description=?7, updated_at=?8 WHERE id=?9",
        params![v.number, v.client_id, v.issue_date.to_string(), v.due_date.to_string(), v.amount_minor, v.currency.code, v.description, now_stamp(), id],
    )?;
    let summary = format!("Invoice {} edited: {}", v.number, changes.join("; "));
    append_event(&tx, v.client_id, today, "invoice_edited", &summary)?;
    if before.client_id != v.client_id {
        append_event(&tx, before.client_id, today, "invoice_edited", &format!("Invoice {} moved to another client", before.number))?;
    }
    tx.commit()?;
    invoice(conn, id, today)
}

pub fn invoice_id_by_number(conn: &Connection, number: &str) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT id FROM invoices WHERE number = ?1", [number.trim()], |r| r.get(0)).optional()?)
}

fn before_minor(conn: &Connection, invoice_id: i64) -> Result<i64> {
    Ok(conn.query_row("SELECT amount_minor FROM invoices WHERE id = ?1", [invoice_id], |r| r.get(0))?)
}

fn paid_minor(conn: &Connection, invoice_id: i64) -> Result<i64> {
    Ok(conn.query_row("SELECT paid_minor FROM invoices WHERE id = ?1", [invoice_id], |r| r.get(0))?)
}

/// Columns every invoice listing selects, in this order (see `invoice_row`).
pub(crate) const INVOICE_COLUMNS: &str = "i.id, i.number, i.client_id, c.name AS client_name, i.issue_date, i.due_date, i.description, i.amount_minor, i.currency,
     i.paid_minor AS paid";

pub(crate) fn invoice_row(r: &rusqlite::Row, today: NaiveDate) -> rusqlite::Result<InvoiceRow> {
    let currency: String = r.get(8)?;
    let amount: i64 = r.get(7)?;
    let paid: i64 = r.get(9)?;
    let due: String = r.get(5)?;
    let due_d = date(&due);
    let out = amount - paid;
    let days = days_overdue(due_d, today);
    let status = if out <= 0 {
        "paid"
    } else if days > 0 {
        "overdue"
    } else {
        "open"
    };
    Ok(InvoiceRow {
        id: r.get(0)?,
        number: r.get(1)?,
        client_id: r.get(2)?,
        client_name: r.get(3)?,
        issue_date: r.get(4)?,
        due_date: due,
        description: r.get(6)?,
        amount: Amount::of(amount, &currency),
        paid: Amount::of(paid, &currency),
        outstanding: Amount::of(out.max(0), &currency),
        days_overdue: days,
        status: status.to_string(),
        bucket: if out <= 0 { String::new() } else { bucket_for(due_d, today).key().to_string() },
    })
}

pub fn invoice(conn: &Connection, id: i64, today: NaiveDate) -> Result<InvoiceRow> {
    conn.query_row(
        &format!("SELECT {INVOICE_COLUMNS} FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.id = ?1"),
        [id],
        |r| invoice_row(r, today),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("there is no invoice with id {id}")))
}

// ---------------------------------------------------------------- payments


#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_payment(tx: &Connection, client_id: i64, date: NaiveDate, amount: i64, currency: &str, method: &str, reference: &str, created_at: &str) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO payments (client_id, date, amount_minor, currency, method, reference, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![client_id, date.to_string(), amount, currency, method, reference, created_at])?;
    Ok(tx.last_insert_rowid())
}

/// One invoice row; its id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_invoice(tx: &Connection, number: &str, client_id: i64, issue_date: &str, due_date: &str, amount_minor: i64, currency: &str, description: &str) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO invoices (number, client_id, issue_date, due_date, amount_minor, currency, description, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![number, client_id, issue_date, due_date, amount_minor, currency, description, now_stamp()])?;
    Ok(tx.last_insert_rowid())
}

/// One invoice as an open item, with its currency (whether or not anything
/// is still owed on it).
pub(crate) struct OneItem {
    pub item: OpenItem,
    pub currency: String,
    pub outstanding: i64,
}

pub(crate) fn open_item(conn: &Connection, invoice_id: i64) -> Result<Option<OneItem>> {
    Ok(conn
        .prepare_cached(concat!("SELECT i.id, i.number, i.issue_date, i.due_date, i.currency, ", outstanding!(), " FROM invoices i WHERE i.id = ?1"))?
        .query_row([invoice_id], |r| {
            let outstanding: i64 = r.get(5)?;
            Ok(OneItem {
                item: OpenItem { invoice_id: r.get(0)?, number: r.get(1)?, issue_date: date(&r.get::<_, String>(2)?), due_date: date(&r.get::<_, String>(3)?), outstanding },
                currency: r.get(4)?,
                outstanding,
            })
        })
        .optional()?)
}

/// What is still owed on one invoice, in minor units.
pub(crate) fn outstanding_of(conn: &Connection, invoice_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        concat!("SELECT ", outstanding!(), " FROM invoices i WHERE i.id = ?1"),
        [invoice_id],
        |r| r.get(0),
    )?)
}

pub(crate) fn insert_allocation(tx: &Connection, payment_id: i64, invoice_id: i64, amount: i64) -> Result<()> {
    tx.prepare_cached("INSERT INTO allocations (payment_id, invoice_id, amount_minor) VALUES (?1, ?2, ?3)")?
        .execute(params![payment_id, invoice_id, amount])?;
    Ok(())
}

/// A client's invoices with something outstanding, per currency.
pub(crate) fn open_items(conn: &Connection, client_id: i64) -> Result<BTreeMap<String, Vec<OpenItem>>> {
    let mut stmt = conn.prepare_cached(
        concat!("SELECT i.id, i.number, i.issue_date, i.due_date, i.currency,
                ", outstanding!(), " AS out
         FROM invoices i WHERE i.client_id = ?1 AND out > 0 ORDER BY i.due_date, i.issue_date, i.number"),
    )?;
    let mut map: BTreeMap<String, Vec<OpenItem>> = BTreeMap::new();
    let rows = stmt.query_map([client_id], |r| {
        Ok((
            r.get::<_, String>(4)?,
            OpenItem {
                invoice_id: r.get(0)?,
                number: r.get(1)?,
                issue_date: date(&r.get::<_, String>(2)?),
                due_date: date(&r.get::<_, String>(3)?),
                outstanding: r.get(5)?,
            },
        ))
    })?;
    for row in rows {
        let (cur, item) = row?;
        map.entry(cur).or_default().push(item);
    }
    Ok(map)
}

pub fn payments_of(conn: &Connection, client_id: i64) -> Result<Vec<PaymentRow>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.date, p.amount_minor, p.currency, p.method, p.reference FROM payments p WHERE p.client_id = ?1 AND p.undone_at = '' ORDER BY p.date DESC, p.id DESC",
    )?;
    let mut alloc_stmt = conn.prepare(
        "SELECT a.invoice_id, i.number, a.amount_minor FROM allocations a JOIN invoices i ON i.id = a.invoice_id WHERE a.payment_id = ?1 ORDER BY a.id",
    )?;
    let base: Vec<(i64, String, i64, String, String, String)> = stmt
        .query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut out = Vec::with_capacity(base.len());
    for (id, date, amount, cur, method, reference) in base {
        let allocs: Vec<(i64, String, i64)> =
            alloc_stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<std::result::Result<_, _>>()?;
        let used: i64 = allocs.iter().map(|a| a.2).sum();
        out.push(PaymentRow {
            id,
            client_id,
            date,
            amount: Amount::of(amount, &cur),
            method,
            reference,
            allocations: allocs
                .into_iter()
                .map(|(invoice_id, invoice_number, a)| AllocationRow { invoice_id, invoice_number, amount: Amount::of(a, &cur) })
                .collect(),
            unallocated: Amount::of(amount - used, &cur),
        });
    }
    Ok(out)
}

pub fn history(conn: &Connection, client_id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(
        "SELECT id, client_id, at, kind, summary, detail, CASE WHEN on_date = '' THEN substr(at, 1, 10) ELSE on_date END FROM events WHERE client_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt
        .query_map([client_id], |r| Ok(Event { id: r.get(0)?, client_id: r.get(1)?, at: r.get(2)?, kind: r.get(3)?, summary: r.get(4)?, detail: r.get(5)?, on_date: r.get(6)? }))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(rows)
}

/// Runs `f` inside one transaction: all or nothing.
pub fn in_transaction<T>(conn: &mut Connection, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
    let tx = conn.transaction()?;
    let v = f(&tx)?;
    tx.commit()?;
    Ok(v)
}

/// A payment as its Undo needs it: client, date, amount, currency, method,
/// when it was taken back ('' if not), and the statement line it came from.
pub(crate) fn payment_for_undo(conn: &Connection, id: i64) -> Result<Option<(i64, String, i64, String, String, String, Option<i64>)>> {
    Ok(conn
        .query_row(
            "SELECT p.client_id, p.date, p.amount_minor, p.currency, p.method, p.undone_at, (SELECT b.line_id FROM bank_line_payments b WHERE b.payment_id = p.id LIMIT 1)
             FROM payments p WHERE p.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )
        .optional()?)
}

/// The agreement a payment completed, if any (its completion stands).
pub(crate) fn completed_by(conn: &Connection, payment_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT g.reference FROM instalment_payments ip JOIN agreements g ON g.id = ip.agreement_id WHERE ip.payment_id = ?1 AND g.status = 'completed' LIMIT 1",
            [payment_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Takes a payment back as a mark: the row stays, stamped; what it paid
/// (allocations, instalment parts) moves to the `undone_` tables, so every
/// sum over allocations leaves it out. Promises it resolved since it was
/// recorded are pending again (the next sweep judges them afresh).
pub(crate) fn mark_payment_undone(tx: &Connection, id: i64, stamp: &str) -> Result<()> {
    tx.execute("INSERT INTO undone_allocations (payment_id, invoice_id, amount_minor) SELECT payment_id, invoice_id, amount_minor FROM allocations WHERE payment_id = ?1", [id])?;
    tx.execute("DELETE FROM allocations WHERE payment_id = ?1", [id])?;
    tx.execute(
        "INSERT INTO undone_instalment_payments (agreement_id, number, payment_id, amount_minor) SELECT agreement_id, number, payment_id, amount_minor FROM instalment_payments WHERE payment_id = ?1",
        [id],
    )?;
    tx.execute("DELETE FROM instalment_payments WHERE payment_id = ?1", [id])?;
    tx.execute(
        "UPDATE promises SET status = 'pending', paid_minor = 0, resolved_at = ''
          WHERE status IN ('kept', 'partly_kept') AND client_id = (SELECT client_id FROM payments WHERE id = ?1)
            AND resolved_at >= (SELECT created_at FROM payments WHERE id = ?1)",
        [id],
    )?;
    tx.execute("UPDATE payments SET undone_at = ?2 WHERE id = ?1", params![id, stamp])?;
    Ok(())
}
