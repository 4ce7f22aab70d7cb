// Exact decimals for money and quantities. Amounts never pass through binary floating point once
// accepted: JSON numbers are converted through their shortest decimal representation (so 0.1 stays
// "0.1"), and every value is stored and compared as a canonical decimal string.
import { Decimal } from "decimal.js";
import { z } from "zod";

// A private Decimal constructor so another module's Decimal.set() can never change our rounding.
export const Dec = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = InstanceType<typeof Dec>;

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export interface DecimalOptions {
  /** Digits allowed after the point; more is an error, never silently rounded. */
  maxScale: number;
  /** Digits the canonical text always shows (money: 2, so "12.5" becomes "12.50"). */
  minScale: number;
  /** Digits allowed before the point. */
  maxIntegerDigits: number;
  min?: string;
  /** When true the minimum itself is excluded (strictly greater). */
  exclusiveMin?: boolean;
  description: string;
  example: string;
}

/** Parses text or a number into a Decimal, or returns an error message. */
export function parseDecimal(input: unknown): Dec | string {
  if (typeof input === "number") {
    if (!Number.isFinite(input)) return "must be a finite number";
    // String(n) is the shortest text that round-trips, so 12.1 gives "12.1", not 12.0999…
    return new Dec(String(input));
  }
  if (typeof input !== "string") return 'must be a decimal string like "12.50" or a number';
  const text = input.trim().replace(/_/g, "");
  if (!DECIMAL_TEXT.test(text)) return `"${input}" is not a decimal number (write it like "1234.50")`;
  return new Dec(text);
}

/** Canonical text: no exponent, no superfluous trailing zeros beyond minScale, "-0" becomes "0". */
export function formatDecimal(value: Dec, minScale = 0): string {
  const scale = Math.max(value.decimalPlaces(), minScale);
  const text = value.toFixed(scale);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

export function decimalSchema(options: DecimalOptions) {
  return z
    .union([z.string(), z.number()])
    .transform((input, ctx): string => {
      const parsed = parseDecimal(input);
      if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      if (parsed.decimalPlaces() > options.maxScale) {
        ctx.addIssue({
          code: "custom",
          message: `has more than ${options.maxScale} digits after the decimal point`,
        });
        return z.NEVER;
      }
      if (parsed.abs().truncated().toFixed(0).replace(/^0$/, "").length > options.maxIntegerDigits) {
        ctx.addIssue({
          code: "custom",
          message: `is too large (at most ${options.maxIntegerDigits} digits before the point)`,
        });
        return z.NEVER;
      }
      if (options.min !== undefined) {
        const below = options.exclusiveMin ? parsed.lte(options.min) : parsed.lt(options.min);
        if (below) {
          ctx.addIssue({
            code: "custom",
            message: options.exclusiveMin
              ? `must be greater than ${options.min}`
              : `must be at least ${options.min}`,
          });
          return z.NEVER;
        }
      }
      return formatDecimal(parsed, options.minScale);
    })
    .meta({ description: options.description, examples: [options.example] });
}

// Amounts parse with up to four decimals (the most any ISO 4217 currency has); each document then
// holds them to its own currency's decimals (src/domain/currency.ts): 2 for USD, 0 for JPY.

/** A signed money amount: "1234.50" (numbers accepted); a line's amount, which may be a credit. */
export const Money = decimalSchema({
  maxScale: 4,
  minScale: 2,
  maxIntegerDigits: 13,
  description:
    "Exact decimal amount as a string (numbers are accepted and normalised), in the document's currency's decimals",
  example: "1234.50",
});
/** A money amount that can not be negative (fees, discounts, taxes, totals). */
export const NonNegativeMoney = decimalSchema({
  maxScale: 4,
  minScale: 2,
  maxIntegerDigits: 13,
  min: "0",
  description: "Exact non-negative decimal amount as a string, in the document's currency's decimals",
  example: "12.50",
});
/** A strictly positive money amount (payments, journal debits and credits). */
export const PositiveMoney = decimalSchema({
  maxScale: 4,
  minScale: 2,
  maxIntegerDigits: 13,
  min: "0",
  exclusiveMin: true,
  description: "Exact positive decimal amount as a string, in the document's currency's decimals",
  example: "100.00",
});
/**
 * A unit price, cost or rate: never negative (a credit is a negative quantity or amount, not a negative
 * price), and up to 7 decimals, as QuickBooks Online keeps on unit prices and quantities.
 */
export const UnitPrice = decimalSchema({
  maxScale: 7,
  minScale: 2,
  maxIntegerDigits: 13,
  min: "0",
  description: "Exact non-negative decimal price as a string, up to 7 decimals",
  example: "12.5025",
});
/** A quantity: signed exact decimal without forced decimals ("3", "2.5"). */
export const Quantity = decimalSchema({
  maxScale: 7,
  minScale: 0,
  maxIntegerDigits: 12,
  description: "Exact decimal quantity as a string (numbers are accepted and normalised)",
  example: "3",
});
export const NonNegativeQuantity = decimalSchema({
  maxScale: 7,
  minScale: 0,
  maxIntegerDigits: 12,
  min: "0",
  description: "Exact non-negative decimal quantity",
  example: "40",
});
export const PositiveQuantity = decimalSchema({
  maxScale: 7,
  minScale: 0,
  maxIntegerDigits: 12,
  min: "0",
  exclusiveMin: true,
  description: "Exact positive decimal quantity",
  example: "3",
});
/** A percentage such as a tax rate or an early-payment discount: "8.25" means 8.25 %. */
export const Percent = decimalSchema({
  maxScale: 4,
  minScale: 0,
  maxIntegerDigits: 3,
  min: "0",
  description: 'Percentage as an exact decimal string, "8.25" meaning 8.25 %',
  example: "8.25",
});

/** Money arithmetic on canonical strings, so callers never touch floats. */
export const money = {
  sum(values: ReadonlyArray<string | undefined>): Dec {
    let total = new Dec(0);
    for (const v of values) if (v !== undefined) total = total.plus(v);
    return total;
  },
  /** Rounds half away from zero to cents, the way invoices print line amounts. */
  toCents(value: Dec | string): string {
    return formatDecimal(new Dec(value).toDecimalPlaces(2, Dec.ROUND_HALF_UP), 2);
  },
  times(a: string, b: string): Dec {
    return new Dec(a).times(b);
  },
  equal(a: Dec | string, b: Dec | string): boolean {
    return new Dec(a).eq(b);
  },
  format(value: Dec, minScale = 2): string {
    return formatDecimal(value, minScale);
  },
};
