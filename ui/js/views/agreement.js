// The written agreement of one client (#/agreement/<client>): write it from
// the arrangement agreed in principle, deliver it (print, save, email), sign
// for the business on screen, record the client's signed copy, countersign,
// and see it become active with its instalments. Every rule is in Rust.
import { call } from '../api.js';
import { h, clear, toast, errorText, day, when, fileName } from '../dom.js';
import { go } from '../router.js';
import { openForm } from '../modal.js';
import { paymentForm } from '../forms.js';
import { openEscalate, escalatedBanner } from '../escalate.js';
import { state } from '../state.js';
import { qrCode, copyText } from '../chase.js';

const STEPS = [['draft', 'Written'], ['issued', 'Sent'], ['signed', 'Signed by client'], ['countersigned', 'Countersigned'], ['active', 'Active']];
const KIND_LABEL = { agreement: 'Agreement', cover_letter: 'Cover letter', signed_copy: 'Signed by client', countersigned_copy: 'Signed by both', letter: 'Letter', completion_letter: 'Completion letter' };

const modal = () => document.getElementById('modal');

function busy(button, fn) {
  return async () => {
    button.disabled = true;
    try { await fn(); } catch (e) { toast(errorText(e), 'error'); } finally { button.disabled = false; }
  };
}

/** The app's "today" (the computer's date, or the one fixed with --today), plus n days. */
function isoToday(n = 0) {
  const [y, m, d] = state.info.today.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

export async function renderAgreement(view, clientId) {
  const reload = () => renderAgreement(clear(view), clientId);
  const [panel, client, docs, all] = await Promise.all([
    call('agreement_panel', { clientId }),
    call('client_detail', { id: clientId }),
    call('client_documents', { clientId }),
    call('agreements_list', { clientId }),
  ]);
  const a = panel.agreement;
  const earlier = all.filter((g) => !a || g.id !== a.id);
  const arr = panel.arrangement;
  const page = h('div', { class: 'page', id: 'agreement-page' });
  view.appendChild(page);
  page.appendChild(h('div', { class: 'page-head' },
    h('div', {},
      h('button', { class: 'link', text: `← ${client.client.name}`, onclick: () => go(`#/client/${clientId}`) }),
      h('h1', { text: `Written agreement · ${client.client.name}` }),
      h('div', { class: 'sub', id: 'agreement-status', text: a ? `${a.reference} · version ${a.version} · ${a.status_label}` : arr ? 'Terms agreed in principle; not yet written' : 'No terms agreed yet' })),
    h('div', { class: 'actions' }, h('button', { type: 'button', text: 'Negotiation desk', onclick: () => go(`#/negotiate/${clientId}`) }))));

  if (!a && !arr) {
    page.appendChild(h('div', { class: 'card empty-card' },
      h('p', { text: 'There is no arrangement agreed in principle with this client. Agree terms on the negotiation desk first; the agreement is then written from them in one click.' }),
      h('button', { class: 'primary', type: 'button', text: 'Open the negotiation desk', onclick: () => go(`#/negotiate/${clientId}`) })));
    if (earlier.length) page.appendChild(earlierCard(earlier));
    page.appendChild(documentsCard(clientId, docs));
    return;
  }

  // Where it stands.
  // Completed: every step done; in default: still at "Active", with a warning.
  const at = !a ? -1 : a.status === 'completed' ? STEPS.length : a.status === 'defaulted' ? STEPS.length - 1 : STEPS.findIndex(([k]) => k === a.status);
  page.appendChild(h('ol', { class: 'stepper', id: 'stepper', 'aria-label': 'Progress' },
    STEPS.map(([k, label], i) => h('li', { class: i < at ? 'done' : i === at ? 'current' : '', 'data-step': k }, h('span', { class: 'dot', text: i < at ? '✓' : String(i + 1) }), h('span', { text: label })))));

  const esc = escalatedBanner(panel, null);
  if (esc) page.appendChild(esc);
  if (a && a.status === 'defaulted' && !panel.escalated_on) {
    page.appendChild(h('div', { class: 'notice danger', id: 'default-notice' },
      h('strong', { text: `In default since ${day(a.defaulted_on)}. ` }),
      'A payment was not made by the end of its cure period. Send the default notice (catching up cures it), renegotiate new terms, or escalate.',
      ' ', h('button', { type: 'button', id: 'renegotiate-default', text: 'Renegotiate…', onclick: () => renegotiateDialog(a, () => go(`#/negotiate/${clientId}`)) }),
      ' ', h('button', { type: 'button', id: 'escalate-agreement', text: 'Escalate…', onclick: () => openEscalate(clientId, () => go(`#/client/${clientId}`)) })));
  }
  if (a && a.status === 'completed') {
    page.appendChild(h('div', { class: 'notice agreed', id: 'completed-notice' },
      h('strong', { text: `Completed on ${day(a.completed_on)}. ` }), 'Every payment was made; the account is settled and the completion letter is under Documents.'));
  }
  if (panel.missing.length && (!a || a.next.includes('revise'))) {
    page.appendChild(h('div', { class: 'notice', id: 'missing' },
      h('strong', { text: 'Before the agreement can be written, add:' }),
      h('ul', {}, panel.missing.map((m) => h('li', { text: m }))),
      h('button', { type: 'button', text: 'Settings', onclick: () => go('#/settings') }), ' ',
      h('button', { type: 'button', text: 'Client page', onclick: () => go(`#/client/${clientId}`) })));
  }

  const grid = h('div', { class: 'agreement-grid' });
  page.appendChild(grid);
  grid.appendChild(termsCard(a, arr));
  if (a) grid.appendChild(agreementCard(a, panel, clientId, reload));
  if (!a || a.next.includes('revise')) grid.appendChild(writeCard(a, arr, panel, clientId, reload));
  if (a && a.instalments.length) page.appendChild(instalmentsCard(a, client, reload));
  if (earlier.length) page.appendChild(earlierCard(earlier));
  page.appendChild(documentsCard(clientId, docs));
}

/** Agreements that ended before this one (declined, expired, renegotiated,
 *  completed): what they were for and how they ended. Their files stay
 *  under Documents. */
function earlierCard(list) {
  const ended = (g) => g.completed_on || g.closed_on || g.created_at;
  return h('div', { class: 'card', id: 'earlier-agreements' }, h('h2', { text: `Earlier agreements (${list.length})` }),
    h('table', { class: 'table compact' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Agreement' }), h('th', { text: 'Terms' }), h('th', { text: 'How it ended' }), h('th', { class: 'num', text: 'Total' }))),
      h('tbody', {}, list.map((g) => h('tr', { 'data-status': g.status },
        h('td', {}, h('div', { text: g.reference }), h('div', { class: 'muted small', text: `v${g.version} · ${day(g.content.date)}` })),
        h('td', { text: g.content.summary }),
        h('td', {}, h('div', { text: g.status_label }), h('div', { class: 'muted small', text: [ended(g) ? day(ended(g).slice(0, 10)) : '', g.closed_reason].filter(Boolean).join(' · ') })),
        h('td', { class: 'num', text: g.content.payable }))))));
}

function termsCard(a, arr) {
  const c = a ? a.content : null;
  const card = h('div', { class: 'card', id: 'terms' }, h('h2', { text: 'Terms' }));
  if (c) {
    card.append(
      h('div', { class: 'big', text: c.payable }),
      h('div', { text: c.summary }),
      h('dl', { class: 'facts' },
        h('dt', { text: 'Owed on the invoices' }), h('dd', { id: 'terms-owed', text: c.principal }),
        h('dt', { text: 'Balance on ' + day(c.balance_on) }), h('dd', { text: c.balance }),
        c.waived ? [h('dt', { text: 'Given up if kept' }), h('dd', { text: c.waived })] : null,
        h('dt', { text: 'Payments' }), h('dd', { text: `${c.instalments.length}, first on ${day(c.instalments[0].due_date)}` }),
        h('dt', { text: 'Cure period' }), h('dd', { text: `${c.cure_days} days` }),
        h('dt', { text: 'Late fee' }), h('dd', { text: c.late_fee || 'none' }),
        h('dt', { text: 'Return by' }), h('dd', { text: day(c.return_by) })));
  } else {
    card.append(h('div', { class: 'big', text: arr.total.display }), h('div', { text: arr.terms }));
    if (!arr.within_bottom_line) card.append(h('div', { class: 'muted small', text: `Outside the bottom line; reason logged: ${arr.override_reason}` }));
  }
  return card;
}

function writeCard(a, arr, panel, clientId, reload) {
  const o = a ? a.content : null;
  const f = {
    return_by: h('input', { id: 'ag-return-by', type: 'date', value: o ? o.return_by : isoToday(14) }),
    cure_days: h('input', { id: 'ag-cure', type: 'number', min: 0, max: 60, value: o ? o.cure_days : 14 }),
    late_fee: h('input', { id: 'ag-late-fee', inputmode: 'decimal', placeholder: 'none', value: o ? o.late_fee.replace(/[^0-9.,]/g, '') : '' }),
    debtor_signatory: h('input', { id: 'ag-signatory', value: o ? o.debtor.signatory : panel.default_signatory }),
    debtor_signatory_title: h('input', { id: 'ag-signatory-title', value: o ? o.debtor.signatory_title : '', placeholder: 'e.g. Director' }),
    paper: h('select', { id: 'ag-paper' }, h('option', { value: '', text: 'As in settings' }), h('option', { value: 'A4', text: 'A4' }), h('option', { value: 'Letter', text: 'US Letter' })),
    witness: h('input', { id: 'ag-witness', type: 'checkbox', checked: o ? o.witness : false }),
  };
  if (a) f.paper.value = a.paper;
  const errorBox = h('div', { class: 'form-error', hidden: true });
  const field = (label, el, hint) => h('div', { class: 'field' }, h('label', { for: el.id, text: label }), el, hint ? h('div', { class: 'hint', text: hint }) : null);
  const write = h('button', { class: 'primary', type: 'submit', id: 'write-agreement', text: a ? 'Write a new version' : 'Write the agreement', disabled: panel.missing.length > 0 });
  const form = h('form', { class: 'card', id: 'write-card' },
    h('h2', { text: a ? 'Change and write again' : 'Write the agreement' }),
    a ? h('p', { class: 'muted small', text: 'A new version gets a new fingerprint; the earlier files are kept. A version already sent must be sent again.' }) : null,
    errorBox,
    h('div', { class: 'form-grid' },
      field('Return signed by', f.return_by),
      field('Cure period (days)', f.cure_days, 'Time to catch up a late payment before default'),
      field('Late fee', f.late_fee, 'Leave empty for none'),
      field('Paper', f.paper),
      field('Signs for the client', f.debtor_signatory),
      field('Their title', f.debtor_signatory_title)),
    h('label', { class: 'check' }, f.witness, ' Add witness lines'),
    h('div', { class: 'actions' }, write));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errorBox.hidden = true;
    write.disabled = true;
    try {
      const input = { client_id: clientId, return_by: f.return_by.value, cure_days: f.cure_days.value === '' ? null : Number(f.cure_days.value), late_fee: f.late_fee.value, debtor_signatory: f.debtor_signatory.value, debtor_signatory_title: f.debtor_signatory_title.value, witness: f.witness.checked, paper: f.paper.value };
      const d = await call('agreement_draft', { input });
      toast(`Agreement ${d.agreement.reference} v${d.agreement.version} written`);
      reload();
    } catch (e) {
      errorBox.textContent = errorText(e);
      errorBox.hidden = false;
      write.disabled = false;
    }
  });
  return form;
}

