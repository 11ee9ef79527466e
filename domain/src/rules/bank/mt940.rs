//! SWIFT MT940 customer statements, as Dutch and German banks still send
//! them: `:25:` the account, `:60F:`/`:60M:` the opening and `:62F:`/`:62M:`
//! the closing balance (`C`/`D`, `YYMMDD`, currency, amount with a decimal
//! comma), `:61:` one line each (value date, optional entry date, `C`, `D`,
//! `RC` or `RD` (a reversal), an optional funds code, the amount, the
//! transaction type, the customer's reference and, after `//`, the bank's),
//! and `:86:` the details that follow a line: free text, or the German
//! structured form (`?20`–`?29` purpose, `?32`/`?33` name, `?31` IBAN).

use super::{amount, Line, Statement};
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn yymmdd(s: &str) -> Option<NaiveDate> {
    let y: i32 = s.get(0..2)?.parse().ok()?;
    let m: u32 = s.get(2..4)?.parse().ok()?;
    let d: u32 = s.get(4..6)?.parse().ok()?;
    NaiveDate::from_ymd_opt(2000 + y, m, d)
}

/// `C260131EUR1234,56` → (date, currency, signed amount).
fn balance(v: &str) -> Option<(NaiveDate, String, Decimal)> {
    let (sign, rest) = match v.get(..1)? {
        "C" => (Decimal::ONE, &v[1..]),
        "D" => (-Decimal::ONE, &v[1..]),
        _ => return None,
    };
    let date = yymmdd(rest.get(..6)?)?;
    let cur = rest.get(6..9)?.to_string();
    Some((date, cur, sign * amount(rest.get(9..)?)?))
}

/// The `:86:` details: the German structured subfields, or the text as is.
fn details(v: &str) -> (String, String, String) {
    let flat: String = v.lines().map(str::trim_end).collect::<Vec<_>>().join("");
    if !flat.contains('?') || flat.len() < 4 {
        return (v.lines().map(str::trim).collect::<Vec<_>>().join(" "), String::new(), String::new());
    }
    let (mut purpose, mut name, mut iban) = (Vec::new(), String::new(), String::new());
    for part in flat.split('?').skip(1) {
        let (code, text) = (part.get(..2).unwrap_or(""), part.get(2..).unwrap_or(""));
        match code.parse::<u32>() {
            Ok(20..=29) | Ok(60..=63) => purpose.push(text.to_string()),
            Ok(31) => iban = text.to_string(),
            Ok(32) | Ok(33) => name.push_str(text),
            _ => {}
        }
    }
    (purpose.join(""), name, iban)
}

