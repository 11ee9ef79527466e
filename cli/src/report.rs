//! What is owed: clients, invoices, the aging summary and the numbers to
//! steer by.

use crate::context::Run;
use crate::output::{amounts, cell, out, print_aging, print_json, rcell};
use clap::Subcommand;
use overdue_core::report::{self, ClientQuery, InvoiceQuery, SortBy, Status};
use overdue_core::{ledger, Result};

#[derive(Subcommand)]
pub enum ReportCmd {
    /// List clients with what they owe, most overdue first
    Clients {
        /// Only clients whose name, email or contact matches
        #[arg(long)]
        search: Option<String>,
    },
    /// List invoices (all, or only overdue ones), oldest due first
    Invoices {
        /// Only invoices past their due date with something outstanding
        #[arg(long)]
        overdue: bool,
        /// Only this client's (name or id)
        #[arg(long)]
        client: Option<String>,
        /// Only invoices whose number, client or description matches
        #[arg(long)]
        search: Option<String>,
    },
    /// Outstanding amounts by age: not yet due, 1–30, 31–60, 61–90, over 90 days
    Aging,
    /// The numbers to steer by: overdue over time, DSO, promises, forecast, recovery rate, cases by state
    Report,
}

pub fn run(cmd: ReportCmd, r: &mut Run) -> Result<()> {
    match cmd {
        ReportCmd::Clients { search } => {
            let today = r.ctx.today;
            let json = r.json;
            let page = report::clients(&r.conn, &ClientQuery { search: search.unwrap_or_default(), ..Default::default() }, today)?;
            if json {
                print_json(&page);
            } else {
                out!("{}  {}  {}  {}  {}", cell("ID", 5), cell("Client", 34), rcell("Open", 5), rcell("Overdue", 14), "Outstanding");
                for c in &page.rows {
                    out!(
                        "{}  {}  {}  {}  {}{}",
                        cell(&format!("#{}", c.id), 5),
                        cell(&c.name, 34),
                        rcell(&c.open_invoices.to_string(), 5),
                        rcell(&amounts(&c.overdue), 14),
                        amounts(&c.outstanding),
                        if c.credit.is_empty() { String::new() } else { format!("  (credit {})", amounts(&c.credit)) }
                    );
                }
                out!("{} client(s)", page.total_rows);
            }
        }
        ReportCmd::Invoices { overdue, client, search } => {
            let today = r.ctx.today;
            let json = r.json;
            let client_id = match client {
                Some(c) => Some(ledger::find_client(&r.conn, &c)?.id),
                None => None,
            };
            let q = InvoiceQuery {
                status: if overdue { Status::Overdue } else { Status::All },
                client_id,
                search: search.unwrap_or_default(),
                sort: SortBy::DaysOverdue,
                ..Default::default()
            };
            let page = report::invoices(&r.conn, &q, today)?;
            if json {
                print_json(&page);
            } else {
                out!(
                    "{}  {}  {}  {}  {}  {}",
                    cell("Invoice", 12),
                    cell("Client", 30),
                    cell("Due", 10),
                    rcell("Days", 5),
                    rcell("Amount", 13),
                    rcell("Outstanding", 13)
                );
                for i in &page.rows {
                    out!(
                        "{}  {}  {}  {}  {}  {}  {}",
                        cell(&i.number, 12),
                        cell(&i.client_name, 30),
                        cell(&i.due_date, 10),
                        rcell(&if i.days_overdue > 0 { i.days_overdue.to_string() } else { "—".into() }, 5),
                        rcell(&i.amount.display, 13),
                        rcell(&i.outstanding.display, 13),
                        i.status
                    );
                }
                out!("{} invoice(s)", page.total_rows);
            }
        }
        ReportCmd::Aging => {
            let today = r.ctx.today;
            let json = r.json;
            let a = report::aging(&r.conn, today)?;
            if json {
                print_json(&a);
            } else {
                print_aging(&a);
            }
        }
        ReportCmd::Report => {
            let today = r.ctx.today;
            let json = r.json;
                overdue_core::sweep::run(&mut r.conn, &r.ctx)?;
            let s = overdue_core::steer::steering(&r.conn, today)?;
            if json {
                print_json(&s);
            } else {
                out!("As of {} ({})", s.as_of, s.currency);
                out!("Overdue now {} · receivables {} · DSO {} days", s.overdue_now.display, s.receivables.display, if s.dso_days.is_empty() { "—" } else { &s.dso_days });
                out!("Overdue over time: {}", s.overdue_trend.iter().map(|p| format!("{} {}", p.label, p.amount.display)).collect::<Vec<_>>().join(" · "));
                let p = &s.promises;
                out!("Promises: {} pending ({}); kept {} of {} resolved ({}%)", p.pending_count, p.pending.display, p.kept, p.resolved, if p.keep_rate_pct.is_empty() { "—" } else { &p.keep_rate_pct });
                out!("Expected from {} active agreement(s), next 6 months: {}", s.active_agreements, s.forecast.iter().map(|m| format!("{} {}", m.label, m.amount.display)).collect::<Vec<_>>().join(" · "));
                out!("Recovery rate: {}", s.recovery.iter().map(|m| format!("{} {}", m.label, if m.rate_pct.is_empty() { "—".to_string() } else { format!("{}%", m.rate_pct) })).collect::<Vec<_>>().join(" · "));
                out!("Cases: {}", s.cases.iter().filter(|c| c.count > 0).map(|c| format!("{} {}", c.label, c.count)).collect::<Vec<_>>().join(" · "));
            }
        }
    }
    Ok(())
}
