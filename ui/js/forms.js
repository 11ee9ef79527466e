// The add/edit forms. They collect text and hand it to Rust unchanged: the
// core validates, converts money and dates, and names any problem.
import { call, places } from './api.js';
import { openForm } from './modal.js';
import { toast } from './dom.js';
import { state } from './state.js';

const KINDS = [['company', 'Company'], ['sole_trader', 'Sole trader'], ['consumer', 'Consumer (private person)']];

export async function clientForm(existing, onDone) {
  const c = existing || {};
  const p = await places().catch(() => ({ time_zones: [] }));
  const zones = [['', 'Same as yours'], ...p.time_zones.map((z) => [z, z.replace(/_/g, ' ')])];
  if (c.time_zone && !p.time_zones.includes(c.time_zone)) zones.push([c.time_zone, c.time_zone]);
  openForm({
    title: existing ? `Edit ${c.name}` : 'New client',
    submitLabel: existing ? 'Save changes' : 'Add client',
    fields: [
      { name: 'name', label: 'Name', value: c.name, required: true, hint: 'How you refer to them, e.g. "Harbourside Café"' },
      { name: 'legal_name', label: 'Legal name', value: c.legal_name, hint: 'For letters and agreements, if different' },
      { name: 'kind', label: 'Kind', type: 'select', options: KINDS, value: c.kind || 'company' },
      { name: 'contact_person', label: 'Contact person', value: c.contact_person },
      { name: 'email', label: 'Email', type: 'email', value: c.email },
      { name: 'phone', label: 'Phone', type: 'tel', value: c.phone },
      { name: 'address', label: 'Postal address', field: 'address', type: 'textarea', value: c.address, wide: true },
      { name: 'time_zone', label: 'Time zone', type: 'select', options: zones, value: c.time_zone || '', field: 'time zone', hint: 'For the quiet hours: no calls or messages at night where they are' },
      { name: 'notes', label: 'Notes', type: 'textarea', value: c.notes, wide: true },
    ],
    onSubmit: async (v) => {
      const saved = existing
        ? await call('update_client', { id: c.id, input: v })
        : await call('create_client', { input: v });
      toast(existing ? `Saved ${saved.name}` : `Added ${saved.name}`);
      onDone && onDone(saved);
    },
  });
}

export function invoiceForm(client, existing, onDone) {
  const i = existing || {};
  const currencies = state.info.currencies.map((c) => [c, c]);
  openForm({
    title: existing ? `Edit invoice ${i.number}` : `New invoice for ${client.name}`,
    submitLabel: existing ? 'Save changes' : 'Add invoice',
    fields: [
      { name: 'number', label: 'Invoice number', value: i.number, required: true },
      { name: 'amount', label: 'Amount', value: existing ? i.amount.amount : '', inputmode: 'decimal', required: true, placeholder: '0.00' },
      { name: 'issue_date', label: 'Issue date', type: 'date', value: i.issue_date || state.info.today, required: true },
      { name: 'due_date', label: 'Due date', type: 'date', value: i.due_date, required: true },
      { name: 'currency', label: 'Currency', type: 'select', options: currencies, value: existing ? i.amount.currency : state.info.business.currency },
      { name: 'description', label: 'Description', value: i.description, hint: 'What the invoice was for, or your reference' },
    ],
    onSubmit: async (v) => {
      const input = { ...v, client_id: client.id };
      const saved = existing
        ? await call('update_invoice', { id: i.id, input })
        : await call('create_invoice', { input });
      toast(existing ? `Saved invoice ${saved.number}` : `Added invoice ${saved.number}`);
      onDone && onDone(saved);
    },
  });
}

export function paymentForm(client, openInvoices, onDone) {
  const options = [['', 'Oldest invoices first (recommended)']].concat(
    openInvoices.map((i) => [i.number, `${i.number} — ${i.outstanding.display} outstanding`]));
  openForm({
    title: `Record a payment from ${client.name}`,
    submitLabel: 'Record payment',
    intro: 'The payment goes first to an active payment agreement\'s instalments, then settles the oldest invoices, unless you choose an invoice. Anything beyond what is owed is kept as credit.',
    fields: [
      { name: 'amount', label: 'Amount received', field: 'amount', value: '', inputmode: 'decimal', required: true, placeholder: '0.00' },
      { name: 'date', label: 'Date received', field: 'date', type: 'date', value: state.info.today, required: true },
      { name: 'invoice_number', label: 'Apply to', field: 'invoice', type: 'select', options, value: '', wide: true },
      { name: 'method', label: 'Method', type: 'select', value: 'bank transfer',
        options: [['bank transfer', 'Bank transfer'], ['card', 'Card'], ['cash', 'Cash'], ['cheque', 'Cheque'], ['direct debit', 'Direct debit'], ['other', 'Other']] },
      { name: 'reference', label: 'Reference', value: '' },
    ],
    onSubmit: async (v) => {
      const r = await call('record_payment', { input: { ...v, client_id: client.id } });
      // Undo takes the payment back in the ledger (it stays, marked), then redraws.
      toast(r.message, 'info', { undo: async () => { const msg = await call('undo_payment', { id: r.payment.id }); onDone && onDone(null); return msg; } });
      onDone && onDone(r);
    },
  });
}
