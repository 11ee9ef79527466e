//! Chasing: Today, composing and sending reminders, calls, promises,
//! letters, the outbox, and the ladder/template/interest/email settings.
//! Each command is a thin adapter over `overdue_core::chase` and friends.

use crate::state::AppState;
use overdue_core::chase::{self, CallInput, ClientControls, ComposeInput, Contact, Draft, InvoiceControls, SkipInput, SendInput, TemplatePreview};
use overdue_core::interest::{self, InterestPolicy, ReferenceRate};
use overdue_core::ladder::{self, Stage, StageInput, Template};
use overdue_core::letter::{self, LetterRequest};
use overdue_core::promise::{self, PromiseInput, PromiseRow};
use overdue_core::settings::{self, ChaseSettings, SmtpSettings};
use overdue_core::{mail, secret, template, Error, Result};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

/// One page of Today with its counts (the whole list never crosses IPC).
#[tauri::command]
pub async fn today(state: State<'_, AppState>, query: Option<chase::TodayQuery>) -> Result<chase::TodayPage> {
    let mut conn = state.conn()?;
    let ctx = state.ctx();
    // Time has passed since the last look: the one explicit sweep, then the read.
    overdue_core::sweep::run(&mut conn, &ctx)?;
    let mut cache = today_cache(&state)?;
    let fresh = !cache.is_current(&conn, &ctx)?;
    let page = cache.page(&conn, &ctx, &query.unwrap_or_default());
    if fresh {
        give_back_freed_memory();
    }
    page
}

/// At 100,000 invoices computing Today frees tens of MiB that glibc keeps
/// for the process; hand them back so the window's memory stays small.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Takes back a snooze or a skip (a notice's Undo).
#[tauri::command]
pub async fn undo_steps(state: State<'_, AppState>, ids: Vec<i64>) -> Result<String> {
    chase::undo_steps(&mut *state.conn()?, &state.ctx(), &ids)
}

/// Takes back an SMS or letter marked as sent (a notice's Undo).
#[tauri::command]
pub async fn undo_sent(state: State<'_, AppState>, id: i64) -> Result<String> {
    chase::undo_sent(&mut *state.conn()?, &state.ctx(), id)
}

fn today_cache<'a>(state: &'a State<'_, AppState>) -> Result<std::sync::MutexGuard<'a, chase::TodayCache>> {
    state.today_cache.lock().map_err(|_| overdue_core::Error::Conflict("Today's cache is unusable after an earlier failure; restart Overdue".into()))
}

/// The due email reminders, composed, for the bulk send's preview.
#[tauri::command]
pub async fn bulk_reminders(state: State<'_, AppState>, limit: usize) -> Result<chase::Bulk> {
    let conn = state.conn()?;
    let ctx = state.ctx();
    let mut cache = today_cache(&state)?;
    let t = cache.today(&conn, &ctx)?;
    chase::bulk_reminders(&conn, &ctx, t, limit)
}

/// Shows a saved file in the file manager (a notice's "Show in folder").
/// Only files inside the app's own folders (documents, letters, packs,
/// backups beside the database) are shown.
#[tauri::command]
pub async fn reveal_file(app: AppHandle, state: State<'_, AppState>, path: String) -> Result<()> {
    let p = std::path::PathBuf::from(&path);
    let base = state.db_path.parent().map(|b| b.to_path_buf()).unwrap_or_default();
    let inside = p.canonicalize().ok().zip(base.canonicalize().ok()).is_some_and(|(p, b)| p.starts_with(b));
    if !inside {
        return Err(overdue_core::Error::invalid("path", "is not a file Overdue saved"));
    }
    if std::env::var_os("OVERDUE_NO_OPEN").is_some() {
        return Ok(());
    }
    app.opener().reveal_item_in_dir(&p).map_err(|e| overdue_core::Error::Conflict(format!("the file manager could not be opened ({e})")))
}

