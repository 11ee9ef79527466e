// Clients: searchable, sortable, paged list (the work is done in Rust).
import { call } from '../api.js';
import { h, clear, amounts, kindLabel } from '../dom.js';
import { go } from '../router.js';
import { clientForm } from '../forms.js';
import { pager } from '../widgets.js';

const PAGE = 50;

export async function renderClients(view) {
  const st = { search: '', sort: 'overdue', offset: 0 };
  const page = h('div', { class: 'page', id: 'clients' });
  const search = h('input', { type: 'search', class: 'search', placeholder: 'Search name, email or contact  ( / )', 'aria-label': 'Search clients' });
  const sort = h('select', { 'aria-label': 'Sort clients', style: 'width:auto' },
    h('option', { value: 'overdue', text: 'Most overdue first' }),
    h('option', { value: 'oldest', text: 'Oldest debt first' }),
    h('option', { value: 'outstanding', text: 'Most outstanding first' }),
    h('option', { value: 'name', text: 'Name A–Z' }));
  const body = h('div', {});
  page.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', { text: 'Clients' }), h('div', { class: 'sub', text: 'Everyone who owes you, or has owed you' })),
      h('div', { class: 'actions' }, h('button', { class: 'primary', text: 'Add client', onclick: () => clientForm(null, (c) => go(`#/client/${c.id}`)) }))),
    h('div', { class: 'card' }, h('div', { class: 'toolbar' }, search, h('div', { class: 'grow' }), sort), body));
  view.appendChild(page);
  let timer;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => { st.search = search.value; st.offset = 0; load(); }, 180); });
  sort.addEventListener('change', () => { st.sort = sort.value; st.offset = 0; load(); });

  async function load() {
    const res = await call('list_clients', { query: { search: st.search, sort: st.sort, offset: st.offset, limit: PAGE } });
    clear(body);
    const rows = res.rows.length ? res.rows.map((c) => h('tr', { class: 'clickable', tabindex: 0, 'data-client': c.id, onclick: () => go(`#/client/${c.id}`), onkeydown: (e) => { if (e.key === 'Enter') go(`#/client/${c.id}`); } },
      h('td', { class: 'name client-name', text: c.name }),
      h('td', { class: 'muted', text: kindLabel(c.kind) }),
      h('td', { class: 'num', text: String(c.open_invoices) }),
      h('td', { class: 'num', text: c.oldest_days_overdue ? `${c.oldest_days_overdue} days` : '—' }),
      h('td', { class: 'num', text: amounts(c.overdue) }),
      h('td', { class: 'num', text: amounts(c.outstanding) })))
      : [h('tr', {}, h('td', { class: 'empty', colspan: 6, text: st.search ? 'No client matches your search.' : 'No clients yet. Add one or import invoices.' }))];
    body.appendChild(h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { text: 'Client' }), h('th', { text: 'Kind' }), h('th', { class: 'num', text: 'Open' }), h('th', { class: 'num', text: 'Oldest' }), h('th', { class: 'num', text: 'Overdue' }), h('th', { class: 'num', text: 'Outstanding' }))),
      h('tbody', {}, rows))));
    body.appendChild(pager(res, st, load));
  }
  await load();
}
