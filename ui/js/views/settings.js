// Settings: the business profile printed on letters, and backups.
import { call, places } from '../api.js';
import { h, clear, toast, errorText } from '../dom.js';
import { refreshInfo } from '../shell.js';
import { confirmBox } from '../modal.js';
import { state } from '../state.js';
import { theme, setTheme } from '../theme.js';

const FIELDS = [
  ['trading_name', 'Trading name', 'trading name', 'input', true],
  ['legal_name', 'Legal name', 'legal name', 'input'],
  ['email', 'Email', 'email', 'input'],
  ['phone', 'Phone', 'phone', 'input'],
  ['country', 'Country', 'country', 'country', true, 'Sets how dates are written, the bank reference printed, and the law notes.'],
  ['currency', 'Default currency', 'currency', 'select', true],
  ['address', 'Address', 'address', 'textarea'],
  ['signatory_name', 'Signs agreements (name)', 'signatory name', 'input'],
  ['signatory_title', 'Their title', 'signatory title', 'input'],
  ['iban', 'IBAN', 'iban', 'input', false, 'For euro payments: letters and agreements in euros print it with an RF reference and a QR code.'],
  ['bic', 'BIC', 'bic', 'input', false, '8 or 11 characters, e.g. COBADEFFXXX.'],
  ['sort_code', 'Sort code (UK)', 'sort_code', 'input', false, 'Six digits, e.g. 20-45-77.'],
  ['account_number', 'Account number (UK)', 'account_number', 'input', false, 'Eight digits.'],
  ['payment_details', 'Other ways to pay (printed after the bank details)', 'payment details', 'textarea', false, 'e.g. a card payment link. Each letter asks for one reference, the invoice or agreement it is about, so there is no need to write one here.'],
];

export async function renderSettings(view) {
  const b = await call('get_business');
  const pl = await places().catch(() => ({ countries: [] }));
  const page = h('div', { class: 'page', id: 'settings' });
  const inputs = {};
  const errors = {};
  const banner = h('div', { class: 'form-error', hidden: true });
  const grid = h('div', { class: 'form-grid' });
  for (const [key, label, , kind, req, hint] of FIELDS) {
    let el;
    if (kind === 'select') el = h('select', { id: `b-${key}` }, state.info.currencies.map((c) => h('option', { value: c, text: c })));
    else if (kind === 'country') {
      const known = pl.countries.some(([c]) => c === (b.country || '').toUpperCase());
      el = h('select', { id: `b-${key}` },
        known ? null : h('option', { value: b.country || '', text: b.country ? `${b.country} (not a country code)` : 'Choose…' }),
        pl.countries.map(([c, n]) => h('option', { value: c, text: n })));
      b.country = known ? b.country.toUpperCase() : b.country;
    }
    else if (kind === 'textarea') el = h('textarea', { id: `b-${key}`, rows: 3 });
    else el = h('input', { id: `b-${key}`, autocomplete: 'off' });
    el.value = b[key] || '';
    inputs[key] = el;
    errors[key] = h('div', { class: 'error', hidden: true });
    // A field's error goes as soon as the field is changed.
    const fresh = () => { el.classList.remove('invalid'); errors[key].hidden = true; };
    el.addEventListener('input', fresh);
    el.addEventListener('change', fresh);
    grid.appendChild(h('div', { class: `field${kind === 'textarea' ? ' wide' : ''}` }, h('label', { for: `b-${key}`, text: label + (req ? ' *' : '') }), el, hint ? h('div', { class: 'hint', text: hint }) : null, errors[key]));
  }
  const form = h('form', { id: 'business-form' }, banner, grid, h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', text: 'Save business details' })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    banner.hidden = true;
    for (const k of Object.keys(inputs)) { inputs[k].classList.remove('invalid'); errors[k].hidden = true; }
    const input = {};
    for (const [k, el] of Object.entries(inputs)) input[k] = el.value;
    try {
      await call('update_business', { input });
      await refreshInfo();
      toast('Business details saved');
    } catch (e) {
      const f = FIELDS.find((x) => x[2] === e.field);
      if (f) { inputs[f[0]].classList.add('invalid'); errors[f[0]].textContent = e.message.replace(/^[^:]+:\s*/, ''); errors[f[0]].hidden = false; inputs[f[0]].focus(); }
      else { banner.textContent = errorText(e); banner.hidden = false; }
    }
  });

  const backups = h('div', { id: 'backups' });
  page.append(
    h('div', { class: 'page-head' }, h('div', {}, h('h1', { text: 'Settings' }), h('div', { class: 'sub', text: 'Your business, and the safety of your data' }))),
    h('div', { class: 'card section' }, h('h2', { text: 'Business profile' }), h('p', { class: 'muted', text: 'Printed on reminders, letters and agreements.' }), form),
    h('div', { class: 'card section' }, h('h2', { text: 'Backups' }),
      h('p', { class: 'muted' }, 'Everything lives in one file on this computer: ', h('span', { class: 'path', text: state.info.db_path })),
      h('div', { class: 'actions', style: 'margin-bottom:14px' },
        h('button', { class: 'primary', id: 'backup-now', text: 'Back up now', onclick: backupNow }),
        h('button', { text: 'Restore from a file…', onclick: restoreFromFile })),
      backups),
    appearance());
  view.appendChild(page);
  await listBackups();

  async function backupNow() {
    try {
      const f = await call('backup_now');
      toast(`Backup saved: ${f.name}`);
      await listBackups();
    } catch (e) { toast(errorText(e), 'error'); }
  }
  async function restore(path) {
    const ok = await confirmBox({ title: 'Restore this backup?', message: `Your current data will be replaced by ${path}. A copy of the current data is saved first, so this can be undone.`, confirmLabel: 'Restore' });
    if (!ok) return;
    try {
      const safety = await call('restore_backup', { path });
      await refreshInfo();
      toast(`Restored. The data it replaced was saved as ${safety.name}`);
      await listBackups();
    } catch (e) { toast(errorText(e), 'error'); }
  }
  async function restoreFromFile() {
    try {
      const p = await call('pick_backup_file');
      if (p) await restore(p);
    } catch (e) { toast(errorText(e), 'error'); }
  }
  async function listBackups() {
    const list = await call('list_backups');
    clear(backups);
    backups.appendChild(list.length ? h('table', {},
      h('thead', {}, h('tr', {}, h('th', { text: 'Backup' }), h('th', { text: 'Made' }), h('th', { class: 'num', text: 'Size' }), h('th', {}))),
      h('tbody', {}, list.map((f) => h('tr', {},
        h('td', { class: 'name', text: f.name }), h('td', { text: f.modified }), h('td', { class: 'num', text: `${Math.max(1, Math.round(f.bytes / 1024)).toLocaleString()} KB` }),
        h('td', { class: 'num' }, h('button', { class: 'link', text: 'Restore', onclick: () => restore(f.path) }))))))
      : h('p', { class: 'muted', text: 'No backups yet.' }));
  }
}

/** Light, dark, or as the system says (kept on this computer). */
function appearance() {
  const sel = h('select', { id: 'theme', 'aria-label': 'Theme' },
    h('option', { value: 'system', text: 'As the system (light or dark)' }),
    h('option', { value: 'light', text: 'Light' }),
    h('option', { value: 'dark', text: 'Dark' }));
  sel.value = theme();
  sel.addEventListener('change', () => setTheme(sel.value));
  return h('div', { class: 'card section', id: 'appearance' }, h('h2', { text: 'Appearance' }),
    h('div', { class: 'form-grid narrow' }, h('div', { class: 'field' }, h('label', { for: 'theme', text: 'Theme' }), sel)));
}
