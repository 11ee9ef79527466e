// Light or dark: the system's choice (prefers-color-scheme) unless the
// owner picked one in Settings → Appearance; kept in this computer's
// webview storage, as it belongs to the screen, not to the books.
const KEY = 'overdue.theme';

export function theme() {
  try { return localStorage.getItem(KEY) || 'system'; } catch { return 'system'; }
}

export function applyTheme(t = theme()) {
  if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
  else delete document.documentElement.dataset.theme;
}

export function setTheme(t) {
  try { if (t === 'system') localStorage.removeItem(KEY); else localStorage.setItem(KEY, t); } catch { /* storage off: this session only */ }
  applyTheme(t);
}

applyTheme();
