// The double-entry ledger. Every posting transaction writes balanced debits and credits, stored per
// transaction in the company's journal (dated by TxnDate), which the reports read:
// - invoices debit A/R and credit each line's income account, the discount account (debit), sales tax
//   payable; inventory lines also move their cost from the asset account to cost of goods sold;
//   sales receipts debit the deposit account (Undeposited Funds by default) instead of A/R; credit
//   memos and refund receipts run the other way;
// - payments debit the deposit account and credit A/R; bills credit A/P and debit each line's expense
//   (or, for stock, inventory asset) account; bill payments debit A/P and credit the bank or card;
//   vendor credits run opposite to bills; purchases credit the bank or card account;
// - journal entries post as written; deposits move money out of Undeposited Funds; transfers move it
//   between two accounts.
// A change replaces the transaction's stored postings, and `CurrentBalance` (balance-sheet accounts
// only, in their natural sign, as QuickBooks reports it) moves by the difference, so updates, voids
// and deletes undo exactly what they replaced.
import { cents, dec } from "../money.ts";
import type { Posting, QboObject } from "../store/company.ts";
import { formatTimestamp } from "../time.ts";
import { type Ctx, defaultCurrency, isObject, pref, refId, str } from "./spec.ts";
import { defaultAccount } from "./txn.ts";

export const ASSET_TYPES = new Set([
  "Bank",
  "Accounts Receivable",
  "Other Current Asset",
  "Fixed Asset",
  "Other Asset",
]);
export const CREDIT_TYPES = new Set([
  "Accounts Payable",
  "Credit Card",
  "Other Current Liability",
  "Long Term Liability",
  "Equity",
]);

const num = (v: unknown) => Number(v ?? 0) || 0;

function lines(obj: QboObject): Record<string, unknown>[] {
  return Array.isArray(obj.Line) ? obj.Line.filter(isObject) : [];
}

/**
 * The accounts QuickBooks creates itself when a posting has nowhere else to go (a sales line without
 * an item account, an expense line without an account): "Uncategorized Income", "Uncategorized
 * Expense". Created once, announced like any new account.
 */
function fallbackAccount(ctx: Ctx, kind: "income" | "expense" | "tax"): string {
  const [name, type, subtype, classification] =
    kind === "income"
      ? ["Uncategorized Income", "Income", "OtherPrimaryIncome", "Revenue"]
      : kind === "expense"
        ? ["Uncategorized Expense", "Expense", "OtherMiscellaneousServiceCost", "Expense"]
        : ["Sales Tax Payable", "Other Current Liability", "SalesTaxPayable", "Liability"];
  if (kind === "tax") {
    const payable = defaultAccount(ctx, "SalesTaxPayable");
    if (payable) return payable.Id;
  }
  const existing = ctx.company.all("Account").find((a) => a.Name === name && a.Active !== false);
  if (existing) return existing.Id;
  const stamp = formatTimestamp(ctx.now);
  const account: Record<string, unknown> = {
    Name: name,
    SubAccount: false,
    FullyQualifiedName: name,
    Active: true,
    Classification: classification,
    AccountType: type,
    AccountSubType: subtype,
    CurrentBalance: 0,
    CurrentBalanceWithSubAccounts: 0,
  };
  defaultCurrency(ctx, account);
  const obj = {
    ...account,
    domain: "QBO",
    sparse: false,
    Id: ctx.company.nextId("Account"),
    SyncToken: "0",
    MetaData: { CreateTime: stamp, LastUpdatedTime: stamp },
  } as QboObject;
  ctx.company.put("Account", obj, ctx.now);
  ctx.changes.push({ entity: "Account", id: obj.Id, operation: "Create", lastUpdated: stamp });
  return obj.Id;
}

class Entry {
  readonly lines: Posting[] = [];
  constructor(private readonly ctx: Ctx) {}

  post(account: string | undefined, debit: number, name?: Posting["name"]): void {
    if (!account || !Number.isFinite(debit)) return;
    const amount = cents(debit);
    if (amount === 0) return;
    this.lines.push(name ? { account, amount, name } : { account, amount });
  }

  /** Posts whatever keeps the entry balanced (rounding, lines without an account) to `kind`'s fallback. */
  balance(kind: "income" | "expense"): void {
    const residual = cents(this.lines.reduce((t, l) => t.plus(l.amount), dec(0)).negated());
    if (residual !== 0) this.post(fallbackAccount(this.ctx, kind), residual);
  }
}

function accountOr(ctx: Ctx, ref: unknown, subtype: string): string | undefined {
  return refId(ref) ?? defaultAccount(ctx, subtype)?.Id;
}

