//! The command line: `overdue [--db PATH] [--today DATE] [--json] <command>`.
//! It links overdue-core only, never the window's libraries, so it starts in
//! milliseconds; with no command it hands over to the window's binary
//! (`overdue-window`, beside this one) with the same arguments.
//! Without a command the desktop window opens. Output for people by default,
//! stable JSON with `--json` (see README, "JSON output"). Exit codes: 0 ok,
//! 1 the command failed (message on stderr), 2 the command line is wrong.

use clap::{Parser, Subcommand};
use context::Run;
use overdue_core::{db, Error};
use std::path::PathBuf;

mod agreement;
mod bank;
mod books;
mod chase;
mod context;
mod escalate;
mod negotiate;
mod output;
mod report;
mod tone;

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

/// The commands, one group per module; flattened, so each is typed as
/// `overdue <command>`.
#[derive(Subcommand)]
enum Cmd {
    #[command(flatten)]
    Books(books::BooksCmd),
    #[command(flatten)]
    Report(report::ReportCmd),
    #[command(flatten)]
    Chase(chase::ChaseCmd),
    #[command(flatten)]
    Negotiation(negotiate::NegotiationCmd),
    #[command(flatten)]
    Agreements(agreement::AgreementsCmd),
    #[command(flatten)]
    Escalate(escalate::EscalateCmd),
    #[command(flatten)]
    Bank(bank::BankCmd),
    #[command(flatten)]
    Tone(tone::ToneCmd),
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
    // The tone check needs no database.
    if let Some(Cmd::Tone(t)) = cli.command {
        return tone::run(t, cli.json);
    }
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
    match Run::open(&db_path, today, fixed, cli.json).and_then(|mut r| run(command, &mut r)) {
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


fn run(cmd: Cmd, r: &mut Run) -> overdue_core::Result<()> {
    match cmd {
        Cmd::Books(c) => books::run(c, r),
        Cmd::Report(c) => report::run(c, r),
        Cmd::Chase(c) => chase::run(c, r),
        Cmd::Negotiation(c) => negotiate::run_group(c, r),
        Cmd::Agreements(c) => agreement::run_group(c, r),
        Cmd::Escalate(c) => escalate::run(c, r),
        Cmd::Bank(c) => bank::run(c, r),
        Cmd::Tone(_) => unreachable!("the tone check runs before the database opens"),
    }
}