function currentDoc(a, kind) {
  const mine = a.documents.filter((d) => d.kind === kind && d.version === a.version);
  return mine[0] || null; // newest first: the one signed on screen if there is one
}

function agreementCard(a, panel, clientId, reload) {
  const doc = currentDoc(a, 'agreement');
  const cover = currentDoc(a, 'cover_letter');
  const card = h('div', { class: 'card', id: 'agreement-card' },
    h('h2', { text: `${a.content.title} ${a.reference}` }),
    h('div', { class: 'muted small', id: 'fingerprint', text: `Version ${a.version} · fingerprint ${a.fingerprint}${a.business_signed ? ' · signed by you on screen' : ''}` }));
  const row = h('div', { class: 'button-row' });
  if (doc) {
    const b1 = h('button', { type: 'button', id: 'open-agreement', text: 'Open to print' });
    b1.addEventListener('click', busy(b1, async () => { const p = await call('open_document', { clientId, documentId: doc.id }); toast(`Opened ${fileName(p)}`); }));
    const b2 = h('button', { type: 'button', id: 'save-agreement', text: 'Save a copy…' });
    b2.addEventListener('click', busy(b2, async () => { const p = await call('save_document_as', { clientId, documentId: doc.id }); if (p) toast(`Saved to ${p}`); }));
    row.append(b1, b2);
  }
  if (cover) {
    const b3 = h('button', { type: 'button', id: 'open-cover', text: 'Cover letter' });
    b3.addEventListener('click', busy(b3, async () => { await call('open_document', { clientId, documentId: cover.id }); }));
    row.append(b3);
  }
  card.appendChild(row);

  const next = h('div', { class: 'button-row next-steps' });
  if (a.next.includes('email')) next.append(h('button', { type: 'button', class: 'primary', id: 'email-agreement', text: 'Email to client…', onclick: () => emailDialog(a, panel, reload) }));
  if (a.next.includes('issue')) next.append(h('button', { type: 'button', id: 'mark-issued', text: a.status === 'issued' ? 'Sent again by post or by hand…' : 'Mark as posted or handed over…', onclick: () => issueDialog(a, reload) }));
  if ((a.status === 'draft' || a.status === 'issued') && !a.business_signed) next.append(h('button', { type: 'button', id: 'sign-on-screen', text: 'Sign for the business…', onclick: () => signatureDialog(a, reload) }));
  if (a.next.includes('sign')) next.append(h('button', { type: 'button', class: a.status === 'issued' ? 'primary' : '', id: 'record-signed', text: 'Record signed copy…', onclick: () => signedDialog(a, reload) }));
  if (a.next.includes('countersign')) next.append(h('button', { type: 'button', class: 'primary', id: 'countersign', text: 'Countersign…', onclick: () => countersignDialog(a, reload) }));
  if (a.status === 'defaulted') next.append(h('button', { type: 'button', class: 'primary', id: 'default-notice-button', text: 'Default notice…', onclick: () => messageDialog(a, 'default_notice', reload) }));
  if (['active', 'defaulted', 'completed'].includes(a.status)) next.append(h('button', { type: 'button', id: 'progress-button', text: 'Send progress update…', onclick: () => messageDialog(a, 'progress', reload) }));
  if (a.status === 'active' && a.next.includes('renegotiate')) next.append(h('button', { type: 'button', class: 'link danger-text', id: 'renegotiate', text: 'End to renegotiate…', onclick: () => renegotiateDialog(a, () => go(`#/negotiate/${a.client_id}`)) }));
  if (a.next.includes('decline')) next.append(h('button', { type: 'button', class: 'link danger-text', id: 'decline', text: 'Client declined…', onclick: () => openForm({
    title: `Declined: ${a.reference}`,
    intro: 'The arrangement is withdrawn and the case goes back to the negotiation desk, with everything said so far. The invoices are chased again.',
    fields: [{ name: 'reason', label: 'Reason', required: true, wide: true }],
    submitLabel: 'Record as declined',
    onSubmit: async (v) => { await call('agreement_decline', { id: a.id, reason: v.reason }); toast('Recorded; back to negotiation'); go(`#/negotiate/${a.client_id}`); },
  }) }));
  if (next.children.length) card.appendChild(next);

  const facts = [];
  if (a.issued_on) facts.push(`Sent ${day(a.issued_on)} (${{ email: 'by email', post: 'by post', hand: 'by hand', print: 'printed' }[a.issued_how] || a.issued_how})${a.issued_version && a.issued_version !== a.version ? `, version ${a.issued_version}` : ''}`);
  if (a.debtor_signed_on) facts.push(`Signed by ${a.debtor_signed_by} on ${day(a.debtor_signed_on)}`);
  if (a.countersigned_on) facts.push(`Countersigned by ${a.countersigned_by} on ${day(a.countersigned_on)}`);
  if (a.activated_on) facts.push(`Active since ${day(a.activated_on)}: its instalments are followed up one by one`);
  if (facts.length) card.appendChild(h('ul', { class: 'facts-list', id: 'agreement-facts' }, facts.map((t) => h('li', { text: t }))));
  return card;
}

