//! The agreement document: the signable PDF laid out from its `Content`,
//! and the cover letter or email that goes with it. Values in, bytes out.

use crate::letterhead::letterhead;
use crate::pdf::{col, Align, Doc, Paper};
use chrono::{DateTime, NaiveDate, Utc};
use overdue_domain::agreement::{Content, Party, Strokes};
use overdue_domain::dates::stored as d;
use overdue_domain::model::{Business, Client};
use overdue_domain::money::Currency;

/// The cover text in plain words: subject and body. `printed`: for the
/// letter that goes with a printed copy ("enclosed"), else for the email
/// ("attached").
pub fn cover_text(a: &Content, printed: bool) -> (String, String) {
    let style = overdue_domain::dates::DateStyle::from_code(&a.date_style);
    let human_date = move |x: NaiveDate| style.format(x);
    let who = if a.debtor.signatory.is_empty() { a.debtor.legal_name.clone() } else { a.debtor.signatory.clone() };
    let mut body = format!(
        "Dear {who},\n\nThank you for talking with us about the outstanding balance on your account. As agreed, we have put the arrangement in writing so that we both have a clear record of it.\n\nIn short: {}.",
        a.summary.trim_end_matches('.')
    );
    if a.instalments.len() > 1 {
        body.push_str(" Every date and amount is in the schedule of the agreement.");
    }
    if !a.waived.is_empty() {
        body.push_str(&format!(" As long as every payment arrives on time, we give up {} of the balance.", a.waived));
    }
    let back = human_date(d(&a.return_by));
    let how = if printed {
        format!(
            "by post to:\n{}{}",
            a.creditor.address,
            if a.creditor.email.is_empty() { String::new() } else { format!("\nor as a scan or a clear photo by email to {}", a.creditor.email) }
        )
    } else {
        format!("as a scan or a clear photo in reply to this email, or by post to:\n{}", a.creditor.address)
    };
    body.push_str(&format!(
        "\n\nPlease read the {} agreement ({}), sign and date it where marked, and return it to us by {back} — {how}\n\nWhile you keep to the agreement we will take no further collection action, and when the last payment is made we will confirm in writing that your account is settled.\n\nIf we have not received the signed agreement by {back}, this offer lapses and the full balance of {} remains due. If anything in it is not what we discussed, or your circumstances change, please contact us before then",
        if printed { "enclosed" } else { "attached" },
        a.reference,
        a.balance
    ));
    let contact: Vec<&str> = [a.creditor.phone.as_str(), a.creditor.email.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    if !contact.is_empty() {
        body.push_str(&format!(" ({})", contact.join(", ")));
    }
    body.push_str(".\n\nKind regards,\n");
    if !a.creditor.signatory.is_empty() {
        body.push_str(&a.creditor.signatory);
        body.push('\n');
    }
    body.push_str(if a.creditor.trading_name.is_empty() { &a.creditor.legal_name } else { &a.creditor.trading_name });
    let subject = format!("Our agreement {} — please sign and return by {back}", a.reference);
    (subject, body)
}

/// The cover letter printed with the agreement.
pub fn cover_letter_pdf(c: &Content, business: &Business, client: &Client, today: NaiveDate, paper: Paper, created: DateTime<Utc>) -> Vec<u8> {
    let header = format!("{} · Cover letter · {}", if c.creditor.trading_name.is_empty() { &c.creditor.legal_name } else { &c.creditor.trading_name }, c.reference);
    let mut doc = Doc::new(paper, &format!("Cover letter – {}", c.reference), &header, &format!("{} · {}", c.creditor.legal_name, c.creditor.address.replace('\n', ", ")), created);
    letterhead(&mut doc, business, client, today);
    let (subject, body) = cover_text(c, true);
    doc.paragraph(&subject, 12.0, true);
    doc.space(3.0);
    doc.paragraph(&body, 10.0, false);
    doc.finish()
}

fn money_words(c: &Content) -> String {
    format!("All amounts in this agreement are in {}.", c.currency)
}

fn clause(doc: &mut Doc, n: &str, heading: &str, paras: &[String]) {
    let first = paras.first().map(String::as_str).unwrap_or("");
    let lh = Doc::line_height(10.0);
    let lines = doc.wrap(first, 10.0, false, doc.width()).len().min(4) as f32;
    doc.ensure(Doc::line_height(10.5) + lh * lines + 4.0);
    doc.space(2.5);
    doc.paragraph(&format!("{n}  {heading}"), 10.5, true);
    doc.space(0.8);
    for p in paras {
        doc.paragraph(p, 10.0, false);
        doc.space(1.2);
    }
}

fn party_block(doc: &mut Doc, n: &str, p: &Party, role: &str) {
    let mut s = format!("({n}) {}", p.legal_name);
    if !p.trading_name.is_empty() {
        s.push_str(&format!(", trading as {}", p.trading_name));
    }
    s.push_str(&format!(", of {}", p.address.replace('\n', ", ")));
    s.push_str(&format!(" (\u{201C}the {role}\u{201D})"));
    doc.paragraph(&s, 10.0, false);
    if !p.signatory.is_empty() {
        let t = if p.signatory_title.is_empty() { String::new() } else { format!(", {}", p.signatory_title) };
        doc.note(&format!("    Signing: {}{t}", p.signatory), 9.0);
    }
    doc.space(1.5);
}

fn signature_block(doc: &mut Doc, heading: &str, p: &Party, strokes: Option<&Strokes>, witness: bool) {
    let lh = Doc::line_height(9.5);
    let need = lh * 10.0 + if witness { lh * 7.0 } else { 0.0 };
    doc.ensure(need);
    doc.space(4.0);
    doc.paragraph(heading, 10.0, true);
    doc.note(&p.legal_name, 9.0);
    let m = doc.margin();
    let label_w = 34.0;
    let x0 = m + label_w;
    let x1 = m + doc.width() * 0.8;
    let line = |doc: &mut Doc, label: &str, value: &str, tall: bool| {
        doc.space(if tall { 12.0 } else { 7.5 });
        let y = doc.y();
        doc.text_at(m, y, label, 9.5, false, true);
        if !value.is_empty() {
            doc.text_at(x0 + 1.0, y - 1.2, value, 10.0, false, false);
        }
        doc.sign_line(x0, x1, y + 0.8);
    };
    // The signature line, with the drawn signature on it when there is one.
    doc.space(12.0);
    let y = doc.y();
    doc.text_at(m, y, "Signature", 9.5, false, true);
    doc.sign_line(x0, x1, y + 0.8);
    if let Some(s) = strokes {
        let (w, h) = (55.0, 15.0);
        for stroke in s {
            let pts: Vec<(f32, f32)> = stroke.iter().map(|(sx, sy)| (x0 + 4.0 + sx * w, y + 0.5 - h + sy * h)).collect();
            doc.polyline(&pts, 1.1);
        }
    }
    line(doc, "Name (printed)", &p.signatory, false);
    line(doc, "Title", &p.signatory_title, false);
    line(doc, "Date", "", false);
    if witness {
        doc.space(3.0);
        doc.note("Witness (optional)", 9.0);
        line(doc, "Witness signature", "", true);
        line(doc, "Witness name", "", false);
        line(doc, "Witness address", "", false);
    }
    doc.space(3.0);
}

/// The balance acknowledged, row by row so that it adds up: invoices,
/// interest, fixed compensation (apart, where the agreement tells it apart),
/// fees, and the balance on `on`.
fn balance_rows(c: &Content, on: &str) -> Vec<Vec<String>> {
    let law = if c.statutory_interest.is_empty() { String::new() } else { format!(" ({})", c.statutory_interest) };
    let mut rows = vec![vec!["Invoices outstanding".to_string(), c.principal.clone()]];
    if c.compensation.is_empty() {
        let label = if c.statutory_interest.is_empty() { "Interest to that date".to_string() } else { format!("Interest and compensation to that date{law}") };
        rows.push(vec![label, c.interest.clone()]);
    } else {
        // Interest accrues; the fixed compensation does not: two rows.
        let interest_only = overdue_domain::money::Currency::find(&c.currency).map(|cur| cur.display(c.minor(&c.interest) - c.minor(&c.compensation))).unwrap_or_default();
        rows.push(vec![format!("Interest to that date{law}"), interest_only]);
        rows.push(vec![format!("Fixed compensation for late payment{law}"), c.compensation.clone()]);
    }
    rows.push(vec!["Late-payment fees to that date".into(), c.fees.clone()]);
    rows.push(vec![format!("Balance on {on}"), c.balance.clone()]);
    rows
}

/// Lays out the agreement. `strokes`: the business's signature drawn on screen.
pub fn render(c: &Content, fingerprint: &str, paper: Paper, strokes: Option<&Strokes>, created: DateTime<Utc>) -> Vec<u8> {
    let creditor_name = if c.creditor.trading_name.is_empty() { c.creditor.legal_name.clone() } else { c.creditor.trading_name.clone() };
    let header = format!("{creditor_name} · {} · {}", c.title, c.reference);
    let footer = format!("{} · version {} · fingerprint {fingerprint}", c.reference, c.version);
    let mut doc = Doc::new(paper, &format!("{} {} – {}", c.title, c.reference, c.debtor.legal_name), &header, &footer, created);
    let date = c.date();
    let style = overdue_domain::dates::DateStyle::from_code(&c.date_style);
    let human_date = |x: NaiveDate| style.format(x);
    let fd = |s: &str| style.format(d(s));
    let short = fd;

    doc.paragraph(&c.title.to_uppercase(), 17.0, true);
    doc.space(1.0);
    doc.note(&format!("Reference {}   ·   Version {}   ·   Dated {}", c.reference, c.version, human_date(date)), 9.5);
    doc.note(&format!("Fingerprint {fingerprint} (identifies this exact text)"), 8.5);
    doc.rule();

    doc.paragraph(&format!("This agreement is made on {} between:", human_date(date)), 10.0, false);
    doc.space(1.5);
    party_block(&mut doc, "1", &c.creditor, "Creditor");
    party_block(&mut doc, "2", &c.debtor, "Debtor");

    clause(&mut doc, "", "Background", &[
        "A.  The Creditor supplied goods or services to the Debtor and issued the invoices listed in Schedule A.".to_string(),
        "B.  Those invoices are overdue and have not been paid in full.".into(),
        "C.  The parties have agreed how the Debtor will pay what is owed, on the terms below.".into(),
    ]);

    let mut ack = vec![format!(
        "The Debtor acknowledges that on {} it owed the Creditor {} under the invoices listed in Schedule A, made up as follows:",
        fd(&c.balance_on),
        c.balance
    )];
    if c.debtor_is_individual {
        ack[0] = ack[0].replace(" it owed", " they owed");
    }
    clause(&mut doc, "1.", "Acknowledgment of the debt", &ack);
    let rows = balance_rows(c, &fd(&c.balance_on));
    let last = rows.len() - 1;
    doc.table(&[col("", 6.0, Align::Left), col("Amount", 2.0, Align::Right)], &rows, &[last]);
    doc.note(&money_words(c), 8.5);

    let n = c.instalments.len();
    let mut pay = Vec::new();
    match c.kind.as_str() {
        "settlement" => {
            pay.push(format!(
                "The Creditor agrees to accept {} in full and final settlement of the balance, paid as set out in Schedule B{}.",
                c.payable,
                if n > 1 { format!(" ({n} payments)") } else { String::new() }
            ));
            pay.push(format!(
                "The remaining {} is waived only if every payment is made in full and on time (allowing for the cure period in clause 5). Until the last payment is made, the full balance remains owed.",
                if c.waived.is_empty() { "balance".to_string() } else { c.waived.clone() }
            ));
        }
        _ => {
            if n > 1 {
                pay.push(format!("The Debtor will pay {} in {n} instalments on the dates and in the amounts set out in Schedule B.", c.payable));
            } else if let Some(l) = c.instalments.first() {
                pay.push(format!("The Debtor will pay {} on or before {}.", l.amount, fd(&l.due_date)));
            }
            if !c.waived.is_empty() {
                pay.push(format!(
                    "The Creditor waives {} of interest, compensation and fees on condition that every payment is made in full and on time (allowing for the cure period in clause 5). Until the last payment is made, that amount remains owed.",
                    c.waived
                ));
            }
        }
    }
    pay.push("Each payment is due on its date; a payment is made when the money reaches the Creditor's account.".into());
    clause(&mut doc, "2.", "Payment", &pay);

    let method = if !c.how_to_pay.is_empty() {
        vec![c.how_to_pay.clone()]
    } else {
        // An agreement written before the one instruction existed.
        let mut m = vec![if c.payment_details.is_empty() {
            "By bank transfer to the account shown on the Creditor's invoices.".to_string()
        } else {
            let details = overdue_domain::template::without_quote_lines(&c.payment_details);
            if details.to_lowercase().starts_with("bank transfer") || details.to_lowercase().starts_with("pay") { details } else { format!("By bank transfer to:\n{details}") }
        }];
        m.push(format!("Please quote the reference {} with every payment.", c.reference));
        m
    };
    clause(&mut doc, "3.", "How to pay", &method);
    if !c.pay_qr.is_empty() {
        let rows = overdue_domain::pay::qr_modules(&c.pay_qr);
        doc.qr(&rows, 30.0, "Scan with your banking app to pay the first instalment by SEPA credit transfer (EPC QR code): the account, the amount and the reference are filled in.");
    }

    let pct = c.plan_interest_pct.trim();
    let interest = if pct.is_empty() || pct == "0" {
        "No interest is charged on the amounts in Schedule B while this agreement is kept: the interest rate is 0% a year.".to_string()
    } else {
        format!("The instalments in Schedule B include interest at {pct}% a year on the declining balance. No other interest is charged while this agreement is kept.")
    };
    clause(&mut doc, "4.", "Interest", &[interest]);

    let mut late = vec![format!(
        "If a payment is not received on its due date, the Creditor will tell the Debtor in writing. The Debtor then has {} days from the due date (the cure period) to make that payment.",
        c.cure_days
    )];
    late.push(if c.late_fee.is_empty() {
        "No late fee is charged for a payment made within the cure period.".into()
    } else {
        format!("A late fee of {} is payable for each payment made after its due date.", c.late_fee)
    });
    clause(&mut doc, "5.", "Late payment and the cure period", &late);

    // The consequences, lettered in order: a clause that does not apply
    // leaves no gap in the letters.
    let mut consequences = vec!["the whole remaining balance becomes due at once".to_string()];
    if !c.waived.is_empty() {
        consequences.push(format!("the {} waived under clause 2 is no longer waived and becomes payable", c.waived));
    }
    if !c.statutory_interest.is_empty() {
        consequences.push(format!("interest and compensation under the {} run again from the original due dates", c.statutory_interest));
    }
    let lettered = consequences.iter().enumerate().map(|(i, t)| format!("({}) {t};", (b'a' + i as u8) as char)).collect::<Vec<_>>().join(" ");
    clause(&mut doc, "6.", "Default", &[
        format!(
            "The Debtor is in default if (i) a payment is still unpaid at the end of its cure period, (ii) the Debtor tells the Creditor that they will not pay as agreed, or (iii) the Debtor becomes insolvent{}.",
            if c.debtor_is_individual { " or bankrupt" } else { ", enters administration or is wound up" }
        ),
        format!(
            "If the Debtor is in default: {lettered} and the Creditor may pass the debt to a collection agency or start court proceedings to recover it, without further notice except where the law requires it."
        ),
    ]);
    clause(&mut doc, "7.", "Paying early", &["The Debtor may pay more than an instalment, or pay the whole remaining amount, at any time without penalty. Extra payments reduce the last instalments first.".into()]);
    clause(&mut doc, "8.", "While this agreement is kept", &[
        "While the Debtor keeps to this agreement the Creditor will take no further collection action on the invoices in Schedule A.".into(),
        "When the last payment has been made, the Creditor will mark the account as settled and confirm this to the Debtor in a letter.".into(),
    ]);
    clause(&mut doc, "9.", "Changes", &["This agreement can only be changed in writing signed by both parties.".into()]);
    clause(&mut doc, "10.", "Entire agreement", &["This agreement, with its schedules, is the whole agreement between the parties about the debt in Schedule A and replaces anything said or written about it before.".into()]);
    clause(&mut doc, "11.", "Governing law", &[format!("This agreement is governed by {}.", c.governing_law)]);
    clause(&mut doc, "12.", "Acceptance", &[format!(
        "To accept, the Debtor signs and dates this agreement and returns it to the Creditor by {}. If it has not been returned by then, this offer lapses and the full balance remains due.",
        fd(&c.return_by)
    )]);

    doc.space(2.0);
    doc.paragraph("Signed by the parties on the dates below.", 10.0, false);
    signature_block(&mut doc, "For the Creditor", &c.creditor, strokes, c.witness);
    signature_block(&mut doc, if c.debtor_is_individual { "The Debtor" } else { "For the Debtor" }, &c.debtor, None, c.witness);

    // Schedule A: the invoices.
    doc.new_page();
    doc.paragraph("Schedule A — Invoices", 12.5, true);
    doc.note(&format!("Outstanding on {} (the date of this agreement).", human_date(date)), 9.0);
    doc.space(1.0);
    let mut rows: Vec<Vec<String>> =
        c.invoices.iter().map(|i| vec![i.number.clone(), short(&i.issued), short(&i.due), i.amount.clone(), i.outstanding.clone()]).collect();
    rows.push(vec!["Total outstanding".into(), String::new(), String::new(), String::new(), c.principal.clone()]);
    let last = rows.len() - 1;
    doc.table(
        &[col("Invoice", 2.4, Align::Left), col("Date", 1.8, Align::Left), col("Due date", 1.8, Align::Left), col("Amount", 1.8, Align::Right), col("Outstanding", 1.9, Align::Right)],
        &rows,
        &[last],
    );
    doc.space(2.0);
    let rows = balance_rows(c, &short(&c.balance_on));
    let last = rows.len() - 1;
    doc.table(&[col("Balance at the agreement date", 6.0, Align::Left), col("Amount", 2.0, Align::Right)], &rows, &[last]);

    // Schedule B: the payments.
    doc.space(6.0);
    doc.ensure(40.0);
    doc.paragraph("Schedule B — Payments", 12.5, true);
    let how = match c.frequency.as_str() {
        "month" => format!("{n} monthly payments"),
        "fortnight" => format!("{n} fortnightly payments"),
        "week" => format!("{n} weekly payments"),
        _ if n == 1 => "One payment".into(),
        _ => format!("{n} payments"),
    };
    doc.note(&format!("{how}; total {}.", c.payable), 9.0);
    doc.space(1.0);
    let mut rows: Vec<Vec<String>> = c.instalments.iter().map(|l| vec![l.number.to_string(), fd(&l.due_date), l.amount.clone(), l.balance_after.clone()]).collect();
    rows.push(vec!["Total".into(), String::new(), c.payable.clone(), String::new()]);
    let last = rows.len() - 1;
    doc.table(&[col("No.", 0.8, Align::Left), col("Due date", 3.0, Align::Left), col("Amount", 2.0, Align::Right), col("Balance after", 2.2, Align::Right)], &rows, &[last]);
    doc.finish()
}

/// The letter confirming that the account is settled: the invoices, what the
/// agreement added or gave up, and the total paid (`done`: the day of the
/// last payment).
#[allow(clippy::too_many_arguments)]
pub fn completion_letter_pdf(c: &Content, b: &Business, client: &Client, done: NaiveDate, today: NaiveDate, paper: Paper, created: DateTime<Utc>) -> overdue_domain::Result<Vec<u8>> {
    let style = b.date_style();
    let human_date = move |x: NaiveDate| style.format(x);
    let header = format!("{} · Account settled · {}", if b.trading_name.is_empty() { &b.legal_name } else { &b.trading_name }, c.reference);
    let mut doc = Doc::new(paper, &format!("Account settled – {}", c.reference), &header, &format!("{} · {}", c.creditor.legal_name, c.creditor.address.replace('\n', ", ")), created);
    letterhead(&mut doc, b, client, today);
    doc.paragraph(&format!("Your account is settled — agreement {}", c.reference), 12.0, true);
    doc.space(3.0);
    let who = if c.debtor.signatory.is_empty() { c.debtor.legal_name.clone() } else { c.debtor.signatory.clone() };
    let mut body = format!(
        "Dear {who},\n\nThank you. With your payment received on {}, every payment under our agreement {} of {} has been made: {} in total.\n\nThe invoices below are settled and your account with us is clear. We will take no further action on them.",
        human_date(done),
        c.reference,
        human_date(d(&c.date)),
        c.payable
    );
    if !c.waived.is_empty() {
        body.push_str(&format!(" As agreed, the remaining {} has been written off.", c.waived));
    }
    body.push_str("\n\nThank you for keeping to the agreement.");
    doc.paragraph(&body, 10.0, false);
    doc.space(3.0);
    // The invoices, then what the agreement added or gave up, so the rows
    // add up to what was paid.
    let cur = Currency::find(&c.currency)?;
    let mut rows: Vec<Vec<String>> = c.invoices.iter().map(|i| vec![i.number.clone(), human_date(d(&i.due)), i.amount.clone(), "Settled".into()]).collect();
    let (principal, balance, payable) = (c.minor(&c.principal), c.minor(&c.balance), c.minor(&c.payable));
    if balance > principal {
        rows.push(vec!["Interest, compensation and fees".into(), String::new(), cur.display(balance - principal), "Paid".into()]);
    }
    if payable > balance {
        rows.push(vec!["Interest on the plan".into(), String::new(), cur.display(payable - balance), "Paid".into()]);
    } else if payable < balance {
        rows.push(vec!["Given up under the settlement".into(), String::new(), format!("−{}", cur.display(balance - payable)), "Written off".into()]);
    }
    rows.push(vec!["Total paid".into(), String::new(), c.payable.clone(), String::new()]);
    let last = rows.len() - 1;
    doc.table(
        &[col("Invoice", 3.4, Align::Left), col("Due date", 1.8, Align::Left), col("Amount", 1.8, Align::Right), col("Status", 1.4, Align::Right)],
        &rows,
        &[last],
    );
    let sig = [c.creditor.signatory.as_str(), if b.trading_name.is_empty() { &b.legal_name } else { &b.trading_name }].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("\n");
    doc.paragraph(&format!("Kind regards,\n{sig}"), 10.0, false);
    Ok(doc.finish())
}
