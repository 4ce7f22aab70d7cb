// Sales forms: Invoice, SalesReceipt and CreditMemo. QuickBooks computes their line amounts, the
// subtotal line, discount, sales tax, TotalAmt and (for invoices) Balance; a client's values for
// those are ignored.
import { fault } from "../faults.ts";
import { cents, type Decimal, dec } from "../money.ts";
import type { QboObject } from "../store/company.ts";
import { isDay } from "../time.ts";
import { appliedTo, sourcesOf } from "./applications.ts";
import { refuseWhenDeposited } from "./deposits.ts";
import {
  type Ctx,
  checkBoolean,
  checkEmail,
  checkEnum,
  type Draft,
  type EntitySpec,
  isObject,
  nonEmpty,
  numberField,
  pref,
  refId,
  resolveRef,
} from "./spec.ts";
import { isTaxableLine, salesFormTax, salesLineTaxCode, type TaxedLine } from "./tax.ts";
import {
  adjustNameBalance,
  adjustStock,
  bumpDocSequence,
  docKeys,
  docNumber,
  dueDate,
  itemLineAmount,
  lineArray,
  lineDetail,
  numberLines,
  readNumber,
  storeSideEffect,
  TXN_READ_ONLY,
  txnCommon,
  typedAccount,
} from "./txn.ts";

const SALES_LINE_TYPES = [
  "SalesItemLineDetail",
  "GroupLineDetail",
  "DescriptionOnly",
  "DiscountLineDetail",
  "SubTotalLineDetail",
];
const PSEUDO_ITEMS: Record<string, [string, string]> = {
  SHIPPING_ITEM_ID: ["AllowShipping", "Shipping"],
  GRATUITY_ITEM_ID: ["AllowGratuity", "Gratuity"],
};
const PRINT_STATUS = ["NotSet", "NeedToPrint", "PrintComplete"];
const EMAIL_STATUS = ["NotSet", "NeedToSend", "EmailSent"];

function salesItemLine(
  ctx: Ctx,
  line: Record<string, unknown>,
): { amount: Decimal; taxable: boolean; shipping: boolean; detail: Record<string, unknown> } {
  const detail = lineDetail(line, "SalesItemLineDetail");
  const itemId = refId(detail.ItemRef);
  let shipping = false;
  let item: QboObject | undefined;
  const pseudo = itemId ? PSEUDO_ITEMS[itemId] : undefined;
  if (pseudo && itemId) {
    // Shipping and gratuity are pseudo items, valid only when the company preference allows them.
    if (pref(ctx, "SalesFormsPrefs", pseudo[0]) !== true) throw fault.invalidReference("ItemRef");
    detail.ItemRef = { value: itemId, name: pseudo[1] };
    shipping = itemId === "SHIPPING_ITEM_ID";
  } else {
    item = resolveRef(ctx, detail, "ItemRef", ["Item"]);
    // quickbooks-php #178 quotes this detail.
    if (item?.Type === "Category")
      throw fault.invalidReference("ItemRef", "Categories cannot be used in transactions.");
  }
  if (item?.Type === "Inventory" && detail.Qty === undefined) throw fault.inventoryQuantityMissing();
  const amount =
    pseudo && detail.Qty === undefined && detail.UnitPrice === undefined
      ? requireAmount(line)
      : itemLineAmount(line, detail);
  salesLineTaxCode(ctx, detail, item);
  resolveRef(ctx, detail, "ClassRef", ["Class"]);
  return { amount, taxable: isTaxableLine(ctx, detail), shipping, detail };
}

function requireAmount(line: Record<string, unknown>): Decimal {
  const amount = readNumber(line, "Amount");
  if (amount === undefined) throw fault.requiredParam("Amount", "Line.Amount");
  line.Amount = cents(amount);
  return dec(cents(amount));
}

