import assert from "node:assert/strict";
import { request } from "node:http";
import { after, afterEach, before, describe, test } from "node:test";
import { faultOf, startTestEmulator, type TestEmulator } from "../../../test/helpers/emulator.ts";

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator({ seed: "empty" });
});
afterEach(async () => {
  await t.control("DELETE", "/faults");
  await t.control("DELETE", "/limits");
});
after(() => t.close());

async function countCustomers(name: string): Promise<number> {
  const res = await t.api(
    "GET",
    `query?query=${encodeURIComponent(`select count(*) from Customer where DisplayName = '${name}'`)}`,
  );
  return res.body.QueryResponse.totalCount;
}

async function inFlight(): Promise<number> {
  const usage = (await t.control("GET", "/usage")).body as { realmId: string; inFlight: number }[];
  return usage.find((u) => u.realmId === t.realmId)?.inFlight ?? 0;
}

let heldCount = 0;

/**
 * Starts `count` customer creations that send only part of their body, and resolves once the emulator
 * counts all of them in flight: requests held open for as long as a test needs, whatever the machine's
 * speed. `finish` sends the rest of each body and resolves with their statuses.
 */
async function holdInFlight(count: number): Promise<{ finish(): Promise<number[]> }> {
  const before = await inFlight();
  const held = Array.from({ length: count }, () => {
    const body = JSON.stringify({ DisplayName: `Held Upload ${++heldCount}` });
    const req = request(new URL(`${t.qbo.url}/v3/company/${t.realmId}/customer`), {
      method: "POST",
      headers: {
        authorization: `Bearer ${t.accessToken}`,
        "content-type": "application/json",
        accept: "application/json",
        "content-length": Buffer.byteLength(body),
      },
    });
    const status = new Promise<number>((resolve, reject) => {
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
    });
    req.write(body.slice(0, 10));
    return { req, rest: body.slice(10), status };
  });
  while ((await inFlight()) < before + count) await new Promise((r) => setTimeout(r, 10));
  return {
    finish() {
      for (const h of held) h.req.end(h.rest);
      return Promise.all(held.map((h) => h.status));
    },
  };
}

function assertThrottled(res: { status: number; text: string; headers: Headers }) {
  assert.equal(res.status, 429);
  assert.match(res.headers.get("content-type") ?? "", /xml/);
  assert.match(res.text, /<Error code="3001">/);
  assert.match(res.text, /message=ThrottleExceeded; errorCode=003001; statusCode=429/);
}

describe("limits", () => {
  test("the per-minute request limit answers 429 in XML until the minute has passed", async () => {
    await t.control("PUT", "/limits", { requestsPerMinute: 3 });
    for (let i = 0; i < 3; i++) assert.equal((await t.api("GET", "preferences")).status, 200);
    assertThrottled(await t.api("GET", "preferences", undefined, { accept: "application/json" }));
    await t.control("POST", "/clock/advance", { seconds: 61 });
    await t.renewToken();
    assert.equal((await t.api("GET", "preferences")).status, 200);
  });

  test("the concurrency limit counts requests in flight", async () => {
    await t.control("PUT", "/limits", { concurrentRequests: 2 });
    const held = await holdInFlight(2);
    const results = await Promise.all(Array.from({ length: 3 }, () => t.api("GET", "preferences")));
    for (const r of results) assertThrottled(r);
    assert.deepEqual(await held.finish(), [200, 200], "the two held requests complete");
    assert.equal((await t.api("GET", "preferences")).status, 200, "a slot is free again");
  });

  test("the most requests in flight at once is reported, with limits enforced or relaxed", async () => {
    await t.control("PUT", "/limits", { enabled: false });
    await t.control("DELETE", "/usage");
    const held = await holdInFlight(12);
    assert.deepEqual(new Set(await held.finish()), new Set([200]), "relaxed: no 429");
    const usage = await t.control("GET", "/usage");
    const mine = usage.body.find((u: { realmId: string }) => u.realmId === t.realmId);
    assert.equal(mine.clientId, "ledgerlink-dev");
    assert.equal(mine.inFlight, 0);
    assert.equal(mine.peakInFlight, 12);
    assert.equal((await t.control("DELETE", "/usage")).status, 204);
    const reset = await t.control("GET", "/usage");
    assert.equal(reset.body.find((u: { realmId: string }) => u.realmId === t.realmId).peakInFlight, 0);
  });

  test("usage reports the busiest minute per company and app over the whole run, throttled requests included", async () => {
    await t.control("DELETE", "/faults");
    await t.control("PUT", "/limits", { enabled: true, requestsPerMinute: 30 });
    await t.control("DELETE", "/usage");
    const mine = async () =>
      (await t.control("GET", "/usage")).body.find((u: { realmId: string }) => u.realmId === t.realmId);
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await t.api("GET", "preferences")).status);
    assert.equal(statuses.filter((s) => s === 429).length, 5);
    let usage = await mine();
    assert.deepEqual(
      { peakPerMinute: usage.peakPerMinute, requests: usage.requests, throttled: usage.throttled },
      { peakPerMinute: 35, requests: 35, throttled: 5 },
    );
    // A quieter minute later does not lower the peak: it is the most ever seen, not the latest.
    await t.control("POST", "/clock/advance", { seconds: 61 });
    for (let i = 0; i < 3; i++) assert.equal((await t.api("GET", "preferences")).status, 200);
    usage = await mine();
    assert.equal(usage.peakPerMinute, 35);
    assert.equal(usage.requests, 38);
    await t.control("DELETE", "/limits");
  });

  test("a request still uploading its body is already in flight", async () => {
    await t.control("DELETE", "/usage");
    const held = await holdInFlight(1);
    assert.equal(await inFlight(), 1);
    assert.deepEqual(await held.finish(), [200]);
    assert.equal(await inFlight(), 0);
  });

  test("batch requests have their own per-minute limit", async () => {
    await t.control("PUT", "/limits", { batchRequestsPerMinute: 1 });
    const batch = { BatchItemRequest: [{ bId: "1", Query: "select count(*) from Customer" }] };
    assert.equal((await t.api("POST", "batch", batch)).status, 200);
    assertThrottled(await t.api("POST", "batch", batch));
    assert.equal((await t.api("GET", "preferences")).status, 200, "other requests still pass");
  });

  test("limits can be relaxed for tests and tightened again", async () => {
    await t.control("PUT", "/limits", { requestsPerMinute: 2, enabled: false });
    for (let i = 0; i < 5; i++) assert.equal((await t.api("GET", "preferences")).status, 200);
    await t.control("PUT", "/limits", { enabled: true });
    await t.api("GET", "preferences");
    await t.api("GET", "preferences");
    assert.equal((await t.api("GET", "preferences")).status, 429);
  });
});

