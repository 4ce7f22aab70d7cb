// The mapping from host records to QuickBooks Online objects: field by field, the problems that hold a
// record, and a round trip through the emulator — every mapped body is one QuickBooks accepts, and the
// books it makes match the host's documents.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Account } from "#domain/account.ts";
import { Bill } from "#domain/bill.ts";
import { Customer } from "#domain/customer.ts";
import { Invoice } from "#domain/invoice.ts";
import { Item } from "#domain/item.ts";
import { JournalEntry } from "#domain/journal-entry.ts";
import { Payment } from "#domain/payment.ts";
import { PurchaseOrder } from "#domain/purchase-order.ts";
import { Term } from "#domain/term.ts";
import { Vendor } from "#domain/vendor.ts";
import {
  type Mapped,
  type MappingContext,
  mapBill,
  mapCustomer,
  mapInvoice,
  mapItem,
  mapJournalEntry,
  mapPayment,
  mapRecord,
  mapTerm,
  type PushedCollection,
} from "#quickbooks/mapping/index.ts";
import { startTestEmulator, type TestEmulator } from "./helpers/emulator.ts";

function context(overrides: Partial<MappingContext> = {}, ids: Record<string, string> = {}): MappingContext {
  return {
    idOf: (collection, externalId) => ids[`${collection}/${externalId}`],
    accountTypeOf: (id) =>
      id === "AP" ? "accounts_payable" : id === "AR" ? "accounts_receivable" : "expense",
    taxCodeTaxable: (id) => (id === "TAX" ? true : id === "NON" ? false : undefined),
    taxCodeOf: (id) => (id === "TAX" ? "7" : undefined),
    taxModel: "us",
    homeCurrency: "USD",
    defaults: { income: "79", expense: "80", asset: "81" },
    deliveryFeeItemId: "SHIPPING_ITEM_ID",
    inventoryStartDate: "2026-01-01",
    ...overrides,
  };
}

function body(mapped: Mapped): Record<string, unknown> {
  if (!mapped.ok) assert.fail(`expected a body, got problems: ${JSON.stringify(mapped.problems)}`);
  return mapped.body;
}

function problems(mapped: Mapped) {
  if (mapped.ok) assert.fail(`expected problems, got ${JSON.stringify(mapped.body)}`);
  return mapped.problems;
}

