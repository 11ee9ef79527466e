// Today: the worklist of what to do now. The core ranks, filters, counts
// and pages it (a page of rows crosses IPC, never the whole list); each row
// shows the amount, one primary action and a menu for the rest. Worked from
// the keyboard: ↑/↓ (or j/k) to move, Enter for the primary action, s to
// snooze, m for the menu, c for the client, n/p for pages, ? for the list.
import { call } from '../api.js';
import { h, append, clear, toast, errorText, longDay, fileName, day } from '../dom.js';
import { state } from '../state.js';
import { go } from '../router.js';
import { openMessage, openCall, openSnooze, openSkip, openBulkSend } from '../chase.js';
import { openEscalate } from '../escalate.js';
import { messageDialog, renegotiateDialog } from './agreement.js';
import { pager } from '../widgets.js';

const KIND = {
  promise_broken: { label: 'Promise broken', icon: '!', cls: 'k-broken' },
  call: { label: 'Call', icon: '☎', cls: 'k-call' },
  reminder: { label: 'Reminder', icon: '✉', cls: 'k-reminder' },
  promise_due: { label: 'Promise due', icon: '◷', cls: 'k-promise' },
  review: { label: 'Review', icon: '⚑', cls: 'k-review' },
  pause_ending: { label: 'Pause ends', icon: '▶', cls: 'k-pause' },
  agreement: { label: 'Agreement', icon: '✍', cls: 'k-review' },
  instalment_due: { label: 'Instalment due', icon: '◷', cls: 'k-promise' },
  instalment_late: { label: 'Instalment late', icon: '!', cls: 'k-call' },
  agreement_default: { label: 'Agreement in default', icon: '!', cls: 'k-broken' },
  progress_due: { label: 'Progress update', icon: '✉', cls: 'k-reminder' },
  escalation_review: { label: 'Escalation review', icon: '⚑', cls: 'k-broken' },
};

const PAGE = 50;
const st = { filter: 'all', offset: 0, selected: 0 };

/** The actions of one item, the first being the primary one. */
function actionsFor(item, reload) {
  const today = state.info.today;
  const out = [];
  const a = (label, id, run) => out.push({ label, id, run });
  if (item.kind === 'reminder') {
    a({ email: 'Preview & send', sms: 'Prepare SMS', letter: 'Prepare letter' }[item.channel] || 'Preview', 'send', () => openMessage(item, reload));
  } else if (item.kind === 'call') {
    a('Call script', 'call', () => openCall(item, reload));
    if (item.stage && item.stage.tone !== 'friendly') a('Negotiate', 'negotiate', () => go(`#/negotiate/${item.client_id}`));
  } else if (item.kind === 'review') {
    a('Log a call', 'call', () => openCall(item, reload));
    a('Negotiate', 'negotiate', () => go(`#/negotiate/${item.client_id}`));
    a('Escalate…', 'escalate', () => openEscalate(item.client_id, reload));
    a('Statement (PDF)', 'statement', async () => {
      try {
        const p = await call('open_letter', { request: { client_id: item.client_id, kind: 'statement', stage_id: null, invoice_ids: item.invoices.map((i) => i.id), subject: null, body: null, paper: '' } });
        toast(`Statement saved: ${fileName(p)}`, 'info', { reveal: p });
      } catch (e) { toast(errorText(e), 'error'); }
    });
  } else if (item.kind === 'agreement' || item.kind.startsWith('instalment') || item.kind === 'agreement_default' || item.kind === 'progress_due') {
    const message = (kind) => async () => {
      try {
        const p = await call('agreement_panel', { clientId: item.client_id });
        if (p.agreement) await messageDialog(p.agreement, kind, reload);
        else { toast('That agreement has already ended', 'error'); reload(); }
      } catch (e) { toast(errorText(e), 'error'); }
    };
    a('Open agreement', 'agreement', () => go(`#/agreement/${item.client_id}`));
    if (item.kind === 'instalment_due') a('Send heads-up…', 'heads-up', message('heads_up'));
    if (item.kind === 'instalment_late') a('Send reminder…', 'late-reminder', message('late_reminder'));
    if (item.kind === 'progress_due') a('Send update…', 'progress', message('progress'));
    if (item.kind !== 'agreement' && item.kind !== 'progress_due') a('Log a call', 'call', () => openCall({ client_id: item.client_id, stage: null, invoices: [] }, reload));
    if (item.kind === 'agreement_default') {
      a('Renegotiate…', 'renegotiate', async () => {
        try {
          const p = await call('agreement_panel', { clientId: item.client_id });
          if (p.agreement) renegotiateDialog(p.agreement, () => go(`#/negotiate/${item.client_id}`));
          else { toast('That agreement has already ended', 'error'); reload(); }
        } catch (e) { toast(errorText(e), 'error'); }
      });
      a('Escalate…', 'escalate', () => openEscalate(item.client_id, reload));
    }
  } else if (item.kind === 'escalation_review') {
    a('Negotiate', 'negotiate', () => go(`#/negotiate/${item.client_id}`));
    a('Escalate…', 'escalate', () => openEscalate(item.client_id, reload));
  } else if (item.kind === 'promise_broken' || item.kind === 'promise_due') {
    a('Log a call', 'call', () => openCall({ client_id: item.client_id, stage: null, invoices: [] }, reload));
    if (item.kind === 'promise_broken') a('Negotiate', 'negotiate', () => go(`#/negotiate/${item.client_id}`));
  }
  if (item.stage) {
    a('Snooze…', 'snooze', () => openSnooze(item, today, reload));
    a(item.kind === 'review' ? 'Mark reviewed…' : 'Skip this step…', 'skip', () => openSkip(item, reload));
  }
  a('Open the client', 'open-client', () => go(`#/client/${item.client_id}`));
  return out;
}