function emailDialog(a, panel, reload) {
  const m = modal();
  clear(m);
  const subject = h('input', { id: 'ag-subject', value: panel.cover_subject, 'aria-label': 'Subject' });
  const body = h('textarea', { id: 'ag-body', rows: 16, 'aria-label': 'Message' });
  body.value = panel.cover_body;
  const banner = h('div', { class: 'form-error', hidden: true });
  const send = h('button', { type: 'button', class: 'primary', id: 'send-agreement', text: 'Send email' });
  const pwBox = h('div');
  let password = null;
  send.addEventListener('click', async () => {
    banner.hidden = true;
    send.disabled = true;
    try {
      await call('agreement_email', { id: a.id, subject: subject.value, body: body.value, password: password ? password.value : null, remember: false });
      toast(`Agreement emailed to ${panel.client_email}`);
      m.close();
      reload();
    } catch (e) {
      if (e && e.field === 'password' && !password) {
        password = h('input', { type: 'password', id: 'smtp-password', autocomplete: 'current-password' });
        pwBox.append(h('div', { class: 'field password-ask' }, h('label', { for: 'smtp-password', text: 'Password for the mail server' }), password));
        password.focus();
      }
      banner.textContent = errorText(e);
      banner.hidden = false;
    } finally { send.disabled = false; }
  });
  const doc = currentDoc(a, 'agreement');
  m.appendChild(h('div', {},
    h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: `Email ${a.reference}` })),
    h('div', { class: 'modal-body compose' }, banner,
      h('div', { class: 'to' }, h('span', { class: 'muted', text: 'To: ' }), h('span', { id: 'recipient', text: panel.client_email || '(no email address: add one on the client page, or print it)' })),
      subject, body,
      h('div', { class: 'muted small', text: `Attached: ${doc ? doc.file_name : 'the agreement PDF'}` }), pwBox),
    h('div', { class: 'modal-foot' }, h('button', { type: 'button', text: 'Cancel', onclick: () => m.close() }), send)));
  m.classList.add('wide');
  m.addEventListener('close', () => m.classList.remove('wide'), { once: true });
  m.showModal();
}

