import assert from "node:assert/strict";
import { test } from "node:test";
import { hasValidGs1CheckDigit } from "#domain/shipment.ts";
import { addDays, dayOfNextMonth, endOfMonth, nextWeekday } from "./calendar.ts";
import { formatCents, percentOf } from "./cents.ts";
import { Random } from "./random.ts";
import { sscc } from "./sales.ts";

test("a seed always gives the same sequence, another seed another one", () => {
  const draw = (seed: number) => {
    const r = new Random(seed);
    return Array.from({ length: 20 }, () => r.next());
  };
  assert.deepEqual(draw(7), draw(7));
  assert.notDeepEqual(draw(7), draw(8));
  assert.ok(draw(7).every((x) => x >= 0 && x < 1));
});

test("int stays within both bounds and reaches them", () => {
  const r = new Random(1);
  const seen = new Set<number>();
  for (let i = 0; i < 2_000; i++) {
    const n = r.int(3, 7);
    assert.ok(Number.isInteger(n) && n >= 3 && n <= 7);
    seen.add(n);
  }
  assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
});

test("shuffle and sample keep the elements, forks do not depend on later use of the parent", () => {
  const r = new Random(2);
  const list = Array.from({ length: 50 }, (_, i) => i);
  assert.deepEqual(
    [...r.shuffle(list)].sort((a, b) => a - b),
    list,
  );
  assert.equal(new Set(r.sample(list, 10)).size, 10);
  const a = new Random(3);
  const forkA = a.fork("x");
  const b = new Random(3);
  const forkB = b.fork("x");
  b.next();
  assert.equal(forkA.next(), forkB.next());
  assert.notEqual(new Random(3).fork("x").next(), new Random(3).fork("y").next());
});

test("calendar arithmetic works in UTC across months and years", () => {
  assert.equal(addDays("2026-12-30", 3), "2027-01-02");
  assert.equal(nextWeekday("2026-11-21"), "2026-11-23");
  assert.equal(nextWeekday("2026-11-22"), "2026-11-23");
  assert.equal(nextWeekday("2026-11-20"), "2026-11-20");
  assert.equal(dayOfNextMonth("2026-12-15", 10), "2027-01-10");
  assert.equal(endOfMonth("2026-03-15", 1), "2026-02-28");
  assert.equal(endOfMonth("2026-03-15"), "2026-03-31");
});

test("cents print as exact decimals", () => {
  assert.equal(formatCents(123450), "1234.50");
  assert.equal(formatCents(5), "0.05");
  assert.equal(formatCents(-1205), "-12.05");
  assert.equal(percentOf(10_000, 625), 625);
  assert.equal(percentOf(1_999, 625), 125);
  assert.throws(() => formatCents(1.5));
});

test("SSCCs carry a valid GS1 check digit", () => {
  for (const serial of [1, 2, 99, 123456789]) {
    const code = sscc(serial);
    assert.match(code, /^\d{18}$/);
    assert.ok(hasValidGs1CheckDigit(code), code);
  }
  assert.equal(sscc(123456789).slice(0, 17), "00614141123456789");
  assert.ok(!hasValidGs1CheckDigit(`${sscc(5).slice(0, 17)}${(Number(sscc(5).at(-1)) + 1) % 10}`));
});
