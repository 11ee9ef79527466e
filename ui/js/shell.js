// The window's frame around the views: the business name and the date in
// the side bar, from app_info (also read into state.info).
import { call } from './api.js';
import { day } from './dom.js';
import { state } from './state.js';

export async function refreshInfo() {
  state.info = await call('app_info');
  const b = state.info.business;
  document.getElementById('business-name').textContent = b.trading_name || 'Your business';
  document.getElementById('today-label').textContent = `Today: ${day(state.info.today)}`;
}
