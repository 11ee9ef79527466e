//! Payment-plan schedules, exact to the minor unit.
//!
//! Rules (stated in README): dates are weekly, fortnightly, monthly or
//! custom; a monthly plan keeps the first date's day of the month, or the
//! month's last day when it is shorter (31 Jan → 29 Feb 2028 → 31 Mar).
//! Without interest the total is split into equal parts with the remainder
//! (the minor units that do not divide evenly) on the **last** instalment.
//! With interest, it is charged on the declining balance each period
//! (annual rate × 1/12 a month, × 7/365 a week, × 14/365 a fortnight),
//! rounded half away from zero to the minor unit; the instalments are equal
//! (annuity) and the last one is whatever brings the balance to exactly
//! zero. Every instalment is > 0 and dates strictly increase.

use crate::error::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

/// Longest plan accepted anywhere: 10 years of weekly payments.
pub const MAX_INSTALMENTS: usize = 520;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Weekly,
    Fortnightly,
    Monthly,
}

impl Frequency {
    pub fn parse(s: &str) -> Result<Frequency> {
        match s.trim().to_ascii_lowercase().as_str() {
            "weekly" | "week" | "w" => Ok(Frequency::Weekly),
            "fortnightly" | "fortnight" | "biweekly" | "f" => Ok(Frequency::Fortnightly),
            "monthly" | "month" | "m" => Ok(Frequency::Monthly),
            other => Err(Error::invalid("frequency", format!("'{other}' is not weekly, fortnightly or monthly"))),
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Weekly => "week",
            Frequency::Fortnightly => "fortnight",
            Frequency::Monthly => "month",
        }
    }
    /// How many of these periods make a month, for affordability (exact ratio).
    pub fn per_month(self) -> Decimal {
        match self {
            Frequency::Weekly => Decimal::from(52) / Decimal::from(12),
            Frequency::Fortnightly => Decimal::from(26) / Decimal::from(12),
            Frequency::Monthly => Decimal::ONE,
        }
    }
    fn period_rate(self, annual_pct: Decimal) -> Decimal {
        let r = annual_pct / Decimal::from(100);
        match self {
            Frequency::Weekly => r * Decimal::from(7) / Decimal::from(365),
            Frequency::Fortnightly => r * Decimal::from(14) / Decimal::from(365),
            Frequency::Monthly => r / Decimal::from(12),
        }
    }
}

fn last_day_of_month(y: i32, m: u32) -> u32 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    (NaiveDate::from_ymd_opt(ny, nm, 1).expect("valid") - Duration::days(1)).day()
}