#[tauri::command]
pub async fn compose(state: State<'_, AppState>, input: ComposeInput) -> Result<Draft> {
    chase::compose(&*state.conn()?, &state.ctx(), &input)
}

#[tauri::command]
pub async fn check_message(state: State<'_, AppState>, client_id: i64, channel: String, tone: String, subject: String, body: String) -> Result<chase::MessageCheck> {
    chase::check_message(&*state.conn()?, client_id, &channel, &tone, &subject, &body)
}

#[derive(Serialize)]
pub struct EmailStatus {
    configured: bool,
    server: String,
    #[serde(flatten)]
    password: PasswordNeed,
}

/// Whether email can go now, and whether the window must ask for a password.
#[tauri::command]
pub async fn email_status(state: State<'_, AppState>) -> Result<EmailStatus> {
    let smtp = settings::smtp(&*state.conn()?)?;
    Ok(EmailStatus { configured: smtp.is_configured(), server: format!("{}:{}", smtp.host, smtp.port), password: password_need(&state, &smtp) })
}

/// Where the password stands: needed or not, and whether a keyring is there.
#[derive(Serialize)]
pub struct PasswordNeed {
    needed: bool,
    available: bool,
    keyring_problem: Option<String>,
}

fn password_need(state: &AppState, smtp: &SmtpSettings) -> PasswordNeed {
    let (pw, problem) = state.smtp_password(smtp);
    PasswordNeed { needed: !smtp.username.is_empty(), available: pw.is_some(), keyring_problem: problem }
}

/// Remembers a password typed by the owner: in the keyring if there is one
/// and `remember` is set, else in memory for this session only.
fn take_password(state: &AppState, smtp: &SmtpSettings, password: Option<String>, remember: bool) -> Option<String> {
    let p = password.filter(|p| !p.is_empty())?;
    if remember && secret::set_password(&smtp.host, &smtp.username, &p).is_ok() {
        return Some(p);
    }
    *state.session_password.lock().unwrap_or_else(|e| e.into_inner()) = Some(p.clone());
    Some(p)
}

/// Sends one outbox email without holding the database during the SMTP
/// conversation, then records the result.
async fn deliver(state: &AppState, contact_id: i64, password: Option<String>) -> Result<Contact> {
    let ctx = state.ctx();
    let d = chase::delivery(&*state.conn()?, contact_id)?;
    let result = tauri::async_runtime::spawn_blocking(move || d.send(password.as_deref()))
        .await
        .unwrap_or_else(|e| Err(format!("sending stopped unexpectedly ({e})")));
    chase::mark_email_result(&mut *state.conn()?, &ctx, contact_id, result)
}

/// The password to send with now: typed (and remembered), from the keyring
/// or the session; an error naming what is missing when a login needs one.
pub(crate) fn password_to_send(state: &AppState, password: Option<String>, remember: bool) -> Result<Option<String>> {
    let smtp = settings::smtp(&*state.conn()?)?;
    if !smtp.is_configured() {
        return Err(Error::invalid("email", "no mail server is set up yet: Settings → Email"));
    }
    let pw = take_password(state, &smtp, password, remember).or_else(|| state.smtp_password(&smtp).0);
    if !smtp.username.is_empty() && pw.is_none() {
        let need = password_need(state, &smtp);
        return Err(Error::invalid(
            "password",
            format!("the password for {} is needed{}", smtp.username, need.keyring_problem.map(|p| format!(" ({p})")).unwrap_or_default()),
        ));
    }
    Ok(pw)
}

#[tauri::command]
pub async fn send_email(state: State<'_, AppState>, input: SendInput, password: Option<String>, remember: bool) -> Result<Contact> {
    let pw = password_to_send(&state, password, remember)?;
    let q = chase::queue_email(&mut *state.conn()?, &state.ctx(), &input)?;
    deliver(&state, q.contact_id, pw).await
}