function nameOf(type: "Customer" | "Vendor", ref: unknown): Posting["name"] {
  const id = refId(ref);
  return id ? { type, id } : undefined;
}

/** The income account of a sales line: its item's, the shipping preference's, or the fallback. */
function incomeAccount(ctx: Ctx, detail: Record<string, unknown>): string {
  const itemId = refId(detail.ItemRef);
  if (itemId === "SHIPPING_ITEM_ID") {
    const shipping = pref(ctx, "SalesFormsPrefs", "DefaultShippingAccount");
    if (shipping !== undefined && ctx.company.get("Account", String(shipping))) return String(shipping);
  }
  const item = itemId ? ctx.company.get("Item", itemId) : undefined;
  return refId(item?.IncomeAccountRef) ?? fallbackAccount(ctx, "income");
}

/**
 * The lines of a sales form: income per line, discount, tax, inventory cost. `sign` is 1 for sales
 * (credits income) and -1 for credit memos and refunds (debits it back).
 */
function salesLines(ctx: Ctx, e: Entry, obj: QboObject, sign: number): void {
  const income = new Map<string, number>();
  for (const line of lines(obj)) {
    const amount = num(line.Amount);
    if (isObject(line.SalesItemLineDetail)) {
      const detail = line.SalesItemLineDetail;
      const account = incomeAccount(ctx, detail);
      income.set(account, (income.get(account) ?? 0) + amount);
      e.post(account, -amount * sign);
      const item = ctx.company.get("Item", refId(detail.ItemRef) ?? "");
      if (item?.Type === "Inventory") {
        const cost = num(detail.Qty) * num(item.PurchaseCost);
        e.post(refId(item.ExpenseAccountRef), cost * sign);
        e.post(refId(item.AssetAccountRef), -cost * sign);
      }
    } else if (isObject(line.DiscountLineDetail)) {
      e.post(
        refId(line.DiscountLineDetail.DiscountAccountRef) ?? fallbackAccount(ctx, "income"),
        amount * sign,
      );
    } else if (isObject(line.GroupLineDetail) && amount) {
      e.post(fallbackAccount(ctx, "income"), -amount * sign);
    }
  }
  const tax = isObject(obj.TxnTaxDetail) ? num(obj.TxnTaxDetail.TotalTax) : 0;
  // Resolved only when there is tax: finding none must not create the account.
  if (tax) e.post(fallbackAccount(ctx, "tax"), -tax * sign);
  if (obj.GlobalTaxCalculation === "TaxInclusive" && tax) {
    // Line amounts include the tax: the income is the amounts less the tax, taken from the account
    // with the most income on the form.
    const largest = [...income].sort((a, b) => b[1] - a[1])[0]?.[0];
    e.post(largest, tax * sign);
  }
}

/** The account an expense line debits: its account, its stock item's asset, its item's expense. */
function expenseAccount(ctx: Ctx, line: Record<string, unknown>): string {
  if (isObject(line.AccountBasedExpenseLineDetail)) {
    const account = refId(line.AccountBasedExpenseLineDetail.AccountRef);
    if (account) return account;
  }
  if (isObject(line.ItemBasedExpenseLineDetail)) {
    const item = ctx.company.get("Item", refId(line.ItemBasedExpenseLineDetail.ItemRef) ?? "");
    const account = item?.Type === "Inventory" ? refId(item.AssetAccountRef) : refId(item?.ExpenseAccountRef);
    if (account) return account;
  }
  return fallbackAccount(ctx, "expense");
}

function expenseLines(ctx: Ctx, e: Entry, obj: QboObject, sign: number): void {
  for (const line of lines(obj)) {
    if (!isObject(line.AccountBasedExpenseLineDetail) && !isObject(line.ItemBasedExpenseLineDetail)) continue;
    e.post(expenseAccount(ctx, line), num(line.Amount) * sign);
  }
}

