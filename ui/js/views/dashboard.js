// Dashboard: overdue total, aging chart, and the overdue list (paged in Rust).
import { call } from '../api.js';
import { h, s, plural, clear, day } from '../dom.js';
import { go } from '../router.js';
import { kpi, pager, BUCKET_COLORS } from '../widgets.js';
import { clientForm } from '../forms.js';
import { steeringSection } from './steer.js';

const PAGE = 50;
const BUCKET_CLASS = ['b0', 'b1', 'b2', 'b3', 'b4'];

export async function renderDashboard(view) {
  const aging = await call('aging');
  const home = aging.currencies[0];
  const listState = { status: 'overdue', bucket: null, search: '', sort: 'days_overdue', reverse: false, offset: 0 };

  const page = h('div', { class: 'page', id: 'dashboard' });
  page.appendChild(h('div', { class: 'page-head' },
    h('div', {}, h('h1', { text: 'Dashboard' }), h('div', { class: 'sub', text: `What is owed to you as of ${day(aging.as_of)}` })),
    h('div', { class: 'actions' },
      h('button', { text: 'Import invoices', onclick: () => go('#/import') }),
      h('button', { class: 'primary', text: 'Add client', onclick: () => clientForm(null, (c) => go(`#/client/${c.id}`)) }))));

  const listCard = h('div', { class: 'card', id: 'overdue-list' });
  // A bar or a figure opens its list and brings it into view.
  const pick = async (k, status = 'open') => {
    listState.bucket = k; listState.status = status; listState.offset = 0;
    await loadList();
    listCard.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  const figure = (el, fn, help) => {
    el.classList.add('clickable'); el.tabIndex = 0; el.title = help;
    el.addEventListener('click', fn);
    el.addEventListener('keydown', (e) => { if (e.key === 'Enter') fn(); });
    return el;
  };
  const overdueShare = home.overdue_invoices;
  page.appendChild(h('div', { class: 'grid kpis' },
    figure(kpi('Total overdue', home.overdue.display, `${plural(overdueShare, 'invoice')} past due`, 'primary', 'kpi-overdue'), () => pick(null, 'overdue'), 'Unpaid on invoices past their due date. Click for the list.'),
    figure(kpi('Outstanding', home.outstanding.display, `${plural(home.open_invoices, 'open invoice')}`, '', 'kpi-outstanding'), () => pick(null, 'open'), 'Unpaid on every open invoice, due or not. Click for the list.'),
    figure(kpi('Over 90 days', home.buckets[4].total.display, `${plural(home.buckets[4].count, 'invoice')} — review for escalation`, '', 'kpi-over90'), () => pick(home.buckets[4].bucket), 'More than 90 days past due: worth a hand-over review. Click for the list.'),
    figure(kpi('Not yet due', home.buckets[0].total.display, `${plural(home.buckets[0].count, 'invoice')} coming up`, '', 'kpi-notdue'), () => pick(home.buckets[0].bucket), 'Invoices whose due date has not come. Click for the list.')));

  const chartCard = h('div', { class: 'card chart', id: 'aging-chart' },
    h('h2', { text: `Aging (${home.currency})` }),
    agingChart(home, (k) => pick(k)));
  if (aging.currencies.length > 1) {
    chartCard.appendChild(h('div', { class: 'other-currencies' },
      'Also outstanding: ',
      aging.currencies.slice(1).map((c, i) => `${i ? ' · ' : ''}${c.outstanding.display} (${c.overdue.display} overdue)`).join('')));
  }
  const legend = h('div', { class: 'muted', style: 'margin-top:8px;font-size:12.5px', text: 'Click a bar to list its invoices.' });
  chartCard.appendChild(legend);

  const summaryCard = h('div', { class: 'card' }, h('h2', { text: 'By age' }), bucketTable(home, (k) => pick(k)));
  page.appendChild(h('div', { class: 'grid two-col' }, chartCard, summaryCard));
  page.appendChild(await steeringSection());
  page.appendChild(listCard);
  view.appendChild(page);

  const search = h('input', { type: 'search', class: 'search', placeholder: 'Search invoice, client or description  ( / )', 'aria-label': 'Search invoices' });
  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { listState.search = search.value; listState.offset = 0; loadList(); }, 180);
  });
  const chips = h('div', { class: 'actions', role: 'group', 'aria-label': 'Which invoices' });
  const title = h('h2', { style: 'margin:0' });
  const body = h('div', {});
  listCard.append(h('div', { class: 'toolbar' }, title, h('div', { class: 'grow' }), chips, search), body);

  function renderChips() {
    clear(chips);
    const opts = [['overdue', 'Overdue'], ['open', 'All unpaid']];
    for (const [k, label] of opts) {
      chips.appendChild(h('button', {
        class: `chip${listState.status === k && !listState.bucket ? ' active' : ''}`,
        text: label,
        'aria-pressed': String(listState.status === k && !listState.bucket),
        onclick: () => { listState.status = k; listState.bucket = null; listState.offset = 0; loadList(); },
      }));
    }
    if (listState.bucket) {
      const b = home.buckets.find((x) => x.bucket === listState.bucket);
      chips.appendChild(h('button', { class: 'chip active', text: `${b.label} ✕`, 'aria-label': `Showing ${b.label}; clear`, onclick: () => { listState.bucket = null; listState.status = 'overdue'; loadList(); } }));
    }
  }

  async function loadList() {
    renderChips();
    const q = { status: listState.status, bucket: listState.bucket, search: listState.search, sort: listState.sort, reverse: listState.reverse, offset: listState.offset, limit: PAGE };
    const res = await call('list_invoices', { query: q });
    title.textContent = listState.bucket ? `Unpaid invoices, ${home.buckets.find((x) => x.bucket === listState.bucket).label}` : listState.status === 'overdue' ? 'Overdue invoices' : 'Unpaid invoices';
    clear(body);
    body.appendChild(invoiceTable(res.rows, listState, loadList, { showClient: true }));
    body.appendChild(pager(res, listState, loadList));
  }
  await loadList();
}

