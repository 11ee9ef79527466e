//! Opening an export for reading: a CSV file's text (decoded, its
//! delimiter found) streamed as records with the line a person sees, or a
//! workbook's rows; and what a report's title lines say of its date.

use super::{decode, detect_delimiter, parse_date, DateFormat};
use chrono::NaiveDate;

/// A file opened for reading: its decoded text, or a workbook's rows.
pub(super) enum Opened<'a> {
    Text(super::Decoded<'a>, u8),
    Rows(Vec<(usize, csv::StringRecord)>),
}

impl<'a> Opened<'a> {
    pub(super) fn source(&self) -> Source<'_> {
        match self {
            Opened::Text(d, delimiter) => Source::Text { text: &d.text, delimiter: *delimiter },
            Opened::Rows(v) => Source::Borrowed(v),
        }
    }
}

/// Rows as they stream from a file. Each call to `records` reads from the
/// start again (CSV text is parsed as it is read, so a large export is not
/// held twice); an item is a row and its line, or the line and message of
/// a row that cannot be read.
pub(super) enum Source<'a> {
    Text { text: &'a str, delimiter: u8 },
    Borrowed(&'a [(usize, csv::StringRecord)]),
}

pub(super) type Record = std::result::Result<(usize, csv::StringRecord), (usize, String)>;

impl Source<'_> {
    pub(super) fn records(&self) -> Box<dyn Iterator<Item = Record> + '_> {
        match self {
            Source::Borrowed(v) => Box::new(v.iter().cloned().map(Ok)),
            Source::Text { text, delimiter } => {
                let raw = text.as_bytes();
                let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(*delimiter).from_reader(raw);
                // The csv crate places a record after blank lines at the first
                // blank line; count lines ourselves so "row N" is the line a
                // person sees.
                let (mut cursor, mut line_no) = (0usize, 1usize);
                // An odd number of quotes: one is never closed, and the row it
                // opens swallows the rest of the file.
                let unclosed = raw.iter().filter(|c| **c == b'"').count() % 2 == 1;
                Box::new(reader.into_records().map(move |rec| match rec {
                    Ok(r) if unclosed && r.iter().any(|c| c.contains('\n')) => {
                        let line = r.position().map(|p| 1 + raw[..(p.byte() as usize).min(raw.len())].iter().filter(|c| **c == b'\n').count()).unwrap_or(0);
                        Err((line, "a quote (\") opened on this row is never closed, so the rest of the file reads as one cell; close the quote or remove it".to_string()))
                    }
                    Ok(r) => {
                        let line = r
                            .position()
                            .map(|p| {
                                let mut b = (p.byte() as usize).min(raw.len());
                                while b < raw.len() && (raw[b] == b'\n' || raw[b] == b'\r') {
                                    b += 1;
                                }
                                if b >= cursor {
                                    line_no += raw[cursor..b].iter().filter(|c| **c == b'\n').count();
                                    cursor = b;
                                }
                                line_no
                            })
                            .unwrap_or(0);
                        Ok((line, r))
                    }
                    Err(e) => Err((e.position().map(|p| p.line() as usize).unwrap_or(0), format!("cannot be read as CSV ({e})"))),
                }))
            }
        }
    }
}

/// Opens a CSV (any encoding and delimiter) or a workbook: the rows, the
/// encoding (or kind of workbook), the delimiter ("" for a workbook), the
/// sheets and the one read. The error is (line, message).
#[allow(clippy::type_complexity)]
pub(super) fn open_source<'a>(bytes: &'a [u8], sheet: Option<&str>) -> std::result::Result<(Opened<'a>, String, String, Vec<String>, String), (usize, String)> {
    if super::sheet::workbook_kind(bytes).is_some() {
        let s = super::sheet::read(bytes, sheet).map_err(|m| (0, m))?;
        let records = s.rows.into_iter().map(|(line, cells)| (line, csv::StringRecord::from(cells))).collect();
        return Ok((Opened::Rows(records), format!("{}, sheet '{}'", s.kind, s.name), String::new(), s.sheets, s.name));
    }
    let decoded = decode(bytes).map_err(|m| (0, m))?;
    let delimiter = detect_delimiter(&decoded.text);
    let label = match delimiter {
        b'\t' => "tab".into(),
        d => (d as char).to_string(),
    };
    let encoding = decoded.encoding.clone();
    Ok((Opened::Text(decoded, delimiter), encoding, label, vec![], String::new()))
}

/// A report's "as of" date from its title lines: "Aged Receivables as at
/// 30/11/2026", "Stand: 30.11.2026", "As of November 30, 2026".
pub(super) fn as_of_date(titles: &[String], fmt: Option<DateFormat>) -> Option<NaiveDate> {
    const MARKERS: [&str; 8] = ["as of", "as at", "stand", "stichtag", "au ", "per ", "op ", "a fecha"];
    for t in titles {
        let lower = t.to_lowercase();
        let Some(at) = MARKERS.iter().filter_map(|m| lower.find(m).map(|p| p + m.len())).min() else { continue };
        let rest: Vec<&str> = t[at.min(t.len())..].split_whitespace().map(|w| w.trim_matches(|c: char| c == ':' || c == ',' || c == ')' || c == '(')).filter(|w| !w.is_empty()).collect();
        for n in (1..=3).rev() {
            for w in rest.windows(n) {
                let joined = w.join(" ");
                let fixed = joined.replace(" ,", ",");
                for candidate in [joined.as_str(), fixed.as_str()] {
                    if let Ok(d) = parse_date(candidate, fmt.or(Some(DateFormat::Dmy))) {
                        return Some(d);
                    }
                }
            }
        }
        // "As of November 30, 2026": the comma stays on the day.
        if rest.len() >= 3 {
            if let Ok(d) = parse_date(&format!("{} {}, {}", rest[0], rest[1], rest[2]), fmt) {
                return Some(d);
            }
        }
    }
    None
}
