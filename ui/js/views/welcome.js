// First start: an empty database. Offer the demo, an import, or a clean start.
import { call } from '../api.js';
import { h, toast, errorText } from '../dom.js';
import { go } from '../router.js';
import { refreshInfo } from '../shell.js';

export async function renderWelcome(view) {
  const demo = h('button', { class: 'primary', id: 'load-demo', text: 'Load demo data' });
  demo.addEventListener('click', async () => {
    demo.disabled = true;
    try {
      const r = await call('load_demo');
      await refreshInfo();
      toast(`Demo loaded: ${r.clients} clients, ${r.invoices} invoices`);
      await go('#/today');
    } catch (e) { toast(errorText(e), 'error'); demo.disabled = false; }
  });
  view.appendChild(h('div', { class: 'welcome', id: 'welcome' },
    h('h1', { text: 'Welcome to Overdue' }),
    h('p', { class: 'lead', text: 'Chase your unpaid invoices the way a good collector would: politely, on time, and in writing. Everything stays in one file on this computer — no account, no server.' }),
    h('div', { class: 'grid choices' },
      h('div', { class: 'card choice' }, h('h2', { text: 'Look around first' }),
        h('p', { text: 'A plumbing firm in Bristol with 40 clients and 150 invoices, some late, some part-paid, with reminders already under way. Try everything without risk.' }), demo),
      h('div', { class: 'card choice' }, h('h2', { text: 'Import your invoices' }),
        h('p', { text: 'Bring in a CSV export from Xero, QuickBooks, FreshBooks, Wave or a spreadsheet.' }),
        h('button', { text: 'Import a CSV file', onclick: () => go('#/import') })),
      h('div', { class: 'card choice' }, h('h2', { text: 'Start from scratch' }),
        h('p', { text: 'Enter your business details, then add clients and invoices by hand.' }),
        h('button', { text: 'Set up my business', onclick: () => go('#/settings') })))));
}
