// Dashboard: the selected store's last 30 days.

import { insightsPage } from '../components/insights-page.js';

export function render(ctx) {
  return insightsPage(ctx, { title: 'Dashboard', current: 'dashboard', picker: false });
}
