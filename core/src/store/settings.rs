//! Business-wide settings for chasing, stored as JSON values in the
//! `settings` table: chase defaults and contact guards, the interest policy,
//! the SMTP server (never its password), and the paper size.

use crate::error::{Error, Result};
use crate::interest::InterestPolicy;
use crate::money::parse_amount;
use crate::text::{clean, clean_email, rule};
use chrono::NaiveTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

pub fn get<T: DeserializeOwned + Default>(conn: &Connection, key: &str) -> Result<T> {
    let v: Option<String> = conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
    Ok(v.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
}

pub fn put<T: Serialize>(conn: &Connection, key: &str, value: &T) -> Result<()> {
    let v = serde_json::to_string(value).map_err(|e| Error::invalid(key, e.to_string()))?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, v],
    )?;
    Ok(())
}

/// How chasing behaves by default, and the contact guards.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ChaseSettings {
    /// "manual": every step waits for the owner; "auto": email stages send themselves.
    pub mode: String,
    /// Invoices with less outstanding than this (business currency) are not chased.
    pub min_amount: String,
    /// No contact before this local time of the debtor ("08:00").
    pub contact_from: String,
    /// No contact after this local time of the debtor ("21:00").
    pub contact_until: String,
    /// At most this many contacts per client in any 7 days.
    pub max_contacts_per_week: u32,
    /// Days after a promise's date before it counts as broken.
    pub promise_grace_days: i64,
    /// The business's own time zone, used for clients without one.
    pub time_zone: String,
    /// "A4" or "Letter".
    pub paper: String,
    /// Progress updates to clients paying under an agreement: "after_payment",
    /// "monthly" or "off" (Today lists them when due).
    pub progress_updates: String,
    /// Days of credit the business gives: the due date of an imported
    /// invoice whose file has no due date.
    pub payment_terms_days: i64,
    /// Books older than this many days (the last import) get a warning
    /// before a reminder goes out, and `run-due` waits for an update.
    pub books_stale_days: i64,
}

impl Default for ChaseSettings {
    fn default() -> Self {
        ChaseSettings {
            mode: "manual".into(),
            min_amount: "0".into(),
            contact_from: "08:00".into(),
            contact_until: "21:00".into(),
            max_contacts_per_week: 3,
            promise_grace_days: 3,
            time_zone: "Europe/London".into(),
            paper: "A4".into(),
            progress_updates: "after_payment".into(),
            payment_terms_days: 30,
            books_stale_days: 7,
        }
    }
}

impl ChaseSettings {
    pub fn quiet_hours(&self) -> (NaiveTime, NaiveTime) {
        let p = |s: &str, d: u32| NaiveTime::parse_from_str(s, "%H:%M").unwrap_or(NaiveTime::from_hms_opt(d, 0, 0).unwrap());
        (p(&self.contact_from, 8), p(&self.contact_until, 21))
    }
}

pub fn chase(conn: &Connection) -> Result<ChaseSettings> {
    get(conn, "chase")
}

pub fn parse_time_zone(s: &str, field: &str) -> Result<chrono_tz::Tz> {
    s.trim().parse::<chrono_tz::Tz>().map_err(|_| {
        Error::invalid(field, format!("'{}' is not a time zone; use a name such as Europe/London or America/New_York", s.trim()))
    })
}

