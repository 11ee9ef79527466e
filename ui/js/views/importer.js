// Import wizard: choose a file (native dialog) → check the mapping and date
// order → see every problem by row and column, and what a later export
// changes → import all or nothing. Below the first step: the import history,
// with Undo for the last import.
import { call } from '../api.js';
import { h, clear, toast, errorText, plural, day } from '../dom.js';
import { go } from '../router.js';
import { confirmBox } from '../modal.js';
import { refreshInfo } from '../shell.js';
import { state } from '../state.js';

export async function renderImport(view) {
  const st = { path: null, mapping: {}, date_format: null, currency: null, missing: 'keep', missing_each: {}, sheet: null, preview: null };
  const options = () => ({ mapping: st.mapping, date_format: st.date_format, currency: st.currency, missing: st.missing, missing_each: st.missing_each, sheet: st.sheet });
  const page = h('div', { class: 'page', id: 'import' });
  const body = h('div', {});
  page.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', { text: 'Import invoices' }),
        h('div', { class: 'sub', text: 'From an export of Xero, QuickBooks, FreshBooks, Wave, Sage or any spreadsheet (CSV, Excel or LibreOffice). A later export brings in what was paid since; nothing is ever duplicated.' }))),
    body);
  view.appendChild(page);
  renderPick();

  function renderPick(message) {
    clear(body);
    body.appendChild(h('div', { class: 'card' },
      h('div', { class: 'steps' }, h('span', { class: 'on', text: '1 Choose file' }), '›', h('span', { text: '2 Check' }), '›', h('span', { text: '3 Import' })),
      message ? h('div', { class: 'form-error', role: 'alert', text: message }) : null,
      h('p', { text: 'Export your invoices (all of them, or the unpaid ones) as CSV or Excel. Overdue recognises the usual column names in English, German, French, Dutch, Spanish, Italian, Polish and the Nordic languages; you can correct the mapping on the next step. Nothing is written until you confirm.' }),
      h('div', { class: 'actions' }, h('button', { class: 'primary', id: 'choose-file', text: 'Choose file…', onclick: pick }),
        h('a', { href: '#/bank', class: 'muted', text: 'A bank statement? Import it on the Bank screen.' }))));
    const history = h('div', { class: 'card section', id: 'import-history' }, h('h2', { text: 'Import history' }), h('p', { class: 'muted', text: 'Loading…' }));
    body.appendChild(history);
    renderHistory(history);
  }

  async function renderHistory(box) {
    let list;
    try { list = await call('import_history'); } catch (e) { box.replaceChildren(h('h2', { text: 'Import history' }), h('div', { class: 'form-error', text: errorText(e) })); return; }
    const last = list.find((i) => !i.undone_at && i.source === 'invoices');
    const rows = list.map((i) => h('tr', { 'data-import': i.id, class: i.undone_at ? 'muted' : '' },
      h('td', { text: day(i.on_date) }), h('td', { class: 'name', text: i.file_name }),
      h('td', { class: 'num', text: String(i.created) }), h('td', { class: 'num', text: String(i.updated) }), h('td', { class: 'num', text: String(i.payments) }),
      h('td', {}, i.undone_at ? h('span', { class: 'pill', text: 'undone' })
        : i === last ? h('button', { type: 'button', id: 'undo-import', text: 'Undo', onclick: () => undo(i) }) : null)));
    box.replaceChildren(h('h2', { text: 'Import history' }),
      list.length
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'import-history' },
          h('thead', {}, h('tr', {}, ['Date', 'File', 'New', 'Updated', 'Payments', ''].map((t, i) => h('th', { class: i >= 2 && i <= 4 ? 'num' : '', text: t })))),
          h('tbody', {}, rows)))
        : h('p', { class: 'muted', text: 'Nothing imported yet.' }),
      ...(last ? [h('div', { class: 'hint', text: 'Undo removes the last import\'s invoices, payments and new clients and puts back what it changed. It is refused if later work depends on it (a reminder sent, a promise, an agreement).' })] : []));
  }

  async function undo(rec) {
    const ok = await confirmBox({ title: `Undo the import of ${rec.file_name}?`, message: 'Its invoices, payments and new clients are removed, and the invoices it changed are put back as they were. This cannot be undone itself; import the file again to redo it.', confirmLabel: 'Undo import', danger: true });
    if (!ok) return;
    try {
      const message = await call('import_undo', { id: rec.id });
      await refreshInfo();
      toast(message);
      renderPick();
    } catch (e) { renderPick(errorText(e)); }
  }

  async function pick() {
    try {
      const path = await call('pick_import_file');
      if (!path) return;
      st.path = path;
      st.mapping = {};
      st.date_format = null;
      st.currency = null;
      st.missing = 'keep';
      st.missing_each = {};
      st.sheet = null;
      await refresh();
    } catch (e) { renderPick(errorText(e)); }
  }

  async function refresh() {
    try {
      st.preview = await call('import_preview', { path: st.path, options: options() });
      renderCheck();
    } catch (e) { renderPick(errorText(e)); }
  }

  function renderCheck() {
    const p = st.preview;
    clear(body);
    const headerOptions = [['', '— not in this file —']].concat(p.headers.map((x) => [x, x]));
    const mappingRows = p.mapping.map((m) => {
      const sel = h('select', { 'data-field': m.field, 'aria-label': `Column for ${m.label}` }, headerOptions.map(([v, l]) => h('option', { value: v, text: l })));
      sel.value = m.column || '';
      sel.addEventListener('change', () => { st.mapping[m.field] = sel.value; refresh(); });
      const id = `map-${m.field}`;
      sel.id = id;
      return h('div', { class: 'field' }, h('label', { for: id, text: m.label + (m.required ? ' *' : '') }), sel);
    });
    const dateChoice = h('select', { id: 'date-format', 'aria-label': 'Date order', style: 'width:auto' },
      h('option', { value: '', text: p.date_format_ambiguous ? 'Choose…' : 'Detected automatically' }),
      h('option', { value: 'dmy', text: 'Day first — 31/01/2026' }),
      h('option', { value: 'mdy', text: 'Month first — 01/31/2026' }),
      h('option', { value: 'iso', text: 'Year first — 2026-01-31' }));
    dateChoice.value = st.date_format || '';
    dateChoice.addEventListener('change', () => { st.date_format = dateChoice.value || null; refresh(); });
    const askCurrency = p.problems.some((x) => /say which currency/.test(x.message));
    const currencyChoice = h('select', { id: 'import-currency', 'aria-label': 'Currency of the amounts', style: 'width:auto' },
      h('option', { value: '', text: askCurrency ? 'Choose…' : 'As the file says' }),
      state.info.currencies.map((c) => h('option', { value: c, text: c })));
    currencyChoice.value = st.currency || '';
    currencyChoice.addEventListener('change', () => { st.currency = currencyChoice.value || null; refresh(); });
    const detected = { iso: 'year first (2026-01-31)', dmy: 'day first (31/01/2026)', mdy: 'month first (01/31/2026)' }[p.date_format] || 'unknown';

    const changes = p.new_invoices + p.updated_invoices;
    const commitText = !p.ready ? 'Fix the problems to import'
      : p.already_imported ? 'Already imported'
        : changes ? `Import ${plural(changes, 'invoice')}` : 'Bring the books up to date';
    const commit = h('button', { class: 'primary', id: 'commit-import', disabled: !p.ready || !!p.already_imported, text: commitText, onclick: doCommit });
    const sheetChoice = p.sheets.length > 1 ? h('div', { class: 'field' },
      h('label', { for: 'import-sheet', text: 'Sheet' }),
      (() => {
        const sel = h('select', { id: 'import-sheet', style: 'width:auto' }, p.sheets.map((x) => h('option', { value: x, text: x })));
        sel.value = p.sheet;
        sel.addEventListener('change', () => { st.sheet = sel.value; st.mapping = {}; refresh(); });
        return sel;
      })()) : null;
    const infoNotes = [p.already_imported, p.transactions_note, p.due_note,
      p.as_of ? `The report is dated ${day(p.as_of)}: money received since the last import is dated so.` : '',
      p.mapping_remembered ? 'The columns are mapped as you corrected them for a file with this header before.' : '']
      .filter(Boolean);
    body.append(
      h('div', { class: 'card section' },
        h('div', { class: 'steps' }, h('span', { text: '1 Choose file' }), '›', h('span', { class: 'on', text: '2 Check' }), '›', h('span', { text: '3 Import' })),
        h('div', { class: 'path', text: st.path }),
        infoNotes.length ? h('ul', { class: 'notice', id: 'import-info' }, infoNotes.map((x) => h('li', { text: x }))) : null,
        h('div', { class: 'summary-line', id: 'import-summary' },
          h('span', {}, h('strong', { text: p.data_rows.toLocaleString() }), ' rows'),
          h('span', {}, h('strong', { text: p.new_invoices.toLocaleString() }), ' new invoices'),
          h('span', {}, h('strong', { text: p.updated_invoices.toLocaleString() }), ' to update'),
          h('span', {}, h('strong', { text: p.unchanged_invoices.toLocaleString() }), ' unchanged'),
          h('span', {}, h('strong', { text: p.new_clients.toLocaleString() }), ' new clients'),
          p.merged_rows ? h('span', { class: 'muted', text: `${p.merged_rows} line-item rows folded into their invoices` }) : null),
        p.paid_since ? h('p', { id: 'import-paid-since', text: `Received since the last import: ${p.paid_since_total} on ${plural(p.paid_since, 'invoice')}. Importing records it as paid, so those invoices are no longer chased.` }) : null,
        p.notes.length ? h('ul', { class: 'problems', id: 'import-notes' }, p.notes.map((x) => h('li', {}, h('strong', { text: `Row ${x.row}` }), `: ${x.message}`))) : null,
        p.missing_invoices.length ? missingChoice(p) : null,
        h('div', { class: `field date-order${p.date_format_ambiguous && !st.date_format ? ' attention' : ''}` },
          h('label', { for: 'date-format', text: 'Date order' }), dateChoice,
          h('div', { class: 'hint', text: p.date_format ? `Reading dates as ${detected}.` : 'The dates fit both day-first and month-first: choose which this file uses.' })),
        h('div', { class: `field${askCurrency && !st.currency ? ' attention' : ''}` },
          h('label', { for: 'import-currency', text: 'Currency of the amounts' }), currencyChoice,
          h('div', { class: 'hint', id: 'import-currency-note', text: p.currency_note || 'Where the file names no currency, amounts are in the business\'s currency.' })),
        sheetChoice,
        h('div', { class: 'hint', id: 'import-encoding', text: p.delimiter ? `Read as ${p.encoding}, columns separated by ${p.delimiter === 'tab' ? 'tabs' : `“${p.delimiter}”`}.` : `Read as ${p.encoding}.` }),
        h('div', { class: 'actions' }, h('button', { text: 'Choose another file', onclick: pick }), commit)),
      h('div', { class: 'grid two-col' },
        h('div', { class: 'card' }, h('h2', { text: 'Columns' }),
          h('div', { class: 'mapping' }, mappingRows),
          p.decimal_comma ? h('div', { class: 'hint', text: 'Amounts use a decimal comma (1.234,56).' }) : null,
          p.unused_columns.length ? h('div', { class: 'hint', id: 'import-unused', text: `Not used: ${p.unused_columns.join(', ')}.` }) : null,
          p.skipped_rows.length ? h('details', { id: 'import-skipped' }, h('summary', { text: `${plural(p.skipped_rows.length, 'row')} left out (titles, totals, footers)` }),
            h('ul', { class: 'problems' }, p.skipped_rows.map((x) => h('li', {}, h('strong', { text: `Row ${x.row}` }), `: ${x.message}`)))) : null),
        h('div', { class: 'card' },
          h('h2', { text: p.problems.length ? `Problems (${p.problems.length})` : 'Problems' }),
          p.problems.length
            ? h('ul', { class: 'problems', id: 'import-problems' }, p.problems.map((x) => h('li', {},
              x.row ? h('strong', { text: `Row ${x.row}` }) : null, x.row && x.column ? ` · ${x.column}: ` : (x.row ? ': ' : ''), x.row ? x.message : x.message.charAt(0).toUpperCase() + x.message.slice(1))))
            : h('p', { class: 'muted', text: 'None. Every row can be imported.' }))),
      h('div', { class: 'card', style: 'margin-top:16px' }, h('h2', { text: 'First rows as they will be imported' }),
        h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Row', 'Invoice', 'Client', 'Issued', 'Due', 'Amount', 'Paid', ''].map((t, i) => h('th', { class: i === 5 || i === 6 ? 'num' : '', text: t })))),
          h('tbody', {}, p.sample.length ? p.sample.map((r) => h('tr', {},
            h('td', { class: 'muted', text: String(r.row) }), h('td', { text: r.number }), h('td', { class: 'name', text: r.client }),
            h('td', { text: r.issue_date }), h('td', { text: r.due_date }),
            h('td', { class: 'num', text: `${r.amount} ${r.currency}` }), h('td', { class: 'num', text: r.paid }),
            h('td', {}, h('span', { class: `pill ${r.action}`, text: r.action })))) : h('tr', {}, h('td', { class: 'empty', colspan: 8, text: 'No rows can be imported yet.' })))))));
  }

  // Open invoices the export no longer lists: one choice for all, and one per invoice.
  function missingChoice(p) {
    const choices = [['keep', 'Keep open'], ['paid', 'Paid'], ['cancelled', 'Cancelled']];
    const sel = h('select', { id: 'import-missing', 'aria-label': 'For all of them', style: 'width:auto' },
      h('option', { value: 'keep', text: 'Keep them all open' }),
      h('option', { value: 'paid', text: 'They were all paid' }),
      h('option', { value: 'cancelled', text: 'They were all cancelled' }));
    sel.value = st.missing;
    sel.addEventListener('change', () => { st.missing = sel.value; st.missing_each = {}; refresh(); });
    const each = p.missing_detail.slice(0, 50).map((m) => {
      const one = h('select', { 'data-missing': m.number, 'aria-label': `Invoice ${m.number}` }, choices.map(([v, l]) => h('option', { value: v, text: l })));
      one.value = m.action;
      one.addEventListener('change', () => { st.missing_each[m.number] = one.value; refresh(); });
      return h('li', {}, h('strong', { text: m.number }), h('span', { class: 'grow', text: m.client }), h('span', { class: 'num', text: m.outstanding }), one);
    });
    return h('div', { class: 'field attention', id: 'import-missing-box' },
      h('label', { for: 'import-missing', text: `${plural(p.missing_invoices.length, 'open invoice')} no longer in this file: paid, cancelled, or filtered out of the export?` }), sel,
      h('ul', { class: 'missing-list' }, each),
      p.missing_detail.length > 50 ? h('div', { class: 'hint', text: `… and ${p.missing_detail.length - 50} more, which follow the choice for all.` }) : null);
  }

  async function doCommit() {
    try {
      const r = await call('import_commit', { path: st.path, options: options() });
      await refreshInfo();
      clear(body);
      body.appendChild(h('div', { class: 'card', id: 'import-done' },
        h('div', { class: 'steps' }, h('span', { text: '1 Choose file' }), '›', h('span', { text: '2 Check' }), '›', h('span', { class: 'on', text: '3 Import' })),
        h('h2', { text: 'Import complete' }),
        h('p', { text: r.message }),
        h('div', { class: 'actions' },
          h('button', { class: 'primary', id: 'import-go-today', text: 'Go to Today', onclick: () => go('#/today') }),
          h('button', { id: 'import-go-dashboard', text: 'Dashboard', onclick: () => go('#/dashboard') }),
          h('button', { text: 'Import another file', onclick: () => renderPick() }),
          r.import_id ? h('button', { id: 'undo-this-import', text: 'Undo this import', onclick: () => undo({ id: r.import_id, file_name: r.file_name }) }) : null)));
      toast(r.message);
    } catch (e) {
      toast(errorText(e), 'error');
      await refresh();
    }
  }
}
