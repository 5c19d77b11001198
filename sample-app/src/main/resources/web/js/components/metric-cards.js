// The four headline figures of a range: total sales, orders, customers, average order value.
// Each value also sits raw in data-value (the API's exact string), for export and tests.

import { h } from '../dom.js';
import { icon } from '../icons.js';
import * as format from '../format.js';

const CARDS = [
  { key: 'totalSales', label: 'Total sales', icon: 'money' },
  { key: 'orders', label: 'Total orders', icon: 'cart' },
  { key: 'customers', label: 'Total customers', icon: 'people' },
  { key: 'averageOrderValue', label: 'Average order value', icon: 'trending' },
];

function details(key, summary) {
  const currency = summary.currency;
  switch (key) {
    case 'totalSales': return `Net sales ${format.money(summary.netSales, currency)}`;
    case 'orders': return `${format.dayRange(summary.from, summary.to)}`;
    case 'customers': return `who ordered · ${format.count(summary.totalCustomers)} in the store`;
    case 'averageOrderValue': return 'per order in this range';
    default: return '';
  }
}

function display(key, summary) {
  return key === 'orders' || key === 'customers'
    ? format.count(summary[key])
    : format.money(summary[key], summary.currency);
}

/** The cards; `update(summary)` fills them. */
export function metricCards() {
  const cards = CARDS.map((card) => {
    const value = h('p', { class: 'metric__value', text: '—' });
    const detail = h('p', { class: 'metric__detail', text: '\u00a0' });
    const element = h('section', { class: 'card metric', dataset: { metric: card.key }, 'aria-label': card.label },
      h('span', { class: 'metric__icon' }, icon(card.icon)),
      h('h2', { class: 'metric__label', text: card.label }),
      value,
      detail);
    return { ...card, element, value, detail };
  });
  return {
    element: h('div', { class: 'metrics' }, cards.map((c) => c.element)),
    update(summary) {
      for (const card of cards) {
        card.value.textContent = display(card.key, summary);
        card.element.dataset.value = String(summary[card.key]);
        card.detail.textContent = details(card.key, summary);
      }
    },
  };
}
