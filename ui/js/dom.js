// Building the page without ever parsing HTML: every piece of text goes in
// through textContent (via text nodes), so names like <img onerror=…> stay text.
import { state } from './state.js';
import { call } from './api.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    // The CSP forbids style attributes; CSSOM is allowed.
    else if (k === 'style') el.style.cssText = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c) el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/**
 * One quiet notice at a time, on one line; a new one replaces the last.
 * `opts.undo`: an async function that takes the action back (an Undo
 * button); `opts.reveal`: a saved file's path (a "Show in folder" button).
 * The details stay in the client's history, not in the notice.
 */
export function toast(message, kind = 'info', opts = {}) {
  const box = document.getElementById('toasts');
  clear(box);
  const t = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-text', text: message, title: message }));
  let timer = null;
  const close = () => { clearTimeout(timer); t.remove(); };
  if (opts.undo) {
    const b = h('button', { type: 'button', class: 'toast-action', id: 'toast-undo', text: 'Undo' });
    b.addEventListener('click', async () => {
      b.disabled = true;
      try { const msg = await opts.undo(); close(); toast(msg || 'Undone'); } catch (e) { close(); toast(errorText(e), 'error'); }
    });
    t.appendChild(b);
  }
  if (opts.reveal) {
    t.appendChild(h('button', { type: 'button', class: 'toast-action', id: 'toast-reveal', text: 'Show in folder', onclick: async () => {
      try { await call('reveal_file', { path: opts.reveal }); } catch (e) { toast(errorText(e), 'error'); }
    } }));
  }
  t.appendChild(h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', text: '×', onclick: close }));
  box.appendChild(t);
  // Long enough to reach for Undo; hovering keeps it.
  const wait = kind === 'error' ? 9000 : opts.undo ? 10000 : 5000;
  const arm = () => { clearTimeout(timer); timer = setTimeout(close, wait); };
  t.addEventListener('mouseenter', () => clearTimeout(timer));
  t.addEventListener('mouseleave', arm);
  arm();
}

/** The last part of a file path ("…/documents/letter-12.pdf" → "letter-12.pdf"). */
export function fileName(path) {
  return String(path || '').split(/[\\/]/).pop();
}

const cap = (t) => (t ? t[0].toUpperCase() + t.slice(1) : t);

/** The text of an error from the core, without its field for a prefix. */
function bare(e) {
  const msg = (e && e.message) || String(e);
  return e && e.field && msg.startsWith(`${e.field}: `) ? msg.slice(e.field.length + 2) : msg;
}

/**
 * An error in plain words: "Contacts per week must be between 1 and 50",
 * "Check the server: a host name such as smtp.example.com…", never the
 * core's "field: message" form.
 */
export function errorText(e) {
  if (!e || !e.field) return cap(((e && e.message) || String(e)).replace(/^(database|file): /, ''));
  const rest = bare(e);
  return /^(must|is|are|has|have|cannot|can't|should|needs?|was|were|looks|does|do|may|only)\b/.test(rest) ? `${cap(e.field)} ${rest}` : `Check the ${e.field}: ${rest}`;
}

/**
 * Shows a core error where it belongs: under its field, outlined and
 * focused, when `fields` (the core's field name → input) has it; else in
 * the banner. The field's mark goes as soon as it is changed.
 */
export function showError(e, banner, fields = {}) {
  const input = e && e.field ? fields[e.field] : null;
  if (!input) { banner.textContent = errorText(e); banner.hidden = false; return; }
  banner.hidden = true;
  let box = document.getElementById(`${input.id}-error`);
  if (!box) { box = h('div', { class: 'error', id: `${input.id}-error` }); input.insertAdjacentElement('afterend', box); }
  box.textContent = cap(bare(e));
  box.hidden = false;
  input.classList.add('invalid');
  input.setAttribute('aria-invalid', 'true');
  input.focus();
  const clearMark = () => { input.classList.remove('invalid'); input.removeAttribute('aria-invalid'); box.hidden = true; input.removeEventListener('input', clearMark); input.removeEventListener('change', clearMark); };
  input.addEventListener('input', clearMark);
  input.addEventListener('change', clearMark);
}

const MONTHS = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  de: ['Jan.', 'Feb.', 'März', 'Apr.', 'Mai', 'Juni', 'Juli', 'Aug.', 'Sept.', 'Okt.', 'Nov.', 'Dez.'],
};
const WEEKDAYS = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  de: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
};

/** The business's date style, from the core (app_info.date_style): "dmy", "mdy" or "de". */
function style() {
  return (state.info && state.info.date_style) || 'dmy';
}

function fmt(y, m, d) {
  const st = style();
  if (st === 'mdy') return `${MONTHS.en[m - 1]} ${d}, ${y}`;
  if (st === 'de') return `${d}. ${MONTHS.de[m - 1]} ${y}`;
  return `${d} ${MONTHS.en[m - 1]} ${y}`;
}

/** "2026-11-23T10:04:00Z" → "23 Nov 2026, 10:04" in the computer's time zone, in the business's date style. */
export function when(stamp) {
  const t = new Date(stamp);
  if (Number.isNaN(t.getTime())) return stamp;
  const time = `${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}`;
  return `${fmt(t.getFullYear(), t.getMonth() + 1, t.getDate())}, ${time}`;
}

/** "2026-11-23" → "23 Nov 2026" (or "Nov 23, 2026", "23. Nov. 2026"), without time-zone shifts. */
export function day(iso) {
  if (!iso) return '';
  const [y, m, d] = String(iso).slice(0, 10).split('-').map(Number);
  if (!y || !m || !d || m > 12) return String(iso);
  return fmt(y, m, d);
}

/** "2026-11-23" → "Monday, 23 Nov 2026". */
export function longDay(iso) {
  const [y, m, d] = String(iso).split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS[style() === 'de' ? 'de' : 'en'][wd]}, ${day(iso)}`;
}

// Every date field says its date in words beside it, in the business's
// style. The field itself is set by the shell to the business's country
// (07/12/2026 in the UK, 12/07/2026 in the US, 07.12.2026 in Germany: see
// src-tauri/src/locale.rs); the words make it unambiguous wherever the
// system's webview keeps its own locale (macOS, Windows).
function echo(input) {
  let out = input.nextElementSibling;
  if (!out || !out.classList.contains('date-echo')) {
    out = h('span', { class: 'date-echo', 'aria-live': 'polite' });
    input.after(out);
  }
  out.textContent = input.value ? day(input.value) : '';
}
function echoAll(root) {
  if (root.matches && root.matches('input[type=date]')) echo(root);
  if (root.querySelectorAll) for (const i of root.querySelectorAll('input[type=date]')) echo(i);
}
new MutationObserver((changes) => {
  for (const c of changes) for (const n of c.addedNodes) if (n.nodeType === 1) echoAll(n);
}).observe(document.documentElement, { childList: true, subtree: true });
for (const ev of ['input', 'change']) {
  document.addEventListener(ev, (e) => { if (e.target.matches && e.target.matches('input[type=date]')) echo(e.target); }, true);
}

export function amounts(list) {
  return list && list.length ? list.map((a) => a.display).join(' + ') : '—';
}

export function kindLabel(kind) {
  return { company: 'Company', sole_trader: 'Sole trader', consumer: 'Consumer' }[kind] || kind;
}

export function plural(n, one, many = one + 's') {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
