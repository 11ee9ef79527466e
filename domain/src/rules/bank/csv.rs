//! Bank statements exported as CSV by online banks: the columns are found
//! from the usual headers of UK, US and European banks (a date, the text or
//! reference, one signed amount or paid-in and paid-out columns, perhaps
//! the payer, their IBAN, a balance and the currency), in any of the
//! encodings and with any of the delimiters invoice files come in (the
//! same decoding), with decimal commas, and day/month order read from the
//! dates. ING's "Af Bij" marker column signs an unsigned amount. Lines
//! above the header and a closing totals line are left out.

use super::{Line, Statement};
use crate::csv::headers::norm;
use crate::csv::{date_shape, decode, detect_delimiter, parse_date, DateFormat, DateShape};
use crate::money::parse_decimal_lenient;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Date,
    Text,
    Counterparty,
    Account,
    Amount,
    PaidIn,
    PaidOut,
    Sign,
    Balance,
    Currency,
    Reference,
}

/// Headers as `norm` leaves them, per column, best first.
fn names(c: Col) -> &'static [&'static str] {
    match c {
        Col::Date => &["date", "transactiondate", "postdate", "postingdate", "bookingdate", "completeddate", "buchungstag", "buchungsdatum", "datum", "dateoperation", "datedoperation", "fecha", "fechaoperacion", "dataoperazione", "datacontabile", "dataksiegowania", "bokforingsdag", "bogforingsdato", "valuedate", "wertstellung", "valutadatum"],
        Col::Text => &["description", "transactiondescription", "transactiondetail", "details", "narrative", "memo", "verwendungszweck", "buchungstext", "libelle", "omschrijving", "mededelingen", "concepto", "descrizione", "tytul", "text", "beskrivning", "tekst"],
        Col::Counterparty => &["payee", "payer", "name", "counterparty", "counterpartyname", "beguenstigterzahlungspflichtiger", "zahlungspflichtiger", "auftraggeberbegunstigter", "auftraggeber", "naamomschrijving", "naam", "nomdutiers", "beneficiario", "ordenante", "kontrahent"],
        Col::Account => &["iban", "counterpartyiban", "counterpartyaccount", "tegenrekening", "kontonummeriban", "ibanauftragskonto", "gegenkonto"],
        Col::Amount => &["amount", "value", "betrag", "betrageur", "betrag€", "umsatz", "montant", "bedrag", "bedrageur", "importe", "importo", "kwota", "belopp", "belob", "belop", "summa"],
        Col::PaidIn => &["paidin", "moneyin", "credit", "credits", "creditamount", "deposit", "deposits", "haben", "gutschrift", "eingang", "credit€", "recettes", "bij", "abono", "avere", "uznania"],
        Col::PaidOut => &["paidout", "moneyout", "debit", "debits", "debitamount", "withdrawal", "withdrawals", "soll", "lastschrift", "ausgang", "debit€", "depenses", "af", "cargo", "dare", "obciazenia"],
        Col::Sign => &["afbij", "debitcredit", "creditdebit", "sollhaben", "dc", "cd"],
        Col::Balance => &["balance", "runningbalance", "saldo", "solde", "kontostand", "saldoeur"],
        Col::Currency => &["currency", "wahrung", "devise", "munt", "moneda", "valuta", "waluta"],
        Col::Reference => &["reference", "customerreference", "kundenreferenz", "endtoendreferenz", "mandatsreferenz", "referentie", "referencia", "riferimento"],
    }
}

const COLS: [Col; 11] = [Col::Date, Col::Text, Col::Counterparty, Col::Account, Col::Amount, Col::PaidIn, Col::PaidOut, Col::Sign, Col::Balance, Col::Currency, Col::Reference];

