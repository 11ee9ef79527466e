// The chasing dialogs: preview-and-send a reminder (email, SMS, letter), log
// a call with its outcome and an optional promise, snooze or skip a step, add
// a promise. Every rule (tone, guards, fees, interest) is checked in Rust;
// this file only shows what Rust prepared and sends back what the owner chose.
import { call } from './api.js';
import { h, s, clear, toast, errorText, day } from './dom.js';
import { openForm } from './modal.js';
import { go } from './router.js';

const modal = () => document.getElementById('modal');

const CHANNEL_LABEL = { email: 'Email', sms: 'SMS', letter: 'Letter', call: 'Phone call' };

/** A QR code drawn from Rust's rows of '1'/'0' as SVG rectangles. */
export function qrCode(rows, label) {
  const n = rows.length;
  if (!n) return null;
  const q = 4; // quiet zone
  const svg = s('svg', { viewBox: `0 0 ${n + 2 * q} ${n + 2 * q}`, class: 'qr', role: 'img', 'aria-label': label, 'shape-rendering': 'crispEdges' },
    s('rect', { x: 0, y: 0, width: n + 2 * q, height: n + 2 * q, fill: '#fff' }));
  rows.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (row[x] === '1') {
        let w = 1;
        while (row[x + w] === '1') w++;
        svg.appendChild(s('rect', { x: x + q, y: y + q, width: w, height: 1, fill: '#111' }));
        x += w;
      } else x++;
    }
  });
  return svg;
}

function shell(title, wide = true) {
  const m = modal();
  clear(m);
  m.classList.toggle('wide', wide);
  m.addEventListener('close', () => m.classList.remove('wide'), { once: true });
  const body = h('div', { class: 'modal-body' });
  const foot = h('div', { class: 'modal-foot' });
  const banner = h('div', { class: 'form-error', hidden: true, id: 'modal-error' });
  m.appendChild(h('div', {},
    h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: title }),
      h('button', { class: 'link', type: 'button', text: 'Close', 'aria-label': 'Close', onclick: () => m.close() })),
    body, foot));
  body.appendChild(banner);
  const fail = (e) => { banner.textContent = errorText(e); banner.hidden = false; banner.scrollIntoView({ block: 'nearest' }); };
  return { m, body, foot, banner, fail };
}

function warningsBox(warnings) {
  if (!warnings || !warnings.length) return { box: null, reason: () => '' };
  const input = h('input', { id: 'override-reason', placeholder: 'Why contact anyway? (kept in the history)', autocomplete: 'off' });
  const box = h('div', { class: 'notice', id: 'guard-warnings' },
    h('strong', { text: 'Before you contact this client' }),
    h('ul', {}, warnings.map((w) => h('li', { text: w.message }))),
    h('label', { for: 'override-reason', text: 'Reason to go ahead' }), input);
  return { box, reason: () => input.value };
}

/**
 * The tone check's verdict on the message being edited (category, words
 * found, why), shown above the message. A flagged message cannot be sent
 * until it is reworded, or the owner gives a reason to send it as it is;
 * Rust logs that reason with the flags in the client's history.
 */
/**
 * The lines of `text` holding a flagged phrase, each phrase marked: built
 * from text nodes and <mark> elements, never as HTML.
 */
function markedLines(text, flags) {
  const words = [...new Set(flags.map((f) => f.found).filter(Boolean))].sort((a, b) => b.length - a.length);
  const out = [];
  for (const line of text.split('\n')) {
    const lower = line.toLowerCase();
    const hits = [];
    for (const w of words) {
      let i = lower.indexOf(w.toLowerCase());
      while (i >= 0) {
        if (!hits.some(([a, b]) => i < b && i + w.length > a)) hits.push([i, i + w.length]);
        i = lower.indexOf(w.toLowerCase(), i + w.length);
      }
    }
    if (!hits.length) continue;
    hits.sort((a, b) => a[0] - b[0]);
    const parts = [];
    let at = 0;
    for (const [a, b] of hits) {
      parts.push(document.createTextNode(line.slice(at, a)), h('mark', { text: line.slice(a, b) }));
      at = b;
    }
    parts.push(document.createTextNode(line.slice(at)));
    out.push(h('div', { class: 'tone-line' }, parts));
  }
  return out;
}