pub fn read(bytes: &[u8]) -> Result<Vec<Statement>, String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    // Fields: a line starting ":NN:" (or ":NNa:") opens one; others continue it.
    let mut fields: Vec<(String, String)> = Vec::new();
    for raw in text.lines() {
        let l = raw.trim_end_matches('\r');
        if l.starts_with('-') && l.trim() == "-" || l.starts_with("{") {
            continue;
        }
        let tag = l.strip_prefix(':').and_then(|r| r.find(':').map(|p| (r[..p].to_string(), r[p + 1..].to_string())));
        match tag {
            Some((t, v)) if t.len() <= 4 && t.chars().next().is_some_and(|c| c.is_ascii_digit()) => fields.push((t, v)),
            _ => {
                if let Some(last) = fields.last_mut() {
                    last.1.push('\n');
                    last.1.push_str(l);
                }
            }
        }
    }
    let mut out: Vec<Statement> = Vec::new();
    let mut stmt: Option<Statement> = None;
    for (tag, v) in fields {
        match tag.as_str() {
            "20" => {
                if let Some(s) = stmt.take() {
                    out.push(s);
                }
                stmt = Some(Statement::new("MT940"));
            }
            "25" => {
                if let Some(s) = stmt.as_mut() {
                    s.account = v.trim().to_string();
                }
            }
            "60F" | "60M" => {
                if let (Some(s), Some((_, cur, a))) = (stmt.as_mut(), balance(v.trim())) {
                    s.currency = cur;
                    s.opening = Some(a);
                }
            }
            "62F" | "62M" => {
                if let (Some(s), Some((_, _, a))) = (stmt.as_mut(), balance(v.trim())) {
                    s.closing = Some(a);
                }
            }
            "61" => {
                let Some(s) = stmt.as_mut() else { continue };
                let first = v.lines().next().unwrap_or("").trim();
                let Some(date) = yymmdd(first) else {
                    s.skipped.push(format!("a :61: line that cannot be read ({first})"));
                    continue;
                };
                let mut rest = &first[6..];
                // An optional entry date (MMDD).
                if rest.get(..4).is_some_and(|d| d.chars().all(|c| c.is_ascii_digit())) {
                    rest = &rest[4..];
                }
                let (credit, reversal, after) = if let Some(r) = rest.strip_prefix("RC") {
                    (false, true, r)
                } else if let Some(r) = rest.strip_prefix("RD") {
                    (true, true, r)
                } else if let Some(r) = rest.strip_prefix('C') {
                    (true, false, r)
                } else if let Some(r) = rest.strip_prefix('D') {
                    (false, false, r)
                } else {
                    s.skipped.push(format!("a :61: line with no credit/debit mark ({first})"));
                    continue;
                };
                // An optional funds code letter (the third letter of the currency).
                let after = if after.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) { &after[1..] } else { after };
                let end = after.find(|c: char| !(c.is_ascii_digit() || c == ',')).unwrap_or(after.len());
                let Some(a) = amount(&after[..end]) else {
                    s.skipped.push(format!("a :61: line with no amount ({first})"));
                    continue;
                };
                let tail = &after[end..];
                // Type (N + 3), then the customer's reference, then //bank reference.
                let refs = tail.get(4..).unwrap_or("");
                let (customer, bank) = match refs.split_once("//") {
                    Some((c, b)) => (c.to_string(), b.trim().to_string()),
                    None => (refs.to_string(), String::new()),
                };
                let customer = if customer == "NONREF" { String::new() } else { customer };
                let extra = v.lines().nth(1).unwrap_or("").trim().to_string();
                s.lines.push(Line {
                    date,
                    amount: if credit { a } else { -a },
                    currency: s.currency.clone(),
                    text: extra,
                    reference: customer,
                    counterparty: String::new(),
                    counterparty_account: String::new(),
                    bank_id: bank,
                    reversal,
                });
            }
            "86" => {
                if let Some(l) = stmt.as_mut().and_then(|s| s.lines.last_mut()) {
                    let (purpose, name, iban) = details(&v);
                    l.text = if l.text.is_empty() { purpose } else { format!("{} {purpose}", l.text) }.trim().to_string();
                    l.counterparty = name;
                    l.counterparty_account = iban;
                }
            }
            _ => {}
        }
    }
    if let Some(s) = stmt.take() {
        out.push(s);
    }
    if out.is_empty() {
        return Err("the MT940 file holds no statement (no :20: field)".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::read as read_any;
    use rust_decimal::Decimal;

    #[test]
    fn an_mt940_statement_with_german_structured_details_and_a_reversal() {
        let mt = ":20:STARTUMSE\r\n:25:37040044/0532013000\r\n:28C:00001/001\r\n:60F:C261101EUR1000,00\r\n\
:61:2611101110CR1234,56NTRFNONREF//2026111000123\r\n:86:166?00GUTSCHRIFT?20Rechnung RE-2026-00?211 danke?30COBADEFFXXX?31DE02120300000000202051\r\n?32Müller & Söhne GmbH\r\n\
:61:261112D250,00NDDTKREF-77//B-2\r\nMiete November\r\n:86:Lastschrift Vermieter\r\n\
:61:261113RC30,00NTRFNONREF//B-3\r\n:86:Rücklastschrift\r\n\
:62F:C261130EUR1954,56\r\n-\r\n";
        let s = &read_any(mt.as_bytes()).unwrap()[0];
        assert_eq!((s.format.as_str(), s.account.as_str(), s.currency.as_str()), ("MT940", "37040044/0532013000", "EUR"));
        assert_eq!((s.opening, s.closing), (Some(Decimal::new(100000, 2)), Some(Decimal::new(195456, 2))));
        let l = &s.lines[0];
        assert_eq!((l.date.to_string().as_str(), l.amount, l.bank_id.as_str(), l.reference.as_str()), ("2026-11-10", Decimal::new(123456, 2), "2026111000123", ""));
        assert_eq!((l.text.as_str(), l.counterparty.as_str(), l.counterparty_account.as_str()), ("Rechnung RE-2026-001 danke", "Müller & Söhne GmbH", "DE02120300000000202051"));
        assert_eq!((s.lines[1].amount, s.lines[1].reference.as_str(), s.lines[1].text.as_str()), (Decimal::new(-25000, 2), "KREF-77", "Miete November Lastschrift Vermieter"));
        assert!(s.lines[2].reversal && s.lines[2].amount == Decimal::new(-3000, 2), "RC: a credit reversed");
        assert_eq!(s.balance_gap(), None, "1000 + 1234.56 - 250 - 30 = 1954.56");
    }
}
