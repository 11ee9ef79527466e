//! Email through SMTP with lettre: STARTTLS, implicit TLS, or plain for a
//! local test server; login when a user name is set; plain-text body with
//! PDF attachments. The password never touches the database: it comes from
//! the OS keyring (`secret`), or is asked for when sending.

use crate::settings::SmtpSettings;
use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

pub struct OutgoingEmail {
    pub from_name: String,
    pub from_email: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// (file name, bytes) of PDF attachments.
    pub attachments: Vec<(String, Vec<u8>)>,
}

fn transport(s: &SmtpSettings, password: Option<&str>) -> Result<SmtpTransport, String> {
    if !s.is_configured() {
        return Err("no mail server is set up (Settings → Email)".into());
    }
    let builder = match s.security.as_str() {
        "tls" => SmtpTransport::relay(&s.host).map_err(|e| format!("{}: {e}", s.host))?,
        "none" => SmtpTransport::builder_dangerous(&s.host),
        _ => SmtpTransport::starttls_relay(&s.host).map_err(|e| format!("{}: {e}", s.host))?,
    };
    let mut builder = builder.port(s.port).timeout(Some(Duration::from_secs(20)));
    if !s.username.is_empty() {
        let pw = password.ok_or_else(|| format!("the password for {} on {} is needed", s.username, s.host))?;
        builder = builder.credentials(Credentials::new(s.username.clone(), pw.to_string()));
    }
    Ok(builder.build())
}

/// Explains lettre's errors in words an owner can act on, keeping the server's own reason.
fn explain(e: lettre::transport::smtp::Error, s: &SmtpSettings) -> String {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("connection refused") || lower.contains("dns") || lower.contains("timed out") || lower.contains("resolve") {
        format!("could not reach {}:{} ({text})", s.host, s.port)
    } else if lower.contains("535") || lower.contains("authentication") || lower.contains("credentials") {
        format!("the server refused the login for {} ({text})", s.username)
    } else {
        format!("the server said: {text}")
    }
}

/// Connects (and logs in, if set) without sending anything.
pub fn test_connection(s: &SmtpSettings, password: Option<&str>) -> Result<(), String> {
    let t = transport(s, password)?;
    match t.test_connection() {
        Ok(true) => Ok(()),
        Ok(false) => Err(format!("{}:{} answered but did not accept the connection", s.host, s.port)),
        Err(e) => Err(explain(e, s)),
    }
}

/// A Message-ID on the sender's own domain (`<overdue.…@brightwell.co.uk>`),
/// so mail clients thread the messages and spam filters see a proper one
/// rather than none or one on the laptop's host name. Unique per message:
/// the time, the process and a counter, hashed.
pub fn message_id(from_email: &str) -> String {
    use sha2::{Digest, Sha256};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let domain = from_email
        .rsplit_once('@')
        .map(|(_, d)| d.trim().trim_end_matches('>'))
        .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or("localhost");
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let now = crate::clock::now().timestamp_nanos_opt().unwrap_or(0);
    let hash = Sha256::digest(format!("{now}:{}:{n}:{from_email}", std::process::id()).as_bytes());
    let hex: String = hash.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("<overdue.{hex}@{domain}>")
}

pub fn send(s: &SmtpSettings, password: Option<&str>, m: &OutgoingEmail) -> Result<(), String> {
    let from: Mailbox = format!("{} <{}>", m.from_name.replace(['<', '>', '"'], ""), m.from_email)
        .parse()
        .map_err(|e| format!("the sender address {} is not valid ({e})", m.from_email))?;
    let to: Mailbox = m.to.parse().map_err(|e| format!("the recipient address {} is not valid ({e})", m.to))?;
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(m.body.clone()));
    for (name, bytes) in &m.attachments {
        let ct = ContentType::parse("application/pdf").expect("static content type");
        parts = parts.singlepart(Attachment::new(name.clone()).body(bytes.clone(), ct));
    }
    let email = Message::builder()
        .message_id(Some(message_id(&m.from_email)))
        .from(from)
        .to(to)
        .subject(m.subject.clone())
        .multipart(parts)
        .map_err(|e| format!("the message could not be built ({e})"))?;
    let t = transport(s, password)?;
    t.send(&email).map(|_| ()).map_err(|e| explain(e, s))
}

#[cfg(test)]
mod tests {
    use super::message_id;

    #[test]
    fn message_ids_are_on_the_senders_domain_and_unique() {
        let a = message_id("accounts@brightwell.co.uk");
        let b = message_id("accounts@brightwell.co.uk");
        assert!(a.starts_with("<overdue.") && a.ends_with("@brightwell.co.uk>"), "{a}");
        assert_ne!(a, b);
        assert!(message_id("no-at-sign").ends_with("@localhost>"));
        assert!(message_id("x@bad domain\r\n").ends_with("@localhost>"), "no header injection");
    }
}
