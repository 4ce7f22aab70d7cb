// Sales tax under QuickBooks Online's three models (see ../seed/kinds.ts): which tax codes a line may
// carry, and the tax a sales form's lines owe. The model follows from what a client can read:
// `CompanyInfo.Country` other than US is the global (GST/VAT) model; a US company with
// `Preferences.TaxPrefs.PartnerTaxEnabled` true has automated sales tax; any other US company manual.
import { fault } from "../faults.ts";
import { cents, type Decimal, dec } from "../money.ts";
import { AUTOMATED_RATES, LOCALES } from "../seed/kinds.ts";
import type { QboObject } from "../store/company.ts";
import {
  type Ctx,
  checkEnum,
  companyCountry,
  type Draft,
  isObject,
  pref,
  refId,
  resolveRef,
  str,
} from "./spec.ts";
import { readNumber } from "./txn.ts";

export type TaxModel = "manual" | "automated" | "global";

export function taxModel(ctx: Ctx): TaxModel {
  if (companyCountry(ctx) !== "US") return "global";
  return pref(ctx, "TaxPrefs", "PartnerTaxEnabled") === true ? "automated" : "manual";
}

const GLOBAL_TAX_CALCULATION = ["TaxExcluded", "TaxInclusive", "NotApplicable"];

/**
 * The fault for a non-US line without a tax code. Canada's and the UK's wording are Intuit's as
 * observed (activepieces #8539 "…a GST/HST rate…", quickbooks-online-mcp-server #94 "…a VAT rate…");
 * Australia's "GST" follows the same pattern (not seen).
 */
function missingLineTaxCode(ctx: Ctx) {
  const country = companyCountry(ctx);
  const word = Object.values(LOCALES).find((l) => l.country === country)?.taxWord ?? "tax";
  return fault.businessValidation(
    `Make sure all your transactions have a ${word} rate before you save.`,
    "TaxCodeRef",
  );
}

/** Checks a sales line's `TaxCodeRef` under the company's model and fills in the default. */
export function salesLineTaxCode(
  ctx: Ctx,
  detail: Record<string, unknown>,
  item: QboObject | undefined,
): void {
  const model = taxModel(ctx);
  const given = detail.TaxCodeRef !== undefined && detail.TaxCodeRef !== null;
  if (model === "global") {
    // Every line carries a real tax code: the pseudo codes TAX and NON do not exist outside the US.
    if (!given && isObject(item?.SalesTaxCodeRef)) detail.TaxCodeRef = { ...item.SalesTaxCodeRef };
    if (detail.TaxCodeRef === undefined || detail.TaxCodeRef === null) throw missingLineTaxCode(ctx);
    resolveRef(ctx, detail, "TaxCodeRef", ["TaxCode"], { element: "TaxCodeRef" });
    return;
  }
  if (!given) {
    detail.TaxCodeRef = { value: item?.Taxable === true ? "TAX" : "NON" };
    return;
  }
  const id = refId(detail.TaxCodeRef);
  if (id === "TAX" || id === "NON") {
    detail.TaxCodeRef = { value: id };
    return;
  }
  if (model === "automated") {
    // The automated engine decides rates itself; a line says only whether it is taxable. Intuit's
    // wording for this refusal is not public (the emulator's Detail).
    throw fault.businessValidation(
      "With automated sales tax, a line's tax code must be TAX or NON.",
      "TaxCodeRef",
    );
  }
  resolveRef(ctx, detail, "TaxCodeRef", ["TaxCode"], { element: "TaxCodeRef" });
}

/** Whether a US line is taxable: TAX, or a taxable code. */
export function isTaxableLine(ctx: Ctx, detail: Record<string, unknown>): boolean {
  const id = refId(detail.TaxCodeRef);
  if (!id || id === "NON") return false;
  if (id === "TAX") return true;
  return ctx.company.get("TaxCode", id)?.Taxable !== false;
}

interface TaxLineSum {
  rateId: string;
  percent: number;
  net: Decimal;
  tax: Decimal;
}

function taxLines(sums: Iterable<TaxLineSum>): Record<string, unknown>[] {
  return [...sums].map((s) => ({
    Amount: cents(s.tax),
    DetailType: "TaxLineDetail",
    TaxLineDetail: {
      TaxRateRef: { value: s.rateId },
      PercentBased: true,
      TaxPercent: s.percent,
      NetAmountTaxable: cents(s.net),
    },
  }));
}

function ratesOf(ctx: Ctx, code: QboObject | undefined): QboObject[] {
  const list = isObject(code?.SalesTaxRateList) ? code.SalesTaxRateList.TaxRateDetail : undefined;
  return (Array.isArray(list) ? list : [])
    .map((d) => (isObject(d) ? ctx.company.get("TaxRate", refId(d.TaxRateRef) ?? "") : undefined))
    .filter((r): r is QboObject => r !== undefined);
}

