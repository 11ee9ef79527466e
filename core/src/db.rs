//! The SQLite file: where it lives, how it is opened, versioned migrations,
//! and backups through SQLite's online backup API.
//!
//! Invariants: foreign keys on; WAL journal; `PRAGMA user_version` is the
//! schema version; each migration runs in one transaction together with the
//! version bump, after a backup copy of the older file was written.

use crate::error::{Error, Result};
use rusqlite::{backup::Backup, Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The app identifier; the default database lives in `<data dir>/<APP_ID>/`,
/// the same folder Tauri's `app_data_dir()` resolves to.
pub const APP_ID: &str = "app.overdue.desktop";
pub const DB_FILE: &str = "overdue.sqlite";

/// Each entry upgrades the schema from version `i` to `i + 1`.
/// Never edit a released migration: add a new one.
pub const MIGRATIONS: &[&str] = &[
    // v1: the ledger.
    r#"
    CREATE TABLE business (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        trading_name TEXT NOT NULL DEFAULT '',
        legal_name TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT 'GB',
        currency TEXT NOT NULL DEFAULT 'GBP',
        payment_details TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO business (id) VALUES (1);
    CREATE TABLE clients (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        legal_name TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'company' CHECK (kind IN ('company', 'sole_trader', 'consumer')),
        contact_person TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TABLE invoices (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        issue_date TEXT NOT NULL,
        due_date TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        CHECK (due_date >= issue_date)
    );
    CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        date TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        method TEXT NOT NULL DEFAULT '',
        reference TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TABLE allocations (
        id INTEGER PRIMARY KEY,
        payment_id INTEGER NOT NULL REFERENCES payments(id),
        invoice_id INTEGER NOT NULL REFERENCES invoices(id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0)
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    "#,
    // v2: client time zones and edit stamps, an append-only history, and the
    // indexes that keep aging and the overdue list fast at 100,000 invoices.
    r#"
    ALTER TABLE clients ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
    ALTER TABLE clients ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE invoices ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN detail TEXT NOT NULL DEFAULT '';
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
    CREATE INDEX invoices_client ON invoices(client_id);
    CREATE INDEX invoices_due ON invoices(due_date);
    CREATE INDEX invoices_aging ON invoices(currency, due_date, amount_minor);
    CREATE INDEX allocations_invoice ON allocations(invoice_id, amount_minor);
    CREATE INDEX allocations_payment ON allocations(payment_id);
    CREATE INDEX payments_client ON payments(client_id, date);
    CREATE INDEX events_client ON events(client_id, id);
    "#,
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// `--db PATH` wins, then `OVERDUE_DB`, then the platform's app-data folder.
pub fn resolve_db_path(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("OVERDUE_DB").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let base = dirs::data_dir().ok_or_else(|| {
        Error::NotFound("no app-data folder on this system; pass --db PATH or set OVERDUE_DB".into())
    })?;
    Ok(base.join(APP_ID).join(DB_FILE))
}

/// What happened while opening: useful to tell the user about upgrades.
#[derive(Debug, Clone, Default)]
pub struct OpenReport {
    pub from_version: i64,
    pub to_version: i64,
    pub backup: Option<PathBuf>,
}

/// Opens (creating if needed) the database at `path` and brings its schema up
/// to date. A file from a newer Overdue is refused rather than damaged.
pub fn open(path: &Path) -> Result<(Connection, OpenReport)> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    let report = migrate(&conn, Some(path))?;
    Ok((conn, report))
}

/// An in-memory database at the latest schema (tests, benchmarks).
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrate(&conn, None)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;",
    )?;
    Ok(())
}

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn migrate(conn: &Connection, path: Option<&Path>) -> Result<OpenReport> {
    let from = schema_version(conn)?;
    let latest = latest_version();
    if from > latest {
        return Err(Error::Conflict(format!(
            "this database was written by a newer Overdue (schema {from}; this version knows up to {latest}); it was left untouched"
        )));
    }
    let mut report = OpenReport { from_version: from, to_version: from, backup: None };
    if from == latest {
        return Ok(report);
    }
    // An existing file with data gets a backup copy before anything changes.
    if from > 0 {
        if let Some(p) = path {
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let target = p.with_file_name(format!(
                "{}.before-v{}-{}.sqlite",
                p.file_stem().and_then(|s| s.to_str()).unwrap_or("overdue"),
                latest,
                stamp
            ));
            backup_to(conn, &target)?;
            report.backup = Some(target);
        }
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let version = i as i64 + 1;
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        report.to_version = version;
    }
    Ok(report)
}

/// Writes a consistent copy of the live database to `target` (online backup).
pub fn backup_to(conn: &Connection, target: &Path) -> Result<()> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    if target.exists() {
        return Err(Error::Conflict(format!("{} already exists; choose another name", target.display())));
    }
    let mut dst = Connection::open(target)?;
    {
        let b = Backup::new(conn, &mut dst)?;
        b.run_to_completion(256, Duration::from_millis(0), None)?;
    }
    // A backup is one self-contained file: no -wal beside it.
    dst.execute_batch("PRAGMA journal_mode = DELETE;")?;
    Ok(())
}

/// Where backups of the database at `db_path` go: `<db folder>/backups`.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path.parent().map(|p| p.join("backups")).unwrap_or_else(|| PathBuf::from("backups"))
}

