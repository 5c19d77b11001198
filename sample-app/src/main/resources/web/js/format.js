// Display formatting. Numbers follow the browser's locale; money uses the shop's currency; days
// and instants are shown in the shop's time zone. Amounts arrive as decimal strings and are
// passed to Intl as strings, which formats them exactly (no binary floating point on the way).

const cache = new Map();
function formatter(key, create) {
  if (!cache.has(key)) cache.set(key, create());
  return cache.get(key);
}

/** "$1,234.50" for ("1234.50", "USD"). */
export function money(amount, currency) {
  if (amount == null) return '—';
  return formatter(`money:${currency}`, () => new Intl.NumberFormat(undefined, { style: 'currency', currency }))
    .format(String(amount));
}

/** "$1.2K": axis labels. */
export function compactMoney(amount, currency) {
  return formatter(`compact-money:${currency}`, () => new Intl.NumberFormat(undefined,
    { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 })).format(amount);
}

/** "1,234". */
export function count(value) {
  if (value == null) return '—';
  return formatter('count', () => new Intl.NumberFormat(undefined)).format(value);
}

/** "25%" for (1, 4). */
export function percent(part, whole) {
  if (!whole) return formatter('percent', () => new Intl.NumberFormat(undefined, { style: 'percent' })).format(0);
  return formatter('percent', () => new Intl.NumberFormat(undefined, { style: 'percent' })).format(part / whole);
}

// A day ("2026-03-01") is a calendar date already in the shop's zone: format it at UTC midnight
// in UTC, so no zone shifts it to the day before.
function dayAsDate(day) {
  return new Date(`${day}T00:00:00Z`);
}

/** "Nov 27, 2026". */
export function day(isoDay) {
  return formatter('day', () => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }))
    .format(dayAsDate(isoDay));
}

/** "Nov 27": chart labels within one range. */
export function shortDay(isoDay) {
  return formatter('short-day', () => new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }))
    .format(dayAsDate(isoDay));
}

/** "Nov 2026". */
export function month(isoDay) {
  return formatter('month', () => new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }))
    .format(dayAsDate(isoDay));
}

/** "Oct 29 – Nov 27, 2026". */
export function dayRange(from, to) {
  const dates = formatter('day-range', () => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }));
  return dates.formatRange(dayAsDate(from), dayAsDate(to));
}

/** The label of a series bucket: a day, "Week of Nov 23", or a month. */
export function bucket(start, granularity) {
  if (granularity === 'month') return month(start);
  if (granularity === 'week') return `Week of ${shortDay(start)}`;
  return shortDay(start);
}

/** "Nov 27, 2026, 1:00 PM EST" for an instant, in the shop's time zone. */
export function instant(iso, timeZone) {
  if (!iso) return '—';
  // (dateStyle and timeStyle cannot be combined with timeZoneName: spell the parts out.)
  return formatter(`instant:${timeZone}`, () => new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit',
    timeZone: timeZone || undefined, timeZoneName: 'short',
  })).format(new Date(iso));
}
