use crate::state::AppState;
use overdue_core::model::*;
use overdue_core::report::{self, ClientQuery, InvoiceQuery};
use overdue_core::{ledger, Result};
use tauri::State;

#[tauri::command]
pub async fn aging(state: State<'_, AppState>) -> Result<AgingSummary> {
    report::aging(&*state.conn()?, state.today())
}

#[tauri::command]
pub async fn list_invoices(state: State<'_, AppState>, query: InvoiceQuery) -> Result<Page<InvoiceRow>> {
    report::invoices(&*state.conn()?, &query, state.today())
}

#[tauri::command]
pub async fn list_clients(state: State<'_, AppState>, query: ClientQuery) -> Result<Page<ClientRow>> {
    report::clients(&*state.conn()?, &query, state.today())
}

#[tauri::command]
pub async fn client_detail(state: State<'_, AppState>, id: i64) -> Result<overdue_core::views::client::ClientPage> {
    let conn = state.conn()?;
    let ctx = state.ctx();
    let mut cache = state.today_cache.lock().map_err(|_| overdue_core::Error::Conflict("Today's cache is unusable after an earlier failure; restart Overdue".into()))?;
    let t = cache.today(&conn, &ctx)?;
    overdue_core::views::client::client_page(&conn, &ctx, t, id)
}

#[tauri::command]
pub async fn create_client(state: State<'_, AppState>, input: ClientInput) -> Result<Client> {
    ledger::create_client(&mut *state.conn()?, &input, state.today())
}

#[tauri::command]
pub async fn update_client(state: State<'_, AppState>, id: i64, input: ClientInput) -> Result<Client> {
    ledger::update_client(&mut *state.conn()?, id, &input, state.today())
}

#[tauri::command]
pub async fn create_invoice(state: State<'_, AppState>, input: InvoiceInput) -> Result<InvoiceRow> {
    ledger::create_invoice(&mut *state.conn()?, &input, state.today())
}

#[tauri::command]
pub async fn update_invoice(state: State<'_, AppState>, id: i64, input: InvoiceInput) -> Result<InvoiceRow> {
    ledger::update_invoice(&mut *state.conn()?, id, &input, state.today())
}

#[tauri::command]
pub async fn record_payment(state: State<'_, AppState>, input: PaymentInput) -> Result<PaymentReceipt> {
    overdue_core::payments::record(&mut *state.conn()?, &state.ctx(), &input)
}

/// Takes back a payment recorded by hand (a notice's Undo).
#[tauri::command]
pub async fn undo_payment(state: State<'_, AppState>, id: i64) -> Result<String> {
    overdue_core::payments::undo(&mut *state.conn()?, &state.ctx(), id)
}

/// The numbers to steer by (dashboard "How collection is going").
#[tauri::command]
pub async fn steering(state: State<'_, AppState>) -> Result<overdue_core::steer::Steering> {
    let mut conn = state.conn()?;
    let ctx = state.ctx();
    // Defaults and completions are current before counting.
    overdue_core::sweep::run(&mut conn, &ctx)?;
    overdue_core::steer::steering(&conn, ctx.today)
}
