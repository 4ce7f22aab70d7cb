// Push settings and the push as jobs: switches with their prerequisites, recorded setting changes, host
// changes pushed by the workers, documents from before go-live exported by date range, Retry, and a
// company that is not connected only noting its changes.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { jobHandlers } from "#app/handlers.ts";
import { putRecord } from "#host/records.ts";
import { startWorkers } from "#jobs/worker.ts";
import { QuickBooksClient } from "#quickbooks/client.ts";
import { QuickBooksProvider } from "#quickbooks/provider.ts";
import { createCompany } from "#store/companies.ts";
import { getRecord } from "#store/records.ts";
import { exportDocuments, NOT_CONNECTED, recordPushHistory, retryPush } from "#sync/run.ts";
import { ACTIVE_PROVIDER, getPushSettings, setSwitch, updatePushSettings } from "#sync/settings.ts";
import { withDatabases } from "./helpers/db.ts";
import { startTestEmulator, type TestEmulator } from "./helpers/emulator.ts";

const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

withDatabases("push settings and jobs", (suite) => {
  let qbo: TestEmulator;
  let income: string;
  before(async () => {
    qbo = await startTestEmulator({ seed: "demo" });
    const res = await qbo.api(
      "GET",
      `query?query=${encodeURIComponent("select * from Account where AccountSubType = 'SalesOfProductIncome'")}`,
      undefined,
      JSON_HEADERS,
    );
    income = res.body.QueryResponse.Account[0].Id;
  });
  after(async () => {
    await qbo.close();
  });

  function runtime() {
    const client = new QuickBooksClient({
      baseUrl: qbo.qbo.url,
      realmId: qbo.realmId,
      tokens: { accessToken: async () => qbo.accessToken },
      maxAttempts: 2,
      sleep: async () => {},
    });
    const provider = new QuickBooksProvider(client, { defaults: { income }, goLiveDate: "2026-06-01" });
    return { providerFor: async () => provider };
  }

  async function company(name: string) {
    const db = suite.db;
    const companyId = (await createCompany(db.kysely, { name })).id;
    const put = async (collection: string, externalId: string, body: unknown) => {
      const r = await putRecord(db, { companyId, collection, externalId, body });
      assert.ok(r.ok, JSON.stringify(r));
    };
    const drain = async (handlers = jobHandlers(runtime())) => {
      const workers = startWorkers(db, { pollMs: 10, handlers, retention: false });
      await workers.drain();
      await workers.stop();
    };
    const status = async (collection: string, externalId: string) =>
      (await getRecord(db.kysely, { companyId, collection, externalId }))?.sync;
    return { db, companyId, put, drain, status };
  }

  test("turning invoices on turns on items and customers; customers cannot go off under invoices", async () => {
    const c = await company("Switch Co");
    const on = await setSwitch(c.db.kysely, c.companyId, ACTIVE_PROVIDER, "invoices", true, "admin");
    assert.ok(on.ok);
    assert.deepEqual(on.value.alsoTurnedOn, ["items", "customers"]);
    assert.deepEqual(
      on.value.switches.filter((s) => s.on).map((s) => s.object),
      ["items", "customers", "invoices"],
    );
    const off = await setSwitch(c.db.kysely, c.companyId, ACTIVE_PROVIDER, "customers", false);
    assert.equal(off.ok, false);
    if (!off.ok) {
      assert.equal(off.error.code, "switch_refused");
      assert.match(off.error.message, /invoices need customers/);
    }
    const bad = await updatePushSettings(c.db.kysely, c.companyId, ACTIVE_PROVIDER, { switches: ["bills"] });
    assert.equal(bad.ok, false);
    if (!bad.ok)
      assert.deepEqual(bad.error.issues, [{ path: "/switches", message: "bills need vendors turned on" }]);
  });

  test("moving the go-live date is recorded; a wrong default account names the type needed", async () => {
    const c = await company("Settings Co");
    const first = await updatePushSettings(
      c.db.kysely,
      c.companyId,
      ACTIVE_PROVIDER,
      { goLiveDate: "2026-01-01" },
      { changedBy: "ann" },
    );
    assert.ok(first.ok);
    const moved = await updatePushSettings(
      c.db.kysely,
      c.companyId,
      ACTIVE_PROVIDER,
      { goLiveDate: "2026-03-01" },
      { changedBy: "bob" },
    );
    assert.ok(moved.ok);
    const goLive = moved.value.changes.filter((ch) => ch.setting === "goLiveDate");
    assert.deepEqual(
      goLive.map((ch) => [ch.oldValue ?? null, ch.newValue, ch.changedBy]),
      [
        ["2026-01-01", "2026-03-01", "bob"],
        [null, "2026-01-01", "ann"],
      ],
    );
    const refused = await updatePushSettings(
      c.db.kysely,
      c.companyId,
      ACTIVE_PROVIDER,
      { defaultAccounts: { income: "42" } },
      {
        checkAccount: async () =>
          "the income account must be Income with detail type Sales of Product Income; Services is Income (ServiceFeeIncome)",
      },
    );
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.equal(refused.error.issues?.[0]?.path, "/defaultAccounts/income");
    const invalid = await updatePushSettings(c.db.kysely, c.companyId, ACTIVE_PROVIDER, {
      manualExport: ["parts"],
    });
    assert.equal(invalid.ok, false);
    if (!invalid.ok) assert.equal(invalid.error.issues?.[0]?.path, "/manualExport/0");
    const read = await getPushSettings(c.db.kysely, c.companyId, ACTIVE_PROVIDER);
    assert.ok(read.ok);
    assert.equal(read.value.settings.goLiveDate, "2026-03-01");
  });

  test("host changes are pushed by the workers; a document before go-live waits for an export by date range", async () => {
    const c = await company("Jobs Co");
    const tag = `${suite.kind}-${Date.now() % 100000}`;
    assert.ok((await setSwitch(c.db.kysely, c.companyId, ACTIVE_PROVIDER, "invoices", true)).ok);
    assert.ok(
      (await updatePushSettings(c.db.kysely, c.companyId, ACTIVE_PROVIDER, { goLiveDate: "2026-06-01" })).ok,
    );
    await c.put("customers", "C-1", { name: `Jobs Customer ${tag}` });
    await c.put("items", "P-1", { name: `Jobs Item ${tag}`, type: "service", unitPrice: "5.00" });
    const invoice = (number: string, date: string) => ({
      number,
      date,
      customerExternalId: "C-1",
      lines: [{ itemExternalId: "P-1", quantity: "2", unitPrice: "5.00" }],
    });
    await c.put("invoices", "NEW", invoice(`N-${tag}`, "2026-11-02"));
    await c.put("invoices", "OLD", invoice(`O-${tag}`, "2026-05-15"));
    await c.drain();
    assert.equal((await c.status("invoices", "NEW"))?.status, "synced");
    const old = await c.status("invoices", "OLD");
    assert.equal(old?.status, "held");
    assert.match(old?.lastError ?? "", /before the go-live date 2026-06-01/);

    const exported = await exportDocuments(c.db.kysely, c.companyId, {
      collection: "invoices",
      from: "2026-05-01",
      to: "2026-05-31",
    });
    assert.ok(exported.ok);
    assert.equal(exported.value.queued, 1);
    await c.drain();
    assert.equal((await c.status("invoices", "OLD"))?.status, "synced");

    const retried = await retryPush(c.db.kysely, {
      companyId: c.companyId,
      collection: "invoices",
      externalId: "NEW",
    });
    assert.ok(retried.ok);
    await c.drain();
    const history = await recordPushHistory(c.db.kysely, {
      companyId: c.companyId,
      collection: "invoices",
      externalId: "NEW",
    });
    assert.ok(history.ok);
    assert.deepEqual(
      history.value.history.map((h) => [h.operation, h.outcome]),
      [["create", "synced"]],
      "a retry of a synced record sends nothing",
    );
  });

  test("a company that is not connected only notes its changes", async () => {
    const c = await company("Offline Co");
    assert.ok((await setSwitch(c.db.kysely, c.companyId, ACTIVE_PROVIDER, "customers", true)).ok);
    await c.put("customers", "C-1", { name: "Offline Customer" });
    await c.drain(jobHandlers(NOT_CONNECTED));
    assert.equal((await c.status("customers", "C-1"))?.status, "not_synced");
  });
});
