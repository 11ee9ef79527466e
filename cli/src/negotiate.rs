//! The negotiation commands of the CLI: negotiate (notes, options, check,
//! agree), arrangements, bottom-line.

use crate::output::{cell, out, print_json, rcell};
use clap::Subcommand;
use crate::context::Run;
use overdue_core::chase::Ctx;
use overdue_core::negotiation::{self, AgreeInput, BottomLine, CaseInput, Proposal};
use overdue_core::rusqlite::Connection;
use overdue_core::{ledger, Error, Result};

#[derive(Subcommand)]
pub enum NegotiateCmd {
    /// Save what the debtor said: capacity per month, reason, circumstances, proposal
    Notes {
        #[arg(long)]
        client: String,
        #[command(flatten)]
        case: CaseArgs,
    },
    /// The concrete offers for a client, each with its schedule and labels
    Options {
        #[arg(long)]
        client: String,
        #[command(flatten)]
        case: CaseArgs,
    },
    /// Check what the debtor proposes, e.g. --offer "£150 a month starting next month"
    Check {
        #[arg(long)]
        client: String,
        #[arg(long)]
        offer: String,
        /// Also record it in the client's history as an offer received
        #[arg(long)]
        log: bool,
        #[command(flatten)]
        case: CaseArgs,
    },
    /// Agree in principle on an option (by key) or on a typed offer
    Agree {
        #[arg(long)]
        client: String,
        /// full, plan_monthly, plan_monthly_round, plan_fortnightly, plan_weekly, good_faith, good_faith_round, settlement, waive, waive_round, deferred (see `negotiate options`)
        #[arg(long)]
        option: Option<String>,
        #[arg(long)]
        offer: Option<String>,
        /// With --offer: agree on the nearest acceptable alternative to it
        #[arg(long)]
        nearest: bool,
        /// Reason to agree outside the bottom line (logged)
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
    },
}

#[derive(clap::Args, Default)]
pub struct CaseArgs {
    /// What they can pay a month
    #[arg(long, allow_hyphen_values = true)]
    capacity: Option<String>,
    /// forgot, cash_flow, dispute, hardship_job_loss, hardship_illness, hardship_other, other
    #[arg(long)]
    reason: Option<String>,
    #[arg(long)]
    circumstances: Option<String>,
    #[arg(long)]
    proposal: Option<String>,
}

/// The stored notes of the open negotiation, with anything given on the command line on top.
fn case_input(conn: &Connection, client_id: i64, a: CaseArgs) -> Result<CaseInput> {
    let mut c = negotiation::open_case_input(conn, client_id)?.unwrap_or(CaseInput { client_id, ..Default::default() });
    if let Some(v) = a.capacity {
        c.capacity = v;
    }
    if let Some(v) = a.reason {
        c.reason = v;
    }
    if let Some(v) = a.circumstances {
        c.circumstances = v;
    }
    if let Some(v) = a.proposal {
        c.proposal = v;
    }
    Ok(c)
}

fn print_proposal(p: &Proposal) {
    let mark = if p.within_bottom_line { "within" } else { "OUTSIDE" };
    let afford = match p.affordable {
        Some(true) => "affordable",
        Some(false) => "not affordable",
        None => "capacity unknown",
    };
    out!("{}  {}  [{mark} the bottom line; {afford}]", cell(&p.key, 17), p.title);
    out!("{}  {}", cell("", 17), p.terms);
    out!("{}  receives {} · fully paid {}{}", cell("", 17), p.total_received.display, p.fully_paid_on, if p.breaks.is_empty() { String::new() } else { format!(" · breaks: {}", p.breaks.join("; ")) });
}

