// Hash routing (#/today, #/client/12, …): the one way views move to another
// screen. app.js registers what each route renders; views import `go` from
// here, never app.js.

let render = async () => {};

/// app.js sets the function that renders the current hash.
export function onRoute(fn) {
  render = fn;
}

/// Shows `hash` (rendered again when it is already showing).
export async function go(hash) {
  if (location.hash === hash) await render();
  else location.hash = hash;
}

window.addEventListener('hashchange', () => render());