/** Computes lines, subtotal, discount, tax and TotalAmt of a sales form. */
function salesLines(ctx: Ctx, draft: Draft): void {
  const input = lineArray(draft, true);
  const items: Record<string, unknown>[] = [];
  const discounts: Record<string, unknown>[] = [];
  const shippingLines: Record<string, unknown>[] = [];
  let subtotal = dec(0);
  let taxableItems = dec(0);
  let shipping = dec(0);
  let taxableShipping = dec(0);
  const taxed: TaxedLine[] = [];
  for (const line of input) {
    const type = checkEnum(line.DetailType, SALES_LINE_TYPES, "DetailType");
    if (!type) throw fault.requiredParam("DetailType", "Line.DetailType");
    if (type === "SubTotalLineDetail") continue; // QuickBooks writes its own subtotal line
    if (type === "DiscountLineDetail") {
      discounts.push(line);
      continue;
    }
    if (type === "DescriptionOnly") {
      lineDetail(line, "DescriptionLineDetail");
      delete line.Amount;
      items.push(line);
      continue;
    }
    if (type === "GroupLineDetail") {
      const detail = lineDetail(line, "GroupLineDetail");
      resolveRef(ctx, detail, "GroupItemRef", ["Item"], { required: true });
      items.push(line);
      continue;
    }
    const { amount, taxable, shipping: isShipping, detail } = salesItemLine(ctx, line);
    taxed.push({ detail, amount });
    if (isShipping) {
      shipping = shipping.plus(amount);
      if (taxable) taxableShipping = taxableShipping.plus(amount);
      shippingLines.push(line);
    } else {
      subtotal = subtotal.plus(amount);
      if (taxable) taxableItems = taxableItems.plus(amount);
      items.push(line);
    }
  }
  if (!items.some((l) => l.DetailType === "SalesItemLineDetail" || l.DetailType === "GroupLineDetail")) {
    if (shippingLines.length === 0) throw fault.requiredParam("Line");
  }
  if (discounts.length > 1) {
    throw fault.businessValidation("Only one discount line is allowed per transaction.");
  }
  let discount = dec(0);
  for (const line of discounts) {
    const detail = lineDetail(line, "DiscountLineDetail");
    checkBoolean(detail, "PercentBased");
    if (detail.PercentBased === true) {
      const pct = readNumber(detail, "DiscountPercent");
      if (pct === undefined) throw fault.requiredParam("DiscountPercent");
      discount = dec(cents(subtotal.times(pct).dividedBy(100)));
    } else {
      const amount = readNumber(line, "Amount");
      if (amount === undefined) throw fault.requiredParam("Amount", "Line.Amount");
      discount = dec(cents(amount));
    }
    line.Amount = discount.toNumber();
    if (detail.DiscountAccountRef === undefined) {
      const fallback = pref(ctx, "SalesFormsPrefs", "DefaultDiscountAccount");
      if (fallback !== undefined) detail.DiscountAccountRef = { value: String(fallback) };
    }
    resolveRef(ctx, detail, "DiscountAccountRef", ["Account"]);
    if (discount.greaterThan(subtotal)) {
      throw fault.businessValidation("The discount amount can't be greater than the subtotal.");
    }
  }
  const subtotalLine = {
    Amount: cents(subtotal),
    DetailType: "SubTotalLineDetail",
    SubTotalLineDetail: {},
  };
  // QuickBooks' order: item lines, its subtotal line (no Id), the discount, then shipping.
  numberLines([...items, ...discounts, ...shippingLines]);
  draft.Line = [...items, subtotalLine, ...discounts, ...shippingLines];

  const taxBase = salesTaxBase(draft, subtotal, taxableItems, discount).plus(taxableShipping);
  const totalTax = salesFormTax(ctx, draft, taxBase, taxed);
  const total = subtotal.minus(discount).plus(shipping).plus(totalTax);
  draft.TotalAmt = cents(total);
}

function salesTaxBase(draft: Draft, subtotal: Decimal, taxableItems: Decimal, discount: Decimal): Decimal {
  checkBoolean(draft, "ApplyTaxAfterDiscount");
  if (draft.ApplyTaxAfterDiscount === undefined) draft.ApplyTaxAfterDiscount = false;
  if (draft.ApplyTaxAfterDiscount !== true || discount.isZero() || subtotal.isZero()) return taxableItems;
  // Discount first, then tax: the discount reduces the taxable part in proportion.
  return taxableItems.minus(discount.times(taxableItems).dividedBy(subtotal));
}

function customerDefaults(draft: Draft, customer: QboObject): void {
  if (!isObject(draft.BillAddr) && isObject(customer.BillAddr)) draft.BillAddr = { ...customer.BillAddr };
  if (!isObject(draft.ShipAddr) && isObject(customer.ShipAddr)) draft.ShipAddr = { ...customer.ShipAddr };
  if (!isObject(draft.BillEmail) && isObject(customer.PrimaryEmailAddr)) {
    draft.BillEmail = { Address: customer.PrimaryEmailAddr.Address };
  }
}

