// The negotiation desk, kept open during a call: balance and bottom line at
// the top, what the debtor says as inputs, the options side by side, the
// counter-offer box with its instant verdict, and "agree in principle".
// Every figure and verdict comes from Rust.
import { call } from '../api.js';
import { h, clear, toast, errorText, day } from '../dom.js';
import { openForm } from '../modal.js';
import { go } from '../router.js';
import { REASONS } from '../chase.js';


function badge(ok, yes, no, unknown) {
  if (ok === null || ok === undefined) return h('span', { class: 'pill unchanged', text: unknown });
  return h('span', { class: ok ? 'pill paid' : 'pill overdue', text: ok ? yes : no });
}

function scheduleTable(p) {
  return h('table', { class: 'schedule' },
    h('thead', {}, h('tr', {}, h('th', { class: 'num', text: '#' }), h('th', { text: 'Due' }), h('th', { class: 'num', text: 'Amount' }), h('th', { class: 'num', text: 'Balance after' }))),
    h('tbody', {}, p.schedule.map((r) => h('tr', {},
      h('td', { class: 'num', text: String(r.number) }), h('td', { text: day(r.due_date) }),
      h('td', { class: 'num', text: r.amount.display }), h('td', { class: 'num', text: r.balance_after.display })))));
}

// The offer as it is read out on a call: each run of equal payments on
// one line (how many, how much, how often, from when to when).
function runsTable(p) {
  return h('table', { class: 'runs', 'data-runs': String(p.table.length) },
    h('tbody', {}, p.table.map((r) => h('tr', {},
      h('th', { scope: 'row', text: r.label }),
      h('td', {},
        h('div', { class: 'num' }, r.count > 1 ? `${r.count} × ${r.amount.display}` : r.amount.display, r.every ? h('span', { class: 'muted', text: ` ${r.every}` }) : null),
        h('div', { class: 'when', text: r.count > 1 ? `${day(r.first_date)} to ${day(r.last_date)}` : day(r.first_date) }))))));
}

function proposalCard(p, actions) {
  return h('div', { class: `card option ${p.within_bottom_line ? 'within' : 'outside'}`, 'data-option': p.key },
    h('div', { class: 'option-head' }, h('h3', { text: p.title }),
      h('div', { class: 'badges' },
        badge(p.within_bottom_line, 'Within bottom line', 'Outside bottom line'),
        badge(p.affordable, 'Affordable', 'Not affordable', 'Capacity unknown'))),
    runsTable(p),
    h('p', { class: 'terms muted small', text: p.terms }),
    h('dl', { class: 'facts' },
      h('dt', { text: 'You receive' }), h('dd', { text: p.total_received.display }),
      h('dt', { text: 'Fully paid' }), h('dd', { text: day(p.fully_paid_on) }),
      h('dt', { text: p.kind === 'plan' ? 'A month' : 'At once' }), h('dd', { text: p.per_month.display }),
      /^0(\.0+)?$/.test(p.waived.amount) ? null : [h('dt', { text: 'Waived on completion' }), h('dd', { text: p.waived.display })]),
    p.breaks.length ? h('ul', { class: 'breaks' }, p.breaks.map((b) => h('li', { text: b }))) : null,
    h('div', { class: 'muted small', text: p.affordability }),
    h('details', {}, h('summary', { text: `Schedule (${p.schedule.length} payment${p.schedule.length === 1 ? '' : 's'})` }), scheduleTable(p)),
    actions ? h('div', { class: 'option-actions' }, actions) : null);
}

