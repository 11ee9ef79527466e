//! The currency of an export's amounts when it has no currency column:
//! symbols and codes written in the amounts (`$`, `US$`, `€`, `£`, `CHF`,
//! `kr`, `zł` …). Dollars never become pounds: a bare `$` (or `kr`) is the
//! business's currency only when that is a dollar (or crown) currency;
//! otherwise the owner says which (CLI `--currency`).

/// What an amount's marker says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A currency named without doubt ("US$", "€", "GBP").
    Code(&'static str),
    /// A bare `$`: one of several dollars.
    Dollar,
    /// A bare `kr`: Swedish, Norwegian or Danish crowns.
    Crown,
}

const DOLLARS: [&str; 7] = ["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"];
const CROWNS: [&str; 3] = ["SEK", "NOK", "DKK"];

/// The marker in an amount as written, if any.
pub fn marker(amount: &str) -> Option<Marker> {
    let t = amount.trim();
    let upper = t.to_uppercase();
    // Codes first (longest prefixes before "$").
    for (code, signs) in [
        ("USD", &["US$", "USD", "U$S"][..]),
        ("CAD", &["CA$", "C$", "CAD"][..]),
        ("AUD", &["AU$", "A$", "AUD"][..]),
        ("NZD", &["NZ$", "NZD"][..]),
        ("SGD", &["S$", "SGD"][..]),
        ("HKD", &["HK$", "HKD"][..]),
        ("MXN", &["MX$", "MXN"][..]),
        ("BRL", &["R$", "BRL"][..]),
        ("GBP", &["£", "GBP"][..]),
        ("EUR", &["€", "EUR"][..]),
        ("CHF", &["CHF", "SFR"][..]),
        ("SEK", &["SEK"][..]),
        ("NOK", &["NOK"][..]),
        ("DKK", &["DKK"][..]),
        ("PLN", &["ZŁ", "PLN"][..]),
        ("CZK", &["KČ", "CZK"][..]),
        ("HUF", &["FT", "HUF"][..]),
        ("JPY", &["¥", "JPY"][..]),
        ("INR", &["₹", "INR"][..]),
        ("ZAR", &["ZAR"][..]),
    ] {
        if signs.iter().any(|s| upper.contains(s)) {
            return Some(Marker::Code(code));
        }
    }
    if t.contains('$') {
        return Some(Marker::Dollar);
    }
    let letters: String = upper.chars().filter(|c| c.is_alphabetic()).collect();
    if letters == "KR" {
        return Some(Marker::Crown);
    }
    None
}

/// The currency a marker means for a business whose currency is `home`,
/// or the question to ask.
pub fn resolve(m: Marker, home: &str) -> Result<&'static str, String> {
    match m {
        Marker::Code(c) => Ok(c),
        Marker::Dollar => DOLLARS.iter().find(|d| **d == home).copied().ok_or_else(|| {
            format!("the amounts are in dollars ($) but the business's currency is {home}: say which currency the file is in (US dollars: USD, Canadian: CAD, …)")
        }),
        Marker::Crown => CROWNS.iter().find(|d| **d == home).copied().ok_or_else(|| {
            format!("the amounts are in crowns (kr) but the business's currency is {home}: say which currency the file is in (SEK, NOK or DKK)")
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_say_their_currency_and_dollars_never_become_pounds() {
        assert_eq!(marker("$24,961.15"), Some(Marker::Dollar));
        assert_eq!(marker("US$ 24,961.15"), Some(Marker::Code("USD")));
        assert_eq!(marker("1.234,56 €"), Some(Marker::Code("EUR")));
        assert_eq!(marker("£1,234.56"), Some(Marker::Code("GBP")));
        assert_eq!(marker("CHF 1'200.00"), Some(Marker::Code("CHF")));
        assert_eq!(marker("1 200,00 zł"), Some(Marker::Code("PLN")));
        assert_eq!(marker("1 200,00 kr"), Some(Marker::Crown));
        assert_eq!(marker("1200.00"), None);
        assert_eq!(resolve(Marker::Dollar, "USD"), Ok("USD"));
        assert_eq!(resolve(Marker::Dollar, "CAD"), Ok("CAD"));
        assert!(resolve(Marker::Dollar, "GBP").unwrap_err().contains("dollars"));
        assert_eq!(resolve(Marker::Crown, "SEK"), Ok("SEK"));
    }
}
