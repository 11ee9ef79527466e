// What every view may read: the app info from Rust (today, business, currencies).
export const state = { info: null };
