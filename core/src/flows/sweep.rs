//! The state changes that follow from time passing, in one explicit step:
//! promises come due (kept, partly kept, broken), a sent agreement not back
//! by its date lapses, a missed instalment past its cure period puts an
//! agreement in default, and a completed agreement gets its completion
//! letter. Reads (Today, the agreement and client pages) never do this; the
//! shells call `run` when the window starts or shows Today, after a command
//! that may change it, and before the CLI's `today`, `remind` and agreement
//! commands. Returns what changed, in words.

use crate::ctx::Ctx;
use crate::error::Result;
use rusqlite::Connection;

pub fn run(conn: &mut Connection, ctx: &Ctx) -> Result<Vec<String>> {
    let grace = crate::settings::chase(conn)?.promise_grace_days;
    let mut changed: Vec<String> = crate::promise::refresh(conn, ctx.today, grace)?.into_iter().map(|id| format!("promise {id} came due")).collect();
    changed.extend(crate::flows::agreement::expire_overdue(conn, ctx)?);
    changed.extend(crate::follow::refresh(conn, ctx)?);
    Ok(changed)
}
