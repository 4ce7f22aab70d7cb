// Payment (customer pays invoices, uses credit memos) and BillPayment (the company pays bills).
// Applying one reduces the linked documents' Balance and bumps their SyncToken; voiding or deleting
// it gives the balance back.
import { fault } from "../faults.ts";
import { cents, dec } from "../money.ts";
import type { QboObject } from "../store/company.ts";
import { appliedTo, LINKABLE, linksOf, replaceLinks } from "./applications.ts";
import { refuseWhenDeposited } from "./deposits.ts";
import { reopen } from "./sales.ts";
import {
  type Ctx,
  checkBoolean,
  checkEnum,
  type Draft,
  type EntitySpec,
  isObject,
  refId,
  resolveRef,
  str,
} from "./spec.ts";
import {
  adjustNameBalance,
  lineArray,
  numberLines,
  readNumber,
  storeSideEffect,
  TXN_READ_ONLY,
  txnCommon,
  typedAccount,
} from "./txn.ts";

const PAYMENT_LINK_TYPES = ["Invoice", "CreditMemo", "JournalEntry", "Expense", "Check", "CreditCardCredit"];
const BILL_PAYMENT_LINK_TYPES = ["Bill", "VendorCredit", "JournalEntry", "Deposit"];

/** The open amount of a linked document before this payment's own earlier application. */
function openBefore(ctx: Ctx, target: QboObject, targetKey: string, source: string): number {
  const field = targetKey.startsWith("CreditMemo:") ? "RemainingCredit" : "Balance";
  const own = appliedTo(ctx.company, targetKey) - appliedTo(ctx.company, targetKey, source);
  return cents(dec(Number(target[field] ?? 0)).plus(own));
}

/**
 * Validates a payment's lines: each links documents of the same customer or vendor, and applies no
 * more than they have open. Returns the net amount applied (credits count against it).
 */
function paymentLines(
  ctx: Ctx,
  entity: "Payment" | "BillPayment",
  draft: Draft,
  prev: QboObject | undefined,
  ownerField: string,
): number {
  const lines = lineArray(draft, false);
  const allowed = entity === "Payment" ? PAYMENT_LINK_TYPES : BILL_PAYMENT_LINK_TYPES;
  const targets = LINKABLE[entity] ?? {};
  const owner = refId(draft[ownerField]);
  for (const line of lines) {
    const amount = readNumber(line, "Amount");
    if (amount === undefined) throw fault.requiredParam("Amount", "Line.Amount");
    line.Amount = cents(amount);
    if (!Array.isArray(line.LinkedTxn) || line.LinkedTxn.length === 0) throw fault.requiredParam("LinkedTxn");
    line.LinkedTxn = line.LinkedTxn.map((l) => {
      if (!isObject(l)) throw fault.requiredParam("LinkedTxn");
      const txnId = str(l.TxnId);
      if (!txnId) throw fault.requiredParam("TxnId", "LinkedTxn.TxnId");
      const type = checkEnum(l.TxnType, allowed, "LinkedTxn.TxnType");
      if (!type) throw fault.requiredParam("TxnType", "LinkedTxn.TxnType");
      if (!targets[type]) {
        throw fault.businessValidation(`Linking a ${entity} to a ${type} is not supported by this service.`);
      }
      return { ...l, TxnId: txnId, TxnType: type };
    });
  }
  let net = dec(0);
  const source = `${entity}:${prev?.Id}`;
  for (const link of linksOf(entity, draft)) {
    const [targetEntity, targetId] = link.target.split(":") as [string, string];
    const target = ctx.company.get(targetEntity, targetId);
    if (!target || ctx.hidden?.has(link.target)) throw fault.invalidReference("LinkedTxn");
    if (refId(target[ownerField]) !== owner) {
      throw fault.businessValidation(
        `The ${targetEntity} you are linking to belongs to a different ${ownerField === "CustomerRef" ? "customer" : "vendor"}.`,
        "LinkedTxn",
      );
    }
    if (link.amount < 0) throw fault.businessValidation("A payment line cannot apply a negative amount.");
    if (dec(link.amount).greaterThan(openBefore(ctx, target, link.target, source))) {
      throw fault.businessValidation(
        `The amount applied to ${targetEntity} ${String(target.DocNumber ?? target.Id)} is more than its open balance.`,
        "Line.Amount",
      );
    }
    // Credits (a credit memo on a payment, a vendor credit on a bill payment) count against the amount.
    const credit = targetEntity === "CreditMemo" || targetEntity === "VendorCredit";
    net = credit ? net.minus(link.amount) : net.plus(link.amount);
  }
  numberLines(lines);
  return cents(net);
}

/** After a payment changed: recompute every document whose applications moved. */
function applyEffects(entity: "Payment" | "BillPayment") {
  return (ctx: Ctx, next: QboObject | undefined, prev: QboObject | undefined) => {
    const id = (next ?? prev)?.Id;
    if (!id) return;
    const touched = replaceLinks(ctx.company, entity, id, linksOf(entity, prev), linksOf(entity, next));
    for (const target of touched) {
      const [targetEntity, targetId] = target.split(":") as [string, string];
      const doc = ctx.company.get(targetEntity, targetId);
      if (!doc) continue;
      const updated =
        targetEntity === "Bill" || targetEntity === "VendorCredit"
          ? reopenBill(ctx, doc, targetEntity)
          : reopen(ctx, targetEntity, doc);
      storeSideEffect(ctx, targetEntity, updated, doc);
    }
    adjustNameBalance(ctx, entity, next, prev);
  };
}