function bucketTable(c, onPick) {
  const rows = c.buckets.map((b, i) => h('tr', { class: 'clickable', tabindex: 0, 'data-bucket': b.bucket,
    onclick: () => onPick(b.bucket), onkeydown: (e) => { if (e.key === 'Enter') onPick(b.bucket); } },
  h('td', {}, h('span', { class: `swatch ${BUCKET_CLASS[i]}` }), b.label),
  h('td', { class: 'num', text: b.count.toLocaleString() }),
  h('td', { class: 'num bucket-total', text: b.total.display })));
  return h('table', { id: 'bucket-table' },
    h('thead', {}, h('tr', {}, h('th', { text: 'Age' }), h('th', { class: 'num', text: 'Invoices' }), h('th', { class: 'num', text: 'Amount' }))),
    h('tbody', {}, rows,
      h('tr', {}, h('td', {}, h('strong', { text: 'Overdue' })), h('td', { class: 'num', text: c.overdue_invoices.toLocaleString() }), h('td', { class: 'num' }, h('strong', { text: c.overdue.display }))),
      h('tr', {}, h('td', {}, h('strong', { text: 'Outstanding' })), h('td', { class: 'num', text: c.open_invoices.toLocaleString() }), h('td', { class: 'num' }, h('strong', { text: c.outstanding.display })))));
}

/** Vertical bars drawn in SVG. Bar heights compare the buckets' minor-unit
 *  sums as integers (exact strings → BigInt), never as floats of money. */
