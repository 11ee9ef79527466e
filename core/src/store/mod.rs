//! The store: where SQL is written. One file per table or aggregate;
//! workflows call it, it never calls them. `db` opens the file and runs the
//! versioned migrations.

/// What is still owed on invoice `i`: its amount less what was allocated to
/// it (`paid_minor`, kept by triggers on `allocations`: v13_paid.sql). The
/// one spelling of the outstanding amount in SQL; a macro, so a query that
/// uses it stays a `&'static str`:
/// `concat!("SELECT ", outstanding!(), " FROM invoices i")`. Defined before
/// the modules below, so each of them sees it.
macro_rules! outstanding {
    () => {
        "(i.amount_minor - i.paid_minor)"
    };
}
/// Invoice `i` is still open. Written as the open-invoice indexes' own
/// condition, so SQLite can use them (it matches the term, not its meaning).
macro_rules! open {
    () => {
        "i.amount_minor > i.paid_minor"
    };
}
pub mod agreements;
pub mod bank;
pub mod contacts;
pub mod controls;
pub mod db;
pub mod escalations;
pub mod imports;
pub mod instalments;
pub mod invoices;
pub mod demo;
pub mod ladder;
pub mod ledger;
pub mod negotiations;
pub mod rates;
pub mod promises;
pub mod reads;
pub mod reports;
pub mod search;
pub mod settings;
pub mod steering;
pub mod steps;
