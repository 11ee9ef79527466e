// Today: the short list of what to do now, each item one click from done.
import { call } from '../api.js';
import { h, clear, toast, errorText } from '../dom.js';
import { state } from '../state.js';
import { go } from '../router.js';
import { openMessage, openCall, openSnooze, openSkip } from '../chase.js';
import { openEscalate } from '../escalate.js';
import { messageDialog, renegotiateDialog } from './agreement.js';

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

const FILTERS = [
  ['all', 'All', () => true],
  ['reminder', 'Reminders', (i) => i.kind === 'reminder'],
  ['call', 'Calls', (i) => i.kind === 'call'],
  ['promise', 'Promises & agreements', (i) => i.kind.startsWith('promise') || i.kind.startsWith('instalment') || i.kind === 'agreement_default' || i.kind === 'progress_due' || i.kind === 'agreement'],
  ['review', 'Reviews', (i) => i.kind === 'review' || i.kind === 'pause_ending' || i.kind === 'escalation_review'],
];

let filter = 'all';

function longDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function actionsFor(item, reload) {
  const today = state.info.today;
  const btn = (label, cls, id, fn) => h('button', { type: 'button', class: cls, 'data-action': id, text: label, onclick: fn });
  const out = [];
  if (item.kind === 'reminder') {
    const verb = { email: 'Preview & send', sms: 'Prepare SMS', letter: 'Prepare letter' }[item.channel] || 'Preview';
    out.push(btn(verb, 'primary', 'send', () => openMessage(item, reload)));
  } else if (item.kind === 'call') {
    out.push(btn('Call script', 'primary', 'call', () => openCall(item, reload)));
    if (item.stage && item.stage.tone !== 'friendly') out.push(btn('Negotiate', '', 'negotiate', () => go(`#/negotiate/${item.client_id}`)));
  } else if (item.kind === 'review') {
    out.push(btn('Log a call', 'primary', 'call', () => openCall(item, reload)));
    out.push(btn('Negotiate', '', 'negotiate', () => go(`#/negotiate/${item.client_id}`)));
    out.push(btn('Escalate…', '', 'escalate', () => openEscalate(item.client_id, reload)));
    out.push(btn('Statement (PDF)', '', 'statement', async () => {
      try {
        const p = await call('open_letter', { request: { client_id: item.client_id, kind: 'statement', stage_id: null, invoice_ids: item.invoices.map((i) => i.id), subject: null, body: null, paper: '' } });
        toast(`Statement saved: ${p}`);
      } catch (e) { toast(errorText(e), 'error'); }
    }));
  } else if (item.kind === 'agreement' || item.kind.startsWith('instalment') || item.kind === 'agreement_default' || item.kind === 'progress_due') {
    out.push(btn('Open agreement', 'primary', 'agreement', () => go(`#/agreement/${item.client_id}`)));
    const message = (kind) => async () => {
      try {
        const p = await call('agreement_panel', { clientId: item.client_id });
        if (p.agreement) await messageDialog(p.agreement, kind, reload);
        else { toast('That agreement has already ended', 'error'); reload(); }
      } catch (e) { toast(errorText(e), 'error'); }
    };
    if (item.kind === 'instalment_due') out.push(btn('Send heads-up…', '', 'heads-up', message('heads_up')));
    if (item.kind === 'instalment_late') out.push(btn('Send reminder…', '', 'late-reminder', message('late_reminder')));
    if (item.kind === 'progress_due') out.push(btn('Send update…', '', 'progress', message('progress')));
    if (item.kind !== 'agreement' && item.kind !== 'progress_due') out.push(btn('Log a call', '', 'call', () => openCall({ client_id: item.client_id, stage: null, invoices: [] }, reload)));
    if (item.kind === 'agreement_default') {
      out.push(btn('Renegotiate…', '', 'renegotiate', async () => {
        try {
          const p = await call('agreement_panel', { clientId: item.client_id });
          if (p.agreement) renegotiateDialog(p.agreement, () => go(`#/negotiate/${item.client_id}`));
          else { toast('That agreement has already ended', 'error'); reload(); }
        } catch (e) { toast(errorText(e), 'error'); }
      }));
      out.push(btn('Escalate…', '', 'escalate', () => openEscalate(item.client_id, reload)));
    }
  } else if (item.kind === 'escalation_review') {
    out.push(btn('Negotiate', 'primary', 'negotiate', () => go(`#/negotiate/${item.client_id}`)));
    out.push(btn('Escalate…', '', 'escalate', () => openEscalate(item.client_id, reload)));
  } else if (item.kind === 'promise_broken' || item.kind === 'promise_due') {
    out.push(btn('Log a call', 'primary', 'call', () => openCall({ client_id: item.client_id, stage: null, invoices: [] }, reload)));
    if (item.kind === 'promise_broken') out.push(btn('Negotiate', '', 'negotiate', () => go(`#/negotiate/${item.client_id}`)));
  }
  if (item.stage) {
    out.push(btn('Snooze', '', 'snooze', () => openSnooze(item, today, reload)));
    out.push(btn(item.kind === 'review' ? 'Mark reviewed' : 'Skip', '', 'skip', () => openSkip(item, reload)));
  }
  out.push(btn('Client', 'link', 'open-client', () => go(`#/client/${item.client_id}`)));
  return out;
}

