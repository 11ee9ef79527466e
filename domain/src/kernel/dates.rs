//! How dates read in everything Overdue writes: one style per business,
//! from its country. Never ISO, never numeric (01/03/2027 means 1 March to
//! a UK reader and 3 January to a US one), never month-first for a business
//! outside the few countries that write dates that way (pure).

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// "19 Mar 2026": the UK, Ireland, Europe, Australia and most of the world.
    #[default]
    DayMonthYear,
    /// "Mar 19, 2026": the United States and a few others.
    MonthDayYear,
    /// "19. März 2026": Germany, Austria, Switzerland and Liechtenstein
    /// (the abbreviated month as the Unicode CLDR writes it in German).
    German,
}

const GERMAN_MONTHS: [&str; 12] = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."];

impl DateStyle {
    /// The style of a business in `country` (ISO 3166 alpha-2).
    pub fn for_country(country: &str) -> DateStyle {
        match country.trim().to_ascii_uppercase().as_str() {
            // The United States, its territories, and the states that follow
            // its usage (Federated States of Micronesia, Marshall Islands,
            // Palau, the Philippines).
            "US" | "PR" | "GU" | "VI" | "AS" | "MP" | "UM" | "FM" | "MH" | "PW" | "PH" => DateStyle::MonthDayYear,
            "DE" | "AT" | "CH" | "LI" => DateStyle::German,
            _ => DateStyle::DayMonthYear,
        }
    }

    /// The stored form (`Content::date_style` of an agreement): "" for the
    /// default day-first style, so agreements written before the field
    /// existed keep their fingerprint.
    pub fn code(self) -> &'static str {
        match self {
            DateStyle::DayMonthYear => "",
            DateStyle::MonthDayYear => "mdy",
            DateStyle::German => "de",
        }
    }

    /// The style's name for the window: "dmy", "mdy" or "de".
    pub fn ui_code(self) -> &'static str {
        match self {
            DateStyle::DayMonthYear => "dmy",
            s => s.code(),
        }
    }

    /// The language tag the window's date fields are set to (WebKit writes
    /// a date field in its preferred language, not the page's `lang`):
    /// "en-GB" gives 07/12/2026, "en-US" 12/07/2026, "de-DE" 07.12.2026.
    pub fn field_locale(self) -> &'static str {
        match self {
            DateStyle::DayMonthYear => "en-GB",
            DateStyle::MonthDayYear => "en-US",
            DateStyle::German => "de-DE",
        }
    }

    pub fn from_code(code: &str) -> DateStyle {
        match code {
            "mdy" => DateStyle::MonthDayYear,
            "de" => DateStyle::German,
            _ => DateStyle::DayMonthYear,
        }
    }

    /// A date as the business writes it.
    pub fn format(self, d: NaiveDate) -> String {
        match self {
            DateStyle::DayMonthYear => d.format("%-d %b %Y").to_string(),
            DateStyle::MonthDayYear => d.format("%b %-d, %Y").to_string(),
            DateStyle::German => format!("{}. {} {}", d.day(), GERMAN_MONTHS[d.month0() as usize], d.year()),
        }
    }

    /// A stored ISO date (`YYYY-MM-DD`) as the business writes it; anything
    /// that is not a date is returned as it is.
    pub fn format_iso(self, s: &str) -> String {
        match NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
            Ok(d) => self.format(d),
            Err(_) => s.to_string(),
        }
    }

    /// A month and year: "Mar 2026" ("März 2026" in German).
    pub fn month(self, d: NaiveDate) -> String {
        match self {
            DateStyle::German => format!("{} {}", GERMAN_MONTHS[d.month0() as usize], d.year()),
            _ => d.format("%b %Y").to_string(),
        }
    }
}

/// A date as stored (`2026-03-19`); a stored date that does not parse reads
/// as the zero date rather than failing a whole screen.
pub fn stored(s: &str) -> NaiveDate {
    stored_opt(s).unwrap_or_default()
}

/// `stored`, with None for text that is not a date.
pub fn stored_opt(s: &str) -> Option<NaiveDate> {
    // The stored form read directly (Today reads 100,000 of them); anything
    // else goes through chrono's parser.
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| b[r].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')));
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_uk_business_writes_day_first_with_the_month_named() {
        let s = DateStyle::for_country("GB");
        assert_eq!(s.format(d("2027-03-01")), "1 Mar 2027");
        assert_eq!(s.format(d("2026-12-19")), "19 Dec 2026");
        assert_eq!(DateStyle::for_country("ie"), DateStyle::DayMonthYear);
        assert_eq!(DateStyle::for_country(""), DateStyle::DayMonthYear);
    }

    #[test]
    fn a_us_business_writes_month_first() {
        let s = DateStyle::for_country("US");
        assert_eq!(s.format(d("2027-03-01")), "Mar 1, 2027");
        assert_eq!(s.format_iso("2026-11-27"), "Nov 27, 2026");
    }

    #[test]
    fn date_fields_follow_the_business_country_not_the_computer() {
        assert_eq!(DateStyle::for_country("GB").field_locale(), "en-GB");
        assert_eq!(DateStyle::for_country("ie").field_locale(), "en-GB");
        assert_eq!(DateStyle::for_country("FR").field_locale(), "en-GB");
        assert_eq!(DateStyle::for_country("US").field_locale(), "en-US");
        assert_eq!(DateStyle::for_country("AT").field_locale(), "de-DE");
    }

    #[test]
    fn stored_codes_round_trip_and_the_default_is_empty() {
        for s in [DateStyle::DayMonthYear, DateStyle::MonthDayYear, DateStyle::German] {
            assert_eq!(DateStyle::from_code(s.code()), s);
        }
        assert_eq!(DateStyle::DayMonthYear.code(), "");
        assert_eq!(DateStyle::DayMonthYear.format_iso("2026-12-01T10:07:00Z"), "1 Dec 2026");
        assert_eq!(DateStyle::DayMonthYear.format_iso("—"), "—");
    }

    #[test]
    fn a_german_business_writes_the_day_with_a_point_and_the_month_in_german() {
        let s = DateStyle::for_country("DE");
        assert_eq!(s.format(d("2026-12-07")), "7. Dez. 2026");
        assert_eq!(s.format(d("2027-03-01")), "1. März 2027");
        assert_eq!(DateStyle::for_country("at"), DateStyle::German);
        assert_eq!(DateStyle::for_country("FR"), DateStyle::DayMonthYear);
        assert_eq!(s.month(d("2027-05-10")), "Mai 2027");
        assert_eq!(s.ui_code(), "de");
        assert_eq!(DateStyle::DayMonthYear.ui_code(), "dmy");
    }
}
