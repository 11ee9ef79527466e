//! `overdue tone check [--tone friendly|firm|final] [--json] [TEXT]`: the
//! respectful-tone check on any text, without a database. Reads standard
//! input when no TEXT is given; exits 1 when anything is flagged, 0 when
//! the text is clean, 2 when the command line or the input is wrong.

use crate::output::{out, print_json};
use clap::{Args, Subcommand};
use overdue_core::tone;
use serde::Serialize;
use std::io::Read;

#[derive(Subcommand)]
pub enum ToneCmd {
    /// The respectful-tone check
    Tone(ToneArgs),
}

#[derive(Args)]
pub struct ToneArgs {
    #[command(subcommand)]
    action: ToneAction,
}

#[derive(Subcommand)]
enum ToneAction {
    /// Check a text for threats, harassment, shaming, third parties, false claims and shouting (English, German, French)
    Check {
        /// The stage the text is for: what may be said depends on it (legal next steps only in a final notice)
        #[arg(long, default_value = "friendly", value_parser = ["friendly", "firm", "final"])]
        tone: String,
        /// The text; standard input when left out
        text: Option<String>,
    },
}

#[derive(Serialize)]
struct Checked<'a> {
    clean: bool,
    tone: &'a str,
    flags: Vec<tone::Flag>,
}

/// The largest text read (a long letter is some 20,000 characters).
const MAX_BYTES: usize = 1_000_000;

/// Runs the command; the exit code.
pub fn run(cmd: ToneCmd, json: bool) -> i32 {
    let ToneCmd::Tone(args) = cmd;
    let ToneAction::Check { tone: stage, text } = args.action;
    let text = match text {
        Some(t) => t,
        None => {
            let mut buf = Vec::new();
            if let Err(e) = std::io::stdin().take(MAX_BYTES as u64 + 1).read_to_end(&mut buf) {
                eprintln!("error: could not read standard input: {e}");
                return 2;
            }
            if buf.len() > MAX_BYTES {
                eprintln!("error: the text is longer than {MAX_BYTES} bytes; check a letter at a time");
                return 2;
            }
            match String::from_utf8(buf) {
                Ok(t) => t,
                Err(_) => {
                    eprintln!("error: standard input is not UTF-8 text");
                    return 2;
                }
            }
        }
    };
    let flags = tone::check(&text, &stage);
    let clean = flags.is_empty();
    if json {
        print_json(&Checked { clean, tone: &stage, flags });
    } else if clean {
        out!("clean: nothing a {stage} message must not say");
    } else {
        out!("{} problem{} found in a {stage} message:", flags.len(), if flags.len() == 1 { "" } else { "s" });
        for f in &flags {
            out!("- {}: \u{201c}{}\u{201d} {}", f.category_name, f.found, f.reason);
            if f.sentence != f.found {
                out!("  in: {}", f.sentence);
            }
            out!("  basis: {}", f.basis);
        }
    }
    if clean {
        0
    } else {
        1
    }
}
