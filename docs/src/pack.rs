//! The hand-over pack for a collection agency or solicitor: the case
//! summary, the reasons, every invoice (claimed or why not), payments,
//! contacts, promises, the agreement and the full timeline, with the UK
//! letter before claim where it applies, and the same facts as CSV.
//! Values in, bytes out.

use crate::letterhead::letterhead;
use crate::pdf::{col, Align, Doc, Paper};
use chrono::{DateTime, NaiveDate, Utc};
use overdue_domain::dates::stored as d;
use overdue_domain::message::Prepared;
use overdue_domain::model::{Business, Client, ClientDetail, Event};
use overdue_domain::records::{Agreement, Contact, PromiseRow};

/// Everything a hand-over states, gathered by the core.
pub struct Pack<'a> {
    pub business: &'a Business,
    pub client: &'a Client,
    /// What is claimed: the invoices, the charges on them to `today`.
    pub claim: &'a Prepared,
    /// "agency" or "solicitor".
    pub to: &'a str,
    pub reasons: &'a str,
    pub triggers: &'a [String],
    pub warnings: &'a [String],
    pub detail: &'a ClientDetail,
    pub contacts: &'a [Contact],
    pub history: &'a [Event],
    pub promises: &'a [PromiseRow],
    /// Newest first.
    pub agreements: &'a [Agreement],
    /// The agreed-charges invoice of a live agreement, listed but not
    /// claimed: (invoice id, number, outstanding, agreement reference).
    pub unclaimed: Option<&'a (i64, String, i64, String)>,
    pub disputed_ids: &'a [i64],
    pub letter_before_claim: bool,
    pub today: NaiveDate,
}

/// The pack's PDF, the letter before claim on its own (where it applies)
/// and the CSV.
pub struct Files {
    pub pdf: Vec<u8>,
    pub letter_before_claim: Option<Vec<u8>>,
    pub csv: String,
}

