//! The written agreement: from an arrangement agreed in principle to a
//! signable PDF, a cover letter or email, the signed copies, and an active
//! agreement whose instalments the follow-through step tracks.
//!
//! Invariants:
//! - What the PDF says is one `Content` value; its SHA-256 (first 16 hex
//!   digits) is the fingerprint printed on every page, so a signed copy can
//!   be matched to what was issued. A revision is a new version with a new
//!   fingerprint; the earlier files stay.
//! - Every file generated or received is registered in `documents` with
//!   its hash; files are never overwritten and registrations never change.
//! - States: draft → issued → signed → countersigned → active, or declined /
//!   expired, which withdraws the arrangement and reopens the negotiation;
//!   an active or defaulted agreement ends as completed, or as renegotiated
//!   (the owner's choice, back to the negotiation desk).
//!   `transition` is the only place that knows the allowed moves.

use crate::ctx::Ctx;
use crate::flows::chase::{self, ComposeInput, Prepared};
use crate::error::{Error, Result};
use crate::ledger::append_event_detail;
use crate::money::{parse_amount, Currency};
use crate::negotiation::{self, Arrangement};
use crate::pdf::Paper;
pub use overdue_docs::agreement::{cover_text, render};
pub use overdue_domain::agreement::*;
pub use crate::io::files::unique_path;
pub use crate::store::agreements::{documents, Agreement, Document};
use crate::io::files::{register, write_new};
use crate::store::agreements::{self as store, documents_where, raw, set_status, Options, VersionRow};
use crate::template::human_date;
use crate::text::{clean, parse_iso_date, rule};
use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

// ------------------------------------------------------------ state machine

// ------------------------------------------------------------------ content

// ------------------------------------------------------------------ options

/// What the owner chooses when writing the agreement.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DraftInput {
    pub client_id: i64,
    /// ISO date; empty = 14 days from today.
    pub return_by: String,
    /// Days to catch up a late instalment before default; None = 14.
    pub cure_days: Option<u32>,
    /// A fee for an instalment paid late; empty or 0 = none.
    pub late_fee: String,
    /// Who signs for the client; empty = the contact person (or the client).
    pub debtor_signatory: String,
    pub debtor_signatory_title: String,
    pub witness: bool,
    /// "A4" or "Letter"; empty = the setting.
    pub paper: String,
}

// ------------------------------------------------------------- the record

fn next_actions(a: &Agreement) -> Vec<String> {
    let mut v = Vec::new();
    for (action, name) in [
        (Action::Revise, "revise"),
        (Action::Issue, "issue"),
        (Action::DebtorSigns, "sign"),
        (Action::Countersign, "countersign"),
        (Action::Decline, "decline"),
        (Action::Renegotiate, "renegotiate"),
    ] {
        if transition(a.status, action).is_ok() {
            v.push(name.to_string());
        }
    }
    if v.iter().any(|s| s == "issue") {
        v.push("email".into());
    }
    v
}

/// One agreement with its documents and (once active) instalments with
/// their states as of `ctx.today`.
pub fn get(conn: &Connection, ctx: &Ctx, id: i64) -> Result<Agreement> {
    let mut a = raw(conn, id)?.a;
    a.documents = documents_where(conn, &ctx.docs_dir, "d.agreement_id = ?1", id)?;
    a.instalments = crate::store::instalments::instalments(conn, id, a.content.cure_days, &a.content.currency, ctx.today)?;
    a.next = next_actions(&a);
    Ok(a)
}

/// Agreements, newest first; one client's or all.
pub fn list(conn: &Connection, ctx: &Ctx, client_id: Option<i64>) -> Result<Vec<Agreement>> {
    store::ids(conn, client_id)?.into_iter().map(|id| get(conn, ctx, id)).collect()
}

/// The client's latest agreement that is not declined, expired or ended to
/// renegotiate, if any.
pub fn live_for_client(conn: &Connection, ctx: &Ctx, client_id: i64) -> Result<Option<Agreement>> {
    store::live_id_for_client(conn, client_id)?.map(|id| get(conn, ctx, id)).transpose()
}

// --------------------------------------------------------------- documents

// ------------------------------------------------------------------ drafting

fn live_arrangement(conn: &Connection, client_id: i64) -> Result<Arrangement> {
    let c = crate::ledger::client(conn, client_id).map_err(|_| Error::invalid("client", format!("there is no client with id {client_id}")))?;
    negotiation::arrangements(conn, Some(client_id))?.into_iter().find(|a| a.status == "agreed_in_principle").ok_or_else(|| {
        Error::invalid(
            "arrangement",
            format!("{} has no arrangement agreed in principle; agree terms on the negotiation desk first", c.name),
        )
    })
}

