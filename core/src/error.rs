//! One error type for the whole core: the rules' errors (overdue-domain)
//! plus storage and file failures. Every variant carries a message a user can
//! act on; `kind()` gives a stable machine-readable name for the UI/CLI.

pub use overdue_domain::error::Problem;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that breaks a rule: the message names the field and the problem.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// Something the user referred to does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with what is already stored.
    #[error("{0}")]
    Conflict(String),
    /// An import that has problems; nothing was written.
    #[error("the file has {} problem(s); nothing was imported. First: {}", .0.len(), .0.first().map(|p| p.to_string()).unwrap_or_default())]
    ImportRejected(Vec<Problem>),
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), message: message.into() }
    }
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::ImportRejected(_) => "import_rejected",
            Error::Db(_) => "database",
            Error::Io(_) => "io",
        }
    }
}

/// What crosses to the UI: `{ kind, message, field?, problems? }`.
#[derive(Serialize)]
struct ErrorBody<'a> {
    kind: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    problems: Option<&'a [Problem]>,
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let field = match self {
            Error::Invalid { field, .. } => Some(field.as_str()),
            _ => None,
        };
        let problems = match self {
            Error::ImportRejected(p) => Some(p.as_slice()),
            _ => None,
        };
        ErrorBody { kind: self.kind(), message: self.to_string(), field, problems }.serialize(s)
    }
}

impl From<overdue_domain::Error> for Error {
    fn from(e: overdue_domain::Error) -> Self {
        use overdue_domain::Error as D;
        match e {
            D::Invalid { field, message } => Error::Invalid { field, message },
            D::NotFound(m) => Error::NotFound(m),
            D::Conflict(m) => Error::Conflict(m),
            D::ImportRejected(p) => Error::ImportRejected(p),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