/// Lays out the pack and writes its CSV.
pub fn files(pk: &Pack, paper: Paper, created: DateTime<Utc>) -> Files {
    let (b, c, p, to, reasons, today) = (pk.business, pk.client, pk.claim, pk.to, pk.reasons, pk.today);
    let (detail, contacts, history, promises, agreements) = (pk.detail, pk.contacts, pk.history, pk.promises, pk.agreements);
    let (unclaimed, disputed_ids, lbc) = (pk.unclaimed, pk.disputed_ids, pk.letter_before_claim);
    let cur = &p.currency;
    // ---- the PDF
    let header = format!("{} · Hand-over pack · {}", b.trading_name, c.name);
    let mut doc = Doc::new(paper, &format!("Hand-over pack – {}", c.name), &header, &format!("Hand-over pack for {} · prepared {} by {}", c.name, b.date(today), b.legal_name), created);
    doc.paragraph("HAND-OVER PACK", 17.0, true);
    doc.note(&format!("For {} · prepared {} by {}", who_label(to), b.date(today), b.legal_name), 9.5);
    doc.rule();
    doc.paragraph("1.  Case summary", 12.0, true);
    let mut facts = vec![
        vec!["Debtor".to_string(), if c.legal_name.is_empty() { c.name.clone() } else { format!("{} (trading as {})", c.legal_name, c.name) }],
        vec!["Kind".into(), match c.kind.as_str() { "consumer" => "Individual (consumer)", "sole_trader" => "Sole trader", _ => "Company" }.into()],
        vec!["Contact person".into(), c.contact_person.clone()],
        vec!["Email".into(), c.email.clone()],
        vec!["Phone".into(), c.phone.clone()],
        vec!["Address".into(), c.address.replace('\n', ", ")],
        vec!["Creditor".into(), format!("{}, {}", b.legal_name, b.address.replace('\n', ", "))],
    ];
    facts.retain(|r| !r[1].trim().is_empty());
    doc.table(&[col("Debtor and creditor", 2.0, Align::Left), col("", 6.0, Align::Left)], &facts, &[]);
    let ch = &p.charges;
    let amounts = claim_rows(&b, &p, today, "Invoices outstanding", "Total claimed");
    let last = amounts.len() - 1;
    doc.table(&[col("Amounts", 6.0, Align::Left), col("", 2.0, Align::Right)], &amounts, &[last]);
    let oldest = p.invoices.iter().map(|i| i.due).min();
    if let Some(o) = oldest {
        doc.note(&format!("Oldest unpaid due date {} ({} days overdue). Figures in {}.", b.date(o), (today - o).num_days(), cur.code), 9.0);
    }
    doc.space(2.0);
    doc.ensure(24.0);
    doc.paragraph("2.  Reasons for escalating", 12.0, true);
    doc.paragraph(&reasons, 10.0, false);
    for t in pk.triggers {
        doc.paragraph(&format!("• {t}"), 10.0, false);
    }
    for w in pk.warnings {
        doc.note(&format!("Note: {w}"), 9.0);
    }
    doc.space(2.0);
    doc.ensure(24.0);
    doc.paragraph("3.  Invoices", 12.0, true);
    let style = b.date_style();
    let claimed_ids: Vec<i64> = p.invoices.iter().map(|i| i.id).collect();
    // Why an open invoice is left out of the claim, if it is.
    let left_out_because = |i: &overdue_domain::model::InvoiceRow| -> Option<String> {
        if claimed_ids.contains(&i.id) || i.status == "paid" {
            None
        } else if unclaimed.as_ref().is_some_and(|u| u.0 == i.id) {
            Some("agreed charges, explained below".into())
        } else if disputed_ids.contains(&i.id) {
            Some("disputed".into())
        } else if i.days_overdue <= 0 {
            Some("not yet due".into())
        } else if i.amount.currency != cur.code {
            Some(format!("in {}", i.amount.currency))
        } else {
            Some("not chosen".into())
        }
    };
    let claim_status = |i: &overdue_domain::model::InvoiceRow| -> String {
        if claimed_ids.contains(&i.id) {
            "Yes".into()
        } else if i.status == "paid" {
            "Paid".into()
        } else {
            "No".into()
        }
    };
    let mut rows: Vec<Vec<String>> = detail
        .invoices
        .iter()
        .map(|i| vec![i.number.clone(), style.format_iso(&i.issue_date), style.format_iso(&i.due_date), i.amount.display.clone(), i.paid.display.clone(), i.outstanding.display.clone(), claim_status(i)])
        .collect();
    rows.push(vec!["Claimed in all".into(), String::new(), String::new(), String::new(), String::new(), ch.principal.display.clone(), String::new()]);
    let last = rows.len() - 1;
    doc.table(&[col("Invoice", 2.5, Align::Left), col("Issued", 1.85, Align::Left), col("Due", 1.85, Align::Left), col("Amount", 1.75, Align::Right), col("Paid", 1.6, Align::Right), col("Outstanding", 1.9, Align::Right), col("Claimed", 1.25, Align::Left)], &rows, &[last]);
    let left_out: Vec<String> = detail.invoices.iter().filter_map(|i| left_out_because(i).map(|why| format!("{} ({why})", i.number))).collect();
    if !left_out.is_empty() {
        doc.note(
            &format!("Only the invoices claimed (\"Yes\") make up the invoices outstanding and the total claimed in section 1. Listed so the account is complete, not claimed: {}.", left_out.join("; ")),
            9.0,
        );
    }
    if let Some((_, number, left, reference)) = &unclaimed {
        doc.note(
            &format!(
                "{number} holds the charges agreed under {reference} ({}): interest, compensation, fees and any plan interest as worked out for that agreement. It is not claimed: section 1 works interest, compensation and fees out afresh on the invoices themselves from their original due dates, and claiming both would count them twice.",
                cur.display(*left)
            ),
            9.0,
        );
    }
    doc.space(2.0);
    doc.ensure(24.0);
    doc.paragraph("4.  Payments received", 12.0, true);
    if detail.payments.is_empty() {
        doc.note("None.", 9.5);
    } else {
        let rows: Vec<Vec<String>> = detail.payments.iter().map(|p| vec![style.format_iso(&p.date), p.amount.display.clone(), p.method.clone(), p.reference.clone()]).collect();
        doc.table(&[col("Date", 1.6, Align::Left), col("Amount", 1.6, Align::Right), col("Method", 1.8, Align::Left), col("Reference", 3.5, Align::Left)], &rows, &[]);
    }
    doc.space(2.0);
    doc.ensure(24.0);
    doc.paragraph("5.  Contact history", 12.0, true);
    if contacts.is_empty() {
        doc.note("No reminder, letter or call is on record.", 9.5);
    } else {
        let mut rows: Vec<Vec<String>> = contacts
            .iter()
            .map(|k| {
                let what = match k.channel.as_str() {
                    "call" => format!("Call: {}{}", k.outcome, if k.reason.is_empty() { String::new() } else { format!(" — reason given: {}", k.reason) }),
                    _ => k.subject.clone(),
                };
                vec![style.format_iso(&k.on_date), k.channel.clone(), what, k.status.clone()]
            })
            .collect();
        rows.reverse();
        doc.table(&[col("Date", 1.5, Align::Left), col("Channel", 1.2, Align::Left), col("What", 5.0, Align::Left), col("Status", 1.0, Align::Left)], &rows, &[]);
    }
    doc.space(2.0);
    doc.ensure(24.0);
    doc.paragraph("6.  Promises to pay", 12.0, true);
    if promises.is_empty() {
        doc.note("None.", 9.5);
    } else {
        let rows: Vec<Vec<String>> = promises.iter().map(|p| vec![style.format_iso(&p.promised_on), style.format_iso(&p.due_date), p.amount.display.clone(), p.paid.display.clone(), p.status.replace('_', " ")]).collect();
        doc.table(&[col("Promised on", 1.6, Align::Left), col("To pay by", 1.6, Align::Left), col("Amount", 1.6, Align::Right), col("Paid", 1.6, Align::Right), col("Result", 1.6, Align::Left)], &rows, &[]);
    }
    doc.space(2.0);
    doc.ensure(24.0);
    doc.paragraph("7.  Agreement", 12.0, true);
    match agreements.first() {
        None => doc.note("No written agreement.", 9.5),
        Some(a) => {
            let mut lines = vec![
                format!("{} {} version {} dated {} — {}", a.content.title, a.reference, a.version, b.date(d(&a.content.date)), a.status_label),
                format!("Fingerprint {} · payable {} · {}", a.fingerprint, a.content.payable, a.content.summary),
            ];
            if !a.debtor_signed_on.is_empty() {
                lines.push(format!("Signed by {} on {}; countersigned {}", a.debtor_signed_by, b.date(d(&a.debtor_signed_on)), if a.countersigned_on.is_empty() { "—".into() } else { b.date(d(&a.countersigned_on)) }));
            }
            if !a.defaulted_on.is_empty() {
                lines.push(format!("In default since {}", b.date(d(&a.defaulted_on))));
            }
            for l in lines {
                doc.paragraph(&l, 10.0, false);
            }
            let docs: Vec<Vec<String>> = a.documents.iter().map(|x| vec![x.title.clone(), x.file_name.clone(), x.sha256[..16].to_string()]).collect();
            if !docs.is_empty() {
                doc.table(&[col("Document", 2.6, Align::Left), col("File", 4.3, Align::Left), col("SHA-256 (start)", 1.7, Align::Left)], &docs, &[]);
            }
            if !a.instalments.is_empty() {
                let rows: Vec<Vec<String>> = a.instalments.iter().map(|i| vec![i.number.to_string(), style.format_iso(&i.due_date), i.amount.display.clone(), i.paid.display.clone(), i.state_label.clone()]).collect();
                doc.table(&[col("No.", 0.7, Align::Left), col("Due", 1.6, Align::Left), col("Amount", 1.6, Align::Right), col("Paid", 1.6, Align::Right), col("State", 1.6, Align::Left)], &rows, &[]);
            }
        }
    }
    doc.space(2.0);
    doc.ensure(24.0);
    doc.paragraph("8.  Timeline (the full history)", 12.0, true);
    doc.note("Each entry is dated on the day it happened: invoices on their issue date, payments on the day they were received, messages and calls on the day they were made.", 9.0);
    let rows: Vec<Vec<String>> = timeline(&detail, &history).into_iter().map(|(on, what)| vec![style.format(on), what]).collect();
    doc.table(&[col("When", 1.8, Align::Left), col("What happened", 6.5, Align::Left)], &rows, &[]);
    if lbc {
        doc.new_page();
        letter_before_claim(&mut doc, &b, &c, &p, agreements.first(), today);
    }
    let pdf = doc.finish();
    // The letter before claim also on its own, to send to the debtor.
    let lbc_pdf = lbc.then(|| {
        let mut letter = Doc::new(paper, &format!("Letter before claim – {}", c.name), &format!("{} · Letter before claim · {}", b.trading_name, c.name), &format!("{} · {}", b.legal_name, b.address.replace('\n', ", ")), created);
        letter_before_claim(&mut letter, &b, &c, &p, agreements.first(), today);
        letter.finish()
    });

    // ---- the CSV: one row per fact, with its section.
    let mut csv = String::from("section,date,reference,description,amount,currency,detail\n");
    let mut row = |section: &str, date: &str, reference: &str, description: &str, amount: &str, detail: &str| {
        csv.push_str(&[section, date, reference, description, amount, cur.code, detail].iter().map(|s| csv_cell(s)).collect::<Vec<_>>().join(","));
        csv.push('\n');
    };
    row("summary", &today.to_string(), &c.name, "Debtor", "", &format!("{} | {} | {} | {}", c.legal_name, c.email, c.phone, c.address.replace('\n', ", ")));
    row("summary", &today.to_string(), "", "Invoices outstanding", &ch.principal.amount, "");
    row("summary", &today.to_string(), "", "Interest", &ch.interest.amount, &ch.policy);
    row("summary", &today.to_string(), "", "Compensation", &ch.compensation.amount, &ch.policy);
    row("summary", &today.to_string(), "", "Fees", &ch.fees.amount, "");
    row("summary", &today.to_string(), "", "Total claimed", &ch.total_due.amount, "");
    row("reasons", &today.to_string(), "", &reasons, "", &pk.triggers.join("; "));
    for i in &detail.invoices {
        let not_claimed = if unclaimed.as_ref().is_some_and(|u| u.1 == i.number) {
            "; not claimed (agreed charges, worked out afresh in the summary)"
        } else if !p.invoices.iter().any(|c| c.id == i.id) && i.status != "paid" {
            if i.days_overdue <= 0 { "; not claimed (not yet due)" } else { "; not claimed" }
        } else {
            ""
        };
        row("invoice", &i.due_date, &i.number, &format!("issued {}; paid {}{not_claimed}", i.issue_date, i.paid.amount), &i.outstanding.amount, &i.amount.amount);
    }
    for p in &detail.payments {
        row("payment", &p.date, &p.reference, &p.method, &p.amount.amount, "");
    }
    for k in contacts {
        row("contact", &k.on_date, &k.channel, &k.subject, "", format!("{} {} {}", k.status, k.outcome, k.reason).trim());
    }
    for p in promises {
        row("promise", &p.promised_on, &p.due_date, &p.status, &p.amount.amount, &p.note);
    }
    for a in agreements {
        row("agreement", &a.content.date, &a.reference, &a.status_label, &a.content.payable.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect::<String>(), &a.fingerprint);
    }
    for e in history.iter().rev() {
        row("history", &e.on_date, &e.kind, &e.summary, "", &format!("recorded {}", e.at));
    }
    Files { pdf, letter_before_claim: lbc_pdf, csv }
}

