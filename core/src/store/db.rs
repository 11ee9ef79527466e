//! The SQLite file: where it lives, how it is opened, versioned migrations,
//! and backups through SQLite's online backup API.
//!
//! Invariants: foreign keys on; WAL journal; `PRAGMA user_version` is the
//! schema version; each migration runs in one transaction together with the
//! version bump, after a backup copy of the older file was written.

use crate::error::{Error, Result};
use rusqlite::{backup::Backup, Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// v3's default ladder and templates, frozen as released (seed data is
/// written out, never produced by today's code).
const V3_LADDER: &str = include_str!("migrations/v3_ladder.sql");
const V10_BANK: &str = include_str!("migrations/v10_bank.sql");
const V11_UNDO: &str = include_str!("migrations/v11_undo.sql");
const V12_CLAIMS: &str = include_str!("migrations/v12_claims.sql");
const V13_PAID: &str = include_str!("migrations/v13_paid.sql");

/// The app identifier; the default database lives in `<data dir>/<APP_ID>/`,
/// the same folder Tauri's `app_data_dir()` resolves to.
pub const APP_ID: &str = "app.overdue.desktop";
pub const DB_FILE: &str = "overdue.sqlite";

/// Each entry upgrades the schema from version `i` to `i + 1`.
/// Never edit a released migration: add a new one.
pub const MIGRATIONS: &[&str] = &[
    // v1: the ledger.
    r#"
    CREATE TABLE business (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        trading_name TEXT NOT NULL DEFAULT '',
        legal_name TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT 'GB',
        currency TEXT NOT NULL DEFAULT 'GBP',
        payment_details TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO business (id) VALUES (1);
    CREATE TABLE clients (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        legal_name TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'company' CHECK (kind IN ('company', 'sole_trader', 'consumer')),
        contact_person TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TABLE invoices (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        issue_date TEXT NOT NULL,
        due_date TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        CHECK (due_date >= issue_date)
    );
    CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        date TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        method TEXT NOT NULL DEFAULT '',
        reference TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TABLE allocations (
        id INTEGER PRIMARY KEY,
        payment_id INTEGER NOT NULL REFERENCES payments(id),
        invoice_id INTEGER NOT NULL REFERENCES invoices(id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0)
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    "#,
    // v2: client time zones and edit stamps, an append-only history, and the
    // indexes that keep aging and the overdue list fast at 100,000 invoices.
    r#"
    ALTER TABLE clients ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
    ALTER TABLE clients ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE invoices ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN detail TEXT NOT NULL DEFAULT '';
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
    CREATE INDEX invoices_client ON invoices(client_id);
    CREATE INDEX invoices_due ON invoices(due_date);
    CREATE INDEX invoices_aging ON invoices(currency, due_date, amount_minor);
    CREATE INDEX allocations_invoice ON allocations(invoice_id, amount_minor);
    CREATE INDEX allocations_payment ON allocations(payment_id);
    CREATE INDEX payments_client ON payments(client_id, date);
    CREATE INDEX events_client ON events(client_id, id);
    "#,
    // v3: the reminder step. The chase ladder and its templates, per-client and
    // per-invoice chase settings, every contact (email outbox, SMS, letter,
    // call) with its outcome, the steps taken per invoice and stage, fees
    // (once per invoice and stage), promises to pay, reference rates for
    // statutory interest, and a small settings store (JSON values).
    r#"
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE ladder_stages (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        offset_days INTEGER NOT NULL CHECK (offset_days BETWEEN -60 AND 365),
        kind TEXT NOT NULL DEFAULT 'contact' CHECK (kind IN ('contact', 'review')),
        channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'call', 'letter')),
        tone TEXT NOT NULL CHECK (tone IN ('friendly', 'firm', 'final')),
        letter_kind TEXT NOT NULL DEFAULT 'reminder'
            CHECK (letter_kind IN ('reminder', 'firm_reminder', 'final_notice', 'statement')),
        fee_minor INTEGER NOT NULL DEFAULT 0 CHECK (fee_minor >= 0),
        new_due_days INTEGER NOT NULL DEFAULT 0 CHECK (new_due_days BETWEEN 0 AND 90),
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE templates (
        stage_id INTEGER NOT NULL REFERENCES ladder_stages(id),
        channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'call', 'letter')),
        subject TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (stage_id, channel)
    );
    ALTER TABLE clients ADD COLUMN chase_mode TEXT NOT NULL DEFAULT '' CHECK (chase_mode IN ('', 'auto', 'manual'));
    ALTER TABLE clients ADD COLUMN paused_until TEXT NOT NULL DEFAULT '';
    ALTER TABLE clients ADD COLUMN pause_reason TEXT NOT NULL DEFAULT '';
    ALTER TABLE clients ADD COLUMN min_chase_minor INTEGER;
    ALTER TABLE clients ADD COLUMN interest_policy TEXT NOT NULL DEFAULT '';
    ALTER TABLE invoices ADD COLUMN chase_mode TEXT NOT NULL DEFAULT '' CHECK (chase_mode IN ('', 'auto', 'manual'));
    ALTER TABLE invoices ADD COLUMN paused_until TEXT NOT NULL DEFAULT '';
    ALTER TABLE invoices ADD COLUMN pause_reason TEXT NOT NULL DEFAULT '';
    ALTER TABLE invoices ADD COLUMN disputed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE invoices ADD COLUMN dispute_reason TEXT NOT NULL DEFAULT '';
    CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        stage_id INTEGER REFERENCES ladder_stages(id),
        channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'call', 'letter')),
        status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'done')),
        on_date TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at TEXT NOT NULL DEFAULT '',
        recipient TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        attachments TEXT NOT NULL DEFAULT '[]',
        error TEXT NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 0,
        override_reason TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        circumstances TEXT NOT NULL DEFAULT '',
        proposal TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE contact_invoices (
        contact_id INTEGER NOT NULL REFERENCES contacts(id),
        invoice_id INTEGER NOT NULL REFERENCES invoices(id),
        PRIMARY KEY (contact_id, invoice_id)
    );
    CREATE TABLE chase_steps (
        id INTEGER PRIMARY KEY,
        invoice_id INTEGER NOT NULL REFERENCES invoices(id),
        stage_id INTEGER NOT NULL REFERENCES ladder_stages(id),
        action TEXT NOT NULL CHECK (action IN ('sent', 'skipped', 'snoozed')),
        on_date TEXT NOT NULL,
        until TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        contact_id INTEGER REFERENCES contacts(id),
        created_at TEXT NOT NULL
    );
    CREATE TABLE fees (
        id INTEGER PRIMARY KEY,
        invoice_id INTEGER NOT NULL REFERENCES invoices(id),
        stage_id INTEGER NOT NULL REFERENCES ladder_stages(id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        on_date TEXT NOT NULL,
        UNIQUE (invoice_id, stage_id)
    );
    CREATE TABLE promises (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        promised_on TEXT NOT NULL,
        due_date TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'kept', 'partly_kept', 'broken', 'cancelled')),
        paid_minor INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        contact_id INTEGER REFERENCES contacts(id),
        created_at TEXT NOT NULL,
        resolved_at TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE promise_invoices (
        promise_id INTEGER NOT NULL REFERENCES promises(id),
        invoice_id INTEGER NOT NULL REFERENCES invoices(id),
        PRIMARY KEY (promise_id, invoice_id)
    );
    CREATE TABLE reference_rates (
        region TEXT NOT NULL CHECK (region IN ('GB', 'EU')),
        effective_from TEXT NOT NULL,
        rate TEXT NOT NULL,
        PRIMARY KEY (region, effective_from)
    );
    -- Bank of England Bank Rate and ECB main refinancing rate changes
    -- (rates in percent, the date each took effect).
    INSERT INTO reference_rates (region, effective_from, rate) VALUES
        ('GB', '2020-03-19', '0.10'), ('GB', '2021-12-16', '0.25'), ('GB', '2022-02-03', '0.50'),
        ('GB', '2022-03-17', '0.75'), ('GB', '2022-05-05', '1.00'), ('GB', '2022-06-16', '1.25'),
        ('GB', '2022-08-04', '1.75'), ('GB', '2022-09-22', '2.25'), ('GB', '2022-11-03', '3.00'),
        ('GB', '2022-12-15', '3.50'), ('GB', '2023-02-02', '4.00'), ('GB', '2023-03-23', '4.25'),
        ('GB', '2023-05-11', '4.50'), ('GB', '2023-06-22', '5.00'), ('GB', '2023-08-03', '5.25'),
        ('GB', '2024-08-01', '5.00'), ('GB', '2024-11-07', '4.75'), ('GB', '2025-02-06', '4.50'),
        ('GB', '2025-05-08', '4.25'), ('GB', '2025-08-07', '4.00'),
        ('EU', '2016-03-16', '0.00'), ('EU', '2022-07-27', '0.50'), ('EU', '2022-09-14', '1.25'),
        ('EU', '2022-11-02', '2.00'), ('EU', '2022-12-21', '2.50'), ('EU', '2023-02-08', '3.00'),
        ('EU', '2023-03-22', '3.50'), ('EU', '2023-05-10', '3.75'), ('EU', '2023-06-21', '4.00'),
        ('EU', '2023-08-02', '4.25'), ('EU', '2023-09-20', '4.50'), ('EU', '2024-06-12', '4.25'),
        ('EU', '2024-09-18', '3.65'), ('EU', '2024-10-23', '3.40'), ('EU', '2024-12-18', '3.15'),
        ('EU', '2025-02-05', '2.90'), ('EU', '2025-03-12', '2.65'), ('EU', '2025-04-23', '2.40'),
        ('EU', '2025-06-11', '2.15');
    CREATE TRIGGER fees_no_update BEFORE UPDATE ON fees
        BEGIN SELECT RAISE(ABORT, 'fees are applied once and never changed'); END;
    CREATE INDEX contacts_client ON contacts(client_id, created_at);
    CREATE INDEX contacts_status ON contacts(status);
    CREATE INDEX chase_steps_invoice ON chase_steps(invoice_id, stage_id);
    CREATE INDEX promises_client ON promises(client_id, status);
    CREATE INDEX promise_invoices_invoice ON promise_invoices(invoice_id);
    CREATE INDEX fees_invoice ON fees(invoice_id);
    "#,
    // v4: negotiation. Per-client bottom line (private), the open case per
    // client with the debtor's capacity and reason, every offer made or
    // received, and arrangements agreed in principle.
    r#"
    ALTER TABLE clients ADD COLUMN bottom_line TEXT NOT NULL DEFAULT '';
    CREATE TABLE negotiations (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'agreed', 'closed')),
        invoice_ids TEXT NOT NULL DEFAULT '[]',
        capacity_minor INTEGER CHECK (capacity_minor IS NULL OR capacity_minor > 0),
        reason TEXT NOT NULL DEFAULT '',
        circumstances TEXT NOT NULL DEFAULT '',
        proposal TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX negotiations_open ON negotiations(client_id) WHERE status = 'open';
    CREATE TABLE offers (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        direction TEXT NOT NULL CHECK (direction IN ('made', 'received')),
        text TEXT NOT NULL,
        terms TEXT NOT NULL,
        total_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        acceptable INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE arrangements (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        status TEXT NOT NULL CHECK (status IN ('agreed_in_principle', 'withdrawn')),
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        terms TEXT NOT NULL,
        schedule TEXT NOT NULL,
        total_minor INTEGER NOT NULL CHECK (total_minor > 0),
        waived_minor INTEGER NOT NULL DEFAULT 0,
        currency TEXT NOT NULL,
        invoice_ids TEXT NOT NULL,
        within_bottom_line INTEGER NOT NULL,
        override_reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX offers_client ON offers(client_id, id);
    CREATE INDEX arrangements_client ON arrangements(client_id, status);
    "#,
    // v5: the written agreement and what follows it. Who signs for the
    // business; the balance an arrangement was agreed on; agreements with
    // their signing state; every generated or received document registered
    // with its hash (never rewritten); the instalments of an active agreement
    // and which payment paid which; escalations to an agency or solicitor.
    r#"
    ALTER TABLE business ADD COLUMN signatory_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE business ADD COLUMN signatory_title TEXT NOT NULL DEFAULT '';
    -- Arrangements gain 'completed' (rebuilt: SQLite cannot change a CHECK)
    -- and the balance they were agreed on.
    CREATE TABLE arrangements_v5 (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        status TEXT NOT NULL CHECK (status IN ('agreed_in_principle', 'withdrawn', 'completed')),
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        terms TEXT NOT NULL,
        schedule TEXT NOT NULL,
        total_minor INTEGER NOT NULL CHECK (total_minor > 0),
        waived_minor INTEGER NOT NULL DEFAULT 0,
        currency TEXT NOT NULL,
        invoice_ids TEXT NOT NULL,
        within_bottom_line INTEGER NOT NULL,
        override_reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        basis TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO arrangements_v5 (id, client_id, status, kind, title, terms, schedule, total_minor, waived_minor, currency, invoice_ids, within_bottom_line, override_reason, created_at)
        SELECT id, client_id, status, kind, title, terms, schedule, total_minor, waived_minor, currency, invoice_ids, within_bottom_line, override_reason, created_at FROM arrangements;
    DROP TABLE arrangements;
    ALTER TABLE arrangements_v5 RENAME TO arrangements;
    CREATE INDEX arrangements_client ON arrangements(client_id, status);
    CREATE TABLE agreements (
        id INTEGER PRIMARY KEY,
        arrangement_id INTEGER NOT NULL REFERENCES arrangements(id),
        client_id INTEGER NOT NULL REFERENCES clients(id),
        reference TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'signed', 'countersigned', 'active', 'declined', 'expired', 'completed', 'defaulted')),
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        options TEXT NOT NULL,
        content TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        business_signature TEXT NOT NULL DEFAULT '',
        issued_on TEXT NOT NULL DEFAULT '',
        issued_how TEXT NOT NULL DEFAULT '',
        issued_version INTEGER,
        debtor_signed_on TEXT NOT NULL DEFAULT '',
        debtor_signed_by TEXT NOT NULL DEFAULT '',
        countersigned_on TEXT NOT NULL DEFAULT '',
        countersigned_by TEXT NOT NULL DEFAULT '',
        activated_on TEXT NOT NULL DEFAULT '',
        -- The agreed interest, compensation, fees and plan interest, made an
        -- invoice when the agreement becomes active (none for a settlement or
        -- when charges are waived).
        charges_invoice_id INTEGER REFERENCES invoices(id),
        defaulted_on TEXT NOT NULL DEFAULT '',
        default_notice_on TEXT NOT NULL DEFAULT '',
        catch_up_by TEXT NOT NULL DEFAULT '',
        progress_sent_on TEXT NOT NULL DEFAULT '',
        -- The instalment a heads-up / a late reminder was last sent for.
        heads_up_for INTEGER NOT NULL DEFAULT 0,
        late_reminder_for INTEGER NOT NULL DEFAULT 0,
        completed_on TEXT NOT NULL DEFAULT '',
        closed_on TEXT NOT NULL DEFAULT '',
        closed_reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX agreements_live ON agreements(arrangement_id) WHERE status NOT IN ('declined', 'expired');
    CREATE INDEX agreements_client ON agreements(client_id, status);
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        agreement_id INTEGER REFERENCES agreements(id),
        kind TEXT NOT NULL CHECK (kind IN ('agreement', 'cover_letter', 'signed_copy', 'countersigned_copy', 'letter', 'completion_letter', 'handover_pack', 'handover_csv')),
        version INTEGER NOT NULL DEFAULT 1,
        title TEXT NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        fingerprint TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents
        BEGIN SELECT RAISE(ABORT, 'a registered document is never changed'); END;
    CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
        BEGIN SELECT RAISE(ABORT, 'a registered document is never removed'); END;
    CREATE INDEX documents_client ON documents(client_id, id);
    -- An outbox email that carries an agreement: sending it (now or on a
    -- retry from the outbox) marks the agreement as sent.
    ALTER TABLE contacts ADD COLUMN agreement_id INTEGER REFERENCES agreements(id);
    CREATE TABLE instalments (
        id INTEGER PRIMARY KEY,
        agreement_id INTEGER NOT NULL REFERENCES agreements(id),
        number INTEGER NOT NULL CHECK (number >= 1),
        due_date TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        UNIQUE (agreement_id, number)
    );
    -- Hand-over to a collection agency or solicitor: the case stops being
    -- chased; the pack (PDF + CSV) is kept like every document.
    ALTER TABLE clients ADD COLUMN escalated_on TEXT NOT NULL DEFAULT '';
    ALTER TABLE clients ADD COLUMN escalated_to TEXT NOT NULL DEFAULT '';
    CREATE TABLE escalations (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        agreement_id INTEGER REFERENCES agreements(id),
        to_whom TEXT NOT NULL CHECK (to_whom IN ('agency', 'solicitor')),
        reasons TEXT NOT NULL,
        total_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        letter_before_claim INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        on_date TEXT NOT NULL
    );
    -- Which payment paid which instalment (in order, oldest unpaid first).
    CREATE TABLE instalment_payments (
        id INTEGER PRIMARY KEY,
        agreement_id INTEGER NOT NULL REFERENCES agreements(id),
        number INTEGER NOT NULL,
        payment_id INTEGER NOT NULL REFERENCES payments(id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0)
    );
    CREATE INDEX instalment_payments_agreement ON instalment_payments(agreement_id, number);
    "#,
    // v6: an active or defaulted agreement can be ended to renegotiate
    // ('renegotiated'; the case goes back to the negotiation desk with its
    // history). SQLite cannot change a CHECK, so the table is rebuilt with
    // foreign keys off for this step (see `REBUILDS`) and checked after.
    r#"
    CREATE TABLE agreements_v6 (
        id INTEGER PRIMARY KEY,
        arrangement_id INTEGER NOT NULL REFERENCES arrangements(id),
        client_id INTEGER NOT NULL REFERENCES clients(id),
        reference TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'signed', 'countersigned', 'active', 'declined', 'expired', 'completed', 'defaulted', 'renegotiated')),
        version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        options TEXT NOT NULL,
        content TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        business_signature TEXT NOT NULL DEFAULT '',
        issued_on TEXT NOT NULL DEFAULT '',
        issued_how TEXT NOT NULL DEFAULT '',
        issued_version INTEGER,
        debtor_signed_on TEXT NOT NULL DEFAULT '',
        debtor_signed_by TEXT NOT NULL DEFAULT '',
        countersigned_on TEXT NOT NULL DEFAULT '',
        countersigned_by TEXT NOT NULL DEFAULT '',
        activated_on TEXT NOT NULL DEFAULT '',
        -- The agreed interest, compensation, fees and plan interest, made an
        -- invoice when the agreement becomes active (none for a settlement or
        -- when charges are waived).
        charges_invoice_id INTEGER REFERENCES invoices(id),
        defaulted_on TEXT NOT NULL DEFAULT '',
        default_notice_on TEXT NOT NULL DEFAULT '',
        catch_up_by TEXT NOT NULL DEFAULT '',
        progress_sent_on TEXT NOT NULL DEFAULT '',
        -- The instalment a heads-up / a late reminder was last sent for.
        heads_up_for INTEGER NOT NULL DEFAULT 0,
        late_reminder_for INTEGER NOT NULL DEFAULT 0,
        completed_on TEXT NOT NULL DEFAULT '',
        closed_on TEXT NOT NULL DEFAULT '',
        closed_reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    INSERT INTO agreements_v6 (id, arrangement_id, client_id, reference, status, version, options, content, fingerprint, business_signature, issued_on, issued_how, issued_version, debtor_signed_on, debtor_signed_by, countersigned_on, countersigned_by, activated_on, charges_invoice_id, defaulted_on, default_notice_on, catch_up_by, progress_sent_on, heads_up_for, late_reminder_for, completed_on, closed_on, closed_reason, created_at, updated_at)
        SELECT id, arrangement_id, client_id, reference, status, version, options, content, fingerprint, business_signature, issued_on, issued_how, issued_version, debtor_signed_on, debtor_signed_by, countersigned_on, countersigned_by, activated_on, charges_invoice_id, defaulted_on, default_notice_on, catch_up_by, progress_sent_on, heads_up_for, late_reminder_for, completed_on, closed_on, closed_reason, created_at, updated_at FROM agreements;
    DROP TABLE agreements;
    ALTER TABLE agreements_v6 RENAME TO agreements;
    CREATE UNIQUE INDEX agreements_live ON agreements(arrangement_id) WHERE status NOT IN ('declined', 'expired', 'renegotiated');
    CREATE INDEX agreements_client ON agreements(client_id, status);
    "#,
    // v7: documents say when things happened and what is current.
    // Each history entry keeps the date it happened on (the app's today,
    // a payment's date, a letter's date) beside the moment it was recorded;
    // entries from before keep the date they were recorded on.
    // Bank of England Bank Rate cut to 3.75% on 18 Dec 2025 (held on 5 Feb
    // and 19 Mar 2026); ECB main refinancing rate 2.15% since 11 Jun 2025
    // (held on 5 Feb 2026). `reference_rate_checks` says up to when a
    // region's table is known to be complete, so the app can say when it
    // may be out of date.
    // Stored templates: interest and fixed compensation are now separate
    // placeholders; a line that named both under {interest} names each.
    r#"
    ALTER TABLE events ADD COLUMN on_date TEXT NOT NULL DEFAULT '';
    INSERT OR IGNORE INTO reference_rates (region, effective_from, rate) VALUES ('GB', '2025-12-18', '3.75');
    CREATE TABLE reference_rate_checks (
        region TEXT PRIMARY KEY CHECK (region IN ('GB', 'EU')),
        checked_on TEXT NOT NULL
    );
    INSERT INTO reference_rate_checks (region, checked_on) VALUES ('GB', '2026-03-19'), ('EU', '2026-02-05');
    UPDATE templates
        SET body = replace(body, 'Interest and compensation to date: {interest}', 'Interest to date: {interest}' || char(10) || 'Compensation for late payment: {compensation}')
        WHERE body LIKE '%Interest and compensation to date: {interest}%';
    "#,
    // v8: what queries need of an agreement is a column, not a field name
    // read out of its stored JSON (a rename in the code would have broken
    // those queries only at run time). Filled once from the JSON here; the
    // code writes both from then on.
    r#"
    ALTER TABLE agreements ADD COLUMN agreed_on TEXT NOT NULL DEFAULT '';
    ALTER TABLE agreements ADD COLUMN currency TEXT NOT NULL DEFAULT '';
    ALTER TABLE agreements ADD COLUMN cure_days INTEGER NOT NULL DEFAULT 14;
    ALTER TABLE agreements ADD COLUMN return_by TEXT NOT NULL DEFAULT '';
    UPDATE agreements SET
        agreed_on = COALESCE(json_extract(content, '$.date'), ''),
        currency = COALESCE(json_extract(content, '$.currency'), ''),
        cure_days = COALESCE(json_extract(content, '$.cure_days'), 14),
        return_by = COALESCE(json_extract(content, '$.return_by'), '')
        WHERE json_valid(content);
    "#,
    // v9: the import history (each import, its file's hash and what it
    // changed, so that the same file twice says so and the last import can
    // be undone), the column mappings an owner corrected, per header.
    // A client's history stays append-only while the client exists; it goes
    // with the client only when undoing the import that created it.
    r#"
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('invoices', 'bank')),
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        options TEXT NOT NULL DEFAULT '{}',
        on_date TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        created INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        new_clients INTEGER NOT NULL DEFAULT 0,
        payments INTEGER NOT NULL DEFAULT 0,
        missing INTEGER NOT NULL DEFAULT 0,
        summary TEXT NOT NULL DEFAULT '',
        undoing INTEGER NOT NULL DEFAULT 0,
        undone_at TEXT
    );
    CREATE INDEX imports_by_hash ON imports(sha256);
    CREATE TABLE import_changes (
        import_id INTEGER NOT NULL REFERENCES imports(id),
        kind TEXT NOT NULL CHECK (kind IN ('client', 'invoice', 'payment', 'invoice_before')),
        row_id INTEGER NOT NULL,
        -- An invoice's terms before the import changed them ('invoice_before').
        issue_date TEXT,
        due_date TEXT,
        amount_minor INTEGER,
        currency TEXT,
        description TEXT,
        updated_at TEXT
    );
    CREATE INDEX import_changes_by_import ON import_changes(import_id, kind);
    CREATE TABLE import_mappings (
        header_key TEXT PRIMARY KEY,
        headers TEXT NOT NULL,
        mapping TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    DROP TRIGGER events_no_delete;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        WHEN NOT EXISTS (SELECT 1 FROM imports i JOIN import_changes c ON c.import_id = i.id
                         WHERE i.undoing = 1 AND c.kind = 'client' AND c.row_id = OLD.client_id)
        BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
    "#,
    // v10: bank statements. Each statement line once (`dedupe`: the bank's
    // own id for the account, else a hash of account, date, amount and text
    // with the line's position among identical ones in its file), its state
    // and the payments it made; the accounts seen from each client; the
    // business's bank details, checked when entered.
    V10_BANK,
    // v11: a snoozed or skipped step, or an SMS or letter marked as sent,
    // can be undone: the rows stay, marked with when they were undone, and
    // the ladder and the contact guards no longer count them.
    V11_UNDO,
    V12_CLAIMS,
    V13_PAID,
];

