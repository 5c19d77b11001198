// Date ranges as the insights API takes them: inclusive calendar days in the shop's time zone.
// Days are "YYYY-MM-DD" strings; arithmetic happens on UTC midnights, where no DST applies.

export const MAX_RANGE_DAYS = 731;
export const GRANULARITIES = [
  { id: 'day', label: 'Day' },
  { id: 'week', label: 'Week' },
  { id: 'month', label: 'Month' },
];

/** Today in a time zone, as "YYYY-MM-DD". */
export function todayIn(timeZone, now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timeZone || undefined, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(now);
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The day n days after (or before, for negative n) a day. */
export function addDays(day, n) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** Days between two days, inclusive of both: daysIn("2026-01-01", "2026-01-07") is 7. */
export function daysIn(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Whether a string is a real calendar day in "YYYY-MM-DD" form. */
export function isDay(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text ?? '')) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The presets of the range picker, each resolved against today in the shop's zone. */
export const PRESETS = [
  { id: 'last-7-days', label: 'Last 7 days', resolve: (today) => ({ from: addDays(today, -6), to: today }) },
  { id: 'last-30-days', label: 'Last 30 days', resolve: (today) => ({ from: addDays(today, -29), to: today }) },
  { id: 'last-90-days', label: 'Last 90 days', resolve: (today) => ({ from: addDays(today, -89), to: today }) },
  { id: 'this-month', label: 'This month', resolve: (today) => ({ from: `${today.slice(0, 8)}01`, to: today }) },
  { id: 'this-year', label: 'This year', resolve: (today) => ({ from: `${today.slice(0, 5)}01-01`, to: today }) },
];
export const DEFAULT_PRESET = 'last-30-days';

/**
 * What is wrong with a custom range, or null. The server checks the same rules
 * (invalid_date_range); checking here gives the message before a round trip.
 */
export function rangeProblem(from, to) {
  if (!isDay(from)) return 'Enter a start date.';
  if (!isDay(to)) return 'Enter an end date.';
  if (from > to) return 'The start date must be on or before the end date.';
  if (daysIn(from, to) > MAX_RANGE_DAYS) return `Choose at most ${MAX_RANGE_DAYS} days.`;
  return null;
}

/**
 * The range a URL asks for. A preset (`range=last-7-days`) stays relative, so a bookmark of
 * "last 7 days" means the last 7 days when opened; a custom range is `from` and `to`.
 * Anything missing or invalid falls back to the default preset, with `problem` saying why.
 */
export function rangeFromParams(params, today) {
  const granularity = GRANULARITIES.some((g) => g.id === params.get('granularity')) ? params.get('granularity') : 'day';
  const from = params.get('from');
  const to = params.get('to');
  if (params.get('range') === 'custom' || (from && to && !params.get('range'))) {
    const problem = rangeProblem(from, to);
    if (!problem) return { preset: 'custom', from, to, granularity, problem: null };
    const fallback = PRESETS.find((p) => p.id === DEFAULT_PRESET);
    return { preset: fallback.id, ...fallback.resolve(today), granularity, problem: `The link's date range is not valid: ${problem}` };
  }
  const preset = PRESETS.find((p) => p.id === params.get('range')) ?? PRESETS.find((p) => p.id === DEFAULT_PRESET);
  return { preset: preset.id, ...preset.resolve(today), granularity, problem: null };
}

/** The URL parameters of a range (the inverse of rangeFromParams). */
export function rangeParams(range) {
  return range.preset === 'custom'
    ? { range: 'custom', from: range.from, to: range.to, granularity: range.granularity }
    : { range: range.preset, granularity: range.granularity };
}
