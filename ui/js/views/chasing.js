// Chasing setup: the ladder and its templates, chase defaults and contact
// guards, late-payment interest with the reference-rate table, the mail
// server, and the outbox.
import { call, places } from '../api.js';
import { h, clear, toast, errorText, showError, day, when } from '../dom.js';
import { openForm, confirmBox } from '../modal.js';
import { go } from '../router.js';
import { bottomLineFields, bottomLineValue } from './negotiate.js';

const TABS = [['ladder', 'Ladder & templates'], ['rules', 'Defaults & guards'], ['interest', 'Interest & fees'], ['bottom', 'Bottom line'], ['email', 'Email'], ['outbox', 'Outbox']];
const CHANNELS = [['email', 'Email'], ['sms', 'SMS'], ['call', 'Phone call'], ['letter', 'Letter']];
const TONES = [['friendly', 'Friendly'], ['firm', 'Firm'], ['final', 'Final']];
const LETTERS = [['reminder', 'Reminder'], ['firm_reminder', 'Firm reminder'], ['final_notice', 'Final notice'], ['statement', 'Statement of account']];
const label = (list, v) => (list.find(([k]) => k === v) || [v, v])[1];

export async function renderChasing(view, tab = 'ladder') {
  if (!TABS.some(([k]) => k === tab)) tab = 'ladder';
  const setup = await call('chase_setup');
  const reload = async () => { clear(view); await renderChasing(view, tab); };
  const page = h('div', { class: 'page', id: 'chasing' });
  page.appendChild(h('div', { class: 'page-head' }, h('div', {},
    h('h1', { text: 'Chasing' }),
    h('div', { class: 'sub', text: 'How reminders climb, what they say, what late payment costs, and how email goes out.' }))));
  const bar = h('div', { class: 'tabs', role: 'tablist' }, TABS.map(([k, l]) => h('button', {
    role: 'tab', class: k === tab ? 'active' : '', 'aria-selected': String(k === tab), 'data-tab': k, text: l,
    onclick: () => go(`#/chasing/${k}`),
  })));
  const panel = h('div', { role: 'tabpanel' });
  page.appendChild(h('div', { class: 'card' }, bar, panel));
  view.appendChild(page);
  if (tab === 'ladder') ladderTab(panel, setup, reload);
  else if (tab === 'rules') rulesTab(panel, setup, reload, (await places().catch(() => ({ time_zones: [] }))).time_zones);
  else if (tab === 'interest') interestTab(panel, setup, reload);
  else if (tab === 'email') emailTab(panel, setup, reload);
  else if (tab === 'bottom') await bottomTab(panel, reload);
  else await outboxTab(panel, reload);
}

function ladderTab(panel, setup, reload) {
  panel.appendChild(h('p', { class: 'muted', text: 'Each stage falls due a number of days after the invoice\'s due date (negative = before it). Stages are climbed one at a time, never skipping straight to a harsh one. Templates are checked for tone before they are saved.' }));
  const table = h('table', { id: 'ladder-table' },
    h('thead', {}, h('tr', {}, ['Day', 'Stage', 'Channel', 'Tone', 'Letter', 'Fee', 'Pay within', ''].map((t, i) => h('th', { class: i === 5 || i === 6 ? 'num' : '', text: t })))),
    h('tbody', {}, setup.stages.map((st) => h('tr', { class: st.active ? '' : 'inactive', 'data-stage': st.id },
      h('td', { class: 'num', text: st.offset_days > 0 ? `+${st.offset_days}` : String(st.offset_days) }),
      h('td', { class: 'name' }, h('strong', { text: st.name }), st.kind === 'review' ? h('span', { class: 'pill open', text: 'review' }) : null, st.active ? null : h('span', { class: 'pill unchanged', text: 'off' })),
      h('td', { text: label(CHANNELS, st.channel) }),
      h('td', {}, h('span', { class: `pill tone-${st.tone}`, text: label(TONES, st.tone) })),
      h('td', { text: label(LETTERS, st.letter_kind) }),
      h('td', { class: 'num', text: /^0(\.0+)?$/.test(st.fee.amount) ? '—' : st.fee.display }),
      h('td', { class: 'num', text: st.new_due_days ? `${st.new_due_days} days` : '—' }),
      h('td', { class: 'row-actions' },
        h('button', { type: 'button', class: 'link', 'data-action': 'templates', text: 'Templates', onclick: () => templateEditor(st, setup) }),
        h('button', { type: 'button', class: 'link', 'data-action': 'edit', text: 'Edit', onclick: () => stageForm(st, reload) }))))));
  panel.appendChild(h('div', { class: 'table-wrap' }, table));
  panel.appendChild(h('div', { class: 'toolbar', style: 'margin-top:12px' }, h('button', { type: 'button', text: 'Add a stage', onclick: () => stageForm(null, reload) })));
}

