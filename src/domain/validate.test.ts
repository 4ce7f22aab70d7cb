import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";
import { collectionNames, collections, isCollection } from "./collections.ts";
import { examples } from "./examples.ts";
import { canonicalJson, contentHash } from "./hash.ts";
import { validateRecord } from "./validate.ts";

function issues(collection: Parameters<typeof validateRecord>[0], body: unknown) {
  const result = validateRecord(collection, body);
  assert.equal(result.ok, false, "expected the body to be refused");
  return result.ok ? [] : result.issues;
}

function valid<C extends Parameters<typeof validateRecord>[0]>(collection: C, body: unknown) {
  const result = validateRecord(collection, body);
  if (!result.ok) assert.fail(`expected valid, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

describe("validateRecord", () => {
  test("every collection's example is valid, and every collection has one", () => {
    assert.deepEqual(collectionNames.sort(), Object.keys(examples).sort());
    for (const name of collectionNames) valid(name, examples[name]);
  });

  test("accepts the issue's examples and normalises their amounts", () => {
    const item = valid("items", {
      sku: "WID-100",
      name: "Widget 100",
      type: "inventory",
      unitPrice: "12.50",
      unitCost: 7.1,
      quantityOnHand: "40",
    });
    assert.equal(item.unitCost, "7.10");
    assert.equal(item.active, true);
    const invoice = valid("invoices", {
      number: "INV-1001",
      customerExternalId: "C-1001",
      date: "2026-11-02",
      lines: [{ itemExternalId: "P-100", quantity: "3", unitPrice: "12.50" }],
    });
    assert.equal(invoice.lines[0]?.amount, "37.50");
    assert.equal(invoice.locked, false);
  });

  test("names every invalid field by its JSON pointer, all at once", () => {
    const found = issues("invoices", {
      number: "INV-1",
      date: "2026-02-30",
      emial: "x@y.example",
      lines: [{ itemExternalId: "P-1", quantity: "three", unitPrice: true }],
    });
    const byPath = Object.fromEntries(found.map((i) => [i.path, i.message]));
    assert.deepEqual(Object.keys(byPath).sort(), [
      "/customerExternalId",
      "/date",
      "/emial",
      "/lines/0/quantity",
      "/lines/0/unitPrice",
    ]);
    assert.equal(byPath["/customerExternalId"], "is required");
    assert.equal(byPath["/emial"], "is not a known field");
    assert.match(byPath["/lines/0/quantity"] ?? "", /not a decimal/);
  });

  test("a body that is not an object is refused at the root", () => {
    assert.deepEqual(issues("customers", []), [{ path: "", message: "must be a JSON object, got an array" }]);
    assert.deepEqual(issues("customers", null), [{ path: "", message: "must be a JSON object, got null" }]);
  });

  test("escapes JSON pointer characters in unknown keys", () => {
    assert.deepEqual(issues("accounts", { ...examples.accounts, "a/b~c": 1 }), [
      { path: "/a~1b~0c", message: "is not a known field" },
    ]);
  });

  test("enum values may be written with hyphens and are stored in snake_case", () => {
    assert.equal(
      valid("items", { ...examples.items, type: "non-inventory", quantityOnHand: undefined }).type,
      "non_inventory",
    );
    assert.equal(
      valid("accounts", { ...examples.accounts, type: "cost-of-goods-sold" }).type,
      "cost_of_goods_sold",
    );
  });

  test("enums list their allowed values", () => {
    const [issue] = issues("items", { ...examples.items, type: "gadget" });
    assert.equal(issue?.path, "/type");
    assert.match(issue?.message ?? "", /"inventory", "non_inventory", "service"/);
  });

  test("journal entries must balance", () => {
    const [issue] = issues("journal-entries", {
      date: "2026-10-31",
      lines: [
        { accountExternalId: "6900", debit: "100.00" },
        { accountExternalId: "1590", credit: "99.99" },
      ],
    });
    assert.deepEqual(issue, { path: "/lines", message: "do not balance: debits 100.00, credits 99.99" });
    assert.equal(
      issues("journal-entries", {
        date: "2026-10-31",
        lines: [
          { accountExternalId: "6900", debit: "1", credit: "1" },
          { accountExternalId: "1590", credit: "1" },
        ],
      })[0]?.path,
      "/lines/0/debit",
    );
  });

  test("a line amount must be quantity × price when both are given", () => {
    const [issue] = issues("invoices", {
      ...examples.invoices,
      lines: [{ itemExternalId: "P-100", quantity: "3", unitPrice: "12.50", amount: "37.00" }],
    });
    assert.deepEqual(issue, {
      path: "/lines/0/amount",
      message: "is 37.00 but quantity × unitPrice is 37.50",
    });
    assert.equal(
      issues("invoices", { ...examples.invoices, lines: [{ itemExternalId: "P-100", quantity: "3" }] })[0]
        ?.path,
      "/lines/0/amount",
    );
  });

  test("a stated total must match lines + tax + delivery − discount", () => {
    const order = valid("sales-orders", { ...examples["sales-orders"], total: "135.00" });
    assert.equal(order.total, "135.00");
    const [issue] = issues("sales-orders", { ...examples["sales-orders"], total: "130.00" });
    assert.deepEqual(issue, {
      path: "/total",
      message: "is 130.00 but lines + tax + delivery fee − discount comes to 135.00",
    });
  });

  test("payment status must agree with the amount paid", () => {
    valid("sales-orders", { ...examples["sales-orders"], paymentStatus: "partially_paid", amountPaid: "50" });
    valid("sales-orders", { ...examples["sales-orders"], paymentStatus: "paid", amountPaid: "135" });
    assert.equal(
      issues("sales-orders", { ...examples["sales-orders"], paymentStatus: "paid", amountPaid: "50" })[0]
        ?.path,
      "/paymentStatus",
    );
  });

  test("payments can not apply more than they bring", () => {
    const [issue] = issues("payments", {
      ...examples.payments,
      applications: [
        { invoiceExternalId: "INV-1", amount: "30" },
        { salesOrderExternalId: "SO-1", amount: "10.23" },
      ],
    });
    assert.equal(issue?.path, "/applications");
  });

  test("purchase order receipts point at existing lines", () => {
    const [issue] = issues("purchase-orders", {
      ...examples["purchase-orders"],
      receipts: [{ date: "2026-10-27", lines: [{ line: 2, quantity: "1" }] }],
    });
    assert.deepEqual(issue, {
      path: "/receipts/0/lines/0/line",
      message: "refers to line 2 but the order has 1",
    });
  });

  test("bill lines need an account or an item", () => {
    assert.equal(
      issues("bills", { ...examples.bills, lines: [{ description: "x", amount: "1" }] })[0]?.path,
      "/lines/0/itemExternalId",
    );
  });

  test("shipments check SSCC check digits and duplicates", () => {
    assert.equal(
      issues("shipments", {
        ...examples.shipments,
        cartons: [{ sscc: "000123450000000011", items: [{ itemExternalId: "P-1", quantity: "1" }] }],
      })[0]?.message,
      "has a wrong check digit",
    );
    const carton = { sscc: "106141412345678908", items: [{ itemExternalId: "P-1", quantity: "1" }] };
    assert.equal(
      issues("shipments", { ...examples.shipments, cartons: [carton, carton] })[0]?.path,
      "/cartons/1/sscc",
    );
  });

  test("customer locations: codes and partner ids unique, each with an address", () => {
    const location = {
      code: "DC-1",
      name: "DC one",
      address: { line1: "1 Dock Rd" },
      partnerLocationId: "0001",
    };
    const customer = valid("customers", { name: "Retailer", locations: [location] });
    assert.equal(customer.locations?.[0]?.partnerLocationId, "0001");
    assert.deepEqual(
      issues("customers", {
        name: "Retailer",
        locations: [location, { code: "DC-3", name: "no address" }],
      }),
      [{ path: "/locations/1/address", message: "is required" }],
    );
    assert.deepEqual(
      issues("customers", { name: "Retailer", locations: [location, { ...location, name: "again" }] }),
      [
        { path: "/locations/1/code", message: 'repeats location 1\'s code "DC-1"' },
        { path: "/locations/1/partnerLocationId", message: 'repeats location 1\'s id "0001"' },
      ],
    );
  });

  test("item partner numbers: at least one number, one entry per partner", () => {
    const item = valid("items", {
      ...examples.items,
      partnerNumbers: [{ buyerPartNumber: "ANY-1" }, { customerExternalId: "C-2", upc: "036000291452" }],
    });
    assert.equal(item.partnerNumbers?.length, 2);
    assert.deepEqual(
      issues("items", { ...examples.items, partnerNumbers: [{ customerExternalId: "C-2" }] }),
      [
        {
          path: "/partnerNumbers/0/buyerPartNumber",
          message: "give buyerPartNumber, vendorPartNumber or upc",
        },
      ],
    );
    assert.deepEqual(
      issues("items", {
        ...examples.items,
        partnerNumbers: [
          { customerExternalId: "C-2", buyerPartNumber: "A" },
          { customerExternalId: "C-2", buyerPartNumber: "B", upc: "12" },
        ],
      }),
      [
        { path: "/partnerNumbers/1/upc", message: "must be 8 to 14 digits (UPC/EAN/GTIN)" },
        { path: "/partnerNumbers/1/customerExternalId", message: 'repeats entry 1\'s customer "C-2"' },
      ],
    );
    assert.match(
      issues("items", {
        ...examples.items,
        partnerNumbers: [{ upc: "036000291452" }, { buyerPartNumber: "B" }],
      })[0]?.message ?? "",
      /already holds the numbers for every partner/,
    );
  });

  test("sales lines keep the buyer's PO line number", () => {
    const order = valid("sales-orders", {
      ...examples["sales-orders"],
      lines: [{ itemExternalId: "P-100", quantity: "1", unitPrice: "2", customerPoLineNumber: "0001" }],
    });
    assert.equal(order.lines[0]?.customerPoLineNumber, "0001");
  });

  test("terms are either net days or date driven", () => {
    valid("terms", { name: "15th", dayOfMonthDue: 15 });
    assert.equal(issues("terms", { name: "?" })[0]?.path, "/dueDays");
    assert.equal(issues("terms", { name: "?", dueDays: 10, dayOfMonthDue: 3 })[0]?.path, "/dueDays");
  });

  test("external ids in references may not contain a slash", () => {
    assert.equal(
      issues("invoices", { ...examples.invoices, customerExternalId: "a/b" })[0]?.path,
      "/customerExternalId",
    );
  });
});

describe("collections", () => {
  test("are the fourteen URL names the API promises, minus companies", () => {
    assert.deepEqual(Object.keys(collections), [
      "customers",
      "vendors",
      "items",
      "accounts",
      "terms",
      "tax-codes",
      "sales-orders",
      "invoices",
      "bills",
      "purchase-orders",
      "journal-entries",
      "payments",
      "shipments",
    ]);
    assert.equal(isCollection("customers"), true);
    assert.equal(isCollection("toString"), false);
    assert.equal(isCollection("companies"), false);
  });

  test("every schema can be described as JSON Schema for the OpenAPI document", () => {
    for (const c of Object.values(collections)) {
      const schema = z.toJSONSchema(c.schema, { io: "input" }) as {
        $ref?: string;
        $defs?: Record<string, unknown>;
      };
      assert.ok(schema.$ref ?? schema.$defs, c.name);
    }
  });

  test("search and title fields exist in the schema", () => {
    for (const c of Object.values(collections)) {
      const shape = (
        z.toJSONSchema(c.schema, { io: "input", reused: "inline" }) as {
          $defs: Record<string, { properties: object }>;
        }
      ).$defs;
      const properties = Object.values(shape)[0]?.properties ?? {};
      for (const field of [...c.searchFields, c.titleField, c.subtitleField].filter(Boolean)) {
        assert.ok(Object.hasOwn(properties, field as string), `${c.name}.${field}`);
      }
    }
  });
});

describe("contentHash", () => {
  test("ignores key order and undefined, and sees every value change", () => {
    assert.equal(contentHash({ a: 1, b: { c: "x", d: undefined } }), contentHash({ b: { c: "x" }, a: 1 }));
    assert.notEqual(contentHash({ a: "1.00" }), contentHash({ a: "1.0" }));
    assert.equal(canonicalJson({ z: [3, { y: 1, x: 2 }], a: null }), '{"a":null,"z":[3,{"x":2,"y":1}]}');
    assert.match(contentHash({}), /^[0-9a-f]{64}$/);
  });

  test("the same record sent with numbers or strings hashes the same once validated", () => {
    const a = validateRecord("items", { ...examples.items, unitPrice: 12.5 });
    const b = validateRecord("items", { ...examples.items, unitPrice: "12.500" });
    assert.ok(a.ok && b.ok);
    assert.equal(contentHash(a.value), contentHash(b.value));
  });
});