function agingChart(c, onPick) {
  const W = 460, H = 300, top = 30, bottom = 50, left = 6, gap = 14;
  const n = c.buckets.length;
  const bw = (W - left * 2 - gap * (n - 1)) / n;
  const units = c.buckets.map((b) => BigInt(b.total.amount.replace('.', '').replace('-', '')));
  const max = units.reduce((a, b) => (b > a ? b : a), 1n);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Outstanding amounts by age' });
  svg.appendChild(s('line', { x1: 0, x2: W, y1: H - bottom, y2: H - bottom, stroke: '#d3d9d5' }));
  c.buckets.forEach((b, i) => {
    const x = left + i * (bw + gap);
    const plotH = H - top - bottom;
    const hgt = Number((units[i] * 1000n) / max) / 1000 * plotH;
    const g = s('g', { class: 'bar', tabindex: 0, role: 'button', 'data-bucket': b.bucket, 'aria-label': `${b.label}: ${b.total.display}, ${b.count} invoices` });
    g.addEventListener('click', () => onPick(b.bucket));
    g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(b.bucket); } });
    g.appendChild(s('rect', { class: 'track', x, y: top, width: bw, height: plotH, rx: 6, fill: 'transparent' }));
    g.appendChild(s('rect', { class: 'fill', x, y: H - bottom - Math.max(hgt, units[i] > 0n ? 2 : 0), width: bw, height: Math.max(hgt, units[i] > 0n ? 2 : 0), rx: 5, fill: BUCKET_COLORS[i] }));
    g.appendChild(s('text', { class: 'amount', x: x + bw / 2, y: H - bottom - hgt - 8, 'text-anchor': 'middle', text: b.total.display }));
    g.appendChild(s('text', { x: x + bw / 2, y: H - bottom + 18, 'text-anchor': 'middle', text: b.label }));
    g.appendChild(s('text', { x: x + bw / 2, y: H - bottom + 34, 'text-anchor': 'middle', fill: '#7b8683', text: plural(b.count, 'invoice') }));
    svg.appendChild(g);
  });
  return svg;
}

const COLUMNS = [
  ['number', 'Invoice', ''],
  ['client', 'Client', ''],
  ['days_overdue', 'Due', ''],
  ['days_overdue', 'Days late', 'num'],
  ['amount', 'Amount', 'num'],
  ['outstanding', 'Outstanding', 'num'],
];

export function invoiceTable(rows, st, reload, { showClient = true, onRow } = {}) {
  const cols = COLUMNS.filter((c) => showClient || c[0] !== 'client');
  const head = h('tr', {}, cols.map(([key, label, cls], idx) => {
    // "Due" and "Days late" are one order; the arrow shows on "Days late".
    const active = st.sort === key && label !== 'Due';
    const th = h('th', { class: `sortable ${cls}`, tabindex: 0, scope: 'col', 'aria-sort': active ? (st.reverse ? 'descending' : 'ascending') : 'none' }, label,
      active ? h('span', { class: 'arrow', text: st.reverse ? '↑' : '↓' }) : null);
    const sortBy = () => { if (st.sort === key) st.reverse = !st.reverse; else { st.sort = key; st.reverse = false; } st.offset = 0; reload(); };
    th.addEventListener('click', sortBy);
    th.addEventListener('keydown', (e) => { if (e.key === 'Enter') sortBy(); });
    return th;
  }), h('th', { text: 'Status' }));
  const open = (r) => (onRow ? onRow(r) : go(`#/client/${r.client_id}`));
  const body = rows.length
    ? rows.map((r) => h('tr', { class: 'clickable', tabindex: 0, 'data-invoice': r.number, onclick: () => open(r), onkeydown: (e) => { if (e.key === 'Enter') open(r); } },
      h('td', { text: r.number }),
      showClient ? h('td', { class: 'name client-name', text: r.client_name }) : null,
      h('td', { text: day(r.due_date) }),
      h('td', { class: 'num', text: r.days_overdue > 0 ? String(r.days_overdue) : '—' }),
      h('td', { class: 'num', text: r.amount.display }),
      h('td', { class: 'num outstanding', text: r.outstanding.display }),
      h('td', { class: 'status' }, h('span', { class: `pill ${r.status}`, text: { paid: 'Paid', open: 'Not yet due', overdue: 'Overdue' }[r.status] }),
        r.status !== 'paid' && !/^0+(\.0+)?$/.test(r.paid.amount) ? h('span', { class: 'pill part-paid', text: 'Part paid', title: `${r.paid.display} paid of ${r.amount.display}` }) : null)))
    : [h('tr', {}, h('td', { class: 'empty', colspan: cols.length + 1, text: 'No invoices here.' }))];
  return h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, head), h('tbody', {}, body)));
}
