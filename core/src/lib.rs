//! Overdue's core: the domain rules and storage of a local-first collections
//! app. No Tauri here: the desktop shell and the CLI are thin adapters over
//! this crate, and everything in it is testable without a window.
//!
//! Map: `money` (Decimal + currency, minor units), `text` (input validation),
//! `aging` and `alloc` (pure rules), `db` (file, migrations, backups),
//! `ledger` (writes + history), `report` (derived views), `import` (CSV),
//! `demo` (the demo business).

pub use overdue_docs::pdf;
pub use overdue_domain::{aging, alloc, dates, guards, model, money, schedule, sms, template, text, tone};

/// Interest: the rules (overdue-domain) and the rate tables they read (store).
pub mod interest {
    pub use crate::store::rates::*;
    pub use overdue_domain::interest::*;
}

pub mod store;
pub mod agreement;
pub mod follow;
pub mod escalation;
pub mod steer;
pub mod sweep;
pub mod chase;
pub mod clock;
pub mod letter;
pub mod mail;
pub mod promise;
pub mod secret;
pub mod ladder;
pub mod payments;
pub mod settings;
pub mod db;
pub mod demo;
pub mod error;
pub mod import;
pub mod ledger;
pub mod negotiation;
pub mod report;

pub use error::{Error, Result};
pub use rusqlite;
