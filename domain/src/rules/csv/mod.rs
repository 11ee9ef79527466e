//! Reading invoice exports: the columns (header recognition), the
//! delimiter, date orders and amounts, and the preview an import shows.
//! Testable without SQLite; `plan` checks the rows against a snapshot of
//! the ledger.

pub mod currency;
pub mod decode;
pub mod headers;
pub mod plan;
pub mod sheet;
mod credits;
mod source;
pub mod transactions;

pub use crate::error::Problem;
pub use decode::{decode, Decoded};
pub use headers::{auto_mapping, header_score, is_total_word, norm};
pub use plan::{plan, Ledger};
use crate::money::Currency;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;


/// The fields Overdue reads from a file, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Number,
    Client,
    IssueDate,
    DueDate,
    Amount,
    Paid,
    Outstanding,
    Currency,
    Description,
    Email,
    ContactPerson,
    Phone,
    Address,
    Status,
    Terms,
    Kind,
}

pub const FIELDS: [Field; 16] = [
    Field::Number,
    Field::Client,
    Field::IssueDate,
    Field::DueDate,
    Field::Amount,
    Field::Paid,
    Field::Outstanding,
    Field::Currency,
    Field::Description,
    Field::Email,
    Field::ContactPerson,
    Field::Phone,
    Field::Address,
    Field::Status,
    Field::Terms,
    Field::Kind,
];

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::Client => "client",
            Field::IssueDate => "issue_date",
            Field::DueDate => "due_date",
            Field::Amount => "amount",
            Field::Paid => "paid",
            Field::Outstanding => "outstanding",
            Field::Currency => "currency",
            Field::Description => "description",
            Field::Email => "email",
            Field::ContactPerson => "contact_person",
            Field::Phone => "phone",
            Field::Address => "address",
            Field::Status => "status",
            Field::Terms => "terms",
            Field::Kind => "kind",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Field::Number => "Invoice number",
            Field::Client => "Client",
            Field::IssueDate => "Issue date",
            Field::DueDate => "Due date",
            Field::Amount => "Invoice total",
            Field::Paid => "Amount paid",
            Field::Outstanding => "Amount still due",
            Field::Currency => "Currency",
            Field::Description => "Description / reference",
            Field::Email => "Client email",
            Field::ContactPerson => "Contact person",
            Field::Phone => "Client phone",
            Field::Address => "Client address",
            Field::Status => "Status",
            Field::Terms => "Payment terms",
            Field::Kind => "Type (invoice, credit note, payment)",
        }
    }
    pub fn from_key(k: &str) -> Option<Field> {
        FIELDS.iter().copied().find(|f| f.key() == k)
    }
    /// Header names seen in exports (as `headers::norm` leaves them), best first.
    pub fn aliases(self) -> &'static [&'static str] {
        headers::aliases(self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    /// 2026-01-31 (also 2026/01/31)
    Iso,
    /// 31/01/2026, 31.01.2026, 31-01-26
    Dmy,
    /// 01/31/2026
    Mdy,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Corrections to the detected mapping: field key → header text ("" = not imported).
    pub mapping: BTreeMap<String, String>,
    /// Needed when the file's day/month order cannot be told from its dates.
    pub date_format: Option<DateFormat>,
    /// The currency of the file's amounts where it names none (a bare `$`
    /// when the business's currency is not a dollar, say).
    pub currency: Option<String>,
    /// What to do with open invoices the file no longer lists: "keep" (the
    /// default), "paid" (received on the import's date) or "cancelled"
    /// (written off).
    pub missing: Option<String>,
    /// The same choice for single invoices: invoice number → "keep",
    /// "paid" or "cancelled" (over `missing`).
    pub missing_each: BTreeMap<String, String>,
    /// The sheet of a workbook to read (default: the first with any cells).
    pub sheet: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MappingEntry {
    pub field: String,
    pub label: String,
    pub required: bool,
    /// The header text mapped to this field, if any.
    pub column: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreviewRow {
    pub row: usize,
    pub number: String,
    pub client: String,
    pub issue_date: String,
    pub due_date: String,
    pub amount: String,
    pub paid: String,
    pub currency: String,
    /// "new", "update" or "unchanged".
    pub action: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub file_name: String,
    /// The encoding the file was read in ("UTF-8", "Windows-1252", …).
    pub encoding: String,
    /// A workbook's sheets, and the one read (empty for a CSV file).
    pub sheets: Vec<String>,
    pub sheet: String,
    /// Set when the amounts are not in the business's currency.
    pub currency_note: String,
    pub delimiter: String,
    pub header_row: usize,
    pub headers: Vec<String>,
    pub mapping: Vec<MappingEntry>,
    /// Columns of the file that no field reads (nothing is dropped unsaid).
    pub unused_columns: Vec<String>,
    /// Rows that are not invoices and were left out, with why: report
    /// titles above the header, total rows, footer and timestamp lines.
    pub skipped_rows: Vec<Problem>,
    /// The file's own "as of" date (a report title's "as at 30/11/2026"),
    /// when it has one: money received since is dated so.
    pub as_of: Option<String>,
    /// The mapping came from the owner's corrections to a file with the same header.
    pub mapping_remembered: bool,
    /// How due dates were found when the file has no due-date column
    /// ("the issue date + 30 days, your payment terms"), or "".
    pub due_note: String,
    /// Set when the file is a list of accounting transactions (Wave's
    /// "accounting transactions" export): how its lines became invoices.
    pub transactions_note: String,
    /// The date order in use, if known.
    pub date_format: Option<DateFormat>,
    /// True when the dates read the same as DD/MM and MM/DD: the user must choose.
    pub date_format_ambiguous: bool,
    pub decimal_comma: bool,
    pub data_rows: usize,
    pub invoices: usize,
    pub new_invoices: usize,
    pub updated_invoices: usize,
    pub unchanged_invoices: usize,
    pub new_clients: usize,
    /// Extra rows of one invoice (line items) folded into it.
    pub merged_rows: usize,
    /// Invoices already in the ledger on which the file shows money
    /// received since the last import, and how much in all (per currency).
    pub paid_since: usize,
    pub paid_since_total: String,
    /// Changes shown but not made: less paid than the ledger holds (a
    /// reversed payment?).
    pub notes: Vec<Problem>,
    /// Open invoices in Overdue that this file does not list (paid,
    /// cancelled, or filtered out of the export?), and what will happen to
    /// them ("keep", "paid", "cancelled").
    pub missing_invoices: Vec<String>,
    /// The same with what each one is and what will happen to it.
    pub missing_detail: Vec<MissingInvoice>,
    pub missing_action: String,
    pub problems: Vec<Problem>,
    /// Set when this very file (the same bytes) was imported before with
    /// the same choices: importing it again changes nothing.
    pub already_imported: String,
    /// The first rows as they will be imported.
    pub sample: Vec<PreviewRow>,
    /// Nothing stands in the way of committing.
    pub ready: bool,
}

/// An open invoice the file no longer lists.
#[derive(Debug, Clone, Serialize)]
pub struct MissingInvoice {
    pub number: String,
    pub client: String,
    pub outstanding: String,
    /// "keep", "paid" or "cancelled".
    pub action: String,
}

/// One import in the history: what came in and what it changed.
#[derive(Debug, Clone, Serialize)]
pub struct ImportRecord {
    pub id: i64,
    /// "invoices" or "bank".
    pub source: String,
    pub file_name: String,
    pub sha256: String,
    /// The app's date of the import, and the moment (UTC).
    pub on_date: String,
    pub imported_at: String,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub new_clients: i64,
    pub payments: i64,
    pub missing: i64,
    pub summary: String,
    pub undone_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file_name: String,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub new_clients: usize,
    pub payments: usize,
    /// Invoices on which the file showed money received since; recorded.
    pub paid_since: usize,
    /// Open invoices the file no longer lists, and what was done with them
    /// ("keep", "paid", "cancelled").
    pub missing: usize,
    pub missing_action: String,
    pub message: String,
    /// The history entry written (none when the same file was imported
    /// before with the same choices: nothing was changed).
    pub import_id: Option<i64>,
    pub already_imported: bool,
}

/// One invoice as read from the file, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub number: String,
    pub client: String,
    pub issue: NaiveDate,
    pub due: NaiveDate,
    pub amount: i64,
    pub paid: i64,
    pub currency: Currency,
    pub description: String,
    /// The client's details, where the file gives any (boxed: most rows of
    /// a large file have none, or repeat a client's).
    pub contact: Option<Box<ContactDetails>>,
}

/// A client's contact details as a row gives them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContactDetails {
    pub email: String,
    pub contact_person: String,
    pub phone: String,
    pub address: String,
}

/// What a type column says a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Invoice,
    /// A credit note (credit memo, Gutschrift, avoir …) or a negative invoice.
    Credit,
    /// Money received against an invoice.
    Payment,
    /// A quote, estimate or order: not something owed.
    NotOwed,
}

