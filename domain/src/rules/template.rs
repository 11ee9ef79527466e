//! Message templates: the placeholders an owner can use, rendering with a
//! real client's data, and the courteous default texts every stage ships with.
//!
//! A placeholder is a name in braces, e.g. `{client}`. An unknown name is an
//! error when the template is saved, so a typo never reaches a debtor.

use crate::error::{Error, Result};
use serde::Serialize;

/// Every placeholder with what it stands for (shown in the template editor).
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("client", "the client's name"),
    ("contact", "the person to address (contact name, else the client's name)"),
    ("invoice_table", "a table of the invoices: number, due date, amount, outstanding"),
    ("invoice_numbers", "the invoice numbers, e.g. INV-1021, INV-1033"),
    ("due_date", "the (oldest) due date"),
    ("due_phrase", "when the invoices fell due, in words: \"was due on 18 Apr 2026\", or \"fell due between 18 Apr 2026 and 10 Nov 2026\" for several"),
    ("days_overdue", "days past due of the oldest invoice"),
    ("how_overdue", "how overdue the invoices are: \"30 days overdue\", or \"between 13 and 219 days overdue\" for several"),
    ("total", "principal outstanding on these invoices"),
    ("interest", "late-payment interest to date, which goes on accruing until payment (a line showing none is left out)"),
    ("compensation", "fixed compensation for late payment, e.g. under the UK Late Payment Act; due once, it does not accrue (a line showing none is left out)"),
    ("fees", "fixed reminder fees applied (a line showing none is left out)"),
    ("charges", "interest, compensation and fees together (a line showing none is left out)"),
    ("total_due", "principal plus all charges"),
    ("charges_note", "one line saying whether the total includes the late-payment charges (\"This does not include late-payment charges.\"); left out when there are none"),
    ("new_due_date", "the new date to pay by, set by the stage"),
    ("today", "the date of the message"),
    ("payment_details", "how to pay (from the business profile)"),
    ("business", "the business's trading name"),
    ("phone", "the business's phone number"),
    ("email", "the business's email address"),
    ("signature", "the business's sign-off: name, phone, email"),
];

pub fn is_known(name: &str) -> bool {
    PLACEHOLDERS.iter().any(|(n, _)| *n == name)
}

