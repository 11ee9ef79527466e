//! A file's bytes as text, whatever saved it: UTF-8 with or without a byte
//! order mark, UTF-16 (Excel's "Unicode text", little- or big-endian, with
//! or without a mark), Windows-1252 (Excel's "CSV (Comma delimited)" on a
//! Western Windows, which reads ISO-8859-1 the same) and ISO-8859-15 (the
//! euro at 0xA4). Files that are not text at all are told apart and named.

use encoding_rs::{Encoding, ISO_8859_15, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// The text of a file and the encoding it was read in. UTF-8 is borrowed
/// from the bytes, not copied (a large export is held once).
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// As the preview names it: "UTF-8", "UTF-8 (with BOM)", "UTF-16LE", …
    pub encoding: String,
}

/// What a file that is not a table of text is, as far as its first bytes tell.
fn not_text(bytes: &[u8]) -> Option<&'static str> {
    let starts = |m: &[u8]| bytes.starts_with(m);
    if starts(b"%PDF") {
        Some("a PDF document")
    } else if starts(b"PK\x03\x04") {
        Some("a zipped file (an Excel .xlsx or LibreOffice .ods workbook?); save it as CSV and import that")
    } else if starts(b"\xD0\xCF\x11\xE0") {
        Some("an old Excel .xls workbook; save it as CSV and import that")
    } else if starts(b"\x89PNG") || starts(b"\xFF\xD8\xFF") || starts(b"GIF8") {
        Some("an image")
    } else {
        None
    }
}

/// UTF-16 without a mark: one byte in two is zero for Latin text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 10 < pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn decode_with<'a>(enc: &'static Encoding, bytes: &'a [u8]) -> Result<Cow<'a, str>, String> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(format!("the file is not valid {} text", enc.name()));
    }
    Ok(text)
}

/// Reads `bytes` as text, detecting the encoding. The error names what the
/// file looks like instead.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, String> {
    if let Some(what) = not_text(bytes) {
        return Err(format!("this is not a table of text but {what}"));
    }
    let (enc, skip, name) = if bytes.starts_with(b"\xEF\xBB\xBF") {
        (UTF_8, 3, "UTF-8 (with BOM)")
    } else if bytes.starts_with(b"\xFF\xFE") {
        (UTF_16LE, 2, "UTF-16LE (with BOM)")
    } else if bytes.starts_with(b"\xFE\xFF") {
        (UTF_16BE, 2, "UTF-16BE (with BOM)")
    } else if let Some(e) = utf16_without_bom(bytes) {
        (e, 0, if e == UTF_16LE { "UTF-16LE" } else { "UTF-16BE" })
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, 0, "UTF-8")
    } else {
        // Not UTF-8: a one-byte Western encoding. ISO-8859-15 when the file
        // has none of Windows-1252's extra characters (0x80–0x9F) and uses
        // 0xA4 beside a digit, where it is the euro sign.
        let c1 = bytes.iter().any(|b| (0x80..=0x9F).contains(b));
        let euro = bytes.windows(2).any(|w| (w[0] == 0xA4 && (w[1].is_ascii_digit() || w[1] == b' ')) || (w[1] == 0xA4 && (w[0].is_ascii_digit() || w[0] == b' ')));
        if !c1 && euro {
            (ISO_8859_15, 0, "ISO-8859-15")
        } else {
            (WINDOWS_1252, 0, "Windows-1252")
        }
    };
    let text = decode_with(enc, &bytes[skip..])?;
    if text.contains('\u{0}') {
        return Err("this is not a table of text (it holds binary data)".into());
    }
    Ok(Decoded { text, encoding: name.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_excel_and_libreoffice_write_reads_the_same() {
        let want = "Client,Amount\nCafé Müller,£1,234.56\n";
        let utf8 = decode(want.as_bytes()).unwrap();
        assert_eq!((&*utf8.text, utf8.encoding.as_str()), (want, "UTF-8"));
        assert!(matches!(utf8.text, Cow::Borrowed(_)), "UTF-8 is not copied");
        let bom = [b"\xEF\xBB\xBF".as_slice(), want.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap().encoding, "UTF-8 (with BOM)");
        assert_eq!(decode(&bom).unwrap().text, want);
        let (cp1252, _, _) = WINDOWS_1252.encode(want);
        let d = decode(&cp1252).unwrap();
        assert_eq!((&*d.text, d.encoding.as_str()), (want, "Windows-1252"));
        let le: Vec<u8> = want.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&[b"\xFF\xFE".as_slice(), &le].concat()).unwrap().text, want);
        assert_eq!(decode(&le).unwrap().encoding, "UTF-16LE", "no mark: told by its zero bytes");
        let be: Vec<u8> = want.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&be).unwrap().text, want);
        let euro = b"Kunde;Betrag\nM\xfcller;12,50 \xa4\n";
        let d = decode(euro).unwrap();
        assert_eq!((&*d.text, d.encoding.as_str()), ("Kunde;Betrag\nMüller;12,50 €\n", "ISO-8859-15"));
    }

    #[test]
    fn files_that_are_not_text_are_named() {
        assert!(decode(b"%PDF-1.7 ...").unwrap_err().contains("PDF"));
        assert!(decode(b"PK\x03\x04\x14\x00").unwrap_err().contains("xlsx"));
        assert!(decode(b"\x89PNG\r\n\x1a\n").unwrap_err().contains("image"));
        assert!(decode(b"a,b\n\x00\x01\x02\xff\xfe\x00\x00x").is_err());
    }
}
