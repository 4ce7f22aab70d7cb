// What transactions share: dates, document numbers, line amounts, and the name balances that move
// when a document's open amount changes.
import { fault } from "../faults.ts";
import { cents, type Decimal, dec, toDecimal } from "../money.ts";
import type { QboObject } from "../store/company.ts";
import { addDays, formatDay, formatTimestamp, isDay } from "../time.ts";
import {
  type Ctx,
  checkEnum,
  type Draft,
  defaultCurrency,
  isObject,
  lowerKey,
  nonEmpty,
  pref,
  refId,
  resolveRef,
  str,
} from "./spec.ts";

/** Fields QuickBooks computes on every transaction; a client's values are ignored. */
export const TXN_READ_ONLY = [
  "TotalAmt",
  "Balance",
  "HomeTotalAmt",
  "HomeBalance",
  "RemainingCredit",
  "UnappliedAmt",
];

export function txnCommon(ctx: Ctx, draft: Draft): void {
  if (draft.TxnDate === undefined || draft.TxnDate === null || draft.TxnDate === "") {
    draft.TxnDate = formatDay(ctx.now);
  } else if (!isDay(draft.TxnDate)) {
    throw fault.invalidProperty(`TxnDate: ${String(draft.TxnDate)} is not a valid date`, "TxnDate");
  }
  if (draft.DueDate !== undefined && draft.DueDate !== null && !isDay(draft.DueDate)) {
    throw fault.invalidProperty(`DueDate: ${String(draft.DueDate)} is not a valid date`, "DueDate");
  }
  defaultCurrency(ctx, draft);
  resolveRef(ctx, draft, "DepartmentRef", ["Department"]);
  resolveRef(ctx, draft, "ClassRef", ["Class"]);
  const doc = draft.DocNumber;
  if (doc !== undefined && doc !== null) {
    const s = str(doc);
    if (s === undefined) throw fault.invalidProperty("DocNumber must be a string", "DocNumber");
    if (s.length > 21) {
      throw fault.businessValidation(
        "The document number is too long. It can have up to 21 characters.",
        "DocNumber",
      );
    }
    draft.DocNumber = s;
  }
}

/** Due date from explicit value, else the sales term's DueDays after TxnDate. */
export function dueDate(ctx: Ctx, draft: Draft, termField: string, fallbackTerm?: unknown): void {
  if (!isObject(draft[termField]) && isObject(fallbackTerm)) draft[termField] = { ...fallbackTerm };
  const term = resolveRef(ctx, draft, termField, ["Term"], { mustBeActive: false });
  if (draft.DueDate) return;
  const days = term && term.Type !== "DateDriven" ? Number(term.DueDays ?? 0) : 0;
  draft.DueDate = addDays(String(draft.TxnDate), Number.isFinite(days) ? days : 0);
}

export interface DocNumbering {
  /** Counter shared by the entities numbered together (sales forms share one). */
  sequence?: string;
  /** Extra scope for uniqueness (a bill number is unique per vendor). */
  scope?: (draft: Draft) => string;
}

/** Transaction types as QuickBooks spells them in fault details ("Journal Entry", "Sales Receipt"). */
const TXN_TYPE_NAMES: Record<string, string> = {
  SalesReceipt: "Sales Receipt",
  CreditMemo: "Credit Memo",
  PurchaseOrder: "Purchase Order",
  JournalEntry: "Journal Entry",
  BillPayment: "Bill Payment",
  RefundReceipt: "Refund Receipt",
  VendorCredit: "Vendor Credit",
};

export function docKey(entity: string, doc: unknown, scope = ""): string | undefined {
  return lowerKey(`doc:${entity}:${scope}`, doc);
}

/**
 * Assigns the next number when none was sent and custom numbers are off, and refuses a number
 * already used by the same kind of document unless `include=allowduplicatedocnum`.
 */