/// The placeholder names used in `text`, in order of appearance.
fn scan(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' {
            if let Some(len) = text[i + 1..].find('}') {
                let name = &text[i + 1..i + 1 + len];
                if !name.is_empty() && name.len() <= 40 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    out.push((i, i + len + 2, name));
                    i += len + 2;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// Placeholders that put late-payment charges in front of the debtor: a
/// message using any of them claims the charges, one without them asks for
/// the invoices only.
pub const CHARGE_PLACEHOLDERS: &[&str] = &["total_due", "charges", "interest", "compensation", "fees"];

/// Whether a template claims the late-payment charges (names any of
/// `CHARGE_PLACEHOLDERS`).
pub fn claims_charges(text: &str) -> bool {
    scan(text).iter().any(|(_, _, n)| CHARGE_PLACEHOLDERS.contains(n))
}

/// Invoice numbers as a call script says them: "invoice INV-1",
/// "invoices INV-1 and INV-2", or "6 invoices" (listed beside the script).
pub fn spoken_invoices(numbers: &[&str]) -> String {
    match numbers {
        [one] => format!("invoice {one}"),
        [a, b] => format!("invoices {a} and {b}"),
        more => format!("{} invoices", more.len()),
    }
}

/// The `{charges_note}` line: what the total says about charges, or
/// `DROP_LINE` when there are none to mention.
pub fn charges_note(claimed: bool, charges_display: &str, has_charges: bool) -> String {
    match (has_charges, claimed) {
        (false, _) => DROP_LINE.to_string(),
        (true, true) => format!("This includes late-payment charges of {charges_display}."),
        (true, false) => "This does not include late-payment charges.".to_string(),
    }
}

/// Refuses unknown placeholders, naming each and listing the known ones.
pub fn check_placeholders(text: &str, field: &str) -> Result<()> {
    let unknown: Vec<String> = scan(text).into_iter().filter(|(_, _, n)| !is_known(n)).map(|(_, _, n)| format!("{{{n}}}")).collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(Error::invalid(
        field,
        format!(
            "unknown placeholder{} {}; use one of {}",
            if unknown.len() > 1 { "s" } else { "" },
            unknown.join(", "),
            PLACEHOLDERS.iter().map(|(n, _)| format!("{{{n}}}")).collect::<Vec<_>>().join(" ")
        ),
    ))
}

/// Values for every placeholder.
pub type Values = std::collections::BTreeMap<&'static str, String>;

/// A value that removes its whole line: charges that are zero are left out
/// ("Fees: £0.00" would only distract).
pub const DROP_LINE: &str = "\u{0}";

/// Replaces each known placeholder by its value; unknown ones stay as typed.
/// A line holding a placeholder whose value is `DROP_LINE` is left out.
pub fn render(text: &str, values: &Values) -> String {
    let out = render_raw(text, values);
    if !out.contains(DROP_LINE) {
        return out;
    }
    out.split('\n').filter(|l| !l.contains(DROP_LINE)).collect::<Vec<_>>().join("\n")
}

fn render_raw(text: &str, values: &Values) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut last = 0;
    for (start, end, name) in scan(text) {
        out.push_str(&text[last..start]);
        match values.get(name) {
            Some(v) => out.push_str(v),
            None => out.push_str(&text[start..end]),
        }
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// "15 Mar 2024": a date in the default (day-first) style, for the
/// window's own text. Documents and messages use the business's style
/// (`Business::date`).
pub fn human_date(d: chrono::NaiveDate) -> String {
    crate::dates::DateStyle::default().format(d)
}

/// Payment details without the lines that tell the payer what to quote
/// ("Please quote the invoice number as reference."): where a document
/// names the reference to quote, the owner's general instruction would
/// contradict it.
/// Also in German, French and Dutch ("Bitte geben Sie die Rechnungsnummer
/// an", "Merci d'indiquer la référence", "Vermeld het factuurnummer"): a
/// line naming a reference together with a word asking for it.
pub fn without_quote_lines(details: &str) -> String {
    const ASK: [&str; 16] = ["quote", "quoting", "include", "state", "use", "angeben", "geben", "angabe", "indiquer", "indiquez", "mentionner", "mentionnez", "préciser", "vermeld", "vermelden", "vermelding"];
    const REFERENCE: [&str; 12] = ["reference", "referenz", "verwendungszweck", "rechnungsnummer", "référence", "reference:", "kenmerk", "betalingskenmerk", "factuurnummer", "numéro", "invoice", "facture"];
    details
        .lines()
        .filter(|l| {
            let low = l.to_lowercase();
            let words: Vec<&str> = low.split(|c: char| !c.is_alphanumeric() && c != 'é').filter(|w| !w.is_empty()).collect();
            let quote = words.iter().any(|w| *w == "quote" || *w == "quoting");
            let asks = words.iter().any(|w| ASK.contains(w)) && words.iter().any(|w| REFERENCE.contains(w) || w.starts_with("rechnungsn") || w.starts_with("referen"));
            !(quote || asks)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Payment details that ask for `reference`, and nothing else, to be quoted.
pub fn with_reference(details: &str, reference: &str) -> String {
    let kept = without_quote_lines(details);
    let ask = format!("Please quote {reference} as the payment reference.");
    if kept.trim().is_empty() { ask } else { format!("{kept}\n{ask}") }
}

/// When a set of invoices fell due, in words, from their due dates as the
/// business writes them (oldest first): "was due on 18 Apr 2026", "fell due
/// on 18 Apr 2026" (several, one date), "fell due between 18 Apr 2026 and
/// 10 Nov 2026".
pub fn due_phrase(dates: &[String]) -> String {
    match (dates.first(), dates.last()) {
        (Some(a), _) if dates.len() == 1 => format!("was due on {a}"),
        (Some(a), Some(b)) if a == b => format!("fell due on {a}"),
        (Some(a), Some(b)) => format!("fell due between {a} and {b}"),
        _ => String::new(),
    }
}

/// How overdue a set of invoices is, from each one's days past due:
/// "30 days overdue", "1 day overdue", "between 13 and 219 days overdue",
/// or "not yet due". Invoices not yet due are left out of a range.
pub fn how_overdue(days: &[i64]) -> String {
    let late: Vec<i64> = days.iter().copied().filter(|d| *d > 0).collect();
    let (Some(lo), Some(hi)) = (late.iter().min(), late.iter().max()) else { return "not yet due".into() };
    let n = |d: i64| if d == 1 { "1 day".to_string() } else { format!("{d} days") };
    if lo == hi {
        format!("{} overdue", n(*hi))
    } else {
        format!("between {lo} and {hi} days overdue")
    }
}

/// The invoices as plain text for emails and SMS: one line per invoice,
/// readable in any font (letters draw a real table instead).
/// Each row: number, due date, amount, outstanding.
pub fn invoice_lines(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|r| {
            let (number, due, amount, outstanding) = (&r[0], &r[1], &r[2], &r[3]);
            if amount == outstanding {
                format!("• Invoice {number}, due {due}: {outstanding}")
            } else {
                format!("• Invoice {number}, due {due}: {outstanding} outstanding of {amount}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, Clone, Serialize)]
pub struct DefaultText {
    pub subject: &'static str,
    pub body: &'static str,
}

/// The shipped text for a stage style ("heads_up", "friendly", "second",
/// "call", "firm", "final", "negotiation", "review") on a channel.
pub fn default_text(style: &str, channel: &str) -> DefaultText {
    match channel {
        "sms" => DefaultText { subject: "", body: default_sms(style) },
        "call" => DefaultText { subject: "Call script", body: default_call(style) },
        _ => default_letter(style),
    }
}

fn default_sms(style: &str) -> &'static str {
    match style {
        "heads_up" => "Hi {contact}, a note from {business}: invoice {invoice_numbers} for {total} is due on {due_date}. Thank you! Questions? Call {phone}.",
        "friendly" | "second" | "call" => "Hi {contact}, a friendly reminder from {business}: invoice {invoice_numbers} for {total} {due_phrase}. If you have paid, thank you. Any problem, call {phone}.",
        "firm" => "{contact}, {business} here: {total} on invoice {invoice_numbers} is {how_overdue}. Please pay by {new_due_date} or call {phone} to agree a plan.",
        _ => "{contact}, final notice from {business}: {total_due} is overdue on {invoice_numbers}. Please pay by {new_due_date} or call {phone} so we can agree a way forward.",
    }
}

fn default_call(style: &str) -> &'static str {
    match style {
        "negotiation" | "final" | "review" => CALL_NEGOTIATION,
        _ => CALL_FIRST,
    }
}

const CALL_FIRST: &str = "1. Greet: \"Hello, could I speak to {contact}? This is {business}.\"
2. Purpose, calmly: \"I'm calling about {invoice_numbers} for {total}, which {due_phrase}. I wanted to check it reached you.\"
3. Ask why: \"Is there anything holding up payment?\" Then listen, and note the reason.
4. Ask how they would like to resolve it: \"What would work for you, and by when?\"
5. Ask for a good-faith payment: \"Could you make a part payment today to get things moving?\"
6. Confirm what was agreed (amount and date), thank them, and say you will confirm it in writing.";

const CALL_NEGOTIATION: &str = "1. Greet: \"Hello {contact}, this is {business}. Is now a good moment to talk?\"
2. Purpose, calmly: \"It's about {total} on {invoice_numbers}, now {how_overdue}. I'd like us to find a way to settle it that works for you.\"
3. Ask why: \"What's making it difficult to pay?\" Listen without interrupting; note the reason and circumstances.
4. Ask how they would like to resolve it: \"What could you afford each month, and from when?\"
5. Ask for a good-faith payment now, however small, to start.
6. Agree only within your bottom line; repeat the amounts and dates back, and say a written agreement will follow.";

fn default_letter(style: &str) -> DefaultText {
    match style {
        "heads_up" => DefaultText {
            subject: "Invoice {invoice_numbers} is due on {due_date}",
            body: "Dear {contact},

A quick note to say that the following is due for payment on {due_date}:

{invoice_table}

Total: {total}

You can pay by:
{payment_details}

If you have already arranged payment, thank you, and please ignore this note. If anything on the invoice looks wrong, just reply and we will put it right.

Kind regards,
{signature}",
        },
        "friendly" | "call" => DefaultText {
            subject: "Friendly reminder: invoice {invoice_numbers}",
            body: "Dear {contact},

We hope all is well. Our records show that the following {due_phrase} and is still open; it may simply have slipped through:

{invoice_table}

Total now due: {total}
{charges_note}

You can pay by:
{payment_details}

If you have already paid, thank you, and please let us know so we can match it. If there is a question about the invoice, or paying right now is difficult, just reply or call us on {phone}: we would much rather talk it through.

Kind regards,
{signature}",
        },
        "second" => DefaultText {
            subject: "Second reminder: {total} overdue",
            body: "Dear {contact},

We wrote recently about the invoices below, now {how_overdue}, and have not yet received payment or heard from you.

{invoice_table}

Total now due: {total}
{charges_note}

Please arrange payment by {new_due_date}, or let us know when we can expect it. If something is stopping you from paying, such as a query about the work or a difficult time, please tell us: we are happy to discuss a plan.

You can pay by:
{payment_details}

Kind regards,
{signature}",
        },
        "firm" => DefaultText {
            subject: "Overdue account: please pay {total_due} by {new_due_date}",
            body: "Dear {contact},

Despite our earlier reminders, the following remains unpaid, now {how_overdue}:

{invoice_table}

Principal outstanding: {total}
Late-payment charges to date: {charges}
Total now due: {total_due}

Please pay the total by {new_due_date}. If you cannot pay it all at once, contact us before that date on {phone} or {email}: we are willing to agree a realistic payment plan, but we need to hear from you.

You can pay by:
{payment_details}

Yours sincerely,
{signature}",
        },
        "negotiation" => DefaultText {
            subject: "Your account with {business}: let's agree a way forward",
            body: "Dear {contact},

The following remains unpaid, now {how_overdue}:

{invoice_table}

Total now due: {total_due}
{charges_note}

We would like to agree a way for you to settle this that you can afford, for example a payment plan. Please call us on {phone} or reply to this letter by {new_due_date} so we can talk it through.

Yours sincerely,
{signature}",
        },
        _ => DefaultText {
            subject: "Final notice: {total_due} to be paid by {new_due_date}",
            body: "Dear {contact},

We have written to you several times about the following, now {how_overdue}:

{invoice_table}

Principal outstanding: {total}
Interest to date: {interest}
Compensation for late payment: {compensation}
Fees: {fees}
Total now due: {total_due}

Please pay {total_due} by {new_due_date}.
Interest continues to accrue until payment ({interest} so far).

If we have not received payment or heard from you by that date, we will review the account with a view to passing it to a collection agency or starting court proceedings to recover the debt. We would much rather avoid that. If you are in financial difficulty, please contact us now on {phone} or {email}: we can agree a payment plan you can afford, and free, independent debt advice is available from debt advice charities.

You can pay by:
{payment_details}

Yours sincerely,
{signature}",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_placeholders_are_named() {
        let e = check_placeholders("Dear {contact}, pay {totl} by {new_due_dat}.", "body").unwrap_err().to_string();
        assert!(e.contains("{totl}") && e.contains("{new_due_dat}"), "{e}");
        assert!(check_placeholders("Dear {contact}, {total}. A brace { alone is fine }", "body").is_ok());
    }

    #[test]
    fn a_template_claims_charges_when_it_names_one() {
        assert!(!claims_charges("Total now due: {total}\n{charges_note}"));
        assert!(claims_charges("Total now due: {total_due}"));
        assert!(claims_charges("Interest: {interest}"));
        assert!(!claims_charges("We charge {nothing} extra; {totals}"));
        assert_eq!(charges_note(false, "£5.00", true), "This does not include late-payment charges.");
        assert_eq!(charges_note(true, "£5.00", true), "This includes late-payment charges of £5.00.");
        assert_eq!(charges_note(true, "£0.00", false), DROP_LINE);
        // Every shipped letter that asks for the invoices only says so.
        for style in ["friendly", "second", "call"] {
            let t = default_text(style, "email");
            assert!(!claims_charges(t.body) && t.body.contains("{charges_note}"), "{style}");
        }
        assert!(claims_charges(default_text("negotiation", "email").body) && default_text("negotiation", "email").body.contains("{charges_note}"));
    }

    #[test]
    fn a_call_script_says_the_invoices_as_a_person_would() {
        assert_eq!(spoken_invoices(&["INV-1"]), "invoice INV-1");
        assert_eq!(spoken_invoices(&["INV-1", "INV-2"]), "invoices INV-1 and INV-2");
        assert_eq!(spoken_invoices(&["A", "B", "C", "D", "E", "F"]), "6 invoices");
        assert!(!default_text("friendly", "call").body.contains("invoice {invoice_numbers}"));
    }

    #[test]
    fn lines_with_a_dropped_value_are_left_out() {
        let mut v = Values::new();
        v.insert("total", "£10.00".into());
        v.insert("fees", DROP_LINE.into());
        assert_eq!(render("Total: {total}\nFees: {fees}\nThanks", &v), "Total: £10.00\nThanks");
    }

    #[test]
    fn render_replaces_known_and_keeps_unknown() {
        let mut v = Values::new();
        v.insert("contact", "Ana".into());
        v.insert("total", "£10.00".into());
        assert_eq!(render("Dear {contact}, {total} {nope}", &v), "Dear Ana, £10.00 {nope}");
    }

    #[test]
    fn every_default_text_uses_known_placeholders_and_passes_the_tone_check() {
        let stages = [
            ("heads_up", "friendly"), ("friendly", "friendly"), ("second", "friendly"), ("call", "friendly"),
            ("firm", "firm"), ("final", "final"), ("negotiation", "firm"), ("review", "final"),
        ];
        for (style, tone) in stages {
            for ch in ["email", "sms", "call", "letter"] {
                let t = default_text(style, ch);
                check_placeholders(t.subject, "subject").unwrap();
                check_placeholders(t.body, "body").unwrap();
                let flags = crate::tone::check(&format!("{}\n{}", t.subject, t.body), tone);
                assert!(flags.is_empty(), "{style}/{ch}: {flags:?}");
            }
        }
    }

    #[test]
    fn one_reference_to_quote_never_two() {
        let details = "Bank transfer to Brightwell Ltd\nSort code 20-45-77 · Account 43819265\nPlease quote the invoice number as reference.";
        let s = with_reference(details, "AGR-2026-0001");
        assert_eq!(s, "Bank transfer to Brightwell Ltd\nSort code 20-45-77 · Account 43819265\nPlease quote AGR-2026-0001 as the payment reference.");
        assert_eq!(with_reference("", "AGR-1"), "Please quote AGR-1 as the payment reference.");
        assert_eq!(without_quote_lines("IBAN GB00 1234\nQuoting your invoice number helps"), "IBAN GB00 1234");
        for ask in ["Bitte geben Sie die Rechnungsnummer an.", "Verwendungszweck: bitte Rechnungsnummer angeben", "Merci d'indiquer la référence de la facture.", "Vermeld het factuurnummer.", "Please use the invoice number as your reference"] {
            assert_eq!(without_quote_lines(&format!("IBAN DE89\n{ask}\nCard: pay.example")), "IBAN DE89\nCard: pay.example", "{ask}");
        }
        assert_eq!(without_quote_lines("Bank transfer to Brightwell Ltd\nAn invoice query? Call us"), "Bank transfer to Brightwell Ltd\nAn invoice query? Call us");
    }

    #[test]
    fn several_invoices_are_described_as_several() {
        assert_eq!(how_overdue(&[219]), "219 days overdue");
        assert_eq!(how_overdue(&[1]), "1 day overdue");
        assert_eq!(how_overdue(&[219, 13]), "between 13 and 219 days overdue");
        assert_eq!(how_overdue(&[30, 30, -4]), "30 days overdue");
        assert_eq!(how_overdue(&[-3]), "not yet due");
        assert_eq!(due_phrase(&["18 Apr 2026".into()]), "was due on 18 Apr 2026");
        assert_eq!(due_phrase(&["18 Apr 2026".into(), "18 Apr 2026".into()]), "fell due on 18 Apr 2026");
        assert_eq!(due_phrase(&["18 Apr 2026".into(), "10 Nov 2026".into()]), "fell due between 18 Apr 2026 and 10 Nov 2026");
    }

    #[test]
    fn invoice_lines_say_what_is_outstanding() {
        let t = invoice_lines(&[
            vec!["A-1".into(), "1 May 2026".into(), "£50.00".into(), "£50.00".into()],
            vec!["A-2".into(), "2 May 2026".into(), "£80.00".into(), "£30.00".into()],
        ]);
        assert_eq!(t, "• Invoice A-1, due 1 May 2026: £50.00\n• Invoice A-2, due 2 May 2026: £30.00 outstanding of £80.00");
    }
}
