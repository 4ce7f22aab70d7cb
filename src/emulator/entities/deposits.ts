// Deposit: moves payments and sales receipts out of Undeposited Funds into a bank account, and may add
// other money (DepositLineDetail lines) and take cash back. A deposited payment or sales receipt cannot
// be changed, voided or deleted until the deposit lets it go (6540).
import { fault } from "../faults.ts";
import { cents, dec } from "../money.ts";
import type { QboObject } from "../store/company.ts";
import { linksOf, replaceLinks, sourcesOf } from "./applications.ts";
import { type Ctx, checkEnum, type EntitySpec, isObject, resolveRef, str } from "./spec.ts";
import {
  lineArray,
  lineDetail,
  numberLines,
  readNumber,
  TXN_READ_ONLY,
  txnCommon,
  typedAccount,
} from "./txn.ts";

const DEPOSITABLE = ["Payment", "SalesReceipt"];

/** Refuses a change to a payment or sales receipt that sits on a deposit. */
export function refuseWhenDeposited(ctx: Ctx, entity: string, prev: QboObject | undefined): void {
  if (prev && sourcesOf(ctx.company, `${entity}:${prev.Id}`).some((s) => s.startsWith("Deposit:"))) {
    throw fault.depositedTransaction();
  }
}

function depositedLine(ctx: Ctx, line: Record<string, unknown>, self: string): void {
  const links = line.LinkedTxn as unknown[];
  line.LinkedTxn = links.map((l) => {
    if (!isObject(l)) throw fault.requiredParam("LinkedTxn");
    const type = checkEnum(l.TxnType, DEPOSITABLE, "LinkedTxn.TxnType");
    const id = str(l.TxnId);
    if (!type || !id) throw fault.requiredParam("TxnId", "LinkedTxn.TxnId");
    const target = ctx.company.get(type, id);
    if (!target || ctx.hidden?.has(`${type}:${id}`)) throw fault.invalidReference("LinkedTxn");
    const from = isObject(target.DepositToAccountRef) ? str(target.DepositToAccountRef.value) : undefined;
    const account = from ? ctx.company.get("Account", from) : undefined;
    if (account?.AccountSubType !== "UndepositedFunds") {
      throw fault.businessValidation(
        `${type} ${id} was not received into Undeposited Funds, so it cannot be deposited.`,
      );
    }
    const elsewhere = sourcesOf(ctx.company, `${type}:${id}`).find(
      (s) => s.startsWith("Deposit:") && s !== self,
    );
    if (elsewhere)
      throw fault.businessValidation(`${type} ${id} is already on deposit ${elsewhere.split(":")[1]}.`);
    if (line.Amount === undefined || line.Amount === null) line.Amount = target.TotalAmt;
    return { TxnId: id, TxnType: type, TxnLineId: str(l.TxnLineId) ?? "0" };
  });
  const amount = readNumber(line, "Amount");
  if (amount === undefined) throw fault.requiredParam("Amount", "Line.Amount");
  line.Amount = cents(amount);
}

function otherLine(ctx: Ctx, line: Record<string, unknown>): void {
  if (line.DetailType !== "DepositLineDetail") {
    throw fault.invalidEnumeration(String(line.DetailType ?? ""), "DetailType");
  }
  const detail = lineDetail(line, "DepositLineDetail");
  resolveRef(ctx, detail, "AccountRef", ["Account"], { required: true });
  resolveRef(ctx, detail, "Entity", ["Customer", "Vendor", "Employee"]);
  resolveRef(ctx, detail, "PaymentMethodRef", ["PaymentMethod"]);
  resolveRef(ctx, detail, "ClassRef", ["Class"]);
  const amount = readNumber(line, "Amount");
  if (amount === undefined) throw fault.requiredParam("Amount", "Line.Amount");
  line.Amount = cents(amount);
}

export const Deposit: EntitySpec = {
  name: "Deposit",
  kind: "transaction",
  sequence: "txn",
  cdc: true,
  deletable: true,
  voidable: false,
  readOnly: TXN_READ_ONLY,
  normalize(ctx, draft, prev) {
    txnCommon(ctx, draft);
    if (draft.DepositToAccountRef === undefined || draft.DepositToAccountRef === null) {
      throw fault.requiredParam("DepositToAccountRef");
    }
    typedAccount(ctx, draft, "DepositToAccountRef", ["Bank", "Other Current Asset"]);
    const lines = lineArray(draft, true);
    if (lines.length === 0) throw fault.requiredParam("Line");
    let total = dec(0);
    for (const line of lines) {
      if (Array.isArray(line.LinkedTxn) && line.LinkedTxn.length > 0)
        depositedLine(ctx, line, `Deposit:${prev?.Id}`);
      else otherLine(ctx, line);
      total = total.plus(Number(line.Amount));
    }
    numberLines(lines);
    if (isObject(draft.CashBack)) {
      const cashBack = { ...draft.CashBack };
      draft.CashBack = cashBack;
      resolveRef(ctx, cashBack, "AccountRef", ["Account"], { required: true });
      const amount = readNumber(cashBack, "Amount") ?? dec(0);
      cashBack.Amount = cents(amount);
      total = total.minus(cents(amount));
    }
    if (total.isNegative())
      throw fault.businessValidation("The cash back amount can't be more than the deposit.");
    draft.TotalAmt = cents(total);
  },
  effects(ctx, next, prev) {
    const id = (next ?? prev)?.Id;
    if (id) replaceLinks(ctx.company, "Deposit", id, linksOf("Deposit", prev), linksOf("Deposit", next));
  },
};
