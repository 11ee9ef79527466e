// "How collection is going": the numbers to steer by, computed in Rust
// (steer.rs) and drawn here. Every figure opens the list behind it.
import { call } from '../api.js';
import { h, s, clear, plural, day } from '../dom.js';
import { go } from '../router.js';
import { kpi, BUCKET_COLORS } from '../widgets.js';

const modal = () => document.getElementById('modal');
/** The overdue buckets' colours (not-yet-due left out), as the aging chart draws them. */
const AGED_COLORS = BUCKET_COLORS.slice(1);

/** Exact minor units of an Amount as BigInt (no float ever holds money). */
const units = (a) => {
  const [whole, frac = ''] = a.amount.replace('-', '').split('.');
  return BigInt(whole + frac);
};

/** A list dialog: rows of [label, value, client_id?]; a row with a client opens it. */
function listDialog(title, note, rows) {
  const m = modal();
  clear(m);
  const body = rows.length
    ? h('table', { class: 'table compact' }, h('tbody', {}, rows.map(([label, value, clientId]) => h('tr', clientId ? { class: 'clickable', tabindex: 0, onclick: () => { m.close(); go(`#/client/${clientId}`); } } : {},
      h('td', { text: label }), h('td', { class: 'num', text: value })))))
    : h('p', { class: 'muted', text: 'Nothing here.' });
  m.appendChild(h('div', {},
    h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: title })),
    h('div', { class: 'modal-body', id: 'steer-list' }, note ? h('p', { class: 'muted', text: note }) : null, body),
    h('div', { class: 'modal-foot' }, h('button', { type: 'button', class: 'primary', text: 'Close', onclick: () => m.close() }))));
  m.showModal();
}

/** Vertical bars. `bars`: [{ label, value: BigInt|Number, text, id }]. */
function bars(bars, aria, onPick, color = '#1f6f5f') {
  const W = 460, H = 220, top = 26, bottom = 34, left = 22, gap = 10;
  const n = bars.length;
  const bw = (W - left * 2 - gap * (n - 1)) / n;
  const max = bars.reduce((a, b) => (b.value > a ? b.value : a), typeof bars[0].value === 'bigint' ? 1n : 1);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': aria });
  svg.appendChild(s('line', { x1: 0, x2: W, y1: H - bottom, y2: H - bottom, stroke: '#d3d9d5' }));
  const plotH = H - top - bottom;
  bars.forEach((b, i) => {
    const x = left + i * (bw + gap);
    const frac = typeof b.value === 'bigint' ? Number((b.value * 1000n) / max) / 1000 : b.value / max;
    const hgt = Math.max(frac * plotH, b.value > 0 ? 2 : 0);
    const g = s('g', { class: 'bar', tabindex: 0, role: 'button', 'data-bar': b.id, 'aria-label': `${b.label}: ${b.text}` });
    g.addEventListener('click', () => onPick(i));
    g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(i); } });
    g.appendChild(s('rect', { class: 'track', x, y: top, width: bw, height: plotH, rx: 5, fill: 'transparent' }));
    if (b.stack && b.value > 0) {
      // Stacked parts, oldest at the top; heights share the bar's exactly.
      let y = H - bottom;
      const total = b.stack.reduce((a, p) => a + p.value, 0n);
      let used = 0;
      b.stack.forEach((p, k) => {
        if (p.value <= 0n) return;
        const rest = b.stack.slice(k + 1).some((q) => q.value > 0n);
        const ph = rest ? Number((p.value * 100000n) / total) / 100000 * hgt : hgt - used;
        used += ph;
        y -= ph;
        g.appendChild(s('rect', { class: 'fill part', 'data-part': p.key, x, y, width: bw, height: ph, fill: p.color }));
      });
    } else {
      g.appendChild(s('rect', { class: 'fill', x, y: H - bottom - hgt, width: bw, height: hgt, rx: 4, fill: b.color || color }));
    }
    const none = typeof b.value === 'bigint' ? b.value === 0n : !b.value;
    // Nothing in a period: a grey stub and "none", not a missing bar.
    if (none) g.appendChild(s('rect', { class: 'zero', x, y: H - bottom - 3, width: bw, height: 3, rx: 1.5 }));
    g.appendChild(s('text', { class: none ? 'amount zero' : 'amount', x: x + bw / 2, y: H - bottom - hgt - 6 - (none ? 3 : 0), 'text-anchor': 'middle', text: none ? 'none' : b.text }));
    g.appendChild(s('text', { x: x + bw / 2, y: H - bottom + 16, 'text-anchor': 'middle', text: b.label }));
    svg.appendChild(g);
  });
  return svg;
}

