// One client: who they are, what they owe, their invoices, payments and history.
import { call } from '../api.js';
import { h, clear, amounts, kindLabel, when, day, toast, errorText } from '../dom.js';
import { clientForm, invoiceForm, paymentForm } from '../forms.js';
import { go } from '../router.js';
import { invoiceTable } from './dashboard.js';
import { kpi } from '../widgets.js';
import { chasingPanel } from './client_chasing.js';
import { openEscalate, openWriteOff, escalatedBanner } from '../escalate.js';

let openMenu = null;
document.addEventListener('click', (e) => { if (openMenu && !e.target.closest('.more-wrap')) { openMenu.remove(); openMenu = null; } });

/** "More ▾": the client's less frequent actions, in a keyboard-navigable menu. */
function moreMenu(actions) {
  const wrap = h('span', { class: 'more-wrap' });
  const btn = h('button', { type: 'button', id: 'client-more', 'aria-haspopup': 'menu', text: 'More ▾' });
  const close = () => { if (openMenu) { openMenu.remove(); openMenu = null; } };
  btn.addEventListener('click', () => {
    if (openMenu) { close(); return; }
    const items = actions.map((x) => h('button', { type: 'button', role: 'menuitem', id: x.id, disabled: !!x.disabled, text: x.label, onclick: () => { close(); x.run(); } }));
    const menu = h('div', { class: 'menu', role: 'menu', 'aria-label': 'More actions' }, items);
    const live = items.filter((b) => !b.disabled);
    menu.addEventListener('keydown', (e) => {
      const i = live.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') { e.preventDefault(); live[(i + 1) % live.length].focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); live[(i - 1 + live.length) % live.length].focus(); }
      else if (e.key === 'Escape') { e.preventDefault(); close(); btn.focus(); }
    });
    wrap.appendChild(menu);
    openMenu = menu;
    if (live.length) live[0].focus();
  });
  wrap.appendChild(btn);
  return wrap;
}

