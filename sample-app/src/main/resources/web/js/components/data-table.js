// A table of rows with typed columns: text, count or money (right-aligned, formatted).

import { h, replace } from '../dom.js';
import * as format from '../format.js';

/**
 * columns: [{key, label, type: 'text'|'count'|'money', secondary?: key shown under the text,
 * narrow?: false to hide on phones}]. `update(rows, currency)` fills it; no rows shows `empty`.
 */
export function dataTable({ caption, columns, empty = 'Nothing to show.', captionHidden = false, id }) {
  const body = h('tbody');
  const table = h('table', { class: 'data-table', id },
    h('caption', { class: captionHidden ? 'visually-hidden' : null, text: caption }),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', {
      scope: 'col', class: [c.type !== 'text' ? 'num' : '', c.narrow === false ? 'hide-narrow' : ''].join(' ').trim() || null,
    }, c.label)))),
    body);

  function cell(column, row, currency) {
    const value = row[column.key];
    if (column.type === 'money') return h('td', { class: 'num', dataset: { value: String(value) } }, format.money(value, currency));
    if (column.type === 'count') return h('td', { class: 'num', dataset: { value: String(value) } }, format.count(value));
    if (column.type === 'day') return h('td', { dataset: { value: String(value) } }, column.format ? column.format(value) : format.day(value));
    return h('td', { class: column.narrow === false ? 'hide-narrow' : null },
      value ?? '—',
      column.secondary && row[column.secondary] ? h('span', { class: 'secondary', text: row[column.secondary] }) : null);
  }

  return {
    element: h('div', { class: 'table-scroll' }, table),
    table,
    update(rows, currency) {
      if (!rows.length) {
        replace(body, h('tr', {}, h('td', { class: 'empty', colspan: String(columns.length), text: empty })));
        return;
      }
      replace(body, rows.map((row) => h('tr', {}, columns.map((c) => cell(c, row, currency)))));
    },
  };
}
