import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { type CollectionName, collectionNames } from "#domain/collections.ts";
import { money } from "#domain/money.ts";
import { validateRecord } from "#domain/validate.ts";
import {
  DEMO_ANCHOR_DATE,
  DEMO_LOAD_ORDER,
  type DemoCompany,
  demoRecordsInOrder,
  generateDemoCompany,
} from "./generate.ts";

const demo = generateDemoCompany();

function ids(collection: CollectionName): Set<string> {
  return new Set(demo[collection].map((r) => r.externalId));
}

/** Every value under `key` anywhere in a record's data. */
function refs(value: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, key, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === key && typeof v === "string") out.push(v);
      else refs(v, key, out);
    }
  }
  return out;
}

describe("the demo company", () => {
  test("every record is valid against the domain schemas", () => {
    for (const collection of collectionNames) {
      for (const record of demo[collection]) {
        const result = validateRecord(collection, record.data);
        assert.ok(
          result.ok,
          `${collection}/${record.externalId}: ${JSON.stringify(!result.ok && result.issues)}`,
        );
      }
    }
  });

  test("has the sizes the demo promises", () => {
    assert.ok(demo.customers.length >= 200);
    assert.equal(demo.vendors.length, 50);
    assert.equal(demo.items.length, 500);
    assert.equal(demo.invoices.length, 1000);
    assert.equal(demo.bills.length, 100);
    assert.equal(demo["purchase-orders"].length, 50);
    assert.ok(demo["sales-orders"].length >= 3);
    assert.ok(demo["journal-entries"].length >= 3);
    assert.ok(demo.payments.length >= 100);
    assert.ok(demo.shipments.length >= 2);
    assert.ok(demo.accounts.length >= 30);
  });

  test("is the same on every run, and another seed gives another company", () => {
    assert.deepEqual(generateDemoCompany(), demo);
    const other = generateDemoCompany(2);
    assert.notDeepEqual(
      other.customers.map((c) => c.data.name),
      demo.customers.map((c) => c.data.name),
    );
  });

  test("dates every document before the anchor date, over most of the past year", () => {
    const anchor = "2027-03-15";
    const moved = generateDemoCompany(1, { anchorDate: anchor });
    const dates = [
      ...moved.invoices.map((r) => r.data.date),
      ...moved.bills.map((r) => r.data.date),
      ...moved.payments.map((r) => r.data.date),
      ...moved["purchase-orders"].map((r) => r.data.date),
      ...moved["sales-orders"].map((r) => r.data.date),
      ...moved["journal-entries"].map((r) => r.data.date),
      ...moved.shipments.map((r) => r.data.shipDate),
    ];
    for (const date of dates) assert.ok(date < anchor, `${date} is not before ${anchor}`);
    const months = new Set(moved.invoices.map((r) => r.data.date.slice(0, 7)));
    assert.ok(months.size >= 11, `invoices span only ${months.size} months`);
    assert.ok(demo.invoices.every((r) => r.data.date < DEMO_ANCHOR_DATE));
    assert.throws(() => generateDemoCompany(1, { anchorDate: "2027-02-30" }), /not a calendar date/);
  });

  test("never reads the clock or Math.random", () => {
    const dir = new URL("./", import.meta.url);
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"))) {
      const source = readFileSync(new URL(name, dir), "utf8");
      assert.doesNotMatch(source, /Math\.random|Date\.now|new Date\(\)/, name);
    }
  });

  test("keeps external ids unique in each collection", () => {
    for (const collection of collectionNames) {
      assert.equal(ids(collection).size, demo[collection].length, collection);
    }
  });

  test("keeps display names unique across customers and vendors, ignoring case, and free of ':'", () => {
    const names = [...demo.customers, ...demo.vendors].map((r) => r.data.name.toLowerCase());
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.every((n) => !n.includes(":")));
    const items = demo.items.map((r) => r.data.name.toLowerCase());
    assert.equal(new Set(items).size, items.length);
    assert.ok(demo.items.every((r) => r.data.name.length <= 100));
  });

  test("has customers that share an e-mail, customers without one, branches with a parent", () => {
    const emails = demo.customers.map((c) => c.data.email).filter((e) => e !== undefined);
    assert.ok(emails.length < demo.customers.length, "some customers have no e-mail");
    assert.ok(new Set(emails).size < emails.length, "some customers share an e-mail");
    const customerIds = ids("customers");
    const branches = demo.customers.filter((c) => c.data.parentExternalId !== undefined);
    assert.ok(branches.length >= 10);
    const position = new Map(demo.customers.map((c, i) => [c.externalId, i]));
    for (const branch of branches) {
      const parent = branch.data.parentExternalId as string;
      assert.ok(customerIds.has(parent));
      assert.ok(
        (position.get(parent) ?? Infinity) < (position.get(branch.externalId) ?? -1),
        "parent comes first",
      );
    }
    assert.ok(
      demo.customers.some((c) => c.data.givenName && c.data.familyName),
      "some customers are people",
    );
    assert.ok(
      demo.customers.some((c) => c.data.active === false),
      "some customers are inactive",
    );
  });

  test("has parts with and without SKU, priced above cost, stock only on inventory parts", () => {
    const withoutSku = demo.items.filter((i) => i.data.sku === undefined);
    assert.ok(withoutSku.length >= 10 && withoutSku.length < 100);
    for (const item of demo.items) {
      const { unitPrice, unitCost, type, quantityOnHand } = item.data;
      assert.ok(unitPrice !== undefined && unitCost !== undefined);
      assert.ok(Number(unitPrice) >= Number(unitCost), `${item.externalId} sells below cost`);
      assert.equal(quantityOnHand !== undefined, type === "inventory", item.externalId);
    }
    const types = new Set(demo.items.map((i) => i.data.type));
    assert.deepEqual([...types].sort(), ["inventory", "non_inventory", "service"]);
  });

  test("has the usual payment terms and a numbered chart of accounts of every kind", () => {
    const terms = demo.terms.map((t) => t.data.name);
    for (const name of ["Net 30", "Net 15", "Due on receipt", "2% 10 Net 30"])
      assert.ok(terms.includes(name), name);
    const twoTen = demo.terms.find((t) => t.data.name === "2% 10 Net 30");
    assert.equal(twoTen?.data.discountPercent, "2");
    assert.equal(twoTen?.data.discountDays, 10);
    assert.ok(demo.accounts.every((a) => /^\d{4}$/.test(a.data.number ?? "")));
    const types = new Set(demo.accounts.map((a) => a.data.type));
    for (const t of [
      "bank",
      "accounts_receivable",
      "accounts_payable",
      "income",
      "cost_of_goods_sold",
      "expense",
      "equity",
    ]) {
      assert.ok(types.has(t as never), t);
    }
  });

  test("every reference points at a record of the demo", () => {
    const check = (collection: CollectionName, key: string, target: CollectionName) => {
      const known = ids(target);
      for (const record of demo[collection]) {
        for (const ref of refs(record.data, key))
          assert.ok(known.has(ref), `${collection}/${record.externalId}: ${key} ${ref}`);
      }
    };
    for (const collection of collectionNames) {
      check(collection, "customerExternalId", "customers");
      check(collection, "vendorExternalId", "vendors");
      check(collection, "itemExternalId", "items");
      check(collection, "accountExternalId", "accounts");
      check(collection, "termsExternalId", "terms");
      check(collection, "taxCodeExternalId", "tax-codes");
      check(collection, "invoiceExternalId", "invoices");
      check(collection, "salesOrderExternalId", "sales-orders");
      check(collection, "purchaseOrderExternalId", "purchase-orders");
    }
    check("items", "incomeAccountExternalId", "accounts");
    check("items", "expenseAccountExternalId", "accounts");
    check("items", "assetAccountExternalId", "accounts");
    check("items", "preferredVendorExternalId", "vendors");
    check("payments", "depositAccountExternalId", "accounts");
  });

  test("invoices have several lines, and tax only for customers whose tax code has a rate", () => {
    const lines = demo.invoices.reduce((sum, i) => sum + i.data.lines.length, 0);
    assert.ok(lines / demo.invoices.length >= 2, "several lines on average");
    const rated = new Set(
      demo["tax-codes"].filter((t) => t.data.rate !== undefined).map((t) => t.externalId),
    );
    for (const invoice of demo.invoices) {
      if (invoice.data.taxAmount !== undefined)
        assert.ok(rated.has(invoice.data.taxCodeExternalId as string));
    }
    assert.ok(demo.invoices.some((i) => i.data.taxAmount !== undefined));
    assert.ok(demo.invoices.some((i) => i.data.deliveryFee !== undefined));
    assert.ok(demo.invoices.some((i) => i.data.locked === true));
    assert.ok(demo.invoices.some((i) => i.data.locked !== true));
  });

  test("payments never apply more to an invoice or order than it is for", () => {
    const totals = new Map<string, string>();
    for (const i of demo.invoices) totals.set(i.externalId, i.data.total as string);
    for (const o of demo["sales-orders"]) totals.set(o.externalId, o.data.total as string);
    const applied = new Map<string, string>();
    for (const payment of demo.payments) {
      for (const a of payment.data.applications ?? []) {
        const target = (a.invoiceExternalId ?? a.salesOrderExternalId) as string;
        applied.set(target, money.format(money.sum([applied.get(target) ?? "0", String(a.amount)])));
      }
    }
    for (const [target, amount] of applied) {
      assert.ok(
        Number(amount) <= Number(totals.get(target)),
        `${target}: ${amount} applied to ${totals.get(target)}`,
      );
    }
    const paidInFull = [...applied].filter(([t, a]) => money.equal(a, totals.get(t) as string)).length;
    assert.ok(paidInFull > demo.invoices.length / 2, "most invoices are paid");
    assert.ok(applied.size < demo.invoices.length, "some invoices are still open");
    assert.ok(
      demo.payments.some((p) => (p.data.applications?.length ?? 0) > 1),
      "a cheque pays several invoices",
    );
  });

  test("sales orders show delivery fees, discounts and every payment status, consistent with payments", () => {
    const orders = demo["sales-orders"];
    assert.ok(orders.some((o) => o.data.deliveryFee !== undefined));
    assert.ok(orders.some((o) => o.data.discount !== undefined));
    const statuses = new Set(orders.map((o) => o.data.paymentStatus));
    assert.deepEqual([...statuses].sort(), ["paid", "partially_paid", "unpaid"]);
    for (const order of orders) {
      const paid = demo.payments
        .flatMap((p) => p.data.applications ?? [])
        .filter((a) => a.salesOrderExternalId === order.externalId)
        .map((a) => String(a.amount));
      assert.ok(money.equal(money.sum(paid), order.data.amountPaid as string), order.externalId);
    }
  });

  test("orders that have shipped are billed by exactly one invoice for the same amount", () => {
    const closed = demo["sales-orders"].filter((o) => o.data.status === "closed");
    assert.ok(closed.length > 0);
    for (const order of closed) {
      const billed = demo.invoices.filter((i) => i.data.salesOrderExternalId === order.externalId);
      assert.equal(billed.length, 1, order.externalId);
      assert.equal(billed[0]?.data.total, order.data.total);
      assert.equal(billed[0]?.data.customerExternalId, order.data.customerExternalId);
    }
    const numbers = demo.invoices.map((i) => i.data.number);
    const dates = demo.invoices.map((i) => i.data.date);
    assert.deepEqual(dates, [...dates].sort(), "numbered in date order");
    assert.equal(numbers[0], "INV-24001");
  });

  test("bills split over the ledger, purchase orders carry receipts, shipments carry cartons", () => {
    assert.ok(
      demo.bills.some((b) => new Set(b.data.lines.map((l) => l.accountExternalId)).size > 1),
      "a GL split",
    );
    assert.ok(demo.bills.some((b) => b.data.purchaseOrderExternalId !== undefined));
    assert.ok(demo["purchase-orders"].some((p) => (p.data.receipts?.length ?? 0) > 0));
    assert.ok(demo["purchase-orders"].some((p) => p.data.status === "open"));
    for (const shipment of demo.shipments)
      assert.ok(shipment.data.cartons.every((c) => c.sscc !== undefined));
    const ssccs = demo.shipments.flatMap((s) => s.data.cartons.map((c) => c.sscc));
    assert.equal(new Set(ssccs).size, ssccs.length);
  });

  test("lists every collection once in load order, references before referrers", () => {
    assert.deepEqual([...DEMO_LOAD_ORDER].sort(), [...collectionNames].sort());
    const order = [...demoRecordsInOrder(demo)].map((c) => c.collection);
    const before = (a: CollectionName, b: CollectionName) =>
      assert.ok(order.indexOf(a) < order.indexOf(b), `${a} < ${b}`);
    before("accounts", "items");
    before("customers", "invoices");
    before("invoices", "payments");
    before("sales-orders", "shipments");
    before("purchase-orders", "bills");
  });

  test("can be made smaller for tests", () => {
    const small: DemoCompany = generateDemoCompany(1, { counts: { customers: 40, invoices: 30, bills: 30 } });
    assert.equal(small.customers.length, 40);
    assert.equal(small.invoices.length, 30);
    assert.equal(small.bills.length, 30);
  });
});