function toneBox(onChange, fields = () => []) {
  const title = h('strong', { id: 'tone-flags-title' });
  const list = h('ul', { id: 'tone-flag-list' });
  const reason = h('input', { id: 'tone-override-reason', autocomplete: 'off', maxlength: 500, placeholder: 'Why is it fair to send as it is? (kept in the history)' });
  const anyway = h('div', { class: 'tone-override', hidden: true },
    h('label', { for: 'tone-override-reason', text: 'Reason to send it anyway' }), reason);
  const toggle = h('button', { type: 'button', class: 'link', id: 'tone-override', text: 'Send it anyway…',
    onclick: () => { anyway.hidden = false; toggle.hidden = true; reason.focus(); onChange(); } });
  const marked = h('div', { class: 'tone-marked', id: 'tone-marked', hidden: true });
  const box = h('div', { class: 'tone-flags', id: 'tone-flags', role: 'status', hidden: true },
    title, h('div', { class: 'small', text: 'Change the wording, or give a reason to send it as it is. Click the words to find them in the message.' }), list, marked, toggle, anyway);
  let flags = [];
  reason.addEventListener('input', onChange);
  const update = (next) => {
    flags = next || [];
    box.hidden = !flags.length;
    title.textContent = flags.length === 1
      ? 'Tone check: 1 problem, so this will not go out as it is'
      : `Tone check: ${flags.length} problems, so this will not go out as it is`;
    clear(list);
    for (const f of flags) {
      // Clicking the words selects them in the editor, ready to reword.
      const q = h('q', { class: 'tone-find', tabindex: 0, title: 'Show in the message', text: f.found });
      const find = () => {
        for (const el of fields()) {
          const i = el.value.toLowerCase().indexOf(String(f.found).toLowerCase());
          if (i >= 0) { el.focus(); el.setSelectionRange(i, i + f.found.length); return; }
        }
      };
      q.addEventListener('click', find);
      q.addEventListener('keydown', (e) => { if (e.key === 'Enter') find(); });
      list.appendChild(h('li', {}, h('span', { class: 'tone-cat', text: f.category_name }), ': ', q, ' ', f.reason));
    }
    clear(marked);
    const text = fields().map((el) => el.value).join('\n');
    marked.append(...markedLines(text, flags));
    marked.hidden = !marked.childNodes.length;
    if (!flags.length) { reason.value = ''; anyway.hidden = true; toggle.hidden = false; }
    onChange();
  };
  return { box, update, blocked: () => flags.length > 0 && !reason.value.trim(), reason: () => (flags.length ? reason.value.trim() : '') };
}

const zero = (a) => /^0+(\.0+)?$/.test(a.amount);

function chargesBox(d) {
  const c = d.charges;
  const row = (label, a, cls = '') => h('div', { class: `charge ${cls}` }, h('span', { text: label }), h('span', { class: 'num', text: a.display }));
  return h('div', { class: 'charges', id: 'charges' },
    h('h3', { text: 'The amounts' }),
    h('ul', { class: 'mini-invoices' }, d.invoices.map((i) => h('li', {},
      h('span', { text: i.number }),
      h('span', { class: 'muted', text: i.days_overdue > 0 ? `${i.days_overdue} days late` : `due ${day(i.due_date)}` }),
      h('span', { class: 'num', text: i.outstanding.display })))),
    row('Owed now', c.principal),
    row('Interest to date', c.interest),
    row('Compensation', c.compensation),
    row('Fees', c.fees),
    zero(c.charges) ? null : h('div', { class: `charge claim${c.claimed ? ' claimed' : ''}`, id: 'charges-claim', text: c.claimed ? `Charges of ${c.charges.display} are claimed in this message.` : `Charges of ${c.charges.display} are not claimed in this message (its text asks for the invoices only).` }),
    row('Asked for in this message', c.asked, 'total'),
    h('div', { class: 'muted small', text: c.policy }),
    c.rates_warning ? h('div', { class: 'warning-box small', id: 'rates-warning', text: `${c.rates_warning} (Chasing → Interest & fees)` }) : null);
}

export function copyText(text) {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    return navigator.clipboard.writeText(text).catch(() => fallbackCopy(text));
  }
  fallbackCopy(text);
  return Promise.resolve();
}

