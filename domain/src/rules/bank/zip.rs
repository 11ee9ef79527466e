//! A ZIP of statements, as German banks export camt.053 (one XML file per
//! day or account). Each file in it is read as a statement; a folder entry
//! or a file that is not one is named. Bytes in: the archive is opened in
//! memory, never unpacked to disk, and a file that would inflate beyond
//! 50 MB (a "zip bomb") is refused.

use super::Statement;
use std::io::{Cursor, Read};

/// The most a file inside the archive may inflate to.
const MAX_INFLATED: u64 = 50 * 1024 * 1024;
/// The most files an archive may hold.
const MAX_FILES: usize = 2000;

pub fn read(bytes: &[u8]) -> Result<Vec<Statement>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("the ZIP file cannot be opened ({e})"))?;
    if archive.len() > MAX_FILES {
        return Err(format!("the ZIP file holds {} files; at most {MAX_FILES} statements are read from one", archive.len()));
    }
    let mut out = Vec::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).map_err(|e| format!("file {} of the ZIP cannot be read ({e})", i + 1))?;
        if f.is_dir() {
            continue;
        }
        let name = f.name().to_string();
        if name.starts_with("__MACOSX/") || name.rsplit('/').next().is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        let mut data = Vec::new();
        let read = (&mut f).take(MAX_INFLATED + 1).read_to_end(&mut data).map_err(|e| format!("{name} in the ZIP cannot be read ({e})"))?;
        total += read as u64;
        if read as u64 > MAX_INFLATED || total > 4 * MAX_INFLATED {
            return Err(format!("{name} in the ZIP is larger than 50 MB unpacked; it is not read"));
        }
        let mut s = super::read(&data).map_err(|e| format!("{name} in the ZIP: {e}"))?;
        out.append(&mut s);
    }
    if out.is_empty() {
        return Err("the ZIP file holds no statement".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    #[test]
    fn a_zip_of_camt_statements_is_read_file_by_file() {
        let mut buf = Vec::new();
        {
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut buf));
            let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            w.start_file("2026-11-10.xml", o).unwrap();
            w.write_all(super::super::camt::tests::CAMT053.as_bytes()).unwrap();
            w.start_file("2026-11-11.xml", o).unwrap();
            w.write_all(super::super::camt::tests::CAMT053.as_bytes()).unwrap();
            w.finish().unwrap();
        }
        let s = super::super::read_any(&buf, "EUR").unwrap();
        assert_eq!(s.len(), 2);
        assert!(!s[0].lines.is_empty());
        let mut bad = Vec::new();
        {
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut bad));
            w.start_file("notes.txt", zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(b"hello").unwrap();
            w.finish().unwrap();
        }
        assert!(super::super::read_any(&bad, "EUR").unwrap_err().contains("notes.txt in the ZIP"));
        assert!(super::read(b"PK\x03\x04garbage").is_err());
    }
}
