// The QuickBooks client against the emulator: idempotent writes under lost answers, retries of
// throttles and server errors, timeouts, the 5010 re-read, faults in JSON and XML, the token refresh
// after a 401, and the shared request budget proved with the emulator's usage report.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type ClientLogger, QuickBooksClient, QuickBooksError } from "#quickbooks/client.ts";
import { openDatabase } from "#store/database.ts";
import { DatabaseRequestBudget } from "#store/request-budget.ts";
import { TEST_SERVER_URL, withDatabases } from "./helpers/db.ts";
import { startTestEmulator, type TestEmulator } from "./helpers/emulator.ts";

const noSleep = async () => {};

function clientFor(
  qbo: TestEmulator,
  options: Partial<ConstructorParameters<typeof QuickBooksClient>[0]> = {},
) {
  return new QuickBooksClient({
    baseUrl: qbo.qbo.url,
    realmId: qbo.realmId,
    tokens: { accessToken: async () => qbo.accessToken },
    sleep: noSleep,
    ...options,
  });
}

describe("QuickBooks client", () => {
  let qbo: TestEmulator;
  before(async () => {
    qbo = await startTestEmulator({ limits: "relaxed" });
  });
  after(() => qbo.close());

  test("a create whose answer is lost is retried with the same requestid: one object, not two", async () => {
    await qbo.control("POST", "/faults", { dropResponseAfterCommit: 0.5 });
    try {
      const client = clientFor(qbo, { maxAttempts: 20 });
      const created = [];
      for (let i = 0; i < 12; i++) {
        created.push(
          await client.create(
            "Customer",
            { DisplayName: `Lost Answer Co ${i}` },
            { record: `customers/C-${i}`, generation: 1 },
          ),
        );
      }
      assert.equal(new Set(created.map((c) => c.Id)).size, 12);
    } finally {
      await qbo.control("DELETE", "/faults");
    }
    const stored = await qbo.control("GET", `/companies/${qbo.realmId}/Customer`);
    const names = (stored.body as { DisplayName: string }[]).map((c) => c.DisplayName);
    for (let i = 0; i < 12; i++) {
      assert.equal(names.filter((n) => n === `Lost Answer Co ${i}`).length, 1, `Lost Answer Co ${i} once`);
    }
    const log = await qbo.control("GET", `/requests?realmId=${qbo.realmId}&limit=2000`);
    assert.ok(
      (log.body as { note?: string }[]).some((r) => r.note === "replayed"),
      "at least one retry was answered by the replay",
    );
  });

  test("throttles (XML 429) and server errors (XML 500) are retried until they pass", async () => {
    await qbo.control("POST", "/faults", { throttle: 0.3, serverError: 0.3 });
    try {
      const client = clientFor(qbo, { maxAttempts: 30 });
      for (let i = 0; i < 15; i++) {
        const info = await client.companyInfo();
        assert.ok(info.CompanyName);
      }
    } finally {
      await qbo.control("DELETE", "/faults");
    }
  });

  test("when the attempts run out, the XML fault is parsed and classified", async () => {
    await qbo.control("POST", "/faults", { throttle: 1 });
    try {
      const client = clientFor(qbo, { maxAttempts: 2 });
      await assert.rejects(
        client.companyInfo(),
        (e: QuickBooksError) => e instanceof QuickBooksError && e.kind === "retryable" && e.code === "3001",
      );
      await qbo.control("POST", "/faults", { serverError: 1 });
      await assert.rejects(
        client.companyInfo(),
        (e: QuickBooksError) => e.kind === "retryable" && e.code === "3100",
      );
    } finally {
      await qbo.control("DELETE", "/faults");
    }
  });

  test("a request that gets no answer times out and is retried", async () => {
    await qbo.control("POST", "/faults", { timeout: 1, timeoutMs: 3000 });
    try {
      const client = clientFor(qbo, { maxAttempts: 2, timeoutMs: 150 });
      await assert.rejects(
        client.companyInfo(),
        (e: QuickBooksError) => e.kind === "retryable" && e.code === "timeout",
      );
    } finally {
      await qbo.control("DELETE", "/faults");
    }
  });

  test("an update with an old SyncToken (5010) re-reads the object and is retried once", async () => {
    const client = clientFor(qbo);
    const customer = await client.create(
      "Customer",
      { DisplayName: "Stale Token Ltd" },
      { record: "c/stale", generation: 1 },
    );
    // Someone else edits it in QuickBooks meanwhile.
    const other = await qbo.api("POST", "customer", {
      ...customer,
      sparse: true,
      Notes: "edited in QuickBooks",
    });
    assert.equal(other.status, 200);
    const updated = await client.update(
      "Customer",
      { Id: customer.Id, SyncToken: customer.SyncToken, sparse: true, CompanyName: "Stale Token Limited" },
      { record: "c/stale", generation: 2 },
    );
    assert.equal(updated.CompanyName, "Stale Token Limited");
    assert.equal(Number(updated.SyncToken), Number(customer.SyncToken) + 2);
  });

  test("6240 carries the colliding Id; a malformed query is a defect", async () => {
    const client = clientFor(qbo);
    const first = await client.create(
      "Customer",
      { DisplayName: "Twice Named" },
      { record: "c/t1", generation: 1 },
    );
    await assert.rejects(
      client.create("Customer", { DisplayName: "Twice Named" }, { record: "c/t2", generation: 1 }),
      (e: QuickBooksError) =>
        e.kind === "needs_user_action" &&
        e.classification.reason === "duplicate_name" &&
        e.classification.collidingId === first.Id,
    );
    await assert.rejects(
      client.query("select * from Customer where Foo = '1'"),
      (e: QuickBooksError) => e.kind === "defect",
    );
    assert.deepEqual(await client.query("select * from Customer where DisplayName = 'Nobody Here'"), []);
  });

  test("a refused access token is refreshed once and the request repeated; logs carry no token or name", async () => {
    let refreshes = 0;
    let token = "expired-token";
    const lines: string[] = [];
    const logger: ClientLogger = {
      debug: (o, m) => lines.push(JSON.stringify({ ...o, m })),
      warn: (o, m) => lines.push(JSON.stringify({ ...o, m })),
    };
    const client = clientFor(qbo, {
      logger,
      tokens: {
        accessToken: async (options) => {
          if (options?.forceRefresh) {
            refreshes++;
            token = qbo.accessToken;
          }
          return token;
        },
      },
    });
    const created = await client.create(
      "Customer",
      { DisplayName: "Private Person Name" },
      { record: "c/p", generation: 1 },
    );
    assert.ok(created.Id);
    assert.equal(refreshes, 1);
    const text = lines.join("\n");
    assert.ok(lines.length >= 2);
    assert.ok(!text.includes(qbo.accessToken) && !text.includes("expired-token"), "no token in the logs");
    assert.ok(!text.includes("Private Person"), "no personal data in the logs");
  });

  test("a write without a requestid is refused before it is sent", async () => {
    await assert.rejects(clientFor(qbo).request("POST", "customer", { body: {} }), /needs a requestid/);
  });
});

