// The push engine against the QuickBooks emulator: dependencies first, never a duplicate name, updates
// in place, accounting controls, deletes as QuickBooks allows them, and a write whose answer was lost
// retried without a second object.
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import type { CollectionName } from "#domain/collections.ts";
import { validateRecord } from "#domain/validate.ts";
import { QuickBooksClient } from "#quickbooks/client.ts";
import { type QboApi, QuickBooksProvider } from "#quickbooks/provider.ts";
import { createCompany } from "#store/companies.ts";
import { deleteRecord, getRecord, upsertRecord } from "#store/records.ts";
import { getLink, pushHistory } from "#store/sync-links.ts";
import type { AccountingControls } from "#sync/controls.ts";
import { type PushDeps, pushRecord } from "#sync/push.ts";
import type { PushObject } from "#sync/switches.ts";
import { withDatabases } from "./helpers/db.ts";
import { startTestEmulator, type TestEmulator } from "./helpers/emulator.ts";

// Each suite (embedded, server) has its own emulator: injected faults must not reach the other.
let qbo: TestEmulator;

const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

/** The real client, pointed at this suite's emulator (no waiting between its retries). */
function emulatorApi(): QboApi {
  return new QuickBooksClient({
    baseUrl: qbo.qbo.url,
    realmId: qbo.realmId,
    tokens: { accessToken: async () => qbo.accessToken },
    maxAttempts: 2,
    sleep: async () => {},
  });
}

async function accountId(subType: string): Promise<string> {
  const res = await qbo.api(
    "GET",
    `query?query=${encodeURIComponent(`select * from Account where AccountSubType = '${subType}'`)}`,
    undefined,
    JSON_HEADERS,
  );
  const id = res.body.QueryResponse.Account?.[0]?.Id;
  assert.ok(id, `the demo company has a ${subType} account`);
  return id;
}

async function count(entity: string, where: string): Promise<number> {
  const res = await qbo.api(
    "GET",
    `query?query=${encodeURIComponent(`select count(*) from ${entity} where ${where}`)}`,
    undefined,
    JSON_HEADERS,
  );
  return res.body.QueryResponse.totalCount ?? 0;
}