function fallbackCopy(text) {
  const t = h('textarea', { style: 'position:fixed;left:-9999px' });
  t.value = text;
  document.body.appendChild(t);
  t.select();
  document.execCommand('copy');
  t.remove();
}

/**
 * Preview, edit and send a reminder. `item` = { client_id, stage (or stage_id), invoices|invoice_ids, channel? }.
 */
export async function openMessage(item, onDone) {
  const stageId = item.stage ? item.stage.id : item.stage_id ?? null;
  const invoiceIds = item.invoice_ids || (item.invoices || []).map((i) => i.id);
  let channel = item.channel && item.channel !== 'call' ? item.channel : 'email';
  const ui = shell('Preparing…');
  ui.m.showModal();
  // Books out of date: the owner chooses to update them or go ahead, once per dialog.
  let goAhead = false;
  const render = async () => {
    let d;
    try {
      d = await call('compose', { input: { client_id: item.client_id, stage_id: stageId, channel, invoice_ids: invoiceIds } });
    } catch (e) { ui.fail(e); return; }
    const emailStatus = channel === 'email' ? await call('email_status').catch(() => null) : null;
    document.getElementById('modal-title').textContent = `${d.stage ? d.stage.name : 'Message'} · ${d.client_name}`;
    clear(ui.body); clear(ui.foot);
    ui.banner.hidden = true;
    ui.body.appendChild(ui.banner);
    const tone = d.stage ? d.stage.tone : 'friendly';
    const switcher = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Channel' },
      ['email', 'sms', 'letter'].map((ch) => h('button', {
        type: 'button', class: ch === channel ? 'active' : '', 'data-channel': ch, text: CHANNEL_LABEL[ch],
        onclick: () => { if (ch !== channel) { channel = ch; render(); } },
      })));
    const to = h('div', { class: 'to' }, h('span', { class: 'muted', text: channel === 'letter' ? 'Address: ' : 'To: ' }),
      d.recipient_problem ? h('span', { class: 'danger-text', id: 'recipient-problem', text: d.recipient_problem }) : h('span', { id: 'recipient', text: d.recipient.replace(/\n/g, ', ') }));
    const subject = h('input', { id: 'msg-subject', value: d.subject, autocomplete: 'off', 'aria-label': 'Subject' });
    const body = h('textarea', { id: 'msg-body', rows: channel === 'sms' ? 5 : 16, 'aria-label': 'Message', spellcheck: 'true' });
    body.value = d.body;
    // Buttons that send or print wait for the books warning and the tone check.
    let booksHeld = !!(d.books_warning && !goAhead);
    const gate = () => {
      ui.foot.querySelectorAll('button.primary, #open-letter, #save-letter').forEach((b) => { b.disabled = booksHeld || toneUi.blocked(); });
    };
    const toneUi = toneBox(gate, () => [subject, body]);
    const smsInfo = h('div', { class: 'muted small', id: 'sms-info' });
    const qrBox = h('div', { class: 'qr-box', id: 'qr-box' });
    const showSms = (info, qr, link) => {
      if (!info) return;
      smsInfo.textContent = `${info.length} characters · ${info.segments} SMS (${info.encoding}) · ${info.remaining} left in this part`;
      clear(qrBox);
      if (qr && qr.length) {
        qrBox.appendChild(qrCode(qr, 'QR code: scan with your phone to send this text'));
        qrBox.appendChild(h('div', { class: 'muted small', text: 'Scan with your phone: it opens your messages app with this text, ready to send.' }));
      } else if (link === '') {
        qrBox.appendChild(h('div', { class: 'muted small', text: 'No usable phone number for a QR code.' }));
      }
    };
    showSms(d.sms, d.qr, d.link);
    let timer = null;
    const recheck = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        try {
          const r = await call('check_message', { clientId: d.client_id, channel, tone, subject: subject.value, body: body.value });
          toneUi.update(r.flags);
          if (channel === 'sms') showSms(r.sms, r.qr, r.link);
        } catch (e) { /* shown on send */ }
      }, 250);
    };
    subject.addEventListener('input', recheck);
    body.addEventListener('input', recheck);
    const guard = warningsBox(d.warnings);
    const left = h('div', { class: 'compose-main' }, switcher, to, toneUi.box,
      channel !== 'sms' ? h('div', { class: 'field' }, h('label', { for: 'msg-subject', text: channel === 'letter' ? 'Heading' : 'Subject' }), subject) : null,
      h('div', { class: 'field' }, h('label', { for: 'msg-body', text: channel === 'letter' ? 'Letter text' : 'Message' }), body,
        channel === 'sms' ? smsInfo : null));
    const right = h('div', { class: 'compose-side' }, chargesBox(d), channel === 'sms' ? qrBox : null);
    ui.body.appendChild(h('div', { class: 'compose' }, left, right));
    if (guard.box) ui.body.appendChild(guard.box);
    body.focus();
    body.setSelectionRange(0, 0);
    body.scrollTop = 0;

    const input = () => ({
      client_id: d.client_id, stage_id: d.stage ? d.stage.id : null, channel, invoice_ids: d.invoice_ids,
      subject: channel === 'sms' ? '' : subject.value, body: body.value, override_reason: guard.reason(), tone_override: toneUi.reason(),
      attach_letter: attachLetter ? attachLetter.checked : false, attach_statement: attachStatement ? attachStatement.checked : false,
    });
    const busy = async (btn, fn) => {
      btn.disabled = true;
      try { await fn(); } catch (e) { ui.fail(e); } finally { btn.disabled = false; gate(); }
    };
    // SMS and letters go out by the owner's hand; this records that they did.
    const markSent = (label, message) => {
      const b = h('button', { class: 'primary', type: 'button', id: 'mark-sent', text: label });
      b.addEventListener('click', () => busy(b, async () => {
        const c = await call('record_sent', { input: input() });
        toast(`${message}: ${d.client_name}`, 'info', { undo: async () => { const msg = await call('undo_sent', { id: c.id }); if (onDone) onDone(); return msg; } });
        ui.m.close();
        onDone && onDone();
      }));
      return b;
    };
    let attachLetter = null;
    let attachStatement = null;
    const cancel = h('button', { type: 'button', text: 'Cancel', onclick: () => ui.m.close() });
    if (channel === 'email') {
      attachLetter = h('input', { type: 'checkbox', id: 'attach-letter', checked: tone !== 'friendly' });
      attachStatement = h('input', { type: 'checkbox', id: 'attach-statement' });
      let password = null;
      let remember = null;
      const extras = [h('label', { class: 'check' }, attachLetter, ' Attach the letter (PDF)'), h('label', { class: 'check' }, attachStatement, ' Attach a statement of account')];
      if (emailStatus && !emailStatus.configured) {
        ui.body.appendChild(h('div', { class: 'notice', text: 'No mail server is set up yet. Add yours under Chasing → Email, or send this as an SMS or letter.' }));
      } else if (emailStatus && emailStatus.needed && !emailStatus.available) {
        password = h('input', { type: 'password', id: 'smtp-password', autocomplete: 'current-password' });
        remember = h('input', { type: 'checkbox', id: 'smtp-remember', checked: !emailStatus.keyring_problem });
        ui.body.appendChild(h('div', { class: 'field password-ask' },
          h('label', { for: 'smtp-password', text: `Password for the mail server ${emailStatus.server}` }), password,
          emailStatus.keyring_problem
            ? h('div', { class: 'hint', text: `This computer has no keyring (${emailStatus.keyring_problem}); the password is kept in memory until you close Overdue.` })
            : h('label', { class: 'check' }, remember, ' Remember it in the system keyring')));
      }
      const send = h('button', { class: 'primary', type: 'button', id: 'send-email', text: 'Send email' });
      send.addEventListener('click', () => busy(send, async () => {
        const c = await call('send_email', { input: input(), password: password ? password.value : null, remember: remember ? remember.checked : false });
        if (c.status === 'sent') {
          toast(`Sent to ${c.recipient}`);
          ui.m.close();
          onDone && onDone();
        } else {
          throw new Error(`Not sent: ${c.error}. It is kept in the outbox (Chasing → Outbox) to retry.`);
        }
      }));
      ui.foot.append(h('div', { class: 'grow extras' }, extras), cancel, send);
    } else if (channel === 'sms') {
      const copy = h('button', { type: 'button', id: 'copy-sms', text: 'Copy text', onclick: () => copyText(body.value).then(() => toast('Text copied')) });
      ui.foot.append(h('div', { class: 'grow' }), cancel, copy, markSent('Mark as sent', 'SMS recorded as sent'));
    } else {
      const req = () => ({ client_id: d.client_id, stage_id: d.stage ? d.stage.id : null, invoice_ids: d.invoice_ids, subject: subject.value, body: body.value, kind: '', paper: '', tone_override: toneUi.reason() });
      const open = h('button', { type: 'button', id: 'open-letter', text: 'Open PDF to print' });
      open.addEventListener('click', () => busy(open, async () => {
        const p = await call('open_letter', { request: req() });
        toast(`Letter saved: ${p}`);
      }));
      const saveAs = h('button', { type: 'button', id: 'save-letter', text: 'Save PDF as…' });
      saveAs.addEventListener('click', () => busy(saveAs, async () => {
        const p = await call('save_letter_as', { request: req() });
        if (p) toast(`Saved to ${p}`);
      }));
      ui.foot.append(h('div', { class: 'grow' }), cancel, open, saveAs, markSent('Mark as posted', 'Letter recorded as posted'));
    }
    toneUi.update(d.tone_flags);
    if (booksHeld) {
      const box = h('div', { class: 'notice attention', id: 'books-warning', role: 'alert' },
        h('strong', { text: d.books_warning }),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', id: 'books-warning-update', text: 'Update the books now', onclick: () => { ui.m.close(); go('#/import'); } }),
          h('button', { type: 'button', id: 'books-go-ahead', text: 'Go ahead anyway',
            onclick: () => { goAhead = true; booksHeld = false; box.remove(); gate(); } })));
      ui.body.prepend(box);
    }
  };
  await render();
}