pub fn run(cmd: NegotiateCmd, conn: &mut Connection, ctx: &Ctx, json: bool) -> Result<()> {
    match cmd {
        NegotiateCmd::Notes { client, case } => {
            let c = ledger::find_client(conn, &client)?;
            let input = case_input(conn, c.id, case)?;
            let saved = negotiation::save_case(conn, ctx, &input)?;
            if json {
                print_json(&saved);
            } else {
                out!("Notes saved for {}: owes {} ({} principal + {} charges){}", saved.client_name, saved.total.display, saved.principal.display, saved.charges.display, saved.capacity.map(|c| format!("; can pay {} a month", c.display)).unwrap_or_default());
            }
        }
        NegotiateCmd::Options { client, case } => {
            let c = ledger::find_client(conn, &client)?;
            let input = case_input(conn, c.id, case)?;
            let o = negotiation::options(&negotiation::case(conn, ctx, &input)?)?;
            if json {
                print_json(&o);
            } else {
                let k = &o.case;
                out!("{} owes {} ({} principal + {} charges); can pay {} a month", k.client_name, k.total.display, k.principal.display, k.charges.display, k.capacity.as_ref().map(|c| c.display.clone()).unwrap_or_else(|| "?".into()));
                out!("Bottom line ({}): settle no lower than {}, at most {} months, instalments of at least {}, good-faith first payment {}", k.limits.source, k.limits.min_settlement.display, k.limits.max_months, k.limits.min_instalment.display, k.limits.good_faith.display);
                for p in &o.options {
                    out!();
                    print_proposal(p);
                }
                if !o.recommendation.is_empty() {
                    out!();
                    out!("{}", o.recommendation);
                }
            }
        }
        NegotiateCmd::Check { client, offer, log, case } => {
            let c = ledger::find_client(conn, &client)?;
            let input = case_input(conn, c.id, case)?;
            let k = negotiation::case(conn, ctx, &input)?;
            let v = negotiation::check(&k, &offer)?;
            if log {
                negotiation::record_offer(conn, &k, "received", &offer, &v.proposal)?;
            }
            if json {
                print_json(&v);
            } else {
                out!("Read as: {}", v.understood);
                out!("{}", if v.acceptable { "Acceptable: within the bottom line." } else { "Not acceptable." });
                print_proposal(&v.proposal);
                if let Some(n) = &v.nearest {
                    out!();
                    out!("Nearest acceptable alternative:");
                    print_proposal(n);
                }
                for r in &v.proposal.schedule {
                    out!("  {}  {}  {}  balance {}", rcell(&r.number.to_string(), 3), r.due_date, rcell(&r.amount.display, 12), r.balance_after.display);
                }
            }
        }
        NegotiateCmd::Agree { client, option, offer, nearest, override_reason } => {
            let c = ledger::find_client(conn, &client)?;
            if option.is_none() == offer.is_none() {
                return Err(Error::invalid("agree", "give either --option KEY or --offer TEXT"));
            }
            let a = negotiation::agree(conn, ctx, &AgreeInput { client_id: c.id, option_key: option.unwrap_or_default(), offer: offer.unwrap_or_default(), use_nearest: nearest, override_reason: override_reason.unwrap_or_default() })?;
            if json {
                print_json(&a);
            } else {
                out!("Agreed in principle with {} (arrangement #{}): {}", a.client_name, a.id, a.terms);
            }
        }
    }
    Ok(())
}

pub fn arrangements(conn: &Connection, client: Option<String>, json: bool) -> Result<()> {
    let id = match client {
        Some(c) => Some(ledger::find_client(conn, &c)?.id),
        None => None,
    };
    let list = negotiation::arrangements(conn, id)?;
    if json {
        print_json(&list);
    } else {
        for a in &list {
            out!("#{}  {}  {}  {}  {}", a.id, cell(&a.status, 19), cell(&a.client_name, 26), rcell(&a.total.display, 12), a.terms);
        }
        out!("{} arrangement(s)", list.len());
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct BottomLineArgs {
    /// A client's own limits (default: the business's)
    #[arg(long)]
    client: Option<String>,
    /// Back to the business default (with --client)
    #[arg(long)]
    reset: bool,
    /// Lowest settlement: a percentage ("80%") or an amount
    #[arg(long)]
    min_settlement: Option<String>,
    #[arg(long)]
    max_months: Option<u32>,
    #[arg(long)]
    min_instalment: Option<String>,
    /// Good-faith first payment: a percentage ("10%") or an amount
    #[arg(long)]
    good_faith: Option<String>,
    /// yes or no
    #[arg(long)]
    waive: Option<String>,
    /// Largest lump-sum discount as a percentage, or "no"
    #[arg(long)]
    discount: Option<String>,
    /// Interest on plans, percent a year (0 = none)
    #[arg(long)]
    plan_interest: Option<String>,
}

fn pct_or_amount(v: &str) -> (String, String) {
    if v.trim().ends_with('%') {
        (v.trim().trim_end_matches('%').to_string(), String::new())
    } else {
        (String::new(), v.trim().to_string())
    }
}

fn yes(v: &str, field: &str) -> Result<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(Error::invalid(field, format!("'{v}' is not yes or no"))),
    }
}

