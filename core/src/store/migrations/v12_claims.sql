-- v12: a typed payment can be taken back (a notice's Undo) as a mark, not a
-- deletion: the payment row stays, stamped `undone_at`, and what it paid
-- moves to `undone_allocations` / `undone_instalment_payments`, so every
-- sum over allocations is right without a filter and nothing is lost.
ALTER TABLE payments ADD COLUMN undone_at TEXT NOT NULL DEFAULT '';
CREATE TABLE undone_allocations (
    id INTEGER PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES payments(id),
    invoice_id INTEGER NOT NULL REFERENCES invoices(id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0)
);
CREATE TABLE undone_instalment_payments (
    id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements(id),
    number INTEGER NOT NULL,
    payment_id INTEGER NOT NULL REFERENCES payments(id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0)
);
-- The late-payment charges a sent message asked for (0: it asked for the
-- invoices only), so a client's page can say whether charges were claimed.
ALTER TABLE contacts ADD COLUMN charges_claimed_minor INTEGER NOT NULL DEFAULT 0;
-- The shipped reminders that ask for the invoices only now say so: a line
-- {charges_note} under "Total now due: {total}" ("This does not include
-- late-payment charges.", left out when there are none).
UPDATE templates
    SET body = replace(body, 'Total now due: {total}' || char(10), 'Total now due: {total}' || char(10) || '{charges_note}' || char(10))
    WHERE body LIKE '%Total now due: {total}' || char(10) || '%' AND body NOT LIKE '%{charges_note}%';
-- The shipped negotiation letter asks for the total with charges: it says so.
UPDATE templates
    SET body = replace(body, 'Total now due: {total_due}' || char(10) || char(10) || 'We would like', 'Total now due: {total_due}' || char(10) || '{charges_note}' || char(10) || char(10) || 'We would like')
    WHERE body NOT LIKE '%{charges_note}%';
-- A call script is read aloud: {invoice_numbers} says "invoice INV-1",
-- "invoices INV-1 and INV-2" or "6 invoices" on a call, so the shipped
-- script no longer puts "invoice" before it.
UPDATE templates
    SET body = replace(body, 'calling about invoice {invoice_numbers}', 'calling about {invoice_numbers}')
    WHERE channel = 'call';
