//! The written agreement: draft, deliver (open to print, save as, email),
//! sign on screen, record the signed copy, countersign, decline; the
//! client's documents. Thin adapters over `overdue_core::agreement`.

use crate::state::AppState;
use overdue_core::agreement::{self, Agreement, CountersignInput, Document, DraftInput, Drafted, SignInput, Strokes};
use overdue_core::negotiation::{self, Arrangement};
use overdue_core::{chase, ledger, Error, Result};
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

/// What the agreement panel of a client shows.
#[derive(Serialize)]
pub struct Panel {
    /// The arrangement agreed in principle, if any.
    arrangement: Option<Arrangement>,
    /// The live agreement (not declined or expired), if any.
    agreement: Option<Agreement>,
    /// What must be filled in before it can be written, in words.
    missing: Vec<String>,
    /// Cover email subject and text (for the live agreement).
    cover_subject: String,
    cover_body: String,
    client_email: String,
    default_signatory: String,
    /// Handed over to an agency or solicitor (then nothing is chased).
    escalated_on: String,
    escalated_to: String,
}

#[tauri::command]
pub async fn agreement_panel(state: State<'_, AppState>, client_id: i64) -> Result<Panel> {
    let mut conn = state.conn()?;
    let ctx = state.ctx();
    overdue_core::sweep::run(&mut conn, &ctx)?;
    let c = ledger::client(&conn, client_id)?;
    let b = ledger::business(&conn)?;
    let mut missing = Vec::new();
    if b.legal_name.trim().is_empty() {
        missing.push("the business's legal name (Settings)".to_string());
    }
    if b.address.trim().is_empty() {
        missing.push("the business's postal address (Settings)".to_string());
    }
    if c.address.trim().is_empty() {
        missing.push(format!("{}'s postal address (the client's page)", c.name));
    }
    let arrangement = negotiation::arrangements(&conn, Some(client_id))?.into_iter().find(|a| a.status == "agreed_in_principle");
    let agreement = agreement::live_for_client(&conn, &ctx, client_id)?;
    let (cover_subject, cover_body) = agreement.as_ref().map(|a| agreement::cover_text(&a.content, false)).unwrap_or_default();
    let (escalated_on, escalated_to) = overdue_core::escalation::escalated(&conn, client_id)?;
    Ok(Panel {
        arrangement,
        agreement,
        missing,
        cover_subject,
        cover_body,
        client_email: c.email.clone(),
        default_signatory: if c.contact_person.is_empty() { c.name.clone() } else { c.contact_person.clone() },
        escalated_on,
        escalated_to,
    })
}

#[tauri::command]
pub async fn agreement_draft(state: State<'_, AppState>, input: DraftInput) -> Result<Drafted> {
    agreement::draft(&mut *state.conn()?, &state.ctx(), &input)
}

#[tauri::command]
pub async fn agreement_get(state: State<'_, AppState>, id: i64) -> Result<Agreement> {
    agreement::get(&*state.conn()?, &state.ctx(), id)
}

#[tauri::command]
pub async fn agreements_list(state: State<'_, AppState>, client_id: Option<i64>) -> Result<Vec<Agreement>> {
    let mut conn = state.conn()?;
    let ctx = state.ctx();
    overdue_core::sweep::run(&mut conn, &ctx)?;
    agreement::list(&conn, &ctx, client_id)
}

#[tauri::command]
pub async fn agreement_issue(state: State<'_, AppState>, id: i64, how: String) -> Result<Agreement> {
    agreement::issue(&mut *state.conn()?, &state.ctx(), id, &how)
}

/// Emails the agreement with the (edited) cover text; the database is not
/// held while the mail server talks.
#[tauri::command]
pub async fn agreement_email(state: State<'_, AppState>, id: i64, subject: String, body: String, password: Option<String>, remember: bool) -> Result<Agreement> {
    let pw = crate::commands::chase::password_to_send(&state, password, remember)?;
    let ctx = state.ctx();
    let q = agreement::queue_email(&mut *state.conn()?, &ctx, id, Some(&subject), Some(&body))?;
    let d = chase::delivery(&*state.conn()?, q.contact_id)?;
    let result = tauri::async_runtime::spawn_blocking(move || d.send(pw.as_deref()))
        .await
        .unwrap_or_else(|e| Err(format!("sending stopped unexpectedly ({e})")));
    agreement::email_result(&mut *state.conn()?, &ctx, id, q.contact_id, result)
}

#[tauri::command]
pub async fn agreement_sign_on_screen(state: State<'_, AppState>, id: i64, strokes: Strokes) -> Result<Drafted> {
    agreement::sign_on_screen(&mut *state.conn()?, &state.ctx(), id, &strokes)
}

#[tauri::command]
pub async fn agreement_record_signed(state: State<'_, AppState>, input: SignInput) -> Result<Agreement> {
    agreement::record_signed(&mut *state.conn()?, &state.ctx(), &input)
}

#[tauri::command]
pub async fn agreement_countersign(state: State<'_, AppState>, input: CountersignInput) -> Result<Agreement> {
    agreement::countersign(&mut *state.conn()?, &state.ctx(), &input)
}

/// Ends an active or defaulted agreement to agree new terms.
#[tauri::command]
pub async fn agreement_renegotiate(state: State<'_, AppState>, id: i64, reason: String) -> Result<Agreement> {
    overdue_core::follow::renegotiate(&mut *state.conn()?, &state.ctx(), id, &reason)
}