withDatabases("push to QuickBooks", (suite) => {
  let mine: TestEmulator;
  before(async () => {
    mine = await startTestEmulator({ seed: "demo" });
  });
  after(async () => {
    await mine.close();
  });
  beforeEach(() => {
    qbo = mine;
  });
  async function setUp(name: string) {
    const db = suite.db.kysely;
    const companyId = (await createCompany(db, { name })).id;
    const put = async (collection: CollectionName, externalId: string, data: unknown) => {
      const valid = validateRecord(collection, data);
      assert.ok(valid.ok, JSON.stringify(valid));
      return upsertRecord(db, {
        companyId,
        collection,
        externalId,
        data: valid.value as Record<string, unknown>,
      });
    };
    const provider = new QuickBooksProvider(emulatorApi(), {
      defaults: {
        income: await accountId("SalesOfProductIncome"),
        expense: await accountId("SuppliesMaterialsCogs"),
      },
      goLiveDate: "2026-01-01",
    });
    const controls: AccountingControls = { goLiveDate: "2026-01-01", mode: "real_time" };
    const deps: PushDeps = {
      db,
      provider,
      settings: {
        switches: new Set<PushObject>(["items", "customers", "invoices", "payments"]),
        controls: () => controls,
      },
    };
    return {
      db,
      companyId,
      put,
      deps,
      key: (collection: string, externalId: string) => ({ companyId, collection, externalId }),
    };
  }

  test("an invoice pushes its customer and item first, then updates in place and is unchanged after", async () => {
    const s = await setUp("Push One");
    const tag = suite.kind;
    await s.put("customers", "C-1", { name: `Push Customer ${tag}` });
    await s.put("items", "P-1", { name: `Push Service ${tag}`, type: "service", unitPrice: "25.00" });
    await s.put("invoices", "INV-1", {
      number: `P1-${tag}`,
      date: "2026-11-02",
      customerExternalId: "C-1",
      lines: [{ itemExternalId: "P-1", quantity: "2", unitPrice: "25.00" }],
    });
    const result = await pushRecord(s.deps, s.key("invoices", "INV-1"));
    assert.equal(result.outcome, "synced");
    const customer = await getRecord(s.db, s.key("customers", "C-1"));
    assert.equal(customer?.sync.status, "synced", "the customer went first");
    const invoiceRecord = await getRecord(s.db, s.key("invoices", "INV-1"));
    const link = await getLink(s.db, invoiceRecord?.id as number, "quickbooks_online");
    assert.ok(link?.remoteId);
    const remote = (await qbo.api("GET", `invoice/${link.remoteId}`, undefined, JSON_HEADERS)).body.Invoice;
    assert.equal(remote.TotalAmt, 50);
    assert.equal(remote.CustomerRef.value, customer?.sync.quickbooksId);

    assert.equal((await pushRecord(s.deps, s.key("invoices", "INV-1"))).outcome, "unchanged");

    await s.put("invoices", "INV-1", {
      number: `P1-${tag}`,
      date: "2026-11-02",
      customerExternalId: "C-1",
      lines: [{ itemExternalId: "P-1", quantity: "3", unitPrice: "25.00" }],
    });
    assert.equal((await pushRecord(s.deps, s.key("invoices", "INV-1"))).outcome, "synced");
    const updated = (await qbo.api("GET", `invoice/${link.remoteId}`, undefined, JSON_HEADERS)).body.Invoice;
    assert.equal(updated.TotalAmt, 75);
    assert.equal(await count("Invoice", `DocNumber = 'P1-${tag}'`), 1);
    const history = await pushHistory(s.db, invoiceRecord?.id as number, "quickbooks_online");
    assert.deepEqual(
      history.map((h) => [h.operation, h.outcome]),
      [
        ["update", "synced"],
        ["create", "synced"],
      ],
    );
  });

  test("a customer whose name QuickBooks already has is linked to it, not created twice", async () => {
    const s = await setUp("Push Two");
    const name = `Existing Namesake ${suite.kind}`;
    const existing = await qbo.api("POST", "customer", { DisplayName: name }, JSON_HEADERS);
    assert.equal(existing.status, 200);
    await s.put("customers", "C-9", { name: name.toUpperCase(), email: "ap@namesake.example" });
    const result = await pushRecord(s.deps, s.key("customers", "C-9"));
    assert.equal(result.outcome, "linked");
    assert.equal(
      (await getRecord(s.db, s.key("customers", "C-9")))?.sync.quickbooksId,
      existing.body.Customer.Id,
    );
    assert.equal(await count("Customer", `DisplayName = '${name}'`), 1);
  });

  test("a name created in QuickBooks by someone else between two pushes is found by change data capture and linked", async () => {
    const s = await setUp("Push Between");
    const tag = suite.kind;
    await s.put("customers", "C-1", { name: `Before Co ${tag}` });
    // The first look reads the lists whole.
    assert.equal((await pushRecord(s.deps, s.key("customers", "C-1"))).outcome, "synced");
    const first = await s.db
      .selectFrom("remote_name_views")
      .select("through")
      .where("company_id", "=", s.companyId)
      .executeTakeFirstOrThrow();
    // Someone adds a customer in QuickBooks; the host then sends one of the same name (other case, spaces).
    const name = `Between Pushes Co ${tag}`;
    const theirs = await qbo.api("POST", "customer", { DisplayName: name }, JSON_HEADERS);
    assert.equal(theirs.status, 200);
    await qbo.control("DELETE", "/requests");
    await s.put("customers", "C-2", { name: `  ${name.toLowerCase()}` });
    const result = await pushRecord(s.deps, s.key("customers", "C-2"));
    assert.equal(result.outcome, "linked");
    assert.equal(result.remoteId, theirs.body.Customer.Id);
    // The view was brought up to date by change data capture since the last look, not by a query.
    const asked = (
      (await qbo.control("GET", `/requests?realmId=${qbo.realmId}`)).body as Array<{ url: string }>
    )
      .map((r) => r.url)
      .filter((url) => url.includes("/cdc?") || url.includes("/query?"));
    assert.equal(asked.length, 1, asked.join("\n"));
    assert.match(asked[0] ?? "", /\/cdc\?entities=.*Customer.*changedSince=/);
    assert.equal(await count("Customer", `DisplayName = '${name}'`), 1, "not created twice");
    const second = await s.db
      .selectFrom("remote_name_views")
      .select("through")
      .where("company_id", "=", s.companyId)
      .executeTakeFirstOrThrow();
    assert.ok(second.through.getTime() >= first.through.getTime(), "the view's time moves forward");
    const row = await s.db
      .selectFrom("remote_names")
      .select(["remote_type", "name", "name_key"])
      .where("company_id", "=", s.companyId)
      .where("remote_id", "=", theirs.body.Customer.Id)
      .where("remote_type", "=", "Customer")
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { remote_type: "Customer", name, name_key: `display:${name.toLowerCase()}` });
  });

  test("a 6240 still arriving (the name created after the last look) links to the Id it names when it is the same kind of record", async () => {
    const s = await setUp("Push Race");
    const tag = suite.kind;
    const name = `Raced In Co ${tag}`;
    // Someone creates the name in QuickBooks just after Ledgerlink looked, before its create arrives.
    let raced: string | undefined;
    const racing = Object.assign(Object.create(s.deps.provider) as typeof s.deps.provider, {
      create: async (type: string, body: unknown, write: Parameters<typeof s.deps.provider.create>[2]) => {
        if (raced === undefined) {
          const theirs = await qbo.api("POST", "customer", { DisplayName: name }, JSON_HEADERS);
          raced = theirs.body.Customer.Id as string;
        }
        return s.deps.provider.create(type, body, write);
      },
    });
    await s.put("customers", "C-1", { name: name.toUpperCase() });
    const result = await pushRecord({ ...s.deps, provider: racing }, s.key("customers", "C-1"));
    assert.equal(result.outcome, "linked");
    assert.ok(raced);
    assert.equal(result.remoteId, raced);
    assert.equal(await count("Customer", `DisplayName = '${name}'`), 1);
    const record = await getRecord(s.db, s.key("customers", "C-1"));
    const history = await pushHistory(s.db, record?.id as number, "quickbooks_online");
    assert.deepEqual(
      history.map((h) => [h.operation, h.outcome]),
      [["link", "linked"]],
    );
  });

  test("a name held by another kind of record (a vendor) is a collision to resolve, before or after the last look", async () => {
    const s = await setUp("Push Vendor Twin");
    const tag = suite.kind;
    // Known to the view before the push: refused without a create.
    const known = `Known Vendor Twin ${tag}`;
    assert.equal((await qbo.api("POST", "vendor", { DisplayName: known }, JSON_HEADERS)).status, 200);
    await s.put("customers", "C-1", { name: known });
    const before = await pushRecord(s.deps, s.key("customers", "C-1"));
    assert.equal(before.outcome, "failed");
    const c1 = await getRecord(s.db, s.key("customers", "C-1"));
    assert.equal(c1?.sync.status, "failed");
    assert.match(c1?.sync.lastError ?? "", /already used by a vendor in the books/);
    // Created after the look: QuickBooks' 6240 names the vendor, which is not the same record.
    const late = `Late Vendor Twin ${tag}`;
    const racing = Object.assign(Object.create(s.deps.provider) as typeof s.deps.provider, {
      create: async (type: string, body: unknown, write: Parameters<typeof s.deps.provider.create>[2]) => {
        await qbo.api("POST", "vendor", { DisplayName: late }, JSON_HEADERS);
        return s.deps.provider.create(type, body, write);
      },
    });
    await s.put("customers", "C-2", { name: late });
    const after = await pushRecord({ ...s.deps, provider: racing }, s.key("customers", "C-2"));
    assert.equal(after.outcome, "failed");
    const c2 = await getRecord(s.db, s.key("customers", "C-2"));
    assert.equal(c2?.sync.status, "failed");
    assert.match(c2?.sync.lastError ?? "", /already used by a vendor in the books/);
    assert.equal(await count("Customer", `DisplayName = '${late}'`), 0);
  });

  test("a second host record with a name another record owns is a collision to resolve", async () => {
    const s = await setUp("Push Three");
    const name = `Twin ${suite.kind}`;
    await s.put("customers", "C-A", { name });
    assert.equal((await pushRecord(s.deps, s.key("customers", "C-A"))).outcome, "synced");
    await s.put("customers", "C-B", { name });
    const result = await pushRecord(s.deps, s.key("customers", "C-B"));
    assert.equal(result.outcome, "failed");
    const b = await getRecord(s.db, s.key("customers", "C-B"));
    assert.equal(b?.sync.status, "failed");
    assert.match(b?.sync.lastError ?? "", /already used in the books .* customers\/C-A/);
  });

  test("a document before go-live is held with that reason; a referenced record missing from the host holds too", async () => {
    const s = await setUp("Push Four");
    await s.put("customers", "C-1", { name: `Early ${suite.kind}` });
    await s.put("invoices", "OLD-1", {
      number: "OLD-1",
      date: "2025-12-31",
      customerExternalId: "C-1",
      lines: [{ description: "x", amount: "1.00" }],
    });
    const early = await pushRecord(s.deps, s.key("invoices", "OLD-1"));
    assert.equal(early.outcome, "held");
    assert.match(early.message ?? "", /before the go-live date 2026-01-01/);
    assert.equal((await getRecord(s.db, s.key("invoices", "OLD-1")))?.sync.status, "held");

    await s.put("items", "P-1", { name: `Early Item ${suite.kind}`, type: "service", unitPrice: "1.00" });
    await s.put("invoices", "ORPHAN", {
      number: "ORPHAN",
      date: "2026-11-01",
      customerExternalId: "NOPE",
      lines: [{ itemExternalId: "P-1", quantity: "1", unitPrice: "1.00" }],
    });
    const orphan = await pushRecord(s.deps, s.key("invoices", "ORPHAN"));
    assert.equal(orphan.outcome, "held");
    assert.match(orphan.message ?? "", /customers\/NOPE does not exist in the host/);
  });

  test("a deleted invoice is voided, a deleted customer made inactive", async () => {
    const s = await setUp("Push Five");
    await s.put("customers", "C-1", { name: `Leaving ${suite.kind}` });
    await s.put("items", "P-1", { name: `Leaving Item ${suite.kind}`, type: "service", unitPrice: "10.00" });
    await s.put("invoices", "INV-9", {
      number: `DEL-${suite.kind}`,
      date: "2026-11-03",
      customerExternalId: "C-1",
      lines: [{ itemExternalId: "P-1", quantity: "1", unitPrice: "10.00" }],
    });
    assert.equal((await pushRecord(s.deps, s.key("invoices", "INV-9"))).outcome, "synced");
    const invoiceId = (await getRecord(s.db, s.key("invoices", "INV-9")))?.sync.quickbooksId;
    await deleteRecord(s.db, s.key("invoices", "INV-9"));
    assert.equal((await pushRecord(s.deps, s.key("invoices", "INV-9"))).outcome, "synced");
    const voided = (await qbo.api("GET", `invoice/${invoiceId}`, undefined, JSON_HEADERS)).body.Invoice;
    assert.equal(voided.TotalAmt, 0);
    assert.match(voided.PrivateNote ?? "", /Voided/);

    const customerId = (await getRecord(s.db, s.key("customers", "C-1")))?.sync.quickbooksId;
    await deleteRecord(s.db, s.key("customers", "C-1"));
    assert.equal((await pushRecord(s.deps, s.key("customers", "C-1"))).outcome, "synced");
    const inactive = (await qbo.api("GET", `customer/${customerId}`, undefined, JSON_HEADERS)).body.Customer;
    assert.equal(inactive.Active, false);
  });

  test("a create whose answer was lost is retried under the same request id: one object in the books", async () => {
    const s = await setUp("Push Six");
    const name = `Lost Answer ${suite.kind}`;
    await s.put("customers", "C-1", { name });
    // Every write's answer is lost: the client retries once under the same request id, the emulator
    // answers the retry with the first answer, and nothing is created twice.
    const faults = await qbo.control("POST", "/faults", { dropResponseAfterCommit: 1 });
    assert.equal(faults.status, 200, faults.text);
    let result: Awaited<ReturnType<typeof pushRecord>> | undefined;
    let thrown: unknown;
    try {
      result = await pushRecord(s.deps, s.key("customers", "C-1"));
    } catch (error) {
      thrown = error;
    } finally {
      await qbo.control("DELETE", "/faults");
    }
    assert.equal(await count("Customer", `DisplayName = '${name}'`), 1, "the first write was stored once");
    if (thrown !== undefined) {
      // Both answers lost: the record waits to be retried, and the retry links, never creates.
      assert.equal((await getRecord(s.db, s.key("customers", "C-1")))?.sync.status, "pending");
      result = await pushRecord(s.deps, s.key("customers", "C-1"));
    }
    assert.ok(result?.outcome === "synced" || result?.outcome === "linked", JSON.stringify(result));
    assert.equal(await count("Customer", `DisplayName = '${name}'`), 1, "and no retry made a second one");
  });
});
