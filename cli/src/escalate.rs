//! The last steps: handing a case over, and writing a debt off.

use crate::context::Run;
use crate::output::{out, print_json};
use clap::Subcommand;
use overdue_core::{ledger, Result};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum EscalateCmd {
    /// Hand a case over to a collection agency or solicitor: the pack as PDF (+ CSV beside it)
    Escalate {
        #[arg(long)]
        client: String,
        /// agency or solicitor
        #[arg(long, default_value = "agency")]
        to: String,
        /// Why (printed in the pack)
        #[arg(long)]
        reason: String,
        /// Also copy the pack here (the CSV goes beside it)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write a client's open debt off, with a reason (all open invoices, or --invoice N …)
    WriteOff {
        #[arg(long)]
        client: String,
        #[arg(long)]
        reason: String,
        #[arg(long = "invoice")]
        invoices: Vec<String>,
    },
}

pub fn run(cmd: EscalateCmd, r: &mut Run) -> Result<()> {
    match cmd {
        EscalateCmd::Escalate { client, to, reason, out } => {
            let json = r.json;
                let c = ledger::find_client(&r.conn, &client)?;
            let e = overdue_core::escalation::escalate(&mut r.conn, &r.ctx, &overdue_core::escalation::EscalateInput { client_id: c.id, to_whom: to, reasons: reason }, out.as_deref())?;
            for w in &e.warnings {
                eprintln!("warning: {w}");
            }
            if json {
                print_json(&e);
            } else {
                out!("{} handed over ({} claimed){}", c.name, e.total.display, if e.letter_before_claim { "; letter before claim included" } else { "" });
                out!("Pack: {}\nData: {}", e.pack, e.csv);
            }
        }
        EscalateCmd::WriteOff { client, reason, invoices } => {
            let json = r.json;
                let c = ledger::find_client(&r.conn, &client)?;
            let a = overdue_core::escalation::write_off(&mut r.conn, &r.ctx, c.id, &invoices, &reason)?;
            if json {
                print_json(&serde_json::json!({ "written_off": a }));
            } else {
                out!("{} written off for {}: {reason}", a.display, c.name);
            }
        }
    }
    Ok(())
}