/// `first` plus `k` months, keeping the day of the month where it exists
/// and using the month's last day where it does not.
pub fn add_months(first: NaiveDate, k: u32) -> NaiveDate {
    let months = first.year() * 12 + first.month0() as i32 + k as i32;
    let (y, m) = (months / 12, months as u32 % 12 + 1);
    let day = first.day().min(last_day_of_month(y, m));
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// `n` due dates from `first`.
pub fn dates(first: NaiveDate, freq: Frequency, n: usize) -> Vec<NaiveDate> {
    (0..n)
        .map(|k| match freq {
            Frequency::Weekly => first + Duration::days(7 * k as i64),
            Frequency::Fortnightly => first + Duration::days(14 * k as i64),
            Frequency::Monthly => add_months(first, k as u32),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instalment {
    pub number: usize,
    pub due_date: NaiveDate,
    /// What is paid on that date, minor units.
    pub amount: i64,
    /// Of which interest.
    pub interest: i64,
    /// The balance left after it.
    pub balance_after: i64,
}

/// Splits `total` into `n` equal parts, the remainder on the last.
pub fn split_equal(total: i64, n: usize) -> Result<Vec<i64>> {
    if n == 0 || n > MAX_INSTALMENTS {
        return Err(Error::invalid("instalments", format!("must be between 1 and {MAX_INSTALMENTS}")));
    }
    if total <= 0 {
        return Err(Error::invalid("amount", "must be more than zero"));
    }
    if (n as i64) > total {
        return Err(Error::invalid("instalments", "more instalments than minor units in the total: each must be more than zero"));
    }
    let base = total / n as i64;
    let mut parts = vec![base; n];
    parts[n - 1] += total - base * n as i64;
    Ok(parts)
}

/// A plan of `n` instalments on `dates` for `principal`, with interest at
/// `annual_pct` on the declining balance (0 = none).
pub fn build(principal: i64, dates: &[NaiveDate], freq: Frequency, annual_pct: Decimal) -> Result<Vec<Instalment>> {
    let n = dates.len();
    if dates.windows(2).any(|w| w[1] <= w[0]) {
        return Err(Error::invalid("dates", "instalment dates must strictly increase"));
    }
    if annual_pct < Decimal::ZERO || annual_pct > Decimal::from(100) {
        return Err(Error::invalid("interest rate", "must be between 0 and 100 percent a year"));
    }
    if annual_pct.is_zero() {
        let parts = split_equal(principal, n)?;
        let mut balance = principal;
        return Ok(parts
            .into_iter()
            .zip(dates)
            .enumerate()
            .map(|(i, (amount, d))| {
                balance -= amount;
                Instalment { number: i + 1, due_date: *d, amount, interest: 0, balance_after: balance }
            })
            .collect());
    }
    if n == 0 || n > MAX_INSTALMENTS {
        return Err(Error::invalid("instalments", format!("must be between 1 and {MAX_INSTALMENTS}")));
    }
    let r = freq.period_rate(annual_pct);
    // Annuity payment P·r / (1 − (1+r)^−n), computed as P·r·g / (g − 1), g = (1+r)^n.
    let mut g = Decimal::ONE;
    for _ in 0..n {
        g *= Decimal::ONE + r;
    }
    let payment = (Decimal::from(principal) * r * g / (g - Decimal::ONE))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
        .ok_or_else(|| Error::invalid("amount", "is too large for a plan"))?;
    pay_down(principal, dates, freq, annual_pct, payment, true)
}

fn interest_for(balance: i64, r: Decimal) -> i64 {
    (Decimal::from(balance) * r).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).to_i64().unwrap_or(0)
}

/// A plan paying `payment` each period (the last one whatever is left),
/// on as many of `dates` as it takes. Errors when the payment never pays
/// the balance off within the dates given.
pub fn plan_with_payment(principal: i64, dates: &[NaiveDate], freq: Frequency, annual_pct: Decimal, payment: i64) -> Result<Vec<Instalment>> {
    pay_down(principal, dates, freq, annual_pct, payment, false)
}

/// `last_takes_rest`: the last date pays whatever is owed (annuity rounding).
fn pay_down(principal: i64, dates: &[NaiveDate], freq: Frequency, annual_pct: Decimal, payment: i64, last_takes_rest: bool) -> Result<Vec<Instalment>> {
    if payment <= 0 {
        return Err(Error::invalid("instalment", "must be more than zero"));
    }
    let r = freq.period_rate(annual_pct);
    let mut balance = principal;
    let mut out = Vec::new();
    for (i, d) in dates.iter().enumerate() {
        let interest = interest_for(balance, r);
        if i == 0 && interest >= payment {
            return Err(Error::invalid("instalment", "is not more than the interest of one period: the balance would never be paid off"));
        }
        let owed = balance + interest;
        let amount = if last_takes_rest && i + 1 == dates.len() { owed } else { payment.min(owed) };
        balance = owed - amount;
        out.push(Instalment { number: i + 1, due_date: *d, amount, interest, balance_after: balance });
        if balance == 0 {
            return Ok(out);
        }
    }
    Err(Error::invalid("instalment", format!("is too small: {} payments would not pay the balance off", dates.len())))
}

/// A plan of fixed instalments of `payment` every period from `first`
/// until paid (the last smaller), at most `MAX_INSTALMENTS`.
pub fn by_instalment(principal: i64, first: NaiveDate, freq: Frequency, annual_pct: Decimal, payment: i64) -> Result<Vec<Instalment>> {
    if payment <= 0 {
        return Err(Error::invalid("instalment", "must be more than zero"));
    }
    let needed = if annual_pct.is_zero() { (principal + payment - 1) / payment } else { MAX_INSTALMENTS as i64 };
    if needed as usize > MAX_INSTALMENTS {
        return Err(Error::invalid("instalment", format!("is too small: it would take {needed} payments (the limit is {MAX_INSTALMENTS})")));
    }
    pay_down(principal, &dates(first, freq, needed.max(1) as usize), freq, annual_pct, payment, false)
}

pub fn total_paid(plan: &[Instalment]) -> i64 {
    plan.iter().map(|i| i.amount).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn month_ends_keep_their_sense() {
        let v = dates(d("2028-01-31"), Frequency::Monthly, 4);
        assert_eq!(v, vec![d("2028-01-31"), d("2028-02-29"), d("2028-03-31"), d("2028-04-30")]);
        let v = dates(d("2027-01-30"), Frequency::Monthly, 3);
        assert_eq!(v, vec![d("2027-01-30"), d("2027-02-28"), d("2027-03-30")]);
        assert_eq!(add_months(d("2026-12-31"), 2), d("2027-02-28"));
    }

    #[test]
    fn equal_split_puts_the_remainder_on_the_last() {
        assert_eq!(split_equal(100_000, 3).unwrap(), vec![33_333, 33_333, 33_334]);
        assert!(split_equal(2, 3).is_err());
        let plan = build(100_000, &dates(d("2026-12-01"), Frequency::Monthly, 3), Frequency::Monthly, Decimal::ZERO).unwrap();
        assert_eq!(plan.iter().map(|i| i.balance_after).collect::<Vec<_>>(), vec![66_667, 33_334, 0]);
    }

    /// Worked by hand: £1,000.00 over 3 months at 12 % a year (1 % a month).
    /// Payment = 1000 × 0.01 × 1.030301 / 0.030301 = 340.02 (rounded).
    /// Month 1: interest 10.00, balance 1000 + 10 − 340.02 = 669.98.
    /// Month 2: interest 6.70 (669.98 × 1 % = 6.6998), balance 336.66.
    /// Month 3: interest 3.37 (3.3666), owed 340.03: the last payment is 340.03.
    #[test]
    fn interest_on_the_declining_balance_worked_example() {
        let plan = build(100_000, &dates(d("2027-01-15"), Frequency::Monthly, 3), Frequency::Monthly, Decimal::from(12)).unwrap();
        let rows: Vec<(i64, i64, i64)> = plan.iter().map(|i| (i.amount, i.interest, i.balance_after)).collect();
        assert_eq!(rows, vec![(34_002, 1_000, 66_998), (34_002, 670, 33_666), (34_003, 337, 0)]);
        assert_eq!(total_paid(&plan), 102_007);
    }

    #[test]
    fn an_instalment_that_never_pays_off_is_refused() {
        // £10,000 at 24 % a year is £200 interest a month: £150 a month never ends.
        let e = by_instalment(1_000_000, d("2027-01-01"), Frequency::Monthly, Decimal::from(24), 15_000).unwrap_err();
        assert!(e.to_string().contains("never"), "{e}");
        // Without interest, a tiny instalment needs too many payments.
        assert!(by_instalment(1_000_000, d("2027-01-01"), Frequency::Weekly, Decimal::ZERO, 100).is_err());
    }

    #[test]
    fn by_instalment_ends_with_the_remainder() {
        let plan = by_instalment(100_000, d("2027-01-01"), Frequency::Fortnightly, Decimal::ZERO, 15_000).unwrap();
        assert_eq!(plan.len(), 7);
        assert_eq!(plan.last().unwrap().amount, 10_000);
        assert_eq!(plan[1].due_date, d("2027-01-15"));
        assert_eq!(total_paid(&plan), 100_000);
    }
}
