//! Late-payment interest and compensation: the policies a business (or a
//! client override) chooses, and the exact computation of what has accrued on
//! an invoice by a given date. Pure functions over `Decimal`; the reference
//! rates are values the core's store loads from the `reference_rates` table.
//!
//! Conventions (stated in README): simple interest, Actual/365 (also in leap
//! years), accruing from the day after the due date (or after the grace
//! period) up to and including the as-of date, on the balance outstanding on
//! each day (a payment dated D stops interest on its part from D on).
//! Rounded once, to the currency's minor unit, half away from zero.

use crate::error::{Error, Result};
use crate::money::Currency;
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

/// How late payment is charged. Stored as JSON in settings (business) and in
/// `clients.interest_policy` (override; empty = the business's).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InterestPolicy {
    /// No interest; fixed fees per stage still apply if the ladder sets them.
    #[default]
    None,
    /// A contractual rate per year, simple, daily, Actual/365.
    Contractual {
        /// Percent per year, e.g. "8" for 8 %.
        rate: String,
        /// Days after the due date before interest starts.
        #[serde(default)]
        grace_days: i64,
    },
    /// UK Late Payment of Commercial Debts (Interest) Act 1998: Bank Rate on
    /// 31 Dec (debts due Jan–Jun) or 30 Jun (due Jul–Dec) + 8 points, plus
    /// fixed compensation £40 / £70 / £100 by the size of the debt.
    UkLatePayment,
    /// EU Directive 2011/7/EU: ECB reference rate on 1 Jan / 1 Jul of the
    /// half-year the debt fell due + 8 points, plus €40 per invoice.
    EuDirective,
}

impl InterestPolicy {
    pub fn label(&self) -> String {
        match self {
            InterestPolicy::None => "No interest".into(),
            InterestPolicy::Contractual { rate, grace_days } if *grace_days > 0 => {
                format!("Contractual {rate}% a year after {grace_days} days' grace")
            }
            InterestPolicy::Contractual { rate, .. } => format!("Contractual {rate}% a year"),
            InterestPolicy::UkLatePayment => "UK Late Payment of Commercial Debts (Interest) Act 1998".into(),
            InterestPolicy::EuDirective => "EU Late Payment Directive 2011/7/EU".into(),
        }
    }

    /// Refuses rates that are not numbers, negative, or absurd.
    pub fn validate(self) -> Result<InterestPolicy> {
        if let InterestPolicy::Contractual { rate, grace_days } = &self {
            let r = Decimal::from_str(rate.trim())
                .map_err(|_| Error::invalid("interest rate", format!("'{rate}' is not a number (e.g. 8 or 4.5)")))?;
            if r <= Decimal::ZERO || r > Decimal::from(100) {
                return Err(Error::invalid("interest rate", "must be more than 0 and at most 100 percent a year"));
            }
            if !(0..=365).contains(grace_days) {
                return Err(Error::invalid("grace days", "must be between 0 and 365"));
            }
            return Ok(InterestPolicy::Contractual { rate: r.normalize().to_string(), grace_days: *grace_days });
        }
        Ok(self)
    }

    pub fn from_json(text: &str) -> Result<InterestPolicy> {
        serde_json::from_str::<InterestPolicy>(text)
            .map_err(|e| Error::invalid("interest policy", format!("not understood: {e}")))?
            .validate()
    }
}

/// A payment's effect on an invoice: on `date`, `minor` of it was paid.
#[derive(Debug, Clone, Copy)]
pub struct Paid {
    pub date: NaiveDate,
    pub minor: i64,
}

/// What a policy charges on one invoice as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accrual {
    /// Interest accrued, in minor units (rounded once).
    pub interest_minor: i64,
    /// Statutory fixed compensation (UK £40/£70/£100, EU €40), minor units.
    pub compensation_minor: i64,
    /// The annual rate applied, in percent ("13.25"); empty when none.
    pub rate: String,
    /// Days on which interest accrued.
    pub days: i64,
    /// Why nothing (or less) is charged, for the owner: e.g. "consumer debt".
    pub note: String,
}