export async function renderNegotiate(view, clientId) {
  const desk = await call('negotiation_desk', { clientId });
  let input = desk.input;
  let data = desk.options;
  const reload = async () => { clear(view); await renderNegotiate(view, clientId); };
  const k = data.case;
  const page = h('div', { class: 'page', id: 'negotiate', 'data-client': clientId });
  page.appendChild(h('div', { class: 'page-head' },
    h('div', {},
      h('button', { class: 'link', text: `← ${k.client_name}`, onclick: () => go(`#/client/${clientId}`) }),
      h('h1', { text: `Negotiate · ${k.client_name}` }),
      h('div', { class: 'sub', text: `As of ${day(k.as_of)} · ${k.invoices.length} invoice${k.invoices.length === 1 ? '' : 's'}: ${k.invoices.map((i) => i.number).join(', ')}` })),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'client-limits', text: 'Limits for this client…', onclick: () => limitsForm(clientId, reload) }))));

  const agreed = desk.arrangements.filter((a) => a.status === 'agreed_in_principle');
  for (const a of agreed) {
    page.appendChild(h('div', { class: 'notice agreed', id: 'agreed' },
      h('strong', { text: `Agreed in principle: ${a.title}` }), h('div', { text: a.terms }),
      h('div', { class: 'muted small', text: 'Next: the written agreement for everyone to sign. Chasing of these invoices is paused meanwhile.' }),
      h('button', { type: 'button', class: 'primary', id: 'write-agreement-link', text: 'Written agreement →', onclick: () => go(`#/agreement/${clientId}`) }), ' ',
      h('button', { type: 'button', class: 'link', text: 'Withdraw', onclick: () => openForm({
        title: 'Withdraw the arrangement', fields: [{ name: 'reason', label: 'Reason', required: true }], submitLabel: 'Withdraw',
        onSubmit: async (v) => { await call('withdraw_arrangement', { id: a.id, reason: v.reason }); toast('Arrangement withdrawn'); reload(); },
      }) })));
  }

  // Balance and bottom line.
  const L = k.limits;
  const balance = h('div', { class: 'card', id: 'balance' }, h('h2', { text: 'Owed now' }),
    h('div', { class: 'big', id: 'case-owed', text: k.principal.display }),
    h('dl', { class: 'facts' },
      h('dt', { text: 'Late-payment charges to date' }), h('dd', { text: k.charges.display }),
      h('dt', { text: 'To settle in full, with charges' }), h('dd', { id: 'case-total', text: k.total.display })),
    h('ul', { class: 'mini-invoices' }, k.invoices.map((i) => h('li', {},
      h('span', { text: i.number }), h('span', { class: 'muted', text: i.days_overdue > 0 ? `${i.days_overdue} days late` : `due ${day(i.due_date)}` }), h('span', { class: 'num', text: i.outstanding.display })))));
  const limits = h('div', { class: 'card private', id: 'bottom-line' },
    h('h2', {}, 'Your bottom line ', h('span', { class: 'pill unchanged', text: L.source === 'client' ? 'this client' : 'business default' }), ' ', h('span', { class: 'private-tag', text: 'private: never printed' })),
    h('dl', { class: 'facts' },
      h('dt', { text: 'Lowest settlement' }), h('dd', { text: L.min_settlement.display }),
      h('dt', { text: 'Longest plan' }), h('dd', { text: `${L.max_months} months` }),
      h('dt', { text: 'Smallest instalment' }), h('dd', { text: L.min_instalment.display }),
      h('dt', { text: 'Good-faith first payment' }), h('dd', { text: L.good_faith.display }),
      h('dt', { text: 'Waive charges on completion' }), h('dd', { text: L.may_waive_charges ? 'allowed' : 'no' }),
      h('dt', { text: 'Lump-sum discount' }), h('dd', { text: L.may_discount ? `up to ${L.max_discount_pct}%` : 'no' }),
      h('dt', { text: 'Interest on plans' }), h('dd', { text: `${L.plan_interest_pct}% a year` })));
  page.appendChild(h('div', { class: 'grid two-col' }, balance, limits));

  // What the debtor says.
  const capacity = h('input', { id: 'capacity', inputmode: 'decimal', value: input.capacity, placeholder: 'e.g. 150', autocomplete: 'off' });
  const reason = h('select', { id: 'neg-reason' }, [['', 'Not given yet'], ...REASONS].map(([v, l]) => h('option', { value: v, text: l })));
  reason.value = input.reason || '';
  const circumstances = h('textarea', { id: 'neg-circumstances', rows: 2 });
  circumstances.value = input.circumstances;
  const proposal = h('textarea', { id: 'neg-proposal', rows: 2 });
  proposal.value = input.proposal;
  const saveState = h('span', { class: 'muted small', id: 'save-state' });
  const inputError = h('div', { class: 'error', id: 'capacity-error', hidden: true });
  page.appendChild(h('div', { class: 'card section', id: 'debtor' }, h('h2', { text: 'What they say' }),
    h('div', { class: 'form-grid four' },
      h('div', { class: 'field' }, h('label', { for: 'capacity', text: `They can pay a month (${k.currency})` }), capacity, inputError),
      h('div', { class: 'field' }, h('label', { for: 'neg-reason', text: 'Reason for not paying' }), reason),
      h('div', { class: 'field' }, h('label', { for: 'neg-circumstances', text: 'Circumstances' }), circumstances),
      h('div', { class: 'field' }, h('label', { for: 'neg-proposal', text: 'Their own proposal' }), proposal)),
    saveState));

  const optionsBox = h('div', { class: 'options', id: 'options' });
  const recommendation = h('div', { class: 'notice', id: 'recommendation', hidden: true });
  const agree = async (payload, label) => {
    try {
      const a = await call('agree_in_principle', { input: { client_id: clientId, option_key: '', offer: '', use_nearest: false, override_reason: '', ...payload } });
      toast(`Agreed in principle: ${a.title}`);
      reload();
    } catch (e) {
      if (e && e.field === 'override reason') {
        openForm({
          title: `Agree outside the bottom line: ${label}`,
          intro: e.message.replace(/^override reason:\s*/, ''),
          fields: [{ name: 'reason', label: 'Reason (kept in the history)', required: true, wide: true, field: 'override reason' }],
          submitLabel: 'Agree anyway',
          onSubmit: async (v) => { await call('agree_in_principle', { input: { client_id: clientId, option_key: '', offer: '', use_nearest: false, ...payload, override_reason: v.reason } }); toast('Agreed in principle (outside the bottom line, reason logged)'); reload(); },
        });
      } else toast(errorText(e), 'error');
    }
  };
  const drawOptions = () => {
    clear(optionsBox);
    for (const p of data.options) {
      optionsBox.appendChild(proposalCard(p, [
        h('button', { type: 'button', class: p.within_bottom_line ? 'primary' : '', 'data-action': 'agree', text: p.within_bottom_line ? 'Agree in principle' : 'Agree anyway…', title: p.within_bottom_line ? null : 'Outside your bottom line: agreeing asks for a reason, kept in the history', disabled: agreed.length > 0, onclick: () => agree({ option_key: p.key }, p.title) }),
        h('button', { type: 'button', 'data-action': 'offer', text: 'Offer this', onclick: async () => {
          try { await call('record_offer', { input: currentInput(), direction: 'made', offer: '', optionKey: p.key }); toast('Offer noted in the history'); } catch (e) { toast(errorText(e), 'error'); }
        } }),
      ]));
    }
    recommendation.hidden = !data.recommendation;
    recommendation.textContent = data.recommendation;
  };
  const currentInput = () => ({ client_id: clientId, invoice_ids: input.invoice_ids, capacity: capacity.value, reason: reason.value, circumstances: circumstances.value, proposal: proposal.value });
  let timer = null;
  const save = () => {
    clearTimeout(timer);
    saveState.textContent = '';
    timer = setTimeout(async () => {
      try {
        data = await call('save_negotiation', { input: currentInput() });
        input = currentInput();
        capacity.classList.remove('invalid');
        inputError.hidden = true;
        saveState.textContent = 'Saved';
        drawOptions();
        checkOffer();
      } catch (e) {
        capacity.classList.toggle('invalid', e && e.field === 'capacity');
        inputError.textContent = errorText(e).replace(/^capacity:\s*/, '');
        inputError.hidden = false;
      }
    }, 350);
  };
  for (const el of [capacity, reason, circumstances, proposal]) el.addEventListener(el.tagName === 'SELECT' ? 'change' : 'input', save);

  // The counter-offer box.
  const offer = h('input', { id: 'offer', placeholder: 'What they propose, e.g. “£150 a month starting next month” or “£2,000 now to settle”', autocomplete: 'off' });
  const verdict = h('div', { id: 'verdict' });
  let offerTimer = null;
  const checkOffer = () => {
    clearTimeout(offerTimer);
    const text = offer.value.trim();
    if (!text) { clear(verdict); return; }
    offerTimer = setTimeout(async () => {
      let v;
      try { v = await call('check_offer', { input: currentInput(), offer: text }); } catch (e) {
        clear(verdict);
        verdict.appendChild(h('div', { class: 'form-error', id: 'offer-error', text: errorText(e).replace(/^offer:\s*/, '') }));
        return;
      }
      if (offer.value.trim() !== text) return;
      clear(verdict);
      verdict.appendChild(h('div', { class: `verdict ${v.acceptable ? 'ok' : 'no'}`, id: 'verdict-line' },
        h('strong', { text: v.acceptable ? '✓ Acceptable' : '✗ Not acceptable' }), ' — read as: ', v.understood));
      const row = h('div', { class: 'options two' });
      row.appendChild(proposalCard(v.proposal, [
        h('button', { type: 'button', class: v.acceptable ? 'primary' : '', 'data-action': 'agree-offer', text: v.acceptable ? 'Agree in principle' : 'Agree anyway…', title: v.acceptable ? null : 'Not acceptable within your bottom line: agreeing asks for a reason, kept in the history', disabled: agreed.length > 0, onclick: () => agree({ offer: text }, 'their offer') }),
        h('button', { type: 'button', 'data-action': 'log-offer', text: 'Log as received', onclick: async () => {
          try { await call('record_offer', { input: currentInput(), direction: 'received', offer: text, optionKey: '' }); toast('Offer noted in the history'); } catch (e) { toast(errorText(e), 'error'); }
        } }),
      ]));
      if (v.nearest) {
        const n = proposalCard(v.nearest, [h('button', { type: 'button', class: 'primary', 'data-action': 'agree-nearest', text: 'Agree on this instead', disabled: agreed.length > 0, onclick: () => agree({ offer: text, use_nearest: true }, 'the nearest alternative') })]);
        n.id = 'nearest';
        n.querySelector('h3').textContent = 'Nearest acceptable alternative';
        row.appendChild(n);
      } else if (!v.acceptable) {
        row.appendChild(h('div', { class: 'card', text: 'No acceptable alternative is close to this offer.' }));
      }
      verdict.appendChild(row);
    }, 200);
  };
  offer.addEventListener('input', checkOffer);
  page.appendChild(h('div', { class: 'card section', id: 'counter' }, h('h2', { text: 'Their counter-offer' }), offer, verdict));
  page.appendChild(h('h2', { class: 'section-title', text: 'Options' }));
  page.appendChild(recommendation);
  page.appendChild(optionsBox);
  drawOptions();
  view.appendChild(page);
}

