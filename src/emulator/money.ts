// Money arithmetic. QuickBooks rounds half-up to cents (1861.075 becomes 1861.08), which binary
// floating point gets wrong, so every amount the emulator computes goes through decimal.js.
import { Decimal } from "decimal.js";

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export function toDecimal(value: unknown): Decimal | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return new D(value);
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return new D(value);
  return undefined;
}

export function cents(value: Decimal.Value): number {
  return new D(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
}

export function sum(values: Iterable<Decimal.Value>): Decimal {
  let total = new D(0);
  for (const v of values) total = total.plus(v);
  return total;
}

export function times(a: Decimal.Value, b: Decimal.Value): Decimal {
  return new D(a).times(b);
}

export function dec(value: Decimal.Value): Decimal {
  return new D(value);
}

export type { Decimal };
