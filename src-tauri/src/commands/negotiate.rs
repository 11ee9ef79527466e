//! Negotiation: the case, options, counter-offers, agreeing in principle,
//! and the bottom line. Thin adapters over `overdue_core::negotiation`.

use crate::state::AppState;
use overdue_core::negotiation::{self, AgreeInput, Arrangement, BottomLine, CaseInput, Options, Verdict};
use overdue_core::{Error, Result};
use serde::Serialize;
use tauri::State;

#[derive(Serialize)]
pub struct Desk {
    input: CaseInput,
    options: Options,
    arrangements: Vec<Arrangement>,
}

/// Opens the negotiation desk for a client: the stored notes (or none yet),
/// the case, its options and any arrangement.
#[tauri::command]
pub async fn negotiation_desk(state: State<'_, AppState>, client_id: i64) -> Result<Desk> {
    let conn = state.conn()?;
    let input = negotiation::open_case_input(&conn, client_id)?.unwrap_or(CaseInput { client_id, ..Default::default() });
    let ctx = state.ctx();
    let options = negotiation::options(&negotiation::case(&conn, &ctx, &input)?)?;
    Ok(Desk { input, options, arrangements: negotiation::arrangements(&conn, Some(client_id))? })
}

/// Saves the notes (capacity, reason, circumstances, proposal) and returns fresh options.
#[tauri::command]
pub async fn save_negotiation(state: State<'_, AppState>, input: CaseInput) -> Result<Options> {
    let case = negotiation::save_case(&mut *state.conn()?, &state.ctx(), &input)?;
    Ok(negotiation::options(&case)?)
}

#[tauri::command]
pub async fn check_offer(state: State<'_, AppState>, input: CaseInput, offer: String) -> Result<Verdict> {
    let conn = state.conn()?;
    Ok(negotiation::check(&negotiation::case(&conn, &state.ctx(), &input)?, &offer)?)
}

/// Records an offer received (typed) or made (an option by key) in the history.
#[tauri::command]
pub async fn record_offer(state: State<'_, AppState>, input: CaseInput, direction: String, offer: String, option_key: String) -> Result<()> {
    let mut conn = state.conn()?;
    let case = negotiation::case(&conn, &state.ctx(), &input)?;
    let proposal = if direction == "received" {
        negotiation::check(&case, &offer)?.proposal
    } else {
        negotiation::options(&case)?.options.into_iter().find(|p| p.key == option_key).ok_or_else(|| Error::invalid("option", "not one of the options"))?
    };
    let text = if offer.trim().is_empty() { proposal.title.clone() } else { offer };
    negotiation::record_offer(&mut conn, &case, &direction, &text, &proposal)
}

#[tauri::command]
pub async fn agree_in_principle(state: State<'_, AppState>, input: AgreeInput) -> Result<Arrangement> {
    negotiation::agree(&mut *state.conn()?, &state.ctx(), &input)
}

#[tauri::command]
pub async fn withdraw_arrangement(state: State<'_, AppState>, id: i64, reason: String) -> Result<()> {
    negotiation::withdraw(&mut *state.conn()?, id, &reason, state.today())
}

#[derive(Serialize)]
pub struct Limits {
    business: BottomLine,
    client: Option<BottomLine>,
}

#[tauri::command]
pub async fn bottom_line(state: State<'_, AppState>, client_id: Option<i64>) -> Result<Limits> {
    let conn = state.conn()?;
    Ok(Limits {
        business: negotiation::business_bottom_line(&conn)?,
        client: match client_id {
            Some(id) => negotiation::client_bottom_line(&conn, id)?,
            None => None,
        },
    })
}

/// Saves the business's limits (no client) or a client's (None = back to the business's).
#[tauri::command]
pub async fn save_bottom_line(state: State<'_, AppState>, client_id: Option<i64>, input: Option<BottomLine>) -> Result<Option<BottomLine>> {
    let conn = state.conn()?;
    match client_id {
        Some(id) => negotiation::save_client_bottom_line(&conn, id, input.as_ref(), state.today()),
        None => {
            let b = input.ok_or_else(|| Error::invalid("bottom line", "is required"))?;
            negotiation::save_business_bottom_line(&conn, &b).map(Some)
        }
    }
}
