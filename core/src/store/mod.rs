//! The store: the only place SQL is written. One file per table or
//! aggregate; workflows call it, it never calls them.
pub mod rates;