export function docNumber(
  ctx: Ctx,
  entity: string,
  draft: Draft,
  prev: QboObject | undefined,
  n: DocNumbering,
) {
  const custom = pref(ctx, "SalesFormsPrefs", "CustomTxnNumbers") === true;
  if (n.sequence && !custom && !nonEmpty(draft.DocNumber) && !prev) {
    let next = ctx.company.counter(n.sequence) + 1;
    while (ctx.company.holderOf(docKey(entity, String(next), n.scope?.(draft) ?? "") ?? "")) next++;
    draft.DocNumber = String(next);
  }
  const doc = nonEmpty(draft.DocNumber);
  if (!doc) {
    delete draft.DocNumber;
    return;
  }
  if (ctx.include.has("allowduplicatedocnum")) return;
  const key = docKey(entity, doc, n.scope?.(draft) ?? "");
  const holder = key ? ctx.company.holderOf(key) : undefined;
  if (holder && holder !== `${entity}:${prev?.Id}`) {
    const [type = entity, id = ""] = holder.split(":");
    throw fault.duplicateDocNumber(doc, TXN_TYPE_NAMES[type] ?? type, id);
  }
}

/** After a commit: numeric document numbers move the automatic sequence past them. */
export function bumpDocSequence(ctx: Ctx, sequence: string, obj: QboObject): void {
  const doc = str(obj.DocNumber);
  if (doc && /^\d{1,15}$/.test(doc)) ctx.company.bumpCounter(sequence, Number(doc));
}

export function docKeys(entity: string, scope?: (obj: QboObject) => string) {
  return (obj: QboObject): string[] => {
    const key = docKey(entity, obj.DocNumber, scope?.(obj) ?? "");
    return key ? [key] : [];
  };
}

/** Numbers lines 1..n (Id and LineNum) where the client did not. */
export function numberLines(lines: Record<string, unknown>[]): void {
  let next = 1;
  for (const line of lines) {
    const id = Number(line.Id);
    if (Number.isInteger(id) && id >= next) next = id + 1;
  }
  lines.forEach((line, i) => {
    if (line.Id === undefined || line.Id === null || line.Id === "") line.Id = String(next++);
    else line.Id = String(line.Id);
    line.LineNum = i + 1;
  });
}

export function lineArray(draft: Draft, required: boolean): Record<string, unknown>[] {
  const lines = draft.Line;
  if (lines === undefined || lines === null) {
    if (required) throw fault.requiredParam("Line");
    draft.Line = [];
    return draft.Line as Record<string, unknown>[];
  }
  if (!Array.isArray(lines)) throw fault.invalidProperty("Line must be an array", "Line");
  const out = lines.map((line) => {
    if (!isObject(line)) throw fault.invalidProperty("Line must hold objects", "Line");
    return { ...line };
  });
  draft.Line = out;
  return out;
}

export function lineDetail(line: Record<string, unknown>, detailType: string): Record<string, unknown> {
  const detail = line[detailType];
  const copy = isObject(detail) ? { ...detail } : {};
  line[detailType] = copy;
  return copy;
}

/**
 * Amount, Qty and UnitPrice of an item line. A missing Amount is Qty × UnitPrice; a supplied one must
 * equal it (6070), rounded half-up to cents as QuickBooks does.
 */
export function itemLineAmount(line: Record<string, unknown>, detail: Record<string, unknown>): Decimal {
  const qty = readNumber(detail, "Qty");
  const price = readNumber(detail, "UnitPrice");
  const amount = readNumber(line, "Amount");
  if (amount === undefined) {
    if (qty === undefined || price === undefined) throw fault.requiredParam("Amount", "Line.Amount");
    const computed = cents(qty.times(price));
    line.Amount = computed;
    return dec(computed);
  }
  if (qty !== undefined && price !== undefined) {
    if (!dec(cents(qty.times(price))).equals(dec(cents(amount))))
      throw fault.amountMismatch(amount.toNumber());
  } else if (qty !== undefined && price === undefined && !qty.isZero()) {
    detail.UnitPrice = amount.dividedBy(qty).toDecimalPlaces(7).toNumber();
  }
  line.Amount = cents(amount);
  return dec(cents(amount));
}

export function readNumber(holder: Record<string, unknown>, field: string): Decimal | undefined {
  const v = holder[field];
  if (v === undefined || v === null) return undefined;
  const d = toDecimal(v);
  if (!d) throw fault.invalidProperty(`${field} must be a number`, field);
  holder[field] = d.toNumber();
  return d;
}

/** A line's tax code: the US pseudo codes TAX and NON, or a TaxCode's id. */
export function lineTaxCode(ctx: Ctx, detail: Record<string, unknown>): void {
  const id = refId(detail.TaxCodeRef);
  if (detail.TaxCodeRef === undefined || detail.TaxCodeRef === null) return;
  if (id === "TAX" || id === "NON") {
    detail.TaxCodeRef = { value: id };
    return;
  }
  resolveRef(ctx, detail, "TaxCodeRef", ["TaxCode"], { element: "TaxCodeRef" });
}

