// Two panels beyond the headline cards: new vs. returning customers, and net sales.

import { h } from '../dom.js';
import * as format from '../format.js';

/** New vs. returning customers of the range, as a split bar with a legend. */
export function customerMix() {
  const newBar = h('span', { class: 'split__new' });
  const returningBar = h('span', { class: 'split__returning' });
  const newValue = h('span', { class: 'value', dataset: { metric: 'newCustomers' } });
  const returningValue = h('span', { class: 'value', dataset: { metric: 'returningCustomers' } });
  const summaryText = h('p', { class: 'card__subtitle' });
  const element = h('section', { class: 'card', id: 'customer-mix', 'aria-labelledby': 'customer-mix-title' },
    h('div', { class: 'card__header' }, h('div', {}, h('h2', { id: 'customer-mix-title', text: 'New vs. returning customers' }), summaryText)),
    h('div', { class: 'split' },
      h('div', { class: 'split__bar', 'aria-hidden': 'true' }, newBar, returningBar),
      h('ul', { class: 'split__legend' },
        h('li', {}, h('span', { class: 'swatch split__new' }), 'New customers', newValue),
        h('li', {}, h('span', { class: 'swatch split__returning' }), 'Returning customers', returningValue))));
  return {
    element,
    update(summary) {
      const whole = summary.newCustomers + summary.returningCustomers;
      newBar.style.flexGrow = String(summary.newCustomers);
      returningBar.style.flexGrow = String(summary.returningCustomers);
      newValue.textContent = `${format.count(summary.newCustomers)} · ${format.percent(summary.newCustomers, whole)}`;
      returningValue.textContent = `${format.count(summary.returningCustomers)} · ${format.percent(summary.returningCustomers, whole)}`;
      newValue.dataset.value = String(summary.newCustomers);
      returningValue.dataset.value = String(summary.returningCustomers);
      summaryText.textContent = whole
        ? `${format.count(whole)} customers ordered in this range`
        : 'No customers ordered in this range';
    },
  };
}

/** Net sales of the range, with its share of total sales. */
export function netSales() {
  const value = h('p', { class: 'metric__value', dataset: { metric: 'netSales' } });
  const detail = h('p', { class: 'metric__detail' });
  const bar = h('div', { class: 'progress__bar' });
  const element = h('section', { class: 'card', id: 'net-sales', 'aria-labelledby': 'net-sales-title' },
    h('div', { class: 'card__header' }, h('h2', { id: 'net-sales-title', text: 'Net sales' })),
    value,
    h('div', { class: 'progress', 'aria-hidden': 'true' }, bar),
    detail);
  return {
    element,
    update(summary) {
      value.textContent = format.money(summary.netSales, summary.currency);
      value.dataset.value = String(summary.netSales);
      // A share for display only; the amounts themselves are shown from the API's strings.
      const total = Number(summary.totalSales);
      const share = total > 0 ? Math.max(0, Math.min(1, Number(summary.netSales) / total)) : 0;
      bar.style.width = `${share * 100}%`;
      detail.textContent = total > 0
        ? `${format.percent(share, 1)} of total sales (${format.money(summary.totalSales, summary.currency)})`
        : 'No sales in this range';
    },
  };
}
