//! Checking an import file row by row against a snapshot of the ledger:
//! which invoices are new, changed or the same, and every problem found.
//! Pure: the core reads the snapshot, this decides.

use super::currency::{marker, resolve};
use super::headers::{row_kind, standing, terms_days, Standing};
use super::source::{as_of_date, open_source, Source};
use super::credits::{Adjustment, Out};
use super::*;
use crate::error::{Error, Problem, Result};
use crate::money::{check_positive_amount, parse_decimal_lenient, Currency};
use crate::text::{check_date_range, clean, clean_email, rule};
use std::collections::HashMap;

/// What the ledger already holds, as an import compares with it: client ids
/// by lower-case name, and invoices by number.
pub struct Ledger {
    pub clients: HashMap<String, i64>,
    pub existing: HashMap<String, Existing>,
    /// The business's currency, for rows that name none.
    pub home: Currency,
    /// Mappings the owner corrected, by header key (`header_key`).
    pub mappings: HashMap<String, BTreeMap<String, String>>,
    /// Client names as written, by id.
    pub names: HashMap<i64, String>,
    /// Days of credit the business gives: due dates of files without any.
    pub terms_days: i64,
}

/// The key a corrected mapping is remembered under: the file's headers as compared.
pub fn header_key(headers: &[String]) -> String {
    headers.iter().map(|h| norm(h)).collect::<Vec<_>>().join("|")
}

