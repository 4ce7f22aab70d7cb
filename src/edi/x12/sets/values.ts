// Small conversions shared by the mappers: element access, X12 dates and times, decimals as strings.
// Money and quantities never pass through a float: they stay decimal strings, computed with decimal.js.
import { Decimal } from "decimal.js";
import type { Segment } from "../types.ts";

/** Element `n` (1-based, as in BEG03) of a segment, trimmed; "" when absent. */
export function el(seg: Segment | undefined, n: number): string {
  return seg?.elements[n - 1]?.trim() ?? "";
}

/** Element `n` or undefined when empty, for optional fields of the typed objects. */
export function opt(seg: Segment | undefined, n: number): string | undefined {
  const v = el(seg, n);
  return v === "" ? undefined : v;
}

/** A DT element (CCYYMMDD, or YYMMDD in old versions) as an ISO date, or undefined when not a date. */
export function isoDate(value: string): string | undefined {
  let y: number;
  let m: number;
  let d: number;
  if (/^\d{8}$/.test(value)) {
    y = Number(value.slice(0, 4));
    m = Number(value.slice(4, 6));
    d = Number(value.slice(6, 8));
  } else if (/^\d{6}$/.test(value)) {
    // YYMMDD dates (versions before 004010) are read with a fixed window: 00–49 is 20xx, 50–99 19xx.
    const yy = Number(value.slice(0, 2));
    y = yy < 50 ? 2000 + yy : 1900 + yy;
    m = Number(value.slice(2, 4));
    d = Number(value.slice(4, 6));
  } else {
    return undefined;
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
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

const NORMAL_DECIMAL = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;

/** A decimal element (R) normalised: "0008" → "8", "9.50" → "9.5", ".5" → "0.5"; undefined when not numeric. */
export function decimal(value: string): string | undefined {
  // Most quantities and prices are already in normal form ("120", "9.25").
  if (NORMAL_DECIMAL.test(value)) return value;
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(value)) return undefined;
  // String surgery rather than decimal.js: this runs for every quantity and price of every line read.
  const negative = value.startsWith("-");
  const body = negative ? value.slice(1) : value;
  const dot = body.indexOf(".");
  const whole = (dot < 0 ? body : body.slice(0, dot)).replace(/^0+/, "") || "0";
  const fraction = dot < 0 ? "" : body.slice(dot + 1).replace(/0+$/, "");
  const plain = fraction ? `${whole}.${fraction}` : whole;
  return negative && plain !== "0" ? `-${plain}` : plain;
}

/** An N2 element (implied two decimals: "387530" is 3875.30) as a decimal string. */
export function impliedDecimal(value: string, places: number): string | undefined {
  if (!/^-?\d+$/.test(value)) return undefined;
  return new Decimal(value).dividedBy(new Decimal(10).pow(places)).toFixed();
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