function stageForm(st, reload) {
  openForm({
    title: st ? `Edit stage: ${st.name}` : 'Add a stage',
    fields: [
      { name: 'name', label: 'Name', value: st ? st.name : '', required: true, wide: true },
      { name: 'offset_days', label: 'Day (after the due date)', type: 'number', value: st ? st.offset_days : 60, hint: 'Negative = before the due date', field: 'day' },
      { name: 'kind', label: 'Kind', type: 'select', options: [['contact', 'Contact the client'], ['review', 'Hand-over review']], value: st ? st.kind : 'contact' },
      { name: 'channel', label: 'Channel', type: 'select', options: CHANNELS, value: st ? st.channel : 'email' },
      { name: 'tone', label: 'Tone', type: 'select', options: TONES, value: st ? st.tone : 'firm' },
      { name: 'letter_kind', label: 'Letter', type: 'select', options: LETTERS, value: st ? st.letter_kind : 'reminder', field: 'letter kind' },
      { name: 'fee', label: 'Fee (business currency)', value: st && !/^0(\.0+)?$/.test(st.fee.amount) ? st.fee.amount : '', inputmode: 'decimal', hint: 'Applied once per invoice when the stage is sent; never on a disputed invoice' },
      { name: 'new_due_days', label: 'Ask for payment within (days)', type: 'number', value: st ? st.new_due_days : 7, field: 'new due date' },
      { name: 'active', label: 'In use', type: 'select', options: [['true', 'Yes'], ['false', 'No (skipped)']], value: st ? String(st.active) : 'true' },
    ],
    onSubmit: async (v) => {
      await call('save_stage', { id: st ? st.id : null, input: { ...v, offset_days: Number(v.offset_days), new_due_days: Number(v.new_due_days), active: v.active === 'true' } });
      toast('Stage saved');
      reload();
    },
  });
}