fn party_name(legal: &str, name: &str) -> String {
    if legal.trim().is_empty() { name.to_string() } else { legal.to_string() }
}

/// Checks everything the agreement needs and builds its content.
fn build_content(conn: &Connection, ctx: &Ctx, arr: &Arrangement, reference: &str, version: i64, o: &Options) -> Result<(Content, Prepared)> {
    let p = chase::prepare(conn, ctx, &ComposeInput { client_id: arr.client_id, stage_id: None, channel: "letter".into(), invoice_ids: arr.invoice_ids.clone() })
        .map_err(|e| match e {
            Error::Invalid { .. } => Error::Conflict(format!(
                "an invoice under this arrangement is no longer open ({e}); withdraw the arrangement and agree again"
            )),
            other => other,
        })?;
    let b = &p.business;
    if b.legal_name.trim().is_empty() {
        return Err(Error::invalid("business legal name", "set the business's full legal name in Settings: the agreement must name the parties exactly"));
    }
    if b.address.trim().is_empty() {
        return Err(Error::invalid("business address", "set the business's postal address in Settings: the agreement must give each party's address"));
    }
    let c = &p.client;
    if c.address.trim().is_empty() {
        return Err(Error::invalid("client address", format!("{} has no postal address; add it on the client's page: the agreement must give each party's address", c.name)));
    }
    if !arr.within_bottom_line && arr.override_reason.trim().is_empty() {
        return Err(Error::invalid("arrangement", "these terms are outside your bottom line and no reason was logged; agree them again with a reason, or choose terms within it"));
    }
    let cur = p.currency;
    let principal_now: i64 = p.invoices.iter().map(|i| i.outstanding).sum();
    let basis = match negotiation::basis(conn, arr.id)? {
        Some(b) => b,
        // Agreed before the basis was kept: the balance as it stands today.
        None => negotiation::Basis {
            as_of: ctx.today.to_string(),
            principal_minor: principal_now,
            interest_minor: p.charges.interest_minor,
            compensation_minor: p.charges.compensation_minor,
            fees_minor: p.charges.fees_minor,
            plan_interest_pct: "0".into(),
            frequency: String::new(),
        },
    };
    if principal_now != basis.principal_minor {
        return Err(Error::Conflict(format!(
            "the invoices under this arrangement changed since it was agreed (outstanding then {}, now {}); withdraw it and agree again so the schedule is right",
            cur.display(basis.principal_minor),
            cur.display(principal_now)
        )));
    }
    let total_minor = cur.to_minor(arr.total.amount.parse().unwrap_or_default(), "total")?;
    let waived_minor = cur.to_minor(arr.waived.amount.parse().unwrap_or_default(), "waived")?;
    let balance = basis.principal_minor + basis.interest_minor + basis.fees_minor;
    let mut instalments = Vec::new();
    for r in &arr.schedule {
        let m = cur.to_minor(r.amount.amount.parse().unwrap_or_default(), "instalment")?;
        instalments.push(Line { number: r.number, due_date: r.due_date.clone(), amount: r.amount.display.clone(), amount_minor: m, balance_after: r.balance_after.display.clone() });
    }
    let payable: i64 = instalments.iter().map(|l| l.amount_minor).sum();
    if payable != total_minor {
        return Err(Error::Conflict(format!("the stored schedule adds up to {}, not {}; agree the terms again", cur.display(payable), cur.display(total_minor))));
    }
    let individual = c.kind != "company";
    let debtor_signatory = if !o.debtor_signatory.is_empty() {
        o.debtor_signatory.clone()
    } else if !c.contact_person.is_empty() {
        c.contact_person.clone()
    } else {
        party_name(&c.legal_name, &c.name)
    };
    let statutory = p.charges.policy.clone();
    let mut content = Content {
        reference: reference.to_string(),
        version,
        date: ctx.today.to_string(),
        kind: arr.kind.clone(),
        title: match arr.kind.as_str() {
            "settlement" => "Settlement agreement",
            "plan" => "Payment plan agreement",
            _ => "Payment agreement",
        }
        .into(),
        summary: arr.terms.clone(),
        currency: cur.code.to_string(),
        creditor: Party {
            legal_name: b.legal_name.clone(),
            trading_name: if b.trading_name != b.legal_name { b.trading_name.clone() } else { String::new() },
            address: b.address.clone(),
            email: b.email.clone(),
            phone: b.phone.clone(),
            signatory: b.signatory_name.clone(),
            signatory_title: b.signatory_title.clone(),
        },
        debtor: Party {
            legal_name: party_name(&c.legal_name, &c.name),
            trading_name: if !c.legal_name.is_empty() && c.legal_name != c.name { c.name.clone() } else { String::new() },
            address: c.address.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            signatory: debtor_signatory,
            signatory_title: if !o.debtor_signatory_title.is_empty() { o.debtor_signatory_title.clone() } else if individual { String::new() } else { "Authorised signatory".into() },
        },
        debtor_is_individual: individual,
        invoices: p
            .invoices
            .iter()
            .map(|i| InvoiceLine {
                number: i.number.clone(),
                issued: i.issue.to_string(),
                due: i.due.to_string(),
                amount: cur.display(i.amount),
                outstanding: cur.display(i.outstanding),
            })
            .collect(),
        balance_on: basis.as_of.clone(),
        principal: cur.display(basis.principal_minor),
        interest: cur.display(basis.interest_minor),
        compensation: if basis.compensation_minor > 0 { cur.display(basis.compensation_minor) } else { String::new() },
        fees: cur.display(basis.fees_minor),
        balance: cur.display(balance),
        payable: cur.display(total_minor),
        waived: if waived_minor > 0 { cur.display(waived_minor) } else { String::new() },
        plan_interest_pct: basis.plan_interest_pct.clone(),
        frequency: basis.frequency.clone(),
        instalments,
        payment_details: if b.payment_details.trim().is_empty() { String::new() } else { b.payment_details.clone() },
        cure_days: o.cure_days,
        late_fee: if o.late_fee_minor > 0 { cur.display(o.late_fee_minor) } else { String::new() },
        return_by: o.return_by.clone(),
        governing_law: governing_law(&b.country),
        date_style: b.date_style().code().to_string(),
        statutory_interest: if statutory == "No interest" { String::new() } else { statutory },
        witness: o.witness,
        how_to_pay: String::new(),
        pay_qr: String::new(),
    };
    let pay = overdue_domain::pay::how_to_pay(&b, cur.code, overdue_domain::pay::PayFor::Agreement(reference), content.instalments.first().map(|l| l.amount_minor));
    content.how_to_pay = pay.text;
    content.pay_qr = pay.qr.unwrap_or_default();
    Ok((content, p))
}