export function postingsOf(ctx: Ctx, entity: string, obj: QboObject): Posting[] {
  const e = new Entry(ctx);
  const total = num(obj.TotalAmt);
  switch (entity) {
    case "Invoice": {
      const ar = accountOr(ctx, obj.ARAccountRef, "AccountsReceivable");
      const customer = nameOf("Customer", obj.CustomerRef);
      e.post(ar, total, customer);
      salesLines(ctx, e, obj, 1);
      const deposit = num(obj.Deposit);
      if (deposit) {
        e.post(refId(obj.DepositToAccountRef), deposit);
        e.post(ar, -deposit, customer);
      }
      e.balance("income");
      break;
    }
    case "SalesReceipt":
      e.post(accountOr(ctx, obj.DepositToAccountRef, "UndepositedFunds"), total);
      salesLines(ctx, e, obj, 1);
      e.balance("income");
      break;
    case "CreditMemo":
      e.post(
        accountOr(ctx, obj.ARAccountRef, "AccountsReceivable"),
        -total,
        nameOf("Customer", obj.CustomerRef),
      );
      salesLines(ctx, e, obj, -1);
      e.balance("income");
      break;
    case "RefundReceipt":
      e.post(refId(obj.DepositToAccountRef), -total);
      salesLines(ctx, e, obj, -1);
      e.balance("income");
      break;
    case "Payment":
      e.post(
        accountOr(ctx, obj.ARAccountRef, "AccountsReceivable"),
        -total,
        nameOf("Customer", obj.CustomerRef),
      );
      e.post(accountOr(ctx, obj.DepositToAccountRef, "UndepositedFunds"), total);
      break;
    case "Bill":
      e.post(accountOr(ctx, obj.APAccountRef, "AccountsPayable"), -total, nameOf("Vendor", obj.VendorRef));
      expenseLines(ctx, e, obj, 1);
      e.balance("expense");
      break;
    case "VendorCredit":
      e.post(accountOr(ctx, obj.APAccountRef, "AccountsPayable"), total, nameOf("Vendor", obj.VendorRef));
      expenseLines(ctx, e, obj, -1);
      e.balance("expense");
      break;
    case "BillPayment": {
      e.post(accountOr(ctx, obj.APAccountRef, "AccountsPayable"), total, nameOf("Vendor", obj.VendorRef));
      const from = isObject(obj.CheckPayment)
        ? refId(obj.CheckPayment.BankAccountRef)
        : isObject(obj.CreditCardPayment)
          ? refId(obj.CreditCardPayment.CCAccountRef)
          : undefined;
      e.post(from, -total);
      break;
    }
    case "Purchase": {
      // A credit-card refund (Credit: true) runs the other way.
      const sign = obj.Credit === true ? -1 : 1;
      e.post(refId(obj.AccountRef), -total * sign);
      expenseLines(ctx, e, obj, sign);
      e.balance("expense");
      break;
    }
    case "JournalEntry":
      for (const line of lines(obj)) {
        const detail = line.JournalEntryLineDetail;
        if (!isObject(detail)) continue;
        const amount = num(line.Amount);
        const party = isObject(detail.Entity) ? detail.Entity : undefined;
        const type = str(party?.Type);
        const name = type === "Customer" || type === "Vendor" ? nameOf(type, party?.EntityRef) : undefined;
        e.post(refId(detail.AccountRef), detail.PostingType === "Credit" ? -amount : amount, name);
      }
      break;
    case "Deposit": {
      e.post(refId(obj.DepositToAccountRef), total);
      const undeposited = defaultAccount(ctx, "UndepositedFunds")?.Id;
      for (const line of lines(obj)) {
        const amount = num(line.Amount);
        if (Array.isArray(line.LinkedTxn) && line.LinkedTxn.length > 0) e.post(undeposited, -amount);
        else if (isObject(line.DepositLineDetail)) e.post(refId(line.DepositLineDetail.AccountRef), -amount);
      }
      if (isObject(obj.CashBack)) e.post(refId(obj.CashBack.AccountRef), num(obj.CashBack.Amount));
      break;
    }
    case "Transfer": {
      const amount = num(obj.Amount);
      e.post(refId(obj.ToAccountRef), amount);
      e.post(refId(obj.FromAccountRef), -amount);
      break;
    }
  }
  return e.lines;
}

/** An account's balance in its natural sign: assets by debits, liabilities and equity by credits. */
export function naturalBalance(type: string, debit: number): number {
  return ASSET_TYPES.has(type) ? debit : CREDIT_TYPES.has(type) ? -debit : 0;
}

/** Replaces a transaction's postings and moves the balances of the accounts the change touched. */
export function postLedger(
  ctx: Ctx,
  entity: string,
  next: QboObject | undefined,
  prev: QboObject | undefined,
): void {
  const id = next?.Id ?? prev?.Id ?? "";
  const old = ctx.company.journalEntry(entity, id)?.lines ?? [];
  const lines = next ? postingsOf(ctx, entity, next) : [];
  ctx.company.setJournalEntry(
    entity,
    id,
    next ? { entity, id, date: String(next.TxnDate ?? ""), lines } : undefined,
  );
  const delta = new Map<string, number>();
  for (const l of lines) delta.set(l.account, (delta.get(l.account) ?? 0) + l.amount);
  for (const l of old) delta.set(l.account, (delta.get(l.account) ?? 0) - l.amount);
  for (const [accountId, debit] of delta) {
    if (Math.abs(debit) < 0.005) continue;
    let account = ctx.company.get("Account", accountId);
    const natural = naturalBalance(String(account?.AccountType ?? ""), debit);
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