/** The template editor: channel tabs, placeholders, live preview with a real client, tone check. */
async function templateEditor(stage, setup) {
  const m = document.getElementById('modal');
  clear(m);
  m.classList.add('wide');
  m.addEventListener('close', () => m.classList.remove('wide'), { once: true });
  let channel = stage.channel;
  const banner = h('div', { class: 'form-error', hidden: true });
  const body = h('div', { class: 'modal-body' });
  const foot = h('div', { class: 'modal-foot' });
  m.appendChild(h('div', {},
    h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: `Templates · ${stage.name} (${label(TONES, stage.tone).toLowerCase()})` }),
      h('button', { class: 'link', type: 'button', text: 'Close', onclick: () => m.close() })),
    body, foot));
  m.showModal();
  const draw = async () => {
    clear(body); clear(foot);
    banner.hidden = true;
    const t = await call('get_template', { stageId: stage.id, channel });
    const subject = h('input', { id: 'tpl-subject', value: t.subject, autocomplete: 'off' });
    const text = h('textarea', { id: 'tpl-body', rows: 16, spellcheck: 'true' });
    text.value = t.body;
    const pvSubject = h('div', { class: 'pv-subject', id: 'pv-subject' });
    const pvBody = h('div', { class: 'pv-body', id: 'pv-body' });
    const pvWho = h('div', { class: 'muted small' });
    const problems = h('div', { class: 'tone-flags', id: 'tpl-flags', hidden: true });
    const refresh = async () => {
      try {
        const p = await call('preview_template', { clientId: null, stageId: stage.id, subject: subject.value, body: text.value });
        pvWho.textContent = `Preview with ${p.client_name}'s account`;
        pvSubject.textContent = p.subject;
        pvBody.textContent = p.body;
        clear(problems);
        const items = [...p.flags.map((f) => h('li', {}, h('strong', { text: f.category_name }), ': ', h('q', { text: f.found }), ' ', f.reason)), ...(p.problem ? [h('li', { text: p.problem })] : [])];
        problems.hidden = !items.length;
        if (items.length) problems.append(h('strong', { text: 'Cannot be saved like this' }), h('ul', {}, items));
      } catch (e) { pvWho.textContent = errorText(e); }
    };
    let timer = null;
    const later = () => { clearTimeout(timer); timer = setTimeout(refresh, 250); };
    subject.addEventListener('input', later);
    text.addEventListener('input', later);
    const insert = (name) => {
      const token = `{${name}}`;
      const [a, b] = [text.selectionStart, text.selectionEnd];
      text.value = text.value.slice(0, a) + token + text.value.slice(b);
      text.focus();
      text.selectionStart = text.selectionEnd = a + token.length;
      later();
    };
    const tabs = h('div', { class: 'segmented' }, CHANNELS.map(([k, l]) => h('button', {
      type: 'button', class: k === channel ? 'active' : '', 'data-channel': k, text: l + (k === stage.channel ? ' ★' : ''),
      title: k === stage.channel ? 'The channel this stage uses' : '',
      onclick: () => { channel = k; draw(); },
    })));
    body.append(banner, tabs,
      h('div', { class: 'compose' },
        h('div', { class: 'compose-main' },
          channel === 'sms' ? null : h('div', { class: 'field' }, h('label', { for: 'tpl-subject', text: channel === 'call' ? 'Title' : 'Subject' }), subject),
          h('div', { class: 'field' }, h('label', { for: 'tpl-body', text: channel === 'call' ? 'Call script' : 'Text' }), text),
          h('div', { class: 'placeholders' }, h('span', { class: 'muted small', text: 'Insert: ' }),
            setup.placeholders.map(([n, d]) => h('button', { type: 'button', class: 'chip small', title: d, text: `{${n}}`, onclick: () => insert(n) })))),
        h('div', { class: 'compose-side preview' }, h('h3', { text: 'Preview' }), pvWho, pvSubject, pvBody)),
      problems);
    const save = h('button', { class: 'primary', type: 'button', id: 'save-template', text: 'Save template' });
    save.addEventListener('click', async () => {
      save.disabled = true;
      try {
        await call('save_template', { input: { stage_id: stage.id, channel, subject: subject.value, body: text.value } });
        toast('Template saved');
        banner.hidden = true;
      } catch (e) {
        banner.textContent = errorText(e);
        banner.hidden = false;
      } finally { save.disabled = false; }
    });
    const reset = h('button', { type: 'button', text: 'Back to the default text', onclick: async () => {
      if (await confirmBox({ title: 'Reset template', message: 'Replace this text with the default wording?', confirmLabel: 'Reset' })) {
        await call('reset_template', { stageId: stage.id, channel });
        templateEditor(stage, setup);
      } else templateEditor(stage, setup);
    } });
    foot.append(reset, h('div', { class: 'grow' }), h('button', { type: 'button', text: 'Close', onclick: () => m.close() }), save);
    refresh();
  };
  await draw();
}

