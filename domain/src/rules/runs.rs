//! A negotiation option as it is read out on a call: its schedule as runs
//! of equal payments, and round amounts that are easy to say and to set up
//! as a standing order.

use crate::model::Amount;
use crate::money::Currency;
use crate::schedule::{Frequency, Instalment};
use serde::Serialize;

/// A run of payments of one amount, as a table reads aloud: "5 payments ×
/// £2,083.28 a month, 23 Dec 2026 to 23 Apr 2027".
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Run {
    /// "First payment", "Then", "Last payment", "Payment".
    pub label: String,
    pub count: usize,
    pub amount: Amount,
    /// "a month", "a fortnight", "a week"; empty for a single payment.
    pub every: String,
    pub first_date: String,
    pub last_date: String,
}

/// The schedule as runs of equal payments, in order.
pub fn runs(cur: &Currency, rows: &[Instalment], f: Option<Frequency>) -> Vec<Run> {
    let mut groups: Vec<(i64, Vec<&Instalment>)> = Vec::new();
    for r in rows {
        match groups.last_mut() {
            Some((a, v)) if *a == r.amount => v.push(r),
            _ => groups.push((r.amount, vec![r])),
        }
    }
    let n = groups.len();
    groups
        .iter()
        .enumerate()
        .map(|(k, (amount, v))| Run {
            label: match (k, n, v.len()) {
                (_, 1, 1) => "Payment",
                (_, 1, _) => "Payments",
                (0, _, 1) => "First payment",
                (k, n, 1) if k == n - 1 => "Last payment",
                _ => "Then",
            }
            .to_string(),
            count: v.len(),
            amount: Amount::new(*amount, cur),
            every: if v.len() > 1 { f.map(|f| format!("a {}", f.label())).unwrap_or_default() } else { String::new() },
            first_date: v[0].due_date.to_string(),
            last_date: v[v.len() - 1].due_date.to_string(),
        })
        .collect()
}

/// A round amount at least `minor` to say on a call: whole units under
/// 100, then multiples of 5, 25 and 100 units as the amount grows.
pub fn round_up(minor: i64, cur: &Currency) -> i64 {
    let unit = 10i64.pow(cur.exponent);
    let step = match minor / unit.max(1) {
        0..=19 => unit,
        20..=99 => 5 * unit,
        100..=999 => 25 * unit,
        _ => 100 * unit,
    };
    (minor + step - 1) / step * step
}


#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn round_amounts_grow_in_steps_that_can_be_said_aloud() {
        let gbp = Currency::find("GBP").unwrap();
        assert_eq!(round_up(1_234, &gbp), 1_300); // £12.34 → £13
        assert_eq!(round_up(4_210, &gbp), 4_500); // £42.10 → £45
        assert_eq!(round_up(72_068, &gbp), 72_500); // £720.68 → £725
        assert_eq!(round_up(208_328, &gbp), 210_000); // £2,083.28 → £2,100
        assert_eq!(round_up(200_000, &gbp), 200_000);
        let jpy = Currency::find("JPY").unwrap();
        assert_eq!(round_up(12_345, &jpy), 12_400);
    }

    #[test]
    fn a_schedule_reads_as_runs_of_equal_payments() {
        let gbp = Currency::find("GBP").unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let row = |n, date: &str, a| Instalment { number: n, due_date: d(date), amount: a, interest: 0, balance_after: 0 };
        let rows = vec![row(1, "2026-11-30", 138_886), row(2, "2026-12-23", 210_000), row(3, "2027-01-23", 210_000), row(4, "2027-02-23", 198_856)];
        let r = runs(&gbp, &rows, Some(Frequency::Monthly));
        assert_eq!(r.iter().map(|x| (x.label.as_str(), x.count)).collect::<Vec<_>>(), vec![("First payment", 1), ("Then", 2), ("Last payment", 1)]);
        assert_eq!((r[1].every.as_str(), r[1].first_date.as_str(), r[1].last_date.as_str()), ("a month", "2026-12-23", "2027-01-23"));
        assert_eq!(r[1].amount.display, "£2,100.00");
        let one = runs(&gbp, &rows[..1], None);
        assert_eq!((one[0].label.as_str(), one[0].every.as_str()), ("Payment", ""));
    }
}
