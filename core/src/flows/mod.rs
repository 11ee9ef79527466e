//! Workflows: what the owner does, each a transaction over the store.
pub mod agreement;
pub mod chase;
pub mod escalation;
pub mod follow;
pub mod import;
pub mod letter;
pub mod negotiation;
pub mod outbox;
pub mod payments;
pub mod promise;
pub mod sweep;