/** Manual US sales tax: the transaction's tax code's rates on the taxable base, or the client's TotalTax. */
function manualTax(ctx: Ctx, draft: Draft, base: Decimal): Decimal {
  const detail = isObject(draft.TxnTaxDetail) ? { ...draft.TxnTaxDetail } : {};
  draft.TxnTaxDetail = detail;
  const code = resolveRef(ctx, detail, "TxnTaxCodeRef", ["TaxCode"]);
  if (!code) {
    const given = readNumber(detail, "TotalTax");
    const tax = given ? dec(cents(given)) : dec(0);
    detail.TotalTax = tax.toNumber();
    if (!Array.isArray(detail.TaxLine) || tax.isZero()) delete detail.TaxLine;
    return tax;
  }
  const sums = ratesOf(ctx, code).map((rate) => {
    const percent = Number(rate.RateValue ?? 0);
    return { rateId: rate.Id, percent, net: base, tax: dec(cents(base.times(percent).dividedBy(100))) };
  });
  const total = sums.reduce((t, s) => t.plus(s.tax), dec(0));
  detail.TotalTax = cents(total);
  detail.TaxLine = taxLines(sums);
  return dec(cents(total));
}

/** The region the automated engine taxes by: the ship-to state, else the bill-to, else the company's. */
function taxRegion(ctx: Ctx, draft: Draft): string {
  for (const addr of [draft.ShipAddr, draft.BillAddr, ctx.company.get("CompanyInfo", "1")?.CompanyAddr]) {
    const region = isObject(addr) ? str(addr.CountrySubDivisionCode)?.trim() : undefined;
    if (region) return region.toUpperCase();
  }
  return "";
}

/**
 * Automated US sales tax: QuickBooks looks the rates up by region and ignores the tax detail a client
 * sends (`TxnTaxCodeRef`, `TotalTax`); the result is read back in `TxnTaxDetail`.
 */
function automatedTax(ctx: Ctx, draft: Draft, base: Decimal): Decimal {
  const rates = AUTOMATED_RATES[taxRegion(ctx, draft)] ?? [];
  const byName = new Map(ctx.company.all("TaxRate").map((r) => [String(r.Name), r]));
  const sums: TaxLineSum[] = [];
  for (const r of rates) {
    const rate = byName.get(r.name);
    if (!rate) continue;
    sums.push({
      rateId: rate.Id,
      percent: r.value,
      net: base,
      tax: dec(cents(base.times(r.value).dividedBy(100))),
    });
  }
  const total = sums.reduce((t, s) => t.plus(s.tax), dec(0));
  draft.TxnTaxDetail = { TotalTax: cents(total), ...(sums.length ? { TaxLine: taxLines(sums) } : {}) };
  return dec(cents(total));
}

export interface TaxedLine {
  detail: Record<string, unknown>;
  amount: Decimal;
}

/**
 * Non-US tax, computed per line from each line's code and rounded per line (Intuit: a tax code on
 * every line). `TaxExcluded` (the default) adds the tax to the total; `TaxInclusive` reads each line's
 * amount as tax-inclusive, keeps it (also in `TaxInclusiveAmt`) and reports the tax inside it;
 * `NotApplicable` has none. Returns the tax to add to the total.
 */
function globalTax(ctx: Ctx, draft: Draft, lines: readonly TaxedLine[]): Decimal {
  const mode = checkEnum(
    draft.GlobalTaxCalculation ?? "TaxExcluded",
    GLOBAL_TAX_CALCULATION,
    "GlobalTaxCalculation",
  );
  draft.GlobalTaxCalculation = mode;
  const sums = new Map<string, TaxLineSum>();
  if (mode !== "NotApplicable") {
    for (const { detail, amount } of lines) {
      const rates = ratesOf(ctx, ctx.company.get("TaxCode", refId(detail.TaxCodeRef) ?? ""));
      const combined = rates.reduce((t, r) => t + Number(r.RateValue ?? 0), 0);
      const net = mode === "TaxInclusive" ? dec(cents(amount.times(100).dividedBy(100 + combined))) : amount;
      if (mode === "TaxInclusive") detail.TaxInclusiveAmt = cents(amount);
      for (const rate of rates) {
        const percent = Number(rate.RateValue ?? 0);
        const sum = sums.get(rate.Id) ?? { rateId: rate.Id, percent, net: dec(0), tax: dec(0) };
        sum.net = sum.net.plus(net);
        sum.tax = sum.tax.plus(dec(cents(net.times(percent).dividedBy(100))));
        sums.set(rate.Id, sum);
      }
    }
  }
  const total = [...sums.values()].reduce((t, s) => t.plus(s.tax), dec(0));
  draft.TxnTaxDetail = { TotalTax: cents(total), ...(sums.size ? { TaxLine: taxLines(sums.values()) } : {}) };
  return mode === "TaxExcluded" ? dec(cents(total)) : dec(0);
}

/**
 * The tax a sales form adds to its total, under the company's model. `base` is the US taxable base
 * (taxable lines after any discount); `lines` are the item and shipping lines for per-line tax.
 */
export function salesFormTax(ctx: Ctx, draft: Draft, base: Decimal, lines: readonly TaxedLine[]): Decimal {
  if (pref(ctx, "TaxPrefs", "UsingSalesTax") === false) {
    delete draft.TxnTaxDetail;
    return dec(0);
  }
  const model = taxModel(ctx);
  if (model === "global") return globalTax(ctx, draft, lines);
  return model === "automated" ? automatedTax(ctx, draft, base) : manualTax(ctx, draft, base);
}
