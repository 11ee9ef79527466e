//! The books: the demo business, importing invoices, recording payments,
//! the business's details, backups.

use crate::context::Run;
use crate::output::{out, print_json};
use clap::{Subcommand, ValueEnum};
use overdue_core::import::{self, DateFormat, ImportOptions};
use overdue_core::model::PaymentInput;
use overdue_core::{db, demo, ledger, Error, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum BooksCmd {
    /// Load the demo business (40 clients, 150 invoices) into an empty database
    Demo,
    /// Import data from a file
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// The import history, newest first
    Imports {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Undo the last import: its invoices, payments and new clients removed, the invoices it changed put back
    UndoImport {
        /// The import to undo (default: the last one); only the last standing import can be undone
        #[arg(long)]
        id: Option<i64>,
    },
    /// Record a payment from a client (oldest invoices first unless --invoice)
    Pay {
        /// Client name or id
        #[arg(long)]
        client: String,
        /// Amount, e.g. 250.00
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Date received (YYYY-MM-DD)
        #[arg(long)]
        date: String,
        /// Pay this invoice first
        #[arg(long)]
        invoice: Option<String>,
        /// e.g. "bank transfer", "card", "cash"
        #[arg(long, default_value = "")]
        method: String,
        #[arg(long, default_value = "")]
        reference: String,
        /// Currency code if not the invoices' own
        #[arg(long, default_value = "")]
        currency: String,
    },
    /// Take back a payment recorded by hand (it stays in the ledger, marked taken back; what it paid is open again)
    UndoPayment {
        /// The payment's id (`overdue --json pay` prints it as payment.id)
        id: i64,
    },
    /// Write a backup copy of the database (SQLite online backup)
    Backup {
        /// Where to write it (default: the backups folder beside the database)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Replace the database's content with a backup (the current data is backed up first)
    Restore { file: PathBuf },
    /// Show the business profile, or change parts of it
    Business {
        #[arg(long)]
        trading_name: Option<String>,
        #[arg(long)]
        legal_name: Option<String>,
        /// Postal address (use "\n" between lines)
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long)]
        currency: Option<String>,
        /// Other ways to pay, printed after the bank details (use "\n" between lines)
        #[arg(long)]
        payment_details: Option<String>,
        /// The business's IBAN (checked: length and check digits); euro documents print an RF reference and a QR code
        #[arg(long)]
        iban: Option<String>,
        #[arg(long)]
        bic: Option<String>,
        /// UK sort code, six digits (20-45-77)
        #[arg(long)]
        sort_code: Option<String>,
        /// UK account number, eight digits
        #[arg(long)]
        account_number: Option<String>,
        /// Who signs agreements for the business
        #[arg(long)]
        signatory: Option<String>,
        #[arg(long)]
        signatory_title: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ImportWhat {
    /// Invoices with their clients from a CSV file (Xero, QuickBooks, FreshBooks, Wave, spreadsheet)
    Invoices {
        file: PathBuf,
        /// Check and report, write nothing
        #[arg(long)]
        dry_run: bool,
        /// The file's date order when it cannot be told from the dates
        #[arg(long, value_enum)]
        date_format: Option<DateOrder>,
        /// Correct the column mapping: FIELD=Column header (repeatable; FIELD= to ignore a field)
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        /// The currency of the amounts where the file names none (e.g. USD for a bare $)
        #[arg(long, value_name = "CODE")]
        currency: Option<String>,
        /// Open invoices the file no longer lists: keep them (default), or record them as paid or cancelled
        #[arg(long, value_name = "keep|paid|cancelled")]
        missing: Option<String>,
        /// The same choice for one invoice: NUMBER=keep|paid|cancelled (repeatable; over --missing)
        #[arg(long = "missing-for", value_name = "NUMBER=CHOICE")]
        missing_for: Vec<String>,
        /// The sheet of an Excel or LibreOffice workbook to read (default: the first with any cells)
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
    /// A bank statement (camt.053/054, a ZIP of them, OFX/QFX, MT940, or the bank's CSV): money in matched to invoices
    Bank {
        file: PathBuf,
        /// Check and report, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Correct a CSV statement's columns: FIELD=Column header (date, text, payer, account, amount, paid_in, paid_out, sign, balance, currency, reference); remembered for that layout
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        map: Vec<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DateOrder {
    Iso,
    Dmy,
    Mdy,
}

pub fn run(cmd: BooksCmd, r: &mut Run) -> Result<()> {
    match cmd {
        BooksCmd::Demo => {
            let today = r.ctx.today;
            let json = r.json;
            let r = demo::load(&mut r.conn, today)?;
            if json {
                print_json(&r);
            } else {
                out!("Loaded the demo business: {} clients, {} invoices, {} payments (dates relative to {today}).", r.clients, r.invoices, r.payments);
            }
        }
        BooksCmd::Imports { limit } => {
            let h = import::history(&r.conn, limit)?;
            if r.json {
                print_json(&h);
            } else if h.is_empty() {
                out!("No imports yet.");
            } else {
                for i in &h {
                    out!("#{:<4} {}  {:<28} {}{}", i.id, i.on_date, i.file_name, i.summary.split_once(": ").map(|(_, s)| s).unwrap_or(&i.summary), if i.undone_at.is_some() { "  (undone)" } else { "" });
                }
            }
        }
        BooksCmd::UndoImport { id } => {
            let id = match id {
                Some(id) => id,
                None => import::history(&r.conn, 50)?.into_iter().find(|i| i.undone_at.is_none() && i.source == "invoices").map(|i| i.id).ok_or_else(|| Error::NotFound("there is no import to undo".into()))?,
            };
            let today = r.ctx.today;
            let message = import::undo(&mut r.conn, id, today)?;
            if r.json {
                print_json(&serde_json::json!({ "undone": id, "message": message }));
            } else {
                out!("{message}");
            }
        }
        BooksCmd::Import { what: ImportWhat::Bank { file, dry_run, map } } => crate::bank::import(r, &file, dry_run, &map)?,
        BooksCmd::Import { what: ImportWhat::Invoices { file, dry_run, date_format, map, currency, missing, missing_for, sheet } } => {
            let today = r.ctx.today;
            let json = r.json;
            let bytes = import::read_file(&file)?;
            let mut mapping = BTreeMap::new();
            for m in &map {
                let (k, v) = m.split_once('=').ok_or_else(|| Error::invalid("--map", format!("'{m}' is not FIELD=COLUMN")))?;
                mapping.insert(k.trim().to_string(), v.to_string());
            }
            let mut missing_each = BTreeMap::new();
            for m in &missing_for {
                let (k, v) = m.split_once('=').ok_or_else(|| Error::invalid("--missing-for", format!("'{m}' is not NUMBER=keep|paid|cancelled")))?;
                missing_each.insert(k.trim().to_string(), v.trim().to_string());
            }
            let opts = ImportOptions {
                mapping,
                date_format: date_format.map(|d| match d {
                    DateOrder::Iso => DateFormat::Iso,
                    DateOrder::Dmy => DateFormat::Dmy,
                    DateOrder::Mdy => DateFormat::Mdy,
                }),
                currency,
                missing,
                missing_each,
                sheet,
            };
            let name = file.display().to_string();
            if dry_run {
                let p = import::preview(&r.conn, &bytes, &name, &opts)?;
                if json {
                    print_json(&p);
                } else {
                    out!("Dry run of {name} (nothing written)");
                    out!("  columns: {}", p.mapping.iter().filter_map(|m| m.column.as_ref().map(|c| format!("{} ← '{c}'", m.field))).collect::<Vec<_>>().join(", "));
                    if p.delimiter.is_empty() {
                        out!("  read as {}{}", p.encoding, if p.sheets.len() > 1 { format!(" (sheets: {}; --sheet to choose)", p.sheets.join(", ")) } else { String::new() });
                    } else {
                        out!("  read as {}, separated by {}", p.encoding, if p.delimiter == "tab" { "tabs".to_string() } else { format!("'{}'", p.delimiter) });
                    }
                    if p.mapping_remembered {
                        out!("  the mapping you corrected for this header before is used");
                    }
                    for note in [&p.transactions_note, &p.due_note, &p.already_imported] {
                        if !note.is_empty() {
                            out!("  {note}");
                        }
                    }
                    if let Some(d) = &p.as_of {
                        out!("  the report is as of {d}: money received since is dated so");
                    }
                    if !p.unused_columns.is_empty() {
                        out!("  not used: {}", p.unused_columns.join(", "));
                    }
                    if !p.skipped_rows.is_empty() {
                        out!("  {} row(s) left out:", p.skipped_rows.len());
                        for s in &p.skipped_rows {
                            out!("    row {}: {}", s.row, s.message);
                        }
                    }
                    if !p.currency_note.is_empty() {
                        out!("  {}", p.currency_note);
                    }
                    if p.paid_since > 0 {
                        out!("  received since the last import: {} on {} invoice(s), to be recorded as payments", p.paid_since_total, p.paid_since);
                    }
                    for n in &p.notes {
                        out!("  note, row {}: {}", n.row, n.message);
                    }
                    if !p.missing_detail.is_empty() {
                        out!("  no longer in this file (paid, cancelled or filtered out?):");
                        for m in &p.missing_detail {
                            out!(
                                "    {} {} {} → {}",
                                m.number,
                                m.client,
                                m.outstanding,
                                match m.action.as_str() {
                                    "paid" => "recorded as paid",
                                    "cancelled" => "cancelled",
                                    _ => "kept open (--missing or --missing-for NUMBER=paid|cancelled to change)",
                                }
                            );
                        }
                    }
                    out!(
                        "  {} invoice(s): {} new, {} to update, {} unchanged; {} new client(s){}",
                        p.invoices,
                        p.new_invoices,
                        p.updated_invoices,
                        p.unchanged_invoices,
                        p.new_clients,
                        if p.merged_rows > 0 { format!("; {} line-item row(s) folded into their invoices", p.merged_rows) } else { String::new() }
                    );
                    if p.problems.is_empty() {
                        out!("  no problems: ready to import");
                    } else {
                        out!("  {} problem(s):", p.problems.len());
                        for pr in &p.problems {
                            out!("    {pr}");
                        }
                    }
                }
                if !p.ready {
                    return Err(Error::invalid("import", "the file has problems; fix them and try again (nothing was written)"));
                }
            } else {
                let r = import::commit(&mut r.conn, &bytes, &name, &opts, today)?;
                if json {
                    print_json(&r);
                } else {
                    out!("{}", r.message);
                }
            }
        }
        BooksCmd::Pay { client, amount, date, invoice, method, reference, currency } => {
            let json = r.json;
            let c = ledger::find_client(&r.conn, &client)?;
            let input = PaymentInput { client_id: c.id, date, amount, currency, method, reference, invoice_number: invoice.unwrap_or_default() };
            let r = overdue_core::payments::record(&mut r.conn, &r.ctx, &input)?;
            if json {
                print_json(&r);
            } else {
                out!("{} — {}", c.name, r.message);
            }
        }
        BooksCmd::UndoPayment { id } => {
            let message = overdue_core::payments::undo(&mut r.conn, &r.ctx, id)?;
            if r.json {
                print_json(&serde_json::json!({ "undone": id, "message": message }));
            } else {
                out!("{message}");
            }
        }
        BooksCmd::Backup { out } => {
            let json = r.json;
            let target = out.unwrap_or_else(|| db::default_backup_path(&r.db_path));
            db::backup_to(&r.conn, &target)?;
            if json {
                print_json(&serde_json::json!({ "path": target.display().to_string() }));
            } else {
                out!("Backup written to {}", target.display());
            }
        }
        BooksCmd::Restore { file } => {
            let json = r.json;
            let safety = db::before_restore_path(&r.db_path);
            db::restore_from(&mut r.conn, &file, &safety)?;
            if json {
                print_json(&serde_json::json!({ "restored_from": file.display().to_string(), "previous_data": safety.display().to_string() }));
            } else {
                out!("Restored from {}. The data it replaced was saved to {}", file.display(), safety.display());
            }
        }
        BooksCmd::Business { trading_name, legal_name, address, email, phone, country, currency, payment_details, iban, bic, sort_code, account_number, signatory, signatory_title } => {
            let json = r.json;
            let mut b = ledger::business(&r.conn)?;
            let mut changed = false;
            for (field, value) in [
                (&mut b.trading_name, trading_name),
                (&mut b.legal_name, legal_name),
                (&mut b.address, address.map(|a| a.replace("\\n", "\n"))),
                (&mut b.email, email),
                (&mut b.phone, phone),
                (&mut b.country, country),
                (&mut b.currency, currency),
                (&mut b.payment_details, payment_details.map(|a| a.replace("\\n", "\n"))),
                (&mut b.iban, iban),
                (&mut b.bic, bic),
                (&mut b.sort_code, sort_code),
                (&mut b.account_number, account_number),
                (&mut b.signatory_name, signatory),
                (&mut b.signatory_title, signatory_title),
            ] {
                if let Some(v) = value {
                    *field = v;
                    changed = true;
                }
            }
            let b = if changed { ledger::update_business(&r.conn, &b)? } else { b };
            if json {
                print_json(&b);
            } else {
                out!("{}\n{}\n{}\n{} · {}\nCountry {} · currency {}\nSigns agreements: {} {}", b.trading_name, b.legal_name, b.address, b.email, b.phone, b.country, b.currency, b.signatory_name, b.signatory_title);
                let account = [(!b.sort_code.is_empty()).then(|| format!("Sort code {} · Account {}", b.sort_code, b.account_number)), (!b.iban.is_empty()).then(|| format!("IBAN {}{}", b.iban, if b.bic.is_empty() { String::new() } else { format!(" · BIC {}", b.bic) }))];
                for a in account.into_iter().flatten() {
                    out!("{a}");
                }
            }
        }
    }
    Ok(())
}