#[tauri::command]
pub async fn retry_email(state: State<'_, AppState>, id: i64, password: Option<String>, remember: bool) -> Result<Contact> {
    let smtp = settings::smtp(&*state.conn()?)?;
    let pw = take_password(&state, &smtp, password, remember).or_else(|| state.smtp_password(&smtp).0);
    deliver(&state, id, pw).await
}

#[tauri::command]
pub async fn record_sent(state: State<'_, AppState>, input: SendInput) -> Result<Contact> {
    chase::record_sent(&mut *state.conn()?, &state.ctx(), &input)
}

#[tauri::command]
pub async fn log_call(state: State<'_, AppState>, input: CallInput) -> Result<Contact> {
    chase::log_call(&mut *state.conn()?, &state.ctx(), &input)
}

#[tauri::command]
pub async fn snooze(state: State<'_, AppState>, input: SkipInput) -> Result<Vec<i64>> {
    chase::snooze(&mut *state.conn()?, &state.ctx(), &input)
}

#[tauri::command]
pub async fn skip(state: State<'_, AppState>, input: SkipInput) -> Result<Vec<i64>> {
    chase::skip(&mut *state.conn()?, &state.ctx(), &input)
}

/// Writes the letter to the documents folder and opens it in the system's
/// PDF viewer (to print). `OVERDUE_NO_OPEN` (tests) skips the viewer.
#[tauri::command]
pub async fn open_letter(app: AppHandle, state: State<'_, AppState>, request: LetterRequest) -> Result<String> {
    let path = letter::save(&*state.conn()?, &state.ctx(), &request, None)?;
    if std::env::var_os("OVERDUE_NO_OPEN").is_none() {
        app.opener()
            .open_path(path.display().to_string(), None::<&str>)
            .map_err(|e| Error::Conflict(format!("the letter was saved to {} but could not be opened ({e})", path.display())))?;
    }
    Ok(path.display().to_string())
}