function rulesTab(panel, setup, reload, zones) {
  const s = setup.settings;
  panel.appendChild(h('p', { class: 'muted', text: 'These apply to every client unless the client\'s own Chasing tab says otherwise.' }));
  const form = h('div', { class: 'form-grid narrow' });
  const f = (name, lbl, input, hint) => h('div', { class: 'field' }, h('label', { for: `s-${name}`, text: lbl }), input, hint ? h('div', { class: 'hint', text: hint }) : null, h('div', { class: 'error', hidden: true, id: `s-${name}-error` }));
  const el = {
    mode: h('select', { id: 's-mode' }, h('option', { value: 'manual', text: 'Manual: every step waits for me' }), h('option', { value: 'auto', text: 'Automatic: email stages send themselves' })),
    min_amount: h('input', { id: 's-min_amount', value: s.min_amount, inputmode: 'decimal' }),
    contact_from: h('input', { id: 's-contact_from', type: 'time', value: s.contact_from }),
    contact_until: h('input', { id: 's-contact_until', type: 'time', value: s.contact_until }),
    max_contacts_per_week: h('input', { id: 's-max_contacts_per_week', type: 'number', value: s.max_contacts_per_week }),
    promise_grace_days: h('input', { id: 's-promise_grace_days', type: 'number', value: s.promise_grace_days }),
    payment_terms_days: h('input', { id: 's-payment_terms_days', type: 'number', min: 0, max: 365, value: s.payment_terms_days }),
    books_stale_days: h('input', { id: 's-books_stale_days', type: 'number', min: 1, max: 365, value: s.books_stale_days }),
    time_zone: h('select', { id: 's-time_zone' }, (zones.includes(s.time_zone) ? zones : [s.time_zone, ...zones]).map((z) => h('option', { value: z, text: z.replace(/_/g, ' ') }))),
    paper: h('select', { id: 's-paper' }, h('option', { value: 'A4', text: 'A4' }), h('option', { value: 'Letter', text: 'US Letter' })),
    progress_updates: h('select', { id: 's-progress_updates' }, h('option', { value: 'after_payment', text: 'After each payment' }), h('option', { value: 'monthly', text: 'Once a month' }), h('option', { value: 'off', text: 'Never' })),
  };
  el.progress_updates.value = s.progress_updates || 'after_payment';
  el.time_zone.value = s.time_zone;
  el.mode.value = s.mode;
  el.paper.value = s.paper;
  form.append(
    f('mode', 'Chasing mode', el.mode, 'Calls, SMS and letters always wait for you.'),
    f('min_amount', 'Do not chase less than', el.min_amount, 'Outstanding below this (business currency) is left alone.'),
    f('contact_from', 'Contact clients from', el.contact_from, 'In the client\'s own time zone.'),
    f('contact_until', 'Contact clients until', el.contact_until),
    f('max_contacts_per_week', 'At most contacts per client in 7 days', el.max_contacts_per_week),
    f('promise_grace_days', 'Days of grace after a promised date', el.promise_grace_days),
    f('payment_terms_days', 'Your payment terms (days)', el.payment_terms_days, 'The due date of an imported invoice whose file gives none.'),
    f('books_stale_days', 'Books out of date after (days)', el.books_stale_days, 'Older than this, a reminder warns that the invoice may be paid, and automatic sends wait.'),
    f('time_zone', 'Your time zone', el.time_zone, 'Used for clients without one of their own.'),
    f('paper', 'Paper for letters', el.paper),
    f('progress_updates', 'Progress updates on agreements', el.progress_updates, 'Today reminds you to send one: what was paid, what is left, the next date.'));
  const banner = h('div', { class: 'form-error', hidden: true });
  const save = h('button', { class: 'primary', type: 'button', id: 'save-rules', text: 'Save' });
  save.addEventListener('click', async () => {
    banner.hidden = true;
    try {
      await call('save_chase_settings', { input: {
        mode: el.mode.value, min_amount: el.min_amount.value || '0', contact_from: el.contact_from.value, contact_until: el.contact_until.value,
        max_contacts_per_week: Number(el.max_contacts_per_week.value), promise_grace_days: Number(el.promise_grace_days.value),
        payment_terms_days: Number(el.payment_terms_days.value), books_stale_days: Number(el.books_stale_days.value),
        time_zone: el.time_zone.value, paper: el.paper.value, progress_updates: el.progress_updates.value,
      } });
      toast('Saved');
      reload();
    } catch (e) {
      showError(e, banner, { mode: el.mode, 'minimum amount': el.min_amount, 'contact from': el.contact_from, 'contact until': el.contact_until, 'contacts per week': el.max_contacts_per_week, 'promise grace days': el.promise_grace_days, 'payment terms': el.payment_terms_days, 'books out of date after': el.books_stale_days, 'time zone': el.time_zone, paper: el.paper, 'progress updates': el.progress_updates });
    }
  });
  panel.append(banner, form, h('div', { class: 'toolbar' }, save));
}