const MESSAGE_TITLE = { progress: 'Progress update', default_notice: 'Default notice', heads_up: 'Payment reminder', late_reminder: 'Late payment' };

/** A message about an agreement (progress update, default notice, heads-up
 *  for the next payment, reminder for a late one): edit, then email it, print
 *  it as a letter, or text it from your phone (a default notice goes in
 *  writing only). */
export async function messageDialog(a, kind, reload) {
  const m = modal();
  clear(m);
  const title = `${MESSAGE_TITLE[kind] || kind} · ${a.reference}`;
  const banner = h('div', { class: 'form-error', hidden: true });
  let msg;
  try { msg = await call('agreement_message', { id: a.id, kind, catchUpBy: '' }); } catch (e) { toast(errorText(e), 'error'); return; }
  const subject = h('input', { id: 'am-subject', value: msg.subject, 'aria-label': 'Subject' });
  const body = h('textarea', { id: 'am-body', rows: 16, 'aria-label': 'Message' });
  // The written message and the text are edited separately; switching keeps both.
  const text = { written: msg.body, sms: msg.sms };
  body.value = text.written;
  const catchUp = h('input', { id: 'am-catch-up', type: 'date', value: msg.catch_up_by });
  catchUp.addEventListener('change', async () => {
    try {
      const again = await call('agreement_message', { id: a.id, kind, catchUpBy: catchUp.value });
      subject.value = again.subject; text.written = again.body; if (channel !== 'sms') body.value = again.body; banner.hidden = true;
    } catch (e) { banner.textContent = errorText(e); banner.hidden = false; }
  });
  let channel = msg.email ? 'email' : 'letter';
  const to = h('span', {});
  const subjectField = h('div', { class: 'field' }, h('label', { for: 'am-subject', text: 'Subject' }), subject);
  const smsInfo = h('div', { class: 'muted small', id: 'sms-info' });
  const qrBox = h('div', { class: 'qr-box', id: 'am-qr' });
  const copy = h('button', { type: 'button', id: 'am-copy', text: 'Copy text', onclick: () => copyText(body.value).then(() => toast('Text copied')) });
  let timer = null;
  const checkSms = async () => {
    try {
      const r = await call('check_message', { clientId: a.client_id, channel: 'sms', tone: 'final', subject: '', body: body.value });
      const i = r.sms;
      smsInfo.textContent = `${i.length} characters · ${i.segments} SMS (${i.encoding}) · ${i.remaining} left in this part`;
      clear(qrBox);
      if (r.qr && r.qr.length) {
        qrBox.append(qrCode(r.qr, 'QR code: scan with your phone to send this text'),
          h('div', { class: 'muted small', text: 'Scan with your phone: it opens your messages app with this text, ready to send. Then mark it as sent.' }));
      } else {
        qrBox.append(h('div', { class: 'muted small', text: 'No usable phone number for a QR code; copy the text instead.' }));
      }
    } catch (e) { /* shown on send */ }
  };
  body.addEventListener('input', () => {
    text[channel === 'sms' ? 'sms' : 'written'] = body.value;
    if (channel === 'sms') { clearTimeout(timer); timer = setTimeout(checkSms, 250); }
  });
  const seg = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Channel' });
  const send = h('button', { type: 'button', class: 'primary', id: 'am-send' });
  const paint = () => {
    for (const b of seg.children) b.classList.toggle('active', b.dataset.channel === channel);
    const sms = channel === 'sms';
    send.textContent = { email: 'Send email', sms: 'Mark as sent', letter: 'Save and print letter' }[channel];
    to.textContent = { email: msg.email, sms: msg.phone, letter: 'a letter to print and post' }[channel];
    body.value = sms ? text.sms : text.written;
    body.rows = sms ? 7 : 16;
    subjectField.hidden = sms;
    smsInfo.hidden = !sms; qrBox.hidden = !sms; copy.hidden = !sms;
    if (sms) checkSms();
  };
  const channels = [['email', 'Email', !msg.email, 'No email address for this client'], ['sms', 'Text', !msg.phone, 'No phone number for this client'], ['letter', 'Letter', false, '']];
  for (const [ch, label, off, why] of channels) {
    if (ch === 'sms' && !msg.sms) continue; // a default notice goes in writing
    seg.appendChild(h('button', { type: 'button', 'data-channel': ch, text: label, disabled: off, title: off ? why : '', onclick: () => { channel = ch; paint(); } }));
  }
  send.addEventListener('click', async () => {
    banner.hidden = true;
    send.disabled = true;
    try {
      const r = await call('agreement_send_message', { input: { id: a.id, kind, channel, subject: channel === 'sms' ? '' : subject.value, body: body.value, catch_up_by: catchUp.value }, password: null, remember: false });
      toast(r);
      m.close();
      reload();
    } catch (e) { banner.textContent = errorText(e); banner.hidden = false; } finally { send.disabled = false; }
  });
  paint();
  m.appendChild(h('div', {},
    h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: title })),
    h('div', { class: 'modal-body' }, banner,
      h('div', { class: 'message-head' }, seg, h('div', { class: 'to' }, h('span', { class: 'muted', text: 'To: ' }), to)),
      kind === 'default_notice' ? h('div', { class: 'field' }, h('label', { for: 'am-catch-up', text: 'Last date to catch up' }), catchUp) : null,
      subjectField,
      h('div', { class: 'message-main' }, h('div', { class: 'compose-main' }, body, smsInfo), qrBox)),
    h('div', { class: 'modal-foot' }, h('button', { type: 'button', text: 'Cancel', onclick: () => m.close() }), copy, send)));
  m.classList.add('wide');
  m.addEventListener('close', () => m.classList.remove('wide'), { once: true });
  m.showModal();
}

