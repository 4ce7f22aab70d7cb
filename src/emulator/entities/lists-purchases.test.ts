import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { faultOf, startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";

let t: TestEmulator;
const acct: Record<string, string> = {};

async function account(name: string, type: string, subtype?: string) {
  const res = await t.api("POST", "account", {
    Name: name,
    AccountType: type,
    ...(subtype ? { AccountSubType: subtype } : {}),
  });
  assert.equal(res.status, 200, res.text);
  acct[name] = res.body.Account.Id;
  return res.body.Account;
}

before(async () => {
  t = await startTestEmulator({ seed: "empty" });
  await account("Sales", "Income", "SalesOfProductIncome");
  await account("COGS", "Cost of Goods Sold");
  await account("Inventory", "Other Current Asset", "Inventory");
  await account("Operating", "Bank", "Checking");
  await account("Amex", "Credit Card");
  await account("Rent", "Expense");
  const all = (await t.control("GET", `/companies/${t.realmId}/Account`)).body as {
    Id: string;
    AccountType: string;
  }[];
  acct.AR = all.find((a) => a.AccountType === "Accounts Receivable")?.Id ?? "";
  acct.AP = all.find((a) => a.AccountType === "Accounts Payable")?.Id ?? "";
});
after(() => t.close());

describe("accounts", () => {
  test("type and classification are derived from the detail type", async () => {
    const a = await account("Petty Cash", "Bank", "CashOnHand");
    assert.equal(a.Classification, "Asset");
    const b = (await t.api("POST", "account", { Name: "Tools", AccountSubType: "SuppliesMaterials" })).body
      .Account;
    assert.equal(b.AccountType, "Expense");
    assert.equal(b.CurrentBalance, 0);
  });

  test("an unknown AccountType is 2170, a missing Name 2020, a duplicate name 6240", async () => {
    assert.equal(
      faultOf(await t.api("POST", "account", { Name: "X", AccountType: "Money Pit" })).code,
      "2170",
    );
    assert.equal(faultOf(await t.api("POST", "account", { AccountType: "Bank" })).code, "2020");
    assert.equal(
      faultOf(await t.api("POST", "account", { Name: "rent", AccountType: "Expense" })).code,
      "6240",
    );
  });

  test("accounts cannot be deleted", async () => {
    const res = await t.api("POST", "account?operation=delete", { Id: acct.Rent, SyncToken: "0" });
    assert.equal(faultOf(res).code, "500");
  });
});

describe("items", () => {
  test("an inventory item needs income, expense and asset accounts of fitting types and a start date", async () => {
    const base = {
      Name: "Widget",
      Type: "Inventory",
      TrackQtyOnHand: true,
      QtyOnHand: 10,
      InvStartDate: "2026-01-01",
      IncomeAccountRef: { value: acct.Sales },
      ExpenseAccountRef: { value: acct.COGS },
      AssetAccountRef: { value: acct.Inventory },
    };
    const { InvStartDate: _omit, ...noDate } = base;
    const noStart = await t.api("POST", "item", noDate);
    assert.equal(faultOf(noStart).code, "2020");
    assert.equal(faultOf(noStart).element, "InvStartDate");
    const { AssetAccountRef: _a, ...noAsset } = base;
    assert.equal(faultOf(await t.api("POST", "item", noAsset)).code, "2020");
    const wrongAsset = await t.api("POST", "item", { ...base, AssetAccountRef: { value: acct.Rent } });
    assert.equal(faultOf(wrongAsset).Message, "Invalid account type");
    const wrongExpense = await t.api("POST", "item", { ...base, ExpenseAccountRef: { value: acct.Sales } });
    assert.equal(faultOf(wrongExpense).Message, "Invalid account type");
    const untracked = await t.api("POST", "item", { ...base, TrackQtyOnHand: false });
    assert.equal(faultOf(untracked).code, "6000");
    const ok = await t.api("POST", "item", base);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.Item.IncomeAccountRef.name, "Sales");
    const dup = await t.api("POST", "item", { ...base, Name: "WIDGET" });
    assert.equal(faultOf(dup).code, "6240");
    const changeType = await t.api("POST", "item", {
      Id: ok.body.Item.Id,
      SyncToken: "0",
      sparse: true,
      Type: "Service",
    });
    assert.equal(faultOf(changeType).code, "6000");
  });

  test("an item Type outside the enumeration is 2170", async () => {
    const res = await t.api("POST", "item", {
      Name: "Odd",
      Type: "Gizmo",
      IncomeAccountRef: { value: acct.Sales },
    });
    assert.equal(faultOf(res).code, "2170");
  });

  test("a service item needs an income account", async () => {
    assert.equal(faultOf(await t.api("POST", "item", { Name: "Consulting", Type: "Service" })).code, "2020");
    const ok = await t.api("POST", "item", {
      Name: "Consulting",
      Type: "Service",
      IncomeAccountRef: { value: acct.Sales },
    });
    assert.equal(ok.status, 200);
  });
});