fn resolve_options(conn: &Connection, ctx: &Ctx, input: &DraftInput, cur: &Currency) -> Result<Options> {
    let return_by = if input.return_by.trim().is_empty() {
        ctx.today + Duration::days(DEFAULT_RETURN_DAYS)
    } else {
        parse_iso_date(&input.return_by, "return-by date")?
    };
    if return_by <= ctx.today {
        return Err(Error::invalid("return-by date", "must be after today: it is the date the signed copy should be back"));
    }
    if return_by > ctx.today + Duration::days(90) {
        return Err(Error::invalid("return-by date", "must be within 90 days: an offer left open longer is no longer a plan"));
    }
    let cure_days = input.cure_days.unwrap_or(DEFAULT_CURE_DAYS);
    if cure_days > 60 {
        return Err(Error::invalid("cure period", "must be 60 days or less"));
    }
    let late_fee_minor = match input.late_fee.trim() {
        "" | "0" => 0,
        s => {
            let m = parse_amount(s.trim_start_matches(['£', '€', '$']), cur, "late fee")?;
            if m > cur.to_minor(rust_decimal::Decimal::from(1000), "late fee")? {
                return Err(Error::invalid("late fee", format!("{} is more than a late fee should be (at most {})", cur.display(m), cur.display(cur.to_minor(rust_decimal::Decimal::from(1000), "late fee")?))));
            }
            m
        }
    };
    let paper = if input.paper.trim().is_empty() { crate::settings::chase(conn)?.paper } else { input.paper.clone() };
    let paper = match Paper::parse(&paper)? {
        Paper::A4 => "A4",
        Paper::Letter => "Letter",
    };
    Ok(Options {
        return_by: return_by.to_string(),
        cure_days,
        late_fee_minor,
        debtor_signatory: clean(&input.debtor_signatory, &rule("client signatory", 200, false, false))?,
        debtor_signatory_title: clean(&input.debtor_signatory_title, &rule("client signatory title", 100, false, false))?,
        witness: input.witness,
        paper: paper.into(),
    })
}

