//! The command line: `overdue [--db PATH] [--today DATE] [--json] <command>`.
//! It links overdue-core only, never the window's libraries, so it starts in
//! milliseconds; with no command it hands over to the window's binary
//! (`overdue-window`, beside this one) with the same arguments.
//! Without a command the desktop window opens. Output for people by default,
//! stable JSON with `--json` (see README, "JSON output"). Exit codes: 0 ok,
//! 1 the command failed (message on stderr), 2 the command line is wrong.

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use overdue_core::import::{self, DateFormat, ImportOptions};
use overdue_core::model::{AgingSummary, Amount, PaymentInput};
use overdue_core::report::{self, ClientQuery, InvoiceQuery, SortBy, Status};
use overdue_core::{db, demo, ledger, Error};
use std::collections::BTreeMap;
use std::path::PathBuf;

mod agreement;
mod chase;
mod negotiate;
mod output;
use output::{cell, out, print_json, rcell};

#[derive(Parser)]
#[command(name = "overdue", version, about = "Chase your own unpaid invoices, politely and on time.", long_about = None)]
struct Cli {
    /// Database file (default: OVERDUE_DB, else the app-data folder)
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Pretend today is this date (YYYY-MM-DD); default: OVERDUE_TODAY, else the computer's date
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Print JSON instead of text
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Load the demo business (40 clients, 150 invoices) into an empty database
    Demo,
    /// Import data from a file
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
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
    /// Record a payment from a client (oldest invoices first unless --invoice)
    Pay {
        /// Client name or id
        #[arg(long)]
        client: String,
        /// Amount, e.g. 250.00
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Date received (YYYY-MM-DD)
        #[arg(long)]
        date: String,
        /// Pay this invoice first
        #[arg(long)]
        invoice: Option<String>,
        /// e.g. "bank transfer", "card", "cash"
        #[arg(long, default_value = "")]
        method: String,
        #[arg(long, default_value = "")]
        reference: String,
        /// Currency code if not the invoices' own
        #[arg(long, default_value = "")]
        currency: String,
    },
    /// Write a backup copy of the database (SQLite online backup)
    Backup {
        /// Where to write it (default: the backups folder beside the database)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Replace the database's content with a backup (the current data is backed up first)
    Restore { file: PathBuf },
    /// Show the business profile, or change parts of it
    Business {
        #[arg(long)]
        trading_name: Option<String>,
        #[arg(long)]
        legal_name: Option<String>,
        /// Postal address (use "\n" between lines)
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long)]
        currency: Option<String>,
        #[arg(long)]
        payment_details: Option<String>,
        /// Who signs agreements for the business
        #[arg(long)]
        signatory: Option<String>,
        #[arg(long)]
        signatory_title: Option<String>,
    },
    #[command(flatten)]
    Chase(crate::chase::ChaseCmd),
    /// Negotiate inside your bottom line: notes, options, check an offer, agree in principle
    Negotiate {
        #[command(subcommand)]
        what: crate::negotiate::NegotiateCmd,
    },
    /// Arrangements agreed in principle
    Arrangements {
        #[arg(long)]
        client: Option<String>,
    },
    /// Show or set the bottom line (the business's, or a client's with --client)
    BottomLine(crate::negotiate::BottomLineArgs),
    /// The written agreement: draft, show, issue, email, sign, countersign, decline, renegotiate
    Agreement {
        #[command(subcommand)]
        what: crate::agreement::AgreementCmd,
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
    /// The numbers to steer by: overdue over time, DSO, promises, forecast, recovery rate, cases by state
    Report,
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

#[derive(Subcommand)]
enum ImportWhat {
    /// Invoices with their clients from a CSV file (Xero, QuickBooks, FreshBooks, Wave, spreadsheet)
    Invoices {
        file: PathBuf,
        /// Check and report, write nothing
        #[arg(long)]
        dry_run: bool,
        /// The file's date order when it cannot be told from the dates
        #[arg(long, value_enum)]
        date_format: Option<DateOrder>,
        /// Correct the column mapping: FIELD=Column header (repeatable; FIELD= to ignore a field)
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        map: Vec<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DateOrder {
    Iso,
    Dmy,
    Mdy,
}

fn main() {
    std::process::exit(cli_main());
}

/// The CLI, or the window when no command is given.
fn cli_main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let today = match db::resolve_today(cli.today.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let db_path = match db::resolve_db_path(cli.db.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let Some(command) = cli.command else {
        let _ = (db_path, today);
        return open_window();
    };
    let fixed = today.is_some();
    let today = today.unwrap_or_else(|| overdue_core::clock::local_today());
    match run(command, &db_path, today, fixed, cli.json) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            if let Error::ImportRejected(problems) = &e {
                for p in problems {
                    eprintln!("  {p}");
                }
            }
            1
        }
    }
}

/// The window's binary: `OVERDUE_WINDOW`, else `overdue-window` beside this
/// one (the build folder, or /usr/bin in a package).
fn window_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("OVERDUE_WINDOW").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let name = if cfg!(windows) { "overdue-window.exe" } else { "overdue-window" };
    std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.join(name))).unwrap_or_else(|| PathBuf::from(name))
}

