// The date-range picker: presets (last 7, 30, 90 days, this month, this year), a custom range,
// and the granularity of the charts. It reports a new range through onChange.

import { GRANULARITIES, PRESETS, rangeProblem } from '../dates.js';
import { h, uniqueId } from '../dom.js';
import { icon } from '../icons.js';

function segmented(name, legend, options, checked, onPick) {
  return h('fieldset', {},
    h('legend', { text: legend }),
    h('div', { class: 'segmented' }, options.map((option) => {
      const input = h('input', { type: 'radio', name, value: option.id, checked: option.id === checked, dataset: { option: option.id } });
      input.addEventListener('change', () => { if (input.checked) onPick(option.id); });
      return h('label', {}, input, h('span', { text: option.label }));
    })));
}

/** The picker for a range ({preset, from, to, granularity}); `today` bounds the custom dates. */
export function rangePicker({ range, today, onChange }) {
  let current = { ...range };
  const name = uniqueId('range');
  const fromId = uniqueId('from');
  const toId = uniqueId('to');
  const from = h('input', { id: fromId, type: 'date', value: current.from, max: today, required: true });
  const to = h('input', { id: toId, type: 'date', value: current.to, max: today, required: true });
  const error = h('p', { class: 'field__error range-picker__error', role: 'alert' });
  const apply = h('button', { type: 'submit', class: 'button' }, 'Apply');
  const custom = h('form', { class: 'range-picker__custom', novalidate: true, 'aria-label': 'Custom date range', hidden: current.preset !== 'custom' },
    h('div', { class: 'field' }, h('label', { for: fromId, text: 'From' }), from),
    h('div', { class: 'field' }, h('label', { for: toId, text: 'To' }), to),
    apply,
    error);
  custom.addEventListener('submit', (event) => {
    event.preventDefault();
    const problem = rangeProblem(from.value, to.value);
    error.replaceChildren();
    if (problem) {
      error.append(icon('error'), h('span', { text: problem }));
      return;
    }
    current = { ...current, preset: 'custom', from: from.value, to: to.value };
    onChange(current);
  });

  const presets = segmented(name, 'Date range', [...PRESETS, { id: 'custom', label: 'Custom' }], current.preset, (id) => {
    if (id === 'custom') {
      custom.hidden = false;
      from.focus();
      return;
    }
    custom.hidden = true;
    error.replaceChildren();
    const preset = PRESETS.find((p) => p.id === id);
    current = { ...current, preset: id, ...preset.resolve(today) };
    from.value = current.from;
    to.value = current.to;
    onChange(current);
  });
  const granularity = segmented(uniqueId('granularity'), 'Group by', GRANULARITIES, current.granularity, (id) => {
    current = { ...current, granularity: id };
    onChange(current);
  });

  return h('section', { class: 'card range-picker', 'aria-label': 'Date range and grouping' }, presets, granularity, custom);
}