/// What `draft` and `revise` return.
#[derive(Debug, Clone, Serialize)]
pub struct Drafted {
    pub agreement: Agreement,
    pub pdf: String,
    pub cover_letter: String,
}

/// Writes the agreement for the client's arrangement agreed in principle:
/// a new agreement (version 1), or a new version of the one in draft or
/// sent but not yet signed. Nothing is stored when a check fails.
pub fn draft(conn: &mut Connection, ctx: &Ctx, input: &DraftInput) -> Result<Drafted> {
    let arr = live_arrangement(conn, input.client_id)?;
    let cur = Currency::find(&arr.total.currency)?;
    let options = resolve_options(conn, ctx, input, &cur)?;
    let existing = store::live_of_arrangement(conn, arr.id)?.map(|(id, ..)| id);
    let (id, reference, version, from) = match existing {
        Some(id) => {
            let r = raw(conn, id)?;
            transition(r.a.status, Action::Revise)?;
            (Some(id), r.a.reference, r.a.version + 1, Some(r.a.status))
        }
        None => {
            let year = ctx.today.format("%Y");
            let n = store::next_number(conn)?;
            (None, format!("AGR-{year}-{n:04}"), 1, None)
        }
    };
    // A drawn signature belongs to the text it was placed on: a new version
    // starts unsigned (the UPDATE below clears it) and is signed again.
    let (content, p) = build_content(conn, ctx, &arr, &reference, version, &options)?;
    let fp = content.fingerprint();
    let paper = Paper::parse(&options.paper)?;
    let pdf = render(&content, &fp, paper, None, ctx.now);
    let cover = overdue_docs::agreement::cover_letter_pdf(&content, &p.business, &p.client, ctx.today, paper, ctx.now);
    let base = format!("{reference}-v{version}");
    let pdf_path = write_new(&ctx.docs_dir, &format!("{base}-agreement.pdf"), &pdf)?;
    let cover_path = write_new(&ctx.docs_dir, &format!("{base}-cover-letter.pdf"), &cover)?;
    let tx = conn.transaction()?;
    let row = VersionRow { version, options: &options, content: &content, fingerprint: &fp };
    let id = match id {
        Some(id) => {
            store::revise(&tx, id, &row)?;
            id
        }
        None => store::insert(&tx, arr.id, arr.client_id, &reference, &row)?,
    };
    register(&tx, &ctx.docs_dir, arr.client_id, Some(id), "agreement", version, &format!("{} {reference} v{version}", content.title), &pdf_path, &fp)?;
    register(&tx, &ctx.docs_dir, arr.client_id, Some(id), "cover_letter", version, &format!("Cover letter for {reference} v{version}"), &cover_path, &fp)?;
    let (kind, summary) = match from {
        None => ("agreement_drafted", format!("Agreement {reference} written ({}); fingerprint {fp}", content.title)),
        Some(s) => (
            "agreement_revised",
            format!("Agreement {reference} revised to version {version}{}; fingerprint {fp}", if s == Status::Issued { " (the sent version is superseded: send this one)" } else { "" }),
        ),
    };
    append_event_detail(&tx, arr.client_id, ctx.today, kind, &summary, &pdf_path.display().to_string())?;
    tx.commit()?;
    Ok(Drafted { agreement: get(conn, ctx, id)?, pdf: pdf_path.display().to_string(), cover_letter: cover_path.display().to_string() })
}

/// The newest registered file of a kind for the agreement's current version.
pub fn current_file(conn: &Connection, docs_dir: &Path, id: i64, kind: &str) -> Result<PathBuf> {
    let a = raw(conn, id)?.a;
    documents_where(conn, docs_dir, "d.agreement_id = ?1", id)?
        .into_iter()
        .find(|d| d.kind == kind && d.version == a.version)
        .map(|d| PathBuf::from(d.path))
        .ok_or_else(|| Error::NotFound(format!("agreement {} has no {kind} for version {}", a.reference, a.version)))
}