function interestTab(panel, setup, reload) {
  const p = setup.policy;
  const kind = h('select', { id: 'policy-kind' },
    [['none', 'No interest'], ['contractual', 'Contractual rate'], ['uk_late_payment', 'UK Late Payment of Commercial Debts (Interest) Act 1998'], ['eu_directive', 'EU Late Payment Directive 2011/7/EU']]
      .map(([v, l]) => h('option', { value: v, text: l })));
  kind.value = p.kind;
  const rate = h('input', { id: 'policy-rate', value: p.rate || '', inputmode: 'decimal', placeholder: 'e.g. 8' });
  const grace = h('input', { id: 'policy-grace', type: 'number', value: p.grace_days || 0 });
  const contractual = h('div', { class: 'form-grid narrow' },
    h('div', { class: 'field' }, h('label', { for: 'policy-rate', text: 'Rate, percent a year' }), rate),
    h('div', { class: 'field' }, h('label', { for: 'policy-grace', text: 'Days of grace before interest starts' }), grace));
  const explain = h('p', { class: 'muted' });
  const sync = () => {
    contractual.hidden = kind.value !== 'contractual';
    explain.textContent = {
      none: 'No interest is charged. Fixed fees on ladder stages still apply.',
      contractual: 'Simple interest on the amount outstanding each day, Actual/365, from the due date (after the grace period) until paid.',
      uk_late_payment: 'Bank of England base rate on 31 December (debts due January–June) or 30 June (due July–December) plus 8 points, simple, daily; plus £40 / £70 / £100 fixed compensation per invoice by size. Business debts in GBP only: consumers are never charged.',
      eu_directive: 'ECB reference rate on 1 January / 1 July of the half-year the debt fell due, plus 8 points; plus €40 per invoice. Business debts in EUR only.',
    }[kind.value];
  };
  kind.addEventListener('change', sync);
  sync();
  const banner = h('div', { class: 'form-error', hidden: true });
  const save = h('button', { class: 'primary', type: 'button', id: 'save-policy', text: 'Save policy' });
  save.addEventListener('click', async () => {
    banner.hidden = true;
    const policy = kind.value === 'contractual' ? { kind: 'contractual', rate: rate.value, grace_days: Number(grace.value) } : { kind: kind.value };
    try { await call('save_interest_policy', { policy }); toast('Interest policy saved'); reload(); } catch (e) { showError(e, banner, { 'interest rate': rate, rate, 'grace days': grace }); }
  });
  panel.append(h('h2', { text: 'Late-payment interest' }), banner,
    h('div', { class: 'field narrow-field' }, h('label', { for: 'policy-kind', text: 'Policy (clients can override it on their page)' }), kind),
    contractual, explain, h('div', { class: 'toolbar' }, save));

  const latest = (region) => setup.rates.filter((r) => r.region === region).map((r) => r.effective_from).sort().pop();
  const known = setup.rates_known_until || {};
  panel.append(h('p', { class: 'muted', text: 'Fixed fees are set per stage on the Ladder tab; each is charged once per invoice when its stage is sent.' }),
    h('h2', { text: 'Reference rates', style: 'margin-top:22px' }),
    h('p', { class: 'muted', text: `The rate that took effect on each date (latest change here: UK ${day(latest('GB') || '')}, EU ${day(latest('EU') || '')}; the table is up to date as of UK ${day(known.GB || '')}, EU ${day(known.EU || '')}). Add a row whenever the Bank of England or the ECB changes its rate.` }));
  if (setup.rates_warning) {
    const region = p.kind === 'eu_directive' ? 'EU' : 'GB';
    const confirm = h('button', { type: 'button', id: 'rates-current', text: 'I have checked: the rates are current' });
    confirm.addEventListener('click', async () => {
      try { await call('confirm_rates_current', { region }); toast('Reference rates marked as current'); reload(); } catch (e) { banner.textContent = errorText(e); banner.hidden = false; }
    });
    panel.appendChild(h('div', { class: 'warning-box', id: 'rates-warning' }, h('p', { text: setup.rates_warning }), h('div', { class: 'toolbar' }, confirm)));
  }
  const rows = [...setup.rates].reverse();
  panel.appendChild(h('div', { class: 'table-wrap rates' }, h('table', { id: 'rates-table' },
    h('thead', {}, h('tr', {}, h('th', { text: 'Region' }), h('th', { text: 'From' }), h('th', { class: 'num', text: 'Rate' }), h('th', {}))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('td', { text: r.region === 'GB' ? 'UK (Bank Rate)' : 'EU (ECB)' }),
      h('td', { text: day(r.effective_from) }),
      h('td', { class: 'num', text: `${r.rate}%` }),
      h('td', { class: 'row-actions' }, h('button', { type: 'button', class: 'link danger', text: 'Remove', onclick: async () => {
        if (await confirmBox({ title: 'Remove rate', message: `Remove the ${r.region} rate of ${r.rate}% from ${day(r.effective_from)}?`, confirmLabel: 'Remove', danger: true })) {
          await call('delete_reference_rate', { region: r.region, effectiveFrom: r.effective_from });
        }
        reload();
      } }))))))));
  panel.appendChild(h('div', { class: 'toolbar', style: 'margin-top:10px' }, h('button', { type: 'button', text: 'Add a rate', onclick: () => openForm({
    title: 'Add a reference rate',
    fields: [
      { name: 'region', label: 'Region', type: 'select', options: [['GB', 'UK (Bank of England Bank Rate)'], ['EU', 'EU (ECB main refinancing rate)']], value: 'GB' },
      { name: 'effective_from', label: 'Took effect on', type: 'date', required: true, field: 'effective from' },
      { name: 'rate', label: 'Rate, percent', required: true, inputmode: 'decimal' },
    ],
    onSubmit: async (v) => { await call('set_reference_rate', { input: v }); toast('Rate saved'); reload(); },
  }) })));
}