let openMenu = null;
function closeMenu() {
  if (openMenu) { openMenu.remove(); openMenu = null; }
}
document.addEventListener('click', (e) => { if (openMenu && !openMenu.contains(e.target) && !e.target.closest('[data-action=more]')) closeMenu(); });

/** The "More" menu of a row: every action but the primary one. */
function showMenu(row, actions, anchor) {
  closeMenu();
  const items = actions.map((x) => h('button', { type: 'button', role: 'menuitem', 'data-action': x.id, text: x.label, onclick: () => { closeMenu(); x.run(); } }));
  const menu = h('div', { class: 'menu', role: 'menu', 'aria-label': 'More actions' }, items);
  menu.addEventListener('keydown', (e) => {
    const i = items.indexOf(document.activeElement);
    if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); items[(i - 1 + items.length) % items.length].focus(); }
    else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); closeMenu(); anchor.focus(); }
  });
  row.querySelector('.today-actions').appendChild(menu);
  openMenu = menu;
  items[0].focus();
}

function itemRow(item, index, reload) {
  const k = KIND[item.kind] || { label: item.kind, icon: '•', cls: '' };
  const actions = actionsFor(item, reload);
  const [primary, ...rest] = actions;
  const row = h('li', { class: `today-item ${k.cls}`, tabindex: '-1', 'data-index': index, 'data-kind': item.kind, 'data-client': item.client_id, 'data-key': item.key });
  const more = h('button', { type: 'button', class: 'more', 'data-action': 'more', 'aria-haspopup': 'menu', title: 'More actions (m)', 'aria-label': `More actions for ${item.client_name}`, text: '⋯' });
  more.addEventListener('click', () => (openMenu && openMenu.parentElement === more.parentElement ? closeMenu() : showMenu(row, rest, more)));
  row._actions = actions;
  row._more = () => showMenu(row, rest, more);
  const invoices = item.invoices.length
    ? (item.invoices.length > 3 ? `${item.invoices.slice(0, 3).map((i) => i.number).join(' · ')} and ${item.invoices.length - 3} more` : item.invoices.map((i) => i.number).join(' · '))
    : null;
  return append(row, [
    h('div', { class: 'today-icon', 'aria-hidden': 'true', text: k.icon }),
    h('div', { class: 'today-main' },
      h('div', { class: 'today-top' },
        h('button', { class: 'link client-link', type: 'button', text: item.client_name, title: item.client_name, tabindex: '-1', onclick: () => go(`#/client/${item.client_id}`) }),
        h('span', { class: 'today-kind', text: k.label }),
        item.auto ? h('span', { class: 'pill paid', text: 'sends itself', title: 'An automatic reminder: it goes out by itself while Overdue is open (or by `overdue run-due`)' }) : null),
      h('div', { class: 'today-title', text: item.title, title: item.detail }),
      h('div', { class: 'today-detail', text: [item.detail, invoices].filter(Boolean).join(' · ') }),
      item.warnings.length ? h('div', { class: 'today-warning', text: `⚠ ${item.warnings.map((w) => w.message).join('; ')}` }) : null),
    h('div', { class: 'today-amount', text: item.total ? item.total.display : '' }),
    h('div', { class: 'today-actions' },
      h('button', { type: 'button', class: 'primary', 'data-action': primary.id, text: primary.label, onclick: primary.run }),
      rest.length ? more : null)]);
}

