//! Read-only views: the dashboard's figures and the reports. A view never
//! writes.
pub mod report;
pub mod today;
pub mod steer;
