//! The rules of chasing, as pure functions over values.
pub mod agreement;
pub mod aging;
pub mod alloc;
pub mod bank;
pub mod csv;
pub mod guards;
pub mod instalments;
pub mod interest;
pub mod ladder;
pub mod negotiation;
pub mod offer;
pub mod pay;
pub mod runs;
pub mod schedule;
pub mod sms;
pub mod template;
pub mod tone;
