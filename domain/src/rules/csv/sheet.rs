//! Excel and LibreOffice workbooks (.xlsx, .xlsm, .xls, .ods) read as a
//! table of text, so that they go through the same header recognition and
//! checks as a CSV file. Bytes in, rows out: no file access.
//!
//! Spreadsheets store numbers as binary floating point. A number cell is
//! turned into decimal text as Excel itself shows it, at 15 significant
//! digits (so a formula's 0.1 + 0.2 = 0.30000000000000004 reads "0.3", and
//! 24961.15 stays "24961.15"), and that text is parsed as a decimal like any
//! CSV amount; no arithmetic is ever done on the float. Date cells become
//! ISO dates.

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::io::Cursor;

/// One sheet of a workbook as text rows, numbered as the spreadsheet shows them.
pub struct Sheet {
    /// Every sheet's name, in the workbook's order.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub name: String,
    /// "Excel workbook (.xlsx)", "Excel 97–2003 workbook (.xls)", "OpenDocument spreadsheet (.ods)".
    pub kind: &'static str,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// What kind of workbook the bytes are, if they are one.
pub fn workbook_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Some("Excel 97–2003 workbook (.xls)");
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    // The zip's first entries name what it is: an OpenDocument file starts
    // with its "mimetype" entry; an Office Open XML file holds "xl/…".
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if has(b"application/vnd.oasis.opendocument.spreadsheet") {
        Some("OpenDocument spreadsheet (.ods)")
    } else if has(b"xl/") || has(b"[Content_Types].xml") {
        Some("Excel workbook (.xlsx)")
    } else {
        Some("zip")
    }
}

/// A number cell at Excel's precision of 15 significant digits.
fn excel_number(f: f64) -> String {
    match rust_decimal::Decimal::from_scientific(&format!("{f:.14e}")) {
        Ok(d) => d.normalize().to_string(),
        Err(_) => f.to_string(),
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => excel_number(*f),
        Data::Bool(b) => if *b { "TRUE".into() } else { "FALSE".into() },
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if d.is_datetime() => t.date().to_string(),
            _ => d.as_f64().to_string(),
        },
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
    }
}

/// Reads `sheet` (or the first sheet that has any cells) of the workbook.
pub fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, String> {
    let kind = match workbook_kind(bytes) {
        Some("zip") | None => return Err("this is a zipped file but not an Excel or LibreOffice workbook".into()),
        Some(k) => k,
    };
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| format!("the workbook cannot be read ({e})"))?;
    let sheets = book.sheet_names();
    if sheets.is_empty() {
        return Err("the workbook has no sheets".into());
    }
    let wanted = sheet.map(str::trim).filter(|s| !s.is_empty());
    let order: Vec<String> = match wanted {
        Some(w) => vec![sheets
            .iter()
            .find(|s| s.as_str() == w)
            .or_else(|| sheets.iter().find(|s| s.eq_ignore_ascii_case(w)))
            .cloned()
            .ok_or_else(|| format!("the workbook has no sheet '{w}' (its sheets: {})", sheets.join(", ")))?],
        None => sheets.clone(),
    };
    for name in &order {
        let range = book.worksheet_range(name).map_err(|e| format!("sheet '{name}' cannot be read ({e})"))?;
        if range.is_empty() && wanted.is_none() {
            continue;
        }
        let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
        let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let mut v: Vec<String> = std::iter::repeat_n(String::new(), first_col).collect();
                v.extend(cells.iter().map(text));
                (first_row + i + 1, v)
            })
            .collect();
        return Ok(Sheet { sheets: sheets.clone(), name: name.clone(), kind, rows });
    }
    Err("every sheet of the workbook is empty".into())
}

#[cfg(test)]
mod tests {
    use super::excel_number;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(excel_number(0.1 + 0.2), "0.3");
        assert_eq!(excel_number(24961.15), "24961.15");
        assert_eq!(excel_number(1001.0), "1001");
        assert_eq!(excel_number(-42.5), "-42.5");
        assert_eq!(excel_number(1234567.891), "1234567.891");
        assert_eq!(excel_number(0.0), "0");
        assert_eq!(excel_number(1e300), 1e300f64.to_string(), "beyond a decimal: left as text, refused later as absurd");
    }
}
