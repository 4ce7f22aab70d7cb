// How many decimals a currency's amounts carry: its ISO 4217 minor unit. Two for most currencies;
// the exceptions are listed here, from the ISO 4217 list (List One, "Minor unit" column).
import type { z } from "zod";
import { Dec } from "./money.ts";

const MINOR_UNITS: Record<string, number> = {
  // No minor unit.
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // Thousandths.
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // Unidad de Fomento and the Uruguayan wage index unit.
  CLF: 4,
  UYW: 4,
};

/** The most decimals any currency's amounts carry; money fields parse up to this, then check per currency. */
export const MAX_MINOR_UNIT = 4;

/** Decimals of an amount in this currency; a document without a currency is taken as USD (2). */
export function currencyDecimals(currency: string | undefined): number {
  return MINOR_UNITS[currency ?? "USD"] ?? 2;
}

/**
 * Refuses each amount with more decimals than the document's currency has: "10.005" in USD, "1000.5"
 * in JPY. Amounts are canonical decimal strings (trailing zeros do not count: "1000.00" is whole).
 */
export function checkCurrencyAmounts(
  ctx: z.RefinementCtx,
  currency: string | undefined,
  amounts: ReadonlyArray<readonly [path: (string | number)[], value: string | undefined]>,
): void {
  const decimals = currencyDecimals(currency);
  for (const [path, value] of amounts) {
    if (value === undefined || new Dec(value).decimalPlaces() <= decimals) continue;
    ctx.addIssue({
      code: "custom",
      path,
      message:
        decimals === 0
          ? `has decimals, but ${currency ?? "USD"} amounts are whole numbers`
          : `has more than ${decimals} digits after the decimal point (${currency ?? "USD"} amounts have ${decimals})`,
    });
  }
}