/** A bill's (or vendor credit's) open Balance and the bill payments linked to it, recomputed. */
export function reopenBill(ctx: Ctx, bill: QboObject, entity: "Bill" | "VendorCredit" = "Bill"): QboObject {
  const key = `${entity}:${bill.Id}`;
  const applied = appliedTo(ctx.company, key);
  const foreign = (Array.isArray(bill.LinkedTxn) ? bill.LinkedTxn : []).filter(
    (l) => isObject(l) && l.TxnType !== "BillPaymentCheck" && l.TxnType !== "BillPaymentCreditCard",
  );
  const payments = ctx.company
    .all("BillPayment")
    .filter((p) => linksOf("BillPayment", p).some((l) => l.target === key))
    .map((p) => ({
      TxnId: p.Id,
      TxnType: p.PayType === "CreditCard" ? "BillPaymentCreditCard" : "BillPaymentCheck",
    }));
  return {
    ...bill,
    Balance: cents(dec(Number(bill.TotalAmt ?? 0)).minus(applied)),
    LinkedTxn: [...foreign, ...payments],
  };
}

/** Intuit's voided payment: no lines, amounts 0 (BillPayment has no UnappliedAmt in the schema). */
function voidedPayment(prev: QboObject): Record<string, unknown> {
  const note =
    typeof prev.PrivateNote === "string" && prev.PrivateNote !== ""
      ? `Voided - ${prev.PrivateNote}`
      : "Voided";
  const voided: Record<string, unknown> = { ...prev, Line: [], TotalAmt: 0, PrivateNote: note };
  if ("UnappliedAmt" in prev) voided.UnappliedAmt = 0;
  return voided;
}

export const Payment: EntitySpec = {
  name: "Payment",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: true,
  readOnly: TXN_READ_ONLY.filter((f) => f !== "TotalAmt"),
  normalize(ctx, draft, prev) {
    refuseWhenDeposited(ctx, "Payment", prev);
    txnCommon(ctx, draft);
    resolveRef(ctx, draft, "CustomerRef", ["Customer"], { required: true });
    const total = readNumber(draft, "TotalAmt");
    if (total === undefined) throw fault.requiredParam("TotalAmt");
    draft.TotalAmt = cents(total);
    const applied = paymentLines(ctx, "Payment", draft, prev, "CustomerRef");
    const unapplied = cents(dec(cents(total)).minus(applied));
    if (unapplied < 0) {
      throw fault.businessValidation("The amount applied to transactions is more than the payment amount.");
    }
    draft.UnappliedAmt = unapplied;
    typedAccount(ctx, draft, "DepositToAccountRef", ["Bank", "Other Current Asset"], "UndepositedFunds");
    typedAccount(ctx, draft, "ARAccountRef", ["Accounts Receivable"]);
    resolveRef(ctx, draft, "PaymentMethodRef", ["PaymentMethod"]);
    checkBoolean(draft, "ProcessPayment");
    if (draft.ProcessPayment === undefined) draft.ProcessPayment = false;
  },
  effects: applyEffects("Payment"),
  beforeRemove: (ctx, prev) => refuseWhenDeposited(ctx, "Payment", prev),
  voided: (_ctx, prev) => voidedPayment(prev),
};

const PAY_TYPES = ["Check", "CreditCard"];

export const BillPayment: EntitySpec = {
  name: "BillPayment",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: true,
  readOnly: TXN_READ_ONLY.filter((f) => f !== "TotalAmt"),
  normalize(ctx, draft, prev) {
    txnCommon(ctx, draft);
    resolveRef(ctx, draft, "VendorRef", ["Vendor"], { required: true });
    const payType = checkEnum(draft.PayType, PAY_TYPES, "PayType");
    if (!payType) throw fault.requiredParam("PayType");
    if (payType === "Check") {
      const check = isObject(draft.CheckPayment) ? { ...draft.CheckPayment } : {};
      draft.CheckPayment = check;
      const bank = resolveRef(ctx, check, "BankAccountRef", ["Account"], {
        required: true,
        element: "BankAccountRef",
      });
      if (bank?.AccountType !== "Bank") throw fault.invalidAccountType("BankAccountRef");
      if (check.PrintStatus === undefined) check.PrintStatus = "NotSet";
      delete draft.CreditCardPayment;
    } else {
      const card = isObject(draft.CreditCardPayment) ? { ...draft.CreditCardPayment } : {};
      draft.CreditCardPayment = card;
      const account = resolveRef(ctx, card, "CCAccountRef", ["Account"], {
        required: true,
        element: "CCAccountRef",
      });
      if (account?.AccountType !== "Credit Card") throw fault.invalidAccountType("CCAccountRef");
      delete draft.CheckPayment;
    }
    typedAccount(ctx, draft, "APAccountRef", ["Accounts Payable"], "AccountsPayable");
    const total = readNumber(draft, "TotalAmt");
    if (total === undefined) throw fault.requiredParam("TotalAmt");
    draft.TotalAmt = cents(total);
    const applied = paymentLines(ctx, "BillPayment", draft, prev, "VendorRef");
    if (dec(applied).greaterThan(cents(total))) {
      throw fault.businessValidation("The amount applied to bills is more than the payment amount.");
    }
  },
  effects: applyEffects("BillPayment"),
  voided: (_ctx, prev) => voidedPayment(prev),
};