/// Default place for "Back up now": `<backups>/overdue-<stamp>.sqlite`.
pub fn default_backup_path(db_path: &Path) -> PathBuf {
    unique_path(&backups_dir(db_path), &format!("overdue-{}", chrono::Local::now().format("%Y-%m-%d-%H%M%S")))
}

/// Where a restore keeps the data it replaces: `<backups>/before-restore-<stamp>.sqlite`.
pub fn before_restore_path(db_path: &Path) -> PathBuf {
    unique_path(&backups_dir(db_path), &format!("before-restore-{}", chrono::Local::now().format("%Y-%m-%d-%H%M%S")))
}

/// `dir/stem.sqlite`, or `dir/stem-2.sqlite`, … if that is taken: backups
/// made within the same second never collide.
pub fn unique_path(dir: &Path, stem: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.sqlite"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{stem}-{n}.sqlite"))).find(|p| !p.exists()).unwrap_or(first)
}

/// Replaces the live database's content with the backup at `source`, after
/// checking it is an Overdue database and writing a safety copy of the current
/// data to `safety_copy`. The connection stays usable and is migrated if the
/// backup came from an older version.
pub fn restore_from(conn: &mut Connection, source: &Path, safety_copy: &Path) -> Result<OpenReport> {
    if !source.is_file() {
        return Err(Error::NotFound(format!("{} does not exist", source.display())));
    }
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| Error::invalid("backup file", format!("{} is not a database", source.display())))?;
    let version: i64 = src
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| Error::invalid("backup file", format!("{} is not an SQLite database", source.display())))?;
    let has_ledger: bool = src
        .query_row(
            "SELECT COUNT(*) = 3 FROM sqlite_master WHERE type = 'table' AND name IN ('business', 'clients', 'invoices')",
            [],
            |r| r.get(0),
        )
        .unwrap_or(false);
    if version < 1 || !has_ledger {
        return Err(Error::invalid("backup file", format!("{} is not an Overdue backup", source.display())));
    }
    if version > latest_version() {
        return Err(Error::Conflict(format!(
            "{} comes from a newer Overdue (schema {version}); it was not restored",
            source.display()
        )));
    }
    backup_to(conn, safety_copy)?;
    {
        let b = Backup::new(&src, conn)?;
        b.run_to_completion(256, Duration::from_millis(0), None)?;
    }
    configure(conn)?;
    migrate(conn, None)
}