export async function steeringSection() {
  const st = await call('steering');
  const section = h('section', { id: 'steering', 'aria-label': 'How collection is going' });
  const p = st.promises;
  const thisMonth = st.recovery[st.recovery.length - 1];
  const lastMonth = st.recovery[st.recovery.length - 2];
  const openCases = (state) => {
    const c = st.cases.find((x) => x.state === state);
    const note = c.clients.length < c.count ? `The ${c.clients.length} owing most, of ${c.count}. Clients lists them all.` : null;
    listDialog(`${c.label} (${c.count})`, note, c.clients.map((r) => [r.client_name, r.overdue.display, r.client_id]));
  };
  const card = (id, title, note, content) => h('div', { class: 'card chart', id }, h('h2', { text: title }), content, note ? h('div', { class: 'muted small', text: note }) : null);

  const k1 = kpi('Days to get paid', st.dso_days ? `${st.dso_days} days` : '—', `on average (DSO): outstanding ${st.receivables.display} ÷ invoiced in the last 90 days ${st.invoiced_90_days.display} × 90`, '', 'kpi-dso');
  k1.title = 'Days sales outstanding: how many days of invoicing are still unpaid. Lower is better; your payment terms are the floor.';
  const k2 = kpi('Promises kept', p.keep_rate_pct ? `${p.keep_rate_pct}%` : '—', `${p.resolved ? `${p.kept} of the ${plural(p.resolved, 'promise')} that came due` : 'none came due yet'} · ${p.pending_count} still to come (${p.pending.display})`, '', 'kpi-promises');
  k2.title = 'Promises to pay whose date (and grace period) has passed in the last 180 days, and how many were paid in full.';
  const k3 = kpi('Expected from agreements', st.forecast_total.display, `next 6 months · ${plural(st.active_agreements, 'active agreement')}`, '', 'kpi-forecast');
  const k4 = kpi('Collected this month', thisMonth.rate_pct ? `${thisMonth.rate_pct}%` : '—', `${thisMonth.collected.display} of ${thisMonth.overdue_at_start.display} overdue on the 1st${lastMonth && lastMonth.rate_pct ? ` · last month ${lastMonth.rate_pct}%` : ''}`, '', 'kpi-recovery');
  for (const [el, fn] of [[k1, () => listDialog(`Days to get paid: ${st.dso_days ? `${st.dso_days} days` : '—'}`, 'Days sales outstanding (DSO): what is still owed, as a number of days of what you invoice. An invoice paid on 30-day terms, on time, counts 30 days.', [['Outstanding now (every open invoice)', st.receivables.display], ['Invoiced in the last 90 days', st.invoiced_90_days.display], ['Outstanding ÷ invoiced × 90', st.dso_days ? `${st.dso_days} days` : '—']])], [k2, () => listDialog('Promises to pay', `The last 180 days: promised ${p.promised_resolved.display}, paid ${p.paid_on_resolved.display} on the promises that came due.`, [['Kept (paid in full)', String(p.kept)], ['Partly kept', String(p.partly_kept)], ['Broken (nothing paid)', String(p.broken)], ['Still to come', `${p.pending_count} (${p.pending.display})`]])], [k3, () => listDialog('Expected from agreements', null, st.forecast.flatMap((m) => m.lines.map((l) => [`${day(l.due_date)} · ${l.client_name} · ${l.reference} #${l.number}`, l.amount.display, l.client_id])))], [k4, () => listDialog('Recovery rate by month', 'Money received in the month on invoices overdue when paid ÷ overdue on the first of the month.', st.recovery.map((m) => [`${m.label}: ${m.collected.display} of ${m.overdue_at_start.display}`, m.rate_pct ? `${m.rate_pct}%` : '—']))]]) {
    el.classList.add('clickable');
    el.tabIndex = 0;
    el.addEventListener('click', fn);
    el.addEventListener('keydown', (e) => { if (e.key === 'Enter') fn(); });
  }
  section.appendChild(h('h2', { class: 'section-title', text: 'How collection is going' }));
  section.appendChild(h('div', { class: 'grid kpis' }, k1, k2, k3, k4));

  const legend = h('div', { class: 'legend small' }, AGED_COLORS.map((c, k) => h('span', {}, h('i', { style: `background:${c}` }), st.overdue_trend[0].aged[k].label)));
  const trend = card('chart-trend', `Overdue and its age over time (${st.currency})`, 'At each month end, then today, by days overdue on that date. Click a bar for its figures.',
    h('div', {}, legend, bars(st.overdue_trend.map((pt) => ({
      id: pt.date, label: pt.label, value: units(pt.amount), text: pt.amount.display.replace(/\.\d\d$/, ''),
      stack: pt.aged.map((b, k) => ({ key: b.bucket, value: units(b.amount), color: AGED_COLORS[k] })),
    })), 'Overdue total over time, by age', (i) => {
      const pt = st.overdue_trend[i];
      const when = i === st.overdue_trend.length - 1 ? 'today' : `on ${pt.label}`;
      listDialog(`Overdue ${when}: ${pt.amount.display}`, i === st.overdue_trend.length - 1 ? 'By days overdue. The overdue list on this page shows every invoice behind it.' : 'By days overdue on that date, counting payments received up to it.',
        pt.aged.map((b) => [b.label, b.amount.display]));
    })));
  const forecast = card('chart-forecast', 'Expected from agreements', st.active_agreements ? 'Unpaid instalments by month; late ones count in this month. Click a month for its payments.' : 'No active agreement yet: agreements appear here once signed.',
    bars(st.forecast.map((m) => ({ id: m.month, label: m.label.replace(/ \d{4}$/, ''), value: units(m.amount), text: m.amount.display.replace(/\.\d\d$/, '') })), 'Cash expected from agreements per month', (i) => {
      const m = st.forecast[i];
      listDialog(`Expected in ${m.label}: ${m.amount.display}`, m.late.amount !== '0.00' && m.late.amount !== '0' ? `Of which ${m.late.display} is already late.` : null, m.lines.map((l) => [`${day(l.due_date)} · ${l.client_name} · ${l.reference} payment ${l.number}`, l.amount.display, l.client_id]));
    }));
  const recovery = card('chart-recovery', 'Recovery rate per month', 'Collected on overdue invoices ÷ overdue on the first of the month.',
    bars(st.recovery.map((m) => ({ id: m.month, label: m.label.replace(/ \d{4}$/, ''), value: m.rate_pct ? Math.round(Number(m.rate_pct) * 10) : 0, text: m.rate_pct ? `${m.rate_pct}%` : '—' })), 'Recovery rate per month', (i) => {
      const m = st.recovery[i];
      listDialog(`Recovery in ${m.label}`, null, [['Overdue on the 1st', m.overdue_at_start.display], ['Collected on overdue invoices', m.collected.display], ['Rate', m.rate_pct ? `${m.rate_pct}%` : '—']]);
    }, '#1f6f5f'));
  const maxCases = Math.max(1, ...st.cases.map((c) => c.count));
  const cases = card('cases', 'Cases by state', 'Each client with something overdue, once, in its most advanced state. Click one for the clients.',
    h('ul', { class: 'case-bars' }, st.cases.map((c) => h('li', { class: c.count ? 'clickable' : 'empty', 'data-state': c.state, tabindex: c.count ? 0 : -1, onclick: () => c.count && openCases(c.state), onkeydown: (e) => { if (e.key === 'Enter' && c.count) openCases(c.state); } },
      h('span', { class: 'case-label', text: c.label }),
      h('span', { class: 'case-track' }, h('span', { class: `case-fill s-${c.state}`, style: `width:${(c.count / maxCases) * 100}%` })),
      h('span', { class: 'case-count', text: String(c.count) })))));
  section.appendChild(h('div', { class: 'grid two-col' }, trend, forecast));
  section.appendChild(h('div', { class: 'grid two-col' }, recovery, cases));
  return section;
}