/// Migrations that rebuild a table others refer to: they run with foreign
/// keys off (as SQLite's documented procedure requires) and must leave
/// `PRAGMA foreign_key_check` empty before they commit.
const REBUILDS: &[i64] = &[6];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// `--today DATE` wins, then `OVERDUE_TODAY`; `None` = the computer's date.
pub fn resolve_today(flag: Option<&str>) -> Result<Option<chrono::NaiveDate>> {
    let env = std::env::var("OVERDUE_TODAY").ok().filter(|s| !s.is_empty());
    match flag.map(str::to_string).or(env) {
        Some(s) => Ok(Some(crate::text::parse_iso_date(&s, "--today")?)),
        None => Ok(None),
    }
}

/// `--db PATH` wins, then `OVERDUE_DB`, then the platform's app-data folder.
pub fn resolve_db_path(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("OVERDUE_DB").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let base = dirs::data_dir().ok_or_else(|| {
        Error::NotFound("no app-data folder on this system; pass --db PATH or set OVERDUE_DB".into())
    })?;
    Ok(base.join(APP_ID).join(DB_FILE))
}

/// What happened while opening: useful to tell the user about upgrades.
#[derive(Debug, Clone, Default)]
pub struct OpenReport {
    pub from_version: i64,
    pub to_version: i64,
    pub backup: Option<PathBuf>,
}

