import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";

let t: TestEmulator;
const id: Record<string, string> = {};

before(async () => {
  t = await startTestEmulator({ seed: "empty" });
  const accounts: [string, string][] = [
    ["Operating", "Bank"],
    ["Sales", "Income"],
    ["Rent", "Expense"],
    ["Amex", "Credit Card"],
  ];
  for (const [name, type] of accounts) {
    id[name] = (await t.api("POST", "account", { Name: name, AccountType: type })).body.Account.Id;
  }
  const stored = (await t.control("GET", `/companies/${t.realmId}/Account`)).body as {
    Id: string;
    AccountSubType: string;
  }[];
  for (const a of stored) id[a.AccountSubType] = a.Id;
});
after(() => t.close());

async function balances(): Promise<Record<string, number>> {
  const accounts = (await t.control("GET", `/companies/${t.realmId}/Account`)).body as {
    Id: string;
    Name: string;
    CurrentBalance: number;
  }[];
  return Object.fromEntries(accounts.map((a) => [a.Name, a.CurrentBalance]));
}

test("balance-sheet accounts follow invoices, payments, deposits, bills and journal entries", async () => {
  const customer = (await t.api("POST", "customer", { DisplayName: "Ledger Customer" })).body.Customer.Id;
  const vendor = (await t.api("POST", "vendor", { DisplayName: "Ledger Vendor" })).body.Vendor.Id;
  const inv = (
    await t.api("POST", "invoice", {
      CustomerRef: { value: customer },
      Line: [{ DetailType: "SalesItemLineDetail", Amount: 100, SalesItemLineDetail: {} }],
    })
  ).body.Invoice;
  const pay = (
    await t.api("POST", "payment", {
      CustomerRef: { value: customer },
      TotalAmt: 60,
      Line: [{ Amount: 60, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] }],
    })
  ).body.Payment;
  let b = await balances();
  assert.equal(b["Accounts Receivable (A/R)"], 40);
  assert.equal(b["Undeposited Funds"], 60);

  await t.api("POST", "deposit", {
    DepositToAccountRef: { value: id.Operating },
    Line: [{ LinkedTxn: [{ TxnId: pay.Id, TxnType: "Payment" }] }],
  });
  const bill = (
    await t.api("POST", "bill", {
      VendorRef: { value: vendor },
      Line: [
        {
          DetailType: "AccountBasedExpenseLineDetail",
          Amount: 30,
          AccountBasedExpenseLineDetail: { AccountRef: { value: id.Rent } },
        },
      ],
    })
  ).body.Bill;
  await t.api("POST", "billpayment", {
    VendorRef: { value: vendor },
    PayType: "CreditCard",
    CreditCardPayment: { CCAccountRef: { value: id.Amex } },
    TotalAmt: 30,
    Line: [{ Amount: 30, LinkedTxn: [{ TxnId: bill.Id, TxnType: "Bill" }] }],
  });
  await t.api("POST", "journalentry", {
    Line: [
      {
        DetailType: "JournalEntryLineDetail",
        Amount: 5,
        JournalEntryLineDetail: { PostingType: "Debit", AccountRef: { value: id.Amex } },
      },
      {
        DetailType: "JournalEntryLineDetail",
        Amount: 5,
        JournalEntryLineDetail: { PostingType: "Credit", AccountRef: { value: id.Operating } },
      },
    ],
  });
  b = await balances();
  assert.equal(b["Undeposited Funds"], 0);
  assert.equal(b.Operating, 55);
  assert.equal(b["Accounts Payable (A/P)"], 0);
  assert.equal(b.Amex, 25);
  assert.equal(b.Rent, 0, "income and expense accounts carry no CurrentBalance");

  // Voids and deletes take back exactly what the documents posted.
  const billPayment = (await t.api("GET", `query?query=${encodeURIComponent("select * from BillPayment")}`))
    .body.QueryResponse.BillPayment[0];
  await t.api("POST", "billpayment?operation=void", { Id: billPayment.Id, SyncToken: billPayment.SyncToken });
  const je = (await t.api("GET", `query?query=${encodeURIComponent("select * from JournalEntry")}`)).body
    .QueryResponse.JournalEntry[0];
  await t.api("POST", "journalentry?operation=delete", { Id: je.Id, SyncToken: je.SyncToken });
  b = await balances();
  assert.equal(b["Accounts Payable (A/P)"], 30);
  assert.equal(b.Amex, 0);
  assert.equal(b.Operating, 60);
});
