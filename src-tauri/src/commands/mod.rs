//! Tauri commands, one file per area. Each is parse → core → result; async so
//! database work never runs on the window's main thread.

pub mod agreement;
pub mod app;
pub mod backup;
pub mod bank;
pub mod chase;
pub mod escalation;
pub mod import;
pub mod ledger;
pub mod negotiate;