/// The owner signs on screen: the drawn signature is placed on a new copy
/// of the current version (same text, same fingerprint) before it is sent.
pub fn sign_on_screen(conn: &mut Connection, ctx: &Ctx, id: i64, strokes: &Strokes) -> Result<Drafted> {
    let r = raw(conn, id)?;
    if r.a.status != Status::Draft && r.a.status != Status::Issued {
        return Err(Error::Conflict(format!("agreement {} is {}: sign on screen before it is signed by the client", r.a.reference, r.a.status.as_str())));
    }
    let ink: usize = strokes.iter().map(|s| s.len()).sum();
    if strokes.is_empty() || ink < 5 {
        return Err(Error::invalid("signature", "draw the signature in the box first"));
    }
    if ink > 20_000 || strokes.iter().flatten().any(|(x, y)| !(0.0..=1.0).contains(x) || !(0.0..=1.0).contains(y)) {
        return Err(Error::invalid("signature", "the drawing is not a signature (too many points, or outside the box)"));
    }
    let content = r.a.content.clone();
    let paper = Paper::parse(&r.options.paper)?;
    let pdf = render(&content, &r.a.fingerprint, paper, Some(strokes), ctx.now);
    let path = write_new(&ctx.docs_dir, &format!("{}-v{}-agreement-signed-by-us.pdf", r.a.reference, r.a.version), &pdf)?;
    let tx = conn.transaction()?;
    store::set_business_signature(&tx, id, strokes)?;
    register(&tx, &ctx.docs_dir, r.a.client_id, Some(id), "agreement", r.a.version, &format!("{} {} v{} signed by us", content.title, r.a.reference, r.a.version), &path, &r.a.fingerprint)?;
    append_event_detail(&tx, r.a.client_id, ctx.today, "agreement_signed_by_us", &format!("Agreement {} v{} signed on screen for {}", r.a.reference, r.a.version, content.creditor.legal_name), "")?;
    tx.commit()?;
    let cover = current_file(conn, &ctx.docs_dir, id, "cover_letter").map(|p| p.display().to_string()).unwrap_or_default();
    Ok(Drafted { agreement: get(conn, ctx, id)?, pdf: path.display().to_string(), cover_letter: cover })
}

/// The PDF to send or print for the current version: the one signed on
/// screen when there is one.
pub fn issue_file(conn: &Connection, docs_dir: &Path, id: i64) -> Result<PathBuf> {
    current_file(conn, docs_dir, id, "agreement")
}

/// Marks the current version as given to the client: "email", "post",
/// "hand" (in person) or "print".
pub fn issue(conn: &mut Connection, ctx: &Ctx, id: i64, how: &str) -> Result<Agreement> {
    let how = match how.trim() {
        "email" | "post" | "hand" | "print" => how.trim(),
        other => return Err(Error::invalid("how", format!("'{other}' is not a way to send it (email, post, hand, print)"))),
    };
    let r = raw(conn, id)?;
    let to = transition(r.a.status, Action::Issue)?;
    let tx = conn.transaction()?;
    issue_in(&tx, ctx, &r.a, to, how)?;
    tx.commit()?;
    get(conn, ctx, id)
}

fn issue_in(tx: &Connection, ctx: &Ctx, a: &Agreement, to: Status, how: &str) -> Result<()> {
    let style = crate::dates::DateStyle::from_code(&a.content.date_style);
    let human_date = move |x: NaiveDate| style.format(x);
    set_status(tx, a.id, to)?;
    store::set_issued(tx, a.id, ctx.today, how, a.version)?;
    let words = match how {
        "email" => "emailed",
        "post" => "posted",
        "hand" => "handed over",
        _ => "printed to give",
    };
    append_event_detail(
        tx,
        a.client_id,
        ctx.today,
        "agreement_issued",
        &format!("Agreement {} v{} {words} to the client; to be signed and returned by {}", a.reference, a.version, human_date(d(&a.content.return_by))),
        "",
    )?;
    Ok(())
}

use crate::ledger::date as d;

/// A queued outbox email with the agreement attached; the window sends it
/// through the usual outbox, and `email_result` records the outcome.
pub fn queue_email(conn: &mut Connection, ctx: &Ctx, id: i64, subject: Option<&str>, body: Option<&str>) -> Result<crate::store::contacts::Queued> {
    let r = raw(conn, id)?;
    transition(r.a.status, Action::Issue)?;
    let c = crate::ledger::client(conn, r.a.client_id)?;
    let to = crate::text::clean_email(&c.email, "email")?;
    if to.is_empty() {
        return Err(Error::invalid("email", format!("{} has no email address; add one on the client's page, or print the agreement", c.name)));
    }
    let (s, b) = cover_text(&r.a.content, false);
    let subject = clean(subject.unwrap_or(&s), &rule("subject", 300, true, false))?;
    let body = clean(body.unwrap_or(&b), &rule("message", 20_000, true, true))?;
    let file = issue_file(conn, &ctx.docs_dir, id)?;
    let tx = conn.transaction()?;
    let contact_id = crate::store::contacts::insert_agreement_contact(&tx, ctx, id, r.a.client_id, "email", &to, &subject, &body, &[file.display().to_string()])?;
    store::touch(&tx, id)?;
    tx.commit()?;
    Ok(crate::store::contacts::Queued { contact_id, to, subject, body, attachments: vec![file.display().to_string()] })
}

