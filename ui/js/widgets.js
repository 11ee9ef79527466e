// Small pieces of page shared by several views.
import { h } from './dom.js';

/** A headline figure: label, value (already formatted by Rust), note. */
/** The aging buckets' colours, in order: not yet due, 1–30, 31–60, 61–90,
 *  over 90 days (the aging chart and the overdue-over-time chart). */
export const BUCKET_COLORS = ['#8fb9ad', '#e2b04a', '#e08a3c', '#d4623a', '#b23a3a'];

export function kpi(label, value, note, cls, id) {
  return h('div', { class: `card kpi ${cls}`, id },
    h('div', { class: 'label', text: label }),
    h('div', { class: 'value', text: value }),
    h('div', { class: 'note', text: note }));
}

/** "1–50 of 1,234" with Previous/Next for a page from Rust; moves `st.offset`. */
export function pager(res, st, reload) {
  const from = res.total_rows ? res.offset + 1 : 0;
  const to = Math.min(res.offset + res.rows.length, res.total_rows);
  return h('div', { class: 'pager' },
    h('span', { class: 'pager-count', text: `${from.toLocaleString()}–${to.toLocaleString()} of ${res.total_rows.toLocaleString()}` }),
    h('div', { class: 'actions' },
      h('button', { text: '← Previous', disabled: res.offset === 0, onclick: () => { st.offset = Math.max(0, res.offset - res.limit); reload(); } }),
      h('button', { text: 'Next →', disabled: to >= res.total_rows, onclick: () => { st.offset = res.offset + res.limit; reload(); } })));
}
