//! Who paid what: for a receipt on a statement, the open invoices it most
//! likely pays, each suggestion with the reasons ("invoice number in the
//! text", "amount equals", "known account", "payer name"). Modelled on the
//! tools in ../shared/BANK.md: Odoo's digit-token overlap between the text
//! and an invoice number, ERPNext's party by account first, then a fuzzy
//! name where a tie means no match, Xero's amount first.
//!
//! Tiers: `Sure` (an invoice number in the text and the amount equals what
//! is open on those invoices), `Likely` (an invoice number but another
//! amount, or the payer known by account or name and the amount equals one
//! of their invoices or all they owe), `Weak` (only the amount, and only one
//! invoice of any client has it). Money out is never matched.

use super::Line;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// An invoice that is still open, as matching sees it.
#[derive(Debug, Clone)]
pub struct OpenInvoice {
    pub id: i64,
    pub number: String,
    pub client_id: i64,
    pub outstanding: Decimal,
    pub currency: String,
    pub due: NaiveDate,
}

/// A client as matching knows them: names and accounts seen before.
#[derive(Debug, Clone)]
pub struct Payer {
    pub client_id: i64,
    pub name: String,
    pub legal_name: String,
    pub accounts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Sure,
    Likely,
    Weak,
}

#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub tier: Tier,
    pub client_id: i64,
    /// The invoices it pays, oldest due first.
    pub invoice_ids: Vec<i64>,
    pub reasons: Vec<String>,
}

/// Letters and digits only, upper case: "INV-1001", "inv 1001" → "INV1001".
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

/// The words of the text (and their parts around "/" and "-"), and each
/// pair of neighbours joined ("INV 1001").
fn tokens(text: &str) -> Vec<String> {
    let raw: Vec<&str> = text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '#' | '+')).filter(|w| !w.is_empty()).collect();
    let words: Vec<String> = raw.iter().map(|w| squash(w)).filter(|w| !w.is_empty()).collect();
    let mut out = words.clone();
    out.extend(words.windows(2).map(|w| format!("{}{}", w[0], w[1])));
    out.extend(raw.iter().flat_map(|w| w.split(['/', '-', '.'])).map(squash).filter(|w| !w.is_empty()));
    out
}

/// Whether an invoice number is named in the tokens: whole ("INV1001"), or
/// its digits as a token of their own of at least three digits ("1001",
/// "Rechnung 1001/2026" reads 1001 and 2026), leading zeros aside.
fn names(tokens: &[String], number: &str) -> bool {
    let n = squash(number);
    let digits: String = number.chars().filter(|c| c.is_ascii_digit()).collect();
    !n.is_empty()
        && tokens.iter().any(|t| *t == n || (digits.len() >= 3 && t.chars().all(|c| c.is_ascii_digit()) && t.trim_start_matches('0') == digits.trim_start_matches('0')))
}

/// Company words that say nothing of who it is.
const NOISE: [&str; 16] = ["ltd", "limited", "llc", "inc", "plc", "gmbh", "ag", "bv", "nv", "sarl", "sas", "srl", "spa", "co", "company", "the"];

fn name_key(s: &str) -> String {
    let lower = crate::csv::headers::norm_words(s);
    lower.split_whitespace().filter(|w| !NOISE.contains(w)).collect::<Vec<_>>().join(" ")
}

/// The client a payer name points to: the best Jaro-Winkler score of at
/// least 0.9 on names without company words; a tie is no one.
fn by_name(name: &str, payers: &[Payer]) -> Option<i64> {
    let key = name_key(name);
    if key.len() < 3 {
        return None;
    }
    let mut best: Vec<(f64, i64)> = payers
        .iter()
        .map(|p| {
            let a = strsim::jaro_winkler(&key, &name_key(&p.name));
            let b = if p.legal_name.is_empty() { 0.0 } else { strsim::jaro_winkler(&key, &name_key(&p.legal_name)) };
            (a.max(b), p.client_id)
        })
        .filter(|(s, _)| *s >= 0.9)
        .collect();
    best.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    match best.as_slice() {
        [] => None,
        [(_, id)] => Some(*id),
        [(s1, id), (s2, id2), ..] if (s1 - s2).abs() > 1e-9 || id == id2 => Some(*id),
        _ => None,
    }
}

