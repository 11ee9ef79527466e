//! Reading a counter-offer written in the debtor's own words ("£500 now and
//! £200 a month from March"): the amounts, the dates and the plan they make.

use crate::error::{Error, Result};
use crate::schedule::{self, Frequency};
use crate::money::parse_decimal_lenient;
use crate::negotiation::*;
use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::prelude::*;
use serde::Serialize;

/// What a typed offer was understood as.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// The offer restated, so the owner sees how it was read.
    pub understood: String,
    pub acceptable: bool,
    pub proposal: Proposal,
    /// The closest offer inside the bottom line, if the typed one is not.
    pub nearest: Option<Proposal>,
}

pub fn find_amounts(text: &str) -> Vec<(usize, Decimal)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c.is_ascii_digit() {
            let start = pos;
            let mut j = i;
            while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == ',' || chars[j].1 == '.') {
                j += 1;
            }
            let end = if j < chars.len() { chars[j].0 } else { text.len() };
            let raw = text[start..end].trim_end_matches(['.', ',']);
            let mut k = j;
            // "2k" = 2,000
            let mut mult = Decimal::ONE;
            if k < chars.len() && (chars[k].1 == 'k' || chars[k].1 == 'K') && chars.get(k + 1).is_none_or(|(_, c)| !c.is_alphabetic()) {
                mult = Decimal::from(1000);
                k += 1;
            }
            // Skip what is part of a date (2027-01-15, 15/01) or an ordinal/duration ("3 months").
            let before = text[..start].chars().next_back();
            let after_word: String = text[end..].trim_start().chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
            let is_count = ["months", "month", "weeks", "week", "fortnights", "days", "day", "payments", "instalments", "installments", "st", "nd", "rd", "th", "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug", "august", "sep", "september", "oct", "october", "nov", "november", "dec", "december"]
                .iter()
                .any(|w| after_word == *w || after_word.starts_with(w) && w.len() >= 3);
            let is_date_part = text[end..].starts_with('-') || before == Some('-') || text[end..].starts_with('/') || before == Some('/');
            let has_symbol = matches!(before, Some('£' | '€' | '$'));
            if (!is_count || has_symbol) && !is_date_part {
                if let Ok(d) = parse_decimal_lenient(raw, false) {
                    out.push((start, d * mult));
                }
            }
            i = k.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

pub fn month_number(word: &str) -> Option<u32> {
    let m = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    m.iter().position(|p| word.starts_with(p)).map(|i| i as u32 + 1)
}

/// A date written in the offer: ISO, "15 January (2027)", "next week/month",
/// "in N days/weeks/months", "today", "now", "tomorrow", "friday".
pub fn find_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let lower = text.to_lowercase();
    for w in lower.split(|c: char| c.is_whitespace() || c == ',') {
        if let Ok(d) = NaiveDate::parse_from_str(w.trim_matches(['.', ')', '(']), "%Y-%m-%d") {
            return Some(d);
        }
    }
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for (i, w) in words.iter().enumerate() {
        let num = w.trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>().ok();
        if let (Some(day), Some(m)) = (num, words.get(i + 1).and_then(|n| month_number(n))) {
            if (1..=31).contains(&day) && words.get(i + 1).is_some_and(|n| n.len() >= 3) {
                let year = words.get(i + 2).and_then(|y| y.parse::<i32>().ok()).filter(|y| (1990..=2100).contains(y));
                let mut d = NaiveDate::from_ymd_opt(year.unwrap_or(today.year()), m, day)?;
                if year.is_none() && d < today {
                    d = NaiveDate::from_ymd_opt(today.year() + 1, m, day)?;
                }
                return Some(d);
            }
        }
        if (*w == "in" || *w == "after") && i + 2 < words.len() {
            if let Ok(n) = words[i + 1].parse::<i64>() {
                let unit = words[i + 2];
                if unit.starts_with("day") {
                    return Some(today + Duration::days(n));
                } else if unit.starts_with("week") {
                    return Some(today + Duration::days(7 * n));
                } else if unit.starts_with("month") {
                    return Some(schedule::add_months(today, n as u32));
                }
            }
        }
        if *w == "next" {
            match words.get(i + 1) {
                Some(&"week") => return Some(today + Duration::days(7)),
                Some(&"month") => return Some(schedule::add_months(today, 1)),
                _ => {}
            }
        }
        const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        if let Some(wd) = DAYS.iter().position(|d| d == w) {
            let cur = today.weekday().num_days_from_monday() as i64;
            let ahead = (wd as i64 - cur + 7) % 7;
            return Some(today + Duration::days(if ahead == 0 { 7 } else { ahead }));
        }
        if *w == "tomorrow" {
            return Some(today + Duration::days(1));
        }
    }
    None
}

