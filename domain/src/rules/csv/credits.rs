//! Credit notes and payment rows of an export, set against the invoice of
//! the same file they name: a credit lowers its total (netted), a payment
//! raises what was paid on it. One that names no invoice of the file is left
//! out and listed with the reason.

use super::plan::Ledger;
use super::{Row, RowKind};
use crate::error::Problem;
use crate::money::Currency;
use std::collections::HashMap;

/// Where the results go: problems (the import is refused), notes (shown),
/// rows left out.
pub(super) struct Out<'a> {
    pub problems: &'a mut Vec<Problem>,
    pub notes: &'a mut Vec<Problem>,
    pub skipped: &'a mut Vec<Problem>,
}

impl Out<'_> {
    fn problem(&mut self, row: usize, column: &str, message: String) {
        self.problems.push(Problem { row, column: column.to_string(), message });
    }
}

/// A credit note or payment row, until it is set against its invoice.
pub(super) struct Adjustment {
    pub line: usize,
    pub number: String,
    #[allow(dead_code)]
    pub client: String,
    pub amount: i64,
    pub currency: Currency,
    /// The text that may name the invoice (reference, description).
    pub refers: String,
    pub kind: RowKind,
}


/// Applies `adjustments` to `rows` (the file's invoices). `still_due`: what
/// the file says is still due on an invoice's row (by line), where it says.
pub(super) fn apply(rows: &mut [Row], adjustments: Vec<Adjustment>, still_due: &HashMap<usize, i64>, ledger: &Ledger, amount_column: &str, out: &mut Out) {
    let candidates_of = |a: &Adjustment| -> Vec<String> {
        let mut c = vec![a.number.clone()];
        c.extend(a.refers.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '/' || c == '_')).filter(|t| t.chars().any(|c| c.is_ascii_digit())).map(str::to_string));
        c
    };
    // Which invoice of the file each names (looked up first, applied after).
    let targets: Vec<Option<usize>> = if adjustments.is_empty() {
        vec![]
    } else {
        let index: HashMap<&str, usize> = rows.iter().enumerate().map(|(i, r)| (r.number.as_str(), i)).collect();
        adjustments.iter().map(|a| candidates_of(a).iter().find_map(|c| index.get(c.as_str()).copied())).collect()
    };
    for (a, in_file) in adjustments.into_iter().zip(targets) {
        let what = if a.kind == RowKind::Credit { format!("credit note {}", a.number) } else { format!("payment on row {}", a.line) };
        let candidates = candidates_of(&a);
        let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
        match in_file {
            Some(k) => {
                let inv = &mut rows[k];
                if inv.currency != a.currency {
                    out.problem(a.line, amount_column, format!("{what} is in {} but invoice {} is in {}", a.currency.code, inv.number, inv.currency.code));
                    continue;
                }
                if a.kind == RowKind::Credit {
                    if a.amount > inv.amount {
                        out.problem(a.line, amount_column, format!("{what} ({}) is more than invoice {} ({})", a.currency.display(a.amount), inv.number, inv.currency.display(inv.amount)));
                        continue;
                    }
                    inv.amount -= a.amount;
                    // Where the file gives what is still due, it already counts the credit.
                    inv.paid = match still_due.get(&inv.line) {
                        Some(o) => (inv.amount - o).max(0),
                        None => inv.paid.min(inv.amount),
                    };
                    out.notes.push(Problem { row: a.line, column: String::new(), message: format!("{what} ({}) netted against invoice {}: its total is now {}", a.currency.display(a.amount), inv.number, inv.currency.display(inv.amount)) });
                } else {
                    if still_due.contains_key(&inv.line) {
                        // The invoice row's own balance already counts it.
                        continue;
                    }
                    inv.paid += a.amount;
                    if inv.paid > inv.amount {
                        out.problem(a.line, amount_column, format!("the payments on invoice {} add up to more than its total", inv.number));
                    }
                }
            }
            None => {
                let known = candidates.iter().find(|c| ledger.existing.contains_key(**c) && **c != a.number.as_str() || (a.kind == RowKind::Payment && ledger.existing.contains_key(**c)));
                let message = match known {
                    Some(n) => format!("{what} ({}) is against invoice {n}, which this file does not list: not applied; record it in Overdue if it still matters", a.currency.display(a.amount)),
                    None => format!("{what} ({}) names no invoice of this file: left out", a.currency.display(a.amount)),
                };
                out.skipped.push(Problem { row: a.line, column: String::new(), message });
            }
        }
    }
}
