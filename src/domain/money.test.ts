import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Money, money, NonNegativeMoney, Percent, PositiveMoney, Quantity, UnitPrice } from "./money.ts";

describe("Money", () => {
  test("normalises text and numbers to the same canonical decimal string", () => {
    assert.equal(Money.parse("1234.5"), "1234.50");
    assert.equal(Money.parse(1234.5), "1234.50");
    assert.equal(Money.parse(" 1234.50 "), "1234.50");
    assert.equal(Money.parse("12"), "12.00");
    assert.equal(Money.parse("0.125"), "0.125");
    assert.equal(Money.parse("-0.00"), "0.00");
    assert.equal(Money.parse(".5"), "0.50");
  });

  test("keeps values that binary floating point can not represent exactly", () => {
    assert.equal(Money.parse(0.1), "0.10");
    assert.equal(Money.parse("0.1"), "0.10");
    assert.equal(Money.parse("9999999999999.99"), "9999999999999.99");
    // 0.1 + 0.2 in floats is 0.30000000000000004; in decimals it is 0.3.
    assert.equal(money.format(money.sum(["0.1", "0.2"])), "0.30");
  });

  test("refuses what is not a decimal, instead of guessing", () => {
    for (const bad of ["12,50", "1e3", "abc", "", "1.2.3", "NaN", "$12"]) {
      assert.equal(Money.safeParse(bad).success, false, bad);
    }
    assert.equal(Money.safeParse(Number.POSITIVE_INFINITY).success, false);
    assert.equal(Money.safeParse(null).success, false);
    assert.equal(Money.safeParse(true).success, false);
  });

  test("refuses more precision than it keeps, rather than rounding silently", () => {
    assert.equal(Money.safeParse("1.12345").success, false, "no currency has more than 4 decimals");
    assert.equal(Money.parse("1.1234"), "1.1234", "the document's currency decides further");
    assert.equal(UnitPrice.parse("1.1234567"), "1.1234567", "unit prices keep QuickBooks' 7 decimals");
    assert.equal(UnitPrice.safeParse("1.12345678").success, false);
    assert.equal(UnitPrice.safeParse("-1").success, false, "a price is never negative");
    assert.equal(Money.safeParse("12345678901234").success, false);
  });

  test("signed and bounded variants", () => {
    assert.equal(Money.parse("-5"), "-5.00");
    assert.equal(NonNegativeMoney.safeParse("-0.01").success, false);
    assert.equal(NonNegativeMoney.parse("0"), "0.00");
    assert.equal(PositiveMoney.safeParse("0").success, false);
    assert.equal(PositiveMoney.parse("0.01"), "0.01");
    assert.equal(Quantity.parse("40.000"), "40");
    assert.equal(Quantity.parse(2.5), "2.5");
    assert.equal(Percent.parse("8.250"), "8.25");
  });

  test("toCents rounds half away from zero", () => {
    assert.equal(money.toCents("2.345"), "2.35");
    assert.equal(money.toCents("2.344"), "2.34");
    assert.equal(money.toCents("-2.345"), "-2.35");
  });

  test("any two-decimal amount survives text → Money → number → Money unchanged", () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), (cents) => {
        const text = (cents / 100).toFixed(2);
        const canonical = Money.parse(text);
        assert.equal(canonical, text.replace(/^-0\.00$/, "0.00"));
        assert.equal(Money.parse(Number(canonical)), canonical);
        assert.equal(Money.parse(canonical), canonical);
      }),
      { numRuns: 300 },
    );
  });
});
