import assert from "node:assert/strict";
import { test } from "node:test";
import { LoginThrottle } from "./login-throttle.ts";

test("admits the limit within the window, counting each attempt as it is admitted; forgives after it or on success", () => {
  let now = 1_000_000;
  const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(throttle.admit("admin|1.2.3.4"), { allowed: true });
    now += 1000;
  }
  assert.deepEqual(
    throttle.admit("admin|1.2.3.4"),
    { allowed: false, retryAfterMs: 57_000 },
    "until the first attempt leaves the window",
  );
  assert.equal(throttle.retryAfterMs("admin|1.2.3.4"), 57_000, "a refused attempt is not counted");
  assert.deepEqual(throttle.admit("admin|5.6.7.8"), { allowed: true }, "other addresses are not affected");
  now += 57_000;
  assert.deepEqual(throttle.admit("admin|1.2.3.4"), { allowed: true });
  throttle.admit("admin|1.2.3.4");
  throttle.recordSuccess("admin|1.2.3.4");
  assert.equal(throttle.retryAfterMs("admin|1.2.3.4"), 0);
});

test("a burst admits exactly the limit: the count is taken before any password is checked", () => {
  const throttle = new LoginThrottle({ maxFailures: 10, windowMs: 60_000 });
  const admitted = Array.from({ length: 100 }, () => throttle.admit("admin|1.2.3.4")).filter(
    (a) => a.allowed,
  );
  assert.equal(admitted.length, 10);
});

test("memory stays bounded, and a flood of other names never evicts a name under attack", () => {
  let now = 0;
  const throttle = new LoginThrottle({ maxFailures: 10, windowMs: 60_000, maxEntries: 1000, now: () => now });
  for (let i = 0; i < 10; i++) throttle.admit("admin|1.2.3.4");
  for (let i = 0; i < 3; i++) throttle.admit("bob|1.2.3.4");
  for (let i = 0; i < 10_000; i++) {
    now += 1;
    throttle.admit(`flood-${i}|9.9.9.9`);
  }
  assert.ok(throttle.size <= 1000, `at most 1,000 entries (${throttle.size})`);
  assert.equal(throttle.admit("admin|1.2.3.4").allowed, false, "the admin is still locked");
  assert.ok(throttle.retryAfterMs("bob|1.2.3.4") === 0 && throttle.admit("bob|1.2.3.4").allowed);
  now += 60_001;
  assert.equal(throttle.admit("admin|1.2.3.4").allowed, true, "and free once the window has passed");
});

test("an administrator clears a name's attempts from every address, and only that name's", () => {
  const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 60_000 });
  for (const key of ["admin|1.2.3.4", "admin|1.2.3.4", "admin|5.6.7.8", "admin|5.6.7.8", "eve|1.2.3.4"])
    throttle.admit(key);
  assert.ok(throttle.retryAfterMs("admin|1.2.3.4") > 0);
  assert.equal(throttle.clearName("Admin"), 2);
  assert.equal(throttle.retryAfterMs("admin|1.2.3.4"), 0);
  assert.equal(throttle.retryAfterMs("admin|5.6.7.8"), 0);
  assert.equal(throttle.size, 1, "eve's attempts stay");
});
