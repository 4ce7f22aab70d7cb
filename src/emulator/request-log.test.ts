import assert from "node:assert/strict";
import { test } from "node:test";
import { type LoggedRequest, RequestLog } from "./request-log.ts";

const entry = (i: number, realmId = "1"): LoggedRequest => ({
  at: i,
  method: "GET",
  url: `/r/${i}`,
  realmId,
  status: 200,
  durationMs: 1,
  intuitTid: String(i),
});

test("the request log keeps the newest entries, oldest first, per company", () => {
  const log = new RequestLog(3);
  for (let i = 1; i <= 5; i++) log.add(entry(i, i % 2 ? "odd" : "even"));
  assert.deepEqual(
    log.list().map((e) => e.at),
    [3, 4, 5],
  );
  assert.deepEqual(
    log.list({ realmId: "odd" }).map((e) => e.at),
    [3, 5],
  );
  assert.deepEqual(
    log.list({ limit: 1 }).map((e) => e.at),
    [5],
  );
  log.clear();
  assert.deepEqual(log.list(), []);
});