const OUTCOMES = [['reached', 'Reached them'], ['no_answer', 'No answer'], ['voicemail', 'Left a voicemail'], ['wrong_number', 'Wrong number']];
/** Reasons for not paying, as the core names them (chase::REASONS). */
export const REASONS = [
  ['forgot', 'Forgot / overlooked'], ['cash_flow', 'Cash-flow gap'], ['dispute', 'Disputes the invoice'],
  ['hardship_job_loss', 'Hardship: job loss'], ['hardship_illness', 'Hardship: illness'], ['hardship_other', 'Hardship: other'],
  ['invoice_not_received', 'Did not receive the invoice'], ['other', 'Other'],
];

/** The call script, a tel: QR code, and the outcome form. */
export async function openCall(item, onDone) {
  const stageId = item.stage ? item.stage.id : item.stage_id ?? null;
  const invoiceIds = item.invoice_ids || (item.invoices || []).map((i) => i.id);
  const ui = shell('Preparing…');
  ui.m.showModal();
  let d;
  try {
    d = await call('compose', { input: { client_id: item.client_id, stage_id: stageId, channel: 'call', invoice_ids: invoiceIds } });
  } catch (e) { ui.fail(e); return; }
  document.getElementById('modal-title').textContent = `${d.stage ? d.stage.name : 'Call'} · ${d.client_name}`;
  const script = h('ol', { class: 'script', id: 'call-script' }, d.body.split('\n').filter(Boolean).map((l) => h('li', { text: l.replace(/^\d+\.\s*/, '') })));
  const phone = h('div', { class: 'phone' },
    d.recipient_problem ? h('div', { class: 'danger-text', text: d.recipient_problem }) : h('div', { class: 'phone-number', id: 'phone-number', text: d.recipient }),
    d.qr.length ? qrCode(d.qr, 'QR code: scan to call') : null,
    d.qr.length ? h('div', { class: 'muted small', text: 'Scan to dial from your phone.' }) : null);
  const outcome = h('div', { class: 'radios', role: 'radiogroup', 'aria-label': 'Outcome' }, OUTCOMES.map(([v, l], i) =>
    h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'outcome', value: v, checked: i === 0 }), ` ${l}`)));
  const reason = h('select', { id: 'call-reason' }, [['', 'Choose…'], ...REASONS].map(([v, l]) => h('option', { value: v, text: l })));
  const circumstances = h('textarea', { id: 'call-circumstances', rows: 2, placeholder: 'What is going on for them' });
  const proposal = h('textarea', { id: 'call-proposal', rows: 2, placeholder: 'What they propose, in their words' });
  const promiseOn = h('input', { type: 'checkbox', id: 'call-promise' });
  const pAmount = h('input', { id: 'promise-amount', inputmode: 'decimal', placeholder: d.charges.principal.amount, autocomplete: 'off' });
  const pDate = h('input', { id: 'promise-date', type: 'date' });
  const promiseFields = h('div', { class: 'form-grid', hidden: true },
    h('div', { class: 'field' }, h('label', { for: 'promise-amount', text: `Amount (${d.charges.principal.currency})` }), pAmount),
    h('div', { class: 'field' }, h('label', { for: 'promise-date', text: 'By' }), pDate));
  promiseOn.addEventListener('change', () => {
    promiseFields.hidden = !promiseOn.checked;
    // The fields come into view at once, mid-call.
    if (promiseOn.checked) { promiseFields.scrollIntoView({ block: 'nearest' }); pAmount.focus(); }
  });
  const reachedPart = h('div', { id: 'reached-part' },
    h('div', { class: 'form-grid' },
      h('div', { class: 'field wide' }, h('label', { for: 'call-reason', text: 'Reason for not paying' }), reason),
      h('div', { class: 'field' }, h('label', { for: 'call-circumstances', text: 'Circumstances' }), circumstances),
      h('div', { class: 'field' }, h('label', { for: 'call-proposal', text: 'Their proposal' }), proposal)),
    h('label', { class: 'check' }, promiseOn, ' They promised to pay'), promiseFields);
  outcome.addEventListener('change', () => {
    reachedPart.hidden = outcome.querySelector('input:checked').value !== 'reached';
  });
  const guard = warningsBox(d.warnings);
  // The bottom line, private, beside the script: what may be agreed on the call.
  const limits = h('div', { class: 'charges private', id: 'call-bottom-line', hidden: true });
  call('negotiation_desk', { clientId: d.client_id }).then((desk) => {
    const L = desk.options.case.limits;
    limits.append(h('h3', { text: 'Your bottom line (private)' }),
      h('div', { class: 'charge' }, h('span', { text: 'Lowest settlement' }), h('span', { class: 'num', text: L.min_settlement.display })),
      h('div', { class: 'charge' }, h('span', { text: 'Longest plan' }), h('span', { class: 'num', text: `${L.max_months} months` })),
      h('div', { class: 'charge' }, h('span', { text: 'Smallest instalment' }), h('span', { class: 'num', text: L.min_instalment.display })),
      h('div', { class: 'charge' }, h('span', { text: 'Good-faith first payment' }), h('span', { class: 'num', text: L.good_faith.display })));
    limits.hidden = false;
  }).catch(() => {});
  ui.body.append(
    h('div', { class: 'compose call' },
      h('div', { class: 'compose-main' }, h('h3', { text: 'Script' }), script, h('h3', { text: 'Outcome' }), outcome, reachedPart),
      h('div', { class: 'compose-side' }, phone, limits, chargesBox(d))),
    guard.box);
  const save = h('button', { class: 'primary', type: 'button', id: 'log-call', text: 'Log call' });
  save.addEventListener('click', async () => {
    save.disabled = true;
    const o = outcome.querySelector('input:checked').value;
    const input = {
      client_id: d.client_id, stage_id: d.stage ? d.stage.id : null, invoice_ids: d.invoice_ids, outcome: o,
      reason: o === 'reached' ? reason.value : '', circumstances: o === 'reached' ? circumstances.value : '', proposal: o === 'reached' ? proposal.value : '',
      override_reason: guard.reason(),
      promise: o === 'reached' && promiseOn.checked ? { client_id: d.client_id, amount: pAmount.value, date: pDate.value, invoice_ids: d.invoice_ids, note: proposal.value } : null,
    };
    try {
      await call('log_call', { input });
      toast(input.promise ? 'Call logged; chasing paused until the promised date' : 'Call logged');
      ui.m.close();
      onDone && onDone();
    } catch (e) { ui.fail(e); } finally { save.disabled = false; }
  });
  ui.foot.append(h('button', { type: 'button', text: 'Cancel', onclick: () => ui.m.close() }), save);
}