impl Accrual {
    fn nothing(note: &str) -> Accrual {
        Accrual { interest_minor: 0, compensation_minor: 0, rate: String::new(), days: 0, note: note.to_string() }
    }
}

/// A dated reference rate in percent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReferenceRate {
    /// "GB" (Bank of England Bank Rate) or "EU" (ECB main refinancing rate).
    pub region: String,
    pub effective_from: String,
    pub rate: String,
}

/// The rate in force on `day` from a table sorted by date (latest before or on it).
pub fn rate_on(rates: &[(NaiveDate, Decimal)], day: NaiveDate) -> Option<Decimal> {
    rates.iter().filter(|(d, _)| *d <= day).max_by_key(|(d, _)| *d).map(|(_, r)| *r)
}

/// The day whose reference rate applies to a debt falling due on `due`:
/// UK: 31 Dec before (due Jan–Jun) or 30 Jun (due Jul–Dec);
/// EU: 1 Jan or 1 Jul of the half-year the debt fell due.
pub fn reference_day(region: &str, due: NaiveDate) -> NaiveDate {
    let first_half = due.month() <= 6;
    let y = due.year();
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid fixed date");
    match (region, first_half) {
        ("GB", true) => ymd(y - 1, 12, 31),
        ("GB", false) => ymd(y, 6, 30),
        (_, true) => ymd(y, 1, 1),
        (_, false) => ymd(y, 7, 1),
    }
}

/// UK fixed compensation by the size of the debt (in pounds).
pub fn uk_compensation_minor(amount_minor: i64) -> i64 {
    if amount_minor < 100_000 {
        4_000
    } else if amount_minor < 1_000_000 {
        7_000
    } else {
        10_000
    }
}

/// Simple interest at `rate_pct` a year (Actual/365) on the balance of an
/// invoice of `amount_minor`, from `start` (exclusive) to `as_of`
/// (inclusive), with `payments` reducing the balance from their dates on.
/// Returns (interest in minor units, days accrued).
pub fn simple_interest(
    amount_minor: i64,
    payments: &[Paid],
    start: NaiveDate,
    as_of: NaiveDate,
    rate_pct: Decimal,
    currency: &Currency,
) -> (i64, i64) {
    if as_of <= start {
        return (0, 0);
    }
    let mut pays: Vec<Paid> = payments.to_vec();
    pays.sort_by_key(|p| p.date);
    // Payments on or before the start reduce the opening balance.
    let mut balance = amount_minor - pays.iter().filter(|p| p.date <= start).map(|p| p.minor).sum::<i64>();
    let mut from = start;
    let mut acc = Decimal::ZERO; // minor units × days
    let mut days = 0;
    for p in pays.iter().filter(|p| p.date > start && p.date <= as_of) {
        if balance > 0 {
            let d = (p.date - from).num_days();
            acc += Decimal::from(balance) * Decimal::from(d);
            days += d;
        }
        balance -= p.minor;
        from = p.date;
    }
    if balance > 0 && as_of > from {
        let d = (as_of - from).num_days();
        acc += Decimal::from(balance) * Decimal::from(d);
        days += d;
    }
    let interest = acc * rate_pct / Decimal::from(100) / Decimal::from(365);
    let _ = currency; // minor units already carry the exponent
    let minor = interest.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).to_i64().unwrap_or(0);
    (minor, days)
}

