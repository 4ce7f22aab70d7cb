// RefundReceipt, VendorCredit (applied to bills through a bill payment) and Transfer, each with its
// rules and its postings in the ledger.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { faultOf, startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";

let t: TestEmulator;
const accounts = new Map<string, string>();
let customer = "";
let vendor = "";
let stock = { Id: "", QtyOnHand: 0 };

before(async () => {
  t = await startTestEmulator({ seed: "demo" });
  const all = (await t.api("GET", "query?query=select%20*%20from%20Account%20maxresults%201000")).body
    .QueryResponse.Account as { Id: string; Name: string }[];
  for (const a of all) accounts.set(a.Name, a.Id);
  customer = (await t.api("GET", "query?query=select%20*%20from%20Customer%20maxresults%201")).body
    .QueryResponse.Customer[0].Id;
  vendor = (await t.api("GET", "query?query=select%20*%20from%20Vendor%20maxresults%201")).body.QueryResponse
    .Vendor[0].Id;
  stock = (
    await t.api(
      "GET",
      `query?query=${encodeURIComponent("select * from Item where Type = 'Inventory' maxresults 1")}`,
    )
  ).body.QueryResponse.Item[0];
});
after(() => t.close());

const balance = async (name: string) =>
  Number((await t.api("GET", `account/${accounts.get(name)}`)).body.Account.CurrentBalance);
const get = async (entity: string, id: string) =>
  Object.values((await t.api("GET", `${entity}/${id}`)).body)[0] as Record<string, unknown>;

describe("RefundReceipt", () => {
  test("pays a customer back from an account, returns stock, posts the reverse of a sale", async () => {
    const missing = await t.api("POST", "refundreceipt", {
      CustomerRef: { value: customer },
      Line: [
        {
          DetailType: "SalesItemLineDetail",
          Amount: 10,
          SalesItemLineDetail: { ItemRef: { value: stock.Id }, Qty: 1, UnitPrice: 10 },
        },
      ],
    });
    assert.equal(missing.status, 400);
    assert.equal(faultOf(missing).code, "2020");
    assert.equal(faultOf(missing).element, "DepositToAccountRef");

    const checking = await balance("Checking");
    const qty = Number((await get("item", stock.Id)).QtyOnHand);
    const res = await t.api("POST", "refundreceipt", {
      CustomerRef: { value: customer },
      DepositToAccountRef: { value: accounts.get("Checking") },
      Line: [
        {
          DetailType: "SalesItemLineDetail",
          Amount: 40,
          SalesItemLineDetail: { ItemRef: { value: stock.Id }, Qty: 2, UnitPrice: 20 },
        },
      ],
    });
    assert.equal(res.status, 200, res.text);
    const refund = res.body.RefundReceipt;
    assert.equal(refund.TotalAmt, 40);
    assert.equal(refund.Balance, 0);
    assert.equal(await balance("Checking"), checking - 40);
    assert.equal(Number((await get("item", stock.Id)).QtyOnHand), qty + 2);

    const deleted = await t.api("POST", "refundreceipt?operation=delete", {
      Id: refund.Id,
      SyncToken: refund.SyncToken,
    });
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(await balance("Checking"), checking);
    assert.equal(Number((await get("item", stock.Id)).QtyOnHand), qty);
  });
});