function commonSales(
  ctx: Ctx,
  entity: string,
  draft: Draft,
  prev: QboObject | undefined,
  sequence = "doc:sales",
): QboObject {
  txnCommon(ctx, draft);
  const customer = resolveRef(ctx, draft, "CustomerRef", ["Customer"], { required: true }) as QboObject;
  customerDefaults(draft, customer);
  salesLines(ctx, draft);
  docNumber(ctx, entity, draft, prev, { sequence });
  // Intuit's invoice samples read back "NeedToPrint" when the client sends nothing; its sales receipt
  // samples "NotSet" (DETAILS.md §1, the invoice void sample).
  const printDefault = entity === "Invoice" ? "NeedToPrint" : "NotSet";
  draft.PrintStatus = checkEnum(draft.PrintStatus ?? printDefault, PRINT_STATUS, "PrintStatus");
  draft.EmailStatus = checkEnum(draft.EmailStatus ?? "NotSet", EMAIL_STATUS, "EmailStatus");
  for (const field of ["BillEmail", "BillEmailCc", "BillEmailBcc"]) checkEmail(draft, field, true);
  // "If EmailStatus=NeedToSend, BillEmail is a required input" (Intuit invoice reference).
  if (
    draft.EmailStatus === "NeedToSend" &&
    !(isObject(draft.BillEmail) && nonEmpty(draft.BillEmail.Address))
  ) {
    throw fault.requiredParam("BillEmail");
  }
  resolveRef(ctx, draft, "SalesTermRef", ["Term"]);
  return customer;
}

/** Payments (or credit memos) applied to this document, as LinkedTxn entries. */
function paymentLinks(ctx: Ctx, entity: string, id: string | undefined): Record<string, unknown>[] {
  if (!id) return [];
  return sourcesOf(ctx.company, `${entity}:${id}`).map((source) => {
    const [type, txnId] = source.split(":");
    return { TxnId: txnId, TxnType: type };
  });
}

function keepForeignLinks(draft: Draft, own: readonly string[]): Record<string, unknown>[] {
  const input = Array.isArray(draft.LinkedTxn) ? draft.LinkedTxn : [];
  return input.filter((l): l is Record<string, unknown> => isObject(l) && !own.includes(String(l.TxnType)));
}

/** Zeroes a sales form as a void does, keeping the document itself. */
function voidedSalesForm(prev: QboObject): Record<string, unknown> {
  const lines = Array.isArray(prev.Line) ? prev.Line : [];
  const zeroed = lines.filter(isObject).map((line) => {
    const copy: Record<string, unknown> = { ...line };
    if (copy.Amount !== undefined) copy.Amount = 0;
    if (isObject(copy.SalesItemLineDetail)) {
      const detail: Record<string, unknown> = { ...copy.SalesItemLineDetail, Qty: 0 };
      delete detail.UnitPrice;
      copy.SalesItemLineDetail = detail;
    }
    return copy;
  });
  const note =
    typeof prev.PrivateNote === "string" && prev.PrivateNote !== ""
      ? `Voided - ${prev.PrivateNote}`
      : "Voided";
  const out: Record<string, unknown> = {
    ...prev,
    Line: zeroed,
    TotalAmt: 0,
    PrivateNote: note,
    LinkedTxn: [],
  };
  if (isObject(prev.TxnTaxDetail)) out.TxnTaxDetail = { TotalTax: 0 };
  if (prev.Balance !== undefined) out.Balance = 0;
  if (prev.Deposit !== undefined) out.Deposit = 0;
  if (prev.RemainingCredit !== undefined) out.RemainingCredit = 0;
  return out;
}

function refuseWhenPaid(entity: string) {
  return (ctx: Ctx, prev: QboObject, operation: "Delete" | "Void") => {
    if (sourcesOf(ctx.company, `${entity}:${prev.Id}`).length > 0) {
      const verb = operation === "Void" ? "void" : "delete";
      throw fault.businessValidation(
        `This transaction has payments applied to it. Remove the payments before you ${verb} the transaction.`,
      );
    }
  };
}