#[tauri::command]
pub async fn agreement_decline(state: State<'_, AppState>, id: i64, reason: String) -> Result<Agreement> {
    agreement::decline(&mut *state.conn()?, &state.ctx(), id, &reason)
}

#[tauri::command]
pub async fn client_documents(state: State<'_, AppState>, client_id: i64) -> Result<Vec<Document>> {
    agreement::documents(&*state.conn()?, &state.ctx().docs_dir, client_id)
}

/// A registered document of this client, by id (never an arbitrary path).
fn document_path(state: &AppState, client_id: i64, document_id: i64) -> Result<PathBuf> {
    let docs = agreement::documents(&*state.conn()?, &state.ctx().docs_dir, client_id)?;
    let d = docs.into_iter().find(|d| d.id == document_id).ok_or_else(|| Error::NotFound(format!("there is no document {document_id}")))?;
    let p = PathBuf::from(&d.path);
    if !p.is_file() {
        return Err(Error::NotFound(format!("{} is no longer there (moved or deleted outside Overdue)", d.path)));
    }
    Ok(p)
}

/// Opens a document in the system's viewer (to print). `OVERDUE_NO_OPEN`
/// (tests) skips the viewer.
#[tauri::command]
pub async fn open_document(app: AppHandle, state: State<'_, AppState>, client_id: i64, document_id: i64) -> Result<String> {
    let p = document_path(&state, client_id, document_id)?;
    if std::env::var_os("OVERDUE_NO_OPEN").is_none() {
        app.opener()
            .open_path(p.display().to_string(), None::<&str>)
            .map_err(|e| Error::Conflict(format!("{} could not be opened ({e})", p.display())))?;
    }
    Ok(p.display().to_string())
}

/// Saves a copy where the user chooses (native dialog). None = cancelled.
#[tauri::command]
pub async fn save_document_as(app: AppHandle, state: State<'_, AppState>, client_id: i64, document_id: i64) -> Result<Option<String>> {
    let p = document_path(&state, client_id, document_id)?;
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = p.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    let target = match std::env::var_os("OVERDUE_SAVE_FILE") {
        Some(t) => Some(PathBuf::from(t)),
        None => app
            .dialog()
            .file()
            .set_title("Save a copy")
            .set_file_name(&name)
            .add_filter(ext.to_uppercase(), &[ext.as_str()])
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(target) = target else { return Ok(None) };
    std::fs::copy(&p, &target)?;
    Ok(Some(target.display().to_string()))
}

/// The native "open file" dialog for a signed copy. `OVERDUE_PICK_FILE`
/// answers instead in end-to-end tests.
#[tauri::command]
pub async fn pick_signed_copy(app: AppHandle) -> Result<Option<String>> {
    Ok(super::pick_file(&app, "Choose the signed copy (PDF, JPEG or PNG)", &[("Scans and photos", &["pdf", "jpg", "jpeg", "png"])], false))
}

/// A message about an agreement (progress update, default notice, heads-up,
/// late reminder), ready to edit, with a short version for a text.
#[tauri::command]
pub async fn agreement_message(state: State<'_, AppState>, id: i64, kind: String, catch_up_by: String) -> Result<overdue_core::follow::Message> {
    let conn = state.conn()?;
    let ctx = state.ctx();
    match kind.as_str() {
        "progress" => overdue_core::follow::progress_message(&conn, &ctx, id),
        "default_notice" => overdue_core::follow::default_notice(&conn, &ctx, id, &catch_up_by),
        "heads_up" | "late_reminder" => overdue_core::follow::instalment_message(&conn, &ctx, id, &kind),
        other => Err(Error::invalid("message", format!("'{other}' is not a message about an agreement"))),
    }
}

/// Sends it: by email through the outbox (the database is not held while
/// the server talks), as a letter opened to print, or records a text sent
/// from the owner's phone.
#[tauri::command]
pub async fn agreement_send_message(app: AppHandle, state: State<'_, AppState>, input: overdue_core::follow::SendMessage, password: Option<String>, remember: bool) -> Result<String> {
    let pw = if input.channel == "email" { crate::commands::chase::password_to_send(&state, password, remember)? } else { None };
    let ctx = state.ctx();
    let sent = overdue_core::follow::send_message(&mut *state.conn()?, &ctx, &input)?;
    if let Some(contact) = sent.contact_id {
        let d = chase::delivery(&*state.conn()?, contact)?;
        let result = tauri::async_runtime::spawn_blocking(move || d.send(pw.as_deref()))
            .await
            .unwrap_or_else(|e| Err(format!("sending stopped unexpectedly ({e})")));
        let c = chase::mark_email_result(&mut *state.conn()?, &ctx, contact, result)?;
        if c.status != "sent" {
            return Err(Error::Conflict(format!("not sent: {}. It is kept in the outbox (Chasing → Outbox) to retry", c.error)));
        }
        return Ok(format!("Sent to {}", c.recipient));
    }
    if sent.letter.is_empty() {
        return Ok("Text recorded as sent".into());
    }
    if std::env::var_os("OVERDUE_NO_OPEN").is_none() {
        app.opener().open_path(sent.letter.clone(), None::<&str>).map_err(|e| Error::Conflict(format!("the letter was saved to {} but could not be opened ({e})", sent.letter)))?;
    }
    Ok(format!("Letter saved: {}", sent.letter))
}