pub struct Existing {
    pub id: i64,
    pub client_id: i64,
    pub issue: String,
    pub due: String,
    pub amount: i64,
    pub currency: String,
    pub description: String,
    pub paid: i64,
}

pub struct Plan {
    pub preview: Preview,
    /// The invoices to write, and what each one is (same order).
    pub rows: Vec<Row>,
    pub actions: Vec<Action>,
    /// Invoices already in the ledger that the file shows more paid on:
    /// (invoice id, client id, amount received since, currency).
    pub paid_since: Vec<(i64, i64, i64, Currency)>,
    /// Open invoices of the ledger the file no longer lists: (invoice id,
    /// client id, number, outstanding, currency code, "keep" | "paid" | "cancelled").
    pub missing: Vec<(i64, i64, String, i64, String, String)>,
    /// The owner's corrections to the mapping, to remember for files with
    /// this header: (header key, headers, field → column).
    pub remember: Option<(String, Vec<String>, BTreeMap<String, String>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    New,
    Update(i64),
    Unchanged,
}

pub const MAX_PROBLEMS: usize = 500;


pub fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().take(12).collect::<Vec<_>>();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let score: usize = first
            .iter()
            .map(|l| {
                let mut n = 0;
                let mut q = false;
                for ch in l.bytes() {
                    if ch == b'"' {
                        q = !q
                    } else if ch == d && !q {
                        n += 1
                    }
                }
                n
            })
            .max()
            .unwrap_or(0);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}



