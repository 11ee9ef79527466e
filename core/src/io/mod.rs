//! The world outside the database: mail (SMTP through lettre), secrets (the
//! system keyring) and files (the documents folder).
pub mod files;
pub mod mail;
pub mod secret;
