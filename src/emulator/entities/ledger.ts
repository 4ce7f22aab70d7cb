// Balance-sheet account balances. Every posting transaction debits and credits accounts; QuickBooks
// reports `CurrentBalance` (and `CurrentBalanceWithSubAccounts`) for balance-sheet accounts only, in
// the account's natural sign: assets positive when debited, liabilities and equity when credited.
// A change posts the difference between the new and the old version, so updates, voids and deletes
// undo exactly what they replaced.
import { cents, dec } from "../money.ts";
import type { QboObject } from "../store/company.ts";
import { type Ctx, isObject, refId } from "./spec.ts";
import { defaultAccount } from "./txn.ts";

const ASSET_TYPES = new Set([
  "Bank",
  "Accounts Receivable",
  "Other Current Asset",
  "Fixed Asset",
  "Other Asset",
]);
const CREDIT_TYPES = new Set([
  "Accounts Payable",
  "Credit Card",
  "Other Current Liability",
  "Long Term Liability",
  "Equity",
]);

/** Debits (positive) and credits (negative) by account id. */
type Postings = Map<string, number>;

function post(p: Postings, account: string | undefined, debit: number): void {
  if (!account || !Number.isFinite(debit) || debit === 0) return;
  p.set(account, (p.get(account) ?? 0) + debit);
}

const num = (v: unknown) => Number(v ?? 0) || 0;

function accountOr(ctx: Ctx, ref: unknown, subtype: string): string | undefined {
  return refId(ref) ?? defaultAccount(ctx, subtype)?.Id;
}

function lines(obj: QboObject): Record<string, unknown>[] {
  return Array.isArray(obj.Line) ? obj.Line.filter(isObject) : [];
}

/** The account an item-based expense line debits: inventory asset for stock, else its expense account. */
function itemAccount(ctx: Ctx, detail: Record<string, unknown>): string | undefined {
  const item = ctx.company.get("Item", refId(detail.ItemRef) ?? "");
  if (!item) return undefined;
  return item.Type === "Inventory" ? refId(item.AssetAccountRef) : refId(item.ExpenseAccountRef);
}

function expenseLines(ctx: Ctx, p: Postings, obj: QboObject, sign: number): void {
  for (const line of lines(obj)) {
    const amount = num(line.Amount) * sign;
    if (isObject(line.AccountBasedExpenseLineDetail))
      post(p, refId(line.AccountBasedExpenseLineDetail.AccountRef), amount);
    else if (isObject(line.ItemBasedExpenseLineDetail))
      post(p, itemAccount(ctx, line.ItemBasedExpenseLineDetail), amount);
  }
}

function salesTax(obj: QboObject): number {
  return isObject(obj.TxnTaxDetail) ? num(obj.TxnTaxDetail.TotalTax) : 0;
}

function postingsOf(ctx: Ctx, entity: string, obj: QboObject | undefined): Postings {
  const p: Postings = new Map();
  if (!obj) return p;
  const total = num(obj.TotalAmt);
  const taxPayable = defaultAccount(ctx, "SalesTaxPayable")?.Id;
  switch (entity) {
    case "Invoice": {
      const ar = accountOr(ctx, obj.ARAccountRef, "AccountsReceivable");
      post(p, ar, total);
      post(p, taxPayable, -salesTax(obj));
      const deposit = num(obj.Deposit);
      if (deposit) {
        post(p, refId(obj.DepositToAccountRef), deposit);
        post(p, ar, -deposit);
      }
      break;
    }
    case "SalesReceipt":
      post(p, accountOr(ctx, obj.DepositToAccountRef, "UndepositedFunds"), total);
      post(p, taxPayable, -salesTax(obj));
      break;
    case "CreditMemo":
      post(p, accountOr(ctx, obj.ARAccountRef, "AccountsReceivable"), -total);
      post(p, taxPayable, salesTax(obj));
      break;
    case "Payment":
      post(p, accountOr(ctx, obj.ARAccountRef, "AccountsReceivable"), -total);
      post(p, accountOr(ctx, obj.DepositToAccountRef, "UndepositedFunds"), total);
      break;
    case "Bill":
      post(p, accountOr(ctx, obj.APAccountRef, "AccountsPayable"), -total);
      expenseLines(ctx, p, obj, 1);
      break;
    case "BillPayment": {
      post(p, accountOr(ctx, obj.APAccountRef, "AccountsPayable"), total);
      const from = isObject(obj.CheckPayment)
        ? refId(obj.CheckPayment.BankAccountRef)
        : isObject(obj.CreditCardPayment)
          ? refId(obj.CreditCardPayment.CCAccountRef)
          : undefined;
      post(p, from, -total);
      break;
    }
    case "Purchase": {
      // A credit-card refund (Credit: true) runs the other way.
      const sign = obj.Credit === true ? -1 : 1;
      post(p, refId(obj.AccountRef), -total * sign);
      expenseLines(ctx, p, obj, sign);
      break;
    }
    case "JournalEntry":
      for (const line of lines(obj)) {
        const detail = line.JournalEntryLineDetail;
        if (!isObject(detail)) continue;
        const amount = num(line.Amount);
        post(p, refId(detail.AccountRef), detail.PostingType === "Credit" ? -amount : amount);
      }
      break;
    case "Deposit": {
      post(p, refId(obj.DepositToAccountRef), total);
      const undeposited = defaultAccount(ctx, "UndepositedFunds")?.Id;
      for (const line of lines(obj)) {
        const amount = num(line.Amount);
        if (Array.isArray(line.LinkedTxn) && line.LinkedTxn.length > 0) post(p, undeposited, -amount);
        else if (isObject(line.DepositLineDetail)) post(p, refId(line.DepositLineDetail.AccountRef), -amount);
      }
      if (isObject(obj.CashBack)) post(p, refId(obj.CashBack.AccountRef), num(obj.CashBack.Amount));
      break;
    }
  }
  return p;
}

/** Moves the balances of the accounts a change touched. */
export function postLedger(
  ctx: Ctx,
  entity: string,
  next: QboObject | undefined,
  prev: QboObject | undefined,
): void {
  const delta = postingsOf(ctx, entity, next);
  for (const [account, debit] of postingsOf(ctx, entity, prev))
    delta.set(account, (delta.get(account) ?? 0) - debit);
  for (const [accountId, debit] of delta) {
    if (Math.abs(debit) < 0.005) continue;
    let account = ctx.company.get("Account", accountId);
    const type = String(account?.AccountType ?? "");
    const natural = ASSET_TYPES.has(type) ? debit : CREDIT_TYPES.has(type) ? -debit : 0;
    if (!account || natural === 0) continue;
    account.CurrentBalance = cents(dec(num(account.CurrentBalance)).plus(natural));
    // A sub-account's balance also counts in every ancestor's CurrentBalanceWithSubAccounts.
    for (let depth = 0; account && depth < 6; depth++) {
      account.CurrentBalanceWithSubAccounts = cents(
        dec(num(account.CurrentBalanceWithSubAccounts)).plus(natural),
      );
      const parent = refId(account.ParentRef);
      account = parent ? ctx.company.get("Account", parent) : undefined;
    }
  }
}