describe("VendorCredit", () => {
  const expense = (amount: number) => ({
    DetailType: "AccountBasedExpenseLineDetail",
    Amount: amount,
    AccountBasedExpenseLineDetail: { AccountRef: { value: accounts.get("Utilities") } },
  });

  test("lowers A/P and the vendor's balance, and is used up against a bill in a bill payment", async () => {
    const ap = await balance("Accounts Payable (A/P)");
    const vendorBefore = Number((await get("vendor", vendor)).Balance);
    const bill = (await t.api("POST", "bill", { VendorRef: { value: vendor }, Line: [expense(300)] })).body
      .Bill;
    const credit = await t.api("POST", "vendorcredit", {
      VendorRef: { value: vendor },
      Line: [expense(100)],
    });
    assert.equal(credit.status, 200, credit.text);
    const vc = credit.body.VendorCredit;
    assert.equal(vc.TotalAmt, 100);
    assert.equal(vc.Balance, 100);
    assert.equal(await balance("Accounts Payable (A/P)"), ap + 200);
    assert.equal(Number((await get("vendor", vendor)).Balance), vendorBefore + 200);

    const pay = await t.api("POST", "billpayment", {
      VendorRef: { value: vendor },
      PayType: "Check",
      CheckPayment: { BankAccountRef: { value: accounts.get("Checking") } },
      TotalAmt: 200,
      Line: [
        { Amount: 300, LinkedTxn: [{ TxnId: bill.Id, TxnType: "Bill" }] },
        { Amount: 100, LinkedTxn: [{ TxnId: vc.Id, TxnType: "VendorCredit" }] },
      ],
    });
    assert.equal(pay.status, 200, pay.text);
    assert.equal((await get("bill", bill.Id)).Balance, 0);
    const used = await get("vendorcredit", vc.Id);
    assert.equal(used.Balance, 0);
    assert.deepEqual(used.LinkedTxn, [{ TxnId: pay.body.BillPayment.Id, TxnType: "BillPaymentCheck" }]);
    assert.equal(Number((await get("vendor", vendor)).Balance), vendorBefore);
    assert.equal(await balance("Accounts Payable (A/P)"), ap);

    const applied = await t.api("POST", "vendorcredit?operation=delete", {
      Id: vc.Id,
      SyncToken: String(used.SyncToken),
    });
    assert.equal(applied.status, 400);
    assert.equal(faultOf(applied).code, "6000");

    const voided = await t.api("POST", "billpayment?operation=void", {
      Id: pay.body.BillPayment.Id,
      SyncToken: pay.body.BillPayment.SyncToken,
    });
    assert.equal(voided.status, 200, voided.text);
    assert.equal((await get("vendorcredit", vc.Id)).Balance, 100);
    assert.equal((await get("bill", bill.Id)).Balance, 300);
  });

  test("a bill payment cannot use more credit than is open", async () => {
    const bill = (await t.api("POST", "bill", { VendorRef: { value: vendor }, Line: [expense(50)] })).body
      .Bill;
    const vc = (await t.api("POST", "vendorcredit", { VendorRef: { value: vendor }, Line: [expense(20)] }))
      .body.VendorCredit;
    const res = await t.api("POST", "billpayment", {
      VendorRef: { value: vendor },
      PayType: "Check",
      CheckPayment: { BankAccountRef: { value: accounts.get("Checking") } },
      TotalAmt: 20,
      Line: [
        { Amount: 50, LinkedTxn: [{ TxnId: bill.Id, TxnType: "Bill" }] },
        { Amount: 30, LinkedTxn: [{ TxnId: vc.Id, TxnType: "VendorCredit" }] },
      ],
    });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).code, "6000");
  });
});

describe("Transfer", () => {
  test("moves money between two balance-sheet accounts", async () => {
    const [checking, savings] = [await balance("Checking"), await balance("Savings")];
    const res = await t.api("POST", "transfer", {
      FromAccountRef: { value: accounts.get("Checking") },
      ToAccountRef: { value: accounts.get("Savings") },
      Amount: 250,
      TxnDate: "2025-06-30",
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.Transfer.Amount, 250);
    assert.equal(res.body.Transfer.FromAccountRef.name, "Checking");
    assert.equal(await balance("Checking"), checking - 250);
    assert.equal(await balance("Savings"), savings + 250);
    const found = await t.api(
      "GET",
      `query?query=${encodeURIComponent("select * from Transfer where TxnDate = '2025-06-30'")}`,
    );
    assert.equal(found.body.QueryResponse.Transfer.length, 1);
    const tb = (await t.api("GET", "reports/TrialBalance?end_date=2030-12-31")).body;
    const total = tb.Rows.Row.at(-1).Summary.ColData;
    assert.equal(total[1].value, total[2].value);
  });

  test("the same account twice, a receivable, a missing or non-positive amount are refused", async () => {
    const send = (body: Record<string, unknown>) => t.api("POST", "transfer", body);
    const same = await send({
      FromAccountRef: { value: accounts.get("Checking") },
      ToAccountRef: { value: accounts.get("Checking") },
      Amount: 1,
    });
    assert.equal(faultOf(same).element, "ToAccountRef");
    const ar = await send({
      FromAccountRef: { value: accounts.get("Accounts Receivable (A/R)") },
      ToAccountRef: { value: accounts.get("Checking") },
      Amount: 1,
    });
    assert.equal(faultOf(ar).Message, "Invalid account type");
    const none = await send({
      FromAccountRef: { value: accounts.get("Checking") },
      ToAccountRef: { value: accounts.get("Savings") },
    });
    assert.equal(faultOf(none).code, "2020");
    const zero = await send({
      FromAccountRef: { value: accounts.get("Checking") },
      ToAccountRef: { value: accounts.get("Savings") },
      Amount: 0,
    });
    assert.equal(faultOf(zero).element, "Amount");
  });
});
