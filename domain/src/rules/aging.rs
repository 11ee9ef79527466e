//! Aging: days overdue as of a date and the five buckets. Pure rules; the
//! ledger's SQL uses `bucket_bounds` so both agree by construction.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    NotYetDue,
    Days1To30,
    Days31To60,
    Days61To90,
    Over90,
}

pub const BUCKETS: [Bucket; 5] = [Bucket::NotYetDue, Bucket::Days1To30, Bucket::Days31To60, Bucket::Days61To90, Bucket::Over90];

impl Bucket {
    pub fn key(self) -> &'static str {
        match self {
            Bucket::NotYetDue => "not_yet_due",
            Bucket::Days1To30 => "days_1_30",
            Bucket::Days31To60 => "days_31_60",
            Bucket::Days61To90 => "days_61_90",
            Bucket::Over90 => "over_90",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Bucket::NotYetDue => "Not yet due",
            Bucket::Days1To30 => "1–30 days",
            Bucket::Days31To60 => "31–60 days",
            Bucket::Days61To90 => "61–90 days",
            Bucket::Over90 => "Over 90 days",
        }
    }
    pub fn index(self) -> usize {
        BUCKETS.iter().position(|b| *b == self).unwrap_or(0)
    }
}

/// Days past the due date as of `today`; 0 or negative means not yet overdue
/// (an invoice due today is not overdue).
pub fn days_overdue(due: NaiveDate, today: NaiveDate) -> i64 {
    (today - due).num_days()
}

pub fn bucket_for(due: NaiveDate, today: NaiveDate) -> Bucket {
    bucket_for_days(days_overdue(due, today))
}

/// The bucket of an invoice `days` past its due date.
pub fn bucket_for_days(days: i64) -> Bucket {
    match days {
        d if d <= 0 => Bucket::NotYetDue,
        1..=30 => Bucket::Days1To30,
        31..=60 => Bucket::Days31To60,
        61..=90 => Bucket::Days61To90,
        _ => Bucket::Over90,
    }
}

/// The lowest due date of each overdue bucket: an invoice is in bucket k when
/// `due >= bounds[k]` and not in an earlier one. Used by the SQL queries.
pub fn bucket_bounds(today: NaiveDate) -> [NaiveDate; 4] {
    [today, today - Duration::days(30), today - Duration::days(60), today - Duration::days(90)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn bucket_edges() {
        let today = d("2026-11-23");
        assert_eq!(bucket_for(d("2026-11-30"), today), Bucket::NotYetDue);
        assert_eq!(bucket_for(d("2026-11-23"), today), Bucket::NotYetDue);
        assert_eq!(bucket_for(d("2026-11-22"), today), Bucket::Days1To30);
        assert_eq!(bucket_for(d("2026-10-24"), today), Bucket::Days1To30); // 30 days
        assert_eq!(bucket_for(d("2026-10-23"), today), Bucket::Days31To60); // 31 days
        assert_eq!(bucket_for(d("2026-09-24"), today), Bucket::Days31To60); // 60
        assert_eq!(bucket_for(d("2026-09-23"), today), Bucket::Days61To90); // 61
        assert_eq!(bucket_for(d("2026-08-25"), today), Bucket::Days61To90); // 90
        assert_eq!(bucket_for(d("2026-08-24"), today), Bucket::Over90); // 91
    }

    #[test]
    fn bounds_agree_with_bucket_for() {
        let today = d("2028-03-01");
        let b = bucket_bounds(today);
        for offset in -5..200 {
            let due = today - Duration::days(offset);
            let by_bounds = if due >= b[0] {
                Bucket::NotYetDue
            } else if due >= b[1] {
                Bucket::Days1To30
            } else if due >= b[2] {
                Bucket::Days31To60
            } else if due >= b[3] {
                Bucket::Days61To90
            } else {
                Bucket::Over90
            };
            assert_eq!(by_bounds, bucket_for(due, today), "offset {offset}");
        }
    }

    #[test]
    fn days_overdue_across_leap_day() {
        assert_eq!(days_overdue(d("2028-02-28"), d("2028-03-01")), 2);
    }
}
