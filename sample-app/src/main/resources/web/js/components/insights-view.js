// Everything the insights API says about one shop and one range: the metric cards, sales and
// orders over time, new vs. returning customers, net sales, top customers and top products.
// It loads the four insights routes together, shows loading, empty and error states, reloads
// quietly for live updates, and exports what it shows as CSV.

import { ApiError, get, query } from '../api.js';
import { downloadCsv } from '../csv.js';
import { h, replace } from '../dom.js';
import { icon } from '../icons.js';
import * as format from '../format.js';
import { customerMix, netSales } from './customer-mix.js';
import { dataTable } from './data-table.js';
import { metricCards } from './metric-cards.js';
import { timeChart } from './time-chart.js';

const TOP_LIMIT = 10;

/** The view for `shop`; call load(range) to show a range. */
export function insightsView(shop) {
  const cards = metricCards();
  const sales = timeChart({ id: 'sales-chart', title: 'Sales over time', kind: 'line', field: 'sales', color: '--chart-sales' });
  const orders = timeChart({ id: 'orders-chart', title: 'Orders over time', kind: 'bar', field: 'orders', color: '--chart-orders' });
  const mix = customerMix();
  const net = netSales();
  const customers = dataTable({
    id: 'top-customers',
    caption: 'Top customers',
    empty: 'No customer ordered in this range.',
    columns: [
      { key: 'name', label: 'Customer', type: 'text', secondary: 'email' },
      { key: 'orders', label: 'Orders', type: 'count' },
      { key: 'spend', label: 'Spend', type: 'money' },
    ],
  });
  const products = dataTable({
    id: 'top-products',
    caption: 'Top products by revenue',
    empty: 'No product sold in this range.',
    columns: [
      { key: 'title', label: 'Product', type: 'text' },
      { key: 'units', label: 'Units', type: 'count' },
      { key: 'revenue', label: 'Revenue', type: 'money' },
    ],
  });
  const notice = h('div', { class: 'insights__notice' });
  const content = h('div', { class: 'insights__content' },
    cards.element,
    h('div', { class: 'panels' },
      h('div', { class: 'span-8' }, sales.element),
      h('div', { class: 'span-4 stack' }, net.element, mix.element),
      h('div', { class: 'span-12' }, orders.element),
      h('section', { class: 'card span-6', 'aria-label': 'Top customers' }, customers.element),
      h('section', { class: 'card span-6', 'aria-label': 'Top products' }, products.element)));
  const element = h('div', { class: 'insights', 'aria-busy': 'true', 'aria-live': 'off' }, notice, content);

  let shown = null;
  let sequence = 0;
  let controller = null;

  function showNotice(kind, message, action) {
    replace(notice, h('div', { class: `callout callout--${kind}`, role: kind === 'error' ? 'alert' : 'status' },
      icon(kind === 'error' ? 'error' : 'info'),
      h('div', { class: 'callout__body' }, h('p', { text: message }),
        action ? h('div', { class: 'callout__actions' }, action) : null)));
  }

  async function fetchAll(range, signal) {
    const base = `/api/shops/${encodeURIComponent(shop.id)}/insights`;
    const dates = { from: range.from, to: range.to };
    const [summary, series, top, productList] = await Promise.all([
      get(`${base}/summary${query(dates)}`, { signal }),
      get(`${base}/series${query({ ...dates, granularity: range.granularity })}`, { signal }),
      get(`${base}/top-customers${query({ ...dates, limit: TOP_LIMIT })}`, { signal }),
      get(`${base}/top-products${query({ ...dates, limit: TOP_LIMIT, by: 'revenue' })}`, { signal }),
    ]);
    return { range, summary, series, customers: top.customers, products: productList.products };
  }

  function render(data) {
    const { summary, series } = data;
    cards.update(summary);
    sales.update(series, format.money(summary.totalSales, summary.currency));
    orders.update(series, `${format.count(summary.orders)} orders`);
    mix.update(summary);
    net.update(summary);
    customers.update(data.customers, summary.currency);
    products.update(data.products, summary.currency);
    element.dataset.from = summary.from;
    element.dataset.to = summary.to;
    element.dataset.granularity = series.granularity;
    if (summary.orders === 0) {
      showNotice('info', `No orders between ${format.day(summary.from)} and ${format.day(summary.to)}. Try a longer range.`);
    } else {
      notice.replaceChildren();
    }
  }

  return {
    element,
    /**
     * Shows a range. `quiet` keeps what is shown while reloading (live updates) instead of
     * showing the loading state. Resolves when done; a newer load supersedes an older one.
     */
    async load(range, { quiet = false } = {}) {
      sequence += 1;
      const mine = sequence;
      controller?.abort();
      controller = new AbortController();
      element.setAttribute('aria-busy', 'true');
      if (!quiet) element.dataset.state = 'loading';
      try {
        const data = await fetchAll(range, controller.signal);
        if (mine !== sequence) return;
        shown = data;
        content.hidden = false;
        render(data);
        element.dataset.state = data.summary.orders === 0 ? 'empty' : 'ready';
      } catch (error) {
        if (error.name === 'AbortError' || mine !== sequence) return;
        if (!(error instanceof ApiError)) throw error;
        element.dataset.state = 'error';
        const retry = h('button', { type: 'button', class: 'button button--outlined button--small' }, icon('sync'), 'Try again');
        retry.addEventListener('click', () => this.load(range));
        showNotice('error', shown && quiet
          ? `The figures could not be updated: ${error.message}`
          : `The figures could not be loaded: ${error.message}`, retry);
        if (!shown || !quiet) content.hidden = true;
      } finally {
        if (mine === sequence) element.setAttribute('aria-busy', 'false');
      }
    },
    /** What is shown, as CSV rows; null before anything is. */
    csvRows() {
      if (!shown) return null;
      const { summary, series } = shown;
      return [
        ['Store', shop.name || shop.domain, shop.domain],
        ['From', summary.from],
        ['To', summary.to],
        ['Granularity', series.granularity],
        ['Currency', summary.currency],
        ['Time zone', summary.timeZone],
        [],
        ['Metric', 'Value'],
        ['Total sales', summary.totalSales],
        ['Net sales', summary.netSales],
        ['Total orders', summary.orders],
        ['Average order value', summary.averageOrderValue],
        ['Customers who ordered', summary.customers],
        ['New customers', summary.newCustomers],
        ['Returning customers', summary.returningCustomers],
        ['Customers in the store', summary.totalCustomers],
        [],
        ['Period start', 'Sales', 'Orders'],
        ...series.points.map((p) => [p.start, p.sales, p.orders]),
        [],
        ['Top customer', 'Email', 'Orders', 'Spend'],
        ...shown.customers.map((c) => [c.name, c.email, c.orders, c.spend]),
        [],
        ['Top product', 'Units', 'Revenue'],
        ...shown.products.map((p) => [p.title, p.units, p.revenue]),
      ];
    },
    /** Downloads what is shown as a CSV file. */
    exportCsv() {
      const rows = this.csvRows();
      if (!rows) return;
      const handle = (shop.domain || String(shop.id)).replace(/\.myshopify\.com$/, '');
      downloadCsv(`${handle}-${shown.summary.from}-to-${shown.summary.to}-${shown.series.granularity}.csv`, rows);
    },
    destroy() {
      controller?.abort();
      sales.destroy();
      orders.destroy();
    },
  };
}