describe("bills, purchases, purchase orders and bill payments", () => {
  let vendorId: string;
  before(async () => {
    vendorId = (await t.api("POST", "vendor", { DisplayName: "Steel Supplier" })).body.Vendor.Id;
  });

  const expense = (amount: number, account = acct.Rent) => ({
    DetailType: "AccountBasedExpenseLineDetail",
    Amount: amount,
    AccountBasedExpenseLineDetail: { AccountRef: { value: account } },
  });

  test("a bill defaults to the A/P account; another type is refused", async () => {
    const ok = await t.api("POST", "bill", { VendorRef: { value: vendorId }, Line: [expense(120)] });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.Bill.APAccountRef.value, acct.AP);
    assert.equal(ok.body.Bill.TotalAmt, 120);
    assert.equal(ok.body.Bill.Balance, 120);
    const wrong = await t.api("POST", "bill", {
      VendorRef: { value: vendorId },
      APAccountRef: { value: acct.AR },
      Line: [expense(1)],
    });
    assert.equal(faultOf(wrong).Message, "Invalid account type");
  });

  test("an expense line without AccountRef is 2020", async () => {
    const res = await t.api("POST", "bill", {
      VendorRef: { value: vendorId },
      Line: [{ DetailType: "AccountBasedExpenseLineDetail", Amount: 5, AccountBasedExpenseLineDetail: {} }],
    });
    assert.equal(faultOf(res).code, "2020");
    assert.equal(faultOf(res).element, "AccountRef");
  });

  test("a bill payment reduces the bill's Balance", async () => {
    const bill = (await t.api("POST", "bill", { VendorRef: { value: vendorId }, Line: [expense(300)] })).body
      .Bill;
    const pay = await t.api("POST", "billpayment", {
      VendorRef: { value: vendorId },
      PayType: "Check",
      CheckPayment: { BankAccountRef: { value: acct.Operating } },
      TotalAmt: 100,
      Line: [{ Amount: 100, LinkedTxn: [{ TxnId: bill.Id, TxnType: "Bill" }] }],
    });
    assert.equal(pay.status, 200, pay.text);
    const after = (await t.api("GET", `bill/${bill.Id}`)).body.Bill;
    assert.equal(after.Balance, 200);
    assert.equal(after.SyncToken, "1");
    const badType = await t.api("POST", "billpayment", {
      VendorRef: { value: vendorId },
      PayType: "Wire",
      TotalAmt: 1,
    });
    assert.equal(faultOf(badType).code, "2170");
  });

  test("a purchase pays from a bank or card account matching its PaymentType", async () => {
    const check = await t.api("POST", "purchase", {
      PaymentType: "Check",
      AccountRef: { value: acct.Operating },
      Line: [expense(40)],
    });
    assert.equal(check.status, 200, check.text);
    assert.equal(check.body.Purchase.TotalAmt, 40);
    const mismatch = await t.api("POST", "purchase", {
      PaymentType: "CreditCard",
      AccountRef: { value: acct.Operating },
      Line: [expense(40)],
    });
    assert.equal(faultOf(mismatch).Message, "Invalid account type");
    const noType = await t.api("POST", "purchase", { AccountRef: { value: acct.Amex }, Line: [expense(40)] });
    assert.equal(faultOf(noType).code, "2020");
  });

  test("a purchase order is Open by default and numbered", async () => {
    const po = await t.api("POST", "purchaseorder", { VendorRef: { value: vendorId }, Line: [expense(75)] });
    assert.equal(po.status, 200, po.text);
    assert.equal(po.body.PurchaseOrder.POStatus, "Open");
    assert.equal(po.body.PurchaseOrder.TotalAmt, 75);
    assert.ok(po.body.PurchaseOrder.DocNumber);
    const del = await t.api("POST", "purchaseorder?operation=delete", {
      Id: po.body.PurchaseOrder.Id,
      SyncToken: "0",
    });
    assert.equal(del.body.PurchaseOrder.status, "Deleted");
  });
});