/** A client's own bottom line (or back to the business's). */
async function limitsForm(clientId, reload) {
  const l = await call('bottom_line', { clientId });
  const b = l.client || l.business;
  openForm({
    title: 'Limits for this client',
    intro: l.client ? 'This client has their own limits. Clear "Use own limits" to go back to the business default.' : 'This client uses the business default. Change anything to give them their own limits.',
    fields: bottomLineFields(b).concat([{ name: 'own', label: 'Use own limits', type: 'select', options: [['yes', 'Yes'], ['no', 'No: the business default']], value: 'yes' }]),
    submitLabel: 'Save limits',
    onSubmit: async (v) => {
      await call('save_bottom_line', { clientId, input: v.own === 'yes' ? bottomLineValue(v) : null });
      toast('Limits saved');
      reload();
    },
  });
}

export function bottomLineFields(b) {
  return [
    { name: 'min_settlement_pct', label: 'Lowest settlement (% of the balance)', value: b.min_settlement_pct, field: 'lowest settlement' },
    { name: 'min_settlement_amount', label: '…or at least this amount', value: b.min_settlement_amount, field: 'lowest settlement amount' },
    { name: 'max_months', label: 'Longest plan (months)', type: 'number', value: b.max_months, field: 'longest plan' },
    { name: 'min_instalment', label: 'Smallest instalment', value: b.min_instalment, field: 'smallest instalment' },
    { name: 'good_faith_pct', label: 'Good-faith first payment (%)', value: b.good_faith_pct, field: 'good-faith payment' },
    { name: 'good_faith_amount', label: '…or at least this amount', value: b.good_faith_amount, field: 'good-faith amount' },
    { name: 'may_waive_charges', label: 'Waive interest and fees on completion', type: 'select', options: [['true', 'Allowed'], ['false', 'Not allowed']], value: String(b.may_waive_charges) },
    { name: 'may_discount', label: 'Lump-sum discount', type: 'select', options: [['true', 'Allowed'], ['false', 'Not allowed']], value: String(b.may_discount) },
    { name: 'max_discount_pct', label: 'Largest discount (%)', value: b.max_discount_pct, field: 'largest discount' },
    { name: 'plan_interest_pct', label: 'Interest on plans (% a year, 0 = none)', value: b.plan_interest_pct, field: 'plan interest' },
  ];
}

export function bottomLineValue(v) {
  return {
    min_settlement_pct: v.min_settlement_pct, min_settlement_amount: v.min_settlement_amount, max_months: Number(v.max_months),
    min_instalment: v.min_instalment, good_faith_pct: v.good_faith_pct, good_faith_amount: v.good_faith_amount,
    may_waive_charges: v.may_waive_charges === 'true', may_discount: v.may_discount === 'true', max_discount_pct: v.max_discount_pct,
    plan_interest_pct: v.plan_interest_pct,
  };
}
