//! Overdue's rules and values: money, dates, text checks, and the rules of
//! chasing (aging, allocation, tone, contact guards, schedules, templates,
//! texts, interest). No SQLite, no PDF, no mail, no keyring and no files:
//! values in, values out, so every rule is testable on its own. The compiler
//! keeps it so: this crate's manifest does not name those libraries.
//!
//! `kernel/` holds the values every layer shares; `rules/` the calculations.

pub mod kernel;
pub mod rules;

pub use kernel::{dates, error, message, model, money, order, places, records, text};
pub use rules::{agreement, aging, alloc, bank, csv, guards, instalments, interest, ladder, negotiation, offer, pay, schedule, sms, template, tone};
pub use error::{Error, Result};
