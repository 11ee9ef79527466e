//! One context per command: the open database, the moment it runs in
//! (`Ctx`: today, now, the documents folder) and whether to print JSON.
//! Built once in `main`; every command group takes `&mut Run`.

use overdue_core::chase::Ctx;
use overdue_core::rusqlite::Connection;
use overdue_core::{db, secret, settings, Result};
use std::path::{Path, PathBuf};

pub struct Run {
    pub conn: Connection,
    pub ctx: Ctx,
    pub json: bool,
    pub db_path: PathBuf,
}

impl Run {
    /// Opens (and if need be upgrades, after a backup) the database.
    pub fn open(db_path: &Path, today: chrono::NaiveDate, today_fixed: bool, json: bool) -> Result<Run> {
        let (conn, report) = db::open(db_path)?;
        if let Some(b) = &report.backup {
            eprintln!("note: the database was upgraded from version {} to {}; the old file was copied to {}", report.from_version, report.to_version, b.display());
        }
        Ok(Run { conn, ctx: Ctx::new(today, today_fixed, db_path), json, db_path: db_path.to_path_buf() })
    }
}

/// The SMTP password from the keyring or `OVERDUE_SMTP_PASSWORD`, with a
/// note on stderr when there is a user name but no password.
pub fn smtp_password(conn: &Connection) -> Result<Option<String>> {
    let smtp = settings::smtp(conn)?;
    let (pw, problem) = secret::resolve(&smtp);
    if pw.is_none() && !smtp.username.is_empty() {
        if let Some(p) = problem {
            eprintln!("note: {p}; set OVERDUE_SMTP_PASSWORD to give the password");
        }
    }
    Ok(pw)
}