/// Hands over to the window with the same arguments (`--db`, `--today`): on
/// Unix the process becomes the window (same process id), so whatever
/// started `overdue` (a desktop entry, a test driver) holds the window.
fn open_window() -> i32 {
    let bin = window_binary();
    let mut cmd = std::process::Command::new(&bin);
    cmd.args(std::env::args_os().skip(1));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let e = cmd.exec();
        eprintln!("error: could not open the window ({}): {e}", bin.display());
        1
    }
    #[cfg(not(unix))]
    match cmd.status() {
        Ok(s) => s.code().unwrap_or(1),
        Err(e) => {
            eprintln!("error: could not open the window ({}): {e}", bin.display());
            1
        }
    }
}


fn amounts(v: &[Amount]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.iter().map(|a| a.display.clone()).collect::<Vec<_>>().join(" + ")
    }
}

fn run(cmd: Cmd, db_path: &std::path::Path, today: NaiveDate, today_fixed: bool, json: bool) -> Result<(), Error> {
    let (mut conn, report) = db::open(db_path)?;
    if let Some(b) = &report.backup {
        eprintln!("note: the database was upgraded from version {} to {}; the old file was copied to {}", report.from_version, report.to_version, b.display());
    }
    match cmd {
        Cmd::Demo => {
            let r = demo::load(&mut conn, today)?;
            if json {
                print_json(&r);
            } else {
                out!("Loaded the demo business: {} clients, {} invoices, {} payments (dates relative to {today}).", r.clients, r.invoices, r.payments);
            }
        }
        Cmd::Import { what: ImportWhat::Invoices { file, dry_run, date_format, map } } => {
            let bytes = std::fs::read(&file).map_err(|e| Error::NotFound(format!("cannot read {}: {e}", file.display())))?;
            let mut mapping = BTreeMap::new();
            for m in &map {
                let (k, v) = m.split_once('=').ok_or_else(|| Error::invalid("--map", format!("'{m}' is not FIELD=COLUMN")))?;
                mapping.insert(k.trim().to_string(), v.to_string());
            }
            let opts = ImportOptions {
                mapping,
                date_format: date_format.map(|d| match d {
                    DateOrder::Iso => DateFormat::Iso,
                    DateOrder::Dmy => DateFormat::Dmy,
                    DateOrder::Mdy => DateFormat::Mdy,
                }),
            };
            let name = file.display().to_string();
            if dry_run {
                let p = import::preview(&conn, &bytes, &name, &opts)?;
                if json {
                    print_json(&p);
                } else {
                    out!("Dry run of {name} (nothing written)");
                    out!("  columns: {}", p.mapping.iter().filter_map(|m| m.column.as_ref().map(|c| format!("{} ← '{c}'", m.field))).collect::<Vec<_>>().join(", "));
                    out!(
                        "  {} invoice(s): {} new, {} to update, {} unchanged; {} new client(s){}",
                        p.invoices,
                        p.new_invoices,
                        p.updated_invoices,
                        p.unchanged_invoices,
                        p.new_clients,
                        if p.merged_rows > 0 { format!("; {} line-item row(s) folded into their invoices", p.merged_rows) } else { String::new() }
                    );
                    if p.problems.is_empty() {
                        out!("  no problems: ready to import");
                    } else {
                        out!("  {} problem(s):", p.problems.len());
                        for pr in &p.problems {
                            out!("    {pr}");
                        }
                    }
                }
                if !p.ready {
                    return Err(Error::invalid("import", "the file has problems; fix them and try again (nothing was written)"));
                }
            } else {
                let r = import::commit(&mut conn, &bytes, &name, &opts, today)?;
                if json {
                    print_json(&r);
                } else {
                    out!("{}", r.message);
                }
            }
        }
        Cmd::Clients { search } => {
            let page = report::clients(&conn, &ClientQuery { search: search.unwrap_or_default(), ..Default::default() }, today)?;
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
        Cmd::Invoices { overdue, client, search } => {
            let client_id = match client {
                Some(c) => Some(ledger::find_client(&conn, &c)?.id),
                None => None,
            };
            let q = InvoiceQuery {
                status: if overdue { Status::Overdue } else { Status::All },
                client_id,
                search: search.unwrap_or_default(),
                sort: SortBy::DaysOverdue,
                ..Default::default()
            };
            let page = report::invoices(&conn, &q, today)?;
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
        Cmd::Aging => {
            let a = report::aging(&conn, today)?;
            if json {
                print_json(&a);
            } else {
                print_aging(&a);
            }
        }
        Cmd::Pay { client, amount, date, invoice, method, reference, currency } => {
            let c = ledger::find_client(&conn, &client)?;
            let input = PaymentInput { client_id: c.id, date, amount, currency, method, reference, invoice_number: invoice.unwrap_or_default() };
            let ctx = overdue_core::chase::Ctx::new(today, today_fixed, db_path);
            let r = overdue_core::payments::record(&mut conn, &ctx, &input)?;
            if json {
                print_json(&r);
            } else {
                out!("{} — {}", c.name, r.message);
            }
        }
        Cmd::Backup { out } => {
            let target = out.unwrap_or_else(|| db::default_backup_path(db_path));
            db::backup_to(&conn, &target)?;
            if json {
                print_json(&serde_json::json!({ "path": target.display().to_string() }));
            } else {
                out!("Backup written to {}", target.display());
            }
        }
        Cmd::Restore { file } => {
            let safety = db::before_restore_path(db_path);
            db::restore_from(&mut conn, &file, &safety)?;
            if json {
                print_json(&serde_json::json!({ "restored_from": file.display().to_string(), "previous_data": safety.display().to_string() }));
            } else {
                out!("Restored from {}. The data it replaced was saved to {}", file.display(), safety.display());
            }
        }
        Cmd::Negotiate { what } => {
            let ctx = overdue_core::chase::Ctx::new(today, today_fixed, db_path);
            crate::negotiate::run(what, &mut conn, &ctx, json)?;
        }
        Cmd::Arrangements { client } => crate::negotiate::arrangements(&conn, client, json)?,
        Cmd::BottomLine(a) => crate::negotiate::bottom_line(&conn, &overdue_core::chase::Ctx::new(today, today_fixed, db_path), a, json)?,
        Cmd::Agreement { what } => {
            let ctx = overdue_core::chase::Ctx::new(today, today_fixed, db_path);
            crate::agreement::run(what, &mut conn, &ctx, json)?;
        }
        Cmd::Agreements { client } => {
            let ctx = overdue_core::chase::Ctx::new(today, today_fixed, db_path);
            crate::agreement::agreements(&mut conn, &ctx, client, json)?;
        }
        Cmd::Escalate { client, to, reason, out } => {
            let ctx = overdue_core::chase::Ctx::new(today, today_fixed, db_path);
            let c = ledger::find_client(&conn, &client)?;
            let e = overdue_core::escalation::escalate(&mut conn, &ctx, &overdue_core::escalation::EscalateInput { client_id: c.id, to_whom: to, reasons: reason }, out.as_deref())?;
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
        Cmd::Report => {
            let ctx = overdue_core::chase::Ctx::new(today, today_fixed, db_path);
            overdue_core::sweep::run(&mut conn, &ctx)?;
            let s = overdue_core::steer::steering(&conn, today)?;
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
        Cmd::WriteOff { client, reason, invoices } => {
            let ctx = overdue_core::chase::Ctx::new(today, today_fixed, db_path);
            let c = ledger::find_client(&conn, &client)?;
            let a = overdue_core::escalation::write_off(&mut conn, &ctx, c.id, &invoices, &reason)?;
            if json {
                print_json(&serde_json::json!({ "written_off": a }));
            } else {
                out!("{} written off for {}: {reason}", a.display, c.name);
            }
        }
        Cmd::Documents { client } => {
            let ctx = overdue_core::chase::Ctx::new(today, today_fixed, db_path);
            crate::agreement::documents(&conn, &ctx, &client, json)?;
        }
        Cmd::Chase(c) => {
            let ctx = overdue_core::chase::Ctx::new(today, today_fixed, db_path);
            crate::chase::run(c, &mut conn, &ctx, json)?;
        }
        Cmd::Business { trading_name, legal_name, address, email, phone, country, currency, payment_details, signatory, signatory_title } => {
            let mut b = ledger::business(&conn)?;
            let mut changed = false;
            for (field, value) in [
                (&mut b.trading_name, trading_name),
                (&mut b.legal_name, legal_name),
                (&mut b.address, address.map(|a| a.replace("\\n", "\n"))),
                (&mut b.email, email),
                (&mut b.phone, phone),
                (&mut b.country, country),
                (&mut b.currency, currency),
                (&mut b.payment_details, payment_details.map(|a| a.replace("\\n", "\n"))),
                (&mut b.signatory_name, signatory),
                (&mut b.signatory_title, signatory_title),
            ] {
                if let Some(v) = value {
                    *field = v;
                    changed = true;
                }
            }
            let b = if changed { ledger::update_business(&conn, &b)? } else { b };
            if json {
                print_json(&b);
            } else {
                out!("{}\n{}\n{}\n{} · {}\nCountry {} · currency {}\nSigns agreements: {} {}", b.trading_name, b.legal_name, b.address, b.email, b.phone, b.country, b.currency, b.signatory_name, b.signatory_title);
            }
        }
    }
    Ok(())
}

fn print_aging(a: &AgingSummary) {
    out!("Aging as of {}", a.as_of);
    for c in &a.currencies {
        out!();
        out!("{}", c.currency);
        for b in &c.buckets {
            out!("  {}  {} invoice(s)  {}", cell(&b.label, 14), rcell(&b.count.to_string(), 6), rcell(&b.total.display, 16));
        }
        out!("  {}  {} invoice(s)  {}", cell("Overdue", 14), rcell(&c.overdue_invoices.to_string(), 6), rcell(&c.overdue.display, 16));
        out!("  {}  {} invoice(s)  {}", cell("Outstanding", 14), rcell(&c.open_invoices.to_string(), 6), rcell(&c.outstanding.display, 16));
    }
}
