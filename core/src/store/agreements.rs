//! Agreements and the documents registry (`agreements`, `documents`): the
//! record of every agreement version and of every file generated or
//! received, with its hash. Registrations never change.

pub use overdue_domain::records::{Agreement, Document};
use crate::error::{Error, Result};
use crate::ledger::now_stamp;
pub use overdue_docs::agreement::{cover_text, render};
pub use overdue_domain::agreement::*;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub(crate) struct Options {
    pub return_by: String,
    pub cure_days: u32,
    pub late_fee_minor: i64,
    pub debtor_signatory: String,
    pub debtor_signatory_title: String,
    pub witness: bool,
    pub paper: String,
}

pub(crate) const AG_COLUMNS: &str = "g.id, g.arrangement_id, g.client_id, c.name, g.reference, g.status, g.version, g.fingerprint, g.content, g.options, g.business_signature, g.issued_on, g.issued_how, g.issued_version, g.debtor_signed_on, g.debtor_signed_by, g.countersigned_on, g.countersigned_by, g.activated_on, g.closed_on, g.closed_reason, g.created_at, g.defaulted_on, g.completed_on";

pub(crate) struct Raw {
    pub a: Agreement,
    pub options: Options,
    pub signature: String,
}

pub(crate) fn row(r: &rusqlite::Row) -> rusqlite::Result<Raw> {
    let status: String = r.get(5)?;
    let status = Status::parse(&status).unwrap_or(Status::Draft);
    let content: Content = serde_json::from_str(&r.get::<_, String>(8)?)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(8, rusqlite::types::Type::Text, Box::new(e)))?;
    let options: Options = serde_json::from_str(&r.get::<_, String>(9)?).unwrap_or_default();
    let signature: String = r.get(10)?;
    Ok(Raw {
        a: Agreement {
            id: r.get(0)?,
            arrangement_id: r.get(1)?,
            client_id: r.get(2)?,
            client_name: r.get(3)?,
            reference: r.get(4)?,
            status,
            status_label: status.label().into(),
            version: r.get(6)?,
            fingerprint: r.get(7)?,
            content,
            paper: options.paper.clone(),
            business_signed: !signature.is_empty(),
            issued_on: r.get(11)?,
            issued_how: r.get(12)?,
            issued_version: r.get(13)?,
            debtor_signed_on: r.get(14)?,
            debtor_signed_by: r.get(15)?,
            countersigned_on: r.get(16)?,
            countersigned_by: r.get(17)?,
            activated_on: r.get(18)?,
            closed_on: r.get(19)?,
            closed_reason: r.get(20)?,
            created_at: r.get(21)?,
            defaulted_on: r.get(22)?,
            completed_on: r.get(23)?,
            documents: Vec::new(),
            instalments: Vec::new(),
            next: Vec::new(),
        },
        options,
        signature,
    })
}