function emailTab(panel, setup, reload) {
  const s = setup.smtp;
  const el = {
    host: h('input', { id: 'smtp-host', value: s.host, placeholder: 'smtp.example.com', autocomplete: 'off' }),
    port: h('input', { id: 'smtp-port', type: 'number', value: s.port }),
    security: h('select', { id: 'smtp-security' }, [['starttls', 'STARTTLS (usually port 587)'], ['tls', 'TLS (usually port 465)'], ['none', 'None (local test servers only)']].map(([v, l]) => h('option', { value: v, text: l }))),
    username: h('input', { id: 'smtp-user', value: s.username, autocomplete: 'off' }),
    password: h('input', { id: 'smtp-password', type: 'password', autocomplete: 'new-password', placeholder: setup.password.available ? '•••••••• (stored)' : '' }),
    from_email: h('input', { id: 'smtp-from', value: s.from_email, placeholder: 'default: the business email', autocomplete: 'off' }),
    from_name: h('input', { id: 'smtp-from-name', value: s.from_name, placeholder: 'default: the business name', autocomplete: 'off' }),
  };
  el.security.value = s.security;
  const f = (id, lbl, input, hint) => h('div', { class: 'field' }, h('label', { for: id, text: lbl }), input, hint ? h('div', { class: 'hint', text: hint }) : null);
  const keyring = setup.password.keyring_problem
    ? `This computer has no keyring (${setup.password.keyring_problem}). Overdue keeps the password in memory only and asks for it when sending.`
    : 'The password is stored in the system keyring, never in the database.';
  const banner = h('div', { class: 'form-error', hidden: true });
  const result = h('div', { class: 'muted', id: 'smtp-result' });
  const values = () => ({ host: el.host.value, port: Number(el.port.value), security: el.security.value, username: el.username.value, from_email: el.from_email.value, from_name: el.from_name.value });
  const save = h('button', { class: 'primary', type: 'button', id: 'save-smtp', text: 'Save' });
  save.addEventListener('click', async () => {
    banner.hidden = true;
    try {
      await call('save_smtp', { input: values(), password: el.password.value || null, remember: true });
      toast('Mail server saved');
      reload();
    } catch (e) { showError(e, banner, { server: el.host, port: el.port, security: el.security, username: el.username, 'sender address': el.from_email, 'sender name': el.from_name }); }
  });
  const test = h('button', { type: 'button', id: 'test-smtp', text: 'Test connection' });
  test.addEventListener('click', async () => {
    test.disabled = true;
    result.textContent = 'Connecting…';
    try { result.textContent = await call('test_smtp', { password: el.password.value || null }); } catch (e) { result.textContent = errorText(e); } finally { test.disabled = false; }
  });
  panel.append(h('p', { class: 'muted', text: 'Reminders go out from your own mailbox through its SMTP server, with you as the sender.' }), banner,
    h('div', { class: 'form-grid narrow' },
      f('smtp-host', 'Server', el.host), f('smtp-port', 'Port', el.port),
      f('smtp-security', 'Security', el.security), f('smtp-user', 'User name', el.username, 'Empty if the server needs no login'),
      f('smtp-password', 'Password', el.password, keyring), f('smtp-from', 'Sender address', el.from_email),
      f('smtp-from-name', 'Sender name', el.from_name)),
    h('div', { class: 'toolbar' }, save, test, result));
}

