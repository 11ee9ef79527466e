//! Contact guards: quiet hours in the debtor's own time zone and a cap on
//! contacts per 7 days. They produce warnings, never silent refusals: the
//! owner may go ahead with a reason, which is logged with the contact.

use chrono::{DateTime, NaiveTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Warning {
    /// "quiet_hours" or "contact_cap".
    pub kind: String,
    pub message: String,
}

/// Checks contacting a client now. `recent` is the number of contacts made
/// in the 7 days before `now`; letters are posted, so quiet hours do not
/// apply to them (the cap does).
pub fn check(
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
    contact_from: NaiveTime,
    contact_until: NaiveTime,
    recent: u32,
    cap: u32,
    channel: &str,
) -> Vec<Warning> {
    let mut out = Vec::new();
    let local = now.with_timezone(&tz);
    let t = local.time();
    if channel != "letter" && (t < contact_from || t >= contact_until) {
        out.push(Warning {
            kind: "quiet_hours".into(),
            message: format!(
                "it is {} for the client ({}), outside contact hours {}–{}",
                local.format("%H:%M"),
                tz.name(),
                contact_from.format("%H:%M"),
                contact_until.format("%H:%M")
            ),
        });
    }
    if recent >= cap {
        out.push(Warning {
            kind: "contact_cap".into(),
            message: format!("the client was already contacted {recent} time{} in the last 7 days (limit {cap})", if recent == 1 { "" } else { "s" }),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn quiet_hours_are_in_the_debtors_zone() {
        // 07:30 UTC on 1 July is 08:30 in London (BST) but 03:30 in New York.
        let now = Utc.with_ymd_and_hms(2026, 7, 1, 7, 30, 0).unwrap();
        assert!(check(now, chrono_tz::Europe::London, t(8, 0), t(21, 0), 0, 3, "email").is_empty());
        let w = check(now, chrono_tz::America::New_York, t(8, 0), t(21, 0), 0, 3, "call");
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("03:30"), "{w:?}");
        // In January London is on GMT: 07:30 UTC is 07:30, too early.
        let jan = Utc.with_ymd_and_hms(2026, 1, 15, 7, 30, 0).unwrap();
        assert_eq!(check(jan, chrono_tz::Europe::London, t(8, 0), t(21, 0), 0, 3, "sms").len(), 1);
        // 21:00 sharp is already quiet; letters are never in quiet hours.
        let late = Utc.with_ymd_and_hms(2026, 1, 15, 21, 0, 0).unwrap();
        assert_eq!(check(late, chrono_tz::Europe::London, t(8, 0), t(21, 0), 0, 3, "email").len(), 1);
        assert!(check(late, chrono_tz::Europe::London, t(8, 0), t(21, 0), 0, 3, "letter").is_empty());
    }

    #[test]
    fn quiet_hours_across_midnight_in_another_zone() {
        // 23:30 UTC on 31 Jan is 08:30 on 1 Feb in Tokyo: a fine time there.
        let now = Utc.with_ymd_and_hms(2026, 1, 31, 23, 30, 0).unwrap();
        assert!(check(now, chrono_tz::Asia::Tokyo, t(8, 0), t(21, 0), 0, 3, "email").is_empty());
    }

    #[test]
    fn the_cap_counts_contacts_in_seven_days() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap();
        assert!(check(now, chrono_tz::UTC, t(8, 0), t(21, 0), 2, 3, "email").is_empty());
        let w = check(now, chrono_tz::UTC, t(8, 0), t(21, 0), 3, 3, "email");
        assert_eq!(w[0].kind, "contact_cap");
    }
}
