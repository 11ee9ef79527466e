//! The written agreement as values: its states and the one gate between
//! them (`transition`), what the document says (`Content`) and its
//! fingerprint. Storage, files and the PDF live elsewhere.
//!
//! Invariants:
//! - What the PDF says is one `Content` value; its SHA-256 (first 16 hex
//!   digits) is the fingerprint printed on every page, so a signed copy can
//!   be matched to what was issued.
//! - States: draft → issued → signed → countersigned → active, or declined /
//!   expired; an active or defaulted agreement ends as completed, or as
//!   renegotiated. `transition` is the only place that knows the allowed moves.

use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A signed copy larger than this is refused (a phone photo is ~5 MB).
pub const MAX_SIGNED_BYTES: u64 = 25 * 1024 * 1024;

pub const DEFAULT_RETURN_DAYS: i64 = 14;

pub const DEFAULT_CURE_DAYS: u32 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Issued,
    Signed,
    Countersigned,
    Active,
    Declined,
    Expired,
    /// Every payment made.
    Completed,
    /// A payment missed past its cure period.
    Defaulted,
    /// Ended by the owner to agree new terms (from active or in default);
    /// the case is back at the negotiation desk.
    Renegotiated,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Issued => "issued",
            Status::Signed => "signed",
            Status::Countersigned => "countersigned",
            Status::Active => "active",
            Status::Declined => "declined",
            Status::Expired => "expired",
            Status::Completed => "completed",
            Status::Defaulted => "defaulted",
            Status::Renegotiated => "renegotiated",
        }
    }
    pub fn parse(s: &str) -> Result<Status> {
        Ok(match s {
            "draft" => Status::Draft,
            "issued" => Status::Issued,
            "signed" => Status::Signed,
            "countersigned" => Status::Countersigned,
            "active" => Status::Active,
            "declined" => Status::Declined,
            "expired" => Status::Expired,
            "completed" => Status::Completed,
            "defaulted" => Status::Defaulted,
            "renegotiated" => Status::Renegotiated,
            other => return Err(Error::invalid("status", format!("'{other}' is not an agreement state"))),
        })
    }
    /// Words for the owner.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft (not yet sent)",
            Status::Issued => "Sent, waiting for the signed copy",
            Status::Signed => "Signed by the client, to countersign",
            Status::Countersigned => "Countersigned",
            Status::Active => "Active",
            Status::Declined => "Declined",
            Status::Expired => "Expired (not returned in time)",
            Status::Completed => "Completed: the account is settled",
            Status::Defaulted => "In default: a payment was missed",
            Status::Renegotiated => "Ended to renegotiate",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A new version of the text (only before anyone signed).
    Revise,
    /// Sent by email, posted, or handed over.
    Issue,
    DebtorSigns,
    Countersign,
    Activate,
    Decline,
    /// The return-by date passed without a signed copy.
    Expire,
    /// The last payment arrived.
    Complete,
    /// A payment is still unpaid at the end of its cure period.
    Default,
    /// A defaulted agreement caught up.
    Cure,
    /// The owner ends it to agree new terms.
    Renegotiate,
}

/// The allowed moves; everything else is refused with the reason.
pub fn transition(from: Status, action: Action) -> Result<Status> {
    use Action as A;
    use Status as S;
    let to = match (from, action) {
        (S::Draft | S::Issued, A::Revise) => S::Draft,
        (S::Draft | S::Issued, A::Issue) => S::Issued,
        (S::Draft | S::Issued, A::DebtorSigns) => S::Signed,
        (S::Signed, A::Countersign) => S::Countersigned,
        (S::Countersigned, A::Activate) => S::Active,
        (S::Draft | S::Issued | S::Signed, A::Decline) => S::Declined,
        (S::Issued, A::Expire) => S::Expired,
        (S::Active | S::Defaulted, A::Complete) => S::Completed,
        (S::Active, A::Default) => S::Defaulted,
        (S::Defaulted, A::Cure) => S::Active,
        (S::Active | S::Defaulted, A::Renegotiate) => S::Renegotiated,
        (S::Signed | S::Countersigned | S::Active | S::Defaulted | S::Completed | S::Renegotiated, A::Revise) => {
            return Err(Error::Conflict(
                "this agreement has been signed: its terms change only by a new agreement in writing signed by both parties".into(),
            ))
        }
        (S::Declined | S::Expired | S::Completed | S::Renegotiated, _) => {
            return Err(Error::Conflict(format!("this agreement is {}; agree new terms to write a new one", from.as_str())))
        }
        (from, action) => {
            return Err(Error::Conflict(format!("an agreement that is {} cannot be {}", from.as_str(), action_words(action))))
        }
    };
    Ok(to)
}

