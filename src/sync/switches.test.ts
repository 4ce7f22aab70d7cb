import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  checkSwitches,
  dependentsOf,
  type PushObject,
  prerequisitesOf,
  turnOff,
  turnOn,
} from "./switches.ts";

describe("push switches", () => {
  test("turning invoices on turns on items and customers, and says so", () => {
    const { switches, alsoTurnedOn } = turnOn(new Set(), "invoices");
    assert.deepEqual([...switches].sort(), ["customers", "invoices", "items"]);
    assert.deepEqual(alsoTurnedOn, ["items", "customers"]);
  });

  test("payments need invoices, and through them items and customers", () => {
    assert.deepEqual(prerequisitesOf("payments"), ["items", "customers", "invoices"]);
  });

  test("journal entries need accounts, customers and vendors", () => {
    assert.deepEqual(prerequisitesOf("journal-entries"), ["accounts", "customers", "vendors"]);
  });

  test("turning a prerequisite off under a dependent is refused with the reason", () => {
    const on = new Set<PushObject>(["items", "vendors", "purchase-orders"]);
    const result = turnOff(on, "vendors");
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.deepEqual(result.dependents, ["purchase-orders"]);
      assert.equal(
        result.message,
        "vendors cannot be turned off while purchase orders are on: purchase orders need vendors",
      );
    }
  });

  test("an object nothing needs turns off", () => {
    const result = turnOff(new Set<PushObject>(["items", "customers", "invoices"]), "invoices");
    assert.ok(result.ok);
    if (result.ok) assert.deepEqual([...result.switches].sort(), ["customers", "items"]);
  });

  test("a whole set of switches is checked for missing prerequisites", () => {
    assert.equal(checkSwitches(new Set<PushObject>(["bills"])), "bills need vendors turned on");
    assert.equal(checkSwitches(new Set<PushObject>(["bills", "vendors"])), undefined);
  });

  test("dependents are the reverse of prerequisites", () => {
    assert.deepEqual(dependentsOf("customers"), ["invoices", "journal-entries", "payments"]);
  });
});