/** When the books were last brought in; a warning when that is too long ago. */
function booksLine(b) {
  if (!b || !b.updated_on) return null;
  const when = b.days === 0 ? 'today' : b.days === 1 ? 'yesterday' : `${b.days} days ago`;
  const update = h('button', { type: 'button', class: b.stale ? 'primary' : 'link', id: 'books-update', text: b.stale ? 'Import the latest export' : 'Update', onclick: () => go('#/import') });
  return h('div', { class: `books-line${b.stale ? ' stale' : ''}`, id: 'books-freshness', role: b.stale ? 'alert' : null },
    h('span', { text: b.stale
      ? `Your books were last brought in ${when} (${b.file_name}). Invoices may have been paid since: update before sending reminders (automatic ones wait until you do).`
      : `Books brought in ${when} (${b.file_name}).` }),
    update);
}

const SHORTCUTS = [
  ['↑ ↓ or k j', 'Move between items'], ['Enter', 'The item’s main action'], ['m', 'More actions for the item'],
  ['s', 'Snooze the item'], ['c', 'Open the client'], ['n / p', 'Next / previous page'],
  ['Ctrl-K', 'Search clients, invoices and agreements'], ['?', 'This list'],
];
export function showShortcuts() {
  const m = document.getElementById('modal');
  clear(m);
  m.appendChild(h('div', {},
    h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: 'Keyboard shortcuts' })),
    h('div', { class: 'modal-body' }, h('table', { class: 'table shortcuts', id: 'shortcuts' },
      h('tbody', {}, SHORTCUTS.map(([k, what]) => h('tr', {}, h('td', {}, h('kbd', { text: k })), h('td', { text: what })))))),
    h('div', { class: 'modal-foot' }, h('button', { type: 'button', class: 'primary', text: 'Close', onclick: () => m.close() }))));
  m.showModal();
}

/** What comes up in the next seven days: each client's next step, soonest first. */
function weekCard(t) {
  const more = t.week_total - t.week.length;
  return h('details', { class: 'card week', id: 'week' },
    h('summary', {}, h('strong', { text: 'Coming up in the next 7 days' }), ' ',
      h('span', { class: 'muted', text: `${t.week_total.toLocaleString()} step${t.week_total === 1 ? '' : 's'}${t.week_auto ? `, ${t.week_auto.toLocaleString()} sending themselves` : ''}` })),
    h('table', { class: 'table compact' },
      h('thead', {}, h('tr', {}, h('th', { text: 'When' }), h('th', { text: 'Client' }), h('th', { text: 'Next step' }), h('th', { class: 'num', text: 'Amount' }))),
      h('tbody', {}, t.week.map((u) => h('tr', { class: 'clickable', tabindex: 0, 'data-client': u.client_id, onclick: () => go(`#/client/${u.client_id}`), onkeydown: (e) => { if (e.key === 'Enter') go(`#/client/${u.client_id}`); } },
        h('td', { text: day(u.due_on) }),
        h('td', { class: 'name', text: u.client_name }),
        h('td', {}, `${u.stage_name} ${CHANNEL_WORDS[u.channel] || ''}`, u.auto ? h('span', { class: 'pill paid', text: 'sends itself' }) : null),
        h('td', { class: 'num', text: u.total.display }))))),
    more > 0 ? h('div', { class: 'muted small', text: `and ${more.toLocaleString()} more` }) : null);
}