function plusDays(iso, n) {
  const [y, m, dd] = iso.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, dd + n));
  return t.toISOString().slice(0, 10);
}

export function openSnooze(item, today, onDone) {
  openForm({
    title: `Snooze: ${item.title} · ${item.client_name}`,
    intro: 'The step comes back on the date you choose. The reason goes in the client\'s history.',
    fields: [
      { name: 'until', label: 'Until', type: 'date', value: plusDays(today, 7), required: true, field: 'until' },
      { name: 'reason', label: 'Reason', required: true, placeholder: 'e.g. they asked us to call back next week', field: 'reason' },
    ],
    submitLabel: 'Snooze',
    onSubmit: async (v) => {
      const ids = await call('snooze', { input: { client_id: item.client_id, stage_id: item.stage.id, invoice_ids: item.invoices.map((i) => i.id), until: v.until, reason: v.reason } });
      toast(`Snoozed until ${day(v.until)}: ${item.client_name}`, 'info', { undo: () => undoSteps(ids, onDone) });
      onDone && onDone();
    },
  });
}

/** A notice's Undo for a snooze or a skip: the step is due again. */
async function undoSteps(ids, onDone) {
  const msg = await call('undo_steps', { ids });
  if (onDone) onDone();
  return msg;
}

export function openSkip(item, onDone) {
  openForm({
    title: `Skip: ${item.title} · ${item.client_name}`,
    intro: 'The ladder moves on to the next stage. No fee is charged for a skipped stage. The reason goes in the history.',
    fields: [{ name: 'reason', label: 'Reason', required: true, placeholder: 'e.g. spoke to them in person', field: 'reason' }],
    submitLabel: 'Skip this step',
    onSubmit: async (v) => {
      const ids = await call('skip', { input: { client_id: item.client_id, stage_id: item.stage.id, invoice_ids: item.invoices.map((i) => i.id), reason: v.reason, until: '' } });
      toast(item.kind === 'review' ? `Marked reviewed: ${item.client_name}` : `Step skipped: ${item.client_name}`, 'info', { undo: () => undoSteps(ids, onDone) });
      onDone && onDone();
    },
  });
}

