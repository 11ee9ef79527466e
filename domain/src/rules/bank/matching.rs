//! Who paid what: for a receipt on a statement, the open invoices or the
//! agreement it most likely pays, each suggestion with the reasons ("RF
//! reference", "invoice number in the text", "known account", "payer
//! name", "amount equals"). Modelled on the tools in ../shared/BANK.md:
//! Odoo's digit-token overlap between the text and an invoice number,
//! ERPNext's party by account first, then a fuzzy name where a tie means no
//! match, Xero's amount first.
//!
//! Candidates, in order: the structured reference Overdue printed (an RF
//! creditor reference, its check digits verified; a short code), an
//! agreement reference (`AGR-…`), a client code (`CL…`), invoice numbers
//! in the text however written; then the payer, by an account seen from
//! them before or by name against clients' names and legal names; last, an
//! amount equal to one invoice's (of one client only).
//!
//! Tiers: `Sure` (the reference names the invoices or agreement, whole, and
//! the amount does not exceed what they owe: applied at once), `Likely` (a
//! reference but more than is owed, a bare number, a bad RF check, or the
//! payer known and the amount fitting), `Weak` (less to go on). A tie (two
//! clients) is never `Sure`. Money out is never matched.
//!
//! `Book` indexes the open invoices once (by number, digits, client,
//! amount) so that a statement of 10,000 lines against 100,000 invoices is
//! a lookup per word, not a scan per line.

use super::reference::{self, Rf};
use super::Line;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use rustc_hash::FxHashMap as HashMap;

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

/// An active (or defaulted) agreement: what is left under it and of its
/// next instalment.
#[derive(Debug, Clone)]
pub struct OpenAgreement {
    pub id: i64,
    pub reference: String,
    pub client_id: i64,
    pub currency: String,
    pub remaining: Decimal,
    pub next: Decimal,
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
    /// The invoices it pays, oldest due first (empty: the agreement's).
    pub invoice_ids: Vec<i64>,
    /// The agreement whose instalments it pays.
    pub agreement_id: Option<i64>,
    pub reasons: Vec<String>,
}

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
    out.sort();
    out.dedup();
    out
}

/// An invoice number's digits, leading zeros off, when it has at least three.
fn digits_key(number: &str) -> Option<String> {
    let d: String = number.chars().filter(|c| c.is_ascii_digit()).skip_while(|&c| c == '0').collect();
    let all = number.chars().filter(|c| c.is_ascii_digit()).count();
    (all >= 3 && !d.is_empty()).then_some(d)
}

/// Company words that say nothing of who it is.
const NOISE: [&str; 16] = ["ltd", "limited", "llc", "inc", "plc", "gmbh", "ag", "bv", "nv", "sarl", "sas", "srl", "spa", "co", "company", "the"];

fn name_key(s: &str) -> String {
    let lower = crate::csv::headers::norm_words(s);
    lower.split_whitespace().filter(|w| !NOISE.contains(w)).collect::<Vec<_>>().join(" ")
}

/// More payers than this sharing the best words with a name: the name
/// says too little to pick one (and comparing it with each would be slow).
const MAX_NAME_CANDIDATES: usize = 200;

/// Words a bank adds around the payer's name in a statement's text.
const BANK_WORDS: [&str; 24] = ["payment", "payments", "pmt", "transfer", "trf", "bgc", "fpi", "fp", "bacs", "chaps", "credit", "ref", "from", "thanks", "thank", "you", "online", "mobile", "faster", "receipt", "zahlung", "gutschrift", "virement", "betaling"];

/// A payer's name inside a statement's text: its words without digits or
/// the bank's own words ("ACME LTD BGC INV 1001" → "ACME LTD").
fn name_in_text(text: &str) -> String {
    text.split_whitespace().filter(|w| !w.chars().any(|c| c.is_ascii_digit()) && w.len() > 1 && !BANK_WORDS.contains(&w.to_lowercase().as_str())).take(6).collect::<Vec<_>>().join(" ")
}

/// How well a client's name key is found word for word in the payer's:
/// 0 unless every word of it is there, then 0.9 and more the more of the
/// payer's words it explains ("acme holdings" in "acme holdings" beats
/// "acme" in it).
fn covered(payer: &str, client: &str) -> f64 {
    let p: Vec<&str> = payer.split_whitespace().collect();
    let c: Vec<&str> = client.split_whitespace().collect();
    if c.is_empty() || !c.iter().any(|w| w.len() >= 3) || !c.iter().all(|w| p.contains(w)) {
        return 0.0;
    }
    0.9 + 0.05 * (c.len() as f64 / p.len().max(1) as f64)
}