export const BILLABLE_STATUS = ["Billable", "NotBillable", "HasBeenBilled"];

/** Expense lines of bills, purchases and purchase orders; returns their total. */
export function expenseLines(ctx: Ctx, draft: Draft, required: boolean): Decimal {
  const lines = lineArray(draft, required);
  if (required && lines.length === 0) throw fault.requiredParam("Line");
  let total = dec(0);
  for (const line of lines) {
    const type = checkEnum(
      line.DetailType,
      ["AccountBasedExpenseLineDetail", "ItemBasedExpenseLineDetail"],
      "DetailType",
    );
    if (!type) throw fault.requiredParam("DetailType", "Line.DetailType");
    const detail = lineDetail(line, type);
    if (type === "AccountBasedExpenseLineDetail") {
      resolveRef(ctx, detail, "AccountRef", ["Account"], { required: true });
      const amount = readNumber(line, "Amount");
      if (amount === undefined) throw fault.requiredParam("Amount", "Line.Amount");
      line.Amount = cents(amount);
      total = total.plus(cents(amount));
    } else {
      resolveRef(ctx, detail, "ItemRef", ["Item"], { required: true });
      total = total.plus(itemLineAmount(line, detail));
    }
    detail.BillableStatus = checkEnum(
      detail.BillableStatus ?? "NotBillable",
      BILLABLE_STATUS,
      "BillableStatus",
    );
    resolveRef(ctx, detail, "CustomerRef", ["Customer"]);
    resolveRef(ctx, detail, "ClassRef", ["Class"]);
    lineTaxCode(ctx, detail);
    if (detail.TaxCodeRef === undefined) detail.TaxCodeRef = { value: "NON" };
  }
  numberLines(lines);
  return total;
}

/** The account QuickBooks falls back to, found by detail type (Undeposited Funds, A/P, A/R). */
export function defaultAccount(ctx: Ctx, subtype: string): QboObject | undefined {
  for (const account of ctx.company.all("Account")) {
    if (account.AccountSubType === subtype && account.Active !== false) return account;
  }
  return undefined;
}

export function accountRef(account: QboObject): { value: string; name: string } {
  return { value: account.Id, name: String(account.Name) };
}

/** An account reference that must be of certain types; defaults to the company's account of a detail type. */
export function typedAccount(
  ctx: Ctx,
  draft: Draft,
  field: string,
  types: readonly string[],
  fallbackSubtype?: string,
): QboObject | undefined {
  if ((draft[field] === undefined || draft[field] === null) && fallbackSubtype) {
    const fallback = defaultAccount(ctx, fallbackSubtype);
    if (fallback) draft[field] = accountRef(fallback);
  }
  const account = resolveRef(ctx, draft, field, ["Account"]);
  if (account && !types.includes(String(account.AccountType))) throw fault.invalidAccountType(field);
  return account;
}

/** The open amount a document adds to its name's balance (negative for credits). */
function openAmount(entity: string, obj: QboObject | undefined): number {
  if (!obj) return 0;
  switch (entity) {
    case "Invoice":
    case "Bill":
      return Number(obj.Balance ?? 0);
    case "VendorCredit":
      return -Number(obj.Balance ?? 0);
    case "CreditMemo":
      return -Number(obj.RemainingCredit ?? 0);
    case "Payment":
    case "BillPayment":
      return -Number(obj.UnappliedAmt ?? 0);
    default:
      return 0;
  }
}

const NAME_OF: Record<string, { field: string; entity: string }> = {
  Invoice: { field: "CustomerRef", entity: "Customer" },
  CreditMemo: { field: "CustomerRef", entity: "Customer" },
  Payment: { field: "CustomerRef", entity: "Customer" },
  Bill: { field: "VendorRef", entity: "Vendor" },
  BillPayment: { field: "VendorRef", entity: "Vendor" },
  VendorCredit: { field: "VendorRef", entity: "Vendor" },
};

