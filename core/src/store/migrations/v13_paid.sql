-- v13: what each invoice has been paid, kept on the invoice (`paid_minor`)
-- by triggers on `allocations`, the one table that says it. Every read of
-- "outstanding" was a sum over allocations per invoice; at 100,000 invoices
-- that sum was most of the time of Today, the dashboard and the lists. The
-- triggers keep it exact whatever writes an allocation (a payment, a bank
-- match, an import, an undo moving rows to `undone_allocations`), inside
-- the same transaction. The open invoices get their own (partial) indexes.
ALTER TABLE invoices ADD COLUMN paid_minor INTEGER NOT NULL DEFAULT 0;
UPDATE invoices SET paid_minor = COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.invoice_id = invoices.id), 0);
CREATE TRIGGER allocations_paid_insert AFTER INSERT ON allocations BEGIN
    UPDATE invoices SET paid_minor = paid_minor + NEW.amount_minor WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER allocations_paid_delete AFTER DELETE ON allocations BEGIN
    UPDATE invoices SET paid_minor = paid_minor - OLD.amount_minor WHERE id = OLD.invoice_id;
END;
CREATE TRIGGER allocations_paid_update AFTER UPDATE OF invoice_id, amount_minor ON allocations BEGIN
    UPDATE invoices SET paid_minor = paid_minor - OLD.amount_minor WHERE id = OLD.invoice_id;
    UPDATE invoices SET paid_minor = paid_minor + NEW.amount_minor WHERE id = NEW.invoice_id;
END;
-- Open invoices by client (Today, a client's page) and by currency and due
-- date (aging, the overdue list, the dashboard), each holding what it needs.
CREATE INDEX invoices_open_client ON invoices(client_id, due_date) WHERE amount_minor > paid_minor;
CREATE INDEX invoices_open_due ON invoices(currency, due_date, amount_minor, paid_minor) WHERE amount_minor > paid_minor;
