//! Values shared by every layer: the error, money, dates, text checks and
//! the records of the ledger.
pub mod dates;
pub mod error;
pub mod message;
pub mod model;
pub mod records;
pub mod money;
pub mod order;
pub mod places;
pub mod text;
