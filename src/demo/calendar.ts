// Calendar arithmetic on ISO dates ("2026-11-20") in UTC, so the demo never depends on the clock or
// the machine's time zone.

/** The day the demo company's history ends when no other date is given. */
export const DEMO_ANCHOR_DATE = "2026-11-20";

const DAY = 86_400_000;

export function parseIsoDate(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`"${iso}" is not a date like 2026-11-20`);
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(time).toISOString().slice(0, 10) !== iso) throw new Error(`"${iso}" is not a calendar date`);
  return time;
}

export function addDays(iso: string, days: number): string {
  return new Date(parseIsoDate(iso) + days * DAY).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to) - parseIsoDate(from)) / DAY);
}

/** Saturdays and Sundays move to the Monday after: the shop invoices and ships on weekdays. */
export function nextWeekday(iso: string): string {
  const weekday = new Date(parseIsoDate(iso)).getUTCDay();
  if (weekday === 6) return addDays(iso, 2);
  if (weekday === 0) return addDays(iso, 1);
  return iso;
}

/** The given day of the month after `iso` ("10th prox" terms). */
export function dayOfNextMonth(iso: string, day: number): string {
  const date = new Date(parseIsoDate(iso));
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, day)).toISOString().slice(0, 10);
}

/** The last day of the month `monthsBack` months before the month of `iso`. */
export function endOfMonth(iso: string, monthsBack = 0): string {
  const date = new Date(parseIsoDate(iso));
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - monthsBack + 1, 0))
    .toISOString()
    .slice(0, 10);
}
