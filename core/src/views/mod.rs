//! Read-only views: the dashboard's figures and the reports. A view never
//! writes.
pub mod agreement_items;
pub mod bank;
pub mod client;
pub mod report;
pub mod today;
pub mod steer;
