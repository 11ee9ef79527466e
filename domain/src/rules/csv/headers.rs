//! Recognising the columns of an export by their headers, as real tools and
//! people word them: any case, punctuation and accents ("Fällig am",
//! "Inv. No."), singular or plural, "-ed" forms ("Issued"), and the usual
//! headers of English, German, French, Dutch, Spanish, Italian, Polish and
//! Nordic (Swedish, Danish, Norwegian, Finnish) accounting exports.

use super::{Field, FIELDS};
use std::collections::BTreeMap;

/// A header as compared: lower case, letters and digits only, accents
/// folded (ä → a, ß → ss, ø → o, ł → l …).
pub fn norm(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    for c in h.chars().flat_map(|c| c.to_lowercase()) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' | 'ć' | 'č' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ł' => out.push('l'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
            'ß' => out.push_str("ss"),
            'ś' | 'š' => out.push('s'),
            'ù' | 'ú' | 'û' | 'ü' | 'ů' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Like `norm`, word by word: "Bäckerei Groß e.K." → "backerei gross ek".
pub fn norm_words(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '&' || c == '-' || c == ',').map(norm).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The header as written with the usual variations taken off: a plural
/// "s", an "-ed" ending, a "no"/"nr"/"num" abbreviation of "number".
fn variants(h: &str) -> Vec<String> {
    let mut v = vec![h.to_string()];
    if let Some(s) = h.strip_suffix('s').filter(|s| s.len() >= 3) {
        v.push(s.to_string());
    }
    if let Some(s) = h.strip_suffix("ed").filter(|s| s.len() >= 3) {
        v.push(format!("{s}e"));
        v.push(s.to_string());
    }
    for (short, long) in [("no", "number"), ("nr", "number"), ("num", "number"), ("dt", "date")] {
        if let Some(s) = h.strip_suffix(short).filter(|s| s.len() >= 3) {
            v.push(format!("{s}{long}"));
        }
    }
    v
}

/// Header names seen in exports (as `norm` leaves them), best first.
pub fn aliases(field: Field) -> &'static [&'static str] {
    match field {
        Field::Number => &[
            "invoicenumber", "invoiceno", "invoicenum", "invnumber", "invoice", "invoiceid", "num", "no", "number", "docnumber", "documentnumber", "invoicereference", "invoiceref", "ref", "refnumber", "document", "documentno",
            // de, fr, nl, es, it, pl, nordic
            "rechnungsnummer", "rechnungsnr", "belegnummer", "numerodefacture", "nfacture", "numerofacture", "facture", "factuurnummer", "factuurnr", "factuur",
            "numerodefactura", "nfactura", "factura", "numerofattura", "nfattura", "fattura", "numerfaktury", "nrfaktury", "faktura", "fakturanummer", "fakturanr", "laskunnumero",
        ],
        Field::Client => &[
            "contactname", "customername", "clientname", "customer", "client", "contact", "name", "billto", "company", "debtor", "accountname", "customerfullname",
            "kunde", "kundenname", "kundin", "debitor", "nomduclient", "klant", "klantnaam", "debiteur", "cliente", "nombredelcliente", "nomecliente", "kontrahent", "nabywca", "klient", "kund", "kundnamn", "asiakas",
        ],
        Field::IssueDate => &[
            "invoicedate", "issuedate", "dateissued", "issue", "date", "txndate", "transactiondate", "createddate", "create", "invoicedon",
            "rechnungsdatum", "belegdatum", "datum", "datedefacture", "datefacture", "factuurdatum", "fechadefactura", "fechafactura", "fecha", "datafattura", "data", "datawystawienia", "fakturadatum", "fakturadato", "laskunpaivamaara", "paivamaara",
        ],
        Field::DueDate => &[
            "duedate", "datedue", "paymentdue", "paymentduedate", "due",
            "falligam", "faelligam", "fallig", "falligkeit", "falligkeitsdatum", "zahlungsziel", "dateecheance", "datedecheance", "echeance", "vervaldatum", "vervaldag",
            "fechadevencimiento", "fechavencimiento", "vencimiento", "datascadenza", "scadenza", "terminplatnosci", "terminzaplaty", "forfallodatum", "forfaldsdato", "forfallsdato", "forfall", "erapaiva",
        ],
        Field::Amount => &[
            "total", "invoicetotal", "totalamount", "amount", "grandtotal", "invoiceamount", "gross", "totalincvat", "totalinclvat", "totalinctax", "amountinctax",
            "betrag", "bruttobetrag", "gesamtbetrag", "rechnungsbetrag", "brutto", "montant", "montantttc", "totalttc", "bedrag", "totaalbedrag", "bedraginclbtw", "importe", "importetotal",
            "importo", "importototale", "totale", "kwota", "kwotabrutto", "wartoscbrutto", "brutto", "belopp", "totalbelopp", "belob", "belop", "summa", "yhteensa",
        ],
        Field::Paid => &[
            "amountpaid", "invoiceamountpaid", "paid", "paidtodate", "totalpaid", "payments", "payment",
            "bezahlt", "gezahlt", "paye", "montantpaye", "betaald", "pagado", "importepagado", "pagato", "zaplacono", "betalt", "maksettu",
        ],
        Field::Outstanding => &[
            "invoiceamountdue", "amountdue", "balancedue", "openbalance", "balance", "outstanding", "amountoutstanding", "remaining", "unpaid", "dueamount", "open",
            "offen", "offenerbetrag", "restbetrag", "offenerposten", "resteapayer", "soldedu", "solde", "openstaand", "openstaandbedrag", "saldo", "pendiente", "importependiente",
            "dapagare", "residuo", "pozostalo", "pozostalodozaplaty", "dozaplaty", "kvarattbetala", "restbelopp", "restbelob", "utestaende", "avoin",
        ],
        Field::Currency => &["currency", "currencycode", "cur", "ccy", "wahrung", "devise", "monnaie", "valuta", "moneda", "divisa", "waluta", "valuutta"],
        Field::Description => &[
            "reference", "description", "memo", "memodescription", "notes", "details", "summary", "project", "invoicedescription",
            "beschreibung", "betreff", "referenz", "libelle", "omschrijving", "referentie", "descripcion", "concepto", "descrizione", "causale", "opis", "beskrivning", "beskrivelse", "viite",
        ],
        Field::Email => &["emailaddress", "email", "customeremail", "clientemail", "contactemail", "billingemail", "mail", "epost", "courriel", "correo", "adresemail", "sahkoposti"],
        Field::ContactPerson => &["contactperson", "attention", "attn", "primarycontact", "ansprechpartner", "contactpersoon", "personadecontacto", "referente", "osobakontaktowa", "kontaktperson", "yhteyshenkilo"],
        Field::Phone => &["phone", "phonenumber", "telephone", "contactphone", "mobile", "telefon", "telefono", "telefoon", "telephone", "puhelin"],
        Field::Address => &["address", "billingaddress", "poaddressline1", "street", "addressline1", "adresse", "anschrift", "adres", "direccion", "indirizzo", "adress", "osoite"],
        Field::Status => &["status", "invoicestatus", "state", "statut", "estado", "stato", "tila"],
        Field::Terms => &[
            "terms", "paymentterms", "term", "termsofpayment", "zahlungsbedingungen", "zahlungsbedingung", "conditionsdepaiement", "conditionsdereglement", "betalingstermijn", "betalingsvoorwaarden",
            "condicionesdepago", "terminidipagamento", "condizionidipagamento", "warunkiplatnosci", "betalningsvillkor", "betalingsbetingelser", "maksuehdot",
        ],
        Field::Kind => &[
            "type", "transactiontype", "documenttype", "doctype", "invoicetype", "kind", "txntype", "belegart", "belegtyp", "dokumentart", "typ", "typedocument", "typededocument",
            "soort", "documentsoort", "tipo", "tipodocumento", "rodzaj", "rodzajdokumentu", "dokumenttyp", "tyyppi",
        ],
    }
}

/// Which column each field reads: for each field its best alias, then the
/// same with the usual variations (plural, -ed, abbreviations) taken off.
/// A column feeds one field.
pub fn auto_mapping(headers: &[String]) -> BTreeMap<Field, usize> {
    let forms: Vec<Vec<String>> = headers.iter().map(|h| variants(&norm(h))).collect();
    let mut used = vec![false; headers.len()];
    let mut map = BTreeMap::new();
    for pass in 0..2 {
        for field in FIELDS {
            if map.contains_key(&field) {
                continue;
            }
            'aliases: for alias in aliases(field) {
                for (i, f) in forms.iter().enumerate() {
                    let hit = if pass == 0 { f[0] == *alias } else { f[1..].iter().any(|v| v == alias) };
                    if !used[i] && hit {
                        used[i] = true;
                        map.insert(field, i);
                        break 'aliases;
                    }
                }
            }
        }
    }
    map
}

