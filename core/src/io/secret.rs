//! The SMTP password in the OS keyring (Secret Service on Linux, Keychain on
//! macOS, Credential Manager on Windows). Where no keyring is available the
//! caller says so and asks for the password when sending.

const SERVICE: &str = crate::db::APP_ID;

fn entry(host: &str, user: &str) -> Result<keyring::Entry, String> {
    keyring::Entry::new(SERVICE, &format!("smtp:{user}@{host}")).map_err(|e| format!("no keyring available ({e})"))
}

/// `Ok(None)`: the keyring works but holds no password. `Err`: no keyring.
pub fn get_password(host: &str, user: &str) -> Result<Option<String>, String> {
    if std::env::var_os("OVERDUE_NO_KEYRING").is_some() {
        return Err("no keyring available (OVERDUE_NO_KEYRING is set)".into());
    }
    match entry(host, user)?.get_password() {
        Ok(p) => Ok(Some(p)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(format!("no keyring available ({e})")),
    }
}

pub fn set_password(host: &str, user: &str, password: &str) -> Result<(), String> {
    if std::env::var_os("OVERDUE_NO_KEYRING").is_some() {
        return Err("no keyring available (OVERDUE_NO_KEYRING is set)".into());
    }
    entry(host, user)?.set_password(password).map_err(|e| format!("the keyring refused to store it ({e})"))
}

/// The SMTP password to use: `OVERDUE_SMTP_PASSWORD`, else the keyring.
/// Returns the password (if any) and, when there is no keyring, why.
pub fn resolve(smtp: &crate::settings::SmtpSettings) -> (Option<String>, Option<String>) {
    if smtp.username.is_empty() {
        return (None, None);
    }
    if let Some(p) = std::env::var("OVERDUE_SMTP_PASSWORD").ok().filter(|p| !p.is_empty()) {
        return (Some(p), None);
    }
    match get_password(&smtp.host, &smtp.username) {
        Ok(p) => (p, None),
        Err(e) => (None, Some(e)),
    }
}
