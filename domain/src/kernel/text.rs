//! Validation of text and dates a person typed or a file carried. Every
//! failure names the field and the problem. Markup is ordinary text here (it
//! is escaped where shown); control characters and absurd lengths are refused.

use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};

pub struct Rule {
    pub field: &'static str,
    pub max_chars: usize,
    pub required: bool,
    pub multiline: bool,
}

pub const fn rule(field: &'static str, max_chars: usize, required: bool, multiline: bool) -> Rule {
    Rule { field, max_chars, required, multiline }
}

/// Trims, then refuses control characters (newlines only where `multiline`),
/// empty required values and values longer than `max_chars` characters.
pub fn clean(value: &str, r: &Rule) -> Result<String> {
    let v = value.trim();
    if r.required && v.is_empty() {
        return Err(Error::invalid(r.field, "is required"));
    }
    if let Some(ch) = v.chars().find(|c| c.is_control() && !(r.multiline && (*c == '\n' || *c == '\t' || *c == '\r'))) {
        return Err(Error::invalid(
            r.field,
            format!("contains a control character (U+{:04X}); remove it", ch as u32),
        ));
    }
    let n = v.chars().count();
    if n > r.max_chars {
        return Err(Error::invalid(r.field, format!("is {n} characters long; the limit is {}", r.max_chars)));
    }
    Ok(v.replace("\r\n", "\n"))
}

pub fn clean_email(value: &str, field: &'static str) -> Result<String> {
    let v = clean(value, &rule(field, 254, false, false))?;
    if !v.is_empty() {
        let ok = v.split_once('@').map(|(a, b)| !a.is_empty() && b.contains('.') && !b.starts_with('.') && !b.ends_with('.')).unwrap_or(false)
            && !v.contains(char::is_whitespace)
            && v.matches('@').count() == 1;
        if !ok {
            return Err(Error::invalid(field, format!("'{v}' is not an email address")));
        }
    }
    Ok(v)
}

/// Parses an ISO date (YYYY-MM-DD) and refuses impossible or absurd ones.
pub fn parse_iso_date(value: &str, field: &str) -> Result<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(field, "is required (YYYY-MM-DD)"));
    }
    let parts: Vec<&str> = v.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || !parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
        return Err(Error::invalid(field, format!("'{v}' is not a date in the form YYYY-MM-DD")));
    }
    let (y, m, d): (i32, u32, u32) = (parts[0].parse().unwrap_or(0), parts[1].parse().unwrap_or(0), parts[2].parse().unwrap_or(0));
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| Error::invalid(field, format!("{v} is not a real date")))?;
    check_date_range(date, field)
}

pub fn check_date_range(date: NaiveDate, field: &str) -> Result<NaiveDate> {
    if !(1990..=2100).contains(&date.year()) {
        return Err(Error::invalid(field, format!("{date} is outside the years 1990 to 2100")));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_lengths_are_refused() {
        let r = rule("name", 200, true, false);
        assert_eq!(clean("  Acme Ltd ", &r).unwrap(), "Acme Ltd");
        assert!(clean("Acme\u{0007}", &r).unwrap_err().to_string().contains("control character"));
        assert!(clean("a\nb", &r).is_err());
        assert!(clean("a\nb", &rule("notes", 10, false, true)).is_ok());
        let long = "x".repeat(10_000);
        let e = clean(&long, &r).unwrap_err().to_string();
        assert!(e.contains("10000 characters") && e.contains("200"), "{e}");
        assert!(clean("   ", &r).unwrap_err().to_string().contains("required"));
        // Markup is text, kept as typed.
        assert_eq!(clean("<img src=x onerror=alert(1)>", &r).unwrap(), "<img src=x onerror=alert(1)>");
    }

    #[test]
    fn dates_must_be_real() {
        assert!(parse_iso_date("2026-02-29", "due").unwrap_err().to_string().contains("not a real date"));
        assert!(parse_iso_date("2028-02-29", "due").is_ok());
        assert!(parse_iso_date("29/02/2028", "due").unwrap_err().to_string().contains("YYYY-MM-DD"));
        assert!(parse_iso_date("3026-01-01", "due").unwrap_err().to_string().contains("1990"));
    }

    #[test]
    fn emails() {
        assert!(clean_email("a@b.co", "email").is_ok());
        assert!(clean_email("", "email").is_ok());
        assert!(clean_email("nope", "email").is_err());
        assert!(clean_email("a b@c.d", "email").is_err());
    }
}