/// How much a row looks like a header: how many of its cells name a field.
pub fn header_score(cells: &csv::StringRecord) -> usize {
    cells.iter().filter(|c| variants(&norm(c)).iter().any(|v| FIELDS.iter().any(|f| aliases(*f).contains(&v.as_str())))).count()
}

/// Whether a cell opens a summary row: its first word is "TOTAL",
/// "Gesamt", "Summe", "Totaal", "Razem", "I alt", … ("Total for Northwind",
/// "TOTAL:"), not a name that merely begins so ("Totally Fresh Ltd").
pub fn is_total_word(cell: &str) -> bool {
    const WORDS: [&str; 16] = ["total", "totals", "grandtotal", "subtotal", "gesamt", "gesamtsumme", "summe", "totaal", "totale", "razem", "suma", "ialt", "totalt", "summa", "yhteensa", "sum"];
    let n = norm(cell);
    let first = norm(cell.split_whitespace().next().unwrap_or(""));
    WORDS.contains(&n.as_str()) || WORDS.contains(&first.as_str()) || (n.starts_with("grandtotal") || n.starts_with("subtotal"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(headers: &[&str]) -> BTreeMap<Field, usize> {
        auto_mapping(&headers.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn real_wording_is_recognised() {
        let m = mapped(&["Inv. No.", "Customer", "Issued", "Due", "Total"]);
        assert_eq!((m[&Field::Number], m[&Field::Client], m[&Field::IssueDate], m[&Field::DueDate], m[&Field::Amount]), (0, 1, 2, 3, 4));
        let m = mapped(&["Kunde", "Rechnungsnummer", "Rechnungsdatum", "Fällig am", "Betrag", "Offen", "Währung"]);
        assert_eq!(m.len(), 7, "{m:?}");
        assert_eq!((m[&Field::Client], m[&Field::DueDate], m[&Field::Outstanding], m[&Field::Currency]), (0, 3, 5, 6));
        let m = mapped(&["Numéro de facture", "Client", "Date de facture", "Date d'échéance", "Montant TTC", "Reste à payer", "Devise"]);
        assert_eq!(m.len(), 7, "{m:?}");
        let m = mapped(&["Factuurnummer", "Klant", "Factuurdatum", "Vervaldatum", "Bedrag", "Openstaand"]);
        assert_eq!(m.len(), 6, "{m:?}");
        let m = mapped(&["Número de factura", "Cliente", "Fecha de factura", "Fecha de vencimiento", "Importe", "Pendiente", "Moneda"]);
        assert_eq!(m.len(), 7, "{m:?}");
        let m = mapped(&["Numero fattura", "Cliente", "Data fattura", "Data scadenza", "Importo", "Da pagare"]);
        assert_eq!(m.len(), 6, "{m:?}");
        let m = mapped(&["Numer faktury", "Kontrahent", "Data wystawienia", "Termin płatności", "Kwota brutto", "Pozostało do zapłaty", "Waluta"]);
        assert_eq!(m.len(), 7, "{m:?}");
        let m = mapped(&["Fakturanummer", "Kund", "Fakturadatum", "Förfallodatum", "Belopp", "Kvar att betala", "Valuta"]);
        assert_eq!(m.len(), 7, "{m:?}");
    }

    #[test]
    fn terms_and_types_read_as_people_write_them() {
        assert_eq!((terms_days("Net 30"), terms_days("30 days"), terms_days("14 Tage netto"), terms_days("Due on receipt"), terms_days("7")), (Some(30), Some(30), Some(14), Some(0), Some(7)));
        assert_eq!((terms_days(""), terms_days("2/10 net 30"), terms_days("EOM")), (None, None, None));
        use super::super::RowKind;
        assert_eq!((row_kind("Credit Note"), row_kind("Gutschrift"), row_kind("Credit Memo"), row_kind("Avoir")), (RowKind::Credit, RowKind::Credit, RowKind::Credit, RowKind::Credit));
        assert_eq!((row_kind("Payment"), row_kind("Invoice"), row_kind("Sales Invoice"), row_kind("Estimate")), (RowKind::Payment, RowKind::Invoice, RowKind::Invoice, RowKind::NotOwed));
    }

    #[test]
    fn a_column_feeds_one_field_and_totals_are_told_apart() {
        let m = mapped(&["Date", "Invoice Date", "Due Date", "Invoice", "Name", "Amount"]);
        assert_eq!(m[&Field::IssueDate], 1, "the better alias wins");
        assert!(is_total_word("TOTAL") && is_total_word("Gesamt") && is_total_word("Total for Northwind"));
        assert!(!is_total_word("Northwind Traders") && !is_total_word("Totally Fresh Ltd"));
        assert!(is_total_word("I alt") && is_total_word("Summe:") && is_total_word("Grand Total"));
    }
}

/// What a status column says of an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// A draft or not yet sent: the debtor never had it, so it is not chased.
    Draft,
    /// Void, cancelled or deleted in the books.
    Void,
    /// Paid in full.
    Paid,
    /// Anything else (sent, awaiting payment, overdue, partly paid …).
    Open,
}

/// Reads a status cell in the languages the headers are read in.
pub fn standing(cell: &str) -> Standing {
    let n = norm(cell);
    const DRAFT: [&str; 16] = ["draft", "drafts", "unsent", "notsent", "submitted", "awaitingapproval", "entwurf", "brouillon", "concept", "borrador", "bozza", "szkic", "utkast", "kladde", "luonnos", "pendingapproval"];
    const VOID: [&str; 22] = ["void", "voided", "cancelled", "canceled", "deleted", "storniert", "storno", "annulliert", "annule", "annulee", "geannuleerd", "vervallen", "anulada", "anulado", "annullata", "annullato", "anulowana", "anulowano", "makulerad", "annulleret", "annullert", "mitatoitu"];
    const PAID: [&str; 16] = ["paid", "paidinfull", "fullypaid", "bezahlt", "beglichen", "paye", "payee", "betaald", "pagada", "pagado", "pagata", "pagato", "zaplacona", "oplacona", "betald", "maksettu"];
    if DRAFT.contains(&n.as_str()) {
        Standing::Draft
    } else if VOID.contains(&n.as_str()) {
        Standing::Void
    } else if PAID.contains(&n.as_str()) {
        Standing::Paid
    } else {
        Standing::Open
    }
}

#[cfg(test)]
mod standing_tests {
    use super::*;

    #[test]
    fn statuses_in_their_languages() {
        assert_eq!((standing("DRAFT"), standing("Entwurf"), standing("Voided"), standing("Storniert"), standing("Annulée")), (Standing::Draft, Standing::Draft, Standing::Void, Standing::Void, Standing::Void));
        assert_eq!((standing("Paid"), standing("Bezahlt"), standing("Payée"), standing("Zapłacona")), (Standing::Paid, Standing::Paid, Standing::Paid, Standing::Paid));
        assert_eq!(standing("Awaiting Approval"), Standing::Draft, "Xero: submitted, not yet sent");
        assert_eq!((standing("Awaiting Payment"), standing("Overdue"), standing("Partially paid"), standing("")), (Standing::Open, Standing::Open, Standing::Open, Standing::Open));
    }
}

/// Reads a type cell: invoice, credit note, payment, or a quote that is not owed.
pub fn row_kind(cell: &str) -> super::RowKind {
    use super::RowKind;
    let n = norm(cell);
    const CREDIT: [&str; 22] = ["sc", "salescredit", "creditnote", "credit", "creditmemo", "salescreditnote", "accrecredit", "gutschrift", "rechnungskorrektur", "stornorechnung", "avoir", "factureavoir", "creditnota", "creditfactuur", "notadecredito", "notadicredito", "fakturakorygujaca", "korekta", "kreditnota", "kreditfaktura", "hyvityslasku", "refund"];
    const PAYMENT: [&str; 20] = ["sr", "sa", "salesreceipt", "payment", "receivepayment", "customerpayment", "invoicepayment", "paymentreceived", "zahlung", "zahlungseingang", "paiement", "reglement", "betaling", "pago", "pagamento", "platnosc", "wplata", "betalning", "maksu", "receipt"];
    const NOT_OWED: [&str; 16] = ["estimate", "quote", "quotation", "angebot", "kostenvoranschlag", "devis", "offerte", "presupuesto", "preventivo", "oferta", "offert", "tilbud", "tarjous", "salesorder", "proforma", "proformainvoice"];
    if CREDIT.contains(&n.as_str()) {
        RowKind::Credit
    } else if PAYMENT.contains(&n.as_str()) {
        RowKind::Payment
    } else if NOT_OWED.contains(&n.as_str()) {
        RowKind::NotOwed
    } else {
        RowKind::Invoice
    }
}

/// Days of credit in a terms cell: "Net 30", "30 days", "30 Tage", "14",
/// "Due on receipt" (0). `None` when it says no number of days.
pub fn terms_days(cell: &str) -> Option<i64> {
    let n = norm(cell);
    if n.is_empty() {
        return None;
    }
    const ON_RECEIPT: [&str; 9] = ["dueonreceipt", "uponreceipt", "onreceipt", "immediate", "immediately", "sofort", "sofortohneabzug", "comptant", "direct"];
    if ON_RECEIPT.contains(&n.as_str()) {
        return Some(0);
    }
    let digits: Vec<&str> = cell.split(|c: char| !c.is_ascii_digit()).filter(|d| !d.is_empty()).collect();
    match digits.as_slice() {
        [d] => d.parse::<i64>().ok().filter(|d| *d <= 365),
        _ => None,
    }
}
