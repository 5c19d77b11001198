// Filter by date: the same figures for a chosen range and grouping, kept in the URL.

import { insightsPage } from '../components/insights-page.js';

export function render(ctx) {
  return insightsPage(ctx, { title: 'Filter by date', current: 'filter', picker: true });
}