const CHANNEL_WORDS = { email: 'by email', sms: 'by SMS', call: 'by phone', letter: 'by letter' };

function summaryLine(t) {
  const parts = [];
  parts.push(t.total_items ? `${t.total_items.toLocaleString()} thing${t.total_items === 1 ? '' : 's'} to do` : 'nothing to do');
  if (t.done_today) parts.push(`${t.done_today.toLocaleString()} done today`);
  return `${longDay(t.as_of)} · ${parts.join(' · ')}`;
}

export async function renderToday(view) {
  let t = await call('today', { query: { filter: st.filter, offset: st.offset, limit: PAGE } });
  if (t.offset !== st.offset) st.offset = t.offset;
  const reload = async () => { const keep = st.selected; clear(view); await renderToday(view); focusRow(view, keep); };
  const page = h('div', { class: 'page', id: 'today' });
  page.appendChild(h('div', { class: 'page-head' },
    h('div', {},
      h('h1', { text: 'Today' }),
      h('div', { class: 'sub', id: 'today-sub', text: summaryLine(t) })),
    h('div', { class: 'actions' },
      t.email_due ? h('button', { type: 'button', class: 'primary', id: 'bulk-send', text: `Send ${t.email_due.toLocaleString()} email reminder${t.email_due === 1 ? '' : 's'}…`, title: 'Preview each due email reminder, then send them together', onclick: () => openBulkSend(reload) }) : null,
      h('button', { type: 'button', text: 'Outbox', onclick: () => go('#/chasing/outbox') }),
      h('button', { type: 'button', text: 'Ladder & templates', onclick: () => go('#/chasing/ladder') }),
      h('button', { type: 'button', class: 'icon-btn', id: 'shortcuts-help', title: 'Keyboard shortcuts (?)', 'aria-label': 'Keyboard shortcuts', text: '?', onclick: showShortcuts }))));
  page.appendChild(h('div', { class: 'today-figures', id: 'today-figures' },
    h('div', { class: 'figure' }, h('div', { class: 'label', text: 'To chase today' }), h('div', { class: 'value', id: 'to-chase', text: t.to_chase.length ? t.to_chase.map((a) => a.display).join(' + ') : '—' }),
      h('div', { class: 'note', text: `owed now by the ${t.to_chase_clients.toLocaleString()} client${t.to_chase_clients === 1 ? '' : 's'} due a reminder, call or review` })),
    h('div', { class: 'figure' }, h('div', { class: 'label', text: 'Done today' }), h('div', { class: 'value', id: 'done-today', text: t.done_today.toLocaleString() }),
      h('div', { class: 'note', text: 'messages sent, calls logged, steps skipped or snoozed' })),
    h('div', { class: 'figure' }, h('div', { class: 'label', text: 'Sends itself' }), h('div', { class: 'value', id: 'auto-today', text: t.auto_today.toLocaleString() }),
      h('div', { class: 'note', text: `${t.auto_today ? 'automatic reminders going out today' : 'none going out today'}${t.week_auto ? ` · ${t.week_auto.toLocaleString()} more in the next 7 days` : ''}` }))));
  const chips = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Show' }, t.filters.map((f) => h('button', {
    type: 'button', class: `chip${t.filter === f.key ? ' active' : ''}`, 'data-filter': f.key, title: f.help, text: `${f.label} ${f.count.toLocaleString()}`,
    onclick: () => { st.filter = f.key; st.offset = 0; st.selected = 0; reload(); },
  })));
  page.appendChild(chips);
  const help = t.filters.find((f) => f.key === t.filter);
  if (help && help.key === 'review') page.appendChild(h('div', { class: 'muted filter-help', id: 'filter-help', text: help.help }));
  const books = booksLine(t.books);
  if (books) page.appendChild(books);
  const list = h('ul', { class: 'today-list', id: 'today-list', 'aria-label': 'Things to do' });
  t.items.forEach((item, i) => list.appendChild(itemRow(item, i, reload)));
  if (!t.items.length) {
    list.appendChild(h('li', { class: 'empty', text: t.total_items ? 'Nothing of this kind today.' : 'Nothing to do today: every overdue invoice has been chased on time, or is paused, promised or disputed.' }));
  }
  page.appendChild(h('div', { class: 'card flush' }, list));
  if (t.total_rows > t.limit) page.appendChild(pager({ offset: t.offset, limit: t.limit, total_rows: t.total_rows, rows: t.items }, st, () => { st.selected = 0; reload(); }));
  const nc = Object.entries(t.not_chased);
  if (nc.length) {
    page.appendChild(h('div', { class: 'muted not-chased', id: 'not-chased', text: `Not chased now: ${nc.map(([k, v]) => `${v.toLocaleString()} ${k === 'promise' ? 'under a promise' : k}`).join(' · ')}` }));
  }
  if (t.week_total) page.appendChild(weekCard(t));
  view.appendChild(page);
  // For the window benchmark: when Today was first drawn (page clock).
  if (!performance.getEntriesByName('today-drawn').length) performance.mark('today-drawn');
  list.addEventListener('focusin', (e) => {
    const li = e.target.closest('li.today-item');
    if (li) select(list, Number(li.dataset.index), false);
  });
  page._keys = (e) => onKey(e, list, t, reload);
}

