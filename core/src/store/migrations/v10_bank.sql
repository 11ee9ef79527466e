-- v10: bank statements: each statement line once, its state and the
-- payments it made; the accounts seen from each client; the business's
-- bank details.
    CREATE TABLE bank_lines (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES imports(id),
        dedupe TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        account TEXT NOT NULL,
        booked_on TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        payer TEXT NOT NULL,
        payer_account TEXT NOT NULL,
        text TEXT NOT NULL,
        reference TEXT NOT NULL,
        bank_id TEXT NOT NULL,
        reversal INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('open', 'matched', 'ignored')),
        -- Why it is ignored, or why it cannot be matched (another currency).
        reason TEXT NOT NULL DEFAULT '',
        client_id INTEGER REFERENCES clients(id),
        -- How it was matched: 'auto' (at import), 'owner', 'reversal'.
        matched_by TEXT NOT NULL DEFAULT '',
        -- A reversal: the line whose payment it undid.
        reverses INTEGER REFERENCES bank_lines(id),
        updated_at TEXT NOT NULL
    );
    CREATE INDEX bank_lines_by_state ON bank_lines(state, booked_on);
    CREATE TABLE bank_line_payments (
        line_id INTEGER NOT NULL REFERENCES bank_lines(id),
        payment_id INTEGER NOT NULL UNIQUE REFERENCES payments(id),
        PRIMARY KEY (line_id, payment_id)
    );
    CREATE TABLE client_accounts (
        client_id INTEGER NOT NULL REFERENCES clients(id),
        account TEXT NOT NULL,
        seen_on TEXT NOT NULL,
        PRIMARY KEY (client_id, account)
    );
    ALTER TABLE business ADD COLUMN iban TEXT NOT NULL DEFAULT '';
    ALTER TABLE business ADD COLUMN bic TEXT NOT NULL DEFAULT '';
    ALTER TABLE business ADD COLUMN sort_code TEXT NOT NULL DEFAULT '';
    ALTER TABLE business ADD COLUMN account_number TEXT NOT NULL DEFAULT '';