/// Called in the transaction that records an agreement email as sent: the
/// agreement is marked sent if the email carried its current version (an
/// older version's email, retried after a revision, leaves it as it is).
pub(crate) fn sent_by_email(tx: &Connection, ctx: &Ctx, id: i64, attachments: &[String]) -> Result<()> {
    let r = raw(tx, id)?;
    let current: Vec<String> = documents_where(tx, &ctx.docs_dir, "d.agreement_id = ?1", id)?
        .into_iter()
        .filter(|d| d.kind == "agreement" && d.version == r.a.version)
        .map(|d| d.path)
        .collect();
    if !attachments.iter().any(|a| current.contains(a)) {
        return Ok(());
    }
    if let Ok(to) = transition(r.a.status, Action::Issue) {
        issue_in(tx, ctx, &r.a, to, "email")?;
    }
    Ok(())
}

// ------------------------------------------------------------------ signing

/// The signed copy as received.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SignInput {
    pub id: i64,
    /// The scan or photo: PDF, JPEG or PNG.
    pub file: String,
    /// ISO date it was signed.
    pub date: String,
    /// Who signed (name as written); empty = the signatory named in it.
    pub by: String,
}

fn file_kind(path: &Path) -> Result<(&'static str, u64)> {
    let meta = std::fs::metadata(path).map_err(|_| Error::invalid("file", format!("{} cannot be read (does it exist?)", path.display())))?;
    if !meta.is_file() {
        return Err(Error::invalid("file", format!("{} is not a file", path.display())));
    }
    if meta.len() == 0 {
        return Err(Error::invalid("file", format!("{} is empty", path.display())));
    }
    if meta.len() > MAX_SIGNED_BYTES {
        return Err(Error::invalid(
            "file",
            format!("{} is {:.1} MB; a signed copy must be under {} MB (scan at 200–300 dpi, or export the photo smaller)", path.display(), meta.len() as f64 / 1_048_576.0, MAX_SIGNED_BYTES / 1_048_576),
        ));
    }
    let mut head = [0u8; 8];
    use std::io::Read;
    let n = std::fs::File::open(path)?.read(&mut head)?;
    let head = &head[..n];
    let kind = if head.starts_with(b"%PDF-") {
        "pdf"
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "jpg"
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        "png"
    } else {
        return Err(Error::invalid("file", format!("{} is not a PDF, JPEG or PNG file; scan or photograph the signed pages and attach that", path.display())));
    };
    Ok((kind, meta.len()))
}

fn sign_date(s: &str, a: &Agreement, ctx: &Ctx, what: &str) -> Result<NaiveDate> {
    let date = parse_iso_date(s, what)?;
    if date > ctx.today {
        return Err(Error::invalid(what, "is in the future"));
    }
    let issued = d(&a.content.date);
    if date < issued {
        return Err(Error::invalid(what, format!("is before the agreement was written ({})", human_date(issued))));
    }
    Ok(date)
}

fn keep_copy(ctx: &Ctx, a: &Agreement, file: &Path, ext: &str, who: &str) -> Result<PathBuf> {
    let bytes = std::fs::read(file)?;
    write_new(&ctx.docs_dir, &format!("{}-v{}-signed-by-{who}.{ext}", a.reference, a.version), &bytes)
}