async function outboxTab(panel, reload) {
  const list = await call('outbox', { status: '' });
  if (!list.length) {
    panel.appendChild(h('div', { class: 'empty', text: 'No emails yet. Reminders you send by email appear here with their status.' }));
    return;
  }
  panel.appendChild(h('div', { class: 'table-wrap' }, h('table', { id: 'outbox-table' },
    h('thead', {}, h('tr', {}, ['Created', 'Client', 'To', 'Subject', 'Status', ''].map((t) => h('th', { text: t })))),
    h('tbody', {}, list.map((c) => h('tr', { 'data-id': c.id },
      h('td', { text: when(c.created_at) }),
      h('td', { class: 'name' }, h('button', { class: 'link', type: 'button', text: c.client_name, onclick: () => go(`#/client/${c.client_id}`) })),
      h('td', { class: 'name', text: c.recipient }),
      h('td', { class: 'name', text: c.subject }),
      h('td', {}, c.undone_at ? h('span', { class: 'pill status-undone', text: 'taken back', title: 'Recorded as sent, then taken back: it did not go' }) : h('span', { class: `pill status-${c.status}`, text: c.status }), c.error ? h('div', { class: 'danger-text small', text: c.error }) : null),
      h('td', { class: 'row-actions' }, c.status === 'sent' || c.undone_at ? null : h('button', { type: 'button', class: 'link', text: 'Retry', onclick: async () => {
        try {
          const r = await call('retry_email', { id: c.id, password: null, remember: false });
          toast(r.status === 'sent' ? `Sent to ${r.recipient}` : `Not sent: ${r.error}`, r.status === 'sent' ? 'info' : 'error');
        } catch (e) { toast(errorText(e), 'error'); }
        reload();
      } }))))))));
}

async function bottomTab(panel, reload) {
  const l = await call('bottom_line', { clientId: null });
  panel.appendChild(h('p', { class: 'muted', text: 'Your limits before any negotiation: every option and counter-offer is checked against them at once. They are private: never printed on anything the client sees. A client can have their own (Negotiate → Limits for this client).' }));
  const fields = bottomLineFields(l.business);
  const inputs = {};
  const grid = h('div', { class: 'form-grid narrow' });
  for (const f of fields) {
    let input;
    if (f.type === 'select') {
      input = h('select', { id: `b-${f.name}` }, f.options.map(([v, t]) => h('option', { value: v, text: t })));
      input.value = f.value;
    } else {
      input = h('input', { id: `b-${f.name}`, value: f.value, type: f.type || 'text', autocomplete: 'off' });
    }
    inputs[f.name] = input;
    grid.appendChild(h('div', { class: 'field' }, h('label', { for: `b-${f.name}`, text: f.label }), input));
  }
  const banner = h('div', { class: 'form-error', hidden: true });
  const save = h('button', { class: 'primary', type: 'button', id: 'save-bottom-line', text: 'Save' });
  save.addEventListener('click', async () => {
    banner.hidden = true;
    const v = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value]));
    try { await call('save_bottom_line', { clientId: null, input: bottomLineValue(v) }); toast('Bottom line saved'); reload(); } catch (e) { banner.textContent = errorText(e); banner.hidden = false; }
  });
  panel.append(banner, grid, h('div', { class: 'toolbar' }, save));
}
