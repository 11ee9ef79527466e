//! The moment a command runs in: today (the app's date, which tests and
//! `--today` fix), now (the instant, from the one clock seam) and the folder
//! generated documents go to. Built once per command by the shells.

use chrono::{DateTime, NaiveDate, Utc};
use std::path::PathBuf;

/// When and where an action happens: the as-of date, the instant (for quiet
/// hours and the 7-day cap) and the folder generated documents go to.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    pub docs_dir: PathBuf,
}

impl Ctx {
    /// `OVERDUE_NOW` (RFC 3339) fixes the instant for tests; a fixed `today`
    /// without it means noon UTC of that day; otherwise the clock.
    pub fn new(today: NaiveDate, today_fixed: bool, db_path: &std::path::Path) -> Ctx {
        let now = crate::clock::fixed().unwrap_or_else(|| if today_fixed { today.and_hms_opt(12, 0, 0).expect("noon").and_utc() } else { crate::clock::now() });
        Ctx { today, now, docs_dir: crate::db::documents_dir(db_path) }
    }
    pub(crate) fn stamp(&self) -> String {
        self.now.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}