export async function renderClient(view, id, tab = 'invoices') {
  const [d, review] = await Promise.all([call('client_detail', { id }), call('escalation_review', { clientId: id }).catch(() => null)]);
  const c = d.client;
  const reload = async () => { clear(view); await renderClient(view, id, current); };
  const openInvoices = d.invoices.filter((i) => i.status !== 'paid');

  const meta = h('div', { class: 'meta' },
    h('span', { class: 'pill open', text: kindLabel(c.kind) }),
    c.legal_name && c.legal_name !== c.name ? h('span', { text: c.legal_name }) : null,
    c.contact_person ? h('span', { text: `Contact: ${c.contact_person}` }) : null,
    c.email ? h('span', { text: c.email }) : null,
    c.phone ? h('span', { text: c.phone }) : null,
    c.time_zone ? h('span', { class: 'muted', text: c.time_zone }) : null);

  const page = h('div', { class: 'page', id: 'client-page', 'data-client': c.id });
  page.appendChild(h('div', { class: 'page-head' },
    h('div', { style: 'min-width:0' },
      h('button', { class: 'link', text: '← Clients', onclick: () => go('#/clients') }),
      h('h1', { id: 'client-name', text: c.name }), meta),
    h('div', { class: 'actions nowrap' },
      h('button', { id: 'negotiate', text: 'Negotiate', disabled: !openInvoices.length, onclick: () => go(`#/negotiate/${c.id}`) }),
      h('button', { id: 'agreement', text: 'Agreement & documents', onclick: () => go(`#/agreement/${c.id}`) }),
      moreMenu([
        { id: 'edit-client', label: 'Edit details…', run: () => clientForm(c, reload) },
        { id: 'add-invoice', label: 'Add invoice…', run: () => invoiceForm(c, null, reload) },
        { id: 'escalate', label: 'Escalate…', disabled: !openInvoices.length || !!(review && review.escalated_on), run: () => openEscalate(c.id, reload) },
        { id: 'write-off', label: 'Write off…', disabled: !openInvoices.length, run: () => openWriteOff(c, openInvoices, reload) },
      ]),
      h('button', { class: 'primary', id: 'record-payment', text: 'Record payment', onclick: () => paymentForm(c, openInvoices, reload) }))));
  if (d.position && d.position.line) {
    page.appendChild(h('div', { class: 'chase-position', id: 'chase-position' }, h('span', { class: 'muted', text: 'In the chase: ' }), h('span', { text: d.position.line })));
  }

  const banner = escalatedBanner(review, async () => {
    try {
      const docs = await call('client_documents', { clientId: c.id });
      const pack = docs.find((x) => x.kind === 'handover_pack');
      if (pack) await call('open_document', { clientId: c.id, documentId: pack.id });
    } catch (e) { toast(errorText(e), 'error'); }
  });
  if (banner) page.appendChild(banner);
  const s = d.summary;
  const owed = d.owed || [];
  const late = s.oldest_days_overdue ? `oldest ${s.oldest_days_overdue} days late` : 'nothing overdue';
  page.appendChild(h('div', { class: 'grid kpis' },
    kpi('Owed now', owed.length ? owed.map((o) => o.owed_now.display).join(' · ') : amounts(s.overdue), [late, ...owed.map((o) => o.charges_note)].join(' · '), 'primary', 'client-overdue'),
    kpi('Outstanding', amounts(s.outstanding), [`${s.open_invoices} open invoice${s.open_invoices === 1 ? '' : 's'}`, ...owed.filter((o) => !/^0+(\.0+)?$/.test(o.not_yet_due.amount)).map((o) => `${o.not_yet_due.display} not yet due`)].join(' · '), '', 'client-outstanding'),
    kpi('Credit', amounts(s.credit), s.credit.length ? 'overpaid, kept for them' : 'no credit', '', 'client-credit'),
    kpi('Client since', day(d.since), `${d.payments.length} payment${d.payments.length === 1 ? '' : 's'} recorded`, '', 'client-since')));

  if (c.address || c.notes) {
    page.appendChild(h('div', { class: 'card section' },
      c.address ? h('div', {}, h('h2', { text: 'Postal address' }), h('div', { style: 'white-space:pre-line', text: c.address })) : null,
      c.notes ? h('div', { style: 'margin-top:12px' }, h('h2', { text: 'Notes' }), h('div', { style: 'white-space:pre-line', text: c.notes })) : null));
  }

  const tabs = [['invoices', `Invoices (${d.invoices.length})`], ['payments', `Payments (${d.payments.length})`], ['chasing', 'Chasing'], ['history', `History (${d.history.length})`]];
  let current = 'invoices';
  const tabBar = h('div', { class: 'tabs', role: 'tablist' });
  const panel = h('div', { role: 'tabpanel' });
  const show = (k) => {
    current = k;
    clear(tabBar);
    for (const [key, label] of tabs) {
      tabBar.appendChild(h('button', { role: 'tab', class: key === current ? 'active' : '', 'aria-selected': String(key === current), 'data-tab': key, text: label, onclick: () => show(key) }));
    }
    clear(panel);
    if (k === 'invoices') {
      const st = { sort: 'days_overdue', reverse: false };
      panel.appendChild(invoiceTable(d.invoices, st, () => {}, {
        showClient: false,
        onRow: (inv) => invoiceForm(c, inv, reload),
      }));
      panel.appendChild(h('div', { class: 'muted', style: 'margin-top:8px;font-size:12.5px', text: 'Click an invoice to edit it.' }));
    } else if (k === 'payments') {
      panel.appendChild(d.payments.length ? h('table', { id: 'payments-table' },
        h('thead', {}, h('tr', {}, h('th', { text: 'Date' }), h('th', { class: 'num', text: 'Amount' }), h('th', { text: 'Method' }), h('th', { text: 'Applied to' }))),
        h('tbody', {}, d.payments.map((p) => h('tr', {},
          h('td', { text: p.date }),
          h('td', { class: 'num', text: p.amount.display }),
          h('td', { text: [p.method, p.reference].filter(Boolean).join(' · ') }),
          h('td', { class: 'name', text: p.allocations.map((a) => `${a.invoice_number} ${a.amount.display}`).join(', ') + (p.unallocated.amount.replace(/[0.]/g, '') ? `${p.allocations.length ? ', ' : ''}credit ${p.unallocated.display}` : '') })))))
        : h('div', { class: 'empty', text: 'No payments recorded yet.' }));
    } else if (k === 'chasing') {
      chasingPanel(panel, c, d, reload);
    } else {
      panel.appendChild(h('ul', { class: 'history', id: 'history' }, d.history.map((e) => h('li', { 'data-kind': e.kind },
        h('span', { class: 'when', text: when(e.at) }),
        e.detail
          ? h('details', { class: 'what' }, h('summary', { text: e.summary }), h('pre', { class: 'detail', text: e.detail }))
          : h('span', { class: 'what', text: e.summary })))));
    }
  };
  page.appendChild(h('div', { class: 'card' }, tabBar, panel));
  show(tab);
  view.appendChild(page);
}
