// A company connected through OAuth (the emulator's consent page) has its host changes pushed by the
// workers through its own connection and the shared request budget; disconnected, it only notes them.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { createCompany } from "#admin/companies.ts";
import { jobHandlers } from "#app/handlers.ts";
import { putRecord } from "#host/records.ts";
import { startWorkers } from "#jobs/worker.ts";
import { getRecord } from "#store/records.ts";
import { DatabaseRequestBudget } from "#store/request-budget.ts";
import { getLink, pushHistory } from "#store/sync-links.ts";
import { type ConnectionDeps, disconnect } from "#sync/connection.ts";
import { ConnectedPushRuntime } from "#sync/runtime.ts";
import { ACTIVE_PROVIDER, setSwitch, updatePushSettings } from "#sync/settings.ts";
import { withDatabases } from "./helpers/db.ts";
import { connectToEmulator, startTestEmulator, type TestEmulator } from "./helpers/emulator.ts";
import { countingDatabase } from "./helpers/statements.ts";

const JSON_HEADERS = { Accept: "application/json" };

withDatabases("push through a connected company", (suite) => {
  let qbo: TestEmulator;
  let deps: ConnectionDeps;
  let companyId: string;
  before(async () => {
    qbo = await startTestEmulator({ seed: "demo" });
    deps = { db: suite.db, secretKey: randomBytes(32) };
    const company = await createCompany(suite.db, { name: `Connected Co ${suite.kind}` });
    assert.ok(company.ok);
    companyId = company.value.id;
    await connectToEmulator(deps, companyId, { url: qbo.qbo.url, realmId: qbo.realmId });
  });
  after(() => qbo.close());

  const put = async (collection: string, externalId: string, body: unknown) => {
    const r = await putRecord(suite.db, { companyId, collection, externalId, body });
    assert.ok(r.ok, JSON.stringify(r));
  };
  const drain = async (runtime: ConnectedPushRuntime) => {
    const workers = startWorkers(suite.db, {
      pollMs: 10,
      concurrency: 4,
      handlers: jobHandlers(runtime),
      retention: false,
    });
    await workers.drain();
    await workers.stop();
  };

  test("changes reach QuickBooks through the company's connection, within the request budget", async () => {
    const accounts = await qbo.api(
      "GET",
      `query?query=${encodeURIComponent("select * from Account where AccountSubType = 'SalesOfProductIncome'")}`,
      undefined,
      JSON_HEADERS,
    );
    const income = accounts.body.QueryResponse.Account[0].Id as string;
    const db = suite.db.kysely;
    assert.ok((await setSwitch(db, companyId, ACTIVE_PROVIDER, "invoices", true)).ok);
    assert.ok(
      (
        await updatePushSettings(db, companyId, ACTIVE_PROVIDER, {
          goLiveDate: "2026-01-01",
          defaultAccounts: { income },
        })
      ).ok,
    );
    const tag = suite.kind;
    for (let i = 1; i <= 4; i++) await put("customers", `C-${i}`, { name: `Connected Customer ${i} ${tag}` });
    await put("items", "P-1", { name: `Connected Item ${tag}`, type: "service", unitPrice: "9.00" });
    for (let i = 1; i <= 8; i++) {
      await put("invoices", `INV-${i}`, {
        number: `CN-${tag}-${i}`,
        date: "2026-11-02",
        customerExternalId: `C-${(i % 4) + 1}`,
        lines: [{ itemExternalId: "P-1", quantity: String(i), unitPrice: "9.00" }],
      });
    }
    await qbo.control("DELETE", "/usage");
    const budget = new DatabaseRequestBudget(suite.db, {
      perWindow: 500,
      windowMs: 61_000,
      concurrent: 2,
      leaseMs: 30_000,
      pollMs: 5,
    });
    await drain(new ConnectedPushRuntime(deps, budget));
    for (let i = 1; i <= 8; i++) {
      const record = await getRecord(db, { companyId, collection: "invoices", externalId: `INV-${i}` });
      assert.equal(record?.sync.status, "synced", `INV-${i}: ${record?.sync.lastError}`);
    }
    const usage = (await qbo.control("GET", "/usage")).body as Array<{
      realmId: string;
      peakInFlight: number;
      requests: number;
    }>;
    const mine = usage.find((u) => u.realmId === qbo.realmId);
    assert.ok(mine && mine.requests > 0);
    assert.ok(
      mine.peakInFlight <= 2,
      `never more requests at once than the budget allows (saw ${mine.peakInFlight})`,
    );
    const count = await qbo.api(
      "GET",
      `query?query=${encodeURIComponent(`select count(*) from Invoice where DocNumber = 'CN-${tag}-3'`)}`,
      undefined,
      JSON_HEADERS,
    );
    assert.equal(count.body.QueryResponse.totalCount, 1);
  });

  test("an invoice whose customer and items are in the books costs its request and a bounded handful of statements", async () => {
    const tag = suite.kind;
    const invoices = 12;
    for (let i = 1; i <= invoices; i++) {
      await put("invoices", `INV-COST-${i}`, {
        number: `CC-${tag}-${i}`,
        date: "2026-11-04",
        customerExternalId: `C-${(i % 4) + 1}`,
        lines: [{ itemExternalId: "P-1", quantity: String(i), unitPrice: "9.00" }],
      });
    }
    const counted = countingDatabase(suite.db);
    const budget = new DatabaseRequestBudget(counted.db, {
      perWindow: 500,
      windowMs: 61_000,
      concurrent: 2,
      leaseMs: 30_000,
      pollMs: 5,
    });
    // One runtime, as a worker process keeps it: the company's facts and its access token once.
    const runtime = new ConnectedPushRuntime({ ...deps, db: counted.db }, budget);
    await qbo.control("DELETE", "/usage");
    await qbo.control("DELETE", "/requests");
    const workers = startWorkers(counted.db, {
      pollMs: 10,
      concurrency: 4,
      handlers: jobHandlers(runtime),
      retention: false,
    });
    await workers.drain();
    await workers.stop();
    for (let i = 1; i <= invoices; i++) {
      const record = await getRecord(suite.db.kysely, {
        companyId,
        collection: "invoices",
        externalId: `INV-COST-${i}`,
      });
      assert.equal(record?.sync.status, "synced", `INV-COST-${i}: ${record?.sync.lastError}`);
    }
    const usage = (await qbo.control("GET", "/usage")).body as Array<{ realmId: string; requests: number }>;
    const requests = usage.find((u) => u.realmId === qbo.realmId)?.requests ?? 0;
    // Each invoice's create, and the company's facts (three reads) the first time.
    const asked = (
      (await qbo.control("GET", `/requests?realmId=${qbo.realmId}`)).body as Array<{
        method: string;
        url: string;
      }>
    ).map((r) => `${r.method} ${r.url.replace(/\?.*/, "")}`);
    assert.ok(requests <= invoices + 3, `${requests} requests for ${invoices} invoices: ${asked.join(", ")}`);
    // Per invoice: the job's claim and finish, settings and connection, the record with its link, its
    // references, the outcome, the webhook and EDI checks, the budget's admission and release (with
    // the key lock on a server) — a handful, never a budget asking over and over while it waits.
    // Measured: 12 on the embedded database, 16 on a server (its transactions take key locks).
    const perInvoice = counted.statements() / invoices;
    assert.ok(
      perInvoice <= (suite.kind === "server" ? 20 : 15),
      `${perInvoice.toFixed(1)} statements an invoice: ${JSON.stringify(counted.byKind())}`,
    );
  });

  test("a close date set in QuickBooks after its facts were read holds documents on or before it, once", async () => {
    const db = suite.db.kysely;
    const tag = suite.kind;
    // One runtime across the runs, as one worker process keeps it: its facts (no close date) are cached.
    const runtime = new ConnectedPushRuntime(deps);
    await put("invoices", "INV-OPEN", {
      number: `CB-${tag}-0`,
      date: "2026-11-03",
      customerExternalId: "C-1",
      lines: [{ itemExternalId: "P-1", quantity: "1", unitPrice: "9.00" }],
    });
    await drain(runtime);
    const open = await getRecord(db, { companyId, collection: "invoices", externalId: "INV-OPEN" });
    assert.equal(open?.sync.status, "synced", String(open?.sync.lastError));

    const closed = await qbo.control("PUT", `/companies/${qbo.realmId}/book-close-date`, {
      date: "2026-11-10",
    });
    assert.equal(closed.status, 200, closed.text);
    await qbo.control("DELETE", "/requests");
    await put("invoices", "INV-CLOSED-1", {
      number: `CB-${tag}-1`,
      date: "2026-11-05",
      customerExternalId: "C-2",
      lines: [{ itemExternalId: "P-1", quantity: "2", unitPrice: "9.00" }],
    });
    await drain(runtime);
    const first = await getRecord(db, { companyId, collection: "invoices", externalId: "INV-CLOSED-1" });
    assert.ok(first);
    assert.equal(first.sync.status, "held", String(first.sync.lastError));
    assert.match(String(first.sync.lastError), /on or before the books' close date 2026-11-10/);
    const link = await getLink(db, first.id, ACTIVE_PROVIDER);
    assert.equal(link?.reason, "closed_books");
    const attempts = await pushHistory(db, first.id, ACTIVE_PROVIDER);
    assert.deepEqual(
      attempts.map((a) => [a.outcome, a.code]),
      [["held", "closed_period"]],
      "one refused attempt, held, not retried",
    );
    const refusals = (await qbo.control("GET", `/requests?realmId=${qbo.realmId}`)).body as Array<{
      method: string;
      faultCode?: string;
    }>;
    assert.equal(refusals.filter((r) => r.faultCode === "6210").length, 1, "QuickBooks refused it once");

    // The refusal read the close date again: the next document before it is held without being sent.
    await qbo.control("DELETE", "/requests");
    await put("invoices", "INV-CLOSED-2", {
      number: `CB-${tag}-2`,
      date: "2026-11-10",
      customerExternalId: "C-3",
      lines: [{ itemExternalId: "P-1", quantity: "3", unitPrice: "9.00" }],
    });
    await drain(runtime);
    const second = await getRecord(db, { companyId, collection: "invoices", externalId: "INV-CLOSED-2" });
    assert.equal(second?.sync.status, "held", String(second?.sync.lastError));
    assert.match(String(second?.sync.lastError), /close date 2026-11-10/);
    const sent = (await qbo.control("GET", `/requests?realmId=${qbo.realmId}`)).body as Array<{
      method: string;
    }>;
    assert.equal(sent.filter((r) => r.method === "POST").length, 0, "nothing written for a held document");
    const inBooks = await qbo.api(
      "GET",
      `query?query=${encodeURIComponent(`select count(*) from Invoice where DocNumber in ('CB-${tag}-1', 'CB-${tag}-2')`)}`,
      undefined,
      JSON_HEADERS,
    );
    assert.equal(inBooks.body.QueryResponse.totalCount ?? 0, 0);
    await qbo.control("PUT", `/companies/${qbo.realmId}/book-close-date`, { date: null });
  });

  test("after Disconnect, changes are only noted", async () => {
    const gone = await disconnect(deps, companyId);
    assert.ok(gone.ok);
    await put("customers", "C-LATE", { name: `Late Customer ${suite.kind}` });
    await drain(new ConnectedPushRuntime(deps));
    const record = await getRecord(suite.db.kysely, {
      companyId,
      collection: "customers",
      externalId: "C-LATE",
    });
    assert.equal(record?.sync.status, "not_synced");
  });
});
