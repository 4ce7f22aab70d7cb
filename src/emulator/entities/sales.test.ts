import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { faultOf, startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";

let t: TestEmulator;
let customerId: string;
let serviceItem: string;
let inventoryItem: string;
let taxCodeId: string;

async function query(text: string) {
  return (await t.api("GET", `query?query=${encodeURIComponent(text)}`)).body.QueryResponse;
}

before(async () => {
  t = await startTestEmulator({ seed: "demo" });
  customerId = (await t.api("POST", "customer", { DisplayName: "Sales Test Customer" })).body.Customer.Id;
  serviceItem = (await query("select * from Item where Type = 'Service' maxresults 1")).Item[0].Id;
  inventoryItem = (await query("select * from Item where Type = 'Inventory' maxresults 1")).Item[0].Id;
  taxCodeId = (await query("select * from TaxCode where Name = 'Franklin County, OH'")).TaxCode[0].Id;
});
after(() => t.close());

function line(amount: number | undefined, qty?: number, price?: number, item = serviceItem) {
  return {
    DetailType: "SalesItemLineDetail",
    ...(amount !== undefined ? { Amount: amount } : {}),
    SalesItemLineDetail: {
      ItemRef: { value: item },
      ...(qty !== undefined ? { Qty: qty } : {}),
      ...(price !== undefined ? { UnitPrice: price } : {}),
    },
  };
}

async function invoice(body: Record<string, unknown> = {}, query = "") {
  return t.api("POST", `invoice${query}`, {
    CustomerRef: { value: customerId },
    Line: [line(undefined, 2, 12.5)],
    ...body,
  });
}

describe("the demo company", () => {
  test("every stored object reads back in Intuit's schema shape (checked by the test client)", async () => {
    const entities = [
      "Account",
      "Customer",
      "Vendor",
      "Employee",
      "Item",
      "Term",
      "TaxCode",
      "TaxRate",
      "TaxAgency",
      "PaymentMethod",
      "Class",
      "Department",
      "CompanyInfo",
      "Preferences",
    ];
    for (const entity of entities) {
      const res = await t.api(
        "GET",
        `query?query=${encodeURIComponent(`select * from ${entity} maxresults 1000`)}`,
      );
      assert.equal(res.status, 200, `${entity}: ${res.text.slice(0, 200)}`);
      assert.ok(res.body.QueryResponse[entity]?.length > 0, `${entity} has objects`);
    }
  });
});

describe("sales forms", () => {
  test("invoice amounts are computed: line Amount, subtotal line, TotalAmt, Balance, DocNumber, DueDate", async () => {
    const res = await invoice({ TotalAmt: 1, Balance: 1, TxnDate: "2026-01-10" });
    assert.equal(res.status, 200);
    const inv = res.body.Invoice;
    assert.equal(inv.Line[0].Amount, 25);
    assert.deepEqual(
      inv.Line.find((l: { DetailType: string }) => l.DetailType === "SubTotalLineDetail"),
      { Amount: 25, DetailType: "SubTotalLineDetail", SubTotalLineDetail: {} },
    );
    assert.equal(inv.TotalAmt, 25);
    assert.equal(inv.Balance, 25);
    assert.match(inv.DocNumber, /^\d+$/);
    assert.ok(Number(inv.DocNumber) > 1000);
    assert.ok(inv.DueDate > inv.TxnDate, "due date follows the customer's terms");
    const next = (await invoice()).body.Invoice;
    assert.equal(Number(next.DocNumber), Number(inv.DocNumber) + 1);
  });

  test("an Amount that is not Qty × UnitPrice is 6070", async () => {
    const res = await invoice({ Line: [line(30, 2, 12.5)] });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).code, "6070");
  });

  test("amounts round half-up to cents", async () => {
    const res = await invoice({ Line: [line(undefined, 1, 1861.075)] });
    assert.equal(res.body.Invoice.Line[0].Amount, 1861.08);
  });

  test("percent discount and sales tax from the transaction tax code", async () => {
    const taxable = {
      ...line(100),
      SalesItemLineDetail: { ItemRef: { value: serviceItem }, TaxCodeRef: { value: "TAX" } },
    };
    const res = await invoice({
      Line: [
        taxable,
        line(50),
        { DetailType: "DiscountLineDetail", DiscountLineDetail: { PercentBased: true, DiscountPercent: 10 } },
      ],
      TxnTaxDetail: { TxnTaxCodeRef: { value: taxCodeId } },
    });
    assert.equal(res.status, 200, res.text);
    const inv = res.body.Invoice;
    const discount = inv.Line.find((l: { DetailType: string }) => l.DetailType === "DiscountLineDetail");
    assert.equal(discount.Amount, 15);
    // 7.5% of the taxable 100 (tax before discount by default) = 7.50
    assert.equal(inv.TxnTaxDetail.TotalTax, 7.5);
    assert.equal(inv.TxnTaxDetail.TaxLine.length, 2);
    assert.equal(inv.TotalAmt, 142.5);
  });

  test("a discount larger than the subtotal is refused with 6000", async () => {
    const res = await invoice({
      Line: [
        line(10),
        { DetailType: "DiscountLineDetail", Amount: 20, DiscountLineDetail: { PercentBased: false } },
      ],
    });
    assert.equal(faultOf(res).code, "6000");
  });

  test("shipping is a SHIPPING_ITEM_ID line added after the subtotal", async () => {
    const res = await invoice({
      Line: [
        line(40),
        {
          DetailType: "SalesItemLineDetail",
          Amount: 7.5,
          SalesItemLineDetail: { ItemRef: { value: "SHIPPING_ITEM_ID" } },
        },
      ],
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.Invoice.TotalAmt, 47.5);
    assert.equal(res.body.Invoice.Line.at(-1).SalesItemLineDetail.ItemRef.value, "SHIPPING_ITEM_ID");
  });

  test("required fields and enumerations: 2020 and 2170", async () => {
    const noCustomer = await t.api("POST", "invoice", { Line: [line(10)] });
    assert.equal(faultOf(noCustomer).code, "2020");
    const noLines = await t.api("POST", "invoice", { CustomerRef: { value: customerId } });
    assert.equal(faultOf(noLines).code, "2020");
    const badType = await invoice({ Line: [{ DetailType: "NotALine", Amount: 1 }] });
    assert.equal(faultOf(badType).code, "2170");
    const badStatus = await invoice({ PrintStatus: "Maybe" });
    assert.equal(faultOf(badStatus).code, "2170");
  });

  test("an inventory item line without Qty is 6520", async () => {
    const res = await invoice({ Line: [line(10, undefined, undefined, inventoryItem)] });
    assert.equal(faultOf(res).code, "6520");
  });

  test("inventory quantity moves with sales, credit memos and voids", async () => {
    const read = async () => (await t.api("GET", `item/${inventoryItem}`)).body.Item;
    const qty = async () => (await read()).QtyOnHand as number;
    const before = await read();
    const start = before.QtyOnHand as number;
    const inv = (await invoice({ Line: [line(undefined, 3, 10, inventoryItem)] })).body.Invoice;
    const sold = await read();
    assert.equal(sold.QtyOnHand, start - 3);
    assert.equal(Number(sold.SyncToken), Number(before.SyncToken) + 1, "a stock move is a new version");
    const stale = await t.api("POST", "item", { ...before, sparse: true, Description: "stale" });
    assert.equal(faultOf(stale).code, "5010");
    await t.api("POST", "creditmemo", {
      CustomerRef: { value: customerId },
      Line: [line(undefined, 1, 10, inventoryItem)],
    });
    assert.equal(await qty(), start - 2);
    await t.api("POST", "invoice?operation=void", { Id: inv.Id, SyncToken: inv.SyncToken });
    assert.equal(await qty(), start + 1);
  });

  test("a category is not an item a sale can use (2500)", async () => {
    const category = await t.api("POST", "item", { Name: "Sales Test Category", Type: "Category" });
    assert.equal(category.status, 200, category.text);
    const res = await invoice({ Line: [line(10, undefined, undefined, category.body.Item.Id)] });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).code, "2500");
    assert.equal(faultOf(res).Detail, "Invalid Reference Id : Categories cannot be used in transactions.");
  });

  test("an inactive customer cannot be used on a transaction (610)", async () => {
    const c = (await t.api("POST", "customer", { DisplayName: "Inactive Buyer" })).body.Customer;
    await t.api("POST", "customer", { Id: c.Id, SyncToken: c.SyncToken, sparse: true, Active: false });
    const res = await t.api("POST", "invoice", { CustomerRef: { value: c.Id }, Line: [line(10)] });
    assert.equal(faultOf(res).code, "610");
  });

  test("a duplicate DocNumber is 6140 unless include=allowduplicatedocnum", async () => {
    const first = (await invoice({ DocNumber: "INV-DUP-1" })).body.Invoice;
    const dup = await invoice({ DocNumber: "INV-DUP-1" });
    assert.equal(dup.status, 400);
    assert.equal(faultOf(dup).code, "6140");
    assert.match(
      faultOf(dup).Detail,
      new RegExp(`DocNumber=INV-DUP-1 is assigned to TxnType=Invoice with TxnId=${first.Id}$`),
    );
    const allowed = await invoice({ DocNumber: "INV-DUP-1" }, "?include=allowduplicatedocnum");
    assert.equal(allowed.status, 200);
  });

  test("a payment reduces the invoice Balance, bumps its SyncToken and links both ways", async () => {
    const inv = (await invoice({ Line: [line(100)] })).body.Invoice;
    const pay = await t.api("POST", "payment", {
      CustomerRef: { value: customerId },
      TotalAmt: 60,
      Line: [{ Amount: 40, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] }],
    });
    assert.equal(pay.status, 200, pay.text);
    assert.equal(pay.body.Payment.UnappliedAmt, 20);
    assert.equal(pay.body.Payment.DepositToAccountRef.name, "Undeposited Funds");
    const after = (await t.api("GET", `invoice/${inv.Id}`)).body.Invoice;
    assert.equal(after.Balance, 60);
    assert.equal(after.SyncToken, "1");
    assert.deepEqual(after.LinkedTxn, [{ TxnId: pay.body.Payment.Id, TxnType: "Payment" }]);

    const tooMuch = await t.api("POST", "payment", {
      CustomerRef: { value: customerId },
      TotalAmt: 70,
      Line: [{ Amount: 70, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] }],
    });
    assert.equal(faultOf(tooMuch).code, "6000");

    const voidRefused = await t.api("POST", "invoice?operation=void", {
      Id: inv.Id,
      SyncToken: after.SyncToken,
    });
    assert.equal(faultOf(voidRefused).code, "6000");

    const voided = await t.api("POST", "payment?operation=void", { Id: pay.body.Payment.Id, SyncToken: "0" });
    assert.equal(voided.status, 200);
    assert.equal(voided.body.Payment.TotalAmt, 0);
    assert.deepEqual(voided.body.Payment.Line, []);
    const restored = (await t.api("GET", `invoice/${inv.Id}`)).body.Invoice;
    assert.equal(restored.Balance, 100);
    assert.equal(restored.SyncToken, "2");
  });

  test("deleting a payment gives the balance back", async () => {
    const inv = (await invoice({ Line: [line(80)] })).body.Invoice;
    const pay = (
      await t.api("POST", "payment", {
        CustomerRef: { value: customerId },
        TotalAmt: 80,
        Line: [{ Amount: 80, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] }],
      })
    ).body.Payment;
    assert.equal((await t.api("GET", `invoice/${inv.Id}`)).body.Invoice.Balance, 0);
    const del = await t.api("POST", "payment?operation=delete", { Id: pay.Id, SyncToken: pay.SyncToken });
    assert.deepEqual(
      { status: del.body.Payment.status, domain: del.body.Payment.domain, Id: del.body.Payment.Id },
      { status: "Deleted", domain: "QBO", Id: pay.Id },
    );
    assert.equal((await t.api("GET", `invoice/${inv.Id}`)).body.Invoice.Balance, 80);
    assert.equal(faultOf(await t.api("GET", `payment/${pay.Id}`)).code, "610");
  });

  test("a credit memo applied through a payment reduces its RemainingCredit", async () => {
    const inv = (await invoice({ Line: [line(100)] })).body.Invoice;
    const cm = (await t.api("POST", "creditmemo", { CustomerRef: { value: customerId }, Line: [line(30)] }))
      .body.CreditMemo;
    assert.equal(cm.RemainingCredit, 30);
    const pay = await t.api("POST", "payment", {
      CustomerRef: { value: customerId },
      TotalAmt: 70,
      Line: [
        { Amount: 100, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] },
        { Amount: 30, LinkedTxn: [{ TxnId: cm.Id, TxnType: "CreditMemo" }] },
      ],
    });
    assert.equal(pay.status, 200, pay.text);
    assert.equal(pay.body.Payment.UnappliedAmt, 0);
    assert.equal((await t.api("GET", `creditmemo/${cm.Id}`)).body.CreditMemo.RemainingCredit, 0);
    assert.equal((await t.api("GET", `invoice/${inv.Id}`)).body.Invoice.Balance, 0);
  });

  test("void zeroes the invoice and prepends Voided to PrivateNote; delete removes it", async () => {
    const inv = (await invoice({ PrivateNote: "order 17" })).body.Invoice;
    const voided = await t.api("POST", "invoice?operation=void", { Id: inv.Id, SyncToken: inv.SyncToken });
    assert.equal(voided.status, 200);
    const v = voided.body.Invoice;
    assert.equal(v.TotalAmt, 0);
    assert.equal(v.Balance, 0);
    assert.match(v.PrivateNote, /^Voided/);
    assert.equal(v.SyncToken, "1");
    assert.equal(v.DocNumber, inv.DocNumber);
    assert.ok(v.Line.every((l: { Amount?: number }) => l.Amount === undefined || l.Amount === 0));
    const del = await t.api("POST", "invoice?operation=delete", { Id: inv.Id, SyncToken: "1" });
    assert.equal(del.body.Invoice.status, "Deleted");
    assert.equal(faultOf(await t.api("GET", `invoice/${inv.Id}`)).code, "610");
  });

  test("a sales receipt is voided through operation=update&include=void", async () => {
    const sr = (await t.api("POST", "salesreceipt", { CustomerRef: { value: customerId }, Line: [line(20)] }))
      .body.SalesReceipt;
    assert.equal(sr.Balance, 0);
    const res = await t.api("POST", "salesreceipt?operation=update&include=void", {
      Id: sr.Id,
      SyncToken: sr.SyncToken,
      sparse: true,
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.SalesReceipt.TotalAmt, 0);
  });

  test("transactions on or before the book close date are refused with 6210", async () => {
    const old = (await invoice({ TxnDate: "2025-03-01" })).body.Invoice;
    await t.control("PUT", `/companies/${t.realmId}/book-close-date`, { date: "2025-06-30" });
    try {
      const prefs = (await t.api("GET", "preferences")).body.Preferences;
      assert.equal(prefs.AccountingInfoPrefs.BookCloseDate, "2025-06-30");
      const create = await invoice({ TxnDate: "2025-06-30" });
      assert.equal(create.status, 400);
      assert.equal(faultOf(create).code, "6210");
      assert.equal(faultOf(create).Message, "Account Period Closed");
      const update = await t.api("POST", "invoice", {
        Id: old.Id,
        SyncToken: old.SyncToken,
        sparse: true,
        TxnDate: "2025-08-01",
      });
      assert.equal(faultOf(update).code, "6210");
      const del = await t.api("POST", "invoice?operation=delete", { Id: old.Id, SyncToken: old.SyncToken });
      assert.equal(faultOf(del).code, "6210");
      assert.equal((await invoice({ TxnDate: "2025-07-01" })).status, 200);
    } finally {
      await t.control("PUT", `/companies/${t.realmId}/book-close-date`, { date: null });
    }
    assert.equal((await invoice({ TxnDate: "2025-03-01" })).status, 200);
  });

  test("posting back what was read is a clean full update", async () => {
    const inv = (
      await invoice({
        Line: [
          line(undefined, 3, 9.99),
          { DetailType: "DiscountLineDetail", Amount: 5, DiscountLineDetail: { PercentBased: false } },
        ],
        TxnTaxDetail: { TxnTaxCodeRef: { value: taxCodeId } },
      })
    ).body.Invoice;
    await t.api("POST", "payment", {
      CustomerRef: { value: customerId },
      TotalAmt: 10,
      Line: [{ Amount: 10, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] }],
    });
    const read = (await t.api("GET", `invoice/${inv.Id}`)).body.Invoice;
    const res = await t.api("POST", "invoice", read);
    assert.equal(res.status, 200, res.text);
    const back = res.body.Invoice;
    assert.equal(back.SyncToken, String(Number(read.SyncToken) + 1));
    for (const field of ["TotalAmt", "Balance", "DocNumber", "LinkedTxn", "TxnTaxDetail"]) {
      assert.deepEqual(back[field], read[field], field);
    }
    assert.equal(back.Line.length, read.Line.length);
  });

  test("an estimate is Pending until an invoice links it, then Closed", async () => {
    const est = await t.api("POST", "estimate", {
      CustomerRef: { value: customerId },
      Line: [line(75)],
      ExpirationDate: "2027-01-31",
    });
    assert.equal(est.status, 200, est.text);
    assert.equal(est.body.Estimate.TxnStatus, "Pending");
    assert.equal(est.body.Estimate.TotalAmt, 75);
    assert.ok(est.body.Estimate.DocNumber);
    const inv = await invoice({
      Line: [line(75)],
      LinkedTxn: [{ TxnId: est.body.Estimate.Id, TxnType: "Estimate" }],
    });
    assert.equal(inv.status, 200, inv.text);
    const closed = (await t.api("GET", `estimate/${est.body.Estimate.Id}`)).body.Estimate;
    assert.equal(closed.TxnStatus, "Closed");
    assert.equal(closed.SyncToken, "1");
    assert.deepEqual(closed.LinkedTxn, [{ TxnId: inv.body.Invoice.Id, TxnType: "Invoice" }]);
    const missing = await invoice({ LinkedTxn: [{ TxnId: "987654", TxnType: "Estimate" }] });
    assert.equal(faultOf(missing).code, "2500");
    const badStatus = await t.api("POST", "estimate", {
      CustomerRef: { value: customerId },
      Line: [line(1)],
      TxnStatus: "Maybe",
    });
    assert.equal(faultOf(badStatus).code, "2170");
  });

  test("payment methods are checked on payments and sales receipts", async () => {
    const cash = (await query("select * from PaymentMethod where Name = 'Cash'")).PaymentMethod[0];
    assert.equal(cash.Type, "NON_CREDIT_CARD");
    const ok = await t.api("POST", "salesreceipt", {
      CustomerRef: { value: customerId },
      Line: [line(5)],
      PaymentMethodRef: { value: cash.Id },
    });
    assert.equal(ok.body.SalesReceipt.PaymentMethodRef.name, "Cash");
    const bad = await t.api("POST", "payment", {
      CustomerRef: { value: customerId },
      TotalAmt: 5,
      PaymentMethodRef: { value: "424242" },
    });
    assert.equal(faultOf(bad).code, "2500");
    const badType = await t.api("POST", "paymentmethod", { Name: "Barter", Type: "GOATS" });
    assert.equal(faultOf(badType).code, "2170");
  });

  test("a deposited payment cannot change until the deposit lets it go (6540)", async () => {
    const checking = (await query("select * from Account where Name = 'Checking'")).Account[0];
    const rent = (await query("select * from Account where Name = 'Rent & Lease'")).Account[0];
    const pay = (await t.api("POST", "payment", { CustomerRef: { value: customerId }, TotalAmt: 40 })).body
      .Payment;
    const dep = await t.api("POST", "deposit", {
      DepositToAccountRef: { value: checking.Id },
      Line: [
        { LinkedTxn: [{ TxnId: pay.Id, TxnType: "Payment" }] },
        {
          Amount: 10,
          DetailType: "DepositLineDetail",
          DepositLineDetail: { AccountRef: { value: rent.Id } },
        },
      ],
    });
    assert.equal(dep.status, 200, dep.text);
    assert.equal(dep.body.Deposit.TotalAmt, 50);
    const update = await t.api("POST", "payment", {
      Id: pay.Id,
      SyncToken: pay.SyncToken,
      sparse: true,
      PrivateNote: "x",
    });
    assert.equal(update.status, 400);
    assert.equal(faultOf(update).code, "6540");
    assert.equal(faultOf(update).Message, "Deposited Transaction cannot be changed");
    const voided = await t.api("POST", "payment?operation=void", { Id: pay.Id, SyncToken: pay.SyncToken });
    assert.equal(faultOf(voided).code, "6540");
    const twice = await t.api("POST", "deposit", {
      DepositToAccountRef: { value: checking.Id },
      Line: [{ LinkedTxn: [{ TxnId: pay.Id, TxnType: "Payment" }] }],
    });
    assert.equal(faultOf(twice).code, "6000");
    await t.api("POST", "deposit?operation=delete", {
      Id: dep.body.Deposit.Id,
      SyncToken: dep.body.Deposit.SyncToken,
    });
    const after = await t.api("POST", "payment", {
      Id: pay.Id,
      SyncToken: pay.SyncToken,
      sparse: true,
      PrivateNote: "x",
    });
    assert.equal(after.status, 200, after.text);
  });

  test("the customer's Balance follows its open invoices", async () => {
    const c = (await t.api("POST", "customer", { DisplayName: "Balance Watcher" })).body.Customer;
    const inv = (await t.api("POST", "invoice", { CustomerRef: { value: c.Id }, Line: [line(55)] })).body
      .Invoice;
    assert.equal((await t.api("GET", `customer/${c.Id}`)).body.Customer.Balance, 55);
    const inactive = await t.api("POST", "customer", {
      Id: c.Id,
      SyncToken: c.SyncToken,
      sparse: true,
      Active: false,
    });
    assert.equal(
      faultOf(inactive).Message,
      "Delete List Has Balance Error",
      "a customer owing money stays active",
    );
    await t.api("POST", "payment", {
      CustomerRef: { value: c.Id },
      TotalAmt: 55,
      Line: [{ Amount: 55, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] }],
    });
    assert.equal((await t.api("GET", `customer/${c.Id}`)).body.Customer.Balance, 0);
  });
});