describe("journal entries", () => {
  const je = (lines: unknown[]) => t.api("POST", "journalentry", { Line: lines });
  const jl = (
    posting: string,
    amount: number,
    account: string,
    entity?: { Type: string; EntityRef: { value: string } },
  ) => ({
    DetailType: "JournalEntryLineDetail",
    Amount: amount,
    JournalEntryLineDetail: {
      PostingType: posting,
      AccountRef: { value: account },
      ...(entity ? { Entity: entity } : {}),
    },
  });

  test("a balanced entry is accepted; an unbalanced one is 6000", async () => {
    const ok = await je([jl("Debit", 50, acct.Rent as string), jl("Credit", 50, acct.Operating as string)]);
    assert.equal(ok.status, 200, ok.text);
    const bad = await je([jl("Debit", 50, acct.Rent as string), jl("Credit", 40, acct.Operating as string)]);
    assert.equal(faultOf(bad).code, "6000");
    const one = await je([jl("Debit", 50, acct.Rent as string)]);
    assert.match(faultOf(one).Detail, /at least two detail lines/);
  });

  test("A/R lines need a customer and A/P lines a vendor", async () => {
    const noCustomer = await je([jl("Debit", 10, acct.AR as string), jl("Credit", 10, acct.Sales as string)]);
    assert.match(faultOf(noCustomer).Detail, /Accounts Receivable, you must choose a customer/);
    const noVendor = await je([jl("Debit", 10, acct.Rent as string), jl("Credit", 10, acct.AP as string)]);
    assert.match(faultOf(noVendor).Detail, /Accounts Payable, you must select a vendor/);
    const c = (await t.api("POST", "customer", { DisplayName: "JE Customer" })).body.Customer;
    const ok = await je([
      jl("Debit", 10, acct.AR as string, { Type: "Customer", EntityRef: { value: c.Id } }),
      jl("Credit", 10, acct.Sales as string),
    ]);
    assert.equal(ok.status, 200, ok.text);
  });

  test("a journal entry is numbered only with include=allowautodocnum", async () => {
    const lines = [jl("Debit", 5, acct.Rent as string), jl("Credit", 5, acct.Operating as string)];
    const plain = await je(lines);
    assert.equal(plain.body.JournalEntry.DocNumber, undefined);
    const numbered = await t.api("POST", "journalentry?include=allowautodocnum", { Line: lines });
    assert.match(numbered.body.JournalEntry.DocNumber, /^\d+$/);
  });

  test("a PostingType outside Debit/Credit is 2170", async () => {
    const res = await je([
      jl("Sideways", 10, acct.Rent as string),
      jl("Credit", 10, acct.Operating as string),
    ]);
    assert.equal(faultOf(res).code, "2170");
  });
});

describe("terms, classes, departments, tax codes, company info, preferences", () => {
  test("terms, classes and departments have unique names and sub-levels", async () => {
    const term = await t.api("POST", "term", { Name: "Net 45", DueDays: 45 });
    assert.equal(term.body.Term.Type, "Standard");
    assert.equal(faultOf(await t.api("POST", "term", { Name: "net 45" })).code, "6240");
    const cls = (await t.api("POST", "class", { Name: "East" })).body.Class;
    const sub = await t.api("POST", "class", {
      Name: "Boston",
      SubClass: true,
      ParentRef: { value: cls.Id },
    });
    assert.equal(sub.body.Class.FullyQualifiedName, "East:Boston");
    assert.equal((await t.api("POST", "department", { Name: "Plant 2" })).status, 200);
  });

  test("tax codes cannot be created through the data API", async () => {
    const res = await t.api("POST", "taxcode", { Name: "Mine" });
    assert.equal(faultOf(res).code, "500");
  });

  test("company info is read by realm id and updated sparsely", async () => {
    const info = (await t.api("GET", `companyinfo/${t.realmId}`)).body.CompanyInfo;
    assert.equal(info.Country, "US");
    const res = await t.api("POST", "companyinfo", {
      Id: info.Id,
      SyncToken: info.SyncToken,
      sparse: true,
      CompanyName: "Renamed Co",
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.CompanyInfo.CompanyName, "Renamed Co");
    assert.equal(res.body.CompanyInfo.Country, "US");
  });

  test("a preferences update merges groups and keeps the book close date", async () => {
    const before = (await t.api("GET", "preferences")).body.Preferences;
    await t.control("PUT", `/companies/${t.realmId}/book-close-date`, { date: "2020-12-31" });
    const prefs = (await t.api("GET", "preferences")).body.Preferences;
    assert.equal(Number(prefs.SyncToken), Number(before.SyncToken) + 1, "closing the books is a new version");
    const stale = await t.api("POST", "preferences", { Id: before.Id, SyncToken: before.SyncToken });
    assert.equal(faultOf(stale).code, "5010");
    const res = await t.api("POST", "preferences", {
      Id: prefs.Id,
      SyncToken: prefs.SyncToken,
      AccountingInfoPrefs: { ClassTrackingPerTxn: true, BookCloseDate: "2030-01-01" },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.Preferences.AccountingInfoPrefs.ClassTrackingPerTxn, true);
    assert.equal(res.body.Preferences.AccountingInfoPrefs.BookCloseDate, "2020-12-31");
    assert.equal(res.body.Preferences.SalesFormsPrefs.AllowShipping, true);
    await t.control("PUT", `/companies/${t.realmId}/book-close-date`, { date: null });
  });
});