/// Suggestions for one receipt, best first.
pub fn suggest(line: &Line, invoices: &[OpenInvoice], payers: &[Payer]) -> Vec<Suggestion> {
    if line.amount <= Decimal::ZERO || line.reversal {
        return vec![];
    }
    let open: Vec<&OpenInvoice> = invoices.iter().filter(|i| i.currency == line.currency && i.outstanding > Decimal::ZERO).collect();
    let toks = tokens(&format!("{} {}", line.text, line.reference));
    let mut out: Vec<Suggestion> = Vec::new();
    // 1. Invoice numbers in the text, grouped by client.
    let mut named: Vec<&OpenInvoice> = open.iter().copied().filter(|i| names(&toks, &i.number)).collect();
    named.sort_by_key(|i| (i.client_id, i.due, i.id));
    let mut clients: Vec<i64> = named.iter().map(|i| i.client_id).collect();
    clients.dedup();
    for c in clients {
        let mine: Vec<&OpenInvoice> = named.iter().copied().filter(|i| i.client_id == c).collect();
        let total: Decimal = mine.iter().map(|i| i.outstanding).sum();
        let numbers = mine.iter().map(|i| i.number.as_str()).collect::<Vec<_>>().join(", ");
        let mut reasons = vec![format!("invoice {numbers} in the text")];
        let tier = if total == line.amount {
            reasons.push("amount equals what is open on it".into());
            Tier::Sure
        } else {
            reasons.push(format!("amount {} of {} open", line.amount, total));
            Tier::Likely
        };
        out.push(Suggestion { tier, client_id: c, invoice_ids: mine.iter().map(|i| i.id).collect(), reasons });
    }
    if !out.is_empty() {
        out.sort_by_key(|s| s.tier);
        return out;
    }
    // 2. The payer, by an account seen before, else by name.
    let acct = line.counterparty_account.replace(' ', "").to_ascii_uppercase();
    let known = payers.iter().find(|p| !acct.is_empty() && p.accounts.iter().any(|a| a.replace(' ', "").eq_ignore_ascii_case(&acct))).map(|p| (p.client_id, "known account".to_string()));
    let known = known.or_else(|| by_name(&line.counterparty, payers).map(|c| (c, format!("payer name '{}'", line.counterparty))));
    if let Some((c, why)) = known {
        let mut mine: Vec<&OpenInvoice> = open.iter().copied().filter(|i| i.client_id == c).collect();
        mine.sort_by_key(|i| (i.due, i.id));
        let total: Decimal = mine.iter().map(|i| i.outstanding).sum();
        let exact: Vec<&&OpenInvoice> = mine.iter().filter(|i| i.outstanding == line.amount).collect();
        if exact.len() == 1 {
            out.push(Suggestion { tier: Tier::Likely, client_id: c, invoice_ids: vec![exact[0].id], reasons: vec![why, format!("amount equals invoice {}", exact[0].number)] });
        } else if !mine.is_empty() && total == line.amount {
            out.push(Suggestion { tier: Tier::Likely, client_id: c, invoice_ids: mine.iter().map(|i| i.id).collect(), reasons: vec![why, "amount equals all they owe".into()] });
        } else if !mine.is_empty() {
            out.push(Suggestion { tier: Tier::Weak, client_id: c, invoice_ids: mine.iter().map(|i| i.id).collect(), reasons: vec![why, "oldest first".into()] });
        }
        return out;
    }
    // 3. Only the amount: one invoice of one client, or nothing.
    let same: Vec<&&OpenInvoice> = open.iter().filter(|i| i.outstanding == line.amount).collect();
    if same.len() == 1 {
        out.push(Suggestion { tier: Tier::Weak, client_id: same[0].client_id, invoice_ids: vec![same[0].id], reasons: vec![format!("amount equals invoice {}", same[0].number)] });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn inv(id: i64, number: &str, client: i64, out: &str) -> OpenInvoice {
        OpenInvoice { id, number: number.into(), client_id: client, outstanding: d(out), currency: "EUR".into(), due: NaiveDate::from_ymd_opt(2026, 10, id as u32).unwrap() }
    }
    fn line(amount: &str, text: &str, name: &str, account: &str) -> Line {
        Line { date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(), amount: d(amount), currency: "EUR".into(), text: text.into(), reference: String::new(), counterparty: name.into(), counterparty_account: account.into(), bank_id: String::new(), reversal: false }
    }
    fn payers() -> Vec<Payer> {
        vec![
            Payer { client_id: 1, name: "Müller & Söhne GmbH".into(), legal_name: String::new(), accounts: vec!["DE02 1203 0000 0000 2020 51".into()] },
            Payer { client_id: 2, name: "Bäckerei Groß".into(), legal_name: "Bäckerei Groß e.K.".into(), accounts: vec![] },
            Payer { client_id: 3, name: "Acme Ltd".into(), legal_name: String::new(), accounts: vec![] },
        ]
    }
    fn invoices() -> Vec<OpenInvoice> {
        vec![inv(1, "INV-1042", 1, "300.00"), inv(2, "INV-1043", 1, "200.00"), inv(3, "RE-2026-002", 2, "120.00"), inv(4, "A-77", 3, "120.00")]
    }

    #[test]
    fn invoice_numbers_are_found_however_the_payer_wrote_them() {
        for text in ["INV-1042", "inv1042", "INV 1042", "Rechnung 1042/2026", "payment for invoice #1042 thanks"] {
            let s = suggest(&line("300.00", text, "", ""), &invoices(), &payers());
            assert_eq!((s[0].tier, s[0].invoice_ids.clone()), (Tier::Sure, vec![1]), "{text}");
        }
        // One transfer for two invoices: both, oldest first, exact to the cent.
        let s = suggest(&line("500.00", "INV 1042 1043", "", ""), &invoices(), &payers());
        assert_eq!((s[0].tier, s[0].invoice_ids.clone()), (Tier::Sure, vec![1, 2]));
        // Part of it: likely, not sure.
        let s = suggest(&line("100.00", "INV-1042", "", ""), &invoices(), &payers());
        assert_eq!((s[0].tier, s[0].reasons[1].as_str()), (Tier::Likely, "amount 100.00 of 300.00 open"));
    }

    #[test]
    fn the_payer_by_account_then_name_and_a_bare_amount_only_when_unique() {
        let s = suggest(&line("200.00", "thanks", "M SOHNE", "DE02120300000000202051"), &invoices(), &payers());
        assert_eq!((s[0].tier, s[0].invoice_ids.clone(), s[0].reasons[0].as_str()), (Tier::Likely, vec![2], "known account"));
        // The name as a bank writes it: capitals, umlauts spelt out.
        let s = suggest(&line("120.00", "", "BAECKEREI GROSS", ""), &invoices(), &payers());
        assert_eq!((s[0].client_id, s[0].invoice_ids.clone()), (2, vec![3]), "{s:?}");
        // A name like no client's: nothing by name (two clients owe 120.00).
        assert!(suggest(&line("120.00", "", "Zeta Holdings", ""), &invoices(), &payers()).is_empty());
        let s = suggest(&line("120.00", "", "Bäckerei Groß", ""), &invoices(), &payers());
        assert_eq!((s[0].tier, s[0].invoice_ids.clone()), (Tier::Likely, vec![3]));
        // Two clients owe 120.00 and nothing else says who: no suggestion.
        assert!(suggest(&line("120.00", "", "", ""), &invoices(), &payers()).is_empty());
        assert_eq!(suggest(&line("300.00", "", "", ""), &invoices(), &payers())[0].tier, Tier::Weak);
        // Money out, a reversal and another currency are never matched.
        assert!(suggest(&line("-300.00", "INV-1042", "", ""), &invoices(), &payers()).is_empty());
        let mut gbp = line("300.00", "INV-1042", "", "");
        gbp.currency = "GBP".into();
        assert!(suggest(&gbp, &invoices(), &payers()).is_empty());
    }
}
