//! SMS preparation: length and segment count (GSM-7 or UCS-2), `sms:` and
//! `tel:` links, and QR codes the owner scans with their own phone. The QR
//! is returned as rows of modules so the UI draws it itself (no images, no
//! inline data URLs under the strict CSP).

use crate::error::{Error, Result};
use serde::Serialize;

/// The longest text Overdue prepares (about ten parts; phones and networks
/// start refusing or splitting unreliably beyond that).
pub const MAX_TEXT: usize = 1_600;

const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SmsInfo {
    /// "GSM-7" or "UCS-2".
    pub encoding: String,
    /// Characters as the network counts them (extended GSM characters count 2).
    pub length: usize,
    pub segments: usize,
    /// Characters left in the last segment.
    pub remaining: usize,
}

pub fn info(text: &str) -> SmsInfo {
    let gsm = text.chars().all(|c| GSM_BASIC.contains(c) || GSM_EXTENDED.contains(c));
    if gsm {
        let length: usize = text.chars().map(|c| if GSM_EXTENDED.contains(c) { 2 } else { 1 }).sum();
        let (single, multi) = (160, 153);
        let segments = if length <= single { 1 } else { length.div_ceil(multi) };
        let cap = if segments == 1 { single } else { segments * multi };
        SmsInfo { encoding: "GSM-7".into(), length, segments, remaining: cap - length }
    } else {
        let length: usize = text.chars().map(|c| c.len_utf16()).sum();
        let (single, multi) = (70, 67);
        let segments = if length <= single { 1 } else { length.div_ceil(multi) };
        let cap = if segments == 1 { single } else { segments * multi };
        SmsInfo { encoding: "UCS-2".into(), length, segments, remaining: cap - length }
    }
}

/// A phone number fit for a link: digits with an optional leading +.
pub fn normalize_phone(phone: &str) -> Result<String> {
    let p = phone.trim();
    let mut out = String::new();
    for (i, c) in p.chars().enumerate() {
        match c {
            '+' if i == 0 => out.push('+'),
            '0'..='9' => out.push(c),
            ' ' | '-' | '(' | ')' | '.' => {}
            _ => return Err(Error::invalid("phone", format!("'{p}' is not a phone number (digits, spaces, + ( ) - only)"))),
        }
    }
    let digits = out.chars().filter(|c| c.is_ascii_digit()).count();
    if !(6..=15).contains(&digits) {
        return Err(Error::invalid("phone", format!("'{p}' has {digits} digits; a phone number has 6 to 15")));
    }
    Ok(out)
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `sms:+441234567890?body=…` (RFC 5724).
pub fn sms_link(phone: &str, body: &str) -> Result<String> {
    Ok(format!("sms:{}?body={}", normalize_phone(phone)?, percent_encode(body)))
}

pub fn tel_link(phone: &str) -> Result<String> {
    Ok(format!("tel:{}", normalize_phone(phone)?))
}

/// A QR code as rows of '1' (dark) and '0' (light), without the quiet zone.
pub fn qr_rows(data: &str) -> Result<Vec<String>> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::L)
        .map_err(|e| Error::invalid("message", format!("too long for a QR code ({e}); shorten the text")))?;
    let w = code.width();
    let colors = code.to_colors();
    Ok(colors
        .chunks(w)
        .map(|row| row.iter().map(|c| if *c == qrcode::Color::Dark { '1' } else { '0' }).collect())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gsm_segments() {
        assert_eq!(info(&"a".repeat(160)).segments, 1);
        assert_eq!(info(&"a".repeat(161)).segments, 2);
        assert_eq!(info(&"a".repeat(306)).segments, 2);
        assert_eq!(info(&"a".repeat(307)).segments, 3);
        // The euro sign is an extended character and counts twice.
        let i = info("€10");
        assert_eq!((i.encoding.as_str(), i.length), ("GSM-7", 4));
    }

    #[test]
    fn unicode_switches_to_ucs2() {
        let i = info("Dziękuję, Łukasz");
        assert_eq!(i.encoding, "UCS-2");
        assert_eq!(i.segments, 1);
        assert_eq!(info(&"ę".repeat(71)).segments, 2);
    }

    #[test]
    fn links_and_qr() {
        assert_eq!(sms_link("+44 (0)7700 900123", "Hi & thanks").unwrap(), "sms:+4407700900123?body=Hi%20%26%20thanks");
        assert!(normalize_phone("call me").is_err());
        assert!(normalize_phone("123").is_err());
        let rows = qr_rows("tel:+447700900123").unwrap();
        assert_eq!(rows.len(), rows[0].len());
        assert!(rows.len() >= 21);
    }
}
