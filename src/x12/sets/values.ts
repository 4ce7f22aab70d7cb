// Small conversions shared by the mappers: element access, X12 dates and times, decimals as strings.
// Money and quantities never pass through a float: they stay decimal strings, computed with decimal.js.
import { Decimal } from "decimal.js";
import type { Segment } from "../types.ts";

/** Element `n` (1-based, as in BEG03) of a segment, trimmed; "" when absent. */
export function el(seg: Segment | undefined, n: number): string {
  const v = seg?.elements[n - 1];
  if (v === undefined || v.length === 0) return "";
  // Most values have nothing to trim: seeing printable ASCII at both ends settles it without trim().
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(v.length - 1);
  if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return v;
  return v.trim();
}

/** Element `n` or undefined when empty, for optional fields of the typed objects. */
export function opt(seg: Segment | undefined, n: number): string | undefined {
  const v = el(seg, n);
  return v === "" ? undefined : v;
}

/** A DT element (CCYYMMDD, or YYMMDD in old versions) as an ISO date, or undefined when not a date. */
export function isoDate(value: string): string | undefined {
  // Read digit by digit rather than with a regex: every date of every document passes here.
  const n = value.length;
  if ((n !== 8 && n !== 6) || !allDigits(value)) return undefined;
  let y: number;
  if (n === 8) y = digitsAt(value, 0, 4);
  else {
    // YYMMDD dates (versions before 004010) are read with a fixed window: 00–49 is 20xx, 50–99 19xx.
    const yy = digitsAt(value, 0, 2);
    y = yy < 50 ? 2000 + yy : 1900 + yy;
  }
  const m = digitsAt(value, n - 4, 2);
  const d = digitsAt(value, n - 2, 2);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  const month = n === 8 ? value.slice(4, 6) : value.slice(2, 4);
  const day = value.slice(n - 2);
  return `${String(y).padStart(4, "0")}-${month}-${day}`;
}

function allDigits(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return value.length > 0;
}

/** The number written by `count` ASCII digits at `from` (the caller has checked they are digits). */
function digitsAt(value: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + value.charCodeAt(i) - 0x30;
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** An ISO date (YYYY-MM-DD) as a CCYYMMDD element. */
export function x12Date(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`"${iso}" is not a date in the form YYYY-MM-DD`);
  return iso.replaceAll("-", "");
}

/** A TM element: HHMM, HHMMSS, HHMMSSD or HHMMSSDD with a valid clock time. */
export function isTime(value: string): boolean {
  if (!/^\d{4}(\d{2}(\d{1,2})?)?$/.test(value)) return false;
  const h = Number(value.slice(0, 2));
  const m = Number(value.slice(2, 4));
  const s = value.length >= 6 ? Number(value.slice(4, 6)) : 0;
  return h < 24 && m < 60 && s < 60;
}

/** A decimal element (R) normalised: "0008" → "8", "9.50" → "9.5", ".5" → "0.5"; undefined when not numeric. */
export function decimal(value: string): string | undefined {
  // String surgery rather than decimal.js or a regex: this runs for every quantity and price read.
  const negative = value.charCodeAt(0) === 0x2d;
  const start = negative ? 1 : 0;
  let dot = -1;
  for (let i = start; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x2e && dot < 0) dot = i;
    else if (c < 0x30 || c > 0x39) return undefined;
  }
  const digits = value.length - start - (dot < 0 ? 0 : 1);
  if (digits === 0) return undefined;
  // Most quantities and prices are already in normal form ("120", "9.25").
  if (!negative && isNormal(value, dot)) return value;
  const end = dot < 0 ? value.length : dot;
  let w = start;
  while (w < end - 1 && value.charCodeAt(w) === 0x30) w++;
  const whole = w < end ? value.slice(w, end) : "0";
  let f = value.length;
  if (dot >= 0) while (f > dot + 1 && value.charCodeAt(f - 1) === 0x30) f--;
  const plain = dot >= 0 && f > dot + 1 ? `${whole}.${value.slice(dot + 1, f)}` : whole;
  return negative && plain !== "0" ? `-${plain}` : plain;
}

/** No leading zero before other digits, and a fraction (if any) that is not empty and ends in 1–9. */
function isNormal(value: string, dot: number): boolean {
  const end = dot < 0 ? value.length : dot;
  if (end === 0 || (value.charCodeAt(0) === 0x30 && end > 1)) return false;
  if (dot < 0) return true;
  const last = value.charCodeAt(value.length - 1);
  return value.length > dot + 1 && last !== 0x30;
}

/** An N2 element (implied two decimals: "387530" is 3875.30) as a decimal string. */
export function impliedDecimal(value: string, places: number): string | undefined {
  const negative = value.charCodeAt(0) === 0x2d;
  const body = negative ? value.slice(1) : value;
  if (!allDigits(body)) return undefined;
  const padded = body.padStart(places + 1, "0");
  const cut = padded.length - places;
  return decimal(`${negative ? "-" : ""}${padded.slice(0, cut)}.${padded.slice(cut)}`);
}

/** A decimal string written as an N2 element ("3875.3" → "387530"); throws when it has more places. */
export function toImplied(value: string, places: number, field: string): string {
  const d = new Decimal(value);
  const scaled = d.times(new Decimal(10).pow(places));
  if (!scaled.isInteger()) throw new Error(`${field}: ${value} has more than ${places} decimal places`);
  return scaled.toFixed(0);
}

/** A decimal string written as an R element, without exponent and without trailing zeros. */
export function toReal(value: string, field: string): string {
  let d: Decimal;
  try {
    d = new Decimal(value);
  } catch {
    throw new Error(`${field}: "${value}" is not a decimal number`);
  }
  if (!d.isFinite()) throw new Error(`${field}: "${value}" is not a decimal number`);
  return d.toFixed();
}

export function sum(values: readonly string[]): Decimal {
  return values.reduce((acc, v) => acc.plus(v), new Decimal(0));
}
