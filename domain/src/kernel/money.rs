//! Money: `rust_decimal::Decimal` plus an ISO 4217 currency. Stored in SQLite
//! as an integer count of minor units (pence, cents), so sums in SQL are exact.
//! Never a float anywhere; amounts cross the IPC boundary as strings.

use crate::error::{Error, Result};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The largest amount accepted anywhere (one trillion in major units).
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    /// Number of decimal places of the minor unit (2 for GBP, 0 for JPY).
    pub exponent: u32,
    pub symbol: &'static str,
    /// Symbol after the number ("1,234.50 kr") rather than before.
    pub suffix: bool,
}

const fn c(code: &'static str, exponent: u32, symbol: &'static str, suffix: bool) -> Currency {
    Currency { code, exponent, symbol, suffix }
}

pub const CURRENCIES: &[Currency] = &[
    c("GBP", 2, "£", false),
    c("EUR", 2, "€", false),
    c("USD", 2, "$", false),
    c("CAD", 2, "CA$", false),
    c("AUD", 2, "A$", false),
    c("NZD", 2, "NZ$", false),
    c("CHF", 2, "CHF ", false),
    c("SEK", 2, "kr", true),
    c("NOK", 2, "kr", true),
    c("DKK", 2, "kr", true),
    c("PLN", 2, "zł", true),
    c("CZK", 2, "Kč", true),
    c("HUF", 2, "Ft", true),
    c("JPY", 0, "¥", false),
    c("CNY", 2, "CN¥", false),
    c("INR", 2, "₹", false),
    c("ZAR", 2, "R", false),
    c("SGD", 2, "S$", false),
    c("HKD", 2, "HK$", false),
    c("MXN", 2, "MX$", false),
    c("BRL", 2, "R$", false),
    c("BHD", 3, "BD ", false),
    c("KWD", 3, "KD ", false),
];

impl Currency {
    pub fn find(code: &str) -> Result<Currency> {
        let up = code.trim().to_ascii_uppercase();
        CURRENCIES
            .iter()
            .find(|c| c.code == up)
            .copied()
            .ok_or_else(|| Error::invalid("currency", format!("'{}' is not a currency Overdue knows (use an ISO code such as GBP, EUR, USD)", code.trim())))
    }

    /// Converts an exact decimal into minor units, refusing sub-minor precision.
    pub fn to_minor(&self, amount: Decimal, field: &str) -> Result<i64> {
        let n = amount.normalize();
        if n.scale() > self.exponent {
            return Err(Error::invalid(
                field,
                format!("{} has more than {} decimal places for {}", n, self.exponent, self.code),
            ));
        }
        let scaled = n * Decimal::from(10i64.pow(self.exponent));
        let minor: i64 = scaled
            .trunc()
            .try_into()
            .map_err(|_| Error::invalid(field, format!("{n} is too large")))?;
        Ok(minor)
    }

    pub fn from_minor(&self, minor: i64) -> Decimal {
        Decimal::new(minor, self.exponent)
    }

    /// Plain decimal string with exactly `exponent` places: "1234.50".
    pub fn plain(&self, minor: i64) -> String {
        // Integer arithmetic into one buffer (the same text as the Decimal
        // rescaled to the exponent, without its cost: Today writes 100,000
        // amounts).
        let mut s = String::with_capacity(24);
        if minor < 0 {
            s.push('-');
        }
        self.push_digits(&mut s, minor.unsigned_abs(), false);
        s
    }

    /// For people: "£1,234.50", "-£20.00", "1,234.50 kr".
    pub fn display(&self, minor: i64) -> String {
        let mut s = String::with_capacity(32);
        if minor < 0 {
            s.push('-');
        }
        if !self.suffix {
            s.push_str(self.symbol);
        }
        self.push_digits(&mut s, minor.unsigned_abs(), true);
        if self.suffix {
            s.push(' ');
            s.push_str(self.symbol);
        }
        s
    }

    /// `a` minor units as "1234.50" (or "1,234.50" with `grouped`).
    fn push_digits(&self, s: &mut String, a: u64, grouped: bool) {
        let p = 10u64.pow(self.exponent);
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut n = a / p;
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let int = &buf[i..];
        for (k, ch) in int.iter().enumerate() {
            if grouped && k > 0 && (int.len() - k) % 3 == 0 {
                s.push(',');
            }
            s.push(char::from(*ch));
        }
        if self.exponent > 0 {
            s.push('.');
            let mut f = a % p;
            let w = self.exponent as usize;
            let mut frac = [b'0'; 20];
            for k in (0..w).rev() {
                frac[k] = b'0' + (f % 10) as u8;
                f /= 10;
            }
            s.extend(frac[..w].iter().map(|c| char::from(*c)));
        }
    }
}

