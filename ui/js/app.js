// Boot, and what each route renders (#/today, #/dashboard, #/clients, #/client/12, #/negotiate/12, #/agreement/12, #/chasing/ladder, #/import, #/bank, #/settings).
import { h, clear, toast, errorText } from './dom.js';
import { state } from './state.js';
import './theme.js';
import { openSearch } from './search.js';
import { showShortcuts } from './views/today.js';
import { onRoute } from './router.js';
import { refreshInfo } from './shell.js';
import { renderDashboard } from './views/dashboard.js';
import { renderToday } from './views/today.js';
import { renderChasing } from './views/chasing.js';
import { renderNegotiate } from './views/negotiate.js';
import { renderAgreement } from './views/agreement.js';
import { renderClients } from './views/clients.js';
import { renderClient } from './views/client.js';
import { renderImport } from './views/importer.js';
import { renderBank } from './views/bank.js';
import { renderSettings } from './views/settings.js';
import { renderWelcome } from './views/welcome.js';

async function route() {
  const view = document.getElementById('view');
  const [name, arg] = (location.hash.replace(/^#\/?/, '') || 'today').split('/');
  for (const a of document.querySelectorAll('.nav-link')) {
    a.classList.toggle('active', a.dataset.route === name || ((name === 'client' || name === 'negotiate' || name === 'agreement') && a.dataset.route === 'clients'));
  }
  clear(view);
  try {
    // The first client or invoice ends the first-start screen.
    if (state.info.empty) await refreshInfo();
    if (name === 'welcome' || (state.info.empty && (name === 'dashboard' || name === 'today'))) await renderWelcome(view);
    else if (name === 'today') await renderToday(view);
    else if (name === 'dashboard') await renderDashboard(view);
    else if (name === 'chasing') await renderChasing(view, arg);
    else if (name === 'negotiate') await renderNegotiate(view, Number(arg));
    else if (name === 'agreement') await renderAgreement(view, Number(arg));
    else if (name === 'clients') await renderClients(view);
    else if (name === 'client') await renderClient(view, Number(arg));
    else if (name === 'import') await renderImport(view);
    else if (name === 'bank') await renderBank(view);
    else if (name === 'settings') await renderSettings(view);
    else location.hash = '#/today';
  } catch (e) {
    view.appendChild(h('div', { class: 'page' }, h('div', { class: 'form-error', text: errorText(e) })));
  }
  view.focus({ preventScroll: true });
}

onRoute(route);
document.getElementById('open-search').addEventListener('click', () => openSearch());
document.addEventListener('keydown', (e) => {
  const tag = (document.activeElement && document.activeElement.tagName) || '';
  // Search from anywhere: Ctrl-K (Cmd-K on a Mac).
  if ((e.ctrlKey || e.metaKey) && (e.key === 'k' || e.key === 'K')) { e.preventDefault(); openSearch(); return; }
  if (e.key === '?' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(tag) && !document.querySelector('dialog[open]') && !document.getElementById('today')) { e.preventDefault(); showShortcuts(); return; }
  if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(tag)) {
    const s = document.querySelector('input[type=search]');
    if (s) { e.preventDefault(); s.focus(); }
  }
});

(async () => {
  try {
    await refreshInfo();
    if (state.info.upgrade_note) toast(state.info.upgrade_note);
    await route();
  } catch (e) {
    toast(errorText(e), 'error');
  }
})();
