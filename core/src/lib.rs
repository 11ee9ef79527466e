//! Overdue's core: storage and workflows of a local-first collections app,
//! over the rules in `overdue-domain` and the documents in `overdue-docs`.
//! No Tauri here: the desktop shell and the CLI are thin adapters over this
//! crate, and everything in it is testable without a window.
//!
//! Layers (ARCHITECTURE.md): `store` (the only SQL; never calls a flow),
//! `io` (mail, keyring, files), `flows` (what the owner does; writes go
//! through the store), `views` (read-only screens and reports). `clock` is
//! the one seam to the computer's clock.

pub mod clock;
pub mod ctx;
pub mod error;
pub mod flows;
pub mod io;
pub mod jobs;
pub mod store;
pub mod views;

pub use overdue_docs::pdf;
pub use overdue_domain::{aging, alloc, dates, guards, model, money, places, schedule, sms, template, text, tone};

/// Interest: the rules (overdue-domain) and the rate tables they read (store).
pub mod interest {
    pub use crate::store::rates::*;
    pub use overdue_domain::interest::*;
}

/// The written agreement as the shells see it (its email's result is
/// recorded by the outbox).
pub mod agreement {
    pub use crate::flows::agreement::*;
    pub use crate::flows::outbox::agreement_email_result as email_result;
}

/// The chasing step as the shells see it: composing and the contact log
/// (flows::chase), the outbox (flows::outbox), Today (views::today), and the
/// contacts, controls and open invoices they read (store). Inside the core,
/// code names the layer it uses, never this.
pub mod chase {
    pub use crate::flows::chase::*;
    pub use crate::flows::outbox::*;
    pub use crate::jobs::*;
    pub use crate::store::contacts::*;
    pub use crate::store::controls::*;
    pub use crate::store::invoices::*;
    pub use crate::views::today::*;
}

// The paths the shells and tests have always used.
pub use flows::{bank, escalation, follow, import, letter, negotiation, payments, promise, sweep};
pub use io::{mail, secret};
pub use store::{db, demo, ladder, ledger, search, settings};
pub use views::{report, steer};

pub use error::{Error, Result};
pub use rusqlite;