/// Everything one invoice owes under `policy` as of `as_of`.
#[allow(clippy::too_many_arguments)]
pub fn accrue(
    policy: &InterestPolicy,
    amount_minor: i64,
    currency: &Currency,
    due: NaiveDate,
    payments: &[Paid],
    as_of: NaiveDate,
    debtor_is_consumer: bool,
    rates: &RateTable,
) -> Accrual {
    if as_of <= due {
        return Accrual::nothing("not yet overdue");
    }
    match policy {
        InterestPolicy::None => Accrual::nothing("no interest policy"),
        InterestPolicy::Contractual { rate, grace_days } => {
            let r = Decimal::from_str(rate).unwrap_or_default();
            let start = due + chrono::Duration::days(*grace_days);
            let (interest_minor, days) = simple_interest(amount_minor, payments, start, as_of, r, currency);
            Accrual { interest_minor, compensation_minor: 0, rate: r.normalize().to_string(), days, note: String::new() }
        }
        InterestPolicy::UkLatePayment | InterestPolicy::EuDirective => {
            let (region, code, statute) = if *policy == InterestPolicy::UkLatePayment {
                ("GB", "GBP", "the Late Payment Act")
            } else {
                ("EU", "EUR", "the Late Payment Directive")
            };
            if debtor_is_consumer {
                return Accrual::nothing(&format!("{statute} applies to business debts only; this client is a consumer"));
            }
            if currency.code != code {
                return Accrual::nothing(&format!("{statute} is applied to {code} invoices only"));
            }
            let day = reference_day(region, due);
            let Some(reference) = rate_on(rates.region(region), day) else {
                return Accrual::nothing(&format!("no reference rate on {day} in the rates table"));
            };
            let r = reference + Decimal::from(8);
            let (interest_minor, days) = simple_interest(amount_minor, payments, due, as_of, r, currency);
            let compensation_minor = if region == "GB" { uk_compensation_minor(amount_minor) } else { 4_000 };
            Accrual { interest_minor, compensation_minor, rate: r.normalize().to_string(), days, note: String::new() }
        }
    }
}

/// The reference rates, loaded once per computation.
#[derive(Debug, Clone, Default)]
pub struct RateTable {
    pub gb: Vec<(NaiveDate, Decimal)>,
    pub eu: Vec<(NaiveDate, Decimal)>,
    /// Up to when each region's table is known to be complete (the last
    /// published decision checked, even one that left the rate unchanged).
    pub checked: Vec<(String, NaiveDate)>,
}

/// How long after the table is known to be complete its rates are still
/// trusted without a word.
pub const RATES_TRUSTED_MONTHS: u32 = 6;

fn authority(region: &str) -> &'static str {
    if region == "GB" { "Bank of England Bank Rate" } else { "ECB main refinancing rate" }
}

impl InterestPolicy {
    /// The reference-rate region the policy uses, if it uses one.
    pub fn rate_region(&self) -> Option<&'static str> {
        match self {
            InterestPolicy::UkLatePayment => Some("GB"),
            InterestPolicy::EuDirective => Some("EU"),
            _ => None,
        }
    }
}

impl RateTable {
    pub fn region(&self, region: &str) -> &[(NaiveDate, Decimal)] {
        if region == "GB" {
            &self.gb
        } else {
            &self.eu
        }
    }
    /// The last day the region's rates are known for: the later of its
    /// latest change and the last decision checked.
    pub fn known_until(&self, region: &str) -> Option<NaiveDate> {
        let last = self.region(region).iter().map(|(d, _)| *d).max();
        let checked = self.checked.iter().filter(|(r, _)| r == region).map(|(_, d)| *d).max();
        last.max(checked)
    }