pub fn save_chase(conn: &Connection, input: &ChaseSettings) -> Result<ChaseSettings> {
    let mode = match input.mode.as_str() {
        "manual" | "auto" => input.mode.clone(),
        other => return Err(Error::invalid("mode", format!("'{other}' is not a mode (manual or auto)"))),
    };
    let cur = crate::ledger::business_currency(conn)?;
    let min = if input.min_amount.trim().is_empty() || input.min_amount.trim() == "0" {
        0
    } else {
        parse_amount(&input.min_amount, &cur, "minimum amount")?
    };
    for (v, f) in [(&input.contact_from, "contact from"), (&input.contact_until, "contact until")] {
        NaiveTime::parse_from_str(v.trim(), "%H:%M").map_err(|_| Error::invalid(f, format!("'{v}' is not a time such as 08:00")))?;
    }
    if input.max_contacts_per_week == 0 || input.max_contacts_per_week > 50 {
        return Err(Error::invalid("contacts per week", "must be between 1 and 50"));
    }
    if !(0..=60).contains(&input.promise_grace_days) {
        return Err(Error::invalid("promise grace days", "must be between 0 and 60"));
    }
    if !(0..=365).contains(&input.payment_terms_days) {
        return Err(Error::invalid("payment terms", "must be between 0 and 365 days"));
    }
    if !(1..=365).contains(&input.books_stale_days) {
        return Err(Error::invalid("books out of date after", "must be between 1 and 365 days"));
    }
    parse_time_zone(&input.time_zone, "time zone")?;
    let paper = crate::pdf::Paper::parse(&input.paper)?;
    let progress_updates = match input.progress_updates.trim() {
        "" | "after_payment" => "after_payment",
        "monthly" => "monthly",
        "off" => "off",
        other => return Err(Error::invalid("progress updates", format!("'{other}' is not a choice (after_payment, monthly, off)"))),
    };
    let out = ChaseSettings {
        mode,
        min_amount: cur.plain(min),
        contact_from: input.contact_from.trim().to_string(),
        contact_until: input.contact_until.trim().to_string(),
        max_contacts_per_week: input.max_contacts_per_week,
        promise_grace_days: input.promise_grace_days,
        time_zone: input.time_zone.trim().to_string(),
        paper: if paper == crate::pdf::Paper::A4 { "A4".into() } else { "Letter".into() },
        progress_updates: progress_updates.into(),
        payment_terms_days: input.payment_terms_days,
        books_stale_days: input.books_stale_days,
    };
    put(conn, "chase", &out)?;
    Ok(out)
}

pub fn interest_policy(conn: &Connection) -> Result<InterestPolicy> {
    get(conn, "interest")
}

pub fn save_interest_policy(conn: &Connection, p: InterestPolicy) -> Result<InterestPolicy> {
    let p = p.validate()?;
    put(conn, "interest", &p)?;
    Ok(p)
}

/// The outgoing mail server. The password lives in the OS keyring (or is
/// asked for), never here.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    /// "starttls", "tls" (implicit, usually port 465) or "none" (local test servers only).
    pub security: String,
    pub username: String,
    /// The sender address; empty = the business email.
    pub from_email: String,
    /// The sender name; empty = the business trading name.
    pub from_name: String,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings {
            host: String::new(),
            port: 587,
            security: "starttls".into(),
            username: String::new(),
            from_email: String::new(),
            from_name: String::new(),
        }
    }
}

impl SmtpSettings {
    pub fn is_configured(&self) -> bool {
        !self.host.is_empty()
    }
}

pub fn smtp(conn: &Connection) -> Result<SmtpSettings> {
    get(conn, "smtp")
}

pub fn save_smtp(conn: &Connection, input: &SmtpSettings) -> Result<SmtpSettings> {
    let host = clean(&input.host, &rule("server", 253, true, false))?;
    if host.contains(' ') || host.contains('/') {
        return Err(Error::invalid("server", "a host name such as smtp.example.com, without spaces or slashes"));
    }
    let security = match input.security.as_str() {
        "starttls" | "tls" | "none" => input.security.clone(),
        other => return Err(Error::invalid("security", format!("'{other}' is not starttls, tls or none"))),
    };
    if input.port == 0 {
        return Err(Error::invalid("port", "must be between 1 and 65535"));
    }
    let out = SmtpSettings {
        host,
        port: input.port,
        security,
        username: clean(&input.username, &rule("user name", 254, false, false))?,
        from_email: clean_email(&input.from_email, "sender address")?,
        from_name: clean(&input.from_name, &rule("sender name", 200, false, false))?,
    };
    put(conn, "smtp", &out)?;
    Ok(out)
}