/** End an active or defaulted agreement so new terms can be agreed; then
 *  `onDone` (the negotiation desk). */
export function renegotiateDialog(a, onDone) {
  openForm({
    title: `Renegotiate: end ${a.reference}`,
    intro: `${a.reference} ends here and the case goes back to the negotiation desk with everything said so far. What was paid stays paid; the rest of the invoices is owed in full again (nothing given up under it stays given up), with interest and fees worked out afresh from the original due dates, until new terms are agreed in writing. Its files stay under Documents.`,
    fields: [{ name: 'reason', label: 'Why new terms are needed', required: true, wide: true, placeholder: 'e.g. lost their job; asked for smaller payments' }],
    submitLabel: 'End it and renegotiate',
    onSubmit: async (v) => {
      await call('agreement_renegotiate', { id: a.id, reason: v.reason });
      toast(`${a.reference} ended; back to the negotiation desk`);
      onDone && onDone();
    },
  });
}

function issueDialog(a, reload) {
  openForm({
    title: `How ${a.reference} was given`,
    intro: `The signed copy is due back by ${day(a.content.return_by)}; after that the offer lapses and the case goes back to negotiation.`,
    fields: [{ name: 'how', label: 'How', type: 'select', options: [['post', 'Posted'], ['hand', 'Handed over in person'], ['print', 'Printed to give']], value: 'post', field: 'how' }],
    submitLabel: 'Record',
    onSubmit: async (v) => { await call('agreement_issue', { id: a.id, how: v.how }); toast('Recorded as sent'); reload(); },
  });
}