    /// A warning when interest worked out for `as_of` relies on a table that
    /// has not been brought up to date for more than six months: a rate
    /// change since would make the figures wrong. `None` when it is current.
    pub fn staleness(&self, region: &str, as_of: NaiveDate, style: crate::dates::DateStyle) -> Option<String> {
        let known = self.known_until(region)?;
        let trusted = known.checked_add_months(chrono::Months::new(RATES_TRUSTED_MONTHS))?;
        if as_of <= trusted {
            return None;
        }
        let (from, rate) = self.region(region).last().copied()?;
        Some(format!(
            "The reference rates may be out of date: the latest {} in the table is {}% from {}, and the table was last brought up to date on {}, more than {RATES_TRUSTED_MONTHS} months before {}. Check the current rate, then add any change since or confirm that the table is current, so interest is worked out right.",
            authority(region),
            rate.normalize(),
            style.format(from),
            style.format(known),
            style.format(as_of)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn gbp() -> Currency {
        Currency::find("GBP").unwrap()
    }
    fn eur() -> Currency {
        Currency::find("EUR").unwrap()
    }
    fn table() -> RateTable {
        RateTable {
            gb: vec![(d("2023-06-22"), Decimal::new(500, 2)), (d("2023-08-03"), Decimal::new(525, 2)), (d("2024-08-01"), Decimal::new(500, 2))],
            eu: vec![(d("2023-09-20"), Decimal::new(450, 2)), (d("2024-06-12"), Decimal::new(425, 2))],
            checked: vec![],
        }
    }

    /// Worked by hand: £2,500.00 due 15 March 2024, paid 14 June 2024.
    /// Reference day for a debt due Jan–Jun 2024 is 31 Dec 2023: Bank Rate
    /// 5.25 %, so the statutory rate is 13.25 %. Days late: 16 Mar … 14 Jun =
    /// 91. Interest = 2,500 × 13.25 % × 91 / 365 = 331.25 × 91 / 365 =
    /// 30,143.75 / 365 = 82.5856… → £82.59. Compensation for a debt of
    /// £1,000–£9,999.99: £70.
    #[test]
    fn a_table_not_brought_up_to_date_for_six_months_is_flagged() {
        let style = crate::dates::DateStyle::DayMonthYear;
        let mut t = table();
        // Latest GB change 1 Aug 2024: fine up to 1 Feb 2025, flagged after.
        assert_eq!(t.staleness("GB", d("2025-02-01"), style), None);
        let w = t.staleness("GB", d("2025-02-02"), style).expect("stale");
        assert!(w.contains("5% from 1 Aug 2024") && w.contains("2 Feb 2025") && w.contains("Bank of England"), "{w}");
        // A check that found no change moves the horizon; so does a new rate.
        t.checked.push(("GB".into(), d("2025-01-15")));
        assert_eq!(t.staleness("GB", d("2025-07-15"), style), None);
        assert!(t.staleness("GB", d("2025-07-16"), style).is_some());
        t.gb.push((d("2025-06-01"), Decimal::new(400, 2)));
        assert_eq!(t.staleness("GB", d("2025-12-01"), style), None);
        assert!(t.staleness("EU", d("2025-01-01"), style).unwrap().contains("ECB"));
    }

    #[test]
    fn uk_worked_example() {
        let a = accrue(
            &InterestPolicy::UkLatePayment,
            250_000,
            &gbp(),
            d("2024-03-15"),
            &[Paid { date: d("2024-06-14"), minor: 250_000 }],
            d("2024-06-30"),
            false,
            &table(),
        );
        assert_eq!(a.rate, "13.25");
        assert_eq!(a.days, 91);
        assert_eq!(a.interest_minor, 8_259);
        assert_eq!(a.compensation_minor, 7_000);
    }

    #[test]
    fn uk_half_year_rule_uses_30_june_for_second_half() {
        // Due 1 Sep 2024: the rate on 30 Jun 2024 was 5.25 % (the cut to 5 %
        // on 1 Aug 2024 does not apply), so 13.25 %.
        assert_eq!(reference_day("GB", d("2024-09-01")), d("2024-06-30"));
        let a = accrue(&InterestPolicy::UkLatePayment, 100_000, &gbp(), d("2024-09-01"), &[], d("2024-09-02"), false, &table());
        assert_eq!(a.rate, "13.25");
        // One day on £1,000 at 13.25 %: 1000 × 0.1325 / 365 = 0.363… → £0.36.
        assert_eq!(a.interest_minor, 36);
        assert_eq!(a.compensation_minor, 7_000);
    }

    #[test]
    fn uk_compensation_bands() {
        assert_eq!(uk_compensation_minor(99_999), 4_000);
        assert_eq!(uk_compensation_minor(100_000), 7_000);
        assert_eq!(uk_compensation_minor(999_999), 7_000);
        assert_eq!(uk_compensation_minor(1_000_000), 10_000);
    }

    /// EU: €1,000 due 10 Jan 2024; ECB rate on 1 Jan 2024 was 4.50 %, so
    /// 12.5 %. 30 days to 9 Feb: 1000 × 0.125 × 30 / 365 = 10.2739… → €10.27,
    /// plus €40 compensation.
    #[test]
    fn eu_worked_example() {
        let a = accrue(&InterestPolicy::EuDirective, 100_000, &eur(), d("2024-01-10"), &[], d("2024-02-09"), false, &table());
        assert_eq!(a.rate, "12.5");
        assert_eq!(a.days, 30);
        assert_eq!(a.interest_minor, 1_027);
        assert_eq!(a.compensation_minor, 4_000);
    }

    #[test]
    fn statutory_policies_do_not_apply_to_consumers_or_other_currencies() {
        let a = accrue(&InterestPolicy::UkLatePayment, 100_000, &gbp(), d("2024-03-01"), &[], d("2024-04-01"), true, &table());
        assert_eq!((a.interest_minor, a.compensation_minor), (0, 0));
        assert!(a.note.contains("consumer"));
        let a = accrue(&InterestPolicy::EuDirective, 100_000, &gbp(), d("2024-03-01"), &[], d("2024-04-01"), false, &table());
        assert_eq!((a.interest_minor, a.compensation_minor), (0, 0));
    }

    /// Contractual 8 % after 30 days' grace on £1,000 due 31 Jan 2025, part
    /// paid £400 on 15 Mar 2025, as of 31 Mar 2025. Interest starts after
    /// 2 Mar: 13 days on £1,000 (3–15 Mar) + 16 days on £600 (16–31 Mar) =
    /// (13,000 + 9,600) × 0.08 / 365 = 1,808 / 365 = 4.9534… → £4.95.
    #[test]
    fn contractual_with_grace_and_part_payment() {
        let p = InterestPolicy::Contractual { rate: "8".into(), grace_days: 30 };
        let a = accrue(&p, 100_000, &gbp(), d("2025-01-31"), &[Paid { date: d("2025-03-15"), minor: 40_000 }], d("2025-03-31"), true, &table());
        assert_eq!(a.days, 29);
        assert_eq!(a.interest_minor, 495);
        assert_eq!(a.compensation_minor, 0);
    }

    #[test]
    fn nothing_before_due_and_nothing_after_full_payment() {
        let p = InterestPolicy::Contractual { rate: "8".into(), grace_days: 0 };
        assert_eq!(accrue(&p, 100_000, &gbp(), d("2025-01-31"), &[], d("2025-01-31"), false, &table()).interest_minor, 0);
        let paid_early = [Paid { date: d("2025-01-20"), minor: 100_000 }];
        assert_eq!(accrue(&p, 100_000, &gbp(), d("2025-01-31"), &paid_early, d("2025-06-30"), false, &table()).interest_minor, 0);
    }

    #[test]
    fn policy_validation() {
        assert!(InterestPolicy::Contractual { rate: "abc".into(), grace_days: 0 }.validate().is_err());
        assert!(InterestPolicy::Contractual { rate: "-1".into(), grace_days: 0 }.validate().is_err());
        assert!(InterestPolicy::Contractual { rate: "8".into(), grace_days: 400 }.validate().is_err());
        assert_eq!(
            InterestPolicy::from_json(r#"{"kind":"contractual","rate":"8.50","grace_days":14}"#).unwrap(),
            InterestPolicy::Contractual { rate: "8.5".into(), grace_days: 14 }
        );
        assert_eq!(InterestPolicy::from_json(r#"{"kind":"uk_late_payment"}"#).unwrap(), InterestPolicy::UkLatePayment);
    }
}