describe("mapping names", () => {
  test("a customer, field by field, and a sub-customer as a job", () => {
    const c = Customer.parse({
      name: "Acme Tool & Die",
      companyName: "Acme Tool and Die Inc.",
      givenName: "Ada",
      familyName: "Lovelace",
      parentExternalId: "C-1",
      email: "ap@acme.example",
      phone: "555-0100",
      mobile: "555-0101",
      billingAddress: {
        line1: "1 Main St",
        city: "Columbus",
        region: "OH",
        postalCode: "43004",
        country: "US",
      },
      termsExternalId: "NET30",
      taxable: true,
      notes: "Dock 4",
    });
    const b = body(mapCustomer(c, context({}, { "customers/C-1": "58", "terms/NET30": "3" })));
    assert.deepEqual(b, {
      DisplayName: "Acme Tool & Die",
      CompanyName: "Acme Tool and Die Inc.",
      GivenName: "Ada",
      FamilyName: "Lovelace",
      PrimaryEmailAddr: { Address: "ap@acme.example" },
      PrimaryPhone: { FreeFormNumber: "555-0100" },
      Mobile: { FreeFormNumber: "555-0101" },
      BillAddr: {
        Line1: "1 Main St",
        City: "Columbus",
        CountrySubDivisionCode: "OH",
        PostalCode: "43004",
        Country: "US",
      },
      SalesTermRef: { value: "3" },
      Taxable: true,
      ParentRef: { value: "58" },
      Job: true,
      Notes: "Dock 4",
      Active: true,
    });
  });

  test("a parent or terms not yet in QuickBooks is a missing reference naming the record to push first", () => {
    const c = Customer.parse({ name: "Job 7", parentExternalId: "C-1", termsExternalId: "NET30" });
    const found = problems(mapCustomer(c, context()));
    assert.deepEqual(
      found.map((p) => [p.code, p.path, p.reference]),
      [
        ["missing_reference", "/parentExternalId", { collection: "customers", externalId: "C-1" }],
        ["missing_reference", "/termsExternalId", { collection: "terms", externalId: "NET30" }],
      ],
    );
  });

  test("notes longer than QuickBooks keeps hold the record instead of being cut", () => {
    const c = Customer.parse({ name: "Long", notes: "x".repeat(2001) });
    const [p] = problems(mapCustomer(c, context()));
    assert.equal(p?.code, "too_long");
    assert.equal(p?.path, "/notes");
    assert.match(p?.message ?? "", /2,001 characters; QuickBooks keeps at most 2,000/);
  });

  test("a currency other than the home currency is refused", () => {
    const [p] = problems(mapCustomer(Customer.parse({ name: "Euro", currency: "EUR" }), context()));
    assert.equal(p?.code, "currency");
  });

  test("an inventory item takes the company's default accounts and the go-live date", () => {
    const item = Item.parse({
      name: "Bracket",
      sku: "BR-1",
      type: "inventory",
      unitPrice: "12.50",
      unitCost: "4.123456",
      quantityOnHand: "40",
    });
    assert.deepEqual(body(mapItem(item, context())), {
      Name: "Bracket",
      Sku: "BR-1",
      Type: "Inventory",
      UnitPrice: 12.5,
      PurchaseCost: 4.123456,
      IncomeAccountRef: { value: "79" },
      ExpenseAccountRef: { value: "80" },
      AssetAccountRef: { value: "81" },
      TrackQtyOnHand: true,
      QtyOnHand: 40,
      InvStartDate: "2026-01-01",
      Active: true,
    });
  });

  test("an item without its own income account and no company default says which default to choose", () => {
    const item = Item.parse({ name: "Labour", type: "service", unitPrice: "80" });
    const [p] = problems(mapItem(item, context({ defaults: {} })));
    assert.equal(p?.code, "no_default_account");
    assert.equal(p?.path, "/incomeAccountExternalId");
    assert.match(p?.message ?? "", /default income account/);
  });

  test("a date-driven term keeps its discount by day of month", () => {
    const t = Term.parse({
      name: "10th Prox",
      dayOfMonthDue: 10,
      dueNextMonthDays: 5,
      discountPercent: "1",
      discountDays: 5,
    });
    assert.deepEqual(body(mapTerm(t, context())), {
      Name: "10th Prox",
      Type: "DateDriven",
      DayOfMonthDue: 10,
      DueNextMonthDays: 5,
      DiscountPercent: 1,
      DiscountDayOfMonth: 5,
      Active: true,
    });
  });
});