function rows(list) { return [...list.querySelectorAll(':scope > li.today-item')]; }

function select(list, i, focus = true) {
  const all = rows(list);
  if (!all.length) return;
  st.selected = Math.max(0, Math.min(i, all.length - 1));
  all.forEach((r, k) => r.classList.toggle('selected', k === st.selected));
  if (focus) { all[st.selected].focus({ preventScroll: true }); all[st.selected].scrollIntoView({ block: 'nearest' }); }
}

function focusRow(view, i) {
  const list = view.querySelector('#today-list');
  if (list && rows(list).length) select(list, i);
}

function onKey(e, list, t, reload) {
  const all = rows(list);
  const row = all[st.selected];
  const act = (id) => { const a = row && row._actions.find((x) => x.id === id); if (a) { e.preventDefault(); a.run(); } };
  if (e.key === 'ArrowDown' || e.key === 'j') { e.preventDefault(); select(list, row && document.activeElement === row ? st.selected + 1 : st.selected); }
  else if (e.key === 'ArrowUp' || e.key === 'k') { e.preventDefault(); select(list, st.selected - 1); }
  else if (e.key === 'Enter' && row && (document.activeElement === row || document.activeElement === document.getElementById('view'))) { e.preventDefault(); row._actions[0].run(); }
  else if (e.key === 's') act('snooze');
  else if (e.key === 'c') act('open-client');
  else if (e.key === 'm' && row) { e.preventDefault(); row._more(); }
  else if (e.key === '?') { e.preventDefault(); showShortcuts(); }
  else if (e.key === 'n' && t.offset + t.limit < t.total_rows) { st.offset += t.limit; st.selected = 0; reload(); }
  else if (e.key === 'p' && t.offset > 0) { st.offset = Math.max(0, t.offset - t.limit); st.selected = 0; reload(); }
}

// One listener for the page's keys, live only while Today is shown and no
// field, dialog or menu has the keyboard.
document.addEventListener('keydown', (e) => {
  const page = document.getElementById('today');
  if (!page || !page._keys || e.ctrlKey || e.metaKey || e.altKey) return;
  const el = document.activeElement;
  if (el && (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.closest('dialog[open]') || el.closest('.menu'))) return;
  if (document.querySelector('dialog[open]')) return;
  page._keys(e);
});
