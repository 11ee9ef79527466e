//! What a message or letter to a client is built from: the client and the
//! business, the stage, the open invoices it is about, the charges on them
//! worked out to a date, and the template values. The core gathers it; the
//! templates and the documents use it as it is.

use crate::ladder::Stage;
use crate::model::{Amount, Business, Client};
use crate::money::Currency;
use crate::template::Values;
use chrono::NaiveDate;
use serde::Serialize;

/// An open invoice as chasing reads it (amounts in minor units).
#[derive(Debug, Clone)]
pub struct Open {
    pub id: i64,
    pub number: String,
    pub client_id: i64,
    pub issue: NaiveDate,
    pub due: NaiveDate,
    pub amount: i64,
    pub currency: String,
    pub outstanding: i64,
    pub mode: String,
    pub paused_until: String,
    pub disputed: bool,
}

/// How the charges on one invoice were worked out.
#[derive(Debug, Clone, Serialize)]
pub struct InterestLine {
    pub invoice: String,
    pub days: i64,
    pub rate: String,
    pub interest: Amount,
    pub compensation: Amount,
    pub note: String,
}

/// Interest, compensation and fees on a set of invoices to a date.
#[derive(Debug, Clone, Serialize)]
pub struct Charges {
    pub principal: Amount,
    /// Late-payment interest to date (accrues day by day).
    pub interest: Amount,
    /// Fixed statutory compensation (e.g. £40/£70/£100 per invoice under the
    /// UK Late Payment Act, €40 under the EU Directive): due once, never
    /// accruing.
    pub compensation: Amount,
    /// Fees applied, plus this stage's fee if it is not yet applied.
    pub fees: Amount,
    pub charges: Amount,
    pub total_due: Amount,
    /// Whether the message claims the charges (its text names them): then
    /// it asks for `total_due`, else for the `principal` only and says so.
    pub claimed: bool,
    /// What the message asks for: `total_due` when the charges are claimed,
    /// else the `principal`.
    pub asked: Amount,
    pub policy: String,
    pub lines: Vec<InterestLine>,
    /// Not for the debtor: set when the interest relies on a reference-rate
    /// table not brought up to date for more than six months.
    pub rates_warning: String,
    /// `charges`, `interest` and `fees` in minor units.
    #[serde(skip)]
    pub charges_minor: i64,
    /// Interest and compensation together: the part of a balance that
    /// agreements and negotiations carry as "interest and compensation".
    #[serde(skip)]
    pub interest_minor: i64,
    #[serde(skip)]
    pub fees_minor: i64,
    #[serde(skip)]
    pub compensation_minor: i64,
}

/// Everything a message or letter to a client is built from.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub client: Client,
    pub business: Business,
    pub stage: Option<Stage>,
    pub invoices: Vec<Open>,
    pub currency: Currency,
    pub values: Values,
    pub charges: Charges,
    pub new_due: NaiveDate,
    /// The EPC QR payload for paying the total (a euro business with an
    /// IBAN), drawn on the letter beside "How to pay".
    pub pay_qr: Option<String>,
}