describe("mapping documents", () => {
  const ids = { "customers/C-1": "58", "items/P-1": "12", "items/P-2": "13", "terms/NET30": "3" };
  const invoice = Invoice.parse({
    number: "INV-1001",
    date: "2026-11-02",
    dueDate: "2026-12-02",
    customerExternalId: "C-1",
    customerPoNumber: "PO-77",
    termsExternalId: "NET30",
    lines: [
      { itemExternalId: "P-1", quantity: "3", unitPrice: "10.00", taxCodeExternalId: "TAX" },
      { itemExternalId: "P-2", amount: "5.00", description: "Setup", taxCodeExternalId: "NON" },
    ],
    deliveryFee: "7.50",
    discount: "2.00",
    taxCodeExternalId: "TAX",
  });

  test("an invoice: lines, delivery fee and discount as lines, US tax on the transaction", () => {
    const b = body(mapInvoice(invoice, context({}, ids)));
    assert.equal(b.DocNumber, "INV-1001");
    assert.deepEqual(b.CustomerRef, { value: "58" });
    assert.deepEqual(b.SalesTermRef, { value: "3" });
    assert.equal(b.PONumber, "PO-77");
    assert.deepEqual(b.TxnTaxDetail, { TxnTaxCodeRef: { value: "7" } });
    assert.deepEqual(b.Line, [
      {
        DetailType: "SalesItemLineDetail",
        Amount: 30,
        SalesItemLineDetail: {
          ItemRef: { value: "12" },
          Qty: 3,
          UnitPrice: 10,
          TaxCodeRef: { value: "TAX" },
        },
      },
      {
        DetailType: "SalesItemLineDetail",
        Amount: 5,
        Description: "Setup",
        SalesItemLineDetail: { ItemRef: { value: "13" }, TaxCodeRef: { value: "NON" } },
      },
      {
        DetailType: "SalesItemLineDetail",
        Amount: 7.5,
        Description: "Delivery",
        SalesItemLineDetail: { ItemRef: { value: "SHIPPING_ITEM_ID" } },
      },
      { DetailType: "DiscountLineDetail", Amount: 2, DiscountLineDetail: { PercentBased: false } },
    ]);
  });

  test("outside the US every line carries a mapped tax code, the document's by default", () => {
    const ctx = context({ taxModel: "per_line", taxCodeOf: (id) => ({ TAX: "4", NON: "5" })[id] }, ids);
    const b = body(mapInvoice(invoice, ctx));
    const codes = (b.Line as Array<{ SalesItemLineDetail?: { TaxCodeRef?: { value: string } } }>).map(
      (l) => l.SalesItemLineDetail?.TaxCodeRef?.value,
    );
    assert.deepEqual(codes.slice(0, 2), ["4", "5"]);
    assert.equal(b.GlobalTaxCalculation, "TaxExcluded");
    assert.equal(b.TxnTaxDetail, undefined);
  });

  test("an unmapped tax code holds the invoice with that reason", () => {
    const ctx = context({ taxCodeOf: () => undefined }, ids);
    const found = problems(mapInvoice(invoice, ctx));
    assert.deepEqual(
      found.map((p) => [p.code, p.path]),
      [["unmapped_tax_code", "/taxCodeExternalId"]],
    );
  });

  test("as a sales receipt: deposited, no due date or terms", () => {
    const b = body(
      mapRecord("invoices", invoice, context({ defaults: { deposit: "4" } }, ids), {
        invoicesAs: "sales_receipt",
      }),
    );
    assert.equal(b.DueDate, undefined);
    assert.equal(b.SalesTermRef, undefined);
    assert.deepEqual(b.DepositToAccountRef, { value: "4" });
  });

  test("a bill split to an accounts payable account is refused with a clear message", () => {
    const bill = Bill.parse({
      number: "V-88",
      date: "2026-11-02",
      vendorExternalId: "V-1",
      lines: [
        { accountExternalId: "6100", amount: "40.00", description: "Freight" },
        { accountExternalId: "AP", amount: "10.00", description: "Old balance" },
      ],
    });
    const found = problems(
      mapBill(bill, context({}, { "vendors/V-1": "30", "accounts/6100": "90", "accounts/AP": "33" })),
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]?.code, "ap_account_split");
    assert.equal(found[0]?.path, "/lines/1/accountExternalId");
    assert.match(found[0]?.message ?? "", /accounts payable account/);
  });

  test("a bill as an expense is a Purchase paid from the chosen account", () => {
    const bill = Bill.parse({
      number: "V-89",
      date: "2026-11-02",
      vendorExternalId: "V-1",
      lines: [{ accountExternalId: "6100", amount: "40.00", description: "Freight" }],
    });
    const ctx = context({ defaults: { payment: "35" } }, { "vendors/V-1": "30", "accounts/6100": "90" });
    const b = body(mapBill(bill, ctx, "expense"));
    assert.deepEqual(b.AccountRef, { value: "35" });
    assert.deepEqual(b.EntityRef, { value: "30", type: "Vendor" });
    assert.equal(b.PaymentType, "Cash");
  });

  test("a journal entry's A/R line needs a customer", () => {
    const entry = JournalEntry.parse({
      number: "JE-1",
      date: "2026-11-02",
      lines: [
        { accountExternalId: "AR", debit: "100.00" },
        { accountExternalId: "4000", credit: "100.00" },
      ],
    });
    const found = problems(
      mapJournalEntry(entry, context({}, { "accounts/AR": "2", "accounts/4000": "79" })),
    );
    assert.deepEqual(
      found.map((p) => [p.code, p.path]),
      [["name_required", "/lines/0/customerExternalId"]],
    );
  });

  test("a payment links its invoices; money on a sales order stays as credit, with a note", () => {
    const p = Payment.parse({
      customerExternalId: "C-1",
      date: "2026-11-03",
      amount: "60.00",
      reference: "CHK 1042",
      applications: [
        { invoiceExternalId: "INV-1001", amount: "40.00" },
        { salesOrderExternalId: "SO-9", amount: "20.00" },
      ],
    });
    const mapped = mapPayment(p, context({}, { "customers/C-1": "58", "invoices/INV-1001": "145" }));
    const b = body(mapped);
    assert.equal(b.TotalAmt, 60);
    assert.equal(b.PaymentRefNum, "CHK 1042");
    assert.deepEqual(b.Line, [{ Amount: 40, LinkedTxn: [{ TxnId: "145", TxnType: "Invoice" }] }]);
    assert.ok(
      mapped.ok && mapped.notes.some((n) => /sales order SO-9 stays as the customer's credit/.test(n)),
    );
  });
});

