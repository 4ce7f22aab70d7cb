import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { decimal, impliedDecimal, isoDate, isTime, toImplied } from "./values.ts";

describe("values", () => {
  test("decimal() normalises like decimal.js, without it", () => {
    for (const v of ["0008", "9.50", ".5", "-0.0", "-12.340", "0", "100", "1.", "007.0700", "-.5"]) {
      assert.equal(decimal(v), new Decimal(v).toFixed(), v);
    }
    fc.assert(
      fc.property(
        fc.stringMatching(/^-?(\d{1,25}\.?\d{0,12}|\.\d{1,12})$/),
        (v) => decimal(v) === new Decimal(v).toFixed(),
      ),
      { numRuns: 2000 },
    );
    assert.equal(decimal("1e5"), undefined);
    assert.equal(decimal("1,5"), undefined);
  });

  test("implied decimals (N2) in both directions", () => {
    assert.equal(impliedDecimal("387530", 2), "3875.3");
    assert.equal(impliedDecimal("-5", 2), "-0.05");
    assert.equal(toImplied("3875.3", 2, "total"), "387530");
    assert.throws(() => toImplied("0.001", 2, "total"), /total: 0.001 has more than 2 decimal places/);
  });

  test("dates and times", () => {
    assert.equal(isoDate("20240229"), "2024-02-29");
    assert.equal(isoDate("20230229"), undefined);
    assert.equal(isoDate("950120"), "1995-01-20");
    assert.equal(isoDate("130123"), "2013-01-23");
    assert.ok(isTime("0123") && isTime("142428") && isTime("14242899"));
    assert.ok(!isTime("2400") && !isTime("12") && !isTime("1260"));
  });
});
