//! The rules' error: input that breaks a rule, something missing, or a
//! conflict, each with a message a user can act on. The core wraps it in its
//! own error, which adds storage and file failures.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Input that breaks a rule: the message names the field and the problem.
    Invalid { field: String, message: String },
    /// Something the user referred to does not exist.
    NotFound(String),
    /// The request conflicts with what is already stored.
    Conflict(String),
    /// A file with problems; nothing was taken from it.
    ImportRejected(Vec<Problem>),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Invalid { field, message } => write!(f, "{field}: {message}"),
            Error::NotFound(m) | Error::Conflict(m) => write!(f, "{m}"),
            Error::ImportRejected(p) => write!(
                f,
                "the file has {} problem(s); nothing was imported. First: {}",
                p.len(),
                p.first().map(|p| p.to_string()).unwrap_or_default()
            ),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), message: message.into() }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// One problem found in an imported file, where it is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Problem {
    /// Line in the file (the header is usually line 1); 0 = the whole file.
    pub row: usize,
    /// Header text of the column, or "" for the whole row/file.
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.row, self.column.is_empty()) {
            (0, true) => write!(f, "{}", self.message),
            (0, false) => write!(f, "column '{}': {}", self.column, self.message),
            (r, true) => write!(f, "row {r}: {}", self.message),
            (r, false) => write!(f, "row {r}, column '{}': {}", self.column, self.message),
        }
    }
}
