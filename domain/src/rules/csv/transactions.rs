//! Exports that list accounting transactions rather than invoices: Wave's
//! "accounting transactions" file (one line per account a transaction
//! touches: Transaction Date, Account Name, Debit and Credit amounts or one
//! signed Amount, Customer, Invoice Number …). The lines on the accounts
//! receivable account are the invoices (debits) and the money received or
//! credited against them (credits); they are folded into one row per
//! invoice, which then goes through the ordinary checks. Lines on other
//! accounts (sales, bank, tax) are the other side of the same entries and
//! are left out, counted.

use super::headers::norm;
use crate::money::parse_decimal_lenient;
use rust_decimal::Decimal;
use std::collections::HashMap;

pub struct Folded {
    pub headers: Vec<String>,
    pub records: Vec<(usize, csv::StringRecord)>,
    /// "Read as accounting transactions: …"
    pub note: String,
    /// Columns of the file the folding does not read.
    pub unused: Vec<String>,
    /// Amounts that cannot be read: (line, column, message).
    pub problems: Vec<(usize, String, String)>,
}

fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    let n: Vec<String> = headers.iter().map(|h| norm(h)).collect();
    names.iter().find_map(|want| n.iter().position(|h| h == want))
}

fn find_prefix(headers: &[String], prefix: &str) -> Option<usize> {
    headers.iter().position(|h| norm(h).starts_with(prefix))
}

/// Whether an account name is the receivables (debtors) account.
fn receivable(account: &str) -> bool {
    let n = norm(account);
    ["receivable", "debtor", "forderungen", "debiteuren", "creancesclients", "deudores", "creditiversoclienti", "naleznosci", "kundfordringar", "debitorer", "kundefordringer", "myyntisaamiset"]
        .iter()
        .any(|w| n.contains(w))
}

/// The columns a transactions export is read by.
struct Columns {
    account: usize,
    number: usize,
    customer: usize,
    date: usize,
    debit: Option<usize>,
    credit: Option<usize>,
    signed: Option<usize>,
}

fn columns(headers: &[String]) -> Option<Columns> {
    let account = find(headers, &["accountname", "account"])?;
    let number = find(headers, &["invoicenumber", "invoiceno", "invoicenum"])?;
    let customer = find(headers, &["customer", "customername", "contact", "contactname"])?;
    let date = find(headers, &["transactiondate", "date"])?;
    let (debit, credit) = (find_prefix(headers, "debit"), find_prefix(headers, "credit"));
    let signed = find(headers, &["amountonecolumn", "amount"]).or_else(|| find_prefix(headers, "amountone"));
    if !(debit.is_some() && credit.is_some()) && signed.is_none() {
        return None;
    }
    Some(Columns { account, number, customer, date, debit, credit, signed })
}

/// Whether a file with these headers may be a transactions export (then
/// `fold` decides from its lines).
pub fn applies(headers: &[String]) -> bool {
    columns(headers).is_some()
}

/// Folds a transactions export into invoice rows; `None` when the file is
/// not one (it is then read as a list of invoices).
pub fn fold(headers: &[String], body: &[(usize, csv::StringRecord)]) -> Option<Folded> {
    let Columns { account, number, customer, date, debit, credit, signed } = columns(headers)?;
    let description = find(headers, &["transactiondescription", "description", "transactionlinedescription", "notesmemo", "memo"]);
    fn cell(r: &csv::StringRecord, i: usize) -> &str {
        r.get(i).map(str::trim).unwrap_or("")
    }
    // Decimal commas: as for invoice files, when amounts end ",dd" and none ".dd".
    let amount_cells = |r: &csv::StringRecord| -> Vec<String> { [debit, credit, signed].iter().flatten().map(|i| cell(r, *i).to_string()).collect() };
    let comma = body.iter().flat_map(|(_, r)| amount_cells(r)).any(|v| v.rfind(',').is_some_and(|p| v.len() - p == 3))
        && !body.iter().flat_map(|(_, r)| amount_cells(r)).any(|v| v.rfind('.').is_some_and(|p| v.len() - p == 3));
    let mut problems: Vec<(usize, String, String)> = Vec::new();
    let mut read = |line: usize, i: usize, v: &str| -> Decimal {
        if v.trim().is_empty() {
            return Decimal::ZERO;
        }
        parse_decimal_lenient(v, comma).unwrap_or_else(|m| {
            problems.push((line, headers[i].clone(), m));
            Decimal::ZERO
        })
    };
    struct Inv {
        line: usize,
        customer: String,
        date: String,
        description: String,
        total: Decimal,
        paid: Decimal,
    }
    let mut order: Vec<String> = Vec::new();
    let mut by_number: HashMap<String, Inv> = HashMap::new();
    let (mut on_receivable, mut other, mut unnumbered) = (0usize, 0usize, 0usize);
    for (line, r) in body {
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if !receivable(cell(r, account)) {
            other += 1;
            continue;
        }
        let n = cell(r, number);
        if n.is_empty() {
            unnumbered += 1;
            continue;
        }
        on_receivable += 1;
        let amount = match (debit, credit, signed) {
            (Some(d), Some(c), _) if !(cell(r, d).is_empty() && cell(r, c).is_empty()) => read(*line, d, cell(r, d)) - read(*line, c, cell(r, c)),
            (_, _, Some(s)) => read(*line, s, cell(r, s)),
            _ => Decimal::ZERO,
        };
        let e = by_number.entry(n.to_string()).or_insert_with(|| {
            order.push(n.to_string());
            Inv { line: *line, customer: String::new(), date: String::new(), description: String::new(), total: Decimal::ZERO, paid: Decimal::ZERO }
        });
        if e.customer.is_empty() {
            e.customer = cell(r, customer).to_string();
        }
        if amount > Decimal::ZERO {
            e.total += amount;
            if e.date.is_empty() {
                e.date = cell(r, date).to_string();
                e.line = *line;
                e.description = description.map(|i| cell(r, i).to_string()).unwrap_or_default();
            }
        } else {
            e.paid -= amount;
        }
    }
    if on_receivable == 0 {
        return None;
    }
    let mut records = Vec::with_capacity(order.len());
    let mut payments_only = 0;
    for n in &order {
        let e = &by_number[n];
        if e.total.is_zero() {
            // Money received on an invoice raised before the export's period.
            payments_only += 1;
            continue;
        }
        let paid = e.paid.min(e.total);
        records.push((e.line, csv::StringRecord::from(vec![n.clone(), e.customer.clone(), e.date.clone(), e.total.to_string(), paid.to_string(), e.description.clone()])));
    }
    let mut note = format!(
        "Read as accounting transactions: {on_receivable} lines on the receivables account make {} invoices (debits raise an invoice, credits pay it); {other} lines on other accounts are the other side of the same entries and are left out.",
        records.len()
    );
    if unnumbered > 0 {
        note.push_str(&format!(" {unnumbered} receivables lines with no invoice number are left out."));
    }
    if payments_only > 0 {
        note.push_str(&format!(" {payments_only} invoices have only payments in this file (raised before its period) and are left out."));
    }
    let used = [Some(account), Some(number), Some(customer), Some(date), debit, credit, signed, description];
    let unused = headers.iter().enumerate().filter(|(i, h)| !h.is_empty() && !used.contains(&Some(*i))).map(|(_, h)| h.clone()).collect();
    let headers = ["Invoice Number", "Customer", "Invoice Date", "Total", "Amount Paid", "Description"].iter().map(|s| s.to_string()).collect();
    Some(Folded { headers, records, note, unused, problems })
}
