// Handing a case over (collection agency or solicitor) and writing a debt
// off. Rust decides what the pack holds; this shows the review it prepared
// (why now, warnings, the amount) and sends back the owner's choice.
import { call } from './api.js';
import { h, clear, toast, errorText, day, fileName } from './dom.js';
import { openForm } from './modal.js';

const modal = () => document.getElementById('modal');

export async function openEscalate(clientId, onDone) {
  let r;
  try { r = await call('escalation_review', { clientId }); } catch (e) { toast(errorText(e), 'error'); return; }
  const m = modal();
  clear(m);
  const banner = h('div', { class: 'form-error', hidden: true });
  const to = h('select', { id: 'esc-to' }, h('option', { value: 'agency', text: 'A collection agency' }), h('option', { value: 'solicitor', text: 'A solicitor' }));
  const reasons = h('textarea', { id: 'esc-reasons', rows: 4, placeholder: 'e.g. The agreement defaulted and the default notice was not answered.' });
  const go = h('button', { type: 'button', class: 'primary danger-fill', id: 'esc-confirm', text: 'Hand over and write the pack' });
  go.addEventListener('click', async () => {
    banner.hidden = true;
    go.disabled = true;
    try {
      const e = await call('escalate', { input: { client_id: clientId, to_whom: to.value, reasons: reasons.value } });
      toast(`Handed over. Pack: ${fileName(e.pack)}`);
      m.close();
      onDone && onDone(e);
    } catch (e) { banner.textContent = errorText(e); banner.hidden = false; } finally { go.disabled = false; }
  });
  m.appendChild(h('div', {},
    h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: `Escalate · ${r.client_name}` })),
    h('div', { class: 'modal-body' }, banner,
      h('p', { text: `The case (${r.total.display} with interest and fees) goes to an agency or a solicitor with a hand-over pack: a case summary, every invoice, the full contact history, promises, the agreement and signed copy, the payment record and your reasons, as one PDF and a CSV. After this, nothing of theirs is chased by Overdue.` }),
      r.triggers.length ? h('div', { class: 'notice', id: 'esc-triggers' }, h('strong', { text: 'Why now: ' }), r.triggers.join('; ')) : h('div', { class: 'notice', text: 'No trigger yet (default, broken promises, 90 days without an agreement): make sure this is the last step.' }),
      r.warnings.map((w) => h('div', { class: 'notice danger', 'data-warning': '', text: `Warning: ${w}` })),
      r.letter_before_claim ? h('p', { class: 'muted small', text: 'They are an individual or sole trader in the UK: the pack includes a letter before claim under the Pre-Action Protocol for Debt Claims (send it with the Information Sheet, Reply Form and Financial Statement).' }) : null,
      h('div', { class: 'form-grid' },
        h('div', { class: 'field' }, h('label', { for: 'esc-to', text: 'Hand over to' }), to),
        h('div', { class: 'field wide' }, h('label', { for: 'esc-reasons', text: 'Reasons (printed in the pack) *' }), reasons))),
    h('div', { class: 'modal-foot' }, h('button', { type: 'button', text: 'Cancel', onclick: () => m.close() }), go)));
  m.showModal();
  reasons.focus();
}

export function openWriteOff(client, openInvoices, onDone) {
  openForm({
    title: `Write off · ${client.name}`,
    intro: 'The open invoices are closed as written off (not counted as money received) and the case is no longer chased. The reason is kept in the history.',
    fields: [
      { name: 'which', label: 'What', type: 'select', value: '', options: [['', `Everything open (${openInvoices.length} invoice${openInvoices.length === 1 ? '' : 's'})`]].concat(openInvoices.map((i) => [i.number, `${i.number} — ${i.outstanding.display}`])), wide: true, field: 'invoice' },
      { name: 'reason', label: 'Reason', required: true, wide: true, field: 'reason' },
    ],
    submitLabel: 'Write off',
    onSubmit: async (v) => {
      const a = await call('write_off', { clientId: client.id, invoiceNumbers: v.which ? [v.which] : [], reason: v.reason });
      toast(`${a.display} written off`);
      onDone && onDone();
    },
  });
}

export function escalatedBanner(r, onOpenPack) {
  if (!r || !r.escalated_on) return null;
  return h('div', { class: 'notice danger', id: 'escalated-banner' },
    h('strong', { text: `Handed over to ${r.escalated_to === 'solicitor' ? 'a solicitor' : 'a collection agency'} on ${day(r.escalated_on)}. ` }),
    'Overdue no longer chases this client. ',
    onOpenPack ? h('button', { type: 'button', class: 'link', id: 'open-pack', text: 'Open the hand-over pack', onclick: onOpenPack }) : null);
}
