//! Instalments of an active agreement: their states, derived from the due
//! date, the amount, what was paid and the cure period (never stored), and
//! how a payment spreads over them in order.

use crate::model::Amount;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// The method of the ledger entry that writes off what a settlement waived.
pub const WRITE_OFF: &str = "write-off";

/// Instalments due within this many days are listed on Today.
pub const HEADS_UP_DAYS: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Upcoming,
    Due,
    PartlyPaid,
    Paid,
    Late,
    Missed,
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            State::Upcoming => "Upcoming",
            State::Due => "Due today",
            State::PartlyPaid => "Partly paid",
            State::Paid => "Paid",
            State::Late => "Late",
            State::Missed => "Missed",
        }
    }
}

/// The state of one instalment (pure): `cure_days` after its due date it
/// turns from late to missed. A part payment keeps it late or missed once
/// its date has passed.
pub fn state(due: NaiveDate, amount: i64, paid: i64, today: NaiveDate, cure_days: u32) -> State {
    if paid >= amount {
        State::Paid
    } else if today < due {
        if paid > 0 { State::PartlyPaid } else { State::Upcoming }
    } else if today == due {
        if paid > 0 { State::PartlyPaid } else { State::Due }
    } else if today <= due + Duration::days(cure_days as i64) {
        State::Late
    } else {
        State::Missed
    }
}

/// Splits `amount` over instalments in order: (number, part) for each
/// instalment that still has something to pay. Pure.
pub fn spread(amount: i64, open: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut left = amount;
    let mut out = Vec::new();
    for (number, unpaid) in open {
        if left == 0 {
            break;
        }
        let part = left.min(*unpaid);
        if part > 0 {
            out.push((*number, part));
            left -= part;
        }
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct InstalmentStatus {
    pub number: i64,
    pub due_date: String,
    pub amount: Amount,
    pub paid: Amount,
    pub left: Amount,
    pub state: State,
    pub state_label: String,
    /// The last day of the cure period.
    pub cure_until: String,
}

/// One instalment with what was paid towards it.
pub struct Line {
    pub number: i64,
    pub due: NaiveDate,
    pub amount: i64,
    pub paid: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn states_across_the_cure_period_and_month_ends() {
        let due = day("2027-01-31");
        assert_eq!(state(due, 100, 0, day("2027-01-30"), 14), State::Upcoming);
        assert_eq!(state(due, 100, 40, day("2027-01-30"), 14), State::PartlyPaid);
        assert_eq!(state(due, 100, 0, day("2027-01-31"), 14), State::Due);
        assert_eq!(state(due, 100, 0, day("2027-02-01"), 14), State::Late);
        // 31 Jan + 14 days = 14 Feb: still late on the last day of the cure period.
        assert_eq!(state(due, 100, 0, day("2027-02-14"), 14), State::Late);
        assert_eq!(state(due, 100, 99, day("2027-02-15"), 14), State::Missed);
        assert_eq!(state(due, 100, 100, day("2027-03-31"), 14), State::Paid);
        // A leap year: 29 Feb 2028 + 0 days of cure.
        assert_eq!(state(day("2028-02-29"), 5, 0, day("2028-03-01"), 0), State::Missed);
        assert_eq!(state(day("2028-02-29"), 5, 0, day("2028-02-29"), 0), State::Due);
    }

    #[test]
    fn payments_go_to_instalments_in_order() {
        assert_eq!(spread(250, &[(1, 100), (2, 100), (3, 100)]), vec![(1, 100), (2, 100), (3, 50)]);
        assert_eq!(spread(30, &[(1, 0), (2, 100)]), vec![(2, 30)]);
        assert_eq!(spread(500, &[(1, 100)]), vec![(1, 100)], "what is left over is not the agreement's");
    }
}