/// Saves the letter where the user chooses (native dialog). None = cancelled.
#[tauri::command]
pub async fn save_letter_as(app: AppHandle, state: State<'_, AppState>, request: LetterRequest) -> Result<Option<String>> {
    let (bytes, name) = letter::pdf(&*state.conn()?, &state.ctx(), &request)?;
    let target = match std::env::var_os("OVERDUE_SAVE_FILE") {
        Some(p) => Some(std::path::PathBuf::from(p)),
        None => app
            .dialog()
            .file()
            .set_title("Save the letter as PDF")
            .set_file_name(&name)
            .add_filter("PDF", &["pdf"])
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(path) = target else { return Ok(None) };
    std::fs::write(&path, bytes)?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn outbox(state: State<'_, AppState>, status: String) -> Result<Vec<Contact>> {
    chase::outbox(&*state.conn()?, &status, 500)
}

#[derive(Serialize)]
pub struct ClientChase {
    controls: ClientControls,
    promises: Vec<PromiseRow>,
    contacts: Vec<Contact>,
    business_policy: String,
}

#[tauri::command]
pub async fn client_chase(state: State<'_, AppState>, id: i64) -> Result<ClientChase> {
    let mut conn = state.conn()?;
    let grace = settings::chase(&conn)?.promise_grace_days;
    overdue_core::sweep::run(&mut conn, &state.ctx())?;
    Ok(ClientChase {
        controls: chase::client_controls(&conn, id)?,
        promises: promise::list(&conn, Some(id), grace)?,
        contacts: chase::contacts_of(&conn, id)?,
        business_policy: settings::interest_policy(&conn)?.label(),
    })
}

#[tauri::command]
pub async fn set_client_controls(state: State<'_, AppState>, id: i64, input: ClientControls) -> Result<ClientControls> {
    chase::set_client_controls(&mut *state.conn()?, id, &input, state.today())
}

#[tauri::command]
pub async fn invoice_controls(state: State<'_, AppState>, id: i64) -> Result<InvoiceControls> {
    chase::invoice_controls(&*state.conn()?, id)
}

#[tauri::command]
pub async fn set_invoice_controls(state: State<'_, AppState>, id: i64, input: InvoiceControls) -> Result<InvoiceControls> {
    chase::set_invoice_controls(&mut *state.conn()?, id, &input, state.today())
}

#[tauri::command]
pub async fn create_promise(state: State<'_, AppState>, input: PromiseInput) -> Result<PromiseRow> {
    promise::create(&mut *state.conn()?, &input, state.today())
}

#[tauri::command]
pub async fn cancel_promise(state: State<'_, AppState>, id: i64, reason: String) -> Result<()> {
    promise::cancel(&mut *state.conn()?, id, &reason, state.today())
}

// ---------------------------------------------------------------- settings

#[derive(Serialize)]
pub struct ChaseSetup {
    stages: Vec<Stage>,
    settings: ChaseSettings,
    policy: InterestPolicy,
    policy_label: String,
    rates: Vec<ReferenceRate>,
    /// Up to when each region's table is known to be current (YYYY-MM-DD).
    rates_known_until: std::collections::BTreeMap<String, String>,
    /// Set when the policy's reference rates have not been brought up to
    /// date for more than six months.
    rates_warning: String,
    smtp: SmtpSettings,
    password: PasswordNeed,
    placeholders: Vec<(&'static str, &'static str)>,
}

#[tauri::command]
pub async fn chase_setup(state: State<'_, AppState>) -> Result<ChaseSetup> {
    let conn = state.conn()?;
    let smtp = settings::smtp(&conn)?;
    let policy = settings::interest_policy(&conn)?;
    let rates_warning = interest::rates_warning(&conn, &policy, state.today())?;
    Ok(ChaseSetup {
        stages: ladder::stages(&conn)?,
        settings: settings::chase(&conn)?,
        policy_label: policy.label(),
        policy,
        rates: interest::list_rates(&conn)?,
        rates_known_until: {
            let t = interest::load(&conn)?;
            ["GB", "EU"].iter().filter_map(|r| t.known_until(r).map(|d| (r.to_string(), d.to_string()))).collect()
        },
        rates_warning: rates_warning.unwrap_or_default(),
        password: password_need(&state, &smtp),
        smtp,
        placeholders: template::PLACEHOLDERS.to_vec(),
    })
}

/// The owner checked the region's reference rates today: the table is current.
#[tauri::command]
pub async fn confirm_rates_current(state: State<'_, AppState>, region: String) -> Result<()> {
    interest::confirm_rates_current(&*state.conn()?, &region, state.today())
}

#[tauri::command]
pub async fn save_stage(state: State<'_, AppState>, id: Option<i64>, input: StageInput) -> Result<Stage> {
    let mut conn = state.conn()?;
    match id {
        Some(id) => ladder::update_stage(&mut conn, id, &input),
        None => ladder::create_stage(&mut conn, &input),
    }
}

#[tauri::command]
pub async fn get_template(state: State<'_, AppState>, stage_id: i64, channel: String) -> Result<Template> {
    ladder::template(&*state.conn()?, stage_id, &channel)
}

#[tauri::command]
pub async fn save_template(state: State<'_, AppState>, input: Template) -> Result<Template> {
    ladder::save_template(&*state.conn()?, &input)
}

#[tauri::command]
pub async fn reset_template(state: State<'_, AppState>, stage_id: i64, channel: String) -> Result<Template> {
    ladder::reset_template(&*state.conn()?, stage_id, &channel)
}

#[tauri::command]
pub async fn preview_template(state: State<'_, AppState>, client_id: Option<i64>, stage_id: i64, subject: String, body: String) -> Result<TemplatePreview> {
    chase::preview_template(&*state.conn()?, &state.ctx(), client_id, stage_id, &subject, &body)
}

#[tauri::command]
pub async fn save_chase_settings(state: State<'_, AppState>, input: ChaseSettings) -> Result<ChaseSettings> {
    settings::save_chase(&*state.conn()?, &input)
}

#[tauri::command]
pub async fn save_interest_policy(state: State<'_, AppState>, policy: InterestPolicy) -> Result<InterestPolicy> {
    settings::save_interest_policy(&*state.conn()?, policy)
}

#[tauri::command]
pub async fn set_reference_rate(state: State<'_, AppState>, input: ReferenceRate) -> Result<ReferenceRate> {
    interest::set_rate(&*state.conn()?, &input)
}

#[tauri::command]
pub async fn delete_reference_rate(state: State<'_, AppState>, region: String, effective_from: String) -> Result<()> {
    interest::delete_rate(&*state.conn()?, &region, &effective_from)
}

#[tauri::command]
pub async fn save_smtp(state: State<'_, AppState>, input: SmtpSettings, password: Option<String>, remember: bool) -> Result<PasswordNeed> {
    let smtp = settings::save_smtp(&*state.conn()?, &input)?;
    take_password(&state, &smtp, password, remember);
    Ok(password_need(&state, &smtp))
}

#[tauri::command]
pub async fn test_smtp(state: State<'_, AppState>, password: Option<String>) -> Result<String> {
    let smtp = settings::smtp(&*state.conn()?)?;
    let pw = password.filter(|p| !p.is_empty()).or_else(|| state.smtp_password(&smtp).0);
    let s2 = smtp.clone();
    tauri::async_runtime::spawn_blocking(move || mail::test_connection(&s2, pw.as_deref()))
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
        .map_err(Error::Conflict)?;
    Ok(format!("Connected to {}:{}{}", smtp.host, smtp.port, if smtp.username.is_empty() { String::new() } else { format!(" and logged in as {}", smtp.username) }))
}

/// While the window is open, automatic email stages send themselves: a
/// check shortly after start and then every 15 minutes (guards respected).
/// The database is locked only around each step, never during SMTP.
pub fn start_auto_sender(app: AppHandle) {
    use tauri::Manager;
    // Test seams: OVERDUE_AUTO_SEND_DELAY / _EVERY (seconds).
    let secs = |name: &str, default: u64| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok()).unwrap_or(default);
    let (delay, every) = (secs("OVERDUE_AUTO_SEND_DELAY", 20), secs("OVERDUE_AUTO_SEND_EVERY", 15 * 60).max(1));
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(delay));
        let state = app.state::<AppState>();
        let run = || -> Result<usize> {
            let smtp = settings::smtp(&*state.conn()?)?;
            if !smtp.is_configured() {
                return Ok(0);
            }
            let (pw, _) = state.smtp_password(&smtp);
            if !smtp.username.is_empty() && pw.is_none() {
                return Ok(0);
            }
            let ctx = state.ctx();
            let queued = chase::queue_due(&mut *state.conn()?, &ctx, false, false)?;
            let mut sent = 0;
            for (mut line, id) in queued {
                let Some(id) = id else { continue };
                let d = chase::delivery(&*state.conn()?, id)?;
                let result = d.send(pw.as_deref());
                let c = chase::mark_email_result(&mut *state.conn()?, &ctx, id, result)?;
                chase::settle_line(&mut line, &c);
                if line.result == "sent" {
                    sent += 1;
                } else {
                    eprintln!("overdue: automatic reminder to {} not sent: {}", line.client_name, line.reason);
                }
            }
            Ok(sent)
        };
        match run() {
            Ok(n) if n > 0 => eprintln!("overdue: sent {n} automatic reminder(s)"),
            Ok(_) => {}
            Err(e) => eprintln!("overdue: automatic reminders: {e}"),
        }
        std::thread::sleep(std::time::Duration::from_secs(every.saturating_sub(delay).max(1)));
    });
}