function moveBalance(ctx: Ctx, entity: string, id: string | undefined, delta: number): void {
  if (!id || delta === 0) return;
  let obj = ctx.company.get(entity, id);
  if (!obj) return;
  obj.Balance = cents(dec(Number(obj.Balance ?? 0)).plus(delta));
  if (entity !== "Customer") return;
  // A job's balance also counts in every ancestor's BalanceWithJobs.
  for (let depth = 0; obj && depth < 6; depth++) {
    obj.BalanceWithJobs = cents(dec(Number(obj.BalanceWithJobs ?? 0)).plus(delta));
    const parent = refId(obj.ParentRef);
    obj = parent ? ctx.company.get("Customer", parent) : undefined;
  }
}

/** Keeps customer and vendor balances equal to the sum of their open documents. */
export function adjustNameBalance(
  ctx: Ctx,
  entity: string,
  next: QboObject | undefined,
  prev: QboObject | undefined,
) {
  const owner = NAME_OF[entity];
  if (!owner) return;
  const prevId = refId(prev?.[owner.field]);
  const nextId = refId(next?.[owner.field]);
  const before = openAmount(entity, prev);
  const after = openAmount(entity, next);
  if (prevId === nextId) moveBalance(ctx, owner.entity, nextId, after - before);
  else {
    moveBalance(ctx, owner.entity, prevId, -before);
    moveBalance(ctx, owner.entity, nextId, after);
  }
}

/** Stores a new version of another object changed as a side effect (an invoice a payment paid). */
export function storeSideEffect(ctx: Ctx, entity: string, next: QboObject, prev: QboObject): void {
  const stamped: QboObject = {
    ...next,
    SyncToken: String(Number(prev.SyncToken) + 1),
    MetaData: {
      ...(isObject(prev.MetaData) ? prev.MetaData : {}),
      LastUpdatedTime: formatTimestamp(ctx.now),
    },
  };
  ctx.company.put(entity, stamped, ctx.now);
  adjustNameBalance(ctx, entity, stamped, prev);
  ctx.changes.push({
    entity,
    id: stamped.Id,
    operation: "Update",
    lastUpdated: String((stamped.MetaData as Record<string, unknown>).LastUpdatedTime),
  });
}

/** How a transaction moves stock: sales take it out, credit memos and purchases bring it in. */
const STOCK_DIRECTION: Record<string, { detail: string; sign: number }> = {
  Invoice: { detail: "SalesItemLineDetail", sign: -1 },
  SalesReceipt: { detail: "SalesItemLineDetail", sign: -1 },
  CreditMemo: { detail: "SalesItemLineDetail", sign: 1 },
  RefundReceipt: { detail: "SalesItemLineDetail", sign: 1 },
  VendorCredit: { detail: "ItemBasedExpenseLineDetail", sign: -1 },
  Bill: { detail: "ItemBasedExpenseLineDetail", sign: 1 },
  Purchase: { detail: "ItemBasedExpenseLineDetail", sign: 1 },
};

function stockMoves(entity: string, obj: QboObject | undefined): Map<string, number> {
  const moves = new Map<string, number>();
  const direction = STOCK_DIRECTION[entity];
  if (!obj || !direction || !Array.isArray(obj.Line)) return moves;
  for (const line of obj.Line) {
    const detail = isObject(line) ? line[direction.detail] : undefined;
    if (!isObject(detail)) continue;
    const item = refId(detail.ItemRef);
    const qty = Number(detail.Qty ?? 0);
    if (!item || !Number.isFinite(qty) || qty === 0) continue;
    moves.set(item, (moves.get(item) ?? 0) + direction.sign * qty);
  }
  return moves;
}

/**
 * Keeps QtyOnHand of inventory items in step with the documents that move them (the difference
 * between the old and new version, so updates, voids and deletes undo what they replaced). The
 * item's SyncToken is left alone (emulator choice: Intuit does not document it).
 */
export function adjustStock(
  ctx: Ctx,
  entity: string,
  next: QboObject | undefined,
  prev: QboObject | undefined,
): void {
  const delta = stockMoves(entity, next);
  for (const [item, qty] of stockMoves(entity, prev)) delta.set(item, (delta.get(item) ?? 0) - qty);
  for (const [itemId, qty] of delta) {
    const item = ctx.company.get("Item", itemId);
    if (item?.Type !== "Inventory" || qty === 0) continue;
    // A new version of the item: a client holding its old SyncToken gets 5010 on its next update.
    const QtyOnHand = dec(Number(item.QtyOnHand ?? 0))
      .plus(qty)
      .toNumber();
    storeSideEffect(ctx, "Item", { ...item, QtyOnHand }, item);
  }
}