/// Parses an amount a person typed in the app or CLI: "1234.50", "1,234.50",
/// "£1,234.50". Must be positive and at most one trillion.
pub fn parse_amount(text: &str, currency: &Currency, field: &str) -> Result<i64> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    let d = parse_decimal_lenient(t, false).map_err(|m| Error::invalid(field, m))?;
    check_positive_amount(d, currency, field)
}

pub fn check_positive_amount(d: Decimal, currency: &Currency, field: &str) -> Result<i64> {
    if d.is_sign_negative() && !d.is_zero() {
        return Err(Error::invalid(field, format!("{d} is negative; amounts must be greater than zero")));
    }
    if d.is_zero() {
        return Err(Error::invalid(field, "must be greater than zero"));
    }
    if d > Decimal::from(MAX_AMOUNT) {
        return Err(Error::invalid(field, format!("{d} is beyond the limit of 1,000,000,000,000")));
    }
    currency.to_minor(d, field)
}

/// Reads amounts the way accounting exports write them: currency symbols or
/// codes, thousands separators (`,` `.` space, apostrophe), decimal comma,
/// parentheses or a leading minus for negatives. `decimal_comma` says the
/// file uses `,` as its decimal mark (then `1.234,56` and `12,5`).
pub fn parse_decimal_lenient(text: &str, decimal_comma: bool) -> std::result::Result<Decimal, String> {
    let original = text.trim();
    let mut s: String = original.to_string();
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') {
        negative = true;
        s = s[1..s.len() - 1].to_string();
    }
    // Strip currency codes and symbols, spaces (incl. no-break) and apostrophes.
    let mut cleaned = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '0'..='9' | '.' | ',' => cleaned.push(ch),
            '-' | '\u{2212}' if cleaned.is_empty() => negative = !negative,
            '-' | '\u{2212}' => return Err(format!("'{original}' is not an amount")),
            '+' if cleaned.is_empty() => {}
            ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’' => {}
            // Currency symbols and codes ("£", "EUR", "kr") are dropped; letters
            // between digits are caught below.
            c if c.is_alphabetic() || "£$€¥₹₩₽₺₪₫₱".contains(c) => {}
            _ => return Err(format!("'{original}' is not an amount")),
        }
    }
    // Letters in the middle of digits ("12abc34") are not amounts.
    let digits_and_letters: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
    if let (Some(first_digit), Some(last_digit)) = (
        digits_and_letters.iter().position(|c| c.is_ascii_digit()),
        digits_and_letters.iter().rposition(|c| c.is_ascii_digit()),
    ) {
        if digits_and_letters[first_digit..=last_digit].iter().any(|c| !c.is_ascii_digit()) {
            return Err(format!("'{original}' is not an amount"));
        }
    }
    if !cleaned.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("'{original}' is not an amount"));
    }
    let (dec_mark, group_mark) = if decimal_comma { (',', '.') } else { ('.', ',') };
    let normalized: String = match (cleaned.rfind(dec_mark), cleaned.contains(group_mark)) {
        _ if cleaned.matches(dec_mark).count() > 1 => {
            return Err(format!("'{original}' has more than one decimal mark"));
        }
        (Some(pos), _) => {
            let int: String = cleaned[..pos].chars().filter(|&c| c != group_mark).collect();
            if cleaned[pos + 1..].contains(group_mark) {
                return Err(format!("'{original}' is not an amount"));
            }
            format!("{}.{}", int, &cleaned[pos + 1..])
        }
        (None, _) => cleaned.chars().filter(|&c| c != group_mark).collect(),
    };
    let d = Decimal::from_str(if normalized.starts_with('.') { &normalized[..] } else { &normalized })
        .or_else(|_| Decimal::from_str(&format!("0{normalized}")))
        .map_err(|_| format!("'{original}' is not an amount"))?;
    Ok(if negative { -d } else { d })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_the_decimal_rescaled_to_the_currency_exponent() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for c in CURRENCIES {
            for minor in [0i64, 1, -1, 9, 10, 99, 100, -100, 101, 123_456_789, -987_654_321, i64::MAX, i64::MIN + 1] {
                let mut d = c.from_minor(minor);
                d.rescale(c.exponent);
                assert_eq!(c.plain(minor), d.to_string(), "{} {minor}", c.code);
            }
            for _ in 0..200 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let minor = (x as i64) >> 20;
                let mut d = c.from_minor(minor);
                d.rescale(c.exponent);
                assert_eq!(c.plain(minor), d.to_string(), "{} {minor}", c.code);
            }
        }
    }

    fn gbp() -> Currency {
        Currency::find("gbp").unwrap()
    }

    #[test]
    fn minor_units_round_trip_exactly() {
        let c = gbp();
        assert_eq!(c.to_minor(Decimal::from_str("1234.5").unwrap(), "x").unwrap(), 123450);
        assert_eq!(c.plain(123450), "1234.50");
        assert_eq!(c.plain(5), "0.05");
        let jpy = Currency::find("JPY").unwrap();
        assert_eq!(jpy.to_minor(Decimal::from(1500), "x").unwrap(), 1500);
        assert_eq!(jpy.plain(1500), "1500");
    }

    #[test]
    fn sub_minor_precision_is_refused() {
        let e = gbp().to_minor(Decimal::from_str("10.005").unwrap(), "amount").unwrap_err();
        assert!(e.to_string().contains("more than 2 decimal places"), "{e}");
        assert!(Currency::find("JPY").unwrap().to_minor(Decimal::from_str("1.5").unwrap(), "a").is_err());
    }

    /// The grouping as it was first written, from the plain text: the one
    /// buffer gives the same text for every currency and amount.
    fn display_reference(c: &Currency, minor: i64) -> String {
        let plain = c.plain(minor.abs());
        let (int, frac) = match plain.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (plain.as_str(), None),
        };
        let mut grouped = String::new();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        if let Some(f) = frac {
            grouped.push('.');
            grouped.push_str(f);
        }
        let sign = if minor < 0 { "-" } else { "" };
        if c.suffix { format!("{sign}{grouped} {}", c.symbol) } else { format!("{sign}{}{grouped}", c.symbol) }
    }

    #[test]
    fn display_is_the_grouped_plain_text_for_every_currency() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for c in CURRENCIES {
            for minor in [0i64, 1, -1, 99, 100, 999, 1000, 99_999, 100_000, -123_456_789, i64::MAX, i64::MIN + 1] {
                assert_eq!(c.display(minor), display_reference(c, minor), "{} {minor}", c.code);
            }
            for _ in 0..200 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let minor = (x as i64) >> (x % 50);
                assert_eq!(c.display(minor), display_reference(c, minor), "{} {minor}", c.code);
            }
        }
    }

    #[test]
    fn display_groups_and_places_symbols() {
        assert_eq!(gbp().display(123456789), "£1,234,567.89");
        assert_eq!(gbp().display(-2000), "-£20.00");
        assert_eq!(gbp().display(0), "£0.00");
        assert_eq!(Currency::find("SEK").unwrap().display(123450), "1,234.50 kr");
        assert_eq!(Currency::find("EUR").unwrap().display(100), "€1.00");
        assert_eq!(Currency::find("JPY").unwrap().display(1234567), "¥1,234,567");
    }

    #[test]
    fn unknown_currency_is_named() {
        let e = Currency::find("XYZ").unwrap_err().to_string();
        assert!(e.contains("XYZ"), "{e}");
    }

    #[test]
    fn lenient_parsing_of_export_formats() {
        let p = |s, dc| parse_decimal_lenient(s, dc).map(|d| d.to_string());
        assert_eq!(p("£1,234.56", false).unwrap(), "1234.56");
        assert_eq!(p("$ 1,234", false).unwrap(), "1234");
        assert_eq!(p("1.234,56 €", true).unwrap(), "1234.56");
        assert_eq!(p("12,5", true).unwrap(), "12.5");
        assert_eq!(p("1 234,50", true).unwrap(), "1234.50");
        assert_eq!(p("GBP 99.99", false).unwrap(), "99.99");
        assert_eq!(p("(100.00)", false).unwrap(), "-100.00");
        assert_eq!(p("-5", false).unwrap(), "-5");
        assert_eq!(p(".5", false).unwrap(), "0.5");
        assert!(p("abc", false).is_err());
        assert!(p("1.2.3", false).is_err());
        assert!(p("12abc34", false).is_err());
        assert!(p("", false).is_err());
        assert!(p("1;2", false).is_err());
    }

    #[test]
    fn amounts_must_be_positive_and_sane() {
        let c = gbp();
        assert!(parse_amount("0", &c, "amount").unwrap_err().to_string().contains("greater than zero"));
        assert!(parse_amount("-3", &c, "amount").unwrap_err().to_string().contains("negative"));
        assert!(parse_amount("2000000000000", &c, "amount").unwrap_err().to_string().contains("beyond"));
        assert_eq!(parse_amount("1000000000000", &c, "amount").unwrap(), 100_000_000_000_000);
        assert_eq!(parse_amount(" 12.30 ", &c, "amount").unwrap(), 1230);
    }
}
