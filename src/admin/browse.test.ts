import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type CollectionName, collections } from "#domain/collections.ts";
import { referenceTarget } from "#domain/references.ts";
import { fieldLooks } from "./browse.ts";
import { describePayload } from "./jobs.ts";

describe("how record fields read", () => {
  test("money, quantities and rates come from the schema's declared types", () => {
    const invoice = fieldLooks("invoices");
    for (const f of ["total", "discount", "deliveryFee", "taxAmount", "lines.unitPrice", "lines.amount"])
      assert.deepEqual(invoice[f], { format: "money" }, f);
    assert.deepEqual(invoice["lines.quantity"], { format: "quantity" });
    assert.deepEqual(fieldLooks("journal-entries")["lines.debit"], { format: "money" });
    assert.deepEqual(fieldLooks("payments")["applications.amount"], { format: "money" });
    assert.deepEqual(fieldLooks("tax-codes").rate, { format: "percent" });
  });

  test("codes made of digits are never amounts", () => {
    assert.equal(fieldLooks("accounts").number, undefined);
    assert.equal(fieldLooks("invoices").number, undefined);
    assert.equal(fieldLooks("items").sku, undefined);
  });

  test("every reference field of every collection points into an existing collection", () => {
    assert.deepEqual(fieldLooks("invoices").customerExternalId, { references: "customers" });
    assert.deepEqual(fieldLooks("bills")["lines.accountExternalId"], { references: "accounts" });
    assert.deepEqual(fieldLooks("items").preferredVendorExternalId, { references: "vendors" });
    // An item's partner numbers link to the customer they belong to on the record page.
    assert.deepEqual(fieldLooks("items")["partnerNumbers.customerExternalId"], { references: "customers" });
    assert.equal(fieldLooks("customers")["locations.partnerLocationId"], undefined);
    for (const name of Object.keys(collections) as CollectionName[]) {
      for (const [path, look] of Object.entries(fieldLooks(name))) {
        if (path.endsWith("ExternalId")) assert.ok("references" in look, `${name} ${path}`);
        if ("references" in look) assert.ok(look.references in collections, `${name} ${path}`);
      }
    }
  });

  test("a parent is a record of the same collection", () => {
    assert.equal(referenceTarget("parentExternalId", "accounts"), "accounts");
    assert.equal(referenceTarget("parentExternalId", "customers"), "customers");
    assert.equal(referenceTarget("purchaseOrderExternalId", "bills"), "purchase-orders");
    assert.equal(referenceTarget("taxCodeExternalId", "invoices"), "tax-codes");
    assert.equal(referenceTarget("customerName", "invoices"), undefined);
  });
});

describe("job subjects", () => {
  test("a noted record change says it is waiting for QuickBooks, in the record's own words", () => {
    const payload = { collection: "customers", externalId: "C-1001", version: 3 };
    assert.deepEqual(describePayload(payload, { type: "record.changed", outcome: "succeeded" }), {
      summary: "Customer C-1001, version 3 — waiting for a QuickBooks connection",
      record: { collection: "customers", externalId: "C-1001", version: 3 },
    });
    assert.equal(
      describePayload({ ...payload, collection: "tax-codes" }, { type: "record.changed", outcome: "failed" })
        .summary,
      "Tax code C-1001, version 3",
    );
    assert.equal(describePayload({ file: "a.csv", rows: 3 }).summary, "file: a.csv, rows: 3");
  });
});
