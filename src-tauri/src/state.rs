//! What the window's commands share: the open database and the date.

use chrono::NaiveDate;
use overdue_core::{db, Result};
use overdue_core::rusqlite::Connection;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

pub struct AppState {
    pub db_path: PathBuf,
    conn: Mutex<Connection>,
    today: Option<NaiveDate>,
    /// Set when opening upgraded an older file: shown once in the window.
    pub upgrade_note: Option<String>,
    /// The SMTP password given in this session when no keyring holds it.
    /// Kept in memory only, never written anywhere.
    pub session_password: Mutex<Option<String>>,
    /// Today as last computed, while the database is unchanged.
    pub today_cache: Mutex<overdue_core::chase::TodayCache>,
}

impl AppState {
    pub fn open(db_path: PathBuf, today: Option<NaiveDate>) -> Result<AppState> {
        let (mut conn, report) = db::open(&db_path)?;
        // Time has passed since the file was last open: promises, lapsed
        // agreements, defaults and completion letters are brought up to
        // date once at start (the screens that show them sweep again first).
        let ctx = overdue_core::chase::Ctx::new(today.unwrap_or_else(overdue_core::clock::local_today), today.is_some(), &db_path);
        if let Err(e) = overdue_core::sweep::run(&mut conn, &ctx) {
            eprintln!("note: bringing the file up to date at start failed ({e}); each screen tries again");
        }
        let upgrade_note = report.backup.as_ref().map(|b| {
            format!(
                "Your data was upgraded from version {} to {}. A copy of the old file was kept at {}.",
                report.from_version,
                report.to_version,
                b.display()
            )
        });
        Ok(AppState { db_path, conn: Mutex::new(conn), today, upgrade_note, session_password: Mutex::new(None), today_cache: Mutex::new(Default::default()) })
    }

    pub fn conn(&self) -> Result<MutexGuard<'_, Connection>> {
        // A panic while holding the lock cannot leave SQLite half-written
        // (transactions roll back), so a poisoned lock is safe to reuse.
        Ok(self.conn.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| overdue_core::clock::local_today())
    }

    /// The as-of date, the instant (quiet hours) and the documents folder.
    pub fn ctx(&self) -> overdue_core::chase::Ctx {
        overdue_core::chase::Ctx::new(self.today(), self.today.is_some(), &self.db_path)
    }

    /// The SMTP password: given this session, else OVERDUE_SMTP_PASSWORD or
    /// the keyring. The second value says why there is none, if no keyring.
    pub fn smtp_password(&self, smtp: &overdue_core::settings::SmtpSettings) -> (Option<String>, Option<String>) {
        if let Some(p) = self.session_password.lock().unwrap_or_else(|p| p.into_inner()).clone() {
            return (Some(p), None);
        }
        overdue_core::secret::resolve(smtp)
    }

    pub fn backups_dir(&self) -> PathBuf {
        db::backups_dir(&self.db_path)
    }
}
