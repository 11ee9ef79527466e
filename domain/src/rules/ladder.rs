//! The chase ladder: stages keyed to days relative to the due date, each with
//! a channel, a tone, a letter kind, an optional fee and a new date to pay by;
//! their templates; and the pure rule that says which stage an invoice is at.
//!
//! The rule (`next_stage`): stages are climbed one at a time, in order of
//! their day. A stage counts as done once it was sent or skipped; stages
//! before the latest done one are passed over; a before-due stage is passed
//! over once the invoice is overdue. The next stage falls due on the latest
//! of: its own day (due date + offset), the last done step's date plus the
//! gap between the two stages' days, and the end of any pause or snooze. So
//! an invoice first chased at 40 days overdue gets the friendly reminder
//! first, and the second reminder a week later, never both on one day.

use crate::error::{Error, Result};
use crate::model::Amount;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

pub const CHANNELS: &[&str] = &["email", "sms", "call", "letter"];

pub const TONES: &[&str] = &["friendly", "firm", "final"];

pub const LETTER_KINDS: &[&str] = &["reminder", "firm_reminder", "final_notice", "statement"];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Stage {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub offset_days: i64,
    /// "contact" (a reminder or call) or "review" (hand-over review).
    pub kind: String,
    pub channel: String,
    pub tone: String,
    pub letter_kind: String,
    pub fee: Amount,
    /// The same fee in minor units of the business currency.
    #[serde(skip)]
    pub fee_minor: i64,
    /// The "pay by" date a message states: today + this many days (0 = none).
    pub new_due_days: i64,
    pub active: bool,
}

pub struct Seed {
    pub name: &'static str,
    pub offset: i64,
    pub kind: &'static str,
    pub channel: &'static str,
    pub tone: &'static str,
    pub letter: &'static str,
    pub new_due: i64,
    pub style: &'static str,
}

pub const DEFAULT_LADDER: &[Seed] = &[
    Seed { name: "Heads-up before due", offset: -3, kind: "contact", channel: "email", tone: "friendly", letter: "reminder", new_due: 0, style: "heads_up" },
    Seed { name: "Friendly reminder", offset: 1, kind: "contact", channel: "email", tone: "friendly", letter: "reminder", new_due: 0, style: "friendly" },
    Seed { name: "Second reminder", offset: 7, kind: "contact", channel: "email", tone: "friendly", letter: "reminder", new_due: 7, style: "second" },
    Seed { name: "Phone call", offset: 14, kind: "contact", channel: "call", tone: "friendly", letter: "reminder", new_due: 7, style: "call" },
    Seed { name: "Firm reminder letter", offset: 21, kind: "contact", channel: "letter", tone: "firm", letter: "firm_reminder", new_due: 7, style: "firm" },
    Seed { name: "Final notice", offset: 30, kind: "contact", channel: "letter", tone: "final", letter: "final_notice", new_due: 14, style: "final" },
    Seed { name: "Negotiation call", offset: 45, kind: "contact", channel: "call", tone: "firm", letter: "firm_reminder", new_due: 14, style: "negotiation" },
    Seed { name: "Hand-over review", offset: 90, kind: "review", channel: "call", tone: "final", letter: "statement", new_due: 0, style: "review" },
];

pub fn style_for(tone: &str, offset: i64, kind: &str) -> &'static str {
    match (kind, tone) {
        ("review", _) => "review",
        (_, "final") => "final",
        (_, "firm") => "firm",
        _ if offset < 0 => "heads_up",
        _ => "friendly",
    }
}

pub fn one_of(value: &str, allowed: &[&str], field: &str) -> Result<String> {
    if allowed.contains(&value) {
        Ok(value.to_string())
    } else {
        Err(Error::invalid(field, format!("'{value}' is not one of {}", allowed.join(", "))))
    }
}

/// A step already taken on one invoice.
#[derive(Debug, Clone)]
pub struct Step {
    pub stage_id: i64,
    /// "sent", "skipped" or "snoozed".
    pub action: String,
    pub on_date: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// Where an invoice stands on the ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Next {
    /// Index into the stages given.
    pub index: usize,
    /// The day this stage falls due.
    pub due_on: NaiveDate,
}

