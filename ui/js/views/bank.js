// Bank: import a statement from the online bank (native dialog) and work
// through its lines. Payments that quote an Overdue reference or invoice
// number were recorded at import; the rest wait here with suggestions.
// Keyboard: ↑/↓ move between lines, Enter accepts the suggestion,
// M matches by hand, I sets aside, U undoes.
import { call } from '../api.js';
import { h, clear, toast, errorText, plural } from '../dom.js';
import { openForm, confirmBox } from '../modal.js';
import { refreshInfo } from '../shell.js';

const FILTERS = [
  ['review', 'To review', (c) => c.suggested + c.unmatched],
  ['matched', 'Matched', (c) => c.matched],
  ['ignored', 'Set aside', (c) => c.ignored],
  ['all', 'All', (c) => c.matched + c.suggested + c.unmatched + c.ignored],
];

const STATE = {
  matched: ['Matched', 'paid'],
  suggested: ['Suggested', 'update'],
  unmatched: ['To review', 'overdue'],
  ignored: ['Set aside', 'unchanged'],
};

let filter = 'review';
let report = null;

export async function renderBank(view) {
  const page = h('div', { class: 'page', id: 'bank' });
  const reportBox = h('div', { id: 'bank-report-box' });
  const body = h('div', {});
  const error = h('div', { class: 'form-error', role: 'alert', id: 'bank-error', hidden: true });
  page.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', { text: 'Bank' }),
        h('div', { class: 'sub', text: 'Statements exported from your online bank (camt.053, OFX/QFX, MT940 or CSV). Payments that quote an invoice number or an Overdue reference are recorded at once; anything less certain waits here for you.' })),
      h('div', { class: 'actions' }, h('button', { class: 'primary', id: 'import-statement', text: 'Import bank statement…', onclick: pick }))),
    error, reportBox, body);
  view.appendChild(page);
  drawReport();
  await load();

  function showError(e) {
    error.textContent = e ? errorText(e) : '';
    error.hidden = !e;
  }

  async function pick() {
    showError(null);
    let path;
    try { path = await call('pick_statement_file'); } catch (e) { showError(e); return; }
    if (!path) return;
    try {
      report = await call('bank_import', { path, dryRun: false });
      await refreshInfo();
    } catch (e) { report = null; showError(e); return; }
    filter = report.suggested + report.unmatched ? 'review' : 'matched';
    drawReport();
    await load();
  }

  function drawReport() {
    clear(reportBox);
    if (!report) return;
    const r = report;
    reportBox.appendChild(h('div', { class: 'card section', id: 'bank-report' },
      h('div', { class: 'toolbar' }, h('h2', { class: 'grow', text: `Imported ${r.file}` }),
        h('button', { type: 'button', text: 'Close', 'aria-label': 'Close the import summary', onclick: () => { report = null; drawReport(); } })),
      h('div', { class: 'summary-line', id: 'bank-summary' },
        h('span', {}, h('strong', { text: r.new_lines.toLocaleString() }), ' new lines'),
        h('span', {}, h('strong', { text: r.matched.toLocaleString() }), ' paid at once'),
        h('span', {}, h('strong', { text: r.suggested.toLocaleString() }), ' suggested'),
        h('span', {}, h('strong', { text: r.unmatched.toLocaleString() }), ' to review'),
        h('span', {}, h('strong', { text: r.ignored.toLocaleString() }), ' money out or set aside'),
        r.already_imported ? h('span', { class: 'muted', text: `${plural(r.already_imported, 'line')} imported before` }) : null),
      h('p', { class: 'muted', text: `Read as ${r.formats.join(', ')}${r.accounts.length ? ` · account ${r.accounts.join(', ')}` : ''}${r.statements > 1 ? ` · ${r.statements} statements` : ''}` }),
      r.problems.length ? h('ul', { class: 'notice', id: 'bank-problems' }, r.problems.map((x) => h('li', { text: x }))) : null,
      r.paid.length ? h('details', { id: 'bank-paid' }, h('summary', { text: `What was paid (${r.paid.length})` }),
        h('ul', { class: 'problems' }, r.paid.map((x) => h('li', { text: x })))) : null));
  }

  async function load(keepId) {
    let v;
    try { v = await call('bank_lines', { filter }); } catch (e) { showError(e); return; }
    clear(body);
    const c = v.counts;
    const chips = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Show' }, FILTERS.map(([k, label, n]) => h('button', {
      type: 'button', class: `chip${filter === k ? ' active' : ''}`, 'data-filter': k, text: `${label} ${n(c)}`,
      onclick: () => { filter = k; load(); },
    })), h('span', { class: 'grow' }),
    h('span', { class: 'hint', id: 'bank-keys', text: '↑ ↓ move · Enter accept · M match · I set aside · U undo' }));
    const list = h('ul', { class: 'bank-list', id: 'bank-lines', role: 'listbox', 'aria-label': 'Statement lines' });
    for (const l of v.lines) list.appendChild(row(l));
    if (!v.lines.length) {
      list.appendChild(h('li', { class: 'empty', text: c.matched + c.suggested + c.unmatched + c.ignored
        ? (filter === 'review' ? 'Nothing to review: every payment received is matched or set aside.' : 'No lines of this kind.')
        : 'No statement imported yet. Export a statement from your online bank and import it here.' }));
    }
    list.addEventListener('keydown', keys);
    body.append(chips, h('div', { class: 'card flush' }, list));
    const rows = [...list.querySelectorAll('li[data-line]')];
    const again = rows.find((r) => r.dataset.line === String(keepId)) || rows[0];
    if (again) { select(again); if (keepId !== undefined) again.focus(); }
  }

  function row(l) {
    const [label, cls] = STATE[l.state] || [l.state, 'open'];
    const best = l.suggestions[0];
    const tie = l.suggestions.length > 1 && l.suggestions[1].tier === best.tier;
    const money = l.reversal || l.amount.startsWith('-');
    const li = h('li', { class: 'bank-line', 'data-line': l.id, 'data-state': l.state, role: 'option', tabindex: '-1', 'aria-selected': 'false' },
      h('div', { class: 'bank-date', text: l.date_display }),
      h('div', { class: 'bank-main' },
        // Banks that give no payer put the name in the text: the text is the headline then.
        h('div', { class: 'bank-payer', text: l.payer || l.text || l.reference || (money ? 'Money out' : 'No text on the statement') }),
        l.payer || (l.text && l.reference) ? h('div', { class: 'bank-text', text: (l.payer ? [l.reference, l.text] : [l.reference]).filter(Boolean).join(' · ') }) : null,
        l.state === 'matched' && l.paid_summary ? h('div', { class: 'bank-paid', text: `${l.client ? `${l.client}: ` : ''}${l.paid_summary}` }) : null,
        l.reason ? h('div', { class: 'bank-reason muted', text: l.reason }) : null,
        best ? h('div', { class: 'bank-suggestion' },
          h('span', { text: tie ? `${l.suggestions.length} equally likely: ${l.suggestions.map((s) => s.summary).join(' or ')}` : `Suggested: ${best.summary}` }),
          h('span', { class: 'muted', text: ` — ${best.reasons.join('; ')}` })) : null),
      h('div', { class: 'bank-amount num', text: l.amount_display }),
      h('div', { class: 'bank-state' }, h('span', { class: `pill ${cls}`, text: label })),
      h('div', { class: 'bank-actions' }, actions(l, best && !tie)));
    li.addEventListener('click', (e) => { if (e.target.tagName !== 'BUTTON') { select(li); li.focus(); } });
    li._line = l;
    return li;
  }

  function actions(l, canAccept) {
    const out = [];
    const receipt = !l.reversal && !l.amount.startsWith('-');
    if (l.state === 'suggested' && canAccept) out.push(h('button', { type: 'button', class: 'primary', 'data-action': 'accept', text: 'Accept', onclick: () => accept(l) }));
    if ((l.state === 'suggested' || l.state === 'unmatched') && receipt) out.push(h('button', { type: 'button', 'data-action': 'match', text: 'Match…', onclick: () => matchByHand(l) }));
    if (l.state === 'suggested' || l.state === 'unmatched') out.push(h('button', { type: 'button', 'data-action': 'ignore', text: 'Set aside…', onclick: () => ignore(l) }));
    if (l.state === 'matched' || (l.state === 'ignored' && receipt)) out.push(h('button', { type: 'button', 'data-action': 'undo', text: 'Undo', onclick: () => undo(l) }));
    return out;
  }

  function select(li) {
    for (const x of li.parentElement.querySelectorAll('li[aria-selected=true]')) x.setAttribute('aria-selected', 'false');
    li.setAttribute('aria-selected', 'true');
    li.scrollIntoView({ block: 'nearest' });
  }

  function keys(e) {
    if (e.target.tagName === 'BUTTON' && e.key === 'Enter') return;
    const list = e.currentTarget;
    const rows = [...list.querySelectorAll('li[data-line]')];
    const at = rows.findIndex((r) => r.getAttribute('aria-selected') === 'true');
    const cur = rows[at];
    const move = (to) => { if (rows[to]) { e.preventDefault(); select(rows[to]); rows[to].focus(); } };
    if (e.key === 'ArrowDown' || e.key === 'j') move(at + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') move(Math.max(0, at - 1));
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (cur) {
      const btn = { Enter: 'accept', m: 'match', i: 'ignore', u: 'undo' }[e.key.length === 1 ? e.key.toLowerCase() : e.key];
      const b = btn && cur.querySelector(`button[data-action=${btn}]`);
      if (b) { e.preventDefault(); b.click(); }
    }
  }

  async function after(message, id) {
    toast(message);
    report = null;
    drawReport();
    await refreshInfo();
    await load(id);
  }

  async function accept(l) {
    showError(null);
    try { await after(await call('bank_match', { id: l.id, invoices: [], agreement: null }), l.id); } catch (e) { showError(e); }
  }

  function matchByHand(l) {
    const best = l.suggestions[0];
    openForm({
      title: `What did ${l.amount_display}${l.payer ? ` from ${l.payer}` : ''} pay?`,
      intro: 'Name the invoices it pays (oldest first; what is left over is kept as the client\'s credit), or the agreement whose instalments it pays.',
      fields: [
        { name: 'invoices', label: 'Invoice numbers', field: 'invoice', wide: true, placeholder: 'INV-1001, INV-1002', value: best && best.invoices.length ? best.invoices.join(', ') : '', hint: 'Separated by commas or spaces.' },
        { name: 'agreement', label: 'Or agreement reference', field: 'agreement', wide: true, placeholder: 'AGR-…', value: best && best.agreement ? best.agreement : '' },
      ],
      submitLabel: 'Record payment',
      onSubmit: async (v) => {
        const invoices = v.invoices.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);
        const agreement = v.agreement.trim() || null;
        if (!invoices.length && !agreement) throw { kind: 'invalid', field: 'invoice', message: 'invoice: name at least one invoice, or an agreement' };
        const message = await call('bank_match', { id: l.id, invoices: agreement ? [] : invoices, agreement });
        await after(message, l.id);
      },
    });
  }

  function ignore(l) {
    openForm({
      title: `Set aside ${l.amount_display}${l.payer ? ` from ${l.payer}` : ''}?`,
      intro: 'It stays on the statement, no invoice is paid, and it leaves the review list. Undo brings it back.',
      fields: [{ name: 'reason', label: 'Why', field: 'reason', wide: true, required: true, placeholder: 'e.g. a refund from a supplier, not an invoice payment' }],
      submitLabel: 'Set aside',
      onSubmit: async (v) => { await after(await call('bank_ignore', { id: l.id, reason: v.reason }), l.id); },
    });
  }

  async function undo(l) {
    if (l.state === 'matched') {
      const ok = await confirmBox({ title: `Undo the payment of ${l.amount_display}?`, message: `${l.paid_summary || 'What this line paid'} is taken back: the invoices are open again and the line waits for review.`, confirmLabel: 'Undo payment', danger: true });
      if (!ok) return;
    }
    showError(null);
    try { await after(await call('bank_undo', { id: l.id }), l.id); } catch (e) { showError(e); }
  }
}
