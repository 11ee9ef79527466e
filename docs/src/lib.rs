//! Overdue's documents: values in, PDF bytes out. A small layout layer over
//! printpdf (`pdf`), the letterhead every letter shares, and the documents
//! laid out from domain values. No SQLite, no mail, no files: the core
//! gathers the values, this crate lays them out, the core stores the bytes.

pub mod agreement;
pub mod letterhead;
pub mod letters;
pub mod pack;
pub mod pdf;
