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
import { type ConnectionDeps, disconnect } from "#sync/connection.ts";
import { ConnectedPushRuntime } from "#sync/runtime.ts";
import { ACTIVE_PROVIDER, setSwitch, updatePushSettings } from "#sync/settings.ts";
import { withDatabases } from "./helpers/db.ts";
import { connectToEmulator, startTestEmulator, type TestEmulator } from "./helpers/emulator.ts";

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
