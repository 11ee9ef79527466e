//! Records as the screens, the CLI's JSON and the documents see them:
//! contacts, promises, agreements and their documents. Plain values; the
//! core's store reads them.

use crate::agreement::{Content, Status};
use crate::instalments::InstalmentStatus;
use crate::model::Amount;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub stage_id: Option<i64>,
    pub channel: String,
    pub status: String,
    pub on_date: String,
    pub created_at: String,
    pub sent_at: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<String>,
    pub error: String,
    pub attempts: i64,
    pub override_reason: String,
    pub outcome: String,
    pub reason: String,
    /// When an SMS or letter marked as sent was taken back ("" = it stands).
    pub undone_at: String,
    pub invoice_ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PromiseRow {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub amount: Amount,
    pub paid: Amount,
    pub promised_on: String,
    pub due_date: String,
    /// The day chasing may resume if it is not kept.
    pub resume_on: String,
    pub status: String,
    pub note: String,
    pub invoice_numbers: Vec<String>,
    pub resolved_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub id: i64,
    pub client_id: i64,
    pub agreement_id: Option<i64>,
    /// "agreement", "cover_letter", "signed_copy", "countersigned_copy", "letter".
    pub kind: String,
    pub version: i64,
    pub title: String,
    /// Full path on this machine.
    pub path: String,
    pub file_name: String,
    pub sha256: String,
    pub bytes: i64,
    pub fingerprint: String,
    pub created_at: String,
    /// False when the file was moved or deleted outside Overdue.
    pub exists: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub id: i64,
    pub arrangement_id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub reference: String,
    pub status: Status,
    pub status_label: String,
    pub version: i64,
    pub fingerprint: String,
    pub content: Content,
    pub paper: String,
    pub business_signed: bool,
    pub issued_on: String,
    pub issued_how: String,
    pub issued_version: Option<i64>,
    pub debtor_signed_on: String,
    pub debtor_signed_by: String,
    pub countersigned_on: String,
    pub countersigned_by: String,
    pub activated_on: String,
    pub closed_on: String,
    pub closed_reason: String,
    pub created_at: String,
    pub defaulted_on: String,
    pub completed_on: String,
    pub documents: Vec<Document>,
    /// Once active: each instalment with what was paid and its state.
    pub instalments: Vec<InstalmentStatus>,
    /// What the owner can do next: "revise", "issue", "email", "sign",
    /// "countersign", "decline", "renegotiate".
    pub next: Vec<String>,
}

impl Agreement {
    /// The completion date, or `today` if it has none yet.
    pub fn completed_on_or(&self, today: NaiveDate) -> String {
        if self.completed_on.is_empty() { today.to_string() } else { self.completed_on.clone() }
    }
}