/// Opens (creating if needed) the database at `path` and brings its schema up
/// to date. A file from a newer Overdue is refused rather than damaged.
pub fn open(path: &Path) -> Result<(Connection, OpenReport)> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    let report = migrate(&conn, Some(path))?;
    Ok((conn, report))
}

/// An in-memory database at the latest schema (tests, benchmarks).
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrate(&conn, None)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // Bulk writes (an import) cycle through a dozen statements per row.
    conn.set_prepared_statement_cache_capacity(64);
    conn.execute_batch(
        // FULL: in WAL mode NORMAL keeps the file consistent but can lose the
        // last commits on a power cut (a payment just recorded, an email
        // marked sent and then sent again); FULL syncs the log on every commit.
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;",
    )?;
    Ok(())
}

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn migrate(conn: &Connection, path: Option<&Path>) -> Result<OpenReport> {
    let from = schema_version(conn)?;
    let latest = latest_version();
    if from > latest {
        return Err(Error::Conflict(format!(
            "this database was written by a newer Overdue (schema {from}; this version knows up to {latest}); it was left untouched"
        )));
    }
    let mut report = OpenReport { from_version: from, to_version: from, backup: None };
    if from == latest {
        return Ok(report);
    }
    // An existing file with data gets a backup copy before anything changes.
    if from > 0 {
        if let Some(p) = path {
            let stamp = crate::clock::local_stamp("%Y%m%d-%H%M%S");
            let target = p.with_file_name(format!(
                "{}.before-v{}-{}.sqlite",
                p.file_stem().and_then(|s| s.to_str()).unwrap_or("overdue"),
                latest,
                stamp
            ));
            backup_to(conn, &target)?;
            report.backup = Some(target);
        }
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let version = i as i64 + 1;
        let rebuild = REBUILDS.contains(&version);
        if rebuild {
            conn.pragma_update(None, "foreign_keys", false)?;
        }
        let step = (|| -> Result<()> {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(sql)?;
            if version == 3 {
                tx.execute_batch(&V3_LADDER.replace("{now}", &crate::ledger::now_stamp()))?;
            }
            if rebuild {
                let broken: i64 = tx.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
                if broken > 0 {
                    return Err(Error::Conflict(format!("upgrading to schema {version} would break {broken} reference(s); the file was left as it was")));
                }
            }
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
            Ok(())
        })();
        if rebuild {
            conn.pragma_update(None, "foreign_keys", true)?;
        }
        step?;
        report.to_version = version;
    }
    Ok(report)
}