pub fn bottom_line(conn: &Connection, ctx: &Ctx, a: BottomLineArgs, json: bool) -> Result<()> {
    let client_id = match &a.client {
        Some(c) => Some(ledger::find_client(conn, c)?.id),
        None => None,
    };
    let current = match client_id {
        Some(id) => negotiation::client_bottom_line(conn, id)?.unwrap_or(negotiation::business_bottom_line(conn)?),
        None => negotiation::business_bottom_line(conn)?,
    };
    let mut b: BottomLine = current.clone();
    if let Some(v) = &a.min_settlement {
        (b.min_settlement_pct, b.min_settlement_amount) = pct_or_amount(v);
    }
    if let Some(v) = a.max_months {
        b.max_months = v;
    }
    if let Some(v) = &a.min_instalment {
        b.min_instalment = v.clone();
    }
    if let Some(v) = &a.good_faith {
        (b.good_faith_pct, b.good_faith_amount) = pct_or_amount(v);
    }
    if let Some(v) = &a.waive {
        b.may_waive_charges = yes(v, "--waive")?;
    }
    if let Some(v) = &a.discount {
        if v.trim().eq_ignore_ascii_case("no") {
            b.may_discount = false;
        } else {
            b.may_discount = true;
            b.max_discount_pct = v.trim().trim_end_matches('%').to_string();
        }
    }
    if let Some(v) = &a.plan_interest {
        b.plan_interest_pct = v.clone();
    }
    let saved = match (client_id, a.reset) {
        (Some(id), true) => {
            negotiation::save_client_bottom_line(conn, id, None, ctx.today)?;
            negotiation::business_bottom_line(conn)?
        }
        (Some(id), false) if b != current => negotiation::save_client_bottom_line(conn, id, Some(&b), ctx.today)?.unwrap_or(b),
        (None, _) if b != current => negotiation::save_business_bottom_line(conn, &b)?,
        _ => b,
    };
    if json {
        print_json(&saved);
    } else {
        out!(
            "Bottom line{}: settle no lower than {}{}; at most {} months; instalments of at least {}; good-faith first payment {}{}; waive charges: {}; discount: {}; plan interest {}%",
            a.client.as_ref().map(|c| format!(" for {c}")).unwrap_or_default(),
            if saved.min_settlement_pct.is_empty() { String::new() } else { format!("{}%", saved.min_settlement_pct) },
            if saved.min_settlement_amount.is_empty() { String::new() } else { format!(" or {}", saved.min_settlement_amount) },
            saved.max_months,
            saved.min_instalment,
            if saved.good_faith_pct.is_empty() { String::new() } else { format!("{}%", saved.good_faith_pct) },
            if saved.good_faith_amount.is_empty() { String::new() } else { format!(" or {}", saved.good_faith_amount) },
            if saved.may_waive_charges { "yes" } else { "no" },
            if saved.may_discount { format!("up to {}%", saved.max_discount_pct) } else { "no".into() },
            saved.plan_interest_pct
        );
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum NegotiationCmd {
    /// Negotiate inside your bottom line: notes, options, check an offer, agree in principle
    Negotiate {
        #[command(subcommand)]
        what: NegotiateCmd,
    },
    /// Arrangements agreed in principle
    Arrangements {
        #[arg(long)]
        client: Option<String>,
    },
    /// Show or set the bottom line (the business's, or a client's with --client)
    BottomLine(BottomLineArgs),
}

/// The negotiation commands.
pub fn run_group(cmd: NegotiationCmd, r: &mut Run) -> Result<()> {
    match cmd {
        NegotiationCmd::Negotiate { what } => run(what, &mut r.conn, &r.ctx, r.json),
        NegotiationCmd::Arrangements { client } => arrangements(&r.conn, client, r.json),
        NegotiationCmd::BottomLine(a) => bottom_line(&r.conn, &r.ctx, a, r.json),
    }
}
