// Search from anywhere (Ctrl-K / Cmd-K): clients, invoices and agreements
// by name, number or reference, found by the core as you type; ↑/↓ to
// choose, Enter to open, Escape to close.
import { call } from './api.js';
import { h, clear, errorText } from './dom.js';
import { go } from './router.js';

const KIND = { client: 'Client', invoice: 'Invoice', agreement: 'Agreement' };

function target(hit) {
  if (hit.kind === 'agreement') return `#/agreement/${hit.client_id}`;
  return `#/client/${hit.client_id}`;
}

export function openSearch() {
  if (document.getElementById('palette')) return;
  const open = document.getElementById('modal');
  if (open && open.open) open.close();
  const input = h('input', { id: 'search-input', type: 'text', placeholder: 'Search clients, invoices, agreements…', autocomplete: 'off', spellcheck: 'false', 'aria-label': 'Search', maxlength: 100 });
  const list = h('ul', { id: 'search-results', role: 'listbox', 'aria-label': 'Results' });
  const dlg = h('dialog', { class: 'palette', id: 'palette', 'aria-label': 'Search' }, input, list);
  document.body.appendChild(dlg);
  let hits = [];
  let active = 0;
  let seq = 0;
  const close = () => { dlg.close(); dlg.remove(); };
  const choose = (hit) => { close(); go(target(hit)); };
  const draw = () => {
    clear(list);
    if (!input.value.trim()) { list.appendChild(h('li', { class: 'hint', text: 'Type a name, an invoice number or an agreement reference.' })); return; }
    if (!hits.length) { list.appendChild(h('li', { class: 'empty', text: `Nothing matches “${input.value.trim()}”.` })); return; }
    hits.forEach((x, i) => {
      const li = h('li', { role: 'option', class: i === active ? 'active' : '', 'aria-selected': String(i === active), 'data-kind': x.kind, 'data-id': x.id },
        h('span', { class: 'kind', text: KIND[x.kind] || x.kind }),
        h('div', { class: 'main' }, h('div', { class: 'title', text: x.title }), h('div', { class: 'sub', text: x.sub })),
        h('span', { class: 'amount', text: x.amount }));
      li.addEventListener('mousemove', () => { if (active !== i) { active = i; draw(); } });
      li.addEventListener('click', () => choose(x));
      list.appendChild(li);
    });
  };
  const find = async () => {
    const mine = ++seq;
    try {
      const r = await call('search', { text: input.value });
      if (mine !== seq) return;
      hits = r;
      active = 0;
      draw();
    } catch (e) {
      if (mine !== seq) return;
      clear(list);
      list.appendChild(h('li', { class: 'empty', text: errorText(e) }));
    }
  };
  let timer = null;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(find, 80); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); if (hits.length) { active = (active + 1) % hits.length; draw(); } }
    else if (e.key === 'ArrowUp') { e.preventDefault(); if (hits.length) { active = (active - 1 + hits.length) % hits.length; draw(); } }
    else if (e.key === 'Enter') { e.preventDefault(); if (hits[active]) choose(hits[active]); }
  });
  dlg.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  dlg.addEventListener('click', (e) => { if (e.target === dlg) close(); });
  draw();
  dlg.showModal();
  input.focus();
}