export const Invoice: EntitySpec = {
  name: "Invoice",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: true,
  readOnly: TXN_READ_ONLY,
  normalize(ctx, draft, prev) {
    const customer = commonSales(ctx, "Invoice", draft, prev);
    dueDate(ctx, draft, "SalesTermRef", customer.SalesTermRef ?? defaultTerm(ctx));
    const deposit = numberField(draft, "Deposit") ?? 0;
    draft.Deposit = deposit;
    const applied = appliedTo(ctx.company, `Invoice:${prev?.Id}`);
    const balance = cents(dec(Number(draft.TotalAmt)).minus(deposit).minus(applied));
    if (balance < 0) {
      throw fault.businessValidation("The invoice total can't be less than the payments applied to it.");
    }
    draft.Balance = balance;
    if (deposit !== 0) typedAccount(ctx, draft, "DepositToAccountRef", ["Bank", "Other Current Asset"]);
    const foreign = keepForeignLinks(draft, ["Payment"]);
    for (const link of foreign) {
      if (link.TxnType !== "Estimate") continue;
      const estimate = ctx.company.get("Estimate", String(link.TxnId));
      if (!estimate || ctx.hidden?.has(`Estimate:${link.TxnId}`)) throw fault.invalidReference("LinkedTxn");
      link.TxnId = estimate.Id;
    }
    draft.LinkedTxn = [...foreign, ...paymentLinks(ctx, "Invoice", prev?.Id)];
  },
  keys: docKeys("Invoice"),
  effects(ctx, next, prev) {
    adjustNameBalance(ctx, "Invoice", next, prev);
    adjustStock(ctx, "Invoice", next, prev);
    if (next) {
      bumpDocSequence(ctx, "doc:sales", next);
      closeEstimates(ctx, next, prev);
    }
  },
  beforeRemove: refuseWhenPaid("Invoice"),
  voided: (_ctx, prev) => voidedSalesForm(prev),
};

function defaultTerm(ctx: Ctx): unknown {
  const id = pref(ctx, "SalesFormsPrefs", "DefaultTerms");
  if (isObject(id)) return id;
  return id === undefined ? undefined : { value: String(id) };
}

export const SalesReceipt: EntitySpec = {
  name: "SalesReceipt",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: true,
  readOnly: TXN_READ_ONLY,
  normalize(ctx, draft, prev) {
    refuseWhenDeposited(ctx, "SalesReceipt", prev);
    commonSales(ctx, "SalesReceipt", draft, prev);
    typedAccount(ctx, draft, "DepositToAccountRef", ["Bank", "Other Current Asset"], "UndepositedFunds");
    resolveRef(ctx, draft, "PaymentMethodRef", ["PaymentMethod"]);
    draft.Balance = 0;
  },
  keys: docKeys("SalesReceipt"),
  beforeRemove: (ctx, prev) => refuseWhenDeposited(ctx, "SalesReceipt", prev),
  effects(ctx, next, prev) {
    adjustStock(ctx, "SalesReceipt", next, prev);
    if (next) bumpDocSequence(ctx, "doc:sales", next);
  },
  voided: (_ctx, prev) => voidedSalesForm(prev),
};

/**
 * A refund receipt: money paid back to a customer at once (the reverse of a sales receipt). Intuit:
 * CustomerRef, Line and DepositToAccountRef (the account the refund is paid from) are required;
 * returned stock comes back into inventory; nothing stays open (Balance 0).
 */
export const RefundReceipt: EntitySpec = {
  name: "RefundReceipt",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: false,
  readOnly: TXN_READ_ONLY,
  normalize(ctx, draft, prev) {
    commonSales(ctx, "RefundReceipt", draft, prev);
    if (draft.DepositToAccountRef === undefined || draft.DepositToAccountRef === null) {
      throw fault.requiredParam("DepositToAccountRef");
    }
    typedAccount(ctx, draft, "DepositToAccountRef", ["Bank", "Other Current Asset", "Credit Card"]);
    resolveRef(ctx, draft, "PaymentMethodRef", ["PaymentMethod"]);
    draft.Balance = 0;
  },
  keys: docKeys("RefundReceipt"),
  effects(ctx, next, prev) {
    adjustStock(ctx, "RefundReceipt", next, prev);
    if (next) bumpDocSequence(ctx, "doc:sales", next);
  },
};