/// A date string's shape before the day/month order is known.
pub enum DateShape {
    Iso(NaiveDate),
    Textual(NaiveDate),
    Numeric(u32, u32, i32),
    Bad,
}

pub fn date_shape(s: &str) -> DateShape {
    let s = s.trim();
    // Drop a time part: "2026-01-31T00:00:00", "31/01/2026 00:00".
    let s = s.split(['T', ' ']).next().filter(|p| p.chars().filter(|c| c.is_ascii_digit()).count() >= 4 && !p.chars().any(|c| c.is_alphabetic())).unwrap_or(s);
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit())) {
        let n: Vec<i64> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
        if parts[0].len() == 4 {
            return NaiveDate::from_ymd_opt(n[0] as i32, n[1] as u32, n[2] as u32).map(DateShape::Iso).unwrap_or(DateShape::Bad);
        }
        if parts[2].len() == 4 || parts[2].len() == 2 {
            let y = if parts[2].len() == 2 { 2000 + n[2] } else { n[2] };
            return DateShape::Numeric(n[0] as u32, n[1] as u32, y as i32);
        }
        return DateShape::Bad;
    }
    for f in ["%d %b %Y", "%d-%b-%Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d %b %y", "%d-%b-%y", "%e %b %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return DateShape::Textual(d);
        }
    }
    DateShape::Bad
}

pub fn parse_date(s: &str, fmt: Option<DateFormat>) -> std::result::Result<NaiveDate, String> {
    let t = s.trim();
    match date_shape(t) {
        DateShape::Iso(d) | DateShape::Textual(d) => Ok(d),
        DateShape::Numeric(a, b, y) => {
            let (d, m) = match fmt {
                Some(DateFormat::Mdy) => (b, a),
                Some(DateFormat::Dmy) | Some(DateFormat::Iso) => (a, b),
                None => return Err(format!("'{t}' could be DD/MM or MM/DD; choose the file's date order")),
            };
            NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("'{t}' is not a real date"))
        }
        DateShape::Bad => Err(if t.is_empty() { "is empty".to_string() } else { format!("'{t}' is not a date") }),
    }
}

pub fn is_required(f: Field) -> bool {
    matches!(f, Field::Number | Field::Client | Field::DueDate | Field::Amount)
}


/// When the books were last brought in, and how many days ago.
#[derive(Debug, Clone, Serialize)]
pub struct Freshness {
    /// The app's date of the last import standing ("" when there is none:
    /// the ledger was typed into Overdue, which is then the books).
    pub updated_on: String,
    pub file_name: String,
    pub days: i64,
    /// Older than the setting (`books_stale_days`).
    pub stale: bool,
    pub stale_after_days: i64,
    /// "Your books were last brought in 12 days ago (…): this invoice may
    /// already be paid.", or "".
    pub warning: String,
}

/// Whether the books, last brought in `last` (date and file), are too old
/// on `today` for a reminder to go out unasked.
pub fn freshness(last: Option<(NaiveDate, String)>, today: NaiveDate, stale_after_days: i64) -> Freshness {
    match last {
        None => Freshness { updated_on: String::new(), file_name: String::new(), days: 0, stale: false, stale_after_days, warning: String::new() },
        Some((on, file_name)) => {
            let days = (today - on).num_days().max(0);
            let stale = days > stale_after_days;
            let warning = if stale { format!("Your books were last brought in {days} days ago ({file_name}): this invoice may already be paid.") } else { String::new() };
            Freshness { updated_on: on.to_string(), file_name, days, stale, stale_after_days, warning }
        }
    }
}