/// Records the client's signed copy. When the business has already signed
/// (on screen, before sending), the agreement becomes active at once.
pub fn record_signed(conn: &mut Connection, ctx: &Ctx, input: &SignInput) -> Result<Agreement> {
    let style = crate::ledger::date_style(conn)?;
    let human_date = move |x: NaiveDate| style.format(x);
    let r = raw(conn, input.id)?;
    let a = &r.a;
    let to = transition(a.status, Action::DebtorSigns)?;
    let file = PathBuf::from(input.file.trim());
    let (ext, _) = file_kind(&file)?;
    let date = sign_date(&input.date, a, ctx, "date signed")?;
    let by = clean(&input.by, &rule("signed by", 200, false, false))?;
    let by = if by.is_empty() { a.content.debtor.signatory.clone() } else { by };
    let kept = keep_copy(ctx, a, &file, ext, "client")?;
    let tx = conn.transaction()?;
    if a.status == Status::Draft {
        // Signed on the spot: it was handed over.
        issue_in(&tx, ctx, a, Status::Issued, "hand")?;
    }
    set_status(&tx, a.id, to)?;
    store::set_debtor_signed(&tx, a.id, date, &by)?;
    register(&tx, &ctx.docs_dir, a.client_id, Some(a.id), "signed_copy", a.version, &format!("{} v{} signed by {by}", a.reference, a.version), &kept, &a.fingerprint)?;
    append_event_detail(&tx, a.client_id, ctx.today, "agreement_signed", &format!("Agreement {} v{} signed by {by} on {}; signed copy kept", a.reference, a.version, human_date(date)), &kept.display().to_string())?;
    if !r.signature.is_empty() {
        // Already signed for the business on screen.
        let who = if a.content.creditor.signatory.is_empty() { a.content.creditor.legal_name.clone() } else { a.content.creditor.signatory.clone() };
        countersign_in(&tx, ctx, a, date, &who)?;
    }
    tx.commit()?;
    get(conn, ctx, a.id)
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CountersignInput {
    pub id: i64,
    pub date: String,
    /// Empty = the business's signatory.
    pub by: String,
    /// Optional: the copy signed by both parties.
    pub file: String,
}

/// The business signs the client's signed copy; the agreement becomes active.
pub fn countersign(conn: &mut Connection, ctx: &Ctx, input: &CountersignInput) -> Result<Agreement> {
    let r = raw(conn, input.id)?;
    let a = &r.a;
    transition(a.status, Action::Countersign)?;
    let date = sign_date(&input.date, a, ctx, "date countersigned")?;
    if !a.debtor_signed_on.is_empty() && date < d(&a.debtor_signed_on) {
        return Err(Error::invalid("date countersigned", format!("is before the client signed ({})", human_date(d(&a.debtor_signed_on)))));
    }
    let by = clean(&input.by, &rule("countersigned by", 200, false, false))?;
    let by = if !by.is_empty() {
        by
    } else if !a.content.creditor.signatory.is_empty() {
        a.content.creditor.signatory.clone()
    } else {
        return Err(Error::invalid("countersigned by", "say who signs for the business (or set the signatory in Settings)"));
    };
    let kept = match input.file.trim() {
        "" => None,
        f => {
            let (ext, _) = file_kind(Path::new(f))?;
            Some(keep_copy(ctx, a, Path::new(f), ext, "both")?)
        }
    };
    let tx = conn.transaction()?;
    if let Some(k) = &kept {
        register(&tx, &ctx.docs_dir, a.client_id, Some(a.id), "countersigned_copy", a.version, &format!("{} v{} signed by both parties", a.reference, a.version), k, &a.fingerprint)?;
    }
    countersign_in(&tx, ctx, a, date, &by)?;
    tx.commit()?;
    get(conn, ctx, a.id)
}

/// signed → countersigned → active, with the instalments made live.
fn countersign_in(tx: &Connection, ctx: &Ctx, a: &Agreement, date: NaiveDate, by: &str) -> Result<()> {
    let style = crate::dates::DateStyle::from_code(&a.content.date_style);
    let human_date = move |x: NaiveDate| style.format(x);
    let cs = transition(Status::Signed, Action::Countersign)?;
    set_status(tx, a.id, cs)?;
    store::set_countersigned(tx, a.id, date, by)?;
    append_event_detail(tx, a.client_id, ctx.today, "agreement_countersigned", &format!("Agreement {} countersigned by {by} on {}", a.reference, human_date(date)), "")?;
    let active = transition(cs, Action::Activate)?;
    set_status(tx, a.id, active)?;
    store::set_activated(tx, a.id, ctx.today)?;
    activate(tx, a, ctx.today)?;
    let first = a.content.instalments.first().map(|l| format!("; first payment {} on {}", l.amount, human_date(d(&l.due_date)))).unwrap_or_default();
    append_event_detail(
        tx,
        a.client_id,
        ctx.today,
        "agreement_active",
        &format!("Agreement {} is active: {} instalment(s), {} in total{first}", a.reference, a.content.instalments.len(), a.content.payable),
        &a.content.instalments.iter().map(|l| format!("{}. {} {}", l.number, l.due_date, l.amount)).collect::<Vec<_>>().join("\n"),
    )?;
    Ok(())
}

/// The client refused, or the owner abandons this version.
pub fn decline(conn: &mut Connection, ctx: &Ctx, id: i64, reason: &str) -> Result<Agreement> {
    let reason = clean(reason, &rule("reason", 500, true, false))?;
    let r = raw(conn, id)?;
    let to = transition(r.a.status, Action::Decline)?;
    let tx = conn.transaction()?;
    set_status(&tx, id, to)?;
    store::set_closed(&tx, id, ctx.today, &reason)?;
    crate::flows::negotiation::back_to_negotiation(&tx, &r.a, "was declined")?;
    append_event_detail(&tx, r.a.client_id, ctx.today, "agreement_declined", &format!("Agreement {} declined: {reason}. Back to negotiation.", r.a.reference), "")?;
    tx.commit()?;
    get(conn, ctx, id)
}

/// Sent agreements whose return-by date has passed without a signed copy
/// expire; their cases go back to negotiation. Returns the references.
pub fn expire_overdue(conn: &mut Connection, ctx: &Ctx) -> Result<Vec<String>> {
    let style = crate::ledger::date_style(conn)?;
    let human_date = move |x: NaiveDate| style.format(x);
    let mut out = Vec::new();
    for id in store::issued_ids(conn)? {
        let r = raw(conn, id)?;
        if d(&r.a.content.return_by) >= ctx.today {
            continue;
        }
        let to = transition(r.a.status, Action::Expire)?;
        let tx = conn.transaction()?;
        set_status(&tx, id, to)?;
        store::set_closed(&tx, id, ctx.today, "not returned signed by the date")?;
        crate::flows::negotiation::back_to_negotiation(&tx, &r.a, "was not returned signed in time")?;
        append_event_detail(
            &tx,
            r.a.client_id,
            ctx.today,
            "agreement_expired",
            &format!("Agreement {} expired: not returned signed by {}. Back to negotiation.", r.a.reference, human_date(d(&r.a.content.return_by))),
            "",
        )?;
        tx.commit()?;
        out.push(r.a.reference);
    }
    Ok(out)
}

// ------------------------------------------------------------------- the PDF

/// The PDF of the current version, built again from the stored content
/// (for the benchmark and for checking a copy against its fingerprint).
pub fn pdf_of(conn: &Connection, id: i64) -> Result<Vec<u8>> {
    let r = raw(conn, id)?;
    let sig = if r.signature.is_empty() { None } else { Some(parse_strokes(&r.signature)) };
    Ok(render(&r.a.content, &r.a.fingerprint, Paper::parse(&r.options.paper)?, sig.as_ref(), crate::clock::now()))
}

/// When an agreement becomes active: its instalments, the agreed charges as
/// an invoice, and any payment already made on the covered invoices since
/// the agreement's date counted towards the first instalments.
pub(crate) fn activate(tx: &Connection, a: &Agreement, today: NaiveDate) -> Result<()> {
    crate::store::instalments::insert_all(tx, a.id, &a.content.currency, &a.content.instalments)?;
    let payable: i64 = a.content.instalments.iter().map(|l| l.amount_minor).sum();
    let basis = crate::negotiation::basis(tx, a.arrangement_id)?;
    let principal = basis.map(|b| b.principal_minor).unwrap_or(payable);
    if payable > principal {
        let last = a.content.instalments.last().map(|l| l.due_date.clone()).unwrap_or_else(|| today.to_string());
        let inv = crate::ledger::insert_invoice(
            tx,
            &format!("{}-C", a.reference),
            a.client_id,
            &today.to_string(),
            &last.max(today.to_string()),
            payable - principal,
            &a.content.currency,
            &format!("Interest, compensation, fees and plan interest agreed under {}", a.reference),
        )?;
        crate::store::instalments::set_charges_invoice(tx, a.id, inv)?;
    }
    // Money already received on the covered invoices since the agreement's date.
    let covered = crate::store::negotiations::invoice_ids(tx, a.arrangement_id)?;
    let mut paid = crate::store::instalments::paid_on_since(tx, &covered, &a.content.date)?;
    paid.sort();
    for (payment, amount) in paid {
        crate::store::instalments::apply(tx, a.id, payment, amount)?;
    }
    Ok(())
}