describe("requestid", () => {
  test("a repeated requestid returns the first response and creates nothing", async () => {
    const first = await t.api("POST", "customer?requestid=req-0001", { DisplayName: "Idempotent Co" });
    assert.equal(first.status, 200);
    const again = await t.api("POST", "customer?requestid=req-0001", { DisplayName: "Idempotent Co" });
    assert.equal(again.text, first.text);
    const different = await t.api("POST", "customer?requestid=req-0001", { DisplayName: "Something Else" });
    assert.equal(different.body.Customer.Id, first.body.Customer.Id);
    assert.equal(await countCustomers("Idempotent Co"), 1);
    assert.equal(await countCustomers("Something Else"), 0);
    const log = await t.control("GET", `/requests?realmId=${t.realmId}`);
    const notes = log.body
      .filter((e: { requestId?: string }) => e.requestId === "req-0001")
      .map((e: { note?: string }) => e.note ?? "served");
    assert.deepEqual(notes, ["served", "replayed", "replayed"]);
  });

  test("a fault is replayed too", async () => {
    const first = await t.api("POST", "customer?requestid=req-fault", { CompanyName: "no name" });
    assert.equal(first.status, 400);
    const again = await t.api("POST", "customer?requestid=req-fault", { DisplayName: "Would Work Now" });
    assert.equal(again.status, 400);
    assert.equal(again.text, first.text);
  });

  test("a requestid longer than 50 characters is 6000", async () => {
    const res = await t.api("POST", `customer?requestid=${"x".repeat(51)}`, { DisplayName: "Long Id" });
    assert.equal(res.status, 400);
    assert.equal(faultOf(res).code, "6000");
    assert.match(faultOf(res).Detail, /more than 50 characters in the request_id field/);
    const batch = await t.api("POST", `batch?requestid=${"b".repeat(37)}`, {
      BatchItemRequest: [{ bId: "1", Query: "select count(*) from Customer" }],
    });
    assert.match(faultOf(batch).Detail, /more than 36 characters/);
  });
});

describe("fault injection", () => {
  test("serverError answers 500 and stores nothing", async () => {
    await t.control("POST", "/faults", { serverError: 1 });
    const res = await t.api("POST", "customer", { DisplayName: "Never Stored" });
    assert.equal(res.status, 500);
    assert.match(res.text, /InternalServerError/);
    await t.control("DELETE", "/faults");
    assert.equal(await countCustomers("Never Stored"), 0);
  });

  test("throttle answers Intuit's 429", async () => {
    await t.control("POST", "/faults", { throttle: 1 });
    assertThrottled(await t.api("GET", "preferences"));
  });

  test("dropResponseAfterCommit stores the write, drops the response, and a requestid retry gets the original", async () => {
    await t.control("POST", "/faults", { dropResponseAfterCommit: 1 });
    await assert.rejects(t.api("POST", "customer?requestid=drop-1", { DisplayName: "Dropped Response Co" }));
    await t.control("DELETE", "/faults");
    assert.equal(await countCustomers("Dropped Response Co"), 1);
    const retry = await t.api("POST", "customer?requestid=drop-1", { DisplayName: "Dropped Response Co" });
    assert.equal(retry.status, 200);
    assert.equal(await countCustomers("Dropped Response Co"), 1);
    const blind = await t.api("POST", "customer", { DisplayName: "Dropped Response Co" });
    assert.equal(faultOf(blind).code, "6240", "a retry without requestid collides");
  });

  test("dropResponseAfterCommit leaves reads alone", async () => {
    await t.control("POST", "/faults", { dropResponseAfterCommit: 1 });
    assert.equal((await t.api("GET", "preferences")).status, 200);
  });

  test("timeout holds the request and closes the connection without storing", async () => {
    await t.control("POST", "/faults", { timeout: 1, timeoutMs: 30 });
    await assert.rejects(t.api("POST", "customer", { DisplayName: "Timed Out Co" }));
    await t.control("DELETE", "/faults");
    assert.equal(await countCustomers("Timed Out Co"), 0);
  });

  test("fault settings are validated", async () => {
    const res = await t.control("POST", "/faults", { serverError: 2 });
    assert.equal(res.status, 400);
    assert.deepEqual((await t.control("GET", "/faults")).body, {});
  });
});
