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
  assert.deepEqual(limiter.usage(), [
    { key: "a", inFlight: 2, peakInFlight: 3, peakPerMinute: 3, requests: 3, throttled: 0 },
  ]);
  limiter.resetPeaks();
  assert.deepEqual(limiter.usage(), [
    { key: "a", inFlight: 2, peakInFlight: 2, peakPerMinute: 0, requests: 0, throttled: 0 },
  ]);
});

test("the busiest 60-second window is exact over the whole run, not a sample of recent requests", () => {
  const limiter = new Limiter();
  const off = { ...INTUIT_LIMITS, enabled: false };
  const send = (at: number) => {
    assert.equal(limiter.admit("a", at, off, false), "ok");
    limiter.release("a");
  };
  // 300 requests in the first half minute, then 250 spread over the next 90 s, then a burst of 400
  // long after, spread so that no 60 s window holds more than 400: the peak is the first minute's.
  for (let i = 0; i < 300; i++) send(i * 100); // 0 … 29.9 s
  for (let i = 0; i < 250; i++) send(30_000 + i * 360); // 30 s … 119.6 s
  // Window (−30.1 s, 29.9 s] holds 300; (0, 60 s] holds 299 + 84; the busiest ends at 59.9…60 s.
  const [first] = limiter.usage();
  const early = first?.peakPerMinute ?? 0;
  for (let i = 0; i < 400; i++) send(1_000_000 + i * 150); // 400 in 59.85 s
  const [after] = limiter.usage();
  assert.equal(after?.peakPerMinute, Math.max(early, 400));
  assert.equal(after?.requests, 950);
  // A brute-force count over every window ending at a request agrees.
  const times = [
    ...Array.from({ length: 300 }, (_, i) => i * 100),
    ...Array.from({ length: 250 }, (_, i) => 30_000 + i * 360),
  ];
  let brute = 0;
  for (const end of times) brute = Math.max(brute, times.filter((t) => t > end - 60_000 && t <= end).length);
  assert.equal(early, brute);
});

test("throttled requests count as requests a client sent", () => {
  const limiter = new Limiter();
  const limits = { ...INTUIT_LIMITS, requestsPerMinute: 2 };
  for (let i = 0; i < 5; i++) {
    if (limiter.admit("a", i, limits, false) === "ok") limiter.release("a");
  }
  const [u] = limiter.usage();
  assert.equal(u?.requests, 5);
  assert.equal(u?.throttled, 3);
  assert.equal(u?.peakPerMinute, 5);
});
