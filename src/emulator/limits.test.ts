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
  assert.equal(limiter.admit("a", 60_002, { ...limits, enabled: false }, false), "ok");
});

test("requests in flight and their peak are counted even with limits off", () => {
  const limiter = new Limiter();
  const off = { ...INTUIT_LIMITS, enabled: false, concurrentRequests: 1 };
  for (let i = 0; i < 3; i++) assert.equal(limiter.admit("a", i, off, false), "ok");
  limiter.release("a");
  assert.deepEqual(limiter.usage(), [{ key: "a", inFlight: 2, peakInFlight: 3 }]);
  limiter.resetPeaks();
  assert.deepEqual(limiter.usage(), [{ key: "a", inFlight: 2, peakInFlight: 2 }]);
});