fn account_key(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// Invoices by a key, as chains through one array (no list per key: a
/// book of 100,000 invoices is built and dropped once per statement).
struct Chains<K> {
    head: HashMap<K, u32>,
    next: Vec<u32>,
}

const END: u32 = u32::MAX;

impl<K: std::hash::Hash + Eq> Chains<K> {
    fn new(n: usize) -> Self {
        Chains { head: HashMap::with_capacity_and_hasher(n, Default::default()), next: vec![END; n] }
    }
    fn push(&mut self, key: K, i: usize) {
        let h = self.head.entry(key).or_insert(END);
        self.next[i] = *h;
        *h = i as u32;
    }
    fn get<Q: std::hash::Hash + Eq + ?Sized>(&self, key: &Q) -> impl Iterator<Item = usize> + '_
    where
        K: std::borrow::Borrow<Q>,
    {
        let mut at = self.head.get(key).copied().unwrap_or(END);
        std::iter::from_fn(move || {
            (at != END).then(|| {
                let i = at as usize;
                at = self.next[i];
                i
            })
        })
    }
    fn remove(&mut self, key: &K, i: usize) {
        let Some(h) = self.head.get_mut(key) else { return };
        if *h == i as u32 {
            *h = self.next[i];
        } else {
            let mut at = *h;
            while at != END {
                let n = self.next[at as usize];
                if n == i as u32 {
                    self.next[at as usize] = self.next[i];
                    break;
                }
                at = n;
            }
        }
        self.next[i] = END;
    }
}

/// The open invoices, agreements and payers, indexed for matching.
pub struct Book<'a> {
    invoices: Vec<OpenInvoice>,
    agreements: Vec<OpenAgreement>,
    invoice_at: HashMap<i64, usize>,
    by_number: Chains<String>,
    by_digits: Chains<String>,
    by_client: HashMap<i64, Vec<usize>>,
    /// Open invoices by what is open on them (any currency: compared at lookup).
    by_amount: Chains<Decimal>,
    agreement_by_ref: HashMap<String, usize>,
    agreement_by_client: HashMap<(i64, String), usize>,
    payers: std::marker::PhantomData<&'a Payer>,
    by_account: HashMap<String, Vec<i64>>,
    /// Each payer's name keys, and the payers by each word of them.
    keys: Vec<(i64, String, String)>,
    by_word: HashMap<String, Vec<usize>>,
}

