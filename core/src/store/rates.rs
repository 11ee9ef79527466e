//! The reference-rate tables (`reference_rates`, `reference_rate_checks`):
//! the rates the interest rules compute with, as the user keeps them.

use crate::error::{Error, Result};
use crate::interest::{InterestPolicy, RateTable, ReferenceRate};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use rust_decimal::prelude::*;

/// The reference rates and the dates each region was last checked.
pub fn load(conn: &Connection) -> Result<RateTable> {
    let mut t = RateTable::default();
    let mut st = conn.prepare("SELECT region, checked_on FROM reference_rate_checks")?;
    for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (region, on) = r?;
        if let Ok(d) = NaiveDate::parse_from_str(&on, "%Y-%m-%d") {
            t.checked.push((region, d));
        }
    }
    for r in list_rates(conn)? {
        let d = NaiveDate::parse_from_str(&r.effective_from, "%Y-%m-%d").unwrap_or_default();
        let v = Decimal::from_str(&r.rate).unwrap_or_default();
        if r.region == "GB" {
            t.gb.push((d, v));
        } else {
            t.eu.push((d, v));
        }
    }
    Ok(t)
}

pub fn list_rates(conn: &Connection) -> Result<Vec<ReferenceRate>> {
    let mut st = conn.prepare("SELECT region, effective_from, rate FROM reference_rates ORDER BY region, effective_from")?;
    let rows = st
        .query_map([], |r| Ok(ReferenceRate { region: r.get(0)?, effective_from: r.get(1)?, rate: r.get(2)? }))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Adds or replaces the rate that took effect on a date.
pub fn set_rate(conn: &Connection, input: &ReferenceRate) -> Result<ReferenceRate> {
    let region = input.region.trim().to_ascii_uppercase();
    if region != "GB" && region != "EU" {
        return Err(Error::invalid("region", "must be GB (Bank of England) or EU (European Central Bank)"));
    }
    let d = crate::text::parse_iso_date(&input.effective_from, "effective from")?;
    let r = Decimal::from_str(input.rate.trim())
        .map_err(|_| Error::invalid("rate", format!("'{}' is not a number (percent, e.g. 5.25)", input.rate)))?;
    if r < Decimal::from(-5) || r > Decimal::from(50) {
        return Err(Error::invalid("rate", "must be between -5 and 50 percent"));
    }
    let out = ReferenceRate { region, effective_from: d.to_string(), rate: r.normalize().to_string() };
    conn.execute(
        "INSERT INTO reference_rates (region, effective_from, rate) VALUES (?1, ?2, ?3)
         ON CONFLICT (region, effective_from) DO UPDATE SET rate = excluded.rate",
        params![out.region, out.effective_from, out.rate],
    )?;
    Ok(out)
}

/// Records that the owner checked the region's rates on `today` and the
/// table is current (a decision that left the rate unchanged adds no row).
pub fn confirm_rates_current(conn: &Connection, region: &str, today: NaiveDate) -> Result<()> {
    let region = region.trim().to_ascii_uppercase();
    if region != "GB" && region != "EU" {
        return Err(Error::invalid("region", "must be GB (Bank of England) or EU (European Central Bank)"));
    }
    conn.execute(
        "INSERT INTO reference_rate_checks (region, checked_on) VALUES (?1, ?2)
         ON CONFLICT (region) DO UPDATE SET checked_on = max(checked_on, excluded.checked_on)",
        params![region, today.to_string()],
    )?;
    Ok(())
}

/// The staleness warning for the business's policy as of `today`, if any.
pub fn rates_warning(conn: &Connection, policy: &InterestPolicy, today: NaiveDate) -> Result<Option<String>> {
    let Some(region) = policy.rate_region() else { return Ok(None) };
    Ok(load(conn)?.staleness(region, today, crate::ledger::date_style(conn)?))
}

pub fn delete_rate(conn: &Connection, region: &str, effective_from: &str) -> Result<()> {
    let n = conn.execute(
        "DELETE FROM reference_rates WHERE region = ?1 AND effective_from = ?2",
        params![region, effective_from],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!("no {region} rate from {effective_from}")));
    }
    Ok(())
}