const ESTIMATE_STATUS = ["Accepted", "Closed", "Pending", "Rejected"];

/** An estimate turned into an invoice is Closed and lists the invoice among its linked transactions. */
function closeEstimates(ctx: Ctx, invoice: QboObject, prev: QboObject | undefined): void {
  const linked = (obj: QboObject | undefined) =>
    new Set(
      (Array.isArray(obj?.LinkedTxn) ? obj.LinkedTxn : [])
        .filter((l) => isObject(l) && l.TxnType === "Estimate")
        .map((l) => String((l as Record<string, unknown>).TxnId)),
    );
  const before = linked(prev);
  for (const id of linked(invoice)) {
    if (before.has(id)) continue;
    const estimate = ctx.company.get("Estimate", id);
    if (!estimate) continue;
    const links = (Array.isArray(estimate.LinkedTxn) ? estimate.LinkedTxn : []).filter(isObject);
    storeSideEffect(
      ctx,
      "Estimate",
      { ...estimate, TxnStatus: "Closed", LinkedTxn: [...links, { TxnId: invoice.Id, TxnType: "Invoice" }] },
      estimate,
    );
  }
}

export const Estimate: EntitySpec = {
  name: "Estimate",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: false,
  readOnly: TXN_READ_ONLY,
  normalize(ctx, draft, prev) {
    const customer = commonSales(ctx, "Estimate", draft, prev, "doc:estimate");
    dueDate(ctx, draft, "SalesTermRef", customer.SalesTermRef ?? defaultTerm(ctx));
    draft.TxnStatus = checkEnum(draft.TxnStatus ?? "Pending", ESTIMATE_STATUS, "TxnStatus");
    for (const field of ["ExpirationDate", "AcceptedDate"]) {
      if (draft[field] !== undefined && draft[field] !== null && !isDay(draft[field])) {
        throw fault.invalidProperty(`${field}: ${String(draft[field])} is not a valid date`, field);
      }
    }
    // An estimate is not a posting transaction: nothing is owed on it.
    draft.Balance = 0;
    if (prev) draft.LinkedTxn = prev.LinkedTxn ?? [];
  },
  keys: docKeys("Estimate"),
  effects(ctx, next) {
    if (next) bumpDocSequence(ctx, "doc:estimate", next);
  },
};

export const CreditMemo: EntitySpec = {
  name: "CreditMemo",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: false,
  readOnly: TXN_READ_ONLY,
  normalize(ctx, draft, prev) {
    commonSales(ctx, "CreditMemo", draft, prev);
    const applied = appliedTo(ctx.company, `CreditMemo:${prev?.Id}`);
    const remaining = cents(dec(Number(draft.TotalAmt)).minus(applied));
    if (remaining < 0) {
      throw fault.businessValidation("The credit memo total can't be less than the credit already applied.");
    }
    draft.RemainingCredit = remaining;
    draft.Balance = remaining;
    draft.LinkedTxn = [...keepForeignLinks(draft, ["Payment"]), ...paymentLinks(ctx, "CreditMemo", prev?.Id)];
  },
  keys: docKeys("CreditMemo"),
  effects(ctx, next, prev) {
    adjustNameBalance(ctx, "CreditMemo", next, prev);
    adjustStock(ctx, "CreditMemo", next, prev);
    if (next) bumpDocSequence(ctx, "doc:sales", next);
  },
  beforeRemove: refuseWhenPaid("CreditMemo"),
};

/** Recomputes an invoice's or credit memo's open amount after its payments changed. */
export function reopen(ctx: Ctx, entity: string, doc: QboObject): QboObject {
  const applied = appliedTo(ctx.company, `${entity}:${doc.Id}`);
  const links = [
    ...keepForeignLinks(doc, ["Payment"]),
    ...sourcesOf(ctx.company, `${entity}:${doc.Id}`).map((s) => {
      const [type, id] = s.split(":");
      return { TxnId: id, TxnType: type };
    }),
  ];
  const total = dec(Number(doc.TotalAmt ?? 0));
  if (entity === "CreditMemo") {
    const remaining = cents(total.minus(applied));
    return { ...doc, RemainingCredit: remaining, Balance: remaining, LinkedTxn: links };
  }
  return { ...doc, Balance: cents(total.minus(Number(doc.Deposit ?? 0)).minus(applied)), LinkedTxn: links };
}