/// Writes a consistent copy of the live database to `target` (online backup).
pub fn backup_to(conn: &Connection, target: &Path) -> Result<()> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    if target.exists() {
        return Err(Error::Conflict(format!("{} already exists; choose another name", target.display())));
    }
    let mut dst = Connection::open(target)?;
    {
        let b = Backup::new(conn, &mut dst)?;
        b.run_to_completion(256, Duration::from_millis(0), None)?;
    }
    // A backup is one self-contained file: no -wal beside it.
    dst.execute_batch("PRAGMA journal_mode = DELETE;")?;
    Ok(())
}

/// Where backups of the database at `db_path` go: `<db folder>/backups`.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path.parent().map(|p| p.join("backups")).unwrap_or_else(|| PathBuf::from("backups"))
}

/// Where generated documents (letters, statements) go: `<db folder>/documents`.
pub fn documents_dir(db_path: &Path) -> PathBuf {
    db_path.parent().map(|p| p.join("documents")).unwrap_or_else(|| PathBuf::from("documents"))
}

/// Default place for "Back up now": `<backups>/overdue-<stamp>.sqlite`.
pub fn default_backup_path(db_path: &Path) -> PathBuf {
    unique_path(&backups_dir(db_path), &format!("overdue-{}", crate::clock::local_stamp("%Y-%m-%d-%H%M%S")))
}

