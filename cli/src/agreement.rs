//! The written-agreement commands of the CLI: agreement draft / show /
//! issue / email / sign / countersign / decline, agreements, documents.

use crate::output::{cell, out, print_json};
use clap::Subcommand;
use overdue_core::agreement::{self, Agreement, CountersignInput, DraftInput, SignInput};
use crate::context::Run;
use overdue_core::chase::{self, Ctx};
use overdue_core::rusqlite::Connection;
use overdue_core::{ledger, Result};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum AgreementCmd {
    /// Write the agreement (PDF + cover letter) for the client's arrangement agreed in principle; again = a new version
    Draft {
        #[arg(long)]
        client: String,
        /// Date the signed copy should be back (default: in 14 days)
        #[arg(long)]
        return_by: Option<String>,
        /// Days to catch up a late payment before default (default 14)
        #[arg(long)]
        cure_days: Option<u32>,
        /// Fee for a payment made late (default: none)
        #[arg(long, allow_hyphen_values = true)]
        late_fee: Option<String>,
        /// Who signs for the client (default: the contact person)
        #[arg(long)]
        signatory: Option<String>,
        #[arg(long)]
        signatory_title: Option<String>,
        /// Add witness lines
        #[arg(long)]
        witness: bool,
        /// A4 or Letter (default: the setting)
        #[arg(long)]
        paper: Option<String>,
        /// Also copy the PDF here (it is always kept in the documents folder)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// One agreement with its documents and instalments
    Show {
        #[arg(long)]
        id: i64,
    },
    /// Record that it was given to the client: post, hand or print
    Issue {
        #[arg(long)]
        id: i64,
        #[arg(long, default_value = "post")]
        how: String,
    },
    /// Email it with the cover text through the outbox (and send now)
    Email {
        #[arg(long)]
        id: i64,
    },
    /// Record the client's signed copy (PDF, JPEG or PNG)
    Sign {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        file: PathBuf,
        /// Date they signed (YYYY-MM-DD)
        #[arg(long)]
        date: String,
        /// Who signed (default: the signatory named in it)
        #[arg(long)]
        by: Option<String>,
    },
    /// Countersign for the business: the agreement becomes active
    Countersign {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        date: String,
        #[arg(long)]
        by: Option<String>,
        /// The copy signed by both, if you have one
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// The client declined: back to negotiation
    Decline {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// End an active or defaulted agreement to agree new terms: back to negotiation
    Renegotiate {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        reason: String,
    },
}

fn print_agreement(a: &Agreement) {
    let c = &a.content;
    out!("{} v{} — {} — {}", a.reference, a.version, c.title, a.client_name);
    out!("Status: {}", a.status_label);
    out!("Fingerprint: {}", a.fingerprint);
    out!("Balance on {}: {} · payable {}{}", c.balance_on, c.balance, c.payable, if c.waived.is_empty() { String::new() } else { format!(" · waived if kept: {}", c.waived) });
    out!("Return by {} · cure period {} days · late fee {}", c.return_by, c.cure_days, if c.late_fee.is_empty() { "none" } else { &c.late_fee });
    if !a.debtor_signed_on.is_empty() {
        out!("Signed by {} on {}", a.debtor_signed_by, a.debtor_signed_on);
    }
    if !a.countersigned_on.is_empty() {
        out!("Countersigned by {} on {}", a.countersigned_by, a.countersigned_on);
    }
    if !a.instalments.is_empty() {
        out!("Instalments:");
        for i in &a.instalments {
            out!("  {:>3}. {}  {:>12}  paid {:>12}  {}", i.number, i.due_date, i.amount.display, i.paid.display, i.state_label);
        }
    }
    for d in &a.documents {
        out!("  [{}] v{} {}  sha256 {}…", d.kind, d.version, d.path, &d.sha256[..12]);
    }
}

pub fn run(cmd: AgreementCmd, conn: &mut Connection, ctx: &Ctx, json: bool) -> Result<()> {
    overdue_core::sweep::run(conn, ctx)?;
    let a = match cmd {
        AgreementCmd::Draft { client, return_by, cure_days, late_fee, signatory, signatory_title, witness, paper, out } => {
            let c = ledger::find_client(conn, &client)?;
            let input = DraftInput {
                client_id: c.id,
                return_by: return_by.unwrap_or_default(),
                cure_days,
                late_fee: late_fee.unwrap_or_default(),
                debtor_signatory: signatory.unwrap_or_default(),
                debtor_signatory_title: signatory_title.unwrap_or_default(),
                witness,
                paper: paper.unwrap_or_default(),
            };
            let made = agreement::draft(conn, ctx, &input)?;
            let mut pdf = made.pdf.clone();
            if let Some(o) = out {
                if let Some(dir) = o.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::copy(&made.pdf, &o)?;
                pdf = o.display().to_string();
            }
            if json {
                print_json(&serde_json::json!({ "agreement": made.agreement, "pdf": pdf, "kept": made.pdf, "cover_letter": made.cover_letter }));
            } else {
                out!("Agreement {} v{} written for {} (fingerprint {})", made.agreement.reference, made.agreement.version, made.agreement.client_name, made.agreement.fingerprint);
                out!("PDF: {pdf}");
                out!("Cover letter: {}", made.cover_letter);
                out!("Agreement id {}: send it (agreement email / issue), then record the signed copy (agreement sign).", made.agreement.id);
            }
            return Ok(());
        }
        AgreementCmd::Show { id } => agreement::get(conn, ctx, id)?,
        AgreementCmd::Issue { id, how } => agreement::issue(conn, ctx, id, &how)?,
        AgreementCmd::Email { id } => {
            let q = agreement::queue_email(conn, ctx, id, None, None)?;
            let d = chase::delivery(conn, q.contact_id)?;
            let pw = crate::context::smtp_password(conn)?;
            let a = agreement::email_result(conn, ctx, id, q.contact_id, d.send(pw.as_deref()))?;
            if !json {
                out!("Emailed to {}: {}", q.to, q.subject);
            }
            a
        }
        AgreementCmd::Sign { id, file, date, by } => {
            agreement::record_signed(conn, ctx, &SignInput { id, file: file.display().to_string(), date, by: by.unwrap_or_default() })?
        }
        AgreementCmd::Countersign { id, date, by, file } => agreement::countersign(
            conn,
            ctx,
            &CountersignInput { id, date, by: by.unwrap_or_default(), file: file.map(|f| f.display().to_string()).unwrap_or_default() },
        )?,
        AgreementCmd::Decline { id, reason } => agreement::decline(conn, ctx, id, &reason)?,
        AgreementCmd::Renegotiate { id, reason } => overdue_core::follow::renegotiate(conn, ctx, id, &reason)?,
    };
    if json {
        print_json(&a);
    } else {
        print_agreement(&a);
    }
    Ok(())
}

pub fn agreements(conn: &mut Connection, ctx: &Ctx, client: Option<String>, json: bool) -> Result<()> {
    overdue_core::sweep::run(conn, ctx)?;
    let id = match client {
        Some(c) => Some(ledger::find_client(conn, &c)?.id),
        None => None,
    };
    let list = agreement::list(conn, ctx, id)?;
    if json {
        print_json(&list);
    } else {
        for a in &list {
            out!("#{}  {}  v{}  {}  {}  {}", a.id, a.reference, a.version, cell(a.status.as_str(), 13), cell(&a.client_name, 26), a.content.payable);
        }
        out!("{} agreement(s)", list.len());
    }
    Ok(())
}

pub fn documents(conn: &Connection, ctx: &Ctx, client: &str, json: bool) -> Result<()> {
    let c = ledger::find_client(conn, client)?;
    let list = agreement::documents(conn, &ctx.docs_dir, c.id)?;
    if json {
        print_json(&list);
    } else {
        for d in &list {
            out!("{}  {}  v{}  {}  {}{}", d.created_at, cell(&d.kind, 18), d.version, d.title, d.path, if d.exists { "" } else { "  (missing)" });
        }
        out!("{} document(s)", list.len());
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum AgreementsCmd {
    /// The written agreement: draft, show, issue, email, sign, countersign, decline, renegotiate
    Agreement {
        #[command(subcommand)]
        what: AgreementCmd,
    },
    /// Written agreements with their state and instalments
    Agreements {
        #[arg(long)]
        client: Option<String>,
    },
    /// A client's documents: agreements, cover letters, signed copies, letters
    Documents {
        #[arg(long)]
        client: String,
    },
}

/// The agreement commands.
pub fn run_group(cmd: AgreementsCmd, r: &mut Run) -> Result<()> {
    match cmd {
        AgreementsCmd::Agreement { what } => run(what, &mut r.conn, &r.ctx, r.json),
        AgreementsCmd::Agreements { client } => agreements(&mut r.conn, &r.ctx, client, r.json),
        AgreementsCmd::Documents { client } => documents(&r.conn, &r.ctx, &client, r.json),
    }
}
