//! The Bank screen and `overdue bank`: statement lines with their state
//! (matched, suggested, unmatched, ignored), what each paid, and for those
//! waiting the suggestions as they stand now (worked out again from the
//! ledger as it is, so a payment typed meanwhile is taken into account).

use crate::error::Result;
use crate::ledger::date_style;
use crate::money::Currency;
use crate::store::bank as store;
use overdue_domain::bank::matching::{Book, Tier};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct PaidPart {
    /// The invoice it went to (empty: credit).
    pub invoice: String,
    pub amount: String,
    pub amount_display: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SuggestionView {
    pub tier: Tier,
    pub client_id: i64,
    pub client: String,
    pub invoices: Vec<String>,
    pub agreement: Option<String>,
    pub reasons: Vec<String>,
    /// In a sentence: "Acme Ltd: INV-1001, INV-1002".
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BankLineView {
    pub id: i64,
    pub date: String,
    pub date_display: String,
    pub amount: String,
    pub amount_display: String,
    pub currency: String,
    pub payer: String,
    pub payer_account: String,
    pub text: String,
    pub reference: String,
    /// matched, suggested, unmatched or ignored.
    pub state: String,
    pub reason: String,
    pub client_id: Option<i64>,
    pub client: String,
    /// auto (at import), owner, or reversal.
    pub matched_by: String,
    pub reversal: bool,
    pub reverses: Option<i64>,
    pub format: String,
    pub account: String,
    pub paid: Vec<PaidPart>,
    pub agreements: Vec<String>,
    /// What it paid, in a sentence ("" unless matched).
    pub paid_summary: String,
    pub suggestions: Vec<SuggestionView>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct BankCounts {
    pub matched: usize,
    pub suggested: usize,
    pub unmatched: usize,
    pub ignored: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct BankView {
    pub counts: BankCounts,
    pub lines: Vec<BankLineView>,
}

/// The lines in `state` (matched, suggested, unmatched, ignored, or
/// "review" for the last two but one; `None`: all), newest first.
pub fn lines(conn: &Connection, state: Option<&str>, limit: usize) -> Result<BankView> {
    let style = date_style(conn)?;
    let stored = store::list(conn, None, usize::MAX >> 1)?;
    let payers = store::payers(conn)?;
    let names: HashMap<i64, String> = payers.iter().map(|p| (p.client_id, p.name.clone())).collect();
    let invoices = store::open_invoices(conn)?;
    let numbers: HashMap<i64, String> = invoices.iter().map(|i| (i.id, i.number.clone())).collect();
    let agreements = store::open_agreements(conn)?;
    let refs: HashMap<i64, String> = agreements.iter().map(|a| (a.id, a.reference.clone())).collect();
    let book = Book::new(invoices, agreements, &payers);
    let mut counts = BankCounts::default();
    let mut out = Vec::new();
    for l in stored {
        let cur = Currency::find(&l.currency).ok();
        let show = |m: i64| cur.map(|c| c.display(m)).unwrap_or_else(|| format!("{} {}", rust_decimal::Decimal::new(m, 2), l.currency));
        let plain = |m: i64| cur.map(|c| c.plain(m)).unwrap_or_else(|| rust_decimal::Decimal::new(m, 2).to_string());
        let suggestions: Vec<SuggestionView> = if l.state == "open" && l.reason.is_empty() {
            book.suggest(&l.as_line())
                .into_iter()
                .map(|s| {
                    let invs: Vec<String> = s.invoice_ids.iter().filter_map(|i| numbers.get(i).cloned()).collect();
                    let agreement = s.agreement_id.and_then(|a| refs.get(&a).cloned());
                    let client = names.get(&s.client_id).cloned().unwrap_or_default();
                    let what = agreement.clone().map(|a| format!("agreement {a}")).unwrap_or_else(|| invs.join(", "));
                    SuggestionView { tier: s.tier, client_id: s.client_id, summary: format!("{client}: {what}"), client, invoices: invs, agreement, reasons: s.reasons }
                })
                .collect()
        } else {
            vec![]
        };
        let st = match l.state.as_str() {
            "open" if !suggestions.is_empty() => "suggested",
            "open" => "unmatched",
            s => s,
        }
        .to_string();
        match st.as_str() {
            "matched" => counts.matched += 1,
            "suggested" => counts.suggested += 1,
            "unmatched" => counts.unmatched += 1,
            _ => counts.ignored += 1,
        }
        let wanted = match state {
            None | Some("all") | Some("") => true,
            Some("review") => st == "suggested" || st == "unmatched",
            Some(s) => s == st,
        };
        if !wanted || out.len() >= limit {
            continue;
        }
        let mut paid = Vec::new();
        let mut agreements = Vec::new();
        let mut credit = 0;
        if l.state == "matched" {
            for (_, amount, allocs, agr) in store::payments(conn, l.id)? {
                let set: i64 = allocs.iter().map(|(_, a)| a).sum();
                credit += amount - set;
                for (n, a) in allocs {
                    paid.push(PaidPart { invoice: n, amount: plain(a), amount_display: show(a) });
                }
                agreements.extend(agr);
            }
            if credit > 0 {
                paid.push(PaidPart { invoice: String::new(), amount: plain(credit), amount_display: show(credit) });
            }
        }
        agreements.dedup();
        let mut said: Vec<String> = paid.iter().map(|p| if p.invoice.is_empty() { format!("{} kept as credit", p.amount_display) } else { format!("{} to {}", p.amount_display, p.invoice) }).collect();
        if !agreements.is_empty() {
            said.insert(0, format!("under agreement {}", agreements.join(", ")));
        }
        out.push(BankLineView {
            id: l.id,
            date_display: style.format(crate::ledger::date(&l.date)),
            date: l.date.clone(),
            amount: plain(l.amount),
            amount_display: show(l.amount),
            currency: l.currency.clone(),
            payer: l.payer.clone(),
            payer_account: l.payer_account.clone(),
            text: l.text.clone(),
            reference: l.reference.clone(),
            state: st,
            reason: l.reason.clone(),
            client_id: l.client_id,
            client: l.client_name.clone(),
            matched_by: l.matched_by.clone(),
            reversal: l.reversal,
            reverses: l.reverses,
            format: l.format.clone(),
            account: l.account.clone(),
            paid,
            agreements,
            paid_summary: said.join("; "),
            suggestions,
        });
    }
    Ok(BankView { counts, lines: out })
}
