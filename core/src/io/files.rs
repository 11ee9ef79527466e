//! Files in the documents folder beside the database: written once, never
//! overwritten, and registered with their hash in the store.

use crate::error::Result;
use std::path::{Path, PathBuf};

/// `dir/name`, or `dir/stem-2.ext`, … so a file is never overwritten.
pub fn unique_path(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match name.rfind('.') {
        Some(i) => (&name[..i], &name[i..]),
        None => (name, ""),
    };
    (2..).map(|n| dir.join(format!("{stem}-{n}{ext}"))).find(|p| !p.exists()).unwrap_or(first)
}

pub(crate) fn write_new(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = unique_path(dir, name);
    // create_new: never replaces a file, even one created a moment ago.
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(path)
}

/// Registers a file already written, with its hash and size.
#[allow(clippy::too_many_arguments)]
pub(crate) fn register(
    tx: &rusqlite::Connection,
    docs_dir: &Path,
    client_id: i64,
    agreement_id: Option<i64>,
    kind: &str,
    version: i64,
    title: &str,
    path: &Path,
    fingerprint: &str,
) -> Result<i64> {
    let bytes = std::fs::read(path)?;
    let file = path.strip_prefix(docs_dir).map(|p| p.display().to_string()).unwrap_or_else(|_| path.display().to_string());
    crate::store::agreements::insert_document(tx, client_id, agreement_id, kind, version, title, &file, &bytes, fingerprint)
}