pub(crate) fn raw(conn: &Connection, id: i64) -> Result<Raw> {
    conn.query_row(&format!("SELECT {AG_COLUMNS} FROM agreements g JOIN clients c ON c.id = g.client_id WHERE g.id = ?1"), [id], row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no agreement {id}")))
}

pub(crate) fn documents_where(conn: &Connection, docs_dir: &Path, filter: &str, value: i64) -> Result<Vec<Document>> {
    let mut st = conn.prepare(&format!(
        "SELECT d.id, d.client_id, d.agreement_id, d.kind, d.version, d.title, d.file, d.sha256, d.bytes, d.fingerprint, d.created_at
         FROM documents d WHERE {filter} ORDER BY d.id DESC"
    ))?;
    let rows = st.query_map([value], |r| {
        let file: String = r.get(6)?;
        let path = if Path::new(&file).is_absolute() { PathBuf::from(&file) } else { docs_dir.join(&file) };
        Ok(Document {
            id: r.get(0)?,
            client_id: r.get(1)?,
            agreement_id: r.get(2)?,
            kind: r.get(3)?,
            version: r.get(4)?,
            title: r.get(5)?,
            file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            exists: path.is_file(),
            path: path.display().to_string(),
            sha256: r.get(7)?,
            bytes: r.get(8)?,
            fingerprint: r.get(9)?,
            created_at: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// Every document of a client (agreements, cover letters, signed copies,
/// letters), newest first.
pub fn documents(conn: &Connection, docs_dir: &Path, client_id: i64) -> Result<Vec<Document>> {
    documents_where(conn, docs_dir, "d.client_id = ?1", client_id)
}

/// Registers a file already written. Paths inside the documents folder are
/// kept relative to it, so the folder can move with the database.
#[allow(clippy::too_many_arguments)]
/// Registers a file: `file` is relative to the documents folder where it is
/// inside it, so the folder can move with the database.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_document(
    tx: &Connection,
    client_id: i64,
    agreement_id: Option<i64>,
    kind: &str,
    version: i64,
    title: &str,
    file: &str,
    bytes: &[u8],
    fingerprint: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO documents (client_id, agreement_id, kind, version, title, file, sha256, bytes, fingerprint, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![client_id, agreement_id, kind, version, title, file, sha256_hex(bytes), bytes.len() as i64, fingerprint, now_stamp()],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn set_status(tx: &Connection, id: i64, to: Status) -> Result<()> {
    tx.execute("UPDATE agreements SET status = ?2, updated_at = ?3 WHERE id = ?1", params![id, to.as_str(), now_stamp()])?;
    Ok(())
}

/// The live agreement of an arrangement with its reference and status.
pub(crate) fn live_of_arrangement(conn: &Connection, arrangement_id: i64) -> Result<Option<(i64, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, reference, status FROM agreements WHERE arrangement_id = ?1 AND status NOT IN ('declined', 'expired', 'renegotiated')",
            [arrangement_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// The number the next new agreement's reference takes.
pub(crate) fn next_number(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM agreements", [], |r| r.get(0))?)
}

/// Agreement ids, newest first; one client's or all.
pub(crate) fn ids(conn: &Connection, client_id: Option<i64>) -> Result<Vec<i64>> {
    Ok(conn
        .prepare("SELECT id FROM agreements WHERE (?1 IS NULL OR client_id = ?1) ORDER BY id DESC")?
        .query_map([client_id], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?)
}

/// The client's latest agreement that is not declined, expired or ended to
/// renegotiate.
pub(crate) fn live_id_for_client(conn: &Connection, client_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM agreements WHERE client_id = ?1 AND status NOT IN ('declined', 'expired', 'renegotiated') ORDER BY id DESC LIMIT 1",
            [client_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Agreements sent and waiting to come back signed.
pub(crate) fn issued_ids(conn: &Connection) -> Result<Vec<i64>> {
    Ok(conn.prepare("SELECT id FROM agreements WHERE status = 'issued'")?.query_map([], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?)
}

/// The columns every version writes: what it says and the few facts SQL
/// reads (agreed on, currency, cure period, return-by).
pub(crate) struct VersionRow<'a> {
    pub version: i64,
    pub options: &'a Options,
    pub content: &'a Content,
    pub fingerprint: &'a str,
}

/// A new agreement in draft; its id.
pub(crate) fn insert(tx: &Connection, arrangement_id: i64, client_id: i64, reference: &str, v: &VersionRow) -> Result<i64> {
    let c = v.content;
    tx.execute(
        "INSERT INTO agreements (arrangement_id, client_id, reference, status, version, options, content, fingerprint, created_at, updated_at, agreed_on, currency, cure_days, return_by)
         VALUES (?1, ?2, ?3, 'draft', ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12)",
        params![arrangement_id, client_id, reference, v.version, serde_json::to_string(v.options).unwrap_or_default(), serde_json::to_string(c).unwrap_or_default(), v.fingerprint, now_stamp(), c.date, c.currency, c.cure_days, c.return_by],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A new version of an agreement, back in draft and unsigned.
pub(crate) fn revise(tx: &Connection, id: i64, v: &VersionRow) -> Result<()> {
    let c = v.content;
    tx.execute(
        "UPDATE agreements SET status = 'draft', version = ?2, options = ?3, content = ?4, fingerprint = ?5, business_signature = '', updated_at = ?6,
             agreed_on = ?7, currency = ?8, cure_days = ?9, return_by = ?10 WHERE id = ?1",
        params![id, v.version, serde_json::to_string(v.options).unwrap_or_default(), serde_json::to_string(c).unwrap_or_default(), v.fingerprint, now_stamp(), c.date, c.currency, c.cure_days, c.return_by],
    )?;
    Ok(())
}

pub(crate) fn set_business_signature(tx: &Connection, id: i64, strokes: &Strokes) -> Result<()> {
    tx.execute("UPDATE agreements SET business_signature = ?2, updated_at = ?3 WHERE id = ?1", params![id, serde_json::to_string(strokes).unwrap_or_default(), now_stamp()])?;
    Ok(())
}

pub(crate) fn set_issued(tx: &Connection, id: i64, on: NaiveDate, how: &str, version: i64) -> Result<()> {
    tx.execute("UPDATE agreements SET issued_on = ?2, issued_how = ?3, issued_version = ?4 WHERE id = ?1", params![id, on.to_string(), how, version])?;
    Ok(())
}

pub(crate) fn touch(tx: &Connection, id: i64) -> Result<()> {
    tx.execute("UPDATE agreements SET updated_at = ?2 WHERE id = ?1", params![id, now_stamp()])?;
    Ok(())
}

pub(crate) fn set_debtor_signed(tx: &Connection, id: i64, on: NaiveDate, by: &str) -> Result<()> {
    tx.execute("UPDATE agreements SET debtor_signed_on = ?2, debtor_signed_by = ?3 WHERE id = ?1", params![id, on.to_string(), by])?;
    Ok(())
}

pub(crate) fn set_countersigned(tx: &Connection, id: i64, on: NaiveDate, by: &str) -> Result<()> {
    tx.execute("UPDATE agreements SET countersigned_on = ?2, countersigned_by = ?3 WHERE id = ?1", params![id, on.to_string(), by])?;
    Ok(())
}

pub(crate) fn set_activated(tx: &Connection, id: i64, on: NaiveDate) -> Result<()> {
    tx.execute("UPDATE agreements SET activated_on = ?2 WHERE id = ?1", params![id, on.to_string()])?;
    Ok(())
}

pub(crate) fn set_closed(tx: &Connection, id: i64, on: NaiveDate, reason: &str) -> Result<()> {
    tx.execute("UPDATE agreements SET closed_on = ?2, closed_reason = ?3 WHERE id = ?1", params![id, on.to_string(), reason])?;
    Ok(())
}

/// Declined because its arrangement was withdrawn.
pub(crate) fn decline_withdrawn(tx: &Connection, id: i64, on: NaiveDate, reason: &str) -> Result<()> {
    tx.execute("UPDATE agreements SET status = 'declined', closed_on = ?2, closed_reason = ?3, updated_at = ?4 WHERE id = ?1", params![id, on.to_string(), format!("arrangement withdrawn: {reason}"), now_stamp()])?;
    Ok(())
}