/// Where a restore keeps the data it replaces: `<backups>/before-restore-<stamp>.sqlite`.
pub fn before_restore_path(db_path: &Path) -> PathBuf {
    unique_path(&backups_dir(db_path), &format!("before-restore-{}", crate::clock::local_stamp("%Y-%m-%d-%H%M%S")))
}

/// `dir/stem.sqlite`, or `dir/stem-2.sqlite`, … if that is taken: backups
/// made within the same second never collide.
pub fn unique_path(dir: &Path, stem: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.sqlite"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{stem}-{n}.sqlite"))).find(|p| !p.exists()).unwrap_or(first)
}

/// Replaces the live database's content with the backup at `source`, after
/// checking it is an Overdue database and writing a safety copy of the current
/// data to `safety_copy`. The connection stays usable and is migrated if the
/// backup came from an older version.
pub fn restore_from(conn: &mut Connection, source: &Path, safety_copy: &Path) -> Result<OpenReport> {
    if !source.is_file() {
        return Err(Error::NotFound(format!("{} does not exist", source.display())));
    }
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| Error::invalid("backup file", format!("{} is not a database", source.display())))?;
    let version: i64 = src
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| Error::invalid("backup file", format!("{} is not an SQLite database", source.display())))?;
    let has_ledger: bool = src
        .query_row(
            "SELECT COUNT(*) = 3 FROM sqlite_master WHERE type = 'table' AND name IN ('business', 'clients', 'invoices')",
            [],
            |r| r.get(0),
        )
        .unwrap_or(false);
    if version < 1 || !has_ledger {
        return Err(Error::invalid("backup file", format!("{} is not an Overdue backup", source.display())));
    }
    if version > latest_version() {
        return Err(Error::Conflict(format!(
            "{} comes from a newer Overdue (schema {version}); it was not restored",
            source.display()
        )));
    }
    backup_to(conn, safety_copy)?;
    {
        let b = Backup::new(&src, conn)?;
        b.run_to_completion(256, Duration::from_millis(0), None)?;
    }
    configure(conn)?;
    migrate(conn, None)
}
