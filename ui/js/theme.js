// Light or dark: the system's choice (prefers-color-scheme) unless the
// owner picked one in Settings → Appearance; kept in this computer's
// webview storage, as it belongs to the screen, not to the books. The
// stylesheet has one dark palette, under data-theme=dark; "as the system"
// is resolved here and follows the system when it changes.
const KEY = 'overdue.theme';
const system = window.matchMedia('(prefers-color-scheme: dark)');

export function theme() {
  try { return localStorage.getItem(KEY) || 'system'; } catch { return 'system'; }
}

export function applyTheme(t = theme()) {
  const dark = t === 'dark' || (t !== 'light' && system.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function setTheme(t) {
  try { if (t === 'system') localStorage.removeItem(KEY); else localStorage.setItem(KEY, t); } catch { /* storage off: this session only */ }
  applyTheme(t);
}

system.addEventListener('change', () => { if (theme() === 'system') applyTheme(); });
applyTheme();
