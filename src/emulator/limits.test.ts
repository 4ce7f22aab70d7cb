import assert from "node:assert/strict";
import { test } from "node:test";
import { INTUIT_LIMITS, Limiter } from "./limits.ts";

test("requests per minute, in flight and batches per minute are counted per key", () => {
  const limiter = new Limiter();
  const limits = { ...INTUIT_LIMITS, requestsPerMinute: 3, concurrentRequests: 2, batchRequestsPerMinute: 1 };
  assert.equal(limiter.admit("a", 0, limits, true), "ok");
  assert.equal(limiter.admit("a", 1, limits, true), "batch", "one batch a minute");
  assert.equal(limiter.admit("a", 1, limits, false), "ok");
  assert.equal(limiter.admit("a", 2, limits, false), "concurrency", "two already in flight");
  assert.equal(limiter.admit("b", 2, limits, false), "ok", "another company or app has its own limits");
  limiter.release("a");
  assert.equal(limiter.admit("a", 3, limits, false), "ok");
  limiter.release("a");
  limiter.release("a");
  assert.equal(limiter.admit("a", 4, limits, false), "rate", "three in the last minute");
  assert.equal(limiter.admit("a", 60_001, limits, false), "ok", "the window has moved on");
  assert.equal(limiter.admit("a", 60_002, { ...limits, enabled: false }, false), "unlimited");
});
