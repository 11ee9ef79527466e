// Small pieces of page shared by several views.
import { h } from './dom.js';

/** A headline figure: label, value (already formatted by Rust), note. */
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