/** A drawing pad: strokes of points 0..1 across and down. */
function signaturePad() {
  const canvas = h('canvas', { id: 'signature-pad', width: 540, height: 180, class: 'signature-pad', 'aria-label': 'Draw your signature' });
  const ctx = canvas.getContext('2d');
  ctx.lineWidth = 2.2; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.strokeStyle = '#13245c';
  const strokes = [];
  let current = null;
  const point = (ev) => { const r = canvas.getBoundingClientRect(); return [Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width)), Math.min(1, Math.max(0, (ev.clientY - r.top) / r.height))]; };
  const draw = () => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.beginPath(); ctx.strokeStyle = '#c9ced6'; ctx.lineWidth = 1; ctx.moveTo(20, canvas.height * 0.8); ctx.lineTo(canvas.width - 20, canvas.height * 0.8); ctx.stroke();
    ctx.strokeStyle = '#13245c'; ctx.lineWidth = 2.2;
    for (const s of strokes) {
      ctx.beginPath();
      s.forEach(([x, y], i) => (i ? ctx.lineTo(x * canvas.width, y * canvas.height) : ctx.moveTo(x * canvas.width, y * canvas.height)));
      ctx.stroke();
    }
  };
  canvas.addEventListener('pointerdown', (ev) => { try { canvas.setPointerCapture(ev.pointerId); } catch (_) { /* synthetic pointer */ } current = [point(ev)]; strokes.push(current); draw(); });
  canvas.addEventListener('pointermove', (ev) => { if (current) { current.push(point(ev)); draw(); } });
  const end = () => { current = null; };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  draw();
  return { canvas, strokes, clear: () => { strokes.length = 0; draw(); }, redraw: draw };
}