/// Who a case goes to, in words.
pub fn who_label(to: &str) -> &'static str {
    if to == "solicitor" { "a solicitor" } else { "a collection agency" }
}

fn csv_cell(s: &str) -> String {
    // Leading = + - @ would be formulas in a spreadsheet: prefix a quote.
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<rust_decimal::Decimal>().is_err() { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// The letter before claim in the form the Pre-Action Protocol for Debt
/// Claims (England and Wales) expects from a business to an individual.
fn letter_before_claim(doc: &mut Doc, b: &overdue_domain::model::Business, c: &overdue_domain::model::Client, p: &Prepared, a: Option<&Agreement>, today: NaiveDate) {
    letterhead(doc, b, c, today);
    doc.paragraph("LETTER BEFORE CLAIM", 13.0, true);
    doc.note("Sent under the Pre-Action Protocol for Debt Claims", 9.0);
    doc.space(3.0);
    let who = if c.contact_person.is_empty() { if c.legal_name.is_empty() { c.name.clone() } else { c.legal_name.clone() } } else { c.contact_person.clone() };
    let ch = &p.charges;
    doc.paragraph(&format!("Dear {who},"), 10.0, false);
    doc.space(2.0);
    doc.paragraph(&format!("We are writing about the debt of {} that you owe {}. It is made up as follows:", ch.total_due.display, b.legal_name), 10.0, false);
    let mut rows: Vec<Vec<String>> = p.invoices.iter().map(|i| vec![format!("Invoice {} due {}", i.number, b.date(i.due)), p.currency.display(i.outstanding)]).collect();
    rows.extend(claim_rows(b, p, today, "", "Total").into_iter().skip(1));
    let last = rows.len() - 1;
    doc.table(&[col("", 6.0, Align::Left), col("Amount", 2.0, Align::Right)], &rows, &[last]);
    doc.paragraph(&continuing_interest(p), 10.0, false);
    if let Some(a) = a {
        doc.paragraph(
            &format!("You agreed to pay this debt under our written agreement {} dated {}{}.", a.reference, b.date(d(&a.content.date)), if a.defaulted_on.is_empty() { String::new() } else { format!(", which has been in default since {}", b.date(d(&a.defaulted_on))) }),
            10.0,
            false,
        );
    }
    doc.space(2.0);
    doc.paragraph("How to pay", 10.5, true);
    // The one instruction the reminders printed (the account and the reference to quote).
    let how = p.values.get("payment_details").cloned().unwrap_or_default();
    doc.paragraph(if how.is_empty() { "By bank transfer to the account shown on our invoices." } else { &how }, 10.0, false);
    doc.space(2.0);
    doc.paragraph("What you need to do", 10.5, true);
    doc.paragraph(
        &format!(
            "Within 30 days of the date of this letter, please either pay the amount owed, or fill in the enclosed Reply Form and send it to us at {}{}. If you cannot pay in full but would like to agree a way to pay, fill in the enclosed Financial Statement as well and tell us what you can afford. If you dispute the debt, say so on the Reply Form and tell us why.",
            b.address.replace('\n', ", "),
            if b.email.is_empty() { String::new() } else { format!(" or {}", b.email) }
        ),
        10.0,
        false,
    );
    doc.paragraph("If we do not hear from you within 30 days of the date of this letter, we may start court proceedings against you without further notice. We would much rather agree a way forward with you.", 10.0, false);
    doc.paragraph("You can get free, independent debt advice from Citizens Advice, National Debtline (0808 808 4000), StepChange or MoneyHelper. If you are getting advice, tell us and we will allow you reasonable time to get it.", 10.0, false);
    doc.space(2.0);
    doc.paragraph("Enclosed", 10.5, true);
    doc.paragraph("• the Information Sheet\n• the Reply Form\n• a Financial Statement", 10.0, false);
    doc.note("Note for the sender: the Information Sheet, Reply Form and Financial Statement (Annex 1 to the Pre-Action Protocol for Debt Claims) must be enclosed with this letter.", 9.0);
    doc.space(3.0);
    // The sign-off stays together on one page.
    doc.ensure(Doc::line_height(10.0) * 4.0);
    doc.paragraph(&format!("Yours sincerely,\n{}{}", if b.signatory_name.is_empty() { String::new() } else { format!("{}\n", b.signatory_name) }, b.legal_name), 10.0, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-12.50"), "-12.50", "a negative number stays a number");
    }
}

/// The amounts of a claim, each on its own row so they visibly add up:
/// principal, interest (accruing), fixed compensation (not accruing), fees,
/// and the total. Rows that are nil are left out, but for the first and last.
fn claim_rows(b: &overdue_domain::model::Business, p: &Prepared, today: NaiveDate, principal_label: &str, total_label: &str) -> Vec<Vec<String>> {
    let ch = &p.charges;
    let zero = p.currency.display(0);
    let mut rows = vec![vec![if principal_label.is_empty() { "Invoices outstanding".to_string() } else { principal_label.to_string() }, ch.principal.display.clone()]];
    if ch.interest.display != zero {
        rows.push(vec![format!("Interest to {} ({})", b.date(today), ch.policy), ch.interest.display.clone()]);
    }
    if ch.compensation.display != zero {
        rows.push(vec![format!("Fixed compensation for late payment ({}); it does not accrue", ch.policy), ch.compensation.display.clone()]);
    }
    if ch.fees.display != zero {
        rows.push(vec!["Late-payment fees".into(), ch.fees.display.clone()]);
    }
    rows.push(vec![total_label.to_string(), ch.total_due.display.clone()]);
    rows
}

/// What the letter says about interest from now on: the rate when there is
/// one, nothing about accruing when no interest is being charged.
fn continuing_interest(p: &Prepared) -> String {
    let ch = &p.charges;
    if ch.interest.display == p.currency.display(0) {
        return "No interest is being added to this debt.".into();
    }
    let mut rates: Vec<String> = ch.lines.iter().filter(|l| l.interest.display != p.currency.display(0) && !l.rate.is_empty()).map(|l| format!("{}%", l.rate)).collect();
    rates.sort();
    rates.dedup();
    match rates.as_slice() {
        [] => "Interest continues to be added until the debt is paid.".into(),
        [r] => format!("Interest continues to be added at {r} a year, simple interest on the amount outstanding, until the debt is paid."),
        many => format!("Interest continues to be added at {} a year (the rate depends on when each invoice fell due), simple interest on the amount outstanding, until the debt is paid.", many.join(" or ")),
    }
}

/// The case's history dated on the day each thing happened: invoices on
/// their issue date and payments on the day received (from the ledger, so
/// imported ones are there too), then every other recorded event on the day
/// it happened. Oldest first.
fn timeline(detail: &overdue_domain::model::ClientDetail, history: &[overdue_domain::model::Event]) -> Vec<(NaiveDate, String)> {
    let day = |s: &str| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok();
    let mut out: Vec<(NaiveDate, u8, i64, String)> = Vec::new();
    for i in &detail.invoices {
        if let Some(on) = day(&i.issue_date) {
            let desc = if i.description.is_empty() { String::new() } else { format!(" ({})", i.description) };
            out.push((on, 0, i.id, format!("Invoice {} issued for {}{desc}", i.number, i.amount.display)));
        }
    }
    for p in &detail.payments {
        if let Some(on) = day(&p.date) {
            let to = p.allocations.iter().map(|a| a.invoice_number.clone()).collect::<Vec<_>>().join(", ");
            let what = if p.method == "write-off" {
                format!("{} written off{}", p.amount.display, if to.is_empty() { String::new() } else { format!(" on {to}") })
            } else {
                let via = [p.method.as_str(), p.reference.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ");
                format!(
                    "Payment of {} received{}{}",
                    p.amount.display,
                    if via.is_empty() { String::new() } else { format!(" ({via})") },
                    if to.is_empty() { String::new() } else { format!(", applied to {to}") }
                )
            };
            out.push((on, 1, p.id, what));
        }
    }
    for e in history {
        // Invoices and payments are dated from the ledger above.
        if matches!(e.kind.as_str(), "invoice_created" | "payment_recorded") {
            continue;
        }
        if let Some(on) = day(&e.on_date) {
            out.push((on, 2, e.id, e.summary.clone()));
        }
    }
    out.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    out.into_iter().map(|(on, _, _, what)| (on, what)).collect()
}
