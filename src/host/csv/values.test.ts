import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { decimalText, setPath } from "./values.ts";

test("spreadsheet money reads as the exact decimal it shows", () => {
  const cases: [string, string][] = [
    ["1234.50", "1234.50"],
    ["$1,234.50", "1234.50"],
    ["1,234,567", "1234567"],
    ["(12.00)", "-12.00"],
    ["-$5", "-5"],
    ["2%", "2"],
    [" 7 . 5 ", "7.5"],
    [".5", ".5"],
  ];
  for (const [cell, expected] of cases) assert.equal(decimalText(cell), expected, cell);
  // Anything else comes back unchanged, for the schema to refuse with its own message.
  for (const cell of ["1.234,50", "12,34", "abc", "1,2345.00", "$", "--5"])
    assert.equal(decimalText(cell), cell, cell);
});

test("any amount written with US thousands separators and a dollar sign reads back exactly", () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.boolean(), (cents, negative) => {
      const whole = (cents / 100n).toString();
      const fraction = (cents % 100n).toString().padStart(2, "0");
      const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
      const cell = negative ? `($${grouped}.${fraction})` : `$${grouped}.${fraction}`;
      assert.equal(decimalText(cell), `${negative ? "-" : ""}${whole}.${fraction}`);
    }),
    { numRuns: 200 },
  );
});

test("dotted paths build nested objects without disturbing siblings", () => {
  const data: Record<string, unknown> = {};
  setPath(data, "billingAddress.city", "Rockford");
  setPath(data, "billingAddress.line1", "1 Main St");
  setPath(data, "name", "Acme");
  assert.deepEqual(data, { billingAddress: { city: "Rockford", line1: "1 Main St" }, name: "Acme" });
});