describe("mapped records round-trip through the emulator", () => {
  let qbo: TestEmulator;
  before(async () => {
    qbo = await startTestEmulator({ seed: "demo" });
  });
  after(async () => {
    await qbo.close();
  });

  test("names and documents are accepted, and the books QuickBooks computes match the host's", async () => {
    const accounts = (await qbo.api("GET", "query?query=select * from Account maxresults 1000")).body
      .QueryResponse.Account as Array<{ Id: string; AccountType: string; AccountSubType: string }>;
    const bySubType = (subType: string) => {
      const found = accounts.find((a) => a.AccountSubType === subType);
      assert.ok(found, `the demo company has an account of detail type ${subType}`);
      return found.Id;
    };
    const taxCodes = (await qbo.api("GET", "query?query=select * from TaxCode")).body.QueryResponse
      .TaxCode as Array<{
      Id: string;
      Taxable: boolean;
    }>;
    const taxable = taxCodes.find((c) => c.Taxable);
    assert.ok(taxable, "the demo company has a taxable tax code");

    const ids: Record<string, string> = {};
    const hostAccountTypes: Record<string, string> = {};
    const ctx = context({
      idOf: (collection, externalId) => ids[`${collection}/${externalId}`],
      accountTypeOf: (id) => hostAccountTypes[id] as never,
      taxCodeTaxable: (id) => (id === "OH" ? true : id === "EXEMPT" ? false : undefined),
      taxCodeOf: (id) => (id === "OH" ? taxable.Id : undefined),
      defaults: {
        income: bySubType("SalesOfProductIncome"),
        expense: bySubType("SuppliesMaterialsCogs"),
        asset: bySubType("Inventory"),
      },
    });
    const push = async (collection: PushedCollection, externalId: string, record: unknown) => {
      const mapped = mapRecord(collection, record, ctx);
      const b = body(mapped);
      const res = await qbo.api(
        "POST",
        `${mapped.ok ? mapped.entity.toLowerCase() : ""}?minorversion=75`,
        b,
        {
          "Content-Type": "application/json",
          Accept: "application/json",
        },
      );
      assert.equal(res.status, 200, `${collection}/${externalId}: ${res.text}`);
      const entity = mapped.ok ? mapped.entity : "";
      ids[`${collection}/${externalId}`] = res.body[entity].Id;
      return res.body[entity];
    };

    hostAccountTypes["6150"] = "expense";
    hostAccountTypes["1200"] = "accounts_receivable";
    await push(
      "accounts",
      "6150",
      Account.parse({ number: "6150", name: "Shop Supplies", type: "expense", subType: "SuppliesMaterials" }),
    );
    await push("terms", "NET45", Term.parse({ name: "Net 45", dueDays: 45 }));
    ids["accounts/1200"] = bySubType("AccountsReceivable");
    const parent = await push(
      "customers",
      "C-1",
      Customer.parse({ name: "Mapping Parent Co", email: "ap@parent.example", termsExternalId: "NET45" }),
    );
    const job = await push(
      "customers",
      "C-1-J",
      Customer.parse({ name: "Mapping Job 1", parentExternalId: "C-1" }),
    );
    assert.equal(job.ParentRef.value, parent.Id);
    assert.equal(job.Job, true);
    await push(
      "vendors",
      "V-1",
      Vendor.parse({ name: "Mapping Steel Supply", termsExternalId: "NET45", accountNumber: "A-7" }),
    );
    const widget = await push(
      "items",
      "P-1",
      Item.parse({
        name: "Mapping Widget",
        sku: "MW-1",
        type: "inventory",
        unitPrice: "10",
        unitCost: "4",
        quantityOnHand: "100",
        taxable: true,
      }),
    );
    assert.equal(widget.QtyOnHand, 100);
    await push("items", "P-2", Item.parse({ name: "Mapping Setup", type: "service", unitPrice: "5" }));

    await push(
      "purchase-orders",
      "PO-1",
      PurchaseOrder.parse({
        number: "MPO-1",
        date: "2026-11-01",
        vendorExternalId: "V-1",
        lines: [{ itemExternalId: "P-1", quantity: "10", unitCost: "4" }],
      }),
    );
    const invoice = Invoice.parse({
      number: "MAP-1001",
      date: "2026-11-02",
      customerExternalId: "C-1",
      termsExternalId: "NET45",
      lines: [
        { itemExternalId: "P-1", quantity: "3", unitPrice: "10.00", taxCodeExternalId: "OH" },
        { itemExternalId: "P-2", amount: "5.00", taxCodeExternalId: "EXEMPT" },
      ],
      deliveryFee: "7.50",
      discount: "2.00",
      taxCodeExternalId: "OH",
    });
    const inv = await push("invoices", "MAP-1001", invoice);
    const tax = Number(inv.TxnTaxDetail.TotalTax);
    assert.ok(tax > 0, "QuickBooks computed tax on the taxable line");
    // Lines 35.00 + delivery 7.50 − discount 2.00, plus the tax QuickBooks computed.
    assert.equal(Math.round(Number(inv.TotalAmt) * 100), Math.round((40.5 + tax) * 100));

    const bill = await push(
      "bills",
      "B-1",
      Bill.parse({
        number: "V-INV-1",
        date: "2026-11-03",
        vendorExternalId: "V-1",
        purchaseOrderExternalId: "PO-1",
        lines: [
          { itemExternalId: "P-1", quantity: "10", unitCost: "4" },
          { accountExternalId: "6150", amount: "12.34", description: "Gloves", customerExternalId: "C-1" },
        ],
      }),
    );
    assert.equal(Number(bill.TotalAmt), 52.34);
    const entry = await push(
      "journal-entries",
      "JE-1",
      JournalEntry.parse({
        number: "MJE-1",
        date: "2026-11-04",
        lines: [
          { accountExternalId: "1200", debit: "25.00", customerExternalId: "C-1" },
          { accountExternalId: "6150", credit: "25.00" },
        ],
      }),
    );
    assert.equal(entry.Line[0].JournalEntryLineDetail.Entity.EntityRef.value, parent.Id);
    const payment = await push(
      "payments",
      "PMT-1",
      Payment.parse({
        customerExternalId: "C-1",
        date: "2026-11-05",
        amount: "30.00",
        reference: "CHK 1",
        applications: [{ invoiceExternalId: "MAP-1001", amount: "30.00" }],
      }),
    );
    assert.equal(payment.Line[0].LinkedTxn[0].TxnId, inv.Id);
    const after = (await qbo.api("GET", `invoice/${inv.Id}`, undefined, { Accept: "application/json" })).body
      .Invoice;
    assert.equal(Math.round(Number(after.Balance) * 100), Math.round((40.5 + tax - 30) * 100));
  });
});
