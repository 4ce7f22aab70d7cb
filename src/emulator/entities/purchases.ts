// Purchasing documents: Bill (owed to a vendor, paid by BillPayment), Purchase (an expense, check or
// credit-card charge paid at once) and PurchaseOrder (non-posting).
import { fault } from "../faults.ts";
import { cents } from "../money.ts";
import type { QboObject } from "../store/company.ts";
import { appliedTo, sourcesOf } from "./applications.ts";
import { reopenBill } from "./payments.ts";
import { checkBoolean, checkEnum, type Draft, type EntitySpec, isObject, refId, resolveRef } from "./spec.ts";
import {
  adjustNameBalance,
  adjustStock,
  bumpDocSequence,
  docKeys,
  docNumber,
  dueDate,
  expenseLines,
  TXN_READ_ONLY,
  txnCommon,
  typedAccount,
} from "./txn.ts";

const vendorScope = (obj: Draft) => refId(obj.VendorRef) ?? "";

export const Bill: EntitySpec = {
  name: "Bill",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: false,
  readOnly: TXN_READ_ONLY,
  normalize(ctx, draft, prev) {
    txnCommon(ctx, draft);
    const vendor = resolveRef(ctx, draft, "VendorRef", ["Vendor"], { required: true }) as QboObject;
    // A bill's A/P account must be of type Accounts Payable; with one A/P account it is implied.
    typedAccount(ctx, draft, "APAccountRef", ["Accounts Payable"], "AccountsPayable");
    const total = expenseLines(ctx, draft, true);
    draft.TotalAmt = cents(total);
    const applied = appliedTo(ctx.company, `Bill:${prev?.Id}`);
    const balance = cents(total.minus(applied));
    if (balance < 0)
      throw fault.businessValidation("The bill total can't be less than the payments applied to it.");
    draft.Balance = balance;
    dueDate(ctx, draft, "SalesTermRef", vendor.TermRef);
    docNumber(ctx, "Bill", draft, prev, { scope: vendorScope });
    if (prev) draft.LinkedTxn = reopenBill(ctx, { ...prev, ...draft } as QboObject).LinkedTxn;
  },
  keys: docKeys("Bill", vendorScope),
  effects(ctx, next, prev) {
    adjustNameBalance(ctx, "Bill", next, prev);
    adjustStock(ctx, "Bill", next, prev);
  },
  beforeRemove(ctx, prev) {
    if (sourcesOf(ctx.company, `Bill:${prev.Id}`).length > 0) {
      throw fault.businessValidation(
        "This transaction has payments applied to it. Remove the payments before you delete the transaction.",
      );
    }
  },
};

/**
 * A vendor credit: money a vendor owes the company (a return, a refund due). It lowers A/P and the
 * vendor's balance, and is used up by applying it to bills in a bill payment (a BillPayment line
 * linking `TxnType: "VendorCredit"`); its `Balance` is what is left to apply. Intuit: VendorRef and
 * Line required, APAccountRef of type Accounts Payable (vendor credit reference).
 */
export const VendorCredit: EntitySpec = {
  name: "VendorCredit",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: false,
  readOnly: TXN_READ_ONLY,
  normalize(ctx, draft, prev) {
    txnCommon(ctx, draft);
    resolveRef(ctx, draft, "VendorRef", ["Vendor"], { required: true });
    typedAccount(ctx, draft, "APAccountRef", ["Accounts Payable"], "AccountsPayable");
    const total = expenseLines(ctx, draft, true);
    draft.TotalAmt = cents(total);
    const applied = appliedTo(ctx.company, `VendorCredit:${prev?.Id}`);
    const balance = cents(total.minus(applied));
    if (balance < 0) {
      throw fault.businessValidation(
        "The vendor credit total can't be less than the credit already applied.",
      );
    }
    draft.Balance = balance;
    if (prev) draft.LinkedTxn = reopenBill(ctx, { ...prev, ...draft } as QboObject, "VendorCredit").LinkedTxn;
  },
  effects(ctx, next, prev) {
    adjustNameBalance(ctx, "VendorCredit", next, prev);
    adjustStock(ctx, "VendorCredit", next, prev);
  },
  beforeRemove(ctx, prev) {
    if (sourcesOf(ctx.company, `VendorCredit:${prev.Id}`).length > 0) {
      throw fault.businessValidation(
        "This credit has been applied to bills. Remove it from the bill payments before you delete it.",
      );
    }
  },
};

const PURCHASE_PAYMENT_TYPES = ["Cash", "Check", "CreditCard"];

export const Purchase: EntitySpec = {
  name: "Purchase",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: false,
  readOnly: TXN_READ_ONLY,
  normalize(ctx, draft) {
    txnCommon(ctx, draft);
    const paymentType = checkEnum(draft.PaymentType, PURCHASE_PAYMENT_TYPES, "PaymentType");
    if (!paymentType) throw fault.requiredParam("PaymentType");
    // A check or cash purchase is paid from a bank account, a credit-card charge from a card account.
    const allowed = paymentType === "CreditCard" ? ["Credit Card"] : ["Bank"];
    const account = resolveRef(ctx, draft, "AccountRef", ["Account"], { required: true });
    if (!account || !allowed.includes(String(account.AccountType)))
      throw fault.invalidAccountType("AccountRef");
    checkBoolean(draft, "Credit");
    if (draft.Credit === true && paymentType !== "CreditCard") {
      throw fault.businessValidation("Credit is valid only for credit card purchases.", "Credit");
    }
    if (isObject(draft.EntityRef)) {
      const type = String(draft.EntityRef.type ?? "");
      const candidates = ["Vendor", "Customer", "Employee"].includes(type)
        ? [type]
        : ["Vendor", "Customer", "Employee"];
      const entity = resolveRef(ctx, draft, "EntityRef", candidates);
      if (entity) {
        const found = candidates.find((c) => ctx.company.get(c, entity.Id) === entity);
        if (found && isObject(draft.EntityRef)) draft.EntityRef = { ...draft.EntityRef, type: found };
      }
    }
    const total = expenseLines(ctx, draft, true);
    draft.TotalAmt = cents(total);
  },
  effects(ctx, next, prev) {
    adjustStock(ctx, "Purchase", next, prev);
  },
};

const PO_STATUS = ["Open", "Closed"];

export const PurchaseOrder: EntitySpec = {
  name: "PurchaseOrder",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: false,
  readOnly: TXN_READ_ONLY,
  normalize(ctx, draft, prev) {
    txnCommon(ctx, draft);
    const vendor = resolveRef(ctx, draft, "VendorRef", ["Vendor"], { required: true }) as QboObject;
    typedAccount(ctx, draft, "APAccountRef", ["Accounts Payable"], "AccountsPayable");
    if (draft.APAccountRef === undefined) throw fault.requiredParam("APAccountRef");
    draft.POStatus = checkEnum(draft.POStatus ?? "Open", PO_STATUS, "POStatus");
    checkBoolean(draft, "ManuallyClosed");
    if (draft.ManuallyClosed === undefined) draft.ManuallyClosed = false;
    const total = expenseLines(ctx, draft, true);
    draft.TotalAmt = cents(total);
    dueDate(ctx, draft, "SalesTermRef", vendor.TermRef);
    docNumber(ctx, "PurchaseOrder", draft, prev, { sequence: "doc:po" });
  },
  keys: docKeys("PurchaseOrder"),
  effects(ctx, next) {
    if (next) bumpDocSequence(ctx, "doc:po", next);
  },
};
