import assert from "node:assert/strict";
import { test } from "node:test";
import { addDays, formatDay, formatResponseTime, formatTimestamp, isDay, parseTimestamp } from "./time.ts";

test("timestamps are rendered in Pacific time with the offset of the season", () => {
  assert.equal(formatTimestamp(Date.parse("2026-01-15T17:19:21Z")), "2026-01-15T09:19:21-08:00");
  assert.equal(formatTimestamp(Date.parse("2026-07-15T17:19:21Z")), "2026-07-15T10:19:21-07:00");
  assert.equal(formatResponseTime(Date.parse("2026-01-15T17:19:21.923Z")), "2026-01-15T09:19:21.923-08:00");
  assert.equal(formatResponseTime(Date.parse("2026-01-15T17:19:21.007Z")), "2026-01-15T09:19:21.007-08:00");
  // One second apart across the spring change of offset: 01:59:59.999 PST, then 03:00:00.000 PDT.
  assert.equal(formatResponseTime(Date.parse("2026-03-08T09:59:59.999Z")), "2026-03-08T01:59:59.999-08:00");
  assert.equal(formatResponseTime(Date.parse("2026-03-08T10:00:00.000Z")), "2026-03-08T03:00:00.000-07:00");
  assert.equal(
    formatDay(Date.parse("2026-03-01T07:59:00Z")),
    "2026-02-28",
    "the day is the company's, not UTC's",
  );
});

test("days and timestamps parse as the API accepts them", () => {
  assert.ok(isDay("2024-02-29"));
  assert.ok(!isDay("2025-02-29"));
  assert.ok(!isDay("2025-2-1"));
  assert.equal(addDays("2026-01-31", 30), "2026-03-02");
  assert.equal(parseTimestamp("2026-01-15T09:19:21-08:00"), Date.parse("2026-01-15T17:19:21Z"));
  assert.equal(
    parseTimestamp("2026-01-15T09:19:21"),
    Date.parse("2026-01-15T17:19:21Z"),
    "no zone means Pacific",
  );
  assert.equal(parseTimestamp("2026-01-15"), Date.parse("2026-01-15T08:00:00Z"));
  assert.equal(parseTimestamp("yesterday"), undefined);
});
