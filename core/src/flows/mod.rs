//! Workflows: what the owner does, each a transaction over the store.
//!
//! Listed in order: a flow imports only flows listed before it (the tidy
//! test checks), so the graph has no cycle and each flow can be read
//! knowing only those above it.
pub mod promise;
pub mod chase;
pub(crate) mod claim;
pub mod letter;
pub mod negotiation;
pub mod agreement;
pub mod follow;
pub mod payments;
pub mod import;
pub mod bank;
pub mod escalation;
pub mod sweep;
pub mod outbox;
