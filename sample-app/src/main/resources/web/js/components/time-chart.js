// A chart of one figure over time (Chart.js), with its data as a table behind a toggle: the
// table is the chart's text alternative, and what "Show table" reveals.

import { h, uniqueId } from '../dom.js';
import { icon } from '../icons.js';
import * as format from '../format.js';
import { dataTable } from './data-table.js';

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/**
 * kind 'line' or 'bar'; field 'sales' (money) or 'orders' (count). `update(series, headline)`
 * draws a Series from the API under a headline (the range's total); `destroy()` frees the chart.
 */
export function timeChart({ id, title, kind, field, color }) {
  const money = field === 'sales';
  const tableId = uniqueId(`${id}-table`);
  const total = h('p', { class: 'chart-total', text: '—' });
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title}: no data yet` });
  const box = h('div', { class: 'chart-box' }, canvas);
  let granularity = 'day';
  const table = dataTable({
    caption: `${title}, by period`,
    captionHidden: true,
    columns: [
      { key: 'start', label: 'Period starting', type: 'day', format: (day) => format.bucket(day, granularity) },
      { key: field, label: money ? 'Sales' : 'Orders', type: money ? 'money' : 'count' },
    ],
  });
  table.element.id = tableId;
  table.element.hidden = true;
  const toggle = h('button', {
    type: 'button', class: 'button button--text button--small', 'aria-expanded': 'false', 'aria-controls': tableId,
  }, icon('table'), 'Show table');
  toggle.addEventListener('click', () => {
    const showTable = table.element.hidden;
    table.element.hidden = !showTable;
    box.hidden = showTable;
    toggle.setAttribute('aria-expanded', String(showTable));
    toggle.replaceChildren(icon(showTable ? 'chart' : 'table'), showTable ? 'Show chart' : 'Show table');
  });

  const headingId = uniqueId(id);
  const element = h('section', { class: 'card', id, 'aria-labelledby': headingId },
    h('div', { class: 'card__header' },
      h('div', {}, h('h2', { id: headingId, text: title }), total),
      toggle),
    box,
    table.element);

  let chart = null;
  let currency = 'USD';

  function createChart(labels, values, points) {
    const line = kind === 'line';
    const stroke = cssVar(color);
    return new window.Chart(canvas, {
      type: kind,
      data: {
        labels,
        datasets: [{
          label: title,
          data: values,
          borderColor: stroke,
          backgroundColor: line ? cssVar('--chart-sales-fill') : stroke,
          fill: line,
          tension: 0.3,
          borderWidth: 2,
          pointRadius: line && values.length <= 45 ? 2 : 0,
          pointHoverRadius: 4,
          borderRadius: 4,
          maxBarThickness: 28,
        }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion.matches ? false : { duration: 300 },
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              // The exact amount from the API, not the float the chart plots.
              label: (context) => {
                const point = points[context.dataIndex];
                return money ? format.money(point.sales, currency) : `${format.count(point.orders)} orders`;
              },
            },
          },
        },
        scales: {
          x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
          y: {
            beginAtZero: true,
            grid: { color: cssVar('--chart-grid') },
            ticks: money ? { callback: (value) => format.compactMoney(value, currency) } : { precision: 0 },
          },
        },
      },
    });
  }

  return {
    element,
    update(series, headline) {
      currency = series.currency;
      granularity = series.granularity;
      const points = series.points;
      const labels = points.map((p) => format.bucket(p.start, series.granularity));
      // Numbers for plotting only; figures shown as text come from the strings.
      const values = points.map((p) => Number(p[field]));
      total.textContent = headline;
      element.dataset.points = String(points.length);
      canvas.setAttribute('aria-label', `${title}, ${kind} chart of ${points.length} periods from ${format.day(series.from)} to ${format.day(series.to)}. Use "Show table" for the figures.`);
      table.update(points, currency);
      if (!window.Chart) {
        // The chart library did not load: the table is the chart.
        box.hidden = true;
        table.element.hidden = false;
        toggle.hidden = true;
        return;
      }
      if (!chart) {
        chart = createChart(labels, values, points);
        return;
      }
      chart.data.labels = labels;
      chart.data.datasets[0].data = values;
      chart.data.datasets[0].pointRadius = kind === 'line' && values.length <= 45 ? 2 : 0;
      chart.options.plugins.tooltip.callbacks.label = (context) => {
        const point = points[context.dataIndex];
        return money ? format.money(point.sales, currency) : `${format.count(point.orders)} orders`;
      };
      chart.update();
    },
    destroy() {
      chart?.destroy();
      chart = null;
    },
  };
}
