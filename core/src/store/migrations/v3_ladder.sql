-- v3's default ladder and its templates, as released: written out here so that
-- editing today's defaults never edits a released migration. {now} is the
-- moment of the migration.
INSERT INTO ladder_stages (id, position, name, offset_days, kind, channel, tone, letter_kind, new_due_days) VALUES (1, 1, 'Heads-up before due', -3, 'contact', 'email', 'friendly', 'reminder', 0);
INSERT INTO ladder_stages (id, position, name, offset_days, kind, channel, tone, letter_kind, new_due_days) VALUES (2, 2, 'Friendly reminder', 1, 'contact', 'email', 'friendly', 'reminder', 0);
INSERT INTO ladder_stages (id, position, name, offset_days, kind, channel, tone, letter_kind, new_due_days) VALUES (3, 3, 'Second reminder', 7, 'contact', 'email', 'friendly', 'reminder', 7);
INSERT INTO ladder_stages (id, position, name, offset_days, kind, channel, tone, letter_kind, new_due_days) VALUES (4, 4, 'Phone call', 14, 'contact', 'call', 'friendly', 'reminder', 7);
INSERT INTO ladder_stages (id, position, name, offset_days, kind, channel, tone, letter_kind, new_due_days) VALUES (5, 5, 'Firm reminder letter', 21, 'contact', 'letter', 'firm', 'firm_reminder', 7);
INSERT INTO ladder_stages (id, position, name, offset_days, kind, channel, tone, letter_kind, new_due_days) VALUES (6, 6, 'Final notice', 30, 'contact', 'letter', 'final', 'final_notice', 14);
INSERT INTO ladder_stages (id, position, name, offset_days, kind, channel, tone, letter_kind, new_due_days) VALUES (7, 7, 'Negotiation call', 45, 'contact', 'call', 'firm', 'firm_reminder', 14);
INSERT INTO ladder_stages (id, position, name, offset_days, kind, channel, tone, letter_kind, new_due_days) VALUES (8, 8, 'Hand-over review', 90, 'review', 'call', 'final', 'statement', 0);
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (1, 'email', 'Invoice {invoice_numbers} is due on {due_date}', 'Dear {contact},

A quick note to say that the following is due for payment on {due_date}:

{invoice_table}

Total: {total}

You can pay by:
{payment_details}

If you have already arranged payment, thank you, and please ignore this note. If anything on the invoice looks wrong, just reply and we will put it right.

Kind regards,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (1, 'sms', '', 'Hi {contact}, a note from {business}: invoice {invoice_numbers} for {total} is due on {due_date}. Thank you! Questions? Call {phone}.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (1, 'call', 'Call script', '1. Greet: "Hello, could I speak to {contact}? This is {business}."
2. Purpose, calmly: "I''m calling about invoice {invoice_numbers} for {total}, which {due_phrase}. I wanted to check it reached you."
3. Ask why: "Is there anything holding up payment?" Then listen, and note the reason.
4. Ask how they would like to resolve it: "What would work for you, and by when?"
5. Ask for a good-faith payment: "Could you make a part payment today to get things moving?"
6. Confirm what was agreed (amount and date), thank them, and say you will confirm it in writing.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (1, 'letter', 'Invoice {invoice_numbers} is due on {due_date}', 'Dear {contact},

A quick note to say that the following is due for payment on {due_date}:

{invoice_table}

Total: {total}

You can pay by:
{payment_details}

If you have already arranged payment, thank you, and please ignore this note. If anything on the invoice looks wrong, just reply and we will put it right.

Kind regards,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (2, 'email', 'Friendly reminder: invoice {invoice_numbers}', 'Dear {contact},

We hope all is well. Our records show that the following {due_phrase} and is still open; it may simply have slipped through:

{invoice_table}

Total now due: {total}

You can pay by:
{payment_details}

If you have already paid, thank you, and please let us know so we can match it. If there is a question about the invoice, or paying right now is difficult, just reply or call us on {phone}: we would much rather talk it through.

Kind regards,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (2, 'sms', '', 'Hi {contact}, a friendly reminder from {business}: invoice {invoice_numbers} for {total} {due_phrase}. If you have paid, thank you. Any problem, call {phone}.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (2, 'call', 'Call script', '1. Greet: "Hello, could I speak to {contact}? This is {business}."
2. Purpose, calmly: "I''m calling about invoice {invoice_numbers} for {total}, which {due_phrase}. I wanted to check it reached you."
3. Ask why: "Is there anything holding up payment?" Then listen, and note the reason.
4. Ask how they would like to resolve it: "What would work for you, and by when?"
5. Ask for a good-faith payment: "Could you make a part payment today to get things moving?"
6. Confirm what was agreed (amount and date), thank them, and say you will confirm it in writing.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (2, 'letter', 'Friendly reminder: invoice {invoice_numbers}', 'Dear {contact},

We hope all is well. Our records show that the following {due_phrase} and is still open; it may simply have slipped through:

{invoice_table}

Total now due: {total}

You can pay by:
{payment_details}

If you have already paid, thank you, and please let us know so we can match it. If there is a question about the invoice, or paying right now is difficult, just reply or call us on {phone}: we would much rather talk it through.

Kind regards,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (3, 'email', 'Second reminder: {total} overdue', 'Dear {contact},

We wrote recently about the invoices below, now {how_overdue}, and have not yet received payment or heard from you.

{invoice_table}

Total now due: {total}

Please arrange payment by {new_due_date}, or let us know when we can expect it. If something is stopping you from paying, such as a query about the work or a difficult time, please tell us: we are happy to discuss a plan.

You can pay by:
{payment_details}

Kind regards,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (3, 'sms', '', 'Hi {contact}, a friendly reminder from {business}: invoice {invoice_numbers} for {total} {due_phrase}. If you have paid, thank you. Any problem, call {phone}.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (3, 'call', 'Call script', '1. Greet: "Hello, could I speak to {contact}? This is {business}."
2. Purpose, calmly: "I''m calling about invoice {invoice_numbers} for {total}, which {due_phrase}. I wanted to check it reached you."
3. Ask why: "Is there anything holding up payment?" Then listen, and note the reason.
4. Ask how they would like to resolve it: "What would work for you, and by when?"
5. Ask for a good-faith payment: "Could you make a part payment today to get things moving?"
6. Confirm what was agreed (amount and date), thank them, and say you will confirm it in writing.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (3, 'letter', 'Second reminder: {total} overdue', 'Dear {contact},

We wrote recently about the invoices below, now {how_overdue}, and have not yet received payment or heard from you.

{invoice_table}

Total now due: {total}

Please arrange payment by {new_due_date}, or let us know when we can expect it. If something is stopping you from paying, such as a query about the work or a difficult time, please tell us: we are happy to discuss a plan.

You can pay by:
{payment_details}

Kind regards,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (4, 'email', 'Friendly reminder: invoice {invoice_numbers}', 'Dear {contact},

We hope all is well. Our records show that the following {due_phrase} and is still open; it may simply have slipped through:

{invoice_table}

Total now due: {total}

You can pay by:
{payment_details}

If you have already paid, thank you, and please let us know so we can match it. If there is a question about the invoice, or paying right now is difficult, just reply or call us on {phone}: we would much rather talk it through.

Kind regards,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (4, 'sms', '', 'Hi {contact}, a friendly reminder from {business}: invoice {invoice_numbers} for {total} {due_phrase}. If you have paid, thank you. Any problem, call {phone}.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (4, 'call', 'Call script', '1. Greet: "Hello, could I speak to {contact}? This is {business}."
2. Purpose, calmly: "I''m calling about invoice {invoice_numbers} for {total}, which {due_phrase}. I wanted to check it reached you."
3. Ask why: "Is there anything holding up payment?" Then listen, and note the reason.
4. Ask how they would like to resolve it: "What would work for you, and by when?"
5. Ask for a good-faith payment: "Could you make a part payment today to get things moving?"
6. Confirm what was agreed (amount and date), thank them, and say you will confirm it in writing.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (4, 'letter', 'Friendly reminder: invoice {invoice_numbers}', 'Dear {contact},

We hope all is well. Our records show that the following {due_phrase} and is still open; it may simply have slipped through:

{invoice_table}

Total now due: {total}

You can pay by:
{payment_details}

If you have already paid, thank you, and please let us know so we can match it. If there is a question about the invoice, or paying right now is difficult, just reply or call us on {phone}: we would much rather talk it through.

Kind regards,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (5, 'email', 'Overdue account: please pay {total_due} by {new_due_date}', 'Dear {contact},

Despite our earlier reminders, the following remains unpaid, now {how_overdue}:

{invoice_table}

Principal outstanding: {total}
Late-payment charges to date: {charges}
Total now due: {total_due}

Please pay the total by {new_due_date}. If you cannot pay it all at once, contact us before that date on {phone} or {email}: we are willing to agree a realistic payment plan, but we need to hear from you.

You can pay by:
{payment_details}

Yours sincerely,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (5, 'sms', '', '{contact}, {business} here: {total} on invoice {invoice_numbers} is {how_overdue}. Please pay by {new_due_date} or call {phone} to agree a plan.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (5, 'call', 'Call script', '1. Greet: "Hello, could I speak to {contact}? This is {business}."
2. Purpose, calmly: "I''m calling about invoice {invoice_numbers} for {total}, which {due_phrase}. I wanted to check it reached you."
3. Ask why: "Is there anything holding up payment?" Then listen, and note the reason.
4. Ask how they would like to resolve it: "What would work for you, and by when?"
5. Ask for a good-faith payment: "Could you make a part payment today to get things moving?"
6. Confirm what was agreed (amount and date), thank them, and say you will confirm it in writing.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (5, 'letter', 'Overdue account: please pay {total_due} by {new_due_date}', 'Dear {contact},

Despite our earlier reminders, the following remains unpaid, now {how_overdue}:

{invoice_table}

Principal outstanding: {total}
Late-payment charges to date: {charges}
Total now due: {total_due}

Please pay the total by {new_due_date}. If you cannot pay it all at once, contact us before that date on {phone} or {email}: we are willing to agree a realistic payment plan, but we need to hear from you.

You can pay by:
{payment_details}

Yours sincerely,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (6, 'email', 'Final notice: {total_due} to be paid by {new_due_date}', 'Dear {contact},

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
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (6, 'sms', '', '{contact}, final notice from {business}: {total_due} is overdue on {invoice_numbers}. Please pay by {new_due_date} or call {phone} so we can agree a way forward.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (6, 'call', 'Call script', '1. Greet: "Hello {contact}, this is {business}. Is now a good moment to talk?"
2. Purpose, calmly: "It''s about {total} on {invoice_numbers}, now {how_overdue}. I''d like us to find a way to settle it that works for you."
3. Ask why: "What''s making it difficult to pay?" Listen without interrupting; note the reason and circumstances.
4. Ask how they would like to resolve it: "What could you afford each month, and from when?"
5. Ask for a good-faith payment now, however small, to start.
6. Agree only within your bottom line; repeat the amounts and dates back, and say a written agreement will follow.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (6, 'letter', 'Final notice: {total_due} to be paid by {new_due_date}', 'Dear {contact},

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
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (7, 'email', 'Your account with {business}: let''s agree a way forward', 'Dear {contact},

The following remains unpaid, now {how_overdue}:

{invoice_table}

Total now due: {total_due}

We would like to agree a way for you to settle this that you can afford, for example a payment plan. Please call us on {phone} or reply to this letter by {new_due_date} so we can talk it through.

Yours sincerely,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (7, 'sms', '', '{contact}, final notice from {business}: {total_due} is overdue on {invoice_numbers}. Please pay by {new_due_date} or call {phone} so we can agree a way forward.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (7, 'call', 'Call script', '1. Greet: "Hello {contact}, this is {business}. Is now a good moment to talk?"
2. Purpose, calmly: "It''s about {total} on {invoice_numbers}, now {how_overdue}. I''d like us to find a way to settle it that works for you."
3. Ask why: "What''s making it difficult to pay?" Listen without interrupting; note the reason and circumstances.
4. Ask how they would like to resolve it: "What could you afford each month, and from when?"
5. Ask for a good-faith payment now, however small, to start.
6. Agree only within your bottom line; repeat the amounts and dates back, and say a written agreement will follow.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (7, 'letter', 'Your account with {business}: let''s agree a way forward', 'Dear {contact},

The following remains unpaid, now {how_overdue}:

{invoice_table}

Total now due: {total_due}

We would like to agree a way for you to settle this that you can afford, for example a payment plan. Please call us on {phone} or reply to this letter by {new_due_date} so we can talk it through.

Yours sincerely,
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (8, 'email', 'Final notice: {total_due} to be paid by {new_due_date}', 'Dear {contact},

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
{signature}', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (8, 'sms', '', '{contact}, final notice from {business}: {total_due} is overdue on {invoice_numbers}. Please pay by {new_due_date} or call {phone} so we can agree a way forward.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (8, 'call', 'Call script', '1. Greet: "Hello {contact}, this is {business}. Is now a good moment to talk?"
2. Purpose, calmly: "It''s about {total} on {invoice_numbers}, now {how_overdue}. I''d like us to find a way to settle it that works for you."
3. Ask why: "What''s making it difficult to pay?" Listen without interrupting; note the reason and circumstances.
4. Ask how they would like to resolve it: "What could you afford each month, and from when?"
5. Ask for a good-faith payment now, however small, to start.
6. Agree only within your bottom line; repeat the amounts and dates back, and say a written agreement will follow.', '{now}');
INSERT INTO templates (stage_id, channel, subject, body, updated_at) VALUES (8, 'letter', 'Final notice: {total_due} to be paid by {new_due_date}', 'Dear {contact},

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
{signature}', '{now}');
