import assert from "node:assert/strict";
import { test } from "node:test";
import { cents, times } from "./money.ts";

test("amounts round half-up to cents, as QuickBooks does", () => {
  assert.equal(cents(1861.075), 1861.08);
  assert.equal(cents(times(3, 9.995)), 29.99);
  assert.equal(cents(times(0.1, 3)), 0.3);
  assert.equal(cents(-2.345), -2.35);
});