pub fn action_words(a: Action) -> &'static str {
    match a {
        Action::Revise => "revised",
        Action::Issue => "sent again",
        Action::DebtorSigns => "signed by the client again",
        Action::Countersign => "countersigned now",
        Action::Activate => "made active now",
        Action::Decline => "declined",
        Action::Expire => "expired",
        Action::Complete => "completed",
        Action::Default => "put in default",
        Action::Cure => "cured",
        Action::Renegotiate => "ended to renegotiate",
    }
}

/// One party as the agreement names it.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Party {
    pub legal_name: String,
    pub trading_name: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    pub signatory: String,
    pub signatory_title: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InvoiceLine {
    pub number: String,
    pub issued: String,
    pub due: String,
    pub amount: String,
    pub outstanding: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Line {
    pub number: usize,
    pub due_date: String,
    pub amount: String,
    pub amount_minor: i64,
    pub balance_after: String,
}

/// Everything the agreement says. Its hash is the fingerprint.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Content {
    pub reference: String,
    pub version: i64,
    pub date: String,
    /// "plan", "settlement", "full".
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub currency: String,
    pub creditor: Party,
    pub debtor: Party,
    pub debtor_is_individual: bool,
    pub invoices: Vec<InvoiceLine>,
    pub balance_on: String,
    pub principal: String,
    /// Interest and fixed compensation together.
    pub interest: String,
    /// Of `interest`, the fixed compensation ("" when none, or in an
    /// agreement written before it was told apart: then left out of the
    /// JSON, so the fingerprint stays).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub compensation: String,
    pub fees: String,
    pub balance: String,
    pub payable: String,
    /// Given up only if every payment is made on time; "" when nothing is.
    pub waived: String,
    pub plan_interest_pct: String,
    pub frequency: String,
    pub instalments: Vec<Line>,
    pub payment_details: String,
    pub cure_days: u32,
    /// "" = no late fee.
    pub late_fee: String,
    pub return_by: String,
    pub governing_law: String,
    pub statutory_interest: String,
    pub witness: bool,
    /// How the creditor writes dates (`DateStyle::code`): "" = day first.
    /// Left out of the JSON when empty, so agreements written before it
    /// existed keep their fingerprint.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date_style: String,
    /// The one "How to pay" instruction (`pay::how_to_pay`: the account and
    /// the agreement's reference to quote). Left out of the JSON when
    /// empty: agreements written before it print their payment details.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub how_to_pay: String,
    /// The EPC QR payload for the first instalment ("" = none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pay_qr: String,
}

impl Content {
    /// How to pay under the agreement, in the words a message uses: the
    /// instruction written with it, or (an agreement written before there
    /// was one) the business's details asking for the agreement reference.
    pub fn payment_instruction(&self) -> String {
        if !self.how_to_pay.is_empty() {
            self.how_to_pay.clone()
        } else if self.payment_details.is_empty() {
            String::new()
        } else {
            crate::template::with_reference(&self.payment_details, &self.reference)
        }
    }
}

impl Content {
    pub fn fingerprint(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        let hex: String = Sha256::digest(json.as_bytes()).iter().take(8).map(|b| format!("{b:02X}")).collect();
        format!("{}-{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12], &hex[12..16])
    }
    pub fn date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.date, "%Y-%m-%d").unwrap_or_default()
    }
    /// One of the amounts it states ("£8,953.89") in minor units of its
    /// currency; 0 where there is none.
    pub fn minor(&self, shown: &str) -> i64 {
        let Ok(cur) = crate::money::Currency::find(&self.currency) else { return 0 };
        crate::money::parse_decimal_lenient(shown, false).ok().and_then(|d| cur.to_minor(d, "amount").ok()).unwrap_or(0)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The law named in the agreement, from the business's country.
pub fn governing_law(country: &str) -> String {
    let place = match country {
        "GB" => "England and Wales",
        "IE" => "Ireland",
        "US" => "the State in which the Creditor has its principal place of business",
        "CA" => "the Province in which the Creditor has its principal place of business",
        "AU" => "the State or Territory in which the Creditor has its principal place of business",
        "NZ" => "New Zealand",
        "DE" => "Germany",
        "FR" => "France",
        "NL" => "the Netherlands",
        "BE" => "Belgium",
        "ES" => "Spain",
        "IT" => "Italy",
        "PT" => "Portugal",
        "AT" => "Austria",
        "PL" => "Poland",
        "GR" => "Greece",
        "SE" => "Sweden",
        "DK" => "Denmark",
        "FI" => "Finland",
        "LU" => "Luxembourg",
        "CH" => "Switzerland",
        "NO" => "Norway",
        other => return format!("the law of the country of the Creditor's registered address ({other})"),
    };
    format!("the law of {place}, and the courts of {place} have jurisdiction")
}

/// Signature strokes drawn on screen: lines of points, each 0..1 across
/// and down the signing box.
pub type Strokes = Vec<Vec<(f32, f32)>>;

pub fn parse_strokes(s: &str) -> Strokes {
    serde_json::from_str(s).unwrap_or_default()
}
