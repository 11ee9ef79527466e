//! The shapes that cross the boundary to the CLI (`--json`) and the UI. Money
//! is always an `Amount` with its decimal as a string; dates are ISO strings.
//! These shapes are documented in README ("JSON output") and kept stable.

use crate::money::Currency;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Amount {
    /// Exact decimal, e.g. "1234.50".
    pub amount: String,
    pub currency: String,
    /// For people, e.g. "£1,234.50".
    pub display: String,
}

impl Amount {
    pub fn new(minor: i64, c: &Currency) -> Amount {
        Amount { amount: c.plain(minor), currency: c.code.to_string(), display: c.display(minor) }
    }
    pub fn of(minor: i64, code: &str) -> Amount {
        match Currency::find(code) {
            Ok(c) => Amount::new(minor, &c),
            Err(_) => Amount { amount: minor.to_string(), currency: code.to_string(), display: format!("{minor} {code}") },
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(default)]
pub struct Business {
    pub trading_name: String,
    pub legal_name: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    /// ISO 3166 alpha-2, e.g. "GB".
    pub country: String,
    /// ISO 4217, e.g. "GBP".
    pub currency: String,
    pub payment_details: String,
    /// Who signs agreements for the business, and their title.
    pub signatory_name: String,
    pub signatory_title: String,
    /// The business's bank account, checked when entered: an IBAN (and
    /// BIC), or a UK sort code and account number. What debtors pay to.
    pub iban: String,
    pub bic: String,
    pub sort_code: String,
    pub account_number: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(default)]
pub struct ClientInput {
    pub name: String,
    pub legal_name: String,
    /// "company", "sole_trader" or "consumer".
    pub kind: String,
    pub contact_person: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    /// IANA zone such as "Europe/London"; empty = the business's own.
    pub time_zone: String,
    pub notes: String,
}

/// A stored client: its id and creation time around the details a person
/// enters. Serialised flat (`{ "id", "name", …, "created_at" }`); derefs to
/// the details, so `client.name` reads naturally.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Client {
    pub id: i64,
    #[serde(flatten)]
    pub details: ClientInput,
    pub created_at: String,
}

impl std::ops::Deref for Client {
    type Target = ClientInput;
    fn deref(&self) -> &ClientInput {
        &self.details
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct InvoiceInput {
    pub number: String,
    pub client_id: i64,
    pub issue_date: String,
    pub due_date: String,
    /// Decimal string, e.g. "1250.00".
    pub amount: String,
    /// ISO 4217; empty = the business currency.
    pub currency: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InvoiceRow {
    pub id: i64,
    pub number: String,
    pub client_id: i64,
    pub client_name: String,
    pub issue_date: String,
    pub due_date: String,
    pub description: String,
    pub amount: Amount,
    pub paid: Amount,
    pub outstanding: Amount,
    /// Days past due as of the report date; negative = due in that many days.
    pub days_overdue: i64,
    /// "paid", "open" (not yet due) or "overdue".
    pub status: String,
    /// Aging bucket key of the outstanding amount ("not_yet_due", "days_1_30", …).
    pub bucket: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PaymentInput {
    pub client_id: i64,
    pub date: String,
    pub amount: String,
    /// Empty = the chosen invoice's currency, else the client's open invoices', else the business's.
    pub currency: String,
    pub method: String,
    pub reference: String,
    /// Pay this invoice first; empty = oldest first.
    pub invoice_number: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AllocationRow {
    pub invoice_id: i64,
    pub invoice_number: String,
    pub amount: Amount,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PaymentRow {
    pub id: i64,
    pub client_id: i64,
    pub date: String,
    pub amount: Amount,
    pub method: String,
    pub reference: String,
    pub allocations: Vec<AllocationRow>,
    /// The part not allocated to any invoice (client credit).
    pub unallocated: Amount,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub client_id: i64,
    /// When it was recorded (UTC, the computer's clock).
    pub at: String,
    /// The day it happened (YYYY-MM-DD).
    pub on_date: String,
    pub kind: String,
    pub summary: String,
    /// The full content where there is one: the message sent, a call's notes.
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BucketTotal {
    pub bucket: String,
    pub label: String,
    pub count: i64,
    pub total: Amount,
}

/// Aging of everything outstanding in one currency.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CurrencyAging {
    pub currency: String,
    pub buckets: Vec<BucketTotal>,
    pub outstanding: Amount,
    pub overdue: Amount,
    pub open_invoices: i64,
    pub overdue_invoices: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AgingSummary {
    pub as_of: String,
    /// The business currency first, then others by code.
    pub currencies: Vec<CurrencyAging>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ClientRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub email: String,
    pub open_invoices: i64,
    pub outstanding: Vec<Amount>,
    pub overdue: Vec<Amount>,
    /// Days past due of the oldest overdue invoice; 0 when nothing is overdue.
    pub oldest_days_overdue: i64,
    pub credit: Vec<Amount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientDetail {
    pub client: Client,
    /// Since when they are a client: their first invoice's issue date, or
    /// the day they were added if earlier; never after today (an import
    /// adds old clients today).
    pub since: String,
    pub summary: ClientRow,
    pub invoices: Vec<InvoiceRow>,
    pub payments: Vec<PaymentRow>,
    pub history: Vec<Event>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// Rows matching the filter, over all pages.
    pub total_rows: i64,
    pub offset: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PaymentReceipt {
    pub payment: PaymentRow,
    pub credit_added: Amount,
    pub message: String,
    /// The completion letter written because this was the last payment
    /// under an agreement ("" otherwise).
    pub completion_letter: String,
}

impl Business {
    /// How this business writes dates (from its country).
    pub fn date_style(&self) -> crate::dates::DateStyle {
        crate::dates::DateStyle::for_country(&self.country)
    }
    /// A date as this business writes it, e.g. "19 Mar 2026".
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        self.date_style().format(d)
    }
}

/// An invoice as a screen lists it: what is outstanding and how late.
#[derive(Debug, Clone, Serialize)]
pub struct ItemInvoice {
    pub id: i64,
    pub number: String,
    pub due_date: String,
    pub outstanding: Amount,
    pub days_overdue: i64,
}
