//! The one seam to the computer's clock. Everything that needs "now" or
//! "today" asks here (or is handed a `chase::Ctx` built from it), so tests
//! fix time in one place: `OVERDUE_NOW` (RFC 3339) fixes the instant.
//! No other module calls `Utc::now()` or `Local::now()` (the tidy test in
//! core/tests/architecture.rs checks it).

use chrono::{DateTime, Local, NaiveDate, Utc};

/// The instant: `OVERDUE_NOW` when set (tests), else the clock.
pub fn now() -> DateTime<Utc> {
    fixed().unwrap_or_else(Utc::now)
}

/// `OVERDUE_NOW`, if set to an RFC 3339 instant.
pub fn fixed() -> Option<DateTime<Utc>> {
    std::env::var("OVERDUE_NOW").ok().and_then(|s| DateTime::parse_from_rfc3339(&s).ok()).map(|d| d.with_timezone(&Utc))
}

/// The calendar date on this computer (its local time zone); `--today` /
/// `OVERDUE_TODAY` override it where the shells read their arguments.
pub fn local_today() -> NaiveDate {
    Local::now().date_naive()
}

/// Local wall-clock time as text, for file names (`20261201-230740`).
pub fn local_stamp(format: &str) -> String {
    now().with_timezone(&Local).format(format).to_string()
}

/// The instant as stored in `created_at` columns: `2026-12-01T23:07:40Z`.
/// Formatted once per second (a bulk write stamps 100,000 rows).
pub fn stamp() -> String {
    thread_local! {
        static LAST: std::cell::RefCell<(i64, String)> = const { std::cell::RefCell::new((i64::MIN, String::new())) };
    }
    let t = now();
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != t.timestamp() {
            *last = (t.timestamp(), t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
        last.1.clone()
    })
}
