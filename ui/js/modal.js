// One modal dialog at a time, built from a form description. The form's
// submit calls Rust; a field error from the core is shown under that field.
import { h, clear, errorText } from './dom.js';

const modal = () => document.getElementById('modal');

export function closeModal() {
  const m = modal();
  if (m.open) m.close();
}

/**
 * fields: [{ name, label, type?, value?, options?: [[value,label]], wide?, hint?, required?, field? }]
 * `field` is the core's name for it (as in its error messages), default = label lower-case.
 * onSubmit(values) → Promise; resolves to close.
 */
export function openForm({ title, fields, submitLabel = 'Save', onSubmit, intro }) {
  const m = modal();
  clear(m);
  const inputs = {};
  const errors = {};
  const banner = h('div', { class: 'form-error', hidden: true });
  const grid = h('div', { class: 'form-grid' });
  for (const f of fields) {
    const id = `f-${f.name}`;
    let input;
    if (f.type === 'select') {
      input = h('select', { id, name: f.name }, f.options.map(([v, l]) => h('option', { value: v, text: l })));
      input.value = f.value ?? '';
    } else if (f.type === 'textarea') {
      input = h('textarea', { id, name: f.name, rows: 3 });
      input.value = f.value ?? '';
    } else {
      input = h('input', { id, name: f.name, type: f.type || 'text', inputmode: f.inputmode, autocomplete: 'off', placeholder: f.placeholder, spellcheck: 'false' });
      input.value = f.value ?? '';
    }
    if (f.required) input.setAttribute('aria-required', 'true');
    inputs[f.name] = input;
    errors[f.name] = h('div', { class: 'error', hidden: true, id: `${id}-error` });
    // A field's error goes as soon as the field is changed.
    const fresh = () => { input.classList.remove('invalid'); errors[f.name].hidden = true; };
    input.addEventListener('input', fresh);
    input.addEventListener('change', fresh);
    grid.appendChild(h('div', { class: `field${f.wide ? ' wide' : ''}` },
      h('label', { for: id, text: f.label + (f.required ? ' *' : '') }),
      input,
      f.hint ? h('div', { class: 'hint', text: f.hint }) : null,
      errors[f.name]));
  }
  const submit = h('button', { class: 'primary', type: 'submit', text: submitLabel });
  const form = h('form', { method: 'dialog', novalidate: true },
    h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: title })),
    h('div', { class: 'modal-body' }, intro ? h('p', { class: 'muted', text: intro }) : null, banner, grid),
    h('div', { class: 'modal-foot' },
      h('button', { type: 'button', text: 'Cancel', onclick: () => m.close() }),
      submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const k of Object.keys(inputs)) { inputs[k].classList.remove('invalid'); errors[k].hidden = true; }
    banner.hidden = true;
    const values = {};
    for (const [k, el] of Object.entries(inputs)) values[k] = el.value;
    submit.disabled = true;
    try {
      await onSubmit(values);
      m.close();
    } catch (e) {
      const target = e && e.field ? fields.find((f) => (f.field || f.label.toLowerCase()) === e.field) : null;
      if (target) {
        inputs[target.name].classList.add('invalid');
        errors[target.name].textContent = e.message.replace(/^[^:]+:\s*/, '');
        errors[target.name].hidden = false;
        inputs[target.name].focus();
      } else {
        banner.textContent = errorText(e);
        banner.hidden = false;
      }
    } finally {
      submit.disabled = false;
    }
  });
  m.appendChild(form);
  m.showModal();
  const first = form.querySelector('input, select, textarea');
  if (first) first.focus();
}

export function confirmBox({ title, message, confirmLabel = 'OK', danger = false }) {
  return new Promise((resolve) => {
    const m = modal();
    clear(m);
    const done = (v) => { m.close(); resolve(v); };
    m.appendChild(h('div', {},
      h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: title })),
      h('div', { class: 'modal-body' }, h('p', { text: message })),
      h('div', { class: 'modal-foot' },
        h('button', { type: 'button', text: 'Cancel', onclick: () => done(false) }),
        h('button', { type: 'button', class: danger ? 'primary danger-fill' : 'primary', text: confirmLabel, onclick: () => done(true) }))));
    m.addEventListener('cancel', () => resolve(false), { once: true });
    m.showModal();
  });
}