function signatureDialog(a, reload) {
  const m = modal();
  clear(m);
  const pad = signaturePad();
  const banner = h('div', { class: 'form-error', hidden: true });
  const save = h('button', { type: 'button', class: 'primary', id: 'place-signature', text: 'Place on the agreement' });
  save.addEventListener('click', async () => {
    banner.hidden = true;
    save.disabled = true;
    try {
      await call('agreement_sign_on_screen', { id: a.id, strokes: pad.strokes });
      toast('Signed: the copy you send carries your signature');
      m.close();
      reload();
    } catch (e) { banner.textContent = errorText(e); banner.hidden = false; } finally { save.disabled = false; }
  });
  m.appendChild(h('div', {},
    h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: `Sign ${a.reference} for ${a.content.creditor.legal_name}` })),
    h('div', { class: 'modal-body' }, banner,
      h('p', { class: 'muted', text: `Draw the signature of ${a.content.creditor.signatory || 'the person signing for the business'} with the mouse or a finger. It is placed on a copy of version ${a.version}; the text and its fingerprint do not change. When the client's signed copy comes back, the agreement is active at once.` }),
      pad.canvas),
    h('div', { class: 'modal-foot' }, h('button', { type: 'button', text: 'Clear', onclick: pad.clear }), h('div', { class: 'grow' }), h('button', { type: 'button', text: 'Cancel', onclick: () => m.close() }), save)));
  m.showModal();
}

function fileChooser(id) {
  let chosen = '';
  const label = h('span', { class: 'muted', id: `${id}-name`, text: 'No file chosen' });
  const button = h('button', { type: 'button', id, text: 'Choose file…' });
  button.addEventListener('click', busy(button, async () => {
    const p = await call('pick_signed_copy');
    if (p) { chosen = p; label.textContent = fileName(p); }
  }));
  return { el: h('div', { class: 'file-choice' }, button, ' ', label), get: () => chosen };
}

function signedDialog(a, reload) {
  const m = modal();
  clear(m);
  const file = fileChooser('choose-signed');
  const date = h('input', { id: 'signed-date', type: 'date', value: isoToday() });
  const by = h('input', { id: 'signed-by', value: a.content.debtor.signatory });
  const banner = h('div', { class: 'form-error', hidden: true });
  const save = h('button', { type: 'button', class: 'primary', id: 'save-signed', text: 'Record signed copy' });
  save.addEventListener('click', async () => {
    banner.hidden = true;
    save.disabled = true;
    try {
      const r = await call('agreement_record_signed', { input: { id: a.id, file: file.get(), date: date.value, by: by.value } });
      toast(r.status === 'active' ? `${a.reference} is active` : 'Signed copy recorded; countersign it to make it active');
      m.close();
      reload();
    } catch (e) { banner.textContent = errorText(e); banner.hidden = false; } finally { save.disabled = false; }
  });
  m.appendChild(h('div', {},
    h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: `Signed copy of ${a.reference}` })),
    h('div', { class: 'modal-body' }, banner,
      h('p', { class: 'muted', text: `Attach the scan or photo (PDF, JPEG or PNG, under 25 MB). Check that its footer shows fingerprint ${a.fingerprint}: that is the version you sent.` }),
      h('div', { class: 'form-grid' },
        h('div', { class: 'field wide' }, h('label', { text: 'File' }), file.el),
        h('div', { class: 'field' }, h('label', { for: 'signed-date', text: 'Date signed' }), date),
        h('div', { class: 'field' }, h('label', { for: 'signed-by', text: 'Signed by' }), by))),
    h('div', { class: 'modal-foot' }, h('button', { type: 'button', text: 'Cancel', onclick: () => m.close() }), save)));
  m.showModal();
}