/// The fields `--map` names, as `FIELD=Column header`.
pub const FIELDS: [(&str, Col); 11] = [
    ("date", Col::Date),
    ("text", Col::Text),
    ("payer", Col::Counterparty),
    ("account", Col::Account),
    ("amount", Col::Amount),
    ("paid_in", Col::PaidIn),
    ("paid_out", Col::PaidOut),
    ("sign", Col::Sign),
    ("balance", Col::Balance),
    ("currency", Col::Currency),
    ("reference", Col::Reference),
];

/// Checks a mapping the owner typed: known fields only.
pub fn check_mapping(map: &BTreeMap<String, String>) -> Result<(), String> {
    for k in map.keys() {
        if !FIELDS.iter().any(|(f, _)| f == k) {
            return Err(format!("'{k}' is not a bank statement field; use one of {}", FIELDS.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ")));
        }
    }
    Ok(())
}

fn map(headers: &[String], over: &BTreeMap<String, String>) -> Vec<(Col, usize)> {
    let n: Vec<String> = headers.iter().map(|h| norm(h)).collect();
    let mut used = vec![false; n.len()];
    let mut out = Vec::new();
    // The owner's corrections first: FIELD=Header (FIELD= leaves it out).
    for (f, c) in FIELDS {
        if let Some(h) = over.get(f) {
            if let Some(i) = n.iter().position(|x| !h.is_empty() && *x == norm(h)).filter(|i| !used[*i]) {
                used[i] = true;
                out.push((c, i));
            }
        }
    }
    for c in COLS {
        if FIELDS.iter().any(|(f, k)| *k == c && over.contains_key(*f)) {
            continue;
        }
        if let Some(i) = names(c).iter().find_map(|want| n.iter().enumerate().position(|(i, h)| !used[i] && h == want)) {
            used[i] = true;
            out.push((c, i));
        }
    }
    out
}

/// Reads a bank's CSV export. `home` is the currency of lines whose file
/// names none (the business's).
pub fn read(bytes: &[u8], home: &str) -> Result<Statement, String> {
    read_mapped(bytes, home, &BTreeMap::new())
}

/// Reads a bank's CSV export with the owner's corrections to the columns
/// (`FIELD` → column header, from `FIELDS`). The statement's `columns` are
/// the header row, by which the corrections are remembered.
pub fn read_mapped(bytes: &[u8], home: &str, over: &BTreeMap<String, String>) -> Result<Statement, String> {
    check_mapping(over)?;
    let d = decode(bytes)?;
    let delimiter = detect_delimiter(&d.text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(d.text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().map_err(|e| format!("the statement cannot be read as CSV ({e})"))?;
    // The header: the first of the first 15 rows that names a date and an amount.
    let (hidx, cols) = records
        .iter()
        .take(15)
        .enumerate()
        .map(|(i, r)| (i, map(&r.iter().map(|c| c.trim().to_string()).collect::<Vec<_>>(), over)))
        .find(|(_, m)| m.iter().any(|(c, _)| *c == Col::Date) && m.iter().any(|(c, _)| matches!(c, Col::Amount | Col::PaidIn)))
        .ok_or("no header with a date and an amount (or paid-in) column was found")?;
    let col = |c: Col| cols.iter().find(|(k, _)| *k == c).map(|(_, i)| *i);
    let cell = |r: &csv::StringRecord, c: Col| col(c).and_then(|i| r.get(i)).map(str::trim).unwrap_or("").to_string();
    let body: Vec<&csv::StringRecord> = records[hidx + 1..].iter().filter(|r| !cell(r, Col::Date).is_empty()).collect();
    // Date order and decimal mark, from the file itself.
    let (mut dmy, mut mdy) = (false, false);
    for r in &body {
        if let DateShape::Numeric(a, b, _) = date_shape(&cell(r, Col::Date)) {
            dmy |= a > 12;
            mdy |= b > 12;
        }
    }
    let fmt = if mdy && !dmy { Some(DateFormat::Mdy) } else { Some(DateFormat::Dmy) };
    let amounts: Vec<String> = body.iter().flat_map(|r| [cell(r, Col::Amount), cell(r, Col::PaidIn), cell(r, Col::PaidOut), cell(r, Col::Balance)]).filter(|v| !v.is_empty()).collect();
    let tail = |v: &str, m: char| v.rfind(m).is_some_and(|p| v[p + 1..].trim_end_matches(|c: char| !c.is_ascii_digit()).len() == 2);
    let comma = amounts.iter().any(|v| tail(v, ',')) && !amounts.iter().any(|v| tail(v, '.'));
    let money = |v: &str| -> Result<Decimal, String> { if v.trim().is_empty() { Ok(Decimal::ZERO) } else { parse_decimal_lenient(v, comma) } };
    let mut s = Statement::new("CSV");
    s.columns = records[hidx].iter().map(|c| c.trim().to_string()).collect();
    for (k, r) in body.iter().enumerate() {
        let row = hidx + 2 + k;
        let raw_date = cell(r, Col::Date);
        // ING and others write 20261110.
        let compact = (raw_date.len() == 8 && raw_date.chars().all(|c| c.is_ascii_digit())).then(|| chrono::NaiveDate::parse_from_str(&raw_date, "%Y%m%d").ok()).flatten();
        let date = match compact.map(Ok).unwrap_or_else(|| parse_date(&raw_date, fmt)) {
            Ok(d) => d,
            Err(_) => {
                s.skipped.push(format!("row {row}: '{}' is not a date", cell(r, Col::Date)));
                continue;
            }
        };
        let amount = if col(Col::Amount).is_some() && !cell(r, Col::Amount).is_empty() {
            let a = money(&cell(r, Col::Amount)).map_err(|m| format!("row {row}, amount: {m}"))?;
            match norm(&cell(r, Col::Sign)).as_str() {
                "af" | "d" | "debit" | "s" | "soll" => -a.abs(),
                "bij" | "c" | "credit" | "h" | "haben" => a.abs(),
                _ => a,
            }
        } else {
            money(&cell(r, Col::PaidIn)).map_err(|m| format!("row {row}, paid in: {m}"))?.abs() - money(&cell(r, Col::PaidOut)).map_err(|m| format!("row {row}, paid out: {m}"))?.abs()
        };
        let currency = Some(cell(r, Col::Currency)).filter(|c| !c.is_empty()).unwrap_or_else(|| home.to_string());
        s.currency = currency.clone();
        if let Some(b) = col(Col::Balance).and_then(|_| money(&cell(r, Col::Balance)).ok()).filter(|_| !cell(r, Col::Balance).is_empty()) {
            s.closing = Some(b);
        }
        s.lines.push(Line {
            date,
            amount,
            currency,
            text: cell(r, Col::Text),
            reference: cell(r, Col::Reference),
            counterparty: cell(r, Col::Counterparty),
            counterparty_account: cell(r, Col::Account).replace(' ', ""),
            bank_id: String::new(),
            reversal: false,
        });
    }
    if s.lines.is_empty() {
        return Err("the statement has a header but no lines".into());
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::read;
    use rust_decimal::Decimal;
    use std::collections::BTreeMap;

    #[test]
    fn uk_us_and_european_bank_csv_exports() {
        // Lloyds Commercial: one signed amount, a customer reference.
        let lloyds = "Post Date,Account Number,Account Name,Type,Amount,Customer Reference,Transaction Detail,Balance\n10/11/2026,12345678,Northwind,CR,1200.00,INV-1001,ACME LTD BGC,5200.00\n12/11/2026,12345678,Northwind,DD,-45.10,,OFFICE SUPPLIES,5154.90\n";
        let s = read(lloyds.as_bytes(), "GBP").unwrap();
        assert_eq!((s.lines.len(), s.lines[0].amount, s.lines[0].reference.as_str(), s.lines[0].text.as_str()), (2, Decimal::new(120000, 2), "INV-1001", "ACME LTD BGC"));
        assert_eq!((s.lines[0].date.to_string(), s.closing), ("2026-11-10".to_string(), Some(Decimal::new(515490, 2))));
        // Paid in / paid out columns (Barclays, Starling style), US month-first dates.
        let us = "Date,Description,Paid in,Paid out,Balance\n11/20/2026,Acme Corp INV 1001,\"24,961.15\",,30000.00\n11/21/2026,Card fee,,2.50,29997.50\n";
        let s = read(us.as_bytes(), "USD").unwrap();
        assert_eq!((s.lines[0].date.to_string(), s.lines[0].amount, s.lines[1].amount), ("2026-11-20".to_string(), Decimal::new(2496115, 2), Decimal::new(-250, 2)));
        // DKB: Windows-1252, semicolons, decimal commas, "Betrag (€)", a title above.
        let dkb = "\"Kontonummer:\";\"DE89370400440532013000\";\n\n\"Buchungstag\";\"Wertstellung\";\"Buchungstext\";\"Auftraggeber / Begünstigter\";\"Verwendungszweck\";\"Kontonummer/IBAN\";\"Betrag (€)\"\n\"10.11.2026\";\"10.11.2026\";\"Gutschrift\";\"Müller GmbH\";\"RE-2026-001\";\"DE02 1203 0000 0000 2020 51\";\"1.234,56\"\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(dkb);
        let s = read(&bytes, "EUR").unwrap();
        let l = &s.lines[0];
        assert_eq!((l.amount, l.counterparty.as_str(), l.text.as_str(), l.counterparty_account.as_str()), (Decimal::new(123456, 2), "Müller GmbH", "RE-2026-001", "DE02120300000000202051"));
        // ING (NL): an unsigned amount and an Af/Bij column.
        let ing = "\"Datum\",\"Naam / Omschrijving\",\"Rekening\",\"Tegenrekening\",\"Code\",\"Af Bij\",\"Bedrag (EUR)\",\"Mutatiesoort\",\"Mededelingen\"\n\"20261110\",\"Bakkerij de Vries\",\"NL91INGB0001234567\",\"NL20INGB0007654321\",\"GT\",\"Bij\",\"99,50\",\"Overschrijving\",\"Factuur 2026-0031\"\n\"20261111\",\"Huur\",\"NL91INGB0001234567\",\"NL30INGB0001111111\",\"IC\",\"Af\",\"800,00\",\"Incasso\",\"\"\n";
        let s = read(ing.as_bytes(), "EUR").unwrap();
        let got: Vec<(String, Decimal, String, String)> = s.lines.iter().map(|l| (l.date.to_string(), l.amount, l.counterparty.clone(), l.text.clone())).collect();
        assert_eq!(got[0], ("2026-11-10".to_string(), Decimal::new(9950, 2), "Bakkerij de Vries".to_string(), "Factuur 2026-0031".to_string()));
        assert_eq!((got[1].1, s.lines[0].counterparty_account.as_str()), (Decimal::new(-80000, 2), "NL20INGB0007654321"), "Af: money out");
        assert!(read(b"Foo,Bar\n1,2\n", "GBP").unwrap_err().contains("no header with a date"));
        // The owner names the columns a bank calls something else.
        let odd = "When,What,How much\n2026-11-10,INV-1001,25.00\n";
        assert!(read(odd.as_bytes(), "GBP").is_err());
        let over: BTreeMap<String, String> = [("date", "When"), ("text", "What"), ("amount", "How much")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let s = super::read_mapped(odd.as_bytes(), "GBP", &over).unwrap();
        assert_eq!((s.lines[0].text.as_str(), s.columns.len()), ("INV-1001", 3));
        let bad: BTreeMap<String, String> = [("colour".to_string(), "X".to_string())].into();
        assert!(super::read_mapped(odd.as_bytes(), "GBP", &bad).unwrap_err().contains("not a bank statement field"));
        assert!(read(b"Date,Amount\n2026-11-01,12abc34\n", "GBP").unwrap_err().contains("row 2, amount"));
    }
}
