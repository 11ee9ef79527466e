//! The store: where SQL is written. One file per table or aggregate;
//! workflows call it, it never calls them. `db` opens the file and runs the
//! versioned migrations.
pub mod agreements;
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
pub mod settings;
pub mod steering;
pub mod steps;