/// The next stage of an invoice due on `due`, given the active stages in
/// ladder order, the steps taken, and a pause (chasing resumes on
/// `resume_on`). `broken_on`: the day chasing resumed after a broken
/// promise; if nothing was done since, the next stage is due that day
/// rather than after the ladder's usual gap. `None` once every stage is done.
pub fn next_stage(stages: &[Stage], due: NaiveDate, today: NaiveDate, steps: &[Step], resume_on: Option<NaiveDate>, broken_on: Option<NaiveDate>) -> Option<Next> {
    let done = |id: i64| steps.iter().any(|s| s.stage_id == id && s.action != "snoozed");
    // The latest done stage (by ladder order) and when it was done.
    let mut last: Option<(usize, NaiveDate)> = None;
    for (i, s) in stages.iter().enumerate() {
        if let Some(st) = steps.iter().filter(|st| st.stage_id == s.id && st.action != "snoozed").max_by_key(|st| st.on_date) {
            last = Some((i, st.on_date));
        }
    }
    let start = last.map(|(i, _)| i + 1).unwrap_or(0);
    let overdue = today > due;
    let index = (start..stages.len()).find(|&i| !(done(stages[i].id) || overdue && stages[i].offset_days < 0))?;
    let s = &stages[index];
    let mut due_on = due + Duration::days(s.offset_days);
    if let Some((li, on)) = last {
        let gap = (s.offset_days - stages[li].offset_days).max(1);
        due_on = due_on.max(on + Duration::days(gap));
    }
    if let Some(b) = broken_on {
        if last.is_none_or(|(_, on)| on <= b) {
            due_on = b;
        }
    }
    if let Some(r) = resume_on {
        due_on = due_on.max(r);
    }
    if let Some(until) = steps.iter().filter(|st| st.stage_id == s.id && st.action == "snoozed").filter_map(|st| st.until).max() {
        due_on = due_on.max(until);
    }
    Some(Next { index, due_on })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn ladder() -> Vec<Stage> {
        let cur = crate::money::Currency::find("GBP").unwrap();
        DEFAULT_LADDER
            .iter()
            .enumerate()
            .map(|(i, s)| Stage {
                id: i as i64 + 1,
                position: i as i64 + 1,
                name: s.name.into(),
                offset_days: s.offset,
                kind: s.kind.into(),
                channel: s.channel.into(),
                tone: s.tone.into(),
                letter_kind: s.letter.into(),
                fee: Amount::new(0, &cur),
                fee_minor: 0,
                new_due_days: s.new_due,
                active: true,
            })
            .collect()
    }
    fn sent(stage_id: i64, on: &str) -> Step {
        Step { stage_id, action: "sent".into(), on_date: d(on), until: None }
    }

    #[test]
    fn heads_up_before_due_then_friendly_after() {
        let l = ladder();
        // Due 31 Jan; on 28 Jan the heads-up is due.
        let n = next_stage(&l, d("2026-01-31"), d("2026-01-28"), &[], None, None).unwrap();
        assert_eq!((l[n.index].name.as_str(), n.due_on), ("Heads-up before due", d("2026-01-28")));
        // After it was sent, the friendly reminder falls due on 1 Feb (across the month end).
        let n = next_stage(&l, d("2026-01-31"), d("2026-01-28"), &[sent(1, "2026-01-28")], None, None).unwrap();
        assert_eq!((l[n.index].name.as_str(), n.due_on), ("Friendly reminder", d("2026-02-01")));
    }

    #[test]
    fn an_invoice_first_chased_late_starts_friendly_and_keeps_the_gaps() {
        let l = ladder();
        let due = d("2026-02-28");
        let today = d("2026-04-09"); // 40 days overdue, never chased
        let n = next_stage(&l, due, today, &[], None, None).unwrap();
        assert_eq!(l[n.index].name, "Friendly reminder");
        assert_eq!(n.due_on, d("2026-03-01"));
        // Sent on 9 April: the second reminder comes 6 days later, not at once.
        let n = next_stage(&l, due, today, &[sent(2, "2026-04-09")], None, None).unwrap();
        assert_eq!((l[n.index].name.as_str(), n.due_on), ("Second reminder", d("2026-04-15")));
    }

    #[test]
    fn skipped_stages_count_as_done_and_earlier_stages_are_passed_over() {
        let l = ladder();
        let due = d("2026-03-31");
        let steps = vec![Step { stage_id: 6, action: "skipped".into(), on_date: d("2026-05-01"), until: None }];
        let n = next_stage(&l, due, d("2026-05-20"), &steps, None, None).unwrap();
        assert_eq!(l[n.index].name, "Negotiation call");
        assert_eq!(n.due_on, d("2026-05-16"));
    }

    #[test]
    fn pauses_and_snoozes_push_the_date() {
        let l = ladder();
        let due = d("2026-03-31");
        let n = next_stage(&l, due, d("2026-04-02"), &[], Some(d("2026-04-20")), None).unwrap();
        assert_eq!(n.due_on, d("2026-04-20"));
        let snooze = Step { stage_id: 2, action: "snoozed".into(), on_date: d("2026-04-02"), until: Some(d("2026-04-06")) };
        let n = next_stage(&l, due, d("2026-04-02"), &[snooze], None, None).unwrap();
        assert_eq!((l[n.index].name.as_str(), n.due_on), ("Friendly reminder", d("2026-04-06")));
    }

    #[test]
    fn a_broken_promise_brings_the_next_stage_forward_to_the_day_chasing_resumes() {
        let l = ladder();
        let due = d("2026-01-31");
        // Negotiation call done on 1 April; a promise broken, chasing resumes 10 April.
        let steps = vec![sent(7, "2026-04-01")];
        let usual = next_stage(&l, due, d("2026-04-10"), &steps, None, None).unwrap();
        assert_eq!((l[usual.index].name.as_str(), usual.due_on), ("Hand-over review", d("2026-05-16")));
        let n = next_stage(&l, due, d("2026-04-10"), &steps, None, Some(d("2026-04-10"))).unwrap();
        assert_eq!((l[n.index].name.as_str(), n.due_on), ("Hand-over review", d("2026-04-10")));
        // Something done after the broken promise: the usual gap applies again.
        let later = vec![sent(7, "2026-04-12")];
        assert_eq!(next_stage(&l, due, d("2026-04-12"), &later, None, Some(d("2026-04-10"))).unwrap().due_on, d("2026-05-27"));
    }

    #[test]
    fn nothing_after_the_last_stage() {
        let l = ladder();
        let steps: Vec<Step> = (1..=8).map(|i| sent(i, "2026-06-01")).collect();
        assert!(next_stage(&l, d("2026-03-01"), d("2026-07-01"), &steps, None, None).is_none());
    }
}
