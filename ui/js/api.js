// The only door to Rust. Every call returns the core's result or throws
// { kind, message, field?, problems? } exactly as the core described it.
const invoke = window.__TAURI_INTERNALS__ && window.__TAURI_INTERNALS__.invoke;

export async function call(command, args = {}) {
  if (!invoke) throw { kind: 'shell', message: 'Overdue must run inside its desktop window.' };
  try {
    return await invoke(command, args);
  } catch (e) {
    if (e && typeof e === 'object' && 'message' in e) throw e;
    throw { kind: 'unknown', message: String(e) };
  }
}

let placesOnce = null;
/** The countries and time zones the pickers offer (asked for once). */
export function places() {
  if (!placesOnce) placesOnce = call('places').catch((e) => { placesOnce = null; throw e; });
  return placesOnce;
}
