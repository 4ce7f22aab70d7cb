// Intuit's wire timestamps are local to the company ("2015-12-23T12:55:50-08:00"); transaction dates
// are plain calendar days in the company's time zone. Every company in the emulator lives in
// Intuit's own zone, America/Los_Angeles, as sandbox companies do.

export const COMPANY_TIME_ZONE = "America/Los_Angeles";

const partsFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: COMPANY_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

// The zone offset changes at most twice a year, so it is cached per quarter hour: formatting a
// timestamp then costs a few string operations instead of an Intl call.
const QUARTER_HOUR = 15 * 60 * 1000;
const offsetCache = new Map<number, number>();

function offsetMinutes(ms: number): number {
  const bucket = Math.floor(ms / QUARTER_HOUR);
  const cached = offsetCache.get(bucket);
  if (cached !== undefined) return cached;
  const p: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(new Date(bucket * QUARTER_HOUR))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  const offset = Math.round((asUtc - bucket * QUARTER_HOUR) / 60000);
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(bucket, offset);
  return offset;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function local(ms: number): { d: Date; offset: number } {
  const offset = offsetMinutes(ms);
  return { d: new Date(ms + offset * 60000), offset };
}

function offsetSuffix(offset: number): string {
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `2015-12-23T12:55:50-08:00`, the shape of MetaData timestamps. */
export function formatTimestamp(ms: number): string {
  const { d, offset } = local(ms);
  return `${formatDay(ms)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${offsetSuffix(offset)}`;
}

// Every response carries a `time`; within one second only the milliseconds change, so the rest of
// the last second's rendering is kept.
let lastSecond = Number.NaN;
let lastHead = "";
let lastTail = "";

/** `2024-01-15T09:19:21.923-08:00`, the shape of a response's `time`. */
export function formatResponseTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    const { d, offset } = local(ms);
    lastHead = `${formatDay(ms)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.`;
    lastTail = offsetSuffix(offset);
    lastSecond = second;
  }
  return `${lastHead}${pad(ms - second * 1000, 3)}${lastTail}`;
}

/** The calendar day (YYYY-MM-DD) in the company's zone. */
export function formatDay(ms: number): string {
  const { d } = local(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar day in YYYY-MM-DD form. */
export function isDay(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() + 1 === Number(m[2]) &&
    d.getUTCDate() === Number(m[3])
  );
}

/** Adds whole days to a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const t = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Parses an ISO timestamp or day (as `changedSince` accepts) into epoch milliseconds. */
export function parseTimestamp(value: string): number | undefined {
  if (isDay(value)) {
    // A bare day means its midnight in the company's zone.
    const utcMidnight = Date.parse(`${value}T00:00:00Z`);
    return utcMidnight - offsetMinutes(utcMidnight) * 60000;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const ms = Date.parse(hasZone ? value : `${value}Z`);
  if (Number.isNaN(ms)) return undefined;
  return hasZone ? ms : ms - offsetMinutes(ms) * 60000;
}