function itemRow(item, reload) {
  const k = KIND[item.kind] || { label: item.kind, icon: '•', cls: '' };
  return h('li', { class: `today-item ${k.cls}`, 'data-kind': item.kind, 'data-client': item.client_id, 'data-key': item.key },
    h('div', { class: 'today-icon', 'aria-hidden': 'true', text: k.icon }),
    h('div', { class: 'today-main' },
      h('div', { class: 'today-top' },
        h('span', { class: 'today-kind', text: k.label }),
        h('button', { class: 'link client-link', type: 'button', text: item.client_name, onclick: () => go(`#/client/${item.client_id}`) }),
        item.auto ? h('span', { class: 'pill paid', text: 'automatic', title: 'Sends itself while Overdue is open (or by `overdue run-due`)' }) : null),
      h('div', { class: 'today-title', text: item.title }),
      h('div', { class: 'today-detail', text: item.detail }),
      item.invoices.length ? h('div', { class: 'today-invoices muted', text: item.invoices.map((i) => i.number).join(' · ') }) : null,
      item.warnings.length ? h('div', { class: 'today-warning', text: `⚠ ${item.warnings.map((w) => w.message).join('; ')}` }) : null),
    h('div', { class: 'today-actions' }, actionsFor(item, reload)));
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

export async function renderToday(view) {
  const t = await call('today');
  const reload = async () => { clear(view); await renderToday(view); };
  const page = h('div', { class: 'page', id: 'today' });
  const counts = Object.fromEntries(FILTERS.map(([k, , f]) => [k, t.items.filter(f).length]));
  page.appendChild(h('div', { class: 'page-head' },
    h('div', {},
      h('h1', { text: 'Today' }),
      h('div', { class: 'sub', id: 'today-sub', text: `${longDate(t.as_of)} · ${t.items.length ? `${t.items.length} thing${t.items.length === 1 ? '' : 's'} to do` : 'nothing to do'}` })),
    h('div', { class: 'actions' },
      h('button', { type: 'button', text: 'Outbox', onclick: () => go('#/chasing/outbox') }),
      h('button', { type: 'button', text: 'Ladder & templates', onclick: () => go('#/chasing/ladder') }))));
  const list = h('ul', { class: 'today-list', id: 'today-list' });
  const draw = () => {
    clear(list);
    const f = FILTERS.find(([k]) => k === filter)[2];
    const shown = t.items.filter(f);
    for (const item of shown) list.appendChild(itemRow(item, reload));
    if (!shown.length) {
      list.appendChild(h('li', { class: 'empty', text: t.items.length ? 'Nothing of this kind today.' : 'Nothing to do today: every overdue invoice has been chased on time, or is paused, promised or disputed.' }));
    }
  };
  const chips = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Show' }, FILTERS.map(([k, label]) => h('button', {
    type: 'button', class: `chip${filter === k ? ' active' : ''}`, 'data-filter': k, text: `${label} ${counts[k]}`,
    onclick: (e) => {
      filter = k;
      for (const b of chips.querySelectorAll('.chip')) b.classList.toggle('active', b === e.currentTarget);
      draw();
    },
  })));
  page.appendChild(chips);
  const books = booksLine(t.books);
  if (books) page.appendChild(books);
  page.appendChild(h('div', { class: 'card flush' }, list));
  const nc = Object.entries(t.not_chased);
  if (nc.length) {
    page.appendChild(h('div', { class: 'muted not-chased', id: 'not-chased', text: `Not chased now: ${nc.map(([k, v]) => `${v} ${k === 'promise' ? 'under a promise' : k}`).join(' · ')}` }));
  }
  draw();
  view.appendChild(page);
}
