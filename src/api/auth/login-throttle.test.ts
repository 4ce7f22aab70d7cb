import assert from "node:assert/strict";
import { test } from "node:test";
import { LoginThrottle } from "./login-throttle.ts";

test("refuses after too many failures within the window, and forgives after it or on success", () => {
  let now = 1_000_000;
  const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
  for (let i = 0; i < 3; i++) {
    assert.equal(throttle.retryAfterMs("admin|1.2.3.4"), 0);
    throttle.recordFailure("admin|1.2.3.4");
    now += 1000;
  }
  assert.equal(throttle.retryAfterMs("admin|1.2.3.4"), 57_000, "until the first failure leaves the window");
  assert.equal(throttle.retryAfterMs("admin|5.6.7.8"), 0, "other addresses are not affected");
  now += 57_000;
  assert.equal(throttle.retryAfterMs("admin|1.2.3.4"), 0);
  throttle.recordFailure("admin|1.2.3.4");
  throttle.recordFailure("admin|1.2.3.4");
  throttle.recordSuccess("admin|1.2.3.4");
  assert.equal(throttle.retryAfterMs("admin|1.2.3.4"), 0);
});