withDatabases("the request budget", (suite) => {
  let qbo: TestEmulator;
  before(async () => {
    qbo = await startTestEmulator({ limits: "relaxed" });
  });
  after(() => qbo.close());

  test("holds a realm to 10 requests at once across processes, proved by the emulator's usage", async () => {
    // A second process: its own connection pool on the same database (the embedded one has one session).
    const other =
      suite.kind === "server"
        ? await openDatabase({ url: TEST_SERVER_URL, schema: suite.db.schema, poolSize: 4 })
        : undefined;
    try {
      await qbo.control("POST", "/faults", { latencyMs: [100, 200] });
      await qbo.control("DELETE", "/usage");
      const options = { perWindow: 500, windowMs: 61_000, concurrent: 10, leaseMs: 30_000, pollMs: 15 };
      const budgets = [
        new DatabaseRequestBudget(suite.db, options),
        new DatabaseRequestBudget(other ?? suite.db, options),
      ];
      const clients = budgets.map((budget) => clientFor(qbo, { budget, timeoutMs: 120_000 }));
      await Promise.all(Array.from({ length: 30 }, (_, i) => clients[i % 2]?.companyInfo()));
      const usage = (await qbo.control("GET", "/usage")).body as {
        realmId: string;
        peakInFlight: number;
        requests: number;
        throttled: number;
      }[];
      const mine = usage.find((u) => u.realmId === qbo.realmId);
      assert.ok(mine);
      assert.equal(mine.requests, 30);
      assert.ok(mine.peakInFlight <= 10, `peak in flight ${mine.peakInFlight}`);
      assert.ok(
        mine.peakInFlight >= 2,
        `the budget let requests run side by side (peak ${mine.peakInFlight})`,
      );
    } finally {
      await qbo.control("DELETE", "/faults");
      await other?.close();
    }
  });

  test("holds a key to its rate: never more than perWindow starts in any window", async () => {
    const budget = new DatabaseRequestBudget(suite.db, {
      perWindow: 5,
      windowMs: 400,
      concurrent: 10,
      leaseMs: 10_000,
    });
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const lease = await budget.acquire("rate-test");
        await lease.release();
      }),
    );
    // The starts as the database recorded them, on the clock every process shares.
    const rows = await suite.db.kysely
      .selectFrom("request_budget")
      .select("started_at")
      .where("budget_key", "=", "rate-test")
      .orderBy("started_at")
      .execute();
    const starts = rows.map((r) => r.started_at.getTime());
    assert.equal(starts.length, 12);
    for (let i = 5; i < starts.length; i++) {
      assert.ok(
        (starts[i] ?? 0) - (starts[i - 5] ?? 0) >= 400,
        `start ${i} came inside the window of start ${i - 5}`,
      );
    }
  });

  test("a live process keeps its slots past the lease; a dead one's free when the lease runs out", async () => {
    const options = { perWindow: 100, windowMs: 10_000, concurrent: 1, leaseMs: 1500, pollMs: 10 };
    const dying = new DatabaseRequestBudget(suite.db, options);
    const other = new DatabaseRequestBudget(suite.db, options);
    const held = await dying.acquire("lease-test");
    // A long request: its process renews the lease, so another process waits for it.
    let admitted = false;
    const waiting = other.acquire("lease-test").then((lease) => {
      admitted = true;
      return lease;
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(admitted, false, "the slot stays held while its process renews it");
    // The process dies without releasing: it renews nothing more, and the slot comes free.
    dying.stop();
    assert.ok(held, "never released");
    const second = await waiting;
    assert.equal(admitted, true);
    await second.release();
    other.stop();
  });
});