function countersignDialog(a, reload) {
  const m = modal();
  clear(m);
  const file = fileChooser('choose-countersigned');
  const date = h('input', { id: 'countersign-date', type: 'date', value: isoToday() });
  const by = h('input', { id: 'countersign-by', value: a.content.creditor.signatory });
  const banner = h('div', { class: 'form-error', hidden: true });
  const save = h('button', { type: 'button', class: 'primary', id: 'save-countersign', text: 'Countersign and make active' });
  save.addEventListener('click', async () => {
    banner.hidden = true;
    save.disabled = true;
    try {
      await call('agreement_countersign', { input: { id: a.id, date: date.value, by: by.value, file: file.get() } });
      toast(`${a.reference} is active`);
      m.close();
      reload();
    } catch (e) { banner.textContent = errorText(e); banner.hidden = false; } finally { save.disabled = false; }
  });
  m.appendChild(h('div', {},
    h('div', { class: 'modal-head' }, h('h2', { id: 'modal-title', text: `Countersign ${a.reference}` })),
    h('div', { class: 'modal-body' }, banner,
      h('p', { class: 'muted', text: 'Sign the client\'s copy for the business. From then on the agreement is active: its payments become the items to follow up, and the invoices it covers are no longer chased one by one.' }),
      h('div', { class: 'form-grid' },
        h('div', { class: 'field' }, h('label', { for: 'countersign-date', text: 'Date' }), date),
        h('div', { class: 'field' }, h('label', { for: 'countersign-by', text: 'Signed by' }), by),
        h('div', { class: 'field wide' }, h('label', { text: 'Copy signed by both (optional)' }), file.el))),
    h('div', { class: 'modal-foot' }, h('button', { type: 'button', text: 'Cancel', onclick: () => m.close() }), save)));
  m.showModal();
}

const STATE_CLASS = { paid: 'ok', partly_paid: 'warn', late: 'warn', missed: 'bad', due: 'warn', upcoming: '' };

function instalmentsCard(a, client, reload) {
  const paid = a.instalments.filter((i) => i.state === 'paid').length;
  const open = client.invoices.filter((i) => i.status !== 'paid');
  const live = a.status === 'active' || a.status === 'defaulted';
  return h('div', { class: 'card', id: 'instalments' },
    h('div', { class: 'card-head' },
      h('h2', { text: `Payments: ${paid} of ${a.instalments.length} made` }),
      live ? h('button', { type: 'button', class: 'primary', id: 'agreement-payment', text: 'Record payment', onclick: () => paymentForm(client.client, open, reload) }) : null),
    h('table', { class: 'table compact' },
      h('thead', {}, h('tr', {}, h('th', { text: 'No.' }), h('th', { text: 'Due' }), h('th', { class: 'num', text: 'Amount' }), h('th', { class: 'num', text: 'Paid' }), h('th', { class: 'num', text: 'Left' }), h('th', { text: 'State' }))),
      h('tbody', {}, a.instalments.map((i) => h('tr', { 'data-state': i.state },
        h('td', { text: String(i.number) }),
        h('td', { text: day(i.due_date) }),
        h('td', { class: 'num', text: i.amount.display }),
        h('td', { class: 'num', text: i.paid.display }),
        h('td', { class: 'num', text: i.left.display }),
        h('td', {}, h('span', { class: `pill ${STATE_CLASS[i.state] || ''}`, title: i.state === 'late' ? `Cure period until ${day(i.cure_until)}` : '', text: i.state === 'late' ? `Late (until ${day(i.cure_until)})` : i.state_label })))))));
}

function documentsCard(clientId, docs) {
  const card = h('div', { class: 'card', id: 'documents' }, h('h2', { text: `Documents (${docs.length})` }));
  if (!docs.length) {
    card.appendChild(h('p', { class: 'muted', text: 'Agreements, cover letters, signed copies and letters appear here, each kept with its hash and never overwritten.' }));
    return card;
  }
  card.appendChild(h('table', { class: 'table compact' },
    h('thead', {}, h('tr', {}, h('th', { text: 'Document' }), h('th', { text: 'Version' }), h('th', { text: 'Created' }), h('th', { text: 'SHA-256' }), h('th', {}))),
    h('tbody', {}, docs.map((d) => {
      const open = h('button', { type: 'button', class: 'link', text: 'Open', disabled: !d.exists });
      open.addEventListener('click', busy(open, () => call('open_document', { clientId, documentId: d.id })));
      const save = h('button', { type: 'button', class: 'link', text: 'Save…', disabled: !d.exists });
      save.addEventListener('click', busy(save, async () => { const p = await call('save_document_as', { clientId, documentId: d.id }); if (p) toast(`Saved to ${p}`); }));
      return h('tr', { 'data-kind': d.kind },
        h('td', {}, h('div', { text: KIND_LABEL[d.kind] || d.kind }), h('div', { class: 'muted small', text: d.exists ? d.file_name : `${d.file_name} (missing)` })),
        h('td', { text: `v${d.version}` }),
        h('td', { text: when(d.created_at) }),
        h('td', { class: 'mono small', title: d.sha256, text: `${d.sha256.slice(0, 12)}…` }),
        h('td', { class: 'row-actions' }, open, save));
    }))));
  return card;
}
