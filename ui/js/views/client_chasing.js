// A client's Chasing tab: mode, pause, minimum and interest override;
// disputes and pauses per invoice; promises; every contact made.
import { call } from '../api.js';
import { h, toast, errorText, showError, day, when } from '../dom.js';

const span2 = (el) => { el.classList.add('span2'); return el; };
import { openForm } from '../modal.js';
import { state } from '../state.js';
import { openMessage, openCall, openPromise } from '../chase.js';

const POLICIES = [['', 'Business default'], ['none', 'No interest'], ['contractual', 'Contractual rate'], ['uk_late_payment', 'UK Late Payment Act'], ['eu_directive', 'EU Late Payment Directive']];

export async function chasingPanel(panel, c, d, reload) {
  const loading = h('div', { class: 'muted', text: 'Loading…' });
  panel.appendChild(loading);
  let data;
  try { data = await call('client_chase', { id: c.id }); } catch (e) { loading.textContent = errorText(e); return; }
  loading.remove();
  const open = d.invoices.filter((i) => i.status !== 'paid');
  const today = state.info.today;

  panel.appendChild(h('div', { class: 'toolbar', id: 'chase-actions' },
    h('button', { type: 'button', text: 'Write to them', onclick: () => openMessage({ client_id: c.id, stage: null, invoices: [], channel: 'email' }, reload) }),
    h('button', { type: 'button', text: 'Log a call', onclick: () => openCall({ client_id: c.id, stage: null, invoices: [] }, reload) }),
    h('button', { type: 'button', id: 'add-promise', text: 'Add a promise to pay', onclick: () => openPromise(c, today, reload), disabled: !open.length }),
    h('button', { type: 'button', text: 'Statement of account (PDF)', disabled: !open.length, onclick: async () => {
      try { toast(`Statement saved: ${await call('open_letter', { request: { client_id: c.id, kind: 'statement', stage_id: null, invoice_ids: [], subject: null, body: null, paper: '' } })}`); } catch (e) { toast(errorText(e), 'error'); }
    } })));

  // Controls.
  const ctl = data.controls;
  const pol = ctl.interest_policy;
  const el = {
    mode: h('select', { id: 'c-mode' }, [['', 'Business default'], ['manual', 'Manual'], ['auto', 'Automatic email']].map(([v, l]) => h('option', { value: v, text: l }))),
    paused_until: h('input', { id: 'c-paused', type: 'date', value: ctl.paused_until }),
    pause_reason: h('input', { id: 'c-pause-reason', value: ctl.pause_reason, placeholder: 'Why (kept in the history)' }),
    min_amount: h('input', { id: 'c-min', value: ctl.min_amount, placeholder: 'Business default', inputmode: 'decimal' }),
    policy: h('select', { id: 'c-policy' }, POLICIES.map(([v, l]) => h('option', { value: v, text: l }))),
    rate: h('input', { id: 'c-rate', value: pol && pol.rate ? pol.rate : '', placeholder: 'e.g. 8', inputmode: 'decimal' }),
    grace: h('input', { id: 'c-grace', type: 'number', value: pol && pol.grace_days ? pol.grace_days : 0 }),
  };
  el.mode.value = ctl.mode;
  el.policy.value = pol ? pol.kind : '';
  const rateFields = h('div', { class: 'inline-fields' }, h('label', { for: 'c-rate', text: 'Rate % a year' }), el.rate, h('label', { for: 'c-grace', text: 'Grace days' }), el.grace);
  const syncPolicy = () => { rateFields.hidden = el.policy.value !== 'contractual'; };
  el.policy.addEventListener('change', syncPolicy);
  syncPolicy();
  const banner = h('div', { class: 'form-error', hidden: true });
  const f = (id, label, input, hint) => h('div', { class: 'field' }, h('label', { for: id, text: label }), input, hint ? h('div', { class: 'hint', text: hint }) : null);
  const save = h('button', { type: 'button', class: 'primary', id: 'save-controls', text: 'Save' });
  save.addEventListener('click', async () => {
    banner.hidden = true;
    const p = el.policy.value;
    const input = {
      mode: el.mode.value, paused_until: el.paused_until.value, pause_reason: el.pause_reason.value, min_amount: el.min_amount.value,
      interest_policy: p === '' ? null : p === 'contractual' ? { kind: p, rate: el.rate.value, grace_days: Number(el.grace.value) } : { kind: p },
    };
    try { await call('set_client_controls', { id: c.id, input }); toast('Chasing settings saved'); reload(); } catch (e) {
      showError(e, banner, { mode: el.mode, 'paused until': el.paused_until, 'pause reason': el.pause_reason, 'minimum amount': el.min_amount, minimum: el.min_amount, 'interest rate': el.rate, 'grace days': el.grace });
    }
  });
  panel.appendChild(h('div', { class: 'section' },
    h('h2', { text: 'How this client is chased' }), banner,
    h('div', { class: 'form-grid three', id: 'client-controls' },
      f('c-mode', 'Mode', el.mode),
      f('c-min', 'Do not chase less than', el.min_amount),
      f('c-policy', 'Late-payment interest', el.policy, `Business default: ${data.business_policy}`),
      f('c-paused', 'Paused until', el.paused_until, 'Chasing resumes on this date'),
      span2(f('c-pause-reason', 'Reason for the pause', el.pause_reason))),
    rateFields, h('div', { class: 'toolbar' }, save)));

  // Open invoices with dispute and pause.
  if (open.length) {
    const rows = h('tbody');
    panel.appendChild(h('div', { class: 'section' }, h('h2', { text: 'Open invoices' }),
      h('table', { id: 'chase-invoices' },
        h('thead', {}, h('tr', {}, ['Invoice', 'Due', 'Outstanding', 'Chasing', 'Mode', ''].map((t, i) => h('th', { class: i === 2 ? 'num' : '', text: t })))), rows)));
    for (const inv of open) {
      const tr = h('tr', { 'data-invoice': inv.id }, h('td', { text: inv.number }), h('td', { text: day(inv.due_date) }), h('td', { class: 'num', text: inv.outstanding.display }));
      rows.appendChild(tr);
      call('invoice_controls', { id: inv.id }).then((ic) => {
        const status = ic.disputed ? h('span', { class: 'pill overdue', text: 'disputed', title: ic.dispute_reason })
          : ic.paused_until && ic.paused_until > today ? h('span', { class: 'pill update', text: `paused until ${day(ic.paused_until)}`, title: ic.pause_reason })
            : h('span', { class: 'pill open', text: 'chased' });
        const act = ic.disputed
          ? h('button', { type: 'button', class: 'link', 'data-action': 'resolve', text: 'Dispute resolved', onclick: async () => {
            try { await call('set_invoice_controls', { id: inv.id, input: { ...ic, disputed: false, dispute_reason: '' } }); toast('Dispute resolved: chasing resumes'); reload(); } catch (e) { toast(errorText(e), 'error'); }
          } })
          : h('button', { type: 'button', class: 'link', 'data-action': 'dispute', text: 'Mark disputed', onclick: () => openForm({
            title: `Dispute on ${inv.number}`,
            intro: 'A disputed invoice is not chased and never charged fees until the dispute is resolved. It stays in your totals.',
            fields: [{ name: 'reason', label: 'What the client disputes', type: 'textarea', wide: true, required: true, field: 'dispute reason' }],
            submitLabel: 'Mark disputed',
            onSubmit: async (v) => { await call('set_invoice_controls', { id: inv.id, input: { ...ic, disputed: true, dispute_reason: v.reason } }); toast('Marked disputed'); reload(); },
          }) });
        const paused = ic.paused_until && ic.paused_until > today;
        const pause = ic.disputed ? null : paused
          ? h('button', { type: 'button', class: 'link', 'data-action': 'resume', text: 'Resume', onclick: async () => {
            try { await call('set_invoice_controls', { id: inv.id, input: { ...ic, paused_until: '', pause_reason: '' } }); toast('Chasing resumed'); reload(); } catch (e) { toast(errorText(e), 'error'); }
          } })
          : h('button', { type: 'button', class: 'link', 'data-action': 'pause', text: 'Pause…', onclick: () => openForm({
            title: `Pause chasing of ${inv.number}`,
            fields: [
              { name: 'until', label: 'Resume on', type: 'date', required: true, field: 'paused until' },
              { name: 'reason', label: 'Reason', required: true, field: 'pause reason' },
            ],
            submitLabel: 'Pause',
            onSubmit: async (v) => { await call('set_invoice_controls', { id: inv.id, input: { ...ic, paused_until: v.until, pause_reason: v.reason } }); toast(`Paused until ${day(v.until)}`); reload(); },
          }) });
        const mode = h('select', { class: 'compact', 'aria-label': `Chasing mode of ${inv.number}` },
          [['', 'Client default'], ['manual', 'Manual'], ['auto', 'Automatic email']].map(([v, l]) => h('option', { value: v, text: l })));
        mode.value = ic.mode;
        mode.addEventListener('change', async () => {
          try { await call('set_invoice_controls', { id: inv.id, input: { ...ic, mode: mode.value } }); ic.mode = mode.value; toast(`${inv.number}: mode saved`); } catch (e) { toast(errorText(e), 'error'); }
        });
        tr.append(h('td', {}, status), h('td', {}, mode), h('td', { class: 'row-actions' }, pause, act));
      }).catch(() => {});
    }
  }

  // Promises.
  panel.appendChild(h('div', { class: 'section' }, h('h2', { text: `Promises to pay (${data.promises.length})` }),
    data.promises.length ? h('table', { id: 'promises-table' },
      h('thead', {}, h('tr', {}, ['Made', 'Amount', 'By', 'Paid', 'Status', 'Invoices', ''].map((t, i) => h('th', { class: i === 1 || i === 3 ? 'num' : '', text: t })))),
      h('tbody', {}, data.promises.map((p) => h('tr', { 'data-promise': p.id },
        h('td', { text: day(p.promised_on) }), h('td', { class: 'num', text: p.amount.display }), h('td', { text: day(p.due_date) }),
        h('td', { class: 'num', text: p.paid.display }),
        h('td', {}, h('span', { class: `pill promise-${p.status}`, text: p.status.replace('_', ' ') })),
        h('td', { class: 'name', text: p.invoice_numbers.join(', ') }),
        h('td', { class: 'row-actions' }, p.status === 'pending' ? h('button', { type: 'button', class: 'link', text: 'Cancel', onclick: () => openForm({
          title: 'Cancel the promise', fields: [{ name: 'reason', label: 'Reason', required: true }], submitLabel: 'Cancel promise',
          onSubmit: async (v) => { await call('cancel_promise', { id: p.id, reason: v.reason }); toast('Promise cancelled'); reload(); },
        }) }) : null)))))
      : h('div', { class: 'muted', text: 'No promises yet.' })));

  // Contacts.
  const label = { email: 'Email', sms: 'SMS', call: 'Call', letter: 'Letter' };
  panel.appendChild(h('div', { class: 'section' }, h('h2', { text: `Contacts (${data.contacts.length})` }),
    data.contacts.length ? h('ul', { class: 'history', id: 'contacts' }, data.contacts.map((k) => h('li', {},
      h('span', { class: 'when', text: k.sent_at ? when(k.sent_at) : day(k.on_date) }),
      h('span', { class: 'what' },
        h('strong', { text: label[k.channel] || k.channel }), ' ',
        k.undone_at ? h('span', { class: 'pill status-undone', text: 'taken back' }) : h('span', { class: `pill status-${k.status}`, text: k.status }), ' ',
        k.channel === 'call' ? `${(k.outcome || '').replace('_', ' ')}${k.reason ? ` · ${k.reason.replace(/_/g, ' ')}` : ''}` : k.subject,
        k.error ? h('div', { class: 'danger-text small', text: k.error }) : null,
        k.override_reason ? h('div', { class: 'muted small', text: `Guard overridden: ${k.override_reason}` }) : null))))
      : h('div', { class: 'muted', text: 'No contacts yet.' })));
}