impl<'a> Book<'a> {
    pub fn new(invoices: Vec<OpenInvoice>, agreements: Vec<OpenAgreement>, payers: &'a [Payer]) -> Book<'a> {
        let mut b = Book {
            invoice_at: invoices.iter().enumerate().map(|(i, x)| (x.id, i)).collect(),
            by_number: Chains::new(invoices.len()),
            by_digits: Chains::new(invoices.len()),
            by_amount: Chains::new(invoices.len()),
            payers: std::marker::PhantomData,
            invoices,
            agreements,
            by_client: HashMap::default(),
            agreement_by_ref: HashMap::default(),
            agreement_by_client: HashMap::default(),
            by_account: HashMap::default(),
            keys: Vec::with_capacity(payers.len()),
            by_word: HashMap::default(),
        };
        for (i, inv) in b.invoices.iter().enumerate() {
            if inv.outstanding <= Decimal::ZERO {
                continue;
            }
            b.by_number.push(squash(&inv.number), i);
            if let Some(d) = digits_key(&inv.number) {
                b.by_digits.push(d, i);
            }
            b.by_client.entry(inv.client_id).or_default().push(i);
            b.by_amount.push(inv.outstanding.normalize(), i);
        }
        let invoices = &b.invoices;
        for v in b.by_client.values_mut() {
            v.sort_by_key(|&i| (invoices[i].due, invoices[i].id));
        }
        for (i, a) in b.agreements.iter().enumerate() {
            b.agreement_by_ref.insert(squash(&a.reference), i);
            b.agreement_by_client.insert((a.client_id, a.currency.clone()), i);
        }
        for p in payers {
            for a in &p.accounts {
                let k = account_key(a);
                if k.len() >= 6 {
                    let e = b.by_account.entry(k).or_default();
                    if !e.contains(&p.client_id) {
                        e.push(p.client_id);
                    }
                }
            }
            let (n, l) = (name_key(&p.name), name_key(&p.legal_name));
            let at = b.keys.len();
            for w in n.split_whitespace().chain(l.split_whitespace()).filter(|w| w.len() >= 3) {
                let e = b.by_word.entry(w.to_string()).or_default();
                if e.last() != Some(&at) {
                    e.push(at);
                }
            }
            b.keys.push((p.client_id, n, l));
        }
        b
    }

    /// The client a payer name points to: the best Jaro-Winkler score of at
    /// least 0.9 on names without company words, among clients sharing a
    /// word with it; a tie is no one.
    fn by_name(&self, name: &str) -> Option<i64> {
        let key = name_key(name);
        if key.len() < 3 {
            return None;
        }
        // Candidates: the payers sharing a rarer word with it (one at most
        // MAX_NAME_CANDIDATES names have), those sharing the most words
        // first. Words many names have ("trading", "design") alone say
        // too little to tell payers apart.
        let words: Vec<&str> = key.split_whitespace().filter(|w| w.len() >= 3).collect();
        let mut cands: Vec<usize> = words.iter().filter_map(|w| self.by_word.get(*w)).filter(|l| l.len() <= MAX_NAME_CANDIDATES).flatten().copied().collect();
        cands.sort_unstable();
        cands.dedup();
        let shares = |i: usize| {
            let (_, n, l) = &self.keys[i];
            words.iter().filter(|w| n.split_whitespace().chain(l.split_whitespace()).any(|x| x == **w)).count()
        };
        let most = cands.iter().map(|&i| shares(i)).max()?;
        cands.retain(|&i| shares(i) == most);
        if cands.len() > MAX_NAME_CANDIDATES {
            return None;
        }
        let mut best: Vec<(f64, i64)> = cands
            .iter()
            .map(|&i| {
                let (id, n, l) = &self.keys[i];
                let a = strsim::jaro_winkler(&key, n).max(covered(&key, n));
                let b = if l.is_empty() { 0.0 } else { strsim::jaro_winkler(&key, l).max(covered(&key, l)) };
                (a.max(b), *id)
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

    /// The client's open invoices in `currency`, oldest due first.
    fn open_of(&self, client: i64, currency: &str) -> Vec<&OpenInvoice> {
        self.by_client.get(&client).map(|v| v.iter().map(|&i| &self.invoices[i]).filter(|i| i.currency == currency && i.outstanding > Decimal::ZERO).collect()).unwrap_or_default()
    }

    /// What is open on an invoice now (after a payment the statement made).
    pub fn update_invoice(&mut self, id: i64, outstanding: Decimal) {
        let Some(&i) = self.invoice_at.get(&id) else { return };
        let inv = &mut self.invoices[i];
        self.by_amount.remove(&inv.outstanding.normalize(), i);
        inv.outstanding = outstanding;
        if outstanding > Decimal::ZERO {
            self.by_amount.push(outstanding.normalize(), i);
        }
    }

    /// A client's invoices as the ledger has them now: those in `open` with
    /// what is open on them, every other one of theirs paid (0).
    pub fn update_client(&mut self, client_id: i64, open: &[(i64, Decimal)]) {
        let now: HashMap<i64, Decimal> = open.iter().copied().collect();
        let ids: Vec<i64> = self.by_client.get(&client_id).map(|v| v.iter().map(|&i| self.invoices[i].id).collect()).unwrap_or_default();
        for id in ids {
            self.update_invoice(id, now.get(&id).copied().unwrap_or(Decimal::ZERO));
        }
    }

    /// What is left under an agreement now, and of its next instalment.
    pub fn update_agreement(&mut self, id: i64, remaining: Decimal, next: Decimal) {
        if let Some(a) = self.agreements.iter_mut().find(|a| a.id == id) {
            a.remaining = remaining;
            a.next = next;
        }
    }

    /// What a code quoted as a reference names: an agreement, a client's
    /// whole balance, or an invoice.
    fn resolve(&self, code: &str, line: &Line, why: &str, cap: Tier) -> Option<Suggestion> {
        let code = squash(code);
        let worst = |t: Tier| t.max(cap);
        if let Some(&i) = self.agreement_by_ref.get(&code) {
            let a = &self.agreements[i];
            if a.currency != line.currency {
                return None;
            }
            let mut reasons = vec![format!("{why} names agreement {}", a.reference)];
            let tier = if line.amount <= a.remaining {
                reasons.push(format!("{} of {} still to pay under it", line.amount, a.remaining));
                worst(Tier::Sure)
            } else {
                reasons.push(format!("more than the {} still to pay under it", a.remaining));
                Tier::Likely
            };
            return Some(Suggestion { tier, client_id: a.client_id, invoice_ids: vec![], agreement_id: Some(a.id), reasons });
        }
        if let Some(c) = reference::client_of_code(&code) {
            let mine = self.open_of(c, &line.currency);
            if mine.is_empty() {
                return None;
            }
            let total: Decimal = mine.iter().map(|i| i.outstanding).sum();
            let over = line.amount > total;
            let reasons = vec![format!("{why} names the client's account {code}"), if over { format!("more than the {total} they owe") } else { format!("{} of {total} they owe, oldest first", line.amount) }];
            return Some(Suggestion { tier: if over { Tier::Likely } else { worst(Tier::Sure) }, client_id: c, invoice_ids: mine.iter().map(|i| i.id).collect(), agreement_id: None, reasons });
        }
        let found: Vec<&OpenInvoice> = self.by_number.get(&code).map(|i| &self.invoices[i]).filter(|i| i.currency == line.currency && i.outstanding > Decimal::ZERO).collect();
        let inv = *found.first()?;
        if found.len() > 1 {
            return None;
        }
        let over = line.amount > inv.outstanding;
        let reasons = vec![format!("{why} names invoice {}", inv.number), if over { format!("more than the {} open on it", inv.outstanding) } else { format!("{} of {} open on it", line.amount, inv.outstanding) }];
        Some(Suggestion { tier: if over { Tier::Likely } else { worst(Tier::Sure) }, client_id: inv.client_id, invoice_ids: vec![inv.id], agreement_id: None, reasons })
    }

    /// Suggestions for one receipt, best first.
    pub fn suggest(&self, line: &Line) -> Vec<Suggestion> {
        if line.amount <= Decimal::ZERO || line.reversal {
            return vec![];
        }
        let all = format!("{} {}", line.reference, line.text);
        // 1. The RF reference Overdue printed, its check digits verified.
        match reference::find_rf(&all) {
            Some(Rf::Valid(code)) => {
                if let Some(s) = self.resolve(&code, line, "RF reference", Tier::Sure) {
                    return vec![s];
                }
            }
            Some(Rf::BadCheck(rf)) => {
                if let Some(mut s) = self.resolve(&rf[4..], line, &format!("{rf} (its check digits are wrong)"), Tier::Likely) {
                    s.tier = s.tier.max(Tier::Likely);
                    return vec![s];
                }
            }
            None => {}
        }
        let toks = tokens(&all);
        // 2. An agreement reference or a client code.
        for t in &toks {
            if self.agreement_by_ref.contains_key(t) || reference::client_of_code(t).is_some() {
                if let Some(s) = self.resolve(t, line, "the reference", Tier::Sure) {
                    return vec![s];
                }
            }
        }
        // 3. Invoice numbers in the text, grouped by client.
        let payer = self.payer(line);
        let mut named: Vec<(usize, bool)> = Vec::new();
        for t in &toks {
            for i in self.by_number.get(t) {
                named.push((i, true));
            }
            if t.len() >= 3 && t.bytes().all(|c| c.is_ascii_digit()) {
                for i in self.by_digits.get(t.trim_start_matches('0')) {
                    named.push((i, false));
                }
            }
        }
        named.sort_by_key(|&(i, whole)| (i, !whole));
        named.dedup_by_key(|x| x.0);
        let mut named: Vec<(&OpenInvoice, bool)> = named.into_iter().map(|(i, w)| (&self.invoices[i], w)).filter(|(i, _)| i.currency == line.currency && i.outstanding > Decimal::ZERO).collect();
        named.sort_by_key(|(i, _)| (i.client_id, i.due, i.id));
        let mut clients: Vec<i64> = named.iter().map(|(i, _)| i.client_id).collect();
        clients.dedup();
        let tie = clients.len() > 1;
        let mut out: Vec<Suggestion> = Vec::new();
        for c in clients {
            let mine: Vec<&(&OpenInvoice, bool)> = named.iter().filter(|(i, _)| i.client_id == c).collect();
            let total: Decimal = mine.iter().map(|(i, _)| i.outstanding).sum();
            let numbers = mine.iter().map(|(i, _)| i.number.as_str()).collect::<Vec<_>>().join(", ");
            // A bare number ("1001") is sure only with the payer or the
            // amount to back it.
            let whole = mine.iter().all(|(_, w)| *w) || payer.as_ref().is_some_and(|(p, _)| *p == c) || total == line.amount;
            let mut reasons = vec![format!("invoice {numbers} in the text")];
            let tier = if line.amount > total {
                reasons.push(format!("more than the {total} open on it"));
                Tier::Likely
            } else {
                reasons.push(if total == line.amount { "amount equals what is open on it".to_string() } else { format!("{} of {total} open on it", line.amount) });
                if whole && !tie { Tier::Sure } else { Tier::Likely }
            };
            if tie {
                reasons.push("another client has an invoice with that number too".into());
            }
            out.push(Suggestion { tier, client_id: c, invoice_ids: mine.iter().map(|(i, _)| i.id).collect(), agreement_id: None, reasons });
        }
        if !out.is_empty() {
            out.sort_by_key(|s| s.tier);
            return out;
        }
        // 4. The payer, by an account seen before, else by name.
        if let Some((c, why)) = payer {
            let mine = self.open_of(c, &line.currency);
            let total: Decimal = mine.iter().map(|i| i.outstanding).sum();
            if let Some(&ai) = self.agreement_by_client.get(&(c, line.currency.clone())) {
                let a = &self.agreements[ai];
                if line.amount <= a.remaining && a.remaining > Decimal::ZERO {
                    let fit = if line.amount == a.next { "amount equals the next instalment".to_string() } else { format!("{} of {} still to pay under agreement {}", line.amount, a.remaining, a.reference) };
                    return vec![Suggestion { tier: Tier::Likely, client_id: c, invoice_ids: vec![], agreement_id: Some(a.id), reasons: vec![why, fit] }];
                }
            }
            let exact: Vec<&&OpenInvoice> = mine.iter().filter(|i| i.outstanding == line.amount).collect();
            if exact.len() == 1 {
                out.push(Suggestion { tier: Tier::Likely, client_id: c, invoice_ids: vec![exact[0].id], agreement_id: None, reasons: vec![why, format!("amount equals invoice {}", exact[0].number)] });
            } else if !mine.is_empty() && total == line.amount {
                out.push(Suggestion { tier: Tier::Likely, client_id: c, invoice_ids: mine.iter().map(|i| i.id).collect(), agreement_id: None, reasons: vec![why, "amount equals all they owe".into()] });
            } else if !mine.is_empty() {
                out.push(Suggestion { tier: Tier::Weak, client_id: c, invoice_ids: mine.iter().map(|i| i.id).collect(), agreement_id: None, reasons: vec![why, "oldest first".into()] });
            }
            return out;
        }
        // 5. Only the amount: one invoice of one client, or nothing.
        let same: Vec<usize> = self.by_amount.get(&line.amount.normalize()).filter(|&i| self.invoices[i].currency == line.currency).collect();
        if let [one] = same.as_slice() {
            let i = &self.invoices[*one];
            out.push(Suggestion { tier: Tier::Weak, client_id: i.client_id, invoice_ids: vec![i.id], agreement_id: None, reasons: vec![format!("amount equals invoice {}", i.number)] });
        }
        out
    }

    /// Who the payer is, by an account seen before (one client only), else
    /// by name.
    fn payer(&self, line: &Line) -> Option<(i64, String)> {
        let acct = account_key(&line.counterparty_account);
        if let Some([c]) = self.by_account.get(&acct).map(|v| v.as_slice()) {
            return Some((*c, "known account".to_string()));
        }
        if !line.counterparty.trim().is_empty() {
            return self.by_name(&line.counterparty).map(|c| (c, format!("payer name '{}'", line.counterparty)));
        }
        // Banks that give no payer column put the name in the text
        // ("ACME LTD BGC INV 1001"): its words without digits.
        let words = name_in_text(&line.text);
        self.by_name(&words).map(|c| (c, format!("payer name '{words}' in the text")))
    }
}

/// Suggestions for one receipt against invoices and payers (no agreements).
pub fn suggest(line: &Line, invoices: &[OpenInvoice], payers: &[Payer]) -> Vec<Suggestion> {
    Book::new(invoices.to_vec(), vec![], payers).suggest(line)
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
    impl Line {
        fn with_ref(mut self, r: &str) -> Line {
            self.reference = r.into();
            self
        }
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
    fn a_paid_invoice_is_no_longer_named_once_the_book_is_updated() {
        let payers = vec![];
        let mut b = Book::new(vec![inv(1, "INV-1001", 7, "1200.00"), inv(2, "INV-1004", 7, "1200.00")], vec![], &payers);
        let l = line("1200.00", "ACME INV-1001", "", "");
        assert_eq!(b.suggest(&l)[0].tier, Tier::Sure);
        // INV-1001 paid: the ledger lists only INV-1004 as open.
        b.update_client(7, &[(2, d("1200.00"))]);
        assert!(b.suggest(&l).iter().all(|s| s.tier != Tier::Sure), "{:?}", b.suggest(&l));
    }

    #[test]
    fn a_name_in_the_text_is_found_among_the_banks_words() {
        assert_eq!(name_in_text("BOLT CO PAYMENT"), "BOLT CO");
        assert_eq!(name_in_text("ACME LTD BGC INV 1001"), "ACME LTD INV");
        let payers = vec![Payer { client_id: 1, name: "Bolt Co".into(), legal_name: String::new(), accounts: vec![] }, Payer { client_id: 2, name: "Acme".into(), legal_name: String::new(), accounts: vec![] }, Payer { client_id: 3, name: "Acme Holdings".into(), legal_name: String::new(), accounts: vec![] }];
        let b = Book::new(vec![], vec![], &payers);
        assert_eq!(b.by_name("BOLT CO PAYMENT FROM"), Some(1));
        assert_eq!(b.by_name("ACME HOLDINGS"), Some(3), "the name that explains more of the payer's words");
        assert_eq!(b.by_name("J SMITH"), None);
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
        // Part of it: sure (the rest stays open); more than is owed: only likely.
        let s = suggest(&line("100.00", "INV-1042", "", ""), &invoices(), &payers());
        assert_eq!((s[0].tier, s[0].reasons[1].as_str()), (Tier::Sure, "100.00 of 300.00 open on it"));
        let s = suggest(&line("350.00", "INV-1042", "", ""), &invoices(), &payers());
        assert_eq!((s[0].tier, s[0].reasons[1].as_str()), (Tier::Likely, "more than the 300.00 open on it"));
        // A bare number with nothing else behind it is only likely.
        let s = suggest(&line("100.00", "order 1042", "", ""), &invoices(), &payers());
        assert_eq!(s[0].tier, Tier::Likely);
    }

    #[test]
    fn references_printed_by_overdue_come_first_and_a_tie_is_never_sure() {
        let agr = [OpenAgreement { id: 9, reference: "AGR-2026-0003".into(), client_id: 3, currency: "EUR".into(), remaining: d("600.00"), next: d("100.00") }];
        let (invs, pay) = (invoices(), payers());
        let book = Book::new(invs, agr.to_vec(), &pay);
        let rf = reference::rf("INV-1043");
        let s = book.suggest(&line("50.00", "Zahlung", "", "").with_ref(&rf));
        assert_eq!((s[0].tier, s[0].invoice_ids.clone()), (Tier::Sure, vec![2]));
        // A wrong check digit: not trusted at once.
        let bad = format!("RF{:02}{}", (rf[2..4].parse::<u32>().unwrap() + 1) % 100, &rf[4..]);
        let s = book.suggest(&line("50.00", &bad, "", ""));
        assert_eq!(s[0].tier, Tier::Likely, "{s:?}");
        assert!(s[0].reasons[0].contains("check digits are wrong"));
        let s = book.suggest(&line("100.00", "Rate AGR-2026-0003", "", ""));
        assert_eq!((s[0].tier, s[0].agreement_id), (Tier::Sure, Some(9)));
        // The payer known by name, the amount of the next instalment.
        let s = book.suggest(&line("100.00", "", "ACME LIMITED", ""));
        assert_eq!((s[0].tier, s[0].agreement_id, s[0].reasons[1].as_str()), (Tier::Likely, Some(9), "amount equals the next instalment"));
        let s = book.suggest(&line("100.00", "", "", "").with_ref(&reference::client_code(1)));
        assert_eq!((s[0].tier, s[0].invoice_ids.clone()), (Tier::Sure, vec![1, 2]));
        // The same number at two clients: both suggested, neither sure.
        let mut two = invoices();
        two.push(inv(5, "INV-1042", 2, "300.00"));
        let s = suggest(&line("300.00", "INV-1042", "", ""), &two, &pay);
        assert_eq!(s.len(), 2);
        assert!(s.iter().all(|x| x.tier == Tier::Likely));
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