export function openPromise(client, today, onDone) {
  openForm({
    title: `Promise to pay · ${client.name}`,
    intro: 'Chasing of the covered invoices pauses until the promised date plus the grace period. A payment that covers it marks it kept; otherwise it is broken and chasing resumes.',
    fields: [
      { name: 'amount', label: 'Amount', required: true, inputmode: 'decimal', field: 'promise amount' },
      { name: 'date', label: 'By', type: 'date', value: plusDays(today, 7), required: true, field: 'promise date' },
      { name: 'note', label: 'Note', type: 'textarea', wide: true, field: 'note' },
    ],
    submitLabel: 'Record promise',
    onSubmit: async (v) => {
      const p = await call('create_promise', { input: { client_id: client.id, amount: v.amount, date: v.date, note: v.note, invoice_ids: [] } });
      toast(`Promise of ${p.amount.display} recorded; chasing paused until ${day(p.resume_on)}`);
      onDone && onDone();
    },
  });
}

/**
 * "Send the due email reminders": every email reminder due today that
 * needs no decision, each previewed as Rust composed it (recipient,
 * subject, amount, the message on demand); the ones that need the owner's
 * look (a guard warning, the tone check, no address) are listed apart and
 * left on Today. Sent one by one through the same path as a single send.
 */
export async function openBulkSend(onDone) {
  const ui = shell('Preparing the reminders…');
  ui.m.showModal();
  let b;
  try {
    b = await call('bulk_reminders', { limit: 100 });
  } catch (e) { ui.fail(e); return; }
  const emailStatus = await call('email_status').catch(() => null);
  const ready = b.items.filter((i) => i.ready);
  const held = b.items.filter((i) => !i.ready);
  document.getElementById('modal-title').textContent = `Send ${ready.length} email reminder${ready.length === 1 ? '' : 's'}`;
  if (b.total > b.items.length) ui.body.appendChild(h('p', { class: 'muted', text: `The first ${b.items.length.toLocaleString()} of ${b.total.toLocaleString()} due today; the rest stay on Today for the next batch.` }));
  const table = h('table', { class: 'table', id: 'bulk-table' },
    h('thead', {}, h('tr', {}, h('th', { text: 'Client' }), h('th', { text: 'To' }), h('th', { text: 'Subject' }), h('th', { class: 'num', text: 'Owed now' }), h('th', { text: '' }))),
    h('tbody', {}, ready.map((i) => {
      const status = h('td', { class: 'bulk-status', text: '' });
      const row = h('tr', { 'data-key': i.key },
        h('td', { text: i.client_name }), h('td', { text: i.to }), h('td', { text: i.subject }), h('td', { class: 'num', text: i.total.display }), status);
      const preview = h('tr', { class: 'bulk-preview', hidden: true }, h('td', { colspan: 5 }, h('pre', { class: 'message-preview', text: i.body })));
      row.addEventListener('click', () => { preview.hidden = !preview.hidden; });
      row._status = status;
      row.title = 'Click to read the message';
      i._row = row;
      return [row, preview];
    })));
  ui.body.appendChild(h('p', { class: 'muted', text: 'Each message is the stage’s template filled in for that client, as a single send would write it. Click a row to read it.' }));
  ui.body.appendChild(h('div', { class: 'table-wrap bulk-wrap' }, table));
  if (held.length) {
    ui.body.appendChild(h('div', { class: 'notice', id: 'bulk-held' },
      h('strong', { text: `${held.length} need your look first and stay on Today` }),
      h('ul', {}, held.map((i) => h('li', { text: `${i.client_name}: ${i.hold}` })))));
  }
  let password = null;
  if (emailStatus && !emailStatus.configured) {
    ui.body.appendChild(h('div', { class: 'notice', text: 'No mail server is set up yet. Add yours under Chasing → Email.' }));
  } else if (emailStatus && emailStatus.needed && !emailStatus.available) {
    password = h('input', { type: 'password', id: 'smtp-password', autocomplete: 'current-password' });
    ui.body.appendChild(h('div', { class: 'field password-ask' }, h('label', { for: 'smtp-password', text: `Password for the mail server ${emailStatus.server}` }), password));
  }
  const progress = h('div', { class: 'grow muted', id: 'bulk-progress' });
  const send = h('button', { class: 'primary', type: 'button', id: 'bulk-send-go', text: `Send ${ready.length}`, disabled: !ready.length || (emailStatus && !emailStatus.configured) });
  const cancel = h('button', { type: 'button', text: 'Cancel', onclick: () => ui.m.close() });
  let sent = 0;
  let failed = 0;
  send.addEventListener('click', async () => {
    send.disabled = true;
    for (const i of ready) {
      if (i._done) continue;
      progress.textContent = `Sending ${sent + failed + 1} of ${ready.length}…`;
      try {
        const c = await call('send_email', {
          input: { client_id: i.client_id, stage_id: i.stage_id, channel: 'email', invoice_ids: i.invoice_ids, subject: i.subject, body: i.body, override_reason: '', tone_override: '', attach_letter: i.attach_letter, attach_statement: false },
          password: password ? password.value : null, remember: false,
        });
        i._done = true;
        if (c.status === 'sent') { sent++; i._row._status.textContent = '✓ sent'; } else { failed++; i._row._status.textContent = '✗ kept in the outbox'; i._row._status.title = c.error; }
      } catch (e) {
        failed++;
        i._row._status.textContent = '✗ not sent';
        i._row._status.title = errorText(e);
        if (e && e.field === 'password') { i._done = false; ui.fail(e); break; }
      }
    }
    progress.textContent = failed ? `${sent} sent, ${failed} not sent (see the outbox)` : `${sent} sent`;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      if (ui.m.open) ui.m.close();
      toast(failed ? `${sent} reminders sent, ${failed} kept in the outbox` : `${sent} reminder${sent === 1 ? '' : 's'} sent`);
      if (onDone) onDone();
    };
    clear(ui.foot);
    ui.foot.append(progress, h('button', { type: 'button', class: 'primary', id: 'bulk-done', text: 'Done', onclick: finish }));
    ui.m.addEventListener('close', finish, { once: true });
  });
  ui.foot.append(progress, cancel, send);
}
