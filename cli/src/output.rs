//! How the command line prints: text lines that end quietly on a closed
//! pipe, aligned cells for tables in any script, and JSON.

use overdue_core::model::{AgingSummary, Amount};
use serde::Serialize;

/// Prints a line to stdout; a closed pipe (`overdue invoices | head`) ends quietly.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write;
        if writeln!(std::io::stdout(), $($t)*).is_err() {
            std::process::exit(0);
        }
    }};
}
pub(crate) use out;

pub(crate) fn print_json<T: Serialize>(v: &T) {
    out!("{}", serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")));
}

/// Pads or cuts to `w` characters (not bytes), so names in any script line up.
pub(crate) fn cell(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n > w {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

pub(crate) fn rcell(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

/// Amounts in several currencies on one line.
pub(crate) fn amounts(v: &[Amount]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.iter().map(|a| a.display.clone()).collect::<Vec<_>>().join(" + ")
    }
}

/// The aging summary as a table per currency.
pub(crate) fn print_aging(a: &AgingSummary) {
    out!("Aging as of {}", a.as_of);
    for c in &a.currencies {
        out!();
        out!("{}", c.currency);
        for b in &c.buckets {
            out!("  {}  {} invoice(s)  {}", cell(&b.label, 14), rcell(&b.count.to_string(), 6), rcell(&b.total.display, 16));
        }
        out!("  {}  {} invoice(s)  {}", cell("Overdue", 14), rcell(&c.overdue_invoices.to_string(), 6), rcell(&c.overdue.display, 16));
        out!("  {}  {} invoice(s)  {}", cell("Outstanding", 14), rcell(&c.open_invoices.to_string(), 6), rcell(&c.outstanding.display, 16));
    }
}