/// Reads an offer such as "£150 a month starting next month", "£2,000 now
/// to settle", "£500 now and £100 a fortnight", "in full by 31 January".
pub fn parse_offer(case: &Case, text: &str) -> Result<(String, Spec)> {
    let cur = case.cur();
    let today = case.raw.today;
    let lower = text.to_lowercase();
    let t = lower.trim();
    if t.is_empty() {
        return Err(Error::invalid("offer", "type what they propose, e.g. \"£150 a month starting next month\" or \"£2,000 now to settle\""));
    }
    let amounts = find_amounts(&lower);
    let to_minor = |d: Decimal| -> Result<i64> {
        if d <= Decimal::ZERO {
            return Err(Error::invalid("offer", "amounts must be more than zero"));
        }
        Ok(cur.to_minor(d, "offer")?)
    };
    let freq_at = [
        (Frequency::Weekly, ["a week", "per week", "weekly", "/week", "/wk", "each week", "every week"].as_slice()),
        (Frequency::Fortnightly, ["a fortnight", "per fortnight", "fortnightly", "every two weeks", "every 2 weeks", "biweekly"].as_slice()),
        (Frequency::Monthly, ["a month", "per month", "monthly", "/month", "/mo", "each month", "every month", "pcm", "a mo"].as_slice()),
    ]
    .iter()
    .filter_map(|(f, words)| words.iter().filter_map(|w| lower.find(w)).min().map(|pos| (*f, pos)))
    .min_by_key(|(_, pos)| *pos);
    let total = case.total();
    let now_words = ["now", "today", "up front", "upfront", "straight away", "immediately", "right away"];
    let has_now = now_words.iter().any(|w| lower.contains(w));
    let date = find_date(&lower, today);
    let hd = |d: NaiveDate| case.raw.style.format(d);
    if let Some((f, fpos)) = freq_at {
        // The instalment is the amount just before the frequency word; any
        // other amount is a payment now.
        let inst = amounts.iter().rfind(|(p, _)| *p < fpos).or_else(|| amounts.first()).ok_or_else(|| Error::invalid("offer", "say how much each payment is, e.g. \"£150 a month\""))?;
        let instalment = to_minor(inst.1)?;
        let down = amounts.iter().find(|(p, _)| *p != inst.0).map(|(_, d)| to_minor(*d)).transpose()?;
        let down_date = today;
        let first = match date {
            Some(d) if d > today => d,
            _ => match f {
                Frequency::Monthly => schedule::add_months(today, 1),
                Frequency::Fortnightly => today + Duration::days(14),
                Frequency::Weekly => today + Duration::days(7),
            },
        };
        if let Some(dn) = down {
            if dn >= total {
                return Err(Error::invalid("offer", format!("{} now already covers the {} owed", cur.display(dn), cur.display(total))));
            }
        }
        let understood = format!(
            "{}{} a {} from {}",
            down.map(|d| format!("{} on {}, then ", cur.display(d), hd(down_date))).unwrap_or_default(),
            cur.display(instalment),
            f.label(),
            hd(first)
        );
        return Ok((understood, Spec { amount: total, down: down.map(|d| (down_date, d)), plan: Some((f, first, PlanSize::Payment(instalment))), ..Default::default() }));
    }
    let settle_words = ["settle", "full and final", "to clear", "clear it", "close it", "final settlement", "to close"];
    if settle_words.iter().any(|w| lower.contains(w)) {
        let a = amounts.first().ok_or_else(|| Error::invalid("offer", "say how much they offer to settle, e.g. \"£2,000 now to settle\""))?;
        let amount = to_minor(a.1)?;
        if amount > total {
            return Err(Error::invalid("offer", format!("{} is more than the {} owed: that is payment in full, not a settlement", cur.display(amount), cur.display(total))));
        }
        let by = if has_now { today } else { date.unwrap_or(today + Duration::days(14)) };
        let understood = format!("{} by {} in full and final settlement", cur.display(amount), hd(by));
        return Ok((understood, Spec { amount, waived: total - amount, lump_by: Some(by), ..Default::default() }));
    }
    let in_full = ["in full", "everything", "all of it", "the lot", "whole", "full amount", "pay it all", "all by", "everything by"];
    if in_full.iter().any(|w| lower.contains(w)) || (amounts.is_empty() && date.is_some()) {
        let by = date.unwrap_or(today + Duration::days(14));
        return Ok((format!("{} in full by {}", cur.display(total), hd(by)), Spec { amount: total, lump_by: Some(by), ..Default::default() }));
    }
    if let Some(a) = amounts.first() {
        let amount = to_minor(a.1)?;
        if amount >= total {
            let by = date.unwrap_or(if has_now { today } else { today + Duration::days(14) });
            return Ok((format!("{} in full by {}", cur.display(total), hd(by)), Spec { amount: total, lump_by: Some(by), ..Default::default() }));
        }
        // A single part payment, with nothing said about the rest.
        let by = date.unwrap_or(today);
        let understood = format!("{} by {} and nothing said about the remaining {}", cur.display(amount), hd(by), cur.display(total - amount));
        return Ok((understood, Spec { amount, waived: total - amount, lump_by: Some(by), ..Default::default() }));
    }
    Err(Error::invalid("offer", "could not read an amount or a date; try \"£150 a month starting next month\", \"£500 now and £100 a fortnight\" or \"£2,000 now to settle\""))
}