/// Reads the file and checks every row against `ledger`.
pub fn plan(ledger: &Ledger, bytes: &[u8], file_name: &str, opts: &ImportOptions) -> Result<Plan> {
    let mut problems: Vec<Problem> = Vec::new();
    let push = |problems: &mut Vec<Problem>, row: usize, column: &str, message: String| {
        problems.push(Problem { row, column: column.to_string(), message });
    };
    let empty_preview = |problems: Vec<Problem>| Preview {
        file_name: file_name.to_string(),
        encoding: String::new(),
        sheets: vec![],
        sheet: String::new(),
        currency_note: String::new(),
        delimiter: ",".into(),
        header_row: 0,
        headers: vec![],
        unused_columns: vec![],
        skipped_rows: vec![],
        mapping: FIELDS.iter().map(|f| MappingEntry { field: f.key().into(), label: f.label().into(), required: is_required(*f), column: None }).collect(),
        date_format: None,
        date_format_ambiguous: false,
        decimal_comma: false,
        data_rows: 0,
        invoices: 0,
        new_invoices: 0,
        updated_invoices: 0,
        unchanged_invoices: 0,
        new_clients: 0,
        merged_rows: 0,
        paid_since: 0,
        paid_since_total: String::new(),
        notes: vec![],
        missing_invoices: vec![],
        missing_detail: vec![],
        missing_action: String::new(),
        as_of: None,
        mapping_remembered: false,
        due_note: String::new(),
        transactions_note: String::new(),
        problems,
        already_imported: String::new(),
        sample: vec![],
        ready: false,
    };
    let fail = |problem: (usize, String)| Plan { preview: empty_preview(vec![Problem { row: problem.0, column: String::new(), message: problem.1 }]), rows: vec![], actions: vec![], paid_since: vec![], missing: vec![], remember: None };
    // The file is read as it streams, twice (checks, then rows), never held
    // as records: a CSV as its text (borrowed from the bytes when UTF-8), a
    // workbook as its cells.
    let (source, encoding, delimiter, sheets, sheet) = match open_source(bytes, opts.sheet.as_deref()) {
        Ok(t) => t,
        Err(problem) => return Ok(fail(problem)),
    };
    let opened = source;
    let source = opened.source();
    // Header: the first of the first 10 non-empty rows that looks most like one.
    let mut head: Vec<(usize, csv::StringRecord)> = Vec::new();
    let mut filled_rows = 0;
    for rec in source.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(problem) => return Ok(fail(problem)),
        };
        let filled = rec.1.iter().any(|c| !c.trim().is_empty());
        head.push(rec);
        if filled {
            filled_rows += 1;
            if filled_rows == 10 {
                break;
            }
        }
    }
    if filled_rows == 0 {
        return Ok(fail((0, "the file is empty".into())));
    }
    let candidates: Vec<usize> = head.iter().enumerate().filter(|(_, r)| r.1.iter().any(|c| !c.trim().is_empty())).map(|(i, _)| i).collect();
    let header_idx = candidates.iter().copied().max_by_key(|&i| (header_score(&head[i].1), std::cmp::Reverse(i))).unwrap_or(0);
    let (header_line, headers) = head[header_idx].clone();
    let mut headers: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
    // A list of accounting transactions becomes one row per invoice.
    let folded = if super::transactions::applies(&headers) {
        let body: Vec<(usize, csv::StringRecord)> = source.records().skip(header_idx + 1).map_while(|r| r.ok()).collect();
        super::transactions::fold(&headers, &body)
    } else {
        None
    };
    let mut transactions_note = String::new();
    let mut folded_unused = None;
    let folded_source;
    let (body_source, body_skip): (&Source, usize) = match &folded {
        Some(f) => {
            headers = f.headers.clone();
            transactions_note = f.note.clone();
            folded_unused = Some(f.unused.clone());
            for (line, column, message) in &f.problems {
                push(&mut problems, *line, column, format!("amount: {message}"));
            }
            folded_source = Source::Borrowed(&f.records);
            (&folded_source, 0)
        }
        None => (&source, header_idx + 1),
    };
    let body = || body_source.records().skip(body_skip).map_while(|r| r.ok());
    let mut mapping = auto_mapping(&headers);
    // The owner's corrections, or those remembered for this header.
    let key = header_key(&headers);
    let remembered = if opts.mapping.is_empty() && folded.is_none() { ledger.mappings.get(&key) } else { None };
    let remember = if !opts.mapping.is_empty() && folded.is_none() { Some((key.clone(), headers.clone(), opts.mapping.clone())) } else { None };
    for (key, col) in remembered.unwrap_or(&opts.mapping) {
        let field = Field::from_key(key).ok_or_else(|| Error::invalid("mapping", format!("'{key}' is not a field Overdue imports")))?;
        if col.trim().is_empty() {
            mapping.remove(&field);
            continue;
        }
        let idx = headers
            .iter()
            .position(|h| h == col.trim())
            .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(col.trim())))
            .ok_or_else(|| Error::invalid("mapping", format!("the file has no column '{}' (its columns: {})", col.trim(), headers.join(", "))))?;
        // A column feeds one field: moving it takes it from another.
        mapping.retain(|f, i| *i != idx || *f == field);
        mapping.insert(field, idx);
    }
    let mapping_entries: Vec<MappingEntry> = FIELDS
        .iter()
        .map(|f| MappingEntry { field: f.key().into(), label: f.label().into(), required: is_required(*f), column: mapping.get(f).map(|i| headers[*i].clone()) })
        .collect();
    for f in [Field::Number, Field::Client] {
        if !mapping.contains_key(&f) {
            push(&mut problems, header_line, "", format!("no column for '{}' was found; choose one in the mapping", f.label()));
        }
    }
    if !mapping.contains_key(&Field::DueDate) && !mapping.contains_key(&Field::IssueDate) {
        push(&mut problems, header_line, "", "no column for the due date (or the issue date, to count your payment terms from) was found; choose one in the mapping".into());
    }
    let terms = ledger.terms_days;
    let due_note = match (mapping.contains_key(&Field::DueDate), mapping.contains_key(&Field::IssueDate), mapping.contains_key(&Field::Terms)) {
        (false, true, true) => format!("No due-date column: each due date is the issue date plus the file's payment terms (your own {terms} days where a row gives none)."),
        (false, true, false) => format!("No due-date column: due dates are the issue date plus your payment terms of {terms} days (Settings)."),
        _ => String::new(),
    };
    if !mapping.contains_key(&Field::Amount) && !mapping.contains_key(&Field::Outstanding) {
        push(&mut problems, header_line, "", "no column for the invoice total (or the amount still due) was found; choose one in the mapping".into());
    }
    let col = |f: Field| mapping.get(&f).copied();
    // Rows that are not invoices: report titles and dates above the header,
    // total rows (no invoice number, a cell saying TOTAL, Gesamt, …) and
    // one-cell lines such as "printed on …" under the table.
    let mut skipped_rows: Vec<Problem> = Vec::new();
    let mut title_cells: Vec<String> = Vec::new();
    for (line, r) in &head[..header_idx] {
        // A title split by the delimiter ("As of November 20, 2026") is read whole.
        title_cells.push(r.iter().map(str::trim).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(", "));
        if let Some(first) = r.iter().map(str::trim).find(|c| !c.is_empty()) {
            skipped_rows.push(Problem { row: *line, column: String::new(), message: format!("above the header: '{}'", first.chars().take(60).collect::<String>()) });
        }
    }
    let number_col = col(Field::Number);
    // Whether a row is an invoice, or why it is left out (`after_total`
    // carries from row to row: under a grand total nothing is an invoice).
    let classify = |line: usize, r: &csv::StringRecord, after_total: &mut bool| -> Option<Option<Problem>> {
        let line = &line;
        let filled: Vec<(usize, &str)> = r.iter().map(str::trim).enumerate().filter(|(_, c)| !c.is_empty()).collect();
        if filled.is_empty() {
            return Some(None);
        }
        let number = number_col.and_then(|i| r.get(i)).map(str::trim).unwrap_or("");
        let number_empty = number.is_empty();
        let first = filled[0].1.chars().take(60).collect::<String>();
        let whole = filled.iter().map(|(_, c)| *c).collect::<Vec<_>>().join(", ");
        let status = col(Field::Status).and_then(|i| r.get(i)).map(standing).unwrap_or(Standing::Open);
        let kind = col(Field::Kind).and_then(|i| r.get(i)).map(row_kind).unwrap_or(RowKind::Invoice);
        if !number_empty && kind == RowKind::NotOwed {
            let said = col(Field::Kind).and_then(|i| r.get(i)).unwrap_or("").trim();
            return Some(Some(Problem { row: *line, column: String::new(), message: format!("{number} is a {} ('{said}'), not an invoice: nothing is owed on it", "quote or estimate") }));
        } else if !number_empty && status == Standing::Draft {
            return Some(Some(Problem { row: *line, column: String::new(), message: format!("invoice {number} is a draft in the books (never sent): not imported, not chased") }));
        } else if !number_empty && status == Standing::Void {
            return Some(Some(Problem { row: *line, column: String::new(), message: format!("invoice {number} is void or cancelled in the books: not imported, not chased") }));
        } else if number_empty && filled.iter().any(|(_, c)| is_total_word(c)) {
            // A grand total ends the table; a section's ("Total for Current") does not.
            *after_total = *after_total || filled.iter().any(|(_, c)| is_total_word(c) && norm(c).len() <= 12 && !c.trim().contains(' ') || norm(c).starts_with("grandtotal"));
            return Some(Some(Problem { row: *line, column: String::new(), message: format!("a total row: '{first}'") }));
        } else if *after_total {
            // Under the totals: notes and "printed on" lines, not invoices.
            return Some(Some(Problem { row: *line, column: String::new(), message: format!("below the totals: '{}'", whole.chars().take(60).collect::<String>()) }));
        } else if filled.len() == 1 && (number_empty || (filled[0].1.split_whitespace().count() >= 4 && filled[0].1.chars().any(char::is_alphabetic))) {
            return Some(Some(Problem { row: *line, column: String::new(), message: format!("a title or footer line: '{first}'") }));
        }
        None
    };
    fn cell(r: &csv::StringRecord, i: Option<usize>) -> &str {
        i.and_then(|i| r.get(i)).map(|s| s.trim()).unwrap_or("")
    }
    let get = |r: &csv::StringRecord, f: Field| -> String { cell(r, col(f)).to_string() };
    let colname = |f: Field| col(f).map(|i| headers[i].clone()).unwrap_or_default();

    // The first pass: which rows are invoices (the others are listed as
    // left out), and the votes on the date order and the decimal mark.
    let mut dmy = false;
    let mut mdy = false;
    let mut numeric = false;
    // Decimal comma: when any amount ends in ",d" or ",dd" and none in ".dd".
    let amount_fields = [Field::Amount, Field::Paid, Field::Outstanding];
    let ends = |s: &str, mark: char| s.rfind(mark).map(|p| { let tail = &s[p + 1..]; let t = tail.trim_end_matches(|c: char| !c.is_ascii_digit()); !t.is_empty() && t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit()) }).unwrap_or(false);
    let mut comma_votes = 0;
    let mut dot_votes = 0;
    let mut data_rows = 0usize;
    let mut after_total = false;
    for rec in body_source.records().skip(body_skip) {
        let (line, r) = match rec {
            Ok(x) => x,
            Err(problem) => return Ok(fail(problem)),
        };
        match classify(line, &r, &mut after_total) {
            Some(Some(skip)) => {
                skipped_rows.push(skip);
                continue;
            }
            Some(None) => continue,
            None => data_rows += 1,
        }
        for f in [Field::IssueDate, Field::DueDate] {
            if let DateShape::Numeric(a, b, _) = date_shape(cell(&r, col(f))) {
                numeric = true;
                if a > 12 {
                    dmy = true;
                }
                if b > 12 {
                    mdy = true;
                }
            }
        }
        for f in amount_fields {
            let v = cell(&r, col(f));
            if ends(v, ',') {
                comma_votes += 1
            }
            if ends(v, '.') {
                dot_votes += 1
            }
        }
    }
    let mut ambiguous = false;
    let date_format = match opts.date_format {
        Some(f) => Some(f),
        None if !numeric => Some(DateFormat::Iso),
        None if dmy && mdy => {
            push(&mut problems, 0, "", "the dates mix day-first (31/01) and month-first (01/31) forms; fix the file".into());
            None
        }
        None if dmy => Some(DateFormat::Dmy),
        None if mdy => Some(DateFormat::Mdy),
        None => {
            ambiguous = true;
            push(&mut problems, 0, "", "the dates could be DD/MM/YYYY or MM/DD/YYYY; choose which the file uses".into());
            None
        }
    };
    let decimal_comma = comma_votes > 0 && dot_votes == 0;

    let home = ledger.home;
    // The currency the owner says the file's amounts are in (where it names none).
    let chosen = match opts.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => Some(Currency::find(c).map_err(|e| Error::invalid("currency", e.to_string().trim_start_matches("currency: ").to_string()))?),
        None => None,
    };
    let mut asked_currency = false;
    let mut rows: Vec<Row> = Vec::with_capacity(data_rows);
    let mut adjustments: Vec<Adjustment> = Vec::new();
    let mut with_details: std::collections::HashSet<String> = std::collections::HashSet::new();
    // What the file says is still due on a row, where it says so.
    let mut still_due: HashMap<usize, i64> = HashMap::new();
    let width = headers.len();
    // A row must reach every mapped column.
    let needed = mapping.values().copied().max().map(|m| m + 1).unwrap_or(0);
    // The second pass: each invoice row read and checked.
    let mut after_total = false;
    for (line, record) in body() {
        if classify(line, &record, &mut after_total).is_some() {
            continue;
        }
        let r = &record;
        let before = problems.len();
        if r.len() < needed || (r.len() > width && r.iter().skip(width).any(|c| !c.trim().is_empty())) {
            push(&mut problems, line, "", format!("has {} fields but the header has {}", r.len(), width));
            continue;
        }
        let text_field = |problems: &mut Vec<Problem>, f: Field, max: usize, required: bool, multiline: bool| -> String {
            match clean(cell(r, col(f)), &rule("x", max, required, multiline)) {
                Ok(v) => v,
                Err(crate::Error::Invalid { message, .. }) => {
                    problems.push(Problem { row: line, column: colname(f), message: format!("{} {message}", f.label().to_lowercase()) });
                    String::new()
                }
                Err(e) => {
                    problems.push(Problem { row: line, column: colname(f), message: e.to_string() });
                    String::new()
                }
            }
        };
        let number = text_field(&mut problems, Field::Number, 60, true, false);
        let client = text_field(&mut problems, Field::Client, 200, true, false);
        let description = text_field(&mut problems, Field::Description, 500, false, true).replace('\n', " ");
        let contact_person = text_field(&mut problems, Field::ContactPerson, 200, false, false);
        let phone = text_field(&mut problems, Field::Phone, 40, false, false);
        let address = text_field(&mut problems, Field::Address, 1000, false, true);
        let email = match clean_email(&get(r, Field::Email), "email") {
            Ok(v) => v,
            Err(e) => {
                push(&mut problems, line, &colname(Field::Email), e.to_string().trim_start_matches("email: ").to_string());
                String::new()
            }
        };
        let currency = {
            let c = get(r, Field::Currency);
            if c.is_empty() {
                // No currency column (or an empty cell): the owner's choice,
                // else what the amounts say, else the business's currency.
                let said = [Field::Amount, Field::Paid, Field::Outstanding].iter().filter(|f| col(**f).is_some()).find_map(|f| marker(&get(r, *f)));
                match (chosen, said) {
                    (Some(cur), _) => cur,
                    (None, Some(m)) => match resolve(m, home.code).and_then(|code| Currency::find(code).map_err(|e| e.to_string())) {
                        Ok(cur) => cur,
                        Err(message) => {
                            if !asked_currency {
                                asked_currency = true;
                                push(&mut problems, line, &colname(Field::Amount), message);
                            }
                            home
                        }
                    },
                    (None, None) => home,
                }
            } else {
                match Currency::find(&c) {
                    Ok(cur) => cur,
                    Err(e) => {
                        push(&mut problems, line, &colname(Field::Currency), e.to_string().trim_start_matches("currency: ").to_string());
                        home
                    }
                }
            }
        };
        let read_date = |problems: &mut Vec<Problem>, f: Field| -> Option<NaiveDate> {
            col(f)?;
            let v = get(r, f);
            if date_format.is_none() && matches!(date_shape(&v), DateShape::Numeric(..)) {
                return None; // reported once for the whole file
            }
            match parse_date(&v, date_format).and_then(|d| check_date_range(d, "").map_err(|e| e.to_string().trim_start_matches(": ").to_string())) {
                Ok(d) => Some(d),
                Err(m) => {
                    problems.push(Problem { row: line, column: colname(f), message: format!("{}: {m}", f.label().to_lowercase()) });
                    None
                }
            }
        };
        let kind = col(Field::Kind).map(|i| row_kind(cell(r, Some(i)))).unwrap_or(RowKind::Invoice);
        // A credit note or a payment row: its amount, and what it refers to.
        let negative = col(Field::Amount).map(|i| parse_decimal_lenient(cell(r, Some(i)), decimal_comma).is_ok_and(|d| d.is_sign_negative() && !d.is_zero())).unwrap_or(false);
        if kind != RowKind::Invoice || negative {
            // Its date, where it gives one, must be a real date too.
            if col(Field::IssueDate).is_some() && !get(r, Field::IssueDate).is_empty() && read_date(&mut problems, Field::IssueDate).is_none() && problems.len() > before {
                continue;
            }
            let f = if kind == RowKind::Payment && col(Field::Paid).is_some() && !get(r, Field::Paid).is_empty() { Field::Paid } else if col(Field::Amount).is_some() { Field::Amount } else { Field::Outstanding };
            let v = get(r, f);
            match parse_decimal_lenient(&v, decimal_comma).map_err(|m| m.to_string()).and_then(|d| check_positive_amount(d.abs(), &currency, "").map_err(|e| e.to_string().trim_start_matches(": ").to_string())) {
                Ok(m) => adjustments.push(Adjustment {
                    line,
                    number: number.clone(),
                    client: client.clone(),
                    amount: m,
                    currency,
                    refers: description.clone(),
                    kind: if kind == RowKind::Payment { RowKind::Payment } else { RowKind::Credit },
                }),
                Err(m) => push(&mut problems, line, &colname(f), format!("{}: {m}", f.label().to_lowercase())),
            }
            continue;
        }
        let issue_read = if col(Field::IssueDate).is_some() { read_date(&mut problems, Field::IssueDate) } else { None };
        let due = if col(Field::DueDate).is_some() {
            // A due-date cell that gives days ("30 Tage") counts from the issue date.
            match (terms_days(&get(r, Field::DueDate)).filter(|_| !get(r, Field::DueDate).chars().any(|c| matches!(c, '/' | '.' | '-'))), issue_read) {
                (Some(days), Some(i)) => Some(i + chrono::Duration::days(days)),
                _ => read_date(&mut problems, Field::DueDate),
            }
        } else {
            let days = col(Field::Terms).and_then(|_| terms_days(&get(r, Field::Terms))).unwrap_or(terms);
            issue_read.map(|i| i + chrono::Duration::days(days))
        };
        let issue = if col(Field::IssueDate).is_some() { issue_read } else { due };
        if let (Some(i), Some(d)) = (issue, due) {
            if d < i {
                push(&mut problems, line, &colname(Field::DueDate), format!("due date {d} is before the issue date {i}"));
            }
        }
        let read_amount = |problems: &mut Vec<Problem>, f: Field, allow_zero: bool| -> Option<i64> {
            col(f)?;
            let v = get(r, f);
            let label = f.label().to_lowercase();
            if v.is_empty() {
                if allow_zero {
                    return Some(0);
                }
                problems.push(Problem { row: line, column: colname(f), message: format!("{label} is empty") });
                return None;
            }
            for (sym, code) in [('£', "GBP"), ('€', "EUR"), ('¥', "JPY"), ('₹', "INR")] {
                if v.contains(sym) && currency.code != code {
                    problems.push(Problem { row: line, column: colname(f), message: format!("{label} '{v}' is in {code} but the invoice currency is {}", currency.code) });
                    return None;
                }
            }
            let parsed = parse_decimal_lenient(&v, decimal_comma).map_err(|m| m.to_string()).and_then(|d| {
                if allow_zero && d.is_zero() {
                    Ok(0)
                } else {
                    check_positive_amount(d, &currency, "").map_err(|e| e.to_string().trim_start_matches(": ").to_string())
                }
            });
            match parsed {
                Ok(m) => Some(m),
                Err(m) => {
                    problems.push(Problem { row: line, column: colname(f), message: format!("{label}: {m}") });
                    None
                }
            }
        };
        let total = read_amount(&mut problems, Field::Amount, false);
        let paid = read_amount(&mut problems, Field::Paid, true);
        let outstanding = read_amount(&mut problems, Field::Outstanding, true);
        let (amount, paid) = match (total, paid, outstanding) {
            (Some(t), Some(p), _) => (Some(t), p),
            (Some(t), None, Some(o)) => {
                if o > t {
                    push(&mut problems, line, &colname(Field::Outstanding), "the amount still due is more than the invoice total".into());
                }
                (Some(t), (t - o).max(0))
            }
            (Some(t), None, None) => (Some(t), 0),
            (None, _, Some(o)) if col(Field::Amount).is_none() => {
                if o == 0 {
                    push(&mut problems, line, &colname(Field::Outstanding), "amount still due is zero; nothing to chase".into());
                }
                (Some(o), 0)
            }
            _ => (None, 0),
        };
        // "Paid" in a status column: paid in full, whatever a paid column says.
        let paid = match (amount, col(Field::Status).and_then(|i| r.get(i)).map(standing)) {
            (Some(a), Some(Standing::Paid)) => a,
            _ => paid,
        };
        if let Some(a) = amount {
            if paid > a {
                push(&mut problems, line, &colname(Field::Paid), "the amount paid is more than the invoice total".into());
            }
        }
        if problems.len() > before {
            if problems.len() > MAX_PROBLEMS * 4 {
                break;
            }
            continue;
        }
        if let (Some(issue), Some(due), Some(amount)) = (issue, due, amount) {
            if let Some(o) = outstanding.filter(|_| col(Field::Outstanding).is_some()) {
                still_due.insert(line, o);
            }
            // A client's details are kept from the first row that gives any
            // (a new client is created from them; a large file repeats them).
            let given = !(email.is_empty() && contact_person.is_empty() && phone.is_empty() && address.is_empty());
            let contact = if given && !with_details.contains(&client.to_ascii_lowercase()) {
                with_details.insert(client.to_ascii_lowercase());
                Some(Box::new(ContactDetails { email, contact_person, phone, address }))
            } else {
                None
            };
            rows.push(Row { line, number, client, issue, due, amount, paid, currency, description, contact });
        }
    }

    // The same invoice number on several rows: line items of one invoice when
    // the invoice fields agree, a mistake when they do not.
    // (In place: a large file's rows are held once.)
    let mut first_row: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    let mut merged_rows = 0;
    let mut keep = vec![true; rows.len()];
    for (idx, row) in rows.iter().enumerate() {
        match first_row.get(row.number.as_str()) {
            Some(&k) => {
                keep[idx] = false;
                let f = &rows[k];
                if f.client.eq_ignore_ascii_case(&row.client) && f.issue == row.issue && f.due == row.due && f.amount == row.amount && f.currency == row.currency {
                    merged_rows += 1;
                } else {
                    push(
                        &mut problems,
                        row.line,
                        &colname(Field::Number),
                        format!("invoice number '{}' is also on row {} with different details", row.number, f.line),
                    );
                }
            }
            None => {
                first_row.insert(row.number.as_str(), idx);
            }
        }
    }
    drop(first_row);
    let mut unique = rows;
    if keep.iter().any(|k| !k) {
        let mut k = keep.iter();
        unique.retain(|_| *k.next().unwrap_or(&true));
    }
    drop(keep);

    // Credit notes and payment rows, set against the invoice they name.
    let mut notes: Vec<Problem> = Vec::new();
    let amount_column = colname(Field::Amount);
    super::credits::apply(&mut unique, adjustments, &still_due, ledger, &amount_column, &mut Out { problems: &mut problems, notes: &mut notes, skipped: &mut skipped_rows });
    skipped_rows.sort_by_key(|p| p.row);

    // Compare with the ledger.
    let (clients, existing) = (&ledger.clients, &ledger.existing);
    // Whether the file says what was paid (a paid or a still-due column).
    let paid_stated = col(Field::Paid).is_some() || col(Field::Outstanding).is_some();
    let paid_known = paid_stated || col(Field::Status).is_some();
    let mut paid_since: Vec<(i64, i64, i64, Currency)> = Vec::new();
    let choice = |v: &str| -> Result<&'static str> {
        match v.trim() {
            "" | "keep" => Ok("keep"),
            "paid" => Ok("paid"),
            "cancelled" | "canceled" => Ok("cancelled"),
            other => Err(Error::invalid("missing", format!("'{other}' is not keep, paid or cancelled"))),
        }
    };
    let missing_action = choice(opts.missing.as_deref().unwrap_or(""))?;
    let mut missing_each: HashMap<&str, &'static str> = HashMap::new();
    for (number, action) in &opts.missing_each {
        missing_each.insert(number.as_str(), choice(action)?);
    }
    let mut new_client_names: HashMap<String, ()> = HashMap::new();
    let mut actions: Vec<Option<Action>> = Vec::with_capacity(unique.len());
    let (mut n_new, mut n_upd, mut n_same) = (0, 0, 0);
    for row in unique.iter() {
        let key = row.client.to_ascii_lowercase();
        let client_id = clients.get(&key).copied();
        if client_id.is_none() {
            new_client_names.insert(key, ());
        }
        let action = match existing.get(&row.number) {
            None => {
                n_new += 1;
                Action::New
            }
            Some(e) => {
                if Some(e.client_id) != client_id {
                    push(&mut problems, row.line, &colname(Field::Client), format!("invoice {} belongs to another client in Overdue; the file says '{}'", row.number, row.client));
                    actions.push(None);
                    continue;
                }
                if e.currency != row.currency.code && e.paid > 0 {
                    push(&mut problems, row.line, &colname(Field::Currency), format!("invoice {} has payments in {}; its currency cannot change", row.number, e.currency));
                    actions.push(None);
                    continue;
                }
                if row.amount < e.paid {
                    push(&mut problems, row.line, &colname(Field::Amount), format!("invoice {}: the new total is less than the {} already recorded as paid", row.number, row.currency.display(e.paid)));
                    actions.push(None);
                    continue;
                }
                if paid_known && row.paid > e.paid {
                    paid_since.push((e.id, e.client_id, row.paid - e.paid, row.currency));
                } else if paid_stated && row.paid < e.paid {
                    notes.push(Problem {
                        row: row.line,
                        column: colname(Field::Paid),
                        message: format!("invoice {}: the file shows {} paid, Overdue has {}: a payment reversed? Nothing is changed; record it by hand if so", row.number, row.currency.display(row.paid), row.currency.display(e.paid)),
                    });
                }
                if e.amount != row.amount && e.currency == row.currency.code {
                    notes.push(Problem {
                        row: row.line,
                        column: colname(Field::Amount),
                        message: format!("invoice {}: the total is now {} (Overdue has {}): a credit note or a correction in the books; it is updated", row.number, row.currency.display(row.amount), row.currency.display(e.amount)),
                    });
                }
                let same = e.issue == row.issue.to_string() && e.due == row.due.to_string() && e.amount == row.amount && e.currency == row.currency.code && (row.description.is_empty() || e.description == row.description);
                if same {
                    n_same += 1;
                    Action::Unchanged
                } else {
                    n_upd += 1;
                    Action::Update(e.id)
                }
            }
        };
        actions.push(Some(action));
    }
    // Rows with a problem against the ledger are dropped (the import is refused anyway).
    if actions.iter().any(Option::is_none) {
        let mut a = actions.iter();
        unique.retain(|_| a.next().is_some_and(Option::is_some));
    }
    let actions: Vec<Action> = actions.into_iter().flatten().collect();
    let planned = || unique.iter().zip(actions.iter());
    problems.sort_by_key(|p| p.row);
    let total_problems = problems.len();
    if total_problems > MAX_PROBLEMS {
        problems.truncate(MAX_PROBLEMS);
        problems.push(Problem { row: 0, column: String::new(), message: format!("… and {} more problems", total_problems - MAX_PROBLEMS) });
    }
    if data_rows == 0 && problems.is_empty() {
        problems.push(Problem { row: 0, column: String::new(), message: "the file has a header but no invoice rows".into() });
    }
    let sample = planned()
        .take(50)
        .map(|(r, a)| PreviewRow {
            row: r.line,
            number: r.number.clone(),
            client: r.client.clone(),
            issue_date: r.issue.to_string(),
            due_date: r.due.to_string(),
            amount: r.currency.plain(r.amount),
            paid: r.currency.plain(r.paid),
            currency: r.currency.code.to_string(),
            action: match a {
                Action::New => "new",
                Action::Update(_) => "update",
                Action::Unchanged => "unchanged",
            }
            .into(),
        })
        .collect();
    // Open invoices of the ledger that the file does not list. An
    // agreement's charges invoice (AGR-…-C) lives in Overdue only.
    let listed: std::collections::HashSet<&str> = if existing.is_empty() { Default::default() } else { planned().map(|(r, _)| r.number.as_str()).collect() };
    let mut missing: Vec<(i64, i64, String, i64, String)> = existing
        .iter()
        .filter(|(n, e)| e.amount > e.paid && !listed.contains(n.as_str()) && !(n.starts_with("AGR-") && n.ends_with("-C")))
        .map(|(n, e)| (e.id, e.client_id, n.clone(), e.amount - e.paid, e.currency.clone()))
        .collect();
    if unique.is_empty() {
        missing.clear();
    }
    missing.sort_by(|a, b| a.2.cmp(&b.2));
    let missing_detail: Vec<MissingInvoice> = missing
        .iter()
        .map(|(_, client_id, number, outstanding, code)| MissingInvoice {
            number: number.clone(),
            client: ledger.names.get(client_id).cloned().unwrap_or_default(),
            outstanding: Currency::find(code).map(|c| c.display(*outstanding)).unwrap_or_default(),
            action: missing_each.get(number.as_str()).copied().unwrap_or(missing_action).to_string(),
        })
        .collect();
    let missing: Vec<(i64, i64, String, i64, String, String)> = missing.into_iter().zip(missing_detail.iter()).map(|((a, b, c, d, e), m)| (a, b, c, d, e, m.action.clone())).collect();
    let mut since_totals: std::collections::BTreeMap<&str, (i64, Currency)> = std::collections::BTreeMap::new();
    for (_, _, amount, cur) in &paid_since {
        since_totals.entry(cur.code).or_insert((0, *cur)).0 += amount;
    }
    let paid_since_total = since_totals.values().map(|(m, c)| c.display(*m)).collect::<Vec<_>>().join(" + ");
    let ready = problems.is_empty();
    let mut in_currencies: Vec<&str> = planned().map(|(r, _)| r.currency.code).collect();
    in_currencies.sort();
    in_currencies.dedup();
    let currency_note = match in_currencies.as_slice() {
        [] => String::new(),
        [one] if *one == home.code => String::new(),
        list => format!("Amounts in {}; the business's currency is {}.", list.join(", "), home.code),
    };
    let unused_columns: Vec<String> = headers.iter().enumerate().filter(|(i, h)| !h.is_empty() && !mapping.values().any(|m| m == i)).map(|(_, h)| h.clone()).collect();
    let unused_columns = folded_unused.unwrap_or(unused_columns);
    let as_of = as_of_date(&title_cells, date_format).map(|d| d.to_string());
    let preview = Preview {
        as_of,
        mapping_remembered: remembered.is_some(),
        due_note,
        transactions_note,
        file_name: file_name.to_string(),
        encoding,
        sheets,
        sheet,
        currency_note,
        unused_columns,
        skipped_rows,
        delimiter,
        header_row: header_line,
        headers,
        mapping: mapping_entries,
        date_format,
        date_format_ambiguous: ambiguous,
        decimal_comma,
        data_rows,
        invoices: unique.len(),
        new_invoices: n_new,
        updated_invoices: n_upd,
        unchanged_invoices: n_same,
        new_clients: new_client_names.len(),
        merged_rows,
        paid_since: paid_since.len(),
        paid_since_total,
        notes,
        missing_invoices: missing.iter().map(|m| m.2.clone()).collect(),
        missing_detail,
        missing_action: missing_action.to_string(),
        problems,
        already_imported: String::new(),
        sample,
        ready,
    };
    drop(listed);
    Ok(Plan { preview, rows: unique, actions, paid_since, missing, remember })
}

