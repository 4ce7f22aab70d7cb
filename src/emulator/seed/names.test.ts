import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { demoNames } from "./names.ts";

const names = demoNames();
const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/\b(the|inc|incorporated|llc|co|company|corp|corporation|ltd|limited)\b/g, "")
    .replace(/[^a-z0-9]/g, "");

describe("demoNames", () => {
  test("is deterministic", () => {
    assert.deepEqual(demoNames(), names);
  });

  test("has a few hundred customers and items and about eighty vendors", () => {
    assert.ok(names.customers.length >= 280 && names.customers.length <= 320, `${names.customers.length}`);
    assert.equal(names.vendors.length, 80);
    assert.ok(names.items.length >= 280 && names.items.length <= 320, `${names.items.length}`);
  });

  test("display names are unique across customers and vendors, ignoring case", () => {
    const all = [...names.customers, ...names.vendors].map((p) => p.displayName.toLowerCase());
    assert.equal(new Set(all).size, all.length);
  });

  test("item names are unique ignoring case, and no name holds a colon or exceeds 100 characters", () => {
    const items = names.items.map((i) => i.name.toLowerCase());
    assert.equal(new Set(items).size, items.length);
    for (const n of [...names.customers, ...names.vendors].map((p) => p.displayName).concat(items)) {
      assert.ok(!n.includes(":") && n.length <= 100 && n.trim() === n, n);
    }
  });

  test("gives matching work: near-duplicate names and shared e-mails", () => {
    const byKey = new Map<string, number>();
    for (const c of names.customers)
      byKey.set(normalise(c.displayName), (byKey.get(normalise(c.displayName)) ?? 0) + 1);
    const nearDuplicates = [...byKey.values()].filter((n) => n > 1).length;
    assert.ok(nearDuplicates >= 15, `near-duplicate customer groups: ${nearDuplicates}`);

    const emails = new Map<string, number>();
    for (const c of names.customers) if (c.email) emails.set(c.email, (emails.get(c.email) ?? 0) + 1);
    const shared = [...emails.values()].filter((n) => n > 1).length;
    assert.ok(shared >= 10, `shared e-mails: ${shared}`);
  });

  test("items mix types, with and without SKU, with valid money strings", () => {
    const types = new Set(names.items.map((i) => i.type));
    assert.deepEqual([...types].sort(), ["Inventory", "NonInventory", "Service"]);
    const withSku = names.items.filter((i) => i.sku).length;
    assert.ok(withSku > 100 && withSku < names.items.length - 30, `with SKU: ${withSku}`);
    for (const i of names.items) {
      assert.match(i.unitPrice, /^\d+\.\d{2}$/);
      if (i.unitCost) assert.match(i.unitCost, /^\d+\.\d{2}$/);
      if (i.sku) assert.ok(i.sku.length <= 100);
    }
    const itemKeys = new Map<string, number>();
    for (const i of names.items) itemKeys.set(normalise(i.name), (itemKeys.get(normalise(i.name)) ?? 0) + 1);
    assert.ok(
      [...itemKeys.values()].some((n) => n > 1),
      "some items differ only in punctuation",
    );
  });
});
